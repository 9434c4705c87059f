//! `decimal::parse` never panics, and agrees with `str::parse::<f64>` on the same (trimmed, as
//! every caller trims) text: both accept it or both refuse it; NaN for NaN; and the values as
//! close as the module's doc promises ([`allowed_ulps`]).
#![no_main]

use incident_map::decimal::parse;
use libfuzzer_sys::fuzz_target;

/// How far the slow path (more than 19 significant digits, or a decimal exponent past ±22) may
/// land from the correctly rounded value, in units in the last place ("about ten"; the most
/// seen in 8 million random numbers was 9).
const SLOW_PATH_ULPS: u64 = 16;

/// The distance between two values in representable steps (infinity is one past `f64::MAX`).
fn ulps(a: f64, b: f64) -> u64 {
    // Ordered so that the bit patterns of both signs count up together (and -0 is +0).
    let key = |x: f64| {
        let bits = x.to_bits() as i64;
        if bits < 0 {
            i64::MIN - bits
        } else {
            bits
        }
    };
    key(a).abs_diff(key(b))
}

/// The significant digits and the decimal exponent (the written one less the digits after the
/// point) of `[sign]digits[.digits][(e|E)[sign]digits]`; `None` for any other text.
fn shape(text: &str) -> Option<(usize, i64)> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (digits, written) = match unsigned.split_once(['e', 'E']) {
        Some((digits, exponent)) => (digits, exponent.parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all = [int, frac].concat();
    all.bytes().all(|b| b.is_ascii_digit()).then_some(())?;
    let significant = all.trim_start_matches('0').len();
    Some((significant, written.saturating_sub(frac.len() as i64)))
}

/// What the module's doc promises for `text`: bit for bit with at most 15 significant digits
/// and an exponent within ±22, one unit with 16 to 19 digits, [`SLOW_PATH_ULPS`] otherwise.
fn allowed_ulps(text: &str) -> u64 {
    match shape(text) {
        Some((digits, exponent)) if (-22..=22).contains(&exponent) && digits <= 15 => 0,
        Some((digits, exponent)) if (-22..=22).contains(&exponent) && digits <= 19 => 1,
        _ => SLOW_PATH_ULPS,
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse(&text);
    let text = text.trim();
    match (parse(text), text.parse::<f64>().ok()) {
        (None, None) => {}
        (Some(a), Some(b)) if a.is_nan() || b.is_nan() => {
            assert!(a.is_nan() && b.is_nan(), "{text:?}: {a} vs {b}");
        }
        (Some(a), Some(b)) => {
            let (off, allowed) = (ulps(a, b), allowed_ulps(text));
            assert!(
                off <= allowed,
                "{text:?}: {a:e} vs {b:e}, {off} units in the last place (at most {allowed})"
            );
        }
        (a, b) => panic!("{text:?}: decimal::parse {a:?}, str::parse {b:?}"),
    }
});
