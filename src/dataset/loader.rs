//! Reading a file of any format into a dataset as its bytes arrive: what a streamed load
//! (`loadStream`, `loadUrl`) does in whichever module holds the importers.

use super::{Dataset, DatasetBuilder};
use crate::import::stream::GeoJsonStream;
use crate::import::{Format, ImportError, ImportIssue};

/// A file being read chunk by chunk: until its first character is known, then a GeoJSON
/// FeatureCollection read feature by feature as it arrives, or anything else (CSV) gathered
/// whole and read at the end.
pub struct Loader {
    reading: Reading,
}

enum Reading {
    Sniffing(Vec<u8>),
    GeoJson(Box<GeoJsonStream<DatasetBuilder>>),
    Whole(Vec<u8>),
}

impl Default for Loader {
    fn default() -> Self {
        Loader {
            reading: Reading::Sniffing(Vec::new()),
        }
    }
}

impl Loader {
    /// A loader that has read nothing.
    pub fn new() -> Self {
        Loader::default()
    }

    /// Takes the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) {
        match &mut self.reading {
            Reading::Sniffing(bytes) => {
                bytes.extend_from_slice(chunk);
                let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
                let Some(&first) = text.iter().find(|b| !b.is_ascii_whitespace()) else {
                    return;
                };
                let bytes = std::mem::take(bytes);
                self.reading = if first == b'{' || first == b'[' {
                    let mut stream = Dataset::stream();
                    stream.push(&bytes);
                    Reading::GeoJson(Box::new(stream))
                } else {
                    Reading::Whole(bytes)
                };
            }
            Reading::GeoJson(stream) => stream.push(chunk),
            Reading::Whole(bytes) => bytes.extend_from_slice(chunk),
        }
    }

    /// How many GeoJSON features were read so far (0 for CSV, read at the end).
    pub fn features_read(&self) -> usize {
        match &self.reading {
            Reading::GeoJson(stream) => stream.features_read(),
            _ => 0,
        }
    }

    /// Once enough features are in to tell their average size, makes room for as many as a
    /// file of `total_bytes` should hold after `read_bytes` (a little more: room reserved and
    /// never used is never touched, so it costs no memory, while a column that outgrows its
    /// room is copied whole). True once that is done.
    pub fn reserve_for(&mut self, read_bytes: usize, total_bytes: f64) -> bool {
        const SAMPLE_FEATURES: usize = 2_000;
        let Reading::GeoJson(stream) = &mut self.reading else {
            return false;
        };
        let read = stream.features_read();
        if read < SAMPLE_FEATURES || read_bytes == 0 {
            return false;
        }
        let expected = total_bytes / read_bytes as f64 * read as f64 * 1.05;
        let builder = stream.sink_mut();
        if expected.is_finite() && expected > builder.len() as f64 {
            builder.reserve(expected.min(f64::from(u32::MAX)) as usize - builder.len());
        }
        true
    }

    /// The dataset, the format it was read as, and the issues; as [`Dataset::from_any`] gives
    /// for the whole file at once.
    pub fn finish(self) -> Result<(Dataset, Format, Vec<ImportIssue>), ImportError> {
        match self.reading {
            Reading::GeoJson(stream) => {
                let (builder, issues) = stream.finish()?;
                Ok((builder.build(), Format::GeoJson, issues))
            }
            Reading::Sniffing(bytes) | Reading::Whole(bytes) => {
                let (data, format, import) = Dataset::from_any(&String::from_utf8_lossy(&bytes))?;
                Ok((data, format, import.issues))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).expect("fixture")
    }

    #[test]
    fn any_chunking_reads_what_the_whole_text_gives() {
        let mut texts: Vec<String> = [
            "good-mixed.geojson",
            "bad-features.geojson",
            "acled-current.csv",
            "acled-bad.csv",
            "ucdp-ged.csv",
        ]
        .into_iter()
        .map(fixture)
        .collect();
        #[cfg(feature = "embedded-data")]
        texts.push(format!("\u{feff}  \n{}", super::super::MALI_GEOJSON));
        for text in &texts {
            let (whole, format, import) = Dataset::from_any(text).expect("readable");
            for chunk in [1, 3, 64, 4096, usize::MAX] {
                let mut loader = Loader::new();
                for part in text.as_bytes().chunks(chunk.min(text.len()).max(1)) {
                    loader.push(part);
                }
                let (data, got_format, issues) = loader.finish().expect("readable");
                assert_eq!(got_format, format);
                assert_eq!(issues, import.issues);
                assert!(data.incidents().eq(whole.incidents()), "chunks of {chunk}");
            }
        }
    }

    #[test]
    fn blank_or_unknown_text_is_an_error() {
        let mut loader = Loader::new();
        loader.push(b"   \n");
        assert_eq!(loader.finish().err(), Some(ImportError::Empty));
        let mut loader = Loader::new();
        loader.push(b"a,b\n1,2\n");
        assert!(matches!(
            loader.finish(),
            Err(ImportError::UnknownFormat(_))
        ));
    }
}
