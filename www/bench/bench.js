// The browser benchmark's page: an empty IncidentMap on a 1280×800 canvas, and `window.bench`
// with the few timed actions tests/benches/browser.mjs drives (one call per measurement).
// Times come from performance.now(); main-thread work is measured outside, over CDP.
import init, { IncidentMap } from "../pkg/incident_map.js";

// init() resolves to the module's exports, whose linear memory is read by memory() below.
const wasm = await init();
const canvas = document.getElementById("map");
const map = new IncidentMap(canvas, { data: "none", window: "year" });

/** Resolves with performance.now() taken in a callback of the next animation frame. */
function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
}

/**
 * Resolves with performance.now() once the frame after the current task has been painted: the
 * widget repaints in a requestAnimationFrame callback it asked for earlier, ours runs after it
 * in the same frame, and a message posted from ours is handled after that frame's rendering.
 */
function afterNextPaint() {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    }),
  );
}

/**
 * Loads a GeoJSON file as a user's page would, streamed through `loadUrl` (parsed while it
 * downloads, with the widget's progress bar): `firstPaintMs` runs from the call to the first
 * frame painted after the load resolved. `fetchMs` is 0: download and import overlap, so
 * `importMs` covers both.
 */
async function load(url) {
  const t0 = performance.now();
  const result = await map.loadUrl(url);
  const t2 = performance.now();
  const painted = await afterNextPaint();
  const skipped = result.issues.filter((i) => i.skipped);
  return {
    startMs: t0,
    fetchMs: 0,
    importMs: t2 - t0,
    firstPaintMs: painted - t0,
    loaded: result.loaded,
    skipped: skipped.length,
    warnings: result.issues.length - skipped.length,
    firstIssue: result.issues[0]?.message ?? null,
  };
}

/**
 * One slider step to `start..=end` (ISO dates). `latencyMs`: from the call to the next painted
 * frame; `callMs`: the synchronous `setTimeWindow` call; `frameMs`: the widget's repaint, timed
 * between a frame callback requested before the call and one requested after it, which run on
 * either side of the widget's in the same frame.
 */
async function step(start, end) {
  const frameStart = nextFrame();
  const t0 = performance.now();
  map.setTimeWindow(start, end);
  const callMs = performance.now() - t0;
  const visible = map.visibleCount();
  const frameEnd = nextFrame();
  const painted = await afterNextPaint();
  return {
    latencyMs: painted - t0,
    callMs,
    frameMs: (await frameEnd) - (await frameStart),
    visible,
  };
}

/**
 * A step that changes nothing: the same frame wait as step(), to show what the measurement
 * itself costs on the main thread.
 */
async function idle() {
  const t0 = performance.now();
  const painted = await afterNextPaint();
  return { latencyMs: painted - t0 };
}

/** The canvas's pixels as present() puts them back; taken at its first call. */
let still = null;

/**
 * A step that only presents a frame: the canvas's pixels put back through putImageData with
 * pixel `k` changed, in the same frame wait as step(). What showing any new frame costs the
 * main thread here before the widget does any work of its own (run after the memory figures:
 * the copy takes 4 MB of JS heap).
 */
async function present(k) {
  const ctx = canvas.getContext("2d");
  still ??= ctx.getImageData(0, 0, canvas.width, canvas.height);
  const t0 = performance.now();
  requestAnimationFrame(() => {
    still.data[4 * (k % (still.width * still.height))] ^= 0xff;
    ctx.putImageData(still, 0, 0);
  });
  const painted = await afterNextPaint();
  return { latencyMs: painted - t0 };
}

/**
 * A filter change: every type but `hidden` shown (none hidden when null), from the call to the
 * next painted frame, as step() measures a slider step.
 */
async function filter(hidden) {
  const types = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots", "Strategic developments", "Other"];
  const t0 = performance.now();
  map.setFilter({ types: types.filter((t) => t !== hidden) });
  const visible = map.visibleCount();
  const painted = await afterNextPaint();
  return { latencyMs: painted - t0, visible };
}

/** The sizes that matter for memory: wasm linear memory, the JS heap, and the canvas. */
function memory() {
  return {
    wasmBytes: wasm.memory.buffer.byteLength,
    jsHeapUsedBytes: performance.memory?.usedJSHeapSize ?? null,
    canvas: [canvas.width, canvas.height],
    devicePixelRatio,
  };
}

/** The main thread's long tasks (over 50 ms): [start, duration] in ms. */
const longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push([entry.startTime, entry.duration]);
}).observe({ type: "longtask", buffered: true });

/** The longest task that started at or after `since` (performance.now() ms); 0 when none. */
function longestTask(since) {
  return Math.max(0, ...longTasks.filter(([start]) => start >= since).map(([, duration]) => duration));
}

/**
 * Loads a file by its text, as a page that has it as a string would: fetched and read whole
 * first (`fetchMs`), then `loadData(text)`; `firstPaintMs` runs from the loadData call.
 */
async function loadText(url) {
  const t0 = performance.now();
  const text = await (await fetch(url)).text();
  const t1 = performance.now();
  const result = await map.loadData(text);
  const painted = await afterNextPaint();
  return { startMs: t1, fetchMs: t1 - t0, firstPaintMs: painted - t1, loaded: result.loaded, skipped: result.issues.filter((i) => i.skipped).length };
}

window.bench = { load, loadText, longestTask, step, idle, present, filter, memory };
