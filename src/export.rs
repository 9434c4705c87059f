//! Writing incidents back out as GeoJSON in our schema (see the README), so that whatever was
//! imported — GeoJSON, ACLED or UCDP GED — can be saved and loaded again unchanged:
//! importing the output of [`to_geojson`] gives back equal incidents.
//!
//! Every documented property is written, absent values as `null` (or an empty list or object),
//! with two choices worth knowing: localized texts are always `{"en", "fr", "ar"}` objects
//! holding only the languages present, and the event type *Other* is written as `null` (an
//! unknown type), since "Other" is not one of ACLED's labels and would be read back with a
//! warning.
//!
//! The text is written directly (keys in alphabetical order, as `serde_json` would print a
//! `Value`), which keeps `serde_json`'s writer and value tree out of the module.

use crate::incident::{Claim, EventType, Fatalities, Figure, Geometry, Incident, Source, Text};
use crate::projection::LonLat;
use std::fmt::Write;

/// The incidents as a GeoJSON FeatureCollection text.
pub fn to_geojson(incidents: &[Incident]) -> String {
    let mut out = Json(String::new());
    out.0.push_str("{\"features\":");
    out.list(incidents, Json::feature);
    out.0.push_str(",\"type\":\"FeatureCollection\"}");
    out.0
}

/// A JSON text being written.
struct Json(String);

impl Json {
    /// `"key":` after a `{` opening the object when `first`, else after a `,`.
    fn key(&mut self, key: &str, first: bool) {
        self.0.push(if first { '{' } else { ',' });
        self.string(key);
        self.0.push(':');
    }

    /// A string, escaped as `serde_json` escapes it.
    fn string(&mut self, s: &str) {
        self.0.push('"');
        for c in s.chars() {
            match c {
                '"' => self.0.push_str("\\\""),
                '\\' => self.0.push_str("\\\\"),
                '\n' => self.0.push_str("\\n"),
                '\r' => self.0.push_str("\\r"),
                '\t' => self.0.push_str("\\t"),
                '\u{8}' => self.0.push_str("\\b"),
                '\u{c}' => self.0.push_str("\\f"),
                c if c < ' ' => {
                    let _ = write!(self.0, "\\u{:04x}", c as u32);
                }
                c => self.0.push(c),
            }
        }
        self.0.push('"');
    }

    /// A string, or `null`.
    fn optional(&mut self, s: &Option<String>) {
        match s {
            Some(s) => self.string(s),
            None => self.0.push_str("null"),
        }
    }

    /// A coordinate: the shortest decimal that reads back as `x`, with a `.0` when whole as
    /// `serde_json` writes it; `null` when not finite.
    fn number(&mut self, x: f64) {
        if !x.is_finite() {
            self.0.push_str("null");
            return;
        }
        let start = self.0.len();
        if x != 0.0 && !(1e-5..1e16).contains(&x.abs()) {
            let _ = write!(self.0, "{x:e}");
            if let Some(e) = self.0[start..].find('e') {
                if !self.0[start + e..].starts_with("e-") {
                    self.0.insert(start + e + 1, '+');
                }
            }
        } else {
            let _ = write!(self.0, "{x}");
            if !self.0[start..].contains('.') {
                self.0.push_str(".0");
            }
        }
    }

    /// A count or a code.
    fn integer(&mut self, n: u32) {
        let _ = write!(self.0, "{n}");
    }

    /// `[item, ...]`, each written by `write`.
    fn list<T>(&mut self, items: &[T], mut write: impl FnMut(&mut Json, &T)) {
        self.0.push('[');
        for (k, item) in items.iter().enumerate() {
            if k > 0 {
                self.0.push(',');
            }
            write(self, item);
        }
        self.0.push(']');
    }

    fn feature(&mut self, incident: &Incident) {
        let span = &incident.span;
        self.key("geometry", true);
        self.geometry(&incident.geometry);
        self.key("id", false);
        self.string(&incident.id);
        self.key("properties", false);
        self.key("actors", true);
        self.list(&incident.actors, |out, a| out.string(a));
        self.key("end", false);
        self.string(&span.end.to_iso());
        self.key("event_type", false);
        match incident.event_type {
            EventType::Other => self.0.push_str("null"),
            known => self.string(known.label()),
        }
        self.key("fatalities", false);
        self.fatalities(&incident.fatalities);
        self.key("geo_precision", false);
        self.integer(u32::from(incident.place_precision.code()));
        self.key("id", false);
        self.string(&incident.id);
        self.key("place", false);
        self.text(&incident.place);
        self.key("sources", false);
        self.list(&incident.sources, Json::source);
        self.key("start", false);
        self.string(&span.start.to_iso());
        self.key("sub_event_type", false);
        self.string(&incident.sub_event_type);
        self.key("summary", false);
        self.text(&incident.summary);
        self.key("time_precision", false);
        self.integer(u32::from(span.precision.code()));
        self.key("title", false);
        self.text(&incident.title);
        self.0.push('}');
        self.key("type", false);
        self.string("Feature");
        self.0.push('}');
    }

