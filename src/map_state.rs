//! The whole widget without the browser: data, view, time window, selection and the frame.
//! The glue feeds it input events and sizes and blits what [`MapState::render`] returns.

use crate::basemap::{Basemap, Label};
use crate::dataset::Dataset;
use crate::filter::Filter;
use crate::histogram::{Histogram, Weight};
use crate::incident::{Geometry, Incident};
use crate::input::{Gesture, Gestures, InputEvent};
use crate::projection::{lon_lat_to_world, LonLat, WorldPoint};
use crate::raster::{PixelBuffer, PixelRect};
use crate::sort::sort_by_key;
use crate::style::PICK_TOLERANCE_PX;
use crate::symbols::{draw_incidents, Layout, Sprites};
use crate::timeline::{Day, TimeWindow, WindowWidth};
use crate::viewport::{ScreenPoint, Viewport};

/// Padding around the opening view, in CSS pixels.
const FIT_PADDING_PX: f64 = 16.0;

/// What an input event did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    /// Nothing visible changed.
    Nothing,
    /// The view moved or zoomed: redraw.
    ViewChanged,
    /// A click or tap at a position: the glue picks and opens a popup.
    Clicked(ScreenPoint),
    /// Escape: close what is open.
    Dismissed,
}

/// The widget's state.
pub struct MapState {
    data: Dataset,
    basemap: Basemap,
    view: Viewport,
    window: TimeWindow,
    filter: Filter,
    /// Whether the filter shows each incident, by position; `None` when it shows every one.
    mask: Option<Vec<bool>>,
    /// The bars under the slider, for the data, the filter and `weight`.
    histogram: Histogram,
    weight: Weight,
    /// The incidents in the window that the filter shows, by position.
    visible: Vec<u32>,
    /// The layout of the points for (view, window), recomputed when either changes.
    layout: Option<(Viewport, TimeWindow, Layout)>,
    selected: Option<usize>,
    gestures: Gestures,
    sprites: Sprites,
    base: PixelBuffer,
    base_view: Option<Viewport>,
    frame: PixelBuffer,
    /// The view whose basemap `frame` was last restored from `base` whole.
    frame_view: Option<Viewport>,
    /// The pixels the incidents covered in `frame`.
    drawn: Option<PixelRect>,
    /// The pixels the last render changed.
    changed: Option<PixelRect>,
}

/// True when the filter's `mask` (none: no filter) keeps the incident at `index`.
fn keeps(mask: Option<&[bool]>, index: usize) -> bool {
    mask.is_none_or(|m| m.get(index).copied().unwrap_or(false))
}

impl MapState {
    /// A map of `width_css` × `height_css` CSS pixels at `pixel_ratio`, showing `data` over the
    /// embedded basemap, opened on the focus country and on the last month of the data.
    pub fn new(width_css: f64, height_css: f64, pixel_ratio: f64, data: Dataset) -> MapState {
        let basemap = Basemap::embedded();
        let view = Viewport::new(
            width_css,
            height_css,
            pixel_ratio,
            crate::projection::lon_lat(0.0, 0.0),
            2.0,
        );
        let mut state = MapState {
            data: Dataset::default(),
            basemap,
            view,
            window: TimeWindow::new(Day(0), Day(0)),
            filter: Filter::default(),
            mask: None,
            histogram: Histogram::default(),
            weight: Weight::Count,
            visible: Vec::new(),
            layout: None,
            selected: None,
            gestures: Gestures::default(),
            sprites: Sprites::default(),
            base: PixelBuffer::new(1, 1),
            base_view: None,
            frame: PixelBuffer::new(1, 1),
            frame_view: None,
            drawn: None,
            changed: None,
        };
        state.fit_focus();
        state.set_data(data);
        state
    }

