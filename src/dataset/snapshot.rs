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
//! transient copy, a part at a time ([`SnapshotReader`]).
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
use crate::style::radius_px_for;
use crate::timeline::{DateSpan, Day, TimePrecision};
use std::borrow::Cow;
use std::ops::Range;

/// The first eight bytes of a dataset snapshot.
const MAGIC: &[u8; 8] = b"IMAPDATA";

/// The format version this build writes and reads.
pub const SNAPSHOT_VERSION: u32 = 3;

/// The bytes at the start of a snapshot that say how long its tail is.
const SNAPSHOT_HEADER_BYTES: usize = 16;

/// The bytes before the columns: magic number, version, the tail's length, the number of
/// incidents.
const HEAD_START_BYTES: usize = SNAPSHOT_HEADER_BYTES + 4;

/// The bytes of a snapshot, where they are (a JS buffer, a slice), read in parts.
pub trait SnapshotBytes<'a> {
    /// Their length.
    fn byte_len(&self) -> usize;
    /// The bytes of `range` (within `0..byte_len()`), borrowed or copied.
    fn part(&self, range: Range<usize>) -> Cow<'a, [u8]>;
}

impl<'a> SnapshotBytes<'a> for &'a [u8] {
    fn byte_len(&self) -> usize {
        <[u8]>::len(self)
    }

    fn part(&self, range: Range<usize>) -> Cow<'a, [u8]> {
        let bytes: &'a [u8] = self;
        Cow::Borrowed(bytes.get(range).unwrap_or_default())
    }
}

/// How many incidents a step of a [`SnapshotReader`] reads at most (and 32 times as many bytes
/// of the tail): a few milliseconds to a few tens of a main thread.
pub const ROWS_PER_STEP: usize = 1 << 17;

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

        w.len(self.shapes.len());
        for (k, shape) in &self.shapes {
            w.u32(*k);
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
        let mut reader = SnapshotReader::new(Box::new(bytes), usize::MAX)?;
        loop {
            if let Some(data) = reader.step()? {
                return Ok(data);
            }
        }
    }
}

/// A snapshot read a part at a time ([`SnapshotReader::step`]), so that a page can spread a
/// large one over many short tasks of its main thread and paint and answer input in between.
/// The bytes are asked for in parts ([`SnapshotBytes::part`]), so that a snapshot held
/// elsewhere (a JS buffer) is never copied whole, only the tail (the summaries' compressed
/// blocks) into the memory that keeps it. Dropping the reader at any point leaves nothing
/// behind.
pub struct SnapshotReader<'a> {
    bytes: Box<dyn SnapshotBytes<'a> + 'a>,
    n: usize,
    /// Where the head ends and the tail begins.
    split: usize,
    rows_per_step: usize,
    /// Where the next part of the head starts.
    at: usize,
    /// The tables after the ids, read by several steps, and how much of them is read.
    rest: Cow<'a, [u8]>,
    rest_at: usize,
    /// The step under way, and how far into it.
    phase: u8,
    done: usize,
    tail: Vec<u8>,
    /// The ids' text and the records read so far, and how many bytes of the one, then how
    /// many of the others, are still to read.
    text: Vec<u8>,
    records: Vec<Shared>,
    left: usize,
    data: Dataset,
}

