//! A file of any format read as it arrives, and every whole text read the same way (in one
//! chunk), so that a text and a stream of it read alike. The first byte that is not blank
//! (after a byte-order mark) decides: `{` or `[` is JSON, read by
//! [`GeoJsonStream`] (GeoJSON, or an ACLED API response);
//! anything else is CSV, read by [`CsvStream`], whose header
//! says ACLED or UCDP GED.

use super::csv_stream::{CsvStream, Expect};
use super::stream::GeoJsonStream;
use super::{acled, ucdp, Detail, Format, Import, ImportError, ImportIssue, Sink};
use crate::incident::Incident;

/// What a file may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accept {
    /// GeoJSON, an ACLED API response, an ACLED CSV export or a UCDP GED CSV.
    Any,
    /// GeoJSON only: anything else is refused.
    GeoJson,
    /// An ACLED CSV export only.
    AcledCsv,
    /// A UCDP GED CSV only.
    UcdpCsv,
}

/// What is being read.
enum Reading<S> {
    /// The first bytes, until one that is not blank says which format; the sink waits.
    Sniffing(Vec<u8>, S),
    Json(Box<GeoJsonStream<S>>),
    Csv(Box<CsvStream<S>>),
    /// GeoJSON was asked for and the text is not JSON: what came is kept for the message.
    NotJson(Box<GeoJsonStream<S>>),
}

/// A file read chunk by chunk into a sink.
pub struct FileStream<S> {
    /// Always `Some` between calls.
    reading: Option<Reading<S>>,
    accept: Accept,
}

/// What a finished read gives: the format, the sink and the issues.
pub type Read<S> = (Format, S, Vec<ImportIssue>);

impl<S: Sink> FileStream<S> {
    /// A stream filling `sink` with a file of a format `accept` takes.
    pub fn new(sink: S, accept: Accept) -> Self {
        FileStream {
            reading: Some(Reading::Sniffing(Vec::new(), sink)),
            accept,
        }
    }

    /// Reads a whole text (as one chunk).
    pub fn read_text(sink: S, accept: Accept, text: &str) -> Result<Read<S>, ImportError> {
        let mut stream = FileStream::new(sink, accept);
        stream.push(text.as_bytes());
        stream.finish()
    }

    /// Reads a whole text into a list of incidents.
    pub(crate) fn import_text(accept: Accept, text: &str) -> Result<(Format, Import), ImportError>
    where
        S: Default + Into<Vec<Incident>>,
    {
        let (format, sink, issues) = FileStream::read_text(S::default(), accept, text)?;
        Ok((
            format,
            Import {
                incidents: sink.into(),
                issues,
            },
        ))
    }

    /// Takes the next chunk.
    pub fn push(&mut self, chunk: &[u8]) {
        self.reading = self.reading.take().map(|reading| match reading {
            Reading::Sniffing(mut bytes, sink) => {
                bytes.extend_from_slice(chunk);
                let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
                match text.iter().find(|b| !b.is_ascii_whitespace()) {
                    Some(&first) => self.start(first == b'{' || first == b'[', &bytes, sink),
                    None => Reading::Sniffing(bytes, sink),
                }
            }
            Reading::Json(mut stream) => {
                stream.push(chunk);
                Reading::Json(stream)
            }
            Reading::Csv(mut stream) => {
                stream.push(chunk);
                Reading::Csv(stream)
            }
            not_json @ Reading::NotJson(_) => not_json,
        });
    }

    /// The reader the first bytes call for, given those bytes.
    fn start(&self, json: bool, bytes: &[u8], sink: S) -> Reading<S> {
        let expect = match (self.accept, json) {
            (Accept::Any | Accept::GeoJson, true) | (Accept::GeoJson, false) => {
                let mut stream = Box::new(GeoJsonStream::new(sink));
                stream.push(bytes);
                return if json {
                    Reading::Json(stream)
                } else {
                    // The JSON reader's own message for what is not JSON, from the first bytes.
                    Reading::NotJson(stream)
                };
            }
            (Accept::Any, false) => Expect::Any {
                acled: acled::LAYOUT,
                ucdp: ucdp::LAYOUT,
            },
            (Accept::AcledCsv, _) => Expect::Only(acled::LAYOUT),
            (Accept::UcdpCsv, _) => Expect::Only(ucdp::LAYOUT),
        };
        let mut stream = Box::new(CsvStream::new(sink, expect));
        stream.push(bytes);
        Reading::Csv(stream)
    }

    /// Items (features or rows) read so far.
    pub fn items_read(&self) -> usize {
        match &self.reading {
            Some(Reading::Json(stream)) => stream.features_read(),
            Some(Reading::Csv(stream)) => stream.rows_read(),
            _ => 0,
        }
    }

    /// The sink being filled.
    pub fn sink_mut(&mut self) -> Option<&mut S> {
        match self.reading.as_mut()? {
            Reading::Sniffing(_, sink) => Some(sink),
            Reading::Json(stream) | Reading::NotJson(stream) => Some(stream.sink_mut()),
            Reading::Csv(stream) => Some(stream.sink_mut()),
        }
    }

    /// Finishes reading: the format, the sink and the issues, or why the file is not one
    /// `accept` takes.
    pub fn finish(self) -> Result<Read<S>, ImportError> {
        match self.reading {
            // Nothing but blanks came.
            None | Some(Reading::Sniffing(..)) => Err(ImportError::Empty),
            Some(Reading::Json(stream) | Reading::NotJson(stream)) => {
                let read = stream.finish()?;
                match (self.accept, read.0) {
                    (Accept::GeoJson, Format::Acled) => {
                        Err(ImportError::NotGeoJson(Detail::AcledApiResponse))
                    }
                    _ => Ok(read),
                }
            }
            Some(Reading::Csv(stream)) => stream.finish(),
        }
    }
}
