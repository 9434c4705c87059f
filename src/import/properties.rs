//! Reading our schema's properties out of a GeoJSON feature's `properties` object, each reader
//! returning either the value or the [`FeatureError`] that names the field.
//!
//! The object is read once, straight from the feature's text, into [`Props`]: the properties
//! our schema knows are matched by name as they come, their values kept as borrowed [`Val`]s
//! (strings without escapes point into the text), and every other property is skipped unread.

use super::{is_web_link, labels, time_values, FeatureError, Reason};
use crate::i18n::ImportText as T;
use crate::incident::{Claim, Fatalities, Figure, Source, Text};
use crate::timeline::{DateSpan, TimePrecision};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde::{Serialize, Serializer};
use serde_json::Number;
use std::borrow::Cow;
use std::fmt;

/// A JSON value as a feature's text holds it, before our schema gives it a meaning. Strings
/// borrow from the text where they can; in an object a repeated key counts once, with its last
/// value (as in any JSON object model).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    Str(Cow<'a, str>),
    /// An array.
    Array(Vec<Val<'a>>),
    /// An object's members in text order.
    Object(Vec<(Cow<'a, str>, Val<'a>)>),
}

impl<'a> Val<'a> {
    /// The member `key` of an object (its last value if repeated); `None` for anything else.
    fn get(&self, key: &str) -> Option<&Val<'a>> {
        match self {
            Val::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match self {
            Val::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    fn as_u64(&self) -> Option<u64> {
        match self {
            Val::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self, Val::Null)
    }
}

impl Serialize for Val<'_> {
    /// As JSON, an object's members in text order (to quote a value in a message).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Val::Null => s.serialize_unit(),
            Val::Bool(b) => s.serialize_bool(*b),
            Val::Number(n) => n.serialize(s),
            Val::Str(text) => s.serialize_str(text),
            Val::Array(items) => s.collect_seq(items),
            Val::Object(members) => s.collect_map(members.iter().map(|(k, v)| (k, v))),
        }
    }
}

impl fmt::Display for Val<'_> {
    /// The value written as compact JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&serde_json::to_string(self).unwrap_or_default())
    }
}

/// A string key or value, borrowed from the text when it has no escapes.
struct CowStr<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for CowStr<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrVisitor;
        impl<'de> Visitor<'de> for StrVisitor {
            type Value = CowStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(s.to_string())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(s)))
            }
        }
        deserializer.deserialize_str(StrVisitor)
    }
}

impl<'de> Deserialize<'de> for Val<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValVisitor)
    }
}

struct ValVisitor;

