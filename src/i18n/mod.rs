//! Every word the widget itself says, in English, French and Arabic: one table per language
//! (`en.rs`, `fr.rs`, `ar.rs`), each a `match` over the same [`Text`] keys, so a key missing from
//! a language does not compile. Around the tables: plural rules, dates with localized month
//! names, and the phrases built from them (a date span, a count of incidents, a file size).
//!
//! Arabic follows the September 2024 report the record starts from: the month names of the
//! يناير–ديسمبر series (سبتمبر, يوليو), which pan-Arab and Maghreb newsrooms use (أيلول/تموز are
//! the Levant's), and Western digits (0–9), as the report writes "70" and "2012" — as do Al
//! Jazeera and the Maghreb press. Numbers and dates are therefore the same digits in all three
//! languages.

mod ar;
mod en;
mod fr;

use crate::incident::{EventType, PlacePrecision};
use crate::lang::Lang;
use crate::timeline::{Date, DateSpan, TimePrecision, WindowWidth};

macro_rules! texts {
    ($(#[$name_doc:meta])* $name:ident; $($(#[$doc:meta])* $key:ident),* $(,)?) => {
        $(#[$name_doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($(#[$doc])* $key),*
        }

        impl $name {
            /// Every key, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$key),*];
        }
    };
}

mod import_text;

pub use import_text::{import_text, say_import, ImportText};

texts! {
    /// A key of the string tables: one phrase of the widget's chrome.
    Text;
    /// The map's accessible name.
    MapName,
    /// How to use the map with a pointer and keys (its accessible description).
    MapKeys,
    /// "Zoom in".
    ZoomIn,
    /// "Zoom out".
    ZoomOut,
    /// The legend and filters panel, and the button that unfolds it.
    LegendAndFilters,
    /// The notice shown while nearby incidents are merged into discs.
    DenseView,
    /// The Cancel button's text.
    Cancel,
    /// Its accessible name.
    CancelLoading,
    /// "Play".
    Play,
    /// "Pause".
    Pause,
    /// The date slider's name.
    Date,
    /// The window width selector's name.
    TimeWindow,
    /// The playback speed selector's name.
    PlaybackSpeed,
    /// The loop switch's name.
    LoopPlayback,
    /// The deaths switch's text.
    DeathsSwitch,
    /// Its accessible name.
    DeathsSwitchName,
    /// The strip's first handle.
    WindowStart,
    /// The strip's last handle.
    WindowEnd,
    /// The list toggle's text.
    List,
    /// Its accessible name.
    ListName,
    /// The list's caption: `{0}` the window, `{1}` the count.
    ListCaption,
    /// Under a list cut short: `{0}` rows shown of `{1}`.
    ListCut,
    /// Column: the incident's title.
    ColumnTitle,
    /// Column: its date.
    ColumnDate,
    /// Legend: an exact place.
    ExactPlace,
    /// Legend: an approximate place.
    ApproximatePlace,
    /// Legend: what a symbol's size says.
    SizeNote,
    /// A legend entry's hint.
    ShowOrHideType,
    /// The actor field.
    Actor,
    /// The least deaths field.
    AtLeast,
    /// Its accessible name.
    AtLeastName,
    /// The exact places switch.
    ExactOnly,
    /// The popup's close button.
    Close,
    /// Popup heading: place.
    Place,
    /// Popup heading: type.
    Type,
    /// Popup heading: actors.
    Actors,
    /// Popup heading: deaths.
    Deaths,
    /// Popup heading: the claims.
    WhoClaimedWhat,
    /// Popup heading: the sources.
    Sources,
    /// A low figure: `{0}`.
    Low,
    /// The best figure.
    Best,
    /// A high figure.
    High,
    /// A figure and who gave it: `{0}` the line, `{1}` who.
    FigureBy,
    /// No figure and no claim.
    NoDeathToll,
    /// Claims but no figure.
    NoAgreedFigure,
    /// Low and high but no best.
    NoBestEstimate,
    /// The figures were read from the claims.
    EstimatesNote,
    /// The title of an incident whose data has none (an ACLED row): `{0}` its type, `{1}`
    /// its place.
    TitleIn,
    /// The chooser's title: `{0}` a count of incidents.
    ChoicesTitle,
    /// Under a chooser cut short: `{0}` more.
    ChoicesMore,
    /// A span still going on: `{0}` its start, `{1}` the last day known.
    SinceOngoing,
    /// After a span known to the week: `{0}` the span.
    WithinAWeek,
    /// After a span known to the month.
    MonthOnly,
    /// Place: the site itself.
    PlaceExact,
    /// Place: near the point.
    PlaceNear,
    /// Place: the region only.
    PlaceRegion,
    /// Window preset.
    OneWeek,
    /// Window preset.
    OneMonth,
    /// Window preset.
    OneYear,
    /// Window preset.
    AllUpToDate,
    /// A window set through the API.
    CustomWindow,
    /// Plural form: no incidents (`{0}` the number where the language writes it).
    IncidentsZero,
    /// Plural form: one incident.
    IncidentsOne,
    /// Plural form: two incidents (Arabic's dual).
    IncidentsTwo,
    /// Plural form: a few (Arabic: 3–10).
    IncidentsFew,
    /// Plural form: many (Arabic: 11–99).
    IncidentsMany,
    /// Plural form: other numbers.
    IncidentsOther,
    /// The progress bar: `{0}` how far.
    Loading,
    /// The progress bar, with incidents read: `{0}` how far, `{1}` how many.
    LoadingRead,
    /// `{0}` per cent of `{1}` bytes.
    PercentOf,
    /// A size in bytes.
    Bytes,
    /// A size in kB.
    Kilobytes,
    /// A size in MB.
    Megabytes,
    /// A size in GB.
    Gigabytes,
    /// What the live region says once the window settles: `{0}` the window, `{1}` the count.
    Showing,
    /// What the canvas shows, in a sentence: `{0}` count, `{1}` window, `{2}` types.
    MapSummary,
    /// Announced for the focused incident: `{0}` title, `{1}` date, `{2}` place.
    Focused,
    /// A load failed: `{0}` why.
    LoadFailed,
    /// The load was cancelled.
    LoadCancelled,
    /// Why a load failed: nothing came for `{0}` ms (the `timeoutMs` option).
    Stalled,
    /// Why a load failed: the stream broke, or gave something other than bytes.
    StreamFailed,
    /// Why a load failed: `{0}` (a URL) answered without a body.
    EmptyResponse,
    /// Why a load failed: the importer's worker did not start, `{0}` the browser's reason.
    ImporterMissing,
    /// Loaded: `{0}` incidents, `{1}` skipped.
    Loaded,
    /// Event type.
    Battles,
    /// Event type.
    ExplosionsRemoteViolence,
    /// Event type.
    ViolenceAgainstCivilians,
    /// Event type.
    Protests,
    /// Event type.
    Riots,
    /// Event type.
    StrategicDevelopments,
    /// Event type, and the sub-event type "Other".
    Other,
    /// Month.
    Jan,
    /// Month.
    Feb,
    /// Month.
    Mar,
    /// Month.
    Apr,
    /// Month.
    May,
    /// Month.
    Jun,
    /// Month.
    Jul,
    /// Month.
    Aug,
    /// Month.
    Sep,
    /// Month.
    Oct,
    /// Month.
    Nov,
    /// Month.
    Dec,
    /// Sub-event type.
    ArmedClash,
    /// Sub-event type.
    GovernmentRegainsTerritory,
    /// Sub-event type.
    NonStateActorOvertakesTerritory,
    /// Sub-event type.
    ChemicalWeapon,
    /// Sub-event type.
    AirDroneStrike,
    /// Sub-event type.
    SuicideBomb,
    /// Sub-event type.
    ShellingArtilleryMissileAttack,
    /// Sub-event type.
    RemoteExplosiveLandmineIed,
    /// Sub-event type.
    Grenade,
    /// Sub-event type.
    SexualViolence,
    /// Sub-event type.
    Attack,
    /// Sub-event type.
    AbductionForcedDisappearance,
    /// Sub-event type.
    PeacefulProtest,
    /// Sub-event type.
    ProtestWithIntervention,
    /// Sub-event type.
    ExcessiveForceAgainstProtesters,
    /// Sub-event type.
    ViolentDemonstration,
    /// Sub-event type.
    MobViolence,
    /// Sub-event type.
    Agreement,
    /// Sub-event type.
    Arrests,
    /// Sub-event type.
    ChangeToGroupActivity,
    /// Sub-event type.
    DisruptedWeaponsUse,
    /// Sub-event type.
    HeadquartersOrBaseEstablished,
    /// Sub-event type.
    LootingPropertyDestruction,
    /// Sub-event type.
    NonViolentTransferOfTerritory,
    /// The exported image's credits: `{0}` the basemap's source, `{1}` the towns'.
    CreditBasemap,
    /// The exported image's data credit for the embedded record: `{0}` the project's name.
    CreditRecord,
    /// The data credit for a known dataset: `{0}` its name.
    CreditData,
    /// The data credit for a file of another format: `{0}` the format.
    CreditFile,
}

/// ACLED's sub-event types: the English table writes each as ACLED's files do.
const SUB_EVENT_TYPES: [Text; 25] = [
    Text::ArmedClash,
    Text::GovernmentRegainsTerritory,
    Text::NonStateActorOvertakesTerritory,
    Text::ChemicalWeapon,
    Text::AirDroneStrike,
    Text::SuicideBomb,
    Text::ShellingArtilleryMissileAttack,
    Text::RemoteExplosiveLandmineIed,
    Text::Grenade,
    Text::SexualViolence,
    Text::Attack,
    Text::AbductionForcedDisappearance,
    Text::PeacefulProtest,
    Text::ProtestWithIntervention,
    Text::ExcessiveForceAgainstProtesters,
    Text::ViolentDemonstration,
    Text::MobViolence,
    Text::Agreement,
    Text::Arrests,
    Text::ChangeToGroupActivity,
    Text::DisruptedWeaponsUse,
    Text::HeadquartersOrBaseEstablished,
    Text::LootingPropertyDestruction,
    Text::NonViolentTransferOfTerritory,
    Text::Other,
];

const MONTHS: [Text; 12] = [
    Text::Jan,
    Text::Feb,
    Text::Mar,
    Text::Apr,
    Text::May,
    Text::Jun,
    Text::Jul,
    Text::Aug,
    Text::Sep,
    Text::Oct,
    Text::Nov,
    Text::Dec,
];

/// The phrase `key` in `lang`.
pub fn text(lang: Lang, key: Text) -> &'static str {
    match lang {
        Lang::En => en::text(key),
        Lang::Fr => fr::text(key),
        Lang::Ar => ar::text(key),
    }
}

