//! The embedded basemap: Natural Earth country outlines of West and North Africa around Mali
//! (Mali and its neighbours in full 1:50m detail), the Niger, Senegal, Bafing and Volta rivers
//! (public domain, cut by `scripts/build-basemap.mjs`) and labelled towns and capitals.
//! It rasterises itself for a view; labels are returned as text for the browser to draw, so that
//! Arabic and accented names are shaped by a real text engine.

use crate::incident::Text;
use crate::projection::{lon_lat, lon_lat_to_world, LonLat, WorldPoint};
use crate::raster::{PixelBuffer, PixelPoint};
use crate::style;
use crate::viewport::{ScreenPoint, Viewport};
use serde::Deserialize;

/// The basemap file, as committed (in builds with the `embedded-data` feature, the default).
#[cfg(feature = "embedded-data")]
pub const BASEMAP_JSON: &str = include_str!("data/basemap.json");

#[derive(Deserialize)]
struct Names {
    en: String,
    fr: String,
    ar: String,
}

impl From<Names> for Text {
    fn from(n: Names) -> Text {
        Text {
            en: Some(n.en),
            fr: Some(n.fr),
            ar: Some(n.ar),
        }
    }
}

type Line = Vec<[f64; 2]>;

#[derive(Deserialize)]
struct File {
    bbox: [f64; 4],
    countries: Vec<CountryFile>,
    rivers: Vec<RiverFile>,
    places: Vec<PlaceFile>,
}

#[derive(Deserialize)]
struct CountryFile {
    #[serde(default)]
    focus: bool,
    polygons: Vec<Vec<Line>>,
}

#[derive(Deserialize)]
struct RiverFile {
    lines: Vec<Line>,
}

#[derive(Deserialize)]
struct PlaceFile {
    name: Names,
    lon: f64,
    lat: f64,
    rank: u8,
}

/// A country: filled rings and the border lines (the rings less the edges the cut added).
struct Country {
    focus: bool,
    rings: Vec<Vec<WorldPoint>>,
    borders: Vec<Vec<WorldPoint>>,
}

/// A labelled town.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// Its name in en/fr/ar.
    pub name: Text,
    /// Where it is.
    pub at: LonLat,
    /// 1 for capitals, 2 for regional capitals, 3 for other towns.
    pub rank: u8,
}

/// A town label placed for a view.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// The text, in the requested language.
    pub text: String,
    /// The town's position on screen (CSS pixels); the label goes beside it.
    pub at: ScreenPoint,
    /// The town's rank (1 = capital).
    pub rank: u8,
}

/// The basemap, projected once.
pub struct Basemap {
    countries: Vec<Country>,
    rivers: Vec<Vec<WorldPoint>>,
    places: Vec<Place>,
    /// West, south, east, north limits of the data, in degrees.
    pub bbox: [f64; 4],
}

fn world(line: &[[f64; 2]]) -> Vec<WorldPoint> {
    line.iter()
        .map(|p| lon_lat_to_world(lon_lat(p[0], p[1])))
        .collect()
}

/// Splits a ring into the runs that are real borders: an edge lying along the cut's frame
/// (both ends on the same side of `bbox`) is not a border and breaks the run.
fn border_runs(ring: &[[f64; 2]], bbox: [f64; 4]) -> Vec<Vec<WorldPoint>> {
    let on_frame = |a: [f64; 2], b: [f64; 2]| {
        let same = |x: f64, y: f64, edge: f64| (x - edge).abs() < 1e-6 && (y - edge).abs() < 1e-6;
        same(a[0], b[0], bbox[0])
            || same(a[0], b[0], bbox[2])
            || same(a[1], b[1], bbox[1])
            || same(a[1], b[1], bbox[3])
    };
    let mut runs = Vec::new();
    let mut run: Vec<[f64; 2]> = Vec::new();
    for w in ring.windows(2) {
        if on_frame(w[0], w[1]) {
            if run.len() > 1 {
                runs.push(world(&run));
            }
            run.clear();
        } else {
            if run.is_empty() {
                run.push(w[0]);
            }
            run.push(w[1]);
        }
    }
    if run.len() > 1 {
        runs.push(world(&run));
    }
    runs
}

impl Basemap {
    /// The embedded basemap. An unreadable file (impossible once the tests pass), or a build
    /// without the `embedded-data` feature, gives an empty map of the whole world.
    pub fn embedded() -> Basemap {
        #[cfg(all(feature = "embedded-data", feature = "importers"))]
        if let Ok(map) = Basemap::from_json(BASEMAP_JSON) {
            return map;
        }
        Basemap {
            countries: Vec::new(),
            rivers: Vec::new(),
            places: Vec::new(),
            bbox: [-180.0, -85.0, 180.0, 85.0],
        }
    }

