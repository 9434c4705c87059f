//! A built [`Dataset`] as bytes and back: how the importer module hands its result to the
//! module that draws it, and how the embedded record ships (docs/size-split.md).
//!
//! The bytes are the dataset's own columns, in the order the build sorted them, so reading
//! them back sorts nothing and parses nothing: the flat columns are copied, the interned values
//! (titles, places, actors, figures, sources; each stored once) are read one by one, and the
//! id table and the time index are rebuilt. All numbers are little-endian.
//!
//! ```text
//! magic "IMAPDATA", u32 version, u32 length of the tail (the summaries' blocks), u32 n
//! columns, n items each: i32 start day, i32 end day, u8 time precision code (+ 0x80 when ongoing),
//!   f64 longitude, f64 latitude, f64 projected y, u8 event type, u8 place precision code,
//!   u32 record
//! ids: string (all of them, by position), u32 end of each
//! records: u32 count, each 6 × u32 (title, place, sub-event type, actors, fatalities,
//!   sources: numbers in the tables below)
//! texts, strings, actor lists, fatalities, source lists: u32 count, then each value
//! summaries, by position (compressed blocks, see `text_blocks`): u32 block count, u32 end of
//!   each block; then the tail: the blocks' bytes
//! ```
//!
//! The tail comes last and its length first, so that the widget copies it out of the JS buffer
//! straight into the memory that keeps it, and only the rest (the head) goes through a
//! transient copy ([`Dataset::from_snapshot_parts`]).
//!
//! ```text
//! shapes: u32 count, each u32 position, u8 kind (0 points, 1 area), the coordinates
//! string: u32 length + UTF-8; optional string: length u32::MAX when absent
//! ```
//!
//! The symbol radii and the area flags are worked out again from the figures and the shapes,
//! so the bytes cannot make them disagree. Reading checks everything a hostile file could get
//! wrong (lengths, numbers out of range, unsorted dates, duplicate ids, bad coordinates) and
//! answers with a [`SnapshotError`] instead of a panic.

use super::{Dataset, Ids, Interner, Shared, TextBlocks};
use crate::binary::{vec_for, Reader, SnapshotError, Writer};
use crate::incident::{
    Claim, EventType, Fatalities, Figure, Geometry, PlacePrecision, Source, Text,
};
use crate::projection::{lon_lat, LonLat};
use crate::sort::sort_by_key;
use crate::style::radius_px_for;
use crate::timeline::{DateSpan, Day, TimeIndex, TimePrecision};
use hashbrown::HashMap;
use std::borrow::Cow;
use std::hash::BuildHasher;

/// The first eight bytes of a dataset snapshot.
const MAGIC: &[u8; 8] = b"IMAPDATA";

/// The format version this build writes and reads.
pub const SNAPSHOT_VERSION: u32 = 2;

/// The bytes at the start of a snapshot that say how long its tail is
/// ([`Dataset::snapshot_split`]).
pub const SNAPSHOT_HEADER_BYTES: usize = 16;

/// The bytes before the columns: magic number, version, the tail's length, the number of
/// incidents.
const HEAD_START_BYTES: usize = SNAPSHOT_HEADER_BYTES + 4;

/// The head of a snapshot (all but its tail), read in parts.
pub trait SnapshotHead {
    /// Its length in bytes.
    fn byte_len(&self) -> usize;
    /// The bytes of `range` (within `0..byte_len()`), borrowed or copied.
    fn part(&self, range: std::ops::Range<usize>) -> Cow<'_, [u8]>;
}

impl SnapshotHead for &[u8] {
    fn byte_len(&self) -> usize {
        <[u8]>::len(self)
    }

    fn part(&self, range: std::ops::Range<usize>) -> Cow<'_, [u8]> {
        Cow::Borrowed(self.get(range).unwrap_or_default())
    }
}

/// Bytes each incident takes in the flat columns.
const BYTES_PER_INCIDENT: usize = 4 + 4 + 1 + 8 + 8 + 8 + 1 + 1 + 4;