    /// Replaces the data; the selection is cleared and the window moves to the data's last month
    /// when it no longer overlaps the data.
    pub fn set_data(&mut self, data: Dataset) {
        self.data = data;
        self.selected = None;
        self.apply_filter();
        let window = match self.data.day_range() {
            Some((first, last))
                if self.window.end < first
                    || self.window.start > last
                    || self.window.end == Day(0) =>
            {
                WindowWidth::Month.window_ending(last, first)
            }
            _ => self.window,
        };
        self.set_window(window);
    }

    /// The data.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// The view.
    pub fn view(&self) -> &Viewport {
        &self.view
    }

    /// Resizes the canvas.
    pub fn resize(&mut self, width_css: f64, height_css: f64, pixel_ratio: f64) {
        self.view.resize(width_css, height_css, pixel_ratio);
    }

    /// Shows the incidents that overlap `window` and that the filter shows.
    pub fn set_window(&mut self, window: TimeWindow) {
        self.window = window;
        self.visible.clear();
        let visible = &mut self.visible;
        match &self.mask {
            None => self.data.for_each_in_window(window, |i| visible.push(i)),
            Some(mask) => self.data.for_each_in_window(window, |i| {
                if keeps(Some(mask), i as usize) {
                    visible.push(i);
                }
            }),
        }
    }

    /// True when the incident at `index` is shown: its span overlaps the window and the
    /// filter keeps it (what [`MapState::visible`] lists, without looking through it).
    pub fn is_shown(&self, index: usize) -> bool {
        self.data
            .span(index)
            .is_some_and(|span| self.window.overlaps(&span))
            && keeps(self.mask.as_deref(), index)
    }

    /// Shows only the incidents `filter` shows (within the window).
    pub fn set_filter(&mut self, filter: Filter) {
        if filter != self.filter {
            self.filter = filter;
            self.apply_filter();
            self.set_window(self.window);
        }
    }

    /// The filter.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// Works the mask and the histogram out again for the current filter and data, and drops
    /// the layout made for the old ones.
    fn apply_filter(&mut self) {
        self.mask = (!self.filter.is_empty()).then(|| self.filter.mask(&self.data));
        self.layout = None;
        self.build_histogram();
    }

    /// Builds the histogram of what the filter shows.
    fn build_histogram(&mut self) {
        let mask = self.mask.as_deref();
        self.histogram = Histogram::build(&self.data, |k| keeps(mask, k), self.weight);
    }

    /// The bars under the slider: what the filter shows over the data's whole day range (built
    /// when the data, the filter or the weight change, never on a slider step).
    pub fn histogram(&self) -> &Histogram {
        &self.histogram
    }

    /// Makes the histogram's bars add up `weight`.
    pub fn set_histogram_weight(&mut self, weight: Weight) {
        if weight != self.weight {
            self.weight = weight;
            self.build_histogram();
        }
    }

    /// The positions of the incidents shown: in the window and shown by the filter, in no
    /// particular order.
    pub fn visible(&self) -> &[u32] {
        &self.visible
    }

    /// The time window.
    pub fn window(&self) -> TimeWindow {
        self.window
    }

    /// How many incidents are shown (in the window and shown by the filter).
    pub fn visible_count(&self) -> usize {
        self.visible.len()
    }

    /// The selected incident's position in the data.
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// Selects an incident by position (drawn with a ring), or clears the selection.
    pub fn select(&mut self, index: Option<usize>) {
        self.selected = index.filter(|&i| i < self.data.len());
    }

    /// True while a pointer is pressed on the map.
    pub fn is_pressed(&self) -> bool {
        self.gestures.is_pressed()
    }

