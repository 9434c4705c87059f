//! Which incidents to show besides the time window: hidden event types, an actor typed by the
//! reader, a minimum death toll and exact places only. A [`Filter`] is turned into a mask (one
//! `bool` per incident) once per change, in one pass that works out the actor and death
//! conditions once per distinct actor list and set of figures; the slider's steps then only
//! look the mask up.
//!
//! Actor names are compared through [`fold`], a hand-written matching key (lower case, Latin
//! letters without their diacritics, Arabic without its vowel marks and with its letter
//! variants unified). It is written out rather than taken from a Unicode normalisation crate or
//! `char::to_lowercase`: their tables would cost the size-budgeted WebAssembly module several
//! kilobytes for scripts the data does not use.

use crate::dataset::Dataset;
use crate::incident::{EventType, Fatalities, Incident, PlacePrecision};

/// What the reader asked to see. The default shows everything.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// Event types not shown.
    pub hidden_types: Vec<EventType>,
    /// Shows only incidents one of whose actors contains this text, compared through [`fold`]
    /// (so case, Latin accents and Arabic vowel marks do not matter); blank: no condition.
    pub actor: String,
    /// Shows only incidents whose best death figure (else their low one) is at least this;
    /// 0: no condition. An incident with neither figure is hidden when this is above 0.
    pub min_deaths: u32,
    /// Shows only incidents whose place is exact (ACLED geo precision 1).
    pub exact_only: bool,
}

impl Filter {
    /// True when the filter shows every incident (every condition is off).
    pub fn is_empty(&self) -> bool {
        self.hidden_types.is_empty()
            && self.actor.trim().is_empty()
            && self.min_deaths == 0
            && !self.exact_only
    }

    /// True when the filter shows `incident`.
    pub fn matches(&self, incident: &Incident) -> bool {
        let query = self.actor_query();
        self.shows(incident.event_type, incident.place_precision)
            && actors_match(query.as_deref(), &incident.actors)
            && self.deaths_match(&incident.fatalities)
    }

    /// Whether the filter shows each incident of `data`, by position: the actor and death
    /// conditions are worked out once per distinct actor list and set of figures, then each
    /// incident is one lookup and two comparisons.
    pub fn mask(&self, data: &Dataset) -> Vec<bool> {
        let query = self.actor_query();
        let by_record = data.record_values(
            |actors| actors_match(query.as_deref(), actors),
            |fatalities| self.deaths_match(fatalities),
            |actors, deaths| *actors && *deaths,
        );
        data.rows()
            .map(|row| {
                self.shows(row.event_type, row.place_precision)
                    && by_record.get(row.record as usize).copied().unwrap_or(false)
            })
            .collect()
    }

    /// The folded actor text, `None` when blank.
    fn actor_query(&self) -> Option<String> {
        let query = self.actor.trim();
        (!query.is_empty()).then(|| fold(query))
    }

    /// The conditions on the type and the place.
    fn shows(&self, event_type: EventType, precision: PlacePrecision) -> bool {
        !self.hidden_types.contains(&event_type)
            && (!self.exact_only || precision == PlacePrecision::Exact)
    }

    /// The condition on deaths.
    fn deaths_match(&self, fatalities: &Fatalities) -> bool {
        self.min_deaths == 0 || fatalities.reported().is_some_and(|d| d >= self.min_deaths)
    }
}

/// True when no query is given or one of `actors` contains the (folded) query.
fn actors_match(query: Option<&str>, actors: &[String]) -> bool {
    query.is_none_or(|q| actors.iter().any(|a| fold(a).contains(q)))
}

/// The base letters of U+00C0..=U+017F (Latin-1 Supplement letters and Latin Extended-A), in
/// lower case; `*` marks a character kept as it is (×, ÷) or spelt out by [`fold_char`].
const LATIN_BASE: &[u8; 192] = b"\
aaaaaa*ceeeeiiii\
dnooooo*ouuuuy**\
aaaaaa*ceeeeiiii\
dnooooo*ouuuuy*y\
aaaaaaccccccccdd\
ddeeeeeeeeeegggg\
gggghhhhiiiiiiii\
ii**jjkkklllllll\
lllnnnnnnnnnoooo\
oo**rrrrrrssssss\
ssttttttuuuuuuuu\
uuuuwwyyyzzzzzzs";

