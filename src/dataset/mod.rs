//! A loaded set of incidents, stored by column so that a million of them fit in memory and a
//! frame touches only what it draws: dates, positions, types and symbol sizes sit in flat
//! arrays; titles, places, summaries, actors, figures and sources are kept once per distinct
//! value (interned); ids share one string. [`Dataset::incident`] rebuilds a whole
//! [`Incident`] when a popup or an export needs it.

mod ids;
mod interner;
mod records;
mod snapshot;
mod text_blocks;

pub use crate::binary::SnapshotError;
#[cfg(feature = "importers")]
pub use snapshot::SNAPSHOT_VERSION;
pub use snapshot::{SnapshotBytes, SnapshotReader, ROWS_PER_STEP};

#[cfg(feature = "importers")]
use crate::import::geojson::import_geojson_into;
#[cfg(feature = "importers")]
use crate::import::stream::GeoJsonStream;
#[cfg(feature = "importers")]
use crate::import::{import_any_into, Format, Import, ImportError};
use crate::import::{Refused, Sink};
use crate::incident::{EventType, Fatalities, Geometry, Incident, PlacePrecision, Source, Text};
use crate::projection::{lat_to_world_y, lon_to_world_x, LonLat, WorldPoint};
use crate::style::symbol_radius_px;
use crate::timeline::{DateSpan, Day, TimeIndex, TimeWindow};
use hashbrown::{DefaultHashBuilder, HashTable};
use ids::Ids;
use interner::Interner;
use std::hash::BuildHasher;
use text_blocks::{TextBlocks, TextList};

/// The embedded default record: Mali's war, 2012–2024 (see `src/data/mali.geojson`), in builds
/// with the `embedded-data` feature (the default). The module embeds [`MALI_SNAPSHOT`], made
/// from it.
#[cfg(feature = "embedded-data")]
pub const MALI_GEOJSON: &str = include_str!("../data/mali.geojson");

/// The record as [`Dataset::to_snapshot`] writes it after importing [`MALI_GEOJSON`] (what
/// `cargo run --example embedded_data` writes; a test checks that it is up to date), so that
/// the module shows it without an importer.
#[cfg(feature = "embedded-data")]
pub const MALI_SNAPSHOT: &[u8] = include_bytes!("../data/mali.snapshot");

/// The numbers of an incident's shared values in their interners. Incidents that share all of
/// them (in a large file, most share their record with others) share one `Shared` too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Shared {
    title: u32,
    place: u32,
    sub_event_type: u32,
    actors: u32,
    fatalities: u32,
    sources: u32,
}

/// Incidents by column, with their time index. Built with [`DatasetBuilder`].
#[derive(Default)]
pub struct Dataset {
    /// Date spans while the dataset is being built; [`DatasetBuilder::build`] hands them to
    /// the time index, which keeps them sorted.
    spans: Vec<DateSpan>,
    anchors: Vec<LonLat>,
    /// The projected y of each anchor, worked out once (a logarithm of a tangent); its x is a
    /// linear function of the longitude, worked out when asked for, which saves 8 bytes an
    /// incident.
    world_y: Vec<f64>,
    event_types: Vec<EventType>,
    place_precisions: Vec<PlacePrecision>,
    radii_px: Vec<f32>,
    /// The number of each incident's [`Shared`] in `records`.
    record: Vec<u32>,
    /// Each incident's summary, by position.
    summaries: TextBlocks,
    records: Interner<Shared>,
    /// Whether each incident is an area (so frames need not look in `shapes`).
    area_flags: Vec<bool>,
    /// Geometry other than one point (MultiPoint, areas), with its incident's position, in
    /// order of position (found by a binary search: they are few).
    shapes: Vec<(u32, Geometry)>,
    ids: Ids,
    texts: Interner<Text>,
    strings: Interner<String>,
    lists: Interner<Vec<String>>,
    figures: Interner<Fatalities>,
    sources: Interner<Vec<Source>>,
    time_index: TimeIndex,
    day_range: Option<(Day, Day)>,
}

impl std::fmt::Debug for Dataset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dataset").field("len", &self.len()).finish()
    }
}

