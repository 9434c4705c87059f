//! Event listeners the widget owns: every closure is kept until `remove_all`, which detaches it
//! (eframe's way, instead of `Closure::forget`).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{AddEventListenerOptions, Event, EventTarget};

struct Listener {
    target: EventTarget,
    name: &'static str,
    closure: Closure<dyn FnMut(Event)>,
}

/// The listeners one widget added.
#[derive(Default)]
pub struct Listeners {
    list: Vec<Listener>,
}

impl Listeners {
    /// Adds `handler` for `name` events on `target`; `passive: false` so it may call
    /// `preventDefault` (wheel, touch).
    pub fn add(
        &mut self,
        target: &EventTarget,
        name: &'static str,
        handler: impl FnMut(Event) + 'static,
    ) {
        let closure = Closure::<dyn FnMut(Event)>::new(handler);
        let options = AddEventListenerOptions::new();
        options.set_passive(false);
        if target
            .add_event_listener_with_callback_and_add_event_listener_options(
                name,
                closure.as_ref().unchecked_ref(),
                &options,
            )
            .is_ok()
        {
            self.list.push(Listener {
                target: target.clone(),
                name,
                closure,
            });
        }
    }

    /// Detaches and drops every listener.
    pub fn remove_all(&mut self) {
        for l in self.list.drain(..) {
            let _ = l
                .target
                .remove_event_listener_with_callback(l.name, l.closure.as_ref().unchecked_ref());
        }
    }
}
