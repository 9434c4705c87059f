// End-to-end tests of the demo page, as a user: drag the slider, zoom, click incidents, read
// popups, load a file. Screenshots go to test-results/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { serveWww, launch, frames, artifacts } from "./harness.mjs";

const AIRPORT = { lon: -7.9431, lat: 12.5378 };
const SCHOOL = { lon: -7.95, lat: 12.59 };
const DAY_MS = 86_400_000;
const dayNumber = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

let server;
let browser;
let page;
const offOrigin = [];
const pageErrors = [];

before(async () => {
  await mkdir(artifacts, { recursive: true });
  server = await serveWww();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on("request", (r) => {
    if (!r.url().startsWith(server.origin) && !r.url().startsWith("data:")) offOrigin.push(r.url());
  });
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") pageErrors.push(m.text());
  });
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => window.incidentMap !== undefined);
  await frames(page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Drags the slider's thumb towards `iso`, then steps with the arrow keys to land on it. */
async function slideTo(iso) {
  const slider = page.locator(".im-slider");
  const target = dayNumber(iso);
  const { min, max, value } = await slider.evaluate((s) => ({ min: +s.min, max: +s.max, value: +s.value }));
  assert.ok(target >= min && target <= max, `${iso} within the slider's range`);
  const box = await slider.boundingBox();
  const xOf = (v) => box.x + 8 + ((v - min) / (max - min)) * (box.width - 16);
  await page.mouse.move(xOf(value), box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(xOf(target), box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  for (let i = 0; i < 400; i++) {
    const now = +(await slider.inputValue());
    if (now === target) break;
    await slider.press(now < target ? "ArrowRight" : "ArrowLeft");
  }
  assert.equal(+(await slider.inputValue()), target, `slider on ${iso}`);
  await frames(page);
}

async function canvasPoint({ lon, lat }) {
  const p = await page.evaluate(([lon, lat]) => window.incidentMap.project(lon, lat), [lon, lat]);
  const box = await page.locator("canvas.im-canvas").boundingBox();
  return { x: box.x + p.x, y: box.y + p.y, local: p };
}

async function canvasPixel({ lon, lat }) {
  return page.evaluate(([lon, lat]) => {
    const p = window.incidentMap.project(lon, lat);
    const canvas = document.querySelector("canvas");
    const ratio = canvas.width / canvas.getBoundingClientRect().width;
    const d = canvas.getContext("2d").getImageData(Math.floor(p.x * ratio), Math.floor(p.y * ratio), 1, 1).data;
    return [...d];
  }, [lon, lat]);
}

const popup = () => page.locator(".im-popup[role=dialog]");

test("the page loads offline: nothing requested off the page's origin, no errors", async () => {
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(pageErrors, []);
  assert.match(await page.locator(".im-count").innerText(), /^\d+ incidents?$/);
});

test("slider to 17 Sep 2024, zoom on Bamako, click the airport: the popup tells the story", async () => {
  await page.locator(".im-width").selectOption("week");
  await slideTo("2024-09-17");
  assert.equal(await page.locator(".im-date").innerText(), "11 Sep 2024 – 17 Sep 2024");
  const timeWindow = await page.evaluate(() => window.incidentMap.timeWindow());
  assert.deepEqual(timeWindow, { start: "2024-09-11", end: "2024-09-17" });

  // Zoom in on the airport with the wheel, as a user would, until the two Bamako sites separate.
  for (let i = 0; i < 6; i++) {
    const p = await canvasPoint(AIRPORT);
    await page.mouse.move(p.x, p.y);
    await page.mouse.wheel(0, -150);
    await frames(page);
  }
  const airport = await canvasPoint(AIRPORT);
  const school = await canvasPoint(SCHOOL);
  assert.ok(Math.hypot(airport.x - school.x, airport.y - school.y) > 60, "sites apart after zooming");
  assert.deepEqual(await canvasPixel(AIRPORT), [213, 94, 0, 255], "the vermilion Battles symbol is drawn");

  await page.mouse.click(airport.x, airport.y);
  await frames(page);
  await assert.doesNotReject(popup().waitFor({ state: "visible", timeout: 2000 }));
  const text = await popup().innerText();
  assert.match(text, /JNIM attack on the military zone of Bamako airport/);
  assert.match(text, /17 Sep 2024/);
  assert.match(text, /beside the airport/);
  assert.match(text, /Battles/);
  assert.match(text, /Sources/);
  assert.equal(await page.evaluate(() => window.incidentMap.selectedId()), "bamako-2024-09-17-airport");
  const links = await popup().locator("a").evaluateAll((as) => as.map((a) => a.href));
  assert.ok(links.length > 0 && links.every((h) => /^https?:\/\//.test(h)), "source links are http(s)");
  await page.screenshot({ path: join(artifacts, "bamako-airport-popup.png") });

  // The school's popup shows the range of claims, never one number.
  await page.mouse.click(school.x, school.y);
  await frames(page);
  const schoolText = await popup().innerText();
  assert.match(schoolText, /Low: 70/);
  assert.match(schoolText, /Best: 77/);
  assert.match(schoolText, /Who claimed what/);
});

test("the popup survives slider moves and closes with Escape", async () => {
  assert.ok(await popup().isVisible());
  // A step back: 17 Sep 2024 is the slider's last day (the record's last event day).
  await page.locator(".im-slider").press("ArrowLeft");
  await frames(page);
  assert.ok(await popup().isVisible(), "still open after a slider step");
  await page.locator("canvas.im-canvas").focus();
  await page.keyboard.press("Escape");
  await frames(page);
  assert.ok(!(await popup().isVisible()), "closed by Escape");
  assert.equal(await page.evaluate(() => window.incidentMap.selectedId()), null);
});

test("in 2023 Bamako's 2024 symbols are gone", async () => {
  await page.locator(".im-width").selectOption("year");
  await slideTo("2023-06-30");
  const picked = await page.evaluate(
    ([a, s]) => [window.incidentMap.pick(a.x, a.y), window.incidentMap.pick(s.x, s.y)],
    [(await canvasPoint(AIRPORT)).local, (await canvasPoint(SCHOOL)).local],
  );
  assert.deepEqual(picked, [[], []]);
  const pixel = await canvasPixel(AIRPORT);
  assert.notDeepEqual(pixel, [213, 94, 0, 255]);
  await page.screenshot({ path: join(artifacts, "bamako-2023.png") });
});

test("several incidents under the pointer: a chooser lists them", async () => {
  await page.evaluate(() => window.incidentMap.setTimeWindow("2012-01-01", "2024-09-30"));
  await frames(page);
  await page.locator(".im-zoom-out").click();
  await page.locator(".im-zoom-out").click();
  await frames(page);
  const bamako = await canvasPoint({ lon: -8.0028, lat: 12.6392 });
  await page.mouse.click(bamako.x, bamako.y);
  await frames(page);
  const choices = popup().locator(".im-choice");
  assert.ok((await choices.count()) >= 3, "several incidents listed");
  await popup().locator(".im-choice", { hasText: "Radisson Blu" }).click();
  await frames(page);
  assert.match(await popup().innerText(), /20 Nov 2015/);
  await popup().locator(".im-close").click();
  assert.ok(!(await popup().isVisible()), "closed by ×");
});

test("keyboard and buttons zoom and pan", async () => {
  const distance = async () => {
    const a = await canvasPoint({ lon: -8, lat: 12 });
    const b = await canvasPoint({ lon: 2, lat: 12 });
    return b.x - a.x;
  };
  const before = await distance();
  await page.locator(".im-zoom-in").click();
  assert.ok(Math.abs((await distance()) / before - 2) < 1e-6, "+ button doubles the scale");
  await page.locator("canvas.im-canvas").focus();
  await page.keyboard.press("-");
  assert.ok(Math.abs((await distance()) / before - 1) < 1e-6, "- key halves it again");
  const x0 = (await canvasPoint(AIRPORT)).x;
  await page.keyboard.press("ArrowLeft");
  assert.ok(Math.abs((await canvasPoint(AIRPORT)).x - x0 - 80) < 1e-6, "arrow pans 80 px");
  const box = await page.locator("canvas.im-canvas").boundingBox();
  const centre = await page.evaluate(([x, y]) => window.incidentMap.unproject(x, y), [box.width / 2, box.height / 2]);
  const dragFrom = await canvasPoint(centre);
  await page.mouse.move(dragFrom.x, dragFrom.y);
  await page.mouse.down();
  await page.mouse.move(dragFrom.x + 100, dragFrom.y + 40, { steps: 5 });
  await page.mouse.up();
  const moved = await canvasPoint(centre);
  assert.ok(
    Math.abs(moved.x - dragFrom.x - 100) < 0.5 && Math.abs(moved.y - dragFrom.y - 40) < 0.5,
    `drag pans: ${JSON.stringify([dragFrom, moved])}`,
  );
  assert.ok(!(await popup().isVisible()), "a drag is not a click");
});

test("play advances the date and pause stops it", async () => {
  await page.locator(".im-width").selectOption("month");
  await slideTo("2013-01-01");
  await page.locator(".im-play").click();
  await page.waitForTimeout(600);
  await page.locator(".im-play").click();
  const after = +(await page.locator(".im-slider").inputValue());
  assert.ok(after > dayNumber("2013-01-01"), "date moved forward");
  await page.waitForTimeout(300);
  assert.equal(+(await page.locator(".im-slider").inputValue()), after, "paused");
});

test("a loaded file with bad features reports them and never runs data as HTML", async () => {
  const geojson = JSON.stringify({
    type: "FeatureCollection",
    features: [
      {
        type: "Feature",
        geometry: { type: "Point", coordinates: [-4.18, 14.48] },
        properties: {
          id: "x1",
          title: '<img src=x onerror="window.pwned=1">Mopti',
          start: "2020-05-01",
          event_type: "Riots",
          sources: [{ publisher: "Bad", url: "javascript:alert(1)" }],
        },
      },
      { type: "Feature", geometry: null, properties: { id: "x2", start: "2020-05-01" } },
    ],
  });
  await page.locator("#file").setInputFiles({ name: "mine.geojson", mimeType: "application/geo+json", buffer: Buffer.from(geojson) });
  await page.locator("#report-summary").waitFor({ state: "visible" });
  assert.match(await page.locator("#report-summary").innerText(), /1 incidents loaded, 1 skipped, 1 warnings/);
  const issues = await page.locator("#report-issues li").allInnerTexts();
  assert.ok(issues.some((t) => /feature 1 skipped: no geometry/.test(t)), issues.join("\n"));
  assert.ok(issues.some((t) => /javascript:alert\(1\)/.test(t) && /dropped/.test(t)), issues.join("\n"));
  await page.evaluate(() => window.incidentMap.setTimeWindow("2020-04-01", "2020-05-31"));
  await page.evaluate(() => window.incidentMap.select("x1"));
  await frames(page);
  assert.match(await popup().innerText(), /<img src=x onerror="window\.pwned=1">Mopti/);
  assert.equal(await popup().locator("img").count(), 0, "no element made from data");
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await popup().locator("a").count(), 0, "the javascript: link was dropped");
  await page.screenshot({ path: join(artifacts, "loaded-file.png") });
  assert.deepEqual(pageErrors, []);
});

test("in Arabic the popup reads right to left, with its date in Arabic and English names kept left to right", async () => {
  // The language switches in place, so the record comes back first (the test before loaded a file).
  await page.locator("#reset").click();
  await page.locator("#lang").selectOption("ar");
  await page.evaluate(() => {
    window.incidentMap.setTimeWindow("2024-09-11", "2024-09-17");
    window.incidentMap.select("bamako-2024-09-17-airport");
  });
  await frames(page);
  assert.equal(await popup().getAttribute("dir"), "rtl");
  assert.match(await popup().locator(".im-title").innerText(), /مطار باماكو/);
  assert.equal(await popup().locator(".im-when").getAttribute("dir"), "auto");
  assert.equal(await popup().locator(".im-when").innerText(), "17 سبتمبر 2024");
  const actors = popup().locator("dd", { hasText: "JNIM" });
  assert.equal(await actors.getAttribute("dir"), "auto");
  const direction = await actors.evaluate((el) => getComputedStyle(el).direction);
  assert.equal(direction, "ltr", "English names inside an Arabic popup read left to right");
  assert.equal(await page.evaluate(() => document.documentElement.dir), "", "the page itself is not mirrored");
  await page.screenshot({ path: join(artifacts, "arabic-popup.png") });
});

test("the map follows its canvas when the page resizes it", async () => {
  const before = await page.evaluate(() => window.incidentMap.project(-8.0028, 12.6392));
  await page.evaluate(() => {
    document.querySelector("canvas").style.width = "600px";
  });
  await frames(page);
  await frames(page);
  const canvas = await page.evaluate(() => {
    const c = document.querySelector("canvas");
    return { width: c.width, css: c.getBoundingClientRect().width, ratio: window.devicePixelRatio };
  });
  assert.equal(canvas.width, Math.round(canvas.css * canvas.ratio), "backing store follows the CSS size");
  const after = await page.evaluate(() => window.incidentMap.project(-8.0028, 12.6392));
  assert.notDeepEqual(after, before, "the view is laid out for the new size");
  assert.ok(after.x >= 0 && after.x <= 600, "Bamako still on the narrower canvas");
  await page.evaluate(() => {
    document.querySelector("canvas").style.width = "";
  });
});