/// Adds incidents one at a time (as an import reads them) and indexes them at the end.
#[derive(Default)]
pub struct DatasetBuilder {
    data: Dataset,
    /// Incident positions by the hash of their id, to refuse a repeated one.
    id_table: HashTable<u32>,
    hasher: DefaultHashBuilder,
    /// Each incident's summary, in load order; [`DatasetBuilder::build`] compresses them into
    /// the dataset's blocks in date order. (Summaries are each incident's own, so they are
    /// not interned.)
    summaries: TextList,
}

impl Sink for DatasetBuilder {
    /// Adds an incident; refuses one whose id is taken, with the position (in load order) of the
    /// incident that has it.
    fn accept(&mut self, incident: Incident) -> Result<(), Refused> {
        let (d, table, hasher) = (&mut self.data, &mut self.id_table, &self.hasher);
        let hash = hasher.hash_one(incident.id.as_str());
        if let Some(&k) = table.find(hash, |&k| d.ids.get(k) == incident.id) {
            let (first_position, id) = (k as usize, incident.id);
            return Err(Refused { first_position, id });
        }
        let k = d.ids.push(&incident.id);
        table.insert_unique(hash, k, |&j| hasher.hash_one(d.ids.get(j)));
        d.spans.push(incident.span);
        d.anchors.push(incident.anchor);
        d.world_y.push(lat_to_world_y(incident.anchor.lat));
        d.event_types.push(incident.event_type);
        d.place_precisions.push(incident.place_precision);
        d.radii_px.push(symbol_radius_px(&incident));
        let record = Shared {
            title: d.texts.intern(incident.title),
            place: d.texts.intern(incident.place),
            sub_event_type: d.strings.intern(incident.sub_event_type),
            actors: d.lists.intern(incident.actors),
            fatalities: d.figures.intern(incident.fatalities),
            sources: d.sources.intern(incident.sources),
        };
        d.record.push(d.records.intern(record));
        self.summaries.push(&incident.summary);
        d.area_flags
            .push(matches!(incident.geometry, Geometry::Area(_)));
        if !matches!(&incident.geometry, Geometry::Points(p) if p.len() == 1) {
            d.shapes.push((k, incident.geometry));
        }
        Ok(())
    }
}

impl DatasetBuilder {
    /// Adds an incident; refuses one whose id is taken and gives the position of the incident
    /// that has it.
    pub fn push(&mut self, incident: Incident) -> Result<(), usize> {
        self.accept(incident)
            .map_err(|refused| refused.first_position)
    }

    /// How many incidents are in so far.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Makes room for `additional` more incidents at once (a loader that can estimate how many
    /// are coming), so the columns do not grow by doubling: every doubling copies a column and
    /// leaves its old block behind, and a WebAssembly heap never gives memory back. Returns
    /// false, with the columns as they were or partly grown, when the memory cannot be had:
    /// the columns then grow as incidents come.
    pub fn try_reserve(&mut self, additional: usize) -> bool {
        let d = &mut self.data;
        let columns = d.spans.try_reserve(additional).is_ok()
            && d.anchors.try_reserve(additional).is_ok()
            && d.world_y.try_reserve(additional).is_ok()
            && d.event_types.try_reserve(additional).is_ok()
            && d.place_precisions.try_reserve(additional).is_ok()
            && d.radii_px.try_reserve(additional).is_ok()
            && d.record.try_reserve(additional).is_ok()
            && self.summaries.try_reserve(additional)
            && d.area_flags.try_reserve(additional).is_ok()
            && d.ids.ends.try_reserve(additional).is_ok();
        let (ids, hasher) = (&d.ids, &self.hasher);
        columns
            && self
                .id_table
                .try_reserve(additional, |&k| hasher.hash_one(ids.get(k)))
                .is_ok()
    }

