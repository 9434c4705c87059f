//! Wiring the DOM to the widget: each listener turns a DOM event into an [`InputEvent`] or a
//! [`Control`] for the core, through [`run`](super::run). No decision is taken here.

use super::{Handle, IncidentMap, Inner, Then};
use crate::histogram::Weight;
use crate::incident::EventType;
use crate::input::{key_for, wheel_delta_px, InputEvent};
use crate::timeline::{Day, WindowWidth};
use crate::viewport::{screen_point, ScreenPoint};
use crate::widget::{Control, RangeKey, RangePart, SPEEDS};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, Event, EventTarget, HtmlCanvasElement, HtmlElement, KeyboardEvent,
    MouseEvent, PointerEvent, ResizeObserver, WheelEvent,
};

/// Where a mouse or pointer event is, in CSS px from the canvas's top-left corner.
fn canvas_point(canvas: &HtmlCanvasElement, e: &MouseEvent) -> ScreenPoint {
    let r = canvas.get_bounding_client_rect();
    screen_point(
        f64::from(e.client_x()) - r.left(),
        f64::from(e.client_y()) - r.top(),
    )
}

/// The element matching `selector` that an event's target is in (or is), if any.
fn clicked(e: &Event, selector: &str) -> Option<Element> {
    let target = e.target()?.dyn_into::<Element>().ok()?;
    target.closest(selector).ok().flatten()
}

/// What a listener does with the widget and the DOM event.
type Handler = dyn Fn(&mut Inner, &Event);

/// Where a pointer is along the strip, and the strip's width, in CSS px.
fn strip_point(inner: &Inner, e: &MouseEvent) -> (f64, f64) {
    let r = inner.controls.strip.canvas.get_bounding_client_rect();
    (f64::from(e.client_x()) - r.left(), r.width())
}

impl IncidentMap {
    /// Calls `handler` with the widget for every `name` event on `target`, then paints.
    pub(super) fn listen(
        &self,
        target: &EventTarget,
        name: &'static str,
        handler: impl Fn(&mut Inner, &Event) + 'static,
    ) {
        self.listen_boxed(target, name, Box::new(handler));
    }

    /// [`IncidentMap::listen`] for a boxed handler: one copy of the wiring for every listener,
    /// instead of one per handler type (about 40 of them).
    #[inline(never)]
    fn listen_boxed(&self, target: &EventTarget, name: &'static str, handler: Box<Handler>) {
        let handle = self.handle();
        let closure = move |event: Event| {
            // A widget that is gone or stopped has said so already; an event has nobody to
            // tell.
            let _ = handle.run(Then::Paint, |inner| handler(inner, &event));
        };
        if let Ok(mut listeners) = self.hooks.listeners.try_borrow_mut() {
            listeners.add(target, name, closure);
        }
    }

    /// Forwards `name` pointer events on `target` as `make(pointer id, position)` while a press
    /// on the map is in progress.
    fn listen_pointer(
        &self,
        target: &EventTarget,
        name: &'static str,
        make: fn(i32, ScreenPoint) -> InputEvent,
    ) {
        self.listen(target, name, move |inner, e| {
            let Some(e) = e.dyn_ref::<PointerEvent>() else {
                return;
            };
            if inner.widget.map().is_pressed() {
                let at = canvas_point(&inner.canvas, e);
                inner.widget.input(make(e.pointer_id(), at));
            }
        });
    }

    /// Calls `control` when `target` is clicked.
    fn on_click(&self, target: &EventTarget, control: Control) {
        self.listen(target, "click", move |inner, _| {
            inner.widget.control(control.clone())
        });
    }

