//! The incident model: what happened, where, when, who was involved, how many died according to
//! whom, and which sources say so. Plain data, no I/O.

use crate::projection::LonLat;
use crate::timeline::DateSpan;

/// A text in several languages. Any of them may be missing; [`Text::get`] falls back to English,
/// then to whatever language is present.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Text {
    /// English.
    pub en: Option<String>,
    /// French.
    pub fr: Option<String>,
    /// Arabic.
    pub ar: Option<String>,
}

impl Text {
    /// A text known in one unspecified language (stored as English, the fallback).
    pub fn plain(text: impl Into<String>) -> Self {
        Text {
            en: Some(text.into()),
            ..Text::default()
        }
    }

    /// The text in `lang` ("en", "fr" or "ar"), else English, else any language, else "".
    pub fn get(&self, lang: &str) -> &str {
        let preferred = match lang {
            "fr" => &self.fr,
            "ar" => &self.ar,
            _ => &self.en,
        };
        [preferred, &self.en, &self.fr, &self.ar]
            .into_iter()
            .flatten()
            .next()
            .map(String::as_str)
            .unwrap_or("")
    }

    /// True when no language has any text.
    pub fn is_empty(&self) -> bool {
        [&self.en, &self.fr, &self.ar]
            .into_iter()
            .all(|t| t.as_deref().is_none_or(str::is_empty))
    }
}

/// How precisely a place is known, as ACLED's `geo_precision`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlacePrecision {
    /// 1: the town or site itself.
    Exact,
    /// 2: near the named place, or a part of an area.
    Near,
    /// 3: only the region is known.
    Region,
}

impl PlacePrecision {
    /// From ACLED's code 1–3.
    pub fn from_code(code: u8) -> Option<Self> {
        match code {
            1 => Some(Self::Exact),
            2 => Some(Self::Near),
            3 => Some(Self::Region),
            _ => None,
        }
    }

    /// ACLED's code 1–3.
    pub fn code(self) -> u8 {
        match self {
            Self::Exact => 1,
            Self::Near => 2,
            Self::Region => 3,
        }
    }
}

/// ACLED's six event types, plus `Other` for anything else a file brings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventType {
    /// Battles.
    Battles,
    /// Explosions/Remote violence.
    ExplosionsRemoteViolence,
    /// Violence against civilians.
    ViolenceAgainstCivilians,
    /// Protests.
    Protests,
    /// Riots.
    Riots,
    /// Strategic developments.
    StrategicDevelopments,
    /// Anything that is not one of ACLED's six types.
    Other,
}

impl EventType {
    /// All types, in legend order.
    pub const ALL: [EventType; 7] = [
        EventType::Battles,
        EventType::ExplosionsRemoteViolence,
        EventType::ViolenceAgainstCivilians,
        EventType::Protests,
        EventType::Riots,
        EventType::StrategicDevelopments,
        EventType::Other,
    ];

    /// ACLED's label, e.g. `"Explosions/Remote violence"`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Battles => "Battles",
            Self::ExplosionsRemoteViolence => "Explosions/Remote violence",
            Self::ViolenceAgainstCivilians => "Violence against civilians",
            Self::Protests => "Protests",
            Self::Riots => "Riots",
            Self::StrategicDevelopments => "Strategic developments",
            Self::Other => "Other",
        }
    }

    /// Parses ACLED's label, ignoring case and surrounding blanks; `None` for anything else.
    pub fn from_label(label: &str) -> Option<Self> {
        let label = label.trim();
        Self::ALL
            .into_iter()
            .find(|t| *t != Self::Other && t.label().eq_ignore_ascii_case(label))
    }
}

/// One fatality figure and who gave it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Figure {
    /// The number of people killed.
    pub value: u32,
    /// Who gave or supports this figure; empty when unknown.
    pub by: String,
}

