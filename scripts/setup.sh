#!/usr/bin/env bash
# Installs what building (and, with --test, testing) needs and is missing: the wasm32 target,
# wasm-bindgen-cli at exactly the Cargo.lock version, Debian's binaryen (wasm-opt), and for
# tests Debian's chromium + chromium-driver and the npm dev packages. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=false
[ "${1:-}" = "--test" ] && want_tests=true

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=false
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup: installing Debian packages: ${missing[*]}"
  if ! $apt_updated; then as_root apt-get update -qq; apt_updated=true; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must match the wasm-bindgen crate exactly; read the version from Cargo.lock.
[ -f Cargo.lock ] || cargo generate-lockfile
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  echo "setup: installing wasm-bindgen-cli $bindgen_version (about 2 minutes)"
  # Not --locked: the CLI's own lock file pins a webpki-roots release crates.io no longer serves.
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

apt_install binaryen
if $want_tests; then
  apt_install chromium chromium-driver
  if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "setup: installing npm dev packages"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
