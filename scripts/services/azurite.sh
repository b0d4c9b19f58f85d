#!/usr/bin/env bash
# Azurite (Microsoft's Azure Storage emulator, npm) for the azure-storage-queue integration tests: the queue
# service only, loopback only, in memory.
#
#   scripts/services/azurite.sh up|down|status
#
# `up` uses node_modules/azurite (the workspace's pinned devDependency, 3.35.0: later versions need Node >= 21) and
# installs it with `npm install --no-save azurite@3.35.0` only when it is missing. Idempotent: a running Azurite
# of this directory is left alone. Listens on 127.0.0.1:10001 [AZURITE_QUEUE_PORT]; tests read
# AZURITE_QUEUE_CONNECTION_STRING (printed by `up`), whose account is Azurite's public well-known development
# account (devstoreaccount1 and its documented key; not a secret).
# State (pid file, log) lives in .services/azurite [AZURITE_SERVICE_DIR]; data is in memory and gone on `down`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
base="${AZURITE_SERVICE_DIR:-$root/.services/azurite}"
case "$base" in /*) ;; *) base="$PWD/$base" ;; esac
pidfile="$base/azurite.pid"
logfile="$base/azurite.log"
port="${AZURITE_QUEUE_PORT:-10001}"
version="3.35.0"
main="$root/node_modules/azurite/dist/src/queue/main.js"
account="devstoreaccount1"
# Azurite's documented development key (https://learn.microsoft.com/azure/storage/common/storage-use-azurite).
account_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

log() { echo "azurite: $*"; }

is_ours() {
  local pid="$1" cmdline
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  grep -q '^State:[[:space:]]*[ZX]' "/proc/$pid/status" 2>/dev/null && return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *"$main"*"--queuePort $port "* ]]
}

pid_from_file() { [ -f "$pidfile" ] && tr -dc '0-9' <"$pidfile"; }
running() { is_ours "$(pid_from_file || true)"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

connection_string() {
  echo "DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$account_key;QueueEndpoint=http://127.0.0.1:$port/$account;"
}

where() {
  log "queue service on 127.0.0.1:$port, pid $(pid_from_file), log $logfile"
  log "AZURITE_QUEUE_CONNECTION_STRING='$(connection_string)'"
}

ensure_azurite() {
  [ -f "$main" ] && return 0
  command -v node >/dev/null 2>&1 || { log "node is required" >&2; exit 1; }
  log "installing azurite@$version (npm)"
  (cd "$root" && npm install --no-save --no-audit --no-fund "azurite@$version" >/dev/null)
}

up() {
  mkdir -p "$base"
  if running; then
    log "already running"
    where
    return 0
  fi
  rm -f "$pidfile"
  if port_open "$port"; then
    log "127.0.0.1:$port is already taken by another process; stop it or set AZURITE_QUEUE_PORT" >&2
    exit 1
  fi
  ensure_azurite
  : >"$logfile"
  # setsid: Azurite outlives this shell; the pid is written from inside the new session before exec.
  # shellcheck disable=SC2016 # expanded by the inner bash
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' azurite "$pidfile" \
    node "$main" --queueHost 127.0.0.1 --queuePort "$port" --inMemoryPersistence --silent \
    --skipApiVersionCheck --disableTelemetry --loose >>"$logfile" 2>&1 </dev/null &
  local started=$SECONDS
  for _ in $(seq 1 120); do
    if [ -s "$pidfile" ] && ! running; then
      log "Azurite exited during start-up; last lines of $logfile:" >&2
      tail -n 20 "$logfile" >&2
      rm -f "$pidfile"
      exit 1
    fi
    if running && port_open "$port"; then
      log "ready in $((SECONDS - started))s"
      where
      return 0
    fi
    sleep 0.25
  done
  log "not listening on 127.0.0.1:$port after 30s; last lines of $logfile:" >&2
  tail -n 20 "$logfile" >&2
  exit 1
}

down() {
  local pid
  pid="$(pid_from_file || true)"
  if ! is_ours "$pid"; then
    rm -f "$pidfile"
    log "not running"
    return 0
  fi
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do
    is_ours "$pid" || break
    sleep 0.25
  done
  is_ours "$pid" && kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  log "stopped"
}

status() {
  if running; then
    where
  else
    log "not running (127.0.0.1:$port)"
    return 1
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *)
    echo "usage: $0 up|down|status" >&2
    exit 2
    ;;
esac
