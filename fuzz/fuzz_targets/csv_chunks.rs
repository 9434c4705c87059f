//! Fuzzed rows under a real ACLED or UCDP GED header (the first byte chooses which), as raw
//! bytes (not UTF-8 now and then), read by `Load` in random chunks (sizes seeded by the next 8
//! bytes), so that `CsvStream` sees records, quoted fields, line ends and characters cut
//! anywhere: the same format, issues and incidents as `Dataset::from_any` reads from the whole
//! text decoded by `String::from_utf8_lossy`, or the same refusal.
#![no_main]

use incident_map::import::file_stream::Accept;
use incident_map::load::{Load, LoadError, Size, MAX_FILE_BYTES};
use incident_map::Dataset;
use incident_map_fuzz::{acled_headers, check_issues, chunks, split_seed, ucdp_header};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&layout, rest)) = data.split_first() else {
        return;
    };
    let [current, legacy] = acled_headers();
    let header = [current, legacy, ucdp_header()][usize::from(layout) % 3];
    let (seed, rows) = split_seed(rest);
    let file = [header.as_bytes(), b"\n", rows].concat();
    let pieces = chunks(&file, seed);

    let mut load = Load::new(
        Size::Announced(file.len() as f64),
        MAX_FILE_BYTES,
        Accept::Any,
    )
    .expect("a small file");
    for piece in &pieces {
        load.push(piece).expect("within the limit");
    }
    let in_full = |(data, format, issues): (Dataset, _, _)| {
        (format, issues, data.incidents().collect::<Vec<_>>())
    };
    let streamed = load.finish().map(in_full).map_err(|e| match e {
        LoadError::Import(e) => e,
        other => panic!("Load in {} chunks: {other}", pieces.len()),
    });
    let text = String::from_utf8_lossy(&file);
    let whole = Dataset::from_any(&text).map(|(data, format, import)| {
        check_issues(&import);
        in_full((data, format, import.issues))
    });
    assert_eq!(streamed, whole, "Load in {} chunks", pieces.len());
    // Only a NUL byte (binary) makes a file under a real header unreadable.
    assert!(whole.is_ok() || text.contains('\0'), "{whole:?}");
});
