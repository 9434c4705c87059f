//! The ACLED API's JSON (`{"status": 200, "count": …, "data": [rows]}`, numbers sent as
//! strings) loads through the same entry as any file and maps each row as the CSV export's.

use incident_map::import::acled::import_acled;
use incident_map::import::file_stream::Accept;
use incident_map::import::geojson::import_geojson;
use incident_map::import::{import_any, Format, ImportError};
use incident_map::lang::Lang;
use incident_map::load::{Load, Size, MAX_FILE_BYTES};
use std::fs;

fn fixture(name: &str) -> String {
    fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

/// The ACLED CSV export's six rows as the API sends them, with a broken row (index 2) among
/// them; the fifth good row has real numbers, as a newer API might send.
const API_FIXTURE: &str = "acled-api.json";

#[test]
fn the_api_json_loads_as_the_csv_export_does_and_reports_its_broken_row() {
    let (format, api) = import_any(&fixture(API_FIXTURE)).expect("an ACLED API response");
    assert_eq!(format, Format::Acled);
    let csv = import_acled(&fixture("acled-current.csv")).expect("an ACLED export");
    assert_eq!(api.incidents, csv.incidents, "every field mapped alike");
    let issues: Vec<(usize, Option<u64>, bool, String)> = api
        .issues
        .iter()
        .map(|i| (i.index, i.line, i.skipped, i.reason.to_string()))
        .collect();
    assert_eq!(
        issues,
        [(
            2,
            Some(74),
            true,
            "bad value in 'latitude': 'north of Gao' is not a number".to_string()
        )]
    );
    assert_eq!(
        api.issues[0].message(Lang::En),
        "row 2 (line 74) skipped: bad value in 'latitude': 'north of Gao' is not a number"
    );
}

#[test]
fn the_api_json_streamed_in_chunks_loads_the_same() {
    let text = fixture(API_FIXTURE);
    for size in [1, 5, 64, 4096, text.len()] {
        let mut load = Load::new(
            Size::Announced(text.len() as f64),
            MAX_FILE_BYTES,
            Accept::Any,
        )
        .expect("load");
        for chunk in text.as_bytes().chunks(size) {
            load.push(chunk).expect("chunk");
        }
        let (data, format, issues) = load.finish().expect("finished");
        let got = (data.len(), format, issues.len(), issues[0].index);
        assert_eq!(got, (6, Format::Acled, 1, 2), "chunks of {size}");
    }
}

#[test]
fn only_an_object_with_data_rows_and_no_type_or_features_is_an_api_response() {
    let row = r#"{"event_id_cnty":"MLI1","event_date":"2024-09-17","latitude":"12.6","longitude":"-7.98"}"#;
    let point = r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[-8,12.6]},"properties":{"start":"2024-09-17"}}"#;
    let read = |text: &str| {
        import_any(text)
            .map(|(format, import)| (format, import.incidents.len(), import.issues.len()))
            .map_err(|e| e.to_string())
    };
    let collection_with_data =
        format!(r#"{{"data":[{row}],"type":"FeatureCollection","features":[{point}]}}"#);
    assert_eq!(read(&collection_with_data), Ok((Format::GeoJson, 1, 0)));
    let feature_with_data = point.replacen('{', &format!(r#"{{"data":[{row}],"#), 1);
    assert_eq!(read(&feature_with_data), Ok((Format::GeoJson, 1, 0)));
    assert_eq!(
        read(r#"{"status":200,"count":0,"data":[]}"#),
        Ok((Format::Acled, 0, 0)),
        "no results is no error"
    );
    assert_eq!(
        read(&format!(
            r#"{{"data":[{row}, 42, {{"event_date":"2024-09-17"}}]}}"#
        )),
        Ok((Format::Acled, 1, 2))
    );
    assert_eq!(
        read(r#"{"status":200,"data":{"rows":[]}}"#),
        Err("not GeoJSON: no 'type' (nor an ACLED API 'data' array)".into())
    );
    assert_eq!(
        read(&format!(r#"{{"data":[{row}],"features":[]}}"#)),
        Err("not GeoJSON: no 'type'".into())
    );
    assert!(matches!(
        import_geojson(&format!(r#"{{"data":[{row}]}}"#)),
        Err(e @ ImportError::NotGeoJson(_)) if e.to_string().contains("ACLED API")
    ));
}

#[test]
fn a_row_that_is_not_an_object_says_so() {
    let (_, import) = import_any(r#"{"data":[42, [1]]}"#).expect("an ACLED API response");
    let reasons: Vec<String> = import.issues.iter().map(|i| i.message(Lang::En)).collect();
    assert_eq!(
        reasons,
        [
            "row 0 (line 1) skipped: bad value in 'row': 42 is not an object",
            "row 1 (line 1) skipped: bad value in 'row': [1] is not an object",
        ]
    );
}
