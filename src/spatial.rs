//! A uniform grid over projected points, for finding the points near a position quickly.
//!
//! Points are bucketed by the cell of a fixed 4096 × 4096 grid over the unit world (about 10 km
//! at the equator) and stored sorted by cell, so a query is one binary search per grid row it
//! touches. Building it is one sort, which is what keeps loading a million incidents fast.

use crate::projection::WorldPoint;

/// Grid cells per world side.
const CELLS_PER_SIDE: f64 = 4096.0;

fn cell_of(p: WorldPoint) -> (u32, u32) {
    let c = |v: f64| (v.clamp(0.0, 1.0) * CELLS_PER_SIDE).min(CELLS_PER_SIDE - 1.0) as u32;
    (c(p.x), c(p.y))
}

fn key(cx: u32, cy: u32) -> u32 {
    cy * CELLS_PER_SIDE as u32 + cx
}

/// Points indexed by grid cell; a query names them by their position in the indexed slice.
#[derive(Clone, Debug, Default)]
pub struct SpatialIndex {
    keys: Vec<u32>,
    ids: Vec<u32>,
    points: Vec<WorldPoint>,
}

impl SpatialIndex {
    /// Indexes points (in the unit world).
    pub fn new(points: &[WorldPoint]) -> SpatialIndex {
        let mut entries: Vec<(u32, u32)> = points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (cx, cy) = cell_of(*p);
                (key(cx, cy), i as u32)
            })
            .collect();
        entries.sort_unstable();
        SpatialIndex {
            keys: entries.iter().map(|e| e.0).collect(),
            ids: entries.iter().map(|e| e.1).collect(),
            points: points.to_vec(),
        }
    }

    /// The indexed point at position `id`.
    pub fn point(&self, id: u32) -> Option<WorldPoint> {
        self.points.get(id as usize).copied()
    }

    /// Calls `visit` with every point within `radius` (world units) of `centre`, and its distance.
    pub fn for_each_within(
        &self,
        centre: WorldPoint,
        radius: f64,
        mut visit: impl FnMut(u32, f64),
    ) {
        if !(radius.is_finite() && radius >= 0.0 && centre.x.is_finite() && centre.y.is_finite()) {
            return;
        }
        let lo = cell_of(WorldPoint {
            x: centre.x - radius,
            y: centre.y - radius,
        });
        let hi = cell_of(WorldPoint {
            x: centre.x + radius,
            y: centre.y + radius,
        });
        for cy in lo.1..=hi.1 {
            let from = self.keys.partition_point(|&k| k < key(lo.0, cy));
            let to = self.keys.partition_point(|&k| k <= key(hi.0, cy));
            for &id in &self.ids[from..to] {
                let p = self.points[id as usize];
                let d = (p.x - centre.x).hypot(p.y - centre.y);
                if d <= radius {
                    visit(id, d);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wp(x: f64, y: f64) -> WorldPoint {
        WorldPoint { x, y }
    }

    #[test]
    fn finds_points_inside_the_radius_only() {
        let index = SpatialIndex::new(&[wp(0.5, 0.5), wp(0.5004, 0.5), wp(0.6, 0.6)]);
        let mut found = Vec::new();
        index.for_each_within(wp(0.5001, 0.5), 0.00035, |id, _| found.push(id));
        found.sort_unstable();
        assert_eq!(found, vec![0, 1]);
        found.clear();
        index.for_each_within(wp(0.5001, 0.5), f64::NAN, |id, _| found.push(id));
        assert!(found.is_empty());
    }

    /// Property tests (native only: proptest does not target wasm32-unknown-unknown).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn query_equals_brute_force(
                points in prop::collection::vec((0.0f64..1.0, 0.0f64..1.0), 0..300),
                cx in -0.1f64..1.1,
                cy in -0.1f64..1.1,
                r in 0.0f64..0.05,
            ) {
                let points: Vec<WorldPoint> = points.into_iter().map(|(x, y)| wp(x, y)).collect();
                let index = SpatialIndex::new(&points);
                let mut found = Vec::new();
                index.for_each_within(wp(cx, cy), r, |id, _| found.push(id));
                found.sort_unstable();
                let expected: Vec<u32> = points
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| (p.x - cx).hypot(p.y - cy) <= r)
                    .map(|(i, _)| i as u32)
                    .collect();
                prop_assert_eq!(found, expected);
            }
        }
    }
}
