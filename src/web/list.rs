//! The list view: the incidents shown as a table (title, date, place, type, deaths), in step
//! with the window and the filter; a row's title is a button that opens its popup.

use super::dom::{append, attr, element, set_text, typed};
use super::words::{Slot, Words};
use crate::i18n::Text;
use crate::widget::ListPage;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

/// The list's elements.
pub struct ListView {
    /// The list (hidden until the toggle shows it).
    pub root: HtmlElement,
    caption: Element,
    body: Element,
    cut: Element,
}

impl ListView {
    /// Builds the (hidden) list; `id` makes its id unique in the page.
    pub fn build(doc: &Document, id: u32, words: &mut Words) -> ListView {
        let root: HtmlElement = typed(doc, "div", "im-list");
        attr(&root, "id", &format!("im-list-{id}"));
        root.set_hidden(true);
        let table = element(doc, "table", "", "");
        let caption = element(doc, "caption", "", "");
        append(&table, &caption);
        let head = element(doc, "thead", "", "");
        let row = element(doc, "tr", "", "");
        for key in [
            Text::ColumnTitle,
            Text::ColumnDate,
            Text::Place,
            Text::Type,
            Text::Deaths,
        ] {
            let th = element(doc, "th", "", "");
            attr(&th, "scope", "col");
            words.add(&th, Slot::Content, key);
            append(&row, &th);
        }
        append(&head, &row);
        append(&table, &head);
        let body = element(doc, "tbody", "", "");
        append(&table, &body);
        append(&root, &table);
        let cut = element(doc, "p", "im-meta", "");
        append(&root, &cut);
        ListView {
            root,
            caption,
            body,
            cut,
        }
    }

    /// Fills the list with `page`. Every text from data goes in as text.
    pub fn show(&self, page: &ListPage) {
        let Some(doc) = self.root.owner_document() else {
            return;
        };
        set_text(&self.caption, &page.caption);
        self.body.set_text_content(None);
        for row in &page.rows {
            let tr = element(&doc, "tr", "", "");
            let title = element(&doc, "td", "", "");
            let open = element(&doc, "button", "im-list-open", &row.title);
            attr(&open, "type", "button");
            attr(&open, "dir", "auto");
            attr(&open, "data-list-id", &row.id);
            append(&title, &open);
            append(&tr, &title);
            for text in [&row.date, &row.place, &row.event_type, &row.deaths] {
                let td = element(&doc, "td", "", text);
                attr(&td, "dir", "auto");
                append(&tr, &td);
            }
            append(&self.body, &tr);
        }
        set_text(&self.cut, page.cut.as_deref().unwrap_or_default());
        self.cut
            .unchecked_ref::<HtmlElement>()
            .set_hidden(page.cut.is_none());
    }
}
