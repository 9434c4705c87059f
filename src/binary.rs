//! The compact binary form the dataset and the basemap travel in (little-endian, no padding):
//! a [`Writer`] for the importer side and a [`Reader`] for the side that must never trust its
//! input. Every length the reader takes from the bytes is checked against what is left before
//! anything is allocated, allocations go through `try_reserve`, and every failure is a
//! [`SnapshotError`], never a panic.

use thiserror::Error;

/// Why bytes could not be read back as a snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SnapshotError {
    /// The bytes do not start with the snapshot's magic number.
    #[error("not an incident-map snapshot of this kind")]
    NotASnapshot,
    /// A snapshot of a format version this build does not read.
    #[error("snapshot format version {found}; this build reads version {supported}")]
    Version {
        /// The version the bytes say they are.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// The bytes end inside a value.
    #[error("the snapshot ends inside {what}")]
    Truncated {
        /// What was being read.
        what: &'static str,
    },
    /// A value that the writer cannot have produced (out of range, not UTF-8, out of order).
    #[error("the snapshot has a bad value in {what}")]
    Invalid {
        /// What was being read.
        what: &'static str,
    },
    /// The memory a value needs could not be had.
    #[error("no memory for {what}")]
    OutOfMemory {
        /// What was being read.
        what: &'static str,
    },
    /// Bytes left over after the last value.
    #[error("{count} bytes after the end of the snapshot")]
    TrailingBytes {
        /// How many.
        count: usize,
    },
}

/// The length written for an absent optional string.
const NONE: u32 = u32::MAX;

/// Writes values one after the other.
#[derive(Default)]
pub(crate) struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    /// A writer that starts with the magic number and format version.
    pub(crate) fn new(magic: &[u8; 8], version: u32, capacity: usize) -> Writer {
        let mut w = Writer {
            bytes: Vec::with_capacity(capacity),
        };
        w.bytes.extend_from_slice(magic);
        w.u32(version);
        w
    }

    /// The bytes written.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    pub(crate) fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    pub(crate) fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    #[cfg(feature = "importers")]
    pub(crate) fn i32(&mut self, v: i32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// A count or length. Nothing this crate writes comes near 4 GiB (positions are `u32`); a
    /// larger one would be written as `u32::MAX - 1`, which the reader then refuses.
    pub(crate) fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(NONE - 1).min(NONE - 1));
    }

    /// Bytes as they are (their length written before by the caller).
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    pub(crate) fn str(&mut self, s: &str) {
        self.len(s.len());
        self.bytes(s.as_bytes());
    }

    pub(crate) fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.u32(NONE),
        }
    }

    /// Every item of `items` as `N` bytes each.
    pub(crate) fn column<T, const N: usize>(
        &mut self,
        items: &[T],
        mut bytes: impl FnMut(&T) -> [u8; N],
    ) {
        self.bytes.reserve(items.len() * N);
        for item in items {
            self.bytes.extend_from_slice(&bytes(item));
        }
    }
}

/// Reads values one after the other from untrusted bytes.
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// A reader of bytes that follow what was checked elsewhere (a part of a snapshot).
    pub(crate) fn over(bytes: &'a [u8]) -> Reader<'a> {
        Reader { rest: bytes }
    }

    /// A reader past the magic number and version, once both are checked.
    pub(crate) fn new(
        bytes: &'a [u8],
        magic: &[u8; 8],
        version: u32,
    ) -> Result<Reader<'a>, SnapshotError> {
        let rest = bytes
            .strip_prefix(magic.as_slice())
            .ok_or(SnapshotError::NotASnapshot)?;
        let mut reader = Reader { rest };
        let found = reader.u32("the format version")?;
        if found != version {
            return Err(SnapshotError::Version {
                found,
                supported: version,
            });
        }
        Ok(reader)
    }

    /// How many bytes are left to read.
    pub(crate) fn remaining(&self) -> usize {
        self.rest.len()
    }

    /// Fails unless every byte was read.
    pub(crate) fn finish(&self) -> Result<(), SnapshotError> {
        match self.rest.len() {
            0 => Ok(()),
            count => Err(SnapshotError::TrailingBytes { count }),
        }
    }

    /// The next `n` bytes.
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], SnapshotError> {
        if n > self.rest.len() {
            return Err(SnapshotError::Truncated { what });
        }
        let (head, rest) = self.rest.split_at(n);
        self.rest = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], SnapshotError> {
        let bytes = self.take(N, what)?;
        <[u8; N]>::try_from(bytes).map_err(|_| SnapshotError::Truncated { what })
    }

    pub(crate) fn u8(&mut self, what: &'static str) -> Result<u8, SnapshotError> {
        Ok(self.array::<1>(what)?[0])
    }

    pub(crate) fn u32(&mut self, what: &'static str) -> Result<u32, SnapshotError> {
        self.array(what).map(u32::from_le_bytes)
    }

    pub(crate) fn i32(&mut self, what: &'static str) -> Result<i32, SnapshotError> {
        self.array(what).map(i32::from_le_bytes)
    }

    /// A count of items that take at least `min_item_bytes` each: refused when the bytes left
    /// could not hold that many, so no count read from the input allocates more than a fixed
    /// multiple of the input's size.
    pub(crate) fn count(
        &mut self,
        min_item_bytes: usize,
        what: &'static str,
    ) -> Result<usize, SnapshotError> {
        let n = self.u32(what)? as usize;
        match n.checked_mul(min_item_bytes.max(1)) {
            Some(bytes) if bytes <= self.rest.len() => Ok(n),
            _ => Err(SnapshotError::Truncated { what }),
        }
    }

    /// A count, then that many items read by `item`, each at least `min_item_bytes` long.
    pub(crate) fn list<T>(
        &mut self,
        min_item_bytes: usize,
        what: &'static str,
        mut item: impl FnMut(&mut Reader<'a>) -> Result<T, SnapshotError>,
    ) -> Result<Vec<T>, SnapshotError> {
        let count = self.count(min_item_bytes, what)?;
        let mut items = vec_for(count, what)?;
        for _ in 0..count {
            items.push(item(self)?);
        }
        Ok(items)
    }

    /// A string.
    pub(crate) fn str(&mut self, what: &'static str) -> Result<&'a str, SnapshotError> {
        let n = self.u32(what)? as usize;
        let bytes = self.take(n, what)?;
        std::str::from_utf8(bytes).map_err(|_| SnapshotError::Invalid { what })
    }

    /// A string, as an owned one.
    pub(crate) fn string(&mut self, what: &'static str) -> Result<String, SnapshotError> {
        self.str(what).map(str::to_string)
    }

    /// An optional string.
    pub(crate) fn opt_string(
        &mut self,
        what: &'static str,
    ) -> Result<Option<String>, SnapshotError> {
        if self.rest.get(..4) == Some(NONE.to_le_bytes().as_slice()) {
            self.rest = &self.rest[4..];
            return Ok(None);
        }
        self.string(what).map(Some)
    }

    /// `n` items of `N` bytes each.
    pub(crate) fn items<const N: usize>(
        &mut self,
        n: usize,
        what: &'static str,
    ) -> Result<impl Iterator<Item = [u8; N]> + 'a, SnapshotError> {
        let size = n.checked_mul(N).ok_or(SnapshotError::Truncated { what })?;
        let bytes = self.take(size, what)?;
        Ok(bytes
            .chunks_exact(N)
            .map(|c| <[u8; N]>::try_from(c).unwrap_or([0; N])))
    }

    /// `n` items of `N` bytes each, converted by `item`.
    pub(crate) fn column<T, const N: usize>(
        &mut self,
        n: usize,
        what: &'static str,
        item: impl FnMut([u8; N]) -> T,
    ) -> Result<Vec<T>, SnapshotError> {
        let items = self.items(n, what)?;
        let mut out = vec_for(n, what)?;
        out.extend(items.map(item));
        Ok(out)
    }
}

