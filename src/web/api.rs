//! The methods JS calls on `IncidentMap`: construction, data, time, view, selection, events
//! and `destroy`.

use super::*;

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
        let ctx = context_2d(&canvas)
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
            labels_shown: None,
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

    /// Centres the map on `lon`, `lat` at `zoom` (Web Mercator zoom level, 2–17; the world is
    /// `256 · 2^zoom` CSS pixels wide). Pass `undefined` for `zoom` to keep the current one.
    #[wasm_bindgen(js_name = setView)]
    pub fn set_view(&self, lon: f64, lat: f64, zoom: Option<f64>) -> Result<(), JsError> {
        self.with(|inner| {
            inner.state.set_view(Some(lon_lat(lon, lat)), zoom);
            ((), Vec::new())
        })
    }

    /// The view: `{lon, lat, zoom}` of the canvas centre.
    #[wasm_bindgen(unchecked_return_type = "MapView")]
    pub fn view(&self) -> Result<JsValue, JsError> {
        self.read(|inner| {
            let view = inner.state.view();
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
        self.with(|inner| {
            inner.state.fit_focus();
            ((), Vec::new())
        })
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
