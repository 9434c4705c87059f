//! Drawing incidents. Areas go first (translucent, under everything), then point symbols,
//! largest first so small ones stay visible on top of large ones. Symbols are stamped from
//! masks rasterised once per size ([`Sprites`]).
//!
//! When more points fall in view than can be told apart ([`AGGREGATE_ABOVE`]), they are
//! aggregated instead of overdrawn: each [`CELL_PX`] cell of the screen with incidents in it gets
//! one disc at their mean position, sized by how many there are and coloured by the most
//! frequent event type ([`Layout::Density`]); the widget says so on the map.

use crate::dataset::Dataset;
use crate::incident::{EventType, Geometry, PlacePrecision};
use crate::projection::{lon_lat_to_world, LonLat};
use crate::raster::{pixel_point, PixelBuffer, PixelPoint, PixelRect, Rgba, Sprite};
use crate::sort::{f64_key, sort_by_key};
use crate::style::{self, event_colour, uncertainty_halo_px};
use crate::timeline::TimeWindow;
use crate::viewport::{ScreenPoint, Viewport};
use hashbrown::HashMap;

/// More point symbols than this in view are aggregated into cells.
pub const AGGREGATE_ABOVE: usize = 1500;
/// The side of an aggregation cell, in CSS pixels.
pub const CELL_PX: f64 = 12.0;

/// Fill opacity of area incidents.
const AREA_FILL_ALPHA: u8 = 40;
/// Outline opacity of area incidents.
const AREA_EDGE_ALPHA: u8 = 150;
/// Opacity of the uncertainty halo around imprecise places.
const HALO_ALPHA: u8 = 56;

/// A point symbol placed for the current view.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placed {
    /// The incident's position in the data.
    pub index: u32,
    /// Its position on screen, CSS pixels.
    pub at: ScreenPoint,
    /// Its symbol radius, CSS pixels.
    pub radius_px: f32,
}

/// One aggregation cell with incidents in it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cell {
    /// How many incidents.
    pub count: u32,
    /// Their mean position, CSS pixels.
    pub at: ScreenPoint,
    /// The most frequent event type among them.
    pub dominant: EventType,
    /// Their mean freshness in the window (1 = current).
    pub freshness: f32,
}

/// What the visible point incidents look like in the current view.
#[derive(Clone, Debug, PartialEq)]
pub enum Layout {
    /// Few enough to draw one by one.
    Points(Vec<Placed>),
    /// Aggregated: the cells, and each in-view point with the cell it fell in.
    Density {
        /// Non-empty cells.
        cells: Vec<Cell>,
        /// (point, position of its cell in `cells`).
        members: Vec<(Placed, u32)>,
    },
}

impl Layout {
    /// Places the visible point incidents (positions in `data`) for `view`, aggregating when
    /// there are more than [`AGGREGATE_ABOVE`] on screen.
    pub fn new(view: &Viewport, data: &Dataset, visible: &[u32], window: TimeWindow) -> Layout {
        let (w, h) = (view.width_css(), view.height_css());
        let margin = f64::from(style::MAX_RADIUS_PX);
        let placed: Vec<Placed> = visible
            .iter()
            .filter_map(|&index| {
                let i = index as usize;
                if data.is_area(i) {
                    return None;
                }
                let at = view.world_to_screen(data.world_point(i)?);
                let on_screen =
                    (-margin..w + margin).contains(&at.x) && (-margin..h + margin).contains(&at.y);
                on_screen.then(|| Placed {
                    index,
                    at,
                    radius_px: data.radius_px(i).unwrap_or(style::MIN_RADIUS_PX),
                })
            })
            .collect();
        if placed.len() <= AGGREGATE_ABOVE {
            return Layout::Points(placed);
        }
        Layout::aggregate(placed, view, data, window)
    }

