//! The popup element: filled from [`PopupContent`] or a list of choices, text only.

use super::dom::{append, attr, element, show, typed};
use crate::incident::Incident;
use crate::popup::{ChoiceLine, PopupContent};

/// The most incidents a chooser lists.
pub const MAX_CHOICES: usize = 40;
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

    fn start(&self, title: &str, dir: &str) {
        self.root.set_text_content(None);
        attr(&self.root, "dir", dir);
        attr(&self.root, "aria-label", title);
        let close = element(&self.doc, "button", "im-close", "×");
        attr(&close, "type", "button");
        attr(&close, "aria-label", "Close");
        attr(&close, "data-action", "close");
        append(&self.root, &close);
        append(&self.root, &self.text("h3", "im-title", title));
    }

    fn row(&self, list: &Element, term: &str, value: &str) {
        if value.is_empty() {
            return;
        }
        append(list, &element(&self.doc, "dt", "", term));
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
        self.start(&p.title, p.dir);
        attr(&self.root, "data-id", &p.id);
        append(&self.root, &self.text("p", "im-meta im-when", &p.date));
        let dl = element(&self.doc, "dl", "", "");
        self.row(&dl, "Place", &p.place);
        self.row(&dl, "Type", &p.event_type);
        self.row(&dl, "Actors", &p.actors.join("; "));
        self.row(&dl, "Deaths", &p.fatalities.join("\n"));
        append(&self.root, &dl);
        if let Some(note) = &p.fatalities_note {
            append(&self.root, &self.text("p", "im-meta", note));
        }
        if !p.summary.is_empty() {
            append(&self.root, &self.text("p", "im-summary", &p.summary));
        }
        self.list(
            "Who claimed what",
            p.claims.iter().map(|c| self.text("li", "", c)),
        );
        self.list(
            "Sources",
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

    /// Shows a chooser between the `total` incidents under the pointer: `incidents` (the
    /// first [`MAX_CHOICES`]), then how many more there are.
    pub fn show_choices(&self, incidents: &[Incident], total: usize, lang: &str) {
        self.start(&format!("{total} incidents here"), "ltr");
        let _ = self.root.remove_attribute("data-id");
        for incident in incidents.iter().take(MAX_CHOICES) {
            let c = ChoiceLine::of(incident, lang);
            let b = self.text("button", "im-choice", &c.label);
            attr(&b, "type", "button");
            attr(&b, "data-choice", &c.id);
            append(&self.root, &b);
        }
        if total > incidents.len() {
            let more = total - incidents.len();
            let text = format!("… and {more} more: zoom in to see them one by one.");
            append(&self.root, &element(&self.doc, "p", "im-meta", &text));
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

    /// Places the popup next to `(x, y)` (CSS px in the stage), kept inside the stage.
    pub fn place(&self, x: f64, y: f64, stage_width: f64, stage_height: f64) {
        let w = f64::from(self.root.offset_width());
        let h = f64::from(self.root.offset_height());
        let mut left = x + 14.0;
        if left + w > stage_width - 6.0 {
            left = x - 14.0 - w;
        }
        let top = (y - h / 2.0).clamp(6.0, (stage_height - h - 6.0).max(6.0));
        let left = left.clamp(6.0, (stage_width - w - 6.0).max(6.0));
        let style = self.root.style();
        let _ = style.set_property("left", &format!("{left}px"));
        let _ = style.set_property("top", &format!("{top}px"));
    }
}
