# shellcheck shell=bash
# Pid files on the shell side: `<dir>/<name>.pid` holding the pid and a newline, the
# format libs/testing/src/pid-files.ts reads and writes for the TypeScript side (the
# stack's services, the reliability tier, the benchmark). Source it:
#
#   . "$(dirname "$0")/lib/pid-file.sh"
#   pid_file_write "$file" "$pid"; pid="$(pid_file_read "$file")"; pid_alive "$pid"; pid_stop "$pid" 20

pid_file_read() { # file -> prints the pid it holds; 1 when there is none
  [[ -s "$1" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$1")"
  [[ -n "$pid" ]] || return 1
  echo "$pid"
}

pid_file_write() { # file pid (written whole, then renamed: a reader never sees half a file)
  mkdir -p "$(dirname "$1")"
  echo "$2" >"$1.tmp.$$"
  mv -f "$1.tmp.$$" "$1"
}

pid_file_remove() { # file
  rm -f "$1"
}

pid_alive() { # pid -> 0 when alive and not a zombie (as isAlive in pid-files.ts)
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state="$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null || true)"
  [[ "$state" != Z ]]
}

pid_stop() { # pid grace-seconds -> SIGTERM, SIGKILL after the grace period; prints "stopped" or "killed"
  local pid="$1" grace="${2:-20}" deadline
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + grace))
  while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.25; done
  if ! pid_alive "$pid"; then
    echo stopped
    return 0
  fi
  kill -KILL "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 5))
  while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.25; done
  echo killed
}
