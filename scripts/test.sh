#!/usr/bin/env bash
# Sets up what is missing and runs every check and test: formatting, clippy (native and wasm32),
# docs, native tests, wasm-bindgen-test in headless Chromium, the release build with its size
# budget, and the Playwright end-to-end tests against the built demo page.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --test

step() { printf '\n== %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (native)"
cargo clippy --all-targets -- -D warnings

step "clippy (wasm32)"
cargo clippy --all-targets --target wasm32-unknown-unknown --features test-faults -- -D warnings

step "clippy (wasm32, each module's own features: the widget's and the importer's)"
for features in widget,embedded-data importer-module; do
  cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features "$features" \
    -- -D warnings
done

step "rustdoc"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet

step "native tests (unit, property, fixtures, doc)"
cargo test

step "wasm-bindgen-test in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test web --features test-faults

step "release build and size budget"
scripts/build.sh
scripts/check-size.sh

step "Playwright end-to-end tests (screenshots in test-results/)"
node --test tests/e2e/
