//! The browser glue: the `IncidentMap` class JS sees. It only adapts — DOM events become
//! [`InputEvent`]s for [`MapState`], its frame goes to the canvas with one `putImageData`, and
//! popup text goes into DOM elements with `textContent`.

mod controls;
mod dom;
mod listeners;
mod loading;
mod popup;

use crate::dataset::Dataset;
use crate::import::{Format, ImportIssue};
use crate::incident::Incident;
use crate::input::{InputEvent, Key};
use crate::map_state::{MapState, Outcome};
use crate::popup::PopupContent;
use crate::projection::lon_lat;
use crate::timeline::{Day, TimeWindow, WindowWidth};
use crate::viewport::{screen_point, ScreenPoint};
use controls::Controls;
use listeners::Listeners;
use popup::PopupView;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{
    CanvasRenderingContext2d, Document, Element, Event, HtmlCanvasElement, ImageData,
    KeyboardEvent, PointerEvent, ResizeObserver, WheelEvent, Window,
};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options for `new IncidentMap(canvas, options)`. */
export interface IncidentMapOptions {
  /** Language of titles, summaries and labels: "en" (default), "fr" or "ar". */
  lang?: "en" | "fr" | "ar";
  /** "mali" (default): the embedded record; "none": start empty. */
  data?: "mali" | "none";
  /** Window width preset: "week", "month" (default), "year" or "all". */
  window?: "week" | "month" | "year" | "all";
  /** Last day of the opening window (ISO date); default: the data's last day. */
  date?: string;
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
/** Payload of the "select" event: the incident's id, or null when the popup closed. */
export type SelectHandler = (id: string | null) => void;
/** Payload of the "timechange" event. */
export type TimeChangeHandler = (window: TimeWindowValue) => void;
"#;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Options {
    lang: Option<String>,
    data: Option<String>,
    window: Option<String>,
    date: Option<String>,
}

#[derive(Serialize)]
struct IssueOut {
    index: usize,
    line: Option<u64>,
    skipped: bool,
    message: String,
}

#[derive(Serialize)]
struct LoadResult {
    format: &'static str,
    loaded: usize,
    issues: Vec<IssueOut>,
}

#[derive(Serialize)]
struct WindowOut {
    start: String,
    end: String,
}

#[derive(Serialize)]
struct XY {
    x: f64,
    y: f64,
}

#[derive(Serialize)]
struct LonLatOut {
    lon: f64,
    lat: f64,
}

/// Something to tell the page's callbacks once no state is borrowed.
enum Notice {
    Select(Option<String>),
    TimeChange(TimeWindow),
}

struct Inner {
    state: MapState,
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    window: Window,
    controls: Controls,
    popup: PopupView,
    lang: String,
    width: WindowWidth,
    playing: bool,
    last_frame_ms: Option<f64>,
    play_carry_days: f64,
    frame_pending: Option<i32>,
    on_select: Vec<js_sys::Function>,
    on_timechange: Vec<js_sys::Function>,
    /// While a stream loads: whether the user asked to cancel it.
    loading: Option<bool>,
    /// The canvas's CSS size, as the ResizeObserver last reported it (reading it from the
    /// layout on every frame would force a layout pass per frame).
    css_size: (f64, f64),
}

type Shared = Rc<RefCell<Option<Inner>>>;

/// A ResizeObserver with the callback it calls.
type Observer = (ResizeObserver, Closure<dyn FnMut(js_sys::Array)>);

/// The parts that must outlive borrows of `Inner`: listeners and frame callback hold `Shared`.
struct Hooks {
    listeners: Listeners,
    resize: Option<Observer>,
    frame: Option<Closure<dyn FnMut(f64)>>,
}

/// An incident map on a `<canvas>`: see the README for the whole API.
#[wasm_bindgen(js_name = IncidentMap)]
pub struct IncidentMap {
    shared: Shared,
    hooks: Rc<RefCell<Hooks>>,
}

fn err(message: &str) -> JsError {
    JsError::new(message)
}

fn to_js<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

fn window_out(w: TimeWindow) -> WindowOut {
    WindowOut {
        start: w.start.to_iso(),
        end: w.end.to_iso(),
    }
}

