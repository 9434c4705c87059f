//! Times as other tools write them: epoch numbers (milliseconds, or seconds with a warning),
//! togeojson's `coordTimes`, `linestringTimestamps`, and ISO date-times with a zone read on
//! their UTC day.

use incident_map::import::geojson::import_geojson;
use incident_map::import::{import_any, Format, Import};
use incident_map::lang::Lang;
use std::fs;

fn fixture(name: &str) -> String {
    fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

/// Each incident's id with its first and last day.
fn spans(import: &Import) -> Vec<(String, String, String)> {
    import
        .incidents
        .iter()
        .map(|i| (i.id.clone(), i.span.start.to_iso(), i.span.end.to_iso()))
        .collect()
}

/// Each issue as (index, skipped, reason).
fn issues(import: &Import) -> Vec<(usize, bool, String)> {
    import
        .issues
        .iter()
        .map(|i| (i.index, i.skipped, i.reason.to_string()))
        .collect()
}

/// A FeatureCollection of points with these properties.
fn collection(properties: &[&str]) -> String {
    let features: Vec<String> = properties
        .iter()
        .map(|p| {
            format!(
                r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[-8,12.6]}},"properties":{p}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

#[test]
fn a_time_dimension_file_in_epoch_seconds_loads_whole_with_the_seconds_warning() {
    let (format, import) = import_any(&fixture("time-dimension-seconds.geojson")).expect("GeoJSON");
    assert_eq!(format, Format::GeoJson);
    let days: Vec<String> = import
        .incidents
        .iter()
        .map(|i| i.span.start.to_iso())
        .collect();
    assert_eq!(
        days,
        ["2015-04-30", "2015-05-01", "2015-05-02", "2015-05-03"]
    );
    let warning = |index, value: &str, day: &str| {
        (
            index,
            false,
            format!("{value} in 'time' read as seconds since 1970 ({day}), not milliseconds"),
        )
    };
    assert_eq!(
        issues(&import),
        [
            warning(0, "1430391600.0", "2015-04-30"),
            warning(1, "1430478000.0", "2015-05-01"),
            warning(2, "1430564400", "2015-05-02"),
            warning(3, "1430650800.0", "2015-05-03"),
        ]
    );
    assert_eq!(
        import.issues[0].message(Lang::En),
        "feature 0 loaded with a warning: 1430391600.0 in 'time' read as seconds since 1970 (2015-04-30), not milliseconds"
    );
}

#[test]
fn epoch_milliseconds_coord_times_timestamps_and_zones_load() {
    let import = import_geojson(&fixture("good-times.geojson")).expect("GeoJSON");
    assert!(import.issues.is_empty(), "{:?}", import.issues);
    let span = |id: &str, start: &str, end: &str| (id.into(), start.into(), end.into());
    assert_eq!(
        spans(&import),
        [
            span("epoch-ms", "2013-01-28", "2013-01-28"),
            span("times-ms", "2013-02-05", "2013-02-09"),
            span("track", "2013-02-01", "2013-02-04"),
            span("tracks", "2013-02-10", "2013-02-11"),
            span("timestamps", "2013-03-01", "2013-03-02"),
            span("rollover", "2015-05-01", "2015-05-01"),
            span("one-time", "2015-04-30", "2015-04-30"),
            span("local", "2015-04-30", "2015-04-30"),
        ]
    );
}

#[test]
fn a_list_of_times_wins_over_a_single_time() {
    let text = collection(&[
        r#"{"time":"2010-01-01","coordTimes":["2013-02-01T08:00:00Z","2013-02-02T08:00:00Z"]}"#,
        r#"{"start":"2010-01-01","times":null}"#,
    ]);
    let import = import_geojson(&text).expect("GeoJSON");
    let starts: Vec<String> = spans(&import).into_iter().map(|s| s.1).collect();
    assert_eq!(starts, ["2013-02-01", "2010-01-01"]);
}

#[test]
fn times_that_cannot_be_days_are_reported_per_feature_and_the_rest_load() {
    let text = collection(&[
        r#"{"time":-1430391600}"#,
        r#"{"time":"NaN"}"#,
        r#"{"time":"-inf"}"#,
        r#"{"times":[1430391600000, 1e300]}"#,
        r#"{"coordTimes":[]}"#,
        r#"{"coordTimes":[["2013-02-01T08:00:00Z"], [true]]}"#,
        r#"{"start":"2015-04-30T23:30:00 EST"}"#,
        r#"{"start":1430391600000,"end":"1430000000000"}"#,
        r#"{"id":"fine","time":1430391600000}"#,
    ]);
    let import = import_geojson(&text).expect("GeoJSON");
    let skipped = |index, reason: &str| (index, true, reason.to_string());
    assert_eq!(
        issues(&import),
        [
            skipped(0, "bad date in 'time': -1430391600 is a negative time since 1970 (write earlier days as dates)"),
            skipped(1, "bad date in 'time': 'NaN' is not a finite number"),
            skipped(2, "bad date in 'time': '-inf' is not a finite number"),
            skipped(3, "bad date in 'times': 1e+300 is out of range"),
            skipped(4, "bad date in 'coordTimes': the list is empty"),
            skipped(5, "bad date in 'coordTimes': true is not a date or a number"),
            skipped(6, "bad date in 'start': '2015-04-30T23:30:00 EST' is not a date (expected YYYY-MM-DD)"),
            skipped(7, "bad date in 'end': end 2015-04-25 is before start 2015-04-30"),
        ]
    );
    assert_eq!(
        spans(&import),
        [("fine".into(), "2015-04-30".into(), "2015-04-30".into())]
    );
}

/// Property tests (native only: proptest does not target wasm32-unknown-unknown).
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use incident_map::timeline::{Day, MS_PER_DAY};
    use proptest::prelude::*;

    /// The ISO date-time of the instant `ms` as a clock `offset_minutes` ahead of UTC shows it,
    /// with that offset (`Z` for none).
    fn iso_date_time(ms: i64, offset_minutes: i64) -> String {
        let local = ms + offset_minutes * 60_000;
        let date = Day(local.div_euclid(MS_PER_DAY) as i32).date();
        let in_day = local.rem_euclid(MS_PER_DAY);
        let (h, m, s, f) = (
            in_day / 3_600_000,
            in_day / 60_000 % 60,
            in_day / 1000 % 60,
            in_day % 1000,
        );
        let zone = match offset_minutes {
            0 => "Z".to_string(),
            o => {
                let sign = if o < 0 { '-' } else { '+' };
                format!("{sign}{:02}:{:02}", o.abs() / 60, o.abs() % 60)
            }
        };
        format!(
            "{:04}-{:02}-{:02}T{h:02}:{m:02}:{s:02}.{f:03}{zone}",
            date.year, date.month, date.day
        )
    }

    fn day_of(time: &str) -> Option<String> {
        let import = import_geojson(&collection(&[&format!(r#"{{"time":{time}}}"#)])).ok()?;
        import.incidents.first().map(|i| i.span.start.to_iso())
    }

    proptest! {
        #[test]
        fn an_epoch_ms_number_and_its_iso_date_time_give_the_same_day(
            // From 1e11 ms (March 1973) to late 9999 (four-digit years).
            ms in 100_000_000_000i64..253_402_000_000_000,
            offset_minutes in -14 * 60i64..=14 * 60,
        ) {
            let iso = iso_date_time(ms, offset_minutes);
            let utc_day = Day(ms.div_euclid(MS_PER_DAY) as i32).to_iso();
            prop_assert_eq!(day_of(&ms.to_string()), Some(utc_day.clone()));
            prop_assert_eq!(day_of(&format!("\"{iso}\"")), Some(utc_day), "{}", iso);
        }
    }
}
