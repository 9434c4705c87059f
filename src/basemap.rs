//! The embedded basemap: Natural Earth country outlines of West and North Africa around Mali
//! (Mali and its neighbours in full 1:50m detail), the Niger, Senegal, Bafing and Volta rivers
//! (public domain, cut by `scripts/build-basemap.mjs`) and labelled towns and capitals.
//! It rasterises itself for a view; labels are returned as text for the browser to draw, so that
//! Arabic and accented names are shaped by a real text engine.

#[cfg(feature = "importers")]
use crate::binary::Writer;
use crate::binary::{vec_for, Reader, SnapshotError};
use crate::incident::Text;
use crate::projection::{lon_lat, lon_lat_to_world, LonLat, WorldPoint};
use crate::raster::{PixelBuffer, PixelPoint};
use crate::style;
use crate::viewport::{ScreenPoint, Viewport};
#[cfg(feature = "importers")]
use serde::Deserialize;

/// The basemap file, as committed (in builds with the `embedded-data` feature, the default);
/// the module embeds [`BASEMAP_BYTES`], made from it.
#[cfg(feature = "embedded-data")]
pub const BASEMAP_JSON: &str = include_str!("data/basemap.json");

/// The basemap in the binary form [`Basemap::from_bytes`] reads (what `cargo run --example
/// embedded_data` writes from `src/data/basemap.json`; a test checks that it is up to date).
#[cfg(feature = "embedded-data")]
pub const BASEMAP_BYTES: &[u8] = include_bytes!("data/basemap.bin");

/// The first eight bytes of the binary basemap.
const MAGIC: &[u8; 8] = b"IMAPBASE";

/// The binary basemap's format version.
const VERSION: u32 = 1;

/// Coordinates are stored as whole multiples of 1/10,000 of a degree (the file has at most
/// three decimals): an `i32` divided by this gives back the very `f64` the text gives.
const UNITS_PER_DEG: f64 = 10_000.0;

#[cfg_attr(feature = "importers", derive(Deserialize))]
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

#[cfg_attr(feature = "importers", derive(Deserialize))]
struct File {
    bbox: [f64; 4],
    countries: Vec<CountryFile>,
    rivers: Vec<RiverFile>,
    places: Vec<PlaceFile>,
}

#[cfg_attr(feature = "importers", derive(Deserialize))]
struct CountryFile {
    #[cfg_attr(feature = "importers", serde(default))]
    focus: bool,
    polygons: Vec<Vec<Line>>,
}

#[cfg_attr(feature = "importers", derive(Deserialize))]
struct RiverFile {
    lines: Vec<Line>,
}

#[cfg_attr(feature = "importers", derive(Deserialize))]
struct PlaceFile {
    name: Names,
    lon: f64,
    lat: f64,
    rank: u8,
}

#[cfg(feature = "importers")]
impl File {
    /// The binary form: every line as its first point and then the steps between points, in
    /// 1/10,000 degree (small numbers that compress well); `None` when a coordinate is not such
    /// a multiple.
    fn to_bytes(&self) -> Option<Vec<u8>> {
        let mut w = Writer::new(MAGIC, VERSION, 64 * 1024);
        for &v in &self.bbox {
            w.i32(units(v)?);
        }
        w.len(self.countries.len());
        for c in &self.countries {
            w.u8(u8::from(c.focus));
            w.len(c.polygons.len());
            for rings in &c.polygons {
                w.len(rings.len());
                for ring in rings {
                    write_line(&mut w, ring)?;
                }
            }
        }
        w.len(self.rivers.len());
        for r in &self.rivers {
            w.len(r.lines.len());
            for line in &r.lines {
                write_line(&mut w, line)?;
            }
        }
        w.len(self.places.len());
        for p in &self.places {
            for name in [&p.name.en, &p.name.fr, &p.name.ar] {
                w.str(name);
            }
            w.i32(units(p.lon)?);
            w.i32(units(p.lat)?);
            w.u8(p.rank);
        }
        Some(w.into_bytes())
    }
}

