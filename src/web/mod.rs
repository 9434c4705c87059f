//! The browser glue: the `IncidentMap` class JS sees. It only translates — DOM events become
//! calls on the core [`Widget`], its frame goes to the canvas with one `putImageData`, and what
//! it says (time bar, popup, progress) goes into DOM elements as text.
//!
//! Every way in (a method, a DOM event, an animation frame, a load's next chunk) goes through
//! one helper, [`run`]: borrow the widget, act, show what changed, release, then call the page's
//! callbacks. Listeners, the observer and the frame callback hold only a weak reference, so the
//! JS object owns the widget: `destroy()`, `free()` and garbage collection all end it the same
//! way ([`IncidentMap::shutdown`]).

mod api;
mod controls;
mod dom;
mod embed;
mod events;
mod fault;
mod filters;
mod importer_module;
mod list;
mod listeners;
mod loading;
mod picture;
mod popup;
mod reader;
mod strip;
mod stylesheet;
mod words;

use crate::filter::Filter;
use crate::histogram::{render_strip, Weight};
use crate::lang::Lang;
use crate::viewport::{ScreenPoint, Viewport};
use crate::widget::{Event, PopupState, TimeBar, Widget};
use controls::Controls;
use dom::attr;
use listeners::Listeners;
use popup::PopupView;
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use strip::STRIP_HEIGHT_CSS;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData, ResizeObserver, Window};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options for `new IncidentMap(canvas, options)`; any other key, or a bad value, throws a TypeError. */
export interface IncidentMapOptions {
  /** Language of titles, summaries and labels: "en" (default), "fr" or "ar". */
  lang?: "en" | "fr" | "ar";
  /** "mali" (default): the embedded record; "none": start empty. */
  data?: "mali" | "none";
  /** Window width preset: "week", "month" (default), "year" or "all". */
  window?: "week" | "month" | "year" | "all";
  /** Last day of the opening window (ISO date); default: the data's last day. */
  date?: string;
  /** The opening view. Not set: the embedded record opens on Mali and loaded data fits the view
   * to itself (outliers left out) until the page calls `setView`. "data": the same, fitted from
   * the start; "mali": Mali fills the canvas and loads leave the view; `{lon, lat, zoom}`: there,
   * and loads leave the view. */
  view?: "data" | "mali" | MapView;
  /** Keep the view, window, selection, language and filter in `location.hash` (default false). */
  hash?: boolean;
}
/** One feature or row that was skipped or loaded with a warning (`line`: CSV only). */
export interface ImportIssue { index: number; line: number | null; skipped: boolean; message: string; }
/** What `loadGeoJson` / `loadData` read; `format` is "GeoJSON", "ACLED" or "UCDP GED". */
export interface LoadResult { format: string; loaded: number; issues: ImportIssue[]; }
/** The visible time window, ISO dates, both days included. */
export interface TimeWindowValue { start: string; end: string; }
/** A position on the canvas, CSS pixels from its top-left corner. */
export interface ScreenPosition { x: number; y: number; }
/** A geographic position in degrees. */
export interface GeoPosition { lon: number; lat: number; }
/** The view: the canvas centre and the zoom level. */
export interface MapView { lon: number; lat: number; zoom: number; }
/** Payload of the "select" event: the incident's id, or null when the popup closed. */
export type SelectHandler = (id: string | null) => void;
/** Payload of the "timechange" event. */
export type TimeChangeHandler = (window: TimeWindowValue) => void;
/** What `filter()` returns, `setFilter` takes (every key optional there) and "filterchange"
 * passes: the event types shown (ACLED names), the actor text, the least death toll (0: any),
 * and whether only exact places show. */
export interface FilterValue {
  types: string[];
  actors: string;
  minDeaths: number;
  exactOnly: boolean;
}
/** Payload of the "filterchange" event. */
export type FilterChangeHandler = (filter: FilterValue) => void;
"#;

/// The message every call gets once the widget is gone.
const DESTROYED: &str = "this IncidentMap was destroyed";

