//! Loading a file: a `ReadableStream` (from `fetch` or `File.stream()`), or a text turned into
//! one, read chunk by chunk, with a progress bar and a Cancel button; the page stays
//! responsive in between.
//! The reading itself happens in the importer module ([`super::importer_module`]), fetched the
//! first time a page loads a file; it hands the data back as a dataset snapshot. The current
//! data stays on the map until the new data is complete. Cancel, `destroy()`, `free()` and
//! garbage collection stop a load at once: the fetch is aborted and a pending read ends.

use super::importer_module::Job;
use super::{err, fault, Handle, Inner, LoadHandle, Then};
use crate::dataset::{SnapshotBytes, SnapshotError, SnapshotReader, ROWS_PER_STEP};
use crate::i18n::{self, Text};
use crate::lang::Lang;
use crate::widget::LoadOptions;
use js_sys::{JsString, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStream, ReadableStreamDefaultReader, RequestInit};

#[wasm_bindgen(inline_js = "export function textStream(text) {
  const encoder = new TextEncoder();
  let at = 0;
  return new ReadableStream({
    async pull(controller) {
      await nextTask();
      if (at >= text.length) return controller.close();
      let end = Math.min(text.length, at + 1048576);
      if (end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end -= 1;
      controller.enqueue(encoder.encode(text.slice(at, end)));
      at = end;
    },
  }, { highWaterMark: 1 });
}
export function withTimeout(promise, ms, message) {
  if (ms === undefined) return promise;
  let timer;
  const stalled = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message.replace('{0}', ms))), ms);
  });
  return Promise.race([promise, stalled]).finally(() => clearTimeout(timer));
}
export function nextTask() {
  return globalThis.scheduler?.yield?.() ?? new Promise((go) => setTimeout(go));
}")]
extern "C" {
    /// A text as a stream of UTF-8 chunks of about a megabyte (a surrogate pair is never cut),
    /// one encoded ahead, in a task of its own: while the worker reads a chunk, the page
    /// encodes the next (400 MB took 2 s to encode, in turn with the worker's reading).
    #[wasm_bindgen(js_name = textStream)]
    fn text_stream(text: &JsString) -> ReadableStream;

    /// `promise`, or a rejection with `message` (its `{0}` replaced by `ms`: "no data for N
    /// ms (timeoutMs): the download stalled") when it takes longer than `ms` (the timer is
    /// cleared either way); `promise` itself when `ms` is undefined.
    #[wasm_bindgen(js_name = withTimeout)]
    fn with_timeout(promise: &Promise, ms: JsValue, message: &str) -> Promise;

    /// A promise that settles in a later task, so that the page can paint and answer input
    /// first (`scheduler.yield()` where there is one, else `setTimeout`).
    #[wasm_bindgen(js_name = nextTask)]
    fn next_task() -> Promise;
}

/// What one load reads, and how.
#[derive(Clone, Copy)]
struct Reading {
    /// The file's size when known, and whether the page announced it (checked) or it is an
    /// estimate.
    size: Option<(f64, bool)>,
    geojson_only: bool,
    options: LoadOptions,
    /// The language of its errors: the widget's when it began.
    lang: Lang,
}

impl Reading {
    /// Awaits `promise`, no longer than the `timeoutMs` option says.
    async fn wait(&self, promise: Promise) -> Result<JsValue, JsValue> {
        let ms = self
            .options
            .timeout_ms
            .map_or(JsValue::UNDEFINED, JsValue::from);
        let stalled = i18n::text(self.lang, Text::Stalled);
        JsFuture::from(with_timeout(&promise, ms, stalled)).await
    }
}