    /// Reads a basemap file in the format `scripts/build-basemap.mjs` writes.
    #[cfg(feature = "importers")]
    pub fn from_json(text: &str) -> Result<Basemap, serde_json::Error> {
        let file: File = serde_json::from_str(text)?;
        let bbox = file.bbox;
        let countries = file
            .countries
            .into_iter()
            .map(|c| Country {
                focus: c.focus,
                rings: c.polygons.iter().flatten().map(|r| world(r)).collect(),
                borders: c
                    .polygons
                    .iter()
                    .flatten()
                    .flat_map(|r| border_runs(r, bbox))
                    .collect(),
            })
            .collect();
        let rivers = file
            .rivers
            .iter()
            .flat_map(|r| r.lines.iter().map(|l| world(l)))
            .collect();
        let places = file
            .places
            .into_iter()
            .map(|p| Place {
                name: p.name.into(),
                at: lon_lat(p.lon, p.lat),
                rank: p.rank,
            })
            .collect();
        Ok(Basemap {
            countries,
            rivers,
            places,
            bbox,
        })
    }

    /// The labelled towns.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The south-west and north-east corners of the focus area (for the opening view).
    pub fn focus_bounds(&self) -> (LonLat, LonLat) {
        (lon_lat(-12.3, 10.1), lon_lat(4.3, 25.0))
    }

    /// Draws countries, rivers, borders and town dots into `buffer`, which must be the view's
    /// device size.
    pub fn render(&self, view: &Viewport, buffer: &mut PixelBuffer) {
        let ratio = view.pixel_ratio() as f32;
        let device = |line: &[WorldPoint]| -> Vec<PixelPoint> {
            line.iter().map(|w| view.world_to_device(*w)).collect()
        };
        buffer.clear(style::BACKGROUND);
        for country in &self.countries {
            let rings: Vec<Vec<PixelPoint>> = country.rings.iter().map(|r| device(r)).collect();
            let fill = if country.focus {
                style::FOCUS_LAND
            } else {
                style::LAND
            };
            buffer.fill_polygon(&rings, fill);
        }
        for river in &self.rivers {
            buffer.stroke_polyline(&device(river), 1.5 * ratio, style::RIVER);
        }
        for country in self.countries.iter().filter(|c| !c.focus) {
            for line in &country.borders {
                buffer.stroke_polyline(&device(line), ratio, style::BORDER);
            }
        }
        for country in self.countries.iter().filter(|c| c.focus) {
            for line in &country.borders {
                buffer.stroke_polyline(&device(line), 1.6 * ratio, style::FOCUS_BORDER);
            }
        }
        for place in &self.places {
            let at = view.world_to_device(lon_lat_to_world(place.at));
            let r = match place.rank {
                1 => 3.5,
                2 => 2.5,
                _ => 2.0,
            } * ratio;
            buffer.fill_circle(at, r + ratio, style::HALO);
            buffer.fill_circle(at, r, style::TOWN);
        }
    }

    /// The labels of the towns on screen, in `lang`. Minor towns are left out when zoomed far out.
    pub fn labels(&self, view: &Viewport, lang: &str) -> Vec<Label> {
        let max_rank = if view.zoom() < 4.5 { 2 } else { 3 };
        self.places
            .iter()
            .filter(|p| p.rank <= max_rank)
            .map(|p| Label {
                text: p.name.get(lang).to_string(),
                at: view.lon_lat_to_screen(p.at),
                rank: p.rank,
            })
            .filter(|l| {
                (-50.0..view.width_css() + 50.0).contains(&l.at.x)
                    && (-20.0..view.height_css() + 20.0).contains(&l.at.y)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_basemap_has_mali_its_neighbours_and_the_towns() {
        let map = Basemap::from_json(BASEMAP_JSON).expect("basemap parses");
        assert_eq!(map.countries.iter().filter(|c| c.focus).count(), 1);
        assert!(map.countries.len() >= 8);
        assert!(!map.rivers.is_empty());
        let names: Vec<&str> = map.places.iter().map(|p| p.name.get("en")).collect();
        for town in [
            "Bamako",
            "Kidal",
            "Gao",
            "Timbuktu",
            "Ménaka",
            "Mopti",
            "Tessalit",
            "Tinzaouaten",
        ] {
            assert!(names.contains(&town), "{town} missing from {names:?}");
        }
        let bamako = map
            .places
            .iter()
            .find(|p| p.name.get("en") == "Bamako")
            .expect("Bamako");
        assert_eq!(bamako.name.get("ar"), "باماكو");
    }

    #[test]
    fn frame_edges_are_not_borders() {
        let bbox = [-13.0, 9.0, 5.0, 26.0];
        // A square cut by the west frame: only the three real sides are borders, as one run.
        let ring = [
            [-13.0, 10.0],
            [-12.0, 10.0],
            [-12.0, 11.0],
            [-13.0, 11.0],
            [-13.0, 10.0],
        ];
        let runs = border_runs(&ring, bbox);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].len(), 4);
    }
}
