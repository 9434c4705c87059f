//! Why an item or a file could not be read, as data rather than words: the importers build
//! these, and [`FeatureError::describe`], [`ImportError::describe`] and
//! [`ImportIssue::message`] word them in a language (the English words are their `Display`).
//! Values quoted from the data are kept as the data writes them.

use super::{FeatureError, Format, ImportError, ImportIssue};
use crate::i18n::{say_import, ImportText as T};
use crate::lang::Lang;
use crate::timeline::DateError;

/// Why a value (or a date) of an item could not be read; the text fields hold the value as
/// the data writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// A parser's own words (a JSON syntax error), which are not translated.
    Parser(String),
    /// A required value is empty.
    Empty,
    /// Not a number.
    NotANumber(String),
    /// Not a number (a JSON value, written as JSON).
    NotAJsonNumber(String),
    /// A negative number.
    Negative(String),
    /// Not a whole number of people.
    NotWholePeople(String),
    /// Not a precision code of `format` from 1 to `max`.
    NotCode {
        /// The value.
        text: String,
        /// Whose code (ACLED or UCDP).
        format: Format,
        /// The largest code.
        max: u8,
    },
    /// Not a precision code 1, 2 or 3 (a JSON value).
    NotPrecisionCode(String),
    /// Not `true` or `false`.
    NotTrueOrFalse(String),
    /// Low, best and high out of order.
    FiguresOutOfOrder,
    /// Low above best: the two figures.
    LowAboveBest(u32, u32),
    /// High below best: the two figures.
    HighBelowBest(u32, u32),
    /// High below low: the two figures.
    HighBelowLow(u32, u32),
    /// A polygon's outer ring with fewer than 4 positions.
    RingTooShort,
    /// Not a JSON object.
    NotAnObject(String),
    /// Not a Feature object: what was found.
    NotAFeatureObject(String),
    /// A position with fewer than two numbers.
    PositionNeedsTwo,
    /// Not a date in a form read.
    NotADate(String),
    /// Not a date in one of ACLED's forms.
    NotAnAcledDate(String),
    /// A span that ends (the first day) before it starts (the second), as ISO dates.
    EndBeforeStart(String, String),
    /// Neither a date nor a number (a JSON value).
    NotDateOrNumber(String),
    /// An empty list of times.
    EmptyList,
    /// A number that is not finite.
    NotFinite(String),
    /// A negative time since 1970.
    NegativeEpoch(String),
    /// A time since 1970 too small to be one.
    EpochTooSmall(String),
    /// A time since 1970 beyond the days the widget counts.
    OutOfRange(String),
}

/// Why a whole file is not the format it was read as; the text fields hold text from the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detail {
    /// A parser's own words (a JSON syntax error), which are not translated.
    Parser(String),
    /// Binary data.
    BinaryData,
    /// The first line of a text none of the formats reads.
    FirstLine(String),
    /// An ACLED API response where only GeoJSON is read.
    AcledApiResponse,
    /// A FeatureCollection with no `features`.
    NoFeatures,
    /// A `type` that is not FeatureCollection or Feature.
    TypeIs(String),
    /// No `type` and no `data`.
    NoTypeNorData,
    /// No `type`.
    NoType,
    /// A feature (its index) that is not JSON.
    FeatureNotJson(usize),
    /// Two features with no comma between them.
    NoComma,
    /// A comma before the end of the array.
    TrailingComma,
    /// A comma where a feature should be.
    StrayComma,
    /// A `features` array outside a FeatureCollection.
    FeaturesOutside,
    /// The file ended inside the `features` array.
    EndedInside,
}

/// `Display` (the English words of `describe`) and `Error` for each of the types.
macro_rules! english_display {
    ($($t:ty),*) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.describe(Lang::En))
            }
        }

        impl std::error::Error for $t {}
    )*};
}
#[cfg(feature = "importers")]
pub(crate) use english_display;

