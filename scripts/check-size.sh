#!/usr/bin/env bash
# Fails when the optimised .wasm exceeds its gzip -9 budget (bytes). The budget covers code and
# the embedded Mali record and basemap; raise it only with a reason in the commit message.
set -euo pipefail
cd "$(dirname "$0")/.."
budget=${WASM_GZIP_BUDGET:-320000}
wasm=www/pkg/incident_map_bg.wasm
size=$(gzip -9 -c "$wasm" | wc -c)
if [ "$size" -gt "$budget" ]; then
  echo "size: $wasm is $size bytes gzip -9, over the budget of $budget" >&2
  exit 1
fi
echo "size: $wasm is $size bytes gzip -9 (budget $budget)"
