//! The embedded Mali record (`src/data/mali.geojson`) checked against the schema in the README
//! and against the project's reference notes: `facts-and-sources.md` (events E01–E18, places
//! P01–P15, fatality notes F14/F16, doubts D1–D15) and `mali-record.md` (the seed events and the
//! context table), both as corrected in 2026-12, and the September 2024 Arabic news report the
//! record starts from (`000_ddd74a3736a10a87.txt`). Where the two notes differ,
//! `facts-and-sources.md` is the more careful one and wins.
//!
//! Every check returns the problems it finds, each naming the incident id, so one run lists all
//! of them. `the_checks_catch_broken_data` breaks a copy of the record once per rule and asserts
//! that the matching check notices, so that no check passes vacuously.

use incident_map::dataset::MALI_GEOJSON;
use incident_map::import::geojson::import_geojson;
use incident_map::incident::{EventType, Figure, Geometry, Incident, PlacePrecision, Text};
use incident_map::lang::Lang;
use incident_map::projection::LonLat;
use incident_map::timeline::{Day, TimePrecision};
use serde_json::Value;
use std::collections::HashSet;

/// The number of incidents the README promises.
const RECORD_SIZE: usize = 22;

/// The record as raw JSON features and as imported incidents, with the import's issues.
struct Record {
    features: Vec<Value>,
    incidents: Vec<Incident>,
    issues: Vec<String>,
}

type Problems = Vec<String>;
type Check = fn(&Record) -> Problems;

fn load(text: &str) -> Record {
    let doc: Value = serde_json::from_str(text).expect("the record is JSON");
    let features = doc["features"]
        .as_array()
        .cloned()
        .expect("the record is a FeatureCollection");
    let import = import_geojson(text).expect("the record is GeoJSON");
    let issues = import
        .issues
        .iter()
        .map(|i| {
            let id = features.get(i.index).map_or("(no feature)", raw_id);
            format!("{id}: {}", i.message(Lang::En))
        })
        .collect();
    Record {
        features,
        incidents: import.incidents,
        issues,
    }
}

/// A test running one check over the embedded record.
macro_rules! record_test {
    ($name:ident, $check:expr) => {
        #[test]
        fn $name() {
            assert_clean($check);
        }
    };
}

fn assert_clean(check: Check) {
    let problems = check(&load(MALI_GEOJSON));
    assert!(
        problems.is_empty(),
        "{} problem(s) in the Mali record:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Helpers

/// A property of a raw feature (`Null` when absent).
fn prop<'a>(feature: &'a Value, key: &str) -> &'a Value {
    &feature["properties"][key]
}

fn raw_id(feature: &Value) -> &str {
    prop(feature, "id").as_str().unwrap_or("(no id)")
}

fn day(iso: &str) -> Day {
    Day::parse_iso(iso).expect("a date written in this test")
}

/// The one incident whose id contains `key`, or a problem saying why there is not one.
fn find<'a>(r: &'a Record, key: &str) -> Result<&'a Incident, String> {
    let found: Vec<&Incident> = r.incidents.iter().filter(|i| i.id.contains(key)).collect();
    match found[..] {
        [one] => Ok(one),
        _ => Err(format!(
            "{key}: expected one incident with this in its id, found {}",
            found.len()
        )),
    }
}

/// Runs `check` on every raw feature, with its id.
fn each_feature(r: &Record, mut check: impl FnMut(&str, &Value, &mut Problems)) -> Problems {
    let mut problems = Vec::new();
    for f in &r.features {
        check(raw_id(f), f, &mut problems);
    }
    problems
}

/// Runs `check` on every imported incident.
fn each_incident(r: &Record, mut check: impl FnMut(&Incident, &mut Problems)) -> Problems {
    let mut problems = Vec::new();
    for i in &r.incidents {
        check(i, &mut problems);
    }
    problems
}

/// Runs `check` on the one incident matching each key; a missing incident is a problem too.
fn for_each_key<'a, K: 'a>(
    r: &Record,
    keyed: impl IntoIterator<Item = (&'a str, K)>,
    mut check: impl FnMut(&Incident, K, &mut Problems),
) -> Problems {
    let mut problems = Vec::new();
    for (key, expected) in keyed {
        match find(r, key) {
            Ok(incident) => check(incident, expected, &mut problems),
            Err(e) => problems.push(e),
        }
    }
    problems
}

/// The three languages of a text, absent ones as "".
fn languages(t: &Text) -> [(&'static str, &str); 3] {
    [("en", &t.en), ("fr", &t.fr), ("ar", &t.ar)]
        .map(|(lang, s)| (lang, s.as_deref().unwrap_or("")))
}

/// The languages of `t` in which a sentence tells of `topic` without naming `source` (each a word
/// per language, en, fr, ar, ignoring case): an account must carry its author.
fn unattributed(t: &Text, topic: [&str; 3], source: [&str; 3]) -> Vec<&'static str> {
    languages(t)
        .into_iter()
        .zip(topic.into_iter().zip(source))
        .filter(|((_, text), (topic, source))| {
            text.to_lowercase().split('.').any(|sentence| {
                sentence.contains(&topic.to_lowercase())
                    && !sentence.contains(&source.to_lowercase())
            })
        })
        .map(|((lang, _), _)| lang)
        .collect()
}

/// True when each language of `t` contains its word of `words` (en, fr, ar), ignoring case.
fn says(t: &Text, words: [&str; 3]) -> bool {
    languages(t)
        .iter()
        .zip(words)
        .all(|((_, text), word)| text.to_lowercase().contains(&word.to_lowercase()))
}

/// True when any language of `t` contains its word of `words` (en, fr, ar), ignoring case.
fn says_any(t: &Text, words: [&str; 3]) -> bool {
    languages(t)
        .iter()
        .zip(words)
        .any(|((_, text), word)| text.to_lowercase().contains(&word.to_lowercase()))
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c) && c.is_alphabetic()
}

fn is_kebab_case(id: &str) -> bool {
    id.split('-').all(|part| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    })
}

fn figures(i: &Incident) -> impl Iterator<Item = (&'static str, &Figure)> {
    let f = &i.fatalities;
    [("low", &f.low), ("best", &f.best), ("high", &f.high)]
        .into_iter()
        .filter_map(|(name, figure)| figure.as_ref().map(|fig| (name, fig)))
}

fn value(figure: &Option<Figure>) -> Option<u32> {
    figure.as_ref().map(|f| f.value)
}

/// The whole numbers written in a text, in order ("2 soldiers and 13 wounded" → [2, 13]).
fn numbers(text: &str) -> Vec<u32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter_map(|run| run.parse().ok())
        .collect()
}

/// Every number any claim of the incident states.
fn claimed_numbers(i: &Incident) -> HashSet<u32> {
    i.fatalities
        .claims
        .iter()
        .flat_map(|c| numbers(&c.claim))
        .collect()
}

/// A figure nobody stated, but that adds up figures the claims state, with the terms in its `by`
/// ("Government of Mali (49 civilians + 15 soldiers)").
fn is_shown_sum(figure: &Figure, claimed: &HashSet<u32>) -> bool {
    let terms = numbers(&figure.by);
    terms.len() >= 2
        && terms.iter().sum::<u32>() == figure.value
        && terms.iter().all(|t| claimed.contains(t))
}

/// Figures are combined when they come from more than one claimant or one of them is a sum.
fn figures_combined(i: &Incident) -> bool {
    let claimed = claimed_numbers(i);
    let claimants: HashSet<&str> = figures(i).map(|(_, f)| f.by.as_str()).collect();
    claimants.len() > 1 || figures(i).any(|(_, f)| !claimed.contains(&f.value))
}

fn point(i: &Incident) -> Option<LonLat> {
    match &i.geometry {
        Geometry::Points(points) => points.first().copied(),
        Geometry::Area(_) => None,
    }
}

fn positions(g: &Geometry) -> Vec<LonLat> {
    match g {
        Geometry::Points(points) => points.clone(),
        Geometry::Area(polygons) => polygons.iter().flatten().flatten().copied().collect(),
    }
}

fn near(a: LonLat, lon: f64, lat: f64) -> bool {
    (a.lon - lon).abs() <= 1e-4 && (a.lat - lat).abs() <= 1e-4
}

