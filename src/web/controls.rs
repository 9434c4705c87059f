//! The widget's DOM around the canvas: a container, zoom buttons, a legend and the time bar
//! (play/pause, a date slider, the current window as text, a window-width selector, a count).

use super::dom::{append, attr, element, set_style, set_text, typed};
use super::filters::FilterView;
use super::list::ListView;
use super::strip::StripView;
use super::words::{Slot, Words};
use crate::basemap::Label;
use crate::i18n::{self, Text};
use crate::lang::Lang;
use crate::timeline::WindowWidth;
use crate::viewport::{css_px, ScreenPoint, Viewport};
use crate::widget::{TimeBar, SPEEDS};
use web_sys::{
    Document, Element, HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlInputElement,
    HtmlSelectElement,
};

/// Handles to the elements the glue updates or listens to.
pub struct Controls {
    /// The wrapper that replaces the canvas in the page.
    pub container: HtmlElement,
    /// The map area (canvas + overlays), positioned for the popup.
    pub stage: HtmlElement,
    /// The town labels: text over the map, in the DOM (the browser shapes every script), and
    /// changed only with the view or the language.
    pub labels: HtmlElement,
    /// Zoom in.
    pub zoom_in: HtmlButtonElement,
    /// Zoom out.
    pub zoom_out: HtmlButtonElement,
    /// Play / pause.
    pub play: HtmlButtonElement,
    /// The date slider (value = last day of the window, in days since 1970-01-01).
    pub slider: HtmlInputElement,
    /// The window as text.
    pub date: HtmlElement,
    /// The window width.
    pub width: HtmlSelectElement,
    /// "N incidents".
    pub count: HtmlElement,
    /// Playback speed.
    pub speed: HtmlSelectElement,
    /// Loop on or off (`aria-pressed`).
    pub looping: HtmlButtonElement,
    /// The legend (whose entries toggle their type) and the filters, folded behind
    /// [`Controls::panel_toggle`] on a small screen.
    pub filters: FilterView,
    /// The histogram strip and its range.
    pub strip: StripView,
    /// Unfolds the legend on a small screen (hidden on a wide one, by the stylesheet).
    pub panel_toggle: HtmlButtonElement,
    /// The hover tooltip: an incident's title and date.
    pub tooltip: HtmlElement,
    tooltip_title: HtmlElement,
    tooltip_date: HtmlElement,
    /// Says when incidents are aggregated.
    pub notice: HtmlElement,
    /// The loading bar: its text and the Cancel button.
    pub progress: HtmlElement,
    progress_text: HtmlElement,
    /// Cancels a load in progress.
    pub cancel: HtmlButtonElement,
    /// Shows or hides the list of the incidents shown (`aria-pressed`).
    pub list_toggle: HtmlButtonElement,
    /// The list.
    pub list: ListView,
    /// What the map shows, in a sentence: the canvas's description.
    pub summary: HtmlElement,
    /// The live region: the window and count once they settle, the focused incident.
    pub live: HtmlElement,
    /// The keyboard focus ring around an incident.
    pub ring: HtmlElement,
    /// The credits of the basemap, the towns and the data.
    pub credits: HtmlElement,
    /// Every element showing a phrase of the language.
    words: Words,
}

/// A button showing `text` (a symbol), named by `name` in the widget's language.
#[inline(never)]
fn button(
    doc: &Document,
    words: &mut Words,
    class: &str,
    text: &str,
    name: Text,
) -> HtmlButtonElement {
    let b: HtmlButtonElement = typed(doc, "button", class);
    b.set_type("button");
    b.set_text_content(Some(text));
    words.add(&b, Slot::Name, name);
    b
}

/// A button whose text is `text`, named `name`.
fn text_button(
    doc: &Document,
    words: &mut Words,
    class: &str,
    text: Text,
    name: Text,
) -> HtmlButtonElement {
    let b = button(doc, words, class, "", name);
    words.add(&b, Slot::Content, text);
    b
}

/// A visually hidden element, for screen readers only, with an id.
fn hidden_text(doc: &Document, id: &str) -> HtmlElement {
    let el: HtmlElement = typed(doc, "div", "im-sr");
    attr(&el, "id", id);
    el
}

