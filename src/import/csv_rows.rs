//! What the CSV importers share: reading the header, walking the rows with the line each starts
//! on, and reading a field as a number, a count, a code or a coordinate, each failure naming the
//! column.
//!
//! The reader is the `csv` crate, set to be forgiving about the shape of a file: rows may have
//! more or fewer fields than the header (a missing field reads as empty), fields are trimmed,
//! quoted fields may hold commas, quotes and line breaks, lines may end in CRLF, and a UTF-8
//! byte-order mark is ignored. A row whose fields are all empty is not a row (spreadsheets
//! write them) and takes no index.

use super::geojson::position;
use super::{Collector, FeatureError, Format, ImportError, Sink};
use crate::decimal;
use crate::incident::Incident;
use crate::projection::LonLat;
use csv::{ReaderBuilder, StringRecord, Trim};
use hashbrown::HashMap;
use std::borrow::Cow;

/// How many characters at the start of a file are looked at for NUL bytes.
const BINARY_SNIFF_CHARS: usize = 8192;

/// One data row, its fields found by (lower-case) column name.
pub(crate) struct Row<'a> {
    record: &'a StringRecord,
    columns: &'a HashMap<String, usize>,
}

impl<'a> Row<'a> {
    /// The field of `column`, trimmed; `None` when the column or the value is absent or blank.
    pub(crate) fn get(&self, column: &str) -> Option<&'a str> {
        let field = self.record.get(*self.columns.get(column)?)?.trim();
        (!field.is_empty()).then_some(field)
    }

    /// The first of `columns` that has a value.
    pub(crate) fn first(&self, columns: &[&str]) -> Option<&'a str> {
        columns.iter().find_map(|c| self.get(c))
    }
}

/// The text of a value for a message: bare when it reads as a number, else in quotes.
fn shown(text: &str) -> String {
    if decimal::parse(text).is_some_and(f64::is_finite) {
        text.to_string()
    } else {
        format!("'{text}'")
    }
}

/// The text without a leading byte-order mark.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Refuses text that is empty, or binary (a NUL near the start).
fn check_text(text: &str) -> Result<(), ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    if text.chars().take(BINARY_SNIFF_CHARS).any(|c| c == '\0') {
        return Err(ImportError::NotCsv(
            "the file holds binary data (NUL bytes), not UTF-8 text".into(),
        ));
    }
    Ok(())
}

fn reader(text: &str) -> csv::Reader<&[u8]> {
    ReaderBuilder::new()
        .flexible(true)
        .trim(Trim::All)
        .has_headers(true)
        .from_reader(text.as_bytes())
}

fn column_names(reader: &mut csv::Reader<&[u8]>) -> Result<Vec<String>, ImportError> {
    let header = reader
        .headers()
        .map_err(|e| ImportError::NotCsv(e.to_string()))?;
    Ok(header
        .iter()
        .map(|name| name.trim().to_ascii_lowercase())
        .collect())
}

/// The header's column names, trimmed and in lower case.
pub(crate) fn header(text: &str) -> Result<Vec<String>, ImportError> {
    let text = without_bom(text);
    check_text(text)?;
    column_names(&mut reader(text))
}

/// The first non-blank line, cut to 60 characters, for messages.
pub(crate) fn preview(text: &str) -> String {
    let line = without_bom(text)
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

/// The 1-based line a record starts on. The reader places a record where its predecessor
/// ended, so the blank lines it skipped before the record are counted in here.
fn start_line(text: &str, position: &csv::Position) -> u64 {
    let rest = text
        .as_bytes()
        .get(position.byte() as usize..)
        .unwrap_or(&[]);
    let blank_lines = rest
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n' | b' ' | b'\t'))
        .filter(|b| **b == b'\n')
        .count();
    position.line() + blank_lines as u64
}

/// Reads a CSV text as `format`: checks that the header has every `required` column, then
/// reads each data row with `read(row, index, warnings)` into `collector`, so that a bad row
/// becomes an issue with its index and line and the other rows still load.
pub(crate) fn read_rows<F, S: Sink>(
    text: &str,
    format: Format,
    required: &[&str],
    mut read: F,
    collector: &mut Collector<S>,
) -> Result<(), ImportError>
where
    F: FnMut(&Row<'_>, usize, &mut Vec<FeatureError>) -> Result<Incident, FeatureError>,
{
    let text = without_bom(text);
    check_text(text)?;
    let mut reader = reader(text);
    let mut columns = HashMap::new();
    for (k, name) in column_names(&mut reader)?.into_iter().enumerate() {
        columns.entry(name).or_insert(k);
    }
    let missing: Vec<String> = required
        .iter()
        .filter(|c| !columns.contains_key(**c))
        .map(|c| c.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns {
            format,
            columns: missing,
        });
    }
    let mut record = StringRecord::new();
    let mut index = 0;
    loop {
        let (line, read_result, warnings) = match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) if record.iter().all(|f| f.trim().is_empty()) => continue,
            Ok(true) => {
                let line = record.position().map(|p| start_line(text, p));
                let row = Row {
                    record: &record,
                    columns: &columns,
                };
                let mut warnings = Vec::new();
                let result = read(&row, index, &mut warnings);
                (line, result, warnings)
            }
            // Reading from a string cannot fail on I/O; any other error is about this row.
            Err(e) if e.is_io_error() => break,
            Err(e) => {
                let line = e.position().map(|p| start_line(text, p));
                (
                    line,
                    Err(FeatureError::bad_value("row", e.to_string())),
                    Vec::new(),
                )
            }
        };
        collector.push(index, line, read_result, warnings);
        index += 1;
    }
    Ok(())
}