/// Even-odd ray casting.
fn inside(p: LonLat, ring: &[LonLat]) -> bool {
    let mut inside = false;
    for (a, b) in ring.iter().zip(ring.iter().cycle().skip(1)) {
        if (a.lat > p.lat) != (b.lat > p.lat)
            && p.lon < a.lon + (p.lat - a.lat) / (b.lat - a.lat) * (b.lon - a.lon)
        {
            inside = !inside;
        }
    }
    inside
}

/// Twice the signed area (shoelace): positive for a counterclockwise ring.
fn signed_area(ring: &[LonLat]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].lon * w[1].lat - w[1].lon * w[0].lat)
        .sum()
}

fn is_whole_months(start: Day, end: Day) -> bool {
    start.date().day == 1 && end.plus(1).date().day == 1
}

// ---------------------------------------------------------------------------------------------
// 1. Import

fn check_import(r: &Record) -> Problems {
    let mut problems = r.issues.clone();
    if r.incidents.len() != RECORD_SIZE || r.features.len() != RECORD_SIZE {
        problems.push(format!(
            "{} features, {} imported; the README promises {RECORD_SIZE}",
            r.features.len(),
            r.incidents.len()
        ));
    }
    problems
}

record_test!(imports_with_zero_issues, check_import);

// ---------------------------------------------------------------------------------------------
// 2. The schema, on the raw JSON

/// Every property of the README's schema (`country` too); null counts as missing.
#[rustfmt::skip]
const PROPERTIES: [&str; 14] = [
    "id", "title", "summary", "start", "end", "time_precision", "place", "geo_precision",
    "country", "event_type", "sub_event_type", "actors", "fatalities", "sources",
];

/// Keys of `fatalities` that must be there, though low/best/high may be null (`note` is optional).
const FATALITY_KEYS: [&str; 5] = ["low", "best", "high", "estimate", "claims"];

fn check_schema(r: &Record) -> Problems {
    each_feature(r, |id, f, problems| {
        for key in PROPERTIES.iter().filter(|k| prop(f, k).is_null()) {
            problems.push(format!("{id}: no '{key}'"));
        }
        let fatalities = prop(f, "fatalities");
        for key in FATALITY_KEYS.iter().filter(|k| fatalities.get(k).is_none()) {
            problems.push(format!("{id}: no 'fatalities.{key}'"));
        }
        if !fatalities["estimate"].is_boolean() || !fatalities["claims"].is_array() {
            problems.push(format!(
                "{id}: 'fatalities.estimate' must be a boolean and 'fatalities.claims' a list"
            ));
        }
    })
}

fn check_ids(r: &Record) -> Problems {
    let mut seen = HashSet::new();
    let mut previous: Option<(String, String)> = None;
    each_feature(r, |id, f, problems| {
        if !seen.insert(id.to_string()) {
            problems.push(format!("{id}: duplicate id"));
        }
        if !is_kebab_case(id) {
            problems.push(format!("{id}: not kebab-case"));
        }
        if f["id"].as_str() != Some(id) {
            problems.push(format!(
                "{id}: the feature's id is {} (not stable)",
                f["id"]
            ));
        }
        let start = prop(f, "start").as_str().unwrap_or("").to_string();
        if let Some((before, before_start)) = previous.as_ref().filter(|(_, s)| *s > start) {
            problems.push(format!(
                "{id}: starts {start}, before {before} ({before_start}) which comes first"
            ));
        }
        previous = Some((id.to_string(), start));
    })
}

record_test!(every_feature_has_the_whole_schema, check_schema);

record_test!(
    ids_are_unique_kebab_case_stable_and_sorted_by_start,
    check_ids
);

// ---------------------------------------------------------------------------------------------
// 3. Languages

fn check_languages(r: &Record) -> Problems {
    each_incident(r, |i, problems| {
        for (field, text) in [
            ("title", &i.title),
            ("summary", &i.summary),
            ("place", &i.place),
        ] {
            for (lang, _) in languages(text).into_iter().filter(|(_, t)| t.is_empty()) {
                problems.push(format!("{}: no {lang} {field}", i.id));
            }
            if !text.get("ar").chars().any(is_arabic_letter) {
                problems.push(format!("{}: the ar {field} has no Arabic letters", i.id));
            }
        }
        if i.summary.fr == i.summary.en {
            problems.push(format!(
                "{}: the fr summary is the en one, not a translation",
                i.id
            ));
        }
    })
}

record_test!(
    titles_summaries_and_places_are_in_english_french_and_arabic,
    check_languages
);

// ---------------------------------------------------------------------------------------------
// 4. Fatalities and claims

/// low ≤ best ≤ high, read from the raw JSON (the importer would skip a feature out of order).
fn check_figure_order(r: &Record) -> Problems {
    each_feature(r, |id, f, problems| {
        let fatalities = prop(f, "fatalities");
        let present: Vec<u64> = ["low", "best", "high"]
            .iter()
            .filter_map(|k| {
                let figure = &fatalities[k];
                figure.get("value").unwrap_or(figure).as_u64()
            })
            .collect();
        if present.windows(2).any(|w| w[0] > w[1]) {
            problems.push(format!("{id}: low/best/high out of order: {present:?}"));
        }
    })
}

/// Every figure says who gave it, stands on at least one claim, and is either stated by a claim
/// or a sum of claimed figures shown in its `by`.
fn check_figures_attributed(r: &Record) -> Problems {
    each_incident(r, |i, problems| {
        let claimed = claimed_numbers(i);
        if figures(i).next().is_some() && i.fatalities.claims.is_empty() {
            problems.push(format!("{}: figures without any claim", i.id));
        }
        for (name, figure) in figures(i) {
            if figure.by.trim().is_empty() {
                problems.push(format!(
                    "{}: {name} {} says nobody gave it",
                    i.id, figure.value
                ));
            }
            if !claimed.contains(&figure.value) && !is_shown_sum(figure, &claimed) {
                problems.push(format!(
                    "{}: {name} {} is in no claim, and its by {:?} shows no sum of claimed ones",
                    i.id, figure.value, figure.by
                ));
            }
        }
    })
}

/// Where two claims give different numbers, the record gives a range, never a single number.
fn check_disagreement(r: &Record) -> Problems {
    each_incident(r, |i, problems| {
        let distinct: HashSet<Vec<u32>> = i
            .fatalities
            .claims
            .iter()
            .map(|c| numbers(&c.claim))
            .filter(|n| !n.is_empty())
            .collect();
        let (low, high) = (value(&i.fatalities.low), value(&i.fatalities.high));
        let is_range = matches!((low, high), (Some(l), Some(h)) if l < h);
        if distinct.len() >= 2 && !is_range {
            problems.push(format!(
                "{}: claims disagree ({distinct:?}) but low/high is {low:?}/{high:?}",
                i.id
            ));
        }
    })
}

/// Where more than one claimant spoke, low = best = high would make one of them "the" figure.
fn check_single_figure(r: &Record) -> Problems {
    each_incident(r, |i, problems| {
        let f = &i.fatalities;
        let claimants: HashSet<&str> = f.claims.iter().map(|c| c.by.as_str()).collect();
        let [low, best, high] = [&f.low, &f.best, &f.high].map(value);
        if claimants.len() > 1 && low.is_some() && low == best && best == high {
            problems.push(format!(
                "{}: {} claimants, but low = best = high = {low:?}",
                i.id,
                claimants.len()
            ));
        }
    })
}

/// `estimate: true` exactly where the figures were combined (several claimants, or a sum: D10).
fn check_estimate_flag(r: &Record) -> Problems {
    r.incidents
        .iter()
        .filter(|i| i.fatalities.estimate != figures_combined(i))
        .map(|i| {
            format!(
                "{}: estimate is {}, but the figures are {}combined",
                i.id,
                i.fatalities.estimate,
                if figures_combined(i) { "" } else { "not " }
            )
        })
        .collect()
}

