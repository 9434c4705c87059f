//! The two-handle range on the histogram strip: where the window's handles stand in the strip,
//! which day a point of the strip is, and the window a drag, a key or a click on a bar asks
//! for. The strip lays the data's days out from its first to its last, left to right as the
//! histogram is drawn — and right to left in a right-to-left language, where the glue mirrors
//! the drawing: time runs the way the reader reads, as the browser's own range input does.

use crate::histogram::Histogram;
use crate::timeline::{Day, TimeWindow};

/// What a press on the range holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangePart {
    /// The window's first day.
    Start,
    /// The window's last day.
    End,
    /// The window itself, moved whole.
    Window,
}

/// A key on a handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeKey {
    /// One bin earlier (arrow left or down).
    Back,
    /// One bin later (arrow right or up).
    Forward,
    /// Ten bins earlier (Page Down).
    PageBack,
    /// Ten bins later (Page Up).
    PageForward,
    /// The data's first day.
    First,
    /// The data's last day.
    Last,
}

impl RangeKey {
    /// The range key a keyboard key name (`KeyboardEvent.key`) means, if any; on a strip
    /// laid out right to left (`rtl`), the left arrow goes forward in time.
    pub fn from_key(key: &str, rtl: bool) -> Option<RangeKey> {
        let (left, right) = if rtl {
            (RangeKey::Forward, RangeKey::Back)
        } else {
            (RangeKey::Back, RangeKey::Forward)
        };
        Some(match key {
            "ArrowLeft" => left,
            "ArrowRight" => right,
            "ArrowDown" => RangeKey::Back,
            "ArrowUp" => RangeKey::Forward,
            "PageDown" => RangeKey::PageBack,
            "PageUp" => RangeKey::PageForward,
            "Home" => RangeKey::First,
            "End" => RangeKey::Last,
            _ => return None,
        })
    }
}

/// A drag in progress: what it holds, the day under the pointer and the window when it began.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RangeDrag {
    part: RangePart,
    grabbed: Day,
    window: TimeWindow,
}

/// The strip's days laid out over `width` CSS px.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StripScale {
    first: Day,
    days: f64,
    width: f64,
    rtl: bool,
}

impl StripScale {
    /// The scale of `histogram`'s days over `width` px, laid out right to left when `rtl`;
    /// `None` without data or width.
    pub fn new(histogram: &Histogram, width: f64, rtl: bool) -> Option<StripScale> {
        let (first, last) = histogram.range()?;
        let days = f64::from(last.0.saturating_sub(first.0)) + 1.0;
        (width.is_finite() && width > 0.0).then_some(StripScale {
            first,
            days,
            width,
            rtl,
        })
    }

    /// `x` px from the strip's left edge, from its start edge instead (the right one when
    /// right to left); the same mapping turns it back.
    fn flip(&self, x: f64) -> f64 {
        if self.rtl {
            self.width - x
        } else {
            x
        }
    }

    /// The day at `x` px from the strip's left edge (clamped to the strip).
    pub fn day_at(&self, x: f64) -> Day {
        let x = if x.is_finite() {
            self.flip(x.max(0.0).min(self.width))
        } else {
            0.0
        };
        // Not `clamp`: its panic message would bring float formatting into the module.
        let k = (x / self.width * self.days)
            .floor()
            .min(self.days - 1.0)
            .max(0.0);
        self.first.plus(k as i32)
    }

    /// The x of `day`'s start edge (its left edge, or its right one right to left); the day
    /// after the last gives the strip's end edge.
    pub fn x_of(&self, day: Day) -> f64 {
        let k = f64::from(day.0.saturating_sub(self.first.0));
        self.flip((k / self.days * self.width).max(0.0).min(self.width))
    }

    /// Where the handles stand for `window`: its first day's start edge, its last day's end
    /// edge (the first is the larger x right to left).
    pub fn handles(&self, window: TimeWindow) -> (f64, f64) {
        (self.x_of(window.start), self.x_of(window.end.plus(1)))
    }
}

impl RangeDrag {
    /// A drag of `part` that begins over `day`, with the window as it is.
    pub fn new(part: RangePart, day: Day, window: TimeWindow) -> RangeDrag {
        RangeDrag {
            part,
            grabbed: day,
            window,
        }
    }

    /// The window when the pointer is over `day`, within the data's `first..=last`.
    pub fn window_at(&self, day: Day, (first, last): (Day, Day)) -> TimeWindow {
        let TimeWindow { start, end } = self.window;
        match self.part {
            RangePart::Start => TimeWindow::new(day.min(end), end),
            RangePart::End => TimeWindow::new(start, day.max(start)),
            RangePart::Window => {
                let width = end.0.saturating_sub(start.0);
                let shift = day.0.saturating_sub(self.grabbed.0);
                let start = start
                    .plus(shift)
                    .max(first)
                    .min(last.plus(-width).max(first));
                TimeWindow::new(start, start.plus(width))
            }
        }
    }
}

