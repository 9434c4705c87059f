// End-to-end on a touch screen with a HiDPI display: tap opens a popup, one finger pans, two
// fingers pinch-zoom, and the canvas renders at the device pixel ratio.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { serveWww, launch, frames, artifacts } from "./harness.mjs";

let server;
let browser;
let page;
let cdp;

before(async () => {
  server = await serveWww();
  browser = await launch();
  const context = await browser.newContext({
    viewport: { width: 900, height: 800 },
    deviceScaleFactor: 2,
    hasTouch: true,
    isMobile: false,
  });
  page = await context.newPage();
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => window.incidentMap !== undefined);
  cdp = await context.newCDPSession(page);
  await frames(page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const canvasBox = () => page.locator("canvas.im-canvas").boundingBox();

async function touch(type, points) {
  await cdp.send("Input.dispatchTouchEvent", {
    type,
    touchPoints: points.map(([x, y], id) => ({ x, y, id })),
  });
}

test("the canvas renders at devicePixelRatio 2 and symbols land where project() says", async () => {
  const size = await page.evaluate(() => {
    const c = document.querySelector("canvas");
    return { width: c.width, css: c.getBoundingClientRect().width, ratio: window.devicePixelRatio };
  });
  assert.equal(size.ratio, 2);
  assert.equal(size.width, Math.round(size.css * 2));
  await page.evaluate(() => window.incidentMap.setTimeWindow("2024-09-11", "2024-09-17"));
  await frames(page);
  const pixel = await page.evaluate(() => {
    const p = window.incidentMap.project(-7.9431, 12.5378);
    const c = document.querySelector("canvas");
    return [...c.getContext("2d").getImageData(Math.floor(p.x * 2), Math.floor(p.y * 2), 1, 1).data];
  });
  assert.deepEqual(pixel, [213, 94, 0, 255], "the airport's vermilion symbol at twice the CSS position");
  await page.screenshot({ path: join(artifacts, "hidpi.png") });
});

test("one finger pans, two fingers pinch-zoom around their midpoint", async () => {
  const box = await canvasBox();
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  const probe = await page.evaluate(([x, y]) => window.incidentMap.unproject(x, y), [box.width / 2, box.height / 2]);
  await touch("touchStart", [[cx, cy]]);
  for (let k = 1; k <= 5; k++) await touch("touchMove", [[cx + 12 * k, cy + 6 * k]]);
  await touch("touchEnd", []);
  const moved = await page.evaluate(([lon, lat]) => window.incidentMap.project(lon, lat), [probe.lon, probe.lat]);
  assert.ok(Math.abs(moved.x - box.width / 2 - 60) < 1 && Math.abs(moved.y - box.height / 2 - 30) < 1, `panned: ${JSON.stringify(moved)}`);

  const spread = async () => {
    const a = await page.evaluate(() => window.incidentMap.project(-8, 12));
    const b = await page.evaluate(() => window.incidentMap.project(2, 12));
    return b.x - a.x;
  };
  const before = await spread();
  const anchor = await page.evaluate(([x, y]) => window.incidentMap.unproject(x, y), [box.width / 2, box.height / 2]);
  await touch("touchStart", [[cx - 50, cy], [cx + 50, cy]]);
  for (let k = 1; k <= 5; k++) await touch("touchMove", [[cx - 50 - 10 * k, cy], [cx + 50 + 10 * k, cy]]);
  await touch("touchEnd", []);
  const ratio = (await spread()) / before;
  assert.ok(Math.abs(ratio - 2) < 0.02, `fingers 100 → 200 px apart zoom ×2, got ${ratio}`);
  const still = await page.evaluate(([lon, lat]) => window.incidentMap.project(lon, lat), [anchor.lon, anchor.lat]);
  assert.ok(Math.abs(still.x - box.width / 2) < 1 && Math.abs(still.y - box.height / 2) < 1, "the midpoint stays put");
  assert.ok(!(await page.locator(".im-popup").isVisible()), "a pinch is not a tap");
});

test("a tap on a symbol opens its popup", async () => {
  await page.evaluate(() => window.incidentMap.setTimeWindow("2024-07-25", "2024-07-27"));
  await page.evaluate(() => window.incidentMap.setView(2.7019, 19.9433, 8));
  const view = await page.evaluate(() => window.incidentMap.view());
  assert.ok(Math.abs(view.lon - 2.7019) < 1e-9 && Math.abs(view.lat - 19.9433) < 1e-9 && view.zoom === 8, JSON.stringify(view));
  await frames(page);
  const box = await canvasBox();
  const q = await page.evaluate(() => window.incidentMap.project(2.7019, 19.9433));
  await page.touchscreen.tap(box.x + q.x, box.y + q.y);
  await frames(page);
  assert.equal(await page.evaluate(() => window.incidentMap.selectedId()), "tinzaouaten-2024-07-25");
});
