//! Deep links: the view, the window, the selection, the language and the filter kept in the
//! page's address (`location.hash`) when the page turns on the `hash` option, so a link to a
//! moment can be shared and back and forward walk through what the reader did.
//!
//! The format, e.g.
//! `#map=6.00/12.6500/-8.0000&window=2024-08-18/2024-09-17&lang=fr&select=bamako-2024-09-17-airport&hide=bp&actor=wagner&deaths=5&exact=1`:
//!
//! | key | value |
//! |---|---|
//! | `map` | zoom / latitude / longitude (as OpenStreetMap writes it), 2 and 4 decimals |
//! | `window` | the window's first and last day, ISO |
//! | `lang` | `en`, `fr` or `ar` |
//! | `select` | the open incident's id, percent-encoded |
//! | `hide` | the hidden event types, one letter each ([`type_code`]) |
//! | `actor`, `deaths`, `exact` | the actor text (percent-encoded), the least death toll, `1` for exact places only |
//!
//! Reading is lenient: a part that cannot be read (unknown key, bad number, a date that does not
//! exist, a position off the map, broken percent-encoding) is left out and the others still
//! count; nothing panics. Numbers are written with integer arithmetic and read with
//! [`crate::decimal::parse`], so the widget's module carries no float formatting.

use super::Widget;
use crate::decimal;
use crate::filter::Filter;
use crate::incident::EventType;
use crate::lang::Lang;
use crate::projection::{lon_lat, LonLat};
use crate::timeline::{Day, TimeWindow};
use crate::viewport::fixed_decimals;

/// The least time between two `replaceState` calls (browsers throttle pages that call it more
/// than a few hundred times in ten seconds; playback would).
pub const REPLACE_GAP_MS: f64 = 200.0;

/// What a deep link holds. Every part is optional: a link may set some and leave the rest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeepLink {
    /// The view's centre and zoom.
    pub view: Option<(LonLat, f64)>,
    /// The time window.
    pub window: Option<TimeWindow>,
    /// The language.
    pub lang: Option<Lang>,
    /// The open incident's id.
    pub selected: Option<String>,
    /// The filter (its parts left out are off).
    pub filter: Filter,
}

/// How the address follows a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryStep {
    /// A new history entry (`pushState`): an incident was selected.
    Push,
    /// The current entry changes (`replaceState`): dragging, zooming, the slider, the rest.
    Replace,
}