impl Controls {
    /// Wraps `canvas` in the widget's container and builds the controls around it, in `lang`.
    pub fn build(doc: &Document, canvas: &HtmlCanvasElement, id: u32, lang: Lang) -> Controls {
        super::stylesheet::adopt(doc);
        let mut all_words = Words::default();
        let words = &mut all_words;
        let container: HtmlElement = typed(doc, "div", "incident-map");
        let stage: HtmlElement = typed(doc, "div", "im-stage");
        if let Some(parent) = canvas.parent_node() {
            let _ = parent.insert_before(&container, Some(canvas));
        }
        append(&container, &stage);
        append(&stage, canvas);
        canvas.class_list().add_1("im-canvas").ok();
        // Also set here, not only in the stylesheet: without it a touch pan scrolls the page.
        set_style(canvas, "touch-action", "none");
        attr(canvas, "tabindex", "0");
        attr(canvas, "role", "application");
        words.add(canvas, Slot::Label, Text::MapName);
        // What the map shows (written when the window settles) and how to use it.
        let summary = hidden_text(doc, &format!("im-summary-{id}"));
        let keys = hidden_text(doc, &format!("im-keys-{id}"));
        words.add(&keys, Slot::Content, Text::MapKeys);
        attr(
            canvas,
            "aria-describedby",
            &format!("im-summary-{id} im-keys-{id}"),
        );
        let live = hidden_text(doc, &format!("im-live-{id}"));
        attr(&live, "role", "status");
        attr(&live, "aria-live", "polite");
        for el in [&summary, &keys, &live] {
            append(&container, el);
        }
        let labels: HtmlElement = typed(doc, "div", "im-labels");
        attr(&labels, "aria-hidden", "true");
        append(&stage, &labels);
        // The sources' credits, as a map's attribution line.
        let credits: HtmlElement = typed(doc, "div", "im-credits");
        append(&stage, &credits);
        let ring: HtmlElement = typed(doc, "div", "im-ring");
        attr(&ring, "aria-hidden", "true");
        ring.set_hidden(true);
        append(&stage, &ring);

        let zoom = element(doc, "div", "im-zoom", "");
        let zoom_in = button(doc, words, "im-zoom-in", "+", Text::ZoomIn);
        let zoom_out = button(doc, words, "im-zoom-out", "−", Text::ZoomOut);
        append(&zoom, &zoom_in);
        append(&zoom, &zoom_out);
        append(&stage, &zoom);
        let filters = FilterView::build(doc, id, words);
        let panel_toggle = button(doc, words, "im-panel-toggle", "☰", Text::LegendAndFilters);
        attr(&panel_toggle, "aria-expanded", "false");
        attr(&panel_toggle, "aria-controls", &format!("im-panel-{id}"));
        append(&stage, &panel_toggle);
        append(&stage, &filters.panel);
        let notice: HtmlElement = typed(doc, "div", "im-notice");
        words.add(&notice, Slot::Content, Text::DenseView);
        attr(&notice, "role", "status");
        notice.set_hidden(true);
        append(&stage, &notice);
        let progress: HtmlElement = typed(doc, "div", "im-progress");
        attr(&progress, "role", "status");
        progress.set_hidden(true);
        let progress_text: HtmlElement = typed(doc, "span", "im-progress-text");
        let cancel = text_button(doc, words, "im-cancel", Text::Cancel, Text::CancelLoading);
        append(&progress, &progress_text);
        append(&progress, &cancel);
        append(&stage, &progress);

        let bar = element(doc, "div", "im-timebar", "");
        let play = button(doc, words, "im-play", "▶", Text::Play);
        let slider: HtmlInputElement = typed(doc, "input", "im-slider");
        slider.set_type("range");
        slider.set_step("1");
        words.add(&slider, Slot::Label, Text::Date);
        // Not a live region: it changes on every frame of a drag or of playback; the live
        // region says the window once it settles.
        let date: HtmlElement = typed(doc, "span", "im-date");
        let width: HtmlSelectElement = typed(doc, "select", "im-width");
        words.add(&width, Slot::Label, Text::TimeWindow);
        for w in WindowWidth::ALL.into_iter().chain([WindowWidth::Custom(1)]) {
            let option = element(doc, "option", "", "");
            words.add(&option, Slot::Content, i18n::window_width_key(w));
            attr(&option, "value", w.key());
            if matches!(w, WindowWidth::Custom(_)) {
                attr(&option, "hidden", "");
                attr(&option, "disabled", "");
            }
            append(&width, &option);
        }
        let count: HtmlElement = typed(doc, "span", "im-count");
        let speed: HtmlSelectElement = typed(doc, "select", "im-speed");
        words.add(&speed, Slot::Label, Text::PlaybackSpeed);
        for (k, s) in SPEEDS.iter().enumerate() {
            let text = if *s < 1.0 {
                "½×".to_string()
            } else {
                format!("{}×", *s as u32)
            };
            let option = element(doc, "option", "", &text);
            attr(&option, "value", &k.to_string());
            append(&speed, &option);
        }
        let looping = button(doc, words, "im-loop", "⟳", Text::LoopPlayback);
        attr(&looping, "aria-pressed", "false");
        let list_toggle = text_button(doc, words, "im-list-toggle", Text::List, Text::ListName);
        attr(&list_toggle, "aria-pressed", "false");
        attr(&list_toggle, "aria-controls", &format!("im-list-{id}"));
        for el in [
            &play as &Element,
            &speed,
            &looping,
            &slider,
            &date,
            &width,
            &count,
        ] {
            append(&bar, el);
        }
        let tooltip: HtmlElement = typed(doc, "div", "im-tooltip");
        attr(&tooltip, "role", "tooltip");
        tooltip.set_hidden(true);
        let tooltip_title: HtmlElement = typed(doc, "strong", "");
        let tooltip_date: HtmlElement = typed(doc, "span", "");
        attr(&tooltip_title, "dir", "auto");
        append(&tooltip, &tooltip_title);
        append(&tooltip, &tooltip_date);
        append(&stage, &tooltip);
        let weight = text_button(
            doc,
            words,
            "im-weight",
            Text::DeathsSwitch,
            Text::DeathsSwitchName,
        );
        attr(&weight, "aria-pressed", "false");
        append(&bar, &weight);
        append(&bar, &list_toggle);
        let strip = StripView::build(doc, weight, words);
        append(&container, &strip.root);
        append(&container, &bar);
        let list = ListView::build(doc, id, words);
        append(&container, &list.root);
        let controls = Controls {
            container,
            stage,
            labels,
            zoom_in,
            zoom_out,
            play,
            slider,
            date,
            width,
            count,
            speed,
            looping,
            filters,
            strip,
            panel_toggle,
            tooltip,
            tooltip_title,
            tooltip_date,
            notice,
            progress,
            progress_text,
            cancel,
            list_toggle,
            list,
            summary,
            live,
            ring,
            credits,
            words: all_words,
        };
        controls.show_lang(lang);
        controls
    }