    /// Feeds one input event.
    pub fn handle(&mut self, event: InputEvent) -> Outcome {
        let Some(gesture) = self.gestures.handle(event) else {
            return Outcome::Nothing;
        };
        match gesture {
            Gesture::Pan { dx, dy } => self.view.pan_by(dx, dy),
            Gesture::Zoom { anchor, factor } => self.view.zoom_at(anchor, factor),
            Gesture::ZoomCentre { factor } => self.zoom_by(factor),
            Gesture::Pinch { from, to, factor } => {
                self.view.pan_by(to.x - from.x, to.y - from.y);
                self.view.zoom_at(to, factor);
            }
            Gesture::Click(at) => return Outcome::Clicked(at),
            Gesture::Dismiss => return Outcome::Dismissed,
        }
        Outcome::ViewChanged
    }

    /// Centres the map on `centre` at `zoom` (either may be left as it is).
    pub fn set_view(&mut self, centre: Option<LonLat>, zoom: Option<f64>) {
        if let Some(centre) = centre {
            self.view.set_centre(centre);
        }
        if let Some(zoom) = zoom {
            self.view.set_zoom(zoom);
        }
    }

    /// Fits the opening view: the focus country (Mali) fills the canvas.
    pub fn fit_focus(&mut self) {
        let (sw, ne) = self.basemap.focus_bounds();
        self.view.fit_bounds(sw, ne, FIT_PADDING_PX);
    }

    /// Fits the view to the data, outliers left out (see [`crate::fit`]): every incident's
    /// anchor counts (an even sample of them past [`crate::fit::MAX_FIT_POINTS`]), whatever
    /// the window and the filter. False, and the view unchanged, when
    /// there is no data.
    pub fn fit_data(&mut self) -> bool {
        let anchors = crate::fit::sample(self.data.len()).filter_map(|i| self.data.anchor(i));
        match crate::fit::data_box(anchors) {
            Some((sw, ne)) => {
                self.view.fit_bounds(sw, ne, FIT_PADDING_PX);
                true
            }
            None => false,
        }
    }

    /// Zooms by `factor` around the canvas centre (the +/− buttons).
    pub fn zoom_by(&mut self, factor: f64) {
        let centre = crate::viewport::screen_point(
            self.view.width_css() / 2.0,
            self.view.height_css() / 2.0,
        );
        self.view.zoom_at(centre, factor);
    }

    /// The screen position of a geographic one.
    pub fn project(&self, p: LonLat) -> ScreenPoint {
        self.view.lon_lat_to_screen(p)
    }

    /// The geographic position under a screen one.
    pub fn unproject(&self, p: ScreenPoint) -> LonLat {
        self.view.screen_to_lon_lat(p)
    }

    /// How the visible points are laid out in the current view (computed once per view and
    /// window).
    pub fn layout(&mut self) -> &Layout {
        let (view, window) = (self.view, self.window);
        if !matches!(&self.layout, Some((v, w, _)) if *v == view && *w == window) {
            self.layout = None;
        }
        let (data, visible) = (&self.data, &self.visible);
        &self
            .layout
            .get_or_insert_with(|| (view, window, Layout::new(&view, data, visible, window)))
            .2
    }

    /// The visible incidents under a screen position, nearest first: point symbols within their
    /// radius (plus a small tolerance) — or, when aggregated, the incidents of the cell under
    /// the position — then areas that contain the position.
    pub fn pick(&mut self, at: ScreenPoint) -> Vec<usize> {
        let points = self.layout().pick(at, f64::from(PICK_TOLERANCE_PX));
        let world = self.view.screen_to_world(at);
        let areas = self
            .visible
            .iter()
            .copied()
            .filter(|&i| self.data.is_area(i as usize))
            .filter(|&i| match self.data.shape(i as usize) {
                Some(Geometry::Area(polygons)) => area_contains(polygons, world),
                _ => false,
            });
        let mut areas: Vec<u32> = areas.collect();
        sort_by_key(&mut areas, |&i| u64::from(i));
        points
            .into_iter()
            .chain(areas)
            .map(|i| i as usize)
            .collect()
    }

    /// True when the points in view are aggregated into cells.
    pub fn is_aggregated(&mut self) -> bool {
        self.layout().is_aggregated()
    }

