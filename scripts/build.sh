#!/usr/bin/env bash
# Builds the release wasm into www/pkg (wasm-bindgen --target web, then wasm-opt -O1 when
# Debian's binaryen is installed) and prints the .wasm size, raw and gzip -9.
# Arguments go to `cargo build` (scripts/check-size.sh passes --no-default-features); PKG_DIR
# sets another output directory.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=${PKG_DIR:-www/pkg}

# Debian's wasm-opt (binaryen 108) predates the reference-types tables that rustc >= 1.82 and
# wasm-bindgen emit by default, and corrupts them; the release build leaves that feature off
# (nothing in the widget needs externref). Tests keep the default.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=-reference-types"
cargo build --release --target wasm32-unknown-unknown --lib "$@"
rm -rf "$pkg"
wasm-bindgen --target web --out-dir "$pkg" target/wasm32-unknown-unknown/release/incident_map.wasm
wasm=$pkg/incident_map_bg.wasm
# -O1, not -Oz: binaryen 108's -Oz saves raw bytes but its output compresses worse (code-only
# module, gzip -9: at opt-level "s" -O1 216.5 kB, -Oz 224.3 kB; at 3 -O1 233.1 kB, -Oz 235.3,
# -Os 235.0, -O2 236.2). --converge
# repeats -O1 until it stops shrinking, and the two custom sections nothing reads are dropped:
# about 175 bytes gzip (-O2 and -Os compress 10 kB worse here, as -Oz does).
if command -v wasm-opt >/dev/null; then
  wasm-opt -O1 --converge --strip-producers --strip-target-features --enable-bulk-memory \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals "$wasm" \
    -o "$wasm.opt" && mv "$wasm.opt" "$wasm"
fi
echo "build: $wasm $(stat -c %s "$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) bytes gzip -9"