/// `template` with `{0}`, `{1}`, … replaced by `args` (a placeholder with no argument stays).
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out =
        String::with_capacity(template.len() + args.iter().map(|a| a.len()).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after
            .find('}')
            .and_then(|close| Some((after[..close].parse::<usize>().ok()?, close)))
            .and_then(|(n, close)| Some((*args.get(n)?, close)));
        match arg {
            Some((arg, close)) => {
                out.push_str(arg);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `key`'s template in `lang`, filled with `args`.
pub fn say(lang: Lang, key: Text, args: &[&str]) -> String {
    fill(text(lang, key), args)
}

/// A count of incidents with the plural form `lang` asks for: "1 incident", "2 incidents";
/// "1 incident", "2 incidents" in French (0 and 1 are singular there); Arabic's six forms
/// (CLDR): "لا حوادث", "حادثة واحدة", "حادثتان", "3 حوادث", "11 حادثة", "100 حادثة".
pub fn incidents(lang: Lang, n: usize) -> String {
    let arabic = |n: usize| match n % 100 {
        _ if n == 0 => Text::IncidentsZero,
        _ if n == 1 => Text::IncidentsOne,
        _ if n == 2 => Text::IncidentsTwo,
        3..=10 => Text::IncidentsFew,
        11..=99 => Text::IncidentsMany,
        _ => Text::IncidentsOther,
    };
    let form = match lang {
        Lang::En if n == 1 => Text::IncidentsOne,
        Lang::Fr if n <= 1 => Text::IncidentsOne,
        Lang::En | Lang::Fr => Text::IncidentsOther,
        Lang::Ar => arabic(n),
    };
    say(lang, form, &[&n.to_string()])
}

/// The month's name (French and English abbreviated, Arabic whole: Arabic does not abbreviate
/// month names).
fn month(lang: Lang, date: Date) -> &'static str {
    text(lang, MONTHS[(date.month as usize + 11) % 12])
}

/// "17 Sep 2024", "17 sept. 2024", "17 سبتمبر 2024".
pub fn date(lang: Lang, d: Date) -> String {
    format!("{} {}", day_month(lang, d), d.year)
}

/// "17 Sep".
fn day_month(lang: Lang, d: Date) -> String {
    format!("{} {}", d.day, month(lang, d))
}

/// "Sep 2024".
fn month_year(lang: Lang, d: Date) -> String {
    format!("{} {}", month(lang, d), d.year)
}

/// A date span for people: "17 Sep 2024", "25–27 Jul 2024 (dates approximate: within a
/// week)", "Dec 2021 (month only)", "since 17 Jan 2012, ongoing (still so as of 17 Sep 2024)".
pub fn span(lang: Lang, span: &DateSpan) -> String {
    let (s, e) = (span.start.date(), span.end.date());
    let range = if span.ongoing {
        say(lang, Text::SinceOngoing, &[&date(lang, s), &date(lang, e)])
    } else if span.precision == TimePrecision::Month
        && s.day == 1
        && (s.year, s.month) == (e.year, e.month)
    {
        month_year(lang, s)
    } else if s == e {
        date(lang, s)
    } else if (s.year, s.month) == (e.year, e.month) {
        format!("{}–{}", s.day, date(lang, e))
    } else if s.year == e.year {
        format!("{} – {}", day_month(lang, s), date(lang, e))
    } else {
        format!("{} – {}", date(lang, s), date(lang, e))
    };
    match span.precision {
        TimePrecision::Day => range,
        TimePrecision::Week => say(lang, Text::WithinAWeek, &[&range]),
        TimePrecision::Month => say(lang, Text::MonthOnly, &[&range]),
    }
}

/// The window as the time bar writes it: one day, or "first – last".
pub fn window(lang: Lang, start: Date, end: Date) -> String {
    if start == end {
        date(lang, end)
    } else {
        format!("{} – {}", date(lang, start), date(lang, end))
    }
}

/// The key of an event type's name: ACLED's own in English, ACLED's French terms, and the
/// Arabic terms Arabic newsrooms use.
pub fn event_type_key(t: EventType) -> Text {
    match t {
        EventType::Battles => Text::Battles,
        EventType::ExplosionsRemoteViolence => Text::ExplosionsRemoteViolence,
        EventType::ViolenceAgainstCivilians => Text::ViolenceAgainstCivilians,
        EventType::Protests => Text::Protests,
        EventType::Riots => Text::Riots,
        EventType::StrategicDevelopments => Text::StrategicDevelopments,
        EventType::Other => Text::Other,
    }
}

/// An event type's name in `lang`.
pub fn event_type(lang: Lang, t: EventType) -> &'static str {
    text(lang, event_type_key(t))
}

/// A sub-event type from data in `lang` when it is one of ACLED's (in any case); any other
/// text is data and stays as it is.
pub fn sub_event_type(lang: Lang, sub: &str) -> String {
    SUB_EVENT_TYPES
        .into_iter()
        .find(|&key| text(Lang::En, key).eq_ignore_ascii_case(sub.trim()))
        .map_or_else(|| sub.to_string(), |key| text(lang, key).to_string())
}

/// How precisely a place is known, for people.
pub fn place_precision(lang: Lang, p: PlacePrecision) -> &'static str {
    text(
        lang,
        match p {
            PlacePrecision::Exact => Text::PlaceExact,
            PlacePrecision::Near => Text::PlaceNear,
            PlacePrecision::Region => Text::PlaceRegion,
        },
    )
}

