//! The widget's DOM around the canvas: a container, zoom buttons, a legend and the time bar
//! (play/pause, a date slider, the current window as text, a window-width selector, a count).

use super::dom::{append, attr, element, set_text, typed};
use crate::incident::EventType;
use crate::style::event_colour_hex;
use crate::timeline::{Day, TimeWindow, WindowWidth};
use web_sys::{
    Document, Element, HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlInputElement,
    HtmlSelectElement,
};

/// The widget's stylesheet (our constant text, put in a `<style>` inside the container).
const CSS: &str = include_str!("style.css");

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
    /// Says when incidents are aggregated.
    pub notice: HtmlElement,
    /// The loading bar: its text and the Cancel button.
    pub progress: HtmlElement,
    progress_text: HtmlElement,
    /// Cancels a load in progress.
    pub cancel: HtmlButtonElement,
}

#[inline(never)]
fn button(doc: &Document, class: &str, text: &str, label: &str) -> HtmlButtonElement {
    let b: HtmlButtonElement = typed(doc, "button", class);
    b.set_type("button");
    b.set_text_content(Some(text));
    attr(&b, "aria-label", label);
    attr(&b, "title", label);
    b
}

fn legend(doc: &Document) -> Element {
    let box_ = element(doc, "div", "im-legend", "");
    attr(&box_, "aria-label", "Legend");
    for t in EventType::ALL {
        let row = element(doc, "div", "im-legend-row", "");
        let swatch = element(doc, "span", "im-swatch", "");
        attr(
            &swatch,
            "style",
            &format!("background:{}", event_colour_hex(t)),
        );
        append(&row, &swatch);
        append(&row, &element(doc, "span", "", t.label()));
        append(&box_, &row);
    }
    let exact = element(doc, "div", "im-legend-row", "");
    append(
        &exact,
        &element(doc, "span", "im-swatch im-swatch-exact", ""),
    );
    append(&exact, &element(doc, "span", "", "exact place"));
    let near = element(doc, "div", "im-legend-row", "");
    append(&near, &element(doc, "span", "im-swatch im-swatch-near", ""));
    append(
        &near,
        &element(doc, "span", "", "approximate place (halo = uncertainty)"),
    );
    append(&box_, &exact);
    append(&box_, &near);
    append(
        &box_,
        &element(doc, "div", "im-legend-note", "Size: best death estimate"),
    );
    box_
}

