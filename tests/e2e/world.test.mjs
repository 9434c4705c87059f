// End-to-end: the map outside Mali. UCDP GED files for Ukraine and Colombia (made-up rows at real
// towns, tests/fixtures/ucdp-*.csv) open over their country with its outlines drawn under the
// incidents; fitData() brings a panned view back; the world zoomed out; the `view` option; and
// toBlob's PNG holds the canvas's pixels unchanged with the legend band below.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveWww, launch, frames, collectErrors, artifacts, BLANK_PAGE } from "./harness.mjs";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
// The basemap's colours (src/style.rs).
const BACKGROUND = [221, 227, 232];
const LAND = [240, 237, 230];
const FOCUS_LAND = [252, 250, 244];
const BORDER = [150, 140, 126];
const BASEMAP = [BACKGROUND, LAND, FOCUS_LAND, BORDER];

let server;
let browser;

before(async () => {
  const file = (name) => async (req, res) => {
    res.writeHead(200, { "content-type": "text/csv" }).end(await readFile(join(fixtures, name)));
  };
  server = await serveWww({
    routes: {
      "/e2e/blank.html": (req, res) => res.writeHead(200, { "content-type": "text/html" }).end(BLANK_PAGE),
      "/e2e/ucdp-ukraine.csv": file("ucdp-ukraine.csv"),
      "/e2e/ucdp-colombia.csv": file("ucdp-colombia.csv"),
    },
  });
  browser = await launch();
  await mkdir(artifacts, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The (lon, lat) of each row of a UCDP GED fixture. */
async function places(name) {
  const [header, ...rows] = (await readFile(join(fixtures, name), "utf8")).trim().split("\n");
  const fields = (line) => line.match(/("[^"]*"|[^,]*)(,|$)/g).map((f) => f.replace(/,$/, ""));
  const cols = fields(header);
  const [lat, lon] = [cols.indexOf("latitude"), cols.indexOf("longitude")];
  return rows.map((r) => ({ lon: Number(fields(r)[lon]), lat: Number(fields(r)[lat]) }));
}

/** A blank page with the module loaded; `window.map` is a widget on an 800×500 canvas. */
async function mapPage(options) {
  const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
  const errors = collectErrors(page);
  await page.goto(`${server.origin}/e2e/blank.html`);
  await page.evaluate(async (options) => {
    const module = await import("/pkg/incident_map.js");
    await module.default();
    const canvas = document.createElement("canvas");
    canvas.setAttribute("style", "width: 800px; height: 500px");
    document.body.append(canvas);
    window.canvas = canvas;
    window.map = new module.IncidentMap(canvas, options);
  }, options);
  await frames(page);
  return { page, errors };
}

/** The canvas's pixels around each point: for each, the colours within `r` pixels, as keys. */
function around(page, points, r) {
  return page.evaluate(({ points, r }) => {
    const c = window.canvas;
    const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    const scale = c.width / c.getBoundingClientRect().width;
    return points.map(({ lon, lat }) => {
      const p = window.map.project(lon, lat);
      const [cx, cy] = [Math.round(p.x * scale), Math.round(p.y * scale)];
      const seen = new Set();
      for (let y = Math.max(0, cy - r); y <= Math.min(c.height - 1, cy + r); y++) {
        for (let x = Math.max(0, cx - r); x <= Math.min(c.width - 1, cx + r); x++) {
          const k = (y * c.width + x) * 4;
          seen.add(`${data[k]},${data[k + 1]},${data[k + 2]}`);
        }
      }
      const k = (cy * c.width + cx) * 4;
      return { x: p.x, y: p.y, centre: [data[k], data[k + 1], data[k + 2]], seen: [...seen] };
    });
  }, { points, r });
}

const key = (rgb) => rgb.join(",");

for (const [country, file] of [["Ukraine", "ucdp-ukraine.csv"], ["Colombia", "ucdp-colombia.csv"]]) {
  test(`a UCDP file for ${country} loaded with data: "none" opens over ${country}, outlines under the incidents`, async () => {
    const { page, errors } = await mapPage({ data: "none" });
    const result = await page.evaluate((url) => window.map.loadUrl(url), `/e2e/${file}`);
    assert.equal(result.format, "UCDP GED");
    assert.equal(result.loaded, 12);
    // Every incident in the window, so that each symbol is drawn.
    await page.evaluate(() => window.map.setTimeWindow("2021-01-01", "2025-12-31"));
    await frames(page);
    const points = await places(file);
    const found = await around(page, points, 30);
    for (const [k, p] of found.entries()) {
      assert.ok(p.x >= 0 && p.x <= 800 && p.y >= 0 && p.y <= 500, `incident ${k} on screen: ${p.x}, ${p.y}`);
      assert.ok(p.seen.includes(key(LAND)), `land around incident ${k}`);
      assert.ok(!BASEMAP.some((c) => key(c) === key(p.centre)), `a symbol on incident ${k}: ${p.centre}`);
    }
    const borders = found.filter((p) => p.seen.includes(key(BORDER))).length;
    assert.ok(borders >= 3, `country outlines near the incidents (${borders} of 12)`);
    const view = await page.evaluate(() => window.map.view());
    assert.ok(view.zoom > 4, `zoomed in on the country: ${JSON.stringify(view)}`);
    await page.locator(".incident-map").screenshot({ path: join(artifacts, `world-${country.toLowerCase()}.png`) });

    // Panned and zoomed away, fitData() brings the view back.
    await page.evaluate(() => window.map.setView(-8, 12.6, 7));
    assert.notDeepEqual(await page.evaluate(() => window.map.view()), view);
    assert.equal(await page.evaluate(() => window.map.fitData()), true);
    const back = await page.evaluate(() => window.map.view());
    for (const k of ["lon", "lat", "zoom"]) assert.ok(Math.abs(back[k] - view[k]) < 1e-9, `${k}: ${back[k]} vs ${view[k]}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("the whole world zoomed out: land on every continent, sea between, capitals labelled", async () => {
  const { page, errors } = await mapPage({ view: { lon: 10, lat: 25, zoom: 2 } });
  await page.locator(".incident-map").screenshot({ path: join(artifacts, "world-zoomed-out.png") });
  const continents = [
    { lon: -100, lat: 45 }, { lon: -55, lat: -10 }, { lon: 24, lat: -2 },
    { lon: 90, lat: 60 }, { lon: 135, lat: -25 }, { lon: 10, lat: 50 },
  ];
  const land = await around(page, continents, 0);
  for (const [k, p] of land.entries()) assert.deepEqual(p.centre, LAND, `land at ${JSON.stringify(continents[k])}`);
  const sea = await around(page, [{ lon: -35, lat: 30 }, { lon: 80, lat: -20 }], 0);
  for (const p of sea) assert.deepEqual(p.centre, BACKGROUND);
  const labels = await page.evaluate(() => [...document.querySelectorAll(".im-label")].map((l) => l.textContent));
  for (const town of ["Washington", "Moscow", "Beijing", "Brasília"]) assert.ok(labels.includes(town), `${town} in ${labels}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the view option: the record opens on Mali as before, \"data\" fits it, a bad view throws naming it", async () => {
  const { page, errors } = await mapPage(undefined);
  const opening = await page.evaluate(() => window.map.view());
  await page.evaluate(() => { window.map.setView(30, 50, 8); window.map.fitFocus(); });
  assert.deepEqual(await page.evaluate(() => window.map.view()), opening, "the Mali default is the focus view");
  const fitted = await page.evaluate(() => {
    const other = new window.map.constructor(document.createElement("canvas"), { view: "data" });
    const v = other.view();
    other.destroy();
    return v;
  });
  assert.notDeepEqual(fitted, opening);
  const refused = await page.evaluate(() => {
    try {
      new window.map.constructor(document.createElement("canvas"), { view: { lon: 30, lat: 50 } });
      return "created";
    } catch (e) {
      return `${e.name}: ${e.message}`;
    }
  });
  assert.equal(refused, "TypeError: option 'view': it needs lon, lat and zoom");
  assert.deepEqual(errors, []);
  await page.close();
});

test("toBlob({legend: true}) is a PNG of the canvas's pixels, unchanged, with the legend band below", async () => {
  const { page, errors } = await mapPage(undefined);
  const AIRPORT = { lon: -7.9431, lat: 12.5378 }; // the 17 Sep 2024 attack on Bamako, in the opening window
  const out = await page.evaluate(async (at) => {
    const c = window.canvas;
    const blob = await window.map.toBlob({ legend: true });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const bitmap = await createImageBitmap(blob, { colorSpaceConversion: "none", premultiplyAlpha: "none" });
    const copy = document.createElement("canvas");
    copy.width = bitmap.width;
    copy.height = bitmap.height;
    const ctx = copy.getContext("2d");
    ctx.drawImage(bitmap, 0, 0);
    const image = ctx.getImageData(0, 0, copy.width, copy.height).data;
    const map = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let differ = 0;
    for (let y = 0; y < c.height; y++) {
      for (let k = 0; k < c.width * 4; k++) if (image[y * copy.width * 4 + k] !== map[y * c.width * 4 + k]) differ++;
    }
    const p = window.map.project(at.lon, at.lat);
    const scale = c.width / c.getBoundingClientRect().width;
    const i = (Math.round(p.y * scale) * c.width + Math.round(p.x * scale)) * 4;
    const band = new Map();
    for (let k = c.height * copy.width * 4; k < image.length; k += 4) {
      const rgb = `${image[k]},${image[k + 1]},${image[k + 2]}`;
      band.set(rgb, (band.get(rgb) ?? 0) + 1);
    }
    // The first type's colour, as the legend's swatch shows it.
    const swatch = getComputedStyle(document.querySelector(".im-swatch")).backgroundColor.match(/\d+/g).join(",");
    return {
      swatch,
      type: blob.type,
      signature: [...bytes.slice(0, 8)],
      png: Array.from(bytes),
      size: [copy.width, copy.height],
      canvas: [c.width, c.height],
      differ,
      symbol: [map[i], map[i + 1], map[i + 2]],
      symbolInImage: [image[i], image[i + 1], image[i + 2]],
      band: Object.fromEntries(band),
    };
  }, AIRPORT);
  assert.equal(out.type, "image/png");
  assert.deepEqual(out.signature, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await writeFile(join(artifacts, "world-export.png"), Buffer.from(out.png));
  assert.equal(out.size[0], out.canvas[0], "as wide as the canvas");
  assert.ok(out.size[1] > out.canvas[1] + 60, `a band below: ${out.size} for ${out.canvas}`);
  assert.equal(out.differ, 0, "the map part is the canvas's pixels");
  assert.ok(!BASEMAP.some((c) => key(c) === key(out.symbol)), `Bamako's symbol on the canvas: ${out.symbol}`);
  assert.deepEqual(out.symbolInImage, out.symbol, "at the same place in the image");
  const colours = Object.keys(out.band);
  assert.ok(colours.length > 20, `the band is not empty: ${colours.length} colours`);
  assert.ok(out.band[out.swatch] >= 50, `the first type's swatch (${out.swatch}) is in the band`);
  assert.ok(Object.values(out.band).reduce((a, b) => a + b) - (out.band["255,255,255"] ?? 0) > 1000, "text and swatches");
  assert.deepEqual(errors, []);
  await page.close();
});
