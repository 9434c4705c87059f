//! The embedded basemap: Natural Earth country outlines of the whole world (1:110m, with West
//! and North Africa at 1:50m and Mali and its neighbours in full 1:50m detail), the Niger,
//! Senegal, Bafing and Volta rivers (public domain, made by `scripts/build-basemap.mjs`), and
//! labelled towns and capitals (West Africa's in en/fr/ar, the world's capitals and large towns
//! in English).
//! It rasterises itself for a view; labels are returned as text for the browser to draw, so that
//! Arabic and accented names are shaped by a real text engine.

#[cfg(feature = "importers")]
use crate::binary::Writer;
use crate::binary::{vec_for, Reader, SnapshotError};
use crate::incident::Text;
use crate::projection::{lon_lat, lon_lat_to_world, LonLat, WorldPoint};
use crate::raster::{PixelBuffer, PixelPoint};
use crate::style;
use crate::viewport::{screen_point, ScreenPoint, Viewport};
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

/// The least distance, in CSS pixels along each axis, between two town dots.
const TOWN_SPACING_PX: f64 = 12.0;

/// The first eight bytes of the binary basemap.
const MAGIC: &[u8; 8] = b"IMAPBASE";

/// The binary basemap's format version.
const VERSION: u32 = 2;

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
    /// An empty name is none (the file gives most towns abroad in English only).
    fn from(n: Names) -> Text {
        let some = |s: String| (!s.is_empty()).then_some(s);
        Text {
            en: some(n.en),
            fr: some(n.fr),
            ar: some(n.ar),
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

/// A line: its length, the power of ten (0 to 3) its coordinates in 1/10,000 degree are all whole
/// multiples of, then the longitude steps and the latitude steps in that unit, each as a zigzag
/// LEB128 number: most steps of an outline take one or two bytes.
#[cfg(feature = "importers")]
fn write_line(w: &mut Writer, line: &[[f64; 2]]) -> Option<()> {
    let points = line
        .iter()
        .map(|p| Some([units(p[0])?, units(p[1])?]))
        .collect::<Option<Vec<_>>>()?;
    let exponent = (0..=3u32)
        .rev()
        .find(|&e| points.iter().flatten().all(|u| u % 10i32.pow(e) == 0))
        .unwrap_or(0);
    let unit = 10i32.pow(exponent);
    w.len(line.len());
    w.u8(exponent as u8);
    for axis in 0..2 {
        let mut last = 0i32;
        for p in &points {
            let v = p[axis] / unit;
            let mut z =
                (v.wrapping_sub(last).wrapping_shl(1) ^ (v.wrapping_sub(last) >> 31)) as u32;
            while z >= 0x80 {
                w.u8((z & 0x7f) as u8 | 0x80);
                z >>= 7;
            }
            w.u8(z as u8);
            last = v;
        }
    }
    Some(())
}

/// One zigzag LEB128 number, as [`write_line`] writes them.
fn read_step(r: &mut Reader) -> Result<i32, SnapshotError> {
    let mut z = 0u32;
    for shift in [0, 7, 14, 21, 28] {
        let b = r.u8("a line")?;
        z |= u32::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok((z >> 1) as i32 ^ -((z & 1) as i32));
        }
    }
    Err(SnapshotError::Invalid { what: "a line" })
}

/// What [`write_line`] wrote: valid coordinates only.
fn read_line(r: &mut Reader) -> Result<Line, SnapshotError> {
    let k = r.count(2, "a line")?;
    let unit = match r.u8("a line")? {
        e @ 0..=3 => 10i32.pow(u32::from(e)),
        _ => return Err(SnapshotError::Invalid { what: "a line" }),
    };
    let mut axes = [vec_for(k, "a line")?, vec_for(k, "a line")?];
    for axis in &mut axes {
        let mut at = 0i32;
        for _ in 0..k {
            at = at.wrapping_add(read_step(r)?);
            axis.push(degrees(at.wrapping_mul(unit)));
        }
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

/// A box, in world units or in CSS pixels: to skip what lies off screen, and to keep labels
/// apart.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Bounds {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Bounds {
    /// The box around `points` (an empty one meets nothing).
    fn of<'a>(points: impl IntoIterator<Item = &'a WorldPoint>) -> Bounds {
        let inf = f64::INFINITY;
        points.into_iter().fold(
            Bounds {
                x0: inf,
                y0: inf,
                x1: -inf,
                y1: -inf,
            },
            |b, p| Bounds {
                x0: b.x0.min(p.x),
                y0: b.y0.min(p.y),
                x1: b.x1.max(p.x),
                y1: b.y1.max(p.y),
            },
        )
    }

    /// True when the two boxes overlap.
    fn meets(&self, other: &Bounds) -> bool {
        self.x0 <= other.x1 && other.x0 <= self.x1 && self.y0 <= other.y1 && other.y0 <= self.y1
    }
}

/// A line in world coordinates with its box.
#[derive(PartialEq)]
struct Shape {
    points: Vec<WorldPoint>,
    bounds: Bounds,
}

impl Shape {
    fn new(points: Vec<WorldPoint>) -> Shape {
        let bounds = Bounds::of(&points);
        Shape { points, bounds }
    }
}

/// A country: filled rings and the border lines (the rings less the edges along the frame).
#[derive(PartialEq)]
struct Country {
    focus: bool,
    rings: Vec<Vec<WorldPoint>>,
    /// The box around every ring.
    bounds: Bounds,
    borders: Vec<Shape>,
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
    rivers: Vec<Shape>,
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
fn border_runs(ring: &[[f64; 2]], bbox: [f64; 4]) -> Vec<Shape> {
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
                runs.push(Shape::new(world(&run)));
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
        runs.push(Shape::new(world(&run)));
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
            .map(|c| {
                let rings: Vec<Vec<WorldPoint>> =
                    c.polygons.iter().flatten().map(|r| world(r)).collect();
                Country {
                    focus: c.focus,
                    bounds: Bounds::of(rings.iter().flatten()),
                    rings,
                    borders: c
                        .polygons
                        .iter()
                        .flatten()
                        .flat_map(|r| border_runs(r, bbox))
                        .collect(),
                }
            })
            .collect();
        let rivers = file
            .rivers
            .iter()
            .flat_map(|r| r.lines.iter().map(|l| Shape::new(world(l))))
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
    /// device size. What lies off screen is skipped, so a view of a few towns draws little of
    /// the world.
    pub fn render(&self, view: &Viewport, buffer: &mut PixelBuffer) {
        let ratio = view.pixel_ratio() as f32;
        // A few pixels around the screen, for the strokes' widths.
        let on_screen = Bounds::of(&[
            view.screen_to_world(screen_point(-4.0, -4.0)),
            view.screen_to_world(screen_point(
                view.width_css() + 4.0,
                view.height_css() + 4.0,
            )),
        ]);
        let device = |line: &[WorldPoint]| -> Vec<PixelPoint> {
            line.iter().map(|w| view.world_to_device(*w)).collect()
        };
        let stroke = |buffer: &mut PixelBuffer, shape: &Shape, width: f32, colour| {
            if shape.bounds.meets(&on_screen) {
                buffer.stroke_polyline(&device(&shape.points), width * ratio, colour);
            }
        };
        buffer.clear(style::BACKGROUND);
        for country in self.countries.iter().filter(|c| c.bounds.meets(&on_screen)) {
            let rings: Vec<Vec<PixelPoint>> = country.rings.iter().map(|r| device(r)).collect();
            let fill = if country.focus {
                style::FOCUS_LAND
            } else {
                style::LAND
            };
            buffer.fill_polygon(&rings, fill);
        }
        for river in &self.rivers {
            stroke(buffer, river, 1.5, style::RIVER);
        }
        for country in self.countries.iter().filter(|c| !c.focus) {
            for line in &country.borders {
                stroke(buffer, line, 1.0, style::BORDER);
            }
        }
        for country in self.countries.iter().filter(|c| c.focus) {
            for line in &country.borders {
                stroke(buffer, line, 1.6, style::FOCUS_BORDER);
            }
        }
        for (place, _) in self.shown_places(view) {
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

    /// The places shown at this view's zoom, on screen: only capitals when the whole world or
    /// a continent is in view, regional capitals too when a region is, every town closer in;
    /// and, in the order of the list (by importance), none within [`TOWN_SPACING_PX`] of one
    /// shown before it, so that a continent's capitals do not pile up.
    fn shown_places(&self, view: &Viewport) -> Vec<(&Place, ScreenPoint)> {
        let max_rank = if view.zoom() < 3.5 {
            1
        } else if view.zoom() < 4.5 {
            2
        } else {
            3
        };
        let mut shown: Vec<(&Place, ScreenPoint)> = Vec::new();
        for p in self.places.iter().filter(|p| p.rank <= max_rank) {
            let at = view.lon_lat_to_screen(p.at);
            let on_screen = (-50.0..view.width_css() + 50.0).contains(&at.x)
                && (-20.0..view.height_css() + 20.0).contains(&at.y);
            let crowded = shown.iter().any(|(_, o)| {
                (o.x - at.x).abs() < TOWN_SPACING_PX && (o.y - at.y).abs() < TOWN_SPACING_PX
            });
            if on_screen && !crowded {
                shown.push((p, at));
            }
        }
        shown
    }

    /// The labels of the towns on screen, in `lang` (right of the town, or left of it in a
    /// right-to-left language, as the glue places them). Minor towns are left out when zoomed
    /// far out, and a label that would overlap one placed before it is left out: the places
    /// come by importance (the curated West African towns, then capitals by population).
    pub fn labels(&self, view: &Viewport, lang: &str) -> Vec<Label> {
        let rtl = crate::lang::Lang::from_code(lang).is_some_and(|l| l.is_rtl());
        let mut taken: Vec<Bounds> = Vec::new();
        let mut labels = Vec::new();
        for (p, at) in self.shown_places(view) {
            let text = p.name.get(lang);
            // About 7 px a character at the labels' 12–13 px size, a line 16 px high.
            let width = 7.0 * text.chars().count() as f64 + 6.0;
            let (left, right) = if rtl {
                (at.x - width, at.x + 3.0)
            } else {
                (at.x - 3.0, at.x + width)
            };
            let b = Bounds {
                x0: left,
                y0: at.y - 8.0,
                x1: right,
                y1: at.y + 8.0,
            };
            if taken.iter().any(|t| t.meets(&b)) {
                continue;
            }
            taken.push(b);
            labels.push(Label {
                text: text.to_string(),
                at,
                rank: p.rank,
            });
        }
        labels
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

    /// The colour at a position of a view of the embedded basemap.
    #[cfg(feature = "embedded-data")]
    fn colour_at(map: &Basemap, view: &Viewport, at: LonLat) -> crate::raster::Rgba {
        let mut buffer = PixelBuffer::new(view.device_size().0, view.device_size().1);
        map.render(view, &mut buffer);
        let p = view.world_to_device(lon_lat_to_world(at));
        buffer.pixel(p.x as u32, p.y as u32).expect("on screen")
    }

    #[test]
    #[cfg(feature = "embedded-data")]
    fn the_whole_world_has_land_sea_and_capitals() {
        let map = Basemap::embedded();
        let names: Vec<&str> = map.places.iter().map(|p| p.name.get("en")).collect();
        for town in [
            "Kyiv",
            "Bogotá",
            "Tokyo",
            "Canberra",
            "Khartoum",
            "Kharkiv",
            "Medellín",
        ] {
            assert!(names.contains(&town), "{town} missing");
        }
        // Land near Kyiv and Bogotá (off their town dots), sea in the Atlantic and the Pacific.
        for (centre, land, sea) in [
            (
                lon_lat(31.0, 49.0),
                lon_lat(30.0, 49.5),
                lon_lat(34.0, 43.5),
            ),
            (
                lon_lat(-74.0, 5.0),
                lon_lat(-73.0, 4.0),
                lon_lat(-79.0, 3.0),
            ),
            // Both sides of the antimeridian: Chukotka and the Bering Sea.
            (
                lon_lat(177.0, 64.0),
                lon_lat(175.0, 67.0),
                lon_lat(175.0, 60.0),
            ),
            (
                lon_lat(-176.0, 64.0),
                lon_lat(-175.0, 66.0),
                lon_lat(-177.0, 60.0),
            ),
        ] {
            let view = Viewport::new(600.0, 600.0, 1.0, centre, 5.0);
            assert_eq!(colour_at(&map, &view, land), style::LAND, "{land:?}");
            assert_eq!(colour_at(&map, &view, sea), style::BACKGROUND, "{sea:?}");
        }
    }

    #[test]
    #[cfg(feature = "embedded-data")]
    fn the_poles_draw_as_web_mercator_clamps_them() {
        let map = Basemap::embedded();
        // Antarctica, closed round the pole, fills the bottom of the world; its edge along
        // the frame is no border. The Arctic Ocean is sea up to the clamped top.
        let south = Viewport::new(800.0, 400.0, 1.0, lon_lat(0.0, -84.0), 3.0);
        assert_eq!(colour_at(&map, &south, lon_lat(60.0, -80.0)), style::LAND);
        assert_eq!(colour_at(&map, &south, lon_lat(-60.0, -85.0)), style::LAND);
        let north = Viewport::new(800.0, 400.0, 1.0, lon_lat(0.0, 89.0), 3.0);
        assert!(north.centre().lat < 85.06, "the centre is clamped");
        assert_eq!(
            colour_at(&map, &north, lon_lat(0.0, 85.0)),
            style::BACKGROUND
        );
    }

    #[test]
    #[cfg(feature = "embedded-data")]
    fn zoomed_out_only_capitals_are_labelled_and_no_labels_overlap() {
        let map = Basemap::embedded();
        let view = Viewport::new(1200.0, 800.0, 1.0, lon_lat(0.0, 20.0), 2.0);
        for lang in ["en", "ar"] {
            let labels = map.labels(&view, lang);
            assert!(labels.len() > 30, "{} labels", labels.len());
            assert!(labels.iter().all(|l| l.rank == 1));
            for (i, a) in labels.iter().enumerate() {
                for b in &labels[..i] {
                    let apart = (a.at.y - b.at.y).abs() >= 16.0
                        || (a.at.x - b.at.x).abs()
                            >= 7.0 * a.text.chars().count().min(b.text.chars().count()) as f64;
                    assert!(apart, "{} over {}", a.text, b.text);
                }
            }
        }
        // Town dots do not pile up: some capitals give way.
        let shown = map.shown_places(&view);
        let capitals = map.places.iter().filter(|p| p.rank == 1).count();
        assert!(
            shown.len() > 30 && shown.len() < capitals,
            "{} of {capitals}",
            shown.len()
        );
        for (i, (_, a)) in shown.iter().enumerate() {
            for (_, b) in &shown[..i] {
                let apart = (a.x - b.x).abs().max((a.y - b.y).abs());
                assert!(apart >= TOWN_SPACING_PX, "{a:?} {b:?}");
            }
        }
        // The Arabic names of the curated towns, English elsewhere.
        let mali = Viewport::new(800.0, 600.0, 1.0, lon_lat(-4.0, 17.0), 6.0);
        let texts: Vec<String> = map
            .labels(&mali, "ar")
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert!(texts.contains(&"باماكو".to_string()), "{texts:?}");
        let ukraine = Viewport::new(800.0, 600.0, 1.0, lon_lat(31.0, 49.0), 6.0);
        let texts: Vec<String> = map
            .labels(&ukraine, "ar")
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert!(texts.contains(&"Kyiv".to_string()), "{texts:?}");
    }

    #[test]
    fn bounds_meet_when_they_overlap() {
        let pts = [WorldPoint { x: 0.1, y: 0.2 }, WorldPoint { x: 0.3, y: 0.1 }];
        let b = Bounds::of(&pts);
        assert_eq!((b.x0, b.y0, b.x1, b.y1), (0.1, 0.1, 0.3, 0.2));
        let apart = Bounds::of(&[WorldPoint { x: 0.31, y: 0.0 }]);
        assert!(!b.meets(&apart) && b.meets(&Bounds::of(&[WorldPoint { x: 0.3, y: 0.2 }])));
        assert!(!b.meets(&Bounds::of(&[])), "an empty box meets nothing");
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
        assert_eq!(runs[0].points.len(), 4);
    }
}
