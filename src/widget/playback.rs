//! Playback's clock: how many days the window moves on each animation frame. A pure function
//! of the frame timestamps and the speed, so it is tested without a browser.

/// The longest gap between two frames that playback counts: a tab in the background gets no
/// frames, and coming back must not jump the window by minutes' worth of days.
pub const MAX_FRAME_GAP_MS: f64 = 250.0;

/// Whether playback runs, and the part of a day it has moved but not yet shown.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Playback {
    playing: bool,
    last_frame_ms: Option<f64>,
    carry_days: f64,
}

impl Playback {
    /// True while playing.
    pub fn is_playing(&self) -> bool {
        self.playing
    }

    /// Starts or stops; the clock starts again at the next frame.
    pub fn set_playing(&mut self, playing: bool) {
        *self = Playback {
            playing,
            ..Playback::default()
        };
    }

    /// The whole days to move at a frame stamped `now_ms` (the animation frame's timestamp),
    /// at `days_per_second`. The first frame after starting only starts the clock; the
    /// fraction of a day left over is carried to the next frame.
    pub fn advance(&mut self, now_ms: f64, days_per_second: f64) -> i32 {
        if !self.playing || !now_ms.is_finite() || !days_per_second.is_finite() {
            return 0;
        }
        let Some(last_ms) = self.last_frame_ms.replace(now_ms) else {
            return 0;
        };
        self.carry_days +=
            (now_ms - last_ms).clamp(0.0, MAX_FRAME_GAP_MS) / 1000.0 * days_per_second.max(0.0);
        let days = self.carry_days.floor();
        self.carry_days -= days;
        days as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_of_frames_moves_the_speed_in_days() {
        let mut p = Playback::default();
        assert_eq!(p.advance(0.0, 45.0), 0, "stopped: nothing moves");
        p.set_playing(true);
        let moved: i32 = (0..=60)
            .map(|k| p.advance(1000.0 + k as f64 * 1000.0 / 60.0, 45.0))
            .sum();
        // 45 days less a rounding error: the last part of a day waits in the carry.
        assert!(
            (44..=45).contains(&moved),
            "{moved} days in one second at 45 a second"
        );
        assert_eq!(
            p.advance(2_000.0 + 1000.0 / 60.0, 45.0),
            1,
            "the carry shows next"
        );
    }

    #[test]
    fn fractions_carry_and_long_gaps_count_as_a_quarter_second() {
        let mut p = Playback::default();
        p.set_playing(true);
        assert_eq!(p.advance(0.0, 14.0), 0, "the first frame starts the clock");
        assert_eq!(p.advance(50.0, 14.0), 0, "0.7 days");
        assert_eq!(
            p.advance(100.0, 14.0),
            1,
            "1.4 days: one shown, 0.4 carried"
        );
        assert_eq!(
            p.advance(10_100.0, 14.0),
            3,
            "a 10 s gap counts 250 ms: 3.5 + 0.4"
        );
        assert_eq!(
            p.advance(9_000.0, 14.0),
            0,
            "time going backwards moves nothing"
        );
        assert_eq!(p.advance(f64::NAN, 14.0), 0);
    }

    #[test]
    fn stopping_and_starting_again_restarts_the_clock() {
        let mut p = Playback::default();
        p.set_playing(true);
        p.advance(0.0, 240.0);
        p.set_playing(false);
        assert!(!p.is_playing());
        assert_eq!(p.advance(100.0, 240.0), 0);
        p.set_playing(true);
        assert_eq!(p.advance(5_000.0, 240.0), 0, "no jump over the pause");
        assert_eq!(p.advance(5_100.0, 240.0), 24);
    }
}
