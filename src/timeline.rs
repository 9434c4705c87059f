//! Time: calendar days, incident date spans with their precision, the visible time window, and
//! an index that answers "which incidents overlap this window" with two binary searches.

use crate::sort::{i32_key, sort_by_key};
use thiserror::Error;

/// Milliseconds in one day.
pub const MS_PER_DAY: i64 = 86_400_000;

/// Spans longer than this many days are kept apart in the index and scanned linearly, so that one
/// twelve-year area does not widen the binary-search scan for a million short incidents.
const LONG_SPAN_DAYS: i32 = 62;

/// A calendar day, counted from 1970-01-01 (day 0), UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

/// Why a date could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DateError {
    /// The text is not a date in a form we read.
    #[error("'{text}' is not a date (expected YYYY-MM-DD)")]
    Unparsable {
        /// The text as given.
        text: String,
    },
    /// The span ends before it starts.
    #[error("end {end} is before start {start}")]
    EndBeforeStart {
        /// The start as ISO text.
        start: String,
        /// The end as ISO text.
        end: String,
    },
}

/// Full month names (ACLED writes "16 February 2023").
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date in the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    /// The year (astronomical: 0 is 1 BC).
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
    /// The day of the month, 1–31.
    pub day: u32,
}

/// The number of days in `month` (1–12) of `year`.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A month number from its name or three-letter abbreviation, in any case.
pub fn month_from_name(name: &str) -> Option<u32> {
    MONTH_NAMES
        .iter()
        .position(|m| m.eq_ignore_ascii_case(name) || m[..3].eq_ignore_ascii_case(name))
        .map(|i| i as u32 + 1)
}