impl<'de> Visitor<'de> for ValVisitor {
    type Value = Val<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Val<'de>, E> {
        Ok(Val::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Val<'de>, E> {
        Ok(Val::Number(n.into()))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Val<'de>, E> {
        Ok(Val::Number(n.into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Val<'de>, E> {
        Ok(Number::from_f64(n).map_or(Val::Null, Val::Number))
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Val<'de>, E> {
        Ok(Val::Str(Cow::Borrowed(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Val<'de>, E> {
        Ok(Val::Str(Cow::Owned(s.to_string())))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Val<'de>, E> {
        Ok(Val::Str(Cow::Owned(s)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Val<'de>, E> {
        Ok(Val::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Val<'de>, E> {
        Ok(Val::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Val<'de>, D::Error> {
        Val::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Val<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Val::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Val<'de>, A::Error> {
        let mut members = Vec::new();
        while let Some(CowStr(key)) = map.next_key()? {
            members.push((key, map.next_value()?));
        }
        Ok(Val::Object(members))
    }
}

/// The properties our schema reads, by name.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Key {
    Id,
    Title,
    Name,
    Summary,
    Notes,
    Place,
    Start,
    Date,
    Time,
    EventDate,
    End,
    Ongoing,
    Times,
    #[serde(rename = "coordTimes")]
    CoordTimes,
    #[serde(rename = "linestringTimestamps")]
    LinestringTimestamps,
    TimePrecision,
    GeoPrecision,
    EventType,
    SubEventType,
    Actors,
    Fatalities,
    Sources,
    Source,
    /// Any property our schema does not read.
    #[serde(other)]
    Other,
}

/// A feature's properties: the value of each property our schema reads, `None` when absent
/// (an explicit `null` is `Some(Val::Null)`); a repeated property counts with its last value.
#[derive(Debug, Default)]
pub(crate) struct Props<'a> {
    pub(crate) id: Option<Val<'a>>,
    pub(crate) title: Option<Val<'a>>,
    pub(crate) name: Option<Val<'a>>,
    pub(crate) summary: Option<Val<'a>>,
    pub(crate) notes: Option<Val<'a>>,
    pub(crate) place: Option<Val<'a>>,
    start: Option<Val<'a>>,
    date: Option<Val<'a>>,
    time: Option<Val<'a>>,
    event_date: Option<Val<'a>>,
    end: Option<Val<'a>>,
    ongoing: Option<Val<'a>>,
    times: Option<Val<'a>>,
    coord_times: Option<Val<'a>>,
    linestring_timestamps: Option<Val<'a>>,
    time_precision: Option<Val<'a>>,
    pub(crate) geo_precision: Option<Val<'a>>,
    pub(crate) event_type: Option<Val<'a>>,
    pub(crate) sub_event_type: Option<Val<'a>>,
    pub(crate) actors: Option<Val<'a>>,
    pub(crate) fatalities: Option<Val<'a>>,
    sources: Option<Val<'a>>,
    source: Option<Val<'a>>,
}

impl<'a> Props<'a> {
    /// Where the value of `key` goes; `None` for a property we do not read.
    fn slot(&mut self, key: Key) -> Option<&mut Option<Val<'a>>> {
        Some(match key {
            Key::Id => &mut self.id,
            Key::Title => &mut self.title,
            Key::Name => &mut self.name,
            Key::Summary => &mut self.summary,
            Key::Notes => &mut self.notes,
            Key::Place => &mut self.place,
            Key::Start => &mut self.start,
            Key::Date => &mut self.date,
            Key::Time => &mut self.time,
            Key::EventDate => &mut self.event_date,
            Key::End => &mut self.end,
            Key::Ongoing => &mut self.ongoing,
            Key::Times => &mut self.times,
            Key::CoordTimes => &mut self.coord_times,
            Key::LinestringTimestamps => &mut self.linestring_timestamps,
            Key::TimePrecision => &mut self.time_precision,
            Key::GeoPrecision => &mut self.geo_precision,
            Key::EventType => &mut self.event_type,
            Key::SubEventType => &mut self.sub_event_type,
            Key::Actors => &mut self.actors,
            Key::Fatalities => &mut self.fatalities,
            Key::Sources => &mut self.sources,
            Key::Source => &mut self.source,
            Key::Other => return None,
        })
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Props<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PropsVisitor;
        impl<'de> Visitor<'de> for PropsVisitor {
            type Value = Props<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a properties object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Props<'de>, A::Error> {
                let mut props = Props::default();
                while let Some(key) = map.next_key()? {
                    match props.slot(key) {
                        Some(slot) => *slot = Some(map.next_value()?),
                        None => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(props)
            }
        }
        deserializer.deserialize_map(PropsVisitor)
    }
}

/// `text` without leading and trailing whitespace, as [`str::trim`] makes it, but at once when
/// both ends are plain ASCII (as nearly every value's are).
pub(super) fn trim(text: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii() && !char::from(b).is_whitespace());
    if plain(text.as_bytes().first()) && plain(text.as_bytes().last()) {
        text
    } else {
        text.trim()
    }
}

/// A string value, trimmed; numbers are accepted as their text. Empty counts as absent.
pub(super) fn trimmed<'v>(value: Option<&'v Val>) -> Option<Cow<'v, str>> {
    match value? {
        Val::Str(s) => Some(trim(s)).filter(|s| !s.is_empty()).map(Cow::Borrowed),
        Val::Number(n) => Some(Cow::Owned(n.to_string())),
        _ => None,
    }
}

/// A string value, trimmed; numbers are accepted as their text. Empty counts as absent.
pub(crate) fn string(value: Option<&Val>) -> Option<String> {
    trimmed(value).map(Cow::into_owned)
}

/// A localized text: a plain string, or an object `{"en": …, "fr": …, "ar": …}`.
pub(crate) fn text(value: Option<&Val>) -> Text {
    match value {
        Some(langs @ Val::Object(_)) => {
            let lang = |k: &str| string(langs.get(k));
            Text {
                en: lang("en"),
                fr: lang("fr"),
                ar: lang("ar"),
            }
        }
        _ => string(value).map(Text::plain).unwrap_or_default(),
    }
}

/// A list of strings: an array of strings, or one string.
pub(crate) fn strings(value: Option<&Val>) -> Vec<String> {
    match value {
        Some(Val::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(trim).filter(|s| !s.is_empty()))
            .map(str::to_string)
            .collect(),
        _ => string(value).into_iter().collect(),
    }
}

/// An ACLED precision code 1–3 in `field`; absent means `default`.
pub(crate) fn precision_code(
    value: Option<&Val>,
    field: &str,
    default: u8,
) -> Result<u8, FeatureError> {
    match value {
        None | Some(Val::Null) => Ok(default),
        Some(v) => v
            .as_u64()
            .or_else(|| v.as_str().and_then(|s| trim(s).parse().ok()))
            .filter(|c| (1..=3).contains(c))
            .map(|c| c as u8)
            .ok_or_else(|| FeatureError::bad_value(field, Reason::NotPrecisionCode(v.to_string()))),
    }
}

/// The value of the first of `fields` that is present and not `null`.
fn first_of<'p, 'a, const N: usize>(
    fields: [(&'static str, &'p Option<Val<'a>>); N],
) -> Option<(&'static str, &'p Val<'a>)> {
    fields
        .into_iter()
        .find_map(|(field, value)| Some((field, value.as_ref().filter(|v| !v.is_null())?)))
}

/// The span: the range of a list of times (Leaflet.TimeDimension's `times`, togeojson's
/// `coordTimes`, `linestringTimestamps`), else `start` (or `date`, `time`, `event_date`) to
/// `end` (or the start); `ongoing: true` opens its end. Each time is read as
/// [`time_values::day_of`] says; a warning (a number read as seconds) goes to `warnings`.
pub(crate) fn date_span(
    props: &Props,
    warnings: &mut Vec<FeatureError>,
) -> Result<DateSpan, FeatureError> {
    let code = precision_code(props.time_precision.as_ref(), "time_precision", 1)?;
    let precision = TimePrecision::from_code(code).unwrap_or(TimePrecision::Day);
    let lists = [
        ("times", &props.times),
        ("coordTimes", &props.coord_times),
        ("linestringTimestamps", &props.linestring_timestamps),
    ];
    let (start, end) = if let Some((field, list)) = first_of(lists) {
        time_values::day_range(field, list, warnings)?
    } else {
        let (field, value) = first_of([
            ("start", &props.start),
            ("date", &props.date),
            ("time", &props.time),
            ("event_date", &props.event_date),
        ])
        .ok_or_else(|| FeatureError::MissingDate {
            field: "start".into(),
        })?;
        let start = time_values::day_of(field, value, warnings)?;
        let end = match props.end.as_ref().filter(|v| trimmed(Some(v)).is_some()) {
            Some(end) => time_values::day_of("end", end, warnings)?,
            None => start,
        };
        (start, end)
    };
    let mut span =
        DateSpan::new(start, end, precision).map_err(|e| FeatureError::bad_date("end", e))?;
    span.ongoing = match &props.ongoing {
        None | Some(Val::Null) => false,
        Some(Val::Bool(b)) => *b,
        Some(v) => {
            return Err(FeatureError::bad_value(
                "ongoing",
                Reason::NotTrueOrFalse(v.to_string()),
            ))
        }
    };
    Ok(span)
}

fn count(field: &str, v: &Val) -> Result<u32, FeatureError> {
    match v.as_f64() {
        Some(n) if n < 0.0 => Err(FeatureError::bad_value(
            field,
            Reason::Negative(n.to_string()),
        )),
        Some(n) if n.fract() != 0.0 || n > u32::MAX as f64 => Err(FeatureError::bad_value(
            field,
            Reason::NotWholePeople(n.to_string()),
        )),
        Some(n) => Ok(n as u32),
        None => Err(FeatureError::bad_value(
            field,
            Reason::NotAJsonNumber(v.to_string()),
        )),
    }
}

/// One of low/best/high: null, a number, or `{"value": n, "by": "who"}`.
fn figure(obj: &Val, key: &str) -> Result<Option<Figure>, FeatureError> {
    let field = format!("fatalities.{key}");
    match obj.get(key) {
        None | Some(Val::Null) => Ok(None),
        Some(f @ Val::Object(_)) => match f.get("value") {
            None | Some(Val::Null) => Ok(None),
            Some(v) => Ok(Some(Figure {
                value: count(&field, v)?,
                by: string(f.get("by")).unwrap_or_default(),
            })),
        },
        Some(v) => Ok(Some(Figure {
            value: count(&field, v)?,
            by: String::new(),
        })),
    }
}

/// `fatalities`: our object form, or a bare number (as in many files) taken as low = best = high.
pub(crate) fn fatalities(value: Option<&Val>) -> Result<Fatalities, FeatureError> {
    let obj = match value {
        None | Some(Val::Null) => return Ok(Fatalities::default()),
        Some(obj @ Val::Object(_)) => obj,
        Some(v) => {
            let n = count("fatalities", v)?;
            let fig = Some(Figure {
                value: n,
                by: String::new(),
            });
            return Ok(Fatalities {
                low: fig.clone(),
                best: fig.clone(),
                high: fig,
                ..Fatalities::default()
            });
        }
    };
    let (low, best, high) = (
        figure(obj, "low")?,
        figure(obj, "best")?,
        figure(obj, "high")?,
    );
    let value = |f: &Option<Figure>| f.as_ref().map(|f| f.value);
    let ordered = [value(&low), value(&best), value(&high)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .windows(2)
        .all(|w| w[0] <= w[1]);
    if !ordered {
        return Err(FeatureError::bad_value(
            "fatalities",
            Reason::FiguresOutOfOrder,
        ));
    }
    let claims = match obj.get("claims") {
        Some(Val::Array(items)) => items
            .iter()
            .filter(|c| matches!(c, Val::Object(_)))
            .map(|c| Claim {
                by: string(c.get("by")).unwrap_or_else(|| labels::english(T::Unattributed, &[])),
                claim: string(c.get("claim")).unwrap_or_default(),
                date: string(c.get("date")),
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(Fatalities {
        low,
        best,
        high,
        estimate: matches!(obj.get("estimate"), Some(Val::Bool(true))),
        note: string(obj.get("note")),
        claims,
    })
}

/// `sources` (else `source`): objects `{publisher, title, date, url}`, or plain strings (a URL
/// or a name). Links that are not http(s) are dropped and returned separately so they can be
/// reported.
pub(crate) fn sources(props: &Props) -> (Vec<Source>, Vec<String>) {
    let mut dropped = Vec::new();
    let mut link = |url: Option<String>| match url {
        Some(u) if is_web_link(&u) => Some(u),
        Some(u) => {
            dropped.push(u);
            None
        }
        None => None,
    };
    let items: &[Val] = match props.sources.as_ref().or(props.source.as_ref()) {
        Some(Val::Array(items)) => items,
        Some(v @ Val::Str(_)) => std::slice::from_ref(v),
        _ => &[],
    };
    let list = items
        .iter()
        .filter_map(|item| match item {
            Val::Str(s) if is_web_link(s) => Some(Source {
                publisher: String::new(),
                title: s.to_string(),
                date: None,
                url: Some(s.to_string()),
            }),
            Val::Str(s) => Some(Source {
                publisher: s.to_string(),
                title: String::new(),
                date: None,
                url: None,
            }),
            o @ Val::Object(_) => Some(Source {
                publisher: string(o.get("publisher")).unwrap_or_default(),
                title: string(o.get("title")).unwrap_or_default(),
                date: string(o.get("date")),
                url: link(string(o.get("url"))),
            }),
            _ => None,
        })
        .collect();
    (list, dropped)
}

/// Property tests (native only: proptest does not target wasm32-unknown-unknown).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::trim;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn trimming_is_str_trim(text in "[ \t\\x0b\\x0c\\r\n\u{a0}\u{2003}a-c\u{e9}]{0,12}") {
            prop_assert_eq!(trim(&text), text.trim());
        }
    }
}
