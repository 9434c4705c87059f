//! A built [`Dataset`] as bytes and back: how the importer module hands its result to the
//! module that draws it, and how the embedded record ships (docs/size-split.md).
//!
//! The bytes are the dataset's own columns, in the order the build sorted them, so reading
//! them back sorts nothing and parses nothing: the flat columns are copied, the interned values
//! (titles, places, actors, figures, sources; each stored once) are read one by one, the ids'
//! order is checked and the time index rebuilt. All numbers are little-endian.
//! [`SnapshotReader`] reads one in steps, so that a page's main thread is never busy long.
//!
//! ```text
//! magic "IMAPDATA", u32 version, u32 length of the tail (the summaries' blocks), u32 n
//! columns, n items each: i32 start day, i32 end day, u8 time precision code (+ 0x80 when ongoing),
//!   f64 longitude, f64 latitude, f64 projected y, u8 event type, u8 place precision code,
//!   u32 record
//! ids: string (all of them, by position), u32 end of each, u32 positions in order of the
//!   ids' hashes (see `ids`)
//! records: u32 count, each 6 × u32 (title, place, sub-event type, actors, fatalities,
//!   sources: numbers in the tables below)
//! texts, strings, actor lists, fatalities, source lists: u32 count, then each value
//! summaries, by position (compressed blocks, see `text_blocks`): u32 block count, u32 end of
//!   each block; then the tail: the blocks' bytes
//! ```
//!
//! The tail comes last and its length first, so that the widget copies it out of the JS buffer
//! straight into the memory that keeps it, and only the rest (the head) goes through a
//! transient copy ([`SnapshotReader`]).
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
use crate::timeline::{DateSpan, Day, TimePrecision};
use hashbrown::HashMap;
use std::borrow::Cow;

/// The first eight bytes of a dataset snapshot.
const MAGIC: &[u8; 8] = b"IMAPDATA";

/// The format version this build writes and reads.
pub const SNAPSHOT_VERSION: u32 = 3;

/// The bytes at the start of a snapshot that say how long its tail is
/// ([`Dataset::snapshot_split`]).
pub const SNAPSHOT_HEADER_BYTES: usize = 16;

/// The bytes before the columns: magic number, version, the tail's length, the number of
/// incidents.
const HEAD_START_BYTES: usize = SNAPSHOT_HEADER_BYTES + 4;

/// The head of a snapshot (all but its tail), read in parts.
pub trait SnapshotHead<'a> {
    /// Its length in bytes.
    fn byte_len(&self) -> usize;
    /// The bytes of `range` (within `0..byte_len()`), borrowed or copied.
    fn part(&self, range: std::ops::Range<usize>) -> Cow<'a, [u8]>;
}

impl<'a> SnapshotHead<'a> for &'a [u8] {
    fn byte_len(&self) -> usize {
        <[u8]>::len(self)
    }

    fn part(&self, range: std::ops::Range<usize>) -> Cow<'a, [u8]> {
        let bytes: &'a [u8] = self;
        Cow::Borrowed(bytes.get(range).unwrap_or_default())
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
        w.column(&self.ids.order, |k| k.to_le_bytes());

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
        let mut reader = SnapshotReader::new(Box::new(head), blocks)?;
        loop {
            if let Some(data) = reader.step()? {
                return Ok(data);
            }
        }
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
}

/// A snapshot read one part at a time ([`SnapshotReader::step`]), so that a page can spread a
/// large one over several tasks of its main thread and paint and answer input in between. The
/// head is asked for in parts ([`SnapshotHead::part`]), so that a head held elsewhere (a JS
/// buffer) is never copied whole: the date columns, the anchor columns, the type and record
/// columns, then the rest, read table by table; the last step checks the ids' order and puts
/// the dataset together. Dropping the reader at any point leaves nothing behind.
pub struct SnapshotReader<'a> {
    head: Box<dyn SnapshotHead<'a> + 'a>,
    /// The summaries' compressed blocks, which the dataset keeps as they are.
    tail: Vec<u8>,
    n: usize,
    /// Where the next column starts in the head.
    at: usize,
    /// The head after the columns, and how much of it is read.
    rest: Cow<'a, [u8]>,
    rest_at: usize,
    /// The steps taken.
    steps: u8,
    /// What is read so far.
    data: Dataset,
}

