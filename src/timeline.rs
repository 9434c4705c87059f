//! Time: calendar days, incident date spans with their precision, the visible time window, and
//! an index that answers "which incidents overlap this window" with two binary searches.

use chrono::{Datelike, NaiveDate};
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

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

impl Day {
    /// The day of a calendar date.
    pub fn from_date(date: NaiveDate) -> Day {
        Day((date - epoch())
            .num_days()
            .clamp(i32::MIN as i64, i32::MAX as i64) as i32)
    }

    /// The calendar date of this day (clamped to chrono's range).
    pub fn date(self) -> NaiveDate {
        epoch()
            .checked_add_signed(chrono::Duration::days(self.0 as i64))
            .unwrap_or(if self.0 < 0 {
                NaiveDate::MIN
            } else {
                NaiveDate::MAX
            })
    }

    /// Parses `YYYY-MM-DD`, also with a time part after it (`2024-09-17T05:00:00Z`,
    /// `2024-09-17 00:00:00.000`), which is ignored.
    pub fn parse_iso(text: &str) -> Result<Day, DateError> {
        let trimmed = text.trim();
        let date_part = trimmed.get(..10).unwrap_or(trimmed);
        plain_iso_date(date_part)
            .or_else(|| date_part.parse::<NaiveDate>().ok())
            .filter(|_| {
                trimmed
                    .get(10..)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['T', ' ', 't']))
            })
            .map(Day::from_date)
            .ok_or_else(|| DateError::Unparsable {
                text: text.to_string(),
            })
    }

    /// `YYYY-MM-DD`.
    pub fn to_iso(self) -> String {
        self.date().format("%Y-%m-%d").to_string()
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

/// The date written exactly `YYYY-MM-DD` (digits only), read without chrono's general parser
/// (a large file has a date or two per incident); `None` for anything else, even a date that
/// parser accepts.
fn plain_iso_date(text: &str) -> Option<NaiveDate> {
    let b: &[u8; 10] = text.as_bytes().try_into().ok()?;
    let digits = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
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
    /// Last day (equal to `start` for a one-day event).
    pub end: Day,
    /// How precisely the dates are known.
    pub precision: TimePrecision,
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
        })
    }

    /// Length in days, at least 1.
    pub fn days(&self) -> i32 {
        self.end.0.saturating_sub(self.start.0).saturating_add(1)
    }

    /// For people: "17 Sep 2024", "25–27 Jul 2024 (within the week)", "Dec 2021 (month only)".
    pub fn describe(&self) -> String {
        let (s, e) = (self.start.date(), self.end.date());
        let range = if self.precision == TimePrecision::Month
            && s.day() == 1
            && s.month() == e.month()
            && s.year() == e.year()
        {
            s.format("%b %Y").to_string()
        } else if s == e {
            s.format("%-d %b %Y").to_string()
        } else if (s.year(), s.month()) == (e.year(), e.month()) {
            format!("{}–{}", s.format("%-d"), e.format("%-d %b %Y"))
        } else if s.year() == e.year() {
            format!("{} – {}", s.format("%-d %b"), e.format("%-d %b %Y"))
        } else {
            format!("{} – {}", s.format("%-d %b %Y"), e.format("%-d %b %Y"))
        };
        match self.precision {
            TimePrecision::Day => range,
            TimePrecision::Week => format!("{range} (dates approximate: within a week)"),
            TimePrecision::Month => format!("{range} (month only)"),
        }
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
        let length = (self.end.0 - self.start.0).max(1) as f32;
        let age = (self.end.0 - span.end.0).max(0) as f32;
        1.0 - 0.65 * (age / length).min(1.0)
    }
}

/// Width presets of the time window, as offered by the slider's selector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowWidth {
    /// One week ending on the slider's day.
    Week,
    /// 31 days ending on the slider's day.
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

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Week => "1 week",
            Self::Month => "1 month",
            Self::Year => "1 year",
            Self::Cumulative => "All up to date",
            Self::Custom(_) => "Custom",
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

    /// How many days playback advances per second of animation: a full window in a few seconds.
    pub fn play_days_per_second(self) -> f64 {
        match self {
            Self::Week => 14.0,
            Self::Month => 45.0,
            Self::Year | Self::Cumulative => 240.0,
            Self::Custom(days) => (days as f64 / 2.0).clamp(7.0, 240.0),
        }
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
            spans.sort_by_key(|s| (s.start, s.end));
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
        let earliest = window.start.0.saturating_sub(LONG_SPAN_DAYS);
        let from = self.spans.partition_point(|s| s.start.0 < earliest);
        let to = self.spans.partition_point(|s| s.start <= window.end);
        for (k, span) in self.spans[from..to.max(from)].iter().enumerate() {
            if span.end >= window.start && span.days() <= LONG_SPAN_DAYS {
                visit((from + k) as u32);
            }
        }
        for &k in &self.long {
            if window.overlaps(&self.spans[k as usize]) {
                visit(k);
            }
        }
    }

    /// Positions of the spans that overlap `window`, in ascending order.
    pub fn query(&self, window: TimeWindow) -> Vec<u32> {
        let mut out = Vec::new();
        self.for_each_in(window, |i| out.push(i));
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests {
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
    fn bad_dates_are_errors() {
        for bad in [
            "",
            "2024-13-01",
            "2024-02-30",
            "17/09/2024",
            "2024-09-17x",
            "2023-12-1",
            "2023-1-1 ",
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
    fn spans_describe_their_precision() {
        assert_eq!(span("2024-09-17", "2024-09-17").describe(), "17 Sep 2024");
        let battle = DateSpan::new(day("2024-07-25"), day("2024-07-27"), TimePrecision::Week);
        assert_eq!(
            battle.expect("ordered").describe(),
            "25–27 Jul 2024 (dates approximate: within a week)"
        );
        let wagner = DateSpan::new(day("2021-12-01"), day("2021-12-31"), TimePrecision::Month);
        assert_eq!(wagner.expect("ordered").describe(), "Dec 2021 (month only)");
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

            #[test]
            fn the_plain_date_reader_agrees_with_chrono(
                text in prop_oneof!["[0-9]{4}-[0-9]{2}-[0-9]{2}", "[0-9 +-]{10}", ".{0,12}"],
            ) {
                if let Some(date) = plain_iso_date(&text) {
                    prop_assert_eq!(text.parse::<NaiveDate>().ok(), Some(date));
                }
            }
        }
    }
}
