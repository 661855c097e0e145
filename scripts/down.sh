#!/usr/bin/env bash
# npm run down: stops the services and the Kafka broker that npm run up started.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -f dist/tools/stack/down.js ]]; then node dist/tools/stack/down.js; fi
bash scripts/infra.sh down
