//! The widget's CSS as a constructed stylesheet adopted by the document. Unlike a `<style>`
//! element or a `style` attribute, a constructed stylesheet is not blocked by a strict
//! Content-Security-Policy (`style-src 'self'`), and it needs no file next to the module.

use js_sys::Array;
use std::cell::RefCell;
use wasm_bindgen::JsValue;
use web_sys::{CssStyleSheet, Document};

/// The widget's rules, every one scoped under `.incident-map`.
const CSS: &str = include_str!("style.css");

thread_local! {
    /// The one stylesheet, shared by every widget in the page.
    static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

/// Adds the widget's stylesheet to `doc` unless it is there already.
pub fn adopt(doc: &Document) {
    let sheet = SHEET.with(|s| {
        let mut s = s.borrow_mut();
        if s.is_none() {
            *s = CssStyleSheet::new()
                .ok()
                .filter(|sheet| sheet.replace_sync(CSS).is_ok());
        }
        s.clone()
    });
    let Some(sheet) = sheet else { return };
    let sheets: Array = doc.adopted_style_sheets();
    let sheet = JsValue::from(sheet);
    if !sheets.includes(&sheet, 0) {
        sheets.push(&sheet);
        doc.set_adopted_style_sheets(&sheets);
    }
}