    fn aggregate(
        placed: Vec<Placed>,
        view: &Viewport,
        data: &Dataset,
        window: TimeWindow,
    ) -> Layout {
        let cols = (view.width_css() / CELL_PX).ceil().max(1.0) as usize + 2;
        let rows = (view.height_css() / CELL_PX).ceil().max(1.0) as usize + 2;
        // `max`/`min`, not `clamp`, as in `raster::centre_range`.
        let cell_of = |p: ScreenPoint| {
            let c = ((p.x / CELL_PX).floor() + 1.0)
                .max(0.0)
                .min((cols - 1) as f64) as usize;
            let r = ((p.y / CELL_PX).floor() + 1.0)
                .max(0.0)
                .min((rows - 1) as f64) as usize;
            r * cols + c
        };
        #[derive(Clone, Copy, Default)]
        struct Tally {
            count: u32,
            x: f64,
            y: f64,
            fresh: f32,
            by_type: [u32; EventType::ALL.len()],
        }
        let mut grid = vec![Tally::default(); cols * rows];
        for p in &placed {
            let i = p.index as usize;
            let (Some(span), Some(event_type)) = (data.span(i), data.event_type(i)) else {
                continue;
            };
            let t = &mut grid[cell_of(p.at)];
            t.count += 1;
            t.x += p.at.x;
            t.y += p.at.y;
            t.fresh += window.freshness(&span);
            t.by_type[type_slot(event_type)] += 1;
        }
        let mut slot_of_cell = vec![u32::MAX; grid.len()];
        let mut cells = Vec::new();
        for (k, t) in grid.iter().enumerate().filter(|(_, t)| t.count > 0) {
            let n = f64::from(t.count);
            let (slot, _) =
                t.by_type.iter().enumerate().fold(
                    (0, 0),
                    |best, (s, &c)| if c > best.1 { (s, c) } else { best },
                );
            slot_of_cell[k] = cells.len() as u32;
            cells.push(Cell {
                count: t.count,
                at: ScreenPoint {
                    x: t.x / n,
                    y: t.y / n,
                },
                dominant: EventType::ALL[slot],
                freshness: t.fresh / t.count as f32,
            });
        }
        let members = placed
            .into_iter()
            .map(|p| (p, slot_of_cell[cell_of(p.at)]))
            .collect();
        Layout::Density { cells, members }
    }

    /// True when the points are aggregated.
    pub fn is_aggregated(&self) -> bool {
        matches!(self, Layout::Density { .. })
    }

    /// The point incidents under `at`, nearest first: symbols within their radius plus
    /// `tolerance_px`, or when aggregated, every incident of the cell under `at` (or of the
    /// nearest cell disc within `tolerance_px` of its edge).
    pub fn pick(&self, at: ScreenPoint, tolerance_px: f64) -> Vec<u32> {
        let distance = |p: ScreenPoint| (p.x - at.x).hypot(p.y - at.y);
        let mut hits: Vec<(f64, u32)> = match self {
            Layout::Points(placed) => placed
                .iter()
                .map(|p| (distance(p.at), p))
                .filter(|(d, p)| *d <= f64::from(p.radius_px) + tolerance_px)
                .map(|(d, p)| (d, p.index))
                .collect(),
            Layout::Density { cells, members } => {
                let nearest = cells
                    .iter()
                    .enumerate()
                    .map(|(k, c)| (distance(c.at) - f64::from(density_radius_px(c.count)), k))
                    .filter(|(gap, _)| *gap <= tolerance_px)
                    .min_by(|a, b| a.0.total_cmp(&b.0));
                match nearest {
                    Some((_, k)) => members
                        .iter()
                        .filter(|(_, cell)| *cell as usize == k)
                        .map(|(p, _)| (distance(p.at), p.index))
                        .collect(),
                    None => Vec::new(),
                }
            }
        };
        // Nearest first, then by index: two stable sorts, the second by the first key.
        sort_by_key(&mut hits, |h| u64::from(h.1));
        sort_by_key(&mut hits, |h| f64_key(h.0));
        hits.into_iter().map(|h| h.1).collect()
    }
}

fn type_slot(t: EventType) -> usize {
    EventType::ALL
        .iter()
        .position(|x| *x == t)
        .unwrap_or(EventType::ALL.len() - 1)
}

