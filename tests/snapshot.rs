//! The dataset snapshot (`Dataset::to_snapshot` / `Dataset::from_snapshot`): what is read back
//! equals what was written (every incident, id, time query, pick and frame), and bytes that are
//! not a snapshot, or a damaged one, give an error or a dataset that still works: never a panic.

#[allow(dead_code)]
#[path = "benches/synthetic.rs"]
mod synthetic;

use incident_map::dataset::{SnapshotError, SnapshotReader, MALI_GEOJSON, ROWS_PER_STEP};
use incident_map::timeline::TimeWindow;
use incident_map::{lon_lat, Dataset, Day, MapState};

fn mali() -> Dataset {
    Dataset::from_geojson(MALI_GEOJSON)
        .expect("the record is GeoJSON")
        .0
}

fn synthetic(n: usize) -> Dataset {
    let text = synthetic::synthetic_geojson(n, 7);
    let (data, import) = Dataset::from_geojson(&text).expect("synthetic GeoJSON");
    assert!(import.issues.is_empty());
    data
}

fn round_trip(data: &Dataset) -> Dataset {
    let bytes = data.to_snapshot();
    let back = Dataset::from_snapshot(&bytes).expect("a snapshot reads back");
    assert_eq!(
        back.to_snapshot(),
        bytes,
        "writing it again gives the same bytes"
    );
    back
}

/// Windows across the data: single days, months, years, everything, and none.
fn windows(data: &Dataset) -> Vec<TimeWindow> {
    let Some((first, last)) = data.day_range() else {
        return vec![TimeWindow::new(Day(0), Day(1))];
    };
    let mut out = vec![
        TimeWindow::new(first, last),
        TimeWindow::new(first.plus(-100), first.plus(-1)),
    ];
    let span = (last.0 - first.0).max(1);
    for k in 0..40 {
        let start = first.plus(span / 40 * k);
        for length in [0, 6, 30, 365] {
            out.push(TimeWindow::new(start, start.plus(length)));
        }
    }
    out
}

/// Everything the dataset answers, compared: each incident whole, its columns, ids both ways,
/// the time queries, and a map over each (frames pixel for pixel, picks).
fn assert_same(a: &Dataset, b: &Dataset) {
    assert_eq!(a.len(), b.len());
    assert_eq!(a.day_range(), b.day_range());
    for k in 0..a.len() {
        assert_eq!(a.incident(k), b.incident(k), "incident {k}");
        let id = a.id(k).expect("id");
        assert_eq!(b.id(k), Some(id));
        assert_eq!(b.index_of(id), Some(k), "{id}");
        assert_eq!(a.span(k), b.span(k));
        assert_eq!(a.event_type(k), b.event_type(k));
        assert_eq!(a.place_precision(k), b.place_precision(k));
        assert_eq!(
            a.radius_px(k).map(f32::to_bits),
            b.radius_px(k).map(f32::to_bits),
            "{id}"
        );
        assert_eq!(a.anchor(k), b.anchor(k));
        let bits = |d: &Dataset| d.world_point(k).map(|p| (p.x.to_bits(), p.y.to_bits()));
        assert_eq!(bits(a), bits(b), "{id}");
        assert_eq!(a.shape(k), b.shape(k));
        assert_eq!(a.is_area(k), b.is_area(k));
    }
    assert_eq!(b.index_of("no such id"), None);
    let mut areas = (a.areas().collect::<Vec<_>>(), b.areas().collect::<Vec<_>>());
    areas.0.sort_unstable();
    areas.1.sort_unstable();
    assert_eq!(areas.0, areas.1);
    for window in windows(a) {
        assert_eq!(a.in_window(window), b.in_window(window), "{window:?}");
        let mut visited = Vec::new();
        b.for_each_in_window(window, |k| visited.push(k));
        visited.sort_unstable();
        assert_eq!(visited, a.in_window(window));
    }
}

