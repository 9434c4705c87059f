//! Texts by position, compressed in blocks: what holds the incidents' summaries (ACLED's
//! `notes`), which are unique to each incident and most of a large file's bytes. A million
//! notes of about 190 bytes would take 190 MB as they are, and about 280 MB as one `String`
//! each (a heap block and three `Option<String>` headers per text). Here the texts of
//! [`TEXTS_PER_BLOCK`] positions are written one after the other and the block compressed with
//! a small LZ77 ([`compress`]); a block is decoded when one of its texts is asked for (a popup,
//! an export), in well under a millisecond. Why this and not an uncompressed arena:
//! docs/performance.md, "Memory".
//!
//! A text is written as, for each of `en`, `fr`, `ar`: a varint, 0 for absent, else the length
//! plus one, then the UTF-8 bytes. A block starts with a byte saying how it is kept: 0, as it is
//! (the rest of the block is the texts); 1, compressed: the varint of its decoded length, then
//! the LZ77 commands: a varint count of literal bytes and the bytes; then, unless the block is
//! done, a varint match length minus [`MIN_MATCH`] and a varint distance back in the output.
//! Datasets of fewer than [`COMPRESSED_FROM`] texts keep theirs as they are: they gain nothing,
//! and the record the module embeds gzips 7 kB smaller so.

use crate::incident::Text;

/// Texts in one block: about 50 kB of notes, decoded at once.
pub const TEXTS_PER_BLOCK: usize = 256;
/// Datasets with at least this many texts compress them.
pub const COMPRESSED_FROM: usize = 4 * TEXTS_PER_BLOCK;
/// The shortest match the compressor emits.
const MIN_MATCH: usize = 4;
/// How far back a match may reach.
const WINDOW: usize = 1 << 16;
/// The most a block may decode to (what a damaged block could otherwise make a popup allocate).
const MAX_BLOCK_BYTES: usize = 1 << 30;
/// Bits of the compressor's hash table.
const HASH_BITS: u32 = 13;

/// Texts by position, compressed in blocks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextBlocks {
    /// The compressed blocks, one after the other.
    data: Vec<u8>,
    /// Where each block ends in `data`.
    ends: Vec<u32>,
    /// How many texts there are.
    len: usize,
}

/// Texts as they come (each written as a block holds it), to be put into blocks in another
/// order: one small record per text and its bytes in pages that are never copied to grow, not
/// a heap block per text.
#[derive(Default)]
pub struct TextList {
    pages: Vec<Vec<u8>>,
    /// Each text's page, and where it starts and ends in it.
    spans: Vec<(u32, u32, u32)>,
}

/// The room a page of [`TextList`] starts with (a longer text gets a page of its own size).
const PAGE_BYTES: usize = 1 << 20;

impl TextList {
    /// Adds the next text.
    pub fn push(&mut self, text: &Text) {
        let needed = text_bytes(text);
        let full = self
            .pages
            .last()
            .is_none_or(|page| page.capacity() - page.len() < needed);
        if full {
            self.pages.push(Vec::with_capacity(needed.max(PAGE_BYTES)));
        }
        let number = self.pages.len() as u32 - 1;
        if let Some(page) = self.pages.last_mut() {
            let start = page.len() as u32;
            write_text(page, text);
            self.spans.push((number, start, page.len() as u32));
        }
    }

    /// Makes room for `additional` more texts' records; false when it cannot be had.
    pub fn try_reserve(&mut self, additional: usize) -> bool {
        self.spans.try_reserve(additional).is_ok()
    }

    /// The bytes of the text at `k` (none past the end).
    fn bytes(&self, k: usize) -> &[u8] {
        let Some(&(page, start, end)) = self.spans.get(k) else {
            return &[];
        };
        let page = self.pages.get(page as usize).map_or(&[][..], Vec::as_slice);
        page.get(start as usize..end as usize).unwrap_or_default()
    }
}

impl TextBlocks {
    /// The texts, compressed.
    #[cfg(test)]
    pub fn new(texts: &[Text]) -> TextBlocks {
        let mut list = TextList::default();
        texts.iter().for_each(|t| list.push(t));
        let order: Vec<u32> = (0..texts.len() as u32).collect();
        TextBlocks::in_order(&list, &order)
    }

    /// The texts of `list` at the positions `order` gives, one after the other, compressed.
    pub fn in_order(list: &TextList, order: &[u32]) -> TextBlocks {
        let mut blocks = TextBlocks::default();
        let mut plain = Vec::new();
        for chunk in order.chunks(TEXTS_PER_BLOCK) {
            plain.clear();
            chunk
                .iter()
                .for_each(|&k| plain.extend_from_slice(list.bytes(k as usize)));
            if order.len() >= COMPRESSED_FROM {
                blocks.data.push(1);
                compress(&plain, &mut blocks.data);
            } else {
                blocks.data.push(0);
                blocks.data.extend_from_slice(&plain);
            }
            blocks.ends.push(blocks.data.len() as u32);
        }
        blocks.len = order.len();
        blocks
    }

