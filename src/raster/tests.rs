//! Pixel-exact tests of the rasteriser.

use super::*;

const RED: Rgba = Rgba::opaque(255, 0, 0);
const BLACK: Rgba = Rgba::opaque(0, 0, 0);

fn px(b: &PixelBuffer, x: u32, y: u32) -> Rgba {
    b.pixel(x, y).expect("pixel inside the buffer")
}

/// Sum of alpha / 255 over the buffer: the coverage drawn in opaque
/// colour onto transparent black.
fn coverage_sum(b: &PixelBuffer) -> f64 {
    b.data()
        .chunks_exact(4)
        .map(|p| f64::from(p[3]) / 255.0)
        .sum()
}

fn square(x0: f32, y0: f32, x1: f32, y1: f32) -> Vec<PixelPoint> {
    vec![
        pixel_point(x0, y0),
        pixel_point(x1, y0),
        pixel_point(x1, y1),
        pixel_point(x0, y1),
    ]
}

#[test]
fn colour_helpers() {
    let c = Rgba::new(1, 2, 3, 200);
    assert_eq!(c.with_alpha(7), Rgba::new(1, 2, 3, 7));
    assert_eq!(c.scale_alpha(0.5).a, 100);
    assert_eq!(c.scale_alpha(3.0).a, 200);
    assert_eq!(c.scale_alpha(-1.0).a, 0);
    assert_eq!(c.scale_alpha(f32::NAN).a, 0);
    assert_eq!(pixel_point(1.5, 2.0), PixelPoint { x: 1.5, y: 2.0 });
}

#[test]
fn buffer_basics() {
    let mut b = PixelBuffer::new(3, 2);
    assert_eq!((b.width(), b.height(), b.data().len()), (3, 2, 24));
    assert!(b.data().iter().all(|&v| v == 0));
    b.clear(Rgba::new(1, 2, 3, 4));
    assert_eq!(b.pixel(2, 1), Some(Rgba::new(1, 2, 3, 4)));
    assert_eq!(b.pixel(3, 0), None);
    assert_eq!(b.pixel(0, 2), None);
    let mut other = PixelBuffer::new(5, 5);
    other.copy_from(&b);
    assert_eq!(other, b);
    b.resize(4, 1);
    assert_eq!((b.width(), b.height(), b.data().len()), (4, 1, 16));
    let mut empty = PixelBuffer::new(0, 7);
    assert!(empty.data().is_empty());
    empty.clear(RED);
    empty.fill_circle(pixel_point(0.0, 0.0), 5.0, RED);
    empty.fill_polygon(&[square(-1.0, -1.0, 5.0, 5.0)], RED);
    empty.stroke_polyline(&[pixel_point(0.0, 0.0), pixel_point(5.0, 5.0)], 2.0, RED);
    assert!(empty.data().is_empty());
}

#[test]
fn blend_known_values() {
    let mut b = PixelBuffer::new(4, 1);
    b.clear(BLACK);
    // 50% white over opaque black: 127.5 rounds half up to 128.
    b.blend_pixel(0, 0, Rgba::opaque(255, 255, 255), 0.5);
    assert_eq!(px(&b, 0, 0), Rgba::new(128, 128, 128, 255));
    b.blend_pixel(1, 0, Rgba::new(255, 255, 255, 128), 1.0);
    assert_eq!(px(&b, 1, 0), Rgba::new(128, 128, 128, 255));
    // Opaque at full coverage is exact; zero coverage / alpha, NaN are no-ops.
    b.blend_pixel(2, 0, Rgba::opaque(1, 2, 3), 1.0);
    assert_eq!(px(&b, 2, 0), Rgba::opaque(1, 2, 3));
    let before = b.clone();
    b.blend_pixel(3, 0, RED, 0.0);
    b.blend_pixel(3, 0, RED, -2.0);
    b.blend_pixel(3, 0, RED, f32::NAN);
    b.blend_pixel(3, 0, RED.with_alpha(0), 1.0);
    b.blend_pixel(-1, 0, RED, 1.0);
    b.blend_pixel(4, 0, RED, 1.0);
    b.blend_pixel(0, i64::MAX, RED, 1.0);
    b.blend_pixel(i64::MIN, 0, RED, 1.0);
    assert_eq!(b, before);
}