english_display!(FeatureError, ImportError);

/// A value from the data in the language's quotation marks.
fn quoted(lang: Lang, text: &str) -> String {
    say_import(lang, T::Quoted, &[text])
}

/// A value for a message: bare when it reads as a number, else in quotes.
fn shown(lang: Lang, text: &str) -> String {
    if crate::decimal::parse(text).is_some_and(f64::is_finite) {
        text.to_string()
    } else {
        quoted(lang, text)
    }
}

impl Reason {
    /// Why, in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        let say = |key, args: &[&str]| say_import(lang, key, args);
        let (a, b);
        match self {
            Reason::Parser(text) => say(T::ParserSaid, &[text]),
            Reason::Empty => say(T::Empty, &[]),
            Reason::NotANumber(text) => say(T::NotANumber, &[&quoted(lang, text)]),
            Reason::NotAJsonNumber(text) => say(T::NotANumber, &[text]),
            Reason::Negative(text) => say(T::Negative, &[text]),
            Reason::NotWholePeople(text) => say(T::NotWholePeople, &[text]),
            Reason::NotCode { text, format, max } => {
                let key = match format {
                    Format::Ucdp => T::NotUcdpCode,
                    Format::Acled | Format::GeoJson => T::NotAcledCode,
                };
                say(key, &[&shown(lang, text), &max.to_string()])
            }
            Reason::NotPrecisionCode(text) => say(T::NotPrecisionCode, &[text]),
            Reason::NotTrueOrFalse(text) => say(T::NotTrueOrFalse, &[text]),
            Reason::FiguresOutOfOrder => say(T::FiguresOutOfOrder, &[]),
            Reason::LowAboveBest(x, y)
            | Reason::HighBelowBest(x, y)
            | Reason::HighBelowLow(x, y) => {
                (a, b) = (x.to_string(), y.to_string());
                let key = match self {
                    Reason::LowAboveBest(..) => T::LowAboveBest,
                    Reason::HighBelowBest(..) => T::HighBelowBest,
                    _ => T::HighBelowLow,
                };
                say(key, &[&a, &b])
            }
            Reason::RingTooShort => say(T::RingTooShort, &[]),
            Reason::NotAnObject(text) => say(T::NotAnObject, &[text]),
            Reason::NotAFeatureObject(text) => say(T::NotAFeatureObject, &[text]),
            Reason::PositionNeedsTwo => say(T::PositionNeedsTwo, &[]),
            Reason::NotADate(text) => say(T::NotADate, &[&quoted(lang, text)]),
            Reason::NotAnAcledDate(text) => say(T::NotAnAcledDate, &[&quoted(lang, text)]),
            Reason::EndBeforeStart(end, start) => say(T::EndBeforeStart, &[end, start]),
            Reason::NotDateOrNumber(text) => say(T::NotDateOrNumber, &[text]),
            Reason::EmptyList => say(T::EmptyList, &[]),
            Reason::NotFinite(text) => say(T::NotFinite, &[&quoted(lang, text)]),
            Reason::NegativeEpoch(text) => say(T::NegativeEpoch, &[text]),
            Reason::EpochTooSmall(text) => say(T::EpochTooSmall, &[text]),
            Reason::OutOfRange(text) => say(T::OutOfRange, &[text]),
        }
    }
}

impl From<DateError> for Reason {
    fn from(e: DateError) -> Self {
        match e {
            DateError::Unparsable { text } => Reason::NotADate(text),
            DateError::EndBeforeStart { start, end } => Reason::EndBeforeStart(end, start),
        }
    }
}

