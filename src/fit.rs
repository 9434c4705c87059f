//! Fitting the view to data: the box that holds most of it, outliers left out.
//!
//! A conflict dataset often has a few rows far from the rest (a mistyped coordinate, an event
//! abroad): fitting every point would zoom out to show them. The box runs instead from the 1st
//! to the 99th percentile of the longitudes and, apart, of the latitudes (nearest rank, so up to
//! a hundred points nothing is left out), with a margin; [`Viewport::fit_bounds`] then picks the
//! zoom that shows it on the canvas.
//!
//! [`Viewport::fit_bounds`]: crate::viewport::Viewport::fit_bounds

use crate::projection::{lon_lat, LonLat, MAX_LAT_DEG};
use crate::sort::{f64_key, key_f64, sort_keys};

/// The share of the points left out at each end of each axis.
pub const OUTLIER_SHARE: f64 = 0.01;
/// The margin around the box on each side, as a share of its width or height.
pub const MARGIN_SHARE: f64 = 0.1;
/// The most points a fit looks at: a larger dataset is sampled ([`sample`]). The percentiles of
/// 65,536 points are those of a million within a hair, and the keys stay 2 MB instead of 32 MB
/// (plus their sort's scratch), which at a million incidents set the widget's memory peak after
/// a load.
pub const MAX_FIT_POINTS: usize = 65_536;

