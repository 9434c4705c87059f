//! Time values as the tools that write GeoJSON write them: ISO dates and date-times (see
//! [`Day::parse_iso`]: a zone gives the UTC day), and numbers counted from 1970-01-01 UTC, as
//! JSON numbers or numeric strings (`1430391600.0`). A number is milliseconds, as
//! Leaflet.TimeDimension and Mapbox write them, unless it is below [`SECONDS_BELOW`]: then it
//! is seconds, and the feature loads with a warning saying so; one below [`SMALLEST_EPOCH`] is
//! refused.

use super::properties::{trim, Val};
use super::{FeatureError, Reason};
use crate::decimal;
use crate::timeline::Day;

/// Epoch numbers below this are seconds, from it up milliseconds. As milliseconds 10^11 is
/// 1973-03-03; as seconds it is the year 5138: no incident file holds either, so the magnitude
/// tells the unit.
pub(crate) const SECONDS_BELOW: f64 = 1e11;

/// Epoch numbers below this are refused: as seconds 10^8 is 1973-03-03, and a smaller number is
/// far more likely a year (`2015`) or a count than a time in early 1970.
pub(crate) const SMALLEST_EPOCH: f64 = 1e8;

/// An ISO date or date-time in `field` (see [`Day::parse_iso`]).
pub(crate) fn day(field: &str, text: &str) -> Result<Day, FeatureError> {
    Day::parse_iso(text).map_err(|e| FeatureError::bad_date(field, e))
}

/// The day of one time value in `field`: an ISO date or date-time, or a number since 1970.
/// The first number read as seconds adds a warning to `warnings`.
pub(crate) fn day_of(
    field: &str,
    value: &Val,
    warnings: &mut Vec<FeatureError>,
) -> Result<Day, FeatureError> {
    match value {
        Val::Number(n) => epoch_day(
            field,
            n.as_f64().unwrap_or(f64::NAN),
            &n.to_string(),
            warnings,
        ),
        Val::Str(text) => {
            let text = trim(text);
            match decimal::parse(text) {
                Some(number) => epoch_day(field, number, text, warnings),
                None => day(field, text),
            }
        }
        other => Err(FeatureError::bad_date(
            field,
            Reason::NotDateOrNumber(other.to_string()),
        )),
    }
}

/// The first and last day of a list of time values in `field` (Leaflet.TimeDimension's
/// `times`, togeojson's `coordTimes`, whose lists in a list for a MultiLineString are read
/// through); a single value is a list of one.
pub(crate) fn day_range(
    field: &str,
    value: &Val,
    warnings: &mut Vec<FeatureError>,
) -> Result<(Day, Day), FeatureError> {
    let mut range = None;
    widen(&mut range, field, value, warnings)?;
    range.ok_or_else(|| FeatureError::bad_date(field, Reason::EmptyList))
}

/// Widens `range` to take in every day of `value` (a value, or a list of them, nested or not;
/// JSON's nesting limit bounds the recursion).
fn widen(
    range: &mut Option<(Day, Day)>,
    field: &str,
    value: &Val,
    warnings: &mut Vec<FeatureError>,
) -> Result<(), FeatureError> {
    if let Val::Array(items) = value {
        return items
            .iter()
            .try_for_each(|item| widen(range, field, item, warnings));
    }
    let day = day_of(field, value, warnings)?;
    *range = Some(range.map_or((day, day), |(a, b)| (a.min(day), b.max(day))));
    Ok(())
}

