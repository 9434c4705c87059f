//! What the fuzz targets share: how an input is cut into chunks, the CSV headers the row targets
//! put above the fuzzed rows, and the checks every import must pass.
//!
//! Input layouts (the seeds in `examples/seeds.rs` are written in them):
//! - `import_any`, `snapshot`, `decimal`: the bytes as they are.
//! - `stream_chunks`: 8 bytes seeding the chunk sizes, then the file.
//! - `csv_chunks`: 1 byte choosing the header (ACLED current, ACLED pre-2023, UCDP GED), 8
//!   bytes seeding the chunk sizes, then the rows.
//! - `acled_rows`: 1 byte choosing the header (current or pre-2023 layout), then the rows.
//! - `ucdp_rows`: the rows.

use incident_map::import::file_stream::Accept;
use incident_map::import::{Format, Import, ImportError, ImportIssue};
use incident_map::lang::Lang;
use incident_map::load::{Load, LoadError, Loaded, Size, MAX_FILE_BYTES};
use incident_map::{Dataset, Incident};

/// The fixtures the seeds come from and the headers come out of, by file name.
pub const FIXTURES: [(&str, &str); 10] = [
    (
        "acled-api.json",
        include_str!("../../tests/fixtures/acled-api.json"),
    ),
    (
        "acled-bad.csv",
        include_str!("../../tests/fixtures/acled-bad.csv"),
    ),
    (
        "acled-current.csv",
        include_str!("../../tests/fixtures/acled-current.csv"),
    ),
    (
        "acled-legacy.csv",
        include_str!("../../tests/fixtures/acled-legacy.csv"),
    ),
    (
        "bad-features.geojson",
        include_str!("../../tests/fixtures/bad-features.geojson"),
    ),
    (
        "good-mixed.geojson",
        include_str!("../../tests/fixtures/good-mixed.geojson"),
    ),
    (
        "good-times.geojson",
        include_str!("../../tests/fixtures/good-times.geojson"),
    ),
    (
        "time-dimension-seconds.geojson",
        include_str!("../../tests/fixtures/time-dimension-seconds.geojson"),
    ),
    (
        "ucdp-bad.csv",
        include_str!("../../tests/fixtures/ucdp-bad.csv"),
    ),
    (
        "ucdp-ged.csv",
        include_str!("../../tests/fixtures/ucdp-ged.csv"),
    ),
];

/// A fixture's text by file name (empty for a name not in [`FIXTURES`]).
fn fixture(name: &str) -> &'static str {
    FIXTURES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, text)| text)
}

/// A CSV text's first line and the rest.
pub fn split_header(text: &str) -> (&str, &str) {
    text.split_once('\n').unwrap_or((text, ""))
}

/// The ACLED headers `acled_rows` chooses from with its first byte: the current 31-column
/// layout and the pre-March-2023 one, as the fixtures have them.
pub fn acled_headers() -> [&'static str; 2] {
    [
        split_header(fixture("acled-current.csv")).0,
        split_header(fixture("acled-legacy.csv")).0,
    ]
}

/// The UCDP GED header, as the fixtures have it.
pub fn ucdp_header() -> &'static str {
    split_header(fixture("ucdp-ged.csv")).0
}

/// A tiny xorshift generator: the chunk sizes need to be random, not good.
pub struct XorShift(u64);

impl XorShift {
    /// A generator from any seed (zero, the one fixed point, is moved off).
    pub fn new(seed: u64) -> Self {
        XorShift(seed.max(1))
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

/// `stream_chunks`' input: the seed of the chunk sizes (its first 8 bytes) and the file.
pub fn split_seed(data: &[u8]) -> (u64, &[u8]) {
    match data.split_first_chunk::<8>() {
        Some((seed, file)) => (u64::from_le_bytes(*seed), file),
        None => (0, data),
    }
}

/// `bytes` cut into chunks of random sizes: mostly 1 to 16 bytes (cutting characters,
/// keys and numbers), sometimes single bytes or up to a kilobyte.
pub fn chunks(bytes: &[u8], seed: u64) -> Vec<&[u8]> {
    let mut rng = XorShift::new(seed);
    let mut rest = bytes;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let r = rng.next_u64();
        let size = match r % 8 {
            0 => 1,
            1..=5 => 1 + (r >> 8) % 16,
            _ => 1 + (r >> 8) % 1024,
        };
        let (chunk, tail) = rest.split_at((size as usize).min(rest.len()));
        out.push(chunk);
        rest = tail;
    }
    out
}

/// What every import must say of itself: each item skipped at most once and in file order,
/// issues in file order, and every message can be written.
pub fn check_issues(import: &Import) {
    let skipped: Vec<usize> = import
        .issues
        .iter()
        .filter(|i| i.skipped)
        .map(|i| i.index)
        .collect();
    assert!(
        skipped.windows(2).all(|w| w[0] < w[1]),
        "skipped items out of order or twice: {skipped:?}"
    );
    assert!(
        import.issues.windows(2).all(|w| w[0].index <= w[1].index),
        "issues out of file order: {:?}",
        import.issues
    );
    for issue in &import.issues {
        for lang in Lang::ALL {
            let _ = issue.message(lang);
        }
    }
}

/// Rows under a header of `format`: the format's own importer reads the file (the header is
/// right whatever the rows hold; only text it finds binary, a NUL near the start, is refused
/// whole, and then [`import_any`](incident_map::import::import_any) refuses it too), and
/// `import_any` recognises the format and reads exactly the same, with issues that pass
/// [`check_issues`].
pub fn check_csv(
    header: &str,
    rows: &[u8],
    format: Format,
    importer: fn(&str) -> Result<Import, ImportError>,
) {
    let text = format!("{header}\n{}", String::from_utf8_lossy(rows));
    let any = incident_map::import::import_any(&text);
    let direct = match importer(&text) {
        Err(ImportError::NotCsv(_)) if text.contains('\0') => {
            assert!(any.is_err(), "binary to one reader, not to the other");
            return;
        }
        read => read.expect("the header is the format's"),
    };
    check_issues(&direct);
    let (found, any) = any.expect("a recognised header");
    assert_eq!(found, format);
    assert_eq!(
        (direct.incidents, direct.issues),
        (any.incidents, any.issues)
    );
}

/// What a load gives, compared in full: the format, the issues and every incident.
pub type InFull = (Format, Vec<ImportIssue>, Vec<Incident>);

/// A loaded dataset in full.
pub fn in_full((data, format, issues): Loaded) -> InFull {
    (format, issues, data.incidents().collect())
}

/// `file` read by a `Load` in `pieces`, as the importer's worker reads a stream: what it loaded,
/// in full, or its import error; any other error (the file is small) panics, naming `what`.
pub fn load_in_pieces(file: &[u8], pieces: &[&[u8]], what: &str) -> Result<InFull, ImportError> {
    let mut load = Load::new(
        Size::Announced(file.len() as f64),
        MAX_FILE_BYTES,
        Accept::Any,
    )
    .expect("a small file");
    for piece in pieces {
        load.push(piece).expect("within the limit");
    }
    load.finish().map(in_full).map_err(|e| match e {
        LoadError::Import(e) => e,
        other => panic!("{what}: {other}"),
    })
}

/// The whole `text` read at once, in full, its issues checked.
pub fn read_whole(text: &str) -> Result<InFull, ImportError> {
    Dataset::from_any(text).map(|(data, format, import)| {
        check_issues(&import);
        in_full((data, format, import.issues))
    })
}
