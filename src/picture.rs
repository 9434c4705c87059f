//! The exported image (`toBlob`): the map's pixels as they are on the canvas, and below them a
//! band with the legend, the window's dates and the credits, laid out here as a list of draw
//! items that the glue paints with a 2D context (`drawImage`, `fillRect`, `fillText`).
//!
//! Text widths are estimated (the core cannot measure text): 0.6 of the font size a character,
//! generous for the Latin and Arabic labels of the legend, so a row never runs off the image.
//! The texts are gathered in one place, [`captions`], from the language tables ([`crate::i18n`]);
//! names (of the sources, the datasets) stay as they are in every language.

use crate::i18n::{self, Text};
use crate::incident::EventType;
use crate::lang::Lang;
use crate::raster::Rgba;
use crate::style;
use crate::widget::Widget;

/// The basemap outlines' source.
pub const BASEMAP_SOURCE: &str = "Natural Earth";
/// The source of the towns outside West Africa (CC BY 4.0 asks for the credit).
pub const TOWNS_SOURCE: &str = "SimpleMaps World Cities (CC BY 4.0)";
/// The project, whose record the embedded data is.
const PROJECT: &str = "incident-map";
/// ACLED, credited as it asks.
const ACLED: &str = "ACLED, Armed Conflict Location & Event Data (acleddata.com)";
/// UCDP's event dataset.
const UCDP: &str = "UCDP Georeferenced Event Dataset, Uppsala Conflict Data Program";

/// The band's background.
pub const BAND: Rgba = Rgba::opaque(255, 255, 255);
/// The line between the map and the band.
pub const RULE: Rgba = Rgba::opaque(200, 200, 200);
/// The legend's and the dates' text.
pub const INK: Rgba = Rgba::opaque(34, 34, 34);
/// The credits' text.
pub const MUTED: Rgba = Rgba::opaque(102, 102, 102);

/// Where the data came from, for the credit line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum DataSource {
    /// Nothing loaded.
    #[default]
    None,
    /// The embedded Mali record.
    Record,
    /// A file the importer read, by its format's name ("ACLED", "UCDP GED", "GeoJSON").
    File(String),
}

/// One thing to paint, in device pixels of the image.
#[derive(Clone, Debug, PartialEq)]
pub enum DrawItem<'a> {
    /// The canvas's pixels, unchanged, their top-left corner here.
    Map {
        /// Left.
        x: f64,
        /// Top.
        y: f64,
    },
    /// A filled rectangle.
    Rect {
        /// Left.
        x: f64,
        /// Top.
        y: f64,
        /// Width.
        width: f64,
        /// Height.
        height: f64,
        /// Fill.
        colour: Rgba,
    },
    /// One line of text, vertically centred on `y`.
    Text {
        /// Where the line starts (its left end, or its right end when `end`).
        x: f64,
        /// The line's middle.
        y: f64,
        /// The text.
        text: &'a str,
        /// The font size in device pixels.
        size_px: u32,
        /// Bold.
        bold: bool,
        /// Its colour.
        colour: Rgba,
        /// True for a right-to-left line: `x` is its right end.
        end: bool,
    },
}

/// The image: its size in device pixels and what to paint, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Picture<'a> {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
    /// What to paint, first to last.
    pub items: Vec<DrawItem<'a>>,
}

