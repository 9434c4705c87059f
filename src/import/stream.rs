//! GeoJSON read as it arrives: bytes come in chunks of any size (from a network stream or a
//! file), each complete feature of the FeatureCollection's `features` array is handed on as
//! soon as its last byte is in, and only the feature in progress is kept. A text that turns
//! out not to be a FeatureCollection (a single Feature, an ACLED API response) is read whole at
//! the end, as [`import_any`](super::import_any) reads JSON.

use super::geojson::{read_feature, read_whole_feature};
use super::json::import_json_into;
use super::{Collector, Format, ImportError, ImportIssue, Sink};

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
        decode_into(&mut self.buffer, &mut self.cut_char, chunk);
        self.scan();
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
                    if self.place == Place::Prelude && self.depth == 1 {
                        self.key_start = Some(i + 1);
                    }
                }
                (Place::Prelude, b':') if self.depth == 1 => {
                    self.awaiting_features = self.last_key == b"features";
                }
                (Place::Prelude, b'[') if self.depth == 1 && self.awaiting_features => {
                    self.depth += 1;
                    self.place = Place::Between;
                }
                (Place::Between, b']') => {
                    self.depth -= 1;
                    self.place = Place::After;
                }
                (Place::Between, b',') => {}
                (Place::Between, b) if b.is_ascii_whitespace() => {}
                (Place::Between, b'{') => {
                    let rest = self.buffer.get(i..).unwrap_or_default();
                    if let Some(length) =
                        read_whole_feature(rest, self.next_index, &mut self.collector)
                    {
                        // Read straight from the buffer: scanning goes on after it.
                        self.next_index += 1;
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
                }
                (Place::Element { start }, b']') if self.depth == 2 => {
                    self.emit(start, i);
                    self.depth -= 1;
                    self.place = Place::After;
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
        // Both ends are at ASCII brackets or commas, so on characters' first bytes.
        let text = self.buffer.get(start..end).unwrap_or_default();
        read_feature(text, self.next_index, &mut self.collector);
        self.next_index += 1;
        if self.place != Place::After {
            self.place = Place::Between;
        }
    }

    /// Finishes reading: the format (GeoJSON, or ACLED for an API response), the sink and the
    /// issues, or why the text is neither.
    pub fn finish(self) -> Result<(Format, S, Vec<ImportIssue>), ImportError> {
        match self.place {
            Place::After => {
                let (sink, issues) = self.collector.into_parts();
                Ok((Format::GeoJson, sink, issues))
            }
            Place::Prelude => {
                // Never met a `features` array: read what came as a whole (a single Feature, an
                // ACLED API response, or something else, which then gets the whole-text error).
                let (sink, _) = self.collector.into_parts();
                let mut text = self.buffer;
                text.push_str(&String::from_utf8_lossy(&self.cut_char));
                import_json_into(&text, sink)
            }
            Place::Between | Place::Element { .. } => Err(ImportError::NotJson(
                "the file ended inside the 'features' array (cut short?)".into(),
            )),
        }
    }
}

/// Appends `chunk` to `text` as `String::from_utf8_lossy` would decode it, carrying the start of
/// a character that the chunk's end cuts in `cut_char` (and taking back what came before).
fn decode_into(text: &mut String, cut_char: &mut Vec<u8>, chunk: &[u8]) {
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
        assert!(
            matches!(streamed(cut, 4), Err(ImportError::NotJson(m)) if m.contains("cut short"))
        );
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
