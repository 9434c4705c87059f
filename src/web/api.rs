//! The methods JS calls on `IncidentMap`: construction, data, time, view, selection, events
//! and `destroy`.

use super::*;
use crate::incident::EventType;
use crate::lang::Lang;
use crate::projection::lon_lat;
use crate::timeline::{Day, TimeWindow};
use crate::viewport::screen_point;
use crate::widget::{OptionValue, Options};
use web_sys::Document;

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

pub(super) fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// The page's options as (key, value) pairs for [`Options::parse`]; `undefined` values are
/// left out, as if not given. Not inlined: the constructor and `setOptions` share it.
#[inline(never)]
pub(super) fn option_entries(options: &JsValue) -> Result<Vec<(String, OptionValue)>, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(Vec::new());
    }
    if !options.is_object() || js_sys::Array::is_array(options) {
        let got = if js_sys::Array::is_array(options) {
            "an array".to_string()
        } else {
            format!("a {}", options.js_typeof().as_string().unwrap_or_default())
        };
        return Err(type_error(&format!("options must be an object, not {got}")));
    }
    Ok(members(options, true))
}

/// An object's members that are not `undefined`, as option values; `nested`: a member that is
/// a plain object is read too (one level: `view: {lon, lat, zoom}`).
fn members(object: &JsValue, nested: bool) -> Vec<(String, OptionValue)> {
    let mut entries = Vec::new();
    for pair in js_sys::Object::entries(object.unchecked_ref()).iter() {
        let pair: js_sys::Array = pair.unchecked_into();
        let (key, value) = (pair.get(0).as_string().unwrap_or_default(), pair.get(1));
        if value.is_undefined() {
            continue;
        }
        let value = if let Some(text) = value.as_string() {
            OptionValue::Text(text)
        } else if let Some(n) = value.as_f64() {
            OptionValue::Number(n)
        } else if let Some(on) = value.as_bool() {
            OptionValue::Bool(on)
        } else if value.is_null() {
            OptionValue::Other("null".into())
        } else if nested && value.is_object() && !js_sys::Array::is_array(&value) {
            OptionValue::Object(members(&value, false))
        } else {
            OptionValue::Other(value.js_typeof().as_string().unwrap_or_default())
        };
        entries.push((key, value));
    }
    entries
}

/// The canvas's CSS size from the layout, else its attributes.
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

fn document() -> Result<(Window, Document), JsValue> {
    let window = web_sys::window().ok_or_else(|| err("no window"))?;
    let document = window.document().ok_or_else(|| err("no document"))?;
    Ok((window, document))
}

impl IncidentMap {
    /// Changes the list of callbacks for `event`.
    fn handlers(
        &self,
        event: &str,
        change: impl FnOnce(&mut Vec<js_sys::Function>),
    ) -> Result<(), JsError> {
        run(self.id, &self.shared, Then::Nothing, |inner| {
            inner.handlers.list(event).map(change)
        })?
    }
}