    /// True when none are.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Sorts what was added by date and indexes it. Sorting puts the incidents of a time window
    /// next to each other in every column, so a frame reads memory in order instead of jumping
    /// about a million-row table.
    pub fn build(mut self) -> Dataset {
        // Its positions are load positions: of no use once sorted (the ids' order replaces it).
        self.id_table = HashTable::new();
        let d = &mut self.data;
        let order = date_order(&d.spans);
        d.summaries = TextBlocks::in_order(&self.summaries, &order);
        d.reorder(order);
        d.ids.index();
        d.index_time();
        self.data
    }
}

/// The positions of `spans` ordered by start, then end, then position. Counted into one
/// bucket per start day when the days span no more than there are incidents (or a few
/// thousand), each bucket then put in order of end; compared otherwise.
fn date_order(spans: &[DateSpan]) -> Vec<u32> {
    let key = |&k: &u32| (spans[k as usize].start, spans[k as usize].end, k);
    let starts = || spans.iter().map(|s| i64::from(s.start.0));
    let (Some(first), Some(last)) = (starts().min(), starts().max()) else {
        return Vec::new();
    };
    let days = usize::try_from(last - first + 1).unwrap_or(usize::MAX);
    if days > spans.len().max(4096) {
        let mut order: Vec<u32> = (0..spans.len() as u32).collect();
        order.sort_by_key(key);
        return order;
    }
    // `next[d]`: where the next incident starting on day `first + d` goes.
    let mut next = vec![0u32; days];
    for start in starts() {
        next[(start - first) as usize] += 1;
    }
    let mut at = 0;
    for slot in &mut next {
        (*slot, at) = (at, at + *slot);
    }
    let mut order = vec![0u32; spans.len()];
    for (k, start) in starts().enumerate() {
        let slot = &mut next[(start - first) as usize];
        order[*slot as usize] = k as u32;
        *slot += 1;
    }
    for same_start in
        order.chunk_by_mut(|&a, &b| spans[a as usize].start == spans[b as usize].start)
    {
        if !same_start.is_sorted_by_key(key) {
            same_start.sort_by_key(key);
        }
    }
    order
}

/// A column of the dataset, as [`permute`] rearranges it.
trait Column {
    /// Swaps the items at `a` and `b`.
    fn swap(&mut self, a: usize, b: usize);
}

impl<T> Column for Vec<T> {
    fn swap(&mut self, a: usize, b: usize) {
        self.as_mut_slice().swap(a, b);
    }
}

/// Rearranges `columns` (of one length) in place so that the `i`-th item of each is the old
/// `order[i]`-th, following each cycle of the permutation once for all of them, with swaps (no
/// second copy of any column).
fn permute(columns: &mut [&mut dyn Column], order: &[u32]) {
    let mut done = vec![0u64; order.len().div_ceil(64)];
    let mut mark = |k: usize| {
        let (word, bit) = (k / 64, 1u64 << (k % 64));
        let seen = done[word] & bit != 0;
        done[word] |= bit;
        seen
    };
    for start in 0..order.len() {
        if mark(start) {
            continue;
        }
        let mut at = start;
        loop {
            let from = order[at] as usize;
            if from == start || mark(from) {
                break;
            }
            for column in columns.iter_mut() {
                column.swap(at, from);
            }
            at = from;
        }
    }
}

impl Dataset {
    /// Hands the (sorted) spans to the time index, which keeps them: the dataset reads them
    /// from there.
    fn index_time(&mut self) {
        let first = self.spans.iter().map(|s| s.start).min();
        let last = self.spans.iter().map(|s| s.end).max();
        self.time_index = TimeIndex::new(std::mem::take(&mut self.spans));
        self.day_range = first.zip(last);
    }

    /// Puts the incidents in `order` (a permutation of their positions).
    fn reorder(&mut self, order: Vec<u32>) {
        permute(
            &mut [
                &mut self.spans,
                &mut self.anchors,
                &mut self.world_y,
                &mut self.event_types,
                &mut self.place_precisions,
                &mut self.radii_px,
                &mut self.record,
                &mut self.area_flags,
            ],
            &order,
        );
        let mut new_position = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_position[old as usize] = new as u32;
        }
        // The shapes at their new positions, in the order of those.
        let mut moved: Vec<Option<(u32, Geometry)>> = std::mem::take(&mut self.shapes)
            .into_iter()
            .map(|(old, shape)| Some((new_position[old as usize], shape)))
            .collect();
        let mut by_position: Vec<u32> = (0..moved.len() as u32).collect();
        crate::sort::sort_by_key(&mut by_position, |&i| {
            moved[i as usize].as_ref().map_or(0, |(k, _)| u64::from(*k))
        });
        self.shapes = by_position
            .into_iter()
            .filter_map(|i| moved[i as usize].take())
            .collect();
        // Positions were load positions so far: the order is what each position now has.
        self.ids.loaded_as = order;
    }
}

