#!/usr/bin/env bash
# Measures the modules of the size split (docs/size-split.md), each built as scripts/build.sh
# builds (release, wasm-bindgen, wasm-opt -O1 --converge) into target/size-split/<name>-<opt>,
# at each opt-level given (default: 3), and prints their sizes, raw and gzip -9:
#
#   first       the module a page loads first: widget, renderer, snapshot reader, no importers
#   first+data  the same with the embedded record and basemap (what the demo loads)
#   importer    the importers and the GeoJSON export, loaded on demand (no widget)
#   single      today's one module with everything, without and with the data
#
#   scripts/size-split.sh 3 s z
# Each build recompiles the dependencies when the opt-level changes: on 2 cores, about 1.5 min
# a build. The builds run one after the other, niced.
set -euo pipefail
cd "$(dirname "$0")/.."
levels=("${@:-3}")
[ ${#levels[@]} -gt 0 ] || levels=(3)
variants=(
  "first:--no-default-features --features widget"
  "first+data:--no-default-features --features widget,embedded-data"
  "importer:--no-default-features --features importer-module"
  "single:--no-default-features --features importers,widget"
  "single+data:"
)
printf '%-12s %-5s %10s %12s\n' module opt raw gzip-9
for opt in "${levels[@]}"; do
  for v in "${variants[@]}"; do
    name=${v%%:*}
    args=${v#*:}
    # shellcheck disable=SC2086
    line=$(CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt PKG_DIR="target/size-split/$name-$opt" \
      nice -n 10 scripts/build.sh $args 2>/dev/null | grep '^build:')
    raw=$(echo "$line" | awk '{print $3}')
    gz=$(echo "$line" | awk '{print $5}')
    printf '%-12s %-5s %10s %12s\n' "$name" "$opt" "$raw" "$gz"
  done
done