impl File {
    /// Reads what `File::to_bytes` wrote; any other bytes are an error, never a panic.
    fn from_bytes(bytes: &[u8]) -> Result<File, SnapshotError> {
        let mut r = Reader::new(bytes, MAGIC, VERSION)?;
        let mut bbox = [0.0; 4];
        for v in &mut bbox {
            *v = degrees(r.i32("the bounding box")?);
        }
        let countries = r.list(1 + 4, "the countries", |r| {
            let focus = r.u8("a country")? == 1;
            let polygons = r.list(4, "a country", |r| r.list(4, "a country", read_line))?;
            Ok(CountryFile { focus, polygons })
        })?;
        let rivers = r.list(4, "the rivers", |r| {
            let lines = r.list(4, "a river", read_line)?;
            Ok(RiverFile { lines })
        })?;
        let places = r.list(3 * 4 + 9, "the places", |r| {
            let name = Names {
                en: r.string("a place")?,
                fr: r.string("a place")?,
                ar: r.string("a place")?,
            };
            let lon = degrees(r.i32("a place")?);
            let lat = degrees(r.i32("a place")?);
            if !lon_lat(lon, lat).is_valid() {
                return Err(SnapshotError::Invalid { what: "a place" });
            }
            let rank = r.u8("a place")?;
            Ok(PlaceFile {
                name,
                lon,
                lat,
                rank,
            })
        })?;
        r.finish()?;
        Ok(File {
            bbox,
            countries,
            rivers,
            places,
        })
    }
}

/// `v` degrees in 1/10,000 degree, when that is exact.
#[cfg(feature = "importers")]
fn units(v: f64) -> Option<i32> {
    let u = (v * UNITS_PER_DEG).round();
    let exact = (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&u)
        && degrees(u as i32).to_bits() == v.to_bits();
    exact.then_some(u as i32)
}

fn degrees(units: i32) -> f64 {
    f64::from(units) / UNITS_PER_DEG
}

/// A line: its length, then the longitude steps, then the latitude steps.
#[cfg(feature = "importers")]
fn write_line(w: &mut Writer, line: &[[f64; 2]]) -> Option<()> {
    let mut steps = [Vec::new(), Vec::new()];
    for (axis, steps) in steps.iter_mut().enumerate() {
        let mut last = 0i32;
        for p in line {
            let u = units(p[axis])?;
            steps.push(u.wrapping_sub(last));
            last = u;
        }
    }
    w.len(line.len());
    for steps in &steps {
        w.column(steps, |s| s.to_le_bytes());
    }
    Some(())
}

/// What [`write_line`] wrote: valid coordinates only.
fn read_line(r: &mut Reader) -> Result<Line, SnapshotError> {
    let k = r.count(8, "a line")?;
    let mut axes = [Vec::new(), Vec::new()];
    for axis in &mut axes {
        let mut at = 0i32;
        *axis = r.column(k, "a line", |b| {
            at = at.wrapping_add(i32::from_le_bytes(b));
            degrees(at)
        })?;
    }
    let mut line = vec_for(k, "a line")?;
    line.extend(axes[0].iter().zip(&axes[1]).map(|(&lon, &lat)| [lon, lat]));
    if !line.iter().all(|p| lon_lat(p[0], p[1]).is_valid()) {
        return Err(SnapshotError::Invalid { what: "a line" });
    }
    Ok(line)
}

/// The basemap file (`src/data/basemap.json`, as `scripts/build-basemap.mjs` writes it) in the
/// binary form [`Basemap::from_bytes`] reads. A coordinate that is not a whole multiple of
/// 1/10,000 degree is an error (the binary form could not give it back exactly).
#[cfg(feature = "importers")]
pub fn json_to_bytes(text: &str) -> Result<Vec<u8>, serde_json::Error> {
    let file: File = serde_json::from_str(text)?;
    file.to_bytes().ok_or_else(|| {
        serde::de::Error::custom("a coordinate is not a whole multiple of 1/10,000 degree")
    })
}

/// A country: filled rings and the border lines (the rings less the edges the cut added).
#[derive(PartialEq)]
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
#[derive(PartialEq)]
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
    /// The embedded basemap. An unreadable one (impossible once the tests pass), or a build
    /// without the `embedded-data` feature, gives an empty map of the whole world.
    pub fn embedded() -> Basemap {
        #[cfg(feature = "embedded-data")]
        if let Ok(map) = Basemap::from_bytes(BASEMAP_BYTES) {
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
        serde_json::from_str(text).map(Basemap::from_file)
    }

    /// Reads the binary form [`json_to_bytes`] writes; other bytes give an error, never a panic.
    pub fn from_bytes(bytes: &[u8]) -> Result<Basemap, SnapshotError> {
        File::from_bytes(bytes).map(Basemap::from_file)
    }

    /// Projects the file's lines once and finds the country borders.
    fn from_file(file: File) -> Basemap {
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
        Basemap {
            countries,
            rivers,
            places,
            bbox,
        }
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
    #[cfg(feature = "embedded-data")]
    fn embedded_basemap_has_mali_its_neighbours_and_the_towns() {
        let map = Basemap::embedded();
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