impl Controls {
    /// Wraps `canvas` in the widget's container and builds the controls around it.
    pub fn build(doc: &Document, canvas: &HtmlCanvasElement) -> Controls {
        let container: HtmlElement = typed(doc, "div", "incident-map");
        let style = element(doc, "style", "", CSS);
        append(&container, &style);
        let stage: HtmlElement = typed(doc, "div", "im-stage");
        if let Some(parent) = canvas.parent_node() {
            let _ = parent.insert_before(&container, Some(canvas));
        }
        append(&container, &stage);
        append(&stage, canvas);
        canvas.class_list().add_1("im-canvas").ok();
        attr(canvas, "tabindex", "0");
        attr(canvas, "role", "application");
        attr(canvas, "aria-label", "Incident map: drag to pan, wheel or +/− to zoom, arrows to pan, click an incident for details");
        let labels: HtmlElement = typed(doc, "div", "im-labels");
        attr(&labels, "aria-hidden", "true");
        append(&stage, &labels);

        let zoom = element(doc, "div", "im-zoom", "");
        let zoom_in = button(doc, "im-zoom-in", "+", "Zoom in");
        let zoom_out = button(doc, "im-zoom-out", "−", "Zoom out");
        append(&zoom, &zoom_in);
        append(&zoom, &zoom_out);
        append(&stage, &zoom);
        append(&stage, &legend(doc));
        let notice: HtmlElement = typed(doc, "div", "im-notice");
        notice.set_text_content(Some(
            "Dense view: nearby incidents are merged into discs (bigger = more incidents, colour = most frequent type). Zoom in to see each one.",
        ));
        attr(&notice, "role", "status");
        notice.set_hidden(true);
        append(&stage, &notice);
        let progress: HtmlElement = typed(doc, "div", "im-progress");
        attr(&progress, "role", "status");
        progress.set_hidden(true);
        let progress_text: HtmlElement = typed(doc, "span", "im-progress-text");
        let cancel = button(doc, "im-cancel", "Cancel", "Cancel loading");
        append(&progress, &progress_text);
        append(&progress, &cancel);
        append(&stage, &progress);

        let bar = element(doc, "div", "im-timebar", "");
        let play = button(doc, "im-play", "▶", "Play");
        let slider: HtmlInputElement = typed(doc, "input", "im-slider");
        slider.set_type("range");
        slider.set_step("1");
        attr(&slider, "aria-label", "Date");
        let date: HtmlElement = typed(doc, "output", "im-date");
        attr(&date, "aria-live", "polite");
        let width: HtmlSelectElement = typed(doc, "select", "im-width");
        attr(&width, "aria-label", "Time window");
        for w in WindowWidth::ALL.into_iter().chain([WindowWidth::Custom(1)]) {
            let option = element(doc, "option", "", w.label());
            attr(&option, "value", w.key());
            if matches!(w, WindowWidth::Custom(_)) {
                attr(&option, "hidden", "");
                attr(&option, "disabled", "");
            }
            append(&width, &option);
        }
        let count: HtmlElement = typed(doc, "span", "im-count");
        for el in [&play as &Element, &slider, &date, &width, &count] {
            append(&bar, el);
        }
        append(&container, &bar);
        Controls {
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
            notice,
            progress,
            progress_text,
            cancel,
        }
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

    /// Shows a window: slider position and range, text, selector and count.
    pub fn show_window(
        &self,
        window: TimeWindow,
        width: WindowWidth,
        range: Option<(Day, Day)>,
        visible: usize,
    ) {
        // Only what changed is written: every DOM write may cost the page a style and layout
        // pass, and the slider sends a step per frame while it is dragged or playing.
        let (first, last) = range.unwrap_or((window.end, window.end));
        let (min, max) = (first.0.to_string(), last.0.max(first.0).to_string());
        if self.slider.min() != min {
            self.slider.set_min(&min);
        }
        if self.slider.max() != max {
            self.slider.set_max(&max);
        }
        let value = window.end.0.to_string();
        if self.slider.value() != value {
            self.slider.set_value(&value);
        }
        if self.slider.disabled() != range.is_none() {
            self.slider.set_disabled(range.is_none());
        }
        let text = if window.start == window.end {
            window.end.date().day_month_year()
        } else {
            format!(
                "{} – {}",
                window.start.date().day_month_year(),
                window.end.date().day_month_year()
            )
        };
        if set_text(&self.date, &text) {
            attr(&self.slider, "aria-valuetext", &text);
        }
        if self.width.value() != width.key() {
            self.width.set_value(width.key());
        }
        let noun = if visible == 1 {
            "incident"
        } else {
            "incidents"
        };
        let count = format!("{visible} {noun}");
        set_text(&self.count, &count);
    }

    /// Shows whether playback runs.
    pub fn show_playing(&self, playing: bool) {
        let (text, label) = if playing {
            ("❚❚", "Pause")
        } else {
            ("▶", "Play")
        };
        self.play.set_text_content(Some(text));
        attr(&self.play, "aria-label", label);
        attr(&self.play, "title", label);
    }

    /// Takes the container out of the page and puts the canvas back where it was.
    pub fn remove(&self, canvas: &HtmlCanvasElement) {
        if let Some(parent) = self.container.parent_node() {
            let _ = parent.insert_before(canvas, Some(&self.container));
            let _ = parent.remove_child(&self.container);
        }
        canvas.class_list().remove_1("im-canvas").ok();
    }
}
