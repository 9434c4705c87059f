//! Times a file's load natively, step by step, as the importer's worker runs it: the file
//! pushed in 1 MB chunks (`Load::push`: the parse), `Load::finish` (the parse's end, the sort by
//! date and the summaries compressed), the snapshot written, and read back (what the widget
//! does with it). For profiling the importer (`perf record`), and for docs/performance.md.
//!
//! ```sh
//! cargo run --release --example load_timing -- www/bench/data/acled-like-1000000.csv [runs]
//! ```

use incident_map::import::file_stream::Accept;
use incident_map::load::{Load, Size, MAX_FILE_BYTES};
use incident_map::Dataset;
use std::process::ExitCode;
use std::time::Instant;

/// The chunk the page's stream reader hands the worker.
const CHUNK: usize = 1 << 20;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: load_timing <file> [runs]");
        return ExitCode::FAILURE;
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let ms = |since: Instant| since.elapsed().as_secs_f64() * 1e3;
    for _ in 0..runs {
        let size = Size::Announced(bytes.len() as f64);
        let Ok(mut load) = Load::new(size, MAX_FILE_BYTES, Accept::Any) else {
            eprintln!("{path}: too large");
            return ExitCode::FAILURE;
        };
        let start = Instant::now();
        for chunk in bytes.chunks(CHUNK) {
            if let Err(e) = load.push(chunk) {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        }
        let parsed = ms(start);
        let at = Instant::now();
        let (data, format, issues) = match load.finish() {
            Ok(loaded) => loaded,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let finished = ms(at);
        let at = Instant::now();
        let snapshot = data.to_snapshot();
        let written = ms(at);
        let at = Instant::now();
        let read = Dataset::from_snapshot(&snapshot).map(|d| d.len());
        let read_ms = ms(at);
        println!(
            "{path}: {} {} incidents, {} issues; parse {parsed:.0} ms, finish (sort, compress) \
             {finished:.0} ms, snapshot {} bytes written {written:.0} ms, read {read_ms:.0} ms \
             ({read:?}); total {:.0} ms",
            format.label(),
            data.len(),
            issues.len(),
            snapshot.len(),
            ms(start)
        );
    }
    ExitCode::SUCCESS
}
