//! Loading a file: a text, or a `ReadableStream` (from `fetch` or `File.stream()`) read chunk
//! by chunk, with a progress bar and a Cancel button; the page stays responsive in between.
//! The reading itself happens in the importer module ([`super::importer_module`]), fetched the
//! first time a page loads a file; it hands the data back as a dataset snapshot. The current
//! data stays on the map until the new data is complete. Cancel, `destroy()`, `free()` and
//! garbage collection stop a load at once: the fetch is aborted and a pending read ends.

use super::importer_module::{importer, Importer, StreamImport};
use super::{err, fault, Handle, Inner, LoadHandle, Then};
use crate::dataset::Dataset;
use js_sys::{JsString, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStream, ReadableStreamDefaultReader, RequestInit};

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

/// Replaces the widget's data with what the importer read (`{format, loaded, issues,
/// snapshot}`), and gives the page the rest: its `LoadResult`.
fn replace_data(inner: &mut Inner, imported: JsValue) -> Result<JsValue, JsValue> {
    let key = JsValue::from_str("snapshot");
    let snapshot: Uint8Array = Reflect::get(&imported, &key)?.dyn_into()?;
    let data = Dataset::from_snapshot(&snapshot.to_vec()).map_err(|e| err(&e.to_string()))?;
    Reflect::delete_property(imported.unchecked_ref::<js_sys::Object>(), &key)?;
    inner.widget.set_data(data);
    Ok(imported)
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

/// Reads a whole text into the widget: GeoJSON only (`loadGeoJson`), or any format the
/// importers know (`loadData`).
pub async fn load_text(
    handle: Handle,
    text: JsString,
    geojson_only: bool,
) -> Result<JsValue, JsValue> {
    begin(&handle, None)?;
    let result = async {
        let importer = ready_importer(&handle).await?;
        let imported = if geojson_only {
            importer.import_geojson(&text)
        } else {
            importer.import_data(&text)
        }?;
        apply(&handle, imported)
    }
    .await;
    end(&handle);
    result
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
    result
}

/// Fetches `url` (same-origin or CORS-enabled) and streams its body into the widget.
pub async fn load_url(handle: Handle, url: String) -> Result<JsValue, JsValue> {
    let controller = AbortController::new()?;
    let signal = controller.signal();
    begin(&handle, Some(controller))?;
    let result = fetch_into_widget(&handle, &url, &signal).await;
    end(&handle);
    result
}

/// The current data (or only what the window and the filter show) as GeoJSON, written by
/// the importer module.
pub async fn to_geojson(handle: Handle, visible_only: bool) -> Result<JsValue, JsValue> {
    let (snapshot, visible) = handle.run(Then::Nothing, |inner| {
        let map = inner.widget.map();
        let visible = visible_only.then(|| map.visible().to_vec());
        (map.data().to_snapshot(), visible)
    })?;
    let importer = importer().await?;
    importer
        .snapshot_to_geojson(&snapshot, visible)
        .map(JsValue::from)
}

/// The importer module, once loaded, unless the load stopped while it was being fetched.
async fn ready_importer(handle: &Handle) -> Result<Importer, JsValue> {
    let importer = importer().await?;
    match stopped(handle) {
        Some(stop) => Err(stop.into()),
        None => Ok(importer),
    }
}

/// Puts what the importer read on the map, unless the load was stopped meanwhile.
fn apply(handle: &Handle, imported: JsValue) -> Result<JsValue, JsValue> {
    if let Some(stop) = stopped(handle) {
        return Err(stop.into());
    }
    handle.run(Then::Paint, |inner| replace_data(inner, imported))?
}

async fn fetch_into_widget(
    handle: &Handle,
    url: &str,
    signal: &web_sys::AbortSignal,
) -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or_else(|| err("no window"))?;
    let init = RequestInit::new();
    init.set_signal(Some(signal));
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await;
    if let Some(stop) = stopped(handle) {
        return Err(stop.into());
    }
    let response: web_sys::Response = response
        .map_err(|e| err(&format!("{url}: {}", describe(&e, "the stream failed"))))?
        .dyn_into()
        .map_err(|_| err(&format!("{url}: not a response")))?;
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
        .ok_or_else(|| err(&format!("{url}: empty response")))?;
    read_into_widget(handle, body, total).await
}

async fn read_into_widget(
    handle: &Handle,
    stream: ReadableStream,
    total_bytes: Option<f64>,
) -> Result<JsValue, JsValue> {
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    handle.run(Then::Nothing, |inner| {
        if let Some(l) = inner.hooks.load.borrow_mut().as_mut() {
            l.reader = Some(reader.clone());
        }
    })?;
    let result = async {
        let import = StreamImport::new(&ready_importer(handle).await?, total_bytes)?;
        let result = read_chunks(handle, &reader, &import)
            .await
            .and_then(|()| import.finish());
        import.free();
        apply(handle, result?)
    }
    .await;
    if result.is_err() {
        super::cancel_quietly(&reader);
    }
    result
}

async fn read_chunks(
    handle: &Handle,
    reader: &ReadableStreamDefaultReader,
    import: &StreamImport,
) -> Result<(), JsValue> {
    loop {
        let next = JsFuture::from(reader.read()).await;
        if let Some(stop) = stopped(handle) {
            return Err(stop.into());
        }
        let next = next.map_err(|e| err(&describe(&e, "the stream failed")))?;
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
        import.push(&chunk)?;
        let text = import.progress_text();
        handle.run(Then::Nothing, |inner| {
            if let Some(l) = inner.hooks.load.borrow_mut().as_mut() {
                l.progress = text;
            }
        })?;
    }
}

/// An error's message, or `fallback`.
pub(super) fn describe(error: &JsValue, fallback: &str) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| fallback.into())
}