impl Detail {
    /// Why, in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        let key = match self {
            Detail::Parser(text) => return say_import(lang, T::ParserSaid, &[text]),
            Detail::FirstLine(text) => {
                return say_import(lang, T::FirstLine, &[&quoted(lang, text)])
            }
            Detail::TypeIs(text) => return say_import(lang, T::TypeIs, &[text]),
            Detail::FeatureNotJson(index) => {
                return say_import(lang, T::FeatureNotJson, &[&index.to_string()])
            }
            Detail::BinaryData => T::BinaryData,
            Detail::AcledApiResponse => T::AcledApiResponse,
            Detail::NoFeatures => T::NoFeatures,
            Detail::NoTypeNorData => T::NoTypeNorData,
            Detail::NoType => T::NoType,
            Detail::NoComma => T::NoComma,
            Detail::TrailingComma => T::TrailingComma,
            Detail::StrayComma => T::StrayComma,
            Detail::FeaturesOutside => T::FeaturesOutside,
            Detail::EndedInside => T::EndedInside,
        };
        say_import(lang, key, &[])
    }
}

impl FeatureError {
    /// What was wrong, in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        let say = |key, args: &[&str]| say_import(lang, key, args);
        match self {
            FeatureError::Malformed(why) => say(T::Malformed, &[&why.describe(lang)]),
            FeatureError::MissingGeometry => say(T::MissingGeometry, &[]),
            FeatureError::EmptyGeometry { kind } => say(T::EmptyGeometry, &[kind]),
            FeatureError::UnsupportedGeometry { kind } => say(T::UnsupportedGeometry, &[kind]),
            FeatureError::CoordinateOutOfRange { lon, lat } => {
                say(T::CoordinateOutOfRange, &[lon, lat])
            }
            FeatureError::CoordinatesSwapped { lon, lat } => {
                say(T::CoordinatesSwapped, &[lon, lat])
            }
            FeatureError::MissingDate { field } => say(T::MissingDate, &[field]),
            FeatureError::BadDate { field, reason } => {
                say(T::BadDate, &[field, &reason.describe(lang)])
            }
            FeatureError::EpochSeconds { field, value, day } => {
                say(T::EpochSeconds, &[value, field, day])
            }
            FeatureError::BadValue { field, reason } => {
                say(T::BadValue, &[field, &reason.describe(lang)])
            }
            FeatureError::UnknownEventType { value } => say(T::UnknownEventType, &[value]),
            FeatureError::AreaSimplified { from, to } => {
                say(T::AreaSimplified, &[&from.to_string(), &to.to_string()])
            }
            FeatureError::UnsafeLink { url } => say(T::UnsafeLink, &[url]),
            FeatureError::DuplicateId { id, first_index } => {
                say(T::DuplicateId, &[id, &first_index.to_string()])
            }
        }
    }
}

impl ImportError {
    /// Why the file could not be read, in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        let (key, arg) = match self {
            ImportError::Empty => (T::EmptyFile, String::new()),
            ImportError::NotJson(why) => (T::NotJson, why.describe(lang)),
            ImportError::NotGeoJson(why) => (T::NotGeoJson, why.describe(lang)),
            ImportError::NotCsv(why) => (T::NotCsv, why.describe(lang)),
            ImportError::MissingColumns { format, columns } => {
                let key = match format {
                    Format::GeoJson => T::NotGeoJsonExport,
                    Format::Acled => T::NotAcledExport,
                    Format::Ucdp => T::NotUcdpExport,
                };
                let comma = if lang == Lang::Ar { "، " } else { ", " };
                (key, columns.join(comma))
            }
            ImportError::UnknownFormat(why) => (T::UnknownFormat, why.describe(lang)),
        };
        say_import(lang, key, &[&arg])
    }
}

