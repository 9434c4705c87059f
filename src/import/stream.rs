//! GeoJSON read as it arrives: bytes come in chunks of any size (from a network stream or a
//! file), each complete feature of the FeatureCollection's `features` array is handed on as
//! soon as its last byte is in, and only the feature in progress is kept. A text that turns
//! out not to be a FeatureCollection (a single Feature, an ACLED API response) is read whole at
//! the end, as [`import_any`](super::import_any) reads JSON.
//!
//! A file streamed reads as its whole text does: what is not JSON is refused (an element that
//! is not, commas missing or in excess), and so is what is not a FeatureCollection, checked at
//! the end on the document without its features (the text before the array, and after it).
//! Two differences remain: a refused file may be refused for another of its faults, and a
//! single Feature that has a `features` array member is refused, where the whole text reads
//! it as a Feature.

use super::geojson::{read_feature, read_whole_feature};
use super::json::{import_json_into, items, Items};
use super::{Collector, Detail, Format, ImportError, ImportIssue, Sink};

/// Where the scanner is in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// Before the `features` array, reading the top-level object.
    Prelude,
    /// Inside the `features` array, between elements.
    Between,
    /// Inside an element that started at `start` in the buffer.
    Element { start: usize },
    /// After the `features` array.
    After,
}

/// What may come next inside the `features` array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Next {
    /// Its first element, or its end (just after `[`).
    First,
    /// An element (after a comma).
    Element,
    /// A comma or the end (after an element).
    Separator,
}

/// Splits a FeatureCollection arriving in chunks into its features' JSON texts.
pub struct GeoJsonStream<S> {
    /// The text not yet done with, decoded as it arrives (bytes that are not UTF-8 become
    /// U+FFFD, as `String::from_utf8_lossy` of the whole would make them), so that each
    /// feature's strings need no check of their own.
    buffer: String,
    /// The start of a character cut by the end of the last chunk.
    cut_char: Vec<u8>,
    /// Bytes of `buffer` already scanned.
    scanned: usize,
    place: Place,
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// The last complete string at depth 1 in the prelude (a candidate key).
    last_key: Vec<u8>,
    key_start: Option<usize>,
    awaiting_features: bool,
    /// Inside the `features` array, what may come next.
    next: Next,
    /// The document without its features: the text up to the array's `[`, then from its `]`
    /// on, checked at the end as the whole text's outer members are.
    skeleton: String,
    /// Why the file is refused, once it is known not to be JSON.
    error: Option<ImportError>,
    next_index: usize,
    collector: Collector<S>,
}

impl<S: Sink> GeoJsonStream<S> {
    /// A stream filling `sink`.
    pub fn new(sink: S) -> Self {
        GeoJsonStream {
            buffer: String::new(),
            cut_char: Vec::new(),
            scanned: 0,
            place: Place::Prelude,
            depth: 0,
            in_string: false,
            escaped: false,
            last_key: Vec::new(),
            key_start: None,
            awaiting_features: false,
            next: Next::First,
            skeleton: String::new(),
            error: None,
            next_index: 0,
            collector: Collector::new(sink),
        }
    }

    /// How many features have been read so far.
    pub fn features_read(&self) -> usize {
        self.next_index
    }

    /// The sink being filled.
    pub fn sink_mut(&mut self) -> &mut S {
        self.collector.sink_mut()
    }

    /// Takes the next chunk and reads every feature it completes.
    pub fn push(&mut self, chunk: &[u8]) {
        if self.error.is_some() {
            return;
        }
        decode_into(&mut self.buffer, &mut self.cut_char, chunk);
        self.scan();
        if self.error.is_some() {
            self.buffer = String::new();
            return;
        }
        // Drop what is no longer needed: everything before the element in progress. The
        // prelude is kept whole, in case the text is not a FeatureCollection after all.
        let keep_from = match self.place {
            Place::Prelude => 0,
            Place::Element { start } => start,
            Place::Between | Place::After => self.scanned,
        };
        // Every place kept from is a character's first byte (an ASCII bracket, or the end).
        if keep_from > 0 && self.buffer.is_char_boundary(keep_from) {
            self.buffer.drain(..keep_from);
            self.scanned -= keep_from;
            if let Place::Element { start } = &mut self.place {
                *start -= keep_from;
            }
        }
    }