impl Dataset {
    /// The dataset as bytes that [`Dataset::from_snapshot`] reads back into an equal dataset
    /// (same incidents at the same positions, same ids, same answers to every query).
    pub fn to_snapshot(&self) -> Vec<u8> {
        let n = self.len();
        let spans = self.time_index.spans();
        let (blocks, block_ends) = self.summaries.parts();
        let capacity = SNAPSHOT_HEADER_BYTES + n * (BYTES_PER_INCIDENT + 20) + blocks.len();
        let mut w = Writer::new(MAGIC, SNAPSHOT_VERSION, capacity);
        w.len(blocks.len());
        w.len(n);
        w.column(spans, |s| s.start.0.to_le_bytes());
        w.column(spans, |s| s.end.0.to_le_bytes());
        w.column(spans, |s| [s.precision.code() | u8::from(s.ongoing) << 7]);
        w.column(&self.anchors, |a| a.lon.to_le_bytes());
        w.column(&self.anchors, |a| a.lat.to_le_bytes());
        w.column(&self.world_y, |y| y.to_le_bytes());
        w.column(&self.event_types, |&t| [event_type_code(t)]);
        w.column(&self.place_precisions, |p| [p.code()]);
        w.column(&self.record, |r| r.to_le_bytes());

        let ids = || (0..n).map(|k| self.id(k).unwrap_or(""));
        w.len(ids().map(str::len).sum());
        ids().for_each(|id| w.bytes(id.as_bytes()));
        let mut end = 0u32;
        let ends: Vec<u32> = ids()
            .map(|id| {
                end += id.len() as u32;
                end
            })
            .collect();
        w.column(&ends, |e| e.to_le_bytes());

        w.len(self.records.len());
        for r in self.records.values() {
            let fields = [
                r.title,
                r.place,
                r.sub_event_type,
                r.actors,
                r.fatalities,
                r.sources,
            ];
            fields.into_iter().for_each(|v| w.u32(v));
        }
        table(&mut w, &self.texts, |w, t| {
            [&t.en, &t.fr, &t.ar]
                .into_iter()
                .for_each(|s| w.opt_str(s.as_deref()));
        });
        table(&mut w, &self.strings, |w, s| w.str(s));
        table(&mut w, &self.lists, |w, list| {
            w.len(list.len());
            list.iter().for_each(|s| w.str(s));
        });
        table(&mut w, &self.figures, write_fatalities);
        table(&mut w, &self.sources, |w, list| {
            w.len(list.len());
            for s in list {
                w.str(&s.publisher);
                w.str(&s.title);
                w.opt_str(s.date.as_deref());
                w.opt_str(s.url.as_deref());
            }
        });
        w.len(block_ends.len());
        w.column(block_ends, |e| e.to_le_bytes());

        let mut positions: Vec<u32> = self.shapes.keys().copied().collect();
        sort_by_key(&mut positions, |&k| u64::from(k));
        w.len(positions.len());
        for (k, shape) in positions
            .into_iter()
            .filter_map(|k| Some((k, self.shapes.get(&k)?)))
        {
            w.u32(k);
            match shape {
                Geometry::Points(points) => {
                    w.u8(0);
                    write_points(&mut w, points);
                }
                Geometry::Area(polygons) => {
                    w.u8(1);
                    w.len(polygons.len());
                    for rings in polygons {
                        w.len(rings.len());
                        rings.iter().for_each(|ring| write_points(&mut w, ring));
                    }
                }
            }
        }
        w.bytes(blocks);
        w.into_bytes()
    }

    /// Reads what [`Dataset::to_snapshot`] wrote. Any other bytes give an error (never a
    /// panic): a wrong magic number or version, a length past the end, a value out of range,
    /// dates out of order, a repeated id, a coordinate out of range, bytes left over.
    pub fn from_snapshot(bytes: &[u8]) -> Result<Dataset, SnapshotError> {
        let split = Dataset::snapshot_split(
            bytes.get(..SNAPSHOT_HEADER_BYTES).unwrap_or(bytes),
            bytes.len(),
        )?;
        let (head, tail) = bytes.split_at(split);
        let mut blocks = vec_for(tail.len(), "the summaries")?;
        blocks.extend_from_slice(tail);
        Dataset::from_snapshot_parts(&head, blocks)
    }

