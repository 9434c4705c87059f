// End-to-end: a user drops ACLED and UCDP GED exports on the demo page, reads what was skipped
// and why, sees the incidents, and downloads the data back as GeoJSON.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveWww, launch, frames, artifacts, installSlowStream } from "./harness.mjs";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
let server;
let browser;
let page;
const pageErrors = [];
/** The URLs of the importer module's files the page fetched. */
const importerRequests = [];

before(async () => {
  server = await serveWww();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("request", (r) => r.url().includes("/importer/") && importerRequests.push(r.url()));
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => window.incidentMap !== undefined);
});

/** How many workers the page still has, once the ones ending have had up to 5 s to go. */
async function workersLeft() {
  for (let k = 0; k < 50 && page.workers().length > 0; k++) await page.waitForTimeout(100);
  return page.workers().length;
}

test("a page that only shows the record never fetches the importer module; the first load does, in a worker that ends with it", async () => {
  await frames(page);
  assert.ok(await page.evaluate(() => window.incidentMap.visibleCount()) > 0, "the record is shown");
  assert.deepEqual(importerRequests, []);
  const text = JSON.stringify({ type: "FeatureCollection", features: [
    { type: "Feature", geometry: { type: "Point", coordinates: [-7.9, 12.6] }, properties: { id: "a", start: "2024-01-05", event_type: "Protests" } },
    { type: "Feature", geometry: { type: "Point", coordinates: [12.6, -97.9] }, properties: { id: "b", start: "2024-01-05" } },
    { type: "Feature", geometry: { type: "Point", coordinates: [-7.9, 12.6] }, properties: { id: "c", start: "someday" } },
  ] });
  const result = await page.evaluate((t) => window.incidentMap.loadGeoJson(t), text);
  assert.equal(result.format, "GeoJSON");
  assert.equal(result.loaded, 1);
  assert.deepEqual(result.issues.map((i) => i.index), [1, 2]);
  assert.match(result.issues[1].message, /'someday' is not a date/);
  assert.equal(result.snapshot, undefined, "the hand-over between the modules stays inside");
  assert.deepEqual(importerRequests.map((u) => u.split("/").pop()).sort(), ["incident_map_importer.js", "incident_map_importer_bg.wasm", "worker.js"]);
  assert.equal(await workersLeft(), 0, "the load's worker ended with it, and its memory with it");
  await page.evaluate(() => window.incidentMap.setTimeWindow("2024-01-01", "2024-01-31"));
  assert.equal(await page.evaluate(() => window.incidentMap.visibleCount()), 1);
  const refused = await page.evaluate(() => window.incidentMap.loadGeoJson("<html>").then(() => "loaded", (e) => e.message));
  assert.match(refused, /^not (Geo)?JSON/);
  assert.equal(await page.evaluate(() => window.incidentMap.visibleCount()), 1, "and it changes nothing");
  await page.evaluate(() => window.incidentMap.loadData("id,start\n").catch(() => null));
  assert.equal(importerRequests.filter((u) => u.endsWith("/worker.js")).length, 3, "each load runs in a worker of its own");
  assert.equal(await workersLeft(), 0);
  await page.reload();
  await page.waitForFunction(() => window.incidentMap !== undefined);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Drops a file on the map as a browser does: a drop event carrying a DataTransfer. */
async function drop(name, text) {
  await page.evaluate(
    ([name, text]) => {
      const data = new DataTransfer();
      data.items.add(new File([text], name, { type: "text/csv" }));
      const canvas = document.querySelector("canvas");
      canvas.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
      canvas.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    [name, text],
  );
  await page.waitForFunction((name) => document.getElementById("report-summary").textContent.startsWith(name), name);
  await frames(page);
}

test("a dropped ACLED export loads, and every skipped row says where and why", async () => {
  await drop("acled-bad.csv", await readFile(join(fixtures, "acled-bad.csv"), "utf8"));
  const summary = await page.locator("#report-summary").innerText();
  assert.match(summary, /^acled-bad\.csv \(ACLED\): \d+ incidents loaded, \d+ skipped/);
  const issues = await page.locator("#report-issues li").allInnerTexts();
  assert.ok(issues.length >= 5, issues.join("\n"));
  assert.ok(issues.every((t) => /^row \d+ \(line \d+\) (skipped|loaded with a warning): /.test(t)), issues.join("\n"));
  assert.ok(issues.some((t) => /event_date/.test(t)), "a date problem names its column");
  const loaded = Number(/: (\d+) incidents loaded/.exec(summary)[1]);
  assert.ok(loaded > 0);
  await page.evaluate(() => window.incidentMap.setTimeWindow("2012-01-01", "2025-12-31"));
  assert.equal(await page.evaluate(() => window.incidentMap.visibleCount()), loaded);
  await page.screenshot({ path: join(artifacts, "acled-dropped.png") });
});

test("a dropped UCDP GED file loads with its precision and deaths", async () => {
  await drop("ucdp-ged.csv", await readFile(join(fixtures, "ucdp-ged.csv"), "utf8"));
  const summary = await page.locator("#report-summary").innerText();
  assert.match(summary, /^ucdp-ged\.csv \(UCDP GED\): \d+ incidents loaded, 0 skipped/);
  await page.evaluate(() => window.incidentMap.setTimeWindow("1989-01-01", "2025-12-31"));
  const first = await page.evaluate(async () => JSON.parse(await window.incidentMap.toGeoJson()).features[0].properties.id);
  await page.evaluate((id) => window.incidentMap.select(id), first);
  await frames(page);
  assert.match(await page.locator(".im-popup").innerText(), /UCDP GED/);
});

test("a file that is nothing we read is refused with a reason and changes nothing", async () => {
  const before = await page.evaluate(() => window.incidentMap.visibleCount());
  await drop("notes.txt", "just some notes\nnothing tabular here\n");
  assert.match(await page.locator("#report-summary").innerText(), /^notes\.txt: not loaded — not GeoJSON, an ACLED export or a UCDP GED export/);
  assert.equal(await page.evaluate(() => window.incidentMap.visibleCount()), before);
});

test("the data downloads as GeoJSON that loads back identically", async () => {
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export").click()]);
  assert.equal(download.suggestedFilename(), "incidents.geojson");
  const text = await readFile(await download.path(), "utf8");
  const count = JSON.parse(text).features.length;
  const result = await page.evaluate((t) => window.incidentMap.loadGeoJson(t), text);
  assert.equal(result.loaded, count);
  assert.deepEqual(result.issues, []);
  assert.equal(await page.evaluate(() => window.incidentMap.toGeoJson()), text);
  assert.deepEqual(pageErrors, []);
});


test("a streamed load shows its progress, and Cancel stops it and keeps the data", async () => {
  await page.evaluate(installSlowStream);
  const mali = await page.evaluate(() => {
    window.incidentMap.destroy();
    window.incidentMap = new window.incidentMap.constructor(document.querySelector("canvas"));
    return window.incidentMap.toGeoJson();
  });
  const count = JSON.parse(mali).features.length;
  const done = page.evaluate((text) => window.incidentMap.loadStream(window.slowStream(text, 40, 40)).then((r) => r.loaded, (e) => `error: ${e.message}`), mali);
  await page.locator(".im-progress").waitFor({ state: "visible" });
  await page.waitForFunction(() => /incidents? read/.test(document.querySelector(".im-progress").textContent));
  assert.match(await page.locator(".im-progress").innerText(), /^Loading… \d+\.\d kB, \d+ incidents? read/);
  await page.screenshot({ path: join(artifacts, "streaming-progress.png") });
  await page.locator(".im-cancel").click();
  assert.equal(await done, "error: loading cancelled");
  assert.ok(!(await page.locator(".im-progress").isVisible()), "bar gone");
  await page.evaluate(() => window.incidentMap.setTimeWindow("2012-01-01", "2024-12-31"));
  assert.equal(await page.evaluate(() => window.incidentMap.visibleCount()), count, "data kept");

  const loaded = await page.evaluate((text) => window.incidentMap.loadStream(window.slowStream(text.replaceAll("bamako-", "b-"), 7, 1)).then((r) => r.loaded), mali);
  assert.equal(loaded, count, "a streamed load reads every feature");
  assert.equal(await page.evaluate(() => window.incidentMap.pick(-1, -1).length), 0);
  assert.ok(await page.evaluate(async () => JSON.parse(await window.incidentMap.toGeoJson()).features.some((f) => f.id === "b-2024-09-17-airport")));
});

test("a load words its issues, its errors and the importers' own labels in the widget's language", async () => {
  await page.evaluate(() => window.incidentMap.setLang("fr"));
  const text = JSON.stringify({ type: "FeatureCollection", features: [
    { type: "Feature", geometry: { type: "Point", coordinates: [-7.9, 12.6] }, properties: { id: "a", start: "2024-01-05" } },
    { type: "Feature", geometry: { type: "Point", coordinates: [-7.9, 12.6] }, properties: { id: "c", start: "someday" } },
  ] });
  const french = await page.evaluate((t) => window.incidentMap.loadGeoJson(t), text);
  assert.equal(french.issues[0].message, "entité 1 ignorée\u202f: date invalide dans «\u202fstart\u202f»\u202f: «\u202fsomeday\u202f» n’est pas une date (attendu\u202f: AAAA-MM-JJ)");
  const refused = await page.evaluate(() => window.incidentMap.loadData("just some notes\n").then(() => "loaded", (e) => e.message));
  assert.equal(refused, "ni GeoJSON, ni export ACLED, ni export UCDP GED\u202f: la première ligne est «\u202fjust some notes\u202f»");

  // Arabic, chosen on the demo page: the dropped file's issues, and the popup's ACLED labels.
  await page.selectOption("#lang", "ar");
  await drop("acled-bad.csv", await readFile(join(fixtures, "acled-bad.csv"), "utf8"));
  const issues = await page.locator("#report-issues li").allInnerTexts();
  assert.ok(issues.length >= 5, issues.join("\n"));
  assert.ok(issues.every((t) => /^(تُرك الصف|حُمّل الصف) \S+ \(السطر \S+\)/.test(t)), issues.join("\n"));
  assert.ok(issues.some((t) => t.includes("event_date")), "the column keeps its name");
  assert.equal(await page.locator("#report-issues li").first().getAttribute("dir"), "auto");
  await page.evaluate(() => window.incidentMap.setTimeWindow("2012-01-01", "2025-12-31"));
  await page.evaluate(() => window.incidentMap.select("MLI90000"));
  await frames(page);
  const popup = await page.locator(".im-popup").innerText();
  assert.match(popup, /ACLED \(أدنى رقم مُبلَّغ عنه\)/, popup);
  assert.match(popup, /أُبلغ عن مقتل \d+ \(يعتمد ACLED أدنى رقم موثوق\)/, popup);
  assert.doesNotMatch(popup, /reported killed|lowest reported/, popup);
  await page.screenshot({ path: join(artifacts, "arabic-import-issues.png"), fullPage: true });
  await page.locator("#report-issues").screenshot({ path: join(artifacts, "arabic-import-issues-list.png") });
  await page.selectOption("#lang", "en");
  assert.deepEqual(pageErrors, []);
});
