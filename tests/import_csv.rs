//! ACLED and UCDP GED CSV import, and format detection, against the fixtures in
//! tests/fixtures: every bad row is skipped (or loaded with a warning) with its index, the line
//! it starts on and its exact reason, and every good row loads.

use incident_map::import::acled::import_acled;
use incident_map::import::ucdp::import_ucdp;
use incident_map::import::{import_any, Detail, Format, Import, ImportError};
use incident_map::incident::{Claim, EventType, Figure, Geometry, PlacePrecision, Source};
use incident_map::lang::Lang;
use incident_map::lon_lat;
use incident_map::popup::title;
use incident_map::timeline::TimePrecision;
use std::fs;

fn fixture(name: &str) -> String {
    fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

/// (index, line, skipped, reason) of every issue.
fn issues(import: &Import) -> Vec<(usize, u64, bool, String)> {
    import
        .issues
        .iter()
        .map(|i| {
            (
                i.index,
                i.line.expect("CSV issues have a line"),
                i.skipped,
                i.reason.to_string(),
            )
        })
        .collect()
}

fn expected(list: &[(usize, u64, bool, &str)]) -> Vec<(usize, u64, bool, String)> {
    list.iter()
        .map(|(i, l, s, m)| (*i, *l, *s, m.to_string()))
        .collect()
}

fn ids(import: &Import) -> Vec<&str> {
    import.incidents.iter().map(|i| i.id.as_str()).collect()
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

const FAMA: &str = "Military Forces of Mali (2021-)";
const CSP: &str = "CSP-DPA: Permanent Strategic Framework for Peace, Security and Development";
const JNIM: &str = "JNIM: Group for Support of Islam and Muslims";

#[test]
fn acled_current_layout_loads_every_row() {
    let import = import_acled(&fixture("acled-current.csv")).expect("an ACLED export");
    assert!(import.issues.is_empty(), "{:?}", import.issues);
    assert_eq!(
        ids(&import),
        ["MLI31001", "MLI31002", "MLI31003", "MLI31004", "MLI31005", "MLI31006"]
    );
    let [tinzaouaten, bamako, drone, menaka, protest, kidal] = import.incidents.as_slice() else {
        panic!("six incidents");
    };

    assert_eq!(title(tinzaouaten, Lang::En), "Armed clash in Tinzaouaten");
    assert_eq!(tinzaouaten.place.get("en"), "Tinzaouaten, Kidal, Mali");
    assert_eq!(tinzaouaten.span.start.to_iso(), "2024-07-27");
    assert_eq!(tinzaouaten.span.end, tinzaouaten.span.start);
    assert_eq!(tinzaouaten.span.precision, TimePrecision::Day);
    assert_eq!(tinzaouaten.place_precision, PlacePrecision::Near);
    assert_eq!(tinzaouaten.event_type, EventType::Battles);
    assert_eq!(tinzaouaten.sub_event_type, "Armed clash");
    assert_eq!(
        tinzaouaten.geometry,
        Geometry::Points(vec![lon_lat(2.7019, 19.9433)])
    );
    assert_eq!(tinzaouaten.anchor, lon_lat(2.7019, 19.9433));
    assert_eq!(tinzaouaten.actors, strings(&[FAMA, "Wagner Group", CSP]));
    assert_eq!(
        tinzaouaten.summary.get("en"),
        "On 27 July 2024, the third day of fighting near Tinzaouaten, CSP-DPA rebels, who said \
         they were \"in control of the area\", clashed with FAMa and Wagner.\nThe toll is \
         disputed; ACLED records the lowest credible figure."
    );
    let f = &tinzaouaten.fatalities;
    let acled_47 = Some(Figure {
        value: 47,
        by: "ACLED (lowest reported)".into(),
    });
    assert_eq!((&f.low, &f.best, &f.high), (&acled_47, &acled_47, &None));
    assert!(!f.estimate);
    assert_eq!(
        f.claims,
        [Claim {
            by: "ACLED".into(),
            claim: "47 reported killed (ACLED counts the lowest credible figure)".into(),
            date: None,
        }]
    );
    let source = |publisher: &str| Source {
        publisher: publisher.into(),
        title: String::new(),
        date: Some("2024-07-27".into()),
        url: None,
    };
    assert_eq!(
        tinzaouaten.sources,
        [source("Reuters"), source("AFP"), source("Al Jazeera")]
    );

    assert_eq!(title(bamako, Lang::En), "Attack in Bamako - Faladie");
    assert_eq!(
        bamako.actors,
        strings(&[
            JNIM,
            FAMA,
            "Police Forces of Mali (2021-)",
            "Gendarmerie of Mali (2021-)"
        ]),
        "associated actors are split on ';'"
    );
    assert_eq!(bamako.fatalities.size_hint(), 77);

    assert_eq!(drone.span.start.to_iso(), "2024-08-25", "DD/MM/YYYY");
    assert_eq!(drone.event_type, EventType::ExplosionsRemoteViolence);
    assert_eq!(title(drone, Lang::En), "Air/drone strike in Tinzaouaten");

    assert_eq!(
        menaka.place.get("en"),
        "Ménaka, Mali",
        "repeated names collapse"
    );
    assert_eq!(menaka.span.precision, TimePrecision::Week);
    assert_eq!(
        menaka.actors,
        strings(&[
            "Islamic State (Sahel)",
            "Civilians (Mali)",
            "Tuareg Ethnic Group (Mali)"
        ]),
        "an actor listed twice is kept once"
    );

    assert_eq!(protest.event_type, EventType::Protests);
    assert_eq!(protest.actors, strings(&["Protesters (Mali)"]));
    assert_eq!(protest.fatalities.best.as_ref().map(|f| f.value), Some(0));

    assert_eq!(
        title(kidal, Lang::En),
        "Strategic developments in Kidal",
        "sub-event 'Other' falls back to the event type"
    );
    assert_eq!(kidal.span.precision, TimePrecision::Month);
    assert_eq!(kidal.place_precision, PlacePrecision::Region);
    assert_eq!(
        kidal.fatalities,
        Default::default(),
        "empty fatalities: not reported"
    );
    assert!(kidal.sources.is_empty() && kidal.summary.is_empty());
}

#[test]
fn acled_legacy_layout_and_its_date_forms_load() {
    let import = import_acled(&fixture("acled-legacy.csv")).expect("an ACLED export");
    assert!(import.issues.is_empty(), "{:?}", import.issues);
    assert_eq!(
        ids(&import),
        ["MLI25001", "MLI25002", "10101250"],
        "data_id stands in for an empty event_id_cnty"
    );
    let days: Vec<String> = import
        .incidents
        .iter()
        .map(|i| i.span.start.to_iso())
        .collect();
    assert_eq!(days, ["2023-02-16", "2023-03-03", "2023-02-28"]);
    let [boni, talataye, timbuktu] = import.incidents.as_slice() else {
        panic!("three incidents");
    };
    assert_eq!(
        title(boni, Lang::En),
        "Remote explosive/landmine/IED in Boni"
    );
    assert_eq!(boni.fatalities.low.as_ref().map(|f| f.value), Some(4));
    assert_eq!(
        boni.actors,
        strings(&["Unidentified Armed Group (Mali)", FAMA]),
        "numeric inter1/inter2 are not actors"
    );
    assert_eq!(talataye.actors, strings(&[JNIM, "Islamic State (Sahel)"]));
    assert_eq!(talataye.span.precision, TimePrecision::Week);
    assert_eq!(timbuktu.event_type, EventType::Riots);
    assert_eq!(timbuktu.place.get("en"), "Timbuktu, Tombouctou, Mali");
}

#[test]
fn acled_every_bad_row_is_reported_with_its_index_line_and_reason() {
    let import = import_acled(&fixture("acled-bad.csv")).expect("an ACLED export");
    // Row 0's notes span two lines, so row N starts on line N + 3.
    assert_eq!(
        issues(&import),
        expected(&[
            (1, 4, true, "missing date: no 'event_date' property"),
            (2, 5, true, "bad date in 'event_date': '2024-02-30' is not a date (expected YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY or 16 February 2023)"),
            (3, 6, true, "coordinate out of range: longitude 200, latitude 95.5"),
            (4, 7, true, "coordinate out of range: longitude -4.5533, latitude NaN"),
            (5, 8, true, "coordinate [14.5995, 120.9842] has latitude out of range: longitude and latitude look swapped (GeoJSON wants [longitude, latitude])"),
            (6, 9, false, "unknown event type 'Skirmish', shown as Other"),
            (7, 10, true, "duplicate id 'MLI90000' (first used by feature 0)"),
            (8, 11, true, "bad value in 'fatalities': -3 is negative"),
            (9, 12, true, "bad value in 'fatalities': 'many' is not a number"),
            (10, 13, true, "bad value in 'geo_precision': 4 is not an ACLED precision code 1 to 3"),
            (11, 14, true, "bad value in 'latitude': '13,9061' is not a number"),
            (12, 15, true, "bad value in 'fatalities': 2.5 is not a whole number of people"),
        ])
    );
    assert_eq!(ids(&import), ["MLI90000", "MLI90006", "MLI90013"]);
    assert_eq!(import.incidents[1].event_type, EventType::Other);
    assert_eq!(
        title(&import.incidents[1], Lang::En),
        "Armed clash in Djenne"
    );
    assert_eq!(
        import.issues[0].message(Lang::En),
        "row 1 (line 4) skipped: missing date: no 'event_date' property"
    );
    assert_eq!(
        import.issues[5].message(Lang::En),
        "row 6 (line 9) loaded with a warning: unknown event type 'Skirmish', shown as Other"
    );
}

#[test]
fn a_bom_and_crlf_line_ends_change_nothing() {
    for name in ["acled-current.csv", "acled-bad.csv", "ucdp-ged.csv"] {
        let lf = fixture(name);
        let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
        assert!(crlf.starts_with('\u{feff}') && crlf.contains("\r\n"));
        let (format, a) = import_any(&lf).expect(name);
        let (format_crlf, b) = import_any(&crlf).expect(name);
        assert_eq!(format, format_crlf);
        assert_eq!(
            a.incidents, b.incidents,
            "{name}: CRLF inside notes reads as \\n"
        );
        assert_eq!(a.issues, b.issues, "{name}: same issues on the same lines");
    }
}

#[test]
fn line_numbers_count_quoted_line_breaks_and_blank_lines() {
    let text = "event_id_cnty,event_date,latitude,longitude,notes\r\n\
                A1,2024-01-01,12.6,-8.0,\"one\r\ntwo\r\nthree\"\r\n\
                \r\n\
                A2,,12.6,-8.0,missing date\r\n\
                ,,,,\r\n\
                A3,2024-01-02,12.6,-8.0,fine\r\n\
                A4,2024-01-03,abc,-8.0,bad latitude";
    let import = import_acled(text).expect("an ACLED export");
    assert_eq!(
        issues(&import),
        expected(&[
            (1, 6, true, "missing date: no 'event_date' property"),
            (3, 9, true, "bad value in 'latitude': 'abc' is not a number"),
        ]),
        "an all-empty row is not a row"
    );
    assert_eq!(ids(&import), ["A1", "A3"]);
    assert_eq!(import.incidents[0].summary.get("en"), "one\ntwo\nthree");
}

#[test]
fn acled_ids_fall_back_to_the_row_index_and_columns_are_found_by_name() {
    let text = "LONGITUDE , Latitude,event_type,EVENT_DATE,fatalities\n\
                -8.0029,12.6392,Battles,16 February 2023,3\n\
                -8.0029,12.6392,Protests,1-Mar-2023,\n\
                -8.0029,12.6392,Riots,2023-03-02T10:00:00Z,0,extra,fields\n\
                -8.0029,12.6392";
    let import = import_acled(text).expect("an ACLED export");
    assert_eq!(
        issues(&import),
        expected(&[(3, 5, true, "missing date: no 'event_date' property")]),
        "a short row reads its missing fields as empty"
    );
    assert_eq!(ids(&import), ["acled-row-0", "acled-row-1", "acled-row-2"]);
    let days: Vec<String> = import
        .incidents
        .iter()
        .map(|i| i.span.start.to_iso())
        .collect();
    assert_eq!(days, ["2023-02-16", "2023-03-01", "2023-03-02"]);
    assert_eq!(title(&import.incidents[0], Lang::En), "Battles");
    assert!(import.incidents[0].place.is_empty());
}

#[test]
fn ucdp_ged_rows_load() {
    let import = import_ucdp(&fixture("ucdp-ged.csv")).expect("a UCDP GED file");
    assert!(import.issues.is_empty(), "{:?}", import.issues);
    assert_eq!(
        ids(&import),
        ["520001", "520002", "520003", "520004", "520005"]
    );
    let [tinzaouaten, wedding, menaka, boulkessi, report] = import.incidents.as_slice() else {
        panic!("five incidents");
    };

    assert_eq!(tinzaouaten.span.start.to_iso(), "2024-07-25");
    assert_eq!(tinzaouaten.span.end.to_iso(), "2024-07-27");
    assert_eq!(
        tinzaouaten.span.precision,
        TimePrecision::Week,
        "date_prec 2"
    );
    assert_eq!(
        tinzaouaten.place_precision,
        PlacePrecision::Exact,
        "where_prec 1"
    );
    assert_eq!(tinzaouaten.event_type, EventType::Battles);
    assert_eq!(tinzaouaten.sub_event_type, "state-based conflict");
    assert_eq!(
        title(tinzaouaten, Lang::En),
        "Government of Mali - CSP-DPA: Tinzaouaten town"
    );
    assert_eq!(
        tinzaouaten.place.get("en"),
        "Tinzaouaten town, Kidal region, Mali"
    );
    assert_eq!(
        tinzaouaten.actors,
        strings(&["Government of Mali", "CSP-DPA"])
    );
    assert_eq!(
        tinzaouaten.summary.get("en"),
        "Mali army and Wagner suffer losses near Algerian border; Rebels claim dozens killed in Tinzaouaten"
    );
    let ucdp = |value| {
        Some(Figure {
            value,
            by: "UCDP GED".into(),
        })
    };
    let f = &tinzaouaten.fatalities;
    assert_eq!(
        (&f.low, &f.best, &f.high),
        (&ucdp(47), &ucdp(60), &ucdp(130))
    );
    assert!(!f.estimate && f.claims.is_empty());
    assert_eq!(
        f.note.as_deref(),
        Some("UCDP's best estimate by party: Government of Mali 47, CSP-DPA 9, civilians 0, unknown 4")
    );
    assert_eq!(
        tinzaouaten.sources,
        [
            Source {
                publisher: "Reuters".into(),
                title: "Mali army and Wagner suffer losses near Algerian border".into(),
                date: Some("2024-07-29".into()),
                url: None,
            },
            Source {
                publisher: "Al Jazeera".into(),
                title: String::new(),
                date: Some("2024-07-30".into()),
                url: Some("https://example.org/news/tinzaouaten-2024-07-30".into()),
            },
        ],
        "articles, offices and dates of equal count are paired"
    );

    assert_eq!(wedding.event_type, EventType::ViolenceAgainstCivilians);
    assert_eq!(wedding.sub_event_type, "one-sided violence");
    assert_eq!(wedding.span.precision, TimePrecision::Day, "date_prec 1");
    assert_eq!(
        wedding.place_precision,
        PlacePrecision::Near,
        "where_prec 2"
    );
    assert_eq!(wedding.fatalities.low.as_ref().map(|f| f.value), Some(21));

    assert_eq!(menaka.event_type, EventType::Battles);
    assert_eq!(menaka.sub_event_type, "non-state conflict");
    assert_eq!(menaka.span.precision, TimePrecision::Month, "date_prec 4");
    assert_eq!(menaka.span.days(), 31);
    assert_eq!(
        menaka.place_precision,
        PlacePrecision::Region,
        "where_prec 4"
    );
    assert_eq!(menaka.place.get("en"), "Menaka region, Mali");
    assert_eq!(
        menaka.sources,
        [
            Source {
                publisher: String::new(),
                title: "Heavy fighting between JNIM and IS Sahel in Menaka".into(),
                date: None,
                url: None,
            },
            Source {
                publisher: "Menastream".into(),
                title: String::new(),
                date: None,
                url: None,
            },
            Source {
                publisher: "Local media".into(),
                title: String::new(),
                date: None,
                url: None,
            },
        ],
        "one article, two offices: listed apart"
    );

    assert_eq!(boulkessi.span.days(), 1, "empty date_end is date_start");
    assert_eq!(
        boulkessi.place_precision,
        PlacePrecision::Near,
        "where_prec 3"
    );
    assert!(boulkessi.summary.is_empty());
    assert_eq!(
        boulkessi.sources[0].title, "FAMa communique, 12 May 2024",
        "a quoted comma stays in the field"
    );

    assert_eq!(report.span.precision, TimePrecision::Month, "date_prec 5");
    assert_eq!(
        report.place_precision,
        PlacePrecision::Region,
        "where_prec 6"
    );
    assert_eq!(report.place.get("en"), "Mali");
}

#[test]
fn ucdp_every_bad_row_is_reported_with_its_index_line_and_reason() {
    let import = import_ucdp(&fixture("ucdp-bad.csv")).expect("a UCDP GED file");
    assert_eq!(
        issues(&import),
        expected(&[
            (
                1,
                3,
                true,
                "bad date in 'date_end': end 2024-07-25 is before start 2024-07-27"
            ),
            (2, 4, true, "bad value in 'low': low 12 is above best 10"),
            (
                3,
                5,
                true,
                "bad value in 'where_prec': 9 is not a UCDP precision code 1 to 7"
            ),
            (
                4,
                6,
                true,
                "bad value in 'date_prec': 'x' is not a UCDP precision code 1 to 5"
            ),
            (5, 7, true, "missing date: no 'date_start' property"),
            (
                6,
                8,
                true,
                "bad date in 'date_start': '25/07/2024' is not a date (expected YYYY-MM-DD)"
            ),
            (7, 9, true, "bad value in 'high': high 8 is below best 10"),
            (
                8,
                10,
                false,
                "unknown event type 'type_of_violence 4', shown as Other"
            ),
            (
                9,
                11,
                true,
                "duplicate id '530000' (first used by feature 0)"
            ),
            (
                10,
                12,
                true,
                "bad value in 'best': 'unknown' is not a number"
            ),
            (11, 13, true, "bad value in 'latitude': empty"),
            (
                12,
                14,
                true,
                "bad value in 'deaths_civilians': -1 is negative"
            ),
        ])
    );
    assert_eq!(ids(&import), ["530000", "530008", "530013"]);
    assert_eq!(import.incidents[1].event_type, EventType::Other);
}

#[test]
fn import_any_recognises_each_format() {
    let cases = [
        ("acled-current.csv", Format::Acled, 6),
        ("acled-legacy.csv", Format::Acled, 3),
        ("acled-bad.csv", Format::Acled, 3),
        ("ucdp-ged.csv", Format::Ucdp, 5),
        ("ucdp-bad.csv", Format::Ucdp, 3),
        ("good-mixed.geojson", Format::GeoJson, 4),
    ];
    for (name, format, loaded) in cases {
        let (got, import) = import_any(&fixture(name)).expect(name);
        assert_eq!((got, import.incidents.len()), (format, loaded), "{name}");
    }
    let (format, import) =
        import_any(incident_map::dataset::MALI_GEOJSON).expect("the embedded record");
    assert_eq!(format, Format::GeoJson);
    assert_eq!(import.incidents.len(), 22);
    assert_eq!(
        [Format::GeoJson, Format::Acled, Format::Ucdp].map(Format::label),
        ["GeoJSON", "ACLED", "UCDP GED"]
    );
    assert!(
        matches!(
            import_any("\u{feff}\n  [1]"),
            Err(ImportError::NotGeoJson(_))
        ),
        "'[' after a BOM and blanks is JSON"
    );
}

#[test]
fn files_that_are_none_of_the_formats_get_one_clear_error() {
    for empty in ["", "  \n\r\n", "\u{feff}", "\u{feff}\r\n"] {
        assert_eq!(import_any(empty).map(|_| ()), Err(ImportError::Empty));
        assert_eq!(import_acled(empty).map(|_| ()), Err(ImportError::Empty));
        assert_eq!(import_ucdp(empty).map(|_| ()), Err(ImportError::Empty));
    }
    let unknown = |text: &str| import_any(text).map(|_| ()).map_err(|e| e.to_string());
    assert_eq!(
        unknown("<html><body>Hello</body></html>"),
        Err("not GeoJSON, an ACLED export or a UCDP GED export: the first line is '<html><body>Hello</body></html>'".into())
    );
    assert_eq!(
        unknown("name,lat,lon\nBamako,12.6,-8.0"),
        Err(
            "not GeoJSON, an ACLED export or a UCDP GED export: the first line is 'name,lat,lon'"
                .into()
        )
    );
    let png = String::from_utf8_lossy(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10").into_owned();
    assert_eq!(
        unknown(&png),
        Err("not GeoJSON, an ACLED export or a UCDP GED export: the file holds binary data (NUL bytes), not UTF-8 text".into())
    );
    assert_eq!(
        import_acled(&png).map(|_| ()),
        Err(ImportError::NotCsv(Detail::BinaryData))
    );
    let long = format!("{}\n1", "x".repeat(200));
    assert_eq!(
        unknown(&long),
        Err(format!(
            "not GeoJSON, an ACLED export or a UCDP GED export: the first line is '{}…'",
            "x".repeat(60)
        ))
    );
    assert!(matches!(import_any("{oops"), Err(ImportError::NotJson(_))));

    let missing = |r: Result<Import, ImportError>| r.map(|_| ()).map_err(|e| e.to_string());
    assert_eq!(
        missing(import_acled(&fixture("ucdp-ged.csv"))),
        Err("not an ACLED export: the header lacks event_date".into())
    );
    assert_eq!(
        import_acled("hello world").map(|_| ()),
        Err(ImportError::MissingColumns {
            format: Format::Acled,
            columns: strings(&["event_date", "latitude", "longitude"]),
        })
    );
    assert_eq!(
        missing(import_ucdp(&fixture("acled-current.csv"))),
        Err("not a UCDP GED export: the header lacks date_start".into())
    );
    let header_only = import_acled("event_date,latitude,longitude\r\n").expect("a header");
    assert!(header_only.incidents.is_empty() && header_only.issues.is_empty());
}

/// A 50 MB ACLED export: every row loads. Prints how long reading it took.
#[test]
fn a_fifty_megabyte_acled_export_loads_every_row() {
    let current = fixture("acled-current.csv");
    let (header, rest) = current.split_once('\n').expect("a header");
    // The second data row, one line long, with its id replaced by a placeholder.
    let template = rest
        .lines()
        .find(|l| l.starts_with("MLI31002"))
        .expect("row MLI31002")
        .replacen("MLI31002", "{ID}", 1);
    let (before, after) = template.split_once("{ID}").expect("placeholder");
    let target = 50 * 1024 * 1024;
    let mut text = String::with_capacity(target + template.len() * 2);
    text.push_str(header);
    text.push('\n');
    let mut rows = 0usize;
    while text.len() < target {
        text.push_str(before);
        text.push_str("MLI");
        text.push_str(&rows.to_string());
        text.push_str(after);
        text.push('\n');
        rows += 1;
    }
    let started = std::time::Instant::now();
    let (format, import) = import_any(&text).expect("an ACLED export");
    let took = started.elapsed();
    eprintln!(
        "50 MB ACLED import: {rows} rows, {} bytes, {took:.2?}",
        text.len()
    );
    assert_eq!(format, Format::Acled);
    assert!(import.issues.is_empty(), "{:?}", import.issues.first());
    assert_eq!(import.incidents.len(), rows);
    assert_eq!(import.incidents[rows - 1].id, format!("MLI{}", rows - 1));
}

/// Property tests (native only: proptest does not target wasm32-unknown-unknown).
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use incident_map::import::geojson::import_geojson;
    use proptest::prelude::*;

    const ACLED_HEADER: &str = "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,location,admin1,country,latitude,longitude,geo_precision,source,notes,fatalities";
    const UCDP_HEADER: &str = "id,type_of_violence,dyad_name,side_a,side_b,source_article,source_office,source_date,source_headline,where_prec,where_description,adm_1,country,latitude,longitude,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low";

    /// Field values meant to hit every parser's edges.
    const ODD_VALUES: &[&str] = &[
        "",
        " ",
        "0",
        "1",
        "3",
        "7",
        "-1",
        "2.5",
        "1e309",
        "NaN",
        "inf",
        "-0",
        "99999999999999999999",
        "4294967296",
        "12.6392",
        "-8.0029",
        "95.5",
        "200",
        "2024-07-25",
        "2024-07-25 00:00:00.000",
        "2024-02-30",
        "16 February 2023",
        "31/12/2024",
        "+275760-09-13",
        "262143-12-31",
        "Battles",
        "Skirmish",
        "a;b;;c",
        "https://example.org/x",
        "javascript:alert(1)",
        "١٢",
        "Ménaka",
        "\u{feff}",
    ];

    fn table(header: &'static str) -> impl Strategy<Value = (String, usize)> {
        let width = header.split(',').count();
        prop::collection::vec(
            prop::collection::vec(prop::sample::select(ODD_VALUES), 0..width + 2),
            0..12,
        )
        .prop_map(move |rows| {
            let nonblank = rows
                .iter()
                .filter(|r| r.iter().any(|f| !f.trim().is_empty()))
                .count();
            let body: Vec<String> = rows.iter().map(|r| r.join(",")).collect();
            (format!("{header}\n{}", body.join("\n")), nonblank)
        })
    }

    fn never_panic(text: &str) {
        let _ = import_any(text);
        let _ = import_acled(text);
        let _ = import_ucdp(text);
        let _ = import_geojson(text);
    }

    /// Every non-blank row is either loaded or skipped, exactly once.
    fn accounted(import: &Import, rows: usize) -> bool {
        let skipped = import.issues.iter().filter(|i| i.skipped).count();
        import.incidents.len() + skipped == rows
    }

    proptest! {
        #[test]
        fn no_importer_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
            never_panic(&String::from_utf8_lossy(&bytes));
        }

        #[test]
        fn no_importer_panics_on_csv_like_text(
            header in prop::sample::select(vec![ACLED_HEADER, UCDP_HEADER, "date_start,where_prec", ""]),
            body in "[a-z0-9_,;\"'\r\n .:/\\-]{0,600}",
        ) {
            never_panic(&format!("{header}\n{body}"));
        }

        #[test]
        fn no_importer_panics_on_json_like_text(
            prefix in prop::sample::select(vec![
                "",
                r#"{"type":"FeatureCollection","features":["#,
                r#"{"type":"Feature","geometry":{"type":"Point","coordinates":["#,
                r#"{"type":"Feature","geometry":null,"properties":{"coordTimes":["#,
                r#"{"status":200,"data":[{"event_date":"#,
            ]),
            body in "[\\[\\]{}\":,0-9a-zA-Z .eE+\\-\n]{0,600}",
        ) {
            never_panic(&format!("{prefix}{body}"));
        }

        #[test]
        fn every_acled_row_is_loaded_or_reported((text, rows) in table(ACLED_HEADER)) {
            let import = import_acled(&text).expect("the header is ACLED's");
            prop_assert!(accounted(&import, rows), "{rows} rows: {import:?}");
            never_panic(&text);
        }

        #[test]
        fn every_acled_api_row_is_loaded_or_reported((text, _) in table(ACLED_HEADER)) {
            let mut lines = text.lines();
            let names: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
            let row = |line: &str| -> serde_json::Map<String, serde_json::Value> {
                let fields = names.iter().zip(line.split(','));
                fields.map(|(n, v)| (n.to_string(), v.into())).collect()
            };
            let rows: Vec<_> = lines.map(row).collect();
            let json = serde_json::json!({"status": 200, "count": rows.len(), "data": rows});
            let (format, import) = import_any(&json.to_string()).expect("an ACLED API response");
            prop_assert_eq!(format, Format::Acled);
            prop_assert!(accounted(&import, rows.len()), "{} rows: {import:?}", rows.len());
        }

        #[test]
        fn every_ucdp_row_is_loaded_or_reported((text, rows) in table(UCDP_HEADER)) {
            let import = import_ucdp(&text).expect("the header is UCDP's");
            prop_assert!(accounted(&import, rows), "{rows} rows: {import:?}");
            never_panic(&text);
        }
    }
}
