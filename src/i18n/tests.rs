use super::*;
use crate::timeline::Day;

fn day(iso: &str) -> Day {
    Day::parse_iso(iso).expect("date")
}

fn span_of(a: &str, b: &str, precision: TimePrecision) -> DateSpan {
    DateSpan::new(day(a), day(b), precision).expect("ordered")
}

/// The `{n}` placeholders of a template, sorted.
fn placeholders(template: &str) -> Vec<String> {
    let mut found: Vec<String> = template
        .match_indices('{')
        .filter_map(|(i, _)| {
            let rest = &template[i + 1..];
            let close = rest.find('}')?;
            rest[..close]
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| rest[..close].to_string())
        })
        .collect();
    found.sort();
    found
}

/// Every phrase of both tables (the widget's and the importer's) in `lang`, with its key's name.
fn phrases(lang: Lang) -> Vec<(String, &'static str)> {
    let chrome = Text::ALL.iter().map(|&k| (format!("{k:?}"), text(lang, k)));
    let import = ImportText::ALL
        .iter()
        .map(|&k| (format!("ImportText::{k:?}"), import_text(lang, k)));
    chrome.chain(import).collect()
}

#[test]
fn every_key_has_a_phrase_in_every_language_with_the_same_placeholders() {
    // A key missing from a table does not compile (each table is an exhaustive `match`); this
    // checks what the compiler cannot: no phrase is empty, and each fills the same blanks.
    let english = phrases(Lang::En);
    for lang in Lang::ALL {
        for ((key, phrase), (_, english)) in phrases(lang).into_iter().zip(&english) {
            assert!(!phrase.trim().is_empty(), "{key} in {lang:?}");
            // Arabic writes no number in "لا حوادث", "حادثة واحدة", "حادثتان".
            let wordy_arabic = lang == Lang::Ar
                && ["IncidentsZero", "IncidentsOne", "IncidentsTwo"].contains(&key.as_str());
            if !wordy_arabic {
                let own = placeholders(phrase);
                assert_eq!(own, placeholders(english), "{key} in {lang:?}: {phrase}");
            }
        }
    }
}

/// Latin words the importer's Arabic keeps as files write them: format names, GeoJSON's
/// keywords and members, ACLED's date forms, and the API's names.
const KEPT_AS_WRITTEN: &[&str] = &[
    "GeoJSON",
    "ACLED",
    "UCDP",
    "GED",
    "JSON",
    "CSV",
    "UTF",
    "NUL",
    "Feature",
    "FeatureCollection",
    "Point",
    "MultiPoint",
    "Polygon",
    "MultiPolygon",
    "features",
    "type",
    "data",
    "true",
    "false",
    "http",
    "https",
    "YYYY",
    "MM",
    "DD",
    "February",
    "totalBytes",
    "import",
    "any",
];

#[test]
fn the_arabic_tables_have_no_latin_words() {
    for (key, phrase) in phrases(Lang::Ar) {
        let import = key.starts_with("ImportText::");
        let words = phrase.replace(['N', 'P'], "");
        assert!(
            !words.chars().any(char::is_alphabetic)
                || words.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c))
                || key == "ImportText::ParserSaid",
            "{key} has no Arabic: {phrase}"
        );
        // Key names (N, P) are the chrome's only Latin letters, and they stand alone; the
        // importer's keep only names as files write them.
        for word in phrase.split(|c: char| !c.is_ascii_alphabetic()) {
            let allowed = if import {
                KEPT_AS_WRITTEN.contains(&word)
            } else {
                word == "N" || word == "P"
            };
            assert!(
                word.is_empty() || allowed,
                "{key} has the Latin word '{word}': {phrase}"
            );
        }
    }
}

#[test]
fn french_keeps_its_typography() {
    for (key, phrase) in phrases(Lang::Fr) {
        for mark in [" :", " ;", " %", " ?", "'", "« ", " »", "\"", "«{", "}»"] {
            assert!(!phrase.contains(mark), "{key}: '{mark}' in {phrase}");
        }
    }
}

#[test]
fn fill_replaces_numbered_blanks_and_leaves_the_rest() {
    assert_eq!(fill("{1}, {0}", &["a", "b"]), "b, a");
    assert_eq!(fill("{0} {0}", &["x"]), "x x");
    assert_eq!(fill("{2} {x} {", &["a"]), "{2} {x} {");
    assert_eq!(fill("no blanks", &[]), "no blanks");
    assert_eq!(
        fill("{0}", &["{1}"]),
        "{1}",
        "an argument is not filled again"
    );
}

#[test]
fn counts_follow_each_language_s_plural_rules() {
    let en: Vec<String> = [0, 1, 2].map(|n| incidents(Lang::En, n)).into();
    assert_eq!(en, ["0 incidents", "1 incident", "2 incidents"]);
    let fr: Vec<String> = [0, 1, 2].map(|n| incidents(Lang::Fr, n)).into();
    assert_eq!(fr, ["0 incident", "1 incident", "2 incidents"]);
    let ar = |n| incidents(Lang::Ar, n);
    assert_eq!(ar(0), "لا حوادث");
    assert_eq!(ar(1), "حادثة واحدة");
    assert_eq!(ar(2), "حادثتان");
    assert_eq!(ar(3), "3 حوادث");
    assert_eq!(ar(10), "10 حوادث");
    assert_eq!(ar(11), "11 حادثة");
    assert_eq!(ar(99), "99 حادثة");
    assert_eq!(ar(100), "100 حادثة");
    assert_eq!(ar(102), "102 حادثة", "other, not the dual");
    assert_eq!(ar(103), "103 حوادث", "few again from 103");
    assert_eq!(ar(1011), "1011 حادثة");
}