impl Dataset {
    /// Stores and indexes `incidents`; an incident whose id an earlier one has is left out.
    pub fn new(incidents: Vec<Incident>) -> Dataset {
        let mut builder = DatasetBuilder::default();
        for incident in incidents {
            let _ = builder.push(incident);
        }
        builder.build()
    }

    /// Imports a GeoJSON text and indexes what loaded; the import's issues come back beside it
    /// (its list of incidents is empty: they are in the dataset).
    #[cfg(feature = "importers")]
    pub fn from_geojson(text: &str) -> Result<(Dataset, Import), ImportError> {
        let (builder, issues) = import_geojson_into(text, DatasetBuilder::default())?;
        let import = Import {
            incidents: Vec::new(),
            issues,
        };
        Ok((builder.build(), import))
    }

    /// A loader that reads a GeoJSON FeatureCollection chunk by chunk into a dataset
    /// ([`GeoJsonStream::finish`], then [`DatasetBuilder::build`]).
    #[cfg(feature = "importers")]
    pub fn stream() -> GeoJsonStream<DatasetBuilder> {
        GeoJsonStream::new(DatasetBuilder::default())
    }

    /// Imports a GeoJSON, ACLED or UCDP GED text, whichever it is, and indexes what loaded.
    #[cfg(feature = "importers")]
    pub fn from_any(text: &str) -> Result<(Dataset, Format, Import), ImportError> {
        let (format, builder, issues) = import_any_into(text, DatasetBuilder::default())?;
        let import = Import {
            incidents: Vec::new(),
            issues,
        };
        Ok((builder.build(), format, import))
    }

    /// The embedded Mali record; empty in a build without the `embedded-data` feature.
    pub fn mali() -> Dataset {
        #[cfg(feature = "embedded-data")]
        if let Ok(data) = Dataset::from_snapshot(MALI_SNAPSHOT) {
            return data;
        }
        Dataset::default()
    }

    /// The number of incidents.
    pub fn len(&self) -> usize {
        self.record.len()
    }

