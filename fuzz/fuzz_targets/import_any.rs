//! `import_any` on any text (bytes that are not UTF-8 are decoded as the widget decodes a file):
//! it never panics, and what it reports passes the crate-wide issue checks.
#![no_main]

use incident_map::import::import_any;
use incident_map_fuzz::check_issues;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok((_, import)) = import_any(&text) {
        check_issues(&import);
    }
});
