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
  assert.deepEqual(phoneErrors, []);
  await context.close();
});
