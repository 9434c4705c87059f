//! The options a page passes to `new IncidentMap(canvas, options)`, checked before anything is
//! added to the page: an unknown key or a bad value is an error that names it.

use crate::lang::Lang;
use crate::timeline::{Day, WindowWidth};

/// The keys the widget reads.
pub const OPTION_KEYS: [&str; 5] = ["lang", "data", "window", "date", "hash"];

/// One option's value as the page gave it: strings, and one boolean (`hash`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionValue {
    /// A string.
    Text(String),
    /// `true` or `false`.
    Bool(bool),
    /// Anything else, named by its JavaScript type (`"number"`, `"object"`, …).
    Other(String),
}

/// Which data the widget opens with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StartData {
    /// The embedded Mali record.
    #[default]
    Mali,
    /// Nothing: the page loads its own.
    Empty,
}

/// Checked options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The language.
    pub lang: Lang,
    /// The opening data.
    pub data: StartData,
    /// The window width preset.
    pub width: WindowWidth,
    /// The last day of the opening window; `None`: the data's last day.
    pub date: Option<Day>,
    /// True when the view, window, selection, language and filter are kept in the page's
    /// address (`location.hash`, see [`crate::widget::deep_link`]).
    pub hash: bool,
}

/// Why options were refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OptionError {
    /// The options are not an object.
    #[error("options must be an object, not {got}")]
    NotAnObject {
        /// What they were.
        got: String,
    },
    /// A key the widget does not know (often a typo).
    #[error("unknown option '{key}' (the options are lang, data, window, date and hash)")]
    UnknownKey {
        /// The key.
        key: String,
    },
    /// A value that is not a string.
    #[error("option '{key}' must be a string, not {got}")]
    NotText {
        /// The key.
        key: String,
        /// The value's JavaScript type.
        got: String,
    },
    /// A value that is not a boolean, for an option that takes one.
    #[error("option '{key}' must be true or false")]
    NotBool {
        /// The key.
        key: String,
    },
    /// An option that cannot change once the map is made.
    #[error("option '{key}' is read only when the map is made")]
    OnlyAtStart {
        /// The key.
        key: String,
    },
    /// A string the option does not take.
    #[error("option '{key}': '{value}' is not {expected}")]
    BadValue {
        /// The key.
        key: String,
        /// The value given.
        value: String,
        /// What it takes.
        expected: &'static str,
    },
}

impl Options {
    /// Checks the page's options, given as (key, value) pairs; `undefined` values are to be
    /// left out by the caller (they mean "not set").
    pub fn parse(
        entries: impl IntoIterator<Item = (String, OptionValue)>,
    ) -> Result<Options, OptionError> {
        let mut options = Options::default();
        for (key, value) in entries {
            if !OPTION_KEYS.contains(&key.as_str()) {
                return Err(OptionError::UnknownKey { key });
            }
            let value = match (key.as_str(), value) {
                ("hash", OptionValue::Bool(on)) => {
                    options.hash = on;
                    continue;
                }
                ("hash", _) => return Err(OptionError::NotBool { key }),
                (_, OptionValue::Text(text)) => text,
                (_, OptionValue::Bool(_)) => {
                    let got = "boolean".into();
                    return Err(OptionError::NotText { key, got });
                }
                (_, OptionValue::Other(got)) => return Err(OptionError::NotText { key, got }),
            };
            let bad = |expected| OptionError::BadValue {
                key: key.clone(),
                value: value.clone(),
                expected,
            };
            match key.as_str() {
                "lang" => {
                    options.lang =
                        Lang::from_code(&value).ok_or_else(|| bad("\"en\", \"fr\" or \"ar\""))?
                }
                "data" => {
                    options.data = match value.as_str() {
                        "mali" => StartData::Mali,
                        "none" => StartData::Empty,
                        _ => return Err(bad("\"mali\" or \"none\"")),
                    }
                }
                "window" => {
                    options.width = WindowWidth::from_key(&value)
                        .ok_or_else(|| bad("\"week\", \"month\", \"year\" or \"all\""))?
                }
                _ => {
                    options.date =
                        Some(Day::parse_date(&value).map_err(|_| bad("an ISO date (YYYY-MM-DD)"))?)
                }
            }
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<Options, OptionError> {
        Options::parse(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), OptionValue::Text(v.to_string()))),
        )
    }

    #[test]
    fn no_options_mean_english_mali_and_a_month() {
        let o = parse(&[]).expect("defaults");
        assert_eq!(o.lang, Lang::En);
        assert_eq!(o.data, StartData::Mali);
        assert_eq!(o.width, WindowWidth::Month);
        assert_eq!(o.date, None);
        assert!(!o.hash);
    }

    #[test]
    fn hash_is_a_boolean_and_only_it() {
        let with = |key: &str, value| Options::parse([(key.to_string(), value)]);
        assert!(with("hash", OptionValue::Bool(true)).expect("hash").hash);
        assert!(!with("hash", OptionValue::Bool(false)).expect("off").hash);
        let e = with("hash", OptionValue::Text("true".into())).expect_err("a string");
        assert_eq!(e.to_string(), "option 'hash' must be true or false");
        let e = with("lang", OptionValue::Bool(true)).expect_err("a boolean");
        assert_eq!(e.to_string(), "option 'lang' must be a string, not boolean");
    }

    #[test]
    fn every_option_is_read() {
        let o = parse(&[
            ("lang", "ar"),
            ("data", "none"),
            ("window", "year"),
            ("date", "2024-09-17"),
        ])
        .expect("options");
        assert_eq!(o.lang, Lang::Ar);
        assert_eq!(o.data, StartData::Empty);
        assert_eq!(o.width, WindowWidth::Year);
        assert_eq!(o.date.map(Day::to_iso).as_deref(), Some("2024-09-17"));
    }

    #[test]
    fn an_unknown_key_is_named() {
        let e = parse(&[("langauge", "fr")]).expect_err("typo");
        assert_eq!(
            e,
            OptionError::UnknownKey {
                key: "langauge".into()
            }
        );
        assert!(e.to_string().contains("'langauge'"), "{e}");
    }

    #[test]
    fn bad_values_name_their_key_and_what_it_takes() {
        for (key, value, expected) in [
            ("lang", "de", "\"en\""),
            ("data", "ukraine", "\"mali\""),
            ("window", "decade", "\"week\""),
            ("date", "17/09/2024", "ISO date"),
            ("date", "2024-02-30", "ISO date"),
        ] {
            let e = parse(&[(key, value)]).expect_err(value);
            let text = e.to_string();
            assert!(
                text.contains(&format!("'{key}'"))
                    && text.contains(value)
                    && text.contains(expected),
                "{text}"
            );
        }
        let e = Options::parse([("window".to_string(), OptionValue::Other("number".into()))])
            .expect_err("a number");
        assert_eq!(
            e.to_string(),
            "option 'window' must be a string, not number"
        );
    }
}
