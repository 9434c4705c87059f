// End-to-end soak: 500 widgets created and destroyed one after another on one page, each with
// data (the embedded record, and every 25th a file loaded through the importer) and playback
// running. The JS heap and the widget's wasm memory stay flat, and nothing is left listening on
// the document or the window (listeners counted by a wrapped addEventListener /
// removeEventListener installed before any script of the page runs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveWww, launch, BLANK_PAGE } from "./harness.mjs";

const WIDGETS = 500;
const MB = 1024 * 1024;
let server;
let browser;

before(async () => {
  server = await serveWww({
    routes: { "/e2e/blank.html": (req, res) => res.writeHead(200, { "content-type": "text/html" }).end(BLANK_PAGE) },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Counts the listeners on `document` and `window` that are added and not yet removed. */
function countListeners() {
  const live = new Map();
  const key = (target, type, listener, options) => {
    const capture = typeof options === "boolean" ? options : Boolean(options?.capture);
    return [target === window ? "window" : "document", type, capture, listener];
  };
  const same = (a, b) => a.every((v, k) => v === b[k]);
  const { addEventListener, removeEventListener } = EventTarget.prototype;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if ((this === window || this === document) && listener) {
      const k = key(this, type, listener, options);
      if (![...live.values()].some((v) => same(v, k))) live.set(Symbol(), k);
    }
    return addEventListener.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    if (this === window || this === document) {
      const k = key(this, type, listener, options);
      for (const [id, v] of live) if (same(v, k)) live.delete(id);
    }
    return removeEventListener.call(this, type, listener, options);
  };
  window.liveListeners = () => [...live.values()].map(([target, type]) => `${target}:${type}`);
}

test(`${WIDGETS} widgets with data and playback, created and destroyed: memory stays flat, nothing keeps listening`, async () => {
  const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
  await context.addInitScript(countListeners);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`${server.origin}/e2e/blank.html`);
  const cdp = await context.newCDPSession(page);
  await page.evaluate(async () => {
    const module = await import("/pkg/incident_map.js");
    window.wasm = await module.default();
    window.baseline = window.liveListeners();
    const file = JSON.stringify({ type: "FeatureCollection", features: [
      { type: "Feature", geometry: { type: "Point", coordinates: [-8, 12.6] }, properties: { id: "a", start: "2024-01-01", title: "A" } },
      { type: "Feature", geometry: { type: "Point", coordinates: [-3, 16.7] }, properties: { id: "b", start: "2024-01-03", title: "B" } },
    ] });
    /** Creates and destroys widgets `from`..`to`, each shown for a frame of its playback. */
    window.cycle = async (from, to) => {
      for (let k = from; k < to; k++) {
        const canvas = document.createElement("canvas");
        canvas.style.cssText = "width: 600px; height: 400px";
        document.body.append(canvas);
        const map = new module.IncidentMap(canvas, { window: "year" });
        map.on("timechange", () => {});
        if (k % 25 === 0) {
          const result = await map.loadData(file);
          if (result.loaded !== 2) throw new Error(`load ${k}: ${result.loaded}`);
        }
        map.setPlaying(true, { speed: 8, loop: true });
        await new Promise((r) => requestAnimationFrame(r));
        if (k === 0) window.whileAlive = window.liveListeners();
        map.destroy();
        canvas.remove();
      }
    };
  });
  const memory = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    return page.evaluate(() => ({ js: performance.memory.usedJSHeapSize, wasm: window.wasm.memory.buffer.byteLength, listeners: window.liveListeners() }));
  };
  await page.evaluate(() => window.cycle(0, 100));
  const warm = await memory();
  await page.evaluate(() => window.cycle(100, 300));
  const middle = await memory();
  await page.evaluate((n) => window.cycle(300, n), WIDGETS);
  const end = await memory();
  const [baseline, whileAlive] = await page.evaluate(() => [window.baseline, window.whileAlive]);
  assert.ok(whileAlive.length > baseline.length, `the count sees a widget's listeners: ${whileAlive.join(", ")}`);
  const figures = [warm, middle, end].map((m) => `JS heap ${(m.js / MB).toFixed(1)} MB, wasm ${(m.wasm / MB).toFixed(1)} MB`);
  console.log(`soak: after 100 / 300 / ${WIDGETS} widgets: ${figures.join(" / ")}`);
  assert.deepEqual(end.listeners, baseline, "nothing left listening on document or window");
  assert.ok(end.wasm - warm.wasm <= 2 * MB, `wasm memory grew by ${((end.wasm - warm.wasm) / MB).toFixed(1)} MB`);
  assert.ok(end.js - warm.js < 3 * MB, `JS heap grew by ${((end.js - warm.js) / MB).toFixed(1)} MB`);
  assert.deepEqual(errors, []);
  await context.close();
});
