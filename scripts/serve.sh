#!/usr/bin/env bash
# Sets up what is missing, builds the widget and serves the demo on http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
echo "serve: open http://127.0.0.1:8000 (Ctrl-C to stop)"
exec python3 -m http.server "${PORT:-8000}" --bind 127.0.0.1 --directory www
