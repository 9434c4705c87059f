//! The bars under the time slider: how many incidents (or deaths) each day, week, month or year
//! of the data holds, under the active filter, and the strip of pixels that shows them.
//!
//! A [`Histogram`] is built once per data, filter or weight change (one pass over the
//! incidents); a slider step only redraws the strip, whose bars in the window change colour.

use crate::dataset::Dataset;
use crate::raster::{PixelBuffer, PixelRect};
use crate::style::{STRIP_BAR, STRIP_BAR_MUTED};
use crate::timeline::{Day, TimeWindow};

/// The most bars [`BinSize::for_range`] aims for.
pub const MAX_BARS: i64 = 200;

/// The most bars a histogram has: data spanning more years than this has a mistyped date, and
/// its bars would be thinner than a pixel, so its histogram is empty.
const MAX_YEAR_BARS: i64 = 2_000;

/// How many days a bar covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BinSize {
    /// One day.
    #[default]
    Day,
    /// A week, Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

impl BinSize {
    /// Every size, smallest first.
    pub const ALL: [BinSize; 4] = [Self::Day, Self::Week, Self::Month, Self::Year];

    /// The bin size for data from `first` to `last`: the smallest that needs at most
    /// [`MAX_BARS`] bars (so a span of over 200 days gets weeks, of over about 1,400 days
    /// months, of over about 16 years years). A span under 50 days gets fewer than 50 bars.
    pub fn for_range(first: Day, last: Day) -> BinSize {
        Self::ALL
            .into_iter()
            .find(|size| size.bars(first, last) <= MAX_BARS)
            .unwrap_or(Self::Year)
    }

    /// How many bars of this size the days from `first` to `last` need.
    fn bars(self, first: Day, last: Day) -> i64 {
        self.unit_of(last) - self.unit_of(first) + 1
    }

    /// The number of the bin holding `day`: days since 1970-01-01, weeks since Monday
    /// 1969-12-29, months since January of year 0, or the year.
    fn unit_of(self, day: Day) -> i64 {
        let d = i64::from(day.0);
        match self {
            Self::Day => d,
            Self::Week => (d + 3).div_euclid(7),
            Self::Month => {
                let date = day.date();
                i64::from(date.year) * 12 + i64::from(date.month) - 1
            }
            Self::Year => i64::from(day.date().year),
        }
    }

    /// The first day of bin `unit` (saturating at the ends of [`Day`]'s range).
    fn unit_start(self, unit: i64) -> Day {
        let saturated = || Day(if unit < 0 { i32::MIN } else { i32::MAX });
        let first_of = |year: i64, month: i64| {
            i32::try_from(year)
                .ok()
                .and_then(|year| Day::from_ymd(year, month as u32, 1))
                .unwrap_or_else(saturated)
        };
        match self {
            Self::Day => i32::try_from(unit).map_or_else(|_| saturated(), Day),
            Self::Week => i32::try_from(unit.saturating_mul(7).saturating_sub(3))
                .map_or_else(|_| saturated(), Day),
            Self::Month => first_of(unit.div_euclid(12), unit.rem_euclid(12) + 1),
            Self::Year => first_of(unit, 1),
        }
    }
}

/// What a bar adds up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Weight {
    /// Incidents.
    #[default]
    Count,
    /// Deaths: each incident's best figure, else its low one, else 0.
    Deaths,
}

/// Bars over the data's days, each the weight of the incidents that start in its bin.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Histogram {
    size: BinSize,
    /// The [`BinSize::unit_of`] number of the first bin.
    first_unit: i64,
    values: Vec<f64>,
    max: f64,
    /// The data's first and last day, which the bins cover.
    range: Option<(Day, Day)>,
}