#[wasm_bindgen(js_class = IncidentMap)]
impl IncidentMap {
    /// Turns `canvas` into an incident map. The canvas is wrapped in a container with the zoom
    /// buttons, legend, popup and time bar; give the canvas its CSS size (e.g. `width: 100%;
    /// height: 480px`). Options: see `IncidentMapOptions`; an unknown key or a bad value throws
    /// a `TypeError` naming it, before anything is added to the page.
    #[wasm_bindgen(constructor)]
    pub fn new(
        canvas: HtmlCanvasElement,
        #[wasm_bindgen(unchecked_param_type = "IncidentMapOptions")] options: JsValue,
    ) -> Result<IncidentMap, JsValue> {
        let options =
            Options::parse(option_entries(&options)?).map_err(|e| type_error(&e.to_string()))?;
        let (window, document) = document()?;
        let ctx: CanvasRenderingContext2d = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into().ok())
            .ok_or_else(|| err("the canvas has no 2d context (is it already used for WebGL?)"))?;
        let id = fault::register();
        let controls = Controls::build(&document, &canvas, id, options.lang);
        let popup = PopupView::new(&document, &controls.stage);
        let controls_width = controls.strip.root.client_width();
        let css_size = css_size(&canvas);
        let reduced_motion = window
            .match_media("(prefers-reduced-motion: reduce)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches());
        let (widget, hash) = {
            let _running = fault::Running::enter(id);
            let mut widget = Widget::new(
                css_size.0,
                css_size.1,
                window.device_pixel_ratio(),
                &options,
            );
            widget.set_reduced_motion(reduced_motion);
            let hash = options
                .hash
                .then(|| embed::start_sync(&mut widget, &window));
            (widget, hash)
        };
        let hooks = Rc::new(Hooks {
            window,
            listeners: RefCell::default(),
            resize: RefCell::default(),
            frame: RefCell::default(),
            frame_pending: Cell::default(),
            load: RefCell::default(),
            placed: RefCell::new(Some((controls.container.clone(), canvas.clone()))),
            settle: Default::default(),
        });
        let map = IncidentMap {
            id,
            shared: Rc::new(RefCell::new(None)),
            hooks: hooks.clone(),
        };
        let inner = Inner {
            widget,
            canvas,
            ctx,
            controls,
            popup,
            shown: Shown::default(),
            css_size,
            strip_width: f64::from(controls_width),
            handlers: Handlers::default(),
            hooks,
            handle: map.handle(),
            return_focus: None,
            hash,
        };
        map.attach(&document, &inner);
        if options.hash {
            map.follow_history();
        }
        *map.shared.borrow_mut() = Some(inner);
        let handle = map.handle();
        let frame = Closure::<dyn FnMut(f64)>::new(move |now_ms: f64| {
            let _ = handle.run(Then::Nothing, |inner| {
                inner.hooks.frame_pending.set(None);
                inner.widget.frame(now_ms);
                inner.paint();
            });
        });
        *map.hooks.frame.borrow_mut() = Some(frame);
        // Paint at once, so the canvas is never blank and pixels can be read right away.
        run(id, &map.shared, Then::Nothing, |inner| {
            inner.paint();
            inner.describe();
        })
        .map_err(JsValue::from)?;
        Ok(map)
    }

    /// Replaces the data with a GeoJSON text. Resolves to `{format, loaded, issues}`:
    /// features that cannot be read are skipped and reported with their index. Rejects when
    /// the text is not GeoJSON at all, leaving the current data in place.
    #[wasm_bindgen(js_name = loadGeoJson, unchecked_return_type = "Promise<LoadResult>")]
    pub fn load_geojson(&self, text: js_sys::JsString) -> js_sys::Promise {
        self.promise(|h| loading::load_text(h, text, true))
    }

    /// Replaces the data with a GeoJSON text, an ACLED CSV export or a UCDP GED CSV, detected
    /// from the content. Resolves as `loadGeoJson` does (issues of CSV rows carry their line);
    /// rejects when the text is none of these, leaving the current data in place.
    #[wasm_bindgen(js_name = loadData, unchecked_return_type = "Promise<LoadResult>")]
    pub fn load_data(&self, text: js_sys::JsString) -> js_sys::Promise {
        self.promise(|h| loading::load_text(h, text, false))
    }

    /// Replaces the data with what a `ReadableStream` carries (e.g. `file.stream()`), read
    /// chunk by chunk with a progress bar and a Cancel button; GeoJSON and CSV are parsed as
    /// they arrive. `totalBytes` (e.g. `file.size`) lets the bar show a percentage and is
    /// checked: a stream longer or shorter than it is refused; a size over the cap is refused
    /// at once. `options`: `maxBytes`, the cap (default 2 GiB); `timeoutMs`, how long a chunk
    /// may take. Resolves to what `loadData` returns; rejects when cancelled, destroyed or
    /// when the data is not readable, leaving the current data in place.
    #[wasm_bindgen(js_name = loadStream, unchecked_return_type = "Promise<LoadResult>")]
    pub fn load_stream(
        &self,
        stream: web_sys::ReadableStream,
        total_bytes: Option<f64>,
        #[wasm_bindgen(unchecked_param_type = "{timeoutMs?: number, maxBytes?: number}")]
        options: Option<js_sys::Object>,
    ) -> js_sys::Promise {
        let options = loading::load_options(options);
        self.promise(|h| loading::load_stream(h, stream, total_bytes, options))
    }