/// The day of `number` (written `shown`) since 1970: milliseconds, or seconds below
/// [`SECONDS_BELOW`], which adds a warning unless one is there already.
fn epoch_day(
    field: &str,
    number: f64,
    shown: &str,
    warnings: &mut Vec<FeatureError>,
) -> Result<Day, FeatureError> {
    if !number.is_finite() {
        let reason = Reason::NotFinite(shown.to_string());
        return Err(FeatureError::bad_date(field, reason));
    }
    if number < 0.0 {
        let reason = Reason::NegativeEpoch(shown.to_string());
        return Err(FeatureError::bad_date(field, reason));
    }
    if number < SMALLEST_EPOCH {
        let reason = Reason::EpochTooSmall(shown.to_string());
        return Err(FeatureError::bad_date(field, reason));
    }
    let seconds = number < SECONDS_BELOW;
    let ms = if seconds { number * 1000.0 } else { number };
    let day = Day::from_epoch_ms(ms)
        .ok_or_else(|| FeatureError::bad_date(field, Reason::OutOfRange(shown.to_string())))?;
    let warned = || {
        warnings
            .iter()
            .any(|w| matches!(w, FeatureError::EpochSeconds { .. }))
    };
    if seconds && !warned() {
        warnings.push(FeatureError::EpochSeconds {
            field: field.to_string(),
            value: shown.to_string(),
            day: day.to_iso(),
        });
    }
    Ok(day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn number(n: f64) -> Val<'static> {
        Val::Number(serde_json::Number::from_f64(n).expect("finite"))
    }

    fn text(s: &str) -> Val<'_> {
        Val::Str(Cow::Borrowed(s))
    }

    fn read(value: &Val) -> (Result<String, String>, Vec<String>) {
        let mut warnings = Vec::new();
        let day = day_of("time", value, &mut warnings)
            .map(Day::to_iso)
            .map_err(|e| e.to_string());
        (day, warnings.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn numbers_are_milliseconds_and_small_ones_seconds_with_a_warning() {
        let ms = read(&number(1_430_391_600_000.0));
        assert_eq!(ms, (Ok("2015-04-30".into()), vec![]));
        let seconds = (
            Ok("2015-04-30".into()),
            vec![
                "1430391600.0 in 'time' read as seconds since 1970 (2015-04-30), not milliseconds"
                    .to_string(),
            ],
        );
        assert_eq!(read(&number(1_430_391_600.0)), seconds);
        assert_eq!(read(&text(" 1430391600.0 ")), seconds);
        assert_eq!(read(&number(99_999_999_999.0)).0, Ok("5138-11-16".into()));
        assert_eq!(read(&number(1e11)).0, Ok("1973-03-03".into()));
    }

    #[test]
    fn negative_endless_and_huge_numbers_are_errors() {
        for (value, reason) in [
            (text("-5"), "bad date in 'time': -5 is a negative time since 1970 (write earlier days as dates)"),
            (text("NaN"), "bad date in 'time': 'NaN' is not a finite number"),
            (text("-inf"), "bad date in 'time': '-inf' is not a finite number"),
            (number(-1.0), "bad date in 'time': -1.0 is a negative time since 1970 (write earlier days as dates)"),
            (number(1e300), "bad date in 'time': 1e+300 is out of range"),
            (Val::Bool(true), "bad date in 'time': true is not a date or a number"),
            (text("2015"), "bad date in 'time': 2015 is too small for a time since 1970 (write a year as a date)"),
            (number(99_999_999.0), "bad date in 'time': 99999999.0 is too small for a time since 1970 (write a year as a date)"),
        ] {
            assert_eq!(read(&value), (Err(reason.to_string()), vec![]));
        }
    }

    #[test]
    fn a_range_spans_every_value_of_nested_lists_and_warns_once() {
        let tracks = Val::Array(vec![
            Val::Array(vec![
                text("2015-04-30T23:30:00-05:00"),
                number(1_430_000_000.0),
            ]),
            Val::Array(vec![text("2015-04-20"), number(1_430_900_000.0)]),
        ]);
        let mut warnings = Vec::new();
        let range = day_range("coordTimes", &tracks, &mut warnings).expect("a range");
        assert_eq!(
            (range.0.to_iso(), range.1.to_iso()),
            ("2015-04-20".into(), "2015-05-06".into())
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let empty = day_range("times", &Val::Array(vec![]), &mut warnings);
        assert_eq!(
            empty.map_err(|e| e.to_string()),
            Err("bad date in 'times': the list is empty".into())
        );
    }
}
