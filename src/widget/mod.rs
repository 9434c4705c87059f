//! The whole widget's behaviour without the browser: [`MapState`] (data, view, window,
//! frame) plus everything a user does to it — playback, the window-width presets, the click
//! rule, the popup and where it stands, a load in progress — and the events the page hears
//! about. The glue in `src/web/` turns DOM events into calls here and shows what this says.

pub mod deep_link;
mod hover;
mod load_options;
mod options;
mod playback;
mod popup_state;
mod range;
mod reading;
mod set_options;

pub use hover::{Hover, HOVER_DELAY_MS};
pub use load_options::{LoadOptionError, LoadOptions};
pub use options::{OptionError, OptionValue, Options, StartData, StartView, OPTION_KEYS};
pub use playback::{Playback, CROSSING_SECONDS, MAX_FRAME_GAP_MS, SPEEDS};
pub use popup_state::{
    click_rule, place_popup, ClickOutcome, PopupState, MAX_CHOICES, POPUP_GAP_PX, POPUP_MARGIN_PX,
};
pub use range::{window_after_key, RangeDrag, RangeKey, RangePart, StripScale};
pub use reading::{
    deaths_range, focus_phrase, list_page, map_summary, step_focus, ListPage, ListRow,
    MAX_LIST_ROWS,
};

use crate::dataset::Dataset;
use crate::filter::Filter;
use crate::histogram::Weight;
use crate::i18n::{self, say, Text};
use crate::incident::EventType;
use crate::input::{InputEvent, Key};
use crate::lang::Lang;
use crate::map_state::{MapState, Outcome};
use crate::picture::DataSource;
use crate::popup::{ChoiceLine, PopupContent};
use crate::projection::LonLat;
use crate::timeline::{Day, TimeWindow, WindowWidth};
use crate::viewport::ScreenPoint;

/// Below this width (CSS px) the widget is compact: see [`Widget::is_compact`].
pub const COMPACT_BELOW_PX: f64 = 480.0;

/// Something the page's callbacks hear about.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The popup opened on an incident (its id) or closed (`None`).
    Select(Option<String>),
    /// The time window changed.
    TimeChange(TimeWindow),
    /// The filter changed.
    FilterChange(Filter),
}

/// A use of one of the widget's controls.
#[derive(Clone, Debug, PartialEq)]
pub enum Control {
    /// The + button.
    ZoomIn,
    /// The − button.
    ZoomOut,
    /// The play/pause button.
    TogglePlay,
    /// The date slider moved to a day (the window's last day).
    SliderTo(Day),
    /// The window-width selector.
    Width(WindowWidth),
    /// An entry of the chooser, by incident id.
    Choose(String),
    /// The popup's close button.
    ClosePopup,
    /// A row of the list view: the map shows the incident with this id and opens it.
    OpenListed(String),
    /// The list toggle: shows or hides the list view.
    ToggleList,
    /// The speed selector: one of [`SPEEDS`].
    Speed(f64),
    /// The loop switch.
    Loop(bool),
    /// The button that unfolds the legend and the filters on a small screen.
    TogglePanel,
    /// A legend entry: hides or shows an event type.
    ToggleType(EventType),
    /// The actor field's text.
    Actor(String),
    /// The "at least N deaths" field.
    MinDeaths(u32),
    /// The "exact places only" switch.
    ExactOnly(bool),
    /// The histogram's weight switch.
    Weight(Weight),
    /// A press on the range at `x` CSS px of a strip `width` px wide.
    RangePress {
        /// The handle or the window.
        part: RangePart,
        /// Where.
        x: f64,
        /// The strip's width.
        width: f64,
    },
    /// The pointer of a press on the range moved to `x` (strip `width` px wide).
    RangeMove {
        /// Where.
        x: f64,
        /// The strip's width.
        width: f64,
    },
    /// The press on the range ended.
    RangeRelease,
    /// A key on a handle.
    RangeKey(RangePart, RangeKey),
    /// A click on the strip's bars at `x` (strip `width` px wide): the window jumps to end
    /// with that bar.
    StripClick {
        /// Where.
        x: f64,
        /// The strip's width.
        width: f64,
    },
}

