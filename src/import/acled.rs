//! ACLED CSV exports: the current 31-column layout (with `disorder_type` and
//! `civilian_targeting`) and the layout used before March 2023 (with `data_id`,
//! `event_id_no_cnty`, `iso3`). Columns are found by header name, so their order does not
//! matter; only `event_date`, `latitude` and `longitude` are required. The ACLED API's JSON
//! rows (objects of the same columns) are read as CSV rows are.
//!
//! How a row becomes an incident:
//!
//! | column(s) | incident |
//! |---|---|
//! | `event_id_cnty`, else `data_id`, else `event_id_no_cnty` | `id` (else `acled-row-N`, N the row index) |
//! | `event_date`: `YYYY-MM-DD`, `DD-MM-YYYY`, `DD/MM/YYYY`, `16 February 2023` or `16-February-2023` | a one-day span |
//! | `time_precision`, `geo_precision` (1–3, default 1) | the precisions, same codes |
//! | `event_type`, `sub_event_type` | the same; an unknown type loads as Other with a warning |
//! | (none: ACLED has no title) | no title: the widget shows the sub-event type (else the type) and the place in the reader's language, "Armed clash in Tessit, Gao, Mali", "Affrontement armé à Tessit, Gao, Mali" |
//! | `location`, `admin1`, `country` | place "Tessit, Gao, Mali" |
//! | `actor1`, `assoc_actor_1`, `actor2`, `assoc_actor_2` (each may list several, `;`-separated) | actors |
//! | `notes` | summary (line breaks as `\n`) |
//! | `source` (`;`-separated) | sources, each dated `event_date`, without links |
//! | `fatalities` | low = best = the value, by "ACLED (lowest reported)", with one claim by ACLED; empty means not reported |
//!
//! ACLED records the most conservative credible figure, so its count is given as the low (and
//! best) figure, not as a high one, and the claim says so.

use super::csv_rows::{self, Row};
use super::csv_stream::Layout;
use super::file_stream::{Accept, FileStream};
use super::properties::{self, Val};
use super::{labels, Collector, FeatureError, Format, Import, ImportError, Listed, Reason, Sink};
use crate::i18n::ImportText as T;
use crate::incident::{Claim, EventType, Fatalities, Figure, Geometry, Incident, PlacePrecision};
use crate::incident::{Source, Text};
use crate::timeline::{month_from_name, DateSpan, Day, TimePrecision};
use serde_json::value::RawValue;
use std::borrow::Cow;

/// Reads every incident of an ACLED CSV export; see the module doc. A file whose header lacks
/// `event_date`, `latitude` or `longitude` is not an ACLED export.
pub fn import_acled(text: &str) -> Result<Import, ImportError> {
    FileStream::<Listed>::import_text(Accept::AcledCsv, text).map(|(_, import)| import)
}

/// The ACLED CSV layout, for [`CsvStream`](super::csv_stream::CsvStream).
pub(crate) const LAYOUT: Layout = Layout {
    format: Format::Acled,
    required: &["event_date", "latitude", "longitude"],
    read: incident_from_row,
};

/// Reads the rows of an ACLED API response (the `data` array of [`super::json::items`]) into
/// `collector`: each row is an object whose members are the CSV's columns, values given as
/// strings (as the API sends numbers) or numbers, and is read as a CSV row is; a row is
/// reported with its index and the line of `text` it starts on.
pub(crate) fn read_api_rows<S: Sink>(text: &str, rows: &[&RawValue], collector: &mut Collector<S>) {
    let mut lines = LineCounter::new(text);
    for (index, raw) in rows.iter().enumerate() {
        let line = lines.line_of(raw.get());
        let mut warnings = Vec::new();
        let read = api_row_members(raw.get()).and_then(|members| {
            let fields = members.iter().filter_map(|(name, value)| {
                Some((name.as_ref(), properties::trimmed(Some(value))?))
            });
            csv_rows::with_fields(fields, |row| incident_from_row(row, index, &mut warnings))
        });
        collector.push(index, Some(line), read, warnings);
    }
}

/// The members of one API row, or why it is not an object.
fn api_row_members(text: &str) -> Result<Vec<(Cow<'_, str>, Val<'_>)>, FeatureError> {
    match serde_json::from_str(text) {
        Ok(Val::Object(members)) => Ok(members),
        Ok(other) => Err(FeatureError::bad_value(
            "row",
            Reason::NotAnObject(other.to_string()),
        )),
        Err(e) => Err(FeatureError::bad_value(
            "row",
            Reason::Parser(e.to_string()),
        )),
    }
}

/// The 1-based line of places in a text, found going forward.
struct LineCounter<'t> {
    text: &'t str,
    /// The byte counted up to, and the line it is on.
    at: usize,
    line: u64,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text,
            at: 0,
            line: 1,
        }
    }

    /// The line `part` (a slice of the text, at or after the last one asked about) starts on.
    fn line_of(&mut self, part: &str) -> u64 {
        let offset = (part.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let skipped = self.text.get(self.at..offset).unwrap_or_default();
        self.line += skipped.bytes().filter(|b| *b == b'\n').count() as u64;
        self.at = self.at.max(offset);
        self.line
    }
}

