//! Input as plain data: the glue turns pointer, wheel and key events into [`InputEvent`]s and
//! [`Gestures`] turns those into what the map should do — pan, zoom, click — with mouse, touch
//! and pen handled alike. Positions are CSS pixels relative to the canvas.

use crate::viewport::{screen_point, ScreenPoint};

/// A press that moves farther than this (CSS px) is a drag, not a click.
pub const CLICK_TOLERANCE_PX: f64 = 5.0;
/// Wheel movement (CSS px) that zooms by one level.
pub const WHEEL_PX_PER_ZOOM_LEVEL: f64 = 150.0;
/// How far an arrow key pans, in CSS px.
pub const KEY_PAN_PX: f64 = 80.0;

/// Keys the map reacts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// `+` or `=`.
    ZoomIn,
    /// `-`.
    ZoomOut,
    /// Escape.
    Escape,
    /// `N` or `]`: the keyboard focus to the next incident shown.
    Next,
    /// `P` or `[`: the keyboard focus to the previous incident shown.
    Previous,
    /// Enter or Space: open the focused incident.
    Open,
}

impl Key {
    /// The key for a DOM `KeyboardEvent`'s `key` and `code`. Letters are read by their place
    /// on the keyboard (`code`), so `N` and `P` work on Arabic and French layouts too.
    pub fn from_dom(key: &str, code: &str) -> Option<Key> {
        Some(match (key, code) {
            ("ArrowLeft", _) => Key::Left,
            ("ArrowRight", _) => Key::Right,
            ("ArrowUp", _) => Key::Up,
            ("ArrowDown", _) => Key::Down,
            ("+" | "=", _) => Key::ZoomIn,
            ("-" | "_", _) => Key::ZoomOut,
            ("Escape", _) => Key::Escape,
            ("Enter" | " ", _) => Key::Open,
            (_, "KeyN" | "BracketRight") => Key::Next,
            (_, "KeyP" | "BracketLeft") => Key::Previous,
            _ => return None,
        })
    }
}

/// The key a DOM `keydown` inside the widget means to the map: Escape (close what is open)
/// wherever the focus is in the widget, the others only while the map itself has the focus,
/// so that arrows still move the slider and Space still presses a button.
pub fn key_for(dom_key: &str, code: &str, on_map: bool) -> Option<Key> {
    Key::from_dom(dom_key, code).filter(|&key| on_map || key == Key::Escape)
}

/// CSS pixels per wheel "line" (`deltaMode` 1).
pub const WHEEL_LINE_PX: f64 = 40.0;
/// CSS pixels per wheel "page" (`deltaMode` 2).
pub const WHEEL_PAGE_PX: f64 = 800.0;

/// A wheel event's vertical movement in CSS pixels, from its `deltaY` and `deltaMode`.
pub fn wheel_delta_px(delta_y: f64, delta_mode: u32) -> f64 {
    delta_y
        * match delta_mode {
            1 => WHEEL_LINE_PX,
            2 => WHEEL_PAGE_PX,
            _ => 1.0,
        }
}

/// One input event, as the glue reports it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum InputEvent {
    /// A pointer (mouse button, finger, pen) went down.
    Down {
        /// The pointer's id.
        pointer: i32,
        /// Where.
        at: ScreenPoint,
    },
    /// A pointer moved.
    Move {
        /// The pointer's id.
        pointer: i32,
        /// Where.
        at: ScreenPoint,
    },
    /// A pointer went up.
    Up {
        /// The pointer's id.
        pointer: i32,
        /// Where.
        at: ScreenPoint,
    },
    /// A pointer was cancelled by the browser (e.g. a touch turned into a scroll).
    Cancel {
        /// The pointer's id.
        pointer: i32,
    },
    /// The wheel turned by `delta_px` (positive = towards the user = zoom out) over `at`.
    Wheel {
        /// Where the pointer is.
        at: ScreenPoint,
        /// Vertical wheel movement in CSS pixels.
        delta_px: f64,
    },
    /// A key was pressed while the map had focus.
    Key(Key),
}

/// What the map should do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Gesture {
    /// Move the map by this many CSS pixels.
    Pan {
        /// Rightwards.
        dx: f64,
        /// Downwards.
        dy: f64,
    },
    /// Zoom by `factor` (2 = one level in) around `anchor`.
    Zoom {
        /// The fixed point.
        anchor: ScreenPoint,
        /// The scale factor.
        factor: f64,
    },
    /// A click or tap at a position.
    Click(ScreenPoint),
    /// Zoom one level in or out around the centre (keyboard).
    ZoomCentre {
        /// The scale factor.
        factor: f64,
    },
    /// Close whatever is open.
    Dismiss,
    /// Two fingers moved: what was under `from` (their old midpoint) goes to `to` (the new one)
    /// and the map zooms by `factor` around it.
    Pinch {
        /// The fingers' old midpoint.
        from: ScreenPoint,
        /// Their new midpoint.
        to: ScreenPoint,
        /// New finger distance over old.
        factor: f64,
    },
}