/// Two maps, one over each dataset, shown the same windows: the same frames and picks.
fn assert_same_maps(a: Dataset, b: Dataset, windows: &[TimeWindow]) {
    let mut maps = (
        MapState::new(640.0, 400.0, 1.0, a),
        MapState::new(640.0, 400.0, 1.0, b),
    );
    for &window in windows {
        maps.0.set_window(window);
        maps.1.set_window(window);
        assert_eq!(maps.0.visible_count(), maps.1.visible_count());
        assert!(
            maps.0.render().data() == maps.1.render().data(),
            "{window:?}"
        );
        for k in maps.0.data().in_window(window).into_iter().take(50) {
            let anchor = maps.0.data().anchor(k as usize).expect("anchor");
            let at = maps.0.project(anchor);
            assert_eq!(maps.0.pick(at), maps.1.pick(at), "{window:?} {k}");
        }
    }
}

#[test]
fn the_record_reads_back_the_same() {
    let data = mali();
    let back = round_trip(&data);
    assert_same(&data, &back);
    assert!(back.areas().count() > 0, "the record has an area");
    let windows = windows(&data);
    assert_same_maps(data, back, &windows[..12]);
}

#[test]
fn synthetic_data_reads_back_the_same() {
    let data = synthetic(5_000);
    let back = round_trip(&data);
    assert_same(&data, &back);
    let windows: Vec<TimeWindow> = synthetic::scrub_windows()
        .into_iter()
        .step_by(10)
        .map(|(a, b)| TimeWindow::new(Day(a as i32), Day(b as i32)))
        .collect();
    assert_same_maps(data, back, &windows);
}

#[test]
fn an_empty_dataset_reads_back_empty() {
    let back = round_trip(&Dataset::default());
    assert!(back.is_empty());
    assert_eq!(back.day_range(), None);
    assert!(back.in_window(TimeWindow::new(Day(0), Day(9))).is_empty());
}

#[test]
fn every_shorter_prefix_is_an_error() {
    for data in [Dataset::default(), mali()] {
        let bytes = data.to_snapshot();
        let step = (bytes.len() / 3_000).max(1);
        let last = bytes.len().saturating_sub(64)..bytes.len();
        for end in (0..bytes.len()).step_by(step).chain(last) {
            assert!(
                Dataset::from_snapshot(&bytes[..end]).is_err(),
                "{end} bytes"
            );
        }
    }
    let mut bytes = mali().to_snapshot();
    bytes.push(0);
    assert_eq!(
        Dataset::from_snapshot(&bytes).err(),
        Some(SnapshotError::TrailingBytes { count: 1 })
    );
}

/// The offset of the `k`-th column (0 = start days) in a snapshot of `n` incidents (after the
/// magic number, the version, the tail's length and `n`).
fn column_at(n: usize, k: usize) -> usize {
    let sizes = [4, 4, 1, 8, 8, 8, 1, 1, 4];
    20 + sizes[..k].iter().map(|s| s * n).sum::<usize>()
}