    /// Blocks as [`TextBlocks::parts`] gives them, for `len` texts; `None` when the ends do not
    /// fit the data or the count. (A block's content is checked when it is decoded.)
    pub fn from_parts(data: Vec<u8>, ends: Vec<u32>, len: usize) -> Option<TextBlocks> {
        let fits = ends.len() == len.div_ceil(TEXTS_PER_BLOCK)
            && ends.windows(2).all(|w| w[0] <= w[1])
            && ends
                .last()
                .map_or(data.is_empty(), |&e| e as usize == data.len());
        fits.then_some(TextBlocks { data, ends, len })
    }

    /// The compressed bytes and where each block ends.
    pub fn parts(&self) -> (&[u8], &[u32]) {
        (&self.data, &self.ends)
    }

    /// The text at `position`; `None` past the end or when its block is damaged.
    pub fn get(&self, position: usize) -> Option<Text> {
        if position >= self.len {
            return None;
        }
        let block = position / TEXTS_PER_BLOCK;
        let start = match block {
            0 => 0,
            _ => *self.ends.get(block - 1)? as usize,
        };
        let end = *self.ends.get(block)? as usize;
        let plain = match self.data.get(start..end)?.split_first()? {
            (0, stored) => std::borrow::Cow::Borrowed(stored),
            (1, compressed) => std::borrow::Cow::Owned(decompress(compressed)?),
            _ => return None,
        };
        let mut at = 0;
        for _ in 0..position % TEXTS_PER_BLOCK {
            read_text(&plain, &mut at)?;
        }
        read_text(&plain, &mut at)
    }
}