/// The window after `key` on the `part` handle: the handle moves by whole bins of
/// `histogram` (to the bin's first day for the start, its last for the end), never past the
/// other handle.
pub fn window_after_key(
    histogram: &Histogram,
    window: TimeWindow,
    part: RangePart,
    key: RangeKey,
) -> Option<TimeWindow> {
    let (first, last) = histogram.range()?;
    let at = if part == RangePart::Start {
        window.start
    } else {
        window.end
    };
    let bin = histogram.bin_of(at.max(first).min(last))? as i64;
    let steps = match key {
        RangeKey::Back => -1,
        RangeKey::Forward => 1,
        RangeKey::PageBack => -10,
        RangeKey::PageForward => 10,
        RangeKey::First | RangeKey::Last => 0,
    };
    let target = (bin + steps).clamp(0, histogram.len() as i64 - 1) as usize;
    let day = match (key, part) {
        (RangeKey::First, _) => first,
        (RangeKey::Last, _) => last,
        (_, RangePart::Start) => histogram.bin_start(target),
        _ => histogram.bin_end(target),
    };
    Some(RangeDrag::new(part, day, window).window_at(day, (first, last)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;
    use crate::histogram::Weight;

    fn day(iso: &str) -> Day {
        Day::parse_iso(iso).expect("a date")
    }

    fn mali_histogram() -> Histogram {
        Histogram::build(&Dataset::mali(), |_| true, Weight::Count)
    }

    #[test]
    fn days_and_positions_agree_along_the_strip() {
        let h = mali_histogram();
        let (first, last) = h.range().expect("data");
        let scale = StripScale::new(&h, 500.0, false).expect("a scale");
        assert_eq!(scale.day_at(0.0), first);
        assert_eq!(scale.day_at(500.0), last);
        assert_eq!(scale.day_at(-20.0), first, "clamped");
        assert_eq!(scale.day_at(f64::NAN), first);
        let mid = scale.day_at(250.0);
        let x = scale.x_of(mid);
        assert!(x <= 250.0 && 250.0 - x < 500.0 / scale.days + 1e-9);
        assert_eq!(scale.handles(TimeWindow::new(first, last)), (0.0, 500.0));
        assert!(StripScale::new(&h, 0.0, false).is_none());
    }

    #[test]
    fn right_to_left_the_strip_runs_from_the_right_edge() {
        let h = mali_histogram();
        let (first, last) = h.range().expect("data");
        let ltr = StripScale::new(&h, 500.0, false).expect("a scale");
        let rtl = StripScale::new(&h, 500.0, true).expect("a scale");
        assert_eq!(rtl.day_at(500.0), first);
        assert_eq!(rtl.day_at(0.0), last);
        for x in [0.0, 1.0, 123.4, 250.0, 499.0] {
            assert_eq!(rtl.day_at(x), ltr.day_at(500.0 - x), "mirrored at {x}");
        }
        let window = TimeWindow::new(day("2020-01-01"), day("2020-12-31"));
        let (start, end) = rtl.handles(window);
        let (l_start, l_end) = ltr.handles(window);
        assert!(start > end, "the start handle is on the right");
        assert!((start - (500.0 - l_start)).abs() < 1e-9 && (end - (500.0 - l_end)).abs() < 1e-9);
        assert_eq!(
            RangeKey::from_key("ArrowLeft", true),
            Some(RangeKey::Forward)
        );
        assert_eq!(RangeKey::from_key("ArrowRight", true), Some(RangeKey::Back));
        assert_eq!(RangeKey::from_key("ArrowUp", true), Some(RangeKey::Forward));
    }

    #[test]
    fn dragging_a_handle_or_the_window() {
        let range = (day("2012-01-01"), day("2024-12-31"));
        let window = TimeWindow::new(day("2020-01-01"), day("2020-01-31"));
        let start = RangeDrag::new(RangePart::Start, window.start, window);
        assert_eq!(
            start.window_at(day("2019-12-01"), range).start,
            day("2019-12-01")
        );
        assert_eq!(
            start.window_at(day("2021-01-01"), range),
            TimeWindow::new(window.end, window.end),
            "the start never passes the end"
        );
        let end = RangeDrag::new(RangePart::End, window.end, window);
        assert_eq!(
            end.window_at(day("2019-01-01"), range),
            TimeWindow::new(window.start, window.start)
        );
        let whole = RangeDrag::new(RangePart::Window, day("2020-01-10"), window);
        assert_eq!(
            whole.window_at(day("2020-02-10"), range),
            TimeWindow::new(day("2020-02-01"), day("2020-03-02")),
            "moved by 31 days, width kept"
        );
        assert_eq!(
            whole.window_at(day("2030-01-01"), range),
            TimeWindow::new(day("2024-12-01"), day("2024-12-31")),
            "stops at the data's end"
        );
        assert_eq!(whole.window_at(day("2000-01-01"), range).start, range.0);
    }

    #[test]
    fn keys_move_a_handle_by_bins() {
        let h = mali_histogram();
        let (first, last) = h.range().expect("data");
        let window = TimeWindow::new(day("2020-03-10"), day("2020-06-20"));
        let back = window_after_key(&h, window, RangePart::Start, RangeKey::Back).expect("moved");
        let bin = h.bin_of(window.start).expect("a bin");
        assert_eq!(back.start, h.bin_start(bin - 1));
        assert_eq!(back.end, window.end);
        let page =
            window_after_key(&h, window, RangePart::End, RangeKey::PageForward).expect("moved");
        assert_eq!(
            page.end,
            h.bin_end(h.bin_of(window.end).expect("a bin") + 10)
        );
        let home = window_after_key(&h, window, RangePart::Start, RangeKey::First).expect("moved");
        assert_eq!(home.start, first);
        let end = window_after_key(&h, window, RangePart::End, RangeKey::Last).expect("moved");
        assert_eq!(end.end, last);
        let crossing =
            window_after_key(&h, window, RangePart::End, RangeKey::First).expect("moved");
        assert_eq!(
            crossing,
            TimeWindow::new(window.start, window.start),
            "never before the start"
        );
        assert_eq!(
            RangeKey::from_key("PageUp", false),
            Some(RangeKey::PageForward)
        );
        assert_eq!(RangeKey::from_key("ArrowLeft", false), Some(RangeKey::Back));
        assert_eq!(RangeKey::from_key("a", false), None);
    }
}