#[test]
fn damaged_snapshots_say_what_is_wrong() {
    let data = mali();
    let n = data.len();
    let good = data.to_snapshot();
    let damaged = |at: usize, bytes: &[u8]| {
        let mut copy = good.clone();
        copy[at..at + bytes.len()].copy_from_slice(bytes);
        Dataset::from_snapshot(&copy).err()
    };
    assert_eq!(damaged(0, b"X"), Some(SnapshotError::NotASnapshot));
    assert_eq!(
        damaged(8, &1u32.to_le_bytes()),
        Some(SnapshotError::Version {
            found: 1,
            supported: 3
        })
    );
    let invalid = |what| Some(SnapshotError::Invalid { what });
    // The first incident starting after the second: the dates are out of order.
    let late = data.span(1).expect("span").start.0 + 1;
    assert_eq!(
        damaged(column_at(n, 0), &late.to_le_bytes()),
        invalid("the dates")
    );
    // An end before its start.
    let early = data.span(0).expect("span").start.0 - 1;
    assert_eq!(
        damaged(column_at(n, 1), &early.to_le_bytes()),
        invalid("the dates")
    );
    assert_eq!(
        damaged(column_at(n, 2), &[4]),
        invalid("the time precisions")
    );
    assert_eq!(
        damaged(column_at(n, 3), &181f64.to_le_bytes()),
        invalid("the anchors")
    );
    assert_eq!(
        damaged(column_at(n, 4), &f64::NAN.to_le_bytes()),
        invalid("the anchors")
    );
    assert_eq!(
        damaged(column_at(n, 5), &f64::INFINITY.to_le_bytes()),
        invalid("the projected ys")
    );
    assert_eq!(damaged(column_at(n, 6), &[7]), invalid("the event types"));
    assert_eq!(
        damaged(column_at(n, 7), &[0]),
        invalid("the place precisions")
    );
    assert_eq!(
        damaged(column_at(n, 8), &u32::MAX.to_le_bytes()),
        invalid("the record numbers")
    );
    // The number of incidents larger than the bytes could hold.
    assert_eq!(
        damaged(16, &u32::MAX.to_le_bytes()),
        Some(SnapshotError::Truncated {
            what: "the number of incidents"
        })
    );
    // A tail (the summaries' blocks) longer than the snapshot, or of another length.
    let summaries = |e| Some(e);
    assert_eq!(
        damaged(12, &u32::MAX.to_le_bytes()),
        summaries(SnapshotError::Truncated {
            what: "the summaries"
        })
    );
    let tail = u32::from_le_bytes(good[12..16].try_into().expect("four bytes"));
    assert_eq!(
        damaged(12, &(tail - 1).to_le_bytes()),
        invalid("the summaries"),
        "one byte of the blocks read as the head's"
    );
}

#[test]
fn two_incidents_with_one_id_are_refused() {
    // A snapshot of two incidents whose ids are the same length, then made equal.
    let text = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","geometry":{"type":"Point","coordinates":[-8.0,12.6]},
       "properties":{"id":"a-1","start":"2020-01-01"}},
      {"type":"Feature","geometry":{"type":"Point","coordinates":[-3.0,16.7]},
       "properties":{"id":"a-2","start":"2020-01-02"}}]}"#;
    let data = Dataset::from_geojson(text).expect("GeoJSON").0;
    let mut bytes = data.to_snapshot();
    let at = column_at(2, 9) + 4;
    assert_eq!(&bytes[at..at + 6], b"a-1a-2");
    bytes[at + 5] = b'1';
    assert_eq!(
        Dataset::from_snapshot(&bytes).err(),
        Some(SnapshotError::Invalid {
            what: "the ids (one is repeated, or out of order)"
        })
    );
}

/// A reader of `bytes`, `rows` incidents a step.
fn reader(bytes: &[u8], rows: usize) -> SnapshotReader<'_> {
    SnapshotReader::new(Box::new(bytes), rows).expect("a reader")
}

/// Reads `bytes` to the end; the dataset and the number of steps it took.
fn read_in_steps(bytes: &[u8], rows: usize) -> (Dataset, usize) {
    let mut reader = reader(bytes, rows);
    let mut steps = 1;
    loop {
        match reader.step().expect("each step reads") {
            Some(read) => {
                assert!(
                    reader.step().expect("done").is_none(),
                    "nothing after the last"
                );
                return (read, steps);
            }
            None => steps += 1,
        }
    }
}

#[test]
fn a_snapshot_read_in_steps_is_the_one_read_at_once() {
    for data in [Dataset::default(), mali(), synthetic(3_000)] {
        let bytes = data.to_snapshot();
        let n = data.len();
        let tail = u32::from_le_bytes(bytes[12..16].try_into().expect("4")) as usize;
        let ids = column_at(n, 9);
        let text = u32::from_le_bytes(bytes[ids..ids + 4].try_into().expect("4")) as usize;
        let at = ids + 4 + text + 8 * n;
        let records = u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4")) as usize;
        // The tail and the ids' text a number of bytes at a time; the dates, the anchors, the
        // types, the ids' ends and order, the records and the check of the ids' order a number
        // at a time; the ids' length, four tables, the symbol sizes and the
        // time index in one step each.
        for rows in [1, 7, 100, 2_999, ROWS_PER_STEP] {
            let (stepped, steps) = read_in_steps(&bytes, rows);
            let parts = |total: usize, per: usize| total.div_ceil(per).max(1);
            let expected = parts(tail, rows * 32)
                + parts(text, rows * 32)
                + 5 * parts(n, rows)
                + parts(records, rows)
                + 7;
            assert_eq!(steps, expected, "{n} incidents, {rows} a step");
            assert_same(&stepped, &data);
            assert_eq!(stepped.to_snapshot(), bytes);
        }
    }
}