#[derive(Clone, Copy, Debug)]
struct Pointer {
    id: i32,
    at: ScreenPoint,
    down_at: ScreenPoint,
}

/// Turns input events into gestures; keeps the pointers that are down.
#[derive(Clone, Debug, Default)]
pub struct Gestures {
    pointers: Vec<Pointer>,
    /// True once the current press has moved beyond the click tolerance or became a pinch.
    dragged: bool,
}

fn finite(p: ScreenPoint) -> bool {
    p.x.is_finite() && p.y.is_finite()
}

fn midpoint(a: ScreenPoint, b: ScreenPoint) -> ScreenPoint {
    screen_point((a.x + b.x) / 2.0, (a.y + b.y) / 2.0)
}

fn distance(a: ScreenPoint, b: ScreenPoint) -> f64 {
    (a.x - b.x).hypot(a.y - b.y)
}

impl Gestures {
    /// True while a pointer is down (the glue then tracks moves on the whole document).
    pub fn is_pressed(&self) -> bool {
        !self.pointers.is_empty()
    }

    /// Feeds one event; returns what the map should do, if anything.
    pub fn handle(&mut self, event: InputEvent) -> Option<Gesture> {
        match event {
            InputEvent::Down { pointer, at } if finite(at) => {
                self.pointers.retain(|p| p.id != pointer);
                if self.pointers.len() >= 2 {
                    return None;
                }
                // A second finger makes the press a pinch, never a click.
                self.dragged = !self.pointers.is_empty();
                self.pointers.push(Pointer {
                    id: pointer,
                    at,
                    down_at: at,
                });
                None
            }
            InputEvent::Move { pointer, at } if finite(at) => self.moved(pointer, at),
            InputEvent::Up { pointer, at } => {
                let released = self.pointers.iter().position(|p| p.id == pointer)?;
                let p = self.pointers.remove(released);
                let click = self.pointers.is_empty()
                    && !self.dragged
                    && finite(at)
                    && distance(at, p.down_at) <= CLICK_TOLERANCE_PX;
                click.then_some(Gesture::Click(at))
            }
            InputEvent::Cancel { pointer } => {
                self.pointers.retain(|p| p.id != pointer);
                self.dragged = true;
                None
            }
            InputEvent::Wheel { at, delta_px }
                if finite(at) && delta_px.is_finite() && delta_px != 0.0 =>
            {
                let levels = (-delta_px / WHEEL_PX_PER_ZOOM_LEVEL).clamp(-2.0, 2.0);
                Some(Gesture::Zoom {
                    anchor: at,
                    factor: levels.exp2(),
                })
            }
            InputEvent::Key(key) => Some(match key {
                Key::Left => Gesture::Pan {
                    dx: KEY_PAN_PX,
                    dy: 0.0,
                },
                Key::Right => Gesture::Pan {
                    dx: -KEY_PAN_PX,
                    dy: 0.0,
                },
                Key::Up => Gesture::Pan {
                    dx: 0.0,
                    dy: KEY_PAN_PX,
                },
                Key::Down => Gesture::Pan {
                    dx: 0.0,
                    dy: -KEY_PAN_PX,
                },
                Key::ZoomIn => Gesture::ZoomCentre { factor: 2.0 },
                Key::ZoomOut => Gesture::ZoomCentre { factor: 0.5 },
                Key::Escape => Gesture::Dismiss,
                // The widget's, not the map's: they move the keyboard focus.
                Key::Next | Key::Previous | Key::Open => return None,
            }),
            _ => None,
        }
    }

