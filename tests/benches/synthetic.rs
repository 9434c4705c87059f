//! Deterministic synthetic incidents for the benchmarks, as GeoJSON text in the project's schema
//! (README, "The incident schema").
//!
//! Incidents cluster around thirty Malian towns with a gaussian spread; dates are uniform over
//! 2012-01-01..=2024-12-31, about one in ten spans several days; fatalities are heavy-tailed
//! with many zeros; all six ACLED event types and geo precisions 1–3 occur. The generator has
//! its own PRNG (no `rand`), so the same `(n, seed)` gives the same text byte for byte on a given
//! platform; across platforms only a last-bit difference in libm's `ln`/`cos`/`powf` could, very
//! rarely, move a rounded coordinate digit or a death count.
//!
//! One feature per line, so a person can read the files; the importer does not rely on it.

use std::fmt::Write as _;

/// A town incidents cluster around: name, longitude, latitude, relative weight, spread (σ, °).
type Town = (&'static str, f64, f64, u32, f64);

/// Thirty Malian towns (approximate coordinates: the data is synthetic), weighted towards the
/// centre and north where most incidents are recorded.
const TOWNS: [Town; 30] = [
    ("Bamako", -8.0029, 12.6392, 8, 0.15),
    ("Kidal", 1.4078, 18.4411, 7, 0.35),
    ("Gao", -0.0444, 16.2717, 8, 0.3),
    ("Timbuktu", -3.0074, 16.7735, 7, 0.3),
    ("Ménaka", 2.4022, 15.9182, 6, 0.4),
    ("Mopti", -4.1970, 14.4843, 8, 0.25),
    ("Ségou", -6.2644, 13.4317, 5, 0.3),
    ("Kayes", -11.4333, 14.4469, 2, 0.25),
    ("Sikasso", -5.6666, 11.3176, 2, 0.25),
    ("Tessalit", 1.0111, 20.1986, 3, 0.3),
    ("Aguelhok", 0.8586, 19.4614, 3, 0.25),
    ("Tinzaouaten", 2.9803, 19.9603, 2, 0.2),
    ("Koulikoro", -7.5622, 12.8627, 2, 0.2),
    ("San", -4.8970, 13.3036, 3, 0.2),
    ("Djenné", -4.5550, 13.9061, 4, 0.2),
    ("Douentza", -2.9500, 15.0019, 5, 0.35),
    ("Bandiagara", -3.6102, 14.3501, 6, 0.3),
    ("Bourem", -0.3500, 16.9667, 3, 0.3),
    ("Ansongo", 0.5022, 15.6597, 4, 0.3),
    ("Niono", -5.9931, 14.2526, 5, 0.3),
    ("Nioro du Sahel", -9.5893, 15.2305, 2, 0.25),
    ("Kita", -9.4895, 13.0350, 1, 0.2),
    ("Bougouni", -7.4832, 11.4177, 2, 0.2),
    ("Koutiala", -5.4642, 12.3917, 2, 0.2),
    ("Tominian", -4.5896, 13.2864, 2, 0.15),
    ("Diré", -3.3969, 16.2798, 2, 0.2),
    ("Goundam", -3.6700, 16.4145, 3, 0.25),
    ("Léré", -4.9120, 15.7141, 3, 0.3),
    ("Boni", -2.2500, 15.0800, 3, 0.25),
    ("Hombori", -1.6977, 15.2833, 3, 0.25),
];

/// ACLED's six event types with their relative weight and the note template for each (`{town}`
/// is replaced). No template or name contains a character that needs escaping in JSON.
const EVENT_TYPES: [(&str, u32, &str); 6] = [
    ("Battles", 30, "Armed clash reported near {town}."),
    (
        "Explosions/Remote violence",
        15,
        "An explosive device hit a vehicle on a road outside {town}.",
    ),
    (
        "Violence against civilians",
        30,
        "Gunmen attacked villagers in a hamlet near {town}.",
    ),
    (
        "Protests",
        10,
        "Residents of {town} protested against insecurity.",
    ),
    ("Riots", 5, "A crowd set fire to a police post in {town}."),
    (
        "Strategic developments",
        10,
        "Armed men moved into positions around {town}.",
    ),
];

/// Actor names, drawn one or two per incident.
const ACTORS: [&str; 8] = [
    "JNIM",
    "ISSP",
    "Malian Armed Forces",
    "Wagner Group",
    "CSP-DPA",
    "Dozo militia",
    "Civilians",
    "Protesters",
];

/// The first and last day incidents start on, as days since 1970-01-01.
const FIRST_DAY: i64 = 15_340; // 2012-01-01
const LAST_DAY: i64 = 20_088; // 2024-12-31

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough for test data.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 bits.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `0..n` (`n > 0`), by multiply-shift.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A standard normal deviate (Box–Muller; the second deviate is dropped for simplicity).
    fn gaussian(&mut self) -> f64 {
        let u = 1.0 - self.unit(); // (0, 1]: ln is finite
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// An index into `weights`, drawn in proportion to them.
    fn weighted(&mut self, weights: impl Iterator<Item = u32> + Clone) -> usize {
        let total: u32 = weights.clone().sum();
        let mut pick = self.below(u64::from(total)) as u32;
        for (k, w) in weights.enumerate() {
            if pick < w {
                return k;
            }
            pick -= w;
        }
        0
    }
}

/// One generated incident, as written to the text; benches use it to know the right answers
/// without asking the code under test.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntheticIncident {
    /// Position in the file, from 0 (the id is `syn-<seed>-<index>`).
    pub index: usize,
    /// Longitude, rounded to four decimals as written.
    pub lon: f64,
    /// Latitude, rounded to four decimals as written.
    pub lat: f64,
    /// First day, in days since 1970-01-01.
    pub start: i64,
    /// Last day (inclusive), in days since 1970-01-01.
    pub end: i64,
    /// The ACLED event type's label.
    pub event_type: &'static str,
    /// ACLED geo precision, 1–3.
    pub geo_precision: u8,
    /// Deaths (one figure; written as a bare number).
    pub fatalities: u32,
    /// The nearest town's name.
    pub town: &'static str,
    /// One or two actors.
    pub actors: Vec<&'static str>,
}

