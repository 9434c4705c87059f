//! Fuzzed rows under a real ACLED or UCDP GED header (the first byte chooses which), as raw
//! bytes (not UTF-8 now and then), read by `Load` in random chunks (sizes seeded by the next 8
//! bytes), so that `CsvStream` sees records, quoted fields, line ends and characters cut
//! anywhere: the same format, issues and incidents as `Dataset::from_any` reads from the whole
//! text decoded by `String::from_utf8_lossy`, or the same refusal.
#![no_main]

use incident_map_fuzz::{
    acled_headers, chunks, load_in_pieces, read_whole, split_seed, ucdp_header,
};
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

    let what = format!("Load in {} chunks", pieces.len());
    let streamed = load_in_pieces(&file, &pieces, &what);
    let text = String::from_utf8_lossy(&file);
    let whole = read_whole(&text);
    assert_eq!(streamed, whole, "{what}");
    // Only a NUL byte (binary) makes a file under a real header unreadable.
    assert!(whole.is_ok() || text.contains('\0'), "{whole:?}");
});
