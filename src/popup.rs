//! What an incident's popup says, as plain text fields. The glue puts each field into the DOM
//! with `textContent`, so nothing from data is ever parsed as HTML.

use crate::i18n::{self, say, Text};
use crate::incident::{Figure, Incident};
use crate::lang::Lang;

/// A source line: its label and, for http(s) sources only, the link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLine {
    /// "Publisher — Title (date)".
    pub label: String,
    /// The address, present only when it is http or https.
    pub url: Option<String>,
}

/// The text of one incident's popup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PopupContent {
    /// The incident's id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Date span with its precision.
    pub date: String,
    /// Place name with its precision.
    pub place: String,
    /// "Battles — Armed clash".
    pub event_type: String,
    /// Actors, one per entry.
    pub actors: Vec<String>,
    /// The low/best/high line(s), each saying who gave the figure.
    pub fatalities: Vec<String>,
    /// What the figures cover and how they were reached.
    pub fatalities_note: Option<String>,
    /// Every claim as made: "who: what (date)".
    pub claims: Vec<String>,
    /// What happened.
    pub summary: String,
    /// Where it comes from.
    pub sources: Vec<SourceLine>,
    /// The language it is written in (its headings too).
    pub lang: Lang,
}

fn figure_line(lang: Lang, label: Text, figure: &Option<Figure>) -> Option<String> {
    let f = figure.as_ref()?;
    let line = say(lang, label, &[&f.value.to_string()]);
    Some(if f.by.is_empty() {
        line
    } else {
        say(lang, Text::FigureBy, &[&line, &f.by])
    })
}

fn join_nonempty(parts: &[&str], sep: &str) -> String {
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(sep)
}

/// An incident's title in `lang`: the data's own, else (an ACLED row has none) its type and
/// the first part of its place in the reader's language, "Armed clash in Tinzaouaten",
/// "اشتباك مسلح في Tinzaouaten", else its type alone.
pub fn title(incident: &Incident, lang: Lang) -> String {
    let code = lang.code();
    let own = incident.title.get(code);
    if !own.is_empty() {
        return own.to_string();
    }
    let sub = incident.sub_event_type.trim();
    let kind = if sub.is_empty() || sub.eq_ignore_ascii_case("other") {
        i18n::event_type(lang, incident.event_type).to_string()
    } else {
        i18n::sub_event_type(lang, sub)
    };
    // The place's first part: "Tessit" of "Tessit, Gao, Mali".
    match incident
        .place
        .get(code)
        .split(", ")
        .next()
        .unwrap_or_default()
    {
        "" => kind,
        place => say(lang, Text::TitleIn, &[&kind, place]),
    }
}

impl PopupContent {
    /// The popup text of `incident` in `lang`: the data's own text in that language where it
    /// has it, and the widget's words (headings, figures, dates, types) from its tables.
    pub fn of(incident: &Incident, lang: Lang) -> PopupContent {
        let f = &incident.fatalities;
        let mut fatalities: Vec<String> = [
            (Text::Low, &f.low),
            (Text::Best, &f.best),
            (Text::High, &f.high),
        ]
        .into_iter()
        .filter_map(|(label, fig)| figure_line(lang, label, fig))
        .collect();
        if fatalities.is_empty() {
            fatalities.push(
                i18n::text(
                    lang,
                    if f.claims.is_empty() {
                        Text::NoDeathToll
                    } else {
                        Text::NoAgreedFigure
                    },
                )
                .to_string(),
            );
        } else if f.best.is_none() {
            fatalities.push(i18n::text(lang, Text::NoBestEstimate).to_string());
        }
        let mut note = f.note.clone();
        if f.estimate {
            let estimate = i18n::text(lang, Text::EstimatesNote);
            note = Some(match note {
                Some(n) => format!("{n} {estimate}"),
                None => estimate.to_string(),
            });
        }
        let code = lang.code();
        PopupContent {
            id: incident.id.clone(),
            title: title(incident, lang),
            date: i18n::span(lang, &incident.span),
            place: join_nonempty(
                &[
                    incident.place.get(code),
                    &format!(
                        "({})",
                        i18n::place_precision(lang, incident.place_precision)
                    ),
                ],
                " ",
            ),
            event_type: join_nonempty(
                &[
                    i18n::event_type(lang, incident.event_type),
                    &i18n::sub_event_type(lang, &incident.sub_event_type),
                ],
                " — ",
            ),
            actors: incident.actors.clone(),
            fatalities,
            fatalities_note: note,
            claims: f
                .claims
                .iter()
                .map(|c| match &c.date {
                    Some(d) => format!("{}: {} ({d})", c.by, c.claim),
                    None => format!("{}: {}", c.by, c.claim),
                })
                .collect(),
            summary: incident.summary.get(code).to_string(),
            sources: incident
                .sources
                .iter()
                .map(|s| SourceLine {
                    label: join_nonempty(
                        &[
                            &s.publisher,
                            &s.title,
                            s.date.as_deref().unwrap_or_default(),
                        ],
                        " — ",
                    ),
                    url: s.url.clone().filter(|u| crate::import::is_web_link(u)),
                })
                .collect(),
            lang,
        }
    }
}

