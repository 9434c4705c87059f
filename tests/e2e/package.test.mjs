// End-to-end: the npm package as a user gets it. scripts/package.sh writes the package folder
// from the built www/pkg, `npm pack` makes the tarball, `npm install --offline` puts it into a
// new project's node_modules, and a page of that project imports the element from there
// under the strict CSP: the Mali record shows, and a file loads, which proves the importer's
// worker is found by relative URL in node_modules.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveWww, launch, frames, collectErrors, artifacts } from "./harness.mjs";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob: data:";

let project;
let server;
let browser;

before(async () => {
  const out = join(repo, "target/npm/incident-map");
  execFileSync(join(repo, "scripts/package.sh"), { stdio: "inherit" });
  project = await mkdtemp(join(tmpdir(), "incident-map-user-"));
  const packed = execFileSync("npm", ["pack", "--pack-destination", project], { cwd: out, encoding: "utf8" });
  const tarball = join(project, packed.trim().split("\n").at(-1));
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "a-newsroom-page", private: true }));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", tarball], { cwd: project, stdio: "inherit" });
  // The page and its script are files of the project, as a static site has them.
  await writeFile(
    join(project, "index.html"),
    `<!doctype html><html><head><meta charset=utf-8><link rel=icon href="data:,">
<script type=module src=/main.js></script></head>
<body><incident-map id=map lang=fr></incident-map></body></html>`,
  );
  await writeFile(join(project, "main.js"), 'import "/node_modules/incident-map/element.js";\n');
  server = await serveWww({ root: `${project}/`, headers: { "content-security-policy": CSP } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

test("the package installs offline from its tarball with what it declares", async () => {
  const installed = join(project, "node_modules/incident-map");
  const manifest = JSON.parse(await readFile(join(installed, "package.json"), "utf8"));
  const cargo = await readFile(join(repo, "Cargo.toml"), "utf8");
  assert.equal(manifest.version, cargo.match(/^version = "(.*)"$/m)[1], "the version is the crate's");
  assert.equal(manifest.type, "module");
  assert.deepEqual(manifest.sideEffects, ["./element.js"]);
  // Every file an export names is there, and so is wasm-bindgen's snippet.
  for (const target of Object.values(manifest.exports)) {
    for (const file of typeof target === "string" ? [target] : Object.values(target)) {
      await readFile(join(installed, file));
    }
  }
  assert.equal((await readdir(join(installed, "snippets"))).length, 1);
  const types = await readFile(join(installed, "element.d.ts"), "utf8");
  assert.match(types, /"incident-map": IncidentMapElement/);
});

test("a page importing the element from node_modules shows the Mali record and loads a file", async () => {
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  const errors = collectErrors(page);
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => document.getElementById("map").map?.visibleCount() > 0);
  await frames(page);
  const shown = await page.evaluate(() => {
    const map = document.getElementById("map").map;
    return { count: map.visibleCount(), lang: map.lang(), window: map.timeWindow() };
  });
  assert.equal(shown.lang, "fr");
  assert.equal(shown.window.end, "2024-09-17", "the record's last day");
  assert.ok(shown.count >= 1, `incidents of the record show: ${shown.count}`);
  const selected = await page.evaluate(() => {
    const map = document.getElementById("map").map;
    map.select("bamako-2024-09-17-airport");
    return map.selectedId();
  });
  assert.equal(selected, "bamako-2024-09-17-airport");
  await page.screenshot({ path: join(artifacts, "package-node-modules.png") });
  // A load starts the importer's worker from node_modules/incident-map/importer/.
  const fixture = await readFile(join(repo, "tests/fixtures/good-mixed.geojson"), "utf8");
  const result = await page.evaluate((text) => document.getElementById("map").map.loadData(text), fixture);
  assert.equal(result.loaded, 4);
  assert.deepEqual(errors, []);
});
