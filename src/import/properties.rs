//! Reading our schema's properties out of a GeoJSON feature's `properties` object, each reader
//! returning either the value or the [`FeatureError`] that names the field.

use super::FeatureError;
use crate::incident::{Claim, Fatalities, Figure, Source, Text};
use crate::timeline::{DateSpan, Day, TimePrecision};
use serde_json::{Map, Value};

/// A feature's properties.
pub(crate) type Props = Map<String, Value>;

/// A string property, trimmed; numbers are accepted as their text. Empty counts as absent.
pub(crate) fn string(props: &Props, field: &str) -> Option<String> {
    match props.get(field)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A localized text: a plain string, or an object `{"en": …, "fr": …, "ar": …}`.
pub(crate) fn text(props: &Props, field: &str) -> Text {
    match props.get(field) {
        Some(Value::Object(langs)) => {
            let lang = |k: &str| string(langs, k);
            Text {
                en: lang("en"),
                fr: lang("fr"),
                ar: lang("ar"),
            }
        }
        _ => string(props, field).map(Text::plain).unwrap_or_default(),
    }
}

/// A list of strings: an array of strings, or one string.
pub(crate) fn strings(props: &Props, field: &str) -> Vec<String> {
    match props.get(field) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::trim).filter(|s| !s.is_empty()))
            .map(str::to_string)
            .collect(),
        _ => string(props, field).into_iter().collect(),
    }
}

/// An ACLED precision code 1–3; absent means `default`.
pub(crate) fn precision_code(props: &Props, field: &str, default: u8) -> Result<u8, FeatureError> {
    match props.get(field) {
        None | Some(Value::Null) => Ok(default),
        Some(v) => v
            .as_u64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
            .filter(|c| (1..=3).contains(c))
            .map(|c| c as u8)
            .ok_or_else(|| {
                FeatureError::bad_value(field, format!("{v} is not a precision code 1, 2 or 3"))
            }),
    }
}

/// A `YYYY-MM-DD` date in `field`.
pub(crate) fn day(field: &str, text: &str) -> Result<Day, FeatureError> {
    Day::parse_iso(text).map_err(|e| FeatureError::bad_date(field, e))
}

/// The span: `start` (or `date`, `time`, `event_date`) to `end` (or the start), or the range
/// of a Leaflet.TimeDimension `times` array.
pub(crate) fn date_span(props: &Props) -> Result<DateSpan, FeatureError> {
    let code = precision_code(props, "time_precision", 1)?;
    let precision = TimePrecision::from_code(code).unwrap_or(TimePrecision::Day);
    let (start, end) = if let Some(Value::Array(times)) = props.get("times") {
        let days = times
            .iter()
            .map(|t| day("times", t.as_str().unwrap_or_default()))
            .collect::<Result<Vec<_>, _>>()?;
        match (days.iter().min(), days.iter().max()) {
            (Some(a), Some(b)) => (*a, *b),
            _ => {
                return Err(FeatureError::MissingDate {
                    field: "times".into(),
                })
            }
        }
    } else {
        let field = ["start", "date", "time", "event_date"]
            .into_iter()
            .find(|f| props.get(*f).is_some_and(|v| !v.is_null()))
            .ok_or_else(|| FeatureError::MissingDate {
                field: "start".into(),
            })?;
        let start_text = string(props, field).unwrap_or_default();
        let start = day(field, &start_text)?;
        let end = match string(props, "end") {
            Some(text) => day("end", &text)?,
            None => start,
        };
        (start, end)
    };
    DateSpan::new(start, end, precision).map_err(|e| FeatureError::bad_date("end", e))
}

fn count(field: &str, v: &Value) -> Result<u32, FeatureError> {
    match v.as_f64() {
        Some(n) if n < 0.0 => Err(FeatureError::bad_value(field, format!("{n} is negative"))),
        Some(n) if n.fract() != 0.0 || n > u32::MAX as f64 => Err(FeatureError::bad_value(
            field,
            format!("{n} is not a whole number of people"),
        )),
        Some(n) => Ok(n as u32),
        None => Err(FeatureError::bad_value(
            field,
            format!("{v} is not a number"),
        )),
    }
}

/// One of low/best/high: null, a number, or `{"value": n, "by": "who"}`.
fn figure(obj: &Props, key: &str) -> Result<Option<Figure>, FeatureError> {
    let field = format!("fatalities.{key}");
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(f)) => match f.get("value") {
            None | Some(Value::Null) => Ok(None),
            Some(v) => Ok(Some(Figure {
                value: count(&field, v)?,
                by: string(f, "by").unwrap_or_default(),
            })),
        },
        Some(v) => Ok(Some(Figure {
            value: count(&field, v)?,
            by: String::new(),
        })),
    }
}

/// `fatalities`: our object form, or a bare number (as in many files) taken as low = best = high.
pub(crate) fn fatalities(props: &Props) -> Result<Fatalities, FeatureError> {
    let obj = match props.get("fatalities") {
        None | Some(Value::Null) => return Ok(Fatalities::default()),
        Some(Value::Object(obj)) => obj,
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
            "low, best and high are not in increasing order",
        ));
    }
    let claims = match obj.get("claims") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_object)
            .map(|c| Claim {
                by: string(c, "by").unwrap_or_else(|| "unattributed".into()),
                claim: string(c, "claim").unwrap_or_default(),
                date: string(c, "date"),
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(Fatalities {
        low,
        best,
        high,
        estimate: obj
            .get("estimate")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        note: string(obj, "note"),
        claims,
    })
}

/// True for an `http:` or `https:` address.
pub fn is_web_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// `sources`: objects `{publisher, title, date, url}`, or plain strings (a URL or a name).
/// Links that are not http(s) are dropped and returned separately so they can be reported.
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
    let items: Vec<Value> = match props.get("sources").or_else(|| props.get("source")) {
        Some(Value::Array(items)) => items.clone(),
        Some(v @ Value::String(_)) => vec![v.clone()],
        _ => Vec::new(),
    };
    let list = items
        .iter()
        .filter_map(|item| match item {
            Value::String(s) if is_web_link(s) => Some(Source {
                publisher: String::new(),
                title: s.clone(),
                date: None,
                url: Some(s.clone()),
            }),
            Value::String(s) => Some(Source {
                publisher: s.clone(),
                title: String::new(),
                date: None,
                url: None,
            }),
            Value::Object(o) => Some(Source {
                publisher: string(o, "publisher").unwrap_or_default(),
                title: string(o, "title").unwrap_or_default(),
                date: string(o, "date"),
                url: link(string(o, "url")),
            }),
            _ => None,
        })
        .collect();
    (list, dropped)
}