/// The matching key of a text: lower case (ASCII, Latin-1, Latin Extended-A and Cyrillic);
/// Latin letters without diacritics (é→e, ç→c, ñ→n, ø→o, ł→l) and ligatures spelt out (ß→ss,
/// œ→oe, æ→ae, þ→th); combining accents (U+0300–U+036F) dropped; Arabic without harakat
/// (U+064B–U+065F, U+0670) and tatweel (U+0640), with alef forms (أ إ آ ٱ) as ا, ى and ئ as ي,
/// ة as ه, ؤ as و (and the Persian ی, ک as ي, ك). Everything else is kept as it is.
///
/// ```
/// use incident_map::filter::fold;
/// assert_eq!(fold("Gendarmérie"), fold("gendarmerie"));
/// assert_eq!(fold("فَاغْنَر"), fold("فاغنر"));
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// Appends the folded form of `c` to `out`.
fn fold_char(c: char, out: &mut String) {
    let folded = match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'Æ' | 'æ' => return out.push_str("ae"),
        'Œ' | 'œ' => return out.push_str("oe"),
        'ß' | 'ẞ' => return out.push_str("ss"),
        'Þ' | 'þ' => return out.push_str("th"),
        'Ĳ' | 'ĳ' => return out.push_str("ij"),
        '\u{c0}'..='\u{17f}' => match LATIN_BASE[c as usize - 0xc0] {
            b'*' => c,
            base => char::from(base),
        },
        '\u{300}'..='\u{36f}' | '\u{640}' | '\u{64b}'..='\u{65f}' | '\u{670}' => return,
        'А'..='Я' => shift(c, 0x20),
        'Ѐ'..='Џ' => shift(c, 0x50),
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ئ' | 'ی' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        'ک' => 'ك',
        _ => c,
    };
    out.push(folded);
}