/// A load's options object, checked: a bad key or value is a `TypeError` that names it.
pub fn load_options(options: Option<js_sys::Object>) -> Result<LoadOptions, JsValue> {
    let entries = options.map_or_else(Vec::new, |options| {
        js_sys::Object::entries(&options)
            .iter()
            .filter_map(|pair| {
                let pair: js_sys::Array = pair.unchecked_into();
                let value = pair.get(1);
                let key = pair.get(0).as_string().unwrap_or_default();
                (!value.is_undefined()).then(|| (key, value.as_f64()))
            })
            .collect()
    });
    LoadOptions::parse(entries).map_err(|e| js_sys::TypeError::new(&e.to_string()).into())
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

/// A snapshot in a JS buffer, copied into the widget's memory in the parts the reader asks
/// for, each dropped once read, so the widget's memory grows by the dataset and a part, not by
/// the whole snapshot.
struct JsBytes(Uint8Array);

impl SnapshotBytes<'static> for JsBytes {
    fn byte_len(&self) -> usize {
        self.0.length() as usize
    }

    fn part(&self, range: std::ops::Range<usize>) -> std::borrow::Cow<'static, [u8]> {
        let part = self.0.subarray(range.start as u32, range.end as u32);
        std::borrow::Cow::Owned(part.to_vec())
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

/// Starts a load and its importer's worker: refused while another load runs; `controller`
/// aborts its fetch. Gives the worker and the widget's language, the load's.
fn begin(handle: &Handle, controller: Option<AbortController>) -> Result<(Job, Lang), JsValue> {
    handle.run(Then::Nothing, |inner| {
        inner.widget.begin_load().map_err(|e| err(&e.to_string()))?;
        let lang = inner.widget.lang();
        let job = Job::start(lang)?;
        *inner.hooks.load.borrow_mut() = Some(LoadHandle {
            controller,
            reader: None,
            progress: i18n::progress(lang, 0, None, 0),
            job: JsValue::clone(&job).unchecked_into(),
        });
        Ok((job, lang))
    })?
}

/// Ends a load, however it ended, and its worker.
fn end(handle: &Handle, job: &Job, result: &Result<JsValue, JsValue>) {
    job.end();
    let cancelled = stopped(handle).is_some();
    let _ = handle.run(Then::Nothing, |inner| {
        inner.widget.end_load();
        *inner.hooks.load.borrow_mut() = None;
        let outcome = match result {
            Ok(value) => {
                let issues: js_sys::Array = Reflect::get(value, &"issues".into())
                    .map(JsCast::unchecked_into)
                    .unwrap_or_default();
                let skipped = issues
                    .iter()
                    .filter(|i| Reflect::get(i, &"skipped".into()).ok() == Some(JsValue::TRUE))
                    .count();
                let loaded = Reflect::get(value, &"loaded".into())
                    .ok()
                    .and_then(|v| v.as_f64());
                Ok((loaded.unwrap_or(0.0) as usize, skipped))
            }
            Err(_) if cancelled => Err(None),
            Err(error) => Err(Some(describe(error, inner.widget.lang()))),
        };
        inner
            .widget
            .load_ended(outcome.as_ref().copied().map_err(Option::as_deref));
    });
}

/// What a step of a load gives: its error, unless the load was stopped meanwhile (cancelled,
/// destroyed), which is then what it says.
fn unless_stopped<T>(handle: &Handle, result: Result<T, JsValue>) -> Result<T, JsValue> {
    match stopped(handle) {
        Some(stop) => Err(stop.into()),
        None => result,
    }
}

/// Why a load stopped early: cancelled, or the widget is gone. `None` while it may go on.
fn stopped(handle: &Handle) -> Option<JsError> {
    match handle.run(Then::Nothing, |inner| inner.widget.load_cancelled()) {
        Ok(false) => None,
        Ok(true) => Some(err("loading cancelled")),
        Err(e) => Some(e),
    }
}

/// Reads a whole text into the widget, GeoJSON only (`loadGeoJson`) or any format the
/// importers know (`loadData`): handed to the importer in chunks, as a stream is, so a text
/// is read exactly as a stream of it (and never copied whole into a worker).
pub async fn load_text(
    handle: Handle,
    text: JsString,
    geojson_only: bool,
) -> Result<JsValue, JsValue> {
    let (job, lang) = begin(&handle, None)?;
    let reading = Reading {
        size: Some((f64::from(text.length()), false)),
        geojson_only,
        options: LoadOptions::default(),
        lang,
    };
    let result = read_into_widget(&handle, &job, text_stream(&text), reading).await;
    end(&handle, &job, &result);
    result
}

/// Reads `stream` into the widget; `total_bytes` (when known) drives the progress bar and is
/// checked against what comes.
pub async fn load_stream(
    handle: Handle,
    stream: ReadableStream,
    total_bytes: Option<f64>,
    options: Result<LoadOptions, JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options?;
    let (job, lang) = begin(&handle, None)?;
    let reading = Reading {
        size: total_bytes.map(|t| (t, true)),
        geojson_only: false,
        options,
        lang,
    };
    let result = read_into_widget(&handle, &job, stream, reading).await;
    end(&handle, &job, &result);
    result
}

/// Fetches `url` (same-origin or CORS-enabled) and streams its body into the widget.
pub async fn load_url(
    handle: Handle,
    url: String,
    options: Result<LoadOptions, JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options?;
    let controller = AbortController::new()?;
    let signal = controller.signal();
    let (job, lang) = begin(&handle, Some(controller.clone()))?;
    let reading = Reading {
        size: None,
        geojson_only: false,
        options,
        lang,
    };
    let result = fetch_into_widget(&handle, &job, &url, &signal, reading).await;
    if result.is_err() {
        // A stalled or failed download stops here too.
        controller.abort();
    }
    end(&handle, &job, &result);
    result
}

/// The current data (or only what the window and the filter show) as GeoJSON, written by
/// the importer module in a worker of its own.
pub async fn to_geojson(handle: Handle, visible_only: bool) -> Result<JsValue, JsValue> {
    let (snapshot, visible, lang) = handle.run(Then::Nothing, |inner| {
        let map = inner.widget.map();
        let visible = visible_only.then(|| map.visible().to_vec());
        (map.data().to_snapshot(), visible, inner.widget.lang())
    })?;
    let job = Job::start(lang)?;
    let geojson = job.export(&snapshot, visible).await;
    job.end();
    geojson
}

/// Puts what the importer read (`{format, loaded, issues, snapshot}`) on the map, unless the
/// load is stopped meanwhile, and gives the page the rest: its `LoadResult`. The snapshot is
/// read a part per task ([`SnapshotReader::step`]), the page free to paint, answer input or
/// stop the load in between; the data is handed to the widget in a task of its own, and the first
/// frame is prepared in another ([`crate::map_state::MapState::prepare`]).
async fn apply(handle: &Handle, imported: Result<JsValue, JsValue>) -> Result<JsValue, JsValue> {
    let imported = unless_stopped(handle, imported)?;
    let key = JsValue::from_str("snapshot");
    let snapshot: Uint8Array = Reflect::get(&imported, &key)?.dyn_into()?;
    Reflect::delete_property(imported.unchecked_ref::<js_sys::Object>(), &key)?;
    let refused = |e: SnapshotError| err(&e.to_string());
    let mut reader =
        SnapshotReader::new(Box::new(JsBytes(snapshot)), ROWS_PER_STEP).map_err(refused)?;
    // A step per task, and once the dataset is read, the widget's in a task of its own.
    let mut read = None;
    let data = loop {
        JsFuture::from(next_task()).await?;
        unless_stopped(handle, Ok(()))?;
        match read {
            Some(data) => break data,
            None => read = reader.step().map_err(refused)?,
        }
    };
    let format = Reflect::get(&imported, &JsValue::from_str("format"))?.as_string();
    handle.run(Then::Nothing, |inner| {
        inner.widget.set_data(data);
        if let Some(format) = format {
            inner.widget.set_source(&format);
        }
    })?;
    // The first frame's basemap (the view fitted to the data) and layout (the incidents in
    // view placed, or merged into cells) in a task of their own too, so the frame only draws.
    // The data is in: a widget destroyed meanwhile has nothing left to prepare.
    JsFuture::from(next_task()).await?;
    let _ = handle.run(Then::Paint, |inner| inner.widget.map_mut().prepare());
    Ok(imported)
}

async fn fetch_into_widget(
    handle: &Handle,
    job: &Job,
    url: &str,
    signal: &web_sys::AbortSignal,
    reading: Reading,
) -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or_else(|| err("no window"))?;
    let init = RequestInit::new();
    init.set_signal(Some(signal));
    let response = reading
        .wait(window.fetch_with_str_and_init(url, &init))
        .await;
    if let Some(stop) = stopped(handle) {
        return Err(stop.into());
    }
    let response = response.map_err(|e| err(&format!("{url}: {}", describe(&e, reading.lang))))?;
    let empty = || err(&i18n::say(reading.lang, Text::EmptyResponse, &[url]));
    let response: web_sys::Response = response.dyn_into().map_err(|_| empty())?;
    if !response.ok() {
        return Err(err(&format!("{url}: HTTP {}", response.status())).into());
    }
    // An estimate: a compressed response's body is longer than its Content-Length.
    let total = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| crate::decimal::parse(&v));
    let body = response.body().ok_or_else(empty)?;
    let reading = Reading {
        size: total.map(|t| (t, false)),
        ..reading
    };
    read_into_widget(handle, job, body, reading).await
}