/// (id fragment, [low, best, high]) as the references give them; every other incident has no
/// figure. `best` is None exactly where the reference gives no best.
#[rustfmt::skip]
const FIGURES: [(&str, [Option<u32>; 3]); 8] = [
    // E01: 1 soldier (Mali) / unknown / "several" attackers (Mali); MNLA: 2 soldiers killed.
    ("menaka-2012",            [Some(1),   None,       Some(2)]),
    // E02 (corrected): ~80 (Le Monde diplomatique, context table) / 97 executed (army
    // spokesman) / 153 (Wikipedia infobox); between them 82 (Mali) and ~100 (de Raincourt).
    ("aguelhok",               [Some(80),  Some(97),   Some(153)]),
    // Context table: 20 hostages + 2 attackers killed (attackers excluded, as for F16).
    ("radisson",               [Some(20),  Some(20),   Some(20)]),
    // Context table: army 203 "terrorists"; HRW ~300 civilians; UN at least 500. No best.
    ("moura",                  [Some(203), None,       Some(500)]),
    // Context table (a): the government's 49 civilians + 15 soldiers for both attacks; Jeune
    // Afrique, over 100 on the boat, "perhaps twice that". No best.
    ("tombouctou-boat",        [Some(64),  None,       Some(200)]),
    // F14: low 22 / best ≈88 / high ≈140, all sides combined.
    ("tinzaouaten-2024-07-25", [Some(22),  Some(88),   Some(140)]),
    // E15 (corrected): AFP's local sources, at least 15 and at least 20; the CSP-DPA, 21.
    ("drone-strikes",          [Some(15),  Some(20),   Some(21)]),
    // F16: low 70 / best 77 / high ≈100, the whole attack, attackers excluded.
    ("gendarmerie-school",     [Some(70),  Some(77),   Some(100)]),
];

fn check_reference_figures(r: &Record) -> Problems {
    let mut problems = for_each_key(r, FIGURES, |i, expected, problems| {
        let f = &i.fatalities;
        let got = [value(&f.low), value(&f.best), value(&f.high)];
        if got != expected {
            problems.push(format!(
                "{}: low/best/high {got:?}, the reference gives {expected:?}",
                i.id
            ));
        }
    });
    let listed = |i: &&Incident| FIGURES.iter().any(|(key, ..)| i.id.contains(key));
    for i in r.incidents.iter().filter(|i| !listed(i)) {
        if let Some((name, figure)) = figures(i).next() {
            problems.push(format!(
                "{}: {name} {} but the reference gives no figure",
                i.id, figure.value
            ));
        }
    }
    problems
}

fn check_no_figures_on_strategic_developments(r: &Record) -> Problems {
    r.incidents
        .iter()
        .filter(|i| i.event_type == EventType::StrategicDevelopments)
        .filter(|i| figures(i).next().is_some())
        .map(|i| format!("{}: a strategic development with a death toll", i.id))
        .collect()
}

record_test!(figures_are_in_order, check_figure_order);

record_test!(
    every_figure_is_attributed_and_backed_by_claims,
    check_figures_attributed
);

record_test!(
    disagreeing_claims_give_a_range_not_a_number,
    check_disagreement
);

record_test!(
    no_incident_with_several_claimants_gives_one_figure,
    check_single_figure
);

record_test!(
    estimate_marks_exactly_the_combined_figures,
    check_estimate_flag
);

#[test]
fn figures_are_the_references_and_best_is_null_where_it_gives_none() {
    assert_clean(check_reference_figures);
    // Spelled out: the reference gives no best for Moura, Ménaka 2012 or the boat.
    let record = load(MALI_GEOJSON);
    for key in ["moura", "menaka-2012", "tombouctou-boat"] {
        let incident = find(&record, key).expect("in the record");
        assert_eq!(incident.fatalities.best, None, "{}", incident.id);
        assert!(incident.fatalities.low.is_some(), "{}", incident.id);
    }
}

/// E02 (corrected 2026-12): no figure of about 60 is supported; the French minister Henri de
/// Raincourt and the Malian government each give their own.
fn check_aguelhok(r: &Record) -> Problems {
    for_each_key(r, [("aguelhok", ())], |i, (), problems| {
        let claims = &i.fatalities.claims;
        for who in ["Henri de Raincourt", "Government of Mali"] {
            if !claims.iter().any(|c| c.by.contains(who)) {
                problems.push(format!("{}: no claim by {who}", i.id));
            }
        }
        if !says(
            &i.summary,
            ["Henri de Raincourt", "Henri de Raincourt", "هنري دو رانكور"],
        ) {
            problems.push(format!(
                "{}: the summary does not name Henri de Raincourt",
                i.id
            ));
        }
        let texts = languages(&i.summary).map(|(_, t)| t);
        let said = claims.iter().map(|c| c.claim.as_str()).chain(texts);
        if said.flat_map(numbers).any(|n| n == 60) {
            problems.push(format!("{}: a toll of 60, which no source supports", i.id));
        }
    })
}

record_test!(
    aguelhok_gives_each_source_its_own_figure_and_no_60,
    check_aguelhok
);

/// Context table (corrected): the Moura killings are findings of HRW and OHCHR, which Mali's
/// government disputes.
fn check_moura(r: &Record) -> Problems {
    for_each_key(r, [("moura", ())], |i, (), problems| {
        let killed = ["killed hundreds", "tué des centaines", "قتلت مئات"];
        for lang in unattributed(&i.summary, killed, ["found", "ont établi", "خلصت"]) {
            problems.push(format!(
                "{}: the {lang} summary states the killings as fact, not as findings",
                i.id
            ));
        }
        for (who, words) in [
            (
                "HRW",
                [
                    "Human Rights Watch",
                    "Human Rights Watch",
                    "هيومن رايتس ووتش",
                ],
            ),
            (
                "OHCHR",
                ["OHCHR", "HCDH", "مفوضية الأمم المتحدة السامية لحقوق الإنسان"],
            ),
            ("the dispute", ["disputes", "conteste", "تعترض"]),
        ] {
            if !says(&i.summary, words) {
                problems.push(format!("{}: the summary does not name {who}", i.id));
            }
        }
        if !i
            .fatalities
            .claims
            .iter()
            .any(|c| c.by == "Government of Mali" && c.claim.contains("disputes"))
        {
            problems.push(format!("{}: the government's dispute is not a claim", i.id));
        }
    })
}

record_test!(
    moura_is_attributed_to_hrw_and_ohchr_and_disputed,
    check_moura
);

record_test!(
    strategic_developments_have_no_death_toll,
    check_no_figures_on_strategic_developments
);

// ---------------------------------------------------------------------------------------------
// 5. Sources, on the raw JSON (the importer trims text and drops non-web links)

/// Hosts that copy other outlets' articles (D15: Reuters and AFP through republishers, Wikipedia
/// through mirrors). Where the reference gives no original, a copy there is cited under its
/// original's name: "Reuters (via Taipei Times)".
#[rustfmt::skip]
const COPY_HOSTS: [&str; 15] = [
    "wikimili.com", "wikizero.com", "piglix.com", "cryer.org.uk", "bofads.com",
    "taipeitimes.com", "deccanherald.com", "khaleejtimes.com", "standardmedia.co.ke",
    "tribune.net.ph", "wtop.com", "keyt.com", "trtworld.com", "alwasatnews.com", "aljazeera.com",
];

/// A source's date: the publication date, `YYYY-MM-DD` (or `YYYY-MM`); or, where the reference
/// gives only the date of what the article reports, that date followed by a note saying so
/// ("2024-09-17 (event date; article date unknown)").
fn check_source_date(date: &str) -> Result<(), String> {
    let (iso, note) = date.split_once(' ').unwrap_or((date, ""));
    let parsed = match iso.len() {
        10 => Day::parse_iso(iso),
        7 => Day::parse_iso(&format!("{iso}-01")),
        _ => return Err(format!("{date:?} is not an ISO date")),
    };
    parsed.map_err(|e| format!("{date:?}: {e}"))?;
    let said = note.starts_with('(') && note.ends_with(')') && note.contains("date unknown");
    if note.is_empty() || said {
        Ok(())
    } else {
        Err(format!("{date:?}: after the date, only '(… date unknown)'"))
    }
}

