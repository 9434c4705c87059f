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
#
# The goal for the code is CODE_TARGET, 120,000 bytes (issue #4). It is not reached yet, so the
# enforced budget is a ratchet just above today's size: lower it as the code shrinks, and set it
# to the target once it fits.
set -euo pipefail
cd "$(dirname "$0")/.."
code_target=120000
# Raised once, from 234,000 / 287,000, by issue #10 (lifecycle, failure containment, strict CSP,
# checked options: +1.6 kB of code after 5.3 kB of cuts) and issue #15 (the corrected record:
# +3 kB of data). The way back under the old budgets, and down towards the target, is
# the split into a first module without the importers (docs/performance.md, "Size").
code_budget=${CODE_BUDGET:-235300}
total_budget=${TOTAL_BUDGET:-290800}
gz() { gzip -9 -c "$1" | wc -c; }

shipped=www/pkg/incident_map_bg.wasm
[ -f "$shipped" ] || { echo "size: $shipped is missing: run scripts/build.sh first" >&2; exit 1; }
PKG_DIR=target/size-check/pkg scripts/build.sh --no-default-features --features importers,widget >/dev/null
code=$(gz target/size-check/pkg/incident_map_bg.wasm)
total=$(gz "$shipped")

echo "size: code (built without embedded data) $code bytes gzip -9 (budget $code_budget, target $code_target: $((code - code_target)) to go)"
echo "size: shipped module with data $total bytes gzip -9 (budget $total_budget); the embedded data and the basemap reader add $((total - code))"
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