impl<'a> SnapshotReader<'a> {
    /// A reader of `bytes` that reads at most `rows_per_step` incidents a step (and 32 times as
    /// many bytes of the tail; [`ROWS_PER_STEP`] for a page); checks the header and the number
    /// of incidents.
    pub fn new(
        bytes: Box<dyn SnapshotBytes<'a> + 'a>,
        rows_per_step: usize,
    ) -> Result<SnapshotReader<'a>, SnapshotError> {
        let total = bytes.byte_len();
        let start = bytes.part(0..total.min(HEAD_START_BYTES));
        let mut r = Reader::new(&start, MAGIC, SNAPSHOT_VERSION)?;
        let tail = r.u32("the summaries")? as usize;
        let truncated = |what| SnapshotError::Truncated { what };
        let split = total
            .checked_sub(tail)
            .filter(|&split| split >= SNAPSHOT_HEADER_BYTES)
            .ok_or(truncated("the summaries"))?;
        let n = r.u32("the number of incidents")? as usize;
        n.checked_mul(BYTES_PER_INCIDENT)
            .and_then(|b| b.checked_add(HEAD_START_BYTES))
            .filter(|&end| end <= split)
            .ok_or(truncated("the number of incidents"))?;
        Ok(SnapshotReader {
            bytes,
            n,
            split,
            rows_per_step: rows_per_step.max(1),
            at: HEAD_START_BYTES,
            rest: Cow::Borrowed(&[]),
            rest_at: 0,
            phase: 0,
            done: 0,
            tail: vec_for(tail, "the summaries")?,
            text: Vec::new(),
            records: Vec::new(),
            left: 0,
            data: Dataset::default(),
        })
    }

    /// The next `per_step` of the `total` items of the step under way; on to the next step
    /// after the last.
    fn next(&mut self, total: usize, per_step: usize) -> Range<usize> {
        let (start, end) = (self.done, total.min(self.done.saturating_add(per_step)));
        self.done = end;
        if end == total {
            (self.phase, self.done) = (self.phase + 1, 0);
        }
        start..end
    }

    /// Reads the next part: the dataset once the last is read (then `None` again), or what is
    /// wrong with the bytes. In turn: the tail; the date, anchor and type columns, each a
    /// number of incidents at a time; the ids' text, a number of bytes at a time; their ends and
    /// order and the records, a number at a time; the texts; the
    /// sub-event types and actor lists; the figures; the sources, the summaries and the shapes;
    /// the symbol sizes and area flags; the check of the ids' order, a number of incidents at a
    /// time; the time index.
    pub fn step(&mut self) -> Result<Option<Dataset>, SnapshotError> {
        let (n, rows) = (self.n, self.rows_per_step);
        match self.phase {
            0 => {
                let range = self.next(self.bytes.byte_len() - self.split, rows.saturating_mul(32));
                let part = self
                    .bytes
                    .part(self.split + range.start..self.split + range.end);
                self.tail.extend_from_slice(&part);
            }
            phase @ 1..=3 => {
                let range = self.next(n, rows);
                let group = usize::from(phase - 1);
                // One part of each column of the group (n items each, of `size` bytes).
                let mut column = self.at;
                let parts = [[4, 4, 1], [8, 8, 8], [1, 1, 4]][group].map(|size: usize| {
                    let part = self
                        .bytes
                        .part(column + size * range.start..column + size * range.end);
                    column += size * n;
                    part
                });
                if range.end == n {
                    self.at = column;
                }
                let r = parts.each_ref().map(|part| Reader::over(part));
                let (d, k) = (&mut self.data, range.len());
                match group {
                    0 => read_spans(r, k, n, &mut d.spans)?,
                    1 => read_anchors(r, k, n, d)?,
                    _ => read_kinds(r, k, n, d)?,
                }
            }
            4 => {
                self.phase += 1;
                let at = self.at;
                let length = self.bytes.part(at..(at + 4).min(self.split));
                let text = Reader::over(&length).u32("the ids")? as usize;
                // The ids' text, their ends and order, then the number of records.
                (at + 4 + 8 * n + 4)
                    .checked_add(text)
                    .filter(|&end| end <= self.split)
                    .ok_or(SnapshotError::Truncated { what: "the ids" })?;
                self.text = vec_for(text, "the ids")?;
                (self.at, self.left) = (at + 4, text);
            }
            5 => {
                let range = self.next(self.text.len() + self.left, rows.saturating_mul(32));
                self.left -= range.len();
                let part = self.bytes.part(self.at + range.start..self.at + range.end);
                self.text.extend_from_slice(&part);
                if self.left == 0 {
                    self.at += self.text.len();
                    let text = String::from_utf8(std::mem::take(&mut self.text));
                    self.data.ids.text = text.map_err(|_| invalid("the ids"))?;
                }
            }
            6 => {
                let range = self.next(n, rows);
                let (ends, order) = (self.at, self.at + 4 * n);
                let part = |at: usize| self.bytes.part(at + 4 * range.start..at + 4 * range.end);
                let (ends, order) = (part(ends), part(order));
                let ids = &mut self.data.ids;
                read_ids(
                    [Reader::over(&ends), Reader::over(&order)],
                    range.len(),
                    n,
                    ids,
                )?;
                if range.end == n {
                    self.at += 8 * n;
                    let part = self.bytes.part(self.at..self.at + 4);
                    let count = Reader::over(&part).u32("the records")? as usize;
                    self.at += 4;
                    count
                        .checked_mul(6 * 4)
                        .filter(|&bytes| bytes <= self.split - self.at)
                        .ok_or(SnapshotError::Truncated {
                            what: "the records",
                        })?;
                    self.records = vec_for(count, "the records")?;
                    self.left = count;
                }
            }
            7 => {
                let count = self.records.len() + self.left;
                let range = self.next(count, rows);
                let part = self.bytes.part(self.at..self.at + range.len() * 6 * 4);
                self.at += part.len();
                self.left -= range.len();
                read_records(&mut Reader::over(&part), range.len(), &mut self.records)?;
                if self.left == 0 {
                    self.data.records = Interner::from_values(std::mem::take(&mut self.records));
                }
            }
            phase @ 8..=11 => {
                self.phase += 1;
                if phase == 8 {
                    self.rest = self.bytes.part(self.at..self.split);
                }
                let rest = self.rest.get(self.rest_at..).unwrap_or_default();
                let r = &mut Reader::over(rest);
                let d = &mut self.data;
                match phase {
                    8 => d.texts = Interner::from_values(r.list(12, "the texts", read_text)?),
                    9 => {
                        d.strings =
                            Interner::from_values(r.list(4, "the sub-event types", |r| {
                                r.string("a sub-event type")
                            })?);
                        d.lists = Interner::from_values(r.list(4, "the actor lists", |r| {
                            r.list(4, "an actor list", |r| r.string("an actor"))
                        })?);
                    }
                    10 => {
                        d.figures = Interner::from_values(r.list(
                            3 + 1 + 4 + 4,
                            "the fatalities",
                            read_fatalities,
                        )?)
                    }
                    _ => {
                        d.sources = Interner::from_values(r.list(4, "the source lists", |r| {
                            r.list(4 * 4, "a source list", read_source)
                        })?);
                        d.summaries = read_summaries(r, n, std::mem::take(&mut self.tail))?;
                        d.shapes = read_shapes(r, n)?;
                        r.finish()?;
                    }
                }
                self.rest_at += rest.len() - r.remaining();
                if phase == 11 {
                    self.rest = Cow::Borrowed(&[]);
                }
            }
            12 => {
                self.phase += 1;
                finish_records(&mut self.data)?;
            }
            13 => {
                let range = self.next(n, rows);
                if !self.data.ids.order_holds(range) {
                    return Err(invalid("the ids (one is repeated, or out of order)"));
                }
            }
            14 => {
                self.phase += 1;
                self.data.index_time();
                return Ok(Some(std::mem::take(&mut self.data)));
            }
            _ => {}
        }
        Ok(None)
    }
}