/// The letter for an event type in `hide`.
pub fn type_code(t: EventType) -> char {
    match t {
        EventType::Battles => 'b',
        EventType::ExplosionsRemoteViolence => 'e',
        EventType::ViolenceAgainstCivilians => 'v',
        EventType::Protests => 'p',
        EventType::Riots => 'r',
        EventType::StrategicDevelopments => 's',
        EventType::Other => 'o',
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
#[inline(never)]
fn encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// Decodes `%XX` escapes; `None` when one is broken or the bytes are not UTF-8.
#[inline(never)]
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut k = 0;
    while k < bytes.len() {
        if bytes[k] == b'%' {
            let hex = text.get(k + 1..k + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            k += 3;
        } else {
            out.push(bytes[k]);
            k += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `zoom/lat/lon` on the map, each within its range. One call of the decimal parser, in a
/// loop: the widget's module would otherwise hold it three times, inlined.
fn read_view(value: &str) -> Option<(LonLat, f64)> {
    const RANGES: [f64; 3] = [30.0, 90.0, 180.0];
    let mut numbers = [0.0; 3];
    let mut parts = value.split('/');
    for (number, max) in numbers.iter_mut().zip(RANGES) {
        *number = decimal::parse(parts.next()?).filter(|v| (-max..=max).contains(v))?;
    }
    let [zoom, lat, lon] = numbers;
    (parts.next().is_none() && zoom >= 0.0).then_some((lon_lat(lon, lat), zoom))
}

/// `start/end`, two ISO days.
fn read_window(value: &str) -> Option<TimeWindow> {
    let mut days = [Day(0); 2];
    let mut parts = value.split('/');
    for day in &mut days {
        *day = Day::parse_date(parts.next()?).ok()?;
    }
    parts
        .next()
        .is_none()
        .then(|| TimeWindow::new(days[0], days[1]))
}

impl DeepLink {
    /// Reads a hash (with or without its `#`); what cannot be read is left out.
    #[inline(never)]
    pub fn parse(hash: &str) -> DeepLink {
        let mut link = DeepLink::default();
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        for part in hash.split('&') {
            let Some((key, value)) = part.split_once('=') else {
                continue;
            };
            match key {
                "map" => link.view = read_view(value).or(link.view),
                "window" => link.window = read_window(value).or(link.window),
                "lang" => link.lang = Lang::from_code(value).or(link.lang),
                "select" => {
                    link.selected = decode(value).filter(|id| !id.is_empty()).or(link.selected)
                }
                "hide" => {
                    link.filter.hidden_types = EventType::ALL
                        .into_iter()
                        .filter(|&t| value.bytes().any(|b| char::from(b) == type_code(t)))
                        .collect()
                }
                "actor" => {
                    if let Some(actor) = decode(value) {
                        link.filter.actor = actor;
                    }
                }
                "deaths" => {
                    if let Ok(min) = value.parse() {
                        link.filter.min_deaths = min;
                    }
                }
                "exact" => link.filter.exact_only = value == "1",
                _ => {}
            }
        }
        link
    }

    /// True when the link sets nothing (an empty hash, or a page's own anchor such as `#top`).
    pub fn is_empty(&self) -> bool {
        *self == DeepLink::default()
    }

    /// The hash, `#` first; parts left out or off are not written. Built with `push_str`, not
    /// `format!`: a third of the code in the widget's module.
    #[inline(never)]
    pub fn to_hash(&self) -> String {
        let mut out = String::from("#");
        let mut part = |key: &str, value: &str| {
            if out.len() > 1 {
                out.push('&');
            }
            out.push_str(key);
            out.push('=');
            out.push_str(value);
        };
        if let Some((centre, zoom)) = self.view {
            let numbers = [(zoom, 2), (centre.lat, 4), (centre.lon, 4)];
            let numbers = numbers.map(|(v, decimals)| fixed_decimals(v, decimals));
            part("map", &numbers.join("/"));
        }
        if let Some(w) = self.window {
            part("window", &[w.start.to_iso(), w.end.to_iso()].join("/"));
        }
        if let Some(lang) = self.lang {
            part("lang", lang.code());
        }
        if let Some(id) = &self.selected {
            part("select", &encode(id));
        }
        let f = &self.filter;
        if !f.hidden_types.is_empty() {
            let codes: String = EventType::ALL
                .into_iter()
                .filter(|t| f.hidden_types.contains(t))
                .map(type_code)
                .collect();
            part("hide", &codes);
        }
        if !f.actor.is_empty() {
            part("actor", &encode(&f.actor));
        }
        if f.min_deaths > 0 {
            part("deaths", &f.min_deaths.to_string());
        }
        if f.exact_only {
            part("exact", "1");
        }
        out
    }
}

impl Widget {
    /// What a deep link to the widget as it is now holds.
    #[inline(never)]
    pub fn deep_link(&self) -> DeepLink {
        let view = self.map.view();
        DeepLink {
            view: Some((view.centre(), view.zoom())),
            window: Some(self.map.window()),
            lang: Some(self.lang),
            selected: self.selected_id().map(str::to_string),
            filter: self.map.filter().clone(),
        }
    }

    /// Shows what `link` holds: its language, filter, window and view when it sets them (a view
    /// is then kept when data loads, as one the page set), and its selection (none closes the popup; an id the data does not have is ignored).
    #[inline(never)]
    pub fn follow_link(&mut self, link: &DeepLink) {
        if let Some(lang) = link.lang {
            self.set_lang(lang);
        }
        self.set_filter(link.filter.clone());
        if let Some(window) = link.window {
            if window != self.map.window() {
                self.set_time_window(window);
            }
        }
        if let Some((centre, zoom)) = link.view {
            // As the page's setView: loaded data no longer moves it.
            self.set_view(Some(centre), Some(zoom));
        }
        match &link.selected {
            Some(id) if self.selected_id() != Some(id) => {
                let _ = self.select(Some(id));
            }
            Some(_) => {}
            None => self.close(),
        }
    }
}

/// Keeps the address in step with the widget: which history call a change needs, at most one
/// `replaceState` per [`REPLACE_GAP_MS`].
#[derive(Clone, Debug, Default)]
pub struct HashSync {
    /// What the address holds (as the widget last wrote or read it).
    shown: DeepLink,
    /// What the widget showed when it was made: what an entry without a link of ours means.
    opening: DeepLink,
    /// When the address was last written.
    written_ms: f64,
    /// True when a change waits for the gap to pass.
    pending: bool,
}

impl HashSync {
    /// For a widget made from an address holding `read`, and showing `now` after following
    /// it. An address with no link of ours is left as it is until the reader changes something.
    pub fn new(read: DeepLink, now: DeepLink) -> HashSync {
        HashSync {
            shown: if read.is_empty() { now.clone() } else { read },
            opening: now,
            written_ms: f64::NEG_INFINITY,
            pending: false,
        }
    }

    /// What to show for a link read from the address on `popstate` or `hashchange`: the link,
    /// or, when it holds nothing of ours (the entry the page opened with, before any change was
    /// written), what the widget showed when it was made.
    pub fn to_follow(&self, read: DeepLink) -> DeepLink {
        if read.is_empty() {
            self.opening.clone()
        } else {
            read
        }
    }

    /// The address now holds `link` (read from it on `popstate` or `hashchange`).
    pub fn followed(&mut self, link: DeepLink) {
        self.shown = link;
        self.pending = false;
    }

    /// The widget shows `now` at `now_ms`: the hash to write and how, if the address must
    /// change now. A selection of another incident is a new entry, written at once; other
    /// changes replace the entry, no sooner than [`REPLACE_GAP_MS`] after the last write (until
    /// then [`HashSync::is_pending`] is true and the glue asks again on the next frame).
    pub fn update(&mut self, now: DeepLink, now_ms: f64) -> Option<(String, HistoryStep)> {
        if now == self.shown {
            self.pending = false;
            return None;
        }
        let step = if now.selected.is_some() && now.selected != self.shown.selected {
            HistoryStep::Push
        } else if now_ms - self.written_ms < REPLACE_GAP_MS {
            self.pending = true;
            return None;
        } else {
            HistoryStep::Replace
        };
        let hash = now.to_hash();
        self.shown = now;
        self.written_ms = now_ms;
        self.pending = false;
        Some((hash, step))
    }

    /// True while a change waits to be written.
    pub fn is_pending(&self) -> bool {
        self.pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widget::Options;

    fn day(iso: &str) -> Day {
        Day::parse_date(iso).expect("date")
    }

    fn bamako_link() -> DeepLink {
        DeepLink {
            view: Some((lon_lat(-8.0028, 12.6392), 9.25)),
            window: Some(TimeWindow::new(day("2024-08-18"), day("2024-09-17"))),
            lang: Some(Lang::Fr),
            selected: Some("bamako-2024-09-17-airport".into()),
            filter: Filter {
                hidden_types: vec![EventType::Battles, EventType::Protests],
                actor: "Wagner Group / الفاغنر".into(),
                min_deaths: 5,
                exact_only: true,
            },
        }
    }

    #[test]
    fn a_link_prints_as_documented_and_reads_back() {
        let link = bamako_link();
        let hash = link.to_hash();
        assert_eq!(
            hash,
            "#map=9.25/12.6392/-8.0028&window=2024-08-18/2024-09-17&lang=fr\
             &select=bamako-2024-09-17-airport&hide=bp\
             &actor=Wagner%20Group%20%2F%20%D8%A7%D9%84%D9%81%D8%A7%D8%BA%D9%86%D8%B1&deaths=5&exact=1"
        );
        assert_eq!(DeepLink::parse(&hash), link);
        assert_eq!(DeepLink::default().to_hash(), "#");
        assert!(DeepLink::parse("#").is_empty());
        assert!(DeepLink::parse("#top").is_empty(), "a page's own anchor");
    }

    #[test]
    fn a_broken_part_is_left_out_and_the_others_count() {
        let link = DeepLink::parse(
            "#map=6/12.5/x&window=2024-02-30/2024-03-01&lang=de&select=%E2%28&hide=bzz\
             &deaths=-3&actor=%zz&exact=yes&&=&window&junk=1&select=ok%20id",
        );
        assert_eq!(link.view, None, "a coordinate that is not a number");
        assert_eq!(link.window, None, "30 February");
        assert_eq!(link.lang, None);
        assert_eq!(
            link.selected.as_deref(),
            Some("ok id"),
            "the last readable id"
        );
        assert_eq!(link.filter.hidden_types, vec![EventType::Battles]);
        assert_eq!(link.filter.min_deaths, 0);
        assert_eq!(link.filter.actor, "");
        assert!(!link.filter.exact_only);
        for off_the_map in [
            "map=6/95/0",
            "map=6/0/181",
            "map=99/0/0",
            "map=NaN/0/0",
            "map=6/inf/0",
        ] {
            assert_eq!(DeepLink::parse(off_the_map).view, None, "{off_the_map}");
        }
        assert_eq!(DeepLink::parse("map=6/1/2/3").view, None, "a fourth number");
        let reversed = DeepLink::parse("window=2024-09-17/2024-08-18").window;
        assert_eq!(
            reversed,
            Some(TimeWindow::new(day("2024-08-18"), day("2024-09-17")))
        );
    }

    #[test]
    fn the_widget_follows_a_link_and_gives_it_back() {
        let mut w = Widget::new(800.0, 600.0, 1.0, &Options::default());
        let link = bamako_link();
        w.follow_link(&DeepLink {
            filter: Filter::default(),
            ..link.clone()
        });
        let back = w.deep_link();
        assert_eq!(back.window, link.window);
        assert_eq!(back.lang, Some(Lang::Fr));
        assert_eq!(back.selected, link.selected);
        let ((centre, zoom), (want, want_zoom)) = (back.view.expect("view"), link.view.expect("v"));
        assert!((centre.lon - want.lon).abs() < 1e-9 && (centre.lat - want.lat).abs() < 1e-9);
        assert!((zoom - want_zoom).abs() < 1e-9);
        // A link without a selection closes the popup; one with an unknown id changes nothing.
        w.follow_link(&DeepLink::default());
        assert_eq!(w.selected_id(), None);
        w.follow_link(&DeepLink {
            selected: Some("no-such-incident".into()),
            ..DeepLink::default()
        });
        assert_eq!(w.selected_id(), None);
        // The filter follows too, and hides the Battles of the record.
        let before = w.map().visible_count();
        w.follow_link(&DeepLink {
            filter: Filter {
                hidden_types: vec![EventType::Battles],
                ..Filter::default()
            },
            ..DeepLink::default()
        });
        assert_eq!(w.deep_link().filter.hidden_types, vec![EventType::Battles]);
        assert!(w.map().visible_count() <= before);
    }

    #[test]
    fn selections_push_other_changes_replace_at_most_every_gap() {
        let start = bamako_link();
        let mut sync = HashSync::new(start.clone(), start.clone());
        assert_eq!(sync.update(start.clone(), 0.0), None, "nothing changed");
        let mut panned = start.clone();
        panned.view = Some((lon_lat(-7.0, 12.0), 9.25));
        let (hash, step) = sync.update(panned.clone(), 1000.0).expect("written");
        assert_eq!((hash, step), (panned.to_hash(), HistoryStep::Replace));
        let mut further = panned.clone();
        further.view = Some((lon_lat(-6.0, 12.0), 9.25));
        assert_eq!(sync.update(further.clone(), 1100.0), None, "too soon");
        assert!(sync.is_pending());
        let written = sync.update(further.clone(), 1000.0 + REPLACE_GAP_MS);
        assert_eq!(written.map(|w| w.1), Some(HistoryStep::Replace));
        assert!(!sync.is_pending());
        let mut other = further.clone();
        other.selected = Some("another".into());
        let pushed = sync.update(other.clone(), 1250.0);
        assert_eq!(
            pushed.map(|w| w.1),
            Some(HistoryStep::Push),
            "at once, even within the gap"
        );
        let mut closed = other;
        closed.selected = None;
        let replaced = sync.update(closed.clone(), 2000.0);
        assert_eq!(
            replaced.map(|w| w.1),
            Some(HistoryStep::Replace),
            "closing is no entry"
        );
        sync.followed(start.clone());
        assert_eq!(
            sync.update(start, 2001.0),
            None,
            "what was read is not written back"
        );
    }

    #[test]
    fn an_address_without_a_link_is_left_alone_and_means_the_opening_state() {
        let opening = bamako_link();
        let mut sync = HashSync::new(DeepLink::parse("#top"), opening.clone());
        assert_eq!(
            sync.update(opening.clone(), 0.0),
            None,
            "nothing written at load"
        );
        let mut selected = opening.clone();
        selected.selected = Some("another".into());
        assert_eq!(
            sync.update(selected, 10.0).map(|w| w.1),
            Some(HistoryStep::Push)
        );
        // Back to the entry the page opened with: no link of ours, so the opening state.
        assert_eq!(sync.to_follow(DeepLink::parse("")), opening);
        let read = DeepLink::parse("#lang=ar");
        assert_eq!(sync.to_follow(read.clone()), read);
        // A page opened with a partial link gets the whole state written at once, in place.
        let opening = DeepLink {
            selected: None,
            ..opening
        };
        let mut sync = HashSync::new(read, opening.clone());
        assert_eq!(
            sync.update(opening, 0.0).map(|w| w.1),
            Some(HistoryStep::Replace)
        );
    }

    /// Property tests (native only: proptest does not target wasm32-unknown-unknown).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn any_link() -> impl Strategy<Value = DeepLink> {
            (
                proptest::option::of((-180.0..=180.0f64, -85.0..=85.0f64, 2.0..=17.0f64)),
                proptest::option::of((-20_000..40_000i32, 0..5000i32)),
                proptest::option::of(0..3usize),
                proptest::option::of("\\PC{1,20}"),
                (
                    proptest::collection::vec(0..7usize, 0..7),
                    "\\PC{0,12}",
                    0..10_000u32,
                    any::<bool>(),
                ),
            )
                .prop_map(
                    |(view, window, lang, selected, (types, actor, min_deaths, exact_only))| {
                        let hidden_types: Vec<EventType> = EventType::ALL
                            .into_iter()
                            .enumerate()
                            .filter(|(k, _)| types.contains(k))
                            .map(|(_, t)| t)
                            .collect();
                        DeepLink {
                            view: view.map(|(lon, lat, zoom)| (lon_lat(lon, lat), zoom)),
                            window: window.map(|(s, n)| TimeWindow::new(Day(s), Day(s + n))),
                            lang: lang.map(|k| [Lang::En, Lang::Fr, Lang::Ar][k]),
                            selected,
                            filter: Filter {
                                hidden_types,
                                actor,
                                min_deaths,
                                exact_only,
                            },
                        }
                    },
                )
        }

        proptest! {
            /// Printing, reading and printing again gives the same hash, and what was read is the
            /// link, its numbers to the decimals written.
            #[test]
            fn round_trip(link in any_link()) {
                let hash = link.to_hash();
                let read = DeepLink::parse(&hash);
                prop_assert_eq!(read.to_hash(), hash);
                prop_assert_eq!(&read.window, &link.window);
                prop_assert_eq!(&read.selected, &link.selected);
                prop_assert_eq!(&read.filter, &link.filter);
                prop_assert_eq!(read.lang, link.lang);
                match (read.view, link.view) {
                    (Some((c, z)), Some((want, want_zoom))) => {
                        prop_assert!((c.lon - want.lon).abs() <= 0.00005 + 1e-9);
                        prop_assert!((c.lat - want.lat).abs() <= 0.00005 + 1e-9);
                        prop_assert!((z - want_zoom).abs() <= 0.005 + 1e-9);
                    }
                    (read, want) => prop_assert_eq!(read.is_some(), want.is_some()),
                }
            }

            /// Garbage never panics, and what it yields prints and reads back to itself.
            #[test]
            fn garbage_is_read_part_by_part(hash in "#?(((map|window|select|lang|hide|actor|deaths|exact|[a-z]{0,4})=?[-0-9./%A-Za-z&=éب]{0,24})&?){0,6}") {
                let link = DeepLink::parse(&hash);
                let again = DeepLink::parse(&link.to_hash());
                prop_assert_eq!(again.to_hash(), link.to_hash());
            }

            /// Any text at all, bytes included, is read without a panic.
            #[test]
            fn any_text_is_read(hash in "\\PC{0,80}") {
                let _ = DeepLink::parse(&hash);
            }
        }
    }
}
