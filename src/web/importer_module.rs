//! The importer module (`src/web/importer.rs`, built into `pkg/importer/`), fetched with a
//! dynamic `import()` the first time a page loads or exports a file, then shared by every
//! widget on the page. A page that only shows the embedded record never downloads it.

use js_sys::{Array, JsString, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

// The snippet lands in `pkg/snippets/<crate>/inline0.js`, two levels below the package root;
// a failed fetch is forgotten so that the next load tries again.
#[wasm_bindgen(inline_js = "let importer;
export function loadImporter() {
  importer ??= import(new URL('../../importer/incident_map_importer.js', import.meta.url).href)
    .then(async (module) => { await module.default(); return module; })
    .catch((e) => { importer = undefined; throw e; });
  return importer;
}")]
extern "C" {
    #[wasm_bindgen(js_name = loadImporter)]
    fn load_importer() -> Promise;
}

#[wasm_bindgen]
extern "C" {
    /// The importer module's exports.
    pub type Importer;

    /// A GeoJSON text read whole: `{format, loaded, issues, snapshot}`.
    #[wasm_bindgen(method, catch, js_name = importGeoJson)]
    pub fn import_geojson(this: &Importer, text: &JsString) -> Result<JsValue, JsValue>;

    /// A GeoJSON, ACLED or UCDP text read whole: `{format, loaded, issues, snapshot}`.
    #[wasm_bindgen(method, catch, js_name = importData)]
    pub fn import_data(this: &Importer, text: &JsString) -> Result<JsValue, JsValue>;

    /// A dataset snapshot written out as GeoJSON: all of it, or the incidents at `positions`.
    #[wasm_bindgen(method, catch, js_name = snapshotToGeoJson)]
    pub fn snapshot_to_geojson(
        this: &Importer,
        snapshot: &[u8],
        positions: Option<Vec<u32>>,
    ) -> Result<JsString, JsValue>;

    #[wasm_bindgen(method, getter, js_name = StreamImport)]
    fn stream_import_class(this: &Importer) -> js_sys::Function;

    /// A file read chunk by chunk, in the importer module's memory.
    pub type StreamImport;

    /// Takes the next chunk.
    #[wasm_bindgen(method, catch)]
    pub fn push(this: &StreamImport, chunk: &Uint8Array) -> Result<(), JsValue>;

    /// What the progress bar says now.
    #[wasm_bindgen(method, js_name = progressText)]
    pub fn progress_text(this: &StreamImport) -> String;

    /// Everything pushed, read: `{format, loaded, issues, snapshot}`.
    #[wasm_bindgen(method, catch)]
    pub fn finish(this: &StreamImport) -> Result<JsValue, JsValue>;

    /// Gives its memory back to the importer module.
    #[wasm_bindgen(method)]
    pub fn free(this: &StreamImport);
}

impl StreamImport {
    /// A stream import of a file of `total_bytes`, when known; fails at once when that size
    /// is over the limit.
    pub fn new(importer: &Importer, total_bytes: Option<f64>) -> Result<StreamImport, JsValue> {
        let total = total_bytes.map_or(JsValue::UNDEFINED, JsValue::from);
        Reflect::construct(&importer.stream_import_class(), &Array::of1(&total))
            .map(JsCast::unchecked_into)
    }
}

/// The importer module, fetched and started on first use.
pub async fn importer() -> Result<Importer, JsValue> {
    JsFuture::from(load_importer())
        .await
        .map(JsCast::unchecked_into)
        .map_err(|e| {
            let reason = super::loading::describe(&e, "unknown error");
            super::err(&format!(
                "the importer module could not be loaded: {reason}"
            ))
            .into()
        })
}