/// The band's texts.
#[derive(Clone, Debug, PartialEq)]
pub struct Captions {
    /// The legend: each event type shown, with its colour.
    pub legend: Vec<(&'static str, Rgba)>,
    /// The window: "11 Sep 2024 – 17 Sep 2024".
    pub dates: String,
    /// The credits, a line each.
    pub credits: Vec<String>,
    /// True for a right-to-left language.
    pub rtl: bool,
}

/// The credit line for the data, in `lang`.
fn data_credit(lang: Lang, source: &DataSource) -> Option<String> {
    let (key, name) = match source {
        DataSource::None => return None,
        DataSource::Record => (Text::CreditRecord, PROJECT),
        DataSource::File(format) => match format.as_str() {
            "ACLED" => (Text::CreditData, ACLED),
            "UCDP GED" => (Text::CreditData, UCDP),
            other => (Text::CreditFile, other),
        },
    };
    Some(i18n::say(lang, key, &[name]))
}

/// The credits for what the widget shows, in its language, a line each: the basemap's and
/// the towns' sources, and the data's. The exported image and the map's attribution line
/// both say them.
pub fn credits(widget: &Widget) -> Vec<String> {
    let lang = widget.lang();
    let basemap = i18n::say(lang, Text::CreditBasemap, &[BASEMAP_SOURCE, TOWNS_SOURCE]);
    let mut credits = vec![basemap];
    credits.extend(data_credit(lang, widget.data_source()));
    credits
}

/// What the band says for the widget as it is, in its language: the legend as the widget's
/// legend names the types (the types the filter hides left out; none when `legend` is false),
/// the time bar's dates and the credits.
pub fn captions(widget: &Widget, legend: bool) -> Captions {
    let (filter, lang) = (widget.map().filter(), widget.lang());
    let legend = if legend {
        EventType::ALL
            .into_iter()
            .filter(|t| !filter.hidden_types.contains(t))
            .map(|t| (i18n::event_type(lang, t), style::event_colour(t)))
            .collect()
    } else {
        Vec::new()
    };
    Captions {
        legend,
        dates: widget.window_text(),
        credits: credits(widget),
        rtl: lang.is_rtl(),
    }
}

/// The estimated width of `text` at `size` device pixels.
fn text_width(text: &str, size: f64) -> f64 {
    0.6 * size * text.chars().count() as f64
}

/// Lays out the image: the map of `map_width` × `map_height` device pixels at the top, then the
/// band, at `ratio` device pixels per CSS pixel. Right-to-left captions are mirrored.
pub fn layout(map_width: u32, map_height: u32, ratio: f64, captions: &Captions) -> Picture<'_> {
    let s = if ratio.is_finite() && ratio > 0.0 {
        ratio
    } else {
        1.0
    };
    let width = f64::from(map_width.max(1));
    let (pad, line, swatch) = (10.0 * s, 20.0 * s, 10.0 * s);
    let size = |css: f64| (css * s).round().max(1.0) as u32;
    let mut items = Vec::new();
    let mut y = f64::from(map_height) + pad + line / 2.0;
    // The legend: a swatch and a label per type, wrapped to the width.
    let mut x = pad;
    for (label, colour) in &captions.legend {
        let font = f64::from(size(12.0));
        let item = swatch + 5.0 * s + text_width(label, font) + 16.0 * s;
        if x > pad && x + item > width - pad {
            x = pad;
            y += line;
        }
        items.push(DrawItem::Rect {
            x,
            y: y - swatch / 2.0,
            width: swatch,
            height: swatch,
            colour: *colour,
        });
        items.push(text(x + swatch + 5.0 * s, y, label, size(12.0), false, INK));
        x += item;
    }
    if !captions.legend.is_empty() {
        y += line;
    }
    items.push(text(pad, y, &captions.dates, size(13.0), true, INK));
    for credit in &captions.credits {
        y += line;
        items.push(text(pad, y, credit, size(11.0), false, MUTED));
    }
    let height = (y + line / 2.0 + pad).ceil() as u32;
    let band = f64::from(height - map_height.min(height));
    let mut all = vec![
        DrawItem::Map { x: 0.0, y: 0.0 },
        DrawItem::Rect {
            x: 0.0,
            y: f64::from(map_height),
            width,
            height: band,
            colour: BAND,
        },
        DrawItem::Rect {
            x: 0.0,
            y: f64::from(map_height),
            width,
            height: s.max(1.0),
            colour: RULE,
        },
    ];
    if captions.rtl {
        items.iter_mut().for_each(|item| mirror(item, width));
    }
    all.extend(items);
    Picture {
        width: map_width.max(1),
        height,
        items: all,
    }
}

/// A line of text starting at `x`.
fn text(x: f64, y: f64, text: &str, size_px: u32, bold: bool, colour: Rgba) -> DrawItem<'_> {
    DrawItem::Text {
        x,
        y,
        text,
        size_px,
        bold,
        colour,
        end: false,
    }
}