#[test]
fn blend_over_translucent() {
    let mut b = PixelBuffer::new(2, 1);
    // Translucent over transparent keeps the source exactly.
    b.blend_pixel(0, 0, Rgba::new(255, 0, 0, 128), 1.0);
    assert_eq!(px(&b, 0, 0), Rgba::new(255, 0, 0, 128));
    let mut half = PixelBuffer::new(1, 1);
    half.blend_pixel(0, 0, Rgba::opaque(0, 255, 0), 0.5);
    assert_eq!(px(&half, 0, 0), Rgba::new(0, 255, 0, 128));
    // a = 128/255 over 128/255: out_a = 48896/65025 -> 191.75 -> 192,
    // r = 255 * 32640 / 48896 = 170.2, b = 255 * 16256 / 48896 = 84.8.
    b.blend_pixel(1, 0, Rgba::new(0, 0, 255, 128), 1.0);
    b.blend_pixel(1, 0, Rgba::new(255, 0, 0, 128), 1.0);
    assert_eq!(px(&b, 1, 0), Rgba::new(170, 0, 85, 192));
    // Opaque over translucent at full coverage is exact.
    b.blend_pixel(1, 0, Rgba::opaque(9, 8, 7), 1.0);
    assert_eq!(px(&b, 1, 0), Rgba::opaque(9, 8, 7));
}

#[test]
fn fill_circle_pixels() {
    let mut b = PixelBuffer::new(20, 20);
    b.fill_circle(pixel_point(10.0, 10.0), 5.0, RED);
    assert_eq!(px(&b, 10, 10), RED);
    assert_eq!(px(&b, 10, 2), Rgba::new(0, 0, 0, 0));
    let edge = px(&b, 5, 10);
    assert!(edge.a > 0 && edge.a < 255, "{edge:?}");
    for j in 0..20 {
        for i in 0..20 {
            assert_eq!(px(&b, i, j), px(&b, 19 - i, j), "mirror x at ({i},{j})");
            assert_eq!(px(&b, i, j), px(&b, i, 19 - j), "mirror y at ({i},{j})");
            assert_eq!(px(&b, i, j), px(&b, j, i), "mirror diagonal at ({i},{j})");
        }
    }
    assert_eq!(px(&b, 7, 10), px(&b, 12, 10));
}

#[test]
fn stroke_circle_pixels() {
    let mut b = PixelBuffer::new(20, 20);
    b.stroke_circle(pixel_point(10.0, 10.0), 6.0, 2.0, RED);
    assert_eq!(px(&b, 15, 10), RED);
    assert_eq!(px(&b, 4, 10), RED);
    assert_eq!(px(&b, 10, 10).a, 0);
    assert_eq!(px(&b, 10, 2).a, 0);
    let inner = px(&b, 14, 10).a; // centre 4.53 px out: 0.03 px in the band
    assert!(inner > 0 && inner < 255, "{inner}");
    assert_eq!(px(&b, 14, 10), px(&b, 5, 10));
    assert_eq!(px(&b, 13, 10).a, 0);
}

#[test]
fn polygon_square_is_pixel_exact() {
    let mut b = PixelBuffer::new(16, 16);
    b.fill_polygon(&[square(2.0, 2.0, 12.0, 12.0)], RED);
    for j in 0..16 {
        for i in 0..16 {
            let inside = (2..12).contains(&i) && (2..12).contains(&j);
            let want = if inside { RED } else { Rgba::new(0, 0, 0, 0) };
            assert_eq!(px(&b, i, j), want, "({i},{j})");
        }
    }
}

#[test]
fn polygon_hole_is_untouched() {
    let mut b = PixelBuffer::new(20, 20);
    let mut hole = square(6.0, 6.0, 12.0, 12.0);
    hole.push(hole[0]); // explicitly closed ring
    b.fill_polygon(&[square(2.0, 2.0, 18.0, 18.0), hole], RED);
    for j in 2..18 {
        for i in 2..18 {
            let in_hole = (6..12).contains(&i) && (6..12).contains(&j);
            assert_eq!(px(&b, i, j).a, if in_hole { 0 } else { 255 }, "({i},{j})");
        }
    }
}