/// The character `by` code points after `c` (within a script block, so always a character).
fn shift(c: char, by: u32) -> char {
    char::from_u32(c as u32 + by).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::Figure;

    fn mali() -> (Dataset, Vec<Incident>) {
        let data = Dataset::mali();
        let incidents = data.incidents().collect();
        (data, incidents)
    }

    /// The ids `filter` shows, from its mask, after checking the mask against `matches`.
    fn shown(filter: &Filter) -> Vec<String> {
        let (data, incidents) = mali();
        let mask = filter.mask(&data);
        assert_eq!(mask.len(), incidents.len());
        for (i, shown) in incidents.iter().zip(&mask) {
            assert_eq!(filter.matches(i), *shown, "{}", i.id);
        }
        incidents
            .into_iter()
            .zip(mask)
            .filter(|(_, shown)| *shown)
            .map(|(i, _)| i.id)
            .collect()
    }

    #[test]
    fn the_default_filter_shows_everything() {
        let filter = Filter::default();
        assert!(filter.is_empty());
        assert_eq!(shown(&filter).len(), Dataset::mali().len());
        let blank = Filter {
            actor: "  ".into(),
            ..Filter::default()
        };
        assert!(blank.is_empty());
        assert!(!Filter {
            exact_only: true,
            ..Filter::default()
        }
        .is_empty());
    }

    #[test]
    fn hidden_types_and_inexact_places_are_left_out() {
        let (_, incidents) = mali();
        let filter = Filter {
            hidden_types: vec![EventType::Battles, EventType::StrategicDevelopments],
            ..Filter::default()
        };
        let ids = shown(&filter);
        let expected = incidents
            .iter()
            .filter(|i| !filter.hidden_types.contains(&i.event_type))
            .count();
        assert!(ids.len() == expected && expected > 0 && expected < incidents.len());
        assert!(ids.iter().any(|id| id.starts_with("moura")), "{ids:?}");
        let exact = shown(&Filter {
            exact_only: true,
            ..Filter::default()
        });
        assert!(exact.contains(&"bamako-2024-09-17-airport".to_string()));
        assert!(!exact.contains(&"bamako-2024-09-17-gendarmerie-school".to_string()));
        assert!(!exact.contains(&"azawad-region".to_string()));
    }

    #[test]
    fn the_actor_matches_any_actor_ignoring_case_and_accents() {
        let wagner = shown(&Filter {
            actor: " wagner ".into(),
            ..Filter::default()
        });
        assert_eq!(wagner.len(), 5, "{wagner:?}");
        assert!(wagner.contains(&"tinzaouaten-2024-07-25".to_string()));
        let school = shown(&Filter {
            actor: "GENDARMÉRIE".into(),
            ..Filter::default()
        });
        assert_eq!(
            school,
            vec!["bamako-2024-09-17-gendarmerie-school".to_string()]
        );
        let mut arabic = mali().1.remove(0);
        arabic.actors = vec!["مجموعة فَاغْنَر".into()];
        for typed in ["فاغنر", "فَاغْنَر", "مجموعه"] {
            let filter = Filter {
                actor: typed.into(),
                ..Filter::default()
            };
            assert!(filter.matches(&arabic), "{typed}");
        }
        let filter = Filter {
            actor: "Ménaka".into(),
            ..Filter::default()
        };
        arabic.actors = vec!["menaka militia".into()];
        assert!(filter.matches(&arabic));
        arabic.actors.clear();
        assert!(!filter.matches(&arabic));
    }

    #[test]
    fn the_death_minimum_reads_the_best_figure_else_the_low_one() {
        let mut incident = mali().1.remove(0);
        let figure = |value| {
            Some(Figure {
                value,
                by: String::new(),
            })
        };
        let at_least = |min_deaths| Filter {
            min_deaths,
            ..Filter::default()
        };
        incident.fatalities.low = figure(3);
        incident.fatalities.best = None;
        assert!(at_least(3).matches(&incident) && !at_least(4).matches(&incident));
        incident.fatalities.best = figure(10);
        incident.fatalities.high = figure(50);
        assert!(at_least(10).matches(&incident) && !at_least(11).matches(&incident));
        incident.fatalities = Fatalities::default();
        assert!(at_least(0).matches(&incident) && !at_least(1).matches(&incident));
        let many = shown(&at_least(50));
        assert!(many.contains(&"bamako-2024-09-17-gendarmerie-school".to_string()));
        assert!(!many.contains(&"bamako-2024-09-17-airport".to_string()));
    }

    #[test]
    fn folding_ignores_case_and_latin_accents() {
        assert_eq!(fold("Wagner"), fold("wagner"));
        assert_eq!(fold("Gendarmerie"), fold("gendarmérie"));
        assert_eq!(fold("Ménaka"), "menaka");
        assert_eq!(
            fold("ÇÀ ÑØ Œuvre Straße Æsir Þór"),
            "ca no oeuvre strasse aesir thor"
        );
        assert_eq!(fold("Łódź Ğ İ Ÿ ſ ŨŦŮ"), "lodz g i y s utu");
        assert_eq!(
            fold("e\u{301}te\u{301}"),
            "ete",
            "combining accents dropped"
        );
        assert_eq!(fold("3 × 4 ÷ 2"), "3 × 4 ÷ 2");
        assert_eq!(fold("ВАГНЕР Ёж"), "вагнер ёж");
    }

    #[test]
    fn folding_arabic_drops_vowel_marks_and_unifies_letters() {
        assert_eq!(fold("فَاغْنَر"), "فاغنر");
        assert_eq!(fold("فـاغـنـر"), "فاغنر", "tatweel");
        assert_eq!(fold("أإآٱ"), "اااا");
        assert_eq!(fold("مصطفى"), "مصطفي");
        assert_eq!(fold("جماعة"), "جماعه");
        assert_eq!(fold("مؤتمر"), "موتمر");
        assert_eq!(fold("هيئة"), "هييه");
        assert_eq!(fold("القرآنٰ"), "القران");
    }

    #[test]
    fn every_latin_letter_folds_to_ascii_or_is_kept() {
        for c in '\u{c0}'..='\u{17f}' {
            let f = fold(&c.to_string());
            assert!(
                f.bytes().all(|b| b.is_ascii_lowercase()) || c == '×' || c == '÷',
                "{c} -> {f}"
            );
        }
    }
}
