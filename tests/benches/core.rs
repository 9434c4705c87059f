//! Native benchmarks of the core (`cargo bench --bench core`), on synthetic data from
//! [`synthetic`]: GeoJSON import at 100k, the time-window query at 100k and 1M, a slider step
//! (`set_window` + full-frame `render`) at 100k in 1280×800 and 2560×1600 device pixels,
//! `pick` at 1M, a filter change (`set_filter`) at 100k and 1M, and writing and reading a dataset snapshot at 100k and 1M. Every timed loop also checks its result, so a fast wrong answer fails loudly;
//! timings themselves never fail anything.
//!
//! With `INCIDENT_MAP_WRITE_SYNTHETIC=<dir>` set, it benchmarks nothing: it writes the synthetic
//! files for the browser benchmark (`tests/benches/browser.mjs`) into `<dir>` and exits.
//!
//! The benches use only the public API other code relies on (`Dataset::from_geojson`,
//! `Dataset::in_window`, `MapState::new`/`set_window`/`render`/`pick`/`visible_count`/
//! `project`), and compute the expected answers from the generator, not from the code under test.
//! On wasm32 (where criterion is not a dependency) this target is an empty program, so
//! `cargo clippy --all-targets --target wasm32-unknown-unknown` still checks the crate.

#[cfg(not(target_arch = "wasm32"))]
mod synthetic;

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    native::main();
}

