// Load benchmark of the built widget (www/pkg) on files as users' exports look: the seeded
// ACLED-like files (numeric ids, `date`, a unique `notes` sentence in each feature; written by
// tests/benches/synthetic.rs into www/bench/data/), as GeoJSON and as an ACLED CSV, each read
// the two ways a page can: streamed (`loadUrl`) and as a text (`fetch().text()` then
// `loadData(text)`). Each load runs in a fresh headless Chromium and prints a markdown table.
//
//   node tests/benches/loads.mjs [100k] [1M] [geojson|csv] [stream|text]   (default: all of them)
//
// Per load: the time to the first frame painted after it resolved (for the text path, from the
// loadData call, the fetch apart); the longest main-thread task during the load (the page's
// PerformanceObserver 'longtask' entries: tasks over 50 ms; "< 50" when none); the renderer's
// private memory after the load (the importer's worker ended, a forced GC) and its peak
// sampled every 100 ms; the widget's wasm memory. A file that does not load whole is a
// correctness failure (exit status 1). Timings never fail anything.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, serveWww } from "../e2e/harness.mjs";
import { benchPage, peakSampler, rendererPids, rendererPrivate } from "./shared.mjs";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const dataDir = join(repo, "www/bench/data");
const MB = 1024 * 1024;

/** One load in a fresh browser: `path` is "stream" or "text". */
async function measure(origin, file, path, n) {
  const browser = await launch();
  let sampler = null;
  try {
    const { page, pageErrors } = await benchPage(browser);
    await page.goto(`${origin}/bench/`);
    await page.waitForFunction(() => window.bench !== undefined, null, { timeout: 30_000 });
    const cdp = await page.context().newCDPSession(page);
    const pids = await rendererPids(browser);
    sampler = peakSampler(pids);
    const url = `/bench/data/${file}`;
    const load = await page.evaluate(
      ([url, path]) => (path === "stream" ? window.bench.load(url) : window.bench.loadText(url)),
      [url, path],
    );
    // Tasks from the load's start on (for the text path, after the page's own fetch and text()).
    await page.waitForTimeout(100);
    const longestTaskMs = await page.evaluate((since) => window.bench.longestTask(since), load.startMs);
    // The worker ends with the load; give it a moment, then collect the garbage.
    await page.waitForTimeout(500);
    await cdp.send("HeapProfiler.collectGarbage");
    await page.waitForTimeout(300);
    const after = rendererPrivate(pids);
    const memory = await page.evaluate(() => window.bench.memory());
    return { file, path, n, load, longestTaskMs, after, peak: sampler.stop(), wasm: memory.wasmBytes, pageErrors };
  } finally {
    sampler?.stop();
    await browser.close().catch(() => {});
  }
}

const ms = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const mb = (v) => (v === null || v === undefined ? "–" : (v / MB).toFixed(0));

async function main() {
  const manifestPath = join(dataDir, "manifest.json");
  const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, "utf8")) : {};
  if (!manifest.loads) throw new Error("no ACLED-like files: run scripts/bench.sh (it writes www/bench/data/)");
  const args = process.argv.slice(2);
  const only = (all) => (all.some((a) => args.includes(a)) ? all.filter((a) => args.includes(a)) : all);
  const sizes = manifest.loads.filter((s) => only(manifest.loads.map((l) => l.label)).includes(s.label));
  const server = await serveWww();
  const rows = [];
  let failed = false;
  try {
    for (const size of sizes) {
      for (const kind of only(["geojson", "csv"])) {
        for (const path of only(["stream", "text"])) {
          const { file, bytes } = size[kind];
          console.error(`loads: ${file} (${mb(bytes)} MB) by ${path}`);
          const r = await measure(server.origin, file, path, size.n).catch((e) => ({ error: String(e.message).split("\n")[0] }));
          if (r.error || r.load.loaded !== size.n || r.load.skipped) {
            failed = true;
            console.error(`!!! ${file} by ${path}: ${r.error ?? `loaded ${r.load.loaded} of ${size.n}`}`);
            rows.push(`| ${size.label} | ${kind} | ${path} | failed: ${r.error ?? r.load.loaded} | | | |`);
            continue;
          }
          const fetch = path === "text" ? ` (+ fetch and text() ${ms(r.load.fetchMs)})` : "";
          const longest = r.longestTaskMs > 0 ? ms(r.longestTaskMs) : "< 50";
          rows.push(`| ${size.label} | ${kind}, ${mb(bytes)} MB | ${path} | ${ms(r.load.firstPaintMs)}${fetch} | ${longest} | ${mb(r.after)} / ${mb(r.peak)} | ${mb(r.wasm)} |`);
          for (const e of r.pageErrors) console.error(`loads: page error: ${e}`);
        }
      }
    }
  } finally {
    await server.close();
  }
  console.log(
    [
      "",
      "ACLED-like files (unique notes), each load in a fresh headless Chromium:",
      "",
      "| N | file | path | load → first paint, ms | longest main-thread task, ms | renderer private after / peak, MB | wasm memory, MB |",
      "|---|---|---|---|---|---|---|",
      ...rows,
      "",
      "Targets: 1M GeoJSON and 1M CSV ≤ 5 s, 100k ≤ 600 ms, no main-thread task over 100 ms, ≤ 250 MB after a 1M load.",
    ].join("\n"),
  );
  if (failed) process.exitCode = 1;
}

await main();
