use super::*;
use crate::incident::{Fatalities, Figure, Incident};
use crate::raster::Rgba;
use crate::timeline::{DateSpan, TimePrecision};

fn day(iso: &str) -> Day {
    Day::parse_iso(iso).expect("a date")
}

/// Incidents starting on `days` (one day long), with `deaths` as their low figure.
fn incidents(days: &[(&str, u32)]) -> Dataset {
    let template = Dataset::mali().incident(0).expect("an incident");
    let list = days
        .iter()
        .enumerate()
        .map(|(k, &(start, deaths))| Incident {
            id: format!("test-{k}"),
            span: DateSpan::new(day(start), day(start), TimePrecision::Day).expect("a span"),
            fatalities: Fatalities {
                low: Some(Figure {
                    value: deaths,
                    by: String::new(),
                }),
                ..Fatalities::default()
            },
            ..template.clone()
        });
    Dataset::new(list.collect())
}

#[test]
fn the_bin_size_is_the_smallest_giving_at_most_200_bars() {
    let first = day("2012-01-17");
    for (days, size) in [
        (0, BinSize::Day),
        (199, BinSize::Day),
        (200, BinSize::Week),
        (1_380, BinSize::Week),
        (1_420, BinSize::Month),
        (16 * 365, BinSize::Month),
        (17 * 365, BinSize::Year),
        (60 * 365, BinSize::Year),
    ] {
        let last = first.plus(days);
        let chosen = BinSize::for_range(first, last);
        assert_eq!(chosen, size, "{days} days");
        assert!(chosen.bars(first, last) <= MAX_BARS);
        if let Some(smaller) = BinSize::ALL.iter().take_while(|s| **s != chosen).last() {
            assert!(smaller.bars(first, last) > MAX_BARS, "{days} days");
        }
    }
    let mali = Histogram::build(&Dataset::mali(), |_| true, Weight::Count);
    assert_eq!(mali.size(), BinSize::Month);
    assert_eq!(mali.len(), 153, "Jan 2012 to Sep 2024");
}

#[test]
fn bins_start_on_mondays_and_firsts_of_months_and_years() {
    let h = Histogram::build(
        &incidents(&[("2023-12-30", 0), ("2024-08-01", 0)]),
        |_| true,
        Weight::Count,
    );
    assert_eq!(h.size(), BinSize::Week);
    assert_eq!(h.bin_start(0), day("2023-12-25"), "a Monday");
    assert_eq!(h.bin_end(0), day("2023-12-31"));
    assert_eq!(h.bin_start(1), day("2024-01-01"));
    let h = Histogram::build(
        &incidents(&[("2020-11-15", 0), ("2024-12-31", 0)]),
        |_| true,
        Weight::Count,
    );
    assert_eq!(h.size(), BinSize::Month);
    assert_eq!(h.len(), 50);
    assert_eq!(
        (h.bin_start(0), h.bin_end(0)),
        (day("2020-11-01"), day("2020-11-30"))
    );
    assert_eq!(
        (h.bin_start(2), h.bin_end(2)),
        (day("2021-01-01"), day("2021-01-31"))
    );
    assert_eq!(
        (h.bin_start(39), h.bin_end(39)),
        (day("2024-02-01"), day("2024-02-29"))
    );
    assert_eq!(h.bin_end(49), day("2024-12-31"));
    let h = Histogram::build(
        &incidents(&[("1990-06-15", 0), ("2024-01-01", 0)]),
        |_| true,
        Weight::Count,
    );
    assert_eq!(h.size(), BinSize::Year);
    assert_eq!(h.len(), 35);
    assert_eq!(
        (h.bin_start(0), h.bin_end(0)),
        (day("1990-01-01"), day("1990-12-31"))
    );
    assert_eq!(h.bin_of(day("2024-01-01")), Some(34));
    assert_eq!(h.bin_of(day("2023-12-31")), Some(33));
}

#[test]
fn bin_of_agrees_with_bin_start_and_end_for_every_size() {
    for last in ["2024-02-10", "2024-11-30", "2028-02-29", "2060-01-01"] {
        let h = Histogram::build(
            &incidents(&[("2023-12-20", 0), (last, 0)]),
            |_| true,
            Weight::Count,
        );
        let (first, last) = h.range().expect("a range");
        assert_eq!(h.bin_start(0).max(first), first);
        assert_eq!(h.bin_end(h.len() - 1).min(last), last);
        for i in 0..h.len() {
            assert!(h.bin_start(i) <= h.bin_end(i));
            assert_eq!(h.bin_of(h.bin_start(i)), Some(i), "{:?} {i}", h.size());
            assert_eq!(h.bin_of(h.bin_end(i)), Some(i), "{:?} {i}", h.size());
            if i > 0 {
                assert_eq!(h.bin_end(i - 1).plus(1), h.bin_start(i), "contiguous");
            }
        }
        assert_eq!(h.bin_of(h.bin_start(0).plus(-1)), None);
        assert_eq!(h.bin_of(h.bin_end(h.len() - 1).plus(1)), None);
    }
}