/// What the time bar shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeBar {
    /// The slider's first day (days since 1970-01-01).
    pub min: i32,
    /// Its last day.
    pub max: i32,
    /// Where it stands: the window's last day.
    pub value: i32,
    /// False when there is no data to move through.
    pub enabled: bool,
    /// The window as text: "11 Sep 2024 – 17 Sep 2024".
    pub text: String,
    /// The width preset.
    pub width: WindowWidth,
    /// "3 incidents".
    pub count: String,
    /// The playback speed's place in [`SPEEDS`].
    pub speed: usize,
    /// True when playback loops.
    pub looping: bool,
}

/// The chooser's text, when several incidents are under a click.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choices {
    /// "5 incidents here".
    pub title: String,
    /// The first [`MAX_CHOICES`] incidents.
    pub lines: Vec<ChoiceLine>,
    /// How many more there are, said for people.
    pub more: Option<String>,
    /// The language it is written in.
    pub lang: Lang,
}

/// A load in progress.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Loading {
    cancel_requested: bool,
}

/// Why the widget refused a call.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WidgetError {
    /// `select` was given an id the data does not have.
    #[error("no incident with id '{0}'")]
    UnknownId(String),
    /// A second load while one is in progress.
    #[error("a load is already in progress")]
    LoadInProgress,
    /// A playback speed not offered (not written back: formatting a float would bring
    /// float formatting into the widget's module).
    #[error("the speed must be one of 0.5, 1, 2, 4 and 8")]
    Speed,
}

/// The widget.
pub struct Widget {
    map: MapState,
    lang: Lang,
    width: WindowWidth,
    playback: Playback,
    hover: Hover,
    /// True when the legend and filters are unfolded on a small screen.
    panel_open: bool,
    /// A drag on the range in progress.
    drag: Option<RangeDrag>,
    /// What the histogram's bars add up.
    weight: Weight,
    /// Counts the histogram's changes (data, filter, weight), so the glue redraws the strip
    /// only then, or when the window reaches other bars.
    histogram_revision: u32,
    popup: PopupState,
    /// Counts the popup's changes, so the glue refills it only when it changed.
    popup_revision: u32,
    loading: Option<Loading>,
    events: Vec<Event>,
    /// The incident the keyboard focus is on (its ring shows while it is shown).
    focus: Option<usize>,
    /// Where the page's keyboard focus should move next.
    focus_move: Option<FocusMove>,
    /// What a screen reader should hear now.
    spoken: Option<String>,
    /// The reader asked for less motion: playback never starts again by itself.
    reduced_motion: bool,
    /// True while the list view shows.
    list_open: bool,
    /// True while loaded data fits the view to itself: no `view` option but `"data"` was
    /// given and the page has not set the view since.
    follow_data: bool,
    /// Where the data came from, for the exported image's credits.
    source: DataSource,
}

/// Where the glue should move the page's keyboard focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FocusMove {
    /// Into the popup, opened from the keyboard or the list.
    IntoPopup,
    /// Back where it was before the popup took it, the popup closed by Escape.
    Back,
}

/// Margin (CSS px) an incident reached from the keyboard or the list keeps from the canvas's
/// edges: nearer, the map pans to it.
pub const FOCUS_MARGIN_PX: f64 = 40.0;
/// How far the focus ring stands outside an incident's symbol, in CSS px.
pub const FOCUS_RING_GAP_PX: f64 = 5.0;