#[test]
fn polygon_triangle_area() {
    let mut b = PixelBuffer::new(100, 100);
    let (p, q, r) = ((5.3, 7.1), (93.7, 20.2), (31.9, 88.6));
    let tri = vec![
        pixel_point(p.0, p.1),
        pixel_point(q.0, q.1),
        pixel_point(r.0, r.1),
    ];
    b.fill_polygon(&[tri], RED);
    let area = f64::from(((q.0 - p.0) * (r.1 - p.1) - (r.0 - p.0) * (q.1 - p.1)).abs() / 2.0);
    let sum = coverage_sum(&b);
    assert!((sum - area).abs() < area * 0.01, "{sum} vs {area}");
}

#[test]
fn polyline_horizontal_covers_its_row() {
    let mut b = PixelBuffer::new(20, 12);
    b.stroke_polyline(&[pixel_point(2.0, 5.5), pixel_point(18.0, 5.5)], 1.0, RED);
    for i in 2..18 {
        assert_eq!(px(&b, i, 5), RED, "column {i}");
    }
    assert!((0..20).all(|i| px(&b, i, 4).a == 0 && px(&b, i, 6).a == 0));
}

#[test]
fn polyline_overlaps_blend_once() {
    let colour = Rgba::new(0, 0, 255, 128);
    let mut once = PixelBuffer::new(24, 24);
    once.stroke_polyline(
        &[pixel_point(2.0, 12.0), pixel_point(20.0, 12.0)],
        3.0,
        colour,
    );
    let mut back = PixelBuffer::new(24, 24);
    let pts = [
        pixel_point(2.0, 12.0),
        pixel_point(20.0, 12.0),
        pixel_point(2.0, 12.0),
    ];
    back.stroke_polyline(&pts, 3.0, colour);
    assert_eq!(back, once);
    // A right-angle joint: the corner is as translucent as the arms.
    let mut b = PixelBuffer::new(24, 24);
    let pts = [
        pixel_point(2.0, 12.5),
        pixel_point(12.5, 12.5),
        pixel_point(12.5, 2.0),
    ];
    b.stroke_polyline(&pts, 3.0, colour);
    assert_eq!(px(&b, 12, 12), colour);
    assert_eq!(px(&b, 12, 11), colour);
    assert_eq!(px(&b, 11, 12), colour);
    assert!(b.data().chunks_exact(4).all(|p| p[3] <= 128));
}

#[test]
fn degenerate_inputs() {
    let mut b = PixelBuffer::new(20, 20);
    b.clear(BLACK);
    let before = b.clone();
    let nan = pixel_point(f32::NAN, 5.0);
    b.fill_circle(nan, 5.0, RED);
    b.fill_circle(pixel_point(5.0, 5.0), f32::NAN, RED);
    b.fill_circle(pixel_point(5.0, 5.0), f32::INFINITY, RED);
    b.fill_circle(pixel_point(5.0, 5.0), -3.0, RED);
    b.fill_circle(pixel_point(1e30, 5.0), 5.0, RED);
    b.fill_circle(pixel_point(5.0, 5.0), 5.0, RED.with_alpha(0));
    b.stroke_circle(pixel_point(5.0, 5.0), 5.0, f32::NAN, RED);
    b.stroke_circle(pixel_point(5.0, 5.0), -1.0, 2.0, RED);
    b.stroke_circle(pixel_point(5.0, 5.0), 5.0, 0.0, RED);
    b.stroke_circle(pixel_point(-1e30, 5.0), 5.0, 2.0, RED);
    b.fill_polygon(&[], RED);
    b.fill_polygon(
        &[vec![], vec![nan, nan, nan], vec![pixel_point(3.0, 3.0)]],
        RED,
    );
    b.fill_polygon(&[square(2.0, 2.0, 12.0, 2.0)], RED);
    b.fill_polygon(&[square(1e30, 1e30, 2e30, 2e30)], RED);
    b.stroke_polyline(&[], 2.0, RED);
    b.stroke_polyline(&[pixel_point(3.0, 3.0)], 2.0, RED);
    b.stroke_polyline(
        &[pixel_point(3.0, 3.0), nan, pixel_point(9.0, 9.0)],
        2.0,
        RED,
    );
    b.stroke_polyline(&[pixel_point(3.0, 3.0), pixel_point(9.0, 9.0)], -2.0, RED);
    b.stroke_polyline(
        &[pixel_point(3.0, 3.0), pixel_point(9.0, 9.0)],
        f32::INFINITY,
        RED,
    );
    b.stroke_polyline(
        &[pixel_point(-1e30, -5.0), pixel_point(1e30, -5.0)],
        2.0,
        RED,
    );
    assert_eq!(b, before);
}

