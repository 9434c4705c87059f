//! The options a page passes to `new IncidentMap(canvas, options)`, checked before anything is
//! added to the page: an unknown key or a bad value is an error that names it.

use crate::lang::Lang;
use crate::projection::{lon_lat, LonLat};
use crate::timeline::{Day, WindowWidth};

/// The keys the widget reads.
pub const OPTION_KEYS: [&str; 6] = ["lang", "data", "window", "date", "view", "hash"];

/// One option's value as the page gave it.
#[derive(Clone, Debug, PartialEq)]
pub enum OptionValue {
    /// A string.
    Text(String),
    /// A number.
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
    /// A plain object, as its members (one level: a member that is an object is `Other`).
    Object(Vec<(String, OptionValue)>),
    /// Anything else, named by its JavaScript type (`"boolean"`, `"null"`, …).
    Other(String),
}

impl OptionValue {
    /// The JavaScript type of the value, for messages.
    fn type_name(&self) -> &str {
        match self {
            Self::Text(_) => "string",
            Self::Number(_) => "number",
            Self::Bool(_) => "boolean",
            Self::Object(_) => "object",
            Self::Other(got) => got,
        }
    }
}

/// What the `view` option takes.
const VIEW_VALUES: &str = "\"data\", \"mali\" or {lon, lat, zoom}";

/// The opening view, and whether loaded data moves it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum StartView {
    /// Not set: the embedded record opens on Mali, and loaded data fits the view to itself.
    #[default]
    Auto,
    /// `"data"`: the view fits the data, at the start and after each load.
    Data,
    /// `"mali"`: Mali fills the canvas; loads leave the view where it is.
    Mali,
    /// `{lon, lat, zoom}`: there; loads leave the view where it is.
    At {
        /// The centre.
        centre: LonLat,
        /// The zoom level (clamped to the map's range).
        zoom: f64,
    },
}

impl StartView {
    /// True when loaded data fits the view to itself.
    pub fn follows_data(self) -> bool {
        matches!(self, StartView::Auto | StartView::Data)
    }

    /// Reads the `view` option: `"data"`, `"mali"` or `{lon, lat, zoom}`.
    fn parse(value: OptionValue) -> Result<StartView, OptionError> {
        match value {
            OptionValue::Text(text) => match text.as_str() {
                "data" => Ok(StartView::Data),
                "mali" => Ok(StartView::Mali),
                _ => Err(OptionError::BadValue {
                    key: "view".into(),
                    value: text,
                    expected: VIEW_VALUES,
                }),
            },
            OptionValue::Object(members) => StartView::from_members(&members),
            other => Err(OptionError::BadView {
                problem: format!("must be {VIEW_VALUES}, not {}", other.type_name()),
            }),
        }
    }