/// One entry of the chooser shown when several incidents are under the pointer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceLine {
    /// The incident's id.
    pub id: String,
    /// "Title — date".
    pub label: String,
}

impl ChoiceLine {
    /// The chooser entry for `incident`.
    pub fn of(incident: &Incident, lang: Lang) -> ChoiceLine {
        ChoiceLine {
            id: incident.id.clone(),
            label: format!(
                "{} — {}",
                title(incident, lang),
                i18n::span(lang, &incident.span)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;

    fn popup_in(id: &str, lang: Lang) -> PopupContent {
        let data = Dataset::mali();
        let i = data.index_of(id).expect("incident");
        PopupContent::of(&data.incident(i).expect("incident"), lang)
    }

    fn popup(id: &str) -> PopupContent {
        popup_in(id, Lang::En)
    }

    #[test]
    fn bamako_school_popup_keeps_every_claim_and_attribution() {
        let p = popup("bamako-2024-09-17-gendarmerie-school");
        assert_eq!(p.date, "17 Sep 2024");
        assert!(p.place.contains("approximate"), "{}", p.place);
        assert!(
            p.fatalities.iter().any(|l| l.starts_with("Low: 70 — ")),
            "{:?}",
            p.fatalities
        );
        assert!(
            p.fatalities.iter().any(|l| l.starts_with("Best: 77 — ")),
            "{:?}",
            p.fatalities
        );
        assert!(p.claims.len() >= 5, "{:?}", p.claims);
        assert!(p
            .fatalities_note
            .as_deref()
            .unwrap_or("")
            .contains("estimates"));
        assert!(p
            .sources
            .iter()
            .all(|s| s.url.as_deref().is_some_and(|u| u.starts_with("http"))));
    }

    #[test]
    fn azawad_shows_its_open_end() {
        let p = popup("azawad-region");
        assert_eq!(
            p.date,
            "since 17 Jan 2012, ongoing (still so as of 17 Sep 2024)"
        );
    }

    #[test]
    fn tinzaouaten_shows_its_span_and_precision() {
        let p = popup("tinzaouaten-2024-07-25");
        assert_eq!(p.date, "25–27 Jul 2024 (dates approximate: within a week)");
        assert!(
            p.actors.iter().any(|a| a.contains("CSP-DPA")),
            "{:?}",
            p.actors
        );
    }

    #[test]
    fn an_arabic_popup_has_arabic_words_around_the_data() {
        let p = popup_in("bamako-2024-09-17-airport", Lang::Ar);
        assert_eq!(p.lang.dir(), "rtl");
        assert_eq!(p.date, "17 سبتمبر 2024");
        assert!(
            p.event_type.starts_with("معارك")
                || p.event_type.starts_with("عنف")
                || p.event_type.starts_with("انفجارات"),
            "{}",
            p.event_type
        );
        assert!(
            p.fatalities
                .iter()
                .all(|l| !l.contains("Low") && !l.contains("Best")),
            "{:?}",
            p.fatalities
        );
        let fr = popup_in("tinzaouaten-2024-07-25", Lang::Fr);
        assert_eq!(
            fr.date,
            "25–27 juil. 2024 (dates approximatives\u{202f}: à la semaine près)"
        );
        assert!(fr.event_type.starts_with("Batailles"), "{}", fr.event_type);
    }

    #[test]
    fn an_incident_without_a_title_is_named_by_its_type_and_place_in_the_language() {
        let mut incident = Dataset::mali()
            .incidents()
            .find(|i| i.id == "tinzaouaten-2024-07-25")
            .expect("incident");
        incident.title = crate::incident::Text::default();
        incident.sub_event_type = "Armed clash".into();
        incident.place = crate::incident::Text::plain("Tinzaouaten, Kidal, Mali");
        assert_eq!(title(&incident, Lang::En), "Armed clash in Tinzaouaten");
        assert_eq!(
            title(&incident, Lang::Fr),
            "Affrontement armé à Tinzaouaten"
        );
        assert_eq!(title(&incident, Lang::Ar), "اشتباك مسلح في Tinzaouaten");
        incident.sub_event_type = "Other".into();
        assert_eq!(title(&incident, Lang::En), "Battles in Tinzaouaten");
        incident.place = crate::incident::Text::default();
        assert_eq!(title(&incident, Lang::Ar), "معارك");
    }
}
