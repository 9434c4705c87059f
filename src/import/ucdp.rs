//! UCDP Georeferenced Event Dataset (GED) CSV files. Columns are found by header name; only
//! `date_start`, `latitude` and `longitude` are required.
//!
//! How a row becomes an incident:
//!
//! | column(s) | incident |
//! |---|---|
//! | `id` | `id` (else `ucdp-row-N`, N the row index) |
//! | `date_start`, `date_end` (`YYYY-MM-DD`, or with a time part as in `2024-07-25 00:00:00.000`) | the span; `date_end` defaults to `date_start` and may not precede it |
//! | `date_prec` | time precision, see [`time_precision`] |
//! | `where_prec` | place precision, see [`place_precision`] |
//! | `type_of_violence` 1, 2, 3 | Battles / "state-based conflict", Battles / "non-state conflict", Violence against civilians / "one-sided violence"; any other code loads as Other with a warning |
//! | `dyad_name` (else `conflict_name`) and `where_description` | title "Government of Mali - JNIM: Boulkessi town" |
//! | `where_description`, `adm_1`, `country` | place |
//! | `side_a`, `side_b` | actors |
//! | `source_headline` | summary |
//! | `source_article`, `source_office`, `source_date` (`;`-separated) | sources: an article that is an http(s) address becomes the link, any other article text its title; when the lists have the same length they are paired item by item, otherwise articles and offices are listed apart |
//! | `low`, `best`, `high` | the figures, each by "UCDP GED"; low ≤ best ≤ high is checked |
//! | `deaths_a`, `deaths_b`, `deaths_civilians`, `deaths_unknown` | the note: how the best estimate splits between the sides |

use super::csv_rows::{self, Row};
use super::csv_stream::Layout;
use super::file_stream::{Accept, FileStream};
use super::time_values::day;
use super::{is_web_link, labels, FeatureError, Format, Import, ImportError, Listed, Reason};
use crate::i18n::ImportText as T;
use crate::incident::{EventType, Fatalities, Figure, Geometry, Incident, PlacePrecision};
use crate::incident::{Source, Text};
use crate::timeline::{DateSpan, Day, TimePrecision};

/// Who gives the UCDP figures.
pub const FIGURE_BY: &str = "UCDP GED";

/// Our time precision for UCDP's `date_prec` code: 1 (the exact day) is
/// [`TimePrecision::Day`]; 2 (within 2–6 days) and 3 (the week) are [`TimePrecision::Week`];
/// 4 (within the month, 8–30 days) and 5 (more than a month, or only the year) are
/// [`TimePrecision::Month`], our coarsest, which understates how vague a 5 is.
pub fn time_precision(date_prec: u8) -> Option<TimePrecision> {
    match date_prec {
        1 => Some(TimePrecision::Day),
        2 | 3 => Some(TimePrecision::Week),
        4 | 5 => Some(TimePrecision::Month),
        _ => None,
    }
}

/// Our place precision for UCDP's `where_prec` code: 1 (the exact location) is
/// [`PlacePrecision::Exact`]; 2 (within about 25 km) and 3 (a second-order administrative
/// division) are [`PlacePrecision::Near`]; 4 (a first-order division), 5 (a linear feature
/// such as a road or river), 6 (the country) and 7 (international waters or airspace) are
/// [`PlacePrecision::Region`].
pub fn place_precision(where_prec: u8) -> Option<PlacePrecision> {
    match where_prec {
        1 => Some(PlacePrecision::Exact),
        2 | 3 => Some(PlacePrecision::Near),
        4..=7 => Some(PlacePrecision::Region),
        _ => None,
    }
}

/// Reads every incident of a UCDP GED CSV; see the module doc. A file whose header lacks
/// `date_start`, `latitude` or `longitude` is not a UCDP GED file.
pub fn import_ucdp(text: &str) -> Result<Import, ImportError> {
    FileStream::<Listed>::import_text(Accept::UcdpCsv, text).map(|(_, import)| import)
}

/// The UCDP GED CSV layout, for [`CsvStream`](super::csv_stream::CsvStream).
pub(crate) const LAYOUT: Layout = Layout {
    format: Format::Ucdp,
    required: &["date_start", "latitude", "longitude"],
    read: incident_from_row,
};

fn span(row: &Row<'_>) -> Result<DateSpan, FeatureError> {
    let start_text = row
        .get("date_start")
        .ok_or_else(|| FeatureError::MissingDate {
            field: "date_start".into(),
        })?;
    let start = day("date_start", start_text)?;
    let end = match row.get("date_end") {
        Some(text) => day("date_end", text)?,
        None => start,
    };
    let code = csv_rows::code(row, "date_prec", 5, 1, Format::Ucdp)?;
    let precision = time_precision(code).unwrap_or(TimePrecision::Day);
    DateSpan::new(start, end, precision).map_err(|e| FeatureError::bad_date("date_end", e))
}

