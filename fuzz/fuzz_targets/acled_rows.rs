//! Fuzzed rows under a real ACLED header (the first byte picks the current or the pre-2023
//! layout): `import_acled` reads the file, and `import_any` reads it the same.
#![no_main]

use incident_map::import::{acled::import_acled, Format};
use incident_map_fuzz::{acled_headers, check_csv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&layout, rows)) = data.split_first() else {
        return;
    };
    let headers = acled_headers();
    let header = headers[usize::from(layout) % headers.len()];
    check_csv(header, rows, Format::Acled, import_acled);
});