impl<'a> SnapshotReader<'a> {
    /// A reader of a snapshot given as its head and its tail, split where
    /// [`Dataset::snapshot_split`] says; checks the head's start and the number of incidents.
    pub fn new(
        head: Box<dyn SnapshotHead<'a> + 'a>,
        tail: Vec<u8>,
    ) -> Result<SnapshotReader<'a>, SnapshotError> {
        let start = head.part(0..head.byte_len().min(HEAD_START_BYTES));
        let mut r = Reader::new(&start, MAGIC, SNAPSHOT_VERSION)?;
        if r.u32("the summaries")? as usize != tail.len() {
            return Err(invalid("the summaries"));
        }
        let n = r.u32("the number of incidents")? as usize;
        n.checked_mul(BYTES_PER_INCIDENT)
            .and_then(|b| b.checked_add(HEAD_START_BYTES))
            .filter(|&end| end <= head.byte_len())
            .ok_or(SnapshotError::Truncated {
                what: "the number of incidents",
            })?;
        Ok(SnapshotReader {
            head,
            tail,
            n,
            at: HEAD_START_BYTES,
            rest: Cow::Borrowed(&[]),
            rest_at: 0,
            steps: 0,
            data: Dataset::default(),
        })
    }

    /// Reads the next part: the dataset once the last is read (then `None` again), or what is
    /// wrong with the bytes. Each part is at most about a tenth of the whole.
    pub fn step(&mut self) -> Result<Option<Dataset>, SnapshotError> {
        let (n, step) = (self.n, self.steps);
        self.steps = self.steps.saturating_add(1);
        let d = &mut self.data;
        if let Some(sizes) = [[4, 4, 1], [8, 8, 8], [1, 1, 4]].get(usize::from(step)) {
            // Columns next to each other, as one part: n items of each of `sizes` bytes.
            let end = self.at + n * sizes.iter().sum::<usize>();
            let part = self.head.part(self.at..end);
            self.at = end;
            let r = &mut Reader::over(&part);
            match step {
                0 => d.spans = read_spans(r, n)?,
                1 => (d.anchors, d.world_y) = read_anchors(r, n)?,
                _ => read_kinds(r, n, d)?,
            }
            return Ok(None);
        }
        if step == 3 {
            self.rest = self.head.part(self.at..self.head.byte_len());
        }
        let rest = self.rest.get(self.rest_at..).unwrap_or_default();
        let r = &mut Reader::over(rest);
        match step {
            3 => d.ids = read_ids(r, n)?,
            4 => d.records = Interner::from_values(read_records(r)?),
            5 => d.texts = Interner::from_values(r.list(12, "the texts", read_text)?),
            6 => {
                d.strings = Interner::from_values(
                    r.list(4, "the sub-event types", |r| r.string("a sub-event type"))?,
                );
                d.lists = Interner::from_values(r.list(4, "the actor lists", |r| {
                    r.list(4, "an actor list", |r| r.string("an actor"))
                })?);
            }
            7 => d.figures = Interner::from_values(r.list(3 + 1 + 4 + 4, "the fatalities", read_fatalities)?),
            8 => {
                d.sources = Interner::from_values(r.list(4, "the source lists", |r| {
                    r.list(4 * 4, "a source list", read_source)
                })?);
                d.summaries = read_summaries(r, n, std::mem::take(&mut self.tail))?;
                d.shapes = read_shapes(r, n)?;
                r.finish()?;
                finish_records(d)?;
            }
            9 => {
                if !d.ids.order_is_right() {
                    return Err(invalid("the ids (one is repeated, or out of order)"));
                }
                d.index_time();
                return Ok(Some(std::mem::take(d)));
            }
            _ => return Ok(None),
        }
        self.rest_at += rest.len() - r.remaining();
        if step == 8 {
            self.rest = Cow::Borrowed(&[]);
        }
        Ok(None)
    }
}

/// The event types, place precisions and record numbers.
fn read_kinds(r: &mut Reader, n: usize, d: &mut Dataset) -> Result<(), SnapshotError> {
    d.event_types = vec_for(n, "the event types")?;
    for [code] in r.items(n, "the event types")? {
        let t = event_type_from_code(code).ok_or(invalid("the event types"))?;
        d.event_types.push(t);
    }
    d.place_precisions = vec_for(n, "the place precisions")?;
    for [code] in r.items(n, "the place precisions")? {
        let p = PlacePrecision::from_code(code).ok_or(invalid("the place precisions"))?;
        d.place_precisions.push(p);
    }
    d.record = r.column(n, "the record numbers", u32::from_le_bytes)?;
    Ok(())
}

fn read_records(r: &mut Reader) -> Result<Vec<Shared>, SnapshotError> {
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
    Ok(records)
}

fn read_text(r: &mut Reader) -> Result<Text, SnapshotError> {
    Ok(Text {
        en: r.opt_string("a text")?,
        fr: r.opt_string("a text")?,
        ar: r.opt_string("a text")?,
    })
}

fn read_source(r: &mut Reader) -> Result<Source, SnapshotError> {
    Ok(Source {
        publisher: r.string("a source")?,
        title: r.string("a source")?,
        date: r.opt_string("a source")?,
        url: r.opt_string("a source")?,
    })
}

/// Checks the records against the tables and each incident's record number, then works out
/// what the snapshot leaves out: the symbol radii and the area flags.
fn finish_records(d: &mut Dataset) -> Result<(), SnapshotError> {
    let n = d.record.len();
    let in_range = |k: u32, len: usize| (k as usize) < len;
    let records = d.records.values();
    let records_ok = records.iter().all(|s| {
        in_range(s.title, d.texts.len())
            && in_range(s.place, d.texts.len())
            && in_range(s.sub_event_type, d.strings.len())
            && in_range(s.actors, d.lists.len())
            && in_range(s.fatalities, d.figures.len())
            && in_range(s.sources, d.sources.len())
    });
    if !records_ok {
        return Err(invalid("the records"));
    }
    if !d.record.iter().all(|&k| in_range(k, records.len())) {
        return Err(invalid("the record numbers"));
    }
    // The radius of each record's symbol once, then each incident's (the build's formula).
    let figures = d.figures.values();
    let mut record_radius = vec_for(records.len(), "the symbol sizes")?;
    record_radius.extend(
        records
            .iter()
            .map(|s| radius_px_for(&figures[s.fatalities as usize])),
    );
    d.radii_px = vec_for(n, "the symbol sizes")?;
    d.radii_px
        .extend(d.record.iter().map(|&k| record_radius[k as usize]));
    d.area_flags = vec_for(n, "the area flags")?;
    d.area_flags.resize(n, false);
    for (&k, shape) in &d.shapes {
        d.area_flags[k as usize] = matches!(shape, Geometry::Area(_));
    }
    Ok(())
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

/// The ids, by position: one string, where each ends, and their order (checked once all is
/// read, [`super::ids::Ids::order_is_right`]).
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
    let order = r.column(n, "the ids' order", u32::from_le_bytes)?;
    Ok(Ids {
        text,
        ends,
        loaded_as: Vec::new(),
        order,
    })
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