    /// Fetches `url` and loads it as `loadStream` does; `cancelLoad()` and `destroy()` abort
    /// the fetch. `options`: `timeoutMs`, how long the response or any chunk may take before
    /// the load fails ("no data for N ms"), the data staying; `maxBytes`, the cap.
    #[wasm_bindgen(js_name = loadUrl, unchecked_return_type = "Promise<LoadResult>")]
    pub fn load_url(
        &self,
        url: String,
        #[wasm_bindgen(unchecked_param_type = "{timeoutMs?: number, maxBytes?: number}")]
        options: Option<js_sys::Object>,
    ) -> js_sys::Promise {
        let options = loading::load_options(options);
        self.promise(|h| loading::load_url(h, url, options))
    }

    /// Cancels a `loadStream`/`loadUrl` in progress at once (its promise rejects with "loading
    /// cancelled"; the data stays).
    #[wasm_bindgen(js_name = cancelLoad)]
    pub fn cancel_load(&self) -> Result<(), JsError> {
        run(self.id, &self.shared, Then::Nothing, Inner::cancel_load)
    }

    /// Resolves to the current data as GeoJSON in the widget's schema (what `loadGeoJson`
    /// reads back); with `{visible: true}`, only the incidents the window and the filter show.
    #[wasm_bindgen(js_name = toGeoJson, unchecked_return_type = "Promise<string>")]
    pub fn to_geojson(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{visible?: boolean}")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let visible = options
            .and_then(|o| js_sys::Reflect::get(&o, &"visible".into()).ok())
            .is_some_and(|v| v.is_truthy());
        self.promise(move |h| loading::to_geojson(h, visible))
    }

    /// Shows only the incidents `filter` lets through (with the window): `types`, the event
    /// types shown (ACLED names, e.g. `["Battles"]`); `actors`, text one of an incident's
    /// actors must contain (case, accents and Arabic vowel marks do not matter); `minDeaths`,
    /// the least best (else low) death figure; `exactOnly`, exact places only. Keys left out
    /// keep their value; fires `filterchange`.
    #[wasm_bindgen(js_name = setFilter)]
    pub fn set_filter(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Partial<FilterValue>")] filter: js_sys::Object,
    ) -> Result<(), JsValue> {
        let get = |key: &str| {
            js_sys::Reflect::get(&filter, &key.into())
                .ok()
                .filter(|v| !v.is_undefined())
        };
        let mut next = self.read(|w| w.filter().clone())?;
        if let Some(types) = get("types") {
            let types: js_sys::Array = types
                .dyn_into()
                .map_err(|_| type_error("filter 'types' must be an array of event types"))?;
            let mut shown = Vec::new();
            for t in types.iter() {
                let name = t.as_string().unwrap_or_default();
                let mut known = EventType::ALL.into_iter();
                let t = known.find(|t| t.label() == name.trim()).ok_or_else(|| {
                    type_error(&format!("filter 'types': unknown event type '{name}'"))
                })?;
                shown.push(t);
            }
            next.hidden_types = EventType::ALL
                .into_iter()
                .filter(|t| !shown.contains(t))
                .collect();
        }
        if let Some(actors) = get("actors") {
            next.actor = actors
                .as_string()
                .ok_or_else(|| type_error("filter 'actors' must be a string"))?;
        }
        if let Some(min) = get("minDeaths") {
            next.min_deaths = min
                .as_f64()
                .filter(|n| *n >= 0.0 && n.is_finite())
                .ok_or_else(|| type_error("filter 'minDeaths' must be a number from 0"))?
                .min(f64::from(u32::MAX)) as u32;
        }
        if let Some(exact) = get("exactOnly") {
            next.exact_only = exact
                .as_bool()
                .ok_or_else(|| type_error("filter 'exactOnly' must be true or false"))?;
        }
        self.with(|w| w.set_filter(next)).map_err(JsValue::from)
    }