impl Widget {
    /// A widget of `width_css` × `height_css` CSS pixels at `pixel_ratio`, set up as `options`
    /// say: its data, language, window width and the window's last day.
    pub fn new(width_css: f64, height_css: f64, pixel_ratio: f64, options: &Options) -> Widget {
        let data = match options.data {
            StartData::Mali => Dataset::mali(),
            StartData::Empty => Dataset::default(),
        };
        let map = MapState::new(width_css, height_css, pixel_ratio, data);
        let mut widget = Widget {
            map,
            lang: options.lang,
            width: options.width,
            playback: Playback::default(),
            hover: Hover::default(),
            panel_open: false,
            drag: None,
            weight: Weight::Count,
            histogram_revision: 0,
            popup: PopupState::Closed,
            popup_revision: 0,
            loading: None,
            events: Vec::new(),
            focus: None,
            focus_move: None,
            spoken: None,
            reduced_motion: false,
            list_open: false,
            follow_data: options.view.follows_data(),
            source: match options.data {
                StartData::Mali => DataSource::Record,
                StartData::Empty => DataSource::None,
            },
        };
        match options.view {
            StartView::Data => {
                widget.map.fit_data();
            }
            StartView::At { centre, zoom } => widget.map.set_view(Some(centre), Some(zoom)),
            StartView::Auto | StartView::Mali => {}
        }
        let end = options.date.unwrap_or(widget.map.window().end);
        widget.move_window_to(end);
        widget.events.clear();
        widget
    }

    /// The map: data, view, window, frame.
    pub fn map(&self) -> &MapState {
        &self.map
    }

    /// The map, to change its view or size or render it.
    pub fn map_mut(&mut self) -> &mut MapState {
        &mut self.map
    }

    /// Centres and zooms the view as the page asks (`setView`): from then on loads leave the
    /// view where it is.
    pub fn set_view(&mut self, centre: Option<LonLat>, zoom: Option<f64>) {
        self.follow_data = false;
        self.map.set_view(centre, zoom);
    }

    /// Where the data came from.
    pub fn data_source(&self) -> &DataSource {
        &self.source
    }

    /// Says where the data just set came from: a file of this format ("ACLED", …).
    pub fn set_source(&mut self, format: &str) {
        self.source = DataSource::File(format.to_string());
    }

