//! A loaded set of incidents with the indexes built over it once: by time and by place.

use crate::import::geojson::import_geojson;
use crate::import::{import_any, Format, Import, ImportError};
use crate::incident::Incident;
use crate::projection::{lon_lat_to_world, WorldPoint};
use crate::timeline::{DateSpan, Day, TimeIndex, TimeWindow};
use std::collections::HashMap;

/// The embedded default record: Mali's war, 2012–2024 (see `src/data/mali.geojson`).
pub const MALI_GEOJSON: &str = include_str!("data/mali.geojson");

/// Incidents sorted by start date, with their time and spatial indexes.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    incidents: Vec<Incident>,
    world: Vec<WorldPoint>,
    time_index: TimeIndex,
    by_id: HashMap<String, usize>,
}

impl Dataset {
    /// Builds the indexes over `incidents` (ids are assumed unique; a later duplicate is shadowed).
    pub fn new(mut incidents: Vec<Incident>) -> Dataset {
        incidents.sort_by_key(|i| (i.span.start, i.span.end));
        let spans: Vec<DateSpan> = incidents.iter().map(|i| i.span).collect();
        let world: Vec<WorldPoint> = incidents
            .iter()
            .map(|i| lon_lat_to_world(i.anchor))
            .collect();
        let by_id = incidents
            .iter()
            .enumerate()
            .rev()
            .map(|(k, i)| (i.id.clone(), k))
            .collect();
        Dataset {
            time_index: TimeIndex::new(&spans),
            world,
            incidents,
            by_id,
        }
    }

    /// Imports a GeoJSON text and indexes what loaded; the import's issues come back beside it.
    pub fn from_geojson(text: &str) -> Result<(Dataset, Import), ImportError> {
        let mut import = import_geojson(text)?;
        let incidents = std::mem::take(&mut import.incidents);
        Ok((Dataset::new(incidents), import))
    }

    /// Imports a GeoJSON, ACLED or UCDP GED text, whichever it is, and indexes what loaded.
    pub fn from_any(text: &str) -> Result<(Dataset, Format, Import), ImportError> {
        let (format, mut import) = import_any(text)?;
        let incidents = std::mem::take(&mut import.incidents);
        Ok((Dataset::new(incidents), format, import))
    }

    /// The embedded Mali record.
    pub fn mali() -> Dataset {
        Dataset::from_geojson(MALI_GEOJSON)
            .map(|(d, _)| d)
            .unwrap_or_default()
    }

    /// All incidents, sorted by start date.
    pub fn incidents(&self) -> &[Incident] {
        &self.incidents
    }

    /// The number of incidents.
    pub fn len(&self) -> usize {
        self.incidents.len()
    }

    /// True when there are no incidents.
    pub fn is_empty(&self) -> bool {
        self.incidents.is_empty()
    }

    /// The incident at a position.
    pub fn get(&self, index: usize) -> Option<&Incident> {
        self.incidents.get(index)
    }

    /// The position of the incident with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The projected anchor of the incident at a position.
    pub fn world_point(&self, index: usize) -> Option<WorldPoint> {
        self.world.get(index).copied()
    }

    /// The first and last day any incident covers; `None` when empty.
    pub fn day_range(&self) -> Option<(Day, Day)> {
        let first = self.incidents.first()?.span.start;
        let last = self.incidents.iter().map(|i| i.span.end).max()?;
        Some((first, last))
    }

    /// Positions of the incidents that overlap `window`, ascending (so, by start date).
    pub fn in_window(&self, window: TimeWindow) -> Vec<u32> {
        self.time_index.query(window)
    }

    /// Calls `visit` with the position of every incident that overlaps `window`, in no
    /// particular order (the fast path for drawing).
    pub fn for_each_in_window(&self, window: TimeWindow, visit: impl FnMut(u32)) {
        self.time_index.for_each_in(window, visit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_record_loads_without_issues() {
        let (data, import) = Dataset::from_geojson(MALI_GEOJSON).expect("embedded file is GeoJSON");
        let messages: Vec<String> = import.issues.iter().map(|i| i.message()).collect();
        assert!(messages.is_empty(), "{messages:#?}");
        assert!(data.len() >= 15, "{} incidents", data.len());
        for id in [
            "bamako-2024-09-17-gendarmerie-school",
            "bamako-2024-09-17-airport",
            "tinzaouaten-2024-07-25",
            "azawad-region",
        ] {
            assert!(data.index_of(id).is_some(), "{id} missing");
        }
        let starts: Vec<Day> = data.incidents().iter().map(|i| i.span.start).collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "sorted by start");
    }

    #[test]
    fn a_window_in_september_2024_holds_both_bamako_sites() {
        let data = Dataset::mali();
        let day = |s| Day::parse_iso(s).expect("date");
        let hits: Vec<&str> = data
            .in_window(TimeWindow::new(day("2024-09-17"), day("2024-09-17")))
            .into_iter()
            .filter_map(|i| data.get(i as usize).map(|inc| inc.id.as_str()))
            .collect();
        assert!(hits.contains(&"bamako-2024-09-17-airport"), "{hits:?}");
        assert!(
            hits.contains(&"bamako-2024-09-17-gendarmerie-school"),
            "{hits:?}"
        );
    }
}