/// The key of a window width preset's name.
pub fn window_width_key(w: WindowWidth) -> Text {
    match w {
        WindowWidth::Week => Text::OneWeek,
        WindowWidth::Month => Text::OneMonth,
        WindowWidth::Year => Text::OneYear,
        WindowWidth::Cumulative => Text::AllUpToDate,
        WindowWidth::Custom(_) => Text::CustomWindow,
    }
}

/// A size for people, with one decimal above a kilobyte: "512 bytes", "2.0 MB" ("2,0 Mo" in
/// French). Integer arithmetic only (no float formatting in the widget's module).
pub fn size(lang: Lang, bytes: u64) -> String {
    const UNITS: [(u64, Text); 3] = [
        (1_000_000_000, Text::Gigabytes),
        (1_000_000, Text::Megabytes),
        (1_000, Text::Kilobytes),
    ];
    let Some(&(unit, key)) = UNITS.iter().find(|(unit, _)| bytes >= *unit) else {
        return say(lang, Text::Bytes, &[&bytes.to_string()]);
    };
    // In u64 (u128 arithmetic would bring its own formatting and division into the module);
    // every unit is a multiple of ten.
    let tenths = bytes.saturating_add(unit / 20) / (unit / 10);
    let point = if lang == Lang::Fr { "," } else { "." };
    let number = format!("{}{point}{}", tenths / 10, tenths % 10);
    say(lang, key, &[&number])
}

/// What the progress bar says: how much is read (of how much), and how many incidents.
pub fn progress(lang: Lang, read: u64, total: Option<u64>, incidents_read: usize) -> String {
    let far = match total.filter(|t| *t > 0) {
        Some(total) => {
            let read = read.min(total);
            let percent = match read.checked_mul(100) {
                Some(hundreds) => hundreds / total,
                None => read / (total / 100),
            }
            .to_string();
            say(lang, Text::PercentOf, &[&percent, &size(lang, total)])
        }
        None => size(lang, read),
    };
    match incidents_read {
        0 => say(lang, Text::Loading, &[&far]),
        n => say(lang, Text::LoadingRead, &[&far, &incidents(lang, n)]),
    }
}

#[cfg(test)]
mod tests;