    /// Adds every listener and the resize observer.
    pub(super) fn attach(&self, document: &Document, inner: &Inner) {
        let canvas: EventTarget = inner.canvas.clone().into();
        let doc: EventTarget = document.clone().into();
        self.listen(&canvas, "pointerdown", |inner, e| {
            let Some(e) = e.dyn_ref::<PointerEvent>() else {
                return;
            };
            if e.button() > 0 {
                return;
            }
            e.prevent_default();
            let _ = inner.canvas.focus();
            let at = canvas_point(&inner.canvas, e);
            let pointer = e.pointer_id();
            inner.widget.input(InputEvent::Down { pointer, at });
        });
        // Moves and releases are tracked on the whole document, so a drag that leaves the
        // canvas keeps going and ends where the pointer is released.
        self.listen_pointer(&doc, "pointermove", |pointer, at| InputEvent::Move {
            pointer,
            at,
        });
        self.listen_pointer(&doc, "pointerup", |pointer, at| InputEvent::Up {
            pointer,
            at,
        });
        self.listen_pointer(&doc, "pointercancel", |pointer, _| InputEvent::Cancel {
            pointer,
        });
        self.listen(&canvas, "wheel", |inner, e| {
            let Some(e) = e.dyn_ref::<WheelEvent>() else {
                return;
            };
            e.prevent_default();
            let at = canvas_point(&inner.canvas, e);
            let delta_px = wheel_delta_px(e.delta_y(), e.delta_mode());
            inner.widget.input(InputEvent::Wheel { at, delta_px });
        });
        let c = &inner.controls;
        self.listen(&c.container, "keydown", |inner, e| {
            let Some(ke) = e.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            let on_map = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlCanvasElement>().ok())
                .is_some();
            if let Some(key) = key_for(&ke.key(), &ke.code(), on_map) {
                e.prevent_default();
                inner.widget.input(InputEvent::Key(key));
            }
        });
        self.listen(&c.cancel, "click", |inner, _| inner.cancel_load());
        self.on_click(&c.zoom_in, Control::ZoomIn);
        self.on_click(&c.zoom_out, Control::ZoomOut);
        self.on_click(&c.play, Control::TogglePlay);
        self.on_click(&c.panel_toggle, Control::TogglePanel);
        self.on_click(&c.list_toggle, Control::ToggleList);
        self.listen(&c.list.root, "click", |inner, e| {
            if let Some(id) =
                clicked(e, "[data-list-id]").and_then(|b| b.get_attribute("data-list-id"))
            {
                inner.widget.control(Control::OpenListed(id));
            }
        });
        self.listen(&c.slider, "input", |inner, _| {
            if let Ok(day) = inner.controls.slider.value().parse::<i32>() {
                inner.widget.control(Control::SliderTo(Day(day)));
            }
        });
        self.listen(&c.speed, "change", |inner, _| {
            let chosen = inner.controls.speed.value().parse::<usize>().ok();
            if let Some(&speed) = chosen.and_then(|k| SPEEDS.get(k)) {
                inner.widget.control(Control::Speed(speed));
            }
        });
        self.listen(&c.looping, "click", |inner, _| {
            let looping = inner.widget.time_bar().looping;
            inner.widget.control(Control::Loop(!looping));
        });
        // The mouse resting on a symbol shows its tooltip; touch and pens have none (a tap
        // opens the popup).
        self.listen(&canvas, "pointermove", |inner, e| {
            let Some(e) = e.dyn_ref::<PointerEvent>() else {
                return;
            };
            let at = (e.pointer_type() == "mouse").then(|| canvas_point(&inner.canvas, e));
            inner.widget.hover(at, e.time_stamp());
        });
        self.listen(&canvas, "pointerleave", |inner, e| {
            inner.widget.hover(None, e.time_stamp())
        });
        self.attach_filters(inner);
        self.attach_range(inner);
        self.listen(&c.width, "change", |inner, _| {
            if let Some(width) = WindowWidth::from_key(&inner.controls.width.value()) {
                inner.widget.control(Control::Width(width));
            }
        });
        self.listen(&inner.popup.root, "click", |inner, e| {
            if clicked(e, "[data-action=close]").is_some() {
                inner.widget.control(Control::ClosePopup);
            } else if let Some(id) =
                clicked(e, "[data-choice]").and_then(|b| b.get_attribute("data-choice"))
            {
                inner.widget.control(Control::Choose(id));
            }
        });
        // Pointer events inside the popup must not reach the map behind it.
        self.listen(&inner.popup.root, "pointerdown", |_, e| {
            e.stop_propagation()
        });
        self.observe_resize(&inner.canvas, &inner.controls.strip.root);
    }

    /// The legend's type buttons and the filter fields.
    fn attach_filters(&self, inner: &Inner) {
        let f = &inner.controls.filters;
        for (button, t) in f.types.iter().zip(EventType::ALL) {
            self.on_click(button, Control::ToggleType(t));
        }
        self.listen(&f.actor, "input", |inner, _| {
            let typed = inner.controls.filters.actor.value();
            inner
                .controls
                .filters
                .suggest(&inner.widget.actor_suggestions(&typed, 8));
            inner.widget.control(Control::Actor(typed));
        });
        self.listen(&f.min_deaths, "input", |inner, _| {
            let text = inner.controls.filters.min_deaths.value();
            inner
                .widget
                .control(Control::MinDeaths(text.trim().parse().unwrap_or(0)));
        });
        self.listen(&f.exact_only, "change", |inner, _| {
            let checked = inner.controls.filters.exact_only.checked();
            inner.widget.control(Control::ExactOnly(checked));
        });
        self.listen(&inner.controls.strip.weight, "click", |inner, _| {
            let weight = match inner.widget.weight() {
                Weight::Count => Weight::Deaths,
                Weight::Deaths => Weight::Count,
            };
            inner.widget.control(Control::Weight(weight));
        });
    }

    /// The range: its handles and window dragged (the pointer captured, so a drag may leave
    /// them), keys on the handles, a click on the bars.
    fn attach_range(&self, inner: &Inner) {
        let s = &inner.controls.strip;
        let parts = [
            (&s.start, RangePart::Start),
            (&s.end, RangePart::End),
            (&s.window, RangePart::Window),
        ];
        for (element, part) in parts {
            self.listen(element, "pointerdown", move |inner, e| {
                let Some(e) = e.dyn_ref::<PointerEvent>() else {
                    return;
                };
                e.prevent_default();
                e.stop_propagation();
                if let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                    let _ = target.set_pointer_capture(e.pointer_id());
                }
                let (x, width) = strip_point(inner, e);
                inner.widget.control(Control::RangePress { part, x, width });
            });
            self.listen(element, "pointermove", |inner, e| {
                if let Some(e) = e.dyn_ref::<PointerEvent>() {
                    let (x, width) = strip_point(inner, e);
                    inner.widget.control(Control::RangeMove { x, width });
                }
            });
            for name in ["pointerup", "pointercancel"] {
                self.listen(element, name, |inner, _| {
                    inner.widget.control(Control::RangeRelease)
                });
            }
        }
        for (handle, part) in [(&s.start, RangePart::Start), (&s.end, RangePart::End)] {
            self.listen(handle, "keydown", move |inner, e| {
                let Some(key) = e
                    .dyn_ref::<KeyboardEvent>()
                    .and_then(|k| RangeKey::from_key(&k.key(), inner.widget.lang().is_rtl()))
                else {
                    return;
                };
                e.prevent_default();
                e.stop_propagation();
                inner.widget.control(Control::RangeKey(part, key));
            });
        }
        self.listen(&s.canvas, "click", |inner, e| {
            if let Some(e) = e.dyn_ref::<MouseEvent>() {
                let (x, width) = strip_point(inner, e);
                inner.widget.control(Control::StripClick { x, width });
            }
        });
    }

    /// Follows the canvas's size and the strip's width.
    fn observe_resize(&self, canvas: &HtmlCanvasElement, strip: &HtmlElement) {
        let handle: Handle = self.handle();
        let closure = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let _ = handle.run(Then::Paint, |inner| {
                for entry in entries.iter() {
                    let Ok(entry) = entry.dyn_into::<web_sys::ResizeObserverEntry>() else {
                        continue;
                    };
                    let rect = entry.content_rect();
                    if rect.width() < 1.0 {
                        continue;
                    }
                    if entry.target() == *inner.controls.strip.root {
                        inner.strip_width = rect.width();
                    } else if rect.height() >= 1.0 {
                        inner.css_size = (rect.width(), rect.height());
                    }
                }
            });
        });
        if let Ok(observer) = ResizeObserver::new(closure.as_ref().unchecked_ref()) {
            observer.observe(canvas);
            observer.observe(strip);
            if let Ok(mut resize) = self.hooks.resize.try_borrow_mut() {
                *resize = Some((observer, closure));
            }
        }
    }
}
