//! Values kept once and referred to by number: a million incidents share a few thousand
//! titles, places, actor lists and source lists, so storing each distinct value once is what
//! keeps a large dataset in memory.

use hashbrown::{DefaultHashBuilder, HashTable};
use std::hash::{BuildHasher, Hash};

/// Distinct values of `T`, each stored once, numbered in order of first appearance.
pub struct Interner<T> {
    values: Vec<T>,
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl<T> Default for Interner<T> {
    fn default() -> Self {
        Interner {
            values: Vec::new(),
            table: HashTable::new(),
            hasher: DefaultHashBuilder::default(),
        }
    }
}

impl<T> Interner<T> {
    /// Values already distinct and numbered (read back from a snapshot), without the table
    /// that finds them by value, so reading a snapshot hashes nothing.
    pub fn from_values(values: Vec<T>) -> Self {
        Interner {
            values,
            ..Interner::default()
        }
    }

    /// Every value, by number.
    pub fn values(&self) -> &[T] {
        &self.values
    }

    /// The value numbered `k`.
    pub fn get(&self, k: u32) -> Option<&T> {
        self.values.get(k as usize)
    }

    /// How many values there are.
    pub fn len(&self) -> usize {
        self.values.len()
    }
}

impl<T: Hash + Eq> Interner<T> {
    /// The number of `value`, storing it if it is new. Values taken over by
    /// [`Interner::from_values`] are not indexed (a dataset read from a snapshot is never added
    /// to), so a value interned into those is stored again under a new number.
    pub fn intern(&mut self, value: T) -> u32 {
        let Interner {
            values,
            table,
            hasher,
        } = self;
        let k = values.len() as u32;
        if table.len() != values.len() {
            values.push(value);
            return k;
        }
        let hash = hasher.hash_one(&value);
        if let Some(&k) = table.find(hash, |&k| values[k as usize] == value) {
            return k;
        }
        values.push(value);
        table.insert_unique(hash, k, |&j| hasher.hash_one(&values[j as usize]));
        k
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_share_a_number() {
        let mut names = Interner::default();
        let a = names.intern("Gao".to_string());
        let b = names.intern("Kidal".to_string());
        assert_eq!(names.intern("Gao".to_string()), a);
        assert_ne!(a, b);
        assert_eq!(names.intern("Tessalit".to_string()), 2, "numbered in order");
        assert_eq!(names.get(b).map(String::as_str), Some("Kidal"));
        assert_eq!(names.get(7), None);
    }

    #[test]
    fn values_taken_over_keep_their_numbers_and_take_more() {
        let mut names = Interner::from_values(vec!["Gao".to_string(), "Kidal".to_string()]);
        assert_eq!(names.len(), 2);
        assert_eq!(names.get(1).map(String::as_str), Some("Kidal"));
        let k = names.intern("Kidal".to_string());
        assert_eq!(names.get(k).map(String::as_str), Some("Kidal"));
        assert_eq!(names.len(), 3, "not indexed, so stored again");
    }
}
