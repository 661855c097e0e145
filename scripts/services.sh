#!/usr/bin/env bash
# Make sure the local backing services are up (no Docker needed).
#
#   bash scripts/services.sh ensure   # PostgreSQL on 127.0.0.1:5432, Redis on 127.0.0.1:6379,
#                                     # plus Java + Maven for the local Kafka broker (scripts/kafka.sh)
#   bash scripts/services.sh status   # exit 0 when PostgreSQL and Redis answer
#
# Starts what is installed but not answering; installs missing packages with apt-get
# (root, or sudo when available). PostgreSQL / Redis are left alone when DATABASE_URL /
# REDIS_URL point to a non-local host. Set MG_SKIP_JAVA=1 to skip the Java/Maven check.
# Kafka itself is handled by scripts/kafka.sh. These are the machine's long-lived services;
# the throw-away PostgreSQL clusters and Redis servers a test run starts and kills itself
# (the reliability tier) come from libs/testing/src/local-services.ts.
set -euo pipefail

cd "$(dirname "$0")/.."

WAIT_SECONDS="${MG_SERVICES_TIMEOUT:-60}"

log() { echo "services: $*"; }
die() { echo "services: ERROR: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# --- helpers -----------------------------------------------------------------

url_host() { # scheme://user:pass@host:port/db?x -> host ('' when no URL)
  local url="$1" rest
  [[ -n "$url" ]] || return 0
  rest="${url#*://}"
  rest="${rest%%[/?#]*}" # authority
  rest="${rest##*@}"     # drop userinfo
  if [[ "$rest" == \[* ]]; then
    rest="${rest#[}"
    echo "${rest%%]*}"
  else
    echo "${rest%%:*}"
  fi
}

url_port() { # scheme://user:pass@host:port/db -> port ('' when none)
  local rest="${1#*://}"
  rest="${rest%%[/?#]*}"
  rest="${rest##*@}"
  rest="${rest##*]}"
  [[ "$rest" == *:* ]] && echo "${rest##*:}"
  return 0
}

is_local_url() { # empty URL counts as local
  local host
  host="$(url_host "${1:-}")"
  case "$host" in
    "" | localhost | 127.* | ::1 | 0.0.0.0) return 0 ;;
    *) return 1 ;;
  esac
}

# Always 127.0.0.1 (Node may try ::1 first for "localhost"); a local URL may pick the port.
PG_HOST=127.0.0.1
PG_PORT="$(url_port "${DATABASE_URL:-}")"
PG_PORT="${PG_PORT:-5432}"
REDIS_HOST=127.0.0.1
REDIS_PORT="$(url_port "${REDIS_URL:-}")"
REDIS_PORT="${REDIS_PORT:-6379}"

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

pg_ok() {
  if have pg_isready; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2
  else
    port_open "$PG_HOST" "$PG_PORT"
  fi
}

redis_ok() {
  if have redis-cli; then
    [[ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == "PONG" ]]
  else
    port_open "$REDIS_HOST" "$REDIS_PORT"
  fi
}

