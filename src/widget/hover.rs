//! Hover: after the mouse rests on a symbol for [`HOVER_DELAY_MS`], a small tooltip shows the
//! incident's title and date. Moving to another symbol starts the wait again; leaving the map,
//! pressing a button or dragging hides it. A pure state machine over the pointer's positions
//! and the frame timestamps, so it is tested without a browser.

use crate::viewport::ScreenPoint;

/// How long the mouse rests on a symbol before its tooltip shows.
pub const HOVER_DELAY_MS: f64 = 150.0;

/// The symbol under the mouse, since when, and whether its tooltip shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hover {
    over: Option<(usize, f64)>,
    at: Option<ScreenPoint>,
    shown: bool,
}

impl Hover {
    /// The mouse is at `at` over the symbol `index` (`None`: over none) at `now_ms`.
    pub fn moved(&mut self, at: ScreenPoint, index: Option<usize>, now_ms: f64) {
        self.at = Some(at);
        match (index, self.over) {
            (Some(i), Some((j, _))) if i == j => {}
            (Some(i), _) => {
                self.over = Some((i, now_ms));
                self.shown = false;
            }
            (None, _) => self.clear(),
        }
    }

    /// Hides the tooltip and forgets the symbol (the mouse left, a button went down, the
    /// window or the view moved).
    pub fn clear(&mut self) {
        *self = Hover::default();
    }

    /// A frame at `now_ms`: the tooltip shows once the mouse has rested long enough. True
    /// when it just appeared.
    pub fn tick(&mut self, now_ms: f64) -> bool {
        match self.over {
            Some((_, since)) if !self.shown && now_ms - since >= HOVER_DELAY_MS => {
                self.shown = true;
                true
            }
            _ => false,
        }
    }

    /// True while a symbol is under the mouse and its tooltip is not shown yet: the glue keeps
    /// asking for frames until it is.
    pub fn is_waiting(&self) -> bool {
        self.over.is_some() && !self.shown
    }

    /// The incident whose tooltip shows, and where the mouse is.
    pub fn shown(&self) -> Option<(usize, ScreenPoint)> {
        match (self.over, self.at) {
            (Some((index, _)), Some(at)) if self.shown => Some((index, at)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::viewport::screen_point;

    #[test]
    fn the_tooltip_waits_for_the_mouse_to_rest_on_one_symbol() {
        let mut h = Hover::default();
        let at = screen_point(10.0, 20.0);
        h.moved(at, Some(3), 1_000.0);
        assert!(h.is_waiting());
        assert!(!h.tick(1_100.0), "100 ms: not yet");
        h.moved(screen_point(11.0, 20.0), Some(3), 1_120.0);
        assert!(
            h.tick(1_150.0),
            "150 ms on the same symbol, small moves included"
        );
        assert_eq!(h.shown(), Some((3, screen_point(11.0, 20.0))));
        assert!(!h.tick(1_200.0), "it appears once");
        assert!(!h.is_waiting());
        h.moved(at, Some(4), 1_300.0);
        assert_eq!(h.shown(), None, "another symbol starts the wait again");
        assert!(h.tick(1_450.0));
        assert_eq!(h.shown().map(|s| s.0), Some(4));
        h.moved(at, None, 1_500.0);
        assert_eq!(h.shown(), None, "off the symbols: hidden");
        assert!(!h.is_waiting());
    }

    #[test]
    fn clearing_hides_it_at_once() {
        let mut h = Hover::default();
        h.moved(screen_point(0.0, 0.0), Some(1), 0.0);
        h.tick(200.0);
        h.clear();
        assert_eq!(h.shown(), None);
        assert!(!h.tick(1_000.0));
    }
}
