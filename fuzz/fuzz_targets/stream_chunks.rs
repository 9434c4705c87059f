//! A file read in random chunks (sizes seeded by the input's first 8 bytes) reads as the whole
//! text does, as the widget's streamed and whole loads must:
//! - through `GeoJsonStream` (where `import_any` reads the text as JSON): the same format,
//!   incidents and issues as `import_any`;
//! - through `Load` (any format): the same format, issues and incidents as `Dataset::from_any`.
//!
//! When the whole text is refused, the chunked read is refused too, not always for the same
//! reason (`GeoJsonStream`'s doc). One file is read by the whole text and refused streamed: a
//! single Feature with a `features` array member (the stream reads the array as it comes).
//! Bytes that are not UTF-8 are compared with the whole text decoded by
//! `String::from_utf8_lossy`, which is what both readers promise to match.
#![no_main]

use incident_map::import::stream::GeoJsonStream;
use incident_map::import::{import_any, Detail, ImportError, Listed};
use incident_map_fuzz::{check_issues, chunks, load_in_pieces, read_whole, split_seed};
use libfuzzer_sys::fuzz_target;
use std::fmt::Debug;

/// The same answer, or both refused (see the crate doc for the one exception).
fn assert_same<T: PartialEq + Debug>(
    got: Result<T, ImportError>,
    want: Result<T, ImportError>,
    what: &str,
) {
    match (got, want) {
        (Err(_), Err(_)) => {}
        (Err(ImportError::NotGeoJson(Detail::FeaturesOutside)), Ok(_)) => {}
        (got, want) => assert_eq!(got, want, "{what}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let (seed, file) = split_seed(data);
    let pieces = chunks(file, seed);
    let what = |reader| format!("{reader} in {} chunks", pieces.len());
    let text = String::from_utf8_lossy(file);

    let whole = import_any(&text);
    if let Ok((_, import)) = &whole {
        check_issues(import);
    }
    // `import_any` reads the text as JSON (as `GeoJsonStream` does) exactly when this holds.
    let json = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with(['{', '[']);
    if json {
        let mut stream = GeoJsonStream::new(Listed::default());
        for piece in &pieces {
            stream.push(piece);
        }
        let streamed = stream
            .finish()
            .map(|(format, sink, issues)| (format, sink.into_incidents(), issues));
        let whole = whole.map(|(format, i)| (format, i.incidents, i.issues));
        assert_same(streamed, whole, &what("GeoJsonStream"));
    }

    let loaded = load_in_pieces(file, &pieces, &what("Load"));
    assert_same(loaded, read_whole(&text), &what("Load"));
});