    /// The town labels on screen, in `lang`.
    pub fn labels(&self, lang: &str) -> Vec<Label> {
        self.basemap.labels(&self.view, lang)
    }

    /// Does what the next [`MapState::render`] would do first, where it is not done yet: the
    /// basemap rasterised for the view, the visible points laid out. A caller can run it in a
    /// task of its own, so that a frame after a new view or new data costs less.
    pub fn prepare(&mut self) {
        if self.base_view != Some(self.view) {
            let (w, h) = self.view.device_size();
            if (self.base.width(), self.base.height()) != (w, h) {
                self.base = PixelBuffer::new(w, h);
            }
            self.basemap.render(&self.view, &mut self.base);
            self.base_view = Some(self.view);
        }
        self.layout();
    }

    /// Renders the frame: the basemap (re-rasterised only when the view changed) and the
    /// visible incidents. Its size is the view's device size. When the view is the last
    /// render's and the incidents covered a small part of it, only those pixels are restored
    /// from the basemap; [`MapState::changed`] tells what changed.
    pub fn render(&mut self) -> &PixelBuffer {
        self.prepare();
        // The basemap under the frame's incidents is the view's only if the frame was restored
        // for this view (the base may have been prepared for it since).
        let same_view = self.frame_view == Some(self.view)
            && (self.frame.width(), self.frame.height()) == (self.base.width(), self.base.height());
        // A copy per row costs more than one whole copy once the rows are long and many: a
        // rectangle over a quarter of the frame is restored with the rest.
        let small = |r: PixelRect| {
            let (w, h) = (self.frame.width(), self.frame.height());
            u64::from(r.width()) * u64::from(r.height()) * 4 < u64::from(w) * u64::from(h)
        };
        let before = match (same_view, self.drawn) {
            (true, Some(drawn)) if small(drawn) => {
                self.frame.copy_rect_from(&self.base, drawn);
                Some(drawn)
            }
            (true, None) => None,
            _ => {
                self.frame.copy_from(&self.base);
                self.frame_view = Some(self.view);
                Some(self.frame.bounds())
            }
        };
        self.drawn = None;
        if let Some((_, _, layout)) = &self.layout {
            self.drawn = draw_incidents(
                &mut self.frame,
                &mut self.sprites,
                &self.view,
                &self.data,
                &self.visible,
                layout,
                self.window,
                self.selected,
            );
        }
        self.changed = PixelRect::union_all([before, self.drawn]);
        &self.frame
    }

    /// The last frame [`MapState::render`] made.
    pub fn frame(&self) -> &PixelBuffer {
        &self.frame
    }

    /// The pixels the last [`MapState::render`] changed (`None`: none did).
    pub fn changed(&self) -> Option<PixelRect> {
        self.changed
    }

    /// The whole incident at a position in the data.
    pub fn incident(&self, index: usize) -> Option<Incident> {
        self.data.incident(index)
    }
}