    /// Where the head of a snapshot of `total` bytes ends and its tail begins, from its first
    /// [`SNAPSHOT_HEADER_BYTES`] bytes (`header`).
    pub fn snapshot_split(header: &[u8], total: usize) -> Result<usize, SnapshotError> {
        let mut r = Reader::new(header, MAGIC, SNAPSHOT_VERSION)?;
        let tail = r.u32("the summaries")? as usize;
        total
            .checked_sub(tail)
            .filter(|&split| split >= SNAPSHOT_HEADER_BYTES)
            .ok_or(SnapshotError::Truncated {
                what: "the summaries",
            })
    }

    /// Reads a snapshot given as its head and its tail (the summaries' compressed blocks, which
    /// the dataset keeps as they are), split where [`Dataset::snapshot_split`] says. The head
    /// is asked for in parts ([`SnapshotHead::part`]): the date columns, the anchor columns,
    /// the type and record columns, then the rest, so that a head held elsewhere (a JS buffer)
    /// is never copied whole.
    pub fn from_snapshot_parts(
        head: &dyn SnapshotHead,
        tail: Vec<u8>,
    ) -> Result<Dataset, SnapshotError> {
        let start = head.part(0..head.byte_len().min(HEAD_START_BYTES));
        let mut r = Reader::new(&start, MAGIC, SNAPSHOT_VERSION)?;
        if r.u32("the summaries")? as usize != tail.len() {
            return Err(invalid("the summaries"));
        }
        let n = r.u32("the number of incidents")? as usize;
        let columns_end = n
            .checked_mul(BYTES_PER_INCIDENT)
            .and_then(|b| b.checked_add(HEAD_START_BYTES))
            .filter(|&end| end <= head.byte_len())
            .ok_or(SnapshotError::Truncated {
                what: "the number of incidents",
            })?;
        // Columns next to each other, as one part: n items of each of `sizes` bytes.
        let mut at = HEAD_START_BYTES;
        let mut columns = |sizes: &[usize]| {
            let end = at + n * sizes.iter().sum::<usize>();
            let part = head.part(at..end);
            at = end;
            part
        };
        let dates = columns(&[4, 4, 1]);
        let spans = read_spans(&mut Reader::over(&dates), n)?;
        drop(dates);
        let places = columns(&[8, 8, 8]);
        let (anchors, world_y) = read_anchors(&mut Reader::over(&places), n)?;
        drop(places);
        let kinds = columns(&[1, 1, 4]);
        let mut r = Reader::over(&kinds);
        let mut event_types = vec_for(n, "the event types")?;
        for [code] in r.items(n, "the event types")? {
            let t = event_type_from_code(code).ok_or(invalid("the event types"))?;
            event_types.push(t);
        }
        let mut place_precisions = vec_for(n, "the place precisions")?;
        for [code] in r.items(n, "the place precisions")? {
            let p = PlacePrecision::from_code(code).ok_or(invalid("the place precisions"))?;
            place_precisions.push(p);
        }
        let record = r.column(n, "the record numbers", u32::from_le_bytes)?;
        drop(kinds);
        let rest = head.part(columns_end..head.byte_len());
        let mut r = Reader::over(&rest);
        let ids = read_ids(&mut r, n)?;

        let count = r.count(6 * 4, "the records")?;
        let mut records = vec_for(count, "the records")?;
        for _ in 0..count {
            let mut v = [0u32; 6];
            for field in &mut v {
                *field = r.u32("a record")?;
            }
            let [title, place, sub_event_type, actors, fatalities, sources] = v;
            records.push(Shared {
                title,
                place,
                sub_event_type,
                actors,
                fatalities,
                sources,
            });
        }
        let texts = r.list(12, "the texts", |r| {
            Ok(Text {
                en: r.opt_string("a text")?,
                fr: r.opt_string("a text")?,
                ar: r.opt_string("a text")?,
            })
        })?;
        let strings = r.list(4, "the sub-event types", |r| r.string("a sub-event type"))?;
        let lists = r.list(4, "the actor lists", |r| {
            r.list(4, "an actor list", |r| r.string("an actor"))
        })?;
        let figures = r.list(3 + 1 + 4 + 4, "the fatalities", read_fatalities)?;
        let sources = r.list(4, "the source lists", |r| {
            r.list(4 * 4, "a source list", |r| {
                Ok(Source {
                    publisher: r.string("a source")?,
                    title: r.string("a source")?,
                    date: r.opt_string("a source")?,
                    url: r.opt_string("a source")?,
                })
            })
        })?;

        let summaries = read_summaries(&mut r, n, tail)?;
        let in_range = |k: u32, len: usize| (k as usize) < len;
        let records_ok = records.iter().all(|s| {
            in_range(s.title, texts.len())
                && in_range(s.place, texts.len())
                && in_range(s.sub_event_type, strings.len())
                && in_range(s.actors, lists.len())
                && in_range(s.fatalities, figures.len())
                && in_range(s.sources, sources.len())
        });
        if !records_ok {
            return Err(invalid("the records"));
        }
        if !record.iter().all(|&k| in_range(k, records.len())) {
            return Err(invalid("the record numbers"));
        }
        // The radius of each record's symbol once, then each incident's (the build's formula).
        let mut record_radius = vec_for(records.len(), "the symbol sizes")?;
        record_radius.extend(
            records
                .iter()
                .map(|s| radius_px_for(&figures[s.fatalities as usize])),
        );
        let mut radii_px = vec_for(n, "the symbol sizes")?;
        radii_px.extend(record.iter().map(|&k| record_radius[k as usize]));

        let shapes = read_shapes(&mut r, n)?;
        r.finish()?;
        let mut area_flags = vec_for(n, "the area flags")?;
        area_flags.resize(n, false);
        for (&k, shape) in &shapes {
            area_flags[k as usize] = matches!(shape, Geometry::Area(_));
        }

        let first = spans.iter().map(|s| s.start).min();
        let last = spans.iter().map(|s| s.end).max();
        let mut data = Dataset {
            anchors,
            world_y,
            event_types,
            place_precisions,
            radii_px,
            record,
            summaries,
            records: Interner::from_values(records),
            area_flags,
            shapes,
            ids,
            texts: Interner::from_values(texts),
            strings: Interner::from_values(strings),
            lists: Interner::from_values(lists),
            figures: Interner::from_values(figures),
            sources: Interner::from_values(sources),
            time_index: TimeIndex::new(spans),
            day_range: first.zip(last),
            ..Dataset::default()
        };
        index_ids(&mut data)?;
        Ok(data)
    }
}