/// An unsigned number of 1 to `max_digits` ASCII digits.
fn digits(text: &str, max_digits: usize) -> Option<u32> {
    (!text.is_empty() && text.len() <= max_digits && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// The days a time of day moves its date to reach the UTC day: `-1`, `0` or `1` for
/// `hh:mm[:ss[.fff]]` followed by a zone (`Z`, `±hh`, `±hhmm` or `±hh:mm`, after an optional
/// space), `0` without a zone; `None` when the text is not such a time.
fn utc_day_shift(time: &str) -> Option<i32> {
    let (clock, zone) = time.split_at(time.find(['Z', 'z', '+', '-']).unwrap_or(time.len()));
    let minutes = clock_minutes(clock.trim_end())?;
    let offset = zone_minutes(zone)?;
    Some((minutes - offset).div_euclid(24 * 60))
}

/// Minutes since midnight of `hh:mm[:ss[.fff]]` (a comma may stand for the point).
fn clock_minutes(clock: &str) -> Option<i32> {
    let mut parts = clock.splitn(3, ':');
    let hour = digits(parts.next()?, 2).filter(|h| *h < 24)?;
    let minute = digits(parts.next()?, 2).filter(|m| *m < 60)?;
    if let Some(seconds) = parts.next() {
        let (whole, fraction) = seconds.split_once(['.', ',']).unwrap_or((seconds, "0"));
        digits(whole, 2).filter(|s| *s <= 60)?;
        (!fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit())).then_some(())?;
    }
    Some((hour * 60 + minute) as i32)
}

/// A zone's offset from UTC in minutes: `""` (none) and `Z` are 0, else `±hh`, `±hhmm`, `±hh:mm`.
fn zone_minutes(zone: &str) -> Option<i32> {
    let (sign, offset) = match zone.as_bytes().first() {
        None => return Some(0),
        Some(b'Z' | b'z') if zone.len() == 1 => return Some(0),
        Some(b'+') => (1, &zone[1..]),
        Some(b'-') => (-1, &zone[1..]),
        Some(_) => return None,
    };
    let (hours, minutes) = match (offset.len(), offset.split_once(':')) {
        (_, Some(split)) => split,
        // Four bytes are not always four characters: `split_at_checked` refuses the rest.
        (4, None) => offset.split_at_checked(2)?,
        _ => (offset, "00"),
    };
    let hours = digits(hours, 2).filter(|h| hours.len() == 2 && *h < 24)?;
    let minutes = digits(minutes, 2).filter(|m| minutes.len() == 2 && *m < 60)?;
    Some(sign * (hours * 60 + minutes) as i32)
}

fn unparsable(text: &str) -> DateError {
    DateError::Unparsable {
        text: text.to_string(),
    }
}

impl Day {
    /// The day of a calendar date; `None` when there is no such date (`2023-02-29`).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Days from civil (H. Hinnant): years start on 1 March so the leap day comes last.
        let y = i64::from(year) - i64::from(month <= 2);
        let era = y.div_euclid(400);
        let year_of_era = y.rem_euclid(400);
        let day_of_year = (153 * ((i64::from(month) + 9) % 12) + 2) / 5 + i64::from(day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        i32::try_from(era * 146_097 + day_of_era - 719_468)
            .ok()
            .map(Day)
    }

    /// The calendar date of this day.
    pub fn date(self) -> Date {
        // Civil from days (H. Hinnant), the inverse of `from_ymd`.
        let z = i64::from(self.0) + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date {
            year: year as i32,
            month,
            day,
        }
    }

    /// Parses `YYYY-MM-DD` (the month and day may have one digit), also with a time of day after
    /// it (`2024-09-17T05:00`, `2024-09-17 00:00:00.000`). A time with a zone (`Z`, `+01:00`,
    /// `-0500`) gives the UTC day, so `2015-04-30T23:30:00-05:00` is 2015-05-01; a time without
    /// one is taken as written.
    pub fn parse_iso(text: &str) -> Result<Day, DateError> {
        let trimmed = text.trim();
        let date_end = trimmed.find(['T', 't', ' ']).unwrap_or(trimmed.len());
        let (date, time) = trimmed.split_at(date_end);
        let shift = match time.get(1..) {
            None => Some(0),
            Some(time) => utc_day_shift(time),
        };
        Day::date_only(date)
            .zip(shift)
            .map(|(day, shift)| day.plus(shift))
            .ok_or_else(|| unparsable(text))
    }

    /// Parses a date alone, `YYYY-MM-DD` (the month and day may have one digit): what the
    /// widget's API takes. Without [`Day::parse_iso`]'s times and zones, which only the
    /// importers need, so that the widget's module does not carry them.
    pub fn parse_date(text: &str) -> Result<Day, DateError> {
        Day::date_only(text.trim()).ok_or_else(|| unparsable(text))
    }

    fn date_only(date: &str) -> Option<Day> {
        let mut parts = date.splitn(3, '-');
        let mut next = |max_digits| parts.next().and_then(|p| digits(p, max_digits));
        match (next(4), next(2), next(2)) {
            (Some(year), Some(month), Some(day)) if date.find('-') == Some(4) => {
                Day::from_ymd(year as i32, month, day)
            }
            _ => None,
        }
    }

    /// `YYYY-MM-DD`.
    pub fn to_iso(self) -> String {
        let d = self.date();
        format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
    }

    /// Milliseconds since the Unix epoch at the start of this day (what JS `Date.getTime()` uses).
    pub fn to_epoch_ms(self) -> f64 {
        self.0 as f64 * MS_PER_DAY as f64
    }

    /// The day containing this epoch-millisecond instant; `None` for NaN or out-of-range values.
    pub fn from_epoch_ms(ms: f64) -> Option<Day> {
        let days = (ms / MS_PER_DAY as f64).floor();
        (days.is_finite() && days.abs() < 1e8).then_some(Day(days as i32))
    }

    /// This day plus `days` (saturating).
    pub fn plus(self, days: i32) -> Day {
        Day(self.0.saturating_add(days))
    }
}

/// How precisely a date is known, as ACLED's `time_precision`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimePrecision {
    /// 1: the exact day(s).
    Day,
    /// 2: within a week or a range of days.
    Week,
    /// 3: only the month.
    Month,
}

impl TimePrecision {
    /// From ACLED's code 1–3.
    pub fn from_code(code: u8) -> Option<Self> {
        match code {
            1 => Some(Self::Day),
            2 => Some(Self::Week),
            3 => Some(Self::Month),
            _ => None,
        }
    }

    /// ACLED's code 1–3.
    pub fn code(self) -> u8 {
        match self {
            Self::Day => 1,
            Self::Week => 2,
            Self::Month => 3,
        }
    }
}