    fn scan(&mut self) {
        let mut i = self.scanned;
        while i < self.buffer.len() {
            if self.place == Place::After {
                // Kept to be checked at the end (every position here is a character's start).
                self.skeleton
                    .push_str(self.buffer.get(i..).unwrap_or_default());
                i = self.buffer.len();
                break;
            }
            if self.error.is_some() {
                return;
            }
            let b = self.buffer.as_bytes()[i];
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                    if let (Place::Prelude, Some(start)) = (self.place, self.key_start.take()) {
                        self.last_key = self.buffer.as_bytes()[start..i].to_vec();
                    }
                }
                i += 1;
                continue;
            }
            match (self.place, b) {
                (_, b'"') => {
                    self.in_string = true;
                    match self.place {
                        Place::Prelude if self.depth == 1 => self.key_start = Some(i + 1),
                        // A string element: not a feature, but an element all the same.
                        Place::Between if self.next == Next::Separator => {
                            self.fail(Detail::NoComma);
                        }
                        Place::Between => self.place = Place::Element { start: i },
                        _ => {}
                    }
                }
                (Place::Prelude, b':') if self.depth == 1 => {
                    self.awaiting_features = self.last_key == b"features";
                }
                (Place::Prelude, b'[') if self.depth == 1 && self.awaiting_features => {
                    self.depth += 1;
                    self.place = Place::Between;
                    self.skeleton = self.buffer.get(..=i).unwrap_or_default().to_owned();
                }
                (Place::Between, b']') if self.next == Next::Element => {
                    self.fail(Detail::TrailingComma);
                }
                (Place::Between, b']') => self.close_features(),
                (Place::Between, b',') if self.next == Next::Separator => {
                    self.next = Next::Element;
                }
                (Place::Between, b',') => self.fail(Detail::StrayComma),
                (Place::Between, b) if b.is_ascii_whitespace() => {}
                (Place::Between, _) if self.next == Next::Separator => {
                    self.fail(Detail::NoComma);
                }
                (Place::Between, b'{') => {
                    let rest = self.buffer.get(i..).unwrap_or_default();
                    if let Some(length) =
                        read_whole_feature(rest, self.next_index, &mut self.collector)
                    {
                        // Read straight from the buffer: scanning goes on after it.
                        self.next_index += 1;
                        self.next = Next::Separator;
                        i += length;
                        continue;
                    }
                    // Cut short by the chunk's end, or broken: found by scanning, read as text.
                    self.place = Place::Element { start: i };
                    self.depth += 1;
                }
                (Place::Between, b) => {
                    self.place = Place::Element { start: i };
                    if b == b'{' || b == b'[' {
                        self.depth += 1;
                    }
                }
                (Place::Element { .. }, b'{' | b'[') => self.depth += 1,
                (Place::Element { start }, b'}' | b']') if self.depth == 3 => {
                    self.depth -= 1;
                    self.emit(start, i + 1);
                }
                (Place::Element { start }, b',') if self.depth == 2 => {
                    // A scalar element (not an object) ends at the comma.
                    self.emit(start, i);
                    self.next = Next::Element;
                }
                (Place::Element { start }, b']') if self.depth == 2 => {
                    self.emit(start, i);
                    self.close_features();
                }
                (_, b'{' | b'[') => self.depth += 1,
                (_, b'}' | b']') => self.depth = self.depth.saturating_sub(1),
                // Any other value after a key: that key was not followed by the array.
                (Place::Prelude, b) if !b.is_ascii_whitespace() && self.depth == 1 => {
                    self.awaiting_features = false;
                }
                _ => {}
            }
            i += 1;
        }
        self.scanned = i;
    }

    fn emit(&mut self, start: usize, end: usize) {
        // Both ends are at ASCII brackets or commas, so on characters' first bytes. A scalar
        // ends at the comma: the blanks before it are not its own (nor its RawValue's).
        let text = self.buffer.get(start..end).unwrap_or_default().trim_end();
        if !read_feature(text, self.next_index, &mut self.collector) {
            let index = self.next_index;
            self.fail(Detail::FeatureNotJson(index));
        }
        self.next_index += 1;
        self.next = Next::Separator;
        if self.place != Place::After {
            self.place = Place::Between;
        }
    }

    /// The `]` of the `features` array: what follows it is kept for the end.
    fn close_features(&mut self) {
        self.depth -= 1;
        self.place = Place::After;
        self.skeleton.push(']');
    }

    /// Refuses the file: it is not JSON.
    fn fail(&mut self, reason: Detail) {
        if self.error.is_none() {
            self.error = Some(ImportError::NotJson(reason));
        }
    }

    /// Finishes reading: the format (GeoJSON, or ACLED for an API response), the sink and the
    /// issues, or why the text is neither.
    pub fn finish(self) -> Result<(Format, S, Vec<ImportIssue>), ImportError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        // A character the last chunk cut short is one U+FFFD, as in the whole text.
        let cut_short = String::from_utf8_lossy(&self.cut_char);
        match self.place {
            Place::After => {
                // The outer members, checked as the whole text's are: JSON, one `type`, a
                // FeatureCollection. (A single Feature reads here as one feature: the skeleton.)
                let mut skeleton = self.skeleton;
                skeleton.push_str(&cut_short);
                match items(&skeleton)? {
                    Items::Features(features) if features.is_empty() => {}
                    _ => return Err(ImportError::NotGeoJson(Detail::FeaturesOutside)),
                }
                let (sink, issues) = self.collector.into_parts();
                Ok((Format::GeoJson, sink, issues))
            }
            Place::Prelude => {
                // Never met a `features` array: read what came as a whole (a single Feature, an
                // ACLED API response, or something else, which then gets the whole-text error).
                let (sink, _) = self.collector.into_parts();
                let mut text = self.buffer;
                text.push_str(&cut_short);
                import_json_into(&text, sink)
            }
            Place::Between | Place::Element { .. } => {
                Err(ImportError::NotJson(Detail::EndedInside))
            }
        }
    }
}