    /// Fits the view to the data (`fitData`); false when there is none.
    pub fn fit_data(&mut self) -> bool {
        self.map.fit_data()
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Speaks `lang` from now on; data, view, window, selection and filter stay. An open
    /// popup is written anew in it.
    pub fn set_lang(&mut self, lang: Lang) {
        if lang != self.lang {
            self.lang = lang;
            self.popup_revision = self.popup_revision.wrapping_add(1);
        }
    }

    /// The events since the last call, oldest first.
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    /// True while playback runs.
    pub fn is_playing(&self) -> bool {
        self.playback.is_playing()
    }

    /// True while the glue should keep requesting animation frames: playback runs, or a
    /// tooltip waits for the mouse to rest.
    pub fn needs_frames(&self) -> bool {
        self.playback.is_playing() || self.hover.is_waiting()
    }

    /// The window as the time bar writes it: "18 Aug 2024 – 17 Sep 2024".
    pub fn window_text(&self) -> String {
        let window = self.map.window();
        i18n::window(self.lang, window.start.date(), window.end.date())
    }

    /// What the time bar shows.
    pub fn time_bar(&self) -> TimeBar {
        let window = self.map.window();
        let range = self.map.data().day_range();
        let (first, last) = range.unwrap_or((window.end, window.end));
        let text = self.window_text();
        TimeBar {
            min: first.0,
            max: last.0.max(first.0),
            value: window.end.0,
            enabled: range.is_some(),
            text,
            width: self.width,
            count: i18n::incidents(self.lang, self.map.visible_count()),
            speed: SPEEDS
                .iter()
                .position(|&s| s == self.playback.speed())
                .unwrap_or(1),
            looping: self.playback.is_looping(),
        }
    }

    // ---- time ----

    /// Moves the window to end on `day`, keeping the width preset.
    fn move_window_to(&mut self, day: Day) {
        let first = self.map.data().day_range().map_or(day, |r| r.0);
        self.set_window(self.width.window_ending(day, first));
    }

    fn set_window(&mut self, window: TimeWindow) {
        self.hover.clear();
        self.map.set_window(window);
        self.events.push(Event::TimeChange(window));
    }

    /// Shows `window` (both days included); the width preset becomes the one it matches.
    pub fn set_time_window(&mut self, window: TimeWindow) {
        let first = self.map.data().day_range().map_or(window.start, |r| r.0);
        self.width = WindowWidth::matching(window, first);
        self.set_window(window);
    }

    /// Starts or stops playback.
    pub fn set_playing(&mut self, playing: bool) {
        self.playback.set_playing(playing);
    }

    /// Starts or stops playback, at `speed` (one of [`SPEEDS`]) and looping or not,
    /// when given; a speed not offered is refused and changes nothing.
    pub fn set_playback(
        &mut self,
        playing: bool,
        speed: Option<f64>,
        looping: Option<bool>,
    ) -> Result<(), WidgetError> {
        if let Some(speed) = speed {
            if !self.playback.set_speed(speed) {
                return Err(WidgetError::Speed);
            }
        }
        if let Some(looping) = looping {
            self.playback.set_looping(looping);
        }
        if playing && !self.playback.is_playing() {
            self.toggle_play();
        } else {
            self.set_playing(playing);
        }
        Ok(())
    }

    /// The play button: starts playback (from the data's start when the window is already at
    /// its end) or stops it.
    fn toggle_play(&mut self) {
        let start = !self.playback.is_playing();
        if let (true, Some((first, last))) = (start, self.map.data().day_range()) {
            if self.map.window().end >= last {
                self.move_window_to(self.width.window_ending(first, first).end);
            }
        }
        self.set_playing(start);
    }

    /// An animation frame at `now_ms`: playback moves the window by the days elapsed; at the
    /// data's last day it stops, or, looping, starts again from the beginning.
    pub fn frame(&mut self, now_ms: f64) {
        self.hover.tick(now_ms);
        if !self.playback.is_playing() {
            return;
        }
        let Some((first, last)) = self.map.data().day_range() else {
            self.set_playing(false);
            return;
        };
        let speed = self
            .playback
            .days_per_second(last.0.saturating_sub(first.0));
        let days = self.playback.advance(now_ms, speed);
        if days < 1 {
            return;
        }
        let at_end = self.map.window().end >= last;
        if at_end && self.reduced_motion {
            self.set_playing(false);
            return;
        }
        if at_end && self.playback.is_looping() {
            self.move_window_to(self.width.window_ending(first, first).end);
            return;
        }
        let end = self.map.window().end.plus(days).min(last).max(first);
        self.move_window_to(end);
        if end >= last && !self.playback.is_looping() {
            self.set_playing(false);
        }
    }

    /// The range's drag moved to `x` of a strip `width` px wide.
    fn drag_range(&mut self, x: f64, width: f64) {
        let (Some(drag), Some(range)) = (self.drag, self.map.histogram().range()) else {
            return;
        };
        if let Some(scale) = StripScale::new(self.map.histogram(), width, self.lang.is_rtl()) {
            let window = drag.window_at(scale.day_at(x), range);
            if window != self.map.window() {
                self.set_time_window(window);
            }
        }
    }

    /// The window, its width kept, ends with the bar at `x` of a strip `width` px wide (or
    /// starts on the data's first day, when it would start before it).
    fn jump_to_bar(&mut self, x: f64, width: f64) {
        let histogram = self.map.histogram();
        let (Some(scale), Some((first, _))) = (
            StripScale::new(histogram, width, self.lang.is_rtl()),
            histogram.range(),
        ) else {
            return;
        };
        if let Some(bin) = histogram.bin_of(scale.day_at(x)) {
            let window = self.map.window();
            let days = window.end.0.saturating_sub(window.start.0);
            let end = histogram.bin_end(bin).max(first.plus(days));
            self.set_time_window(TimeWindow::new(end.plus(-days), end));
        }
    }

    // ---- filters and the histogram ----

    /// Shows only what `filter` lets through (with the window); a popup on an incident it
    /// hides closes.
    pub fn set_filter(&mut self, filter: Filter) {
        if &filter == self.map.filter() {
            return;
        }
        self.map.set_filter(filter.clone());
        self.hover.clear();
        self.histogram_revision = self.histogram_revision.wrapping_add(1);
        if self.map.selected().is_some_and(|i| !self.map.is_shown(i)) {
            self.close();
        }
        self.events.push(Event::FilterChange(filter));
    }

    /// The filter.
    pub fn filter(&self) -> &Filter {
        self.map.filter()
    }

    /// What the histogram's bars add up.
    pub fn weight(&self) -> Weight {
        self.weight
    }

    /// Up to `max` actors of the data matching what the reader typed, most frequent first.
    pub fn actor_suggestions(&self, typed: &str, max: usize) -> Vec<String> {
        self.map.data().actor_suggestions(typed, max)
    }

    /// What the strip shows: the histogram's revision and
    /// the first and last bars in the window. The strip needs drawing again only when this
    /// changes.
    pub fn strip_key(&self) -> (u32, Option<usize>, Option<usize>) {
        let histogram = self.map.histogram();
        let window = self.map.window();
        (
            self.histogram_revision,
            histogram.bin_of(window.start),
            histogram.bin_of(window.end),
        )
    }

    /// Where the range's handles stand on a strip `width` CSS px wide.
    pub fn handles(&self, width: f64) -> Option<(f64, f64)> {
        StripScale::new(self.map.histogram(), width, self.lang.is_rtl())
            .map(|scale| scale.handles(self.map.window()))
    }

    // ---- readers: the keyboard focus, the list, what is said ----

    /// Moves the keyboard focus to the next (or previous) incident shown, in the reading
    /// order, panning the map to it, and says which it is.
    fn move_focus(&mut self, forward: bool) {
        let data = self.map.data();
        let Some(index) = step_focus(data, self.map.visible(), self.focus, forward) else {
            return;
        };
        self.focus = Some(index);
        self.spoken = focus_phrase(data, index, self.lang);
        self.bring_into_view(index);
        self.hover.clear();
    }

    /// Pans the map so that the incident at `index` stands at least [`FOCUS_MARGIN_PX`] inside
    /// the canvas (its zoom kept).
    fn bring_into_view(&mut self, index: usize) {
        let Some(anchor) = self.map.data().anchor(index) else {
            return;
        };
        let at = self.map.project(anchor);
        let view = self.map.view();
        let (w, h) = (view.width_css(), view.height_css());
        let inside = |v: f64, size: f64| {
            v >= FOCUS_MARGIN_PX.min(size / 2.0) && v <= size - FOCUS_MARGIN_PX.min(size / 2.0)
        };
        if !(inside(at.x, w) && inside(at.y, h)) {
            self.map.set_view(Some(anchor), None);
        }
    }

    /// The keyboard focus ring: its centre (CSS px on the map) and radius, while the focused
    /// incident is shown.
    pub fn focus_ring(&self) -> Option<(ScreenPoint, f64)> {
        let index = self.focus.filter(|&i| self.map.is_shown(i))?;
        let data = self.map.data();
        let at = self.map.project(data.anchor(index)?);
        let radius = f64::from(data.radius_px(index).unwrap_or(crate::style::MIN_RADIUS_PX));
        Some((at, radius + FOCUS_RING_GAP_PX))
    }

    /// Where the page's keyboard focus should move, once.
    pub fn take_focus_move(&mut self) -> Option<FocusMove> {
        self.focus_move.take()
    }

    /// How a load ended, said to screen readers in the widget's language: how many incidents
    /// loaded and were skipped, that it was cancelled, or why it failed (`Err`: the reason as
    /// the load's promise gives it).
    pub fn load_ended(&mut self, outcome: Result<(usize, usize), Option<&str>>) {
        let lang = self.lang;
        self.spoken = Some(match outcome {
            Ok((loaded, skipped)) => say(
                lang,
                Text::Loaded,
                &[&i18n::incidents(lang, loaded), &skipped.to_string()],
            ),
            Err(None) => i18n::text(lang, Text::LoadCancelled).to_string(),
            Err(Some(reason)) => say(lang, Text::LoadFailed, &[reason]),
        });
    }

    /// What a screen reader should hear now (the focused incident), once.
    pub fn take_spoken(&mut self) -> Option<String> {
        self.spoken.take()
    }

    /// What the live region says once the window settles: the window and the count. `None`
    /// while playback runs or the range is dragged, so it is not said on every frame.
    pub fn settled_phrase(&self) -> Option<String> {
        if self.playback.is_playing() || self.drag.is_some() {
            return None;
        }
        let bar = self.time_bar();
        Some(say(self.lang, Text::Showing, &[&bar.text, &bar.count]))
    }

    /// What the map shows, in a sentence (the canvas's text alternative).
    pub fn summary(&self) -> String {
        let window = self.window_text();
        map_summary(self.map.data(), self.map.visible(), self.lang, &window)
    }

    /// The list view of the incidents shown.
    pub fn list(&self) -> ListPage {
        let window = self.window_text();
        list_page(self.map.data(), self.map.visible(), self.lang, &window)
    }

    /// True while the list view shows.
    pub fn is_list_open(&self) -> bool {
        self.list_open
    }

    /// The reader prefers reduced motion (`prefers-reduced-motion`): playback still runs when
    /// asked, but a loop does not start again by itself at the end.
    pub fn set_reduced_motion(&mut self, reduced: bool) {
        self.reduced_motion = reduced;
    }

    // ---- input and controls ----

    /// A pointer, wheel or key event on the map.
    pub fn input(&mut self, event: InputEvent) {
        match event {
            InputEvent::Key(key @ (Key::Next | Key::Previous)) => {
                return self.move_focus(key == Key::Next)
            }
            InputEvent::Key(Key::Open) => {
                if let Some(index) = self.focus.filter(|&i| self.map.is_shown(i)) {
                    self.open(index);
                    self.focus_move = Some(FocusMove::IntoPopup);
                }
                return;
            }
            InputEvent::Key(Key::Escape) if self.popup != PopupState::Closed => {
                self.focus_move = Some(FocusMove::Back);
            }
            _ => {}
        }
        match self.map.handle(event) {
            Outcome::Clicked(at) => self.click(at),
            Outcome::Dismissed => self.close(),
            Outcome::ViewChanged => self.hover.clear(),
            Outcome::Nothing => {}
        }
        if self.map.is_pressed() {
            self.hover.clear();
        }
    }

    /// The mouse (not a touch or a pen) moved to `at` on the map at `now_ms`, or left it
    /// (`None`). Over a symbol, its tooltip shows after [`HOVER_DELAY_MS`]; areas have none.
    pub fn hover(&mut self, at: Option<ScreenPoint>, now_ms: f64) {
        match at {
            Some(at) if !self.map.is_pressed() => {
                let hits = self.map.pick(at);
                let data = self.map.data();
                let symbol = hits.into_iter().find(|&i| !data.is_area(i));
                self.hover.moved(at, symbol, now_ms);
            }
            _ => self.hover.clear(),
        }
    }

    /// True when the widget is narrower than [`COMPACT_BELOW_PX`]: its legend and filters then
    /// fold behind one button and its controls grow to touch size.
    pub fn is_compact(&self) -> bool {
        self.map.view().width_css() < COMPACT_BELOW_PX
    }

    /// True when the legend and filters are unfolded (on a small screen, where they start
    /// folded behind one button; a wide widget shows them whatever this says).
    pub fn is_panel_open(&self) -> bool {
        self.panel_open
    }

    /// The incident whose tooltip shows, and where the mouse is.
    pub fn tooltip(&self) -> Option<(usize, ScreenPoint)> {
        self.hover.shown()
    }

    /// The tooltip's text for the incident at `index`: its title and its date.
    pub fn tooltip_text(&self, index: usize) -> Option<(String, String)> {
        let incident = self.map.incident(index)?;
        let content = PopupContent::of(&incident, self.lang);
        Some((content.title, content.date))
    }

    /// A use of one of the controls.
    pub fn control(&mut self, control: Control) {
        match control {
            Control::ZoomIn => self.map.zoom_by(2.0),
            Control::ZoomOut => self.map.zoom_by(0.5),
            Control::TogglePlay => self.toggle_play(),
            Control::SliderTo(day) => self.move_window_to(day),
            Control::Width(width) => {
                self.width = width;
                self.move_window_to(self.map.window().end);
            }
            Control::Choose(id) => {
                if let Some(index) = self.map.data().index_of(&id) {
                    self.open(index);
                }
            }
            Control::OpenListed(id) => {
                if let Some(index) = self.map.data().index_of(&id) {
                    self.bring_into_view(index);
                    self.focus = Some(index);
                    self.open(index);
                    self.focus_move = Some(FocusMove::IntoPopup);
                }
            }
            Control::ClosePopup => self.close(),
            Control::Speed(speed) => {
                self.playback.set_speed(speed);
            }
            Control::Loop(looping) => self.playback.set_looping(looping),
            Control::TogglePanel => self.panel_open = !self.panel_open,
            Control::ToggleList => self.list_open = !self.list_open,
            Control::ToggleType(t) => {
                let mut filter = self.map.filter().clone();
                match filter.hidden_types.iter().position(|&h| h == t) {
                    Some(k) => {
                        filter.hidden_types.remove(k);
                    }
                    None => filter.hidden_types.push(t),
                }
                self.set_filter(filter);
            }
            Control::Actor(actor) => self.set_filter(Filter {
                actor,
                ..self.map.filter().clone()
            }),
            Control::MinDeaths(min_deaths) => self.set_filter(Filter {
                min_deaths,
                ..self.map.filter().clone()
            }),
            Control::ExactOnly(exact_only) => self.set_filter(Filter {
                exact_only,
                ..self.map.filter().clone()
            }),
            Control::Weight(weight) => {
                if weight != self.weight {
                    self.weight = weight;
                    self.map.set_histogram_weight(weight);
                    self.histogram_revision = self.histogram_revision.wrapping_add(1);
                }
            }
            Control::RangePress { part, x, width } => {
                if let Some(scale) =
                    StripScale::new(self.map.histogram(), width, self.lang.is_rtl())
                {
                    self.drag = Some(RangeDrag::new(part, scale.day_at(x), self.map.window()));
                }
            }
            Control::RangeMove { x, width } => self.drag_range(x, width),
            Control::RangeRelease => self.drag = None,
            Control::RangeKey(part, key) => {
                let moved = window_after_key(self.map.histogram(), self.map.window(), part, key);
                if let Some(window) = moved {
                    self.set_time_window(window);
                }
            }
            Control::StripClick { x, width } => self.jump_to_bar(x, width),
        }
    }

    /// A click or tap at a position on the map.
    fn click(&mut self, at: ScreenPoint) {
        let hits = self.map.pick(at);
        let data = self.map.data();
        match click_rule(hits, |i| data.is_area(i)) {
            ClickOutcome::Close => self.close(),
            ClickOutcome::Open(index) => self.open(index),
            ClickOutcome::Choose(hits) => {
                let was_selected = self.map.selected().is_some();
                self.map.select(None);
                self.popup = PopupState::Choices {
                    hits,
                    at: self.map.unproject(at),
                };
                self.popup_revision = self.popup_revision.wrapping_add(1);
                if was_selected {
                    self.events.push(Event::Select(None));
                }
            }
        }
    }

    // ---- the popup ----

    fn open(&mut self, index: usize) {
        let Some(id) = self.map.data().id(index).map(str::to_string) else {
            return;
        };
        self.map.select(Some(index));
        self.popup = PopupState::Incident(index);
        self.popup_revision = self.popup_revision.wrapping_add(1);
        self.events.push(Event::Select(Some(id)));
    }

    /// Closes the popup; the page hears of it when something was open.
    pub fn close(&mut self) {
        let was_open = self.popup != PopupState::Closed || self.map.selected().is_some();
        if !was_open {
            return;
        }
        self.popup = PopupState::Closed;
        self.popup_revision = self.popup_revision.wrapping_add(1);
        self.map.select(None);
        self.events.push(Event::Select(None));
    }

    /// Opens the popup of the incident with `id` as a click on it does; `None` closes it.
    pub fn select(&mut self, id: Option<&str>) -> Result<(), WidgetError> {
        match id {
            None => self.close(),
            Some(id) => {
                let index = self
                    .map
                    .data()
                    .index_of(id)
                    .ok_or_else(|| WidgetError::UnknownId(id.to_string()))?;
                self.open(index);
            }
        }
        Ok(())
    }

    /// The id of the incident whose popup is open.
    pub fn selected_id(&self) -> Option<&str> {
        self.map.selected().and_then(|i| self.map.data().id(i))
    }

    /// What the popup shows.
    pub fn popup(&self) -> &PopupState {
        &self.popup
    }

    /// Changes whenever the popup's content does.
    pub fn popup_revision(&self) -> u32 {
        self.popup_revision
    }

    /// The open incident's popup text.
    pub fn incident_popup(&self) -> Option<PopupContent> {
        let PopupState::Incident(index) = self.popup else {
            return None;
        };
        let incident = self.map.incident(index)?;
        Some(PopupContent::of(&incident, self.lang))
    }

    /// The chooser's text.
    pub fn choices(&self) -> Option<Choices> {
        let PopupState::Choices { hits, .. } = &self.popup else {
            return None;
        };
        let lines: Vec<ChoiceLine> = hits
            .iter()
            .take(MAX_CHOICES)
            .filter_map(|&i| self.map.incident(i))
            .map(|incident| ChoiceLine::of(&incident, self.lang))
            .collect();
        let more = hits.len().saturating_sub(lines.len());
        Some(Choices {
            title: say(
                self.lang,
                Text::ChoicesTitle,
                &[&i18n::incidents(self.lang, hits.len())],
            ),
            lines,
            more: (more > 0).then(|| say(self.lang, Text::ChoicesMore, &[&more.to_string()])),
            lang: self.lang,
        })
    }

    /// Where the popup points (CSS px on the map): the open incident's anchor, or the place
    /// clicked for a chooser; it follows the map as it pans and zooms.
    pub fn popup_anchor(&self) -> Option<ScreenPoint> {
        match &self.popup {
            PopupState::Closed => None,
            PopupState::Incident(index) => {
                self.map.data().anchor(*index).map(|a| self.map.project(a))
            }
            PopupState::Choices { at, .. } => Some(self.map.project(*at)),
        }
    }

    /// Where a popup of `size` (CSS px) stands: see [`place_popup`].
    pub fn popup_position(&self, size: (f64, f64)) -> Option<ScreenPoint> {
        let view = self.map.view();
        let map = (view.width_css(), view.height_css());
        self.popup_anchor().map(|at| place_popup(at, size, map))
    }

    // ---- data ----

    /// Replaces the data: the popup closes, the window stays where it is unless the new data
    /// lies elsewhere in time, and the view fits the new data unless the page set a view.
    pub fn set_data(&mut self, data: Dataset) {
        self.histogram_revision = self.histogram_revision.wrapping_add(1);
        self.close();
        self.focus = None;
        self.map.set_data(data);
        self.source = DataSource::None;
        if self.follow_data {
            self.map.fit_data();
        }
        self.move_window_to(self.map.window().end);
    }

    /// Starts a load; refused while another one runs.
    pub fn begin_load(&mut self) -> Result<(), WidgetError> {
        if self.loading.is_some() {
            return Err(WidgetError::LoadInProgress);
        }
        self.loading = Some(Loading::default());
        Ok(())
    }

    /// Asks the load in progress to stop; false when there is none.
    pub fn cancel_load(&mut self) -> bool {
        match &mut self.loading {
            Some(loading) => {
                loading.cancel_requested = true;
                true
            }
            None => false,
        }
    }

    /// True when the load in progress was asked to stop.
    pub fn load_cancelled(&self) -> bool {
        self.loading.is_some_and(|l| l.cancel_requested)
    }

    /// True while a load runs.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// The load ended (done, failed or cancelled).
    pub fn end_load(&mut self) {
        self.loading = None;
    }
}

#[cfg(test)]
mod tests;
