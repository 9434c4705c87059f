#!/usr/bin/env bash
# Writes the npm package into target/npm/incident-map/ (OUT sets another folder) from the
# modules scripts/build.sh built into www/pkg (PKG_DIR sets another): `npm pack` in that
# folder makes the tarball. The layout is pkg/'s, unchanged, because the modules find each
# other by relative URL (the importer's worker at ../../importer/worker.js from the
# wasm-bindgen snippet, each .wasm next to its .js).
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=${PKG_DIR:-www/pkg}
out=${OUT:-target/npm/incident-map}
for f in incident_map.js incident_map_bg.wasm element.js importer/worker.js; do
  [ -f "$pkg/$f" ] || { echo "package: $pkg/$f is missing: run scripts/build.sh first" >&2; exit 1; }
done
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
rm -rf "$out"
mkdir -p "$out"
cp -R "$pkg"/. "$out"/
cp npm/README.md "$out/README.md"
cat > "$out/package.json" <<JSON
{
  "name": "incident-map",
  "version": "$version",
  "description": "Geocoded conflict incidents on an embeddable canvas map, with a time slider and sourced popups: a custom element and a class, in WebAssembly, offline",
  "license": "MIT",
  "type": "module",
  "main": "./incident_map.js",
  "types": "./incident_map.d.ts",
  "exports": {
    ".": { "types": "./incident_map.d.ts", "default": "./incident_map.js" },
    "./element": { "types": "./element.d.ts", "default": "./element.js" },
    "./element.js": { "types": "./element.d.ts", "default": "./element.js" },
    "./incident_map.js": { "types": "./incident_map.d.ts", "default": "./incident_map.js" },
    "./incident_map_bg.wasm": "./incident_map_bg.wasm",
    "./importer/worker.js": "./importer/worker.js",
    "./importer/incident_map_importer.js": "./importer/incident_map_importer.js",
    "./importer/incident_map_importer_bg.wasm": "./importer/incident_map_importer_bg.wasm",
    "./package.json": "./package.json"
  },
  "files": [
    "incident_map.js",
    "incident_map.d.ts",
    "incident_map_bg.wasm",
    "incident_map_bg.wasm.d.ts",
    "element.js",
    "element.d.ts",
    "snippets/",
    "importer/"
  ],
  "sideEffects": ["./element.js"],
  "keywords": ["map", "conflict", "acled", "ucdp", "geojson", "custom-element", "webassembly"]
}
JSON
echo "package: $out (incident-map $version): cd $out && npm pack"
