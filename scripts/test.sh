#!/usr/bin/env bash
# npm test: every tier, after starting the services the tests need. Unit, integration
# and e2e run in one Jest run; then the reliability tier (tools/jest/reliability.config.js)
# runs in a second one, because it stops and kills its own PostgreSQL, Redis, Kafka and
# services and must share nothing with the others. Extra arguments go to Jest
# (e.g. npm test -- --selectProjects unit; --selectProjects reliability runs that tier only;
# MG_SKIP_RELIABILITY=1 leaves it out). With MG_ALSO_NODE=<version> (.ci/run sets it), the
# unit and e2e tiers run once more on that Node.js version (fetched from the npm registry by
# scripts/node-runtime.sh), against the same services. The last line is the summary of every
# run: "N passed, N failed" (", N skipped" when any).
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

# --selectProjects decides which of the two runs happen; every other argument goes to both.
selected=()
rest=()
while (($#)); do
  case "$1" in
    --selectProjects)
      shift
      while (($#)) && [[ "$1" != -* ]]; do selected+=("$1"); shift; done
      ;;
    --selectProjects=*) IFS=, read -ra names <<<"${1#*=}"; selected+=("${names[@]}"); shift ;;
    *) rest+=("$1"); shift ;;
  esac
done
main_projects=()
run_reliability=1
if ((${#selected[@]})); then
  run_reliability=0
  for p in "${selected[@]}"; do
    if [[ "$p" == reliability ]]; then run_reliability=1; else main_projects+=("$p"); fi
  done
fi
[[ "${MG_SKIP_RELIABILITY:-0}" == 1 ]] && run_reliability=0
run_main=1
((${#selected[@]})) && ((${#main_projects[@]} == 0)) && run_main=0

export KAFKAJS_NO_PARTITIONER_WARNING=1
results_dir=.local/test-results
mkdir -p "$results_dir"
rm -f "$results_dir/jest.json" "$results_dir/reliability.json" "$results_dir"/jest-node-*.json
result_files=()
rc=0

if ((run_main)); then
  select_args=()
  ((${#main_projects[@]})) && select_args=(--selectProjects "${main_projects[@]}")
  npx jest --ci --maxWorkers=2 --json --outputFile="$results_dir/jest.json" "${select_args[@]}" "${rest[@]}" || rc=1
  result_files+=("$results_dir/jest.json")
fi

# The unit and e2e tiers again on a second Node.js version, while the broker is still up.
if ((run_main)) && [[ -n "${MG_ALSO_NODE:-}" ]]; then
  also_projects=()
  for p in unit e2e; do
    if ((${#main_projects[@]} == 0)) || [[ " ${main_projects[*]} " == *" $p "* ]]; then also_projects+=("$p"); fi
  done
  if ((${#also_projects[@]})); then
    also_results="$results_dir/jest-node-$MG_ALSO_NODE.json"
    if also_node="$(bash scripts/node-runtime.sh "$MG_ALSO_NODE")"; then
      echo "tests: ${also_projects[*]} again on Node $("$also_node" --version)"
      # Its bin directory first on PATH, so that anything started as `node` runs on it too.
      PATH="$(dirname "$also_node"):$PATH" "$also_node" node_modules/jest/bin/jest.js --ci --maxWorkers=2 --json --outputFile="$also_results" \
        --passWithNoTests --selectProjects "${also_projects[@]}" "${rest[@]}" || rc=1
    else
      echo "tests: could not fetch Node $MG_ALSO_NODE" >&2
      rc=1
    fi
    # A missing result file counts as a failure in the summary.
    result_files+=("$also_results")
  fi
fi

# The shared broker is not needed by the reliability tier (it runs its own).
[[ $started_kafka == 1 ]] && bash scripts/kafka.sh stop >/dev/null 2>&1

if ((run_reliability)); then
  # A path pattern meant for the other tiers may match no reliability file: that is not a failure.
  npx jest -c tools/jest/reliability.config.js --ci --json --outputFile="$results_dir/reliability.json" --passWithNoTests "${rest[@]}" || rc=1
  result_files+=("$results_dir/reliability.json")
fi

node scripts/test-summary.js "${result_files[@]}" || rc=1
exit $rc