/// The summaries' compressed blocks (the tail), for `n` incidents (their content is checked when a block
/// is decoded: a damaged one gives empty summaries).
fn read_summaries(r: &mut Reader, n: usize, tail: Vec<u8>) -> Result<TextBlocks, SnapshotError> {
    let count = r.count(4, "the summaries")?;
    let ends = r.column(count, "the summaries", u32::from_le_bytes)?;
    TextBlocks::from_parts(tail, ends, n).ok_or(invalid("the summaries"))
}

fn invalid(what: &'static str) -> SnapshotError {
    SnapshotError::Invalid { what }
}

/// The event type's place in [`EventType::ALL`].
fn event_type_code(t: EventType) -> u8 {
    EventType::ALL
        .iter()
        .position(|&u| u == t)
        .map_or(u8::MAX, |k| k as u8)
}

fn event_type_from_code(code: u8) -> Option<EventType> {
    EventType::ALL.get(usize::from(code)).copied()
}

/// Every value of an interner: the count, then each.
fn table<T>(w: &mut Writer, values: &Interner<T>, mut write: impl FnMut(&mut Writer, &T)) {
    w.len(values.len());
    values.values().iter().for_each(|v| write(w, v));
}

/// The date spans: sorted by start day (the time index's binary searches rely on it), none
/// ending before it starts. Read in one pass over the three columns, as are the anchors.
fn read_spans(r: &mut Reader, n: usize) -> Result<Vec<DateSpan>, SnapshotError> {
    let starts = r.items(n, "the start days")?;
    let ends = r.items(n, "the end days")?;
    let precisions = r.items(n, "the time precisions")?;
    let mut spans = vec_for(n, "the dates")?;
    let (mut in_order, mut last) = (true, i32::MIN);
    for ((start, end), [code]) in starts.zip(ends).zip(precisions) {
        let (start, end) = (i32::from_le_bytes(start), i32::from_le_bytes(end));
        in_order &= last <= start && start <= end;
        last = start;
        let precision =
            TimePrecision::from_code(code & 0x7f).ok_or(invalid("the time precisions"))?;
        spans.push(DateSpan {
            start: Day(start),
            end: Day(end),
            precision,
            ongoing: code & 0x80 != 0,
        });
    }
    if !in_order {
        return Err(invalid("the dates"));
    }
    Ok(spans)
}

