//! Wiring the DOM to the widget: the listeners on the canvas, the document and the controls,
//! each turning a DOM event into an input event or a control action with the widget borrowed
//! only for the call.

use super::*;

fn pointer_at(canvas: &HtmlCanvasElement, e: &PointerEvent) -> ScreenPoint {
    let r = canvas.get_bounding_client_rect();
    screen_point(
        f64::from(e.client_x()) - r.left(),
        f64::from(e.client_y()) - r.top(),
    )
}

impl IncidentMap {
    /// Runs `f` on the live widget, then redraws and notifies; an error once destroyed.
    pub(super) fn with<R>(
        &self,
        f: impl FnOnce(&mut Inner) -> (R, Vec<Notice>),
    ) -> Result<R, JsError> {
        with_widget(&self.shared, &self.hooks, f)
    }

    /// Runs `f` on the live widget without repainting; an error once destroyed.
    pub(super) fn read<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> Result<R, JsError> {
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

    pub(super) fn attach(
        &self,
        document: &Document,
        canvas: &HtmlCanvasElement,
    ) -> Result<(), JsError> {
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