/// Item 9: every source has a publisher, a title, a date and an https link; a copy names its
/// original; an incident cites each article once (no mirror beside its original).
fn check_sources(r: &Record) -> Problems {
    each_feature(r, |id, f, problems| {
        let sources = prop(f, "sources").as_array().map_or(&[][..], Vec::as_slice);
        if sources.is_empty() {
            problems.push(format!("{id}: no source"));
        }
        let mut titles = HashSet::new();
        for (k, source) in sources.iter().enumerate() {
            let field = |key: &str| source[key].as_str().unwrap_or("").trim();
            let (publisher, title, url) = (field("publisher"), field("title"), field("url"));
            for (key, value) in [("publisher", publisher), ("title", title)] {
                if value.is_empty() {
                    problems.push(format!("{id}: source {k} has no {key}"));
                }
            }
            if let Err(e) = check_source_date(field("date")) {
                problems.push(format!("{id}: source {k} has a bad date: {e}"));
            }
            let placeholder = url.contains('…') || url.contains("...");
            if !url.starts_with("https://") || placeholder || url.contains(char::is_whitespace) {
                problems.push(format!("{id}: source {k} has a bad link {url:?}"));
            }
            let host = url
                .trim_start_matches("https://")
                .split(['/', ':'])
                .next()
                .unwrap_or("");
            let copy = COPY_HOSTS
                .iter()
                .any(|h| host == *h || host.ends_with(&format!(".{h}")));
            if copy && !publisher.contains("(via ") {
                problems.push(format!(
                    "{id}: source {k} is a copy at {host}, but '{publisher}' does not name the original"
                ));
            }
            if !titles.insert(title.to_lowercase()) {
                problems.push(format!("{id}: source {k} repeats the title {title:?}"));
            }
        }
    })
}

record_test!(
    every_source_has_a_publisher_title_date_and_https_link,
    check_sources
);

// ---------------------------------------------------------------------------------------------
// 6. Dates

/// The record's period: the January 2012 rebellion to the end of September 2024.
const FIRST_DAY: &str = "2012-01-01";
const LAST_DAY: &str = "2024-09-30";

/// Dates on the raw JSON: the importer would skip a feature with a bad date. An area that still
/// exists (Azawad) has an open end, `ongoing: true`, "as of" the record's last event day; only
/// an area may have one (an event ends).
fn check_dates(r: &Record) -> Problems {
    let period = day(FIRST_DAY)..=day(LAST_DAY);
    let ongoing = |f: &Value| prop(f, "ongoing").as_bool() == Some(true);
    let last_event = r
        .features
        .iter()
        .filter(|f| !ongoing(f))
        .filter_map(|f| Day::parse_iso(prop(f, "end").as_str()?).ok())
        .max();
    each_feature(r, |id, f, problems| {
        let parse = |key: &str| Day::parse_iso(prop(f, key).as_str().unwrap_or(""));
        match (parse("start"), parse("end")) {
            (Ok(start), Ok(end)) => {
                if end < start {
                    problems.push(format!("{id}: ends before it starts"));
                }
                if !period.contains(&start) || !period.contains(&end) {
                    problems.push(format!("{id}: outside {FIRST_DAY}..={LAST_DAY}"));
                }
                if ongoing(f) && Some(end) != last_event {
                    problems.push(format!(
                        "{id}: ongoing as of {}, not as of the record's last event day",
                        end.to_iso()
                    ));
                }
            }
            (start, end) => problems.push(format!("{id}: bad dates {start:?} {end:?}")),
        }
        let area = matches!(
            f["geometry"]["type"].as_str(),
            Some("Polygon" | "MultiPolygon")
        );
        if ongoing(f) && !area {
            problems.push(format!(
                "{id}: an event with an open end (only an area may have one)"
            ));
        }
        if !matches!(prop(f, "ongoing"), Value::Null | Value::Bool(_)) {
            problems.push(format!("{id}: 'ongoing' is neither true nor false"));
        }
    })
}

/// Events the brief names: over several days (D5, D8, the context table), and month-only (D12).
const MULTI_DAY: [&str; 3] = ["tinzaouaten-2024-07-25", "aguelhok", "moura"];
const MONTH_ONLY: [&str; 1] = ["wagner"];

fn check_time_precision(r: &Record) -> Problems {
    let mut problems = for_each_key(r, MULTI_DAY.map(|k| (k, ())), |i, (), problems| {
        if i.span.days() < 2 {
            problems.push(format!("{}: a multi-day event given one day", i.id));
        }
    });
    problems.extend(for_each_key(
        r,
        MONTH_ONLY.map(|k| (k, ())),
        |i, (), problems| {
            if i.span.precision != TimePrecision::Month {
                problems.push(format!(
                    "{}: month-only, but precision {:?}",
                    i.id, i.span.precision
                ));
            }
        },
    ));
    for i in &r.incidents {
        let s = &i.span;
        // D8: a range of days is stored with precision 2 (or 3). The Azawad area is not an
        // event: its start (17 Jan 2012) is an exact day and its end is open (ongoing).
        if s.days() > 1 && s.precision == TimePrecision::Day && !i.is_area() {
            problems.push(format!(
                "{}: {} days with exact-day precision",
                i.id,
                s.days()
            ));
        }
        // A month-only point event covers its whole month(s).
        if s.precision == TimePrecision::Month && !i.is_area() && !is_whole_months(s.start, s.end) {
            problems.push(format!(
                "{}: month precision but {}..{} is not whole months",
                i.id,
                s.start.to_iso(),
                s.end.to_iso()
            ));
        }
    }
    problems
}

record_test!(dates_parse_are_ordered_and_inside_the_period, check_dates);

record_test!(time_precision_fits_the_span, check_time_precision);

// ---------------------------------------------------------------------------------------------
// 7. Places

/// Mali with a margin (its outline spans lon −12.3..4.3, lat 10.1..25.0).
const LON: std::ops::RangeInclusive<f64> = -12.5..=4.5;
const LAT: std::ops::RangeInclusive<f64> = 10.0..=25.5;

/// (id fragment, lon, lat, geo_precision where the reference gives one, the reference's line),
/// for every point incident whose place the reference gives coordinates for.
type Place = (&'static str, f64, f64, Option<u8>, &'static str);
#[rustfmt::skip]
const PLACES: [Place; 18] = [
    ("menaka-2012",            2.3961, 15.9199, Some(1), "E01, P10 Ménaka"),
    ("aguelhok",               0.8589, 19.4614, Some(1), "E02, P11 Aguelhok"),
    ("coup",                  -8.0028, 12.6392, None,    "context table, P01 Bamako"),
    ("azawad-declaration",    -0.0447, 16.2717, Some(1), "E03, P08 Gao"),
    ("konna",                 -3.8917, 14.9453, None,    "context table, Konna"),
    ("peace-agreement",       -8.0028, 12.6392, Some(1), "E05, P01 Bamako"),
    ("cma-signs",             -8.0028, 12.6392, Some(1), "E06, P01 Bamako"),
    ("wagner",                -7.9431, 12.5378, Some(2), "E07, P03 beside the airport"),
    ("moura",                 -4.6,    14.3278, None,    "context table, Moura"),
    ("barkhane",              -0.0447, 16.2717, Some(2), "E08, P08 Gao"),
    ("csp-suspends",           1.4092, 18.4434, Some(3), "E09, P07 Kidal"),
    ("aes-charter",           -8.0028, 12.6392, Some(1), "E10, P01 Bamako"),
    ("takes-kidal",            1.4092, 18.4434, Some(1), "E11, P07 Kidal"),
    ("accord-ended",          -8.0028, 12.6392, Some(1), "E12, P01 Bamako"),
    ("tinzaouaten-2024-07-25", 2.7019, 19.9433, Some(2), "E14, P05b battle site"),
    ("drone-strikes",          2.8828, 19.9628, Some(2), "E15, P05 Tinzaouaten"),
    // P04 is an estimate (±2 km, D2), hence precision 2.
    ("gendarmerie-school",    -7.95,   12.59,   Some(2), "E16, P04 gendarmerie school"),
    // The airport's reference point; Air Base 101 has none of its own ("say 'beside'").
    ("airport",               -7.9431, 12.5378, Some(1), "E17, P02 airport"),
];