/// The anchors, in range, and their projected ys, in the unit world.
fn read_anchors(r: &mut Reader, n: usize) -> Result<(Vec<LonLat>, Vec<f64>), SnapshotError> {
    let lons = r.items(n, "the longitudes")?;
    let lats = r.items(n, "the latitudes")?;
    let ys = r.items(n, "the projected ys")?;
    let mut anchors = vec_for(n, "the anchors")?;
    let mut world_y = vec_for(n, "the projected ys")?;
    let (mut anchors_ok, mut ys_ok) = (true, true);
    for ((lon, lat), y) in lons.zip(lats).zip(ys) {
        let anchor = lon_lat(f64::from_le_bytes(lon), f64::from_le_bytes(lat));
        let y = f64::from_le_bytes(y);
        anchors_ok &= anchor.is_valid();
        // 0..=1 up to rounding at the Web Mercator limits.
        ys_ok &= (-1e-9..=1.0 + 1e-9).contains(&y);
        anchors.push(anchor);
        world_y.push(y);
    }
    if !anchors_ok {
        return Err(invalid("the anchors"));
    }
    if !ys_ok {
        return Err(invalid("the projected ys"));
    }
    Ok((anchors, world_y))
}

/// The ids, by position: one string and where each ends.
fn read_ids(r: &mut Reader, n: usize) -> Result<Ids, SnapshotError> {
    let text = r.string("the ids")?;
    let ends = r.column(n, "the ids", u32::from_le_bytes)?;
    let mut start = 0;
    for &end in &ends {
        let end = end as usize;
        if end < start || !text.is_char_boundary(end) {
            return Err(invalid("the ids"));
        }
        start = end;
    }
    if start != text.len() {
        return Err(invalid("the ids"));
    }
    let mut loaded_as = vec_for(n, "the ids")?;
    loaded_as.extend(0..n as u32);
    Ok(Ids {
        text,
        ends,
        loaded_as,
    })
}

/// Builds the id table, refusing an id that two incidents have.
fn index_ids(d: &mut Dataset) -> Result<(), SnapshotError> {
    let (ids, hasher, table) = (&d.ids, &d.hasher, &mut d.id_table);
    table
        .try_reserve(ids.len(), |&k| hasher.hash_one(ids.get(k)))
        .map_err(|_| SnapshotError::OutOfMemory { what: "the ids" })?;
    for k in 0..ids.len() as u32 {
        let id = ids.get(k);
        let hash = hasher.hash_one(id);
        if table.find(hash, |&j| ids.get(j) == id).is_some() {
            return Err(invalid("the ids (one is repeated)"));
        }
        table.insert_unique(hash, k, |&j| hasher.hash_one(ids.get(j)));
    }
    Ok(())
}