/// The page's callbacks, by event.
#[derive(Default)]
struct Handlers {
    select: Vec<js_sys::Function>,
    timechange: Vec<js_sys::Function>,
    filterchange: Vec<js_sys::Function>,
}

impl Handlers {
    /// The list for an event name.
    fn list(&mut self, event: &str) -> Result<&mut Vec<js_sys::Function>, JsError> {
        match event {
            "select" => Ok(&mut self.select),
            "timechange" => Ok(&mut self.timechange),
            "filterchange" => Ok(&mut self.filterchange),
            other => Err(err(&format!(
                "unknown event '{other}' (use \"select\", \"timechange\" or \"filterchange\")"
            ))),
        }
    }
}

/// A callback to call once nothing is borrowed.
type Call = (Vec<js_sys::Function>, JsValue);

/// What the histogram strip was drawn from (see `Widget::strip_key`).
type StripKey = (u32, Option<usize>, Option<usize>);

/// What the chrome shows, so that only what changed is written.
#[derive(Default)]
struct Shown {
    time_bar: Option<TimeBar>,
    playing: bool,
    popup_revision: u32,
    /// The view and language the labels are placed for.
    labels: Option<(Viewport, Lang)>,
    progress: Option<String>,
    /// The incident whose tooltip shows, and where.
    tooltip: Option<(usize, ScreenPoint)>,
    /// Whether the legend is unfolded, and whether the widget is compact.
    panel: (bool, bool),
    /// The filter the legend and fields show.
    filter: Option<Filter>,
    /// What the strip was drawn for: its key and its device size.
    strip: Option<(StripKey, (u32, u32))>,
    /// Where the handles stand.
    handles: Option<(f64, f64)>,
    /// The histogram's weight the switch shows.
    weight: Weight,
    /// The language the chrome is written in.
    lang: Option<Lang>,
    /// Where the focus ring stands.
    ring: Option<(ScreenPoint, f64)>,
    /// Whether the list shows, and what it was filled for (window, histogram revision,
    /// language).
    list_open: bool,
    list: Option<(crate::timeline::TimeWindow, u32, Lang)>,
    /// The language and the data's source the credits were written for.
    credits: Option<(Lang, crate::picture::DataSource)>,
}

/// A load in progress: what stops it at once.
struct LoadHandle {
    /// Aborts the fetch of a `loadUrl`.
    controller: Option<web_sys::AbortController>,
    /// The stream's reader, once there is one: cancelling it ends a pending read.
    reader: Option<web_sys::ReadableStreamDefaultReader>,
    /// What the progress bar says.
    progress: String,
    /// The importer's worker: ending it stops a parse at once.
    job: importer_module::Job,
}

impl LoadHandle {
    fn abort(&self) {
        self.job.end();
        if let Some(controller) = &self.controller {
            controller.abort();
        }
        if let Some(reader) = &self.reader {
            cancel_quietly(reader);
        }
    }
}

/// Cancels a stream's reader: a pending read ends. The promise `cancel()` returns rejects when
/// the stream was aborted; that is expected, so it is handled rather than left to the page as
/// an unhandled rejection.
fn cancel_quietly(reader: &web_sys::ReadableStreamDefaultReader) {
    thread_local! {
        static IGNORE: Closure<dyn FnMut(JsValue)> = Closure::new(|_: JsValue| {});
    }
    IGNORE.with(|ignore| {
        let _ = reader.cancel().then2(ignore, ignore);
    });
}

/// A ResizeObserver with the callback it calls.
type Observer = (ResizeObserver, Closure<dyn FnMut(js_sys::Array)>);
/// The animation-frame callback.
type FrameCallback = Closure<dyn FnMut(f64)>;

