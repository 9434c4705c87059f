//! GeoJSON export: what is exported imports back to equal incidents, whatever it was imported
//! from, and the output uses exactly the schema's property names.

use incident_map::dataset::MALI_GEOJSON;
use incident_map::export::to_geojson;
use incident_map::import::geojson::import_geojson;
use incident_map::import::import_any;
use incident_map::incident::{Geometry, Incident};
use serde_json::Value;
use std::fs;

fn fixture(name: &str) -> String {
    fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

/// Exports, re-imports and checks that every incident comes back equal and without issues.
fn assert_round_trip(name: &str, incidents: &[Incident]) {
    assert!(!incidents.is_empty(), "{name}: nothing to export");
    let exported = to_geojson(incidents);
    let again = import_geojson(&exported).expect("the export is GeoJSON");
    assert!(again.issues.is_empty(), "{name}: {:?}", again.issues);
    assert_eq!(again.incidents.len(), incidents.len(), "{name}");
    for (a, b) in incidents.iter().zip(&again.incidents) {
        assert_eq!(a, b, "{name}: incident {} changed", a.id);
    }
}

#[test]
fn the_embedded_record_round_trips() {
    let import = import_geojson(MALI_GEOJSON).expect("the embedded record");
    assert_eq!(import.incidents.len(), 22);
    assert_round_trip("mali.geojson", &import.incidents);
}

#[test]
fn every_fixture_round_trips() {
    for name in [
        "acled-current.csv",
        "acled-legacy.csv",
        "acled-bad.csv",
        "ucdp-ged.csv",
        "ucdp-bad.csv",
        "good-mixed.geojson",
        "bad-features.geojson",
    ] {
        let (_, import) = import_any(&fixture(name)).expect(name);
        assert_round_trip(name, &import.incidents);
    }
}

#[test]
fn the_output_uses_exactly_the_schema_property_names() {
    let (_, import) = import_any(&fixture("acled-current.csv")).expect("ACLED");
    let doc: Value = serde_json::from_str(&to_geojson(&import.incidents)).expect("JSON");
    assert_eq!(doc["type"], "FeatureCollection");
    let feature = &doc["features"][0];
    assert_eq!(feature["type"], "Feature");
    assert_eq!(feature["id"], "MLI31001");
    assert_eq!(
        feature["geometry"],
        serde_json::json!({"type": "Point", "coordinates": [2.7019, 19.9433]})
    );
    let props = feature["properties"].as_object().expect("properties");
    let mut keys: Vec<&str> = props.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "actors",
            "end",
            "event_type",
            "fatalities",
            "geo_precision",
            "id",
            "ongoing",
            "place",
            "sources",
            "start",
            "sub_event_type",
            "summary",
            "time_precision",
            "title"
        ]
    );
    assert_eq!(
        props["title"],
        serde_json::json!({}),
        "ACLED has no title, and none is invented: only the languages present"
    );
    assert_eq!(props["start"], "2024-07-27");
    assert_eq!(props["end"], "2024-07-27");
    assert_eq!(props["ongoing"], false);
    assert_eq!(props["time_precision"], 1);
    assert_eq!(props["geo_precision"], 2);
    assert_eq!(props["event_type"], "Battles");
    assert_eq!(
        props["fatalities"],
        serde_json::json!({
            "low": {"value": 47, "by": "ACLED (lowest reported)"},
            "best": {"value": 47, "by": "ACLED (lowest reported)"},
            "high": null,
            "estimate": false,
            "note": null,
            "claims": [{
                "by": "ACLED",
                "claim": "47 reported killed (ACLED counts the lowest credible figure)",
                "date": null
            }]
        })
    );
    assert_eq!(
        props["sources"][0],
        serde_json::json!({"publisher": "Reuters", "title": "", "date": "2024-07-27", "url": null})
    );

    let mali = import_geojson(MALI_GEOJSON).expect("the embedded record");
    let doc: Value = serde_json::from_str(&to_geojson(&mali.incidents)).expect("JSON");
    let trilingual = doc["features"][0]["properties"]["title"]
        .as_object()
        .expect("a localized title");
    assert_eq!(
        trilingual.keys().collect::<Vec<_>>(),
        ["ar", "en", "fr"],
        "serde_json orders object keys"
    );
}

#[test]
fn every_geometry_kind_is_written_as_its_geojson_type() {
    let import = import_geojson(&fixture("good-mixed.geojson")).expect("GeoJSON");
    let doc: Value = serde_json::from_str(&to_geojson(&import.incidents)).expect("JSON");
    let kinds: Vec<&str> = doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["geometry"]["type"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(kinds, ["Point", "MultiPoint", "Polygon", "MultiPolygon"]);
    assert!(matches!(&import.incidents[1].geometry, Geometry::Points(p) if p.len() == 2));
}

#[test]
fn the_other_event_type_is_written_as_null_and_reads_back_without_a_warning() {
    let (_, import) = import_any(&fixture("acled-bad.csv")).expect("ACLED");
    let skirmish = import
        .incidents
        .iter()
        .find(|i| i.id == "MLI90006")
        .expect("the unknown type loads");
    let doc: Value =
        serde_json::from_str(&to_geojson(std::slice::from_ref(skirmish))).expect("JSON");
    assert_eq!(doc["features"][0]["properties"]["event_type"], Value::Null);
    assert_eq!(
        to_geojson(&[]),
        r#"{"features":[],"type":"FeatureCollection"}"#
    );
}

#[test]
fn an_open_end_is_written_and_read_back() {
    let text = r#"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-6,15],[4,15],[4,25],[-6,15]]]},
      "properties":{"id":"area","start":"2012-01-17","end":"2024-09-17","ongoing":true,"geo_precision":3}}"#;
    let import = import_geojson(text).expect("one feature");
    assert!(import.incidents[0].span.ongoing);
    let doc: Value = serde_json::from_str(&to_geojson(&import.incidents)).expect("JSON");
    let props = &doc["features"][0]["properties"];
    assert_eq!(
        (&props["end"], &props["ongoing"]),
        (&Value::from("2024-09-17"), &Value::from(true))
    );
    assert_round_trip("an open end", &import.incidents);
}
