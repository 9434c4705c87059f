//! The histogram strip under the map and its two-handle range: a small canvas the core's
//! pixels are put into, the window drawn over it, a handle at each end (sliders for the
//! keyboard and screen readers), and the switch that weights the bars by deaths (which sits in
//! the time bar).

use super::dom::{append, attr, set_style, typed};
use super::words::{Slot, Words};
use crate::i18n::Text;
use crate::raster::PixelBuffer;
use crate::viewport::css_px;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{
    CanvasRenderingContext2d, Document, HtmlButtonElement, HtmlCanvasElement, HtmlElement,
    ImageData,
};

/// The strip's height in CSS px.
pub const STRIP_HEIGHT_CSS: f64 = 36.0;

/// The strip's elements.
pub struct StripView {
    /// The strip's track: the canvas with the range over it, as wide as the widget.
    pub root: HtmlElement,
    /// The bars.
    pub canvas: HtmlCanvasElement,
    ctx: Option<CanvasRenderingContext2d>,
    /// The window between the handles (dragged whole).
    pub window: HtmlElement,
    /// The window's first day.
    pub start: HtmlElement,
    /// The window's last day.
    pub end: HtmlElement,
    /// Weights the bars by deaths (`aria-pressed`).
    pub weight: HtmlButtonElement,
}

fn handle(doc: &Document, words: &mut Words, class: &str, name: Text) -> HtmlElement {
    let h: HtmlElement = typed(doc, "div", class);
    attr(&h, "role", "slider");
    attr(&h, "tabindex", "0");
    words.add(&h, Slot::Name, name);
    h
}

impl StripView {
    /// Builds the strip; `weight` is its switch (placed by the caller).
    pub fn build(doc: &Document, weight: HtmlButtonElement, words: &mut Words) -> StripView {
        let root: HtmlElement = typed(doc, "div", "im-range");
        let canvas: HtmlCanvasElement = typed(doc, "canvas", "im-strip");
        attr(&canvas, "aria-hidden", "true");
        let ctx = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into().ok());
        let window: HtmlElement = typed(doc, "div", "im-range-window");
        let start = handle(doc, words, "im-handle im-handle-start", Text::WindowStart);
        let end = handle(doc, words, "im-handle im-handle-end", Text::WindowEnd);
        for el in [&canvas as &HtmlElement, &window, &start, &end] {
            append(&root, el);
        }
        StripView {
            root,
            canvas,
            ctx,
            window,
            start,
            end,
            weight,
        }
    }

    /// Puts the core's strip pixels on the canvas.
    pub fn draw(&self, pixels: &PixelBuffer) {
        let (w, h) = (pixels.width(), pixels.height());
        if self.canvas.width() != w || self.canvas.height() != h {
            self.canvas.set_width(w);
            self.canvas.set_height(h);
        }
        let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(pixels.data()), w, h);
        if let (Some(ctx), Ok(image)) = (&self.ctx, image) {
            let _ = ctx.put_image_data(&image, 0.0, 0.0);
        }
    }

    /// Places the handles at `start` and `end` CSS px from the strip's left edge (by
    /// transforms: no layout; the start is the right one in a right-to-left strip) and tells
    /// assistive technology the days they stand for.
    pub fn place(&self, (start, end): (f64, f64), days: (i32, i32), texts: (&str, &str)) {
        let translate = |x: f64| format!("translateX({})", css_px(x));
        set_style(&self.start, "transform", &translate(start));
        set_style(&self.end, "transform", &translate(end));
        set_style(&self.window, "transform", &translate(start.min(end)));
        set_style(&self.window, "width", &css_px((end - start).abs()));
        for (handle, day, text) in [(&self.start, days.0, texts.0), (&self.end, days.1, texts.1)] {
            attr(handle, "aria-valuenow", &day.to_string());
            attr(handle, "aria-valuetext", text);
        }
    }

    /// The days the handles can take.
    pub fn set_bounds(&self, first: i32, last: i32) {
        for handle in [&self.start, &self.end] {
            attr(handle, "aria-valuemin", &first.to_string());
            attr(handle, "aria-valuemax", &last.to_string());
        }
    }
}
