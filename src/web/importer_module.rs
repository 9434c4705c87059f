//! The importer module (`src/web/importer.rs`, built into `pkg/importer/`), run in a Web
//! Worker (`pkg/importer/worker.js`) for each load or export: a page that only shows the
//! embedded record never downloads it, parsing never holds up the page, and the worker ends
//! when its job is done, taking with it the memory a large file took (a WebAssembly instance's
//! memory never shrinks, and the module map would keep an imported instance for good).

use crate::i18n::{self, Text};
use crate::lang::Lang;
use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

// The snippet lands in `pkg/snippets/<crate>/inline0.js`, two levels below the package root.
#[wasm_bindgen(inline_js = "class Job {
  constructor(missing) {
    this.worker = new Worker(new URL('../../importer/worker.js', import.meta.url), { type: 'module' });
    this.next = 0;
    this.waiting = new Map();
    this.progress = [0, -1, 0];
    this.failed = null;
    this.worker.onmessage = ({ data }) => {
      if (data.progress !== undefined) { this.progress = data.progress; return; }
      const w = this.waiting.get(data.id);
      this.waiting.delete(data.id);
      if (w) data.error === undefined ? w.resolve(data.result) : w.reject(new Error(data.error));
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.fail(new Error(missing.replace('{0}', e.message || 'no worker')));
    };
  }
  fail(error) {
    this.failed ??= error;
    for (const w of this.waiting.values()) w.reject(this.failed);
    this.waiting.clear();
  }
  call(op, args, transfer) {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, args }, transfer);
    });
  }
  end() {
    this.worker.terminate();
    this.fail(new Error('the import ended'));
  }
}
export function newJob(missing) { return new Job(missing); }")]
extern "C" {
    /// One worker running the importer module, for one load or export.
    pub type Job;

    #[wasm_bindgen(js_name = newJob, catch)]
    fn new_job(missing: &str) -> Result<Job, JsValue>;

    #[wasm_bindgen(method)]
    fn call(this: &Job, op: &str, args: &Object, transfer: &Array) -> Promise;

    /// How far the load got after the last chunk the worker took: bytes read, bytes
    /// announced or -1, incidents read.
    #[wasm_bindgen(method, getter)]
    pub fn progress(this: &Job) -> Vec<f64>;

    /// Ends the worker at once; a call waiting for it rejects.
    #[wasm_bindgen(method)]
    pub fn end(this: &Job);
}

/// An object of `(key, value)` pairs.
fn args(pairs: &[(&str, &JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object
}

impl Job {
    /// Starts a worker; if it cannot start, its calls reject saying so in `lang`.
    pub fn start(lang: Lang) -> Result<Job, JsValue> {
        new_job(i18n::text(lang, Text::ImporterMissing))
    }

    async fn ask(&self, op: &str, args: Object, transfer: Array) -> Result<JsValue, JsValue> {
        JsFuture::from(self.call(op, &args, &transfer)).await
    }

    /// Starts reading a file: of `size` bytes when known (announced, or an estimate), GeoJSON
    /// only or any format, at most `max_bytes` (the default cap when absent), its issues and
    /// errors worded in `lang`; fails at once when the size is over the cap.
    pub async fn begin(
        &self,
        size: Option<(f64, bool)>,
        geojson_only: bool,
        max_bytes: Option<f64>,
        lang: Lang,
    ) -> Result<(), JsValue> {
        let number = |n: Option<f64>| n.map_or(JsValue::UNDEFINED, JsValue::from);
        let total = number(size.map(|(bytes, _)| bytes));
        let announced = JsValue::from_bool(size.is_some_and(|(_, announced)| announced));
        let only = JsValue::from_bool(geojson_only);
        let args = args(&[
            ("total", &total),
            ("announced", &announced),
            ("geojsonOnly", &only),
            ("maxBytes", &number(max_bytes)),
            ("lang", &JsValue::from_str(lang.code())),
        ]);
        self.ask("begin", args, Array::new()).await.map(drop)
    }

    /// Hands the worker the next chunk (moved, not copied).
    pub async fn push(&self, chunk: &Uint8Array) -> Result<(), JsValue> {
        let transfer = Array::of1(&chunk.buffer());
        self.ask("push", args(&[("chunk", chunk)]), transfer)
            .await
            .map(drop)
    }

    /// Everything pushed, read: `{format, loaded, issues, snapshot}`.
    pub async fn finish(&self) -> Result<JsValue, JsValue> {
        self.ask("finish", Object::new(), Array::new()).await
    }

    /// A dataset snapshot written out as GeoJSON: all of it, or the incidents at `positions`.
    pub async fn export(
        &self,
        snapshot: &[u8],
        positions: Option<Vec<u32>>,
    ) -> Result<JsValue, JsValue> {
        let snapshot = Uint8Array::from(snapshot);
        let positions = positions.map_or(JsValue::UNDEFINED, |p| {
            js_sys::Uint32Array::from(p.as_slice()).into()
        });
        let transfer = Array::of1(&snapshot.buffer());
        let args = args(&[("snapshot", &snapshot), ("positions", &positions)]);
        self.ask("export", args, transfer).await
    }
}
