//! The glue for embedding: `setOptions` (what the `<incident-map>` element calls when an
//! attribute changes) and deep links, the widget kept in `location.hash` when the page turns on
//! the `hash` option. The format and every decision are in [`crate::widget::deep_link`].

use super::api::{option_entries, type_error};
use super::*;
use crate::widget::deep_link::{DeepLink, HashSync, HistoryStep};
use crate::widget::Options;
use web_sys::EventTarget;

#[wasm_bindgen(js_class = IncidentMap)]
impl IncidentMap {
    /// Changes options on the live map, checked as the constructor checks them: `lang`,
    /// `window` and `date` take effect in place (the window keeps its last day when only
    /// `window` is given); `data` and `hash` are read only when the map is made and throw a
    /// `TypeError` here, as does a bad value, and then nothing changes.
    #[wasm_bindgen(js_name = setOptions)]
    pub fn set_options(
        &self,
        #[wasm_bindgen(unchecked_param_type = "IncidentMapOptions")] options: JsValue,
    ) -> Result<(), JsValue> {
        let entries = option_entries(&options)?;
        let keys: Vec<String> = entries.iter().map(|(k, _)| k.clone()).collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let options = Options::parse(entries).map_err(|e| type_error(&e.to_string()))?;
        self.with(|w| w.set_options(&options, &keys))?
            .map_err(|e| type_error(&e.to_string()))
    }

    /// With the `hash` option: follows the address's hash from now on (back, forward, a hash
    /// typed or followed), through the widget's own listeners.
    pub(super) fn follow_history(&self) {
        let window: EventTarget = self.hooks.window.clone().into();
        for name in ["popstate", "hashchange"] {
            self.listen(&window, name, |inner, _| inner.follow_location());
        }
    }
}

/// The hash the page's address has now ("" when none can be read).
pub(super) fn location_hash(window: &Window) -> String {
    window.location().hash().unwrap_or_default()
}

impl Inner {
    /// Shows what the address's hash holds (see [`HashSync::to_follow`]); what is read is not
    /// written back.
    fn follow_location(&mut self) {
        let Some(sync) = &mut self.hash else { return };
        let link = sync.to_follow(DeepLink::parse(&location_hash(&self.hooks.window)));
        self.widget.follow_link(&link);
        sync.followed(self.widget.deep_link());
    }

    /// With the `hash` option: writes the widget's state into the address when it changed
    /// (`pushState` for a selection, else `replaceState`). True while a change waits for its
    /// turn, so that the caller asks for another frame.
    pub(super) fn write_hash(&mut self) -> bool {
        let Some(sync) = &mut self.hash else {
            return false;
        };
        if let Some((hash, step)) = sync.update(self.widget.deep_link(), js_sys::Date::now()) {
            if let Ok(history) = self.hooks.window.history() {
                let _ = match step {
                    HistoryStep::Push => {
                        history.push_state_with_url(&JsValue::NULL, "", Some(&hash))
                    }
                    HistoryStep::Replace => {
                        history.replace_state_with_url(&JsValue::NULL, "", Some(&hash))
                    }
                };
            }
        }
        sync.is_pending()
    }
}

/// With the `hash` option, at construction: shows what the page's address holds and starts
/// following it.
pub(super) fn start_sync(widget: &mut Widget, window: &Window) -> HashSync {
    let link = DeepLink::parse(&location_hash(window));
    if !link.is_empty() {
        widget.follow_link(&link);
    }
    HashSync::new(link, widget.deep_link())
}
