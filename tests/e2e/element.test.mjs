// End-to-end: the <incident-map> custom element. Two on one page with different `src` show
// different data and select independently; attributes take effect; a removed element leaves
// nothing listening (counted through a wrapped addEventListener/removeEventListener); and it
// works under the strict Content-Security-Policy the README states.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { serveWww, launch, frames, collectErrors, poke, artifacts } from "./harness.mjs";

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob: data:";
const fixtures = new URL("../fixtures/", import.meta.url);

/** A route answering with a file of tests/fixtures. */
const fixture = (name, type) => async (req, res) =>
  res.writeHead(200, { "content-type": type }).end(await readFile(new URL(name, fixtures)));

const PAGE = `<!doctype html><html><head><meta charset=utf-8><link rel=icon href='data:,'>
<link rel=stylesheet href=/e2e/two.css>
<script type=module src=/pkg/element.js></script></head><body>
<incident-map id=a src=/e2e/mixed.geojson window=all></incident-map>
<incident-map id=b src=/e2e/ucdp.csv window=all class=small></incident-map>
</body></html>`;

let server;
let browser;

before(async () => {
  server = await serveWww({
    headers: { "content-security-policy": CSP },
    routes: {
      "/e2e/two.html": (req, res) => res.writeHead(200, { "content-type": "text/html" }).end(PAGE),
      "/e2e/mixed.geojson": fixture("good-mixed.geojson", "application/geo+json"),
      "/e2e/ucdp.csv": fixture("ucdp-ged.csv", "text/csv"),
      // The page's own size for the second map: a plain rule wins over the element's default.
      "/e2e/two.css": (req, res) =>
        res.writeHead(200, { "content-type": "text/css" }).end("incident-map.small { width: 500px; height: 360px }"),
    },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Counts the listeners the widget's module added and did not remove (those whose caller is
 * incident_map.js: not the test's, nor the ones Playwright adds to the page); installed before
 * any script of the page runs. */
function countListeners() {
  window.violations = [];
  document.addEventListener("securitypolicyviolation", (e) =>
    window.violations.push(`${e.violatedDirective}: ${e.blockedURI}`),
  );
  const live = new Set();
  const key = (target, type, listener, options) =>
    [target, type, listener, typeof options === "boolean" ? options : !!options?.capture];
  const same = (a, b) => a.every((v, k) => v === b[k]);
  const { addEventListener, removeEventListener } = EventTarget.prototype;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (listener && new Error().stack.includes("/pkg/incident_map.js")) {
      const k = key(this, type, listener, options);
      if (![...live].some((l) => same(l, k))) live.add(k);
    }
    return addEventListener.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    const k = key(this, type, listener, options);
    for (const l of live) if (same(l, k)) live.delete(l);
    return removeEventListener.call(this, type, listener, options);
  };
  window.listening = () => {
    const on = (t) => [...live].filter(([target]) => target === t).length;
    return { total: live.size, window: on(window), document: on(document)};
  };
}

/** Opens the two-element page and waits until both have loaded their `src`. */
async function twoMaps() {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.addInitScript(countListeners);
  await page.goto(`${server.origin}/e2e/two.html`);
  await page.waitForFunction(() => {
    const [a, b] = document.querySelectorAll("incident-map");
    return a.map?.visibleCount() > 0 && b.map?.visibleCount() > 0;
  });
  await frames(page);
  return { page, errors, context };
}

test("two elements with different src show different data and select independently", async () => {
  const { page, errors, context } = await twoMaps();
  const state = () =>
    page.evaluate(() =>
      [...document.querySelectorAll("incident-map")].map((e) => ({
        count: e.map.visibleCount(),
        selected: e.map.selectedId(),
        box: (({ width, height }) => ({ width, height }))(e.getBoundingClientRect()),
        canvas: (({ width, height }) => ({ width, height }))(e.querySelector("canvas").getBoundingClientRect()),
      })),
    );
  const [a, b] = await state();
  assert.equal(a.count, 4, "the GeoJSON fixture's four features");
  assert.equal(b.count, 5, "the UCDP fixture's five rows");
  assert.deepEqual(a.box, { width: 640, height: 400 }, "the default size");
  assert.deepEqual(b.box, { width: 500, height: 360 }, "the size the page gave");
  for (const { box, canvas } of [a, b]) {
    assert.equal(canvas.width, box.width, "the map is as wide as the element");
    assert.ok(canvas.height > box.height - 140 && canvas.height < box.height - 40, `the map takes what the time bar leaves: ${canvas.height} of ${box.height}`);
  }
  // Each element's events, as the page hears them bubbling to the document.
  await page.evaluate(() => {
    window.heard = [];
    for (const type of ["select", "timechange"]) {
      document.addEventListener(type, (e) => window.heard.push([e.target.id, type, e.detail, e.composed]));
    }
  });
  // A click on the first map's point opens its popup; the second map stays as it was.
  const at = await page.evaluate(() => {
    const a = document.getElementById("a");
    const p = a.map.project(-3.0074, 16.7735);
    const r = a.querySelector("canvas").getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  });
  await page.mouse.click(at.x, at.y);
  await frames(page);
  let [a1, b1] = await state();
  assert.equal(a1.selected, "7");
  assert.equal(b1.selected, null);
  await page.evaluate(() => document.getElementById("b").map.select("520002"));
  [a1, b1] = await state();
  assert.deepEqual([a1.selected, b1.selected], ["7", "520002"]);
  assert.deepEqual(await page.evaluate(() => window.heard), [
    ["a", "select", "7", true],
    ["b", "select", "520002", true],
  ]);
  assert.equal(await page.locator("#a .im-popup:not([hidden]) .im-title").count(), 1);
  assert.equal(await page.locator("#b .im-popup:not([hidden]) .im-title").count(), 1);
  await page.screenshot({ path: join(artifacts, "element-two-maps.png") });
  assert.deepEqual(await page.evaluate(() => window.violations), [], "no CSP violation");
  assert.deepEqual(errors, []);
  await context.close();
});

test("attributes take effect: date moves the window, window and lang change in place", async () => {
  const { page, errors, context } = await twoMaps();
  const result = await page.evaluate(async () => {
    const b = document.getElementById("b");
    const heard = [];
    b.addEventListener("timechange", (e) => heard.push(e.detail));
    b.setAttribute("window", "week");
    b.setAttribute("date", "2024-07-03");
    const moved = b.map.timeWindow();
    b.setAttribute("lang", "fr");
    b.setAttribute("view", "30.5,50.4,6");
    const view = b.map.view();
    b.setAttribute("date", "17/09/2024");
    await new Promise((r) => setTimeout(r, 50));
    return { moved, heard, view, lang: b.map.lang(), count: b.map.visibleCount(), after: b.map.timeWindow() };
  });
  assert.deepEqual(result.moved, { start: "2024-06-27", end: "2024-07-03" });
  assert.deepEqual(result.heard.at(-1), { start: "2024-06-27", end: "2024-07-03" }, "timechange fired from the element");
  assert.equal(result.lang, "fr");
  assert.ok(Math.abs(result.view.lon - 30.5) < 1e-9 && Math.abs(result.view.lat - 50.4) < 1e-9 && result.view.zoom === 6, JSON.stringify(result.view));
  assert.equal(result.count, 2, "the week to 3 July 2024: the wedding (1 July) and a span ending on 30 June");
  assert.deepEqual(result.after, result.moved, "a bad date changes nothing");
  assert.equal(errors.length, 1, "the bad date is reported once");
  assert.match(errors[0], /option 'date': '17\/09\/2024' is not an ISO date/);
  await context.close();
});

test("a removed element leaves nothing listening; a moved one keeps its map", async () => {
  const { page, errors, context } = await twoMaps();
  const withTwo = await page.evaluate(() => window.listening());
  assert.ok(withTwo.document >= 6 && withTwo.total > withTwo.document, `the maps listen: ${JSON.stringify(withTwo)}`);
  const moved = await page.evaluate(async () => {
    const b = document.getElementById("b");
    const map = b.map;
    document.body.prepend(b);
    await new Promise((r) => setTimeout(r, 20));
    return b.map === map && b.map.visibleCount() === 5;
  });
  assert.ok(moved, "moving an element within the page keeps its map and data");
  const withOne = await page.evaluate(async () => {
    document.getElementById("a").remove();
    await new Promise((r) => setTimeout(r, 20));
    return window.listening();
  });
  assert.equal(withOne.document * 2, withTwo.document, "half the document's listeners went");
  assert.ok(withOne.total < withTwo.total - 20, `and the first map's own: ${withTwo.total} → ${withOne.total}`);
  const none = await page.evaluate(async () => {
    const b = document.getElementById("b");
    b.remove();
    await new Promise((r) => setTimeout(r, 20));
    return { listening: window.listening(), map: b.map, children: b.childElementCount };
  });
  assert.deepEqual(none, { listening: { total: 0, window: 0, document: 0 }, map: null, children: 0 });
  // Page-level events after the removal reach nothing of the widgets.
  await poke(page);
  assert.deepEqual(errors, []);
  // Put back, an element makes a new map.
  const again = await page.evaluate(async () => {
    const b = document.createElement("incident-map");
    b.setAttribute("data", "mali");
    document.body.append(b);
    await new Promise((r) => {
      const wait = () => (b.map ? r() : setTimeout(wait, 10));
      wait();
    });
    return b.map.visibleCount();
  });
  assert.ok(again > 0, "a new element shows the record");
  await context.close();
});

test("a module that cannot be fetched is an error event; the next element tries again", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.route("**/incident_map_bg.wasm", (route) => route.abort());
  // "error" does not bubble: heard in the capture phase, from before the page's scripts run.
  await page.addInitScript(() => {
    window.failures = [];
    document.addEventListener("error", (e) => window.failures.push({ message: String(e.detail), map: e.target.map }), true);
  });
  await page.goto(`${server.origin}/e2e/two.html`);
  await page.waitForFunction(() => window.failures.length === 2, null, { timeout: 10_000 });
  const failed = await page.evaluate(() => window.failures[0]);
  assert.equal(failed.map, null);
  assert.ok(failed.message.length > 0);
  assert.ok(errors.some((e) => e.startsWith("<incident-map>:")), errors.join("\n"));
  assert.ok(!errors.some((e) => /Uncaught/.test(e)), "no unhandled rejection");
  await page.unroute("**/incident_map_bg.wasm");
  const count = await page.evaluate(async () => {
    const c = document.createElement("incident-map");
    document.body.append(c);
    while (!c.map) await new Promise((r) => setTimeout(r, 10));
    return c.map.visibleCount();
  });
  assert.ok(count > 0, "the module came on the second try");
  await context.close();
});
