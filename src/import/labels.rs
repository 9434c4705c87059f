//! The words the importers write into the data themselves, where a file has none: who gave an
//! ACLED figure and ACLED's claim, UCDP's figures by party, the author of a claim that names
//! no one. They come from the importer's table ([`ImportText`]): in English as the importers
//! write them, and reworded into the language of a load ([`Worded`]), so that a page in French
//! or Arabic shows them in its language. They are data from then on: they stay in the
//! language of the load (a page that changes language later shows them as they were loaded),
//! and the GeoJSON export writes them as they are.

use super::{Refused, Sink};
use crate::i18n::{fill, import_text, ImportText as T};
use crate::incident::{Fatalities, Incident};
use crate::lang::Lang;

/// The label `key` in English, filled with `args` (as the importers write it).
pub(crate) fn english(key: T, args: &[&str]) -> String {
    fill(import_text(Lang::En, key), args)
}

/// `text` in `lang` when it is the English of `key` (with its one blank, if it has one, filled
/// by anything): the filling is kept as it is.
fn reword(text: &str, key: T, lang: Lang) -> Option<String> {
    let template = import_text(Lang::En, key);
    let (before, after) = template.split_once("{0}").unwrap_or((template, ""));
    let filling = text.strip_prefix(before)?.strip_suffix(after)?;
    let exact = template.contains("{0}") || filling.is_empty();
    exact.then(|| fill(import_text(lang, key), &[filling]))
}

/// The first of `keys` whose English `text` is, in `lang`; `text` as it is when none is.
fn reword_any(text: &mut String, keys: &[T], lang: Lang) {
    if let Some(worded) = keys.iter().find_map(|&key| reword(text, key, lang)) {
        *text = worded;
    }
}

/// A UCDP note in `lang`: the frame and each unnamed party.
fn reword_note(note: &mut String, lang: Lang) {
    let Some(parts) =
        note.strip_prefix(import_text(Lang::En, T::UcdpByParty).trim_end_matches("{0}"))
    else {
        return;
    };
    let comma = if lang == Lang::Ar { "، " } else { ", " };
    let parts: Vec<String> = parts
        .split(", ")
        .map(|part| {
            let mut part = part.to_string();
            reword_any(
                &mut part,
                &[T::SideA, T::SideB, T::Civilians, T::UnknownParty],
                lang,
            );
            part
        })
        .collect();
    *note = fill(import_text(lang, T::UcdpByParty), &[&parts.join(comma)]);
}

/// The importers' own words in `fatalities`, in `lang`.
pub(crate) fn reword_fatalities(f: &mut Fatalities, lang: Lang) {
    if lang == Lang::En {
        return;
    }
    for figure in [&mut f.low, &mut f.best, &mut f.high].into_iter().flatten() {
        reword_any(&mut figure.by, &[T::AcledLowest], lang);
    }
    for claim in &mut f.claims {
        reword_any(&mut claim.by, &[T::Unattributed], lang);
        reword_any(&mut claim.claim, &[T::AcledClaim], lang);
    }
    if let Some(note) = &mut f.note {
        reword_note(note, lang);
    }
}

/// A sink that rewords the importers' own words in each incident into `lang` before handing it
/// on.
pub struct Worded<S> {
    /// Where the incidents go.
    pub sink: S,
    /// The language of the load.
    pub lang: Lang,
}

impl<S: Sink> Sink for Worded<S> {
    fn accept(&mut self, mut incident: Incident) -> Result<(), Refused> {
        reword_fatalities(&mut incident.fatalities, self.lang);
        self.sink.accept(incident)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::{Claim, Figure};

    fn acled(n: u32) -> Fatalities {
        let figure = Some(Figure {
            value: n,
            by: english(T::AcledLowest, &[]),
        });
        Fatalities {
            low: figure.clone(),
            best: figure,
            claims: vec![
                Claim {
                    by: "ACLED".into(),
                    claim: english(T::AcledClaim, &[&n.to_string()]),
                    date: None,
                },
                Claim {
                    by: english(T::Unattributed, &[]),
                    claim: "ACLED (lowest reported) says 3".into(),
                    date: None,
                },
            ],
            note: Some(english(
                T::UcdpByParty,
                &["Wagner, Inc. 3, side B 2, civilians 1, unknown 0"],
            )),
            ..Fatalities::default()
        }
    }

    #[test]
    fn the_importers_words_are_reworded_and_the_data_kept() {
        let mut f = acled(7);
        reword_fatalities(&mut f, Lang::Fr);
        let best = f.best.as_ref().map(|b| b.by.as_str());
        assert_eq!(best, Some("ACLED (plus bas chiffre rapporté)"));
        assert_eq!(
            f.claims[0].claim,
            "7 tués rapportés (ACLED retient le plus bas chiffre crédible)"
        );
        assert_eq!(f.claims[0].by, "ACLED", "a name stays");
        assert_eq!(f.claims[1].by, "non attribué");
        assert_eq!(
            f.claims[1].claim, "ACLED (lowest reported) says 3",
            "data that only holds a label is kept"
        );
        assert_eq!(
            f.note.as_deref(),
            Some("Meilleure estimation de l’UCDP par partie\u{202f}: Wagner, Inc. 3, partie B 2, civils 1, inconnus 0")
        );
        let mut ar = acled(7);
        reword_fatalities(&mut ar, Lang::Ar);
        assert_eq!(
            ar.claims[0].claim,
            "أُبلغ عن مقتل 7 (يعتمد ACLED أدنى رقم موثوق)"
        );
        let mut en = acled(7);
        reword_fatalities(&mut en, Lang::En);
        assert_eq!(en, acled(7));
    }
}