fn css_size(canvas: &HtmlCanvasElement) -> (f64, f64) {
    let rect = canvas.get_bounding_client_rect();
    let (w, h) = (rect.width(), rect.height());
    if w >= 1.0 && h >= 1.0 {
        (w, h)
    } else {
        (
            f64::from(canvas.width().max(1)),
            f64::from(canvas.height().max(1)),
        )
    }
}

impl Inner {
    fn sync_canvas_size(&mut self) {
        let (w, h) = self.css_size;
        let ratio = self.window.device_pixel_ratio();
        self.state.resize(w, h, ratio);
        let (dw, dh) = self.state.view().device_size();
        if self.canvas.width() != dw || self.canvas.height() != dh {
            self.canvas.set_width(dw);
            self.canvas.set_height(dh);
        }
    }

    fn paint(&mut self) {
        self.sync_canvas_size();
        let ratio = self.state.view().pixel_ratio();
        let frame = self.state.render();
        let (w, h, data) = (frame.width(), frame.height(), frame.data());
        if let Ok(image) = ImageData::new_with_u8_clamped_array_and_sh(Clamped(data), w, h) {
            let _ = self.ctx.put_image_data(&image, 0.0, 0.0);
        }
        let _ = self.ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
        let rtl = self.lang == "ar";
        let mut font_weight = "";
        for label in self.state.labels(&self.lang) {
            let weight = if label.rank == 1 { "600 13px" } else { "12px" };
            if weight != font_weight {
                font_weight = weight;
                self.ctx.set_font(&format!(
                    "{weight} system-ui, \"Noto Sans\", \"Noto Sans Arabic\", sans-serif"
                ));
            }
            self.ctx.set_text_baseline("middle");
            self.ctx.set_text_align(if rtl { "right" } else { "left" });
            let x = if rtl {
                label.at.x - 6.0
            } else {
                label.at.x + 6.0
            };
            self.ctx.set_line_width(3.0);
            self.ctx.set_stroke_style_str("rgba(255,255,255,0.9)");
            let _ = self.ctx.stroke_text(&label.text, x, label.at.y);
            self.ctx.set_fill_style_str("#333");
            let _ = self.ctx.fill_text(&label.text, x, label.at.y);
        }
        let _ = self.ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        let aggregated = self.state.is_aggregated();
        self.controls.show_aggregated(aggregated);
        self.place_popup();
    }

    fn place_popup(&self) {
        if !self.popup.is_open() {
            return;
        }
        let selected = self
            .state
            .selected()
            .and_then(|i| self.state.data().anchor(i));
        let anchor = match selected {
            Some(anchor) => self.state.project(anchor),
            None => match self
                .popup
                .root
                .get_attribute("data-x")
                .zip(self.popup.root.get_attribute("data-y"))
            {
                Some((x, y)) => screen_point(x.parse().unwrap_or(0.0), y.parse().unwrap_or(0.0)),
                None => return,
            },
        };
        let view = self.state.view();
        self.popup
            .place(anchor.x, anchor.y, view.width_css(), view.height_css());
    }

    fn data_range(&self) -> Option<(Day, Day)> {
        self.state.data().day_range()
    }

    fn show_window(&self) {
        self.controls.show_window(
            self.state.window(),
            self.width,
            self.data_range(),
            self.state.visible_count(),
        );
    }

    /// Moves the window to end on `day` with the current width.
    fn window_ending(&mut self, day: Day) -> TimeWindow {
        let first = self.data_range().map_or(day, |r| r.0);
        let window = self.width.window_ending(day, first);
        self.state.set_window(window);
        self.show_window();
        window
    }

    fn open(&mut self, index: usize) -> Option<Notice> {
        let incident = self.state.incident(index)?;
        let content = PopupContent::of(&incident, &self.lang);
        self.state.select(Some(index));
        self.popup.show_incident(&content);
        Some(Notice::Select(Some(content.id)))
    }

    fn close(&mut self) -> Option<Notice> {
        let was_open = self.popup.is_open();
        self.popup.hide();
        let had = self.state.selected().is_some();
        self.state.select(None);
        (was_open || had).then_some(Notice::Select(None))
    }

