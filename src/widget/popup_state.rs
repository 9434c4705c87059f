//! What a click opens and where the popup stands: the click rule (symbols before areas, a
//! chooser when several incidents are under the pointer) and the popup's placement beside its
//! anchor, kept inside the map.

use crate::projection::LonLat;
use crate::viewport::{screen_point, ScreenPoint};

/// The most incidents a chooser lists.
pub const MAX_CHOICES: usize = 40;
/// Gap between the anchor and the popup's near edge, CSS px.
pub const POPUP_GAP_PX: f64 = 14.0;
/// The least distance between the popup and the map's edges, CSS px.
pub const POPUP_MARGIN_PX: f64 = 6.0;

/// What the popup shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum PopupState {
    /// Nothing: closed.
    #[default]
    Closed,
    /// One incident, by its position in the data; it stands beside the incident's anchor.
    Incident(usize),
    /// A chooser between the incidents under a click (nearest symbol first), beside the place
    /// clicked, which it follows when the map pans or zooms.
    Choices {
        /// Every incident under the click, in the click rule's order.
        hits: Vec<usize>,
        /// Where the click was.
        at: LonLat,
    },
}

/// What a click on the map does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClickOutcome {
    /// Nothing is there: close the popup.
    Close,
    /// One incident: open it.
    Open(usize),
    /// Several: offer a choice.
    Choose(Vec<usize>),
}

/// The click rule. `hits` are the incidents under the pointer, nearest symbol first, then
/// areas. Areas lie under the points, so a click on a symbol is about the symbols only; a
/// click where no symbol is may be about the areas.
pub fn click_rule(mut hits: Vec<usize>, is_area: impl Fn(usize) -> bool) -> ClickOutcome {
    if hits.iter().any(|&i| !is_area(i)) {
        hits.retain(|&i| !is_area(i));
    }
    match hits.as_slice() {
        [] => ClickOutcome::Close,
        [one] => ClickOutcome::Open(*one),
        _ => ClickOutcome::Choose(hits),
    }
}

/// The top-left corner (CSS px in the map) of a popup of `size` beside `anchor`: to its right,
/// or to its left when it would not fit, vertically centred on it, and always inside `map`
/// (its width and height) by [`POPUP_MARGIN_PX`] where it fits at all.
pub fn place_popup(anchor: ScreenPoint, size: (f64, f64), map: (f64, f64)) -> ScreenPoint {
    let (w, h) = size;
    let (map_w, map_h) = map;
    let mut left = anchor.x + POPUP_GAP_PX;
    if left + w > map_w - POPUP_MARGIN_PX {
        left = anchor.x - POPUP_GAP_PX - w;
    }
    // max/min rather than clamp: a clamp with computed bounds keeps a panic whose message
    // would bring the float formatting code into the module.
    let inside = |v: f64, extent: f64, room: f64| {
        v.min(room - extent - POPUP_MARGIN_PX).max(POPUP_MARGIN_PX)
    };
    screen_point(inside(left, w, map_w), inside(anchor.y - h / 2.0, h, map_h))
}

#[cfg(test)]
mod tests {
    use super::*;

    const AREA: usize = 7;

    fn rule(hits: &[usize]) -> ClickOutcome {
        click_rule(hits.to_vec(), |i| i == AREA)
    }

    #[test]
    fn symbols_come_before_areas() {
        assert_eq!(rule(&[]), ClickOutcome::Close);
        assert_eq!(
            rule(&[AREA]),
            ClickOutcome::Open(AREA),
            "an area alone opens"
        );
        assert_eq!(
            rule(&[3, AREA]),
            ClickOutcome::Open(3),
            "a symbol over an area"
        );
        assert_eq!(
            rule(&[3, 4, AREA]),
            ClickOutcome::Choose(vec![3, 4]),
            "two symbols: a chooser without the area"
        );
    }

    #[test]
    fn several_areas_alone_offer_a_choice() {
        assert_eq!(
            click_rule(vec![1, 2], |_| true),
            ClickOutcome::Choose(vec![1, 2])
        );
    }

    #[test]
    fn the_popup_stands_right_of_its_anchor_or_left_when_it_does_not_fit() {
        let map = (800.0, 600.0);
        let right = place_popup(screen_point(100.0, 300.0), (200.0, 100.0), map);
        assert_eq!(right, screen_point(114.0, 250.0));
        let left = place_popup(screen_point(700.0, 300.0), (200.0, 100.0), map);
        assert_eq!(left, screen_point(486.0, 250.0));
    }

    #[test]
    fn the_popup_stays_inside_the_map() {
        let map = (800.0, 600.0);
        let top = place_popup(screen_point(100.0, 5.0), (200.0, 100.0), map);
        assert_eq!(top.y, POPUP_MARGIN_PX);
        let bottom = place_popup(screen_point(100.0, 598.0), (200.0, 100.0), map);
        assert_eq!(bottom.y, 600.0 - 100.0 - POPUP_MARGIN_PX);
        let off_left = place_popup(screen_point(-50.0, 300.0), (200.0, 100.0), map);
        assert_eq!(off_left.x, POPUP_MARGIN_PX, "an anchor left of the map");
        let huge = place_popup(screen_point(400.0, 300.0), (900.0, 700.0), map);
        assert_eq!(
            huge,
            screen_point(POPUP_MARGIN_PX, POPUP_MARGIN_PX),
            "too big: top-left"
        );
    }
}
