//! Reading a file that arrives in chunks (a network stream, `File.stream()`) into a dataset,
//! with the limits that keep a page from making the widget allocate what it cannot: a file over
//! a cap ([`MAX_FILE_BYTES`] unless the page sets another) is refused, a size announced in
//! advance is only believed within that limit and is checked against what comes, and memory is
//! reserved fallibly. A GeoJSON FeatureCollection and a CSV file are read
//! feature by feature, row by row, as they arrive (an ACLED API response, a single Feature, is
//! gathered and read at the end).

use crate::dataset::{Dataset, DatasetBuilder};
use crate::i18n::{say_import, ImportText as T};
use crate::import::english_display;
use crate::import::file_stream::{Accept, FileStream};
use crate::import::labels::Worded;
use crate::import::{Format, ImportError, ImportIssue};
use crate::lang::Lang;

/// The largest file the widget reads by default: 2 GiB.
pub const MAX_FILE_BYTES: u64 = 2 << 30;
/// Features read before the room for the rest is reserved from their average size.
const SAMPLE_FEATURES: usize = 2_000;
/// The most incidents room is reserved for in advance, whatever the announced size says.
const MAX_RESERVED_FEATURES: f64 = 20_000_000.0;

/// Why a load stopped (worded by [`LoadError::describe`]; `Display` is the English).
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    /// The file is (or says it is) larger than the widget reads.
    TooLarge {
        /// Its size, announced or read so far.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// More bytes came than the size announced.
    LongerThanAnnounced {
        /// The size announced.
        announced: u64,
    },
    /// The stream ended before the size announced.
    ShorterThanAnnounced {
        /// Bytes read.
        read: u64,
        /// The size announced.
        announced: u64,
    },
    /// What was read is not a file the widget reads.
    Import(ImportError),
}

impl From<ImportError> for LoadError {
    fn from(e: ImportError) -> Self {
        LoadError::Import(e)
    }
}

impl LoadError {
    /// Why the load stopped, in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        let size = |bytes: u64| size_text(lang, bytes as f64);
        match *self {
            LoadError::TooLarge { bytes, limit } => {
                say_import(lang, T::TooLarge, &[&size(bytes), &size(limit)])
            }
            LoadError::LongerThanAnnounced { announced } => {
                say_import(lang, T::LongerThanAnnounced, &[&size(announced)])
            }
            LoadError::ShorterThanAnnounced { read, announced } => {
                let (read, announced) = (size(read), size(announced));
                say_import(lang, T::ShorterThanAnnounced, &[&read, &announced])
            }
            LoadError::Import(ref e) => e.describe(lang),
        }
    }
}

english_display!(LoadError);

/// What is known of a file's size before it is read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Size {
    /// Nothing.
    Unknown,
    /// The size the page announced (`loadStream`'s `totalBytes`): checked against what comes.
    Announced(f64),
    /// An estimate (a `Content-Length`, which counts compressed bytes when the server
    /// compresses; a text's length in UTF-16 units): for the progress bar and the room
    /// reserved only.
    About(f64),
}

/// A load in progress.
pub struct Load {
    reading: FileStream<Worded<DatasetBuilder>>,
    read_bytes: u64,
    total_bytes: Option<u64>,
    /// Whether `total_bytes` was announced, and is checked.
    announced: bool,
    max_bytes: u64,
    reserved: bool,
}

/// What a finished load gives: the data, its format and the import's issues.
pub type Loaded = (Dataset, Format, Vec<ImportIssue>);

impl Load {
    /// Starts a load of at most `max_bytes` (see [`MAX_FILE_BYTES`]) of a file `accept` takes;
    /// `size` is what is known of its size in advance. A size over the limit is refused at
    /// once; one that is not a finite, non-negative number is ignored.
    pub fn new(size: Size, max_bytes: u64, accept: Accept) -> Result<Load, LoadError> {
        let (total_bytes, announced) = match size {
            Size::Unknown => (None, false),
            Size::Announced(t) => (Some(t), true),
            Size::About(t) => (Some(t), false),
        };
        let total_bytes = total_bytes.filter(|t| t.is_finite() && *t >= 0.0);
        if let Some(total) = total_bytes.filter(|t| *t > max_bytes as f64) {
            return Err(LoadError::TooLarge {
                bytes: total.min(u64::MAX as f64) as u64,
                limit: max_bytes,
            });
        }
        Ok(Load {
            reading: FileStream::new(
                Worded {
                    sink: DatasetBuilder::default(),
                    lang: Lang::En,
                },
                accept,
            ),
            read_bytes: 0,
            total_bytes: total_bytes.map(|t| t as u64),
            announced: announced && total_bytes.is_some(),
            max_bytes,
            reserved: false,
        })
    }

