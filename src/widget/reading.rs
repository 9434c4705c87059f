//! The map for readers who do not see it or do not point: the order the keyboard moves
//! through the incidents shown, the list view's rows, and the sentences a screen reader hears
//! (what the map shows, the focused incident).

use crate::dataset::Dataset;
use crate::i18n::{self, say, Text};
use crate::incident::{EventType, Fatalities};
use crate::lang::Lang;

/// The most rows the list view shows; past them it says how many it left out.
pub const MAX_LIST_ROWS: usize = 200;

/// Where an incident comes in the reading order: its first day, then its place in the data.
fn order_key(data: &Dataset, index: u32) -> (i32, u32) {
    let start = data.span(index as usize).map_or(i32::MAX, |s| s.start.0);
    (start, index)
}

/// The incident after `current` in the reading order among `visible` (the earliest first,
/// ties by their place in the data), or before it when `forward` is false; from either end
/// it wraps round. Without a current one (or one no longer shown) it starts at the first or
/// the last. `None` when nothing is shown.
pub fn step_focus(
    data: &Dataset,
    visible: &[u32],
    current: Option<usize>,
    forward: bool,
) -> Option<usize> {
    let keys = visible.iter().map(|&i| (order_key(data, i), i));
    let at = current
        .and_then(|c| u32::try_from(c).ok())
        .map(|c| order_key(data, c));
    let pick = |candidates: &mut dyn Iterator<Item = ((i32, u32), u32)>| {
        if forward {
            candidates.min()
        } else {
            candidates.max()
        }
    };
    let beyond = at.and_then(|at| {
        pick(
            &mut keys
                .clone()
                .filter(|&(k, _)| if forward { k > at } else { k < at }),
        )
    });
    beyond
        .or_else(|| pick(&mut keys.clone()))
        .map(|(_, i)| i as usize)
}

/// One row of the list view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListRow {
    /// The incident's id (a row opens its popup).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its dates, with their precision.
    pub date: String,
    /// Its place.
    pub place: String,
    /// Its type.
    pub event_type: String,
    /// Its death toll as a range: "77 (70–120)", "70–120", "—".
    pub deaths: String,
}

/// The list view: its caption, rows in the reading order, and what it left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListPage {
    /// The window and the count.
    pub caption: String,
    /// The first [`MAX_LIST_ROWS`] incidents shown.
    pub rows: Vec<ListRow>,
    /// Said when rows were left out.
    pub cut: Option<String>,
}

/// A death toll as a range: the best figure with the low–high range after it when they
/// differ, the range alone without a best one, and a dash when nobody gave a figure.
pub fn deaths_range(f: &Fatalities) -> String {
    let value = |fig: &Option<crate::incident::Figure>| fig.as_ref().map(|f| f.value);
    let range = match (value(&f.low), value(&f.high)) {
        (Some(low), Some(high)) if low != high => Some(format!("{low}–{high}")),
        (Some(one), _) | (None, Some(one)) => Some(one.to_string()),
        (None, None) => None,
    };
    match (value(&f.best), range) {
        (Some(best), Some(range)) if range != best.to_string() => format!("{best} ({range})"),
        (Some(best), _) => best.to_string(),
        (None, Some(range)) => range,
        (None, None) => "—".to_string(),
    }
}

/// The list view of `visible` in `lang`; `window` is the window as the time bar writes it.
pub fn list_page(data: &Dataset, visible: &[u32], lang: Lang, window: &str) -> ListPage {
    // The first rows in the reading order, kept sorted as they come: one pass, and no sort
    // of every incident shown (a million in a wide window).
    let mut first: Vec<(i32, u32)> = Vec::with_capacity(MAX_LIST_ROWS + 1);
    for &i in visible {
        let key = order_key(data, i);
        if first.len() == MAX_LIST_ROWS && first.last().is_some_and(|last| key >= *last) {
            continue;
        }
        let at = first.partition_point(|k| *k < key);
        first.insert(at, key);
        first.truncate(MAX_LIST_ROWS);
    }
    let rows = first
        .into_iter()
        .filter_map(|(_, i)| data.incident(i as usize))
        .map(|incident| {
            let code = lang.code();
            ListRow {
                id: incident.id.clone(),
                title: crate::popup::title(&incident, lang),
                date: i18n::span(lang, &incident.span),
                place: incident.place.get(code).to_string(),
                event_type: i18n::event_type(lang, incident.event_type).to_string(),
                deaths: deaths_range(&incident.fatalities),
            }
        })
        .collect::<Vec<_>>();
    let count = i18n::incidents(lang, visible.len());
    ListPage {
        caption: say(lang, Text::ListCaption, &[&count, window]),
        cut: (visible.len() > rows.len()).then(|| {
            say(
                lang,
                Text::ListCut,
                &[&rows.len().to_string(), &visible.len().to_string()],
            )
        }),
        rows,
    }
}