impl Histogram {
    /// The histogram of `data`'s incidents at the positions `keep` accepts, each counted in the
    /// bin of its first day. The bins cover the data's whole day range (not only the kept
    /// incidents'), so they stay put under the slider when the filter changes.
    pub fn build(data: &Dataset, keep: impl Fn(usize) -> bool, weight: Weight) -> Histogram {
        let Some((first, last)) = data.day_range() else {
            return Histogram::default();
        };
        let size = BinSize::for_range(first, last);
        let bars = size.bars(first, last);
        if bars > MAX_YEAR_BARS {
            return Histogram::default();
        }
        let deaths = match weight {
            Weight::Count => Vec::new(),
            Weight::Deaths => {
                data.record_values(|_| (), |f| f64::from(f.size_hint()), |_, deaths| *deaths)
            }
        };
        let mut h = Histogram {
            size,
            first_unit: size.unit_of(first),
            values: vec![0.0; bars as usize],
            max: 0.0,
            range: Some((first, last)),
        };
        for (k, row) in data.rows().enumerate() {
            if !keep(k) {
                continue;
            }
            let value = match weight {
                Weight::Count => 1.0,
                Weight::Deaths => deaths.get(row.record as usize).copied().unwrap_or(0.0),
            };
            if let Some(bar) = h.bin_of(row.start).and_then(|i| h.values.get_mut(i)) {
                *bar += value;
            }
        }
        h.max = h.values.iter().copied().fold(0.0, f64::max);
        h
    }

    /// The number of bins (0 for empty data).
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when there are no bins.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The weight in bin `i` (0 past the end).
    pub fn value(&self, i: usize) -> f64 {
        self.values.get(i).copied().unwrap_or(0.0)
    }

    /// The largest bin's weight (0 when there are none).
    pub fn max(&self) -> f64 {
        self.max
    }

    /// How many days a bin covers.
    pub fn size(&self) -> BinSize {
        self.size
    }

    /// The data's first and last day, which the bins cover (the first and last bin may reach
    /// beyond them, to a whole week, month or year); `None` for empty data.
    pub fn range(&self) -> Option<(Day, Day)> {
        self.range
    }

    /// The first day of bin `i` (past the end: where such a bin would start).
    pub fn bin_start(&self, i: usize) -> Day {
        self.size.unit_start(self.unit(i))
    }

    /// The last day of bin `i`, included (past the end: where such a bin would end).
    pub fn bin_end(&self, i: usize) -> Day {
        self.size
            .unit_start(self.unit(i).saturating_add(1))
            .plus(-1)
    }

    /// The bin holding `day`, if there is one.
    pub fn bin_of(&self, day: Day) -> Option<usize> {
        let i = usize::try_from(self.size.unit_of(day) - self.first_unit).ok()?;
        (i < self.len()).then_some(i)
    }

    /// The [`BinSize::unit_of`] number of bin `i`.
    fn unit(&self, i: usize) -> i64 {
        self.first_unit
            .saturating_add(i64::try_from(i).unwrap_or(i64::MAX))
    }
}

/// The histogram as a `width_px` × `height_px` strip on a transparent background, its days laid
/// out as under a slider that runs from the data's first day to its last: a bar per bin from
/// the bottom, its height in proportion to its weight (at least a pixel when above 0), in
/// [`STRIP_BAR`] when its bin overlaps `window` and [`STRIP_BAR_MUTED`] otherwise; a pixel
/// apart when bars are at least 3 pixels wide.
pub fn render_strip(
    h: &Histogram,
    window: TimeWindow,
    width_px: u32,
    height_px: u32,
) -> PixelBuffer {
    let mut strip = PixelBuffer::new(width_px, height_px);
    let Some((first, last)) = h.range().filter(|_| h.max() > 0.0) else {
        return strip;
    };
    let days = f64::from(last.0) - f64::from(first.0) + 1.0;
    let x_of = |day: Day| {
        let x = (f64::from(day.0) - f64::from(first.0)) / days * f64::from(width_px);
        x.round().clamp(0.0, f64::from(width_px)) as i64
    };
    for i in 0..h.len() {
        let (start, end, value) = (h.bin_start(i), h.bin_end(i), h.value(i));
        if value <= 0.0 {
            continue;
        }
        let x0 = x_of(start.max(first));
        let x1 = x_of(end.min(last).plus(1));
        let width = match x1 - x0 {
            w if w >= 3 => w - 1,
            w => w.max(1),
        };
        let height = (value / h.max() * f64::from(height_px)).round().max(1.0) as i64;
        let top = i64::from(height_px) - height;
        let colour = if start <= window.end && end >= window.start {
            STRIP_BAR
        } else {
            STRIP_BAR_MUTED
        };
        if let Some(bar) = PixelRect::clipped(x0, top, width, height, width_px, height_px) {
            strip.fill_rect(bar, colour);
        }
    }
    strip
}

#[cfg(test)]
mod tests;