#[test]
fn a_damaged_part_is_refused_by_the_step_that_reads_it() {
    let data = synthetic(500);
    let n = data.len();
    let mut bytes = data.to_snapshot();
    // A latitude past the pole: the step after the tail's and the dates', which reads the
    // anchors.
    bytes[column_at(n, 4)..column_at(n, 4) + 8].copy_from_slice(&95f64.to_le_bytes());
    let mut damaged = reader(&bytes, 1_000);
    assert_eq!(damaged.step().map(|d| d.is_some()), Ok(false), "the tail");
    assert_eq!(damaged.step().map(|d| d.is_some()), Ok(false), "the dates");
    let invalid = |what| Err(SnapshotError::Invalid { what });
    assert_eq!(damaged.step().map(|d| d.is_some()), invalid("the anchors"));
    // A reader dropped part way leaves nothing behind: the good bytes read again whole.
    drop(damaged);
    let good = data.to_snapshot();
    assert_eq!(read_in_steps(&good, 1_000).0.len(), n);
}

#[test]
fn an_order_of_the_ids_that_is_not_theirs_is_refused() {
    let data = synthetic(200);
    let n = data.len();
    let good = data.to_snapshot();
    // The ids' text, their ends, then their order.
    let text_len = u32::from_le_bytes(good[column_at(n, 9)..][..4].try_into().expect("4"));
    let order = column_at(n, 9) + 4 + text_len as usize + 4 * n;
    let entry = |bytes: &[u8], k: usize| bytes[order + 4 * k..][..4].to_vec();
    let refused = Some(SnapshotError::Invalid {
        what: "the ids (one is repeated, or out of order)",
    });
    let mut swapped = good.clone();
    let (a, b) = (entry(&good, 3), entry(&good, 4));
    swapped[order + 12..][..4].copy_from_slice(&b);
    swapped[order + 16..][..4].copy_from_slice(&a);
    assert_eq!(
        Dataset::from_snapshot(&swapped).err(),
        refused,
        "two swapped"
    );
    let mut twice = good.clone();
    twice[order + 12..][..4].copy_from_slice(&b);
    assert_eq!(Dataset::from_snapshot(&twice).err(), refused, "one twice");
    let mut past = good;
    past[order..][..4].copy_from_slice(&(n as u32).to_le_bytes());
    assert_eq!(Dataset::from_snapshot(&past).err(), refused, "past the end");
}

/// A small map that [`read_and_use`] puts each dataset it reads on.
fn small_map() -> MapState {
    MapState::new(64.0, 48.0, 1.0, Dataset::default())
}

/// Whatever the bytes, reading them never panics; a dataset that reads works with a map.
fn read_and_use(map: &mut MapState, bytes: &[u8]) {
    let Ok(data) = Dataset::from_snapshot(bytes) else {
        return;
    };
    let range = data.day_range();
    let _ = data.incidents().count();
    map.set_data(data);
    if let Some((first, last)) = range {
        map.set_window(TimeWindow::new(first, last));
    }
    map.render();
    let at = map.project(lon_lat(-3.0, 16.0));
    map.pick(at);
}

