//! CSV read as it arrives: bytes come in chunks of any size, `csv-core`'s incremental reader
//! splits them into records (a record, a quoted field or a character may be cut anywhere by a
//! chunk's end), and each data row is read into the sink as soon as its last byte is in. Only
//! the row in progress is kept, so memory follows the dataset, not the file. A whole text is
//! read the same way, in one chunk.
//!
//! How a file is read: bytes that are not UTF-8 become
//! U+FFFD (as `String::from_utf8_lossy` of the whole makes them); one byte-order mark is
//! dropped; an empty or blank file is [`ImportError::Empty`]; a NUL within the first
//! 8,192 characters makes it binary ([`ImportError::NotCsv`]). The first record is the header
//! (column names trimmed, in lower case; the first of two equal names counts); rows may have
//! more or fewer fields than it; quoted fields may hold commas, quotes and line breaks; lines
//! may end in LF, CR or CRLF and blank lines are skipped. A row whose fields are all blank is
//! not a row (spreadsheets write them) and takes no index. Each row's issues carry the 1-based
//! line it starts on.

use super::csv_rows::{Columns, Row};
use super::stream::decode_into;
use super::{Collector, Detail, FeatureError, Format, ImportError, Sink};
use crate::incident::Incident;
use csv_core::{ReadRecordResult, Reader};

/// How many characters at the start of a file are looked at for NUL bytes.
const BINARY_SNIFF_CHARS: usize = 8192;
/// The room a record's fields start with; it doubles when a record needs more.
const FIRST_FIELD_BYTES: usize = 1024;
/// The room for field ends a record starts with.
const FIRST_FIELDS: usize = 64;

/// Reads one data row into an incident (its index given), adding warnings.
pub(crate) type ReadRow =
    fn(&Row<'_>, usize, &mut Vec<FeatureError>) -> Result<Incident, FeatureError>;

/// A CSV format: its name, the columns it cannot do without, and how a row reads.
#[derive(Clone, Copy)]
pub(crate) struct Layout {
    /// The format.
    pub format: Format,
    /// Columns the header must have.
    pub required: &'static [&'static str],
    /// How a row becomes an incident.
    pub read: ReadRow,
}

/// Which CSV formats a stream takes.
#[derive(Clone, Copy)]
pub(crate) enum Expect {
    /// This one: a header without its required columns is refused.
    Only(Layout),
    /// Whichever the header says: ACLED (`event_id_cnty` or `event_date`) or UCDP GED
    /// (`date_start` and `type_of_violence` or `where_prec`); anything else is an
    /// [`ImportError::UnknownFormat`].
    Any {
        /// The ACLED layout.
        acled: Layout,
        /// The UCDP GED layout.
        ucdp: Layout,
    },
}

/// The header, once read.
enum Header {
    /// Not complete yet; the decoded text so far is kept for the message of an unknown format.
    Pending(String),
    /// Read, and the rows are read with this layout.
    Read(Layout, Box<Columns>),
    /// The header refuses the file.
    Refused(ImportError),
}

/// A CSV file arriving in chunks, read row by row into a sink.
pub struct CsvStream<S> {
    core: Reader,
    expect: Expect,
    header: Header,
    /// Decoded text not yet handed to the reader.
    pending: String,
    /// The start of a character cut by the end of the last chunk.
    cut_char: Vec<u8>,
    /// Whether the start of the text was looked at for a byte-order mark and handed on.
    started: bool,
    /// Characters looked at for NUL bytes so far, and whether one was found.
    sniffed_chars: usize,
    binary: bool,
    /// Whether every character so far is blank.
    blank: bool,
    /// The record in progress: its fields' bytes and where each ends, and how much is used.
    fields: Vec<u8>,
    ends: Vec<usize>,
    fields_len: usize,
    ends_len: usize,
    /// Bytes handed to the reader so far.
    consumed: usize,
    /// The line the last record ended on, and the newlines in the blanks after it so far (the
    /// line a row starts on counts the blank lines skipped before it).
    line_after_record: u64,
    blank_newlines: u64,
    in_blanks: bool,
    next_index: usize,
    collector: Collector<S>,
}

impl<S: Sink> CsvStream<S> {
    /// A stream filling `sink` with rows of the formats `expect` takes.
    pub(crate) fn new(sink: S, expect: Expect) -> Self {
        CsvStream {
            core: Reader::new(),
            expect,
            header: Header::Pending(String::new()),
            pending: String::new(),
            cut_char: Vec::new(),
            started: false,
            sniffed_chars: 0,
            binary: false,
            blank: true,
            fields: vec![0; FIRST_FIELD_BYTES],
            ends: vec![0; FIRST_FIELDS],
            fields_len: 0,
            ends_len: 0,
            consumed: 0,
            line_after_record: 1,
            blank_newlines: 0,
            in_blanks: true,
            next_index: 0,
            collector: Collector::new(sink),
        }
    }

