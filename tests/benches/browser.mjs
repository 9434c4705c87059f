// Browser benchmark of the built widget (www/pkg): for each synthetic size it loads the GeoJSON
// into an IncidentMap on a 1280×800 canvas at devicePixelRatio 1 in Debian's headless Chromium,
// then scrubs 61 one-year windows moving two months at a time, and prints a markdown table.
//
//   node tests/benches/browser.mjs [10k] [100k] [1M]     (default: every size in the manifest)
//
// Needs the release build in www/pkg (scripts/build.sh). The data lives in www/bench/data/; when
// its manifest is missing it is written by the Rust generator (tests/benches/synthetic.rs,
// through `INCIDENT_MAP_WRITE_SYNTHETIC=... cargo bench --bench core`).
//
// What is measured, per size (each in a fresh browser):
// - load: from the loadUrl call (a streamed fetch, parsed as it arrives) to the first frame
//   painted after it resolved;
// - per slider step: latency from setTimeWindow to the next painted frame (headless Chromium
//   paces frames at 60 Hz, so it includes the wait for the next frame), the renderer main
//   thread's busy time (CDP Performance.getMetrics TaskDuration before and after the step, one
//   step per measurement), and the widget's repaint inside the frame; then the same for steps
//   that change nothing, the floor of the measurement, and (after the memory figures) for steps
//   that only put a frame back through putImageData: what presenting any frame costs;
// - memory: the renderer process's private memory (Private_Clean + Private_Dirty of
//   /proc/<pid>/smaps_rollup, pid from CDP SystemInfo.getProcessInfo; the largest renderer),
//   after a forced GC at the end and its peak sampled every 100 ms; the wasm linear memory
//   (which never shrinks, so it is the peak); the JS heap in use (performance.memory).
//
// Timings never fail anything. A visible count that differs from the reference computed here
// from the same GeoJSON, or a file that does not load whole, is a correctness failure: it is
// reported loudly and the exit status is 1. A size that crashes, throws or times out is
// reported as "failed: reason" in its row and the others still run; exit status 2 when no size
// could be measured at all.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, serveWww } from "../e2e/harness.mjs";
import { benchPage, peakSampler, rendererPids, rendererPrivate } from "./shared.mjs";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const dataDir = join(repo, "www/bench/data");
const manifestPath = join(dataDir, "manifest.json");
const resultsPath = join(repo, "target/bench/browser.json");
const FRAME_MS = 1000 / 60;
const DAY_MS = 86_400_000;
const MB = 1024 * 1024;
/** Steps that change nothing (the floor of the per-step figures), and frame-only steps, measured after the scrub. */
const IDLE_STEPS = 15;

/** Seconds one size may take, from launching Chromium to its last measurement. */
function timeoutSeconds(n) {
  return Number(process.env.BENCH_TIMEOUT_S) || (n >= 1e6 ? 900 : n >= 1e5 ? 300 : 120);
}

