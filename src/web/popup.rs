//! The popup element: filled from [`PopupContent`] or a list of choices, text only.

use super::dom::{append, attr, element, set_style, show, typed};
use crate::i18n::{text, Text};
use crate::lang::Lang;
use crate::popup::PopupContent;
use crate::viewport::{css_px, ScreenPoint};
use crate::widget::Choices;
use web_sys::{Document, Element, HtmlElement};

/// The popup, created once and refilled.
pub struct PopupView {
    /// The `role="dialog"` element.
    pub root: HtmlElement,
    doc: Document,
}

impl PopupView {
    /// Creates the (hidden) popup inside `stage`.
    pub fn new(doc: &Document, stage: &Element) -> PopupView {
        let root: HtmlElement = typed(doc, "div", "im-popup");
        attr(&root, "role", "dialog");
        attr(&root, "aria-modal", "false");
        // Focusable by script: opened from the keyboard, the popup takes the focus.
        attr(&root, "tabindex", "-1");
        show(&root, false);
        append(stage, &root);
        PopupView {
            root,
            doc: doc.clone(),
        }
    }

    /// An element holding text from data: its direction follows its own first strong letter,
    /// so English names and dates read correctly inside an Arabic popup and the other way round.
    fn text(&self, tag: &str, class: &str, text: &str) -> Element {
        let el = element(&self.doc, tag, class, text);
        attr(&el, "dir", "auto");
        el
    }

    fn start(&self, title: &str, lang: Lang) {
        self.root.set_text_content(None);
        attr(&self.root, "dir", lang.dir());
        attr(&self.root, "lang", lang.code());
        attr(&self.root, "aria-label", title);
        let close = element(&self.doc, "button", "im-close", "×");
        attr(&close, "type", "button");
        attr(&close, "aria-label", text(lang, Text::Close));
        attr(&close, "data-action", "close");
        append(&self.root, &close);
        append(&self.root, &self.text("p", "im-title", title));
    }

    fn row(&self, list: &Element, lang: Lang, term: Text, value: &str) {
        if value.is_empty() {
            return;
        }
        append(list, &element(&self.doc, "dt", "", text(lang, term)));
        append(list, &self.text("dd", "", value));
    }

    fn list(&self, heading: &str, items: impl IntoIterator<Item = Element>) {
        let ul = element(&self.doc, "ul", "", "");
        let mut any = false;
        for item in items {
            append(&ul, &item);
            any = true;
        }
        if any {
            append(
                &self.root,
                &element(&self.doc, "div", "im-section", heading),
            );
            append(&self.root, &ul);
        }
    }

    /// Shows one incident.
    pub fn show_incident(&self, p: &PopupContent) {
        let lang = p.lang;
        self.start(&p.title, lang);
        attr(&self.root, "data-id", &p.id);
        append(&self.root, &self.text("p", "im-meta im-when", &p.date));
        let dl = element(&self.doc, "dl", "", "");
        self.row(&dl, lang, Text::Place, &p.place);
        self.row(&dl, lang, Text::Type, &p.event_type);
        self.row(&dl, lang, Text::Actors, &p.actors.join("; "));
        self.row(&dl, lang, Text::Deaths, &p.fatalities.join("\n"));
        append(&self.root, &dl);
        if let Some(note) = &p.fatalities_note {
            append(&self.root, &self.text("p", "im-meta", note));
        }
        if !p.summary.is_empty() {
            append(&self.root, &self.text("p", "im-summary", &p.summary));
        }
        self.list(
            text(lang, Text::WhoClaimedWhat),
            p.claims.iter().map(|c| self.text("li", "", c)),
        );
        self.list(
            text(lang, Text::Sources),
            p.sources.iter().map(|s| {
                let li = self.text("li", "", "");
                match &s.url {
                    Some(url) => {
                        let a = element(&self.doc, "a", "", &s.label);
                        attr(&a, "href", url);
                        attr(&a, "target", "_blank");
                        attr(&a, "rel", "noopener noreferrer");
                        append(&li, &a);
                    }
                    None => li.set_text_content(Some(&s.label)),
                }
                li
            }),
        );
        show(&self.root, true);
    }

    /// Shows a chooser between the incidents under the pointer.
    pub fn show_choices(&self, choices: &Choices) {
        self.start(&choices.title, choices.lang);
        let _ = self.root.remove_attribute("data-id");
        for c in &choices.lines {
            let b = self.text("button", "im-choice", &c.label);
            attr(&b, "type", "button");
            attr(&b, "data-choice", &c.id);
            append(&self.root, &b);
        }
        if let Some(more) = &choices.more {
            append(&self.root, &element(&self.doc, "p", "im-meta", more));
        }
        show(&self.root, true);
    }

    /// Hides the popup.
    pub fn hide(&self) {
        show(&self.root, false);
    }

    /// True while shown.
    pub fn is_open(&self) -> bool {
        !self.root.hidden()
    }

    /// The popup's size in CSS px (a layout read).
    pub fn size(&self) -> (f64, f64) {
        (
            f64::from(self.root.offset_width()),
            f64::from(self.root.offset_height()),
        )
    }

    /// Puts the popup's top-left corner at `at` (CSS px in the map).
    pub fn place(&self, at: ScreenPoint) {
        set_style(&self.root, "left", &css_px(at.x));
        set_style(&self.root, "top", &css_px(at.y));
    }
}