/// At most [`MAX_FIT_POINTS`] of the positions `0..len`, spread over all of them: one in each
/// run of `len / MAX_FIT_POINTS`, at an offset that a hash of the run's number picks, so that
/// data repeating with the run's length is not sampled at one phase. All of them when there
/// are no more than that.
pub fn sample(len: usize) -> impl Iterator<Item = usize> {
    let step = len.div_ceil(MAX_FIT_POINTS).max(1);
    (0..len.div_ceil(step)).filter_map(move |run| {
        let offset = (run as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
        let at = run * step + (offset % step as u64) as usize;
        (at < len).then_some(at)
    })
}
/// The least width and height of the box, in degrees (about 55 km): one place, or a few at the
/// same place, are shown with a town's surroundings rather than at street level.
pub const MIN_SPAN_DEG: f64 = 0.5;

/// The south-west and north-east corners of the box holding the 1st to the 99th percentile of
/// the points' longitudes and latitudes, widened by [`MARGIN_SHARE`] on each side and to at
/// least [`MIN_SPAN_DEG`], and kept inside the Web Mercator world. `None` when no point is
/// valid (invalid ones are left out).
///
/// Points on both sides of the antimeridian give a box across the whole width of the world:
/// the map does not wrap around.
pub fn data_box(points: impl IntoIterator<Item = LonLat>) -> Option<(LonLat, LonLat)> {
    let (mut lons, mut lats) = (Vec::new(), Vec::new());
    for p in points.into_iter().filter(LonLat::is_valid) {
        lons.push(u128::from(f64_key(p.lon)));
        lats.push(u128::from(f64_key(p.lat)));
    }
    let (west, east) = percentile_range(&mut lons)?;
    let (south, north) = percentile_range(&mut lats)?;
    let (west, east) = widen(west, east, 180.0);
    let (south, north) = widen(south, north, MAX_LAT_DEG);
    Some((lon_lat(west, south), lon_lat(east, north)))
}

/// The values at the [`OUTLIER_SHARE`] and 1 − [`OUTLIER_SHARE`] ranks of `keys` (`f64_key`s).
fn percentile_range(keys: &mut [u128]) -> Option<(f64, f64)> {
    let last = keys.len().checked_sub(1)?;
    sort_keys(keys);
    let low = (OUTLIER_SHARE * last as f64).floor() as usize;
    let high = ((1.0 - OUTLIER_SHARE) * last as f64).ceil() as usize;
    let at = |k: usize| key_f64(keys[k.min(last)] as u64);
    Some((at(low), at(high)))
}

/// `low..high` with the margin, at least [`MIN_SPAN_DEG`] wide, within `-limit..limit`.
fn widen(low: f64, high: f64, limit: f64) -> (f64, f64) {
    let margin = ((high - low) * MARGIN_SHARE).max((MIN_SPAN_DEG - (high - low)) / 2.0);
    ((low - margin).max(-limit), (high + margin).min(limit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::viewport::Viewport;

    const KYIV: LonLat = lon_lat(30.5234, 50.4501);
    const KHARKIV: LonLat = lon_lat(36.2304, 49.9935);
    const BAMAKO: LonLat = lon_lat(-8.0028, 12.6392);

    #[test]
    fn a_sample_takes_every_position_of_a_small_dataset_and_at_most_the_cap_of_a_large_one() {
        assert!(sample(1000).eq(0..1000));
        assert_eq!(sample(0).count(), 0);
        for len in [MAX_FIT_POINTS + 1, 3 * MAX_FIT_POINTS + 17, 1_000_000] {
            let taken: Vec<usize> = sample(len).collect();
            assert!(
                taken.len() <= MAX_FIT_POINTS && taken.len() >= MAX_FIT_POINTS / 2,
                "{len}"
            );
            assert!(taken.windows(2).all(|w| w[0] < w[1]) && taken.last() < Some(&len));
        }
    }

    #[test]
    fn a_few_points_are_all_inside_with_a_margin() {
        let (sw, ne) = data_box([KYIV, KHARKIV, lon_lat(37.8, 48.0)]).expect("a box");
        let width = 37.8 - 30.5234;
        assert!((sw.lon - (30.5234 - 0.1 * width)).abs() < 1e-9, "{sw:?}");
        assert!((ne.lon - (37.8 + 0.1 * width)).abs() < 1e-9, "{ne:?}");
        assert!(sw.lat < 48.0 && ne.lat > 50.4501);
    }

    #[test]
    fn outliers_beyond_the_percentiles_are_left_out() {
        // 300 points around Kyiv and Kharkiv, and 2 far away (Bamako, a swapped coordinate).
        let mut points: Vec<LonLat> = (0..300)
            .map(|k| {
                let t = f64::from(k) / 299.0;
                lon_lat(
                    KYIV.lon + t * (KHARKIV.lon - KYIV.lon),
                    KYIV.lat + t * (KHARKIV.lat - KYIV.lat),
                )
            })
            .collect();
        points.push(BAMAKO);
        points.push(lon_lat(50.45, 30.52));
        let (sw, ne) = data_box(points.iter().copied()).expect("a box");
        assert!(sw.lon > 29.0 && ne.lon < 38.0, "{sw:?} {ne:?}");
        assert!(sw.lat > 49.0 && ne.lat < 51.0, "{sw:?} {ne:?}");
    }

    #[test]
    fn one_point_gets_a_box_of_the_least_size_and_no_valid_point_none() {
        let (sw, ne) = data_box([BAMAKO]).expect("a box");
        assert!((ne.lon - sw.lon - MIN_SPAN_DEG).abs() < 1e-9);
        assert!((ne.lat - sw.lat - MIN_SPAN_DEG).abs() < 1e-9);
        assert!(((sw.lon + ne.lon) / 2.0 - BAMAKO.lon).abs() < 1e-9);
        assert_eq!(data_box([]), None);
        assert_eq!(
            data_box([lon_lat(f64::NAN, 3.0), lon_lat(200.0, 0.0)]),
            None
        );
    }

    #[test]
    fn the_box_stays_in_the_world() {
        let (sw, ne) = data_box([lon_lat(179.9, 89.0), lon_lat(-179.9, -89.0)]).expect("a box");
        assert_eq!((sw.lon, ne.lon), (-180.0, 180.0));
        assert_eq!((sw.lat, ne.lat), (-MAX_LAT_DEG, MAX_LAT_DEG));
    }

    #[test]
    fn the_fitted_view_shows_the_box_on_the_canvas() {
        for (points, size) in [
            (vec![KYIV, KHARKIV], (800.0, 500.0)),
            (vec![BAMAKO], (300.0, 300.0)),
        ] {
            let (sw, ne) = data_box(points.iter().copied()).expect("a box");
            let mut view = Viewport::new(size.0, size.1, 2.0, lon_lat(0.0, 0.0), 3.0);
            view.fit_bounds(sw, ne, 16.0);
            for p in &points {
                let s = view.lon_lat_to_screen(*p);
                assert!(
                    s.x >= 16.0 && s.x <= size.0 - 16.0 && s.y >= 16.0 && s.y <= size.1 - 16.0,
                    "{p:?} at {s:?} in {size:?}"
                );
            }
        }
    }

    #[test]
    fn data_across_the_antimeridian_zooms_out_to_the_world() {
        // Fiji, on both sides of 180°: the map does not wrap, so the box is the world's width.
        let (sw, ne) = data_box([lon_lat(179.5, -17.0), lon_lat(-179.5, -16.5)]).expect("a box");
        let mut view = Viewport::new(640.0, 480.0, 1.0, lon_lat(0.0, 0.0), 8.0);
        view.fit_bounds(sw, ne, 16.0);
        assert_eq!(view.zoom(), crate::viewport::MIN_ZOOM);
        assert!(view.centre().lat.is_finite() && view.centre().lat < 0.0);
    }
}
