// Issue 13 as a reader would meet it: the widget in French and Arabic, switched in place; a
// keyboard-only path to the Bamako airport popup; the list view; the live region; and axe-core
// (injected from node_modules) in four states. Screenshots go to test-results/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { serveWww, launch, frames, artifacts, collectErrors } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const AIRPORT_ID = "bamako-2024-09-17-airport";

let server;
let browser;

before(async () => {
  await mkdir(artifacts, { recursive: true });
  server = await serveWww();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The demo page, ready, with the page's errors collected. */
async function demo({ reducedMotion = "no-preference" } = {}) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, reducedMotion });
  const errors = collectErrors(page);
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => window.incidentMap !== undefined);
  await frames(page);
  return { page, errors };
}

/** axe-core's violations in the widget's container, as "rule: target" lines. */
async function violations(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() =>
    window.axe.run(".incident-map", { resultTypes: ["violations"] }),
  );
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${n.failureSummary}`),
  );
}

/** Every visible text of the widget's chrome, outside what comes from data. */
function chromeTexts(page) {
  return page.evaluate(() => {
    const root = document.querySelector(".incident-map");
    // Text from data: town labels, the popup's data fields, the list's rows, the tooltip.
    const fromData = ".im-labels, .im-popup .im-title, .im-popup dd, .im-popup li, .im-popup .im-summary, .im-popup .im-meta, .im-list tbody, .im-tooltip strong, .im-choice";
    const texts = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.nodeValue.trim() || el.closest(fromData) || el.closest("[hidden]")) continue;
      if (el.closest(".im-sr") === null && el.getClientRects().length === 0) continue;
      if (el.tagName === "OPTION" && el.hidden) continue;
      texts.push(node.nodeValue.trim());
    }
    for (const el of root.querySelectorAll("[aria-label], [title], [aria-description]")) {
      if (el.closest(fromData)) continue;
      for (const name of ["aria-label", "title", "aria-description"]) {
        const value = el.getAttribute(name);
        // The popup's name is its title, from data.
        if (value && !(el.classList.contains("im-popup") && name === "aria-label")) texts.push(value);
      }
    }
    return texts;
  });
}

test("in Arabic no English word is left in the chrome, and setLang keeps a loaded file", async () => {
  const { page, errors } = await demo();
  const fixture = await readFile(new URL("../fixtures/acled-current.csv", import.meta.url), "utf8");
  const loaded = await page.evaluate((text) => window.incidentMap.loadData(text), fixture);
  assert.ok(loaded.loaded > 0);
  const said = await page.textContent(".incident-map [role=status][aria-live=polite]");
  const skipped = loaded.issues.filter((i) => i.skipped).length;
  assert.equal(said, `${loaded.loaded} incidents loaded, ${skipped} skipped`, "the load's outcome is said");
  await page.evaluate(() => window.incidentMap.setTimeWindow("2000-01-01", "2030-12-31"));
  const before = await page.evaluate(() => ({
    count: window.incidentMap.visibleCount(),
    window: window.incidentMap.timeWindow(),
    view: window.incidentMap.view(),
  }));
  await page.selectOption("#lang", "ar");
  await frames(page);
  const after = await page.evaluate(() => ({
    count: window.incidentMap.visibleCount(),
    window: window.incidentMap.timeWindow(),
    view: window.incidentMap.view(),
    lang: window.incidentMap.lang(),
    dir: document.querySelector(".incident-map").dir,
  }));
  assert.deepEqual(
    { count: after.count, window: after.window, view: after.view },
    before,
    "data, window and view stay",
  );
  assert.equal(after.lang, "ar");
  assert.equal(after.dir, "rtl");
  assert.equal(after.count, loaded.loaded, "the file's incidents stay");
  // A popup of an ACLED row: its headings and type in Arabic, its text from the file.
  await page.evaluate(() => window.incidentMap.select("MLI31001"));
  await frames(page);
  await page.screenshot({ path: join(artifacts, "arabic.png") });
  const texts = await chromeTexts(page);
  assert.ok(texts.length > 20, `the walk found the chrome (${texts.length} texts)`);
  // Names of sources are names: the allow-list. Besides them the only Latin allowed is the
  // key names of the widget's own table (N, P).
  const names = ["Natural Earth", "SimpleMaps World Cities (CC BY 4.0)", "ACLED, Armed Conflict Location & Event Data (acleddata.com)"];
  const english = texts
    .map((t) => names.reduce((rest, name) => rest.replaceAll(name, ""), t))
    .filter((t) => /[A-Za-z]{2,}/.test(t));
  assert.deepEqual(english, [], "English left in the Arabic chrome");
  const headings = await page.$$eval(".im-popup dt, .im-popup .im-section", (els) => els.map((e) => e.textContent));
  assert.ok(headings.includes("القتلى") && headings.includes("من قال ماذا"), headings.join(" | "));
  assert.match(await page.textContent(".im-count"), /حادث|حوادث/);
  assert.match(await page.textContent(".im-popup"), /معارك — اشتباك مسلح/, "ACLED's type and sub-type in Arabic");
  assert.match(await page.textContent(".im-date"), /يناير|ديسمبر/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("French screenshot: the chrome, the time bar and a popup in French", async () => {
  const { page, errors } = await demo();
  await page.evaluate(() => window.incidentMap.setLang("fr"));
  await page.evaluate((id) => window.incidentMap.select(id), "tinzaouaten-2024-07-25");
  await frames(page);
  await page.screenshot({ path: join(artifacts, "french.png") });
  assert.match(await page.textContent(".im-date"), /juil\.|sept\.|août/);
  assert.match(await page.textContent(".im-popup"), /Morts/);
  assert.match(await page.textContent(".im-popup"), /Batailles/);
  assert.equal(await page.getAttribute(".im-play", "aria-label"), "Lecture");
  await assert.rejects(page.evaluate(() => window.incidentMap.setLang("de")), /not a language/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a keyboard alone opens the Bamako airport popup from the page's first Tab", async () => {
  const { page, errors } = await demo();
  await page.evaluate(() => window.incidentMap.setTimeWindow("2024-09-11", "2024-09-17"));
  await frames(page);
  // Tab from the top of the page until the map has the focus.
  let tabs = 0;
  while (!(await page.evaluate(() => document.activeElement?.classList.contains("im-canvas")))) {
    await page.keyboard.press("Tab");
    tabs += 1;
    assert.ok(tabs < 30, "the map is reachable by Tab");
  }
  // N moves the ring through the incidents shown, earliest first, until the airport.
  const shown = await page.evaluate(() => window.incidentMap.visibleCount());
  let spoken = "";
  for (let k = 0; k < shown; k += 1) {
    await page.keyboard.press("n");
    await frames(page);
    spoken = await page.textContent(".incident-map [role=status][aria-live=polite]");
    if (/airport/i.test(spoken)) break;
  }
  assert.match(spoken, /airport/i, "the focused incident is announced by title");
  assert.match(spoken, /17 Sep 2024/, "…and date");
  assert.ok(await page.isVisible(".im-ring"), "a visible focus ring");
  await page.screenshot({ path: join(artifacts, "keyboard-focus.png") });
  await page.keyboard.press("Enter");
  await frames(page);
  assert.equal(await page.evaluate(() => window.incidentMap.selectedId()), AIRPORT_ID);
  assert.ok(await page.evaluate(() => document.activeElement?.classList.contains("im-popup")), "focus in the popup");
  // The popup's links are reachable by Tab.
  let link = false;
  for (let k = 0; k < 12 && !link; k += 1) {
    await page.keyboard.press("Tab");
    link = await page.evaluate(() => document.activeElement?.tagName === "A" && !!document.activeElement.closest(".im-popup"));
  }
  assert.ok(link, "a source link takes the focus");
  await page.keyboard.press("Escape");
  await frames(page);
  assert.equal(await page.evaluate(() => window.incidentMap.selectedId()), null);
  assert.ok(await page.evaluate(() => document.activeElement?.classList.contains("im-canvas")), "focus back on the map");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the live region says the window once the slider settles, not on every step", async () => {
  const { page } = await demo();
  const live = ".incident-map [role=status][aria-live=polite]";
  await page.evaluate((selector) => {
    window.liveChanges = 0;
    new MutationObserver(() => (window.liveChanges += 1)).observe(document.querySelector(selector), {
      childList: true,
      characterData: true,
      subtree: true,
    });
  }, live);
  await page.focus(".im-slider");
  for (let k = 0; k < 15; k += 1) await page.keyboard.press("ArrowLeft");
  await page.waitForTimeout(1000);
  const changes = await page.evaluate(() => window.liveChanges);
  assert.ok(changes >= 1 && changes <= 2, `said once after the steps (${changes} changes)`);
  const said = await page.textContent(live);
  const count = await page.textContent(".im-count");
  assert.ok(said.includes(count), `"${said}" has the count "${count}"`);
  const description = await page.evaluate(() => {
    const canvas = document.querySelector(".im-canvas");
    return canvas.getAttribute("aria-describedby").split(" ").map((id) => document.getElementById(id).textContent).join(" ");
  });
  assert.match(description, /Map of .* incidents?/);
  await page.close();
});

test("the list view shows the window's incidents and a row opens its popup", async () => {
  const { page, errors } = await demo();
  await page.evaluate(() => window.incidentMap.setTimeWindow("2024-09-01", "2024-09-30"));
  await page.click(".im-list-toggle");
  await frames(page);
  const rows = await page.$$eval(".im-list tbody tr", (trs) => trs.length);
  assert.equal(rows, await page.evaluate(() => window.incidentMap.visibleCount()));
  await page.evaluate(() => window.incidentMap.setFilter({ types: ["Battles"] }));
  await frames(page);
  const battles = await page.$$eval(".im-list tbody tr", (trs) => trs.length);
  assert.equal(battles, await page.evaluate(() => window.incidentMap.visibleCount()), "in step with the filter");
  await page.evaluate(() => window.incidentMap.setFilter({ types: [] }));
  await page.evaluate(() => window.incidentMap.setFilter({ types: ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots", "Strategic developments", "Other"] }));
  await frames(page);
  await page.click(`.im-list [data-list-id="${AIRPORT_ID}"]`);
  await frames(page);
  assert.equal(await page.evaluate(() => window.incidentMap.selectedId()), AIRPORT_ID);
  await page.screenshot({ path: join(artifacts, "list-view.png") });
  assert.deepEqual(errors, []);
  await page.close();
});

test("axe-core finds no violations: default, popup open, Arabic, list view", async () => {
  const { page, errors } = await demo();
  const states = {};
  states.default = await violations(page);
  await page.evaluate((id) => window.incidentMap.select(id), AIRPORT_ID);
  await frames(page);
  states.popup = await violations(page);
  await page.evaluate(() => window.incidentMap.setLang("ar"));
  await frames(page);
  await page.screenshot({ path: join(artifacts, "arabic-mali.png") });
  states.arabic = await violations(page);
  await page.evaluate(() => window.incidentMap.select(null));
  await page.click(".im-list-toggle");
  await frames(page);
  states.list = await violations(page);
  assert.deepEqual(states, { default: [], popup: [], arabic: [], list: [] });
  assert.deepEqual(errors, []);
  await page.close();
});

test("under reduced motion a loop does not start playback again by itself", async () => {
  const { page } = await demo({ reducedMotion: "reduce" });
  await page.evaluate(() => {
    const map = window.incidentMap;
    map.setTimeWindow("2024-09-01", "2024-09-10");
    map.setPlaying(true, { speed: 8, loop: true });
  });
  await page.waitForFunction(() => !document.querySelector(".im-play").getAttribute("aria-label").includes("Pause"), null, { timeout: 20_000 });
  const end = await page.evaluate(() => window.incidentMap.timeWindow().end);
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.incidentMap.timeWindow().end), end, "stopped at the end");
  await page.close();
});
