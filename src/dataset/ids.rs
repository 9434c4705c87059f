//! The incidents' ids, and how one is found: every id in one string, and the positions in
//! order of each id's [`id_hash`] (then of the id itself). A search is a binary search of that
//! order. The order is worked out where the dataset is built (in the importer's worker) and
//! travels in the snapshot, so the module that draws the data only checks it, in one pass,
//! instead of building a hash table of a million ids on the page's main thread.

use crate::sort::sort_keys;
use std::ops::Range;

/// The ids, one after the other in load order, where each ends, which one each incident (by
/// position) has, and the positions in order of their ids.
#[derive(Default)]
pub(super) struct Ids {
    pub(super) text: String,
    pub(super) ends: Vec<u32>,
    /// The load number of each position's id; empty while they are the same (a dataset still
    /// being built, or read from a snapshot, which writes the ids by position).
    pub(super) loaded_as: Vec<u32>,
    /// The positions ordered by (hash, id): see [`Ids::index`].
    pub(super) order: Vec<u32>,
}

/// A hash of an id that every module and every build works out alike (64-bit FNV-1a), which
/// is what lets the order travel in a snapshot.
pub(crate) fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Ids {
    /// Adds the id of the next incident; its position.
    pub(super) fn push(&mut self, id: &str) -> u32 {
        self.text.push_str(id);
        self.ends.push(self.text.len() as u32);
        self.ends.len() as u32 - 1
    }

    /// The id of the incident at position `k` ("" past the end).
    pub(super) fn get(&self, k: u32) -> &str {
        let loaded = match self.loaded_as.get(k as usize) {
            Some(&loaded) => loaded as usize,
            None if self.loaded_as.is_empty() => k as usize,
            None => return "",
        };
        let Some(&end) = self.ends.get(loaded) else {
            return "";
        };
        let start = match loaded {
            0 => 0,
            _ => self.ends[loaded - 1],
        };
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// How many there are.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// What the order sorts by.
    fn key(&self, k: u32) -> (u64, &str) {
        let id = self.get(k);
        (id_hash(id), id)
    }

    /// Works out the order: positions by id hash, those of one hash (in practice none share
    /// one) by id, those of one id (never in a built dataset) by position.
    pub(super) fn index(&mut self) {
        let mut keys: Vec<u128> = (0..self.len() as u32)
            .map(|k| u128::from(id_hash(self.get(k))) << 64 | u128::from(k))
            .collect();
        sort_keys(&mut keys);
        let mut order: Vec<u32> = keys.iter().map(|&key| key as u32).collect();
        // Then those of one hash by id, with an insertion sort: stable, and no other sort
        // compiled in.
        let hash = |i: usize| keys[i] >> 64;
        for i in 1..order.len() {
            let mut j = i;
            while j > 0 && hash(j) == hash(j - 1) && self.get(order[j]) < self.get(order[j - 1]) {
                order.swap(j, j - 1);
                j -= 1;
            }
        }
        self.order = order;
    }

    /// True when the entries `range` of the order (read from a snapshot) are positions in
    /// range, each after the entry before it as [`Ids::index`] orders them, and strictly (no
    /// id twice). True for every range in turn (the order's length being checked when read):
    /// the order is the one `index` works out.
    pub(super) fn order_holds(&self, range: Range<usize>) -> bool {
        let n = self.len();
        let mut last = range.start.checked_sub(1).and_then(|i| self.order.get(i));
        let entries = self.order.get(range).unwrap_or_default();
        entries.iter().all(|k| {
            let after = last.is_none_or(|j| self.key(*j) < self.key(*k));
            last = Some(k);
            (*k as usize) < n && after
        })
    }

    /// The position of the incident with this id (the first by position, were two the same).
    pub(super) fn find(&self, id: &str) -> Option<u32> {
        let key = (id_hash(id), id);
        let at = self.order.partition_point(|&k| self.key(k) < key);
        self.order.get(at).copied().filter(|&k| self.get(k) == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole order checked at once.
    fn order_is_right(ids: &Ids) -> bool {
        ids.order.len() == ids.len() && ids.order_holds(0..ids.len())
    }

    fn ids(list: &[&str]) -> Ids {
        let mut ids = Ids::default();
        for id in list {
            ids.push(id);
        }
        ids.index();
        ids
    }

    #[test]
    fn an_id_is_found_at_its_position_and_a_missing_one_is_not() {
        let ids = ids(&[
            "bamako-2024-09-17-airport",
            "tinzaouaten-2024-07-25",
            "",
            "é",
        ]);
        assert!(order_is_right(&ids));
        for (k, id) in [
            "bamako-2024-09-17-airport",
            "tinzaouaten-2024-07-25",
            "",
            "é",
        ]
        .into_iter()
        .enumerate()
        {
            assert_eq!(ids.find(id), Some(k as u32), "{id}");
        }
        assert_eq!(ids.find("nowhere"), None);
        assert_eq!(Ids::default().find(""), None);
    }

    #[test]
    fn the_hash_is_fnv_1a() {
        // The published 64-bit FNV-1a values: the order read from a snapshot relies on them.
        assert_eq!(id_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(id_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(id_hash("foobar"), 0x8594_4171_f739_67e8);
        assert_ne!(id_hash("a\0"), id_hash("a"));
    }

    #[test]
    fn a_wrong_order_is_caught() {
        let mut good = ids(&["a", "b", "c", "d"]);
        assert!(order_is_right(&good));
        good.order.swap(0, 1);
        assert!(!order_is_right(&good), "out of order");
        good.order.swap(0, 1);
        let first = good.order[0];
        good.order[1] = first;
        assert!(!order_is_right(&good), "a position twice");
        good.order[1] = 9;
        assert!(!order_is_right(&good), "a position past the end");
        good.order.pop();
        assert!(!order_is_right(&good), "one missing");
    }

    /// Property tests (native only: proptest does not target wasm32-unknown-unknown).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::super::Ids;
        use hashbrown::HashMap;
        use proptest::prelude::*;

        /// Short ids from a few letters, so that lists repeat some.
        fn id() -> impl Strategy<Value = String> {
            "[ab1é]{0,4}"
        }

        proptest! {
            #[test]
            fn finding_agrees_with_a_hash_map(
                list in prop::collection::vec(id(), 0..120),
                asked in prop::collection::vec(id(), 0..40),
                shuffle in any::<u64>(),
            ) {
                let mut ids = Ids::default();
                for id in &list {
                    ids.push(id);
                }
                // Positions other than load order, as a built dataset has.
                let n = list.len() as u32;
                if n > 0 {
                    ids.loaded_as = (0..n).map(|k| (k * 7 + shuffle as u32) % n).collect();
                    if ids.loaded_as.iter().collect::<hashbrown::HashSet<_>>().len() != n as usize {
                        ids.loaded_as = (0..n).rev().collect();
                    }
                }
                ids.index();
                // The first position of each id, as a plain map keeps it.
                let mut first: HashMap<&str, u32> = HashMap::new();
                for k in 0..n {
                    first.entry(ids.get(k)).or_insert(k);
                }
                for id in list.iter().chain(&asked) {
                    prop_assert_eq!(ids.find(id), first.get(id.as_str()).copied(), "{}", id);
                }
                // The order passes the check exactly when no id repeats, checked whole or a
                // few entries at a time.
                let whole = super::order_is_right(&ids);
                prop_assert_eq!(whole, first.len() == list.len());
                let step = 1 + (shuffle % 9) as usize;
                let in_parts = (0..ids.len())
                    .step_by(step)
                    .all(|at| ids.order_holds(at..ids.len().min(at + step)));
                prop_assert_eq!(in_parts, whole);
            }
        }
    }
}
