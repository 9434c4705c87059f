//! `Dataset::from_snapshot` on any bytes never panics, and a dataset it accepts works: it can
//! be written again (and that reads back to the same bytes), queried, drawn and picked.
#![no_main]

use incident_map::{lon_lat, Dataset, MapState, TimeWindow};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(data) = Dataset::from_snapshot(bytes) else {
        return;
    };
    let written = data.to_snapshot();
    let again = Dataset::from_snapshot(&written).expect("a snapshot it wrote itself");
    assert_eq!(again.to_snapshot(), written, "written twice, read once");

    let range = data.day_range();
    assert_eq!(data.incidents().count(), data.len());
    let mut map = MapState::new(64.0, 48.0, 1.0, data);
    if let Some((first, last)) = range {
        map.set_window(TimeWindow::new(first, last));
    }
    map.render();
    let at = map.project(lon_lat(-3.0, 16.0));
    map.pick(at);
});