/// What the widget hooked into the page. It lives beside the widget, not inside it, and is
/// borrowed only for a moment at a time, so that ending the widget can always undo it — even
/// after an internal error left the widget itself unusable.
struct Hooks {
    window: Window,
    listeners: RefCell<Listeners>,
    resize: RefCell<Option<Observer>>,
    frame: RefCell<Option<FrameCallback>>,
    frame_pending: Cell<Option<i32>>,
    /// A load in progress.
    load: RefCell<Option<LoadHandle>>,
    /// The container that replaced the canvas in the page, and the canvas.
    placed: RefCell<Option<(web_sys::HtmlElement, HtmlCanvasElement)>>,
    /// Says the window once it settles.
    settle: reader::SettleTimer,
}

impl Hooks {
    /// Requests one animation frame unless one is already in flight.
    fn request_frame(&self) {
        if self.frame_pending.get().is_some() {
            return;
        }
        if let Ok(frame) = self.frame.try_borrow() {
            if let Some(frame) = frame.as_ref() {
                let id = self
                    .window
                    .request_animation_frame(frame.as_ref().unchecked_ref())
                    .ok();
                self.frame_pending.set(id);
            }
        }
    }

    /// Undoes everything: listeners, observer, frame request, a load in progress, and the
    /// DOM the widget added (the canvas goes back where it was).
    fn undo(&self) {
        if let Ok(mut listeners) = self.listeners.try_borrow_mut() {
            listeners.remove_all();
        }
        if let Some((observer, _)) = self.resize.try_borrow_mut().ok().and_then(|mut r| r.take()) {
            observer.disconnect();
        }
        if let Some(id) = self.frame_pending.take() {
            let _ = self.window.cancel_animation_frame(id);
        }
        if let Ok(mut frame) = self.frame.try_borrow_mut() {
            *frame = None;
        }
        if let Some(load) = self.load.try_borrow_mut().ok().and_then(|mut l| l.take()) {
            load.abort();
        }
        self.settle.end(self);
        if let Some((container, canvas)) =
            self.placed.try_borrow_mut().ok().and_then(|mut p| p.take())
        {
            controls::unwrap_canvas(&container, &canvas);
        }
    }
}

/// The live widget and the DOM it shows itself in.
struct Inner {
    widget: Widget,
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    controls: Controls,
    popup: PopupView,
    shown: Shown,
    /// The canvas's CSS size, as the ResizeObserver last reported it (reading it from the
    /// layout on every frame would force a layout pass per frame).
    css_size: (f64, f64),
    /// The histogram strip's CSS width, reported the same way.
    strip_width: f64,
    handlers: Handlers,
    hooks: Rc<Hooks>,
    /// The widget as its timers reach it.
    handle: Handle,
    /// Where the page's focus was before the popup took it.
    return_focus: Option<web_sys::Element>,
    /// With the `hash` option: what keeps the address in step.
    hash: Option<crate::widget::deep_link::HashSync>,
}

type Shared = Rc<RefCell<Option<Inner>>>;

/// What a listener, the observer, the frame callback or a load keeps of the widget: its id
/// and a weak reference, so none of them keeps it alive.
#[derive(Clone)]
struct Handle {
    id: u32,
    shared: Weak<RefCell<Option<Inner>>>,
}

/// An incident map on a `<canvas>`: see the README for the whole API.
#[wasm_bindgen(js_name = IncidentMap)]
pub struct IncidentMap {
    id: u32,
    shared: Shared,
    hooks: Rc<Hooks>,
}

/// After a call: whether the map should be painted on the next animation frame.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Then {
    Paint,
    Nothing,
}

fn err(message: &str) -> JsError {
    JsError::new(message)
}

fn to_js<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

#[derive(Serialize)]
struct WindowOut {
    start: String,
    end: String,
}

/// A filter as the page sees it (`FilterValue`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FilterOut {
    types: Vec<&'static str>,
    actors: String,
    min_deaths: u32,
    exact_only: bool,
}

fn filter_out(f: &Filter) -> FilterOut {
    FilterOut {
        types: crate::incident::EventType::ALL
            .into_iter()
            .filter(|t| !f.hidden_types.contains(t))
            .map(|t| t.label())
            .collect(),
        actors: f.actor.clone(),
        min_deaths: f.min_deaths,
        exact_only: f.exact_only,
    }
}