    /// The load with the importers' own words (who gave an ACLED figure, UCDP's figures by
    /// party, the author of a claim that names no one) written in `lang` (English unless told).
    pub fn in_language(mut self, lang: Lang) -> Load {
        if let Some(worded) = self.reading.sink_mut() {
            worded.lang = lang;
        }
        self
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
        if let (true, Some(announced)) = (self.announced, self.total_bytes) {
            if self.read_bytes > announced {
                return Err(LoadError::LongerThanAnnounced { announced });
            }
        }
        self.reading.push(chunk);
        self.reserve_for_the_rest();
        Ok(())
    }

    /// Once enough features are in to tell their average size, makes room for as many as the
    /// announced size should hold (a little more: room reserved and never used is never
    /// touched, so it costs no memory, while a column that outgrows its room is copied whole).
    /// The estimate is capped, and when the room cannot be had the columns grow as they go.
    fn reserve_for_the_rest(&mut self) {
        let (Some(total), false) = (self.total_bytes, self.reserved) else {
            return;
        };
        let read = self.reading.items_read();
        if read < SAMPLE_FEATURES || self.read_bytes == 0 {
            return;
        }
        self.reserved = true;
        let expected =
            (total as f64 / self.read_bytes as f64 * read as f64 * 1.05).min(MAX_RESERVED_FEATURES);
        let Some(Worded { sink: builder, .. }) = self.reading.sink_mut() else {
            return;
        };
        if expected > builder.len() as f64 {
            builder.try_reserve(expected as usize - builder.len());
        }
    }

    /// Bytes read so far.
    pub fn read_bytes(&self) -> u64 {
        self.read_bytes
    }

    /// Features (GeoJSON) or rows (CSV) read so far.
    pub fn features_read(&self) -> usize {
        self.reading.items_read()
    }

    /// How far it got, for the progress bar (which the widget writes in its language):
    /// bytes read, bytes announced (none once an estimate is passed: no percentage then),
    /// incidents read.
    pub fn progress(&self) -> (u64, Option<u64>, usize) {
        let total = self.total_bytes.filter(|t| *t >= self.read_bytes);
        (self.read_bytes, total, self.features_read())
    }

    /// Ends the load: the dataset, built and indexed, or why the file cannot be read.
    pub fn finish(self) -> Result<Loaded, LoadError> {
        if let (true, Some(announced)) = (self.announced, self.total_bytes) {
            if self.read_bytes < announced {
                let read = self.read_bytes;
                return Err(LoadError::ShorterThanAnnounced { read, announced });
            }
        }
        let (format, worded, issues) = self.reading.finish()?;
        Ok((worded.sink.build(), format, issues))
    }
}