/// `k` more event types, place precisions and record numbers (of `n`).
fn read_kinds(
    [mut types, mut precisions, mut record]: [Reader; 3],
    k: usize,
    n: usize,
    d: &mut Dataset,
) -> Result<(), SnapshotError> {
    if d.record.is_empty() {
        d.event_types = vec_for(n, "the event types")?;
        d.place_precisions = vec_for(n, "the place precisions")?;
        d.record = vec_for(n, "the record numbers")?;
    }
    for [code] in types.items(k, "the event types")? {
        let t = event_type_from_code(code).ok_or(invalid("the event types"))?;
        d.event_types.push(t);
    }
    for [code] in precisions.items(k, "the place precisions")? {
        let p = PlacePrecision::from_code(code).ok_or(invalid("the place precisions"))?;
        d.place_precisions.push(p);
    }
    d.record.extend(
        record
            .items(k, "the record numbers")?
            .map(u32::from_le_bytes),
    );
    Ok(())
}

/// `k` more records.
fn read_records(r: &mut Reader, k: usize, records: &mut Vec<Shared>) -> Result<(), SnapshotError> {
    for _ in 0..k {
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
    Ok(())
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
    for (k, shape) in &d.shapes {
        d.area_flags[*k as usize] = matches!(shape, Geometry::Area(_));
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

/// `k` more date spans (of `n`): sorted by start day (the time index's binary searches rely
/// on it), none ending before it starts. Read in one pass over the three columns, as are the
/// anchors.
fn read_spans(
    [mut starts, mut ends, mut precisions]: [Reader; 3],
    k: usize,
    n: usize,
    spans: &mut Vec<DateSpan>,
) -> Result<(), SnapshotError> {
    let starts = starts.items(k, "the start days")?;
    let ends = ends.items(k, "the end days")?;
    let precisions = precisions.items(k, "the time precisions")?;
    if spans.is_empty() {
        *spans = vec_for(n, "the dates")?;
    }
    let mut last = spans.last().map_or(i32::MIN, |s| s.start.0);
    let mut in_order = true;
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
    Ok(())
}

/// `k` more anchors (of `n`), in range, and their projected ys, in the unit world.
fn read_anchors(
    [mut lons, mut lats, mut ys]: [Reader; 3],
    k: usize,
    n: usize,
    d: &mut Dataset,
) -> Result<(), SnapshotError> {
    let lons = lons.items(k, "the longitudes")?;
    let lats = lats.items(k, "the latitudes")?;
    let ys = ys.items(k, "the projected ys")?;
    if d.anchors.is_empty() {
        d.anchors = vec_for(n, "the anchors")?;
        d.world_y = vec_for(n, "the projected ys")?;
    }
    let (mut anchors_ok, mut ys_ok) = (true, true);
    for ((lon, lat), y) in lons.zip(lats).zip(ys) {
        let anchor = lon_lat(f64::from_le_bytes(lon), f64::from_le_bytes(lat));
        let y = f64::from_le_bytes(y);
        anchors_ok &= anchor.is_valid();
        // 0..=1 up to rounding at the Web Mercator limits.
        ys_ok &= (-1e-9..=1.0 + 1e-9).contains(&y);
        d.anchors.push(anchor);
        d.world_y.push(y);
    }
    if !anchors_ok {
        return Err(invalid("the anchors"));
    }
    if !ys_ok {
        return Err(invalid("the projected ys"));
    }
    Ok(())
}

/// `k` more of where each id ends in their text (read before) and of their order (checked
/// once all is read, [`super::ids::Ids::order_holds`]), of `n`.
fn read_ids(
    [mut ends, mut order]: [Reader; 2],
    k: usize,
    n: usize,
    ids: &mut Ids,
) -> Result<(), SnapshotError> {
    if ids.ends.is_empty() {
        ids.ends = vec_for(n, "the ids")?;
        ids.order = vec_for(n, "the ids' order")?;
    }
    let mut start = ids.ends.last().map_or(0, |&end| end as usize);
    for end in ends.items(k, "the ids")?.map(u32::from_le_bytes) {
        if (end as usize) < start || !ids.text.is_char_boundary(end as usize) {
            return Err(invalid("the ids"));
        }
        start = end as usize;
        ids.ends.push(end);
    }
    if ids.ends.len() == n && start != ids.text.len() {
        return Err(invalid("the ids"));
    }
    let order = order.items(k, "the ids' order")?;
    ids.order.extend(order.map(u32::from_le_bytes));
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

/// The geometries that are not one point, with their incident positions, in order of
/// position (each once).
fn read_shapes(r: &mut Reader, n: usize) -> Result<Vec<(u32, Geometry)>, SnapshotError> {
    let count = r.count(4 + 1 + 4, "the geometries")?;
    if count > n {
        return Err(invalid("the geometries"));
    }
    let mut shapes: Vec<(u32, Geometry)> = vec_for(count, "the geometries")?;
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
        if k as usize >= n || shapes.last().is_some_and(|(last, _)| *last >= k) {
            return Err(invalid("the geometries"));
        }
        shapes.push((k, shape));
    }
    Ok(shapes)
}
