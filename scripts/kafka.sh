#!/usr/bin/env bash
# Local single-node Kafka (KRaft) broker without Docker.
#
#   bash scripts/kafka.sh start      # resolve jars (first time), format storage (first time), start, wait until ready
#   bash scripts/kafka.sh stop       # SIGTERM, then SIGKILL after ~20 s
#   bash scripts/kafka.sh status     # exit 0 + "running" when up and answering
#   bash scripts/kafka.sh logs [-f]  # last lines of the broker log (LINES=100), -f to follow
#
# Env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), MG_LOCAL_DIR (.local),
#      KAFKA_HEAP_OPTS ("-Xmx512m -Xms256m"), KAFKA_START_TIMEOUT (90 seconds).
# The broker runtime comes from Maven Central via infra/kafka/pom.xml (see infra/kafka/README.md).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$(pwd -P)"
# shellcheck source=lib/pid-file.sh
. "$ROOT/scripts/lib/pid-file.sh"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
LOCAL_DIR="${MG_LOCAL_DIR:-.local}"
case "$LOCAL_DIR" in /*) ;; *) LOCAL_DIR="$ROOT/$LOCAL_DIR" ;; esac

INFRA_DIR="$ROOT/infra/kafka"
POM="$INFRA_DIR/pom.xml"
LIB_DIR="$INFRA_DIR/lib"
LIB_MARKER="$LIB_DIR/.resolved"
LOG4J_CONFIG="$INFRA_DIR/log4j.properties"
TEMPLATE="$INFRA_DIR/server.properties.template"

KAFKA_DIR="$LOCAL_DIR/kafka"
DATA_DIR="$KAFKA_DIR/data"
SERVER_PROPERTIES="$KAFKA_DIR/server.properties"
CLUSTER_ID_FILE="$KAFKA_DIR/cluster.id"
LOCK_FILE="$KAFKA_DIR/.lock"
PID_DIR="$LOCAL_DIR/pids"
PID_FILE="$PID_DIR/kafka.pid"
LOG_DIR="$LOCAL_DIR/logs"
LOG_FILE="$LOG_DIR/kafka.log"

log() { echo "kafka: $*"; }
die() { echo "kafka: ERROR: $*" >&2; exit 1; }

# --- helpers -----------------------------------------------------------------

port_open() { # port -> 0 when something accepts TCP connections on 127.0.0.1:port
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

read_pid() { pid_file_read "$PID_FILE"; }

is_our_broker_pid() { # pid -> 0 when it is a live kafka.Kafka process using our server.properties
  local pid="$1" cmd
  pid_alive "$pid" || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmd" == *kafka.Kafka* && "$cmd" == *"$SERVER_PROPERTIES"* ]]
}

our_pid() { # prints our broker's pid when it is alive
  local pid
  pid="$(read_pid)" || return 1
  is_our_broker_pid "$pid" || return 1
  echo "$pid"
}

port_owner() { # port -> "pid/name" of the listener, when ss can tell
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2 || true
}

describe_port_owner() {
  local port="$1" pid
  pid="$(port_owner "$port")"
  if [[ -n "$pid" ]]; then
    echo "pid $pid: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-200)"
  else
    echo "unknown process"
  fi
}

adopt_orphan() { # pid file lost but our broker is still listening -> rewrite the pid file
  local pid
  pid="$(port_owner "$KAFKA_PORT")"
  [[ -n "$pid" ]] || return 1
  is_our_broker_pid "$pid" || return 1
  pid_file_write "$PID_FILE" "$pid"
  echo "$pid"
}

require_tools() {
  local missing=()
  for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
  if ((${#missing[@]})); then
    die "missing ${missing[*]}; run 'bash scripts/services.sh ensure' (installs Java 17 + Maven via apt) or install them yourself"
  fi
}

with_lock() { # serialise start/stop between concurrent callers
  mkdir -p "$KAFKA_DIR"
  exec 9>"$LOCK_FILE"
  if command -v flock >/dev/null 2>&1; then
    flock -w 180 9 || die "could not acquire $LOCK_FILE (another kafka.sh start/stop is stuck?)"
  fi
}

print_log_tail() {
  if [[ -s "$LOG_FILE" ]]; then
    echo "---- last 40 lines of $LOG_FILE ----" >&2
    tail -n 40 "$LOG_FILE" >&2
    echo "-------------------------------------" >&2
  fi
}

pom_checksum() { sha256sum "$POM" | cut -d' ' -f1; }

# --- start steps ---------------------------------------------------------------

resolve_jars() {
  local want
  want="$(pom_checksum)"
  if [[ -f "$LIB_MARKER" && "$(cat "$LIB_MARKER")" == "$want" ]] && compgen -G "$LIB_DIR/kafka_2.13-*.jar" >/dev/null; then
    return 0
  fi
  require_tools mvn
  log "resolving broker jars from Maven Central into infra/kafka/lib (first run only)..."
  local t0=$SECONDS mvn_out tmp_lib="$LIB_DIR.tmp.$$"
  mkdir -p "$KAFKA_DIR"
  mvn_out="$KAFKA_DIR/mvn-resolve.log"
  rm -rf "$tmp_lib"
  # Resolve into a temp dir and swap it in, so lib/ is never half-populated.
  # Output goes to a file (Maven 3.8 -q still prints colour escapes); shown only on failure.
  if ! MAVEN_OPTS="${MAVEN_OPTS:--Xmx384m}" \
    mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies -DincludeScope=runtime \
    -Dkafka.lib.dir="$tmp_lib" >"$mvn_out" 2>&1; then
    rm -rf "$tmp_lib"
    sed -e 's/\x1b\[[0-9;]*m//g' "$mvn_out" | tail -n 40 >&2
    die "mvn dependency:copy-dependencies failed (is Maven Central reachable? full output: $mvn_out)"
  fi
  compgen -G "$tmp_lib/kafka_2.13-*.jar" >/dev/null || die "mvn finished but $tmp_lib has no kafka_2.13 jar"
  echo "$want" >"$tmp_lib/.resolved"
  rm -rf "$LIB_DIR"
  mv "$tmp_lib" "$LIB_DIR"
  log "resolved $(find "$LIB_DIR" -name '*.jar' | wc -l) jars in $((SECONDS - t0))s"
}

render_server_properties() {
  mkdir -p "$DATA_DIR"
  local tmp="$SERVER_PROPERTIES.tmp"
  sed -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" \
    -e "s#@KAFKA_CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" \
    -e "s#@KAFKA_DATA_DIR@#$DATA_DIR#g" \
    "$TEMPLATE" >"$tmp"
  mv "$tmp" "$SERVER_PROPERTIES"
}

kafka_tool() { # run a Kafka CLI class with the broker classpath, small heap
  java -Xmx256m -Xms32m -Dlog4j.configuration="file:$LOG4J_CONFIG" -cp "$LIB_DIR/*" "$@"
}

format_storage() {
  [[ -f "$DATA_DIR/meta.properties" ]] && return 0
  local id
  if [[ -s "$CLUSTER_ID_FILE" ]]; then
    id="$(cat "$CLUSTER_ID_FILE")"
  else
    id="$(kafka_tool kafka.tools.StorageTool random-uuid | tail -n1 | tr -d '[:space:]')"
    [[ -n "$id" ]] || die "StorageTool random-uuid returned nothing"
    echo "$id" >"$CLUSTER_ID_FILE"
  fi
  log "formatting storage $DATA_DIR (cluster id $id)"
  kafka_tool kafka.tools.StorageTool format -t "$id" -c "$SERVER_PROPERTIES" --ignore-formatted >/dev/null \
    || die "StorageTool format failed"
}

launch_broker() {
  mkdir -p "$PID_DIR" "$LOG_DIR"
  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  pid_file_remove "$PID_FILE"
  # setsid: own session, so the broker outlives the shell/job that started it.
  # The inner bash writes its own pid (scripts/lib/pid-file.sh) and then execs java, so the pid file holds java's pid.
  # 9>&-: do not leak the start/stop lock fd into the long-lived broker.
  # shellcheck disable=SC2086,SC2016
  nohup setsid bash -c '. "$1"; pid_file_write "$2" $$; shift 2; exec "$@"' kafka-launcher "$ROOT/scripts/lib/pid-file.sh" "$PID_FILE" \
    java $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dlog4j.configuration="file:$LOG4J_CONFIG" \
    -cp "$LIB_DIR/*" kafka.Kafka "$SERVER_PROPERTIES" \
    >>"$LOG_FILE" 2>&1 </dev/null 9>&- &
  local i
  for i in $(seq 1 50); do
    read_pid >/dev/null && break
    sleep 0.1
  done
  read_pid >/dev/null || die "broker launcher did not write $PID_FILE"
  log "started broker pid $(read_pid), log $LOG_FILE"
}

wait_ready() { # pid -> waits for port + "Kafka Server started" + describeCluster
  local pid="$1" deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while ! port_open "$KAFKA_PORT" || ! grep -q 'Kafka Server started' "$LOG_FILE" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      print_log_tail
      pid_file_remove "$PID_FILE"
      die "broker process $pid exited during startup"
    fi
    if ((SECONDS >= deadline)); then
      print_log_tail
      die "broker not ready on 127.0.0.1:$KAFKA_PORT after ${KAFKA_START_TIMEOUT}s (still running as pid $pid; 'bash scripts/kafka.sh stop' to clean up)"
    fi
    sleep 0.5
  done
  local left=$((deadline - SECONDS))
  ((left < 5)) && left=5
  # --coordinator: also wait for the group coordinator (creates __consumer_offsets on a fresh
  # broker), so the first consumer of a test run does not hit "group coordinator is not available".
  if ! KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" node "$ROOT/scripts/wait-kafka.js" --coordinator "$left"; then
    print_log_tail
    die "broker port is open but describeCluster() does not answer"
  fi
}

# --- subcommands ---------------------------------------------------------------

cmd_start() {
  require_tools java node
  [[ -f "$TEMPLATE" && -f "$POM" && -f "$LOG4J_CONFIG" ]] || die "infra/kafka files missing (pom.xml, log4j.properties, server.properties.template)"
  with_lock
  local t0=$SECONDS pid

  if pid="$(our_pid)" || pid="$(adopt_orphan)"; then
    if port_open "$KAFKA_PORT"; then
      log "already running (pid $pid, 127.0.0.1:$KAFKA_PORT)"
      return 0
    fi
    log "broker pid $pid is alive but not answering yet; waiting"
    wait_ready "$pid"
    log "ready on 127.0.0.1:$KAFKA_PORT (pid $pid)"
    return 0
  fi
  pid_file_remove "$PID_FILE"

  local p
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_open "$p"; then
      die "port 127.0.0.1:$p is already in use by a process that is not this repo's broker ($(describe_port_owner "$p")). Stop it, or use KAFKA_PORT/KAFKA_CONTROLLER_PORT to pick other ports."
    fi
  done

  resolve_jars
  render_server_properties
  format_storage
  launch_broker
  pid="$(read_pid)"
  wait_ready "$pid"
  log "ready on 127.0.0.1:$KAFKA_PORT (pid $pid) in $((SECONDS - t0))s"
}

cmd_stop() {
  with_lock
  local pid
  if ! pid="$(read_pid)"; then
    pid="$(adopt_orphan)" || { log "not running"; pid_file_remove "$PID_FILE"; return 0; }
  fi
  if ! is_our_broker_pid "$pid"; then
    log "not running (stale pid file for pid $pid removed)"
    pid_file_remove "$PID_FILE"
    return 0
  fi
  log "stopping broker pid $pid"
  if [[ "$(pid_stop "$pid" 20)" == killed ]]; then
    log "did not stop within 20s after SIGTERM: killed"
  fi
  pid_file_remove "$PID_FILE"
  log "stopped"
}

cmd_status() {
  local pid
  if ! pid="$(our_pid)"; then
    if port_open "$KAFKA_PORT"; then
      if pid="$(adopt_orphan)"; then :; else
        echo "kafka: not running (port 127.0.0.1:$KAFKA_PORT is used by another process: $(describe_port_owner "$KAFKA_PORT"))"
        return 1
      fi
    else
      echo "kafka: not running"
      return 1
    fi
  fi
  if ! port_open "$KAFKA_PORT"; then
    echo "kafka: not ready (pid $pid alive, 127.0.0.1:$KAFKA_PORT not listening yet)"
    return 1
  fi
  if command -v node >/dev/null 2>&1; then
    if ! KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" node "$ROOT/scripts/wait-kafka.js" 5 >/dev/null 2>&1; then
      echo "kafka: not ready (pid $pid listening on 127.0.0.1:$KAFKA_PORT but describeCluster() does not answer)"
      return 1
    fi
  fi
  echo "kafka: running (pid $pid, 127.0.0.1:$KAFKA_PORT, data $DATA_DIR)"
}

cmd_logs() {
  [[ -f "$LOG_FILE" ]] || die "no log yet at $LOG_FILE"
  if [[ "${1:-}" == "-f" ]]; then
    exec tail -n "${LINES:-100}" -f "$LOG_FILE"
  fi
  tail -n "${LINES:-100}" "$LOG_FILE"
}

usage() {
  echo "usage: bash scripts/kafka.sh {start|stop|status|logs [-f]}" >&2
  exit 2
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  logs) shift; cmd_logs "$@" ;;
  *) usage ;;
esac