/// Everything native: the file writer and the criterion benches.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use crate::synthetic::{
        acled_like_csv, acled_like_geojson, iso_date, overlapping, scrub_windows,
        synthetic_geojson, synthetic_incidents, SyntheticIncident,
    };
    use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput};
    use incident_map::filter::Filter;
    use incident_map::incident::EventType;
    use incident_map::lang::Lang;
    use incident_map::viewport::ScreenPoint;
    use incident_map::{lon_lat, Dataset, Day, MapState, TimeWindow};
    use std::cell::OnceCell;
    use std::hint::black_box;
    use std::path::Path;
    use std::time::{Duration, Instant};

    /// The seed of every synthetic file; ids read `syn-1-<n>`.
    pub const SEED: u64 = 1;

    /// Set to a directory to write the browser benchmark's files there instead of benchmarking.
    const WRITE_ENV: &str = "INCIDENT_MAP_WRITE_SYNTHETIC";

    /// The sizes written for the browser benchmark, with their labels.
    const SIZES: [(usize, &str); 3] = [(10_000, "10k"), (100_000, "100k"), (1_000_000, "1M")];

    /// The sizes of the ACLED-like files (GeoJSON and CSV) the load benchmark reads
    /// (`tests/benches/loads.mjs`).
    const LOAD_SIZES: [(usize, &str); 2] = [(100_000, "100k"), (1_000_000, "1M")];

    /// The scrub window the pick bench shows (2019-01-01..=2019-12-31).
    const PICK_WINDOW: usize = 30;

    /// How many incidents the pick bench clicks on, in turn.
    const PICK_TARGETS: usize = 32;

    /// The CSS size of the benchmarked canvas.
    const CANVAS_CSS: (f64, f64) = (1280.0, 800.0);

    /// Entry point: writes files when asked to, else runs every bench.
    pub fn main() {
        if let Some(dir) = std::env::var_os(WRITE_ENV) {
            if let Err(e) = write_browser_files(Path::new(&dir)) {
                eprintln!("{WRITE_ENV}: {e}");
                std::process::exit(1);
            }
            return;
        }
        let mut c = Criterion::default().configure_from_args();
        let scrub = Scrub::new();
        {
            let data = Fixture::new(100_000, "100k", &scrub);
            bench_import(&mut c, &data);
            bench_in_window(&mut c, &data);
            bench_slider_step(&mut c, &data);
            bench_filter_change(&mut c, &data);
            bench_snapshot(&mut c, &data);
        }
        let data = Fixture::new(1_000_000, "1M", &scrub);
        bench_in_window(&mut c, &data);
        bench_pick(&mut c, &data);
        bench_filter_change(&mut c, &data);
        bench_snapshot(&mut c, &data);
        c.final_summary();
    }

    /// Writes `synthetic-<n>.geojson` for every size, `acled-like-<n>.geojson` and
    /// `acled-like-<n>.csv` for the load benchmark, and a `manifest.json` naming the files, the
    /// seed and the scrub windows (ISO dates), each through a temporary file and a rename so a
    /// reader never sees half a file.
    fn write_browser_files(dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let write = |name: &str, text: &str| -> std::io::Result<()> {
            let part = dir.join(format!("{name}.part"));
            std::fs::write(&part, text)?;
            std::fs::rename(&part, dir.join(name))
        };
        let mut sizes = Vec::new();
        for (n, label) in SIZES {
            let name = format!("synthetic-{n}.geojson");
            let text = synthetic_geojson(n, SEED);
            write(&name, &text)?;
            eprintln!("wrote {} ({} bytes)", dir.join(&name).display(), text.len());
            sizes.push(format!(
                "{{\"n\":{n},\"label\":\"{label}\",\"file\":\"{name}\",\"bytes\":{}}}",
                text.len()
            ));
        }
        let mut loads = Vec::new();
        for (n, label) in LOAD_SIZES {
            let mut files = Vec::new();
            for (kind, text) in [
                ("geojson", acled_like_geojson(n, SEED)),
                ("csv", acled_like_csv(n, SEED)),
            ] {
                let name = format!("acled-like-{n}.{kind}");
                write(&name, &text)?;
                eprintln!("wrote {} ({} bytes)", dir.join(&name).display(), text.len());
                files.push(format!(
                    "\"{kind}\":{{\"file\":\"{name}\",\"bytes\":{}}}",
                    text.len()
                ));
            }
            loads.push(format!(
                "{{\"n\":{n},\"label\":\"{label}\",{}}}",
                files.join(",")
            ));
        }
        let windows: Vec<String> = scrub_windows()
            .into_iter()
            .map(|(a, b)| format!("[\"{}\",\"{}\"]", iso_date(a), iso_date(b)))
            .collect();
        let manifest = format!(
            "{{\"seed\":{SEED},\"sizes\":[{}],\"loads\":[{}],\"windows\":[{}]}}\n",
            sizes.join(","),
            loads.join(","),
            windows.join(",")
        );
        write("manifest.json", &manifest)?;
        eprintln!("wrote {}", dir.join("manifest.json").display());
        Ok(())
    }

    /// The scrub replayed by the window and slider benches, as the core's windows and as days.
    struct Scrub {
        days: Vec<(i64, i64)>,
        windows: Vec<TimeWindow>,
    }

    impl Scrub {
        fn new() -> Scrub {
            let days = scrub_windows();
            let day = |d: i64| Day::parse_iso(&iso_date(d)).expect("a generated date parses");
            let windows = days
                .iter()
                .map(|&(a, b)| TimeWindow::new(day(a), day(b)))
                .collect();
            Scrub { days, windows }
        }
    }

    /// One synthetic size, built lazily so that a filtered run (`cargo bench --bench core --
    /// pick`) only generates and imports what it benchmarks.
    struct Fixture<'a> {
        n: usize,
        label: &'static str,
        scrub: &'a Scrub,
        text: OnceCell<String>,
        expected: OnceCell<Vec<usize>>,
        dataset: OnceCell<Dataset>,
    }

    impl<'a> Fixture<'a> {
        fn new(n: usize, label: &'static str, scrub: &'a Scrub) -> Fixture<'a> {
            Fixture {
                n,
                label,
                scrub,
                text: OnceCell::new(),
                expected: OnceCell::new(),
                dataset: OnceCell::new(),
            }
        }

        /// The GeoJSON text.
        fn text(&self) -> &str {
            self.text.get_or_init(|| {
                let started = Instant::now();
                let text = synthetic_geojson(self.n, SEED);
                eprintln!(
                    "set-up: generated {} in {:.1?}",
                    self.label,
                    started.elapsed()
                );
                text
            })
        }

        /// A freshly imported dataset, checked: every feature loads, without an issue.
        fn import(&self) -> Dataset {
            let text = self.text();
            let started = Instant::now();
            let (dataset, import) = Dataset::from_geojson(text).expect("synthetic text is GeoJSON");
            eprintln!(
                "set-up: imported {} in {:.1?}",
                self.label,
                started.elapsed()
            );
            assert_eq!(dataset.len(), self.n, "every synthetic feature loads");
            assert!(
                import.issues.is_empty(),
                "synthetic data has issues: {:?}",
                import.issues.first().map(|i| i.message(Lang::En))
            );
            dataset
        }

        /// The dataset shared by the query benches.
        fn dataset(&self) -> &Dataset {
            self.dataset.get_or_init(|| self.import())
        }

        /// The visible count of each scrub window, counted over the generator's own spans.
        fn expected(&self) -> &[usize] {
            self.expected.get_or_init(|| {
                let spans: Vec<(i64, i64)> = synthetic_incidents(self.n, SEED)
                    .map(|i| (i.start, i.end))
                    .collect();
                self.scrub
                    .days
                    .iter()
                    .map(|&w| overlapping(&spans, w))
                    .collect()
            })
        }

        /// A 1280×800 map at `pixel_ratio` over its own import of the data, showing `window`.
        fn map(&self, pixel_ratio: f64, window: usize) -> MapState {
            let mut map = MapState::new(CANVAS_CSS.0, CANVAS_CSS.1, pixel_ratio, self.import());
            map.set_window(self.scrub.windows[window]);
            assert_eq!(map.visible_count(), self.expected()[window]);
            map
        }
    }

    /// A group with a short budget: the whole suite should stay within a few minutes on 2 cores.
    fn group<'c>(
        c: &'c mut Criterion,
        name: &str,
        samples: usize,
        seconds: u64,
    ) -> BenchmarkGroup<'c, criterion::measurement::WallTime> {
        let mut group = c.benchmark_group(name);
        group
            .sample_size(samples)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(seconds));
        group
    }

    /// `Dataset::from_geojson` on the whole text (parse, validate, index).
    fn bench_import(c: &mut Criterion, data: &Fixture) {
        let mut group = group(c, "import", 10, 8);
        group
            .sampling_mode(SamplingMode::Flat)
            .throughput(Throughput::Elements(data.n as u64));
        group.bench_function(data.label, |b| {
            let text = data.text();
            b.iter(|| {
                let (dataset, _) = Dataset::from_geojson(black_box(text)).expect("GeoJSON");
                assert_eq!(dataset.len(), data.n);
                dataset
            });
        });
        group.finish();
    }

    /// `Dataset::in_window` over the scrub's one-year windows, one window per iteration in turn.
    fn bench_in_window(c: &mut Criterion, data: &Fixture) {
        let mut group = group(c, "in_window", 20, 3);
        let mut k = 0;
        group.bench_function(data.label, |b| {
            let (dataset, expected) = (data.dataset(), data.expected());
            b.iter(|| {
                k = (k + 1) % data.scrub.windows.len();
                let hits = dataset.in_window(black_box(data.scrub.windows[k]));
                assert_eq!(hits.len(), expected[k], "window {k}");
                hits
            });
        });
        group.finish();
    }

    /// A slider step: `set_window` to the next scrub window, then a full-frame `render` (the
    /// basemap stays cached, every symbol is redrawn), in 1280×800 and 2560×1600 device pixels.
    fn bench_slider_step(c: &mut Criterion, data: &Fixture) {
        let mut group = group(c, "slider_step", 10, 5);
        for pixel_ratio in [1.0, 2.0] {
            let size = (
                (CANVAS_CSS.0 * pixel_ratio) as u32,
                (CANVAS_CSS.1 * pixel_ratio) as u32,
            );
            let id = format!("{}/{}x{}", data.label, size.0, size.1);
            // Criterion calls the routine once per sample: build the map on the first call only.
            let mut map = None;
            let mut k = 0;
            group.bench_function(id, |b| {
                let map = map.get_or_insert_with(|| data.map(pixel_ratio, 0));
                let expected = data.expected();
                b.iter(|| {
                    k = (k + 1) % data.scrub.windows.len();
                    map.set_window(black_box(data.scrub.windows[k]));
                    assert_eq!(map.visible_count(), expected[k], "window {k}");
                    let frame = map.render();
                    assert_eq!((frame.width(), frame.height()), size);
                });
            });
        }
        group.finish();
    }

    /// A filter change: `MapState::set_filter` alternating between an actor typed in lower case
    /// and "no battles, at least one death, exact places", on the first scrub window (the mask
    /// and the visible list are made again). The expected counts come from the generator.
    fn bench_filter_change(c: &mut Criterion, data: &Fixture) {
        let mut group = group(c, "filter_change", 10, 5);
        let filters = [
            Filter {
                actor: "wagner".into(),
                ..Filter::default()
            },
            Filter {
                hidden_types: vec![EventType::Battles],
                min_deaths: 1,
                exact_only: true,
                ..Filter::default()
            },
        ];
        let tests: [fn(&SyntheticIncident) -> bool; 2] = [
            |i| i.actors.iter().any(|a| a.to_lowercase().contains("wagner")),
            |i| i.event_type != "Battles" && i.fatalities >= 1 && i.geo_precision == 1,
        ];
        // Criterion calls the routine once per sample: set up on the first call only.
        let mut set_up: Option<(MapState, Vec<usize>)> = None;
        let mut k = 0;
        group.bench_function(data.label, |b| {
            let (map, expected) = set_up.get_or_insert_with(|| {
                let window = data.scrub.days[0];
                let expected = tests
                    .iter()
                    .map(|test| {
                        synthetic_incidents(data.n, SEED)
                            .filter(|i| i.start <= window.1 && i.end >= window.0 && test(i))
                            .count()
                    })
                    .collect();
                (data.map(1.0, 0), expected)
            });
            b.iter(|| {
                k = (k + 1) % filters.len();
                map.set_filter(black_box(filters[k].clone()));
                assert_eq!(map.visible_count(), expected[k], "filter {k}");
            });
        });
        group.finish();
    }

    /// `Dataset::to_snapshot` and `Dataset::from_snapshot` of the imported dataset: what the
    /// importer module and the first module each spend on handing a load over.
    fn bench_snapshot(c: &mut Criterion, data: &Fixture) {
        let mut group = group(c, "snapshot", 10, 5);
        group
            .sampling_mode(SamplingMode::Flat)
            .throughput(Throughput::Elements(data.n as u64));
        let dataset = data.dataset();
        let bytes = dataset.to_snapshot();
        eprintln!(
            "set-up: the {} snapshot is {} bytes ({:.1} an incident)",
            data.label,
            bytes.len(),
            bytes.len() as f64 / data.n as f64
        );
        group.bench_function(format!("write/{}", data.label), |b| {
            b.iter(|| {
                let written = black_box(dataset).to_snapshot();
                assert_eq!(written.len(), bytes.len());
                written
            });
        });
        group.bench_function(format!("read/{}", data.label), |b| {
            b.iter(|| {
                let read = Dataset::from_snapshot(black_box(&bytes)).expect("a snapshot");
                assert_eq!(read.len(), data.n);
                read
            });
        });
        group.finish();
    }

    /// `MapState::pick`, through a `&mut` so that the benches compile whether it takes `&self`
    /// or `&mut self` (it may build something lazily).
    fn pick(map: &mut MapState, at: ScreenPoint) -> Vec<usize> {
        map.pick(at)
    }

    /// `MapState::pick` at the positions of visible incidents (the first few the generator made
    /// within a one-year window), on the opening view of a 1280×800 map, one position per
    /// iteration in turn. Each must at least find something: the incident drawn there.
    fn bench_pick(c: &mut Criterion, data: &Fixture) {
        let mut group = group(c, "pick", 20, 3);
        // Criterion calls the routine once per sample: set up on the first call only.
        let mut set_up: Option<(MapState, Vec<(ScreenPoint, usize)>)> = None;
        let mut k = 0;
        group.bench_function(data.label, |b| {
            let (map, targets) = set_up.get_or_insert_with(|| {
                let mut map = data.map(1.0, PICK_WINDOW);
                let window = data.scrub.days[PICK_WINDOW];
                let targets = synthetic_incidents(data.n, SEED)
                    .filter(|i| i.start <= window.1 && i.end >= window.0)
                    .take(PICK_TARGETS)
                    .map(|i| {
                        let at = map.project(lon_lat(i.lon, i.lat));
                        let hits = pick(&mut map, at).len();
                        assert!(hits > 0, "nothing picked on incident {}", i.index);
                        (at, hits)
                    })
                    .collect();
                (map, targets)
            });
            b.iter(|| {
                k = (k + 1) % targets.len();
                let hits = pick(map, black_box(targets[k].0));
                assert_eq!(hits.len(), targets[k].1, "target {k}");
                hits
            });
        });
        group.finish();
    }
}