    fn click(&mut self, x: f64, y: f64) -> Option<Notice> {
        let hits = self.state.pick(screen_point(x, y));
        match hits.as_slice() {
            [] => self.close(),
            [one] => self.open(*one),
            many => {
                let choices: Vec<Incident> = many
                    .iter()
                    .take(popup::MAX_CHOICES)
                    .filter_map(|&i| self.state.incident(i))
                    .collect();
                let total = many.len();
                self.state.select(None);
                self.popup.show_choices(&choices, total, &self.lang);
                dom::attr(&self.popup.root, "data-x", &x.to_string());
                dom::attr(&self.popup.root, "data-y", &y.to_string());
                None
            }
        }
    }

    fn set_playing(&mut self, playing: bool) {
        self.playing = playing;
        self.last_frame_ms = None;
        self.play_carry_days = 0.0;
        self.controls.show_playing(playing);
    }

    /// Advances playback by the time since the last frame; stops at the data's end.
    fn advance(&mut self, now_ms: f64) -> Option<Notice> {
        let last_ms = self.last_frame_ms.replace(now_ms)?;
        let (first, last) = self.data_range()?;
        self.play_carry_days +=
            (now_ms - last_ms).clamp(0.0, 250.0) / 1000.0 * self.width.play_days_per_second();
        let step = self.play_carry_days.floor();
        if step < 1.0 {
            return None;
        }
        self.play_carry_days -= step;
        let end = self
            .state
            .window()
            .end
            .plus(step as i32)
            .min(last)
            .max(first);
        let window = self.window_ending(end);
        if end >= last {
            self.set_playing(false);
        }
        Some(Notice::TimeChange(window))
    }
}

/// Runs `f` on the live widget, then redraws and notifies; an error once destroyed.
fn with_widget<R>(
    shared: &Shared,
    hooks: &Rc<RefCell<Hooks>>,
    f: impl FnOnce(&mut Inner) -> (R, Vec<Notice>),
) -> Result<R, JsError> {
    let (result, notices) = {
        let mut guard = shared
            .try_borrow_mut()
            .map_err(|_| err("IncidentMap is busy (re-entrant call)"))?;
        let inner = guard
            .as_mut()
            .ok_or_else(|| err("this IncidentMap was destroyed"))?;
        f(inner)
    };
    request_frame(shared, hooks);
    notify(shared, notices);
    Ok(result)
}

/// Swaps in freshly imported data and reports what the import said.
fn replace_data(
    shared: &Shared,
    hooks: &Rc<RefCell<Hooks>>,
    data: Dataset,
    format: Format,
    issues: &[ImportIssue],
) -> Result<JsValue, JsError> {
    let result = LoadResult {
        format: format.label(),
        loaded: data.len(),
        issues: issues
            .iter()
            .map(|i| IssueOut {
                index: i.index,
                line: i.line,
                skipped: i.skipped,
                message: i.message(),
            })
            .collect(),
    };
    with_widget(shared, hooks, |inner| {
        let mut notices: Vec<Notice> = inner.close().into_iter().collect();
        inner.state.set_data(data);
        let end = inner.state.window().end;
        notices.push(Notice::TimeChange(inner.window_ending(end)));
        ((), notices)
    })?;
    Ok(to_js(&result))
}

/// Calls the page's callbacks for `notices`, with nothing borrowed.
fn notify(shared: &Shared, notices: Vec<Notice>) {
    for notice in notices {
        let (handlers, arg) = {
            let guard = shared.borrow();
            let Some(inner) = guard.as_ref() else { return };
            match notice {
                Notice::Select(id) => (
                    inner.on_select.clone(),
                    id.map_or(JsValue::NULL, JsValue::from),
                ),
                Notice::TimeChange(w) => (inner.on_timechange.clone(), to_js(&window_out(w))),
            }
        };
        for f in handlers {
            let _ = f.call1(&JsValue::NULL, &arg);
        }
    }
}

/// Requests one animation frame unless one is already in flight.
fn request_frame(shared: &Shared, hooks: &Rc<RefCell<Hooks>>) {
    let Ok(mut guard) = shared.try_borrow_mut() else {
        return;
    };
    let Some(inner) = guard.as_mut() else { return };
    if inner.frame_pending.is_some() {
        return;
    }
    let Ok(h) = hooks.try_borrow() else { return };
    if let Some(frame) = &h.frame {
        inner.frame_pending = inner
            .window
            .request_animation_frame(frame.as_ref().unchecked_ref())
            .ok();
    }
}