#[test]
fn bars_add_up_incidents_or_deaths_of_what_is_kept() {
    let data = incidents(&[
        ("2024-01-03", 5),
        ("2024-01-20", 0),
        ("2024-03-01", 7),
        ("2024-04-30", 1),
    ]);
    let count = Histogram::build(&data, |_| true, Weight::Count);
    assert_eq!(count.size(), BinSize::Day);
    let at = |h: &Histogram, iso| h.value(h.bin_of(day(iso)).expect("a bin"));
    assert_eq!(
        (
            at(&count, "2024-01-03"),
            at(&count, "2024-01-20"),
            count.max()
        ),
        (1.0, 1.0, 1.0)
    );
    assert_eq!(count.values.iter().sum::<f64>(), 4.0);
    let deaths = Histogram::build(&data, |_| true, Weight::Deaths);
    assert_eq!(
        (
            at(&deaths, "2024-01-03"),
            at(&deaths, "2024-03-01"),
            deaths.max()
        ),
        (5.0, 7.0, 7.0)
    );
    let some = Histogram::build(&data, |k| data.id(k) != Some("test-2"), Weight::Deaths);
    assert_eq!((at(&some, "2024-03-01"), some.max()), (0.0, 5.0));
    assert_eq!(some.len(), deaths.len(), "the bins stay put");
    assert_eq!(some.value(usize::MAX), 0.0);
}

#[test]
fn empty_data_gives_no_bins_and_a_blank_strip() {
    let h = Histogram::build(&Dataset::default(), |_| true, Weight::Count);
    assert!(h.is_empty() && h.max() == 0.0 && h.bin_of(day("2024-01-01")).is_none());
    let window = TimeWindow::new(day("2024-01-01"), day("2024-01-31"));
    let strip = render_strip(&h, window, 40, 10);
    assert!(strip.data().iter().all(|&b| b == 0));
    for (w, height) in [(0, 0), (0, 10), (40, 0)] {
        let mali = Histogram::build(&Dataset::mali(), |_| true, Weight::Count);
        assert_eq!(render_strip(&mali, window, w, height).data().len(), 0);
    }
    let far = incidents(&[("0001-01-01", 0), ("9999-12-31", 0)]);
    assert!(Histogram::build(&far, |_| true, Weight::Count).is_empty());
    let extreme = Histogram {
        size: BinSize::Year,
        first_unit: i64::from(i32::MAX),
        ..Histogram::default()
    };
    assert_eq!(extreme.bin_start(usize::MAX), Day(i32::MAX));
}

#[test]
fn the_strip_draws_bars_in_the_window_strong_and_others_muted() {
    // Days 1–100 of 2024: 100 day bins, 2 px each on a 200 px strip.
    let data = incidents(&[
        ("2024-01-01", 0),
        ("2024-01-11", 0),
        ("2024-01-11", 0),
        ("2024-04-09", 0),
    ]);
    let h = Histogram::build(&data, |_| true, Weight::Count);
    assert_eq!((h.size(), h.len(), h.max()), (BinSize::Day, 100, 2.0));
    let window = TimeWindow::new(day("2024-01-05"), day("2024-01-20"));
    let strip = render_strip(&h, window, 200, 20);
    let transparent = Rgba::new(0, 0, 0, 0);
    // 2024-01-11 (day 10, x 20–21): the tallest bar, in the window.
    assert_eq!(strip.pixel(20, 19), Some(STRIP_BAR));
    assert_eq!(strip.pixel(21, 0), Some(STRIP_BAR));
    // 2024-01-01 (x 0–1): half as tall, outside the window.
    assert_eq!(strip.pixel(0, 19), Some(STRIP_BAR_MUTED));
    assert_eq!(strip.pixel(0, 10), Some(STRIP_BAR_MUTED));
    assert_eq!(strip.pixel(0, 9), Some(transparent), "above a short bar");
    assert_eq!(strip.pixel(0, 0), Some(transparent));
    // The last day (x 198–199), and a day without incidents.
    assert_eq!(strip.pixel(199, 19), Some(STRIP_BAR_MUTED));
    assert_eq!(strip.pixel(100, 19), Some(transparent));
    // Wide bars keep a pixel apart: 50 px a day on a 5,000 px strip.
    let wide = render_strip(&h, window, 5_000, 20);
    assert_eq!(wide.pixel(48, 19), Some(STRIP_BAR_MUTED), "2024-01-01");
    assert_eq!(wide.pixel(49, 19), Some(transparent));
    assert_eq!(wide.pixel(500, 19), Some(STRIP_BAR), "2024-01-11");
    assert_eq!(wide.pixel(548, 19), Some(STRIP_BAR));
    assert_eq!(wide.pixel(549, 19), Some(transparent));
}
