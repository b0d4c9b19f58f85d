#!/usr/bin/env bash
# An SQS emulator for the integration tests: fauxqs 1.9.2 (npm), loopback only, counting like AWS.
#
#   scripts/services/sqs.sh up|down|status
#
# Listens on http://127.0.0.1:4566 [SQS_PORT] -> tests read SQS_ENDPOINT (default http://127.0.0.1:4566).
# Any region and any credentials are accepted (tests use us-east-1 and test/test). Queue URLs come back as
# http://127.0.0.1:<port>/000000000000/<name>. State is in memory: `down` forgets every queue.
#
# Why fauxqs 1.9.2 (measured on this machine with @aws-sdk/client-sqs 3.1175.0, AWS JSON 1.0 protocol):
# after 5 sends, 2 receives kept in flight (visibility 60 s) and 1 send delayed 60 s, AWS reports
# ApproximateNumberOfMessages / ...NotVisible / ...Delayed = 3 / 2 / 1; on a second queue (send 2, receive 1
# with visibility 1 s, send 1 delayed 1 s) it reports 1/1/1, then 3/0/0 once both expire with nothing
# else touching the queue.
#   fauxqs 1.9.2 + timer hook (this script)  3/2/1, 1/1/1 -> 3/0/0   faithful
#   fauxqs 1.9.2 as published                3/2/1, 1/1/1 -> 1/1/1   stale until the next ReceiveMessage
#   local-aws-sqs 2.0.2                      5/2/1                    visible count includes in-flight
#   sqslite 2.1.1                            fails (Query protocol only; client-sqs >= 3.447 speaks JSON)
#   moto 5.2.5 server (PyPI, moto[server])   3/2/1, 1/1/1 -> 3/0/0   faithful too, but needs a Python venv
#                                            and a pip install of flask, werkzeug, boto3 and more
#   fauxqs 2.x                               does not load on Node 20 (node:sqlite)
#   ElasticMQ (Maven Central)                not measured (a JVM for one emulator; the two above count right)
# fauxqs wins on cost: it is already a devDependency of packages/aws-sqs (no Python, no JVM), starts in
# ~0.5 s and runs in the test's own Node. The server (scripts/services/sqs/serve.mjs) wraps fauxqs'
# buildApp(): it binds 127.0.0.1 (fauxqs' CLI binds 0.0.0.0), runs the visibility/delay timers on every
# request, and builds queue URLs on 127.0.0.1.
#
# `up` uses the fauxqs that the workspace installed (devDependency of packages/aws-sqs); when that is missing
# it installs fauxqs@1.9.2 from npm into $SQS_SERVICE_DIR/npm. Idempotent: a running emulator is left alone.
# State (pid file, log) lives in .services/sqs [SQS_SERVICE_DIR].
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
base="${SQS_SERVICE_DIR:-$root/.services/sqs}"
case "$base" in /*) ;; *) base="$PWD/$base" ;; esac
server="$here/sqs/serve.mjs"
pidfile="$base/sqs.pid"
logfile="$base/sqs.log"
port="${SQS_PORT:-4566}"
fauxqs_version="1.9.2"
start_timeout_s="${SQS_START_TIMEOUT_S:-20}"

log() { echo "sqs: $*"; }

# True when $1 is a live emulator started by this script for this port (not a zombie, not a reused pid).
is_our_server() {
  local pid="$1" cmdline state
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  state="$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null)" || return 1
  [ "$state" != "Z" ] && [ "$state" != "X" ] || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *" $server --port $port "* ]]
}

pid_from_file() {
  [ -f "$pidfile" ] && tr -dc '0-9' <"$pidfile"
}

running() {
  is_our_server "$(pid_from_file)"
}

# Emulators of this script and port that the pid file does not name (left by a run whose pid file was lost).
orphans() {
  local known entry pid
  known="$(pid_from_file || true)"
  for entry in /proc/[0-9]*; do
    pid="${entry#/proc/}"
    [ "$pid" != "$known" ] && is_our_server "$pid" && echo "$pid"
  done
  return 0
}

stop_pid() {
  local pid="$1"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do
    is_our_server "$pid" || return 0
    sleep 0.25
  done
  log "pid $pid did not stop in 10s; sending SIGKILL"
  kill -9 "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do
    is_our_server "$pid" || return 0
    sleep 0.25
  done
  log "pid $pid is still running after SIGKILL" >&2
  return 1
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

port_owner() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -n 1
}

# Prints the fauxqs package directory to use: the workspace's, else a private npm install of 1.9.2.
fauxqs_directory() {
  local workspace="$root/node_modules/fauxqs" private="$base/npm/node_modules/fauxqs"
  for dir in "$workspace" "$private"; do
    if [ -f "$dir/package.json" ] && grep -q "\"version\": \"$fauxqs_version\"" "$dir/package.json"; then
      echo "$dir"
      return 0
    fi
  done
  command -v npm >/dev/null 2>&1 || {
    log "npm is needed to install fauxqs@$fauxqs_version" >&2
    return 1
  }
  log "installing fauxqs@$fauxqs_version from npm into $base/npm" >&2
  mkdir -p "$base/npm"
  if ! npm install --prefix "$base/npm" --no-save --no-audit --no-fund --loglevel=error \
    "fauxqs@$fauxqs_version" >"$base/npm.log" 2>&1; then
    log "npm install failed; last lines of $base/npm.log:" >&2
    tail -n 20 "$base/npm.log" >&2
    return 1
  fi
  echo "$private"
}

where() {
  log "listening on http://127.0.0.1:$port (SQS_ENDPOINT), any region/credentials, pid $(cat "$pidfile"), log $logfile"
}

# A GetQueueAttributes-free readiness check: ListQueues over the AWS JSON protocol must answer 200.
ready() {
  command -v curl >/dev/null 2>&1 || {
    port_open "$port"
    return
  }
  curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST "http://127.0.0.1:$port/" \
    -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: AmazonSQS.ListQueues' \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request' \
    -d '{}' 2>/dev/null | grep -q '^200$'
}

up() {
  mkdir -p "$base"
  if running; then
    log "already running"
    where
    return 0
  fi
  if [ -f "$pidfile" ]; then
    log "removing a stale pid file (pid $(pid_from_file || true) is not this emulator)"
    rm -f "$pidfile"
  fi
  local orphan
  for orphan in $(orphans); do
    log "stopping an emulator left by a previous run without its pid file (pid $orphan)"
    stop_pid "$orphan" || exit 1
  done
  if port_open "$port"; then
    local owner
    owner="$(port_owner "$port")"
    log "127.0.0.1:$port is already taken by another process${owner:+ ($owner)}; stop it or set SQS_PORT" >&2
    exit 1
  fi
  command -v node >/dev/null 2>&1 || {
    log "node is needed (Node 20 or newer)" >&2
    exit 1
  }
  local fauxqs
  fauxqs="$(fauxqs_directory)" || exit 1
  local started=$SECONDS
  : >"$logfile"
  # setsid: the emulator outlives this shell and is not hit by signals sent to the caller's process group.
  # The pid is written from inside the new session, then bash execs node, so it is the emulator's pid.
  rm -f "$pidfile"
  # shellcheck disable=SC2016 # expanded by the inner bash
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' sqs-emulator "$pidfile" \
    node "$server" --port "$port" --fauxqs "$fauxqs" >>"$logfile" 2>&1 </dev/null &
  for _ in $(seq 1 40); do
    [ -s "$pidfile" ] && break
    sleep 0.25
  done
  while true; do
    if ! running; then
      log "the emulator exited during start-up; last lines of $logfile:" >&2
      tail -n 30 "$logfile" >&2
      rm -f "$pidfile"
      exit 1
    fi
    if grep -q "sqs emulator listening" "$logfile" && ready; then break; fi
    if [ $((SECONDS - started)) -ge "$start_timeout_s" ]; then
      log "not ready after ${start_timeout_s}s; last lines of $logfile:" >&2
      tail -n 30 "$logfile" >&2
      down
      exit 1
    fi
    sleep 0.1
  done
  log "started in $((SECONDS - started))s (fauxqs $fauxqs_version from $fauxqs)"
  where
}

down() {
  local pid stopped=""
  if running; then
    pid="$(pid_from_file)"
    stop_pid "$pid" || exit 1
    stopped="$pid"
  fi
  rm -f "$pidfile"
  for pid in $(orphans); do
    log "stopping an emulator left by a previous run without its pid file (pid $pid)"
    stop_pid "$pid" || exit 1
    stopped="${stopped:+$stopped }$pid"
  done
  if [ -n "$stopped" ]; then log "stopped (pid $stopped)"; else log "not running"; fi
}

status() {
  if running; then
    log "running"
    where
  else
    log "not running"
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