fn window_out(w: crate::timeline::TimeWindow) -> WindowOut {
    WindowOut {
        start: w.start.to_iso(),
        end: w.end.to_iso(),
    }
}

impl Handle {
    /// Runs `f` on the live widget: see [`run`].
    fn run<R>(&self, then: Then, f: impl FnOnce(&mut Inner) -> R) -> Result<R, JsError> {
        let shared = self.shared.upgrade().ok_or_else(|| err(DESTROYED))?;
        run(self.id, &shared, then, f)
    }
}

/// The one way into the widget. Refuses when the widget stopped after an internal error, was
/// destroyed, or is already borrowed (a callback calling back in); otherwise runs `f`, shows
/// what changed in the chrome, asks for a frame when `then` says so, releases the widget and
/// calls the page's callbacks for what happened. A callback that throws is reported with
/// `console.error`; the others still run.
fn run<R>(
    id: u32,
    shared: &RefCell<Option<Inner>>,
    then: Then,
    f: impl FnOnce(&mut Inner) -> R,
) -> Result<R, JsError> {
    let mut session = Session::open(id, shared)?;
    let result = f(&mut session.inner);
    session.close(then);
    Ok(result)
}

/// One call into the widget: it is marked as running and borrowed until [`Session::close`].
/// Opening and closing are not inlined: they are the same for every call, and `run` is
/// instantiated once per method and listener.
struct Session<'a> {
    inner: std::cell::RefMut<'a, Inner>,
    _running: fault::Running,
}

impl<'a> Session<'a> {
    #[inline(never)]
    fn open(id: u32, shared: &'a RefCell<Option<Inner>>) -> Result<Session<'a>, JsError> {
        fault::check(id)?;
        let running = fault::Running::enter(id);
        let guard = shared
            .try_borrow_mut()
            .map_err(|_| err("IncidentMap is busy (re-entrant call)"))?;
        let inner =
            std::cell::RefMut::filter_map(guard, Option::as_mut).map_err(|_| err(DESTROYED))?;
        Ok(Session {
            inner,
            _running: running,
        })
    }

    #[inline(never)]
    fn close(mut self, then: Then) {
        let calls = self.inner.settle(then);
        drop(self);
        call_back(calls);
    }
}

/// Calls the page's callbacks; one that throws is reported, and the others still run.
#[inline(never)]
fn call_back(calls: Vec<Call>) {
    for (handlers, arg) in calls {
        for handler in handlers {
            if let Err(error) = handler.call1(&JsValue::NULL, &arg) {
                web_sys::console::error_2(&"incident-map: an event callback threw".into(), &error);
            }
        }
    }
}

impl Inner {
    /// After a call: shows what changed in the chrome, asks for a frame when `then` says so
    /// (or playback runs), and gives the page's callbacks for what happened. Not inlined: it
    /// is the same for every call.
    #[inline(never)]
    fn settle(&mut self, then: Then) -> Vec<Call> {
        self.show_chrome();
        let hash_waits = self.write_hash();
        if then == Then::Paint || self.widget.needs_frames() || hash_waits {
            self.hooks.request_frame();
        }
        self.calls()
    }

    /// The page's callbacks for the widget's events since the last call.
    fn calls(&mut self) -> Vec<Call> {
        self.widget
            .take_events()
            .into_iter()
            .map(|event| match event {
                Event::Select(id) => (
                    self.handlers.select.clone(),
                    id.map_or(JsValue::NULL, JsValue::from),
                ),
                Event::TimeChange(w) => (self.handlers.timechange.clone(), to_js(&window_out(w))),
                Event::FilterChange(f) => {
                    (self.handlers.filterchange.clone(), to_js(&filter_out(&f)))
                }
            })
            .filter(|(handlers, _)| !handlers.is_empty())
            .collect()
    }