fn fatalities(row: &Row<'_>) -> Result<Fatalities, FeatureError> {
    let low = csv_rows::count(row, "low")?;
    let best = csv_rows::count(row, "best")?;
    let high = csv_rows::count(row, "high")?;
    let out_of_order = |field: &str, reason| Err(FeatureError::bad_value(field, reason));
    match (low, best, high) {
        (Some(l), Some(b), _) if l > b => return out_of_order("low", Reason::LowAboveBest(l, b)),
        (_, Some(b), Some(h)) if b > h => return out_of_order("high", Reason::HighBelowBest(h, b)),
        (Some(l), _, Some(h)) if l > h => return out_of_order("high", Reason::HighBelowLow(h, l)),
        _ => {}
    }
    // A named side is data; the rest is worded from the importer's table, in English here
    // (a load in another language rewords it: see `labels`).
    let split = [
        (row.get("side_a"), T::SideA, "deaths_a"),
        (row.get("side_b"), T::SideB, "deaths_b"),
        (None, T::Civilians, "deaths_civilians"),
        (None, T::UnknownParty, "deaths_unknown"),
    ];
    let mut parts = Vec::new();
    for (name, unnamed, field) in split {
        if let Some(n) = csv_rows::count(row, field)? {
            parts.push(match name {
                Some(name) => format!("{name} {n}"),
                None => labels::english(unnamed, &[&n.to_string()]),
            });
        }
    }
    let note = (!parts.is_empty()).then(|| labels::english(T::UcdpByParty, &[&parts.join(", ")]));
    let figure = |value: Option<u32>| {
        value.map(|value| Figure {
            value,
            by: FIGURE_BY.to_string(),
        })
    };
    Ok(Fatalities {
        low: figure(low),
        best: figure(best),
        high: figure(high),
        estimate: false,
        note,
        claims: Vec::new(),
    })
}

/// One source: an http(s) article is the link (titled with itself when nobody published it),
/// any other article text is the title.
fn source(publisher: &str, article: &str, date: Option<String>) -> Source {
    let link = is_web_link(article);
    Source {
        publisher: publisher.to_string(),
        title: if link && !publisher.is_empty() {
            String::new()
        } else {
            article.to_string()
        },
        date,
        url: link.then(|| article.to_string()),
    }
}

fn sources(row: &Row<'_>) -> Vec<Source> {
    let list = |field: &'static str| -> Vec<&str> {
        row.get(field)
            .into_iter()
            .flat_map(csv_rows::split_list)
            .collect()
    };
    let (articles, offices) = (list("source_article"), list("source_office"));
    let dates: Vec<Option<String>> = list("source_date")
        .into_iter()
        .map(|d| Day::parse_iso(d).ok().map(Day::to_iso))
        .collect();
    if articles.len() == offices.len() {
        let paired_dates = dates.len() == articles.len();
        return articles
            .iter()
            .zip(&offices)
            .enumerate()
            .map(|(k, (article, office))| {
                let date = if paired_dates {
                    dates.get(k).cloned().flatten()
                } else {
                    None
                };
                source(office, article, date)
            })
            .collect();
    }
    let unpaired_offices = offices.iter().map(|office| Source {
        publisher: office.to_string(),
        title: String::new(),
        date: None,
        url: None,
    });
    articles
        .iter()
        .map(|article| source("", article, None))
        .chain(unpaired_offices)
        .collect()
}

fn incident_from_row(
    row: &Row<'_>,
    index: usize,
    warnings: &mut Vec<FeatureError>,
) -> Result<Incident, FeatureError> {
    let span = span(row)?;
    let anchor = csv_rows::point(row)?;
    let where_code = csv_rows::code(row, "where_prec", 7, 1, Format::Ucdp)?;
    let fatalities = fatalities(row)?;
    let (event_type, sub_event_type) = match row.get("type_of_violence") {
        Some("1") => (EventType::Battles, "state-based conflict"),
        Some("2") => (EventType::Battles, "non-state conflict"),
        Some("3") => (EventType::ViolenceAgainstCivilians, "one-sided violence"),
        Some(other) => {
            warnings.push(FeatureError::UnknownEventType {
                value: format!("type_of_violence {other}"),
            });
            (EventType::Other, "")
        }
        None => (EventType::Other, ""),
    };
    let where_ = row.get("where_description");
    let who = row.first(&["dyad_name", "conflict_name"]);
    let title = match (who, where_) {
        (Some(who), Some(where_)) => format!("{who}: {where_}"),
        (Some(only), None) | (None, Some(only)) => only.to_string(),
        (None, None) => sub_event_type.to_string(),
    };
    let place = csv_rows::join_place(&[where_, row.get("adm_1"), row.get("country")]);
    let text = |s: String| {
        if s.is_empty() {
            Text::default()
        } else {
            Text::plain(s)
        }
    };
    let actors = [row.get("side_a"), row.get("side_b")]
        .into_iter()
        .flatten()
        .map(str::to_string)
        .collect();
    Ok(Incident {
        id: row
            .get("id")
            .map_or_else(|| format!("ucdp-row-{index}"), str::to_string),
        title: text(title),
        summary: text(row.get("source_headline").unwrap_or_default().to_string()),
        span,
        place: text(place),
        place_precision: place_precision(where_code).unwrap_or(PlacePrecision::Exact),
        geometry: Geometry::Points(vec![anchor]),
        anchor,
        event_type,
        sub_event_type: sub_event_type.to_string(),
        actors,
        fatalities,
        sources: sources(row),
    })
}