    fn moved(&mut self, pointer: i32, at: ScreenPoint) -> Option<Gesture> {
        let k = self.pointers.iter().position(|p| p.id == pointer)?;
        let before = self.pointers.clone();
        self.pointers[k].at = at;
        match (before.as_slice(), self.pointers.as_slice()) {
            ([old], [new]) => {
                if distance(new.at, new.down_at) > CLICK_TOLERANCE_PX {
                    self.dragged = true;
                }
                self.dragged.then_some(Gesture::Pan {
                    dx: new.at.x - old.at.x,
                    dy: new.at.y - old.at.y,
                })
            }
            ([a0, b0], [a1, b1]) => {
                self.dragged = true;
                let (d0, d1) = (distance(a0.at, b0.at), distance(a1.at, b1.at));
                (d0 >= 1.0 && d1 >= 1.0).then(|| Gesture::Pinch {
                    from: midpoint(a0.at, b0.at),
                    to: midpoint(a1.at, b1.at),
                    factor: d1 / d0,
                })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_works_anywhere_in_the_widget_and_the_rest_only_on_the_map() {
        assert_eq!(key_for("Escape", "Escape", false), Some(Key::Escape));
        assert_eq!(key_for("ArrowLeft", "ArrowLeft", true), Some(Key::Left));
        assert_eq!(
            key_for("ArrowLeft", "ArrowLeft", false),
            None,
            "the slider keeps its arrows"
        );
        assert_eq!(key_for("+", "Equal", true), Some(Key::ZoomIn));
        assert_eq!(key_for("a", "KeyA", true), None);
        assert_eq!(key_for(" ", "Space", false), None, "Space presses a button");
        assert_eq!(key_for("Enter", "Enter", true), Some(Key::Open));
    }

    #[test]
    fn focus_keys_are_read_by_their_place_on_the_keyboard() {
        assert_eq!(key_for("n", "KeyN", true), Some(Key::Next));
        assert_eq!(key_for("ى", "KeyN", true), Some(Key::Next), "Arabic layout");
        assert_eq!(key_for("]", "BracketRight", true), Some(Key::Next));
        assert_eq!(key_for("P", "KeyP", true), Some(Key::Previous));
        assert_eq!(key_for("[", "BracketLeft", true), Some(Key::Previous));
        assert_eq!(key_for("n", "KeyN", false), None, "typing in a field");
        let mut g = Gestures::default();
        assert_eq!(g.handle(InputEvent::Key(Key::Next)), None, "not a gesture");
    }

    #[test]
    fn wheel_lines_and_pages_become_pixels() {
        assert_eq!(wheel_delta_px(-3.0, 0), -3.0);
        assert_eq!(wheel_delta_px(3.0, 1), 120.0);
        assert_eq!(wheel_delta_px(1.0, 2), 800.0);
    }

    fn at(x: f64, y: f64) -> ScreenPoint {
        screen_point(x, y)
    }

    fn down(pointer: i32, x: f64, y: f64) -> InputEvent {
        InputEvent::Down {
            pointer,
            at: at(x, y),
        }
    }

    fn moved(pointer: i32, x: f64, y: f64) -> InputEvent {
        InputEvent::Move {
            pointer,
            at: at(x, y),
        }
    }

    fn up(pointer: i32, x: f64, y: f64) -> InputEvent {
        InputEvent::Up {
            pointer,
            at: at(x, y),
        }
    }

    #[test]
    fn a_still_press_is_a_click() {
        let mut g = Gestures::default();
        assert_eq!(g.handle(down(1, 10.0, 10.0)), None);
        assert_eq!(g.handle(moved(1, 12.0, 11.0)), None);
        assert_eq!(
            g.handle(up(1, 12.0, 11.0)),
            Some(Gesture::Click(at(12.0, 11.0)))
        );
        assert!(!g.is_pressed());
    }

    #[test]
    fn a_drag_pans_and_is_not_a_click() {
        let mut g = Gestures::default();
        g.handle(InputEvent::Down {
            pointer: 1,
            at: at(10.0, 10.0),
        });
        assert_eq!(
            g.handle(moved(1, 30.0, 5.0)),
            Some(Gesture::Pan { dx: 20.0, dy: -5.0 })
        );
        assert_eq!(
            g.handle(moved(1, 31.0, 5.0)),
            Some(Gesture::Pan { dx: 1.0, dy: 0.0 })
        );
        assert_eq!(g.handle(up(1, 10.0, 10.0)), None);
    }

    #[test]
    fn two_fingers_pinch() {
        let mut g = Gestures::default();
        g.handle(InputEvent::Down {
            pointer: 1,
            at: at(100.0, 100.0),
        });
        g.handle(InputEvent::Down {
            pointer: 2,
            at: at(200.0, 100.0),
        });
        assert_eq!(
            g.handle(moved(2, 300.0, 100.0)),
            Some(Gesture::Pinch {
                from: at(150.0, 100.0),
                to: at(200.0, 100.0),
                factor: 2.0
            })
        );
        g.handle(InputEvent::Up {
            pointer: 2,
            at: at(300.0, 100.0),
        });
        assert_eq!(
            g.handle(up(1, 100.0, 100.0)),
            None,
            "no click after a pinch"
        );
    }

    #[test]
    fn wheel_and_keys() {
        let mut g = Gestures::default();
        let zoom = g.handle(InputEvent::Wheel {
            at: at(5.0, 6.0),
            delta_px: -150.0,
        });
        assert_eq!(
            zoom,
            Some(Gesture::Zoom {
                anchor: at(5.0, 6.0),
                factor: 2.0
            })
        );
        assert_eq!(
            g.handle(InputEvent::Wheel {
                at: at(5.0, 6.0),
                delta_px: f64::NAN
            }),
            None
        );
        assert_eq!(
            g.handle(InputEvent::Key(Key::Escape)),
            Some(Gesture::Dismiss)
        );
        assert_eq!(Key::from_dom("+", "NumpadAdd"), Some(Key::ZoomIn));
        assert_eq!(Key::from_dom("a", "KeyA"), None);
    }

    #[test]
    fn stray_events_do_nothing() {
        let mut g = Gestures::default();
        assert_eq!(g.handle(up(9, 0.0, 0.0)), None);
        assert_eq!(g.handle(moved(9, 0.0, 0.0)), None);
        g.handle(InputEvent::Down {
            pointer: 1,
            at: at(f64::NAN, 0.0),
        });
        assert!(!g.is_pressed());
    }
}