    /// Writes every word of the chrome in `lang`, and turns the chrome right to left for
    /// Arabic (the map itself is not mirrored: north stays up, east right).
    pub fn show_lang(&self, lang: Lang) {
        self.words.show(lang);
        attr(&self.container, "lang", lang.code());
        attr(&self.container, "dir", lang.dir());
    }

    /// Shows the loading bar with `text`, or hides it.
    pub fn show_progress(&self, text: Option<&str>) {
        self.progress.set_hidden(text.is_none());
        self.progress_text.set_text_content(text);
    }

    /// Shows or hides the aggregation notice.
    pub fn show_aggregated(&self, aggregated: bool) {
        if self.notice.hidden() == aggregated {
            self.notice.set_hidden(!aggregated);
        }
    }

    /// Shows the time bar: slider range and position, the window as text, the width selector
    /// and the count. Only what differs from `before` is written: every DOM write may cost the
    /// page a style and layout pass, and the slider sends a step per frame while it is dragged
    /// or playing.
    pub fn show_time_bar(&self, bar: &TimeBar, before: Option<&TimeBar>) {
        if before.map(|b| b.min) != Some(bar.min) {
            self.slider.set_min(&bar.min.to_string());
        }
        if before.map(|b| b.max) != Some(bar.max) {
            self.slider.set_max(&bar.max.to_string());
        }
        let value = bar.value.to_string();
        if self.slider.value() != value {
            self.slider.set_value(&value);
        }
        if self.slider.disabled() == bar.enabled {
            self.slider.set_disabled(!bar.enabled);
        }
        if set_text(&self.date, &bar.text) {
            attr(&self.slider, "aria-valuetext", &bar.text);
        }
        if self.width.value() != bar.width.key() {
            self.width.set_value(bar.width.key());
        }
        set_text(&self.count, &bar.count);
        let speed = bar.speed.to_string();
        if self.speed.value() != speed {
            self.speed.set_value(&speed);
        }
        if before.map(|b| b.looping) != Some(bar.looping) {
            attr(
                &self.looping,
                "aria-pressed",
                if bar.looping { "true" } else { "false" },
            );
        }
    }

