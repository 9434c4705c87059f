//! Loading a file as it arrives: a `ReadableStream` (from `fetch` or `File.stream()`) is read
//! chunk by chunk into a core [`Load`], with a progress bar and a Cancel button, and the page
//! stays responsive in between. The current data stays on the map until the new data is
//! complete. Cancel, `destroy()`, `free()` and garbage collection stop a load at once: the
//! fetch is aborted and a pending read ends.

use super::{err, fault, to_js, Handle, Inner, LoadHandle, Then};
use crate::import::ImportIssue;
use crate::load::{Load, Loaded, MAX_FILE_BYTES};
use js_sys::{Promise, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStream, ReadableStreamDefaultReader, RequestInit};

#[derive(Serialize)]
struct IssueOut {
    index: usize,
    line: Option<u64>,
    skipped: bool,
    message: String,
}

#[derive(Serialize)]
struct LoadResult {
    format: &'static str,
    loaded: usize,
    issues: Vec<IssueOut>,
}

impl Inner {
    /// Cancels the load in progress, at once: its promise rejects with "loading cancelled".
    pub(super) fn cancel_load(&mut self) {
        if self.widget.cancel_load() {
            if let Some(load) = self.hooks.load.borrow().as_ref() {
                load.abort();
            }
        }
    }
}

/// Replaces the widget's data with what an import read, and says what it read.
pub(super) fn replace_data(inner: &mut Inner, loaded: Loaded) -> JsValue {
    let (data, format, issues) = loaded;
    let result = LoadResult {
        format: format.label(),
        loaded: data.len(),
        issues: issues.iter().map(issue_out).collect(),
    };
    inner.widget.set_data(data);
    to_js(&result)
}

fn issue_out(i: &ImportIssue) -> IssueOut {
    IssueOut {
        index: i.index,
        line: i.line,
        skipped: i.skipped,
        message: i.message(),
    }
}

/// A promise for what `load` gives, which the widget rejects if it stops after an internal
/// error while the load is pending.
pub(super) fn promise(
    handle: Handle,
    load: std::pin::Pin<Box<dyn std::future::Future<Output = Result<JsValue, JsValue>>>>,
) -> Promise {
    let id = handle.id;
    let mut load = Some(load);
    Promise::new(&mut |resolve, reject| {
        let Some(load) = load.take() else { return };
        let number = fault::pending(id, reject.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let _ = match load.await {
                Ok(value) => resolve.call1(&JsValue::NULL, &value),
                Err(error) => reject.call1(&JsValue::NULL, &error),
            };
            fault::settled(id, number);
        });
    })
}

/// Starts a load: refused while another one runs; `controller` aborts its fetch.
fn begin(handle: &Handle, controller: Option<AbortController>) -> Result<(), JsError> {
    handle.run(Then::Nothing, |inner| {
        inner.widget.begin_load().map_err(|e| err(&e.to_string()))?;
        *inner.hooks.load.borrow_mut() = Some(LoadHandle {
            controller,
            reader: None,
            progress: "Loading…".into(),
        });
        Ok(())
    })?
}

/// Ends a load, however it ended.
fn end(handle: &Handle) {
    let _ = handle.run(Then::Nothing, |inner| {
        inner.widget.end_load();
        *inner.hooks.load.borrow_mut() = None;
    });
}

/// Why a load stopped early: cancelled, or the widget is gone. `None` while it may go on.
fn stopped(handle: &Handle) -> Option<JsError> {
    match handle.run(Then::Nothing, |inner| inner.widget.load_cancelled()) {
        Ok(false) => None,
        Ok(true) => Some(err("loading cancelled")),
        Err(e) => Some(e),
    }
}

/// Reads `stream` into the widget; `total_bytes` (when known) drives the progress bar.
pub async fn load_stream(
    handle: Handle,
    stream: ReadableStream,
    total_bytes: Option<f64>,
) -> Result<JsValue, JsValue> {
    begin(&handle, None)?;
    let result = read_into_widget(&handle, stream, total_bytes).await;
    end(&handle);
    result.map_err(JsValue::from)
}

/// Fetches `url` (same-origin or CORS-enabled) and streams its body into the widget.
pub async fn load_url(handle: Handle, url: String) -> Result<JsValue, JsValue> {
    let controller = AbortController::new()?;
    let signal = controller.signal();
    begin(&handle, Some(controller))?;
    let result = fetch_into_widget(&handle, &url, &signal).await;
    end(&handle);
    result.map_err(JsValue::from)
}

async fn fetch_into_widget(
    handle: &Handle,
    url: &str,
    signal: &web_sys::AbortSignal,
) -> Result<JsValue, JsError> {
    let window = web_sys::window().ok_or_else(|| err("no window"))?;
    let init = RequestInit::new();
    init.set_signal(Some(signal));
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await;
    if let Some(stop) = stopped(handle) {
        return Err(stop);
    }
    let response: web_sys::Response = response
        .map_err(|e| err(&format!("{url}: {}", describe(&e))))?
        .dyn_into()
        .map_err(|_| err(&format!("{url}: not a response")))?;
    if !response.ok() {
        return Err(err(&format!("{url}: HTTP {}", response.status())));
    }
    let total = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| crate::decimal::parse(&v));
    let body = response
        .body()
        .ok_or_else(|| err(&format!("{url}: empty response")))?;
    read_into_widget(handle, body, total).await
}

async fn read_into_widget(
    handle: &Handle,
    stream: ReadableStream,
    total_bytes: Option<f64>,
) -> Result<JsValue, JsError> {
    let mut load = Load::new(total_bytes, MAX_FILE_BYTES).map_err(|e| err(&e.to_string()))?;
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    handle.run(Then::Nothing, |inner| {
        if let Some(l) = inner.hooks.load.borrow_mut().as_mut() {
            l.reader = Some(reader.clone());
        }
    })?;
    let result = read_chunks(handle, &reader, &mut load).await;
    if result.is_err() {
        super::cancel_quietly(&reader);
    }
    result?;
    let loaded = {
        let _running = fault::Running::enter(handle.id);
        load.finish().map_err(|e| err(&e.to_string()))?
    };
    handle.run(Then::Paint, |inner| replace_data(inner, loaded))
}

async fn read_chunks(
    handle: &Handle,
    reader: &ReadableStreamDefaultReader,
    load: &mut Load,
) -> Result<(), JsError> {
    loop {
        let next = JsFuture::from(reader.read()).await;
        if let Some(stop) = stopped(handle) {
            return Err(stop);
        }
        let next = next.map_err(|e| err(&describe(&e)))?;
        if Reflect::get(&next, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            == Some(true)
        {
            return Ok(());
        }
        let chunk: Uint8Array = Reflect::get(&next, &"value".into())
            .ok()
            .and_then(|v| v.dyn_into().ok())
            .ok_or_else(|| err("the stream gave something other than bytes"))?;
        {
            let _running = fault::Running::enter(handle.id);
            load.push(&chunk.to_vec())
                .map_err(|e| err(&e.to_string()))?;
        }
        let text = load.progress_text();
        handle.run(Then::Nothing, |inner| {
            if let Some(l) = inner.hooks.load.borrow_mut().as_mut() {
                l.progress = text;
            }
        })?;
    }
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the stream failed".into())
}