fn on_frame(shared: &Shared, hooks: &Rc<RefCell<Hooks>>, now_ms: f64) {
    let (notices, again) = {
        let Ok(mut guard) = shared.try_borrow_mut() else {
            return;
        };
        let Some(inner) = guard.as_mut() else { return };
        inner.frame_pending = None;
        let notice = if inner.playing {
            inner.advance(now_ms)
        } else {
            None
        };
        inner.paint();
        (notice.into_iter().collect::<Vec<_>>(), inner.playing)
    };
    notify(shared, notices);
    if again {
        request_frame(shared, hooks);
    }
}

fn pointer_at(canvas: &HtmlCanvasElement, e: &PointerEvent) -> ScreenPoint {
    let r = canvas.get_bounding_client_rect();
    screen_point(
        f64::from(e.client_x()) - r.left(),
        f64::from(e.client_y()) - r.top(),
    )
}

impl IncidentMap {
    /// Runs `f` on the live widget, then redraws and notifies; an error once destroyed.
    fn with<R>(&self, f: impl FnOnce(&mut Inner) -> (R, Vec<Notice>)) -> Result<R, JsError> {
        with_widget(&self.shared, &self.hooks, f)
    }

    /// Runs `f` on the live widget without repainting; an error once destroyed.
    fn read<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> Result<R, JsError> {
        let mut guard = self
            .shared
            .try_borrow_mut()
            .map_err(|_| err("IncidentMap is busy (re-entrant call)"))?;
        guard
            .as_mut()
            .map(f)
            .ok_or_else(|| err("this IncidentMap was destroyed"))
    }

    /// Handles one DOM event with the widget borrowed, then redraws and notifies.
    fn dispatch(
        shared: &Shared,
        hooks: &Rc<RefCell<Hooks>>,
        f: impl FnOnce(&mut Inner) -> Vec<Notice>,
    ) {
        let notices = {
            let Ok(mut guard) = shared.try_borrow_mut() else {
                return;
            };
            let Some(inner) = guard.as_mut() else { return };
            f(inner)
        };
        request_frame(shared, hooks);
        notify(shared, notices);
    }

    fn listen(
        &self,
        target: &web_sys::EventTarget,
        name: &'static str,
        handler: impl Fn(&mut Inner, Event) -> Vec<Notice> + 'static,
    ) {
        let (shared, hooks) = (self.shared.clone(), Rc::downgrade(&self.hooks));
        let closure = move |event: Event| {
            if let Some(hooks) = hooks.upgrade() {
                IncidentMap::dispatch(&shared, &hooks, |inner| handler(inner, event));
            }
        };
        if let Ok(mut h) = self.hooks.try_borrow_mut() {
            h.listeners.add(target, name, closure);
        }
    }

    /// Forwards `name` pointer events on `target` as `make(pointer id, position)` while a
    /// press is in progress.
    fn listen_pointer(
        &self,
        target: &web_sys::EventTarget,
        name: &'static str,
        make: fn(i32, ScreenPoint) -> InputEvent,
    ) {
        self.listen(target, name, move |inner, e| {
            let Some(e) = e.dyn_ref::<PointerEvent>() else {
                return vec![];
            };
            if !inner.state.is_pressed() {
                return vec![];
            }
            let at = pointer_at(&inner.canvas, e);
            IncidentMap::input(inner, make(e.pointer_id(), at))
        });
    }

    fn input(inner: &mut Inner, event: InputEvent) -> Vec<Notice> {
        match inner.state.handle(event) {
            Outcome::Clicked(at) => inner.click(at.x, at.y).into_iter().collect(),
            Outcome::Dismissed => inner.close().into_iter().collect(),
            Outcome::ViewChanged | Outcome::Nothing => Vec::new(),
        }
    }

