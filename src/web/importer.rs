//! The exports of the importer module: the same crate built with
//! `--no-default-features --features importer-module` into `pkg/importer/`. The widget's module
//! (`src/web/`) loads it with a dynamic `import()` the first time a page loads or exports a
//! file, so a page that only shows the embedded record never downloads it. It reads files into
//! datasets and hands them over as dataset snapshots, and writes a snapshot out as GeoJSON.
//! It has no widget and touches no DOM.

use crate::dataset::Dataset;
use crate::import::file_stream::Accept;
use crate::import::ImportIssue;
use crate::lang::Lang;
use crate::load::{Load, LoadError, Loaded, Size, MAX_FILE_BYTES};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct IssueOut {
    index: usize,
    line: Option<u64>,
    skipped: bool,
    message: String,
}

/// What an import gives: the page's `LoadResult` (format, count, issues) and the data as a
/// snapshot, which the widget takes out before the page sees the result.
#[derive(Serialize)]
struct Imported {
    format: &'static str,
    loaded: usize,
    issues: Vec<IssueOut>,
    #[serde(serialize_with = "as_bytes")]
    snapshot: Vec<u8>,
}

/// A snapshot goes to JS as a `Uint8Array` (serde-wasm-bindgen's form for bytes), not as an
/// array of numbers.
fn as_bytes<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_bytes(bytes)
}

fn error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

fn imported((data, format, issues): Loaded, lang: Lang) -> Result<JsValue, JsError> {
    let out = Imported {
        format: format.label(),
        loaded: data.len(),
        issues: issues.iter().map(|i| issue_out(i, lang)).collect(),
        snapshot: data.to_snapshot(),
    };
    serde_wasm_bindgen::to_value(&out).map_err(error)
}

fn issue_out(i: &ImportIssue, lang: Lang) -> IssueOut {
    IssueOut {
        index: i.index,
        line: i.line,
        skipped: i.skipped,
        message: i.message(lang),
    }
}

/// A file read chunk by chunk as it arrives (`loadStream`, `loadUrl`, and the texts of
/// `loadData` and `loadGeoJson`, which the widget hands over in chunks too): GeoJSON feature by
/// feature, CSV row by row. Limits as in [`Load`]. Its issues and errors are worded in the
/// widget's language at the time the load began.
#[wasm_bindgen(js_name = StreamImport)]
pub struct StreamImport {
    load: Option<Load>,
    lang: Lang,
}

#[wasm_bindgen(js_class = StreamImport)]
impl StreamImport {
    /// A stream import of a file whose size, when known, is `totalBytes`: announced by the
    /// page (`announced`, checked against what comes) or an estimate. `geojsonOnly` refuses
    /// anything but GeoJSON; `maxBytes` is the cap (2 GiB when absent); `lang` the code of
    /// the language issues and errors are worded in (English when absent or not one the
    /// widget speaks). Throws "file too large" at once when the size is over the cap.
    #[wasm_bindgen(constructor)]
    pub fn new(
        total_bytes: Option<f64>,
        announced: bool,
        geojson_only: bool,
        max_bytes: Option<f64>,
        lang: Option<String>,
    ) -> Result<StreamImport, JsError> {
        let lang = lang
            .as_deref()
            .and_then(Lang::from_code)
            .unwrap_or_default();
        let size = match total_bytes {
            None => Size::Unknown,
            Some(t) if announced => Size::Announced(t),
            Some(t) => Size::About(t),
        };
        let accept = if geojson_only {
            Accept::GeoJson
        } else {
            Accept::Any
        };
        let max_bytes = max_bytes.map_or(MAX_FILE_BYTES, |m| m as u64);
        let load = Load::new(size, max_bytes, accept)
            .map_err(|e| worded(&e, lang))?
            .in_language(lang);
        Ok(StreamImport {
            load: Some(load),
            lang,
        })
    }

    /// Takes the next chunk; throws when the file grows over the limit or memory runs out.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        match &mut self.load {
            Some(load) => load.push(chunk).map_err(|e| worded(&e, self.lang)),
            None => Err(finished()),
        }
    }

    /// How far it got: `[bytes read, bytes announced or -1, incidents read]` (the widget
    /// writes the progress bar in its language).
    pub fn progress(&self) -> Vec<f64> {
        let (read, total, incidents) = self.load.as_ref().map_or((0, None, 0), Load::progress);
        vec![
            read as f64,
            total.map_or(-1.0, |t| t as f64),
            incidents as f64,
        ]
    }

    /// `{format, loaded, issues, snapshot}` for everything pushed; throws when the file is not
    /// readable or when called twice.
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        let load = self.load.take().ok_or_else(finished)?;
        let loaded = load.finish().map_err(|e| worded(&e, self.lang))?;
        imported(loaded, self.lang)
    }
}

/// A load's error, in `lang`.
fn worded(e: &LoadError, lang: Lang) -> JsError {
    JsError::new(&e.describe(lang))
}

fn finished() -> JsError {
    JsError::new("this import is finished")
}

/// A dataset snapshot as GeoJSON in the widget's schema (`toGeoJson`); with `positions`, only
/// the incidents at those positions (`toGeoJson({visible: true})`), in the data's order.
#[wasm_bindgen(js_name = snapshotToGeoJson)]
pub fn snapshot_to_geojson(bytes: &[u8], positions: Option<Vec<u32>>) -> Result<String, JsError> {
    let data = Dataset::from_snapshot(bytes).map_err(error)?;
    let data = match positions {
        Some(mut positions) => {
            // The crate's one sort, not another instance of the standard one (4 kB of wasm).
            crate::sort::sort_by_key(&mut positions, |&p| u64::from(p));
            data.subset(&positions)
        }
        None => data,
    };
    let incidents: Vec<_> = data.incidents().collect();
    Ok(crate::export::to_geojson(&incidents))
}
