// End-to-end: big and hostile inputs. A CSV export streams row by row with progress and
// Cancel; a text loads exactly as a stream of it does, even with a character cut by a chunk's
// end; a download that stalls fails after `timeoutMs`; a `totalBytes` that lies is said so.
// Each time the data on the map stays until a load succeeds.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveWww, launch, artifacts, installSlowStream } from "./harness.mjs";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
let server;
let browser;
let page;
const pageErrors = [];
/** Resolves when the stalled download's connection is closed by the client. */
let stalledClosed;

/** A CSV header and one row, then a body that never ends. */
function stalledCsv(req, res) {
  res.writeHead(200, { "content-type": "text/csv" });
  res.write("event_id_cnty,event_date,latitude,longitude\nS1,2024-01-01,12.6,-8\n");
  let resolveClosed;
  stalledClosed = new Promise((r) => (resolveClosed = r));
  res.on("close", () => resolveClosed(Date.now()));
}

before(async () => {
  server = await serveWww({ routes: { "/e2e/stalled.csv": stalledCsv } });
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => window.incidentMap !== undefined);
  await page.evaluate(installSlowStream);
  await page.evaluate(() => {
    window.shown = () => {
      window.incidentMap.setTimeWindow("1990-01-01", "2030-12-31");
      return window.incidentMap.visibleCount();
    };
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** An ACLED export of `rows` rows, each with a quoted, multi-line note with accents. */
function acledCsv(rows) {
  const lines = ["event_id_cnty,event_date,event_type,latitude,longitude,location,notes"];
  for (let k = 0; k < rows; k++) {
    lines.push(`MLI${k},2024-0${1 + (k % 9)}-1${k % 10},Battles,${12 + (k % 50) / 10},${-8 + (k % 70) / 10},Ségou,"Clash near Ségou, ""row ${k}""\nsecond line ${k}"`);
  }
  return lines.join("\r\n") + "\r\n";
}

test("an ACLED CSV streams row by row: the bar counts rows as they arrive, Cancel keeps the data", async () => {
  const before = await page.evaluate(() => window.shown());
  const done = page.evaluate((text) => window.incidentMap.loadStream(window.slowStream(text, 60, 40)).then((r) => r.loaded, (e) => `error: ${e.message}`), acledCsv(3000));
  await page.waitForFunction(() => /\d+ incidents read/.test(document.querySelector(".im-progress")?.textContent ?? ""));
  const bar = await page.locator(".im-progress").innerText();
  const [, read] = bar.match(/(\d+) incidents read/);
  assert.ok(Number(read) > 0 && Number(read) < 3000, `rows read before the end: ${bar}`);
  await page.screenshot({ path: join(artifacts, "csv-streaming-progress.png") });
  await page.locator(".im-cancel").click();
  assert.equal(await done, "error: loading cancelled");
  assert.equal(await page.evaluate(() => window.shown()), before, "data kept");

  const result = await page.evaluate((text) => window.incidentMap.loadStream(window.slowStream(text, 37, 1)).then((r) => ({ loaded: r.loaded, format: r.format, issues: r.issues.length })), acledCsv(3000));
  assert.deepEqual(result, { loaded: 3000, format: "ACLED", issues: 0 });
  const note = await page.evaluate(async () => JSON.parse(await window.incidentMap.toGeoJson()).features.find((f) => f.id === "MLI2999").properties.summary.en);
  assert.equal(note, 'Clash near Ségou, "row 2999"\nsecond line 2999');
});

test("a CSV file's issues carry the same index and line streamed in small chunks as loaded as text", async () => {
  const text = await readFile(join(fixtures, "acled-bad.csv"), "utf8");
  const [whole, streamed] = await page.evaluate(async (text) => {
    const issues = (r) => r.issues.map((i) => `${i.index}:${i.line}:${i.message}`);
    const whole = issues(await window.incidentMap.loadData(text));
    const streamed = issues(await window.incidentMap.loadStream(window.slowStream(text, 97, 0)));
    return [whole, streamed];
  }, text);
  assert.ok(whole.length >= 3, whole.join("\n"));
  assert.deepEqual(streamed, whole);
});

test("a text past a megabyte loads as its stream does, with a character cut where the text is handed over in chunks", async () => {
  const result = await page.evaluate(async () => {
    const feature = (id, title) => ({ type: "Feature", geometry: { type: "Point", coordinates: [-8, 12.6] }, properties: { id, start: "2024-01-01", title } });
    const head = JSON.stringify({ type: "FeatureCollection", features: [feature("a", "")] }).replace(/\]\}$/, ",");
    // The second title's emoji (a surrogate pair) straddles UTF-16 unit 1,048,576.
    const make = (pad) => `${head}${JSON.stringify(feature("b", "x".repeat(pad) + "😀 ساحل é"))}]}`;
    const pad = 1048575 - make(0).indexOf("😀");
    const text = make(pad);
    const title = JSON.parse(text).features[1].properties.title;
    const at = text.indexOf("😀");
    const asText = await window.incidentMap.loadData(text);
    const titleOf = async () => JSON.parse(await window.incidentMap.toGeoJson()).features.find((f) => f.id === "b").properties.title.en;
    const fromText = await titleOf();
    const asStream = await window.incidentMap.loadStream(new Blob([text]).stream());
    return { at, loaded: [asText.loaded, asStream.loaded], same: fromText === (await titleOf()), intact: fromText === title };
  });
  assert.equal(result.at, 1048575, "the pair is cut by the first megabyte's end");
  assert.deepEqual(result.loaded, [2, 2]);
  assert.ok(result.intact, "the character reads whole");
  assert.ok(result.same, "text and stream read alike");
});

test("loadUrl with timeoutMs: a download that stalls fails with a clear error, is closed, and the data stays", async () => {
  const before = await page.evaluate(() => window.shown());
  const started = Date.now();
  const message = await page.evaluate(() => window.incidentMap.loadUrl("/e2e/stalled.csv", { timeoutMs: 400 }).then(() => "loaded", (e) => e.message));
  assert.equal(message, "no data for 400 ms (timeoutMs): the download stalled");
  assert.ok(Date.now() - started < 4000, `failed after ${Date.now() - started} ms`);
  const closed = await Promise.race([stalledClosed, new Promise((r) => setTimeout(() => r(null), 3000))]);
  assert.ok(closed !== null, "the server saw the connection closed");
  assert.equal(await page.evaluate(() => window.shown()), before, "data kept");
  // In the widget's language, in the promise and in what the live region says.
  const french = await page.evaluate(async () => {
    window.incidentMap.setLang("fr");
    const message = await window.incidentMap.loadUrl("/e2e/stalled.csv", { timeoutMs: 300 }).then(() => "loaded", (e) => e.message);
    await new Promise((r) => setTimeout(r, 100));
    const live = [...document.querySelectorAll("[aria-live]")].map((e) => e.textContent).join(" | ");
    window.incidentMap.setLang("en");
    return { message, live };
  });
  assert.equal(french.message, "aucune donnée depuis 300 ms (timeoutMs)\u202f: le téléchargement est bloqué");
  assert.ok(french.live.includes(`Non chargé\u202f: ${french.message}`), french.live);
  const bad = await page.evaluate(() => Promise.all([
    window.incidentMap.loadUrl("/x", { timeout: 5 }).catch((e) => `${e.name}: ${e.message}`),
    window.incidentMap.loadUrl("/x", { timeoutMs: -1 }).catch((e) => `${e.name}: ${e.message}`),
  ]));
  assert.deepEqual(bad, [
    "TypeError: unknown load option 'timeout' (the options are timeoutMs and maxBytes)",
    "TypeError: load option 'timeoutMs' must be a number of milliseconds from 1 to 2147483647",
  ]);
});

test("a totalBytes that lies, and a cap set by the page, are refused with clear errors; the data stays", async () => {
  const before = await page.evaluate(() => window.shown());
  const messages = await page.evaluate(async () => {
    const text = "event_id_cnty,event_date,latitude,longitude\nA1,2024-01-01,12.6,-8\n";
    const size = new TextEncoder().encode(text).length;
    const load = (...args) => window.incidentMap.loadStream(new Blob([text]).stream(), ...args).then((r) => `loaded ${r.loaded}`, (e) => e.message);
    return [await load(size - 10), await load(size + 10), await load(size, { maxBytes: 20 }), await load(undefined, { maxBytes: 20 }), await load(size)];
  });
  assert.deepEqual(messages, [
    "the stream gave more than the 56 bytes its totalBytes announced",
    "the stream ended after 66 bytes of the 76 bytes its totalBytes announced (cut short?)",
    "file too large: 66 bytes (the limit is 20 bytes)",
    "file too large: 66 bytes (the limit is 20 bytes)",
    "loaded 1",
  ]);
  assert.equal(await page.evaluate(() => window.shown()), 1, "the last load replaced the data");
  assert.notEqual(before, 1);
  assert.deepEqual(pageErrors, []);
});