    /// The filter (`FilterValue`).
    #[wasm_bindgen(unchecked_return_type = "FilterValue")]
    pub fn filter(&self) -> Result<JsValue, JsError> {
        self.read(|w| to_js(&filter_out(w.filter())))
    }

    /// Shows the incidents overlapping `start..=end` (ISO dates); moves the slider.
    #[wasm_bindgen(js_name = setTimeWindow)]
    pub fn set_time_window(&self, start: &str, end: &str) -> Result<(), JsError> {
        let start = Day::parse_date(start).map_err(|e| err(&e.to_string()))?;
        let end = Day::parse_date(end).map_err(|e| err(&e.to_string()))?;
        self.with(|w| w.set_time_window(TimeWindow::new(start, end)))
    }

    /// The visible window as ISO dates `{start, end}`, both days included.
    #[wasm_bindgen(js_name = timeWindow, unchecked_return_type = "TimeWindowValue")]
    pub fn time_window(&self) -> Result<JsValue, JsError> {
        self.read(|w| to_js(&window_out(w.map().window())))
    }

    /// How many incidents the window shows.
    #[wasm_bindgen(js_name = visibleCount)]
    pub fn visible_count(&self) -> Result<usize, JsError> {
        self.read(|w| w.map().visible_count())
    }

    /// Centres the map on `lon`, `lat` at `zoom` (Web Mercator zoom level, 2–17; the world is
    /// `256 · 2^zoom` CSS pixels wide). Pass `undefined` for `zoom` to keep the current one.
    #[wasm_bindgen(js_name = setView)]
    pub fn set_view(&self, lon: f64, lat: f64, zoom: Option<f64>) -> Result<(), JsError> {
        self.with(|w| w.set_view(Some(lon_lat(lon, lat)), zoom))
    }

    /// The view: `{lon, lat, zoom}` of the canvas centre.
    #[wasm_bindgen(unchecked_return_type = "MapView")]
    pub fn view(&self) -> Result<JsValue, JsError> {
        self.read(|w| {
            let view = w.map().view();
            let centre = view.centre();
            to_js(&ViewOut {
                lon: centre.lon,
                lat: centre.lat,
                zoom: view.zoom(),
            })
        })
    }

    /// Back to the opening view, Mali filling the canvas.
    #[wasm_bindgen(js_name = fitFocus)]
    pub fn fit_focus(&self) -> Result<(), JsError> {
        self.with(|w| w.map_mut().fit_focus())
    }

    /// Fits the view to the data, outliers left out (the 1st to 99th percentile of longitudes
    /// and latitudes, with a margin). Returns false, and leaves the view, when there is no data.
    #[wasm_bindgen(js_name = fitData)]
    pub fn fit_data(&self) -> Result<bool, JsError> {
        self.with(Widget::fit_data)
    }

    /// The canvas position (CSS px) of a longitude/latitude.
    #[wasm_bindgen(unchecked_return_type = "ScreenPosition")]
    pub fn project(&self, lon: f64, lat: f64) -> Result<JsValue, JsError> {
        self.read(|w| {
            let p = w.map().project(lon_lat(lon, lat));
            to_js(&XY { x: p.x, y: p.y })
        })
    }

    /// The longitude/latitude under a canvas position (CSS px).
    #[wasm_bindgen(unchecked_return_type = "GeoPosition")]
    pub fn unproject(&self, x: f64, y: f64) -> Result<JsValue, JsError> {
        self.read(|w| {
            let p = w.map().unproject(screen_point(x, y));
            to_js(&LonLatOut {
                lon: p.lon,
                lat: p.lat,
            })
        })
    }

    /// Ids of the visible incidents under a canvas position (CSS px), nearest first.
    pub fn pick(&self, x: f64, y: f64) -> Result<Vec<String>, JsError> {
        self.read(|w| {
            let map = w.map_mut();
            let hits = map.pick(screen_point(x, y));
            hits.into_iter()
                .filter_map(|i| map.data().id(i).map(str::to_string))
                .collect()
        })
    }

    /// Opens the popup of the incident with this id, as a click on it does; `null` closes it.
    pub fn select(&self, id: Option<String>) -> Result<(), JsError> {
        self.with(|w| w.select(id.as_deref()))?
            .map_err(|e| err(&e.to_string()))
    }