/// A statement about deaths, attributed to whoever made it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Claim {
    /// Who said it.
    pub by: String,
    /// What they said, in plain words ("more than 70 killed").
    pub claim: String,
    /// When they said it (ISO date), if known.
    pub date: Option<String>,
}

/// Deaths as a range with attribution, never a single unattributed number.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Fatalities {
    /// The lowest credible figure.
    pub low: Option<Figure>,
    /// The best estimate; `None` where nobody gave one.
    pub best: Option<Figure>,
    /// The highest credible figure.
    pub high: Option<Figure>,
    /// True when low/best/high are an editorial reading of the claims rather than one source's.
    pub estimate: bool,
    /// What the figures cover ("whole attack, attackers excluded").
    pub note: Option<String>,
    /// Every claim, as made.
    pub claims: Vec<Claim>,
}

impl Fatalities {
    /// The best figure, else the low one, else 0: what sizes the symbol.
    pub fn size_hint(&self) -> u32 {
        self.reported().unwrap_or(0)
    }

    /// The best figure, else the low one; `None` when neither was given.
    pub fn reported(&self) -> Option<u32> {
        self.best.as_ref().or(self.low.as_ref()).map(|f| f.value)
    }
}

/// A publication that reports the incident.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Source {
    /// The outlet or organisation.
    pub publisher: String,
    /// The article or document title.
    pub title: String,
    /// Publication date (ISO), if known.
    pub date: Option<String>,
    /// The address; only `http`/`https` addresses are kept as links.
    pub url: Option<String>,
}

/// Where an incident happened: a point, or an area drawn under the points.
#[derive(Clone, Debug, PartialEq)]
pub enum Geometry {
    /// One or more points (a MultiPoint keeps its first as the anchor, all are drawn).
    Points(Vec<LonLat>),
    /// Polygons, each a list of rings (outer first) of coordinates.
    Area(Vec<Vec<Vec<LonLat>>>),
}

/// One geocoded incident.
#[derive(Clone, Debug, PartialEq)]
pub struct Incident {
    /// A stable identifier, unique within a dataset.
    pub id: String,
    /// A one-line title.
    pub title: Text,
    /// What happened, in a few sentences.
    pub summary: Text,
    /// When, with its precision.
    pub span: DateSpan,
    /// The place's name.
    pub place: Text,
    /// How precisely the place is known.
    pub place_precision: PlacePrecision,
    /// The shape on the map.
    pub geometry: Geometry,
    /// The point symbols and popups anchor to (for an area: a point inside it).
    pub anchor: LonLat,
    /// ACLED event type.
    pub event_type: EventType,
    /// ACLED sub-event type, free text.
    pub sub_event_type: String,
    /// Who was involved.
    pub actors: Vec<String>,
    /// Deaths, with who claimed what.
    pub fatalities: Fatalities,
    /// Where this comes from.
    pub sources: Vec<Source>,
}

impl Incident {
    /// True for an area (Polygon) incident.
    pub fn is_area(&self) -> bool {
        matches!(self.geometry, Geometry::Area(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_falls_back_to_english_then_any() {
        let t = Text {
            en: None,
            fr: Some("Tombouctou".into()),
            ar: Some("تمبكتو".into()),
        };
        assert_eq!(t.get("ar"), "تمبكتو");
        assert_eq!(t.get("en"), "Tombouctou");
        assert_eq!(Text::default().get("fr"), "");
        assert!(Text::default().is_empty());
        assert!(!Text::plain("x").is_empty());
    }

    #[test]
    fn event_types_parse_acled_labels_only() {
        assert_eq!(
            EventType::from_label(" explosions/remote violence "),
            Some(EventType::ExplosionsRemoteViolence)
        );
        assert_eq!(EventType::from_label("Other"), None);
        assert_eq!(EventType::from_label("Skirmish"), None);
        for t in EventType::ALL
            .into_iter()
            .filter(|t| *t != EventType::Other)
        {
            assert_eq!(EventType::from_label(t.label()), Some(t));
        }
    }
}
