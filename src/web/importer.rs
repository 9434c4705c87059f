//! The exports of the importer module (docs/size-split.md): the same crate built with
//! `--no-default-features --features importer-module`, loaded by the page with a dynamic
//! `import()` only when it loads or exports a file. It reads files into datasets and hands them
//! to the first module as dataset snapshots (`IncidentMap.loadSnapshot`), and exports a
//! snapshot (`IncidentMap.toSnapshot`) as GeoJSON. It has no widget and touches no DOM.
//!
//! The JS wiring of the two modules is not written yet; these exports are what it would call
//! (docs/size-split.md lists the steps) and what the size figures measure.

use crate::dataset::{Dataset, Loader};
use crate::import::{Format, ImportError, ImportIssue};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct IssueOut {
    index: usize,
    line: Option<u64>,
    skipped: bool,
    message: String,
}

/// What an import gives the page: `loadData`'s result, and the data as a snapshot.
#[derive(Serialize)]
struct Imported {
    format: &'static str,
    loaded: usize,
    issues: Vec<IssueOut>,
    #[serde(with = "serde_bytes_as_array")]
    snapshot: Vec<u8>,
}

/// A snapshot goes to JS as a `Uint8Array` (serde-wasm-bindgen's form for bytes), not as an
/// array of numbers.
mod serde_bytes_as_array {
    pub fn serialize<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(bytes)
    }
}

fn imported(
    result: Result<(Dataset, Format, Vec<ImportIssue>), ImportError>,
) -> Result<JsValue, JsError> {
    let (data, format, issues) = result.map_err(|e| JsError::new(&e.to_string()))?;
    let out = Imported {
        format: format.label(),
        loaded: data.len(),
        issues: issues
            .iter()
            .map(|i| IssueOut {
                index: i.index,
                line: i.line,
                skipped: i.skipped,
                message: i.message(),
            })
            .collect(),
        snapshot: data.to_snapshot(),
    };
    serde_wasm_bindgen::to_value(&out).map_err(|e| JsError::new(&e.to_string()))
}

/// Reads a GeoJSON, ACLED or UCDP GED file whole: `{format, loaded, issues, snapshot}`, or
/// throws when the file is none of them.
#[wasm_bindgen(js_name = importData)]
pub fn import_data(bytes: &[u8]) -> Result<JsValue, JsError> {
    let mut loader = Loader::new();
    loader.push(bytes);
    imported(loader.finish())
}

/// Reads a GeoJSON text whole, as `loadGeoJson` does: `{format, loaded, issues, snapshot}`, or
/// throws when the text is not GeoJSON (a CSV file included).
#[wasm_bindgen(js_name = importGeoJson)]
pub fn import_geojson(text: &str) -> Result<JsValue, JsError> {
    imported(
        Dataset::from_geojson(text).map(|(data, import)| (data, Format::GeoJson, import.issues)),
    )
}

/// A file read chunk by chunk (GeoJSON feature by feature as it arrives).
#[wasm_bindgen(js_name = StreamImport)]
pub struct StreamImport {
    loader: Option<Loader>,
}

#[wasm_bindgen(js_class = StreamImport)]
impl StreamImport {
    /// A stream import that has read nothing.
    #[wasm_bindgen(constructor)]
    pub fn new() -> StreamImport {
        StreamImport {
            loader: Some(Loader::new()),
        }
    }

    /// Takes the next chunk; `totalBytes` (when known) and `readBytes` so far let it reserve
    /// room for the whole file once it can tell the features' average size.
    pub fn push(&mut self, chunk: &[u8], read_bytes: usize, total_bytes: Option<f64>) {
        if let Some(loader) = &mut self.loader {
            loader.push(chunk);
            if let Some(total) = total_bytes {
                loader.reserve_for(read_bytes, total);
            }
        }
    }

    /// GeoJSON features read so far (for the progress text).
    #[wasm_bindgen(js_name = featuresRead)]
    pub fn features_read(&self) -> usize {
        self.loader.as_ref().map_or(0, Loader::features_read)
    }

    /// What `importData` gives, for everything pushed; throws when called twice.
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        let loader = self
            .loader
            .take()
            .ok_or_else(|| JsError::new("this import is finished"))?;
        imported(loader.finish())
    }
}

impl Default for StreamImport {
    fn default() -> Self {
        StreamImport::new()
    }
}

/// A dataset snapshot (`IncidentMap.toSnapshot()`) as GeoJSON in the widget's schema.
#[wasm_bindgen(js_name = snapshotToGeoJson)]
pub fn snapshot_to_geojson(bytes: &[u8]) -> Result<String, JsError> {
    let data = Dataset::from_snapshot(bytes).map_err(|e| JsError::new(&e.to_string()))?;
    let incidents: Vec<_> = data.incidents().collect();
    Ok(crate::export::to_geojson(&incidents))
}