/// An ACLED `event_date` in any of the forms the module doc lists.
fn parse_acled_date(text: &str) -> Option<Day> {
    let text = text.trim();
    Day::parse_iso(text).ok().or_else(|| {
        // Day first: `DD-MM-YYYY`, `DD/MM/YYYY`, `DD Month YYYY`, `DD-Month-YYYY`.
        let separator = text.chars().find(|c| matches!(c, '-' | '/' | ' '))?;
        let mut parts = text.split(separator).filter(|p| !p.is_empty());
        let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
        let month = match separator {
            '/' => month.parse().ok()?,
            ' ' => month_from_name(month)?,
            _ => month.parse().ok().or_else(|| month_from_name(month))?,
        };
        if parts.next().is_some() || day.len() > 2 || year.len() != 4 {
            return None;
        }
        Day::from_ymd(year.parse().ok()?, month, day.parse().ok()?)
    })
}

fn incident_from_row(
    row: &Row<'_>,
    index: usize,
    warnings: &mut Vec<FeatureError>,
) -> Result<Incident, FeatureError> {
    let date_text = row
        .get("event_date")
        .ok_or_else(|| FeatureError::MissingDate {
            field: "event_date".into(),
        })?;
    let day = parse_acled_date(date_text).ok_or_else(|| {
        FeatureError::bad_date("event_date", Reason::NotAnAcledDate(date_text.to_string()))
    })?;
    let anchor = csv_rows::point(row)?;
    let time_code = csv_rows::code(row, "time_precision", 3, 1, Format::Acled)?;
    let geo_code = csv_rows::code(row, "geo_precision", 3, 1, Format::Acled)?;
    let precision = TimePrecision::from_code(time_code).unwrap_or(TimePrecision::Day);
    let span = DateSpan {
        start: day,
        end: day,
        precision,
        ongoing: false,
    };
    let fatalities = match csv_rows::count(row, "fatalities")? {
        None => Fatalities::default(),
        Some(n) => fatalities(n),
    };
    let event_label = row.get("event_type");
    let event_type = match event_label {
        None => EventType::Other,
        Some(label) => EventType::from_label(label).unwrap_or_else(|| {
            warnings.push(FeatureError::UnknownEventType {
                value: label.to_string(),
            });
            EventType::Other
        }),
    };
    let sub_event_type = row.get("sub_event_type").unwrap_or_default();
    let location = row.get("location");
    let place = csv_rows::join_place(&[location, row.get("admin1"), row.get("country")]);
    let mut actors: Vec<String> = Vec::new();
    let actor_fields = ["actor1", "assoc_actor_1", "actor2", "assoc_actor_2"];
    for actor in actor_fields
        .iter()
        .filter_map(|f| row.get(f))
        .flat_map(csv_rows::split_list)
    {
        if !actors.iter().any(|a| a == actor) {
            actors.push(actor.to_string());
        }
    }
    let date = day.to_iso();
    let sources = row
        .get("source")
        .into_iter()
        .flat_map(csv_rows::split_list)
        .map(|publisher| Source {
            publisher: publisher.to_string(),
            title: String::new(),
            date: Some(date.clone()),
            url: None,
        })
        .collect();
    let id = row
        .first(&["event_id_cnty", "data_id", "event_id_no_cnty"])
        .map_or_else(|| format!("acled-row-{index}"), str::to_string);
    Ok(Incident {
        id,
        // ACLED has no title: the widget writes "Armed clash in Tessit" from the type and the
        // place, in the reader's language.
        title: Text::default(),
        summary: row
            .get("notes")
            .map(|notes| match notes.contains('\r') {
                true => Text::plain(notes.replace("\r\n", "\n")),
                false => Text::plain(notes),
            })
            .unwrap_or_default(),
        span,
        place: if place.is_empty() {
            Text::default()
        } else {
            Text::plain(place)
        },
        place_precision: PlacePrecision::from_code(geo_code).unwrap_or(PlacePrecision::Exact),
        geometry: Geometry::Points(vec![anchor]),
        anchor,
        event_type,
        sub_event_type: sub_event_type.to_string(),
        actors,
        fatalities,
        sources,
    })
}

/// ACLED's count as our figures: the lowest credible number, attributed, with ACLED's claim.
fn fatalities(n: u32) -> Fatalities {
    let figure = Some(Figure {
        value: n,
        by: labels::english(T::AcledLowest, &[]),
    });
    Fatalities {
        low: figure.clone(),
        best: figure,
        high: None,
        estimate: false,
        note: None,
        claims: vec![Claim {
            by: "ACLED".into(),
            claim: labels::english(T::AcledClaim, &[&n.to_string()]),
            date: None,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acled_dates_in_every_form() {
        let expected = Day::parse_iso("2023-02-16").ok();
        for text in [
            "2023-02-16",
            "16-02-2023",
            "16/02/2023",
            "16 February 2023",
            "16 february 2023",
            "16-February-2023",
            "16 Feb 2023",
            " 16/2/2023 ",
        ] {
            assert_eq!(parse_acled_date(text), expected, "{text}");
        }
        for bad in [
            "16/February/2023",
            "16 02 2023",
            "30/02/2023",
            "16-02-23",
            "116-02-2023",
            "16-02-2023-1",
            "February 16 2023",
            "",
        ] {
            assert_eq!(parse_acled_date(bad), None, "{bad}");
        }
    }
}