fn write_figure(w: &mut Writer, figure: &Option<Figure>) {
    match figure {
        Some(f) => {
            w.u8(1);
            w.u32(f.value);
            w.str(&f.by);
        }
        None => w.u8(0),
    }
}

fn read_figure(r: &mut Reader) -> Result<Option<Figure>, SnapshotError> {
    match r.u8("a figure")? {
        0 => Ok(None),
        1 => Ok(Some(Figure {
            value: r.u32("a figure")?,
            by: r.string("a figure")?,
        })),
        _ => Err(invalid("a figure")),
    }
}

fn write_fatalities(w: &mut Writer, f: &Fatalities) {
    [&f.low, &f.best, &f.high]
        .into_iter()
        .for_each(|figure| write_figure(w, figure));
    w.u8(u8::from(f.estimate));
    w.opt_str(f.note.as_deref());
    w.len(f.claims.len());
    for c in &f.claims {
        w.str(&c.by);
        w.str(&c.claim);
        w.opt_str(c.date.as_deref());
    }
}

fn read_fatalities(r: &mut Reader) -> Result<Fatalities, SnapshotError> {
    let (low, best, high) = (read_figure(r)?, read_figure(r)?, read_figure(r)?);
    let estimate = match r.u8("a death toll")? {
        0 => false,
        1 => true,
        _ => return Err(invalid("a death toll")),
    };
    let note = r.opt_string("a death toll")?;
    let claims = r.list(3 * 4, "a list of claims", |r| {
        Ok(Claim {
            by: r.string("a claim")?,
            claim: r.string("a claim")?,
            date: r.opt_string("a claim")?,
        })
    })?;
    Ok(Fatalities {
        low,
        best,
        high,
        estimate,
        note,
        claims,
    })
}

fn write_points(w: &mut Writer, points: &[LonLat]) {
    w.len(points.len());
    w.column(points, |p| p.lon.to_le_bytes());
    w.column(points, |p| p.lat.to_le_bytes());
}

/// A list of coordinates, at least one, all in range.
fn read_points(r: &mut Reader) -> Result<Vec<LonLat>, SnapshotError> {
    let k = r.count(16, "a geometry")?;
    let lons = r.column(k, "a geometry", f64::from_le_bytes)?;
    let lats = r.column(k, "a geometry", f64::from_le_bytes)?;
    let mut points = vec_for(k, "a geometry")?;
    points.extend(
        lons.into_iter()
            .zip(lats)
            .map(|(lon, lat)| lon_lat(lon, lat)),
    );
    if points.is_empty() || !points.iter().all(LonLat::is_valid) {
        return Err(invalid("a geometry"));
    }
    Ok(points)
}

/// The geometries that are not one point, by incident position (each position once).
fn read_shapes(r: &mut Reader, n: usize) -> Result<HashMap<u32, Geometry>, SnapshotError> {
    let count = r.count(4 + 1 + 4, "the geometries")?;
    if count > n {
        return Err(invalid("the geometries"));
    }
    let mut shapes = HashMap::new();
    shapes
        .try_reserve(count)
        .map_err(|_| SnapshotError::OutOfMemory {
            what: "the geometries",
        })?;
    for _ in 0..count {
        let k = r.u32("a geometry")?;
        let shape = match r.u8("a geometry")? {
            0 => Geometry::Points(read_points(r)?),
            1 => {
                let polygons = r.list(4, "a geometry", |r| r.list(4, "a geometry", read_points))?;
                if polygons.is_empty() || polygons.iter().any(Vec::is_empty) {
                    return Err(invalid("a geometry"));
                }
                Geometry::Area(polygons)
            }
            _ => return Err(invalid("a geometry")),
        };
        if k as usize >= n || shapes.insert(k, shape).is_some() {
            return Err(invalid("the geometries"));
        }
    }
    Ok(shapes)
}