/// What the map shows, in a sentence, for the canvas's description: the count, the window
/// and the count of each type shown, most frequent first.
pub fn map_summary(data: &Dataset, visible: &[u32], lang: Lang, window: &str) -> String {
    let mut per_type = [0usize; EventType::ALL.len()];
    for &i in visible {
        if let Some(t) = data.event_type(i as usize) {
            per_type[EventType::ALL.iter().position(|&x| x == t).unwrap_or(0)] += 1;
        }
    }
    let separator = if lang == Lang::Ar { "، " } else { ", " };
    let mut types = String::new();
    // Most frequent first: seven types, picked one by one (no sort brought in for them).
    while let Some((k, &n)) = per_type
        .iter()
        .enumerate()
        .max_by_key(|&(k, n)| (*n, usize::MAX - k))
    {
        if n == 0 {
            break;
        }
        per_type[k] = 0;
        if !types.is_empty() {
            types.push_str(separator);
        }
        types.push_str(&format!(
            "{}: {n}",
            i18n::event_type(lang, EventType::ALL[k])
        ));
    }
    say(
        lang,
        Text::MapSummary,
        &[&i18n::incidents(lang, visible.len()), window, &types],
    )
    .trim_end()
    .to_string()
}

/// What a screen reader hears when the keyboard focus reaches an incident: its title, date
/// and place.
pub fn focus_phrase(data: &Dataset, index: usize, lang: Lang) -> Option<String> {
    let incident = data.incident(index)?;
    let code = lang.code();
    Some(say(
        lang,
        Text::Focused,
        &[
            &crate::popup::title(&incident, lang),
            &i18n::span(lang, &incident.span),
            incident.place.get(code),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::Figure;

    fn figure(value: u32) -> Option<Figure> {
        Some(Figure {
            value,
            by: String::new(),
        })
    }

    #[test]
    fn focus_walks_the_shown_incidents_by_date_and_wraps_round() {
        let data = Dataset::mali();
        let visible: Vec<u32> = (0..data.len() as u32).collect();
        let first = step_focus(&data, &visible, None, true).expect("some");
        let mut seen = vec![first];
        let mut at = first;
        loop {
            at = step_focus(&data, &visible, Some(at), true).expect("some");
            if at == first {
                break;
            }
            seen.push(at);
        }
        assert_eq!(seen.len(), data.len(), "every incident once, then round");
        let starts: Vec<i32> = seen
            .iter()
            .map(|&i| data.span(i).expect("span").start.0)
            .collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "earliest first");
        let last = *seen.last().expect("last");
        assert_eq!(step_focus(&data, &visible, None, false), Some(last));
        assert_eq!(step_focus(&data, &visible, Some(first), false), Some(last));
        assert_eq!(
            step_focus(&data, &visible, Some(seen[2]), false),
            Some(seen[1])
        );
        assert_eq!(step_focus(&data, &[], Some(first), true), None);
        let only = [seen[3] as u32];
        assert_eq!(
            step_focus(&data, &only, Some(first), true),
            Some(seen[3]),
            "a focus no longer shown moves to what is"
        );
    }

    #[test]
    fn death_ranges_keep_low_best_and_high() {
        let f = |low, best, high| Fatalities {
            low,
            best,
            high,
            ..Fatalities::default()
        };
        assert_eq!(
            deaths_range(&f(figure(70), figure(77), figure(120))),
            "77 (70–120)"
        );
        assert_eq!(deaths_range(&f(figure(70), None, figure(120))), "70–120");
        assert_eq!(deaths_range(&f(figure(5), figure(5), figure(5))), "5");
        assert_eq!(deaths_range(&f(None, figure(3), None)), "3");
        assert_eq!(deaths_range(&f(figure(2), None, None)), "2");
        assert_eq!(deaths_range(&f(None, None, None)), "—");
    }

    #[test]
    fn the_list_is_sorted_cut_and_written_in_the_language() {
        let data = Dataset::mali();
        let visible: Vec<u32> = (0..data.len() as u32).collect();
        let page = list_page(&data, &visible, Lang::Fr, "la fenêtre");
        assert_eq!(page.rows.len(), data.len().min(MAX_LIST_ROWS));
        assert!(page.cut.is_none());
        assert!(page.caption.contains("la fenêtre"), "{}", page.caption);
        let airport = page
            .rows
            .iter()
            .find(|r| r.id == "bamako-2024-09-17-airport")
            .expect("listed");
        assert!(airport.date.contains("sept."), "{}", airport.date);
        let many: Vec<u32> =
            std::iter::repeat_n(visible.clone(), MAX_LIST_ROWS / visible.len() + 2)
                .flatten()
                .collect();
        let cut = list_page(&data, &many, Lang::En, "w");
        assert_eq!(cut.rows.len(), MAX_LIST_ROWS);
        assert!(cut.cut.expect("cut").contains(&many.len().to_string()));
    }

    #[test]
    fn the_summary_counts_each_type_most_frequent_first() {
        let data = Dataset::mali();
        let visible: Vec<u32> = (0..data.len() as u32).collect();
        let summary = map_summary(&data, &visible, Lang::En, "all of it");
        assert!(
            summary.starts_with(&format!("Map of {} incidents, all of it.", data.len())),
            "{summary}"
        );
        let battles = data
            .incidents()
            .filter(|i| i.event_type == EventType::Battles)
            .count();
        assert!(
            summary.contains(&format!("Battles: {battles}")),
            "{summary}"
        );
        let empty = map_summary(&data, &[], Lang::Ar, "النافذة");
        assert!(empty.contains("لا حوادث"), "{empty}");
        let focus = focus_phrase(&data, visible[0] as usize, Lang::En).expect("phrase");
        assert!(focus.split(", ").count() >= 3, "{focus}");
    }
}
