//! `toBlob`: paints the core's [`Picture`] on a canvas of its own and encodes it as PNG.

use super::*;
use crate::picture::{captions, layout, DrawItem, Picture};
use crate::style::hex;

#[wasm_bindgen(inline_js = "export function toPng(canvas) {
  return new Promise((resolve, reject) => canvas.toBlob(
    (blob) => (blob ? resolve(blob) : reject(new Error('the image could not be encoded'))),
    'image/png',
  ));
}")]
extern "C" {
    /// `canvas.toBlob` as a promise of a PNG `Blob`.
    #[wasm_bindgen(js_name = toPng)]
    fn to_png(canvas: &HtmlCanvasElement) -> js_sys::Promise;
}

/// A new canvas with `picture` painted on it, `map` copied in unchanged where it goes.
fn paint_picture(map: &HtmlCanvasElement, picture: &Picture) -> Result<HtmlCanvasElement, JsValue> {
    let document = map
        .owner_document()
        .ok_or_else(|| JsValue::from(err("the canvas has no document")))?;
    let canvas: HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
    canvas.set_width(picture.width);
    canvas.set_height(picture.height);
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from(err("no 2d context for the image")))?
        .dyn_into()?;
    ctx.set_text_baseline("middle");
    for item in &picture.items {
        match item {
            DrawItem::Map { x, y } => ctx.draw_image_with_html_canvas_element(map, *x, *y)?,
            DrawItem::Rect {
                x,
                y,
                width,
                height,
                colour,
            } => {
                ctx.set_fill_style_str(&hex(*colour));
                ctx.fill_rect(*x, *y, *width, *height);
            }
            DrawItem::Text {
                x,
                y,
                text,
                size_px,
                bold,
                colour,
                end,
            } => {
                let weight = if *bold { "600 " } else { "" };
                ctx.set_font(&format!("{weight}{size_px}px sans-serif"));
                ctx.set_text_align(if *end { "right" } else { "left" });
                // Right-to-left lines are laid out as such (Arabic with Latin names and digits
                // inside); web-sys has no setter for the context's `direction`.
                let direction = if *end { "rtl" } else { "ltr" };
                let _ = js_sys::Reflect::set(&ctx, &"direction".into(), &direction.into());
                ctx.set_fill_style_str(&hex(*colour));
                ctx.fill_text(text, *x, *y)?;
            }
        }
    }
    Ok(canvas)
}

#[wasm_bindgen(js_class = IncidentMap)]
impl IncidentMap {
    /// The map as a PNG `Blob`: the canvas's pixels unchanged, and below them a band with the
    /// legend (unless `legend: false`), the window's dates and the credits ("Basemap: Natural
    /// Earth", the towns' source and the data's source line). Device pixels, as the canvas.
    #[wasm_bindgen(js_name = toBlob, unchecked_return_type = "Promise<Blob>")]
    pub fn to_blob(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{legend?: boolean}")] options: Option<
            js_sys::Object,
        >,
    ) -> js_sys::Promise {
        let legend = options
            .and_then(|o| js_sys::Reflect::get(&o, &JsValue::from_str("legend")).ok())
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        let painted = run(self.id, &self.shared, Then::Nothing, |inner| {
            inner.paint();
            let frame = inner.widget.map().frame();
            let ratio = inner.widget.map().view().pixel_ratio();
            let captions = captions(&inner.widget, legend);
            let picture = layout(frame.width(), frame.height(), ratio, &captions);
            paint_picture(&inner.canvas, &picture)
        });
        let canvas = match painted {
            Ok(Ok(canvas)) => canvas,
            Ok(Err(e)) => return js_sys::Promise::reject(&e),
            Err(e) => return js_sys::Promise::reject(&e.into()),
        };
        to_png(&canvas)
    }
}