#[test]
fn every_single_byte_change_of_a_small_snapshot_is_safe() {
    let text = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","geometry":{"type":"Point","coordinates":[-8.0,12.6]},
       "properties":{"id":"a","start":"2020-01-01","end":"2020-03-30","title":{"en":"T","fr":"F"},
       "fatalities":{"low":{"value":3,"by":"x"},"best":null,"high":{"value":9,"by":"y"},
         "claims":[{"by":"z","claim":"9 dead","date":"2020-01-02"}]},
       "sources":[{"publisher":"P","title":"T","url":"https://example.org"}]}},
      {"type":"Feature","geometry":{"type":"MultiPoint","coordinates":[[-3.0,16.7],[-2,16]]},
       "properties":{"id":"b","start":"2020-01-02","actors":["A","B"]}},
      {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,15],[2,15],[2,17],[0,15]]]},
       "properties":{"id":"c","start":"2019-12-01","end":"2020-06-01"}}]}"#;
    let (data, import) = Dataset::from_geojson(text).expect("GeoJSON");
    assert!(import.issues.is_empty(), "{:?}", import.issues);
    let good = data.to_snapshot();
    let mut map = small_map();
    for at in 0..good.len() {
        for value in [0u8, 1, 2, 0x7f, 0x80, 0xff, good[at] ^ 1] {
            let mut bytes = good.clone();
            bytes[at] = value;
            read_and_use(&mut map, &bytes);
        }
    }
}

/// Property tests (native only: proptest does not target wasm32-unknown-unknown).
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use std::cell::RefCell;
    use std::sync::OnceLock;

    fn mali_snapshot() -> &'static [u8] {
        static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
        BYTES.get_or_init(|| mali().to_snapshot())
    }

    thread_local! {
        static MAP: RefCell<MapState> = RefCell::new(small_map());
    }

    fn use_bytes(bytes: &[u8]) {
        MAP.with(|map| read_and_use(&mut map.borrow_mut(), bytes));
    }

    /// Incidents with these ids, on days that put them in another order than given.
    fn with_ids(ids: &[String]) -> Dataset {
        let template = mali().incident(0).expect("an incident");
        let incidents = ids.iter().enumerate().map(|(k, id)| {
            let mut incident = template.clone();
            incident.id = id.clone();
            incident.span.start = Day((k as i32 * 7919) % 101);
            incident.span.end = incident.span.start.plus(3);
            incident
        });
        Dataset::new(incidents.collect())
    }

    proptest! {
        #[test]
        fn ids_read_back_are_found_as_a_hash_map_finds_them(
            ids in prop::collection::vec("[ab1é-]{0,5}", 0..80),
            asked in prop::collection::vec("[ab1é-]{0,5}", 0..20),
        ) {
            // Repeated ids are left out when built; the snapshot holds each once.
            let built = with_ids(&ids);
            let data = Dataset::from_snapshot(&built.to_snapshot()).expect("reads back");
            let mut positions = std::collections::HashMap::new();
            for k in 0..data.len() {
                positions.entry(data.id(k).expect("an id")).or_insert(k);
            }
            prop_assert_eq!(positions.len(), data.len(), "no id twice");
            for id in ids.iter().chain(&asked) {
                prop_assert_eq!(data.index_of(id), positions.get(id.as_str()).copied(), "{}", id);
                prop_assert_eq!(built.index_of(id), data.index_of(id));
            }
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
            use_bytes(&bytes);
        }

        #[test]
        fn arbitrary_bytes_after_a_good_header_never_panic(
            tail in prop::collection::vec(any::<u8>(), 0..600),
        ) {
            let mut bytes = b"IMAPDATA".to_vec();
            bytes.extend_from_slice(&3u32.to_le_bytes());
            bytes.extend_from_slice(&tail);
            use_bytes(&bytes);
        }

        #[test]
        fn changing_bytes_of_the_record_never_panics(
            changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
            cut in any::<prop::sample::Index>(),
            truncate in any::<bool>(),
        ) {
            let mut bytes = mali_snapshot().to_vec();
            for (at, value) in changes {
                let k = at.index(bytes.len());
                bytes[k] = value;
            }
            if truncate {
                bytes.truncate(cut.index(bytes.len()));
            }
            use_bytes(&bytes);
        }
    }
}
