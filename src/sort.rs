//! One sort for the whole crate.
//!
//! Every call of the standard sort on a new element type or comparator compiles another copy
//! of it (several kilobytes of wasm each). Here every sort is a sort of `u128` keys: a 64-bit
//! sort key above the element's position, so ties keep their order and one copy of
//! `sort_unstable` serves all of them.

/// Sorts `keys` ascending: the one instance of the standard sort in the module.
#[inline(never)]
pub(crate) fn sort_keys(keys: &mut [u128]) {
    keys.sort_unstable();
}

/// Sorts `items` by `key`, ascending; items with equal keys keep their order.
pub(crate) fn sort_by_key<T: Copy>(items: &mut [T], key: impl Fn(&T) -> u64) {
    let mut keys: Vec<u128> = items
        .iter()
        .enumerate()
        .map(|(k, item)| u128::from(key(item)) << 64 | k as u128)
        .collect();
    sort_keys(&mut keys);
    let old = items.to_vec();
    for (slot, k) in items.iter_mut().zip(&keys) {
        *slot = old[*k as u64 as usize];
    }
}

/// A key that orders `f64`s as [`f64::total_cmp`] does.
pub(crate) fn f64_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// The `f64` whose [`f64_key`] is `key`.
pub(crate) fn key_f64(key: u64) -> f64 {
    f64::from_bits(if key >> 63 == 1 {
        key & !(1 << 63)
    } else {
        !key
    })
}

/// A key that orders `i32`s as integers.
pub(crate) fn i32_key(x: i32) -> u32 {
    x as u32 ^ 1 << 31
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_keys_order_as_total_cmp_and_round_trip() {
        let values = [
            f64::NEG_INFINITY,
            -1e300,
            -1.5,
            -0.0,
            0.0,
            1e-310,
            2.5,
            f64::INFINITY,
            f64::NAN,
            -f64::NAN,
        ];
        for a in values {
            assert_eq!(key_f64(f64_key(a)).to_bits(), a.to_bits());
            for b in values {
                assert_eq!(f64_key(a).cmp(&f64_key(b)), a.total_cmp(&b), "{a} {b}");
            }
        }
    }

    #[test]
    fn integer_keys_order_as_integers() {
        let values = [i32::MIN, -7, -1, 0, 1, 9, i32::MAX];
        for a in values {
            for b in values {
                assert_eq!(i32_key(a).cmp(&i32_key(b)), a.cmp(&b));
            }
        }
    }

    #[test]
    fn sorting_by_key_is_stable() {
        let mut items = [(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        sort_by_key(&mut items, |&(k, _)| k);
        assert_eq!(items, [(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
    }

    /// Property tests (native only: proptest does not target wasm32-unknown-unknown).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::super::sort_by_key;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn sorting_by_key_equals_the_standard_stable_sort(
                items in prop::collection::vec((0u64..20, any::<u32>()), 0..300)
            ) {
                let mut ours = items.clone();
                sort_by_key(&mut ours, |&(k, _)| k);
                let mut std = items;
                std.sort_by_key(|&(k, _)| k);
                prop_assert_eq!(ours, std);
            }
        }
    }
}