/// Flips an item of the band left to right.
fn mirror(item: &mut DrawItem<'_>, width: f64) {
    match item {
        DrawItem::Rect { x, width: w, .. } => *x = width - *x - *w,
        DrawItem::Text { x, end, .. } => {
            *x = width - *x;
            *end = true;
        }
        DrawItem::Map { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widget::Options;

    fn captions_of(lang: Lang) -> Captions {
        let w = Widget::new(
            800.0,
            600.0,
            2.0,
            &Options {
                lang,
                ..Options::default()
            },
        );
        captions(&w, true)
    }

    fn texts<'a>(p: &Picture<'a>) -> Vec<&'a str> {
        p.items
            .iter()
            .filter_map(|i| match i {
                DrawItem::Text { text, .. } => Some(*text),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_map_comes_first_unchanged_and_the_band_below_it() {
        let c = captions_of(Lang::En);
        let p = layout(1600, 1200, 2.0, &c);
        assert_eq!(p.items[0], DrawItem::Map { x: 0.0, y: 0.0 });
        assert_eq!(p.width, 1600);
        assert!(p.height > 1200 + 100, "{}", p.height);
        for item in &p.items[1..] {
            let (top, bottom, left, right) = match item {
                DrawItem::Rect {
                    x,
                    y,
                    width,
                    height,
                    ..
                } => (*y, y + height, *x, x + width),
                DrawItem::Text {
                    x,
                    y,
                    size_px,
                    text,
                    ..
                } => {
                    let h = f64::from(*size_px) / 2.0;
                    (y - h, y + h, *x, x + text_width(text, f64::from(*size_px)))
                }
                DrawItem::Map { .. } => panic!("one map"),
            };
            assert!(top >= 1200.0 && bottom <= f64::from(p.height), "{item:?}");
            assert!(left >= 0.0 && right <= 1600.0, "{item:?}");
        }
        let t = texts(&p);
        for want in [
            "Battles",
            "Protests",
            "Strategic developments",
            "Basemap: Natural Earth",
        ] {
            assert!(t.iter().any(|s| s.contains(want)), "{want} in {t:?}");
        }
        assert!(
            t.contains(&c.dates.as_str()) && c.dates.contains(" – "),
            "{t:?}"
        );
        assert!(t
            .iter()
            .any(|s| s.starts_with("Data: incident-map’s record")));
        // In French the types and the credits follow the language tables.
        let fr = captions_of(Lang::Fr);
        let battles = i18n::event_type(Lang::Fr, EventType::Battles);
        assert!(fr.legend.iter().any(|(l, _)| *l == battles));
        assert!(
            fr.credits[0].starts_with("Fond de carte"),
            "{:?}",
            fr.credits
        );
        assert!(fr.credits[0].contains("Natural Earth"));
        let swatches = p
            .items
            .iter()
            .filter(|i| matches!(i, DrawItem::Rect { colour, .. } if *colour == style::event_colour(EventType::Battles)))
            .count();
        assert_eq!(swatches, 1);
    }

    #[test]
    fn a_narrow_map_wraps_the_legend_and_arabic_is_mirrored() {
        let (en, ar) = (captions_of(Lang::En), captions_of(Lang::Ar));
        let wide = layout(1600, 100, 1.0, &en);
        let narrow = layout(300, 100, 1.0, &en);
        assert!(narrow.height > wide.height, "more rows");
        let ar = layout(1600, 100, 1.0, &ar);
        let lines: Vec<(bool, f64, bool)> = ar
            .items
            .iter()
            .filter_map(|i| match i {
                DrawItem::Text { end, x, bold, .. } => Some((*end, *x, *bold)),
                _ => None,
            })
            .collect();
        assert!(lines.iter().all(|l| l.0), "all from the right: {lines:?}");
        let dates = lines.iter().find(|l| l.2).expect("the dates");
        assert_eq!(
            dates.1,
            1600.0 - 10.0,
            "the dates start at the right margin"
        );
    }

    #[test]
    fn hidden_types_leave_the_legend_and_no_legend_keeps_dates_and_credits() {
        let mut w = Widget::new(800.0, 600.0, 1.0, &Options::default());
        let mut filter = w.map().filter().clone();
        filter.hidden_types = vec![EventType::Battles];
        w.set_filter(filter);
        let c = captions(&w, true);
        assert_eq!(c.legend.len(), EventType::ALL.len() - 1);
        assert!(!c.legend.iter().any(|(l, _)| *l == "Battles"));
        let bare = captions(&w, false);
        assert!(bare.legend.is_empty() && !bare.dates.is_empty() && bare.credits.len() == 2);
        let p = layout(800, 600, 1.0, &bare);
        assert!(p.height > 600 && texts(&p).len() == 3);
    }

    #[test]
    fn each_source_has_its_credit() {
        assert_eq!(data_credit(Lang::En, &DataSource::None), None);
        for (format, says) in [
            ("ACLED", "Data: ACLED, Armed Conflict"),
            ("UCDP GED", "Uppsala"),
            ("GeoJSON", "Data: a GeoJSON file"),
        ] {
            let line = data_credit(Lang::En, &DataSource::File(format.into())).expect("a line");
            assert!(line.contains(says), "{line}");
        }
        let ar = data_credit(Lang::Ar, &DataSource::File("ACLED".into())).expect("a line");
        assert!(ar.starts_with("البيانات: ACLED"), "{ar}");
    }
}
