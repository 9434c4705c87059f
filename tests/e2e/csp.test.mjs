// End-to-end: the demo served under a strict Content-Security-Policy. The widget's CSS comes as
// a constructed stylesheet and its styles through the CSSOM, so nothing is blocked: the controls
// keep their layout and a touch pan pans the map instead of scrolling the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { serveWww, launch, frames, collectErrors, artifacts } from "./harness.mjs";

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob: data:";

let server;
let browser;
let page;
let errors;

before(async () => {
  server = await serveWww({ headers: { "content-security-policy": CSP } });
  browser = await launch();
  const context = await browser.newContext({
    viewport: { width: 900, height: 800 },
    hasTouch: true,
  });
  page = await context.newPage();
  errors = collectErrors(page);
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.violations.push(`${e.violatedDirective}: ${e.blockedURI}`),
    );
  });
  const response = await page.goto(`${server.origin}/`);
  assert.equal(response.headers()["content-security-policy"], CSP, "the page is served with the policy");
  await page.waitForFunction(() => window.incidentMap !== undefined);
  await frames(page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("under a strict CSP: no violation, and the controls keep their layout", async () => {
  const layout = await page.evaluate(() => {
    const style = (selector) => getComputedStyle(document.querySelector(selector));
    const label = document.querySelector(".im-label");
    return {
      timebar: style(".im-timebar").display,
      zoom: style(".im-zoom").position,
      legend: style(".im-legend").position,
      popup: style(".im-popup").position,
      touchAction: style("canvas.im-canvas").touchAction,
      labelLeft: label ? getComputedStyle(label).left : null,
      swatch: style(".im-swatch").backgroundColor,
    };
  });
  assert.deepEqual(
    { ...layout, labelLeft: layout.labelLeft !== null && layout.labelLeft !== "auto" },
    {
      timebar: "flex",
      zoom: "absolute",
      legend: "absolute",
      popup: "absolute",
      touchAction: "none",
      labelLeft: true,
      swatch: layout.swatch,
    },
  );
  assert.notEqual(layout.swatch, "rgba(0, 0, 0, 0)", "legend swatches are coloured");
  await page.evaluate(() => window.incidentMap.select("bamako-2024-09-17-airport"));
  await frames(page);
  const popup = await page.locator(".im-popup").boundingBox();
  const stage = await page.locator(".im-stage").boundingBox();
  assert.ok(popup.x >= stage.x && popup.x + popup.width <= stage.x + stage.width + 1, "popup placed inside the map");
  await page.screenshot({ path: join(artifacts, "csp-demo.png") });
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(errors, []);
});

test("under a strict CSP a one-finger touch drag pans the map, not the page", async () => {
  await page.evaluate(() => window.incidentMap.select(null));
  const cdp = await page.context().newCDPSession(page);
  const box = await page.locator("canvas.im-canvas").boundingBox();
  const before = await page.evaluate(() => ({ view: window.incidentMap.view(), scroll: window.scrollY }));
  const scrollable = await page.evaluate(() => document.scrollingElement.scrollHeight > window.innerHeight);
  assert.ok(scrollable, "the page could scroll, so a drag that scrolled it would show");
  const at = (x, y) => [{ x: box.x + x, y: box.y + y, id: 1 }];
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: at(400, 300) });
  for (let k = 1; k <= 8; k++) {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: at(400, 300 - k * 20) });
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await frames(page);
  const after = await page.evaluate(() => ({ view: window.incidentMap.view(), scroll: window.scrollY }));
  assert.equal(after.scroll, before.scroll, "the page did not scroll");
  assert.ok(after.view.lat < before.view.lat - 0.5, `the map panned: ${before.view.lat} → ${after.view.lat}`);
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(errors, []);
});

test("under a strict CSP a file loads: the importer module is fetched and started without a violation", async () => {
  const text = await page.evaluate(() => window.incidentMap.toGeoJson());
  const count = JSON.parse(text).features.length;
  const result = await page.evaluate((t) => window.incidentMap.loadData(t), text);
  assert.equal(result.loaded, count);
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(errors, []);
});