impl ImportIssue {
    /// "feature 3 skipped: …" or "row 3 (line 5) skipped: …" — where and why, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let (index, why) = (self.index.to_string(), self.reason.describe(lang));
        match (self.line, self.skipped) {
            (Some(line), skipped) => {
                let key = if skipped {
                    T::RowSkipped
                } else {
                    T::RowWarning
                };
                say_import(lang, key, &[&index, &line.to_string(), &why])
            }
            (None, skipped) => {
                let key = if skipped {
                    T::FeatureSkipped
                } else {
                    T::FeatureWarning
                };
                say_import(lang, key, &[&index, &why])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of every reason, detail and error, each with values from the data.
    fn every_error() -> Vec<FeatureError> {
        let reasons = [
            Reason::Parser("expected `,` or `}`".into()),
            Reason::Empty,
            Reason::NotANumber("many".into()),
            Reason::NotAJsonNumber("\"many\"".into()),
            Reason::Negative("-3".into()),
            Reason::NotWholePeople("2.5".into()),
            Reason::NotCode {
                text: "x".into(),
                format: Format::Acled,
                max: 3,
            },
            Reason::NotCode {
                text: "9".into(),
                format: Format::Ucdp,
                max: 5,
            },
            Reason::NotPrecisionCode("7".into()),
            Reason::NotTrueOrFalse("\"yes\"".into()),
            Reason::FiguresOutOfOrder,
            Reason::LowAboveBest(9, 3),
            Reason::HighBelowBest(2, 3),
            Reason::HighBelowLow(2, 9),
            Reason::RingTooShort,
            Reason::NotAnObject("[1]".into()),
            Reason::NotAFeatureObject("42".into()),
            Reason::PositionNeedsTwo,
            Reason::NotADate("someday".into()),
            Reason::NotAnAcledDate("32/13/2024".into()),
            Reason::EndBeforeStart("2024-07-25".into(), "2024-07-27".into()),
            Reason::NotDateOrNumber("true".into()),
            Reason::EmptyList,
            Reason::NotFinite("NaN".into()),
            Reason::NegativeEpoch("-5".into()),
            Reason::EpochTooSmall("2015".into()),
            Reason::OutOfRange("1e300".into()),
        ];
        let field = || "fatalities".to_string();
        let mut errors: Vec<FeatureError> = reasons
            .into_iter()
            .flat_map(|reason| {
                [
                    FeatureError::BadValue {
                        field: field(),
                        reason: reason.clone(),
                    },
                    FeatureError::BadDate {
                        field: field(),
                        reason: reason.clone(),
                    },
                    FeatureError::Malformed(reason),
                ]
            })
            .collect();
        let kind = || "LineString".to_string();
        let (lon, lat) = (|| "200".to_string(), || "100".to_string());
        errors.extend([
            FeatureError::MissingGeometry,
            FeatureError::EmptyGeometry { kind: kind() },
            FeatureError::UnsupportedGeometry { kind: kind() },
            FeatureError::CoordinateOutOfRange {
                lon: lon(),
                lat: lat(),
            },
            FeatureError::CoordinatesSwapped {
                lon: lon(),
                lat: lat(),
            },
            FeatureError::MissingDate { field: field() },
            FeatureError::EpochSeconds {
                field: field(),
                value: "1430391600".into(),
                day: "2015-04-30".into(),
            },
            FeatureError::UnknownEventType {
                value: "Skirmish".into(),
            },
            FeatureError::AreaSimplified {
                from: 9000,
                to: 4000,
            },
            FeatureError::UnsafeLink {
                url: "javascript:alert(1)".into(),
            },
            FeatureError::DuplicateId {
                id: "good-0".into(),
                first_index: 0,
            },
        ]);
        errors
    }

    fn every_file_error() -> Vec<ImportError> {
        let details = [
            Detail::Parser("EOF while parsing".into()),
            Detail::BinaryData,
            Detail::FirstLine("name,place".into()),
            Detail::AcledApiResponse,
            Detail::NoFeatures,
            Detail::TypeIs("Point".into()),
            Detail::NoTypeNorData,
            Detail::NoType,
            Detail::FeatureNotJson(4),
            Detail::NoComma,
            Detail::TrailingComma,
            Detail::StrayComma,
            Detail::FeaturesOutside,
            Detail::EndedInside,
        ];
        let mut errors = vec![ImportError::Empty];
        for detail in details {
            errors.extend([
                ImportError::NotJson(detail.clone()),
                ImportError::NotGeoJson(detail.clone()),
                ImportError::NotCsv(detail.clone()),
                ImportError::UnknownFormat(detail),
            ]);
        }
        for format in [Format::GeoJson, Format::Acled, Format::Ucdp] {
            let columns = vec!["event_date".into(), "latitude".into()];
            errors.push(ImportError::MissingColumns { format, columns });
        }
        errors
    }

    /// Checks a message in `lang`: filled, and in the language's script.
    fn check(lang: Lang, message: &str) {
        assert!(!message.trim().is_empty());
        let unfilled = message
            .match_indices('{')
            .any(|(i, _)| message[i + 1..].starts_with(|c: char| c.is_ascii_digit()));
        assert!(!unfilled, "{lang:?}: a blank left in {message}");
        let arabic = message
            .chars()
            .any(|c| ('\u{600}'..='\u{6ff}').contains(&c));
        assert_eq!(arabic, lang == Lang::Ar, "{lang:?}: {message}");
    }

    #[test]
    fn every_reason_and_error_is_worded_in_every_language_and_display_is_the_english() {
        for error in every_error() {
            assert_eq!(error.to_string(), error.describe(Lang::En));
            for lang in Lang::ALL {
                for (line, skipped) in [(None, true), (Some(5), false)] {
                    let issue = ImportIssue {
                        index: 3,
                        line,
                        skipped,
                        reason: error.clone(),
                    };
                    check(lang, &issue.message(lang));
                }
            }
        }
        for error in every_file_error() {
            assert_eq!(error.to_string(), error.describe(Lang::En));
            for lang in Lang::ALL {
                check(lang, &error.describe(lang));
            }
        }
    }

    #[test]
    fn an_issue_reads_in_each_language_with_the_data_quoted_as_written() {
        let issue = ImportIssue {
            index: 3,
            line: Some(5),
            skipped: true,
            reason: FeatureError::bad_date("event_date", Reason::NotADate("someday".into())),
        };
        assert_eq!(
            issue.message(Lang::En),
            "row 3 (line 5) skipped: bad date in 'event_date': 'someday' is not a date (expected YYYY-MM-DD)"
        );
        assert_eq!(
            issue.message(Lang::Fr),
            "enregistrement 3 (ligne 5) ignoré\u{202f}: date invalide dans «\u{202f}event_date\u{202f}»\u{202f}: «\u{202f}someday\u{202f}» n’est pas une date (attendu\u{202f}: AAAA-MM-JJ)"
        );
        // Each value filled into the Arabic is isolated (U+2068 … U+2069), so that the Latin
        // names keep their place in the right-to-left sentence.
        let arabic = issue.message(Lang::Ar);
        let plain: String = arabic
            .chars()
            .filter(|c| !matches!(c, '\u{2068}' | '\u{2069}'))
            .collect();
        assert_eq!(
            plain,
            "تُرك الصف 3 (السطر 5): تاريخ غير صالح في «event_date»: «someday» ليس تاريخا (المتوقع YYYY-MM-DD)"
        );
        assert!(arabic.contains("«\u{2068}event_date\u{2069}»"), "{arabic}");
    }

    #[test]
    fn a_code_is_quoted_unless_it_reads_as_a_number() {
        let code = |text: &str| Reason::NotCode {
            text: text.into(),
            format: Format::Ucdp,
            max: 7,
        };
        assert_eq!(
            code("9").describe(Lang::En),
            "9 is not a UCDP precision code 1 to 7"
        );
        assert_eq!(
            code("x").describe(Lang::Fr),
            "«\u{202f}x\u{202f}» n’est pas un code de précision UCDP de 1 à 7"
        );
    }
}
