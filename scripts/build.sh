#!/usr/bin/env bash
# Builds the widget's two release wasm modules into www/pkg (PKG_DIR sets another directory)
# and prints each .wasm's size, raw and gzip -9:
#   - the widget's module, incident_map.js + incident_map_bg.wasm: what every page loads
#     (cargo features WIDGET_FEATURES, by default "widget,embedded-data": the IncidentMap
#     class, the Mali record and the basemap);
#   - the importer module, importer/incident_map_importer.js + its .wasm, and worker.js, the
#     Web Worker that runs it: the GeoJSON, ACLED and UCDP readers and the GeoJSON writer, which
#     the widget starts in a worker for each load or export. `--widget-only` leaves it out;
#   - element.js and element.d.ts: the <incident-map> custom element and its types.
# Each is built with wasm-bindgen --target web, then wasm-opt -O1 when Debian's binaryen is
# installed. The importer builds in its own target directory, so that switching features
# does not rebuild the other module each time.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=${PKG_DIR:-www/pkg}
widget_features=${WIDGET_FEATURES:-widget,embedded-data}

# Debian's wasm-opt (binaryen 108) predates the reference-types tables that rustc >= 1.82 and
# wasm-bindgen emit by default, and corrupts them; the release build leaves that feature off
# (nothing in the widget needs externref). Tests keep the default.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=-reference-types"

# build_module OUT_DIR OUT_NAME TARGET_DIR FEATURES
build_module() {
  local out=$1 name=$2 target=$3 features=$4
  cargo build --release --target wasm32-unknown-unknown --lib --target-dir "$target" \
    --no-default-features --features "$features"
  wasm-bindgen --target web --out-dir "$out" --out-name "$name" \
    "$target/wasm32-unknown-unknown/release/incident_map.wasm"
  local wasm=$out/${name}_bg.wasm
  # -O1, not -Oz: binaryen 108's -Oz saves raw bytes but its output compresses worse (code-only
  # module, gzip -9: at opt-level "s" -O1 216.5 kB, -Oz 224.3 kB; at 3 -O1 233.1 kB, -Oz 235.3,
  # -Os 235.0, -O2 236.2). --converge repeats -O1 until it stops shrinking, and the two custom
  # sections nothing reads are dropped: about 175 bytes gzip.
  if command -v wasm-opt >/dev/null; then
    wasm-opt -O1 --converge --strip-producers --strip-target-features --enable-bulk-memory \
      --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals "$wasm" \
      -o "$wasm.opt" && mv "$wasm.opt" "$wasm"
  fi
  echo "build: $wasm $(stat -c %s "$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) bytes gzip -9"
}

rm -rf "$pkg"
build_module "$pkg" incident_map target "$widget_features"
cp src/web/element.js src/web/element.d.ts "$pkg/"
if [ "${1:-}" != --widget-only ]; then
  build_module "$pkg/importer" incident_map_importer target/importer importer-module
  cp src/web/importer-worker.js "$pkg/importer/worker.js"
fi
