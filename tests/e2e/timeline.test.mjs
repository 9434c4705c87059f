// End-to-end: the timeline as a researcher uses it on the demo page: playback at several
// speeds and in a loop, and the tooltip that shows when the mouse rests on an incident.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { serveWww, launch, frames, collectErrors, artifacts } from "./harness.mjs";

let server;
let browser;
let page;
let errors;

before(async () => {
  server = await serveWww();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  errors = collectErrors(page);
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => window.incidentMap !== undefined);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const dayOf = (iso) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** Days the window's end moves in `ms` of playback at `speed`, from 2013-01-01. */
async function daysMoved(speed, ms) {
  await page.evaluate(() => window.incidentMap.setPlaying(false));
  await page.evaluate(() => window.incidentMap.setTimeWindow("2012-12-02", "2013-01-01"));
  const before = await page.evaluate(() => window.incidentMap.timeWindow().end);
  await page.evaluate((speed) => window.incidentMap.setPlaying(true, { speed }), speed);
  await page.waitForTimeout(ms);
  await page.evaluate(() => window.incidentMap.setPlaying(false));
  const after = await page.evaluate(() => window.incidentMap.timeWindow().end);
  return dayOf(after) - dayOf(before);
}

test("at 4x playback advances about four times as many days per second as at 1x", async () => {
  const one = await daysMoved(1, 1000);
  const four = await daysMoved(4, 1000);
  assert.ok(one > 30, `${one} days in a second at 1x`);
  const ratio = four / one;
  assert.ok(ratio > 3 && ratio < 5.3, `1x: ${one} days, 4x: ${four} days (ratio ${ratio.toFixed(2)})`);
  assert.equal(await page.locator(".im-speed").inputValue(), "3", "the selector shows 4x");
  const refused = await page.evaluate(() => {
    try {
      window.incidentMap.setPlaying(true, { speed: 3 });
      return "accepted";
    } catch (e) {
      return e.message;
    }
  });
  assert.match(refused, /the speed must be one of 0\.5, 1, 2, 4 and 8/);
  await page.locator(".im-speed").selectOption("1");
  assert.deepEqual(errors, []);
});

test("with loop on, playback wraps round to the start instead of stopping", async () => {
  await page.evaluate(() => window.incidentMap.setTimeWindow("2024-08-20", "2024-09-19"));
  await page.locator(".im-loop").click();
  assert.equal(await page.locator(".im-loop").getAttribute("aria-pressed"), "true");
  await page.evaluate(() => window.incidentMap.setPlaying(true, { speed: 8 }));
  await page.waitForFunction(() => window.incidentMap.timeWindow().end < "2024-01-01", null, { timeout: 5000 });
  const end = await page.evaluate(() => window.incidentMap.timeWindow().end);
  assert.ok(end < "2013-06-01", `wrapped to the start: ${end}`);
  assert.equal(await page.locator(".im-play").getAttribute("aria-label"), "Pause", "still playing");
  await page.evaluate(() => window.incidentMap.setPlaying(false, { loop: false }));
  assert.equal(await page.locator(".im-loop").getAttribute("aria-pressed"), "false");
  assert.deepEqual(errors, []);
});

test("resting the mouse on the Bamako airport shows its title; a drag hides it", async () => {
  await page.evaluate(() => {
    window.incidentMap.setTimeWindow("2024-09-11", "2024-09-17");
    window.incidentMap.setView(-7.9431, 12.5378, 12);
  });
  await frames(page);
  const box = await page.locator("canvas.im-canvas").boundingBox();
  const at = await page.evaluate(() => window.incidentMap.project(-7.9431, 12.5378));
  await page.mouse.move(box.x + at.x - 30, box.y + at.y - 30);
  await page.mouse.move(box.x + at.x, box.y + at.y, { steps: 3 });
  const tooltip = page.locator(".im-tooltip");
  await tooltip.waitFor({ state: "visible", timeout: 2000 });
  const text = await tooltip.innerText();
  assert.match(text, /airport/i);
  assert.match(text, /2024/);
  await page.screenshot({ path: join(artifacts, "hover-tooltip.png") });
  await page.mouse.down();
  await page.mouse.move(box.x + at.x + 60, box.y + at.y + 40, { steps: 4 });
  assert.ok(!(await tooltip.isVisible()), "hidden while dragging");
  await page.mouse.up();
  await page.mouse.move(box.x + 5, box.y + box.height - 5);
  await frames(page);
  assert.ok(!(await tooltip.isVisible()), "hidden off the symbols");
  assert.deepEqual(errors, []);
});

test("on a phone the legend folds behind one button, chrome covers little of the map, and controls are touch-sized", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 3 });
  const phone = await context.newPage();
  const phoneErrors = collectErrors(phone);
  await phone.goto(`${server.origin}/`);
  await phone.waitForFunction(() => window.incidentMap !== undefined);
  await frames(phone);
  assert.ok(!(await phone.locator(".im-legend").isVisible()), "the legend is folded");
  const covered = await phone.evaluate(() => {
    const stage = document.querySelector(".im-stage").getBoundingClientRect();
    const overlays = [...document.querySelectorAll(".im-stage > :not(canvas):not(.im-labels)")]
      .map((e) => e.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0);
    const area = overlays.reduce((sum, r) => sum + r.width * r.height, 0);
    return area / (stage.width * stage.height);
  });
  assert.ok(covered <= 0.15, `chrome covers ${(covered * 100).toFixed(1)} % of the map`);
  const small = await phone.evaluate(() =>
    [...document.querySelectorAll(".im-timebar button, .im-timebar select, .im-timebar input, .im-zoom button, .im-panel-toggle")]
      .map((e) => e.getBoundingClientRect())
      .filter((r) => r.width > 0 && (r.width < 44 || r.height < 44)).length,
  );
  assert.equal(small, 0, "every control is at least 44 px");
  await phone.screenshot({ path: join(artifacts, "phone-folded.png") });
  await phone.locator(".im-panel-toggle").tap();
  assert.ok(await phone.locator(".im-legend").isVisible(), "the button unfolds it");
  assert.equal(await phone.locator(".im-panel-toggle").getAttribute("aria-expanded"), "true");
  await phone.screenshot({ path: join(artifacts, "phone-open.png") });
  await phone.locator(".im-panel-toggle").tap();
  await phone.evaluate(() => window.incidentMap.setTimeWindow("2020-01-01", "2020-12-31"));
  await frames(phone);
  const handle = await phone.locator(".im-handle-start").boundingBox();
  assert.ok(handle.width >= 44 && handle.height >= 44, `a ${handle.width}×${handle.height} touch target`);
  const cdp = await context.newCDPSession(phone);
  const touch = (x) => [{ x: handle.x + handle.width / 2 + x, y: handle.y + handle.height / 2, id: 1 }];
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: touch(0) });
  for (let k = 1; k <= 6; k++) {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: touch(-k * 10) });
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  const window = await phone.evaluate(() => window.incidentMap.timeWindow());
  assert.ok(window.start < "2020-01-01", `a finger moved the start: ${window.start}`);
  assert.equal(window.end, "2020-12-31");
  assert.deepEqual(phoneErrors, []);
  await context.close();
});

