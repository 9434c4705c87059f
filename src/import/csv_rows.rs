//! What the CSV importers share: a row's fields found by column name, and reading a field as
//! a number, a count, a code or a coordinate, each failure naming the column. The rows
//! themselves come from [`CsvStream`](super::csv_stream::CsvStream), which says how a file is
//! split into them.

use super::geojson::position;
use super::{FeatureError, Format, Reason};
use crate::decimal;
use crate::projection::LonLat;
use std::borrow::Cow;
use std::cell::Cell;

/// Where each column is, by its (lower-case) name.
pub(crate) struct Columns {
    /// Each column's name, trimmed and in lower case, in order.
    names: Vec<String>,
    /// Whether a name given twice counts with its last column (a JSON object's members)
    /// rather than its first (a CSV header).
    last_counts: bool,
    /// Names looked up lately, by address: an importer asks for the same few names (string
    /// constants) row after row, and comparing where a name is and how long it is costs less
    /// than looking for it. Each entry: the name's address and length, and its column.
    seen: [Cell<(usize, usize, Option<usize>)>; SEEN],
}

/// How many names [`Columns`] remembers by address.
const SEEN: usize = 64;

impl Columns {
    /// The columns of a header record (`text` holds its fields one after the other, each
    /// ending at `ends`): names trimmed and in lower case, the first of two equal names
    /// counting.
    pub(crate) fn from_header(text: &str, ends: &[usize]) -> Columns {
        Columns::new(fields(text, ends), false)
    }

    fn new<'n>(names: impl Iterator<Item = &'n str>, last_counts: bool) -> Columns {
        Columns {
            names: names.map(|n| n.trim().to_ascii_lowercase()).collect(),
            last_counts,
            seen: std::array::from_fn(|_| Cell::new((0, 0, None))),
        }
    }

    /// The column of `name`, looked for (a look-up costs a comparison per column, and there
    /// are only so many names an importer asks for).
    fn find(&self, name: &str) -> Option<usize> {
        let mut found = (0..self.names.len()).filter(|&k| self.names[k] == name);
        match self.last_counts {
            true => found.next_back(),
            false => found.next(),
        }
    }

    /// True when the header has the column.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// The column of `name`, if the header has it. (Static: a name's address says which it is
    /// only while it cannot be freed.)
    fn of(&self, name: &'static str) -> Option<usize> {
        let (address, length) = (name.as_ptr() as usize, name.len());
        let slot = &self.seen[(address ^ address >> 6 ^ length) % SEEN];
        match slot.get() {
            (a, l, column) if (a, l) == (address, length) => column,
            _ => {
                let column = self.find(name);
                slot.set((address, length, column));
                column
            }
        }
    }
}

/// The fields of a record: `text` cut at `ends`.
fn fields<'a>(text: &'a str, ends: &'a [usize]) -> impl Iterator<Item = &'a str> + 'a {
    let starts = std::iter::once(0).chain(ends.iter().copied());
    starts
        .zip(ends)
        .map(|(start, &end)| text.get(start..end).unwrap_or_default())
}

/// One data row, its fields found by (lower-case) column name.
pub(crate) struct Row<'a> {
    text: &'a str,
    ends: &'a [usize],
    columns: &'a Columns,
}

impl<'a> Row<'a> {
    /// The row whose fields are `text` cut at `ends`, under the header's `columns`.
    pub(crate) fn new(text: &'a str, ends: &'a [usize], columns: &'a Columns) -> Self {
        Row {
            text,
            ends,
            columns,
        }
    }

    /// True when every field is blank: not a row.
    pub(crate) fn is_blank(&self) -> bool {
        fields(self.text, self.ends).all(|f| f.trim().is_empty())
    }

    /// The field of `column`, trimmed; `None` when the column or the value is absent or blank.
    pub(crate) fn get(&self, column: &'static str) -> Option<&'a str> {
        let k = self.columns.of(column)?;
        let start = match k {
            0 => 0,
            _ => *self.ends.get(k - 1)?,
        };
        let field = self.text.get(start..*self.ends.get(k)?)?.trim();
        (!field.is_empty()).then_some(field)
    }

    /// Every field, trimmed (for the native tests that compare whole rows).
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub(crate) fn trimmed_fields(&self) -> Vec<&'a str> {
        fields(self.text, self.ends).map(str::trim).collect()
    }

    /// The first of `columns` that has a value.
    pub(crate) fn first(&self, columns: &[&'static str]) -> Option<&'a str> {
        columns.iter().find_map(|c| self.get(c))
    }
}

/// Reads named fields that come from elsewhere than a CSV text (a JSON object's members) as
/// one row: `read` finds them by name as in a CSV row (names in lower case; a name given twice
/// counts with its last value).
pub(crate) fn with_fields<'f, T>(
    fields: impl IntoIterator<Item = (&'f str, Cow<'f, str>)>,
    read: impl FnOnce(&Row<'_>) -> T,
) -> T {
    let (mut text, mut ends, mut names) = (String::new(), Vec::new(), Vec::new());
    for (name, value) in fields {
        names.push(name);
        text.push_str(&value);
        ends.push(text.len());
    }
    read(&Row::new(
        &text,
        &ends,
        &Columns::new(names.into_iter(), true),
    ))
}

/// A required decimal number.
fn number(row: &Row<'_>, field: &'static str) -> Result<f64, FeatureError> {
    let text = row
        .get(field)
        .ok_or_else(|| FeatureError::bad_value(field, Reason::Empty))?;
    decimal::parse(text)
        .ok_or_else(|| FeatureError::bad_value(field, Reason::NotANumber(text.to_string())))
}

/// The point of the `latitude` and `longitude` columns, checked as GeoJSON positions are
/// (finite, in range, and "looks swapped" when swapping would make it valid).
pub(crate) fn point(row: &Row<'_>) -> Result<LonLat, FeatureError> {
    let lat = number(row, "latitude")?;
    let lon = number(row, "longitude")?;
    position(&[lon, lat])
}

/// A number of people: empty is `None`; negative, fractional or non-numeric is an error.
pub(crate) fn count(row: &Row<'_>, field: &'static str) -> Result<Option<u32>, FeatureError> {
    let Some(text) = row.get(field) else {
        return Ok(None);
    };
    match decimal::parse(text) {
        Some(n) if !n.is_finite() => Err(FeatureError::bad_value(
            field,
            Reason::NotANumber(text.to_string()),
        )),
        Some(n) if n < 0.0 => Err(FeatureError::bad_value(
            field,
            Reason::Negative(text.to_string()),
        )),
        Some(n) if n.fract() != 0.0 || n > u32::MAX as f64 => Err(FeatureError::bad_value(
            field,
            Reason::NotWholePeople(text.to_string()),
        )),
        Some(n) => Ok(Some(n as u32)),
        None => Err(FeatureError::bad_value(
            field,
            Reason::NotANumber(text.to_string()),
        )),
    }
}

/// A whole-number code between `1` and `max` (`1.0` is read as `1`); empty means `default`.
/// `format` says whose code it is, for the reason.
pub(crate) fn code(
    row: &Row<'_>,
    field: &'static str,
    max: u8,
    default: u8,
    format: Format,
) -> Result<u8, FeatureError> {
    let Some(text) = row.get(field) else {
        return Ok(default);
    };
    decimal::parse(text)
        .filter(|n| n.fract() == 0.0 && (1.0..=f64::from(max)).contains(n))
        .map(|n| n as u8)
        .ok_or_else(|| {
            let text = text.to_string();
            FeatureError::bad_value(field, Reason::NotCode { text, format, max })
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
