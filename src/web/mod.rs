//! The browser glue: the `IncidentMap` class JS sees. It only adapts — DOM events become
//! [`InputEvent`]s for [`MapState`], its frame goes to the canvas with one `putImageData`, and
//! popup text goes into DOM elements with `textContent`.

mod api;
mod controls;
mod dom;
mod events;
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
use crate::viewport::{screen_point, ScreenPoint, Viewport};
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
/** The view: the canvas centre and the zoom level. */
export interface MapView { lon: number; lat: number; zoom: number; }
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
struct ViewOut {
    lon: f64,
    lat: f64,
    zoom: f64,
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
    /// The view and language the labels are placed for.
    labels_shown: Option<(Viewport, String)>,
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

/// The canvas's 2D context, unless it has another kind already.
fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
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
        self.state.render();
        let frame = self.state.frame();
        let (w, h, data) = (frame.width(), frame.height(), frame.data());
        // Only when something changed; then all of it goes, which lets the browser drop the
        // canvas's old pixels instead of preserving them for a partial write.
        if self.state.changed().is_some() {
            if let Ok(image) = ImageData::new_with_u8_clamped_array_and_sh(Clamped(data), w, h) {
                let _ = self.ctx.put_image_data(&image, 0.0, 0.0);
            }
        }
        self.show_labels();
        let aggregated = self.state.is_aggregated();
        self.controls.show_aggregated(aggregated);
        self.place_popup();
    }

    /// Places the town labels, when the view or the language changed since.
    fn show_labels(&mut self) {
        let view = *self.state.view();
        if matches!(&self.labels_shown, Some((v, lang)) if *v == view && *lang == self.lang) {
            return;
        }
        self.labels_shown = Some((view, self.lang.clone()));
        let (layer, rtl) = (&self.controls.labels, self.lang == "ar");
        layer.set_text_content(None);
        let Some(doc) = layer.owner_document() else {
            return;
        };
        for label in self.state.labels(&self.lang) {
            let class = if label.rank == 1 {
                "im-label im-label-capital"
            } else {
                "im-label"
            };
            let span = dom::element(&doc, "span", class, &label.text);
            let style = if rtl {
                let right = view.width_css() - label.at.x + 6.0;
                format!("right:{right:.1}px;top:{:.1}px", label.at.y)
            } else {
                format!("left:{:.1}px;top:{:.1}px", label.at.x + 6.0, label.at.y)
            };
            dom::attr(&span, "style", &style);
            dom::attr(&span, "dir", "auto");
            dom::append(layer, &span);
        }
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
                Some((x, y)) => {
                    let read = |v: String| crate::decimal::parse(&v).unwrap_or(0.0);
                    screen_point(read(x), read(y))
                }
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
        let mut hits = self.state.pick(screen_point(x, y));
        // Areas lie under the points: a click on a symbol is about the symbol.
        if hits.iter().any(|&i| !self.state.data().is_area(i)) {
            hits.retain(|&i| !self.state.data().is_area(i));
        }
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
