#!/usr/bin/env bash
# npm run bench: build the harness (and what it imports) with the repo's swc build, then run it.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! build_log=$(npx nx run bench:build --outputStyle=static 2>&1); then
  echo "$build_log" >&2
  exit 1
fi
exec node --enable-source-maps dist/bench/src/main.js "$@"
