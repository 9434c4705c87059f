//! Writes the seed inputs of every fuzz target, made from `tests/fixtures/`, into
//! `<out>/<target>/` (scripts/fuzz.sh copies them into each corpus):
//!
//! ```sh
//! cargo run --manifest-path fuzz/Cargo.toml --example seeds -- <out>
//! ```
//!
//! Each target gets the fixtures in its own input layout (see the crate doc): the files as they
//! are, behind a chunk seed, or their rows without the header; `decimal` gets every distinct
//! field of the fixtures; `snapshot` gets the snapshot of the dataset each fixture loads into.

use incident_map::Dataset;
use incident_map_fuzz::{acled_headers, split_header, ucdp_header, FIXTURES};
use std::path::Path;

fn write(out: &Path, target: &str, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let dir = out.join(target);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(name), bytes)
}

fn main() -> std::io::Result<()> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fuzz/seeds".into());
    let out = Path::new(&out);
    let mut fields = std::collections::BTreeSet::new();
    for (name, text) in FIXTURES {
        write(out, "import_any", name, text.as_bytes())?;
        for (k, seed) in [1u64, 0x9e37_79b9_7f4a_7c15].into_iter().enumerate() {
            let input = [&seed.to_le_bytes()[..], text.as_bytes()].concat();
            write(out, "stream_chunks", &format!("{k}-{name}"), &input)?;
        }
        let (header, rows) = split_header(text);
        if let Some(layout) = acled_headers().iter().position(|h| *h == header) {
            let input = [&[layout as u8][..], rows.as_bytes()].concat();
            write(out, "acled_rows", name, &input)?;
        }
        if header == ucdp_header() {
            write(out, "ucdp_rows", name, rows.as_bytes())?;
        }
        let [current, legacy] = acled_headers();
        if let Some(layout) = [current, legacy, ucdp_header()]
            .iter()
            .position(|h| *h == header)
        {
            let seed = 0x9e37_79b9_7f4a_7c15u64.to_le_bytes();
            let input = [&[layout as u8][..], &seed, rows.as_bytes()].concat();
            write(out, "csv_chunks", name, &input)?;
        }
        fields.extend(
            text.split(['\n', ',', ';', '"', ':', '[', ']', '{', '}'])
                .map(str::trim)
                .filter(|f| !f.is_empty() && f.len() < 40),
        );
        if let Ok((data, _, _)) = Dataset::from_any(text) {
            write(out, "snapshot", name, &data.to_snapshot())?;
        }
    }
    for (k, field) in fields.iter().enumerate() {
        write(out, "decimal", &format!("field-{k}"), field.as_bytes())?;
    }
    Ok(())
}
