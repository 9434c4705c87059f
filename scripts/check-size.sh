#!/usr/bin/env bash
# Size budgets of the optimised .wasm, in bytes gzip -9; raise one only with a reason in the
# commit message.
#
# The module a user gets by default embeds the Mali record and the basemap (the `embedded-data`
# cargo feature), so the demo and any embedder work offline with no configuration. The data is
# about 40 kB gzip of it and grows with the record, so it is measured apart: this script builds
# the same module without the feature (`--no-default-features`, into target/size-check/pkg) and
# holds that code-only module to CODE_BUDGET, then holds the shipped module (www/pkg, built by
# scripts/build.sh beforehand) to TOTAL_BUDGET.
set -euo pipefail
cd "$(dirname "$0")/.."
code_budget=${CODE_BUDGET:-120000}
total_budget=${TOTAL_BUDGET:-320000}
gz() { gzip -9 -c "$1" | wc -c; }

shipped=www/pkg/incident_map_bg.wasm
[ -f "$shipped" ] || { echo "size: $shipped is missing: run scripts/build.sh first" >&2; exit 1; }
PKG_DIR=target/size-check/pkg scripts/build.sh --no-default-features >/dev/null
code=$(gz target/size-check/pkg/incident_map_bg.wasm)
total=$(gz "$shipped")

echo "size: code (built without embedded data) $code bytes gzip -9 (budget $code_budget)"
echo "size: shipped module with data $total bytes gzip -9 (budget $total_budget), data $((total - code))"
status=0
if [ "$code" -gt "$code_budget" ]; then
  echo "size: the code is over its budget by $((code - code_budget)) bytes" >&2
  status=1
fi
if [ "$total" -gt "$total_budget" ]; then
  echo "size: the shipped module is over its budget by $((total - total_budget)) bytes" >&2
  status=1
fi
exit $status