#[test]
fn dates_have_localized_month_names() {
    let d = day("2024-09-17").date();
    assert_eq!(date(Lang::En, d), "17 Sep 2024");
    assert_eq!(date(Lang::Fr, d), "17 sept. 2024");
    assert_eq!(date(Lang::Ar, d), "17 سبتمبر 2024");
    let july = day("2024-07-25").date();
    assert_eq!(date(Lang::Ar, july), "25 يوليو 2024");
    assert_eq!(
        window(Lang::Fr, day("2024-08-18").date(), d),
        "18 août 2024 – 17 sept. 2024"
    );
    assert_eq!(window(Lang::En, d, d), "17 Sep 2024");
}

#[test]
fn spans_say_their_precision_in_each_language() {
    let day_span = span_of("2024-09-17", "2024-09-17", TimePrecision::Day);
    assert_eq!(span(Lang::En, &day_span), "17 Sep 2024");
    let battle = span_of("2024-07-25", "2024-07-27", TimePrecision::Week);
    assert_eq!(
        span(Lang::En, &battle),
        "25–27 Jul 2024 (dates approximate: within a week)"
    );
    assert_eq!(
        span(Lang::Ar, &battle),
        "25–27 يوليو 2024 (تواريخ تقريبية: في حدود أسبوع)"
    );
    let wagner = span_of("2021-12-01", "2021-12-31", TimePrecision::Month);
    assert_eq!(span(Lang::En, &wagner), "Dec 2021 (month only)");
    assert_eq!(span(Lang::Fr, &wagner), "déc. 2021 (mois seulement)");
    let across = span_of("2024-06-30", "2024-07-02", TimePrecision::Day);
    assert_eq!(span(Lang::En, &across), "30 Jun – 2 Jul 2024");
    let years = span_of("2023-12-30", "2024-01-02", TimePrecision::Day);
    assert_eq!(span(Lang::En, &years), "30 Dec 2023 – 2 Jan 2024");
    let azawad = DateSpan {
        ongoing: true,
        ..span_of("2012-01-17", "2024-09-17", TimePrecision::Day)
    };
    assert_eq!(
        span(Lang::En, &azawad),
        "since 17 Jan 2012, ongoing (still so as of 17 Sep 2024)"
    );
    assert_eq!(
        span(Lang::Fr, &azawad),
        "depuis le 17 janv. 2012, en cours (toujours au 17 sept. 2024)"
    );
}

#[test]
fn acled_sub_event_types_are_translated_and_other_text_is_kept() {
    assert_eq!(sub_event_type(Lang::Fr, "Armed clash"), "Affrontement armé");
    assert_eq!(sub_event_type(Lang::Ar, "armed CLASH "), "اشتباك مسلح");
    assert_eq!(
        sub_event_type(Lang::En, "Air/drone strike"),
        "Air/drone strike"
    );
    assert_eq!(
        sub_event_type(Lang::Ar, "Ambush near the well"),
        "Ambush near the well",
        "not ACLED's: data, kept"
    );
    for key in SUB_EVENT_TYPES {
        let acled = text(Lang::En, key);
        assert_eq!(
            sub_event_type(Lang::Fr, acled),
            text(Lang::Fr, key),
            "{acled}"
        );
        assert_eq!(
            sub_event_type(Lang::Ar, acled),
            text(Lang::Ar, key),
            "{acled}"
        );
    }
    for t in EventType::ALL {
        assert_eq!(event_type(Lang::En, t), t.label());
    }
    assert_eq!(event_type(Lang::Fr, EventType::Riots), "Émeutes");
}

#[test]
fn sizes_and_progress_read_without_float_formatting() {
    assert_eq!(size(Lang::En, 512), "512 bytes");
    assert_eq!(size(Lang::En, 2_000_000), "2.0 MB");
    assert_eq!(size(Lang::Fr, 2_049_999), "2,0 Mo");
    assert_eq!(size(Lang::En, 2_050_000), "2.1 MB");
    assert_eq!(size(Lang::Ar, 1_500), "1.5 كيلوبايت");
    assert_eq!(size(Lang::En, u64::MAX), "18446744073.7 GB");
    assert_eq!(
        progress(Lang::En, 0, Some(2_000_000), 0),
        "Loading… 0 % of 2.0 MB"
    );
    assert_eq!(progress(Lang::En, 3, None, 0), "Loading… 3 bytes");
    assert_eq!(
        progress(Lang::En, 5, Some(3), 1),
        "Loading… 100 % of 3 bytes, 1 incident read",
        "more than announced reads as 100 %"
    );
    assert_eq!(
        progress(Lang::Ar, 1_000, Some(2_000), 2),
        "جارٍ التحميل… 50% من 2.0 كيلوبايت، قُرئ منها حادثتان"
    );
}

#[test]
fn window_presets_and_place_precision_are_named() {
    let width = |lang, w| text(lang, window_width_key(w));
    assert_eq!(width(Lang::Fr, WindowWidth::Week), "1 semaine");
    assert_eq!(width(Lang::Ar, WindowWidth::Custom(3)), "مخصصة");
    assert_eq!(
        place_precision(Lang::En, PlacePrecision::Near),
        "approximate: near this point"
    );
}