#[test]
fn huge_shapes_are_clipped() {
    let mut b = PixelBuffer::new(20, 20);
    b.fill_circle(pixel_point(10.0, 10.0), 1e30, RED);
    assert!(b.data().chunks_exact(4).all(|p| p == [255, 0, 0, 255]));
    let mut b = PixelBuffer::new(20, 20);
    b.stroke_circle(pixel_point(10.0, 10.0), 1e30, 3e30, RED);
    assert!(b.data().chunks_exact(4).all(|p| p == [255, 0, 0, 255]));
    let mut b = PixelBuffer::new(20, 20);
    let tri = vec![
        pixel_point(-1e30, -1e30),
        pixel_point(1e30, 0.0),
        pixel_point(0.0, 1e30),
    ];
    b.fill_polygon(&[tri], RED);
    assert_eq!(px(&b, 10, 10), RED);
    let mut b = PixelBuffer::new(20, 20);
    let line = [pixel_point(-1e30, 10.5), pixel_point(1e30, 10.5)];
    b.stroke_polyline(&line, 1.0, RED);
    assert!((0..20).all(|i| px(&b, i, 10) == RED && px(&b, i, 9).a == 0));
    let mut b = PixelBuffer::new(20, 20);
    b.stroke_polyline(
        &[pixel_point(10.0, 10.0), pixel_point(11.0, 11.0)],
        1e30,
        RED,
    );
    assert!(b.data().chunks_exact(4).all(|p| p == [255, 0, 0, 255]));
}

/// Property tests (native only: proptest does not target wasm32-unknown-unknown).
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_point() -> impl Strategy<Value = PixelPoint> {
        (any::<f32>(), any::<f32>()).prop_map(|(x, y)| pixel_point(x, y))
    }

    fn near_point() -> impl Strategy<Value = PixelPoint> {
        (-10f32..40.0, -10f32..40.0).prop_map(|(x, y)| pixel_point(x, y))
    }

    proptest! {
        #[test]
        fn never_panics(
            pts in prop::collection::vec(prop_oneof![any_point(), near_point()], 0..8),
            r in any::<f32>(),
            w in any::<f32>(),
            a in any::<u8>(),
        ) {
            let mut b = PixelBuffer::new(31, 17);
            let colour = Rgba::new(10, 200, 30, a);
            for &p in &pts {
                b.fill_circle(p, r, colour);
                b.stroke_circle(p, r, w, colour);
                b.blend_pixel(p.x as i64, p.y as i64, colour, r);
            }
            b.fill_polygon(&[pts.clone(), pts.iter().rev().copied().collect()], colour);
            b.stroke_polyline(&pts, w, colour);
            prop_assert_eq!(b.data().len(), 31 * 17 * 4);
        }

        #[test]
        fn circle_area_matches(r in 2f32..40.0, cx in 48f32..52.0, cy in 48f32..52.0) {
            let mut b = PixelBuffer::new(100, 100);
            b.fill_circle(pixel_point(cx, cy), r, Rgba::opaque(255, 255, 255));
            let area = std::f64::consts::PI * f64::from(r) * f64::from(r);
            let sum = coverage_sum(&b);
            // The edge ramp approximates each edge pixel's coverage from its centre's distance,
            // so the error grows with the edge's length: 2 % of the area plus 3 % of the
            // perimeter (at r = 2.4 on a pixel corner the ramp is 0.40 px² short of 18.15).
            let tolerance = area * 0.02 + 2.0 * std::f64::consts::PI * f64::from(r) * 0.03;
            prop_assert!((sum - area).abs() < tolerance, "{} vs {}", sum, area);
        }

        #[test]
        fn polyline_blends_each_pixel_once(
            pts in prop::collection::vec(near_point(), 2..10),
            w in 0.2f32..8.0,
        ) {
            let mut b = PixelBuffer::new(32, 32);
            b.stroke_polyline(&pts, w, Rgba::new(0, 0, 0, 100));
            prop_assert!(b.data().chunks_exact(4).all(|p| p[3] <= 100));
        }
    }
}