/** The manifest of the synthetic files, written by the Rust generator when missing. */
function ensureData() {
  const complete = () =>
    existsSync(manifestPath) &&
    JSON.parse(readFileSync(manifestPath, "utf8")).sizes.every((s) => existsSync(join(dataDir, s.file)));
  if (!complete()) {
    console.error(`bench: writing synthetic data into ${dataDir}`);
    const run = spawnSync("cargo", ["bench", "--bench", "core"], {
      cwd: repo,
      env: { ...process.env, INCIDENT_MAP_WRITE_SYNTHETIC: dataDir },
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (run.status !== 0 || !complete()) throw new Error("the synthetic data generator failed");
  }
  return JSON.parse(readFileSync(manifestPath, "utf8"));
}

/** Day number of an ISO date (its time part ignored), as the widget counts days. */
function dayOf(iso) {
  return Date.parse(`${String(iso).slice(0, 10)}T00:00:00Z`) / DAY_MS;
}

/**
 * How many features of the file overlap each window, both ends inclusive, counted here from
 * the GeoJSON itself (start, else date / event_date; end defaults to start).
 */
function referenceCounts(path, windows) {
  const features = JSON.parse(readFileSync(path, "utf8")).features;
  const starts = new Float64Array(features.length);
  const ends = new Float64Array(features.length);
  features.forEach((f, i) => {
    const p = f.properties;
    starts[i] = dayOf(p.start ?? p.date ?? p.event_date);
    ends[i] = p.end ? dayOf(p.end) : starts[i];
  });
  const counts = windows.map(([a, b]) => {
    const [from, to] = [dayOf(a), dayOf(b)];
    let count = 0;
    for (let i = 0; i < starts.length; i++) if (starts[i] <= to && ends[i] >= from) count++;
    return count;
  });
  return { features: features.length, counts };
}

/** The value at fraction `q` of the sorted values (nearest rank). */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Loads one size in a fresh browser, scrubs every window and measures; see the file's head. */
async function measure(origin, size, windows, expected, flag) {
  const seconds = timeoutSeconds(size.n);
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${seconds} s`)), seconds * 1000);
  });
  const browser = await launch();
  let sampler = null;
  try {
    const { page, pageErrors } = await benchPage(browser);
    const crashed = new Promise((_, reject) =>
      page.on("crash", () => reject(new Error(`renderer crashed (${pageErrors.at(-1) ?? "out of memory?"})`))),
    );
    crashed.catch(() => {});
    const guard = (promise) => Promise.race([promise, crashed, deadline]);

    await guard(page.goto(`${origin}/bench/`));
    await guard(
      page.waitForFunction(() => window.bench !== undefined, null, { timeout: 30_000 }).catch((e) => {
        throw new Error(`the bench page did not start: ${pageErrors.at(-1) ?? e.message}`);
      }),
    );
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    const busySeconds = async () =>
      (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration").value;
    /** Runs one page action and adds `busyMs`, the main thread's busy time meanwhile. */
    const busyDuring = async (action) => {
      const before = await busySeconds();
      const result = await guard(action());
      result.busyMs = ((await busySeconds()) - before) * 1000;
      return result;
    };
    const pids = await rendererPids(browser);
    const baseline = { private: rendererPrivate(pids), ...(await page.evaluate(() => window.bench.memory())) };
    sampler = peakSampler(pids);

    const load = await busyDuring(() => page.evaluate((url) => window.bench.load(url), `/bench/data/${size.file}`));
    if (load.loaded !== size.n || load.skipped !== 0) {
      flag(`${size.label}: loaded ${load.loaded} of ${size.n} (${load.skipped} skipped: ${load.firstIssue})`);
    }
    console.error(`bench: ${size.label} loaded in ${load.firstPaintMs.toFixed(0)} ms; scrubbing`);

    const steps = [];
    for (const [k, [start, end]] of windows.entries()) {
      const step = await busyDuring(() => page.evaluate(([a, b]) => window.bench.step(a, b), [start, end]));
      if (step.visible !== expected[k]) {
        flag(`${size.label}: ${start}..${end} shows ${step.visible}, the reference counts ${expected[k]}`);
      }
      steps.push(step);
    }

    /** `action(k)` for k below IDLE_STEPS, each measured as a step. */
    const repeated = async (action) => {
      const results = [];
      for (let k = 0; k < IDLE_STEPS; k++) results.push(await busyDuring(() => action(k)));
      return results;
    };
    const idle = await repeated(() => page.evaluate(() => window.bench.idle()));
    // Filter changes, Battles hidden and shown again in turn, in the last window of the scrub.
    const filters = await repeated((k) => page.evaluate((hide) => window.bench.filter(hide), k % 2 ? null : "Battles"));
    if (filters.length > 1 && !(filters[0].visible < filters[1].visible)) {
      flag(`${size.label}: hiding Battles shows ${filters[0].visible}, not fewer than ${filters[1].visible}`);
    }

    await cdp.send("HeapProfiler.collectGarbage");
    await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
    const after = { private: rendererPrivate(pids), ...(await page.evaluate(() => window.bench.memory())) };
    const peak = sampler.stop();
    const present = await repeated((k) => page.evaluate((i) => window.bench.present(i), k));
    if (after.canvas[0] !== 1280 || after.canvas[1] !== 800) {
      flag(`${size.label}: the canvas is ${after.canvas.join("×")} device pixels, not 1280×800`);
    }
    return { size, load, steps, idle, filters, present, memory: { baseline, after, peakPrivate: peak, renderers: pids.length }, pageErrors };
  } finally {
    sampler?.stop();
    clearTimeout(timer);
    await browser.close().catch(() => {});
  }
}

const ms = (v) => (v === null || v === undefined ? "–" : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const mb = (v) => (v === null || v === undefined ? "–" : (v / MB).toFixed(0));

/** One markdown row per size. */
function row(result) {
  const { size } = result;
  if (result.error) return `| ${size.label} | failed: ${result.error} | | | | | | | | | |`;
  const { load, steps, memory } = result;
  const latency = steps.map((s) => s.latencyMs);
  const busy = steps.map((s) => s.busyMs);
  const repaint = steps.map((s) => s.frameMs);
  const frames = quantile(latency, 0.5) / FRAME_MS;
  return (
    `| ${size.label} | ${ms(load.firstPaintMs)} (fetch ${ms(load.fetchMs)}, import ${ms(load.importMs)}) ` +
    `| ${ms(quantile(latency, 0.5))} / ${ms(quantile(latency, 0.95))} (${frames.toFixed(1)} frames) ` +
    `| ${ms(quantile(busy, 0.5))} / ${ms(quantile(busy, 0.95))} ` +
    `| ${ms(quantile(repaint, 0.5))} ` +
    `| ${ms(quantile(result.idle.map((s) => s.busyMs), 0.5))} ` +
    `| ${ms(quantile(result.present.map((s) => s.busyMs), 0.5))} ` +
    `| ${ms(quantile(result.filters.map((s) => s.latencyMs), 0.5))} / ${ms(quantile(result.filters.map((s) => s.busyMs), 0.5))} ` +
    `| ${mb(memory.after.private)} / ${mb(memory.peakPrivate)} (empty map ${mb(memory.baseline.private)}) ` +
    `| ${mb(memory.after.wasmBytes)} | ${mb(memory.after.jsHeapUsedBytes)} |`
  );
}

async function main() {
  const manifest = ensureData();
  const wanted = process.argv.slice(2);
  const sizes = wanted.length ? manifest.sizes.filter((s) => wanted.includes(s.label)) : manifest.sizes;
  if (wanted.length && sizes.length !== wanted.length) {
    throw new Error(`unknown size in ${wanted.join(" ")}; the manifest has ${manifest.sizes.map((s) => s.label).join(" ")}`);
  }
  const problems = [];
  /** Records a correctness problem and says so at once. */
  const flag = (problem) => {
    problems.push(problem);
    console.error(`!!! CORRECTNESS: ${problem}`);
  };
  const results = [];
  const server = await serveWww();
  try {
    for (const size of sizes) {
      const started = Date.now();
      const reference = referenceCounts(join(dataDir, size.file), manifest.windows);
      if (reference.features !== size.n) {
        flag(`${size.label}: ${size.file} has ${reference.features} features, the manifest says ${size.n}`);
      }
      console.error(`bench: ${size.label}: ${size.file} (${mb(size.bytes)} MB), ${manifest.windows.length} windows`);
      try {
        results.push(await measure(server.origin, size, manifest.windows, reference.counts, flag));
      } catch (e) {
        const reason = String(e?.message ?? e).split("\n")[0];
        console.error(`bench: ${size.label} failed: ${reason}`);
        results.push({ size, error: reason });
      }
      console.error(`bench: ${size.label} took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    await server.close();
  }

  mkdirSync(join(repo, "target/bench"), { recursive: true });
  writeFileSync(resultsPath, JSON.stringify({ date: new Date().toISOString(), results, problems }, null, 1));
  const lines = [
    "",
    `Browser benchmark: headless Chromium, 1280×800 canvas at devicePixelRatio 1, ` +
      `${manifest.windows.length} one-year windows moving two months at a time (seed ${manifest.seed}).`,
    "",
    "| N | load → first paint, ms | step latency median / p95, ms | main thread per step median / p95, ms " +
      "| repaint median, ms | idle step, ms | frame-only step, ms | filter change to paint / main thread, ms | renderer private after / peak, MB | wasm memory, MB | JS heap, MB |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...results.map(row),
    "",
    "Targets: 100k ≤ 3 ms main thread per step, latency ≤ 1 frame, load ≤ 600 ms; " +
      "1M ≤ 10 ms per step, ≤ 33 ms latency, load ≤ 5 s, ≤ 160 MB private memory.",
    "Latency includes the wait for the next 60 Hz frame; main thread = CDP TaskDuration delta per step; " +
      "repaint = the widget's frame callback; idle step = main thread for a step that changes nothing (the floor); " +
      "frame-only step = main thread for a step that only puts the same 1280×800 frame (one pixel changed) back through putImageData (what presenting any frame costs); private = renderer Private_Clean+Private_Dirty after a forced GC / " +
      "peak sampled every 100 ms; wasm memory = linear memory size (its peak).",
    `Raw results: ${resultsPath}`,
  ];
  console.log(lines.join("\n"));
  for (const r of results) for (const e of r.pageErrors ?? []) console.error(`bench: ${r.size.label}: page error: ${e}`);
  if (problems.length) {
    console.error(`\n!!! CORRECTNESS: ${problems.length} problem(s):`);
    for (const p of problems) console.error(`!!! ${p}`);
    process.exitCode = 1;
  } else if (results.every((r) => r.error)) {
    process.exitCode = 2;
  }
}

await main();
