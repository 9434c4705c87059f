//! Fuzzed rows under the UCDP GED header: `import_ucdp` reads the file, and `import_any` reads
//! it the same.
#![no_main]

use incident_map::import::{ucdp::import_ucdp, Format};
use incident_map_fuzz::{check_csv, ucdp_header};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    check_csv(ucdp_header(), data, Format::Ucdp, import_ucdp);
});