    /// Makes the widget compact or not, and unfolds or folds its legend (folded only when
    /// compact).
    pub fn show_panel(&self, open: bool, compact: bool) {
        let _ = self
            .container
            .class_list()
            .toggle_with_force("im-compact", compact);
        let _ = self
            .filters
            .panel
            .class_list()
            .toggle_with_force("im-open", open);
        attr(
            &self.panel_toggle,
            "aria-expanded",
            if open { "true" } else { "false" },
        );
    }

    /// Shows the tooltip with `text` (title, date) at `at` in the map, or hides it. The text
    /// changes only with the incident; the place moves by a transform, which needs no layout.
    pub fn show_tooltip(&self, text: Option<(&str, &str)>, at: Option<ScreenPoint>) {
        if let Some((title, date)) = text {
            set_text(&self.tooltip_title, title);
            set_text(&self.tooltip_date, date);
        }
        if let Some(at) = at {
            let translate = format!(
                "translate({}, {})",
                css_px(at.x + 12.0),
                css_px(at.y + 12.0)
            );
            set_style(&self.tooltip, "transform", &translate);
        }
        self.tooltip.set_hidden(at.is_none());
    }

    /// Shows the town labels at their places (CSS px on the map), anchored on their right for
    /// right-to-left text.
    pub fn show_labels(&self, labels: &[Label], view: &Viewport, rtl: bool) {
        let layer = &self.labels;
        layer.set_text_content(None);
        let Some(doc) = layer.owner_document() else {
            return;
        };
        for label in labels {
            let class = if label.rank == 1 {
                "im-label im-label-capital"
            } else {
                "im-label"
            };
            let span: HtmlElement = typed(&doc, "span", class);
            span.set_text_content(Some(&label.text));
            if rtl {
                let right = view.width_css() - label.at.x + 6.0;
                set_style(&span, "right", &css_px(right));
            } else {
                set_style(&span, "left", &css_px(label.at.x + 6.0));
            }
            set_style(&span, "top", &css_px(label.at.y));
            attr(&span, "dir", "auto");
            append(layer, &span);
        }
    }

    /// Shows whether playback runs.
    pub fn show_playing(&self, playing: bool, lang: Lang) {
        let (text, label) = if playing {
            ("❚❚", Text::Pause)
        } else {
            ("▶", Text::Play)
        };
        self.play.set_text_content(Some(text));
        let label = i18n::text(lang, label);
        attr(&self.play, "aria-label", label);
        attr(&self.play, "title", label);
    }

    /// Puts the focus ring around `at` (CSS px on the map) with `radius`, or hides it.
    pub fn show_ring(&self, ring: Option<(ScreenPoint, f64)>) {
        if let Some((at, radius)) = ring {
            let translate = format!(
                "translate({}, {})",
                css_px(at.x - radius),
                css_px(at.y - radius)
            );
            set_style(&self.ring, "transform", &translate);
            set_style(&self.ring, "width", &css_px(2.0 * radius));
            set_style(&self.ring, "height", &css_px(2.0 * radius));
        }
        self.ring.set_hidden(ring.is_none());
    }
}

/// Takes the widget's container out of the page and puts the canvas back where it was, as the
/// page had it.
pub fn unwrap_canvas(container: &HtmlElement, canvas: &HtmlCanvasElement) {
    if let Some(parent) = container.parent_node() {
        let _ = parent.insert_before(canvas, Some(container));
        let _ = parent.remove_child(container);
    }
    canvas.class_list().remove_1("im-canvas").ok();
    let _ = canvas.style().remove_property("touch-action");
    for name in ["tabindex", "role", "aria-label", "aria-describedby"] {
        let _ = canvas.remove_attribute(name);
    }
}
