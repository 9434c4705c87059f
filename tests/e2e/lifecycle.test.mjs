// End-to-end: the widget as other people's pages use it. Dropped without destroy(), destroyed
// while it plays or loads, handed a hostile size, a huge canvas, bad options, callbacks that
// throw: no error leaks into the page, nothing keeps listening or fetching.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveWww, launch, frames, collectErrors, poke, BLANK_PAGE } from "./harness.mjs";

let server;
let browser;
/** Resolves when the slow download's connection is closed by the client. */
let slowClosed;

/** Features that start a FeatureCollection, then a body that never ends. */
function slowGeoJson(req, res) {
  res.writeHead(200, { "content-type": "application/geo+json", "content-length": 10_000_000 });
  res.write('{"type":"FeatureCollection","features":[');
  for (let k = 0; k < 50; k++) {
    res.write(`${k ? "," : ""}{"type":"Feature","geometry":{"type":"Point","coordinates":[-8,12.6]},"properties":{"id":"s${k}","start":"2024-01-01"}}`);
  }
  let resolveClosed;
  slowClosed = new Promise((r) => (resolveClosed = r));
  res.on("close", () => resolveClosed(Date.now()));
}

before(async () => {
  server = await serveWww({
    routes: {
      "/e2e/blank.html": (req, res) => res.writeHead(200, { "content-type": "text/html" }).end(BLANK_PAGE),
      "/e2e/slow.geojson": slowGeoJson,
    },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A blank page with the module loaded and `make(options)` building a widget on a new canvas. */
async function blankPage(contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 900, height: 700 }, ...contextOptions });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${server.origin}/e2e/blank.html`);
  await page.evaluate(async () => {
    const module = await import("/pkg/incident_map.js");
    await module.default();
    window.IncidentMap = module.IncidentMap;
    window.make = (options, style = "width: 800px; height: 500px") => {
      const canvas = document.createElement("canvas");
      canvas.setAttribute("style", style);
      document.body.append(canvas);
      return new module.IncidentMap(canvas, options);
    };
  });
  return { page, errors, context };
}

test("free() without destroy(): events and a resize afterwards raise no error", async () => {
  const { page, errors, context } = await blankPage();
  const left = await page.evaluate(() => {
    const map = window.make();
    map.setPlaying(true);
    map.free();
    return {
      containers: document.querySelectorAll(".incident-map").length,
      canvasParent: document.querySelector("canvas").parentElement.tagName,
    };
  });
  assert.deepEqual(left, { containers: 0, canvasParent: "BODY" }, "free() takes the widget out of the page");
  await poke(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a map nothing refers to is ended by the garbage collector, leaving nothing behind", async () => {
  const { page, errors, context } = await blankPage();
  await page.evaluate(() => {
    window.make();
  });
  const cdp = await context.newCDPSession(page);
  for (let i = 0; i < 10; i++) {
    await cdp.send("HeapProfiler.collectGarbage");
    await frames(page);
    if ((await page.locator(".incident-map").count()) === 0) break;
  }
  assert.equal(await page.locator(".incident-map").count(), 0, "collected and ended");
  await poke(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test("destroy() while playing stops the frames; later calls throw a clear error", async () => {
  const { page, errors, context } = await blankPage();
  const result = await page.evaluate(async () => {
    const map = window.make();
    map.setPlaying(true);
    await new Promise((r) => setTimeout(r, 300));
    const before = map.timeWindow().end;
    map.destroy();
    let message = "";
    try {
      map.visibleCount();
    } catch (e) {
      message = e.message;
    }
    return { before, message };
  });
  assert.match(result.message, /destroyed/);
  await poke(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test("destroy() during a slow loadUrl aborts the fetch at once: the server sees it closed", async () => {
  const { page, errors, context } = await blankPage();
  await page.evaluate(() => {
    window.map = window.make();
    window.loading = window.map.loadUrl("/e2e/slow.geojson").then(
      () => "resolved",
      (e) => `rejected: ${e.message}`,
    );
  });
  await page.waitForFunction(() => /incidents? read/.test(document.querySelector(".im-progress")?.textContent ?? ""));
  const destroyedAt = await page.evaluate(() => {
    window.map.destroy();
    return Date.now();
  });
  const closedAt = await Promise.race([slowClosed, new Promise((r) => setTimeout(() => r(null), 5000))]);
  assert.ok(closedAt !== null, "the server saw the connection closed");
  assert.ok(closedAt - destroyedAt < 2000, `closed ${closedAt - destroyedAt} ms after destroy()`);
  assert.match(await page.evaluate(() => window.loading), /^rejected: .*destroyed/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("cancelLoad() ends a stalled download at once and the next load works", async () => {
  const { page, errors, context } = await blankPage();
  const result = await page.evaluate(async () => {
    const map = window.make();
    const pending = map.loadUrl("/e2e/slow.geojson").catch((e) => e.message);
    await new Promise((r) => setTimeout(r, 300));
    map.cancelLoad();
    const cancelled = await pending;
    const text = '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-8,12.6]},"properties":{"id":"a","start":"2024-01-01"}}]}';
    const next = await map.loadStream(new Blob([text]).stream()).then(
      (r) => r.loaded,
      (e) => e.message,
    );
    return { cancelled, next };
  });
  assert.equal(result.cancelled, "loading cancelled");
  assert.equal(result.next, 1, "the next load is not refused as 'in progress'");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a text read a megabyte ahead: cancelLoad() mid-read rejects cleanly and the next text loads", async () => {
  const { page, errors, context } = await blankPage();
  const result = await page.evaluate(async () => {
    const map = window.make();
    const point = (k) => `{"type":"Feature","geometry":{"type":"Point","coordinates":[${-8 + (k % 100) / 10},12.6]},"properties":{"id":"t${k}","start":"2024-01-01","summary":"${"x".repeat(40)}"}}`;
    const text = (n) => `{"type":"FeatureCollection","features":[${Array.from({ length: n }, (_, k) => point(k)).join(",")}]}`;
    const big = text(60000);
    const pending = map.loadData(big).then((r) => `loaded ${r.loaded}`, (e) => e.message);
    await new Promise((r) => setTimeout(r, 30));
    map.cancelLoad();
    const cancelled = await pending;
    const next = await map.loadData(text(3000)).then((r) => r.loaded, (e) => e.message);
    return { size: big.length, cancelled, next };
  });
  assert.ok(result.size > 8 * 1024 * 1024, `a text of several chunks: ${result.size}`);
  assert.equal(result.cancelled, "loading cancelled");
  assert.equal(result.next, 3000);
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * Puts on the page `features(n, prefix)` (a GeoJSON text of `n` points with ids prefix0, prefix1,
 * …) and `onStep(at, action)`: counts the steps of the next load's snapshot read (each ends
 * with a `scheduler.yield()`, so the page runs in between) in `window.steps`, and calls `action`
 * between the `at`-th and the next.
 */
function stagedReadHelpers() {
  window.features = (n, prefix) =>
    JSON.stringify({
      type: "FeatureCollection",
      features: Array.from({ length: n }, (_, k) => ({
        type: "Feature",
        geometry: { type: "Point", coordinates: [-8 + (k % 100) / 10, 12 + (k % 70) / 10] },
        properties: { id: `${prefix}${k}`, start: `20${10 + (k % 14)}-0${1 + (k % 9)}-1${k % 10}` },
      })),
    });
  const plain = scheduler.yield.bind(scheduler);
  window.onStep = (at, action) => {
    window.steps = 0;
    scheduler.yield = async () => {
      await plain();
      window.steps += 1;
      if (window.steps === at) action();
    };
  };
}

test("a load's snapshot is read over several tasks, and select(id) works as soon as it resolves", async () => {
  const { page, errors, context } = await blankPage();
  await page.evaluate(stagedReadHelpers);
  const result = await page.evaluate(async () => {
    const map = window.make({ data: "none" });
    window.onStep(0, () => {});
    const loaded = (await map.loadData(window.features(30_000, "f"))).loaded;
    const steps = window.steps;
    map.select("f12345");
    const selected = map.selectedId();
    const unknown = (() => {
      try {
        map.select("f30000");
        return "selected";
      } catch (e) {
        return e.message;
      }
    })();
    return { loaded, steps, selected, unknown, popup: document.querySelector(".im-popup")?.textContent ?? "" };
  });
  assert.equal(result.loaded, 30_000);
  assert.ok(result.steps >= 10, `${result.steps} tasks`);
  assert.equal(result.selected, "f12345");
  // Its date: 2010 + 12345 % 14, month 1 + 12345 % 9, day 10 + 12345 % 10.
  assert.match(result.popup, /15 Jul 2021/);
  assert.equal(result.unknown, "no incident with id 'f30000'");
  assert.deepEqual(errors, []);
  await context.close();
});

test("while a snapshot is read: cancelLoad() keeps the data, a second load is refused, setLang and select work, destroy() ends it", async () => {
  const { page, errors, context } = await blankPage();
  await page.evaluate(stagedReadHelpers);
  const result = await page.evaluate(async () => {
    const map = window.make({ data: "none" });
    await map.loadData(window.features(50, "old"));
    const during = {};
    window.onStep(4, () => {
      during.lang = (() => {
        try {
          map.setLang("fr");
          return "fr";
        } catch (e) {
          return e.message;
        }
      })();
      map.select("old7");
      during.selected = map.selectedId();
      during.second = map.loadData(window.features(5, "x")).then(
        () => "loaded",
        (e) => e.message,
      );
      map.cancelLoad();
    });
    const cancelled = await map.loadData(window.features(20_000, "new")).then(
      (r) => `loaded ${r.loaded}`,
      (e) => e.message,
    );
    const stepsWhenCancelled = window.steps;
    during.second = await during.second;
    map.setTimeWindow("2000-01-01", "2030-12-31");
    const kept = map.visibleCount();
    const oldStillThere = map.selectedId();
    // The next load is not refused, and reads whole.
    window.onStep(0, () => {});
    const next = (await map.loadData(window.features(20_000, "next"))).loaded;
    map.select("next19999");
    const selectedNext = map.selectedId();
    // destroy() between two steps: the load rejects, nothing is left running.
    window.onStep(3, () => map.destroy());
    const destroyed = await map.loadData(window.features(20_000, "gone")).then(
      () => "loaded",
      (e) => e.message,
    );
    await new Promise((r) => setTimeout(r, 100));
    return { during, cancelled, stepsWhenCancelled, kept, oldStillThere, next, selectedNext, destroyed, steps: window.steps };
  });
  assert.deepEqual(result.during, { lang: "fr", selected: "old7", second: "a load is already in progress" });
  assert.equal(result.cancelled, "loading cancelled");
  assert.equal(result.stepsWhenCancelled, 4, "the read stopped before its next step");
  assert.equal(result.kept, 50, "the old data stays");
  assert.equal(result.oldStillThere, "old7");
  assert.equal(result.next, 20_000);
  assert.equal(result.selectedNext, "next19999");
  assert.match(result.destroyed, /destroyed/);
  assert.equal(result.steps, 3, "no step after destroy()");
  assert.deepEqual(errors, []);
  await context.close();
});

test("loadStream(stream, 1e12) is refused with a clear error, and the next load works", async () => {
  const { page, errors, context } = await blankPage();
  const result = await page.evaluate(async () => {
    const map = window.make({ data: "none" });
    const stream = () => new Blob(['{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-8,12.6]},"properties":{"id":"a","start":"2024-01-01"}}]}']).stream();
    const refused = await map.loadStream(stream(), 1e12).then(
      () => "loaded",
      (e) => e.message,
    );
    const next = await map.loadStream(stream()).then((r) => r.loaded, (e) => e.message);
    return { refused, next };
  });
  assert.match(result.refused, /^file too large: 1000\.0 GB \(the limit is 2\.1 GB\)$/);
  assert.equal(result.next, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a 20,000 × 20,000 CSS px canvas at devicePixelRatio 4 renders, at a lower ratio", async () => {
  const { page, errors, context } = await blankPage({ deviceScaleFactor: 4 });
  const result = await page.evaluate(async () => {
    const map = window.make({}, "width: 20000px; height: 20000px");
    map.setView(-8.0028, 12.6392, 6);
    map.setTimeWindow("2012-01-01", "2024-12-31");
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const canvas = document.querySelector("canvas");
    const p = map.project(-8.0028, 12.6392);
    const ratio = canvas.width / canvas.getBoundingClientRect().width;
    const pixel = [...canvas.getContext("2d").getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data];
    return { width: canvas.width, height: canvas.height, ratio: window.devicePixelRatio, pixel, count: map.visibleCount() };
  });
  assert.equal(result.ratio, 4);
  assert.ok(result.width <= 16384 && result.height <= 16384, `${result.width} × ${result.height}`);
  assert.ok(result.width * result.height <= 2 ** 26 + 16384, "at most about 2^26 pixels");
  assert.ok(result.width >= 8000, "as sharp as the limit allows");
  assert.notDeepEqual(result.pixel, [0, 0, 0, 0], "painted");
  assert.ok(result.count > 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("an unknown option or a bad value throws a TypeError naming it, and adds nothing", async () => {
  const { page, errors, context } = await blankPage();
  const result = await page.evaluate(() => {
    const attempt = (options) => {
      try {
        window.make(options);
        return "made";
      } catch (e) {
        return `${e.constructor.name}: ${e.message}`;
      }
    };
    return {
      unknown: attempt({ langauge: "fr" }),
      lang: attempt({ lang: "de" }),
      date: attempt({ date: "17/09/2024" }),
      type: attempt({ window: 7 }),
      notObject: attempt("mali"),
      containers: document.querySelectorAll(".incident-map").length,
      canvases: [...document.querySelectorAll("canvas")].map((c) => c.parentElement.tagName),
    };
  });
  assert.match(result.unknown, /^TypeError: unknown option 'langauge'/);
  assert.match(result.lang, /^TypeError: option 'lang': 'de' is not/);
  assert.match(result.date, /^TypeError: option 'date': '17\/09\/2024' is not an ISO date/);
  assert.match(result.type, /^TypeError: option 'window' must be a string, not number/);
  assert.match(result.notObject, /^TypeError: options must be an object/);
  assert.equal(result.containers, 0, "nothing added to the page");
  assert.ok(result.canvases.every((t) => t === "BODY"));
  assert.deepEqual(errors, []);
  await context.close();
});

test("a callback that throws is reported on the console; the others still run; off() removes one", async () => {
  const { page, errors, context } = await blankPage();
  const result = await page.evaluate(() => {
    const map = window.make();
    const seen = [];
    const counted = () => seen.push("counted");
    map.on("timechange", () => {
      throw new Error("page bug");
    });
    map.on("timechange", counted);
    map.setTimeWindow("2024-01-01", "2024-01-31");
    map.off("timechange", counted);
    map.setTimeWindow("2024-02-01", "2024-02-28");
    let bad = "";
    try {
      map.off("zoom", counted);
    } catch (e) {
      bad = e.message;
    }
    return { seen, bad };
  });
  assert.deepEqual(result.seen, ["counted"], "called once, before off()");
  assert.match(result.bad, /unknown event 'zoom'/);
  assert.equal(errors.filter((e) => /callback threw/.test(e)).length, 2, errors.join("\n"));
  assert.equal(errors.length, 2, errors.join("\n"));
  await context.close();
});
