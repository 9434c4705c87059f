#!/usr/bin/env bash
# Runs the benchmarks and prints their results: the release wasm build, the synthetic data for
# the browser (www/bench/data/), the native criterion benches (`cargo bench --bench core`), the
# browser benchmark in headless Chromium (tests/benches/browser.mjs) and the load benchmark on
# the ACLED-like files, GeoJSON and CSV, by stream and by text (tests/benches/loads.mjs). Timings never fail
# anything; a wrong result does (a visible count that differs from the reference, an assertion
# inside a timed loop), and so does a build that fails.
#
#   scripts/bench.sh [10k] [100k] [1M]    browser sizes (default: all); native benches always run;
#                                         the load benchmark runs the sizes it has (100k, 1M)
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

scripts/setup.sh --test

step() { printf '\n== %s\n' "$*"; }
mkdir -p target/bench

step "release build (www/pkg)"
scripts/build.sh

step "synthetic data (www/bench/data/)"
INCIDENT_MAP_WRITE_SYNTHETIC="$PWD/www/bench/data" cargo bench --bench core

step "native benches: cargo bench --bench core"
cargo bench --bench core 2>&1 | tee target/bench/native.txt

step "browser benchmark: node tests/benches/browser.mjs $*"
node tests/benches/browser.mjs "$@" | tee target/bench/browser.md

# The load benchmark's sizes among those asked for (all when none were asked for).
loads=()
for size in "$@"; do
  case $size in 100k | 1M) loads+=("$size") ;; esac
done
if [ $# -eq 0 ] || [ ${#loads[@]} -gt 0 ]; then
  step "load benchmark: node tests/benches/loads.mjs ${loads[*]}"
  node tests/benches/loads.mjs "${loads[@]}" | tee target/bench/loads.md
else
  : >target/bench/loads.md
fi

step "summary"
echo "Native (criterion; lower bound, estimate, upper bound of the mean per iteration):"
awk '/^[a-z_]+\/[^ ]+/ { name = $1 } /time:/ && !/%/ { sub(/^.*time: */, ""); printf "  %-28s %s\n", name, $0 }' \
  target/bench/native.txt
cat target/bench/browser.md target/bench/loads.md
echo "bench: finished in $((SECONDS - started)) s"
