//! Writes the binary forms of the embedded data from their sources:
//! `src/data/mali.snapshot` (the record, imported from `src/data/mali.geojson` and written by
//! `Dataset::to_snapshot`) and `src/data/basemap.bin` (from `src/data/basemap.json`).
//!
//! ```sh
//! cargo run --example embedded_data   # after changing either source; commit the results
//! ```
//!
//! `tests/embedded_data.rs` fails while a committed file differs from what this writes.

use incident_map::basemap::{json_to_bytes, BASEMAP_JSON};
use incident_map::dataset::MALI_GEOJSON;
use incident_map::Dataset;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/data");
    let record = match Dataset::from_geojson(MALI_GEOJSON) {
        Ok((data, import)) if import.issues.is_empty() => data.to_snapshot(),
        Ok((_, import)) => {
            for issue in &import.issues {
                eprintln!(
                    "mali.geojson: {}",
                    issue.message(incident_map::lang::Lang::En)
                );
            }
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("mali.geojson: {e}");
            return ExitCode::FAILURE;
        }
    };
    let basemap = match json_to_bytes(BASEMAP_JSON) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("basemap.json: {e}");
            return ExitCode::FAILURE;
        }
    };
    for (name, bytes) in [("mali.snapshot", record), ("basemap.bin", basemap)] {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, &bytes) {
            eprintln!("{}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {} ({} bytes)", path.display(), bytes.len());
    }
    ExitCode::SUCCESS
}