fn check_places(r: &Record) -> Problems {
    let mut problems = for_each_key(
        r,
        PLACES.map(|(key, lon, lat, gp, line)| (key, (lon, lat, gp, line))),
        |i, (lon, lat, gp, line), problems| {
            if !point(i).is_some_and(|p| near(p, lon, lat)) {
                problems.push(format!("{}: not at [{lon}, {lat}] ({line})", i.id));
            }
            if gp.is_some_and(|gp| gp != i.place_precision.code()) {
                problems.push(format!("{}: geo_precision is not {gp:?} ({line})", i.id));
            }
        },
    );
    for i in &r.incidents {
        if let Some(p) = positions(&i.geometry)
            .iter()
            .find(|p| !LON.contains(&p.lon) || !LAT.contains(&p.lat))
        {
            problems.push(format!("{}: [{}, {}] is outside Mali", i.id, p.lon, p.lat));
        }
        // A point the reference gives no coordinate for is a stand-in (the Radisson Blu shown at
        // the city centre; the boat and the Bamba camp at their regional capitals): never an
        // exact site.
        let listed = PLACES.iter().any(|(key, ..)| i.id.contains(key));
        if !i.is_area() && !listed && i.place_precision == PlacePrecision::Exact {
            problems.push(format!(
                "{}: a stand-in marker given exact-site precision",
                i.id
            ));
        }
    }
    problems
}

record_test!(
    places_are_in_mali_and_at_the_references_coordinates,
    check_places
);

// ---------------------------------------------------------------------------------------------
// 8. Completeness against the reference

/// Every dated event the references list: (id fragment, first day, last day, time_precision
/// where given, where it is listed). The dates are facts-and-sources.md's where both list it.
#[rustfmt::skip]
type Listed = (&'static str, &'static str, &'static str, Option<u8>, &'static str);
#[rustfmt::skip]
const LISTED: [Listed; 22] = [
    ("menaka-2012",            "2012-01-17", "2012-01-17", Some(1), "E01; context table"),
    // The context table's 24 Jan (the garrison overrun) lies in E02's range (D5).
    ("aguelhok",               "2012-01-17", "2012-01-25", Some(2), "E02; context table"),
    // Seed: from the uprising onward, with no end: ongoing as of the record's last day.
    ("azawad-region",          "2012-01-17", "2024-09-17", None,    "seed: Azawad"),
    ("coup",                   "2012-03-22", "2012-03-22", None,    "context table"),
    ("azawad-declaration",     "2012-04-06", "2012-04-06", Some(1), "E03; context table"),
    ("konna",                  "2013-01-10", "2013-01-11", None,    "context table"),
    ("peace-agreement",        "2015-05-15", "2015-05-15", Some(1), "E05; context table"),
    ("cma-signs",              "2015-06-20", "2015-06-20", Some(1), "E06; context table"),
    ("radisson",               "2015-11-20", "2015-11-20", None,    "context table"),
    ("wagner",                 "2021-12-01", "2021-12-31", Some(3), "E07; context table"),
    ("moura",                  "2022-03-27", "2022-03-31", None,    "context table"),
    ("barkhane",               "2022-08-15", "2022-08-15", Some(1), "E08; context table"),
    ("csp-suspends",           "2022-12-22", "2022-12-22", Some(1), "E09; context table"),
    ("tombouctou-boat",        "2023-09-07", "2023-09-07", None,    "context table (a)"),
    ("bamba",                  "2023-09-07", "2023-09-07", None,    "context table (b)"),
    // D11: one outlet's "samedi 15 septembre 2023" is wrong; the Saturday was the 16th.
    ("aes-charter",            "2023-09-16", "2023-09-16", Some(1), "E10"),
    ("takes-kidal",            "2023-11-14", "2023-11-14", Some(1), "E11; context table"),
    ("accord-ended",           "2024-01-25", "2024-01-25", Some(1), "E12; context table"),
    ("tinzaouaten-2024-07-25", "2024-07-25", "2024-07-27", Some(2), "E14; seed"),
    ("drone-strikes",          "2024-08-25", "2024-08-25", Some(1), "E15; context table"),
    ("gendarmerie-school",     "2024-09-17", "2024-09-17", Some(1), "E16; seed"),
    ("airport",                "2024-09-17", "2024-09-17", Some(1), "E17; seed"),
];

