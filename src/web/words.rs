//! The chrome's words: every element that shows a phrase of the core's tables is listed here
//! with its key, so that a change of language rewrites them all in place.

use super::dom::attr;
use crate::i18n::{text, Text};
use crate::lang::Lang;
use web_sys::Element;

/// Where an element shows its phrase.
#[derive(Clone, Copy)]
pub enum Slot {
    /// As its text.
    Content,
    /// As its accessible name and tooltip (`aria-label` and `title`), for a button whose text
    /// is a symbol.
    Name,
    /// As its accessible name only.
    Label,
    /// As its accessible description (`aria-description`).
    Description,
}

/// The elements that show a phrase, with where and which.
#[derive(Default)]
pub struct Words(Vec<(Element, Slot, Text)>);

impl Words {
    /// Shows `key` in `el`'s `slot` from now on.
    #[inline(never)]
    pub fn add(&mut self, el: &Element, slot: Slot, key: Text) {
        self.0.push((el.clone(), slot, key));
    }

    /// Writes every phrase in `lang`.
    pub fn show(&self, lang: Lang) {
        for (el, slot, key) in &self.0 {
            let phrase = text(lang, *key);
            match slot {
                Slot::Content => el.set_text_content(Some(phrase)),
                Slot::Name => {
                    attr(el, "aria-label", phrase);
                    attr(el, "title", phrase);
                }
                Slot::Label => attr(el, "aria-label", phrase),
                Slot::Description => attr(el, "aria-description", phrase),
            }
        }
    }
}
