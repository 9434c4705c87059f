// Shared set-up for the end-to-end tests: a static server for www/ on a free loopback port and
// Debian's Chromium driven by playwright-core (no browser download).
import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const www = fileURLToPath(new URL("../../www/", import.meta.url));
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".geojson": "application/geo+json",
};

/**
 * Serves www/ on 127.0.0.1 at a free port; resolves to {origin, close}. `headers` are added to
 * every response (a Content-Security-Policy, say); `routes` maps a path to a handler
 * `(req, res) => void` that answers it instead of a file; `root` serves another folder
 * (absolute, ending in a slash) instead of www/.
 */
export function serveWww({ headers = {}, routes = {}, root = www } = {}) {
  const server = createServer(async (req, res) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const route = routes[new URL(req.url, "http://x").pathname];
    if (route) {
      route(req, res);
      return;
    }
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    const file = join(root, path.endsWith("/") ? `${path}index.html` : path);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      // Streamed with its length, as a static file server sends it (the benchmark's large files
      // start arriving at once, and the widget can show a percentage).
      const info = await stat(file);
      if (!info.isFile()) throw new Error("not a file");
      res.writeHead(200, {
        "content-type": types[extname(file)] ?? "application/octet-stream",
        "content-length": info.size,
      });
      createReadStream(file)
        .on("error", () => res.destroy())
        .pipe(res);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => {
        server.close(r);
        server.closeAllConnections();
      }) });
    });
  });
}

/** Launches Debian's Chromium headless, as root needs it. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** A page with nothing but a body, for tests that build their own widgets. */
export const BLANK_PAGE = "<!doctype html><html><head><meta charset=utf-8><link rel=icon href='data:,'></head><body></body></html>";

/** Collects the page's errors: uncaught exceptions and console errors. */
export function collectErrors(page) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return errors;
}

/**
 * Run in a page (`page.evaluate(installSlowStream)`): defines `window.slowStream(text, pieces,
 * delayMs)`, the text's UTF-8 bytes as a ReadableStream of `pieces` chunks, each after
 * `delayMs`.
 */
export function installSlowStream() {
  window.slowStream = (text, pieces, delayMs) => {
    const bytes = new TextEncoder().encode(text);
    const size = Math.ceil(bytes.length / pieces);
    let offset = 0;
    return new ReadableStream({
      async pull(controller) {
        await new Promise((r) => setTimeout(r, delayMs));
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(offset, offset + size));
        offset += size;
      },
    });
  };
}

/** Waits until the page has painted twice (the widget repaints on animation frames). */
export function frames(page) {
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Pointer events, a wheel, keys and a resize on the whole page. */
export async function poke(page) {
  await page.mouse.move(200, 200);
  await page.mouse.down();
  await page.mouse.move(260, 240, { steps: 4 });
  await page.mouse.up();
  await page.mouse.wheel(0, -200);
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Escape");
  await page.setViewportSize({ width: 700, height: 600 });
  await frames(page);
}

/** The folder for screenshots and other artifacts. */
export const artifacts = fileURLToPath(new URL("../../test-results/", import.meta.url));
