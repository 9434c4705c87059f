// End-to-end: deep links on the demo page, which turns on the `hash` option. A page loaded with
// a hash shows its view, window, selection and language; selecting pushes a history entry,
// panning replaces it; back and forward follow; a broken hash is read part by part.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { serveWww, launch, frames, collectErrors, artifacts } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await serveWww();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const HASH =
  "#map=7.00/14.5000/-5.2500&window=2024-08-01/2024-09-17&lang=fr&select=tinzaouaten-2024-08-25-drone-strikes";

/** The demo's map as the page sees it. */
const state = (page) =>
  page.evaluate(() => {
    const map = window.incidentMap;
    return {
      view: map.view(),
      window: map.timeWindow(),
      selected: map.selectedId(),
      lang: map.lang(),
      filter: map.filter(),
      hash: location.hash,
      entries: history.length,
      popup: document.querySelector(".im-popup:not([hidden]) .im-title")?.textContent ?? null,
    };
  });

/** Opens the demo at `hash` and waits for its map. */
async function open(hash) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const errors = collectErrors(page);
  await page.goto(`${server.origin}/${hash}`);
  await page.waitForFunction(() => window.incidentMap !== undefined);
  await frames(page);
  return { page, errors };
}

/** Waits until the address has caught up (a replace comes at most every 200 ms). */
const settled = (page) => page.waitForTimeout(350).then(() => frames(page));

test("a page loaded with a hash shows its view, window, selection and language", async () => {
  const { page, errors } = await open(HASH);
  const s = await state(page);
  assert.deepEqual(s.window, { start: "2024-08-01", end: "2024-09-17" });
  assert.equal(s.selected, "tinzaouaten-2024-08-25-drone-strikes");
  assert.equal(s.lang, "fr");
  assert.equal(await page.locator("#lang").inputValue(), "fr", "the demo's selector follows");
  assert.ok(Math.abs(s.view.zoom - 7) < 1e-9 && Math.abs(s.view.lat - 14.5) < 1e-9 && Math.abs(s.view.lon + 5.25) < 1e-9, JSON.stringify(s.view));
  assert.ok(s.popup, "the popup is open");
  assert.equal(s.hash, HASH, "nothing to write back: the address already says it");
  await page.screenshot({ path: join(artifacts, "hash-loaded.png") });
  assert.deepEqual(errors, []);
  await page.close();
});

test("selecting pushes an entry, panning replaces it; back and forward follow; a reload gives the same", async () => {
  const { page, errors } = await open(HASH);
  const first = await state(page);
  // Another incident selected: a new entry.
  await page.evaluate(() => window.incidentMap.select("bamako-2024-09-17-airport"));
  await settled(page);
  const selected = await state(page);
  assert.equal(selected.entries, first.entries + 1, "pushState on a selection");
  assert.match(selected.hash, /select=bamako-2024-09-17-airport/);
  // A drag on the map: the same entry, a new view in it.
  const box = await page.locator("canvas.im-canvas").boundingBox();
  await page.mouse.move(box.x + 150, box.y + 150);
  await page.mouse.down();
  await page.mouse.move(box.x + 260, box.y + 220, { steps: 6 });
  await page.mouse.up();
  await settled(page);
  const panned = await state(page);
  assert.equal(panned.entries, selected.entries, "replaceState while dragging");
  assert.notEqual(panned.hash, selected.hash);
  assert.ok(panned.view.lon < selected.view.lon - 0.5, "the map moved east to west");
  assert.ok(panned.hash.includes(`/${panned.view.lon.toFixed(4)}&`), `${panned.hash} holds the view`);
  // Back: the state the page was loaded with.
  await page.goBack();
  await frames(page);
  const back = await state(page);
  assert.equal(back.hash, HASH);
  assert.equal(back.selected, "tinzaouaten-2024-08-25-drone-strikes");
  assert.deepEqual(back.view, first.view);
  assert.deepEqual(back.window, first.window);
  // Forward: the selection and the view after the drag.
  await page.goForward();
  await frames(page);
  const forward = await state(page);
  assert.equal(forward.selected, "bamako-2024-09-17-airport");
  assert.ok(Math.abs(forward.view.lon - panned.view.lon) < 1e-4 && Math.abs(forward.view.lat - panned.view.lat) < 1e-4);
  // A filter and the slider go into the address too; a reload with it gives the same map.
  await page.evaluate(() => window.incidentMap.setFilter({ types: ["Battles", "Explosions/Remote violence"], minDeaths: 1 }));
  await page.evaluate(() => window.incidentMap.setTimeWindow("2024-07-20", "2024-09-17"));
  await settled(page);
  const before = await state(page);
  assert.match(before.hash, /hide=vprso&deaths=1/);
  await page.reload();
  await page.waitForFunction(() => window.incidentMap !== undefined);
  await frames(page);
  const reloaded = await state(page);
  assert.deepEqual(
    { ...reloaded, entries: 0, view: null, popup: null },
    { ...before, entries: 0, view: null, popup: null },
  );
  assert.ok(Math.abs(reloaded.view.lon - before.view.lon) < 1e-4 && Math.abs(reloaded.view.zoom - before.view.zoom) < 0.005);
  assert.deepEqual(errors, []);
  await page.close();
});

test("back and forward change the language with the rest, and the demo's selector follows", async () => {
  const { page, errors } = await open(HASH);
  await page.evaluate(() => window.incidentMap.select("bamako-2024-09-17-airport"));
  await settled(page);
  await page.selectOption("#lang", "ar");
  await settled(page);
  assert.match((await state(page)).hash, /lang=ar/);
  await page.goBack();
  await frames(page);
  assert.equal((await state(page)).lang, "fr");
  assert.equal(await page.locator("#lang").inputValue(), "fr", "the selector follows back");
  await page.goForward();
  await frames(page);
  assert.equal((await state(page)).lang, "ar");
  assert.equal(await page.locator("#lang").inputValue(), "ar", "and forward");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a broken hash is read part by part, and a page's own anchor is left alone", async () => {
  const { page, errors } = await open("#map=6/x/1&window=2024-02-30/2024-03-01&lang=fr&select=%E2%28&deaths=-1");
  const s = await state(page);
  assert.equal(s.lang, "fr", "the readable part counts");
  assert.equal(s.window.end, "2024-09-17", "a window with 30 February is left out");
  assert.equal(s.selected, null);
  assert.deepEqual(errors, []);
  await page.close();
  const anchor = await open("#top");
  const t = await state(anchor.page);
  assert.equal(t.window.end, "2024-09-17");
  assert.equal(t.hash, "#top", "nothing is written before the reader changes something");
  // Selecting pushes; back to the entry without a link of ours is back to the opening state.
  await anchor.page.evaluate(() => window.incidentMap.select("bamako-2024-09-17-airport"));
  await settled(anchor.page);
  assert.match((await state(anchor.page)).hash, /select=bamako-2024-09-17-airport/);
  await anchor.page.goBack();
  await frames(anchor.page);
  const back = await state(anchor.page);
  assert.deepEqual({ selected: back.selected, hash: back.hash, view: back.view }, { selected: null, hash: "#top", view: t.view });
  assert.deepEqual(anchor.errors, []);
  await anchor.page.close();
});