/// The radius of an aggregated disc of `count` incidents, CSS pixels.
pub fn density_radius_px(count: u32) -> f32 {
    (2.5 + 1.4 * (count as f32 + 1.0).log2()).min(CELL_PX as f32 * 0.8)
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct SpriteKey {
    radius_q: u32,
    ratio_q: u32,
    precision: PlacePrecision,
    colour: [u8; 3],
}

/// A symbol sprite and the distance from its top-left corner to its centre pixel.
struct Symbol {
    half: i64,
    sprite: Sprite,
}

/// Symbol sprites, rasterised once per size, precision, colour and pixel ratio.
#[derive(Default)]
pub struct Sprites {
    cache: HashMap<SpriteKey, Symbol>,
    /// What the cached sprites take, in bytes.
    cached_bytes: usize,
}

/// When the cached sprites outgrow this many bytes the cache starts again (reached only by data
/// with an unusual spread of sizes and colours; a typical map needs well under a megabyte).
const CACHE_BUDGET_BYTES: usize = 8 << 20;

impl Sprites {
    fn symbol(
        &mut self,
        radius_px: f32,
        ratio: f32,
        precision: PlacePrecision,
        colour: Rgba,
    ) -> &Symbol {
        let key = SpriteKey {
            radius_q: (radius_px * 2.0).round().clamp(1.0, 2.0 * 64.0) as u32,
            ratio_q: (ratio * 4.0).round().clamp(1.0, 32.0) as u32,
            precision,
            colour: [colour.r, colour.g, colour.b],
        };
        if self.cached_bytes > CACHE_BUDGET_BYTES && !self.cache.contains_key(&key) {
            self.cache.clear();
            self.cached_bytes = 0;
        }
        let cached_bytes = &mut self.cached_bytes;
        self.cache.entry(key).or_insert_with(|| {
            let (r, ratio) = (
                key.radius_q as f32 / 2.0 * key.ratio_q as f32 / 4.0,
                key.ratio_q as f32 / 4.0,
            );
            let colour = colour.with_alpha(255);
            let halo = uncertainty_halo_px(precision) * ratio;
            let outer = r + halo.max(1.5 * ratio);
            let half = outer.ceil() as i64 + 1;
            let size = (2 * half + 1) as u32;
            let centre = pixel_point(half as f32 + 0.5, half as f32 + 0.5);
            let sprite = Sprite::draw(size, size, |b| {
                if halo > 0.0 {
                    b.fill_circle(centre, r + halo, colour.with_alpha(HALO_ALPHA));
                }
                b.fill_circle(centre, r + 1.2 * ratio, style::HALO);
                if halo > 0.0 {
                    let ring = (r * 0.45).max(2.0 * ratio);
                    b.stroke_circle(centre, r - ring / 2.0, ring, colour);
                } else {
                    b.fill_circle(centre, r, colour);
                }
            });
            *cached_bytes += sprite.size_bytes();
            Symbol { half, sprite }
        })
    }

    /// Stamps one point symbol centred on `at` (device pixels): a filled disc with a white
    /// outline for an exact place; for an imprecise one a translucent halo (how far off it may
    /// be) around a hollow ring. `colour`'s alpha fades the whole symbol. Returns the pixels it
    /// may have changed.
    pub fn stamp(
        &mut self,
        buffer: &mut PixelBuffer,
        at: PixelPoint,
        radius_px: f32,
        ratio: f32,
        precision: PlacePrecision,
        colour: Rgba,
    ) -> Option<PixelRect> {
        if !(at.x.is_finite() && at.y.is_finite()) {
            return None;
        }
        let symbol = self.symbol(radius_px, ratio, precision, colour);
        let (x, y) = (
            at.x.floor() as i64 - symbol.half,
            at.y.floor() as i64 - symbol.half,
        );
        buffer.stamp(&symbol.sprite, x, y, colour.a);
        let (w, h) = (symbol.sprite.width(), symbol.sprite.height());
        let size = (i64::from(w), i64::from(h));
        PixelRect::clipped(x, y, size.0, size.1, buffer.width(), buffer.height())
    }
}

/// Draws the visible incidents: `visible` (positions in `data`) for the areas, `layout` for the
/// points; faded by age within `window`, with a ring around `selected`. Returns the pixels it
/// may have changed.
#[allow(clippy::too_many_arguments)]
pub fn draw_incidents(
    buffer: &mut PixelBuffer,
    sprites: &mut Sprites,
    view: &Viewport,
    data: &Dataset,
    visible: &[u32],
    layout: &Layout,
    window: TimeWindow,
    selected: Option<usize>,
) -> Option<PixelRect> {
    let ratio = view.pixel_ratio() as f32;
    let mut drawn: Option<PixelRect> = None;
    let mut cover = |r: Option<PixelRect>| drawn = PixelRect::union_all([drawn, r]);
    let device = |p: ScreenPoint| {
        pixel_point(
            (p.x * f64::from(ratio)) as f32,
            (p.y * f64::from(ratio)) as f32,
        )
    };
    for &i in visible.iter().filter(|&&i| data.is_area(i as usize)) {
        let i = i as usize;
        if let (Some(Geometry::Area(polygons)), Some(span), Some(t)) =
            (data.shape(i), data.span(i), data.event_type(i))
        {
            cover(draw_area(
                buffer,
                view,
                polygons,
                event_colour(t),
                window.freshness(&span),
            ));
        }
    }
    match layout {
        Layout::Points(placed) => {
            let mut order: Vec<&Placed> = placed.iter().collect();
            sort_by_key(&mut order, |p| !f64_key(f64::from(p.radius_px)));
            for p in order {
                let i = p.index as usize;
                let (Some(span), Some(t), Some(precision)) =
                    (data.span(i), data.event_type(i), data.place_precision(i))
                else {
                    continue;
                };
                let colour = event_colour(t).scale_alpha(window.freshness(&span));
                let points = match data.shape(i) {
                    Some(Geometry::Points(list)) => {
                        list.iter().map(|q| view.lon_lat_to_screen(*q)).collect()
                    }
                    _ => vec![p.at],
                };
                for at in points {
                    cover(sprites.stamp(buffer, device(at), p.radius_px, ratio, precision, colour));
                }
            }
        }
        Layout::Density { cells, .. } => {
            for c in cells {
                let colour = event_colour(c.dominant).scale_alpha(c.freshness);
                cover(sprites.stamp(
                    buffer,
                    device(c.at),
                    density_radius_px(c.count),
                    ratio,
                    PlacePrecision::Exact,
                    colour,
                ));
            }
        }
    }
    let ring = selected.filter(|&s| !data.is_area(s));
    if let Some((world, radius)) = ring.and_then(|s| data.world_point(s).zip(data.radius_px(s))) {
        let at = view.world_to_device(world);
        let (radius, width) = (radius * ratio + 4.0 * ratio, 2.0 * ratio);
        buffer.stroke_circle(at, radius, width, style::SELECTION);
        let (w, h) = (buffer.width(), buffer.height());
        cover(PixelRect::around(at, at, radius + width, w, h));
    }
    drawn
}

fn draw_area(
    buffer: &mut PixelBuffer,
    view: &Viewport,
    polygons: &[Vec<Vec<LonLat>>],
    colour: Rgba,
    freshness: f32,
) -> Option<PixelRect> {
    let ratio = view.pixel_ratio() as f32;
    let mut drawn = None;
    for polygon in polygons {
        let rings: Vec<Vec<PixelPoint>> = polygon
            .iter()
            .map(|r| {
                r.iter()
                    .map(|p| view.world_to_device(lon_lat_to_world(*p)))
                    .collect()
            })
            .collect();
        buffer.fill_polygon(
            &rings,
            colour.with_alpha(AREA_FILL_ALPHA).scale_alpha(freshness),
        );
        for ring in &rings {
            buffer.stroke_polyline(
                ring,
                1.5 * ratio,
                colour.with_alpha(AREA_EDGE_ALPHA).scale_alpha(freshness),
            );
        }
        let points = rings
            .iter()
            .flatten()
            .filter(|p| p.x.is_finite() && p.y.is_finite());
        let (min, max) = points.fold(
            (
                pixel_point(f32::MAX, f32::MAX),
                pixel_point(f32::MIN, f32::MIN),
            ),
            |(lo, hi), p| {
                (
                    pixel_point(lo.x.min(p.x), lo.y.min(p.y)),
                    pixel_point(hi.x.max(p.x), hi.y.max(p.y)),
                )
            },
        );
        let (w, h) = (buffer.width(), buffer.height());
        if min.x <= max.x {
            drawn = PixelRect::union_all([drawn, PixelRect::around(min, max, 1.5 * ratio, w, h)]);
        }
    }
    drawn
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::{Fatalities, Incident, Text};
    use crate::projection::{lon_lat, LonLat};
    use crate::timeline::{DateSpan, Day, TimePrecision};

    fn incident(n: usize, at: LonLat, event_type: EventType) -> Incident {
        let day = Day(19_000);
        Incident {
            id: format!("t-{n}"),
            title: Text::plain("test"),
            summary: Text::default(),
            span: DateSpan::new(day, day, TimePrecision::Day).expect("ordered"),
            place: Text::default(),
            place_precision: PlacePrecision::Exact,
            geometry: Geometry::Points(vec![at]),
            anchor: at,
            event_type,
            sub_event_type: String::new(),
            actors: Vec::new(),
            fatalities: Fatalities::default(),
            sources: Vec::new(),
        }
    }

    /// `n` incidents on a grid of `spacing` degrees from `origin`, with `odd` as every third type.
    fn grid(n: usize, origin: LonLat, spacing: f64, first_id: usize) -> Vec<Incident> {
        let side = (n as f64).sqrt().ceil() as usize;
        (0..n)
            .map(|k| {
                let at = lon_lat(
                    origin.lon + (k % side) as f64 * spacing,
                    origin.lat + (k / side) as f64 * spacing,
                );
                let t = if k % 3 == 0 {
                    EventType::Riots
                } else {
                    EventType::Battles
                };
                incident(first_id + k, at, t)
            })
            .collect()
    }

    fn layout_of(incidents: Vec<Incident>) -> (Layout, Viewport) {
        let data = Dataset::new(incidents);
        let mut view = Viewport::new(800.0, 600.0, 1.0, lon_lat(0.0, 0.0), 3.0);
        view.fit_bounds(lon_lat(-12.0, 10.0), lon_lat(4.0, 25.0), 10.0);
        let window = TimeWindow::new(Day(18_000), Day(20_000));
        let visible = data.in_window(window);
        (Layout::new(&view, &data, &visible, window), view)
    }

    #[test]
    fn few_points_one_by_one_many_aggregated_none_lost() {
        let (few, _) = layout_of(grid(AGGREGATE_ABOVE, lon_lat(-8.0, 12.0), 0.01, 0));
        assert!(matches!(&few, Layout::Points(p) if p.len() == AGGREGATE_ABOVE));
        let (many, _) = layout_of(grid(AGGREGATE_ABOVE + 1, lon_lat(-8.0, 12.0), 0.01, 0));
        let Layout::Density { cells, members } = &many else {
            panic!("aggregated");
        };
        assert_eq!(members.len(), AGGREGATE_ABOVE + 1);
        assert_eq!(
            cells.iter().map(|c| c.count as usize).sum::<usize>(),
            AGGREGATE_ABOVE + 1
        );
        for (p, cell) in members {
            let c = &cells[*cell as usize];
            let same_cell = |a: ScreenPoint, b: ScreenPoint| {
                (a.x / CELL_PX).floor() == (b.x / CELL_PX).floor() || (a.x - b.x).abs() < CELL_PX
            };
            assert!(same_cell(p.at, c.at), "{p:?} in {c:?}");
        }
    }

    #[test]
    fn aggregated_discs_take_the_most_frequent_type() {
        let (layout, _) = layout_of(grid(2000, lon_lat(-8.0, 12.0), 0.0001, 0));
        let Layout::Density { cells, .. } = &layout else {
            panic!("aggregated");
        };
        assert_eq!(cells.len(), 1, "all in one cell");
        assert_eq!(cells[0].count, 2000);
        assert_eq!(
            cells[0].dominant,
            EventType::Battles,
            "two thirds are battles"
        );
    }

    #[test]
    fn picking_a_disc_returns_every_incident_in_its_cell() {
        let mut incidents = grid(1600, lon_lat(-8.0, 12.0), 0.0001, 0);
        incidents.extend(grid(50, lon_lat(1.4, 18.4), 0.0001, 10_000));
        let (layout, view) = layout_of(incidents);
        let bamako = view.lon_lat_to_screen(lon_lat(-8.0, 12.0));
        let kidal = view.lon_lat_to_screen(lon_lat(1.4, 18.4));
        assert_eq!(layout.pick(bamako, 4.0).len(), 1600);
        let at_kidal = layout.pick(kidal, 4.0);
        assert_eq!(at_kidal.len(), 50);
        assert!(at_kidal.iter().all(|&i| i >= 1600), "only Kidal's");
        let nowhere = view.lon_lat_to_screen(lon_lat(-3.0, 22.0));
        assert!(layout.pick(nowhere, 4.0).is_empty());
    }

    #[test]
    fn an_exact_symbol_is_its_colour_inside_a_white_outline() {
        let mut sprites = Sprites::default();
        let mut b = PixelBuffer::new(40, 40);
        b.clear(Rgba::opaque(0, 0, 0));
        let red = event_colour(EventType::Battles);
        sprites.stamp(
            &mut b,
            pixel_point(20.3, 20.7),
            6.0,
            1.0,
            PlacePrecision::Exact,
            red,
        );
        assert_eq!(b.pixel(20, 20), Some(red));
        let outline = b.pixel(20 + 7, 20).expect("pixel");
        let grey = outline.r == outline.g && outline.g == outline.b;
        assert!(grey && outline.r > 100, "white outline: {outline:?}");
        assert_eq!(
            b.pixel(20 + 9, 20),
            Some(Rgba::opaque(0, 0, 0)),
            "nothing beyond"
        );
        let mut hollow = PixelBuffer::new(40, 40);
        hollow.clear(Rgba::opaque(0, 0, 0));
        sprites.stamp(
            &mut hollow,
            pixel_point(20.5, 20.5),
            6.0,
            1.0,
            PlacePrecision::Near,
            red,
        );
        assert_eq!(
            hollow.pixel(20, 20),
            Some(Rgba::opaque(255, 255, 255)),
            "hollow centre"
        );
        let halo = hollow.pixel(20 + 10, 20).expect("pixel");
        assert!(halo.r > 0 && halo.r < 100, "a faint halo: {halo:?}");
    }
}