/// Listed events that are intentionally not incidents: (reference, first and last day, the
/// incident whose summary tells of it instead, words that summary must contain).
#[rustfmt::skip]
type Absent = (&'static str, &'static str, &'static str, &'static str, [&'static str; 2]);
#[rustfmt::skip]
const ABSENT: [Absent; 3] = [
    // E04: the CMA initialled the accord in Algiers, outside the map ("outside the map" is the
    // reference's place): nothing to put on a map of Mali.
    ("E04", "2015-05-14", "2015-05-14", "peace-agreement",        ["Algiers", "14 May"]),
    // E13: the CSP-PSD renamed itself CSP-DPA at a meeting in an undisclosed place: "none (gp 3)".
    ("E13", "2024-04-25", "2024-05-02", "tinzaouaten-2024-07-25", ["CSP-DPA", "April 2024"]),
    // E18: the funerals of about 50 gendarme students, announced, "to be held" on 19 Sep: "n/a
    // (funerals)", not an incident (and not said to have taken place: see the Bamako check).
    ("E18", "2024-09-19", "2024-09-19", "gendarmerie-school",     ["funerals", "19 September"]),
];

fn check_completeness(r: &Record) -> Problems {
    let mut problems = for_each_key(
        r,
        LISTED.map(|(key, from, to, tp, line)| (key, (from, to, tp, line))),
        |i, (from, to, tp, line), problems| {
            if (i.span.start, i.span.end) != (day(from), day(to)) {
                problems.push(format!(
                    "{}: {}..{}, the reference ({line}) says {from}..{to}",
                    i.id,
                    i.span.start.to_iso(),
                    i.span.end.to_iso()
                ));
            }
            if tp.is_some_and(|tp| tp != i.span.precision.code()) {
                problems.push(format!("{}: time_precision is not {tp:?} ({line})", i.id));
            }
        },
    );
    for i in &r.incidents {
        if !LISTED.iter().any(|(key, ..)| i.id.contains(key)) {
            problems.push(format!("{}: not among the references' dated events", i.id));
        }
    }
    problems.extend(for_each_key(
        r,
        ABSENT.map(|(event, from, to, key, words)| (key, (event, from, to, words))),
        |teller, (event, from, to, words), problems| {
            for word in words
                .iter()
                .filter(|w| !teller.summary.get("en").contains(*w))
            {
                problems.push(format!(
                    "{}: its summary must tell of {event}, which is no incident: no {word:?}",
                    teller.id
                ));
            }
            let days = day(from)..=day(to);
            for i in r.incidents.iter().filter(|i| days.contains(&i.span.start)) {
                problems.push(format!(
                    "{}: starts within {event}, which is no incident",
                    i.id
                ));
            }
        },
    ));
    problems
}

record_test!(
    every_event_the_references_list_is_in_the_record,
    check_completeness
);

// ---------------------------------------------------------------------------------------------
// 9. The Azawad region

/// P15's 16-vertex outline, `[lon, lat]`, as the reference lists it (clockwise).
#[rustfmt::skip]
const P15: [(f64, f64); 16] = [
    (4.23, 19.14), (4.18, 16.42), (3.51, 15.35), (0.22, 14.91), (-2.53, 15.32), (-3.2, 15.89),
    (-3.64, 15.49), (-3.98, 15.82), (-5.51, 15.51), (-6.59, 24.99), (-4.82, 25.0), (1.15, 21.1),
    (1.78, 20.3), (3.2, 19.82), (3.28, 19.0), (4.23, 19.14),
];

/// Towns in the north (inside Azawad) and the south (outside), by id prefix. The Tinzaouaten
/// commune point (P05) is left out: the simplified outline passes just south of it.
#[rustfmt::skip]
const NORTH_SOUTH: [(&str, bool); 10] = [
    ("menaka", true), ("aguelhok", true), ("gao", true), ("kidal", true), ("banikane", true),
    ("bamba", true), ("tinzaouaten-2024-07-25", true), ("bamako", false), ("konna", false),
    ("moura", false),
];

fn check_azawad(r: &Record) -> Problems {
    for_each_key(r, [("azawad-region", ())], |i, (), problems| {
        let mut fail = |what: &str| problems.push(format!("{}: {what}", i.id));
        let ring = match &i.geometry {
            Geometry::Area(polygons) if polygons.len() == 1 && polygons[0].len() == 1 => {
                &polygons[0][0]
            }
            _ => return fail("not a Polygon with a single ring"),
        };
        if ring.len() < 4 || ring.first() != ring.last() {
            fail("the ring is not closed");
        }
        let p15_backwards = P15.iter().rev();
        if ring.len() != P15.len()
            || !ring
                .iter()
                .zip(p15_backwards)
                .all(|(p, (lon, lat))| near(*p, *lon, *lat))
        {
            fail("the ring is not P15's outline (counterclockwise, as RFC 7946 wants)");
        }
        if signed_area(ring) <= 0.0 {
            fail("the ring is not counterclockwise");
        }
        if i.place_precision != PlacePrecision::Region {
            fail("geo_precision is not 3 (region)");
        }
        if i.event_type != EventType::StrategicDevelopments {
            fail("not a strategic development");
        }
        if i.span.start != day("2012-01-17") {
            fail("does not start with the uprising on 2012-01-17");
        }
        if !i.span.ongoing {
            fail("it still exists, but its end is not open (ongoing)");
        }
        // The pre-2016 regions contained today's Taoudénit and Ménaka, not the reverse.
        if !says(
            &i.summary,
            ["contained today's", "englobaient les actuelles", "كانت تضم"],
        ) || says_any(
            &i.summary,
            ["now include", "englobent aujourd'hui", "تضم اليوم"],
        ) {
            fail("the summary does not say the pre-2016 regions contained Taoudénit and Ménaka");
        }
        if !says(&i.summary, ["approximate", "approximati", "تقريبي"]) {
            fail("the summary does not say the boundary is approximate");
        }
        // The news report names the Islamic State as the other jihadist group Mali fights.
        if !says(
            &i.summary,
            ["Islamic State", "État islamique", "الدولة الإسلامية"],
        ) {
            fail("the summary does not name the Islamic State (the news report's context)");
        }
        for (prefix, north) in NORTH_SOUTH {
            for town in r.incidents.iter().filter(|t| t.id.starts_with(prefix)) {
                if point(town).is_some_and(|p| inside(p, ring) != north) {
                    problems.push(format!(
                        "{}: {} Azawad",
                        town.id,
                        if north { "outside" } else { "inside" }
                    ));
                }
            }
        }
    })
}

record_test!(azawad_is_an_approximate_closed_region, check_azawad);

// ---------------------------------------------------------------------------------------------
// 10. The seed's own events

fn check_bamako_attack(r: &Record) -> Problems {
    let mut problems = Vec::new();
    let attack: Vec<&Incident> = r
        .incidents
        .iter()
        .filter(|i| i.span.start == day("2024-09-17"))
        .collect();
    let ids: Vec<&str> = attack.iter().map(|i| i.id.as_str()).collect();
    let (school, airport) = match (find(r, "gendarmerie-school"), find(r, "airport")) {
        (Ok(s), Ok(a)) if attack.len() == 2 && s.span == a.span && point(s) != point(a) => (s, a),
        _ => {
            return vec![format!(
                "{ids:?}: not two incidents at two places on 17 Sep 2024, school and airport"
            )]
        }
    };
    if !says(&airport.title, ["airport", "aéroport", "مطار"]) {
        problems.push(format!("{}: the title does not say airport", airport.id));
    }
    problems.extend(counted_once([school, airport]));
    // P04: the school is the "Chef d'Escadron Balla Koné" barracks; Chef d'Escadron is a
    // gendarmerie rank, a major (رائد), not a company commander (قائد سرية).
    let arabic_place = school.place.get("ar");
    if !arabic_place.contains("الرائد بالا كوني") || arabic_place.contains("قائد السرية")
    {
        problems.push(format!(
            "{}: the Arabic place does not render Chef d'Escadron as the rank رائد",
            school.id
        ));
    }
    // E18: the funerals were announced, "to be held"; no source says they took place.
    if !says(
        &school.summary,
        ["to be held", "devaient avoir lieu", "كانت ستُقام"],
    ) || says_any(&school.summary, ["buried", "inhumés", "شُيّع"])
    {
        problems.push(format!(
            "{}: the funerals must be announced, 'to be held', not held",
            school.id
        ));
    }
    // Where the deaths are said to have occurred, in the counted incident's note.
    if !school
        .fatalities
        .note
        .as_deref()
        .is_some_and(|n| n.contains("students") && n.contains("airport"))
    {
        problems.push(format!(
            "{}: the note does not say where the dead are placed (students, airport)",
            school.id
        ));
    }
    // The news report: "under control" is Gen. Oumar Diarra's; the aircraft destroyed, JNIM's.
    let control = ["under control", "sous contrôle", "تحت السيطرة"];
    for lang in unattributed(&school.summary, control, ["Diarra", "Diarra", "ديارا"]) {
        problems.push(format!(
            "{}: the {lang} summary says 'under control' without Gen. Oumar Diarra",
            school.id
        ));
    }
    if !airport
        .fatalities
        .claims
        .iter()
        .any(|c| c.by.starts_with("JNIM") && c.claim.contains("military aircraft destroyed"))
    {
        problems.push(format!(
            "{}: no JNIM claim of military aircraft destroyed",
            airport.id
        ));
    }
    problems
}

/// Two incidents of one attack with one toll between them: the deaths are on exactly one, and
/// the other's fatality note names it.
fn counted_once([a, b]: [&Incident; 2]) -> Problems {
    let (counted, other) = match [a, b].map(|i| figures(i).next().is_some()) {
        [true, false] => (a, b),
        [false, true] => (b, a),
        _ => {
            return vec![format!(
                "{}, {}: the deaths must be on exactly one of them",
                a.id, b.id
            )]
        }
    };
    let note = other.fatalities.note.as_deref().unwrap_or("");
    if note.contains(&counted.id) {
        vec![]
    } else {
        vec![format!(
            "{}: the note does not point to {}",
            other.id, counted.id
        )]
    }
}

/// Regional capitals (P07–P10, P13), `[lon, lat]`: a stand-in marker must be nearest its own.
#[rustfmt::skip]
const CAPITALS: [(&str, f64, f64); 5] = [
    ("Timbuktu", -3.0074, 16.7735), ("Gao", -0.0447, 16.2717), ("Kidal", 1.4092, 18.4434),
    ("Ménaka", 2.3961, 15.9199), ("Mopti", -4.1830, 14.4843),
];

fn nearest_capital(p: LonLat) -> &'static str {
    let distance = |(_, lon, lat): &(&str, f64, f64)| (p.lon - lon).powi(2) + (p.lat - lat).powi(2);
    CAPITALS
        .iter()
        .min_by(|a, b| distance(a).total_cmp(&distance(b)))
        .map_or("", |c| c.0)
}

/// A word in each language, en, fr, ar.
type Words = [&'static str; 3];

/// The 7 Sep 2023 attacks, per the context table: (id fragment, its region's capital, words its
/// place must say: the region, then the nearest place named; words it must not say).
#[rustfmt::skip]
const SEPT_2023: [(&str, &str, [Words; 2], Words); 2] = [
    ("tombouctou-boat", "Timbuktu",
     [["Timbuktu region", "région de Tombouctou", "منطقة تمبكتو"], ["Banikane", "Banikane", "بانيكان"]],
     ["Bourem", "Bourem", "بوريم"]),
    ("bamba", "Gao",
     [["Gao region", "région de Gao", "منطقة غاو"], ["Bourem", "Bourem", "بوريم"]],
     ["Timbuktu", "Tombouctou", "تمبكتو"]),
];

fn check_sept_2023(r: &Record) -> Problems {
    let mut problems = for_each_key(
        r,
        SEPT_2023.map(|(key, capital, words, not)| (key, (capital, words, not))),
        |i, (capital, words, not), problems| {
            let mut fail = |what: String| problems.push(format!("{}: {what}", i.id));
            if i.span.start != day("2023-09-07") {
                fail("not on 7 Sep 2023".into());
            }
            if let Some(w) = words.iter().find(|w| !says(&i.place, **w)) {
                fail(format!("the place does not say {w:?}"));
            }
            if languages(&i.place)
                .iter()
                .zip(not)
                .any(|((_, text), word)| text.contains(word))
            {
                fail(format!("the place says {not:?}"));
            }
            if let Some(near) = point(i).map(nearest_capital).filter(|c| *c != capital) {
                fail(format!("the marker is nearest {near}, not {capital}"));
            }
            if i.place_precision != PlacePrecision::Region {
                fail("a stand-in at the regional capital, but geo_precision is not 3".into());
            }
            for claimant in ["Government of Mali", "JNIM"] {
                if !i.fatalities.claims.iter().any(|c| c.by.contains(claimant)) {
                    fail(format!("no claim by {claimant}"));
                }
            }
        },
    );
    if let (Ok(boat), Ok(bamba)) = (find(r, "tombouctou-boat"), find(r, "bamba")) {
        problems.extend(counted_once([boat, bamba]));
    }
    problems
}

fn check_tinzaouaten_battle(r: &Record) -> Problems {
    for_each_key(r, [("tinzaouaten-2024-07-25", ())], |i, (), problems| {
        // D9: the coalition was CSP-PSD until late April 2024, then CSP-DPA: show both names.
        for name in ["CSP-PSD", "CSP-DPA"] {
            if !i.actors.iter().any(|a| a.contains(name)) {
                problems.push(format!("{}: no actor named {name}", i.id));
            }
        }
        // F14 (corrected): Shevchenko's death is Wagner's own word; Yelizarov's fate is contested,
        // three claimants, three stories; the seized vehicles are the CSP's claim.
        let claims = &i.fatalities.claims;
        let by = |who: &str, about: &str| {
            claims
                .iter()
                .any(|c| c.by.contains(who) && c.claim.contains(about))
        };
        let yelizarov: HashSet<&str> = claims
            .iter()
            .filter(|c| c.claim.contains("Yelizarov"))
            .map(|c| c.by.as_str())
            .collect();
        if yelizarov.len() < 3 {
            problems.push(format!(
                "{}: Yelizarov's fate is told by {} claimant(s), the reference gives three",
                i.id,
                yelizarov.len()
            ));
        }
        if !says(&i.summary, ["contested", "contesté", "متنازع"]) {
            problems.push(format!(
                "{}: the summary does not say Yelizarov's fate is contested",
                i.id
            ));
        }
        if !by("Wagner", "Shevchenko") || !by("CSP", "seized") {
            problems.push(format!(
                "{}: Shevchenko's death (Wagner) or the seizure (CSP) is not a claim",
                i.id
            ));
        }
        // D1: the site sits on a generalised border; the popup says so.
        if !says(
            &i.place,
            [
                "Algerian border",
                "frontière algérienne",
                "الحدود الجزائرية",
            ],
        ) {
            problems.push(format!(
                "{}: the place does not say 'Algerian border'",
                i.id
            ));
        }
    })
}

record_test!(
    the_bamako_attack_is_two_incidents_with_its_deaths_counted_once,
    check_bamako_attack
);

record_test!(
    the_tinzaouaten_battle_names_both_coalition_names_the_border_and_whose_claims_are_whose,
    check_tinzaouaten_battle
);

record_test!(
    the_7_sep_2023_attacks_are_two_incidents_in_their_own_regions,
    check_sept_2023
);

/// E15 (corrected): the pharmacy-then-crowd account is the CSP-DPA's, which blamed Burkina Faso.
fn check_drone_strikes(r: &Record) -> Problems {
    for_each_key(r, [("drone-strikes", ())], |i, (), problems| {
        let pharmacy = ["pharmacy", "pharmacie", "صيدلية"];
        for lang in unattributed(&i.summary, pharmacy, ["CSP-DPA"; 3]) {
            problems.push(format!(
                "{}: the {lang} summary tells of the pharmacy without the CSP-DPA",
                i.id
            ));
        }
        if !says(
            &i.summary,
            ["blamed Burkina Faso", "Burkina Faso", "بوركينا فاسو"],
        ) {
            problems.push(format!(
                "{}: the summary does not say whom the CSP-DPA blamed",
                i.id
            ));
        }
    })
}

record_test!(
    the_drone_strikes_account_is_attributed_to_the_csp_dpa,
    check_drone_strikes
);

// ---------------------------------------------------------------------------------------------
// The checks can fail

/// The record with one value of one feature replaced by `json` (`pointer` must exist: the
/// edit adds nothing).
fn edited(id: &str, pointer: &str, json: &str) -> Record {
    let mut doc: Value = serde_json::from_str(MALI_GEOJSON).expect("the record is JSON");
    let feature = doc["features"]
        .as_array_mut()
        .and_then(|features| features.iter_mut().find(|f| f["properties"]["id"] == id))
        .unwrap_or_else(|| panic!("{id} is in the record"));
    *feature
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{id} has {pointer}")) =
        serde_json::from_str(json).expect("a JSON value written in this test");
    load(&doc.to_string())
}

const COUP: &str = "bamako-2012-03-22-coup";
const MENAKA: &str = "menaka-2012-01-17-mnla-attack";
const AGUELHOK: &str = "aguelhok-2012-01-17-garrison-overrun";
const KONNA: &str = "konna-2013-01-10-offensive-serval";
const AGREEMENT: &str = "bamako-2015-05-15-peace-agreement-signed";
const RADISSON: &str = "bamako-2015-11-20-radisson-blu-attack";
const WAGNER: &str = "bamako-senou-2021-12-wagner-deployment";
const MOURA: &str = "moura-2022-03-27-mass-killings";
const BOAT: &str = "banikane-2023-09-07-tombouctou-boat-attack";
const BAMBA: &str = "bamba-2023-09-07-army-camp-attack";
const AES: &str = "bamako-2023-09-16-aes-charter";
const KIDAL: &str = "kidal-2023-11-14-army-takes-kidal";
const BATTLE: &str = "tinzaouaten-2024-07-25";
const DRONES: &str = "tinzaouaten-2024-08-25-drone-strikes";
const SCHOOL: &str = "bamako-2024-09-17-gendarmerie-school";
const AIRPORT: &str = "bamako-2024-09-17-airport";
const AZAWAD: &str = "azawad-region";
const FIGURE: &str = r#"{"value": 1, "by": "someone"}"#;

/// One break per rule: (the check, the incident, what to replace, the JSON to put there).
#[rustfmt::skip]
const BREAKS: [(Check, &str, &str, &str); 96] = [
    (check_import, COUP, "/geometry", "null"),
    (check_schema, MENAKA, "/properties/sub_event_type", "null"),
    (check_schema, MENAKA, "/properties/fatalities/claims", "null"),
    (check_ids, AGUELHOK, "/properties/id", r#""Aguelhok_2012""#),
    (check_ids, AGUELHOK, "/properties/id", r#""menaka-2012-01-17-mnla-attack""#),
    (check_ids, AGUELHOK, "/id", r#""aguelhok""#),
    (check_ids, KONNA, "/properties/start", r#""2012-01-01""#),
    (check_languages, COUP, "/properties/title/ar", r#""Military coup""#),
    (check_languages, COUP, "/properties/place/fr", r#"" ""#),
    (check_languages, MOURA, "/properties/summary", r#"{"en": "A", "fr": "A", "ar": "ب"}"#),
    (check_figure_order, MENAKA, "/properties/fatalities/low/value", "3"),
    (check_figures_attributed, MOURA, "/properties/fatalities/high/by", r#""""#),
    (check_figures_attributed, RADISSON, "/properties/fatalities/claims", "[]"),
    (check_figures_attributed, BOAT, "/properties/fatalities/low/by", r#""Government of Mali""#),
    (check_disagreement, MOURA, "/properties/fatalities/low", r#"{"value": 500, "by": "UN"}"#),
    (check_single_figure, RADISSON, "/properties/fatalities/claims",
     r#"[{"by": "Wikipedia", "claim": "20 killed"}, {"by": "AFP", "claim": "20 killed"}]"#),
    (check_estimate_flag, RADISSON, "/properties/fatalities/estimate", "true"),
    (check_estimate_flag, BATTLE, "/properties/fatalities/estimate", "false"),
    (check_reference_figures, MENAKA, "/properties/fatalities/best", FIGURE),
    (check_reference_figures, AGUELHOK, "/properties/fatalities/best", "null"),
    (check_reference_figures, AIRPORT, "/properties/fatalities/high", FIGURE),
    (check_aguelhok, AGUELHOK, "/properties/fatalities/claims/3/by", r#""a French minister""#),
    (check_aguelhok, AGUELHOK, "/properties/summary/en", r#""About 60 (a French minister, Henri de Raincourt).""#),
    (check_aguelhok, AGUELHOK, "/properties/fatalities/claims/1/claim", r#""about 60 killed""#),
    (check_moura, MOURA, "/properties/summary/en", r#""Malian forces killed hundreds of people; HRW, OHCHR; Mali disputes.""#),
    (check_moura, MOURA, "/properties/summary/ar", r#""قتلت القوات مئات الأشخاص.""#),
    (check_moura, MOURA, "/properties/fatalities/claims/3/by", r#""Malian army""#),
    (check_no_figures_on_strategic_developments, COUP, "/properties/fatalities/low", FIGURE),
    (check_sources, WAGNER, "/properties/sources/0/url", r#""http://globalsecurity.org/""#),
    (check_sources, WAGNER, "/properties/sources/1/url", r#""https://lemkininstitute.com/…""#),
    (check_sources, WAGNER, "/properties/sources/1/url", r#""https://lemkininstitute.com/...""#),
    (check_sources, WAGNER, "/properties/sources/2/url", r#""https://bofads.com/in mali""#),
    (check_sources, WAGNER, "/properties/sources/3/publisher", r#"" ""#),
    (check_sources, COUP, "/properties/sources", "[]"),
    (check_sources, WAGNER, "/properties/sources/0/date", "null"),
    (check_sources, WAGNER, "/properties/sources/1/date", r#""December 2021""#),
    (check_sources, WAGNER, "/properties/sources/2/date", r#""2021-12 (event date)""#),
    (check_sources, WAGNER, "/properties/sources/4/date", r#""2021-12-32""#),
    (check_sources, WAGNER, "/properties/sources/3/title", r#"" ""#),
    (check_sources, KIDAL, "/properties/sources/1/publisher", r#""WikiZero""#),
    (check_sources, KIDAL, "/properties/sources/2/title", r#""Battle of Kidal (2023)""#),
    (check_dates, COUP, "/properties/start", r#""2012-03-32""#),
    (check_dates, COUP, "/properties/end", r#""2012-03-21""#),
    (check_dates, AZAWAD, "/properties/end", r#""2024-10-01""#),
    (check_dates, AZAWAD, "/properties/end", r#""2024-09-16""#),
    (check_dates, AZAWAD, "/properties/ongoing", r#""yes""#),
    (check_dates, AZAWAD, "/geometry", r#"{"type": "Point", "coordinates": [-1.7, 19.3]}"#),
    (check_time_precision, BATTLE, "/properties/time_precision", "1"),
    (check_time_precision, MOURA, "/properties/end", r#""2022-03-27""#),
    (check_time_precision, WAGNER, "/properties/end", r#""2021-12-30""#),
    (check_time_precision, WAGNER, "/properties/time_precision", "2"),
    (check_places, AIRPORT, "/properties/geo_precision", "2"),
    (check_places, SCHOOL, "/geometry/coordinates", "[-7.96, 12.59]"),
    (check_places, BATTLE, "/geometry/coordinates", "[2.8828, 19.9628]"),
    (check_places, COUP, "/geometry/coordinates", "[8.0028, 12.6392]"),
    (check_places, RADISSON, "/properties/geo_precision", "1"),
    (check_completeness, KONNA, "/properties/id", r#""battle-2013-01-10""#),
    (check_completeness, AES, "/properties/start", r#""2023-09-15""#),
    (check_completeness, BATTLE, "/properties/time_precision", "3"),
    (check_completeness, AGREEMENT, "/properties/summary/en", r#""Signed.""#),
    (check_completeness, SCHOOL, "/properties/summary/en", r#""An attack.""#),
    (check_azawad, AZAWAD, "/geometry/coordinates/0/15", "[4.0, 19.0]"),
    (check_azawad, AZAWAD, "/geometry/coordinates/0/7", "[-3.2, 16.2]"),
    (check_azawad, AZAWAD, "/properties/geo_precision", "2"),
    (check_azawad, AZAWAD, "/properties/event_type", r#""Battles""#),
    (check_azawad, AZAWAD, "/properties/start", r#""2012-04-06""#),
    (check_azawad, AZAWAD, "/properties/summary/fr", r#""Le nord du Mali.""#),
    (check_azawad, AZAWAD, "/properties/ongoing", "false"),
    (check_azawad, AZAWAD, "/properties/summary/ar", r#""أزواد، حدود تقريبية، كانت تضم تاوديني وميناكا.""#),
    (check_azawad, AZAWAD, "/properties/summary/en",
     r#""The Timbuktu, Gao and Kidal regions (which now include Taoudénit and Ménaka); contained today's; approximate.""#),
    (check_azawad, KIDAL, "/geometry/coordinates", "[-8.0028, 12.6392]"),
    (check_bamako_attack, AIRPORT, "/properties/title/en", r#""JNIM attack on Air Base 101""#),
    (check_bamako_attack, AIRPORT, "/properties/fatalities/note", r#""Counted elsewhere.""#),
    (check_bamako_attack, AIRPORT, "/properties/fatalities/low", FIGURE),
    (check_bamako_attack, AIRPORT, "/geometry/coordinates", "[-7.95, 12.59]"),
    (check_bamako_attack, SCHOOL, "/properties/place/ar", r#""مدرسة الدرك (ثكنة قائد السرية بالا كوني)، فالادييه""#),
    (check_bamako_attack, SCHOOL, "/properties/summary/en", r#""About 50 students were buried on 19 September.""#),
    (check_bamako_attack, SCHOOL, "/properties/summary/fr", r#""Obsèques qui devaient avoir lieu ; élèves inhumés.""#),
    (check_bamako_attack, SCHOOL, "/properties/summary/ar", r#""قال الجيش إن «الوضع تحت السيطرة» وكانت ستُقام الجنازات.""#),
    (check_bamako_attack, SCHOOL, "/properties/fatalities/note", r#""Whole attack, both sites.""#),
    (check_bamako_attack, AIRPORT, "/properties/fatalities/claims/2/claim", r#""no figure""#),
    (check_tinzaouaten_battle, BATTLE, "/properties/actors/0", r#""CSP-PSD""#),
    (check_tinzaouaten_battle, BATTLE, "/properties/place/en", r#""Tinzaouaten""#),
    (check_tinzaouaten_battle, BATTLE, "/properties/fatalities/claims/11/by", r#""CSP""#),
    (check_tinzaouaten_battle, BATTLE, "/properties/summary/fr", r#""Anton Ielizarov a été tué.""#),
    (check_tinzaouaten_battle, BATTLE, "/properties/fatalities/claims/10/by", r#""Russian channels""#),
    (check_tinzaouaten_battle, BATTLE, "/properties/fatalities/claims/14/by", r#""Reuters""#),
    (check_drone_strikes, DRONES, "/properties/summary/en", r#""A pharmacy was hit, then the crowd.""#),
    (check_drone_strikes, DRONES, "/properties/summary/fr", r#""Selon le CSP-DPA, une pharmacie puis la foule.""#),
    (check_sept_2023, BOAT, "/properties/place/en", r#""Niger river near Bourem, Timbuktu region, Banikane""#),
    (check_sept_2023, BOAT, "/geometry/coordinates", "[-0.0447, 16.2717]"),
    (check_sept_2023, BOAT, "/properties/geo_precision", "2"),
    (check_sept_2023, BAMBA, "/properties/place/fr", r#""Camp de Bamba, région de Gao""#),
    (check_sept_2023, BAMBA, "/properties/fatalities/note", r#""Counted elsewhere.""#),
    (check_sept_2023, BAMBA, "/properties/fatalities/claims", "[]"),
    (check_sept_2023, BAMBA, "/properties/start", r#""2023-09-06""#),
];

/// Each break makes its check report a problem naming the incident (or its new id, where the
/// break renames it): no check passes because it cannot fail.
#[test]
fn the_checks_catch_broken_data() {
    for (check, id, pointer, json) in BREAKS {
        let problems = check(&edited(id, pointer, json));
        let renamed = (pointer == "/properties/id").then(|| json.trim_matches('"'));
        assert!(
            problems
                .iter()
                .any(|p| p.contains(id) || renamed.is_some_and(|new_id| p.contains(new_id))),
            "setting {pointer} of {id} to {json} went unnoticed: {problems:#?}"
        );
    }
}
