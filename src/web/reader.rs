//! What the widget shows readers who do not see the map or do not point: the keyboard focus
//! ring, the live region, the canvas's description and the list view. The core decides what
//! each says ([`Widget::settled_phrase`](crate::widget::Widget::settled_phrase) and its
//! neighbours); this writes it into the DOM, and moves the page's focus as the core asks.

use super::{Handle, Hooks, Inner, Then};
use crate::widget::FocusMove;
use std::cell::{Cell, RefCell};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// How long the window must stay put before the live region says it (ms): longer than a
/// frame of a drag or of playback, short enough to follow a key press.
const SETTLE_MS: i32 = 600;

/// The timer that says the window once it settles.
#[derive(Default)]
pub(super) struct SettleTimer {
    id: Cell<Option<i32>>,
    callback: RefCell<Option<Closure<dyn FnMut()>>>,
}

impl SettleTimer {
    /// Starts the wait again: the window just changed.
    fn arm(&self, hooks: &Hooks, handle: &Handle) {
        self.cancel(hooks);
        let mut callback = self.callback.borrow_mut();
        let callback = callback.get_or_insert_with(|| {
            let handle = handle.clone();
            Closure::new(move || {
                let _ = handle.run(Then::Nothing, Inner::announce);
            })
        });
        let id = hooks
            .window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                SETTLE_MS,
            )
            .ok();
        self.id.set(id);
    }

    /// Stops the wait.
    pub(super) fn cancel(&self, hooks: &Hooks) {
        if let Some(id) = self.id.take() {
            hooks.window.clear_timeout_with_handle(id);
        }
    }

    /// Stops the wait and lets the callback go (the widget ends).
    pub(super) fn end(&self, hooks: &Hooks) {
        self.cancel(hooks);
        if let Ok(mut callback) = self.callback.try_borrow_mut() {
            *callback = None;
        }
    }
}

impl Inner {
    /// Shows the reader-facing parts that changed: what to say now, the list, the focus.
    pub(super) fn show_reader(&mut self, window_moved: bool) {
        if window_moved {
            self.hooks.settle.arm(&self.hooks, &self.handle);
        }
        if let Some(spoken) = self.widget.take_spoken() {
            self.controls.live.set_text_content(Some(&spoken));
        }
        let list_open = self.widget.is_list_open();
        if self.shown.list_open != list_open {
            self.shown.list_open = list_open;
            self.controls.list.root.set_hidden(!list_open);
            super::dom::attr(
                &self.controls.list_toggle,
                "aria-pressed",
                if list_open { "true" } else { "false" },
            );
        }
        let key = (
            self.widget.map().window(),
            self.widget.strip_key().0,
            self.widget.lang(),
        );
        if list_open && self.shown.list != Some(key) {
            self.shown.list = Some(key);
            self.controls.list.show(&self.widget.list());
        }
        match self.widget.take_focus_move() {
            Some(FocusMove::IntoPopup) => {
                let document = self.hooks.window.document();
                self.return_focus = document.and_then(|d| d.active_element());
                let _ = self.popup.root.focus();
            }
            Some(FocusMove::Back) => {
                let back = self
                    .return_focus
                    .take()
                    .and_then(|e| e.dyn_into::<HtmlElement>().ok())
                    .filter(|e| e.is_connected());
                let _ = back.as_ref().unwrap_or(&self.canvas).focus();
            }
            None => {}
        }
    }

    /// Puts the focus ring where the focused incident is (it follows the view).
    pub(super) fn show_ring(&mut self) {
        let ring = self.widget.focus_ring();
        if self.shown.ring != ring {
            self.controls.show_ring(ring);
            self.shown.ring = ring;
        }
    }

    /// The window settled: the live region says it with the count, and the canvas's
    /// description what it shows.
    fn announce(&mut self) {
        if let Some(phrase) = self.widget.settled_phrase() {
            super::dom::set_text(&self.controls.live, &phrase);
            self.describe();
        }
    }

    /// Writes what the map shows into the canvas's description.
    pub(super) fn describe(&mut self) {
        super::dom::set_text(&self.controls.summary, &self.widget.summary());
    }
}