    /// Writes into the chrome what changed: the time bar, the play button, the popup's
    /// content and the progress bar.
    fn show_chrome(&mut self) {
        let lang = self.widget.lang();
        let new_lang = self.shown.lang != Some(lang);
        if new_lang {
            self.controls.show_lang(lang);
            self.shown.lang = Some(lang);
            self.describe();
            // What was said in the other language is not said again.
            self.controls.live.set_text_content(None);
        }
        let bar = self.widget.time_bar();
        let window_moved = self.shown.time_bar.as_ref() != Some(&bar);
        if window_moved {
            self.controls
                .show_time_bar(&bar, self.shown.time_bar.as_ref());
            self.shown.time_bar = Some(bar);
        }
        let playing = self.widget.is_playing();
        if self.shown.playing != playing || new_lang {
            self.controls.show_playing(playing, lang);
            self.shown.playing = playing;
        }
        let revision = self.widget.popup_revision();
        if self.shown.popup_revision != revision {
            self.shown.popup_revision = revision;
            match self.widget.popup() {
                PopupState::Closed => self.popup.hide(),
                PopupState::Incident(_) => {
                    if let Some(content) = self.widget.incident_popup() {
                        self.popup.show_incident(&content);
                    }
                }
                PopupState::Choices { .. } => {
                    if let Some(choices) = self.widget.choices() {
                        self.popup.show_choices(&choices);
                    }
                }
            }
        }
        let panel = (self.widget.is_panel_open(), self.widget.is_compact());
        if self.shown.panel != panel {
            self.controls.show_panel(panel.0, panel.1);
            self.shown.panel = panel;
        }
        if self.shown.filter.as_ref() != Some(self.widget.filter()) {
            self.controls.filters.show(self.widget.filter());
            self.shown.filter = Some(self.widget.filter().clone());
        }
        if self.shown.weight != self.widget.weight() {
            self.shown.weight = self.widget.weight();
            let deaths = self.shown.weight == Weight::Deaths;
            attr(
                &self.controls.strip.weight,
                "aria-pressed",
                if deaths { "true" } else { "false" },
            );
        }
        self.show_handles();
        let tooltip = self.widget.tooltip();
        if self.shown.tooltip != tooltip {
            let new_incident = tooltip.map(|t| t.0) != self.shown.tooltip.map(|t| t.0);
            let text = tooltip
                .filter(|_| new_incident)
                .and_then(|(index, _)| self.widget.tooltip_text(index));
            let text = text.as_ref().map(|(t, d)| (t.as_str(), d.as_str()));
            self.controls.show_tooltip(text, tooltip.map(|t| t.1));
            self.shown.tooltip = tooltip;
        }
        let progress = self
            .hooks
            .load
            .try_borrow()
            .ok()
            .and_then(|l| l.as_ref().map(|l| l.progress.clone()));
        if self.shown.progress != progress {
            self.controls.show_progress(progress.as_deref());
            self.shown.progress = progress;
        }
        self.show_reader(window_moved);
        let source = (lang, self.widget.data_source());
        if self.shown.credits.as_ref().map(|(l, s)| (*l, s)) != Some(source) {
            let credits = crate::picture::credits(&self.widget).join(" · ");
            dom::set_text(&self.controls.credits, &credits);
            self.shown.credits = Some((lang, self.widget.data_source().clone()));
        }
    }

    /// Paints the map: canvas size, frame, labels, the aggregation notice and the popup's
    /// place.
    fn paint(&mut self) {
        let (w, h) = self.css_size;
        let map = self.widget.map_mut();
        map.resize(w, h, self.hooks.window.device_pixel_ratio());
        let (dw, dh) = map.view().device_size();
        if self.canvas.width() != dw || self.canvas.height() != dh {
            self.canvas.set_width(dw);
            self.canvas.set_height(dh);
        }
        map.render();
        // Only when something changed; then all of it goes, which lets the browser drop the
        // canvas's old pixels instead of preserving them for a partial write.
        if map.changed().is_some() {
            let frame = map.frame();
            let (w, h, data) = (frame.width(), frame.height(), frame.data());
            if let Ok(image) = ImageData::new_with_u8_clamped_array_and_sh(Clamped(data), w, h) {
                let _ = self.ctx.put_image_data(&image, 0.0, 0.0);
            }
        }
        self.show_strip();
        let map = self.widget.map_mut();
        let aggregated = map.is_aggregated();
        self.controls.show_aggregated(aggregated);
        self.show_labels();
        self.show_ring();
        if self.popup.is_open() {
            let size = self.popup.size();
            if let Some(at) = self.widget.popup_position(size) {
                self.popup.place(at);
            }
        }
    }

