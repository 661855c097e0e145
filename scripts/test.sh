#!/usr/bin/env bash
# npm test: every tier (unit, integration, e2e) in one Jest run, after starting the
# services the tests need. Extra arguments go to Jest (e.g. npm test -- --selectProjects unit).
# The last line is the summary: "N passed, N failed" (", N skipped" when any).
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh || exit 1

started_kafka=0
if [[ "$(bash scripts/infra.sh mode)" == local ]]; then
  export MG_TESTCONTAINERS=off
  bash scripts/services.sh ensure || exit 1
  if ! bash scripts/kafka.sh status >/dev/null 2>&1; then
    bash scripts/kafka.sh start || exit 1
    started_kafka=1
  fi
fi

# The studio's browser tests drive Debian's Chromium (installed here when missing).
bash scripts/ensure-chromium.sh || exit 1

npx nx run-many -t build --outputStyle=static >/dev/null || { echo "build failed"; exit 1; }

export KAFKAJS_NO_PARTITIONER_WARNING=1
results=.local/test-results/jest.json
mkdir -p "$(dirname "$results")"
rm -f "$results"
npx jest --ci --maxWorkers=2 --json --outputFile="$results" "$@"
rc=$?

[[ $started_kafka == 1 ]] && bash scripts/kafka.sh stop >/dev/null 2>&1

node scripts/test-summary.js "$results" || rc=1
exit $rc