    /// True when there are no incidents.
    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }

    /// The whole incident at a position, rebuilt from its columns.
    pub fn incident(&self, index: usize) -> Option<Incident> {
        let s = *self.records.get(*self.record.get(index)?)?;
        let text = |k| self.texts.get(k).cloned().unwrap_or_default();
        let anchor = self.anchors[index];
        Some(Incident {
            id: self.id(index)?.to_string(),
            title: text(s.title),
            summary: self.summaries.get(index).unwrap_or_default(),
            span: *self.time_index.spans().get(index)?,
            place: text(s.place),
            place_precision: self.place_precisions[index],
            geometry: self
                .shape(index)
                .cloned()
                .unwrap_or_else(|| Geometry::Points(vec![anchor])),
            anchor,
            event_type: self.event_types[index],
            sub_event_type: self
                .strings
                .get(s.sub_event_type)
                .cloned()
                .unwrap_or_default(),
            actors: self.lists.get(s.actors).cloned().unwrap_or_default(),
            fatalities: self.figures.get(s.fatalities).cloned().unwrap_or_default(),
            sources: self.sources.get(s.sources).cloned().unwrap_or_default(),
        })
    }

    /// Every incident, rebuilt one at a time, by start date (then end date, then load order).
    pub fn incidents(&self) -> impl Iterator<Item = Incident> + '_ {
        (0..self.len()).filter_map(|i| self.incident(i))
    }

    /// The id of the incident at a position.
    pub fn id(&self, index: usize) -> Option<&str> {
        (index < self.ids.len()).then(|| self.ids.get(index as u32))
    }

    /// The position of the incident with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.ids.find(id).map(|k| k as usize)
    }

    /// The date span of the incident at a position.
    pub fn span(&self, index: usize) -> Option<DateSpan> {
        self.time_index.spans().get(index).copied()
    }

    /// The event type of the incident at a position.
    pub fn event_type(&self, index: usize) -> Option<EventType> {
        self.event_types.get(index).copied()
    }

    /// How precisely the place of the incident at a position is known.
    pub fn place_precision(&self, index: usize) -> Option<PlacePrecision> {
        self.place_precisions.get(index).copied()
    }

    /// The symbol radius of the incident at a position, CSS pixels.
    pub fn radius_px(&self, index: usize) -> Option<f32> {
        self.radii_px.get(index).copied()
    }

    /// The point its symbol and popup anchor to.
    pub fn anchor(&self, index: usize) -> Option<LonLat> {
        self.anchors.get(index).copied()
    }

    /// The projected anchor of the incident at a position.
    pub fn world_point(&self, index: usize) -> Option<WorldPoint> {
        let (anchor, y) = (self.anchors.get(index)?, self.world_y.get(index)?);
        Some(WorldPoint {
            x: lon_to_world_x(anchor.lon),
            y: *y,
        })
    }

    /// The geometry of the incident at a position when it is not a single point.
    pub fn shape(&self, index: usize) -> Option<&Geometry> {
        let at = self
            .shapes
            .binary_search_by_key(&(index as u32), |(k, _)| *k);
        at.ok().map(|at| &self.shapes[at].1)
    }

    /// True for an area incident.
    pub fn is_area(&self, index: usize) -> bool {
        self.area_flags.get(index).copied().unwrap_or(false)
    }

    /// The positions of the area incidents.
    pub fn areas(&self) -> impl Iterator<Item = usize> + '_ {
        self.shapes
            .iter()
            .filter(|(_, g)| matches!(g, Geometry::Area(_)))
            .map(|(k, _)| *k as usize)
    }

    /// The first and last day any incident covers; `None` when empty.
    pub fn day_range(&self) -> Option<(Day, Day)> {
        self.day_range
    }

    /// Positions of the incidents that overlap `window`, ascending.
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
    #[cfg(feature = "importers")]
    use crate::import::geojson::import_geojson;
    #[cfg(feature = "importers")]
    use crate::lang::Lang;

    #[test]
    #[cfg(feature = "importers")]
    fn the_embedded_record_loads_without_issues() {
        let (data, import) = Dataset::from_geojson(MALI_GEOJSON).expect("embedded file is GeoJSON");
        let messages: Vec<String> = import.issues.iter().map(|i| i.message(Lang::En)).collect();
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
        assert_eq!(data.index_of("nowhere"), None);
    }

    #[test]
    #[cfg(feature = "importers")]
    fn incidents_come_back_exactly_as_they_went_in_sorted_by_date() {
        let import = import_geojson(MALI_GEOJSON).expect("GeoJSON");
        let reversed: Vec<Incident> = import.incidents.iter().rev().cloned().collect();
        let data = Dataset::new(reversed.clone());
        let back: Vec<Incident> = data.incidents().collect();
        let mut expected = reversed;
        expected.sort_by_key(|i| (i.span.start, i.span.end));
        let ids = |list: &[Incident]| list.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&back), ids(&expected));
        assert!(back == expected, "every field comes back");
        for (k, incident) in back.iter().enumerate() {
            assert_eq!(data.index_of(&incident.id), Some(k), "{}", incident.id);
            let projected = crate::projection::lon_lat_to_world(incident.anchor);
            assert_eq!(data.world_point(k), Some(projected), "{}", incident.id);
        }
        let azawad = data.index_of("azawad-region").expect("azawad");
        assert!(data.is_area(azawad));
        assert_eq!(data.areas().collect::<Vec<_>>(), vec![azawad]);
    }

    #[test]
    #[cfg(feature = "importers")]
    fn room_reserved_in_the_middle_of_a_load_changes_nothing_else() {
        let import = import_geojson(MALI_GEOJSON).expect("GeoJSON");
        let mut builder = DatasetBuilder::default();
        for (k, incident) in import.incidents.iter().enumerate() {
            if k == 3 {
                assert!(builder.try_reserve(1_000));
                assert!(
                    !builder.try_reserve(usize::MAX),
                    "impossible room is refused"
                );
            }
            builder.push(incident.clone()).expect("unique ids");
        }
        assert_eq!(
            builder.push(import.incidents[2].clone()),
            Err(2),
            "ids still found"
        );
        let (reserved, plain) = (builder.build(), Dataset::new(import.incidents));
        assert!(reserved.incidents().eq(plain.incidents()));
        for k in 0..plain.len() {
            let id = plain.id(k).expect("id");
            assert_eq!(reserved.index_of(id), Some(k), "{id}");
        }
    }

    #[test]
    #[cfg(feature = "importers")]
    fn a_repeated_id_is_refused_with_the_first_position() {
        let import = import_geojson(MALI_GEOJSON).expect("GeoJSON");
        let mut builder = DatasetBuilder::default();
        builder.push(import.incidents[0].clone()).expect("first");
        builder.push(import.incidents[1].clone()).expect("second");
        assert_eq!(builder.push(import.incidents[1].clone()), Err(1));
        assert_eq!(builder.build().len(), 2);
    }

    #[test]
    fn permuting_in_place_gives_each_position_its_item() {
        let mut column: Vec<String> = (0..7).map(|k| k.to_string()).collect();
        let order = [3u32, 0, 4, 1, 2, 6, 5];
        permute(&mut [&mut column], &order);
        let expected: Vec<String> = order.iter().map(|k| k.to_string()).collect();
        assert_eq!(column, expected);
    }

    /// Property tests (native only: proptest does not target wasm32-unknown-unknown).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::super::{date_order, permute};
        use crate::timeline::{DateSpan, Day, TimePrecision};
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn counting_by_day_orders_as_sorting(
                days in prop::collection::vec((-3000i32..3000, 0i32..40), 0..300),
                spread in prop_oneof![Just(1i32), Just(1000), Just(500_000)],
            ) {
                let spans: Vec<DateSpan> = days
                    .iter()
                    .map(|&(start, length)| DateSpan {
                        start: Day(start * spread),
                        end: Day(start * spread + length),
                        precision: TimePrecision::Day,
                        ongoing: false,
                    })
                    .collect();
                let mut expected: Vec<u32> = (0..spans.len() as u32).collect();
                expected.sort_by_key(|&k| (spans[k as usize].start, spans[k as usize].end, k));
                prop_assert_eq!(date_order(&spans), expected);
            }

            #[test]
            fn permuting_in_place_equals_copying(keys in prop::collection::vec(0u32..1000, 0..300)) {
            let mut order: Vec<u32> = (0..keys.len() as u32).collect();
            order.sort_by_key(|&k| keys[k as usize]);
            let mut column: Vec<u32> = (0..order.len() as u32).map(|k| k * 7 + 1).collect();
            let copied: Vec<u32> = order.iter().map(|&k| column[k as usize]).collect();
            let mut doubled: Vec<u64> = column.iter().map(|&v| u64::from(v) * 2).collect();
            permute(&mut [&mut column, &mut doubled], &order);
            prop_assert_eq!(&doubled, &copied.iter().map(|&v| u64::from(v) * 2).collect::<Vec<_>>());
            prop_assert_eq!(column, copied);
            }
        }
    }

    #[test]
    fn a_window_in_september_2024_holds_both_bamako_sites() {
        let data = Dataset::mali();
        let day = |s| Day::parse_iso(s).expect("date");
        let hits: Vec<&str> = data
            .in_window(TimeWindow::new(day("2024-09-17"), day("2024-09-17")))
            .into_iter()
            .filter_map(|i| data.id(i as usize))
            .collect();
        assert!(hits.contains(&"bamako-2024-09-17-airport"), "{hits:?}");
        assert!(
            hits.contains(&"bamako-2024-09-17-gendarmerie-school"),
            "{hits:?}"
        );
    }
}