    /// The id of the incident whose popup is open, or null.
    #[wasm_bindgen(js_name = selectedId, unchecked_return_type = "string | null")]
    pub fn selected_id(&self) -> Result<JsValue, JsError> {
        self.read(|w| w.selected_id().map_or(JsValue::NULL, JsValue::from))
    }

    /// Calls `callback` on "select" (with the id, or null when closed) or "timechange" (with
    /// `{start, end}`). A callback that throws is reported with `console.error`.
    pub fn on(
        &self,
        event: &str,
        #[wasm_bindgen(
            unchecked_param_type = "SelectHandler | TimeChangeHandler | FilterChangeHandler"
        )]
        callback: js_sys::Function,
    ) -> Result<(), JsError> {
        self.handlers(event, |list| list.push(callback))
    }

    /// Stops calling `callback` on `event` (the same function given to `on`).
    pub fn off(
        &self,
        event: &str,
        #[wasm_bindgen(
            unchecked_param_type = "SelectHandler | TimeChangeHandler | FilterChangeHandler"
        )]
        callback: js_sys::Function,
    ) -> Result<(), JsError> {
        self.handlers(event, |list| list.retain(|f| *f != callback))
    }

    /// Starts or stops playback; `options` may set `speed` (0.5, 1, 2, 4 or 8 times a
    /// default that crosses the data in about 30 s) and `loop` (start again from the beginning
    /// at the end instead of stopping). Playing from the data's last day starts from its first.
    #[wasm_bindgen(js_name = setPlaying)]
    pub fn set_playing(
        &self,
        playing: bool,
        #[wasm_bindgen(unchecked_param_type = "{speed?: number, loop?: boolean}")] options: Option<
            js_sys::Object,
        >,
    ) -> Result<(), JsValue> {
        let field = |key: &str| {
            options
                .as_ref()
                .and_then(|o| js_sys::Reflect::get(o, &key.into()).ok())
                .filter(|v| !v.is_undefined())
        };
        let speed = match field("speed") {
            None => None,
            Some(v) => Some(
                v.as_f64()
                    .ok_or_else(|| type_error("option 'speed' must be a number"))?,
            ),
        };
        let looping = match field("loop") {
            None => None,
            Some(v) => Some(
                v.as_bool()
                    .ok_or_else(|| type_error("option 'loop' must be true or false"))?,
            ),
        };
        self.with(|w| w.set_playback(playing, speed, looping))?
            .map_err(|e| err(&e.to_string()).into())
    }

    /// Switches the language in place ("en", "fr" or "ar"): the data, view, window,
    /// selection and filter stay. Another code throws a `TypeError`.
    #[wasm_bindgen(js_name = setLang)]
    pub fn set_lang(&self, lang: &str) -> Result<(), JsValue> {
        let lang = Lang::from_code(lang).ok_or_else(|| {
            type_error(&format!(
                "'{lang}' is not a language of the widget (\"en\", \"fr\" or \"ar\")"
            ))
        })?;
        self.with(|w| w.set_lang(lang)).map_err(JsValue::from)
    }

    /// The language: "en", "fr" or "ar".
    #[wasm_bindgen(unchecked_return_type = "\"en\" | \"fr\" | \"ar\"")]
    pub fn lang(&self) -> Result<String, JsError> {
        self.read(|w| w.lang().code().to_string())
    }

    /// Panics inside the widget, as a bug would (the `test-faults` feature, for tests only).
    #[cfg(feature = "test-faults")]
    #[wasm_bindgen(js_name = panicForTest)]
    pub fn panic_for_test(&self) -> Result<(), JsError> {
        run(self.id, &self.shared, Then::Nothing, |_| {
            panic!("a fault injected by a test")
        })
    }

    /// Removes every listener, the observer, the frame request, the controls and the popup,
    /// stops playback and aborts a load in progress, puts the canvas back as it was and frees
    /// the data. Any later call throws. `free()`, and garbage collection of a map nothing
    /// refers to, do the same.
    pub fn destroy(&self) {
        self.shutdown();
    }
}