    fn attach(&self, document: &Document, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let (controls_target, doc_target): (web_sys::EventTarget, web_sys::EventTarget) =
            (canvas.clone().into(), document.clone().into());
        self.listen(&controls_target, "pointerdown", |inner, e| {
            let Some(e) = e.dyn_ref::<PointerEvent>() else {
                return vec![];
            };
            if e.button() > 0 {
                return vec![];
            }
            e.prevent_default();
            let _ = inner.canvas.focus();
            let at = pointer_at(&inner.canvas, e);
            IncidentMap::input(
                inner,
                InputEvent::Down {
                    pointer: e.pointer_id(),
                    at,
                },
            )
        });
        // Moves and releases are tracked on the whole document, so a drag that leaves the
        // canvas keeps going and ends where the pointer is released.
        self.listen_pointer(&doc_target, "pointermove", |pointer, at| InputEvent::Move {
            pointer,
            at,
        });
        self.listen_pointer(&doc_target, "pointerup", |pointer, at| InputEvent::Up {
            pointer,
            at,
        });
        self.listen_pointer(&doc_target, "pointercancel", |pointer, _| {
            InputEvent::Cancel { pointer }
        });
        self.listen(&controls_target, "wheel", |inner, e| {
            let Some(e) = e.dyn_ref::<WheelEvent>() else {
                return vec![];
            };
            e.prevent_default();
            let r = inner.canvas.get_bounding_client_rect();
            let at = screen_point(
                f64::from(e.client_x()) - r.left(),
                f64::from(e.client_y()) - r.top(),
            );
            // deltaMode 1 = lines, 2 = pages: convert to pixels.
            let scale = match e.delta_mode() {
                1 => 40.0,
                2 => 800.0,
                _ => 1.0,
            };
            IncidentMap::input(
                inner,
                InputEvent::Wheel {
                    at,
                    delta_px: e.delta_y() * scale,
                },
            )
        });
        let container: web_sys::EventTarget = self.read(|i| i.controls.container.clone())?.into();
        self.listen(&container, "keydown", |inner, e| {
            let Some(ke) = e.dyn_ref::<KeyboardEvent>() else {
                return vec![];
            };
            let Some(key) = Key::from_dom(&ke.key()) else {
                return vec![];
            };
            let on_canvas = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlCanvasElement>().ok())
                .is_some();
            if key != Key::Escape && !on_canvas {
                return vec![];
            }
            e.prevent_default();
            IncidentMap::input(inner, InputEvent::Key(key))
        });
        let (zoom_in, zoom_out, play, slider, width, popup, cancel) = self.read(|i| {
            (
                i.controls.zoom_in.clone(),
                i.controls.zoom_out.clone(),
                i.controls.play.clone(),
                i.controls.slider.clone(),
                i.controls.width.clone(),
                i.popup.root.clone(),
                i.controls.cancel.clone(),
            )
        })?;
        self.listen(&cancel, "click", |inner, _| {
            if inner.loading.is_some() {
                inner.loading = Some(true);
            }
            vec![]
        });
        self.listen(&zoom_in, "click", |inner, _| {
            inner.state.zoom_by(2.0);
            vec![]
        });
        self.listen(&zoom_out, "click", |inner, _| {
            inner.state.zoom_by(0.5);
            vec![]
        });
        self.listen(&play, "click", |inner, _| {
            let playing = !inner.playing;
            let mut notices = Vec::new();
            if let (true, Some((first, last))) = (playing, inner.data_range()) {
                if inner.state.window().end >= last {
                    let restart = inner.width.window_ending(first, first).end;
                    notices.push(Notice::TimeChange(inner.window_ending(restart)));
                }
            }
            inner.set_playing(playing);
            notices
        });
        self.listen(&slider, "input", |inner, _| {
            let Ok(day) = inner.controls.slider.value().parse::<i32>() else {
                return vec![];
            };
            vec![Notice::TimeChange(inner.window_ending(Day(day)))]
        });
        self.listen(&width, "change", |inner, _| {
            let Some(w) = WindowWidth::from_key(&inner.controls.width.value()) else {
                return vec![];
            };
            inner.width = w;
            let end = inner.state.window().end;
            vec![Notice::TimeChange(inner.window_ending(end))]
        });
        self.listen(&popup, "click", |inner, e| {
            let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return vec![];
            };
            if target
                .closest("[data-action=close]")
                .ok()
                .flatten()
                .is_some()
            {
                return inner.close().into_iter().collect();
            }
            let choice = target
                .closest("[data-choice]")
                .ok()
                .flatten()
                .and_then(|b| b.get_attribute("data-choice"));
            match choice.and_then(|id| inner.state.data().index_of(&id)) {
                Some(index) => inner.open(index).into_iter().collect(),
                None => vec![],
            }
        });
        // Wheel, pointer and key events inside the popup must not reach the page behind it.
        self.listen(&popup, "pointerdown", |_, e| {
            e.stop_propagation();
            vec![]
        });
        self.observe_resize(canvas);
        Ok(())
    }

    fn observe_resize(&self, canvas: &HtmlCanvasElement) {
        let (shared, hooks) = (self.shared.clone(), Rc::downgrade(&self.hooks));
        let closure = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let Some(hooks) = hooks.upgrade() else { return };
            let rect = entries
                .get(0)
                .dyn_into::<web_sys::ResizeObserverEntry>()
                .ok()
                .map(|entry| entry.content_rect());
            IncidentMap::dispatch(&shared, &hooks, |inner| {
                if let Some(rect) = rect.filter(|r| r.width() >= 1.0 && r.height() >= 1.0) {
                    inner.css_size = (rect.width(), rect.height());
                }
                Vec::new()
            });
        });
        if let Ok(observer) = ResizeObserver::new(closure.as_ref().unchecked_ref()) {
            observer.observe(canvas);
            if let Ok(mut h) = self.hooks.try_borrow_mut() {
                h.resize = Some((observer, closure));
            }
        }
    }
}

