#!/usr/bin/env bash
# Fuzzes the importers, the streamed readers (GeoJSON and CSV), decimal::parse and Dataset::from_snapshot with
# cargo-fuzz (libFuzzer), each target for SECONDS (default 600), one after another on one core
# under `nice -n 15`. Prints each target's executions and findings, keeps the corpus in
# fuzz/corpus/<target>/ (seeded from tests/fixtures/, minimised after each run) and any crash in
# fuzz/artifacts/<target>/. Not part of CI (scripts/test.sh never calls it).
#
#   scripts/fuzz.sh [SECONDS]                       every target
#   FUZZ_TARGETS="decimal snapshot" scripts/fuzz.sh 60   some of them
#
# Needs the nightly toolchain (`rustup toolchain list`) and cargo-fuzz (installed from crates.io
# when missing). Exits non-zero when any target found something.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-600}"
targets=(${FUZZ_TARGETS:-import_any stream_chunks csv_chunks acled_rows ucdp_rows decimal snapshot})
max_len=8192
max_files=300

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz.sh: cargo-fuzz needs the nightly toolchain (rustup toolchain install nightly)" >&2
  exit 2
fi
command -v cargo-fuzz >/dev/null || nice -n 15 cargo install cargo-fuzz

# One build for every run: no sanitizer (the crate has no unsafe code; ASan would halve the
# executions), debug assertions on so an integer overflow is a finding too.
nice -n 15 cargo +nightly fuzz build --sanitizer none --debug-assertions
bin=fuzz/target/x86_64-unknown-linux-gnu/release

seeds=$(mktemp -d)
logs=fuzz/target/logs
trap 'rm -rf "$seeds"' EXIT
mkdir -p "$logs"
nice -n 15 cargo run --quiet --manifest-path fuzz/Cargo.toml --example seeds -- "$seeds"

summary=()
found_any=0
for target in "${targets[@]}"; do
  corpus=fuzz/corpus/$target
  artifacts=fuzz/artifacts/$target
  mkdir -p "$corpus" "$artifacts"
  cp -n "$seeds/$target"/* "$corpus"/ 2>/dev/null || true
  before=$(ls "$artifacts" | wc -l)
  options=(-max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048
           -artifact_prefix="$artifacts/" -print_final_stats=1)
  [ -f "fuzz/$target.dict" ] && options+=(-dict="fuzz/$target.dict")
  echo "== $target: ${seconds}s (log: $logs/$target.log)"
  nice -n 15 "$bin/$target" "${options[@]}" "$corpus" >"$logs/$target.log" 2>&1 || true
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$target.log" | grep -o '[0-9]*$' ||
         grep -o '^#[0-9]*' "$logs/$target.log" | tail -1 | tr -d '#')
  findings=$(( $(ls "$artifacts" | wc -l) - before ))
  [ "$findings" -gt 0 ] && found_any=1
  # Minimise: keep only inputs that add coverage (libFuzzer's merge into an empty folder).
  minimised=$(mktemp -d)
  nice -n 15 "$bin/$target" -merge=1 -max_len="$max_len" -timeout=10 "$minimised" "$corpus" \
    >"$logs/$target.merge.log" 2>&1 && { rm -rf "$corpus"; mv "$minimised" "$corpus"; } ||
    rm -rf "$minimised"
  # Cap what is committed: the $max_files smallest inputs when minimising leaves more.
  ls -S "$corpus" | head -n -"$max_files" | while read -r f; do rm "$corpus/$f"; done
  line="$target: ${seconds}s, ${runs:-?} executions, $findings findings, corpus $(ls "$corpus" | wc -l) files"
  [ "$findings" -gt 0 ] && line+=" (new in $artifacts: $(ls -t "$artifacts" | head -"$findings" | tr '\n' ' '))"
  summary+=("$line")
  echo "$line"
done

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
exit "$found_any"
