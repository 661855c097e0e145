#!/usr/bin/env bash
# The infrastructure (PostgreSQL, Redis, Kafka) for the local stack and the tests.
#
#   bash scripts/infra.sh up     # Docker Compose where a Docker engine answers, the local scripts otherwise
#   bash scripts/infra.sh down   # stops what `up` started (PostgreSQL and Redis of the machine are left running)
#   bash scripts/infra.sh mode   # prints "docker" or "local"
#
# MG_USE_DOCKER=0 forces the local scripts even where Docker runs.
set -euo pipefail
cd "$(dirname "$0")/.."

mode() {
  if [[ "${MG_USE_DOCKER:-1}" != 0 ]] && command -v docker >/dev/null 2>&1 && timeout 5 docker info >/dev/null 2>&1; then
    echo docker
  else
    echo local
  fi
}

case "${1:-}" in
  mode) mode ;;
  up)
    if [[ "$(mode)" == docker ]]; then
      docker compose up -d --wait postgres redis kafka
    else
      bash scripts/services.sh ensure
      bash scripts/kafka.sh start
    fi
    ;;
  down)
    if [[ "$(mode)" == docker ]]; then
      docker compose stop postgres redis kafka
    else
      bash scripts/kafka.sh stop
    fi
    ;;
  *) echo "usage: bash scripts/infra.sh {up|down|mode}" >&2; exit 2 ;;
esac