APT_UPDATED=0
apt_install() {
  local sudo=()
  if [[ "$(id -u)" != 0 ]]; then
    have sudo || die "need root (or sudo) to apt-get install $*"
    sudo=(sudo -n)
  fi
  have apt-get || die "apt-get not available; install $* yourself"
  export DEBIAN_FRONTEND=noninteractive
  if [[ "$APT_UPDATED" == 0 ]]; then
    log "apt-get update"
    "${sudo[@]}" apt-get update -q >/dev/null
    APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

as_root() { # run a command as root (directly or via sudo)
  if [[ "$(id -u)" == 0 ]]; then "$@"; else sudo -n "$@"; fi
}

wait_for() { # name check-fn
  local name="$1" check="$2" deadline=$((SECONDS + WAIT_SECONDS))
  until "$check"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
  log "$name is up"
}

# --- PostgreSQL ----------------------------------------------------------------

ensure_postgres() {
  if ! is_local_url "${DATABASE_URL:-}"; then
    log "PostgreSQL: DATABASE_URL points to $(url_host "$DATABASE_URL"), not managing it"
    return 0
  fi
  if pg_ok; then
    log "PostgreSQL answers on $PG_HOST:$PG_PORT"
    return 0
  fi
  if ! have pg_ctlcluster || ! have pg_isready || [[ ! -d /etc/postgresql ]] || [[ -z "$(ls -A /etc/postgresql 2>/dev/null)" ]]; then
    apt_install postgresql
  fi
  local version
  version="$(ls /etc/postgresql | sort -V | tail -n1)"
  [[ -n "$version" ]] || die "no PostgreSQL cluster under /etc/postgresql"
  if ! pg_ok; then
    log "starting PostgreSQL $version/main"
    # Non-zero when the cluster is already running but not yet answering: the wait decides.
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  fi
  wait_for "PostgreSQL ($PG_HOST:$PG_PORT)" pg_ok \
    || die "PostgreSQL does not answer on $PG_HOST:$PG_PORT after ${WAIT_SECONDS}s (see /var/log/postgresql/)"
}

# --- Redis -------------------------------------------------------------------------

ensure_redis() {
  if ! is_local_url "${REDIS_URL:-}"; then
    log "Redis: REDIS_URL points to $(url_host "$REDIS_URL"), not managing it"
    return 0
  fi
  if redis_ok; then
    log "Redis answers on $REDIS_HOST:$REDIS_PORT"
    return 0
  fi
  if ! have redis-server || ! have redis-cli; then
    apt_install redis-server
  fi
  if ! redis_ok; then
    log "starting redis-server"
    as_root mkdir -p /var/lib/redis /var/log/redis
    as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" \
      --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  fi
  wait_for "Redis ($REDIS_HOST:$REDIS_PORT)" redis_ok \
    || die "Redis does not answer on $REDIS_HOST:$REDIS_PORT after ${WAIT_SECONDS}s (see /var/log/redis/ci.log)"
}

# --- Java + Maven (for scripts/kafka.sh) ------------------------------------------

ensure_java() {
  [[ "${MG_SKIP_JAVA:-0}" == 1 ]] && return 0
  if ! have java || ! have mvn; then
    apt_install openjdk-17-jre-headless maven
  fi
  have java && have mvn || die "java/mvn still missing after apt-get install"
  log "Java $(java -version 2>&1 | head -n1 | sed 's/.*version "\([^"]*\)".*/\1/'), $(mvn -v 2>/dev/null | head -n1 | sed 's/\x1b\[[0-9;]*m//g')"
}

# --- subcommands ---------------------------------------------------------------------

cmd_ensure() {
  ensure_postgres
  ensure_redis
  ensure_java
}

cmd_status() {
  local rc=0
  if ! is_local_url "${DATABASE_URL:-}"; then
    echo "postgres: remote ($(url_host "$DATABASE_URL")), not checked"
  elif pg_ok; then
    echo "postgres: up ($PG_HOST:$PG_PORT)"
  else
    echo "postgres: DOWN ($PG_HOST:$PG_PORT)"
    rc=1
  fi
  if ! is_local_url "${REDIS_URL:-}"; then
    echo "redis: remote ($(url_host "$REDIS_URL")), not checked"
  elif redis_ok; then
    echo "redis: up ($REDIS_HOST:$REDIS_PORT)"
  else
    echo "redis: DOWN ($REDIS_HOST:$REDIS_PORT)"
    rc=1
  fi
  echo "java: $(have java && echo present || echo missing), mvn: $(have mvn && echo present || echo missing)"
  # Informational only; Kafka is managed by scripts/kafka.sh.
  echo "kafka: $(bash scripts/kafka.sh status 2>&1 | sed 's/^kafka: //' || true)"
  return "$rc"
}

case "${1:-}" in
  ensure) cmd_ensure ;;
  status) cmd_status ;;
  *)
    echo "usage: bash scripts/services.sh {ensure|status}" >&2
    exit 2
    ;;
esac
