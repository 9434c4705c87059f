//! GeoJSON import against the fixtures in tests/fixtures: every bad feature is skipped (or
//! loaded with a warning) with its index and its exact reason, and every good feature loads.

use incident_map::import::geojson::import_geojson;
use incident_map::import::ImportError;
use incident_map::incident::{EventType, Geometry, PlacePrecision};
use incident_map::lang::Lang;
use incident_map::timeline::{Day, TimePrecision};
use std::fs;

fn fixture(name: &str) -> String {
    fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

#[test]
fn every_bad_feature_is_reported_with_its_index_and_reason() {
    let import = import_geojson(&fixture("bad-features.geojson")).expect("a FeatureCollection");
    let got: Vec<(usize, bool, String)> = import
        .issues
        .iter()
        .map(|i| (i.index, i.skipped, i.reason.to_string()))
        .collect();
    let expected: Vec<(usize, bool, &str)> = vec![
        (1, true, "no geometry"),
        (2, true, "coordinate [12.6392, -98.0028] has latitude out of range: longitude and latitude look swapped (GeoJSON wants [longitude, latitude])"),
        (3, true, "coordinate out of range: longitude 200, latitude 100"),
        (4, true, "missing date: no 'start' property"),
        (5, true, "bad date in 'start': '2024-13-45' is not a date (expected YYYY-MM-DD)"),
        (6, true, "bad date in 'end': end 2024-07-25 is before start 2024-07-27"),
        (7, true, "empty MultiPoint geometry"),
        (8, true, "unsupported geometry type LineString (use Point, MultiPoint, Polygon or MultiPolygon)"),
        (9, true, "duplicate id 'good-0' (first used by feature 0)"),
        (10, true, "bad value in 'fatalities': -3 is negative"),
        (11, true, "bad value in 'fatalities.best': \"many\" is not a number"),
        (12, true, "bad value in 'fatalities': low, best and high are not in increasing order"),
        (13, false, "unknown event type 'Skirmish', shown as Other"),
        (14, false, "source link 'javascript:alert(1)' dropped: only http and https links are allowed"),
        (15, true, "not a valid GeoJSON Feature: expected a Feature object, found 42"),
        (16, true, "bad value in 'geo_precision': 7 is not a precision code 1, 2 or 3"),
        (17, true, "bad value in 'geometry': a polygon's outer ring needs at least 4 positions"),
    ];
    let expected: Vec<(usize, bool, String)> = expected
        .into_iter()
        .map(|(i, s, m)| (i, s, m.to_string()))
        .collect();
    assert_eq!(got, expected);

    let ids: Vec<&str> = import.incidents.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["good-0", "skirmish", "bad-link", "good-18"]);
    let skirmish = &import.incidents[1];
    assert_eq!(skirmish.event_type, EventType::Other);
    assert_eq!(
        import.incidents[2].sources[0].url, None,
        "the unsafe link is gone"
    );
    assert_eq!(
        import.issues[0].message(Lang::En),
        "feature 1 skipped: no geometry"
    );
}

#[test]
fn good_features_of_every_supported_shape_load() {
    let import = import_geojson(&fixture("good-mixed.geojson")).expect("a FeatureCollection");
    assert!(import.issues.is_empty(), "{:?}", import.issues);
    let [timed, multi, area, two] = import.incidents.as_slice() else {
        panic!("four incidents, got {}", import.incidents.len());
    };
    assert_eq!(timed.id, "7", "numeric feature id kept");
    assert_eq!(
        timed.title.get("en"),
        "Time-enabled point from another tool"
    );
    assert_eq!(
        timed.span.start,
        Day::parse_iso("2013-01-28").expect("date")
    );
    assert_eq!(timed.fatalities.best.as_ref().map(|f| f.value), Some(4));
    assert_eq!(multi.span.start.to_iso(), "2013-02-01");
    assert_eq!(multi.span.end.to_iso(), "2013-02-20");
    assert_eq!(multi.event_type, EventType::ExplosionsRemoteViolence);
    assert!(matches!(&multi.geometry, Geometry::Points(p) if p.len() == 2));
    assert_eq!(multi.sources.len(), 2);
    assert_eq!(
        multi.sources[0].url.as_deref(),
        Some("https://example.org/report")
    );
    assert!(
        matches!(&area.geometry, Geometry::Area(p) if p.len() == 1 && p[0].len() == 2),
        "hole kept"
    );
    assert_eq!(area.place_precision, PlacePrecision::Region);
    assert_eq!(area.title.get("ar"), "منطقة");
    assert!(
        (area.anchor.lon - (-3.0)).abs() < 0.2 && (area.anchor.lat - 16.0).abs() < 0.2,
        "{:?}",
        area.anchor
    );
    assert!(matches!(&two.geometry, Geometry::Area(p) if p.len() == 2));
    assert_eq!(two.span.precision, TimePrecision::Month);
}