#[wasm_bindgen(js_class = IncidentMap)]
impl IncidentMap {
    /// Turns `canvas` into an incident map. The canvas is wrapped in a container with the zoom
    /// buttons, legend, popup and time bar; give the canvas its CSS size (e.g. `width: 100%;
    /// height: 480px`). Options: see `IncidentMapOptions`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        canvas: HtmlCanvasElement,
        #[wasm_bindgen(unchecked_param_type = "IncidentMapOptions")] options: JsValue,
    ) -> Result<IncidentMap, JsError> {
        let options: Options = if options.is_undefined() || options.is_null() {
            Options::default()
        } else {
            serde_wasm_bindgen::from_value(options)
                .map_err(|e| err(&format!("bad options: {e}")))?
        };
        let window = web_sys::window().ok_or_else(|| err("no window"))?;
        let document = window.document().ok_or_else(|| err("no document"))?;
        let ctx: CanvasRenderingContext2d = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into().ok())
            .ok_or_else(|| err("the canvas has no 2d context (is it already used for WebGL?)"))?;
        let data = match options.data.as_deref() {
            None | Some("mali") => Dataset::mali(),
            Some("none") => Dataset::default(),
            Some(other) => {
                return Err(err(&format!(
                    "unknown data option '{other}' (use \"mali\" or \"none\")"
                )))
            }
        };
        let width = match options.window.as_deref() {
            None => WindowWidth::Month,
            Some(key) => {
                WindowWidth::from_key(key).ok_or_else(|| err(&format!("unknown window '{key}'")))?
            }
        };
        let lang = options.lang.unwrap_or_else(|| "en".into());
        let controls = Controls::build(&document, &canvas);
        let popup = PopupView::new(&document, &controls.stage);
        let (w, h) = css_size(&canvas);
        let state = MapState::new(w, h, window.device_pixel_ratio(), data);
        let map = IncidentMap {
            shared: Rc::new(RefCell::new(None)),
            hooks: Rc::new(RefCell::new(Hooks {
                listeners: Listeners::default(),
                resize: None,
                frame: None,
            })),
        };
        let mut inner = Inner {
            state,
            canvas: canvas.clone(),
            ctx,
            window,
            controls,
            popup,
            lang,
            width,
            playing: false,
            last_frame_ms: None,
            play_carry_days: 0.0,
            frame_pending: None,
            on_select: Vec::new(),
            on_timechange: Vec::new(),
            loading: None,
            css_size: (w, h),
        };
        let end = match options.date.as_deref().map(Day::parse_iso) {
            Some(Ok(day)) => day,
            Some(Err(e)) => return Err(err(&e.to_string())),
            None => inner.state.window().end,
        };
        inner.window_ending(end);
        *map.shared.borrow_mut() = Some(inner);
        let (shared, hooks) = (map.shared.clone(), Rc::downgrade(&map.hooks));
        let frame = Closure::<dyn FnMut(f64)>::new(move |now: f64| {
            if let Some(hooks) = hooks.upgrade() {
                on_frame(&shared, &hooks, now);
            }
        });
        map.hooks.borrow_mut().frame = Some(frame);
        map.attach(&document, &canvas)?;
        // Paint at once, so the canvas is never blank and pixels can be read right away.
        if let Some(inner) = map.shared.borrow_mut().as_mut() {
            inner.paint();
        }
        Ok(map)
    }

    /// Replaces the data with a GeoJSON text. Features that cannot be read are skipped and
    /// reported with their index; a text that is not GeoJSON at all throws and changes nothing.
    #[wasm_bindgen(js_name = loadGeoJson, unchecked_return_type = "LoadResult")]
    pub fn load_geojson(&self, text: &str) -> Result<JsValue, JsError> {
        let (data, import) = Dataset::from_geojson(text).map_err(|e| err(&e.to_string()))?;
        replace_data(
            &self.shared,
            &self.hooks,
            data,
            Format::GeoJson,
            &import.issues,
        )
    }

    /// Replaces the data with a GeoJSON text, an ACLED CSV export or a UCDP GED CSV, detected
    /// from the content. Rows and features that cannot be read are skipped and reported with
    /// their index (and line, for CSV); a text that is none of these throws and changes nothing.
    #[wasm_bindgen(js_name = loadData, unchecked_return_type = "LoadResult")]
    pub fn load_data(&self, text: &str) -> Result<JsValue, JsError> {
        let (data, format, import) = Dataset::from_any(text).map_err(|e| err(&e.to_string()))?;
        replace_data(&self.shared, &self.hooks, data, format, &import.issues)
    }

    /// Replaces the data with what a `ReadableStream` carries (e.g. `file.stream()`), read
    /// chunk by chunk with a progress bar and a Cancel button; GeoJSON is parsed as it arrives,
    /// CSV once complete. `totalBytes` (e.g. `file.size`) lets the bar show a percentage.
    /// Resolves to what `loadData` returns; rejects when cancelled or when the data is not
    /// readable, leaving the current data in place.
    #[wasm_bindgen(js_name = loadStream, unchecked_return_type = "Promise<LoadResult>")]
    pub fn load_stream(
        &self,
        stream: web_sys::ReadableStream,
        total_bytes: Option<f64>,
    ) -> js_sys::Promise {
        let (shared, hooks) = (self.shared.clone(), self.hooks.clone());
        wasm_bindgen_futures::future_to_promise(loading::load_stream(
            shared,
            hooks,
            stream,
            total_bytes,
        ))
    }

    /// Fetches `url` and loads it as `loadStream` does.
    #[wasm_bindgen(js_name = loadUrl, unchecked_return_type = "Promise<LoadResult>")]
    pub fn load_url(&self, url: String) -> js_sys::Promise {
        let (shared, hooks) = (self.shared.clone(), self.hooks.clone());
        wasm_bindgen_futures::future_to_promise(loading::load_url(shared, hooks, url))
    }

    /// Cancels a `loadStream`/`loadUrl` in progress (its promise rejects; the data stays).
    #[wasm_bindgen(js_name = cancelLoad)]
    pub fn cancel_load(&self) -> Result<(), JsError> {
        self.read(|inner| {
            if inner.loading.is_some() {
                inner.loading = Some(true);
            }
        })
    }

    /// The current data as GeoJSON in the widget's schema (what `loadGeoJson` reads back).
    #[wasm_bindgen(js_name = toGeoJson)]
    pub fn to_geojson(&self) -> Result<String, JsError> {
        self.read(|inner| {
            let incidents: Vec<Incident> = inner.state.data().incidents().collect();
            crate::export::to_geojson(&incidents)
        })
    }

    /// Shows the incidents overlapping `start..=end` (ISO dates); moves the slider.
    #[wasm_bindgen(js_name = setTimeWindow)]
    pub fn set_time_window(&self, start: &str, end: &str) -> Result<(), JsError> {
        let start = Day::parse_iso(start).map_err(|e| err(&e.to_string()))?;
        let end = Day::parse_iso(end).map_err(|e| err(&e.to_string()))?;
        let window = TimeWindow::new(start, end);
        self.with(|inner| {
            let first = inner.data_range().map_or(window.start, |r| r.0);
            inner.width = WindowWidth::matching(window, first);
            inner.state.set_window(window);
            inner.show_window();
            ((), vec![Notice::TimeChange(window)])
        })
    }

    /// The visible window as ISO dates `{start, end}`, both days included.
    #[wasm_bindgen(js_name = timeWindow, unchecked_return_type = "TimeWindowValue")]
    pub fn time_window(&self) -> Result<JsValue, JsError> {
        self.read(|inner| to_js(&window_out(inner.state.window())))
    }

    /// How many incidents the window shows.
    #[wasm_bindgen(js_name = visibleCount)]
    pub fn visible_count(&self) -> Result<usize, JsError> {
        self.read(|inner| inner.state.visible_count())
    }

    /// The canvas position (CSS px) of a longitude/latitude.
    #[wasm_bindgen(unchecked_return_type = "ScreenPosition")]
    pub fn project(&self, lon: f64, lat: f64) -> Result<JsValue, JsError> {
        self.read(|inner| {
            let p = inner.state.project(lon_lat(lon, lat));
            to_js(&XY { x: p.x, y: p.y })
        })
    }

    /// The longitude/latitude under a canvas position (CSS px).
    #[wasm_bindgen(unchecked_return_type = "GeoPosition")]
    pub fn unproject(&self, x: f64, y: f64) -> Result<JsValue, JsError> {
        self.read(|inner| {
            let p = inner.state.unproject(screen_point(x, y));
            to_js(&LonLatOut {
                lon: p.lon,
                lat: p.lat,
            })
        })
    }

    /// Ids of the visible incidents under a canvas position (CSS px), nearest first.
    pub fn pick(&self, x: f64, y: f64) -> Result<Vec<String>, JsError> {
        self.read(|inner| {
            inner
                .state
                .pick(screen_point(x, y))
                .into_iter()
                .filter_map(|i| inner.state.data().id(i).map(str::to_string))
                .collect()
        })
    }

    /// Opens the popup of the incident with this id, as a click on it does; `null` closes it.
    pub fn select(&self, id: Option<String>) -> Result<(), JsError> {
        self.with(|inner| match id {
            None => (Ok(()), inner.close().into_iter().collect()),
            Some(id) => match inner.state.data().index_of(&id) {
                Some(index) => (Ok(()), inner.open(index).into_iter().collect()),
                None => (Err(err(&format!("no incident with id '{id}'"))), Vec::new()),
            },
        })?
    }

    /// The id of the incident whose popup is open, or null.
    #[wasm_bindgen(js_name = selectedId, unchecked_return_type = "string | null")]
    pub fn selected_id(&self) -> Result<JsValue, JsError> {
        self.read(|inner| {
            let selected = inner
                .state
                .selected()
                .and_then(|i| inner.state.data().id(i));
            selected.map_or(JsValue::NULL, JsValue::from)
        })
    }

    /// Calls `callback` on "select" (with the id, or null when closed) or "timechange" (with
    /// `{start, end}`).
    pub fn on(
        &self,
        event: &str,
        #[wasm_bindgen(unchecked_param_type = "SelectHandler | TimeChangeHandler")]
        callback: js_sys::Function,
    ) -> Result<(), JsError> {
        self.with(|inner| {
            let list = match event {
                "select" => &mut inner.on_select,
                "timechange" => &mut inner.on_timechange,
                other => {
                    let message =
                        format!("unknown event '{other}' (use \"select\" or \"timechange\")");
                    return (Err(err(&message)), Vec::new());
                }
            };
            list.push(callback);
            (Ok(()), Vec::new())
        })?
    }

    /// Starts or stops playback.
    #[wasm_bindgen(js_name = setPlaying)]
    pub fn set_playing(&self, playing: bool) -> Result<(), JsError> {
        self.with(|inner| {
            inner.set_playing(playing);
            ((), Vec::new())
        })
    }

    /// Removes every listener, the controls and the popup, puts the canvas back as it was and
    /// frees the data. Any later call throws.
    pub fn destroy(&self) {
        let inner = self.shared.try_borrow_mut().ok().and_then(|mut g| g.take());
        if let Ok(mut hooks) = self.hooks.try_borrow_mut() {
            hooks.listeners.remove_all();
            if let Some((observer, _)) = hooks.resize.take() {
                observer.disconnect();
            }
            if let Some(inner) = &inner {
                if let Some(id) = inner.frame_pending {
                    let _ = inner.window.cancel_animation_frame(id);
                }
            }
            hooks.frame = None;
        }
        if let Some(inner) = inner {
            inner.controls.remove(&inner.canvas);
            let _ = inner.canvas.remove_attribute("tabindex");
            let _ = inner.canvas.remove_attribute("role");
            let _ = inner.canvas.remove_attribute("aria-label");
        }
    }
}