/// Reads named fields that come from elsewhere than a CSV text (a JSON object's members) as
/// one row: `read` finds them by name as in a CSV row (names in lower case; a name given twice
/// counts with its last value).
pub(crate) fn with_fields<'f, T>(
    fields: impl IntoIterator<Item = (&'f str, Cow<'f, str>)>,
    read: impl FnOnce(&Row<'_>) -> T,
) -> T {
    let mut record = StringRecord::new();
    let mut columns = HashMap::new();
    for (name, value) in fields {
        columns.insert(name.trim().to_ascii_lowercase(), record.len());
        record.push_field(&value);
    }
    read(&Row {
        record: &record,
        columns: &columns,
    })
}

/// A required decimal number.
fn number(row: &Row<'_>, field: &str) -> Result<f64, FeatureError> {
    let text = row
        .get(field)
        .ok_or_else(|| FeatureError::bad_value(field, "empty"))?;
    decimal::parse(text)
        .ok_or_else(|| FeatureError::bad_value(field, format!("'{text}' is not a number")))
}

/// The point of the `latitude` and `longitude` columns, checked as GeoJSON positions are
/// (finite, in range, and "looks swapped" when swapping would make it valid).
pub(crate) fn point(row: &Row<'_>) -> Result<LonLat, FeatureError> {
    let lat = number(row, "latitude")?;
    let lon = number(row, "longitude")?;
    position(&[lon, lat])
}

/// A number of people: empty is `None`; negative, fractional or non-numeric is an error.
pub(crate) fn count(row: &Row<'_>, field: &str) -> Result<Option<u32>, FeatureError> {
    let Some(text) = row.get(field) else {
        return Ok(None);
    };
    match decimal::parse(text) {
        Some(n) if !n.is_finite() => Err(FeatureError::bad_value(
            field,
            format!("'{text}' is not a number"),
        )),
        Some(n) if n < 0.0 => Err(FeatureError::bad_value(
            field,
            format!("{text} is negative"),
        )),
        Some(n) if n.fract() != 0.0 || n > u32::MAX as f64 => Err(FeatureError::bad_value(
            field,
            format!("{text} is not a whole number of people"),
        )),
        Some(n) => Ok(Some(n as u32)),
        None => Err(FeatureError::bad_value(
            field,
            format!("'{text}' is not a number"),
        )),
    }
}

/// A whole-number code between `1` and `max` (`1.0` is read as `1`); empty means `default`.
/// `what` names the code in the reason ("an ACLED precision code").
pub(crate) fn code(
    row: &Row<'_>,
    field: &str,
    max: u8,
    default: u8,
    what: &str,
) -> Result<u8, FeatureError> {
    let Some(text) = row.get(field) else {
        return Ok(default);
    };
    decimal::parse(text)
        .filter(|n| n.fract() == 0.0 && (1.0..=f64::from(max)).contains(n))
        .map(|n| n as u8)
        .ok_or_else(|| {
            FeatureError::bad_value(field, format!("{} is not {what} 1 to {max}", shown(text)))
        })
}

/// Items of a `;`-separated list, trimmed, blanks dropped.
pub(crate) fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// Parts joined with ", ", blanks dropped, and a part equal (ignoring case) to the one before
/// it dropped too ("Menaka, Menaka, Mali" is "Menaka, Mali").
pub(crate) fn join_place(parts: &[Option<&str>]) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for part in parts.iter().flatten().map(|p| p.trim()) {
        let repeated = kept
            .last()
            .is_some_and(|last| last.eq_ignore_ascii_case(part));
        if !part.is_empty() && !repeated {
            kept.push(part);
        }
    }
    kept.join(", ")
}