    /// Reads `{lon, lat, zoom}`: each a finite number, `lon` within ±180 and `lat` within ±90.
    fn from_members(members: &[(String, OptionValue)]) -> Result<StartView, OptionError> {
        let bad = |problem: String| OptionError::BadView { problem };
        let mut values = [None; 3];
        for (name, value) in members {
            let slot = ["lon", "lat", "zoom"]
                .iter()
                .position(|k| k == name)
                .ok_or_else(|| {
                    bad(format!(
                        "unknown member '{name}' (it takes lon, lat and zoom)"
                    ))
                })?;
            match value {
                OptionValue::Number(n) if n.is_finite() => values[slot] = Some(*n),
                other => {
                    return Err(bad(format!(
                        "'{name}' must be a finite number, not {}",
                        other.type_name()
                    )))
                }
            }
        }
        let [lon, lat, zoom] = values;
        let (Some(lon), Some(lat), Some(zoom)) = (lon, lat, zoom) else {
            return Err(bad("it needs lon, lat and zoom".into()));
        };
        let centre = lon_lat(lon, lat);
        if !centre.is_valid() {
            return Err(bad("lon must be within ±180 and lat within ±90".into()));
        }
        Ok(StartView::At { centre, zoom })
    }
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
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Options {
    /// The language.
    pub lang: Lang,
    /// The opening data.
    pub data: StartData,
    /// The window width preset.
    pub width: WindowWidth,
    /// The last day of the opening window; `None`: the data's last day.
    pub date: Option<Day>,
    /// The opening view.
    pub view: StartView,
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
    #[error("unknown option '{key}' (the options are lang, data, window, date, view and hash)")]
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
    /// A `view` object that is not `{lon, lat, zoom}` with numbers in range.
    #[error("option 'view': {problem}")]
    BadView {
        /// What is wrong with it.
        problem: String,
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
            if key == "view" {
                options.view = StartView::parse(value)?;
                continue;
            }
            let value = match (key.as_str(), value) {
                ("hash", OptionValue::Bool(on)) => {
                    options.hash = on;
                    continue;
                }
                ("hash", _) => return Err(OptionError::NotBool { key }),
                (_, OptionValue::Text(text)) => text,
                (_, other) => {
                    let got = other.type_name().to_string();
                    return Err(OptionError::NotText { key, got });
                }
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
        let e = Options::parse([("window".to_string(), OptionValue::Number(7.0))])
            .expect_err("a number");
        assert_eq!(
            e.to_string(),
            "option 'window' must be a string, not number"
        );
    }

    fn view(value: OptionValue) -> Result<StartView, OptionError> {
        Options::parse([("view".to_string(), value)]).map(|o| o.view)
    }

    fn members(pairs: &[(&str, OptionValue)]) -> OptionValue {
        OptionValue::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn the_view_is_data_mali_or_a_place_and_zoom() {
        assert_eq!(parse(&[]).expect("defaults").view, StartView::Auto);
        assert!(StartView::Auto.follows_data() && StartView::Data.follows_data());
        assert_eq!(view(OptionValue::Text("data".into())), Ok(StartView::Data));
        assert_eq!(view(OptionValue::Text("mali".into())), Ok(StartView::Mali));
        assert!(!StartView::Mali.follows_data());
        let n = OptionValue::Number;
        let at = view(members(&[
            ("lon", n(30.5)),
            ("lat", n(50.4)),
            ("zoom", n(6.0)),
        ]));
        assert_eq!(
            at,
            Ok(StartView::At {
                centre: lon_lat(30.5, 50.4),
                zoom: 6.0
            })
        );
        assert!(!at.expect("a view").follows_data());
    }

    #[test]
    fn a_bad_view_names_the_option_and_what_is_wrong() {
        let n = OptionValue::Number;
        for (value, says) in [
            (
                OptionValue::Text("ukraine".into()),
                "'ukraine' is not \"data\", \"mali\" or {lon, lat, zoom}",
            ),
            (
                n(5.0),
                "must be \"data\", \"mali\" or {lon, lat, zoom}, not number",
            ),
            (
                members(&[("lon", n(30.0)), ("lat", n(50.0))]),
                "it needs lon, lat and zoom",
            ),
            (
                members(&[("lon", n(30.0)), ("lat", n(50.0)), ("zom", n(6.0))]),
                "unknown member 'zom'",
            ),
            (
                members(&[
                    ("lon", n(30.0)),
                    ("lat", OptionValue::Text("50".into())),
                    ("zoom", n(6.0)),
                ]),
                "'lat' must be a finite number, not string",
            ),
            (
                members(&[("lon", n(f64::NAN)), ("lat", n(50.0)), ("zoom", n(6.0))]),
                "'lon' must be a finite number",
            ),
            (
                members(&[("lon", n(300.0)), ("lat", n(50.0)), ("zoom", n(6.0))]),
                "lon must be within ±180",
            ),
        ] {
            let e = view(value).expect_err(says).to_string();
            assert!(e.starts_with("option 'view'") && e.contains(says), "{e}");
        }
    }
}
