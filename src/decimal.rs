//! Decimal text to `f64`, for CSV fields and DOM attributes, without the standard library's
//! float parser: that one is exact for every input but brings about 10 kB of power-of-five
//! tables into the module, which is a tenth of its size budget.
//!
//! The grammar is the standard library's (`-12.5`, `+3`, `.5`, `5.`, `1e-3`, `inf`, `NaN`).
//! How close it reads to `str::parse` (checked by the `decimal` fuzz target, `fuzz/`):
//! - at most 15 significant digits (a mantissa below 2^53) and a decimal exponent within ±22
//!   (the counts, codes and coordinates data files hold): exactly, correctly rounded, bit for
//!   bit;
//! - 16 to 19 significant digits, exponent within ±22 (a float printed in full, such as
//!   Python's `12.639212345678901`): within one unit in the last place;
//! - anything else (more digits, exponents past ±22, subnormals): within about ten units in
//!   the last place, where a result past `f64::MAX` by rounding may be infinity. Exponents
//!   saturate at a million, so a text with a million digits may read wrongly.

/// Exact powers of ten as `f64` (10^22 is the largest one that is).
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Reads `text` as a decimal number; `None` when it is not one (surrounding spaces included).
pub fn parse(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude =
        if unsigned.eq_ignore_ascii_case("inf") || unsigned.eq_ignore_ascii_case("infinity") {
            f64::INFINITY
        } else if unsigned.eq_ignore_ascii_case("nan") {
            f64::NAN
        } else {
            finite(unsigned.as_bytes())?
        };
    Some(if negative { -magnitude } else { magnitude })
}

/// `digits[.digits][(e|E)[sign]digits]`, at least one digit before the exponent.
fn finite(bytes: &[u8]) -> Option<f64> {
    let mut mantissa: u64 = 0;
    let mut significant = 0;
    let mut exponent: i64 = 0;
    let mut any_digit = false;
    let mut seen_point = false;
    let mut rest = bytes;
    while let Some((&b, tail)) = rest.split_first() {
        match b {
            b'0'..=b'9' => {
                any_digit = true;
                if significant < 19 {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    significant += usize::from(mantissa != 0);
                    exponent -= i64::from(seen_point);
                } else {
                    // Digits past the 19th only scale the number.
                    exponent += i64::from(!seen_point);
                }
            }
            b'.' if !seen_point => seen_point = true,
            b'e' | b'E' => break,
            _ => return None,
        }
        rest = tail;
    }
    if !any_digit {
        return None;
    }
    if let Some((_, exponent_text)) = rest.split_first() {
        let (sign, digits) = match exponent_text.first()? {
            b'-' => (-1, &exponent_text[1..]),
            b'+' => (1, &exponent_text[1..]),
            _ => (1, exponent_text),
        };
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        // Saturating: an exponent of a million digits is still just 0 or infinity.
        let written = digits
            .iter()
            .fold(0i64, |n, d| (n * 10 + i64::from(d - b'0')).min(1_000_000));
        exponent += sign * written;
    }
    let m = mantissa as f64;
    Some(match usize::try_from(exponent.unsigned_abs()) {
        // Clinger's fast path: with a mantissa below 2^53 both operands are exact, so the one
        // rounding is the correct one; above it, the mantissa's own rounding makes two.
        Ok(e) if e < POWERS_OF_TEN.len() => {
            if exponent < 0 {
                m / POWERS_OF_TEN[e]
            } else {
                m * POWERS_OF_TEN[e]
            }
        }
        _ if mantissa == 0 => 0.0,
        // Scaled in two steps so that 1e-320 does not underflow on the way.
        _ => {
            let e = exponent.clamp(-800, 800) as i32;
            m * 10f64.powi(e / 2) * 10f64.powi(e - e / 2)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_what_str_parse_reads() {
        for text in [
            "0",
            "-0",
            "12.6392",
            "-8.0029",
            "+3",
            ".5",
            "5.",
            "1e3",
            "1E-3",
            "2.5e+2",
            "007",
            "12.63920000",
            "4294967296",
            "95.5",
            "-180",
            "90.000001",
            "1e22",
            "123456789012345678",
            "0.1",
            "0.30000000000000004",
            "1e-7",
            "6.02214076e23",
            "99999999999999999999",
            "1e400",
            "1e-400",
            "2.2250738585072014e-308",
            "inf",
            "-Infinity",
            "NaN",
        ] {
            let (got, expected, ulps) = against_std(text);
            if expected.is_nan() {
                assert!(got.is_nan(), "{text}");
            } else {
                assert!(ulps <= 2, "{text}: {got} vs {expected}");
            }
        }
    }

    /// What [`parse`] and the standard parser read in `text`, and how many units in the last
    /// place apart they are.
    fn against_std(text: &str) -> (f64, f64, i64) {
        let expected: f64 = text.parse().expect("a number");
        let got = parse(text).expect(text);
        (
            got,
            expected,
            (got.to_bits() as i64 - expected.to_bits() as i64).abs(),
        )
    }

    /// Found by the `decimal` fuzz target: 16 to 19 digits went the slow way (3 units off).
    #[test]
    fn long_mantissas_with_small_exponents_are_within_one_unit() {
        for text in [
            "9379382093542847749e-10",
            "12.639212345678901",
            "-8.0029123456789012",
            "9007199254740993",
            "1234567890123456789e22",
            "9999999999999999999e-22",
        ] {
            let (got, expected, ulps) = against_std(text);
            assert!(ulps <= 1, "{text}: {got:e} vs {expected:e}, {ulps} units");
        }
    }

    #[test]
    fn exact_where_data_lives() {
        for i in -1_800_000..=1_800_000 {
            if i % 7 == 0 {
                let text = format!("{}", i as f64 / 10_000.0);
                assert_eq!(parse(&text), text.parse().ok(), "{text}");
            }
        }
    }

    #[test]
    fn refuses_what_str_parse_refuses() {
        for text in [
            "", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "1,5", " 1", "1 ", "0x10", "١٢", "--1",
            "in", "nanx", "1e5x",
        ] {
            assert!(text.parse::<f64>().is_err(), "std reads {text}");
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
