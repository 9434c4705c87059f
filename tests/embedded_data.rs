//! The embedded data's binary forms are up to date: `src/data/mali.snapshot` is exactly what
//! importing `src/data/mali.geojson` afresh and writing its snapshot gives, and
//! `src/data/basemap.bin` exactly what `src/data/basemap.json` gives. When one fails, run
//! `cargo run --example embedded_data` and commit the files it writes.

use incident_map::basemap::{json_to_bytes, Basemap, BASEMAP_BYTES, BASEMAP_JSON};
use incident_map::dataset::{MALI_GEOJSON, MALI_SNAPSHOT};
use incident_map::Dataset;

const HOW: &str = "out of date: run `cargo run --example embedded_data` and commit src/data";

#[test]
fn the_record_snapshot_is_the_record_imported_afresh() {
    let (fresh, import) = Dataset::from_geojson(MALI_GEOJSON).expect("the record is GeoJSON");
    assert!(import.issues.is_empty());
    assert!(
        fresh.to_snapshot() == MALI_SNAPSHOT,
        "src/data/mali.snapshot is {HOW}"
    );
    let embedded = Dataset::mali();
    assert_eq!(embedded.len(), fresh.len());
    assert!(embedded.incidents().eq(fresh.incidents()));
}

#[test]
fn the_binary_basemap_is_the_basemap_file() {
    let fresh = json_to_bytes(BASEMAP_JSON).expect("the basemap file reads");
    assert!(fresh == BASEMAP_BYTES, "src/data/basemap.bin is {HOW}");
    let from_json = Basemap::from_json(BASEMAP_JSON).expect("the basemap file reads");
    let from_bytes = Basemap::from_bytes(BASEMAP_BYTES).expect("the binary basemap reads");
    assert!(from_json == from_bytes, "the same coordinates to the bit");
    assert!(Basemap::embedded() == from_json);
}

#[test]
fn a_damaged_binary_basemap_is_an_error_not_a_panic() {
    for end in 0..BASEMAP_BYTES.len().min(4_000) {
        assert!(
            Basemap::from_bytes(&BASEMAP_BYTES[..end]).is_err(),
            "{end} bytes"
        );
    }
    let mut bytes = BASEMAP_BYTES.to_vec();
    for at in (0..bytes.len()).step_by(7) {
        let old = bytes[at];
        bytes[at] = old ^ 0x80;
        let _ = Basemap::from_bytes(&bytes);
        bytes[at] = old;
    }
}