/// The days an incident covers, both ends included, and how precisely they are known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateSpan {
    /// First day.
    pub start: Day,
    /// Last day (equal to `start` for a one-day event); for an ongoing span, the last day the
    /// data vouches for, not a day it ended.
    pub end: Day,
    /// How precisely the dates are known.
    pub precision: TimePrecision,
    /// True when it had not ended by `end`: an open end, "still so as of `end`".
    pub ongoing: bool,
}

impl DateSpan {
    /// A span; fails when `end` is before `start`.
    pub fn new(start: Day, end: Day, precision: TimePrecision) -> Result<Self, DateError> {
        if end < start {
            return Err(DateError::EndBeforeStart {
                start: start.to_iso(),
                end: end.to_iso(),
            });
        }
        Ok(DateSpan {
            start,
            end,
            precision,
            ongoing: false,
        })
    }

    /// Length in days, at least 1.
    pub fn days(&self) -> i32 {
        self.end.0.saturating_sub(self.start.0).saturating_add(1)
    }
}

/// The visible time window: days `start..=end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeWindow {
    /// First visible day.
    pub start: Day,
    /// Last visible day.
    pub end: Day,
}

impl TimeWindow {
    /// A window; the two ends are put in order.
    pub fn new(a: Day, b: Day) -> TimeWindow {
        TimeWindow {
            start: a.min(b),
            end: a.max(b),
        }
    }

    /// True when the incident's span shares at least one day with the window.
    pub fn overlaps(&self, span: &DateSpan) -> bool {
        span.start <= self.end && span.end >= self.start
    }

    /// How faded an incident is, from 1.0 (still going on at the window's end) down to 0.35 (it
    /// ended at the window's start): older incidents in a long window fade.
    pub fn freshness(&self, span: &DateSpan) -> f32 {
        // In i64: days far apart (a year 3,000,000 in an ACLED file) overflow i32.
        let length = (i64::from(self.end.0) - i64::from(self.start.0)).max(1) as f32;
        let age = (i64::from(self.end.0) - i64::from(span.end.0)).max(0) as f32;
        1.0 - 0.65 * (age / length).min(1.0)
    }
}

/// Width presets of the time window, as offered by the slider's selector.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WindowWidth {
    /// One week ending on the slider's day.
    Week,
    /// 31 days ending on the slider's day (the default).
    #[default]
    Month,
    /// 365 days ending on the slider's day.
    Year,
    /// Everything from the data's first day to the slider's day.
    Cumulative,
    /// A window of this many days (at least 1) set through the API.
    Custom(i32),
}

impl WindowWidth {
    /// All presets, narrowest first.
    pub const ALL: [WindowWidth; 4] = [Self::Week, Self::Month, Self::Year, Self::Cumulative];

    /// A stable key for the API and the `<select>` (`week`, `month`, `year`, `all`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Week => "week",
            Self::Month => "month",
            Self::Year => "year",
            Self::Cumulative => "all",
            Self::Custom(_) => "custom",
        }
    }

    /// Parses [`WindowWidth::key`].
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.key() == key)
    }

    /// The window ending on `day`; `first` is the data's first day (for the cumulative preset).
    pub fn window_ending(self, day: Day, first: Day) -> TimeWindow {
        let days = match self {
            Self::Week => 7,
            Self::Month => 31,
            Self::Year => 365,
            Self::Cumulative => return TimeWindow::new(first.min(day), day),
            Self::Custom(days) => days.max(1),
        };
        TimeWindow::new(day.plus(1 - days), day)
    }

    /// The preset whose window is this one, else a custom width of the window's length.
    pub fn matching(window: TimeWindow, first: Day) -> Self {
        Self::ALL
            .into_iter()
            .find(|w| w.window_ending(window.end, first) == window)
            .unwrap_or(Self::Custom(
                window
                    .end
                    .0
                    .saturating_sub(window.start.0)
                    .saturating_add(1),
            ))
    }
}

/// Spans sorted by start day, answering window queries with two binary searches and a scan of
/// the few long spans. It owns the spans (the dataset reads them from here), so the index costs
/// no copy of them.
#[derive(Clone, Debug, Default)]
pub struct TimeIndex {
    /// Sorted by start day.
    spans: Vec<DateSpan>,
    /// Positions of the spans longer than [`LONG_SPAN_DAYS`].
    long: Vec<u32>,
}

