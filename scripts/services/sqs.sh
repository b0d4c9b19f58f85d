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

service=sqs
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
base="$(absolute_path "${SQS_SERVICE_DIR:-$root/.services/sqs}")"
server="$here/sqs/serve.mjs"
pidfile="$base/sqs.pid"
logfile="$base/sqs.log"
port="${SQS_PORT:-4566}"
fauxqs_version="1.9.2"
start_timeout_s="${SQS_START_TIMEOUT_S:-20}"
stop_grace_s=10

# True when $1 is a live emulator started by this script for this port (not a zombie, not a reused pid).
is_ours() {
  alive_pid "$1" && [[ "$(command_line "$1")" == *" $server --port $port "* ]]
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

emulator_ready() {
  grep -q "sqs emulator listening" "$logfile" && ready
}

up() {
  if already_running; then return 0; fi
  remove_stale_pidfile "this emulator"
  stop_orphans "an emulator"
  require_free_ports SQS_PORT "$port"
  command -v node >/dev/null 2>&1 || {
    log "node is needed (Node 20 or newer)" >&2
    exit 1
  }
  local fauxqs
  fauxqs="$(fauxqs_directory)" || exit 1
  local started=$SECONDS
  : >"$logfile"
  start_detached sqs-emulator node "$server" --port "$port" --fauxqs "$fauxqs"
  await_started "the emulator" running 0.1 emulator_ready
  log "started in $((SECONDS - started))s (fauxqs $fauxqs_version from $fauxqs)"
  where
}

down() {
  stop_recorded
  stop_orphans "an emulator"
  report_stopped
}

run_command "${1:-}"