fn write_varint(out: &mut Vec<u8>, mut v: usize) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Option<usize> {
    let mut v = 0usize;
    for shift in (0..35).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= usize::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

/// At least as many bytes as [`write_text`] writes for `text`.
fn text_bytes(text: &Text) -> usize {
    let length = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    length(&text.en) + length(&text.fr) + length(&text.ar) + 3 * 10
}

fn write_text(out: &mut Vec<u8>, text: &Text) {
    for s in [&text.en, &text.fr, &text.ar] {
        match s {
            None => out.push(0),
            Some(s) => {
                write_varint(out, s.len() + 1);
                out.extend_from_slice(s.as_bytes());
            }
        }
    }
}

fn read_text(bytes: &[u8], at: &mut usize) -> Option<Text> {
    let mut one = || -> Option<Option<String>> {
        match read_varint(bytes, at)? {
            0 => Some(None),
            n => {
                let s = bytes.get(*at..*at + n - 1)?;
                *at += n - 1;
                Some(Some(std::str::from_utf8(s).ok()?.to_owned()))
            }
        }
    };
    Some(Text {
        en: one()?,
        fr: one()?,
        ar: one()?,
    })
}

/// Appends `input` compressed to `out` (greedy LZ77 over a hash of the next four bytes).
pub fn compress(input: &[u8], out: &mut Vec<u8>) {
    write_varint(out, input.len());
    let mut table = vec![u32::MAX; 1 << HASH_BITS];
    let hash = |at: usize| {
        let four = u32::from_le_bytes([input[at], input[at + 1], input[at + 2], input[at + 3]]);
        (four.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
    };
    let (mut at, mut literals) = (0, 0);
    while at + MIN_MATCH <= input.len() {
        let h = hash(at);
        let candidate = table[h] as usize;
        table[h] = at as u32;
        let found = candidate != u32::MAX as usize
            && at - candidate <= WINDOW
            && input[candidate..candidate + MIN_MATCH] == input[at..at + MIN_MATCH];
        if !found {
            at += 1;
            continue;
        }
        let length =
            MIN_MATCH + common_prefix(&input[at + MIN_MATCH..], &input[candidate + MIN_MATCH..]);
        write_varint(out, at - literals);
        out.extend_from_slice(&input[literals..at]);
        write_varint(out, length - MIN_MATCH);
        write_varint(out, at - candidate);
        // The match's last positions go into the table (every one of them would compress
        // a few per cent better, at a third more time).
        for k in (at + length).saturating_sub(2).max(at + 1)
            ..(at + length).min(input.len() + 1 - MIN_MATCH)
        {
            table[hash(k)] = k as u32;
        }
        at += length;
        literals = at;
    }
    write_varint(out, input.len() - literals);
    out.extend_from_slice(&input[literals..]);
}

/// How many bytes `a` and `b` have in common at their start, compared eight at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let mut n = 0;
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        let word = |w: &[u8]| u64::from_le_bytes(w.try_into().unwrap_or_default());
        let differ = word(x) ^ word(y);
        if differ != 0 {
            return n + (differ.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + a[n..]
        .iter()
        .zip(&b[n..])
        .take_while(|(x, y)| x == y)
        .count()
}

/// What [`compress`] wrote, or `None` when `block` is not such bytes.
pub fn decompress(block: &[u8]) -> Option<Vec<u8>> {
    let mut at = 0;
    let size = read_varint(block, &mut at)?;
    if size > MAX_BLOCK_BYTES {
        return None;
    }
    // Room grows with what is decoded, not with what the block claims.
    let mut out = Vec::with_capacity(size.min(16 * block.len()));
    loop {
        let literals = read_varint(block, &mut at)?;
        out.extend_from_slice(block.get(at..at.checked_add(literals)?)?);
        at += literals;
        if at == block.len() {
            return (out.len() == size).then_some(out);
        }
        let length = read_varint(block, &mut at)?.checked_add(MIN_MATCH)?;
        let distance = read_varint(block, &mut at)?;
        if distance == 0 || distance > out.len() || out.len() + length > size {
            return None;
        }
        let from = out.len() - distance;
        for k in 0..length {
            out.push(out[from + k]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(en: &str) -> Text {
        Text::plain(en.to_string())
    }

    #[test]
    fn every_text_comes_back_across_blocks() {
        let mut texts: Vec<Text> = (0..1200)
            .map(|k| {
                text(&format!(
                    "On day {k}, armed men clashed with soldiers near Gao ({k})."
                ))
            })
            .collect();
        texts[7] = Text::default();
        texts[300] = Text {
            en: Some("Tessit".into()),
            fr: None,
            ar: Some("تسيت".into()),
        };
        let blocks = TextBlocks::new(&texts);
        for (k, t) in texts.iter().enumerate() {
            assert_eq!(blocks.get(k).as_ref(), Some(t), "{k}");
        }
        assert_eq!(blocks.get(1200), None);
        let plain: usize = texts.iter().map(|t| t.get("en").len()).sum();
        let (data, ends) = blocks.parts();
        assert_eq!(ends.len(), 5);
        assert!(
            data.len() * 4 < plain,
            "{} compressed of {plain}",
            data.len()
        );
        let back = TextBlocks::from_parts(data.to_vec(), ends.to_vec(), 1200);
        assert_eq!(back, Some(blocks.clone()));
        assert_eq!(
            TextBlocks::from_parts(data.to_vec(), ends.to_vec(), 1281),
            None
        );

        // A small dataset keeps its texts as they are.
        let few = TextBlocks::new(&texts[..COMPRESSED_FROM - 1]);
        assert_eq!(few.parts().0[0], 0, "stored");
        for k in [0, 7, 300, COMPRESSED_FROM - 2] {
            assert_eq!(few.get(k).as_ref(), Some(&texts[k]), "{k}");
        }
    }

    #[test]
    fn damaged_blocks_give_nothing_and_never_panic() {
        for n in [20, COMPRESSED_FROM] {
            let texts: Vec<Text> = (0..n)
                .map(|k| text(&format!("note {k} note {k}")))
                .collect();
            let blocks = TextBlocks::new(&texts);
            let (data, ends) = blocks.parts();
            for k in (0..data.len()).step_by(31) {
                for flip in [0x01, 0x80, 0xff] {
                    let mut bad = data.to_vec();
                    bad[k] ^= flip;
                    if let Some(damaged) = TextBlocks::from_parts(bad, ends.to_vec(), n) {
                        // Any answer will do, as long as it comes.
                        (0..n).step_by(50).for_each(|k| drop(damaged.get(k)));
                    }
                }
            }
        }
        assert_eq!(
            decompress(&[0x05, 0x00, 0x00, 0x01]),
            None,
            "a match before any byte"
        );
        assert_eq!(
            decompress(&[0xff, 0xff, 0xff, 0xff, 0x0f]),
            None,
            "too large"
        );
        let mut same = Vec::new();
        compress(&[b'x'; 100_000], &mut same);
        assert!(same.len() < 20, "{} bytes", same.len());
        assert_eq!(decompress(&same), Some(vec![b'x'; 100_000]), "a long run");
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn decompressing_gives_back_what_was_compressed(
                input in prop::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), any::<u8>()], 0..3000),
            ) {
                let mut out = Vec::new();
                compress(&input, &mut out);
                prop_assert_eq!(decompress(&out), Some(input));
            }

            #[test]
            fn any_bytes_decompress_without_panic(block in prop::collection::vec(any::<u8>(), 0..200)) {
                let _ = decompress(&block);
            }
        }
    }
}