impl TimeIndex {
    /// Indexes `spans`, which must be sorted by start day; a query names them by position.
    /// Unsorted input is sorted first (positions then refer to the sorted order).
    pub fn new(mut spans: Vec<DateSpan>) -> TimeIndex {
        if !spans.windows(2).all(|w| w[0].start <= w[1].start) {
            sort_by_key(&mut spans, |s| {
                u64::from(i32_key(s.start.0)) << 32 | u64::from(i32_key(s.end.0))
            });
        }
        let long = spans
            .iter()
            .enumerate()
            .filter(|(_, s)| s.days() > LONG_SPAN_DAYS)
            .map(|(k, _)| k as u32)
            .collect();
        TimeIndex { spans, long }
    }

    /// The spans, sorted by start day.
    pub fn spans(&self) -> &[DateSpan] {
        &self.spans
    }

    /// Calls `visit` with the position of every span that overlaps `window`.
    pub fn for_each_in(&self, window: TimeWindow, mut visit: impl FnMut(u32)) {
        self.scan(window, &mut visit);
        self.long_in(window, visit);
    }

    /// The spans of up to [`LONG_SPAN_DAYS`] that overlap `window`, in order: two binary searches
    /// and a scan between them.
    fn scan(&self, window: TimeWindow, mut visit: impl FnMut(u32)) {
        let earliest = window.start.0.saturating_sub(LONG_SPAN_DAYS);
        let from = self.spans.partition_point(|s| s.start.0 < earliest);
        let to = self.spans.partition_point(|s| s.start <= window.end);
        for (k, span) in self.spans[from..to.max(from)].iter().enumerate() {
            if span.end >= window.start && span.days() <= LONG_SPAN_DAYS {
                visit((from + k) as u32);
            }
        }
    }

    /// The longer spans that overlap `window`, in order.
    fn long_in(&self, window: TimeWindow, mut visit: impl FnMut(u32)) {
        for &k in &self.long {
            if window.overlaps(&self.spans[k as usize]) {
                visit(k);
            }
        }
    }

