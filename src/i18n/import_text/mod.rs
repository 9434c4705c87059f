//! What the importer says about a file, in English, French and Arabic: why an item was skipped
//! or loaded with a warning, and why a whole file could not be read. A table of its own
//! ([`ImportText`]), apart from the widget's [`Text`](super::Text), so that only the importer
//! module, which words these messages, carries it. The English phrases are the messages'
//! `Display` text; quoted names and values from the data are filled in as they are (in Arabic,
//! isolated so that Latin text does not reorder the sentence around it).

mod ar;
mod en;
mod fr;

use crate::lang::Lang;

texts! {
    /// A key of the importer's string tables: one phrase about a file.
    ImportText;
    /// A skipped CSV row: `{0}` its index, `{1}` its line, `{2}` why.
    RowSkipped,
    /// A CSV row loaded with a warning: as [`ImportText::RowSkipped`].
    RowWarning,
    /// A skipped GeoJSON feature: `{0}` its index, `{1}` why.
    FeatureSkipped,
    /// A GeoJSON feature loaded with a warning: as [`ImportText::FeatureSkipped`].
    FeatureWarning,
    /// A value from the data in quotes: `{0}`.
    Quoted,
    /// `{0}` a parser's own words (not translated).
    ParserSaid,
    /// `{0}` why the item is not a GeoJSON Feature.
    Malformed,
    /// The feature has no geometry.
    MissingGeometry,
    /// `{0}` the geometry type.
    EmptyGeometry,
    /// `{0}` the geometry type.
    UnsupportedGeometry,
    /// `{0}` longitude, `{1}` latitude.
    CoordinateOutOfRange,
    /// `{0}` longitude, `{1}` latitude.
    CoordinatesSwapped,
    /// `{0}` the property looked for.
    MissingDate,
    /// `{0}` the property, `{1}` why.
    BadDate,
    /// `{0}` the number, `{1}` the property, `{2}` the day.
    EpochSeconds,
    /// `{0}` the property, `{1}` why.
    BadValue,
    /// `{0}` the type.
    UnknownEventType,
    /// `{0}` vertices in the file, `{1}` kept.
    AreaSimplified,
    /// `{0}` the link.
    UnsafeLink,
    /// `{0}` the id, `{1}` the feature that has it first.
    DuplicateId,
    /// A required value is empty.
    Empty,
    /// `{0}` the text, quoted.
    NotANumber,
    /// `{0}` the number.
    Negative,
    /// `{0}` the number.
    NotWholePeople,
    /// `{0}` the value, `{1}` the largest code.
    NotAcledCode,
    /// `{0}` the value, `{1}` the largest code.
    NotUcdpCode,
    /// `{0}` the JSON value.
    NotPrecisionCode,
    /// `{0}` the JSON value.
    NotTrueOrFalse,
    /// The three figures are out of order.
    FiguresOutOfOrder,
    /// `{0}` low, `{1}` best.
    LowAboveBest,
    /// `{0}` high, `{1}` best.
    HighBelowBest,
    /// `{0}` high, `{1}` low.
    HighBelowLow,
    /// A polygon's outer ring is too short.
    RingTooShort,
    /// `{0}` the JSON value.
    NotAnObject,
    /// `{0}` what was found.
    NotAFeatureObject,
    /// A position with fewer than two numbers.
    PositionNeedsTwo,
    /// `{0}` the text, quoted.
    NotADate,
    /// `{0}` the text, quoted.
    NotAnAcledDate,
    /// `{0}` the end, `{1}` the start.
    EndBeforeStart,
    /// `{0}` the JSON value.
    NotDateOrNumber,
    /// An empty list of times.
    EmptyList,
    /// `{0}` the text, quoted.
    NotFinite,
    /// `{0}` the number.
    NegativeEpoch,
    /// `{0}` the number.
    EpochTooSmall,
    /// `{0}` the number.
    OutOfRange,
    /// The file is empty.
    EmptyFile,
    /// `{0}` why.
    NotJson,
    /// `{0}` why.
    NotGeoJson,
    /// `{0}` why.
    NotCsv,
    /// `{0}` the columns missing.
    NotAcledExport,
    /// `{0}` the columns missing.
    NotUcdpExport,
    /// `{0}` the columns missing.
    NotGeoJsonExport,
    /// `{0}` why.
    UnknownFormat,
    /// Binary data.
    BinaryData,
    /// `{0}` the first line, quoted.
    FirstLine,
    /// An ACLED API response where GeoJSON was wanted.
    AcledApiResponse,
    /// A FeatureCollection with no `features`.
    NoFeatures,
    /// `{0}` the type.
    TypeIs,
    /// No `type` and no `data`.
    NoTypeNorData,
    /// No `type`.
    NoType,
    /// `{0}` the feature's index.
    FeatureNotJson,
    /// Two features with no comma.
    NoComma,
    /// A comma before `]`.
    TrailingComma,
    /// A comma where a feature should be.
    StrayComma,
    /// A `features` array outside a FeatureCollection.
    FeaturesOutside,
    /// The file ended inside the array.
    EndedInside,
    /// `{0}` the size, `{1}` the limit.
    TooLarge,
    /// `{0}` the size announced.
    LongerThanAnnounced,
    /// `{0}` read, `{1}` announced.
    ShorterThanAnnounced,
    /// A size in bytes: `{0}`.
    Bytes,
    /// A size in kB.
    Kilobytes,
    /// A size in MB.
    Megabytes,
    /// A size in GB.
    Gigabytes,
    /// Who gave an ACLED row's figure (written into the data).
    AcledLowest,
    /// ACLED's claim: `{0}` the number.
    AcledClaim,
    /// A UCDP row's note: `{0}` the figures by party.
    UcdpByParty,
    /// A UCDP party with no name: `{0}` its deaths.
    SideA,
    /// The other: `{0}` its deaths.
    SideB,
    /// Civilians' deaths: `{0}`.
    Civilians,
    /// Deaths of unknown party: `{0}`.
    UnknownParty,
    /// Who made a claim that names no one.
    Unattributed,
}

/// The phrase `key` in `lang`.
pub fn import_text(lang: Lang, key: ImportText) -> &'static str {
    match lang {
        Lang::En => en::text(key),
        Lang::Fr => fr::text(key),
        Lang::Ar => ar::text(key),
    }
}

/// `key`'s template in `lang` filled with `args`; in Arabic each argument is isolated
/// (U+2068 … U+2069), so that a Latin name or a number does not reorder the words around it.
pub fn say_import(lang: Lang, key: ImportText, args: &[&str]) -> String {
    let template = import_text(lang, key);
    if lang != Lang::Ar {
        return super::fill(template, args);
    }
    let isolated: Vec<String> = args
        .iter()
        .map(|a| format!("\u{2068}{a}\u{2069}"))
        .collect();
    let isolated: Vec<&str> = isolated.iter().map(String::as_str).collect();
    super::fill(template, &isolated)
}