#[test]
fn files_that_are_not_geojson_get_one_clear_error() {
    assert_eq!(import_geojson("").map(|_| ()), Err(ImportError::Empty));
    assert_eq!(
        import_geojson("\u{feff} \n").map(|_| ()),
        Err(ImportError::Empty)
    );
    assert!(matches!(
        import_geojson("<html></html>"),
        Err(ImportError::NotJson(_))
    ));
    assert!(
        matches!(import_geojson(r#"{"type":"Point","coordinates":[1,2]}"#), Err(e) if e.to_string().contains("'Point'"))
    );
    assert!(matches!(
        import_geojson(r#"{"type":"FeatureCollection"}"#),
        Err(ImportError::NotGeoJson(_))
    ));
    assert!(matches!(
        import_geojson("[1,2,3]"),
        Err(ImportError::NotGeoJson(_))
    ));
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(
        import_geojson(&deep).is_err(),
        "deep nesting is an error, not a crash"
    );
    let deep_feature = format!(
        r#"{{"type":"FeatureCollection","features":[{}{}]}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let import = import_geojson(&deep_feature).expect("the collection itself is fine");
    assert!(import.incidents.is_empty());
    assert_eq!(
        import.issues.len(),
        1,
        "the deep feature is reported, not a crash"
    );
    assert_eq!(import.issues[0].index, 0);
}

#[test]
fn a_bom_and_a_single_feature_are_fine() {
    let text = "\u{feff}{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[2.7019,19.9433]},\"properties\":{\"start\":\"2024-07-25\",\"end\":\"2024-07-27\",\"time_precision\":2}}";
    let import = import_geojson(text).expect("one feature");
    assert_eq!(import.incidents.len(), 1);
    assert_eq!(import.incidents[0].id, "feature-0");
    assert_eq!(import.incidents[0].span.days(), 3);
}

#[test]
fn a_duplicate_id_names_the_feature_that_has_it_even_after_skipped_ones() {
    let feature = |id: &str| {
        format!(
            r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[-8,12.6]}},"properties":{{"id":"{id}","start":"2024-09-17","event_type":"Battles"}}}}"#
        )
    };
    let broken =
        r#"{"type":"Feature","geometry":null,"properties":{"id":"x","start":"2024-09-17"}}"#;
    let features = [
        broken.to_string(),
        feature("a"),
        broken.to_string(),
        feature("b"),
        feature("a"),
        feature("b"),
    ];
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    let expected = [
        (4, "duplicate id 'a' (first used by feature 1)".to_string()),
        (5, "duplicate id 'b' (first used by feature 3)".to_string()),
    ];
    let duplicates = |issues: &[incident_map::ImportIssue]| -> Vec<(usize, String)> {
        issues
            .iter()
            .filter(|i| i.reason.to_string().starts_with("duplicate"))
            .map(|i| (i.index, i.reason.to_string()))
            .collect()
    };
    let listed = import_geojson(&text).expect("a FeatureCollection");
    assert_eq!(duplicates(&listed.issues), expected, "listed import");
    let (data, import) = incident_map::Dataset::from_geojson(&text).expect("a FeatureCollection");
    assert_eq!(data.len(), 2);
    assert_eq!(
        duplicates(&import.issues),
        expected,
        "straight into the store"
    );
}

#[test]
fn an_open_end_loads_and_anything_but_true_or_false_is_reported() {
    let feature = |id: &str, ongoing: &str| {
        format!(
            r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[-1.7,19.3]}},"properties":{{"id":"{id}","start":"2012-01-17","end":"2024-09-17"{ongoing}}}}}"#
        )
    };
    let features = [
        feature("open", r#","ongoing":true"#),
        feature("closed", r#","ongoing":false"#),
        feature("null", r#","ongoing":null"#),
        feature("absent", ""),
        feature("word", r#","ongoing":"yes""#),
    ];
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    let import = import_geojson(&text).expect("a FeatureCollection");
    let got: Vec<(&str, bool)> = import
        .incidents
        .iter()
        .map(|i| (i.id.as_str(), i.span.ongoing))
        .collect();
    assert_eq!(
        got,
        [
            ("open", true),
            ("closed", false),
            ("null", false),
            ("absent", false)
        ]
    );
    let open = &import.incidents[0].span;
    assert_eq!(
        open.end.to_iso(),
        "2024-09-17",
        "the end is the 'as of' day"
    );
    let issues: Vec<(usize, String)> = import
        .issues
        .iter()
        .map(|i| (i.index, i.reason.to_string()))
        .collect();
    assert_eq!(
        issues,
        [(
            4,
            "bad value in 'ongoing': \"yes\" is not true or false".to_string()
        )]
    );
}

/// A Polygon of `n` positions round Kidal (a closed, wavy circle of 2°), as GeoJSON.
fn huge_polygon(n: usize) -> String {
    let mut coordinates = String::with_capacity(n * 40);
    for k in 0..n {
        let t = (k % (n - 1)) as f64 / (n - 1) as f64 * std::f64::consts::TAU;
        let r = 2.0 * (1.0 + 0.02 * (t * 300.0).sin());
        let sep = if k > 0 { "," } else { "" };
        coordinates.push_str(&format!(
            "{sep}[{:.6},{:.6}]",
            1.4 + r * t.cos(),
            18.4 + r * t.sin()
        ));
    }
    format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{{"type":"Polygon","coordinates":[[{coordinates}]]}},"properties":{{"id":"huge","start":"2024-01-01"}}}}]}}"#
    )
}

#[test]
fn a_polygon_of_a_million_vertices_is_simplified_as_it_loads_and_says_so() {
    use incident_map::simplify::MAX_AREA_VERTICES;
    let import = import_geojson(&huge_polygon(1_000_000)).expect("GeoJSON");
    let [incident] = import.incidents.as_slice() else {
        panic!("one incident");
    };
    let Geometry::Area(polygons) = &incident.geometry else {
        panic!("an area");
    };
    let kept: usize = polygons.iter().flatten().map(Vec::len).sum();
    assert!(kept <= MAX_AREA_VERTICES, "{kept} vertices kept");
    assert!(kept > MAX_AREA_VERTICES / 2, "{kept} vertices kept");
    let issues: Vec<String> = import.issues.iter().map(|i| i.message(Lang::En)).collect();
    assert_eq!(
        issues,
        [format!("feature 0 loaded with a warning: area of 1000000 vertices simplified to {kept}, so that it draws within a frame")]
    );
    assert!((incident.anchor.lon - 1.4).abs() < 0.01 && (incident.anchor.lat - 18.4).abs() < 0.01);
}
