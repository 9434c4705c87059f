//! Loading a file as it arrives: a `ReadableStream` (from `fetch` or `File.stream()`) is read
//! chunk by chunk, each chunk's complete features go straight into the new dataset, a progress
//! bar with a Cancel button shows how far it got, and the page stays responsive in between.
//! The current data stays on the map until the new data is complete.

use super::{err, replace_data, with_widget, Hooks, Shared};
use crate::dataset::Dataset;
use crate::import::Format;
use js_sys::{Reflect, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableStreamDefaultReader};

/// What is read: a GeoJSON FeatureCollection streams; anything else (CSV) is gathered whole.
enum Reading {
    Sniffing(Vec<u8>),
    GeoJson(Box<crate::import::stream::GeoJsonStream<crate::dataset::DatasetBuilder>>),
    Whole(Vec<u8>),
}

impl Reading {
    fn push(&mut self, chunk: &[u8]) {
        match self {
            Reading::Sniffing(bytes) => {
                bytes.extend_from_slice(chunk);
                let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
                let Some(&first) = text.iter().find(|b| !b.is_ascii_whitespace()) else {
                    return;
                };
                let bytes = std::mem::take(bytes);
                *self = if first == b'{' || first == b'[' {
                    let mut stream = Dataset::stream();
                    stream.push(&bytes);
                    Reading::GeoJson(Box::new(stream))
                } else {
                    Reading::Whole(bytes)
                };
            }
            Reading::GeoJson(stream) => stream.push(chunk),
            Reading::Whole(bytes) => bytes.extend_from_slice(chunk),
        }
    }

    fn features_read(&self) -> usize {
        match self {
            Reading::GeoJson(stream) => stream.features_read(),
            _ => 0,
        }
    }

    /// Once enough features are in to tell their average size, makes room for as many as the
    /// whole file should hold (a little more: room reserved and never used is never touched,
    /// so it costs no memory, while a column that outgrows its room is copied whole). True once
    /// that is done.
    fn reserve_for(&mut self, read_bytes: usize, total_bytes: f64) -> bool {
        const SAMPLE_FEATURES: usize = 2_000;
        let Reading::GeoJson(stream) = self else {
            return false;
        };
        let read = stream.features_read();
        if read < SAMPLE_FEATURES || read_bytes == 0 {
            return false;
        }
        let expected = total_bytes / read_bytes as f64 * read as f64 * 1.05;
        let builder = stream.sink_mut();
        if expected.is_finite() && expected > builder.len() as f64 {
            builder.reserve(expected.min(f64::from(u32::MAX)) as usize - builder.len());
        }
        true
    }

    fn finish(self) -> Result<(Dataset, Format, Vec<crate::import::ImportIssue>), JsError> {
        let fail = |e: crate::import::ImportError| err(&e.to_string());
        match self {
            Reading::GeoJson(stream) => {
                let (builder, issues) = stream.finish().map_err(fail)?;
                Ok((builder.build(), Format::GeoJson, issues))
            }
            Reading::Sniffing(bytes) | Reading::Whole(bytes) => {
                let (data, format, import) =
                    Dataset::from_any(&String::from_utf8_lossy(&bytes)).map_err(fail)?;
                Ok((data, format, import.issues))
            }
        }
    }
}

/// Reads `stream` into the widget; `total_bytes` (when known) drives the progress bar.
pub async fn load_stream(
    shared: Shared,
    hooks: Rc<RefCell<Hooks>>,
    stream: ReadableStream,
    total_bytes: Option<f64>,
) -> Result<JsValue, JsValue> {
    with_widget(&shared, &hooks, |inner| {
        if inner.loading.is_some() {
            return (Err(err("a load is already in progress")), Vec::new());
        }
        inner.loading = Some(false);
        inner.controls.show_progress(Some("Loading…"));
        (Ok(()), Vec::new())
    })??;
    let result = read_all(&shared, &stream, total_bytes).await;
    let _ = with_widget(&shared, &hooks, |inner| {
        inner.loading = None;
        inner.controls.show_progress(None);
        ((), Vec::new())
    });
    let (data, format, issues) = result?;
    Ok(replace_data(&shared, &hooks, data, format, &issues)?)
}

async fn read_all(
    shared: &Shared,
    stream: &ReadableStream,
    total_bytes: Option<f64>,
) -> Result<(Dataset, Format, Vec<crate::import::ImportIssue>), JsError> {
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut reading = Reading::Sniffing(Vec::new());
    let mut read_bytes = 0usize;
    let mut reserved = false;
    loop {
        let next = JsFuture::from(reader.read())
            .await
            .map_err(|e| err(&describe(&e)))?;
        let cancelled = shared
            .borrow()
            .as_ref()
            .is_none_or(|inner| inner.loading == Some(true));
        if cancelled {
            let _ = reader.cancel();
            return Err(err("loading cancelled"));
        }
        if Reflect::get(&next, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            == Some(true)
        {
            break;
        }
        let chunk = Reflect::get(&next, &"value".into()).map_err(|e| err(&describe(&e)))?;
        let chunk: Uint8Array = chunk
            .dyn_into()
            .map_err(|_| err("the stream gave something other than bytes"))?;
        let bytes = chunk.to_vec();
        read_bytes += bytes.len();
        reading.push(&bytes);
        if let Some(total) = total_bytes.filter(|_| !reserved) {
            reserved = reading.reserve_for(read_bytes, total);
        }
        let text = progress_text(read_bytes, total_bytes, reading.features_read());
        if let Some(inner) = shared.borrow().as_ref() {
            inner.controls.show_progress(Some(&text));
        }
    }
    reading.finish()
}

fn progress_text(read_bytes: usize, total_bytes: Option<f64>, features: usize) -> String {
    let amount = |bytes: f64| {
        if bytes < 1e6 {
            format!("{:.0} kB", bytes / 1e3)
        } else {
            format!("{:.1} MB", bytes / 1e6)
        }
    };
    let size = match total_bytes.filter(|t| *t > 0.0) {
        Some(total) => {
            let percent = (read_bytes as f64 / total * 100.0).min(100.0);
            format!("{percent:.0} % of {}", amount(total))
        }
        None => amount(read_bytes as f64),
    };
    match features {
        0 => format!("Loading… {size}"),
        1 => format!("Loading… {size}, 1 incident read"),
        n => format!("Loading… {size}, {n} incidents read"),
    }
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the stream failed".into())
}

/// Fetches `url` (same-origin or CORS-enabled) and streams its body into the widget.
pub async fn load_url(
    shared: Shared,
    hooks: Rc<RefCell<Hooks>>,
    url: String,
) -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from(err("no window")))?;
    let response = JsFuture::from(window.fetch_with_str(&url)).await?;
    let response: web_sys::Response = response.dyn_into()?;
    if !response.ok() {
        return Err(err(&format!("{url}: HTTP {}", response.status())).into());
    }
    let total = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| crate::decimal::parse(&v));
    let body = response
        .body()
        .ok_or_else(|| JsValue::from(err(&format!("{url}: empty response"))))?;
    load_stream(shared, hooks, body, total).await
}