/// A size for people: "120 bytes", "512 kB", "31.2 MB", "2.1 GB" ("31,2 Mo" in French). The
/// importer's module formats floats anyway (serde's error messages do), so this costs nothing.
fn size_text(lang: Lang, bytes: f64) -> String {
    let (key, number) = if bytes < 1e3 {
        (T::Bytes, format!("{bytes:.0}"))
    } else if bytes < 1e6 {
        (T::Kilobytes, format!("{:.0}", bytes / 1e3))
    } else if bytes < 1e9 {
        (T::Megabytes, format!("{:.1}", bytes / 1e6))
    } else {
        (T::Gigabytes, format!("{:.1}", bytes / 1e9))
    };
    let number = if lang == Lang::Fr {
        number.replace('.', ",")
    } else {
        number
    };
    say_import(lang, key, &[&number])
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"Point","coordinates":[-8.0,12.6]},"properties":{"id":"a","start":"2024-09-17"}},
        {"type":"Feature","geometry":{"type":"Point","coordinates":[1.4,18.4]},"properties":{"id":"b","start":"2023-11-14"}}]}"#;

    #[test]
    fn a_file_said_to_be_over_the_limit_is_refused_before_reading() {
        let e = Load::new(Size::Announced(1e12), MAX_FILE_BYTES, Accept::Any)
            .err()
            .expect("refused");
        assert_eq!(
            e.to_string(),
            "file too large: 1000.0 GB (the limit is 2.1 GB)"
        );
        assert!(
            Load::new(
                Size::Announced(MAX_FILE_BYTES as f64),
                MAX_FILE_BYTES,
                Accept::Any
            )
            .is_ok(),
            "the limit itself is fine"
        );
        let nan = Load::new(Size::Announced(f64::NAN), MAX_FILE_BYTES, Accept::Any);
        assert!(nan.is_ok(), "a size that is no number is ignored");
        assert!(Load::new(Size::Announced(-5.0), MAX_FILE_BYTES, Accept::Any).is_ok());
    }

    #[test]
    fn a_file_that_outgrows_the_limit_while_reading_is_stopped() {
        let mut load = Load::new(Size::About(10.0), 100, Accept::Any).expect("small, it says");
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
    fn geojson_and_csv_stream_in_any_chunks() {
        for size in [1, 7, 64, TWO.len()] {
            let mut load = Load::new(
                Size::Announced(TWO.len() as f64),
                MAX_FILE_BYTES,
                Accept::Any,
            )
            .expect("load");
            for chunk in TWO.as_bytes().chunks(size) {
                load.push(chunk).expect("chunk");
            }
            assert_eq!(load.read_bytes(), TWO.len() as u64);
            let (data, format, issues) = load.finish().expect("finished");
            assert_eq!((data.len(), format, issues.len()), (2, Format::GeoJson, 0));
        }
        let csv = "event_id_cnty,event_date,latitude,longitude\nMLI1,2024-09-17,12.6,-8.0\n";
        let mut load = Load::new(Size::Unknown, MAX_FILE_BYTES, Accept::Any).expect("load");
        load.push(csv.as_bytes()).expect("csv");
        let (data, format, _) = load.finish().expect("finished");
        assert_eq!((data.len(), format), (1, Format::Acled));
    }

    #[test]
    fn progress_says_how_far_it_got() {
        let mut load =
            Load::new(Size::Announced(2_000_000.0), MAX_FILE_BYTES, Accept::Any).expect("load");
        assert_eq!(load.progress(), (0, Some(2_000_000), 0));
        let part = &TWO.as_bytes()[..TWO.len() - 3];
        load.push(part).expect("push");
        assert_eq!(load.progress(), (part.len() as u64, Some(2_000_000), 1));
        let mut unknown = Load::new(Size::Unknown, MAX_FILE_BYTES, Accept::Any).expect("load");
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
        let mut load = Load::new(
            Size::About(MAX_FILE_BYTES as f64),
            MAX_FILE_BYTES,
            Accept::Any,
        )
        .expect("load");
        load.push(text.as_bytes()).expect("push");
        let (data, _, _) = load.finish().expect("finished");
        assert_eq!(data.len(), 2_100);
    }

    #[test]
    fn an_announced_size_that_lies_is_said_so() {
        let mut longer =
            Load::new(Size::Announced(100.0), MAX_FILE_BYTES, Accept::Any).expect("load");
        longer.push(&TWO.as_bytes()[..100]).expect("as announced");
        let e = longer.push(b" ").expect_err("one byte more");
        assert_eq!(
            e.to_string(),
            "the stream gave more than the 100 bytes its totalBytes announced"
        );

        let mut shorter =
            Load::new(Size::Announced(2e6), MAX_FILE_BYTES, Accept::Any).expect("load");
        shorter.push(TWO.as_bytes()).expect("fewer");
        let e = shorter.finish().expect_err("cut short");
        assert_eq!(
            e.to_string(),
            format!("the stream ended after {} bytes of the 2.0 MB its totalBytes announced (cut short?)", TWO.len())
        );

        // An estimate is not checked: a compressed download gives more than its Content-Length.
        let mut about = Load::new(Size::About(100.0), MAX_FILE_BYTES, Accept::Any).expect("load");
        about.push(TWO.as_bytes()).expect("more than the estimate");
        assert_eq!(
            about.progress(),
            (294, None, 2),
            "no percentage past the estimate"
        );
        assert_eq!(TWO.len(), 294);
        assert_eq!(about.finish().expect("read").0.len(), 2);
    }

    #[test]
    fn csv_streams_row_by_row_with_progress() {
        let header = "event_id_cnty,event_date,latitude,longitude,notes\n";
        let mut load = Load::new(Size::Unknown, MAX_FILE_BYTES, Accept::Any).expect("load");
        load.push(header.as_bytes()).expect("header");
        for k in 0..10 {
            load.push(format!("MLI{k},2024-09-17,12.6,-8.0,\"a note").as_bytes())
                .expect("row");
            load.push(b", cut\"\n").expect("its end");
            assert_eq!(load.features_read(), k + 1);
        }
        assert_eq!(load.progress().2, 10, "rows read as they come");
        let (data, format, issues) = load.finish().expect("read");
        assert_eq!((data.len(), format, issues.len()), (10, Format::Acled, 0));
        let notes = data.incident(0).expect("one").summary;
        assert_eq!(notes.get("en"), "a note, cut");
    }

    #[test]
    fn geojson_only_refuses_csv_and_api_responses_as_the_whole_text_does() {
        let csv = "event_id_cnty,event_date,latitude,longitude\nMLI1,2024-09-17,12.6,-8.0\n";
        let api = include_str!("../tests/fixtures/acled-api.json");
        for text in [csv, api] {
            let mut load = Load::new(Size::Unknown, MAX_FILE_BYTES, Accept::GeoJson).expect("load");
            for chunk in text.as_bytes().chunks(7) {
                load.push(chunk).expect("chunk");
            }
            let whole = crate::import::geojson::import_geojson(text).map(|_| ());
            let streamed = load.finish().map(|_| ());
            assert!(whole.is_err());
            assert_eq!(streamed, whole.map_err(LoadError::Import));
        }
    }
}
