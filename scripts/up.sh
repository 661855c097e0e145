#!/usr/bin/env bash
# npm run up: the whole system on this machine, from a fresh clone.
# Dependencies, infrastructure, build, migrations, the four services in the background
# (logs in .local/logs/), demo workspace + model, and .local/stack.env.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/infra.sh up
echo "build: nx run-many -t build"
npx nx run-many -t build --outputStyle=static >/dev/null
node dist/tools/stack/up.js "$@"