    /// Draws the histogram strip again when its bars, the bars in the window or its size
    /// changed.
    fn show_strip(&mut self) {
        let ratio = self.widget.map().view().pixel_ratio();
        let size = (
            (self.strip_width * ratio).round().max(1.0) as u32,
            (STRIP_HEIGHT_CSS * ratio).round() as u32,
        );
        let shown = (self.widget.strip_key(), size);
        if self.shown.strip == Some(shown) {
            return;
        }
        self.shown.strip = Some(shown);
        let map = self.widget.map();
        let pixels = render_strip(map.histogram(), map.window(), size.0, size.1);
        self.controls.strip.draw(&pixels);
        if let Some((first, last)) = map.histogram().range() {
            self.controls.strip.set_bounds(first.0, last.0);
        }
    }

    /// Places the range's handles where the window is.
    fn show_handles(&mut self) {
        let handles = self.widget.handles(self.strip_width);
        if self.shown.handles == handles {
            return;
        }
        self.shown.handles = handles;
        let Some(at) = handles else { return };
        let window = self.widget.map().window();
        let lang = self.widget.lang();
        let (start, end) = (
            crate::i18n::date(lang, window.start.date()),
            crate::i18n::date(lang, window.end.date()),
        );
        self.controls
            .strip
            .place(at, (window.start.0, window.end.0), (&start, &end));
    }

    /// Places the town labels, when the view or the language changed since.
    fn show_labels(&mut self) {
        let view = *self.widget.map().view();
        let lang = self.widget.lang();
        if self.shown.labels == Some((view, lang)) {
            return;
        }
        self.shown.labels = Some((view, lang));
        let labels = self.widget.map().labels(lang.code());
        self.controls.show_labels(&labels, &view, lang.is_rtl());
    }
}

impl IncidentMap {
    fn handle(&self) -> Handle {
        Handle {
            id: self.id,
            shared: Rc::downgrade(&self.shared),
        }
    }

    /// A promise for what the future `start` makes gives (a load, an export); rejected if the
    /// widget stops after an internal error meanwhile.
    fn promise<F>(&self, start: impl FnOnce(Handle) -> F) -> js_sys::Promise
    where
        F: std::future::Future<Output = Result<JsValue, JsValue>> + 'static,
    {
        loading::promise(self.handle(), Box::pin(start(self.handle())))
    }

    /// Runs `f` on the live widget and paints after it.
    fn with<R>(&self, f: impl FnOnce(&mut Widget) -> R) -> Result<R, JsError> {
        run(self.id, &self.shared, Then::Paint, |inner| {
            f(&mut inner.widget)
        })
    }

    /// Runs `f` on the live widget, without painting.
    fn read<R>(&self, f: impl FnOnce(&mut Widget) -> R) -> Result<R, JsError> {
        run(self.id, &self.shared, Then::Nothing, |inner| {
            f(&mut inner.widget)
        })
    }

    /// Ends the widget: what `destroy()`, `free()` and garbage collection do. Every listener,
    /// the observer, the frame request and a load in progress go, the DOM it added is removed,
    /// the canvas is put back, and the data is freed. Safe to call twice.
    fn shutdown(&self) {
        self.hooks.undo();
        // The data goes now; after an internal error the widget may be left borrowed, and then
        // goes with this object.
        drop(self.shared.try_borrow_mut().ok().and_then(|mut g| g.take()));
        fault::forget(self.id);
    }
}

impl Drop for IncidentMap {
    fn drop(&mut self) {
        self.shutdown();
    }
}
