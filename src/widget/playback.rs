//! Playback's clock: how many days the window moves on each animation frame, at which speed,
//! and whether it loops. A pure function of the frame timestamps, the data's span and the
//! speed, so it is tested without a browser.

/// The longest gap between two frames that playback counts: a tab in the background gets no
/// frames, and coming back must not jump the window by minutes' worth of days.
pub const MAX_FRAME_GAP_MS: f64 = 250.0;

/// The speeds offered, as multiples of the default.
pub const SPEEDS: [f64; 5] = [0.5, 1.0, 2.0, 4.0, 8.0];

/// At 1× playback crosses the whole data in about this many seconds, whatever its span.
pub const CROSSING_SECONDS: f64 = 30.0;

/// The slowest playback at 1×, in days per second: a span of a few weeks still moves visibly.
const MIN_DAYS_PER_SECOND: f64 = 1.0;

/// Whether playback runs, how fast, whether it loops, and the part of a day it has moved but
/// not yet shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Playback {
    playing: bool,
    last_frame_ms: Option<f64>,
    carry_days: f64,
    speed: f64,
    looping: bool,
}

impl Default for Playback {
    fn default() -> Self {
        Playback {
            playing: false,
            last_frame_ms: None,
            carry_days: 0.0,
            speed: 1.0,
            looping: false,
        }
    }
}

impl Playback {
    /// The speed, a multiple of the default (one of [`SPEEDS`]).
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Sets the speed; refused (false) unless it is one of [`SPEEDS`].
    pub fn set_speed(&mut self, speed: f64) -> bool {
        let known = SPEEDS.contains(&speed);
        if known {
            self.speed = speed;
        }
        known
    }

    /// True when playback starts again from the beginning at the end.
    pub fn is_looping(&self) -> bool {
        self.looping
    }

    /// Turns looping on or off.
    pub fn set_looping(&mut self, looping: bool) {
        self.looping = looping;
    }

    /// Days per second for data spanning `span_days`: the span in [`CROSSING_SECONDS`] at 1×,
    /// times the speed.
    pub fn days_per_second(&self, span_days: i32) -> f64 {
        (f64::from(span_days.max(0)) / CROSSING_SECONDS).max(MIN_DAYS_PER_SECOND) * self.speed
    }

    /// True while playing.
    pub fn is_playing(&self) -> bool {
        self.playing
    }

    /// Starts or stops; the clock starts again at the next frame. Speed and looping stay.
    pub fn set_playing(&mut self, playing: bool) {
        self.playing = playing;
        self.last_frame_ms = None;
        self.carry_days = 0.0;
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

    #[test]
    fn the_default_crosses_any_span_in_thirty_seconds_and_speeds_multiply_it() {
        let mut p = Playback::default();
        let span = 4_400; // 2012–2024
        assert_eq!(p.days_per_second(span) * CROSSING_SECONDS, span as f64);
        assert_eq!(
            p.days_per_second(10),
            1.0,
            "a short span still moves a day a second"
        );
        assert!(p.set_speed(4.0));
        assert_eq!(
            p.days_per_second(span),
            4.0 * span as f64 / CROSSING_SECONDS
        );
        assert!(!p.set_speed(3.0), "only the offered speeds");
        assert!(!p.set_speed(f64::NAN));
        assert_eq!(p.speed(), 4.0);
        p.set_looping(true);
        p.set_playing(true);
        p.set_playing(false);
        assert_eq!(
            (p.speed(), p.is_looping()),
            (4.0, true),
            "kept across play and pause"
        );
    }
}