/// Heavy-tailed deaths: zero in about 55% of incidents, else a Pareto(1, 1.1) draw capped at 800.
fn fatalities(rng: &mut SplitMix64) -> u32 {
    if rng.unit() < 0.55 {
        return 0;
    }
    let u = 1.0 - rng.unit();
    u.powf(-1.0 / 1.1).floor().min(800.0) as u32
}

/// The `n` incidents of `seed`, in file order, generated lazily.
pub fn synthetic_incidents(n: usize, seed: u64) -> impl Iterator<Item = SyntheticIncident> {
    let mut rng = SplitMix64(seed ^ 0x1C1D_E47A_u64.rotate_left(32));
    (0..n).map(move |index| {
        let (town, lon, lat, _, sigma) = TOWNS[rng.weighted(TOWNS.iter().map(|t| t.3))];
        let round4 = |v: f64| (v * 1e4).round() / 1e4;
        let lon = round4(lon + sigma * rng.gaussian());
        let lat = round4(lat + sigma * rng.gaussian());
        let start = FIRST_DAY + rng.below((LAST_DAY - FIRST_DAY + 1) as u64) as i64;
        let end = if rng.below(10) == 0 {
            start + 1 + rng.below(7) as i64
        } else {
            start
        };
        let (event_type, _, _) = EVENT_TYPES[rng.weighted(EVENT_TYPES.iter().map(|e| e.1))];
        let geo_precision = [1, 1, 1, 2, 2, 3][rng.below(6) as usize];
        let fatalities = fatalities(&mut rng);
        let mut actors = vec![ACTORS[rng.below(ACTORS.len() as u64) as usize]];
        if rng.below(2) == 0 {
            actors.push(ACTORS[rng.below(ACTORS.len() as u64) as usize]);
        }
        SyntheticIncident {
            index,
            lon,
            lat,
            start,
            end,
            event_type,
            geo_precision,
            fatalities,
            town,
            actors,
        }
    })
}

/// `n` synthetic incidents as a GeoJSON FeatureCollection text (about 330 bytes per feature).
pub fn synthetic_geojson(n: usize, seed: u64) -> String {
    let mut out = String::with_capacity(64 + n * 340);
    out.push_str("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for incident in synthetic_incidents(n, seed) {
        if incident.index > 0 {
            out.push_str(",\n");
        }
        write_feature(&mut out, &incident, seed);
    }
    out.push_str("\n]}\n");
    out
}

