//! The options a page passes to one load (`loadUrl(url, options)`, `loadStream(stream,
//! totalBytes, options)`), checked before the load starts: an unknown key or a bad value is an
//! error that names it.

/// The largest cap a page may set: what the importer can hold (a WebAssembly memory is at most
/// 4 GiB, and the file's dataset must fit beside the chunk being read).
pub const MAX_CAP_BYTES: f64 = (2u64 << 30) as f64;
/// The longest wait `timeoutMs` may ask for: what `setTimeout` takes (2^31 − 1 ms).
pub const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;

/// Checked load options.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LoadOptions {
    /// `timeoutMs`: how long the download may go without giving a byte (the response, or the
    /// next chunk) before the load fails; `None`: as long as it takes.
    pub timeout_ms: Option<f64>,
    /// `maxBytes`: files larger than this are refused ("file too large"); `None`: the default
    /// cap, 2 GiB.
    pub max_bytes: Option<f64>,
}

/// Why load options were refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoadOptionError {
    /// A key loads do not know.
    #[error("unknown load option '{key}' (the options are timeoutMs and maxBytes)")]
    UnknownKey {
        /// The key.
        key: String,
    },
    /// A value out of range, or not a number.
    #[error("load option '{key}' must be {expected}")]
    BadValue {
        /// The key.
        key: &'static str,
        /// What it takes.
        expected: &'static str,
    },
}

impl LoadOptions {
    /// Checks the page's options, given as (key, value) pairs, the value `None` when it is not
    /// a number; `undefined` values are to be left out by the caller.
    pub fn parse(
        entries: impl IntoIterator<Item = (String, Option<f64>)>,
    ) -> Result<LoadOptions, LoadOptionError> {
        let mut options = LoadOptions::default();
        for (key, value) in entries {
            let (slot, name, max, expected) = match key.as_str() {
                "timeoutMs" => (
                    &mut options.timeout_ms,
                    "timeoutMs",
                    MAX_TIMEOUT_MS,
                    "a number of milliseconds from 1 to 2147483647",
                ),
                "maxBytes" => (
                    &mut options.max_bytes,
                    "maxBytes",
                    MAX_CAP_BYTES,
                    "a number of bytes from 1 to 2 GiB (2147483648)",
                ),
                _ => return Err(LoadOptionError::UnknownKey { key }),
            };
            match value {
                Some(v) if (1.0..=max).contains(&v) => *slot = Some(v),
                _ => {
                    return Err(LoadOptionError::BadValue {
                        key: name,
                        expected,
                    })
                }
            }
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, Option<f64>)]) -> Result<LoadOptions, LoadOptionError> {
        LoadOptions::parse(pairs.iter().map(|(k, v)| (k.to_string(), *v)))
    }

    #[test]
    fn both_options_are_read_and_checked() {
        assert_eq!(parse(&[]), Ok(LoadOptions::default()));
        assert_eq!(
            parse(&[("timeoutMs", Some(5000.0)), ("maxBytes", Some(1e6))]),
            Ok(LoadOptions {
                timeout_ms: Some(5000.0),
                max_bytes: Some(1e6)
            })
        );
        for bad in [
            None,
            Some(0.0),
            Some(-1.0),
            Some(f64::NAN),
            Some(f64::INFINITY),
            Some(3e9),
        ] {
            let e = parse(&[("timeoutMs", bad)]).expect_err("refused");
            assert_eq!(
                e.to_string(),
                "load option 'timeoutMs' must be a number of milliseconds from 1 to 2147483647"
            );
            assert!(parse(&[("maxBytes", bad)]).is_err(), "{bad:?}");
        }
        assert_eq!(
            parse(&[("timeout", Some(5.0))]).map_err(|e| e.to_string()),
            Err("unknown load option 'timeout' (the options are timeoutMs and maxBytes)".into())
        );
    }
}
