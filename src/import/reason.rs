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

impl std::fmt::Display for FeatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

impl std::error::Error for FeatureError {}

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

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

impl std::error::Error for ImportError {}

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