    fn text(&mut self, t: &Text) {
        let mut first = true;
        for (lang, value) in [("ar", &t.ar), ("en", &t.en), ("fr", &t.fr)] {
            if let Some(value) = value {
                self.key(lang, first);
                self.string(value);
                first = false;
            }
        }
        if first {
            self.0.push('{');
        }
        self.0.push('}');
    }

    fn figure(&mut self, f: &Option<Figure>) {
        match f {
            Some(f) => {
                self.key("by", true);
                self.string(&f.by);
                self.key("value", false);
                self.integer(f.value);
                self.0.push('}');
            }
            None => self.0.push_str("null"),
        }
    }

    fn claim(&mut self, c: &Claim) {
        self.key("by", true);
        self.string(&c.by);
        self.key("claim", false);
        self.string(&c.claim);
        self.key("date", false);
        self.optional(&c.date);
        self.0.push('}');
    }

    fn fatalities(&mut self, f: &Fatalities) {
        self.key("best", true);
        self.figure(&f.best);
        self.key("claims", false);
        self.list(&f.claims, Json::claim);
        self.key("estimate", false);
        self.0.push_str(if f.estimate { "true" } else { "false" });
        self.key("high", false);
        self.figure(&f.high);
        self.key("low", false);
        self.figure(&f.low);
        self.key("note", false);
        self.optional(&f.note);
        self.0.push('}');
    }

    fn source(&mut self, s: &Source) {
        self.key("date", true);
        self.optional(&s.date);
        self.key("publisher", false);
        self.string(&s.publisher);
        self.key("title", false);
        self.string(&s.title);
        self.key("url", false);
        self.optional(&s.url);
        self.0.push('}');
    }

    fn position(&mut self, p: &LonLat) {
        self.0.push('[');
        self.number(p.lon);
        self.0.push(',');
        self.number(p.lat);
        self.0.push(']');
    }

    fn polygon(&mut self, rings: &[Vec<LonLat>]) {
        self.list(rings, |out, ring| out.list(ring, Json::position));
    }

    fn geometry(&mut self, g: &Geometry) {
        self.key("coordinates", true);
        let kind = match g {
            Geometry::Points(points) => match points.as_slice() {
                [one] => {
                    self.position(one);
                    "Point"
                }
                many => {
                    self.list(many, Json::position);
                    "MultiPoint"
                }
            },
            Geometry::Area(polygons) => match polygons.as_slice() {
                [one] => {
                    self.polygon(one);
                    "Polygon"
                }
                many => {
                    self.list(many, |out, p| out.polygon(p));
                    "MultiPolygon"
                }
            },
        };
        self.key("type", false);
        self.string(kind);
        self.0.push('}');
    }
}

#[cfg(test)]
mod tests {
    use super::Json;

    fn written(write: impl FnOnce(&mut Json)) -> String {
        let mut out = Json(String::new());
        write(&mut out);
        out.0
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let s = "a\"b\\c\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f}é😀";
        let expected = serde_json::to_string(s).expect("a string serialises");
        assert_eq!(written(|o| o.string(s)), expected);
    }

    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        for x in [
            0.0,
            -0.0,
            -0.5,
            3.0,
            -8.0,
            12.6,
            1e-7,
            1e21,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            let expected = serde_json::to_string(&x).expect("a number serialises");
            assert_eq!(written(|o| o.number(x)), expected);
        }
        assert_eq!(written(|o| o.number(f64::NAN)), "null");
    }

    /// Property tests (native only: proptest does not target wasm32-unknown-unknown).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::written;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_string_is_written_as_serde_json_writes_it(s in any::<String>()) {
                let expected = serde_json::to_string(&s).expect("a string serialises");
                prop_assert_eq!(written(|o| o.string(&s)), expected);
            }

            #[test]
            /// The same shortest digits as `serde_json` (which may round a last-digit tie the
            /// other way), reading back exactly.
            fn any_finite_number_is_written_as_short_as_serde_json_writes_it(
                x in any::<f64>().prop_filter("finite", |x| x.is_finite())
            ) {
                let text = written(|o| o.number(x));
                let expected = serde_json::to_string(&x).expect("a number serialises");
                prop_assert_eq!(text.len(), expected.len(), "{} vs {}", text, expected);
                prop_assert_eq!(text.parse::<f64>().ok(), Some(x));
            }
        }
    }
}