/// Appends `chunk` to `text` as `String::from_utf8_lossy` would decode it, carrying the start of
/// a character that the chunk's end cuts in `cut_char` (and taking back what came before).
pub(crate) fn decode_into(text: &mut String, cut_char: &mut Vec<u8>, chunk: &[u8]) {
    let joined;
    let mut rest = if cut_char.is_empty() {
        chunk
    } else {
        cut_char.extend_from_slice(chunk);
        joined = std::mem::take(cut_char);
        joined.as_slice()
    };
    loop {
        let error = match std::str::from_utf8(rest) {
            Ok(valid) => return text.push_str(valid),
            Err(error) => error,
        };
        let (valid, after) = rest.split_at(error.valid_up_to());
        text.push_str(std::str::from_utf8(valid).unwrap_or_default());
        match error.error_len() {
            // A character cut short: the next chunk may complete it.
            None => return cut_char.extend_from_slice(after),
            Some(length) => {
                text.push(char::REPLACEMENT_CHARACTER);
                rest = after.get(length..).unwrap_or_default();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Listed;
    use crate::incident::Incident;

    type Read = (Format, Vec<Incident>, Vec<ImportIssue>);

    fn listed(
        read: Result<(Format, Listed, Vec<ImportIssue>), ImportError>,
    ) -> Result<Read, ImportError> {
        read.map(|(format, sink, issues)| (format, sink.into_incidents(), issues))
    }

    fn streamed(text: &str, chunk: usize) -> Result<Read, ImportError> {
        let mut stream = GeoJsonStream::new(Listed::default());
        for piece in text.as_bytes().chunks(chunk.max(1)) {
            stream.push(piece);
        }
        listed(stream.finish())
    }

    fn whole(text: &str) -> Result<Read, ImportError> {
        listed(import_json_into(text, Listed::default()))
    }

    const FIXTURES: [&str; 5] = [
        include_str!("../../tests/fixtures/bad-features.geojson"),
        include_str!("../../tests/fixtures/good-mixed.geojson"),
        include_str!("../../tests/fixtures/good-times.geojson"),
        include_str!("../../tests/fixtures/time-dimension-seconds.geojson"),
        include_str!("../../tests/fixtures/acled-api.json"),
    ];

    #[test]
    fn any_chunking_reads_what_the_whole_text_reads() {
        for text in FIXTURES.into_iter().chain([crate::dataset::MALI_GEOJSON]) {
            let expected = whole(text).expect("JSON");
            for chunk in [1, 2, 3, 7, 64, 1000, usize::MAX] {
                assert_eq!(
                    streamed(text, chunk).expect("JSON"),
                    expected,
                    "chunks of {chunk}"
                );
            }
        }
    }

    #[test]
    fn keys_and_brackets_inside_strings_do_not_confuse_it() {
        let text = r#"{"name":"features: [ { ] \" }","type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"id":"a]}","start":"2024-01-01","title":"\"features\":[{"}}
        ],"bbox":[0,0,1,1]}"#;
        let (_, incidents, issues) = streamed(text, 5).expect("GeoJSON");
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(incidents.len(), 1);
        assert_eq!(incidents[0].id, "a]}");
    }

    #[test]
    fn documents_that_are_not_collections_get_the_whole_text_answer() {
        let single = r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"start":"2024-01-01"}}"#;
        assert_eq!(streamed(single, 3).expect("a Feature").1.len(), 1);
        for bad in [
            "",
            "<html>",
            r#"{"type":"Point","coordinates":[1,2]}"#,
            "[1,2]",
        ] {
            assert_eq!(
                streamed(bad, 2).map(|_| ()),
                whole(bad).map(|_| ()),
                "{bad}"
            );
        }
        let cut = r#"{"type":"FeatureCollection","features":[{"type":"Feature","#;
        assert!(streamed(cut, 4) == Err(ImportError::NotJson(Detail::EndedInside)));
    }

    /// Read in chunks of every size, `text` is accepted exactly when the whole text is, and
    /// then reads the same.
    fn assert_reads_as_whole(text: &str) {
        let expected = whole(text).ok();
        for chunk in [1, 2, 3, 7, 64, usize::MAX] {
            assert_eq!(
                streamed(text, chunk).ok(),
                expected,
                "chunks of {chunk}: {text}"
            );
        }
    }

    /// Found by the `stream_chunks` fuzz target: the stream skipped a feature that is not JSON
    /// (a control character in a number) and loaded the rest, where the whole text is refused.
    #[test]
    fn a_feature_that_is_not_json_refuses_the_file() {
        let point = r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"start":"2024-01-01"}}"#;
        let area = r#"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"start":"2024-01-02"}}"#;
        let broken = area.replace("[1,0]", "[1\u{10},0]");
        assert!(broken.contains('\u{10}'));
        let text =
            format!(r#"{{"type":"FeatureCollection","features":[{point},{broken},{area}]}}"#);
        assert!(whole(&text).is_err());
        assert_reads_as_whole(&text);
    }

    /// Found by the fuzz target too: the stream took a FeatureCollection's JSON on trust.
    #[test]
    fn what_the_whole_text_refuses_the_stream_refuses() {
        let f = r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"start":"2024-01-01"}}"#;
        let g = f.replace("2024-01-01", "2024-01-02");
        let collection = |features: &str, after: &str| {
            format!(r#"{{"type":"FeatureCollection","features":[{features}]{after}}}"#)
        };
        for text in [
            collection(&format!("{f},"), ""),
            collection(&format!(",{f}"), ""),
            collection(&format!("{f},,{g}"), ""),
            collection(&format!("{f} {g}"), ""),
            collection(&format!(r#"{f} "x""#), ""),
            collection(&format!("{f},x"), ""),
            collection(f, r#","bbox":"#),
            collection(f, r#"} trailing"#),
            collection(f, r#","type":"FeatureCollection""#),
            format!(r#"{{"features":[{f}]}}"#),
            format!(r#"{{"type":"Point","features":[{f}]}}"#),
            format!(r#"{{"features":[{f}],"data":[]}}"#),
        ] {
            assert!(whole(&text).is_err(), "{text}");
            assert_reads_as_whole(&text);
        }
    }

    /// Found by the fuzz target as well: a character cut short at the very end (a lone 0xDF
    /// after the collection) was dropped, where the whole text decodes it as U+FFFD, trailing
    /// the document, and is refused.
    #[test]
    fn a_character_cut_short_at_the_end_counts() {
        let mut bytes = br#"{"type":"FeatureCollection","features":[]}"#.to_vec();
        bytes.push(0xdf);
        assert!(whole(&String::from_utf8_lossy(&bytes)).is_err());
        for chunk in [1, 3, bytes.len()] {
            let mut stream = GeoJsonStream::new(Listed::default());
            for piece in bytes.chunks(chunk) {
                stream.push(piece);
            }
            assert!(stream.finish().is_err(), "chunks of {chunk}");
        }
    }

    #[test]
    fn elements_that_are_not_objects_read_as_in_the_whole_text() {
        let f = r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"start":"2024-01-01"}}"#;
        for features in [
            format!(r#""a", {f}"#),
            format!(r#"5 , {f}, null "#),
            format!(r#"{f}, "b\"]" , [1,2]"#),
            String::new(),
        ] {
            let text = format!(r#"{{"type":"FeatureCollection","features":[{features}]}}"#);
            assert!(whole(&text).is_ok(), "{text}");
            assert_reads_as_whole(&text);
        }
    }

    #[test]
    fn memory_holds_one_feature_not_the_file() {
        let feature = r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"start":"2024-01-01"}}"#;
        let mut stream = GeoJsonStream::new(Listed::default());
        stream.push(br#"{"type":"FeatureCollection","features":["#);
        for k in 0..2000 {
            let text = feature.replace("\"start\"", &format!("\"id\":\"f{k}\",\"start\""));
            stream.push(text.as_bytes());
            stream.push(b",");
            assert!(
                stream.buffer.len() < 2 * text.len(),
                "buffer {} at {k}",
                stream.buffer.len()
            );
        }
        assert_eq!(stream.features_read(), 2000);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn never_panics_and_agrees_with_the_whole_text(
                bytes in prop::collection::vec(any::<u8>(), 0..400),
                chunk in 1usize..50,
            ) {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let mut stream = GeoJsonStream::new(Listed::default());
                for piece in bytes.chunks(chunk) {
                    stream.push(piece);
                }
                let raw = listed(stream.finish());
                prop_assert_eq!(raw, streamed(&text, usize::MAX));
            }

            #[test]
            fn decoding_in_chunks_is_decoding_the_whole(
                bytes in prop::collection::vec(
                    prop_oneof![any::<u8>(), 0x80u8..0xc0, 0xe0u8..0xf5], 0..200),
                chunk in 1usize..8,
            ) {
                let (mut text, mut cut_char) = (String::new(), Vec::new());
                for piece in bytes.chunks(chunk) {
                    decode_into(&mut text, &mut cut_char, piece);
                }
                text.push_str(&String::from_utf8_lossy(&cut_char));
                prop_assert_eq!(text, String::from_utf8_lossy(&bytes));
            }

            #[test]
            fn cut_anywhere_a_fixture_reads_the_same(cut in 1usize..200, fixture in 0..FIXTURES.len()) {
                let text = FIXTURES[fixture];
                prop_assert_eq!(streamed(text, cut).ok(), whole(text).ok());
            }
        }
    }
}