/// Even-odd point-in-polygon over every ring of an area, in world coordinates.
fn area_contains(polygons: &[Vec<Vec<LonLat>>], p: WorldPoint) -> bool {
    let mut inside = false;
    for ring in polygons.iter().flatten() {
        let pts: Vec<WorldPoint> = ring.iter().map(|q| lon_lat_to_world(*q)).collect();
        for k in 0..pts.len() {
            let (a, b) = (pts[k], pts[(k + 1) % pts.len()]);
            if (a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y) {
                inside = !inside;
            }
        }
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::EventType;
    use crate::projection::lon_lat;
    use crate::style::{event_colour, symbol_radius_px};

    const AIRPORT: LonLat = lon_lat(-7.9431, 12.5378);

    fn day(s: &str) -> Day {
        Day::parse_iso(s).expect("date")
    }

    fn mali_map() -> MapState {
        MapState::new(800.0, 600.0, 1.0, Dataset::mali())
    }

    /// Copies of the record's first incident, one at each `(lon, lat)`.
    fn incidents_at(points: impl Iterator<Item = (f64, f64)>) -> Dataset {
        let template = Dataset::mali().incident(0).expect("an incident");
        let incidents = points.enumerate().map(|(k, (lon, lat))| {
            let anchor = lon_lat(lon, lat);
            Incident {
                id: format!("i{k}"),
                anchor,
                geometry: crate::incident::Geometry::Points(vec![anchor]),
                ..template.clone()
            }
        });
        Dataset::new(incidents.collect())
    }

    /// `n` incidents spread over a degree round Gao.
    fn crowd(n: usize) -> Dataset {
        incidents_at((0..n).map(|k| {
            (
                -0.5 + (k % 101) as f64 * 0.01,
                16.0 + (k % 103) as f64 * 0.01,
            )
        }))
    }

    #[test]
    fn a_prepared_frame_renders_as_an_unprepared_one_even_after_the_view_moved() {
        let n = 4 * crate::symbols::AGGREGATE_ABOVE;
        let whole = TimeWindow::new(Day(0), Day(100_000));
        let mut plain = MapState::new(640.0, 480.0, 1.0, crowd(n));
        let mut prepared = MapState::new(640.0, 480.0, 1.0, crowd(n));
        // Each has a frame of the record's opening view before the view moves to the data.
        for map in [&mut plain, &mut prepared] {
            map.set_window(whole);
            map.render();
            assert!(map.fit_data());
        }
        prepared.prepare();
        assert!(
            prepared.is_aggregated(),
            "enough points to be merged into cells"
        );
        assert_eq!(prepared.render(), plain.render());
        assert_eq!(prepared.changed(), plain.changed());
        // Prepared for one view, rendered for another: the preparation is not reused.
        prepared.prepare();
        for map in [&mut plain, &mut prepared] {
            map.zoom_by(2.0);
        }
        assert_eq!(prepared.render(), plain.render());
    }

    #[test]
    fn a_large_dataset_is_fitted_from_an_even_sample_as_from_all_of_it() {
        let n = 3 * crate::fit::MAX_FIT_POINTS + 17;
        // A spread round Gao, and one in two hundred far away in Kidal: a sample taken with a
        // plain stride would hold one in fifty of them, and fit Kidal in.
        let data = incidents_at((0..n).map(|k| match k % 200 {
            0 => (1.4, 18.4),
            _ => (
                -0.04 + (k % 97) as f64 * 0.01,
                16.27 + (k % 89) as f64 * 0.01,
            ),
        }));
        let all = crate::fit::data_box((0..data.len()).filter_map(|i| data.anchor(i)));
        let mut map = MapState::new(800.0, 600.0, 1.0, data);
        assert!(map.fit_data());
        let mut expected = *map.view();
        let (sw, ne) = all.expect("a box");
        expected.fit_bounds(sw, ne, FIT_PADDING_PX);
        assert!(
            (map.view().zoom() - expected.zoom()).abs() < 0.05,
            "{} {}",
            map.view().zoom(),
            expected.zoom()
        );
        let (a, b) = (map.view().centre(), expected.centre());
        assert!(
            (a.lon - b.lon).abs() < 0.05 && (a.lat - b.lat).abs() < 0.05,
            "{a:?} {b:?}"
        );
    }

    #[test]
    fn repainting_only_what_changed_gives_the_full_frame() {
        let windows = [
            ("2012-01-01", "2012-12-31"),
            ("2012-01-01", "2024-12-31"),
            ("2024-07-01", "2024-09-30"),
            ("2030-01-01", "2030-01-31"),
            ("2024-09-17", "2024-09-17"),
            ("2024-09-10", "2024-09-20"),
            ("2013-01-01", "2015-12-31"),
        ];
        // All of Mali (the Azawad area covers much of it), then Bamako close up.
        let views = [None, Some((lon_lat(-7.98, 12.6), 11.0))];
        let mut partial = 0;
        for view in views {
            let open = || {
                let mut map = mali_map();
                if let Some((centre, zoom)) = view {
                    map.set_view(Some(centre), Some(zoom));
                }
                map
            };
            let mut map = open();
            let mut previous = map.render().clone();
            for (k, (start, end)) in windows.into_iter().enumerate() {
                let window = TimeWindow::new(day(start), day(end));
                let selected = (k % 2 == 0 && k < 4).then_some(k);
                map.set_window(window);
                map.select(selected);
                let frame = map.render().clone();
                let mut fresh = open();
                fresh.set_window(window);
                fresh.select(selected);
                assert!(
                    fresh.render() == &frame,
                    "{start}..{end}: not the full frame"
                );
                let changed = map.changed();
                partial += usize::from(changed.is_some_and(|r| r.width() < frame.width() / 2));
                let pixels = previous.data().chunks(4).zip(frame.data().chunks(4));
                for (i, (a, b)) in pixels.enumerate() {
                    let (x, y) = ((i as u32) % frame.width(), (i as u32) / frame.width());
                    let inside = changed
                        .is_some_and(|r| (r.x0..r.x1).contains(&x) && (r.y0..r.y1).contains(&y));
                    assert!(
                        a == b || inside,
                        "{start}..{end}: ({x}, {y}) outside {changed:?}"
                    );
                }
                previous = frame;
            }
            let empty = TimeWindow::new(day("2030-01-01"), day("2030-01-31"));
            map.set_window(empty);
            map.select(None);
            map.render();
            assert!(map.changed().is_some(), "the last symbols are wiped");
            map.render();
            assert_eq!(map.changed(), None, "an empty window again changes nothing");
        }
        assert!(partial > 0, "some step repainted only part of the frame");
    }

    #[test]
    fn opens_on_mali_and_the_last_month() {
        let map = mali_map();
        let bamako = map.project(lon_lat(-8.0028, 12.6392));
        let kidal = map.project(lon_lat(1.4092, 18.4434));
        for p in [bamako, kidal] {
            assert!(
                p.x > 0.0 && p.x < 800.0 && p.y > 0.0 && p.y < 600.0,
                "{p:?}"
            );
        }
        assert!(map.window().end >= day("2024-09-17"));
    }

    #[test]
    fn pick_finds_the_nearest_incident_within_its_radius() {
        let mut map = mali_map();
        map.set_window(TimeWindow::new(day("2024-09-11"), day("2024-09-17")));
        for _ in 0..5 {
            let at = map.project(AIRPORT);
            map.view.zoom_at(at, 2.0);
        }
        let airport = map
            .data()
            .index_of("bamako-2024-09-17-airport")
            .expect("airport");
        let at = map.project(AIRPORT);
        assert_eq!(map.pick(at), vec![airport]);
        let radius = f64::from(
            symbol_radius_px(&map.incident(airport).expect("incident")) + PICK_TOLERANCE_PX,
        );
        let just_inside = crate::viewport::screen_point(at.x + radius - 0.5, at.y);
        let just_outside = crate::viewport::screen_point(at.x + radius + 0.5, at.y);
        assert_eq!(map.pick(just_inside), vec![airport]);
        assert!(map.pick(just_outside).is_empty());
        map.set_window(TimeWindow::new(day("2023-01-01"), day("2023-01-31")));
        assert!(map.pick(at).is_empty(), "not in the window, not picked");
    }

    #[test]
    fn the_frame_shows_the_airport_symbol_only_in_its_window() {
        let mut map = mali_map();
        map.set_window(TimeWindow::new(day("2024-09-11"), day("2024-09-17")));
        let at = map.project(AIRPORT);
        let (x, y) = (at.x as u32, at.y as u32);
        let red = event_colour(EventType::Battles);
        assert_eq!(map.render().pixel(x, y), Some(red));
        map.set_window(TimeWindow::new(day("2019-01-01"), day("2019-12-31")));
        let basemap_only = MapState::new(800.0, 600.0, 1.0, Dataset::default())
            .render()
            .pixel(x, y);
        assert_eq!(map.render().pixel(x, y), basemap_only);
        assert_ne!(basemap_only, Some(red));
    }

    #[test]
    fn the_filter_narrows_what_the_window_shows_draws_and_picks() {
        let mut map = mali_map();
        map.set_window(TimeWindow::new(day("2024-09-11"), day("2024-09-17")));
        for _ in 0..5 {
            let at = map.project(AIRPORT);
            map.view.zoom_at(at, 2.0);
        }
        let at = map.project(AIRPORT);
        let (x, y) = (at.x as u32, at.y as u32);
        let shown = map.visible_count();
        assert!(!map.pick(at).is_empty());
        let red = event_colour(EventType::Battles);
        assert_eq!(map.render().pixel(x, y), Some(red));
        let no_battles = Filter {
            hidden_types: vec![EventType::Battles],
            ..Filter::default()
        };
        map.set_filter(no_battles.clone());
        assert_eq!(map.filter(), &no_battles);
        assert!(map.visible_count() < shown);
        assert!(map.pick(at).is_empty(), "a hidden type is not picked");
        assert_ne!(map.render().pixel(x, y), Some(red), "nor drawn");
        map.set_window(TimeWindow::new(day("2012-01-01"), day("2024-12-31")));
        let battles = map
            .visible()
            .iter()
            .filter(|&&i| map.data().event_type(i as usize) == Some(EventType::Battles))
            .count();
        assert_eq!(battles, 0, "the filter holds across slider steps");
        let bars = map.histogram().clone();
        let total = |h: &Histogram| (0..h.len()).map(|i| h.value(i)).sum::<f64>();
        assert_eq!(total(&bars), map.visible_count() as f64);
        map.set_histogram_weight(Weight::Deaths);
        assert!(total(map.histogram()) > total(&bars));
        map.set_histogram_weight(Weight::Count);
        assert_eq!(map.histogram(), &bars);
        map.set_filter(Filter::default());
        assert_eq!(map.visible_count(), map.data().len());
        assert_eq!(total(map.histogram()), map.data().len() as f64);
        map.set_data(Dataset::default());
        assert_eq!(map.visible_count(), 0);
    }

    #[test]
    fn clicks_inside_azawad_pick_the_region() {
        let mut map = mali_map();
        let azawad = map.data().index_of("azawad-region").expect("azawad");
        let hits = map.pick(map.project(lon_lat(-3.0, 21.0)));
        assert_eq!(hits, vec![azawad]);
        assert!(map.pick(map.project(lon_lat(-10.0, 13.5))).is_empty());
    }

    /// Property tests (native only: proptest does not target wasm32-unknown-unknown).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use crate::input::{InputEvent, Key};
        use crate::viewport::screen_point;
        use proptest::prelude::*;

        fn any_f64() -> impl Strategy<Value = f64> {
            prop_oneof![
                -2000.0f64..2000.0,
                Just(f64::NAN),
                Just(f64::INFINITY),
                Just(-1e300),
                Just(1e300)
            ]
        }

        /// 64 cases (each renders frames), or `PROPTEST_CASES` when set, as every other
        /// property test reads it (the README's long mode).
        fn config() -> ProptestConfig {
            match std::env::var_os("PROPTEST_CASES") {
                Some(_) => ProptestConfig::default(),
                None => ProptestConfig::with_cases(64),
            }
        }

        fn any_point() -> impl Strategy<Value = ScreenPoint> {
            (any_f64(), any_f64()).prop_map(|(x, y)| screen_point(x, y))
        }

        fn any_event() -> impl Strategy<Value = InputEvent> {
            let key = prop_oneof![
                Just(Key::Left),
                Just(Key::Right),
                Just(Key::Up),
                Just(Key::Down),
                Just(Key::ZoomIn),
                Just(Key::ZoomOut),
                Just(Key::Escape)
            ];
            prop_oneof![
                (0i32..3, any_point()).prop_map(|(pointer, at)| InputEvent::Down { pointer, at }),
                (0i32..3, any_point()).prop_map(|(pointer, at)| InputEvent::Move { pointer, at }),
                (0i32..3, any_point()).prop_map(|(pointer, at)| InputEvent::Up { pointer, at }),
                (0i32..3).prop_map(|pointer| InputEvent::Cancel { pointer }),
                (any_point(), any_f64())
                    .prop_map(|(at, delta_px)| InputEvent::Wheel { at, delta_px }),
                key.prop_map(InputEvent::Key),
            ]
        }

        fn any_filter() -> impl Strategy<Value = Filter> {
            let actor = prop::sample::select(vec!["", "wagner", "MALI", "jnim", "civil", "é", "x"]);
            let deaths = prop::sample::select(vec![0u32, 1, 20, 70, 300]);
            (0u8..128, actor, deaths, any::<bool>()).prop_map(
                |(types, actor, min_deaths, exact_only)| Filter {
                    hidden_types: EventType::ALL
                        .into_iter()
                        .enumerate()
                        .filter(|(k, _)| types & (1 << k) != 0)
                        .map(|(_, t)| t)
                        .collect(),
                    actor: actor.to_string(),
                    min_deaths,
                    exact_only,
                },
            )
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]
            #[test]
            fn what_is_shown_is_the_window_and_the_filter_over_every_incident(
                steps in prop::collection::vec(
                    (any_filter(), 15_000i32..20_200, 15_000i32..20_200),
                    1..6,
                ),
            ) {
                let mut map = mali_map();
                let incidents: Vec<Incident> = map.data().incidents().collect();
                for (filter, a, b) in steps {
                    let window = TimeWindow::new(Day(a), Day(b));
                    map.set_filter(filter.clone());
                    map.set_window(window);
                    let expected: Vec<u32> = (0..incidents.len() as u32)
                        .filter(|&k| {
                            let i = &incidents[k as usize];
                            window.overlaps(&i.span) && filter.matches(i)
                        })
                        .collect();
                    let mut shown = map.visible().to_vec();
                    shown.sort_unstable();
                    prop_assert_eq!(map.visible_count(), expected.len());
                    let one_by_one: Vec<u32> = (0..incidents.len() as u32)
                        .filter(|&k| map.is_shown(k as usize))
                        .collect();
                    prop_assert_eq!(&one_by_one, &expected, "is_shown agrees");
                    prop_assert!(!map.is_shown(incidents.len()), "past the data: not shown");
                    prop_assert_eq!(shown, expected);
                }
            }
        }

        proptest! {
            #![proptest_config(config())]
            #[test]
            fn no_input_makes_the_widget_panic(
                events in prop::collection::vec(any_event(), 0..40),
                days in prop::collection::vec((-100_000i32..100_000, -100_000i32..100_000), 1..4),
                size in (any_f64(), any_f64(), any_f64()),
                probe in (any_f64(), any_f64()),
            ) {
                let mut map = MapState::new(64.0, 48.0, 1.0, Dataset::mali());
                for (a, b) in days {
                    map.set_window(TimeWindow::new(Day(a), Day(b)));
                    for event in &events {
                        let _ = map.handle(*event);
                    }
                    let _ = map.pick(screen_point(probe.0, probe.1));
                    map.select(Some(usize::MAX));
                    let frame = map.render();
                    prop_assert_eq!(frame.data().len(), (frame.width() * frame.height() * 4) as usize);
                }
                map.resize(size.0.min(300.0), size.1.min(300.0), size.2.min(4.0));
                let (w, h) = map.view().device_size();
                prop_assert!(w >= 1 && h >= 1);
                let _ = map.render();
            }
        }
    }
}