test("with Battles toggled off the count is the other incidents in the window, and Tinzaouaten cannot be picked", async () => {
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => window.incidentMap !== undefined);
  await page.evaluate(() => window.incidentMap.setTimeWindow("2012-01-01", "2024-12-31"));
  const all = JSON.parse(await page.evaluate(() => window.incidentMap.toGeoJson({ visible: true }))).features;
  const others = all.filter((f) => f.properties.event_type !== "Battles").length;
  assert.ok(others < all.length && others > 0);
  const pickTinzaouaten = () =>
    page.evaluate(() => {
      window.incidentMap.setView(2.7019, 19.9433, 9);
      const p = window.incidentMap.project(2.7019, 19.9433);
      return window.incidentMap.pick(p.x, p.y);
    });
  assert.ok((await pickTinzaouaten()).includes("tinzaouaten-2024-07-25"), "pickable while battles show");
  await page.evaluate(() => {
    window.filterEvents = [];
    window.incidentMap.on("filterchange", (f) => window.filterEvents.push(f));
  });
  await page.locator(".im-type", { hasText: "Battles" }).click();
  assert.equal(await page.locator(".im-type", { hasText: "Battles" }).getAttribute("aria-pressed"), "false");
  assert.equal(await page.evaluate(() => window.incidentMap.visibleCount()), others);
  assert.match(await page.locator(".im-count").innerText(), new RegExp(`^${others} incidents?$`));
  const events = await page.evaluate(() => window.filterEvents);
  assert.equal(events.length, 1);
  assert.ok(!events[0].types.includes("Battles") && events[0].types.length === 6, JSON.stringify(events[0]));
  const visible = JSON.parse(await page.evaluate(() => window.incidentMap.toGeoJson({ visible: true }))).features;
  assert.equal(visible.length, others, "toGeoJson({visible}) follows the filter");
  const picked = await pickTinzaouaten();
  assert.ok(!picked.includes("tinzaouaten-2024-07-25"), JSON.stringify(picked));
  await page.evaluate(() => window.incidentMap.setFilter({ types: ["Battles"] }));
  const only = await page.evaluate(() => window.incidentMap.visibleCount());
  assert.equal(only, all.length - others);
  const refused = await page.evaluate(() => {
    try {
      window.incidentMap.setFilter({ types: ["Skirmish"] });
      return "accepted";
    } catch (e) {
      return `${e.name}: ${e.message}`;
    }
  });
  assert.equal(refused, "TypeError: filter 'types': unknown event type 'Skirmish'");
  await page.evaluate(() => window.incidentMap.setFilter({ types: ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots", "Strategic developments", "Other"] }));
  assert.equal(await page.evaluate(() => window.incidentMap.visibleCount()), all.length);
  assert.deepEqual(errors, []);
});

test("typing Wagner in the actor filter leaves only incidents with a Wagner actor", async () => {
  await page.evaluate(() => window.incidentMap.setTimeWindow("2012-01-01", "2024-12-31"));
  await page.locator(".im-filters input[type=search]").fill("wagner");
  const visible = JSON.parse(await page.evaluate(() => window.incidentMap.toGeoJson({ visible: true }))).features;
  assert.ok(visible.length > 0, "some incidents involve Wagner");
  for (const f of visible) {
    assert.ok(f.properties.actors.some((a) => /wagner/i.test(a)), JSON.stringify(f.properties.actors));
  }
  assert.equal(await page.evaluate(() => window.incidentMap.filter().actors), "wagner");
  const options = await page.locator(".im-filters datalist option").evaluateAll((os) => os.map((o) => o.value));
  assert.ok(options.length > 0 && options.every((o) => /wagner/i.test(o)), JSON.stringify(options));
  await page.screenshot({ path: join(artifacts, "filter-wagner.png") });
  await page.locator(".im-filters input[type=search]").fill("");
  assert.deepEqual(errors, []);
});

test("dragging the left handle moves the window's start; keys move it by bars; the strip shows the bars", async () => {
  await page.evaluate(() => window.incidentMap.setTimeWindow("2020-01-01", "2020-12-31"));
  await frames(page);
  const handle = page.locator(".im-handle-start");
  const box = await handle.boundingBox();
  const before = await page.evaluate(() => window.incidentMap.timeWindow().start);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 80, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const after = await page.evaluate(() => window.incidentMap.timeWindow());
  assert.ok(after.start < before, `${before} → ${after.start}`);
  assert.equal(after.end, "2020-12-31", "the other end stays");
  assert.equal(await handle.getAttribute("role"), "slider");
  await handle.focus();
  await page.keyboard.press("Home");
  assert.equal(await page.evaluate(() => window.incidentMap.timeWindow().start), "2012-01-17");
  await page.keyboard.press("PageUp");
  const paged = await page.evaluate(() => window.incidentMap.timeWindow().start);
  assert.ok(paged > "2012-06-01", paged);
  assert.match(await handle.getAttribute("aria-valuetext"), /\d{4}/);
  const strip = await page.evaluate(() => {
    const c = document.querySelector(".im-strip");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let coloured = 0;
    for (let k = 3; k < d.length; k += 4) if (d[k] > 0) coloured++;
    return { coloured, width: c.width };
  });
  assert.ok(strip.coloured > 50 && strip.width > 100, JSON.stringify(strip));
  await page.locator(".incident-map").screenshot({ path: join(artifacts, "histogram-strip.png") });
  assert.deepEqual(errors, []);
});
