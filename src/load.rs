//! Reading a file that arrives in chunks (a network stream, `File.stream()`) into a dataset,
//! with the limits that keep a page from making the widget allocate what it cannot: a file over
//! [`MAX_FILE_BYTES`] is refused, a size announced in advance is only believed within that
//! limit, and memory is reserved fallibly. A GeoJSON FeatureCollection is parsed as it arrives;
//! anything else (CSV, an ACLED API response) is gathered and read at the end.

use crate::dataset::{Dataset, DatasetBuilder};
use crate::import::stream::GeoJsonStream;
use crate::import::{Format, ImportError, ImportIssue};

/// The largest file the widget reads by default: 2 GiB.
pub const MAX_FILE_BYTES: u64 = 2 << 30;
/// Features read before the room for the rest is reserved from their average size.
const SAMPLE_FEATURES: usize = 2_000;
/// The most incidents room is reserved for in advance, whatever the announced size says.
const MAX_RESERVED_FEATURES: f64 = 20_000_000.0;

/// Why a load stopped.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LoadError {
    /// The file is (or says it is) larger than the widget reads.
    #[error("file too large: {} (the limit is {})", size_text(*.bytes as f64), size_text(*.limit as f64))]
    TooLarge {
        /// Its size, announced or read so far.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// Memory for the file could not be had.
    #[error("out of memory after {} of the file", size_text(*.read as f64))]
    OutOfMemory {
        /// Bytes read when it ran out.
        read: u64,
    },
    /// What was read is not a file the widget reads.
    #[error(transparent)]
    Import(#[from] ImportError),
}

/// What is being read: the first bytes tell JSON (a FeatureCollection streams) from the rest
/// (read whole).
enum Reading {
    Sniffing(Vec<u8>),
    GeoJson(Box<GeoJsonStream<DatasetBuilder>>),
    Whole(Vec<u8>),
}

/// A load in progress.
pub struct Load {
    reading: Reading,
    read_bytes: u64,
    total_bytes: Option<u64>,
    max_bytes: u64,
    reserved: bool,
}

/// What a finished load gives: the data, its format and the import's issues.
pub type Loaded = (Dataset, Format, Vec<ImportIssue>);

/// Appends `chunk` to `bytes`, failing instead of aborting when memory runs out.
fn append(bytes: &mut Vec<u8>, chunk: &[u8]) -> bool {
    bytes.try_reserve(chunk.len()).is_ok() && {
        bytes.extend_from_slice(chunk);
        true
    }
}

impl Load {
    /// Starts a load of at most `max_bytes` (see [`MAX_FILE_BYTES`]); `total_bytes` is the
    /// size announced in advance (a `Content-Length`, a file's size), if any. An announced size
    /// over the limit is refused at once; one that is not a finite, non-negative number is
    /// ignored.
    pub fn new(total_bytes: Option<f64>, max_bytes: u64) -> Result<Load, LoadError> {
        let total_bytes = total_bytes.filter(|t| t.is_finite() && *t >= 0.0);
        if let Some(total) = total_bytes.filter(|t| *t > max_bytes as f64) {
            return Err(LoadError::TooLarge {
                bytes: total.min(u64::MAX as f64) as u64,
                limit: max_bytes,
            });
        }
        Ok(Load {
            reading: Reading::Sniffing(Vec::new()),
            read_bytes: 0,
            total_bytes: total_bytes.map(|t| t as u64),
            max_bytes,
            reserved: false,
        })
    }

    /// Reads the next chunk.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), LoadError> {
        self.read_bytes += chunk.len() as u64;
        if self.read_bytes > self.max_bytes {
            return Err(LoadError::TooLarge {
                bytes: self.read_bytes,
                limit: self.max_bytes,
            });
        }
        let out_of_memory = LoadError::OutOfMemory {
            read: self.read_bytes,
        };
        match &mut self.reading {
            Reading::Sniffing(bytes) => {
                if !append(bytes, chunk) {
                    return Err(out_of_memory);
                }
                let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
                let Some(&first) = text.iter().find(|b| !b.is_ascii_whitespace()) else {
                    return Ok(());
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
            Reading::Whole(bytes) => {
                if !append(bytes, chunk) {
                    return Err(out_of_memory);
                }
            }
        }
        self.reserve_for_the_rest();
        Ok(())
    }

    /// Once enough features are in to tell their average size, makes room for as many as the
    /// announced size should hold (a little more: room reserved and never used is never
    /// touched, so it costs no memory, while a column that outgrows its room is copied whole).
    /// The estimate is capped, and when the room cannot be had the columns grow as they go.
    fn reserve_for_the_rest(&mut self) {
        let (Some(total), false, Reading::GeoJson(stream)) =
            (self.total_bytes, self.reserved, &mut self.reading)
        else {
            return;
        };
        let read = stream.features_read();
        if read < SAMPLE_FEATURES || self.read_bytes == 0 {
            return;
        }
        self.reserved = true;
        let expected =
            (total as f64 / self.read_bytes as f64 * read as f64 * 1.05).min(MAX_RESERVED_FEATURES);
        let builder = stream.sink_mut();
        if expected > builder.len() as f64 {
            builder.try_reserve(expected as usize - builder.len());
        }
    }

    /// Bytes read so far.
    pub fn read_bytes(&self) -> u64 {
        self.read_bytes
    }

    /// Features read so far (GeoJSON only: CSV is read at the end).
    pub fn features_read(&self) -> usize {
        match &self.reading {
            Reading::GeoJson(stream) => stream.features_read(),
            _ => 0,
        }
    }

    /// How far it got, for the progress bar (which the widget writes in its language):
    /// bytes read, bytes announced (if any), incidents read.
    pub fn progress(&self) -> (u64, Option<u64>, usize) {
        (self.read_bytes, self.total_bytes, self.features_read())
    }

    /// Ends the load: the dataset, built and indexed, or why the file cannot be read.
    pub fn finish(self) -> Result<Loaded, LoadError> {
        match self.reading {
            Reading::GeoJson(stream) => {
                let (format, builder, issues) = stream.finish()?;
                Ok((builder.build(), format, issues))
            }
            Reading::Sniffing(bytes) | Reading::Whole(bytes) => {
                let (data, format, import) = Dataset::from_any(&String::from_utf8_lossy(&bytes))?;
                Ok((data, format, import.issues))
            }
        }
    }
}

/// A size for people: "120 bytes", "512 kB", "31.2 MB", "2.1 GB".
fn size_text(bytes: f64) -> String {
    if bytes < 1e3 {
        format!("{bytes:.0} bytes")
    } else if bytes < 1e6 {
        format!("{:.0} kB", bytes / 1e3)
    } else if bytes < 1e9 {
        format!("{:.1} MB", bytes / 1e6)
    } else {
        format!("{:.1} GB", bytes / 1e9)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"Point","coordinates":[-8.0,12.6]},"properties":{"id":"a","start":"2024-09-17"}},
        {"type":"Feature","geometry":{"type":"Point","coordinates":[1.4,18.4]},"properties":{"id":"b","start":"2023-11-14"}}]}"#;

    #[test]
    fn a_file_said_to_be_over_the_limit_is_refused_before_reading() {
        let e = Load::new(Some(1e12), MAX_FILE_BYTES)
            .err()
            .expect("refused");
        assert_eq!(
            e.to_string(),
            "file too large: 1000.0 GB (the limit is 2.1 GB)"
        );
        let limit = Some(MAX_FILE_BYTES as f64);
        assert!(
            Load::new(limit, MAX_FILE_BYTES).is_ok(),
            "the limit itself is fine"
        );
        let nan = Load::new(Some(f64::NAN), MAX_FILE_BYTES);
        assert!(nan.is_ok(), "a size that is no number is ignored");
        assert!(Load::new(Some(-5.0), MAX_FILE_BYTES).is_ok());
    }

    #[test]
    fn a_file_that_outgrows_the_limit_while_reading_is_stopped() {
        let mut load = Load::new(Some(10.0), 100).expect("small, it says");
        load.push(&[b' '; 60]).expect("within the limit");
        let e = load.push(&[b' '; 60]).expect_err("over it");
        assert_eq!(
            e,
            LoadError::TooLarge {
                bytes: 120,
                limit: 100
            }
        );
        assert_eq!(
            e.to_string(),
            "file too large: 120 bytes (the limit is 100 bytes)"
        );
    }

    #[test]
    fn geojson_streams_in_any_chunks_and_csv_is_read_at_the_end() {
        for size in [1, 7, 64, TWO.len()] {
            let mut load = Load::new(Some(TWO.len() as f64), MAX_FILE_BYTES).expect("load");
            for chunk in TWO.as_bytes().chunks(size) {
                load.push(chunk).expect("chunk");
            }
            assert_eq!(load.read_bytes(), TWO.len() as u64);
            let (data, format, issues) = load.finish().expect("finished");
            assert_eq!((data.len(), format, issues.len()), (2, Format::GeoJson, 0));
        }
        let csv = "event_id_cnty,event_date,latitude,longitude\nMLI1,2024-09-17,12.6,-8.0\n";
        let mut load = Load::new(None, MAX_FILE_BYTES).expect("load");
        load.push(csv.as_bytes()).expect("csv");
        let (data, format, _) = load.finish().expect("finished");
        assert_eq!((data.len(), format), (1, Format::Acled));
    }

    #[test]
    fn progress_says_how_far_it_got() {
        let mut load = Load::new(Some(2_000_000.0), MAX_FILE_BYTES).expect("load");
        assert_eq!(load.progress(), (0, Some(2_000_000), 0));
        let part = &TWO.as_bytes()[..TWO.len() - 3];
        load.push(part).expect("push");
        assert_eq!(load.progress(), (part.len() as u64, Some(2_000_000), 1));
        let mut unknown = Load::new(None, MAX_FILE_BYTES).expect("load");
        unknown.push(b"   ").expect("push");
        assert_eq!(unknown.progress(), (3, None, 0));
    }

    #[test]
    fn a_size_that_lies_reserves_no_more_than_the_cap() {
        // 2,000 small features said to be the start of a 2 GiB file: the room reserved is
        // capped, and reserving it does not abort.
        let mut text = String::from(r#"{"type":"FeatureCollection","features":["#);
        for k in 0..2_100 {
            text.push_str(&format!(
                r#"{}{{"type":"Feature","geometry":{{"type":"Point","coordinates":[1,2]}},"properties":{{"id":"f{k}","start":"2020-01-01"}}}}"#,
                if k == 0 { "" } else { "," }
            ));
        }
        text.push_str("]}");
        let mut load = Load::new(Some(MAX_FILE_BYTES as f64), MAX_FILE_BYTES).expect("load");
        load.push(text.as_bytes()).expect("push");
        let (data, _, _) = load.finish().expect("finished");
        assert_eq!(data.len(), 2_100);
    }
}