    /// How many rows have been read so far.
    pub fn rows_read(&self) -> usize {
        self.next_index
    }

    /// The sink being filled.
    pub fn sink_mut(&mut self) -> &mut S {
        self.collector.sink_mut()
    }

    /// Takes the next chunk and reads every row it completes.
    pub fn push(&mut self, chunk: &[u8]) {
        decode_into(&mut self.pending, &mut self.cut_char, chunk);
        if !self.started {
            // The byte-order mark, and enough bytes for the reader to tell whether a second
            // one follows (it drops that one itself, whatever the chunks).
            if self.pending.len() < 3 {
                return;
            }
            self.start();
        }
        self.feed();
    }

    /// Drops a leading byte-order mark.
    fn start(&mut self) {
        self.started = true;
        if self.pending.starts_with('\u{feff}') {
            self.pending.drain(..'\u{feff}'.len_utf8());
        }
    }

    /// Hands the pending text to the reader.
    fn feed(&mut self) {
        let text = std::mem::take(&mut self.pending);
        self.sniff(&text);
        if let Header::Pending(kept) = &mut self.header {
            kept.push_str(&text);
        }
        if !text.is_empty() && !matches!(self.header, Header::Refused(_)) {
            self.read(text.as_bytes());
        }
        self.pending = text;
        self.pending.clear();
    }

    /// Notes blank text and NUL bytes near the start.
    fn sniff(&mut self, text: &str) {
        if self.blank && !text.chars().all(char::is_whitespace) {
            self.blank = false;
        }
        if self.sniffed_chars < BINARY_SNIFF_CHARS {
            for c in text.chars().take(BINARY_SNIFF_CHARS - self.sniffed_chars) {
                self.binary |= c == '\0';
                self.sniffed_chars += 1;
            }
        }
    }

    /// Reads `input` (all of it; an empty input is the end of the file).
    fn read(&mut self, mut input: &[u8]) {
        let at_end = input.is_empty();
        loop {
            let (result, read, written, ended) = self.core.read_record(
                input,
                &mut self.fields[self.fields_len..],
                &mut self.ends[self.ends_len..],
            );
            self.count_blank_lines(&input[..read]);
            self.consumed += read;
            input = &input[read..];
            self.fields_len += written;
            self.ends_len += ended;
            match result {
                ReadRecordResult::InputEmpty if input.is_empty() && !at_end => return,
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.fields.resize(self.fields.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => self.record(),
                ReadRecordResult::End => return,
            }
            if matches!(self.header, Header::Refused(_)) {
                return;
            }
        }
    }

    /// Counts the newlines in the blanks that follow the last record.
    fn count_blank_lines(&mut self, bytes: &[u8]) {
        if !self.in_blanks {
            return;
        }
        for &b in bytes {
            if !matches!(b, b'\r' | b'\n' | b' ' | b'\t') {
                self.in_blanks = false;
                return;
            }
            self.blank_newlines += u64::from(b == b'\n');
        }
    }

    /// A record is complete: the header, or a row.
    fn record(&mut self) {
        let line = self.line_after_record + self.blank_newlines;
        (self.line_after_record, self.blank_newlines, self.in_blanks) = (self.core.line(), 0, true);
        let (fields_len, ends_len) = (self.fields_len, self.ends_len);
        (self.fields_len, self.ends_len) = (0, 0);
        // Fields are cut at ASCII bytes of UTF-8 text, so they are UTF-8.
        let text = std::str::from_utf8(&self.fields[..fields_len]).unwrap_or_default();
        let ends = &self.ends[..ends_len];
        let header = match &self.header {
            Header::Pending(kept) => {
                let columns = Columns::from_header(text, ends);
                // What came before the header's end, for the message of an unknown format.
                let kept = kept.get(..self.consumed).unwrap_or(kept);
                match choose(self.expect, &columns, kept) {
                    Ok(layout) => Header::Read(layout, Box::new(columns)),
                    Err(e) => Header::Refused(e),
                }
            }
            Header::Read(layout, columns) => {
                let row = Row::new(text, ends, columns);
                if !row.is_blank() {
                    let mut warnings = Vec::new();
                    let read = (layout.read)(&row, self.next_index, &mut warnings);
                    self.collector
                        .push(self.next_index, Some(line), read, warnings);
                    self.next_index += 1;
                }
                return;
            }
            Header::Refused(_) => return,
        };
        self.header = header;
    }

    /// Finishes reading: the format, the sink and the issues, or why the file is not CSV of
    /// the expected format.
    pub fn finish(mut self) -> Result<(Format, S, Vec<crate::import::ImportIssue>), ImportError> {
        // A character the last chunk cut short is one U+FFFD, as in the whole text.
        let cut_short = String::from_utf8_lossy(&std::mem::take(&mut self.cut_char)).into_owned();
        self.pending.push_str(&cut_short);
        if !self.started {
            self.start();
        }
        self.feed();
        if !matches!(self.header, Header::Refused(_)) {
            self.read(&[]);
        }
        if self.blank {
            return Err(ImportError::Empty);
        }
        if self.binary {
            let reason = Detail::BinaryData;
            return Err(match self.expect {
                Expect::Only(_) => ImportError::NotCsv(reason),
                Expect::Any { .. } => ImportError::UnknownFormat(reason),
            });
        }
        let format = match self.header {
            Header::Read(layout, _) => layout.format,
            Header::Refused(e) => return Err(e),
            // No record at all: the header is empty.
            Header::Pending(kept) => {
                let columns = Columns::from_header("", &[]);
                choose(self.expect, &columns, &kept)?.format
            }
        };
        let (sink, issues) = self.collector.into_parts();
        Ok((format, sink, issues))
    }
}

/// The layout a header says, or why it is refused; `kept` is the text up to the header's end.
fn choose(expect: Expect, columns: &Columns, kept: &str) -> Result<Layout, ImportError> {
    let layout = match expect {
        Expect::Only(layout) => layout,
        Expect::Any { acled, ucdp } => {
            let has = |name| columns.has(name);
            if has("event_id_cnty") || has("event_date") {
                acled
            } else if has("date_start") && (has("type_of_violence") || has("where_prec")) {
                ucdp
            } else {
                return Err(ImportError::UnknownFormat(Detail::FirstLine(preview(kept))));
            }
        }
    };
    let missing: Vec<String> = layout
        .required
        .iter()
        .filter(|c| !columns.has(c))
        .map(|c| c.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns {
            format: layout.format,
            columns: missing,
        });
    }
    Ok(layout)
}