/// Appends one Feature. Writing to a `String` cannot fail, so the `fmt::Result`s are dropped.
fn write_feature(out: &mut String, i: &SyntheticIncident, seed: u64) {
    let note = EVENT_TYPES
        .iter()
        .find(|e| e.0 == i.event_type)
        .map_or("", |e| e.2)
        .replace("{town}", i.town);
    let _ = write!(
        out,
        "{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{:.4},{:.4}]}},\
         \"properties\":{{\"id\":\"syn-{seed}-{}\",\"start\":\"{}\"",
        i.lon,
        i.lat,
        i.index,
        iso_date(i.start),
    );
    if i.end != i.start {
        let _ = write!(out, ",\"end\":\"{}\",\"time_precision\":2", iso_date(i.end));
    }
    let _ = write!(
        out,
        ",\"event_type\":\"{}\",\"geo_precision\":{},\"fatalities\":{},\"place\":\"{}\",\"actors\":[",
        i.event_type, i.geo_precision, i.fatalities, i.town,
    );
    for (k, actor) in i.actors.iter().enumerate() {
        let _ = write!(out, "{}\"{actor}\"", if k > 0 { "," } else { "" });
    }
    let _ = write!(out, "],\"notes\":\"{note}\"}}}}");
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (proleptic Gregorian; H. Hinnant's
/// `civil_from_days`).
pub fn iso_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Days since 1970-01-01 of a calendar date (H. Hinnant's `days_from_civil`); `month` may run
/// past 12, it carries into the year.
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let (year, month) = (
        year + (month - 1).div_euclid(12),
        (month - 1).rem_euclid(12) + 1,
    );
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The slider scrub both benches replay: 61 one-year windows (first and last day, inclusive,
/// in days since 1970-01-01), starting 2014-01-01..=2014-12-31 and moving two months at a time
/// to 2024-01-01..=2024-12-31.
pub fn scrub_windows() -> Vec<(i64, i64)> {
    (0..61)
        .map(|k| {
            let month = 1 + 2 * k;
            (
                days_from_civil(2014, month, 1),
                days_from_civil(2015, month, 1) - 1,
            )
        })
        .collect()
}

/// How many of `spans` (first and last day) overlap the window `[start, end]`, both ends
/// inclusive: the reference for the visible count.
pub fn overlapping(spans: &[(i64, i64)], (start, end): (i64, i64)) -> usize {
    spans.iter().filter(|s| s.0 <= end && s.1 >= start).count()
}

/// Words the ACLED-like notes are drawn from: each note is a sentence unlike any other, as in
/// a real export, where the notes are most of a file's bytes.
const NOTE_WORDS: [&str; 24] = [
    "patrol",
    "convoy",
    "village",
    "market",
    "checkpoint",
    "wells",
    "herders",
    "fighters",
    "motorbikes",
    "ambush",
    "road",
    "camp",
    "drone",
    "mine",
    "soldiers",
    "civilians",
    "wounded",
    "abducted",
    "looted",
    "burned",
    "retreated",
    "reinforcements",
    "sources",
    "locals",
];

/// The unique note of an ACLED-like incident (about 190 bytes): its date, actors, place and a
/// seeded run of words, and its own number.
fn acled_note(i: &SyntheticIncident, rng: &mut SplitMix64) -> String {
    let mut note = format!(
        "On {}, {} clashed with {} near {} (report {}):",
        iso_date(i.start),
        i.actors[0],
        i.actors.get(1).unwrap_or(&"unidentified armed men"),
        i.town,
        i.index + 1,
    );
    for _ in 0..12 {
        note.push(' ');
        note.push_str(NOTE_WORDS[rng.below(NOTE_WORDS.len() as u64) as usize]);
    }
    let _ = write!(note, ", {} fatalities.", i.fatalities);
    note
}

/// What the ACLED-like files are written from: each incident with its note.
fn acled_like(n: usize, seed: u64) -> impl Iterator<Item = (SyntheticIncident, String)> {
    let mut rng = SplitMix64(seed ^ 0xAC1E_D000);
    synthetic_incidents(n, seed).map(move |i| {
        let note = acled_note(&i, &mut rng);
        (i, note)
    })
}

/// `n` ACLED-like incidents as GeoJSON, as a user's export would be: a numeric `id`, `date`,
/// `event_type`, `fatalities`, `actor1`, `location` and a unique `notes` sentence in each
/// feature (about 430 bytes per feature).
pub fn acled_like_geojson(n: usize, seed: u64) -> String {
    let mut out = String::with_capacity(64 + n * 440);
    out.push_str("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (i, note) in acled_like(n, seed) {
        let _ = write!(
            out,
            "{}{{\"type\":\"Feature\",\"id\":{},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{:.4},{:.4}]}},\
             \"properties\":{{\"date\":\"{}\",\"event_type\":\"{}\",\"fatalities\":{},\"actor1\":\"{}\",\
             \"location\":\"{}\",\"notes\":\"{note}\"}}}}",
            if i.index > 0 { ",\n" } else { "" },
            i.index + 1,
            i.lon,
            i.lat,
            iso_date(i.start),
            i.event_type,
            i.fatalities,
            i.actors[0],
            i.town,
        );
    }
    out.push_str("\n]}\n");
    out
}

/// The same incidents as an ACLED CSV export (the current layout's columns that matter, the
/// notes quoted with a comma inside, CRLF line ends; about 330 bytes per row).
pub fn acled_like_csv(n: usize, seed: u64) -> String {
    let mut out = String::with_capacity(200 + n * 340);
    out.push_str(
        "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,\
         actor1,actor2,country,admin1,location,latitude,longitude,geo_precision,source,notes,fatalities\r\n",
    );
    for (i, note) in acled_like(n, seed) {
        let _ = write!(
            out,
            "MLI{},{},{},1,Political violence,{},,{},{},Mali,{},{},{:.4},{:.4},{},Local sources,\"{note}\",{}\r\n",
            i.index + 1,
            iso_date(i.start),
            &iso_date(i.start)[..4],
            i.event_type,
            i.actors[0],
            i.actors.get(1).unwrap_or(&""),
            i.town,
            i.town,
            i.lat,
            i.lon,
            i.geo_precision,
            i.fatalities,
        );
    }
    out
}
