//! The legend, whose entries hide or show their event type, and the filters under it: an actor
//! field with suggestions from the data, "at least N deaths" and "exact places only".

use super::dom::{append, attr, element, set_style, typed};
use super::words::{Slot, Words};
use crate::filter::Filter;
use crate::i18n::{self, Text};
use crate::incident::EventType;
use crate::style::event_colour_hex;
use web_sys::{Document, Element, HtmlButtonElement, HtmlElement, HtmlInputElement};

/// The legend's and the filters' elements.
pub struct FilterView {
    /// The legend and the filters (folded on a small screen).
    pub panel: Element,
    /// One button per event type, in [`EventType::ALL`]'s order; pressed = shown.
    pub types: Vec<HtmlButtonElement>,
    /// The actor field.
    pub actor: HtmlInputElement,
    /// Its suggestions.
    suggestions: Element,
    /// At least this many deaths.
    pub min_deaths: HtmlInputElement,
    /// Exact places only.
    pub exact_only: HtmlInputElement,
}

/// A labelled input: `<label><span>text</span> <input></label>`.
fn field(
    doc: &Document,
    words: &mut Words,
    parent: &Element,
    text: Text,
    kind: &str,
) -> HtmlInputElement {
    let label = element(doc, "label", "im-field", "");
    let span = element(doc, "span", "", "");
    words.add(&span, Slot::Content, text);
    append(&label, &span);
    let input: HtmlInputElement = typed(doc, "input", "");
    input.set_type(kind);
    append(&label, &input);
    append(parent, &label);
    input
}

/// The legend's rows for the symbols' shapes and sizes.
fn shapes(doc: &Document, words: &mut Words, panel: &Element) {
    for (swatch, text) in [
        ("im-swatch im-swatch-exact", Text::ExactPlace),
        ("im-swatch im-swatch-near", Text::ApproximatePlace),
    ] {
        let row = element(doc, "div", "im-legend-row", "");
        append(&row, &element(doc, "span", swatch, ""));
        let label = element(doc, "span", "", "");
        words.add(&label, Slot::Content, text);
        append(&row, &label);
        append(panel, &row);
    }
    let note = element(doc, "div", "im-legend-note", "");
    words.add(&note, Slot::Content, Text::SizeNote);
    append(panel, &note);
}

impl FilterView {
    /// Builds the legend and the filters; `id` makes the suggestions' id unique in the page.
    pub fn build(doc: &Document, id: u32, words: &mut Words) -> FilterView {
        let panel = element(doc, "div", "im-legend", "");
        attr(&panel, "id", &format!("im-panel-{id}"));
        attr(&panel, "role", "group");
        words.add(&panel, Slot::Label, Text::LegendAndFilters);
        let types = EventType::ALL
            .into_iter()
            .map(|t| {
                let b: HtmlButtonElement = typed(doc, "button", "im-legend-row im-type");
                b.set_type("button");
                attr(&b, "aria-pressed", "true");
                words.add(&b, Slot::Description, Text::ShowOrHideType);
                let swatch: HtmlElement = typed(doc, "span", "im-swatch");
                set_style(&swatch, "background", &event_colour_hex(t));
                append(&b, &swatch);
                let name = element(doc, "span", "", "");
                words.add(&name, Slot::Content, i18n::event_type_key(t));
                append(&b, &name);
                append(&panel, &b);
                b
            })
            .collect();
        shapes(doc, words, &panel);
        let filters = element(doc, "div", "im-filters", "");
        let actor = field(doc, words, &filters, Text::Actor, "search");
        let list = format!("im-actors-{id}");
        attr(&actor, "list", &list);
        attr(&actor, "autocomplete", "off");
        let suggestions = element(doc, "datalist", "", "");
        attr(&suggestions, "id", &list);
        append(&filters, &suggestions);
        let min_deaths = field(doc, words, &filters, Text::AtLeast, "number");
        min_deaths.set_min("0");
        attr(&min_deaths, "inputmode", "numeric");
        words.add(&min_deaths, Slot::Label, Text::AtLeastName);
        let exact_only = field(doc, words, &filters, Text::ExactOnly, "checkbox");
        append(&panel, &filters);
        FilterView {
            panel,
            types,
            actor,
            suggestions,
            min_deaths,
            exact_only,
        }
    }

    /// Shows `filter`: which types are pressed, and the fields' values where they differ (so
    /// a field being typed in is not rewritten under the reader's fingers).
    pub fn show(&self, filter: &Filter) {
        for (button, t) in self.types.iter().zip(EventType::ALL) {
            let shown = !filter.hidden_types.contains(&t);
            attr(button, "aria-pressed", if shown { "true" } else { "false" });
        }
        if self.actor.value() != filter.actor {
            self.actor.set_value(&filter.actor);
        }
        let min = match filter.min_deaths {
            0 => String::new(),
            n => n.to_string(),
        };
        if self.min_deaths.value() != min {
            self.min_deaths.set_value(&min);
        }
        self.exact_only.set_checked(filter.exact_only);
    }

    /// Offers `actors` as the actor field's suggestions.
    pub fn suggest(&self, actors: &[String]) {
        let Some(doc) = self.suggestions.owner_document() else {
            return;
        };
        let doc = &doc;
        self.suggestions.set_text_content(None);
        for actor in actors {
            let option = element(doc, "option", "", "");
            attr(&option, "value", actor);
            append(&self.suggestions, &option);
        }
    }
}