    /// Positions of the spans that overlap `window`, in ascending order: the scan and the long
    /// spans each come in order, so the two are merged rather than sorted.
    pub fn query(&self, window: TimeWindow) -> Vec<u32> {
        let mut scanned = Vec::new();
        self.scan(window, |i| scanned.push(i));
        let mut long = Vec::new();
        self.long_in(window, |i| long.push(i));
        if long.is_empty() {
            return scanned;
        }
        let mut out = Vec::with_capacity(scanned.len() + long.len());
        let (mut a, mut b) = (scanned.into_iter().peekable(), long.into_iter().peekable());
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if y < x => b.next(),
                (Some(_), _) => a.next(),
                (None, _) => b.next(),
            };
            match next {
                Some(i) => out.push(i),
                None => return out,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_plain_date_parses_alone_and_a_time_does_not() {
        assert_eq!(Day::parse_date(" 2024-9-17 "), Day::parse_iso("2024-09-17"));
        for bad in ["2024-09-17T05:00", "17/09/2024", "", "2024-13-01"] {
            assert!(Day::parse_date(bad).is_err(), "{bad}");
        }
    }

    use super::*;

    fn day(iso: &str) -> Day {
        Day::parse_iso(iso).expect("valid date")
    }

    fn span(a: &str, b: &str) -> DateSpan {
        DateSpan::new(day(a), day(b), TimePrecision::Day).expect("ordered")
    }

    #[test]
    fn days_round_trip_through_iso_and_epoch_ms() {
        assert_eq!(day("1970-01-01"), Day(0));
        assert_eq!(day("2024-09-17").to_iso(), "2024-09-17");
        assert_eq!(day("2024-09-17").to_epoch_ms(), 1_726_531_200_000.0);
        assert_eq!(
            Day::from_epoch_ms(1_726_531_200_000.0 + 5.0 * 3.6e6),
            Some(day("2024-09-17"))
        );
        assert_eq!(Day::from_epoch_ms(f64::NAN), None);
        assert_eq!(day("2024-09-17T05:00:00Z"), day("2024-09-17"));
        assert_eq!(day("2024-07-25 00:00:00.000"), day("2024-07-25"));
    }

    #[test]
    fn the_calendar_counts_every_day_and_leap_day() {
        let mut expected = Day::from_ymd(1899, 12, 31).expect("a date");
        for year in [1900, 1999, 2000, 2023, 2024, 2100] {
            expected = Day::from_ymd(year, 1, 1).expect("a date").plus(-1);
            for month in 1..=12 {
                for d in 1..=days_in_month(year, month) {
                    expected = expected.plus(1);
                    let day = Day::from_ymd(year, month, d).expect("a date");
                    assert_eq!(day, expected, "{year}-{month}-{d}");
                    assert_eq!(
                        day.date(),
                        Date {
                            year,
                            month,
                            day: d
                        }
                    );
                }
            }
        }
        assert_eq!(expected, day("2100-12-31"));
        assert_eq!(Day::from_ymd(2024, 2, 29), Some(day("2024-03-01").plus(-1)));
        assert_eq!(Day::from_ymd(1900, 2, 29), None);
        assert_eq!(
            Day::from_ymd(2000, 2, 29).map(Day::to_iso).as_deref(),
            Some("2000-02-29")
        );
        assert_eq!(Day(-1).to_iso(), "1969-12-31");
        assert_eq!(Day(i32::MIN).date().year, -5_877_641);
        assert_eq!(day("2024-9-7"), day("2024-09-07"));
    }

    #[test]
    fn month_names_are_read_whole_or_abbreviated() {
        assert_eq!(month_from_name("FEBRUARY"), Some(2));
        assert_eq!(month_from_name("dec"), Some(12));
        assert_eq!(month_from_name("Febr"), None);
    }

    #[test]
    fn a_date_time_with_a_zone_is_read_on_its_utc_day() {
        for (text, utc_day) in [
            ("2015-04-30T11:00:00Z", "2015-04-30"),
            ("2015-04-30T11:00:00+01:00", "2015-04-30"),
            ("2015-04-30T23:30:00-05:00", "2015-05-01"),
            ("2015-04-30T23:30:00.125-05:00", "2015-05-01"),
            ("2015-05-01T00:30:00+01:00", "2015-04-30"),
            ("2015-05-01T00:30:00.5+0100", "2015-04-30"),
            ("2015-12-31T20:00-08", "2016-01-01"),
            ("2024-07-25 00:00:00 +0000", "2024-07-25"),
            ("2015-04-30t23:59:59,999z", "2015-04-30"),
            ("2015-04-30T23:30:00", "2015-04-30"),
            ("2015-04-30 23:30", "2015-04-30"),
        ] {
            assert_eq!(day(text).to_iso(), utc_day, "{text}");
        }
        for bad in [
            "2015-04-30T",
            "2015-04-30T25:00:00Z",
            "2015-04-30T23:61Z",
            "2015-04-30T23:30:00+5:00",
            "2015-04-30T23:30:00+25:00",
            "2015-04-30T23:30:00.Z",
            "2015-04-30T23:30:00 EST",
            "2015-04-30T11",
            // Four bytes in the zone that are not four characters (a fuzzer's find).
            "2015-04-30T11:00+1\u{fffd}",
            "2015-04-30T11:00-a\u{20ac}",
            "2015-04-30T11:00+\u{e9}\u{e9}",
        ] {
            assert!(Day::parse_iso(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_dates_are_errors() {
        for bad in [
            "",
            "2024-13-01",
            "2024-02-30",
            "17/09/2024",
            "2024-09-17x",
            "2024-9",
            "12024-01-01",
            "2024-+9-01",
            "soon",
        ] {
            assert!(Day::parse_iso(bad).is_err(), "{bad}");
        }
        assert_eq!(
            DateSpan::new(day("2024-07-27"), day("2024-07-25"), TimePrecision::Day),
            Err(DateError::EndBeforeStart {
                start: "2024-07-27".into(),
                end: "2024-07-25".into()
            })
        );
    }

    #[test]
    fn window_overlap_edges_include_both_ends() {
        let battle = span("2024-07-25", "2024-07-27");
        let w = |a, b| TimeWindow::new(day(a), day(b));
        assert!(
            w("2024-07-27", "2024-08-30").overlaps(&battle),
            "last day counts"
        );
        assert!(
            w("2024-07-01", "2024-07-25").overlaps(&battle),
            "first day counts"
        );
        assert!(
            w("2024-07-26", "2024-07-26").overlaps(&battle),
            "a middle day counts"
        );
        assert!(
            !w("2024-07-28", "2024-08-30").overlaps(&battle),
            "day after"
        );
        assert!(
            !w("2024-07-01", "2024-07-24").overlaps(&battle),
            "day before"
        );
    }

    #[test]
    fn an_ongoing_span_is_shown_up_to_its_last_known_day() {
        let azawad = DateSpan {
            ongoing: true,
            ..span("2012-01-17", "2024-09-17")
        };
        assert_ne!(
            azawad,
            span("2012-01-17", "2024-09-17"),
            "the open end counts"
        );
        let w = |a, b| TimeWindow::new(day(a), day(b));
        assert!(w("2024-09-11", "2024-09-17").overlaps(&azawad));
        assert!(
            !w("2024-09-18", "2024-09-30").overlaps(&azawad),
            "shown up to the last day the data vouches for, no further"
        );
    }

    #[test]
    fn presets_end_on_the_slider_day() {
        let first = day("2012-01-17");
        let w = WindowWidth::Week.window_ending(day("2024-09-17"), first);
        assert_eq!((w.start, w.end), (day("2024-09-11"), day("2024-09-17")));
        let all = WindowWidth::Cumulative.window_ending(day("2015-01-01"), first);
        assert_eq!(all.start, first);
        assert_eq!(WindowWidth::matching(w, first), WindowWidth::Week);
        assert_eq!(
            WindowWidth::matching(TimeWindow::new(first, day("2013-03-03")), first),
            WindowWidth::Cumulative
        );
        let custom = TimeWindow::new(day("2024-07-25"), day("2024-07-27"));
        assert_eq!(WindowWidth::matching(custom, first), WindowWidth::Custom(3));
        assert_eq!(
            WindowWidth::Custom(3).window_ending(custom.end, first),
            custom
        );
    }

    #[test]
    fn freshness_fades_with_age() {
        let w = TimeWindow::new(day("2024-01-01"), day("2024-12-31"));
        assert_eq!(w.freshness(&span("2024-12-31", "2024-12-31")), 1.0);
        assert!((w.freshness(&span("2024-01-01", "2024-01-01")) - 0.35).abs() < 1e-6);
    }

    #[test]
    fn freshness_of_days_far_apart_does_not_overflow() {
        let w = TimeWindow::new(Day(i32::MIN), Day(i32::MAX));
        let oldest = DateSpan::new(Day(i32::MIN), Day(i32::MIN), TimePrecision::Day);
        let oldest = oldest.expect("a span");
        assert!((w.freshness(&oldest) - 0.35).abs() < 1e-6);
    }

    /// Property tests (native only: proptest does not target wasm32-unknown-unknown).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn arb_span() -> impl Strategy<Value = DateSpan> {
            (0i32..5000, prop_oneof![0i32..5, 0i32..400]).prop_map(|(s, len)| {
                DateSpan::new(Day(s), Day(s + len), TimePrecision::Day).expect("ordered")
            })
        }

        proptest! {
            #[test]
            fn any_text_after_a_date_and_time_is_read_or_refused_without_a_panic(
                sign in "[+\\-Zz ]",
                zone in "\\PC{0,6}",
            ) {
                let text = format!("2015-04-30T11:00{sign}{zone}");
                if let Ok(day) = Day::parse_iso(&text) {
                    prop_assert!((day.0 - super::day("2015-04-30").0).abs() <= 1, "{}", text);
                }
            }

            #[test]
            fn index_query_equals_linear_filter(
                spans in prop::collection::vec(arb_span(), 0..200),
                a in -100i32..5500,
                b in -100i32..5500,
            ) {
                let window = TimeWindow::new(Day(a), Day(b));
                let index = TimeIndex::new(spans.clone());
                let expected: Vec<u32> = index
                    .spans()
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| window.overlaps(s))
                    .map(|(i, _)| i as u32)
                    .collect();
                prop_assert_eq!(index.query(window), expected);
                let mut sorted = spans;
                sorted.sort_by_key(|s| (s.start, s.end));
                prop_assert_eq!(index.spans(), &sorted[..], "the same spans, sorted");
            }
        }
    }
}
