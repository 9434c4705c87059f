//! What an incident's popup says, as plain text fields. The glue puts each field into the DOM
//! with `textContent`, so nothing from data is ever parsed as HTML.

use crate::incident::{Figure, Incident};

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
    /// The text direction of the chosen language ("rtl" for Arabic).
    pub dir: &'static str,
}

fn figure_line(label: &str, figure: &Option<Figure>) -> Option<String> {
    let f = figure.as_ref()?;
    Some(if f.by.is_empty() {
        format!("{label}: {}", f.value)
    } else {
        format!("{label}: {} — {}", f.value, f.by)
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

impl PopupContent {
    /// The popup text of `incident` in `lang` ("en", "fr", "ar"; others fall back to English).
    pub fn of(incident: &Incident, lang: &str) -> PopupContent {
        let f = &incident.fatalities;
        let mut fatalities: Vec<String> = [("Low", &f.low), ("Best", &f.best), ("High", &f.high)]
            .into_iter()
            .filter_map(|(label, fig)| figure_line(label, fig))
            .collect();
        if fatalities.is_empty() {
            fatalities.push(if f.claims.is_empty() {
                "No death toll reported".to_string()
            } else {
                "No agreed figure: see the claims".to_string()
            });
        } else if f.best.is_none() {
            fatalities.push("Best: no best estimate given".to_string());
        }
        let mut note = f.note.clone();
        if f.estimate {
            let estimate = "Low/best/high are estimates read from the claims below.";
            note = Some(match note {
                Some(n) => format!("{n} {estimate}"),
                None => estimate.to_string(),
            });
        }
        let title = incident.title.get(lang);
        PopupContent {
            id: incident.id.clone(),
            title: if title.is_empty() {
                incident.id.clone()
            } else {
                title.to_string()
            },
            date: incident.span.describe(),
            place: join_nonempty(
                &[
                    incident.place.get(lang),
                    &format!("({})", incident.place_precision.describe()),
                ],
                " ",
            ),
            event_type: join_nonempty(
                &[incident.event_type.label(), &incident.sub_event_type],
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
            summary: incident.summary.get(lang).to_string(),
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
            dir: if lang == "ar" { "rtl" } else { "ltr" },
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
    pub fn of(incident: &Incident, lang: &str) -> ChoiceLine {
        ChoiceLine {
            id: incident.id.clone(),
            label: format!(
                "{} — {}",
                incident.title.get(lang),
                incident.span.describe()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;

    fn popup(id: &str) -> PopupContent {
        let data = Dataset::mali();
        let i = data.index_of(id).expect("incident");
        PopupContent::of(&data.incident(i).expect("incident"), "en")
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
}
