//! JSON documents, told apart by their outer members, which are read once with the items left
//! unparsed: GeoJSON (a FeatureCollection or a single Feature), or an ACLED API response
//! (`{"status": 200, "count": …, "data": [rows]}`: no `type`, no `features`, a `data` array).

use super::{acled, geojson, Collector, Detail, Format, ImportError, ImportIssue, Sink};
use serde::Deserialize;
use serde_json::value::RawValue;

/// The outer shape of a JSON document, with its items left unparsed.
#[derive(Deserialize)]
struct Document<'a> {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(borrow, default)]
    features: Option<Vec<&'a RawValue>>,
    /// Any value: only without `type` and `features` is an array here an ACLED API's rows.
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

/// What a JSON document holds, each item's text unparsed.
pub(crate) enum Items<'a> {
    /// GeoJSON features.
    Features(Vec<&'a RawValue>),
    /// The rows of an ACLED API response.
    AcledRows(Vec<&'a RawValue>),
}

/// The items of a JSON text (after a byte-order mark, which the items' texts point past), or
/// why it is neither GeoJSON nor an ACLED API response.
pub(crate) fn items(text: &str) -> Result<Items<'_>, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let doc: Document = serde_json::from_str(text).map_err(|e| {
        if e.is_data() {
            ImportError::NotGeoJson(Detail::Parser(e.to_string()))
        } else {
            ImportError::NotJson(Detail::Parser(e.to_string()))
        }
    })?;
    let rows = || serde_json::from_str::<Vec<&RawValue>>(doc.data?.get()).ok();
    match (doc.kind.as_deref(), doc.features) {
        (Some("FeatureCollection"), Some(features)) => Ok(Items::Features(features)),
        (Some("FeatureCollection"), None) => Err(ImportError::NotGeoJson(Detail::NoFeatures)),
        (Some("Feature"), _) => serde_json::from_str(text)
            .map(|whole| Items::Features(vec![whole]))
            .map_err(|e| ImportError::NotJson(Detail::Parser(e.to_string()))),
        (Some(other), _) => Err(ImportError::NotGeoJson(Detail::TypeIs(other.to_string()))),
        (None, None) => rows()
            .map(Items::AcledRows)
            .ok_or(ImportError::NotGeoJson(Detail::NoTypeNorData)),
        (None, Some(_)) => Err(ImportError::NotGeoJson(Detail::NoType)),
    }
}

/// Reads a JSON text, GeoJSON or an ACLED API response, into `sink`: the format, the sink and
/// the issues.
pub(crate) fn import_json_into<S: Sink>(
    text: &str,
    sink: S,
) -> Result<(Format, S, Vec<ImportIssue>), ImportError> {
    let mut collector = Collector::new(sink);
    let format = match items(text)? {
        Items::Features(features) => {
            geojson::read_features(&features, &mut collector);
            Format::GeoJson
        }
        Items::AcledRows(rows) => {
            acled::read_api_rows(text, &rows, &mut collector);
            Format::Acled
        }
    };
    let (sink, issues) = collector.into_parts();
    Ok((format, sink, issues))
}
