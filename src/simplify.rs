//! Areas with more vertices than a repaint can fill within a frame are simplified when they
//! load: Visvalingam–Whyatt, which drops, one at a time, the vertex whose triangle with its two
//! neighbours has the least area (the one that changes the shape least), until the area is
//! within [`MAX_AREA_VERTICES`]. Each ring keeps a share of the budget in proportion to its
//! size (at least four positions, so it stays a closed ring), and its first and last positions.
//! A heap makes it O(n log n) whatever the shape, so a polygon of a million vertices loads in
//! a fraction of a second instead of stalling the import or every frame after it.

use crate::projection::LonLat;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The most vertices an area keeps. At this many a repaint's cost is the pixels an area fills,
/// not its edges (docs/performance.md, "Limits").
pub const MAX_AREA_VERTICES: usize = 20_000;

/// Polygons, each a list of rings (outer first).
pub type Polygons = Vec<Vec<Vec<LonLat>>>;

/// Simplifies `polygons` to at most `max_vertices` positions in all (but never a ring below four
/// positions); returns how many there were and are, or `None` when they were within it.
pub fn simplify_area(polygons: &mut Polygons, max_vertices: usize) -> Option<(usize, usize)> {
    let count = |p: &Polygons| p.iter().flatten().map(Vec::len).sum::<usize>();
    let before = count(polygons);
    if before <= max_vertices {
        return None;
    }
    for ring in polygons.iter_mut().flatten() {
        // The ring's share, rounded down, so the shares never add up to more than the budget.
        let share = (ring.len() as u128 * max_vertices as u128 / before as u128) as usize;
        *ring = simplify_ring(ring, share.max(4));
    }
    Some((before, count(polygons)))
}

/// Twice the area of the triangle `a`, `b`, `c`.
fn triangle(a: LonLat, b: LonLat, c: LonLat) -> f64 {
    ((b.lon - a.lon) * (c.lat - a.lat) - (c.lon - a.lon) * (b.lat - a.lat)).abs()
}

/// The ring with at most `keep` positions (its first and last always among them).
fn simplify_ring(ring: &[LonLat], keep: usize) -> Vec<LonLat> {
    let n = ring.len();
    if n <= keep {
        return ring.to_vec();
    }
    let mut prev: Vec<usize> = (0..n).map(|i| i.saturating_sub(1)).collect();
    let mut next: Vec<usize> = (0..n).map(|i| (i + 1).min(n - 1)).collect();
    let mut area = vec![f64::INFINITY; n];
    // Areas are never negative, so their bits order as they do.
    let mut heap = BinaryHeap::with_capacity(n);
    for i in 1..n - 1 {
        area[i] = triangle(ring[i - 1], ring[i], ring[i + 1]);
        heap.push(Reverse((area[i].to_bits(), i)));
    }
    let mut removed = vec![false; n];
    let mut alive = n;
    while alive > keep {
        let Some(Reverse((bits, i))) = heap.pop() else {
            break;
        };
        if removed[i] || bits != area[i].to_bits() {
            continue; // taken already, or its area changed since
        }
        removed[i] = true;
        alive -= 1;
        let (p, q) = (prev[i], next[i]);
        next[p] = q;
        prev[q] = p;
        for j in [p, q] {
            if j != 0 && j != n - 1 {
                area[j] = triangle(ring[prev[j]], ring[j], ring[next[j]]);
                heap.push(Reverse((area[j].to_bits(), j)));
            }
        }
    }
    (0..n).filter(|&i| !removed[i]).map(|i| ring[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::lon_lat;

    /// A closed ring of `n` positions round (lon, lat), radius `r` degrees, its edge wavy.
    fn wavy_circle(n: usize, lon: f64, lat: f64, r: f64) -> Vec<LonLat> {
        let mut ring: Vec<LonLat> = (0..n - 1)
            .map(|k| {
                let t = k as f64 / (n - 1) as f64 * std::f64::consts::TAU;
                let radius = r * (1.0 + 0.01 * (t * 200.0).sin());
                lon_lat(lon + radius * t.cos(), lat + radius * t.sin())
            })
            .collect();
        ring.push(ring[0]);
        ring
    }

    fn area(ring: &[LonLat]) -> f64 {
        ring.windows(2)
            .map(|w| w[0].lon * w[1].lat - w[1].lon * w[0].lat)
            .sum::<f64>()
            .abs()
            / 2.0
    }

    #[test]
    fn a_polygon_of_a_million_vertices_keeps_its_shape_within_the_budget() {
        let outer = wavy_circle(1_000_000, -1.0, 17.0, 3.0);
        let hole = wavy_circle(10_000, -1.0, 17.0, 0.5);
        let (outer_area, hole_area) = (area(&outer), area(&hole));
        let mut polygons = vec![vec![outer.clone(), hole]];
        let (before, after) = simplify_area(&mut polygons, MAX_AREA_VERTICES).expect("simplified");
        assert_eq!(before, 1_010_000);
        assert!(
            after <= MAX_AREA_VERTICES && after > MAX_AREA_VERTICES - 10,
            "{after}"
        );
        let [rings] = polygons.as_slice() else {
            panic!("one polygon");
        };
        assert_eq!(rings.len(), 2, "the hole stays");
        for (ring, original_area) in rings.iter().zip([outer_area, hole_area]) {
            assert_eq!(ring.first(), ring.last(), "closed");
            let change = (area(ring) - original_area).abs() / original_area;
            assert!(change < 0.005, "area changed by {:.4} %", change * 100.0);
        }
        assert_eq!(rings[0][0], outer[0], "the first position stays");
    }

    #[test]
    fn small_areas_are_left_alone_and_rings_keep_four_positions() {
        let mut small = vec![vec![wavy_circle(100, 0.0, 0.0, 1.0)]];
        let copy = small.clone();
        assert_eq!(simplify_area(&mut small, 100), None);
        assert_eq!(small, copy);
        let mut many = vec![vec![wavy_circle(50, 0.0, 0.0, 1.0)]; 40];
        let (before, after) = simplify_area(&mut many, 100).expect("simplified");
        assert_eq!(
            (before, after),
            (2000, 160),
            "four positions a ring at least"
        );
        assert!(many
            .iter()
            .flatten()
            .all(|r| r.len() == 4 && r.first() == r.last()));
    }
}