async fn read_into_widget(
    handle: &Handle,
    job: &Job,
    stream: ReadableStream,
    reading: Reading,
) -> Result<JsValue, JsValue> {
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    handle.run(Then::Nothing, |inner| {
        if let Some(l) = inner.hooks.load.borrow_mut().as_mut() {
            l.reader = Some(reader.clone());
        }
    })?;
    let result = async {
        let max_bytes = reading.options.max_bytes;
        let begun = job
            .begin(reading.size, reading.geojson_only, max_bytes, reading.lang)
            .await;
        unless_stopped(handle, begun)?;
        read_chunks(handle, job, &reader, &reading).await?;
        apply(handle, job.finish().await).await
    }
    .await;
    if result.is_err() {
        super::cancel_quietly(&reader);
    }
    result
}

async fn read_chunks(
    handle: &Handle,
    job: &Job,
    reader: &ReadableStreamDefaultReader,
    reading: &Reading,
) -> Result<(), JsValue> {
    loop {
        let next = reading.wait(reader.read()).await;
        if let Some(stop) = stopped(handle) {
            return Err(stop.into());
        }
        let next = next.map_err(|e| err(&describe(&e, reading.lang)))?;
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
            .ok_or_else(|| err(i18n::text(reading.lang, Text::StreamFailed)))?;
        let pushed = job.push(&chunk).await;
        unless_stopped(handle, pushed)?;
        let far = job.progress();
        let number = |k: usize| far.get(k).copied().unwrap_or(0.0);
        handle.run(Then::Nothing, |inner| {
            let total = (number(1) >= 0.0).then(|| number(1) as u64);
            let text = i18n::progress(
                inner.widget.lang(),
                number(0) as u64,
                total,
                number(2) as usize,
            );
            if let Some(l) = inner.hooks.load.borrow_mut().as_mut() {
                l.progress = text;
            }
        })?;
    }
}

/// What went wrong, as the error's message says it, else (in `lang`) that the stream failed.
fn describe(error: &JsValue, lang: Lang) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| i18n::text(lang, Text::StreamFailed).into())
}