/// The first non-blank line, cut to 60 characters, for messages.
fn preview(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    let mut cut: String = line.chars().take(60).collect();
    if cut.len() < line.len() {
        cut.push('…');
    }
    cut
}

// Native only: the reference reader (the csv crate) and proptest are native dev-dependencies.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::import::file_stream::{Accept, FileStream};
    use crate::import::{ImportIssue, Listed, Reason};

    /// A layout that turns every row into an issue holding its trimmed fields, so that the
    /// issues list each row with its index and line.
    const ECHO: Layout = Layout {
        format: Format::Acled,
        required: &[],
        read: |row, _, _| {
            Err(FeatureError::bad_value(
                "row",
                Reason::Parser(row.trimmed_fields().join("|")),
            ))
        },
    };

    /// `bytes` read by the stream in chunks of `sizes` (cycled): the rows as issues, or why not.
    fn streamed(bytes: &[u8], sizes: &[usize]) -> Result<Vec<ImportIssue>, ImportError> {
        let mut stream = CsvStream::new(Listed::default(), Expect::Only(ECHO));
        let mut rest = bytes;
        for &size in sizes.iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (piece, after) = rest.split_at(size.clamp(1, rest.len()));
            stream.push(piece);
            rest = after;
        }
        stream.finish().map(|(_, _, issues)| issues)
    }

    /// The same rows as the `csv` crate reads the whole text (as this importer did before it
    /// streamed): flexible, trimmed, a header, all-blank rows skipped, each row's line counted
    /// from where the reader puts it plus the blank lines before it.
    fn reference(bytes: &[u8]) -> Result<Vec<ImportIssue>, ImportError> {
        let decoded = String::from_utf8_lossy(bytes);
        let text = decoded.strip_prefix('\u{feff}').unwrap_or(&decoded);
        if text.trim().is_empty() {
            return Err(ImportError::Empty);
        }
        if text.chars().take(BINARY_SNIFF_CHARS).any(|c| c == '\0') {
            return Err(ImportError::NotCsv(Detail::BinaryData));
        }
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut issues = Vec::new();
        for record in reader.records() {
            let record = record.expect("a str is UTF-8");
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let position = record.position().expect("a position");
            let blank_lines = text.as_bytes()[position.byte() as usize..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n' | b' ' | b'\t'))
                .filter(|b| **b == b'\n')
                .count() as u64;
            let fields: Vec<&str> = record.iter().map(str::trim).collect();
            issues.push(ImportIssue {
                index: issues.len(),
                line: Some(position.line() + blank_lines),
                skipped: true,
                reason: FeatureError::bad_value("row", Reason::Parser(fields.join("|"))),
            });
        }
        Ok(issues)
    }

    #[test]
    fn rows_cut_anywhere_read_as_the_whole_text() {
        let text = "\u{feff}a,b,c\r\n1,\"two, \"\"quoted\"\"\nover lines\",3\n\n\n  ,  \n\
                    é,日本,😀\r\r\nlast,\"no end";
        let expected = reference(text.as_bytes());
        assert_eq!(expected.as_ref().map(Vec::len), Ok(3));
        for size in 1..text.len() + 1 {
            assert_eq!(
                streamed(text.as_bytes(), &[size]),
                expected,
                "chunks of {size}"
            );
        }
        let lines: Vec<_> = expected
            .iter()
            .flatten()
            .map(|i| (i.index, i.line))
            .collect();
        assert_eq!(lines, [(0, Some(2)), (1, Some(7)), (2, Some(8))]);
    }

    #[test]
    fn the_row_in_progress_is_all_that_is_kept() {
        let mut stream = CsvStream::new(Listed::default(), Expect::Only(ECHO));
        stream.push(b"a,b,c\n");
        let row = "1,\"a quoted field, with a comma\",3\n";
        for _ in 0..5_000 {
            stream.push(row.as_bytes());
            assert!(stream.pending.capacity() <= 2 * row.len() + 8);
            assert!(stream.fields.len() <= FIRST_FIELD_BYTES);
        }
        assert!(
            matches!(stream.header, Header::Read(..)),
            "the header text is dropped"
        );
        assert_eq!(stream.rows_read(), 5_000);
    }

    #[test]
    fn a_csv_file_streamed_reads_as_its_whole_text() {
        for name in [
            "acled-current.csv",
            "acled-bad.csv",
            "acled-legacy.csv",
            "ucdp-ged.csv",
            "ucdp-bad.csv",
        ] {
            let text = std::fs::read_to_string(format!(
                "{}/tests/fixtures/{name}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .expect("fixture");
            let whole = crate::import::import_any(&text).map(|(f, i)| (f, i.incidents, i.issues));
            assert!(whole.is_ok(), "{name}");
            for size in [1, 2, 3, 5, 64, 1000] {
                let mut stream = FileStream::new(Listed::default(), Accept::Any);
                text.as_bytes().chunks(size).for_each(|c| stream.push(c));
                let read = stream
                    .finish()
                    .map(|(f, sink, issues)| (f, sink.into_incidents(), issues));
                assert_eq!(read, whole, "{name} in chunks of {size}");
            }
        }
    }

    #[test]
    fn headers_that_say_no_format_are_refused_with_their_first_line() {
        let any = |text: &str| crate::import::import_any(text).map(|(format, _)| format);
        assert_eq!(
            any("\n\nname,place\nx,y\n"),
            Err(ImportError::UnknownFormat(Detail::FirstLine(
                "name,place".into()
            )))
        );
        assert_eq!(
            any("a,b\0,c\n"),
            Err(ImportError::UnknownFormat(Detail::BinaryData))
        );
        assert_eq!(any(" \u{a0}\n\t"), Err(ImportError::Empty));
        assert_eq!(
            any("date_start,where_prec,latitude,longitude\n"),
            Ok(Format::Ucdp)
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Pieces CSV is made of, multi-byte characters (and their parts), quotes and line
        /// ends included; now and then a NUL.
        fn piece() -> impl Strategy<Value = &'static [u8]> {
            let text = prop::sample::select(vec![
                &b"a"[..],
                b"xyz",
                b",",
                b",",
                b"\"",
                b"\"\"",
                b"\n",
                b"\r\n",
                b"\r",
                b" ",
                b"\t",
                "é".as_bytes(),
                "日".as_bytes(),
                "😀".as_bytes(),
                b"\xf0\x9f",
                b"\x80",
                b"\xef\xbb\xbf",
            ]);
            prop_oneof![200 => text, 1 => Just(&b"\0"[..])]
        }

        proptest! {
            #[test]
            fn streamed_in_random_chunks_reads_as_the_csv_crate_reads_the_whole(
                pieces in prop::collection::vec(piece(), 0..80),
                sizes in prop::collection::vec(1usize..12, 1..8),
            ) {
                let bytes = pieces.concat();
                prop_assert_eq!(streamed(&bytes, &sizes), reference(&bytes));
            }
        }
    }
}
