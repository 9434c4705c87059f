//! Passes over the whole dataset that work once per distinct value: a filter's mask and the
//! histogram's weights are worked out per actor list and per set of figures (a few thousand at
//! a million incidents), then looked up per incident; actor suggestions count incidents per
//! actor list first. Also the subset of some incidents, for exporting what is shown.

use super::Dataset;
use crate::filter::fold;
use crate::incident::{EventType, Fatalities, PlacePrecision};
use crate::timeline::Day;
use hashbrown::HashMap;

/// What a whole-dataset pass reads of one incident.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Row {
    /// Its event type.
    pub event_type: EventType,
    /// How precisely its place is known.
    pub place_precision: PlacePrecision,
    /// The number of its record, an index into [`Dataset::record_values`]'s answer.
    pub record: u32,
    /// Its first day.
    pub start: Day,
}

impl Dataset {
    /// One value per distinct record, from the record's actor list and figures, each of which
    /// is passed to `list` or `figures` once however many records share it.
    pub(crate) fn record_values<L, F, T: Default>(
        &self,
        list: impl FnMut(&[String]) -> L,
        figures: impl FnMut(&Fatalities) -> F,
        combine: impl Fn(&L, &F) -> T,
    ) -> Vec<T> {
        let lists: Vec<L> = self
            .lists
            .values()
            .iter()
            .map(|l| l.as_slice())
            .map(list)
            .collect();
        let figures: Vec<F> = self.figures.values().iter().map(figures).collect();
        self.records
            .values()
            .iter()
            .map(|s| {
                match (
                    lists.get(s.actors as usize),
                    figures.get(s.fatalities as usize),
                ) {
                    (Some(l), Some(f)) => combine(l, f),
                    _ => T::default(),
                }
            })
            .collect()
    }

    /// Every incident's [`Row`], by position.
    pub(crate) fn rows(&self) -> impl Iterator<Item = Row> + '_ {
        self.event_types
            .iter()
            .zip(&self.place_precisions)
            .zip(&self.record)
            .zip(self.time_index.spans())
            .map(|(((&event_type, &place_precision), &record), span)| Row {
                event_type,
                place_precision,
                record,
                start: span.start,
            })
    }

    /// Up to `max` distinct actors whose name contains `typed`, compared through [`fold`] (case,
    /// accents and Arabic vowel marks ignored): those in most incidents first, then
    /// in the order they first appear in the data. A blank `typed` matches every actor.
    pub fn actor_suggestions(&self, typed: &str, max: usize) -> Vec<String> {
        let mut per_record = vec![0u64; self.records.len()];
        for &record in &self.record {
            if let Some(count) = per_record.get_mut(record as usize) {
                *count += 1;
            }
        }
        let mut per_list = vec![0u64; self.lists.len()];
        for (shared, count) in self.records.values().iter().zip(per_record) {
            if let Some(total) = per_list.get_mut(shared.actors as usize) {
                *total += count;
            }
        }
        // Each actor once, in the order it first appears, with its count.
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut actors: Vec<(&str, u64)> = Vec::new();
        for (list, count) in self.lists.values().iter().zip(per_list) {
            for (k, actor) in list.iter().enumerate() {
                if actor.trim().is_empty() || list[..k].contains(actor) {
                    continue;
                }
                let slot = *index.entry(actor.as_str()).or_insert_with(|| {
                    actors.push((actor.as_str(), 0));
                    actors.len() - 1
                });
                actors[slot].1 += count;
            }
        }
        let typed = fold(typed.trim());
        let mut found: Vec<(&str, u64)> = actors
            .into_iter()
            .filter(|(actor, _)| fold(actor).contains(&typed))
            .collect();
        // The crate's one sort: most frequent first, ties in order of first appearance.
        crate::sort::sort_by_key(&mut found, |&(_, count)| u64::MAX - count);
        found
            .into_iter()
            .take(max)
            .map(|(actor, _)| actor.to_string())
            .collect()
    }

    /// A dataset of the incidents at `positions` (for exporting only those shown); positions
    /// past the end and repeated ones are left out.
    pub fn subset(&self, positions: &[u32]) -> Dataset {
        let incidents = positions
            .iter()
            .filter_map(|&k| self.incident(k as usize))
            .collect();
        Dataset::new(incidents)
    }
}

#[cfg(test)]
mod tests {
    use crate::dataset::Dataset;

    #[test]
    fn suggestions_put_the_most_frequent_first_and_fold_what_is_typed() {
        let data = Dataset::mali();
        let all = data.actor_suggestions("", 1000);
        assert!(all.len() > 5, "{all:?}");
        let count = |actor: &str| {
            data.incidents()
                .filter(|i| i.actors.iter().any(|a| a == actor))
                .count()
        };
        for pair in all.windows(2) {
            let (a, b) = (count(&pair[0]), count(&pair[1]));
            assert!(a >= b, "{pair:?}: {a}, {b}");
        }
        assert_eq!(data.actor_suggestions("", 3), all[..3]);
        let wagner = data.actor_suggestions("WAGNER", 10);
        assert!(!wagner.is_empty());
        assert!(
            wagner.iter().all(|a| a.to_lowercase().contains("wagner")),
            "{wagner:?}"
        );
        assert!(data.actor_suggestions("no such actor", 10).is_empty());
        assert!(data.actor_suggestions("", 0).is_empty());
    }

    #[test]
    fn a_subset_holds_exactly_the_incidents_asked_for() {
        let data = Dataset::mali();
        let positions = [3u32, 1, 3, 9999];
        let subset = data.subset(&positions);
        let mut ids: Vec<&str> = (0..subset.len()).filter_map(|k| subset.id(k)).collect();
        let mut expected: Vec<&str> = [1usize, 3].iter().filter_map(|&k| data.id(k)).collect();
        ids.sort_unstable();
        expected.sort_unstable();
        assert_eq!(ids, expected);
        for k in [1usize, 3] {
            let id = data.id(k).expect("id");
            let at = subset.index_of(id).expect("in the subset");
            assert_eq!(subset.incident(at), data.incident(k), "{id}");
        }
        assert!(data.subset(&[]).is_empty());
    }
}
