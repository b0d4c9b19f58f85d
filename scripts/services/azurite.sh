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

service=azurite
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
base="$(absolute_path "${AZURITE_SERVICE_DIR:-$root/.services/azurite}")"
pidfile="$base/azurite.pid"
logfile="$base/azurite.log"
port="${AZURITE_QUEUE_PORT:-10001}"
version="3.35.0"
main="$root/node_modules/azurite/dist/src/queue/main.js"
account="devstoreaccount1"
# Azurite's documented development key (https://learn.microsoft.com/azure/storage/common/storage-use-azurite).
account_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

is_ours() {
  alive_pid "$1" && [[ "$(command_line "$1")" == *"$main"*"--queuePort $port "* ]]
}

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

azurite_ready() { running && port_open "$port"; }

up() {
  if already_running; then return 0; fi
  rm -f "$pidfile"
  if port_open "$port"; then
    log "127.0.0.1:$port is already taken by another process; stop it or set AZURITE_QUEUE_PORT" >&2
    exit 1
  fi
  ensure_azurite
  : >"$logfile"
  local started=$SECONDS outcome=0
  start_detached azurite node "$main" --queueHost 127.0.0.1 --queuePort "$port" --inMemoryPersistence --silent \
    --skipApiVersionCheck --disableTelemetry --loose
  await_ready "$started" 30 0.25 running_or_starting azurite_ready || outcome=$?
  case "$outcome" in
    0)
      log "ready in $((SECONDS - started))s"
      where
      return 0
      ;;
    1)
      log "Azurite exited during start-up; last lines of $logfile:" >&2
      tail -n 20 "$logfile" >&2
      rm -f "$pidfile"
      exit 1
      ;;
  esac
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

run_command "${1:-}"
