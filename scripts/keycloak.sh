#!/usr/bin/env bash
# Start or stop a throwaway Keycloak (dev mode, in-memory database) on loopback.
#
#   scripts/keycloak.sh start  <datadir>   # prints the base URL on stdout once Keycloak is ready
#   scripts/keycloak.sh stop   <datadir>
#   scripts/keycloak.sh status <datadir>   # exit 0 when running
#
# Needs the Keycloak distribution and a Java that scripts/toolchain.sh provides: KEYCLOAK_HOME and
# KEYCLOAK_JAVA_HOME (or JAVA_HOME) from the environment, else from the toolchain's env.sh.
#
# Files written into <datadir> (one instance per folder):
#   url, port, management-port, pid   plain values, one line each
#   admin-username                    always "admin"
#   admin-password                    mode 0600, a fresh random password (never printed)
#   keycloak.env                      KEYCLOAK_URL=..., KEYCLOAK_PORT=..., ... (no password) for `source`
#   keycloak.log                      server output
# Environment knobs: KEYCLOAK_START_TIMEOUT (seconds, default 180), JAVA_OPTS_KC_HEAP (Keycloak's own,
# default -Xms64m -Xmx512m).
set -euo pipefail

log() { printf '[keycloak] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

load_toolchain_env() {
  if [[ -z "${KEYCLOAK_HOME:-}" ]]; then
    local env_file="${FLOWX_TOOLCHAIN_DIR:-$HOME/.cache/flowx-toolchain}/env.sh"
    if [[ -f "$env_file" ]]; then
      # shellcheck disable=SC1090
      source "$env_file"
    fi
  fi
  [[ -n "${KEYCLOAK_HOME:-}" && -x "${KEYCLOAK_HOME}/bin/kc.sh" ]] \
    || die "no Keycloak distribution (KEYCLOAK_HOME unset or wrong): run scripts/toolchain.sh first"
  KC_JAVA_HOME="${KEYCLOAK_JAVA_HOME:-${JAVA_HOME:-}}"
  [[ -n "$KC_JAVA_HOME" && -x "$KC_JAVA_HOME/bin/java" ]] \
    || die "no Java for Keycloak (KEYCLOAK_JAVA_HOME / JAVA_HOME): run scripts/toolchain.sh first"
}

port_in_use() {
  ss -Htln "sport = :$1" 2>/dev/null | grep -q . && return 0
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
  return 1
}

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 30000 ))
    if ! port_in_use "$p" && [[ "$p" != "${1:-}" ]]; then
      echo "$p"
      return 0
    fi
  done
  die "found no free port"
}

running_pid() {
  local data=$1 pid
  [[ -f "$data/pid" ]] || return 1
  pid=$(<"$data/pid")
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

cmd_start() {
  local data
  mkdir -p "$1"
  data=$(cd "$1" && pwd)
  load_toolchain_env

  if running_pid "$data" >/dev/null; then
    log "already running (pid $(<"$data/pid")): $(<"$data/url")"
    cat "$data/url"
    return 0
  fi

  local port mport password pid started timeout
  port=$(free_port)
  mport=$(free_port "$port")
  timeout=${KEYCLOAK_START_TIMEOUT:-180}

  rm -f "$data/admin-password"
  password=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)
  (umask 077 && printf '%s' "$password" >"$data/admin-password")
  chmod 600 "$data/admin-password"
  printf 'admin\n' >"$data/admin-username"
  mkdir -p "$data/transaction-logs"

  started=$(date +%s)
  # setsid: Keycloak (kc.sh and its java child) gets its own process group, which stop signals.
  (
    cd "$data"
    export JAVA_HOME="$KC_JAVA_HOME"
    export KC_BOOTSTRAP_ADMIN_USERNAME=admin
    export KC_BOOTSTRAP_ADMIN_PASSWORD="$password"
    # Keep the transaction object store out of the shared distribution folder.
    export JAVA_OPTS_APPEND="${JAVA_OPTS_APPEND:-} -Dquarkus.transaction-manager.object-store.directory=$data/transaction-logs"
    exec setsid "$KEYCLOAK_HOME/bin/kc.sh" start-dev \
      --http-host=127.0.0.1 --http-port="$port" \
      --http-management-port="$mport" \
      --db=dev-mem --cache=local --health-enabled=true
  ) </dev/null >"$data/keycloak.log" 2>&1 &
  pid=$!
  unset password
  echo "$pid" >"$data/pid"
  echo "$port" >"$data/port"
  echo "$mport" >"$data/management-port"
  echo "http://127.0.0.1:$port" >"$data/url"
  cat >"$data/keycloak.env" <<EOF
KEYCLOAK_URL=http://127.0.0.1:$port
KEYCLOAK_PORT=$port
KEYCLOAK_MANAGEMENT_PORT=$mport
KEYCLOAK_PID=$pid
KEYCLOAK_ADMIN_USERNAME=admin
KEYCLOAK_ADMIN_PASSWORD_FILE=$data/admin-password
EOF

  log "starting Keycloak (pid $pid) on 127.0.0.1:$port, management port $mport, log $data/keycloak.log"
  while :; do
    if curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$mport/health/ready" 2>/dev/null; then
      break
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$data/keycloak.log" >&2 || true
      rm -f "$data/pid"
      die "Keycloak exited before it was ready"
    fi
    if (( $(date +%s) - started >= timeout )); then
      tail -n 40 "$data/keycloak.log" >&2 || true
      cmd_stop "$data" || true
      die "Keycloak not ready after ${timeout}s"
    fi
    sleep 1
  done
  echo $(( $(date +%s) - started )) >"$data/start-seconds"
  log "ready after $(<"$data/start-seconds")s: http://127.0.0.1:$port"
  echo "http://127.0.0.1:$port"
}

cmd_stop() {
  local data=$1 pid
  [[ -d "$data" ]] || { log "no such folder: $data"; return 0; }
  data=$(cd "$data" && pwd)
  if pid=$(running_pid "$data"); then
    # The process group that `start` created (its leader is the recorded pid).
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "still running after 30s, killing"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    log "stopped (pid $pid)"
  else
    log "not running"
  fi
  rm -f "$data/pid" "$data/admin-password"
}

cmd_status() {
  local data=$1
  if [[ -d "$data" ]] && running_pid "$data" >/dev/null; then
    echo "running: $(<"$data/url") (pid $(<"$data/pid"))"
  else
    echo "not running"
    return 1
  fi
}

[[ $# -eq 2 ]] || usage
case "$1" in
  start) cmd_start "$2" ;;
  stop) cmd_stop "$2" ;;
  status) cmd_status "$2" ;;
  *) usage ;;
esac