/// An empty vector with room for `n` items, or [`SnapshotError::OutOfMemory`].
pub(crate) fn vec_for<T>(n: usize, what: &'static str) -> Result<Vec<T>, SnapshotError> {
    let mut out = Vec::new();
    out.try_reserve_exact(n)
        .map_err(|_| SnapshotError::OutOfMemory { what })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAGIC: &[u8; 8] = b"TESTDATA";

    #[test]
    fn values_come_back_in_order() {
        let mut w = Writer::new(MAGIC, 3, 0);
        w.u8(7);
        w.u32(70_000);
        w.column(&[-70_000i32], |v| v.to_le_bytes());
        w.str("Tombouctou");
        w.opt_str(None);
        w.opt_str(Some("تمبكتو"));
        w.column(&[1i32, -2, 3], |v| v.to_le_bytes());
        let bytes = w.into_bytes();
        let mut r = Reader::new(&bytes, MAGIC, 3).expect("header");
        assert_eq!(r.u8("a"), Ok(7));
        assert_eq!(r.u32("b"), Ok(70_000));
        assert_eq!(r.i32("c"), Ok(-70_000));
        assert_eq!(r.str("d"), Ok("Tombouctou"));
        assert_eq!(r.opt_string("e"), Ok(None));
        assert_eq!(r.opt_string("f"), Ok(Some("تمبكتو".to_string())));
        assert_eq!(r.column(3, "g", i32::from_le_bytes), Ok(vec![1, -2, 3]));
        assert_eq!(r.finish(), Ok(()));
    }

    #[test]
    fn a_wrong_header_or_a_short_input_is_an_error() {
        let bytes = Writer::new(MAGIC, 3, 0).into_bytes();
        assert_eq!(
            Reader::new(&bytes, b"OTHERMAG", 3).err(),
            Some(SnapshotError::NotASnapshot)
        );
        assert_eq!(
            Reader::new(&bytes, MAGIC, 4).err(),
            Some(SnapshotError::Version {
                found: 3,
                supported: 4
            })
        );
        assert!(Reader::new(&bytes[..10], MAGIC, 3).is_err());
        let mut r = Reader::new(&bytes, MAGIC, 3).expect("header");
        assert_eq!(r.u8("x"), Err(SnapshotError::Truncated { what: "x" }));
    }

    #[test]
    fn a_count_larger_than_the_input_allocates_nothing() {
        let mut w = Writer::new(MAGIC, 1, 0);
        w.u32(u32::MAX - 1);
        w.u32(0);
        let bytes = w.into_bytes();
        let mut r = Reader::new(&bytes, MAGIC, 1).expect("header");
        assert!(r.count(1, "items").is_err());
        let mut r = Reader::new(&bytes, MAGIC, 1).expect("header");
        assert!(r.column(usize::MAX, "column", u64::from_le_bytes).is_err());
        let mut r = Reader::new(&bytes, MAGIC, 1).expect("header");
        assert!(r.str("text").is_err());
    }

    #[test]
    fn bytes_that_are_not_utf8_are_not_a_string() {
        let mut bytes = Writer::new(MAGIC, 1, 0).into_bytes();
        bytes.extend_from_slice(&2u32.to_le_bytes());
        bytes.extend_from_slice(&[0xc3, 0x28]);
        let mut r = Reader::new(&bytes, MAGIC, 1).expect("header");
        assert_eq!(r.str("name"), Err(SnapshotError::Invalid { what: "name" }));
    }
}
