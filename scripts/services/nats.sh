#!/usr/bin/env bash
# nats-server (Debian's package) with JetStream and the monitoring port, for the nats-jetstream tests.
#
#   scripts/services/nats.sh up [standalone|cluster]     (default: both)
#   scripts/services/nats.sh down [standalone|cluster]
#   scripts/services/nats.sh status
#   scripts/services/nats.sh stop-node n1|n2|n3          (a cluster node, for leader-change tests; `up` restarts it)
#
# Idempotent; installs nats-server with apt-get when it is missing. Loopback only. State in .services/nats
# [NATS_SERVICE_DIR].
#
# Standalone server:
#   client 127.0.0.1:4222 [NATS_URL], monitoring http://127.0.0.1:8222 [NATS_MONITORING_ENDPOINT=127.0.0.1:8222]
#   Accounts with JetStream: APP (where clients without credentials land: user app), TEAM_A, TEAM_B.
#   (nats-server gives the global account $G no JetStream once accounts are configured.)
# Three-node cluster "scalerkit", one loopback address per node so that every node has the same monitoring port,
# as pods do behind a Kubernetes service (KEDA's leader search asks each advertised host on the configured port):
#   n1 127.0.0.2, n2 127.0.0.3, n3 127.0.0.4: client :4222, routes :6222, monitoring :8222
#   [NATS_CLUSTER_URLS=nats://127.0.0.2:4222,nats://127.0.0.3:4222,nats://127.0.0.4:4222]
#   The same accounts; SYS is the system account.
# Fixed test credentials (loopback only): app / app-secret, team-a / team-a-secret, team-b / team-b-secret,
# sys / sys-secret.
# Each process is recognised by its command line (nats-server -c <this directory's config>), so a stale pid
# file or a reused pid is handled.
set -euo pipefail

service=nats
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
base="$(absolute_path "${NATS_SERVICE_DIR:-$root/.services/nats}")"
start_timeout_s="${NATS_START_TIMEOUT_S:-30}"

nodes=(standalone n1 n2 n3)
declare -A address=([standalone]=127.0.0.1 [n1]=127.0.0.2 [n2]=127.0.0.3 [n3]=127.0.0.4)

config_of() { echo "$base/$1/nats.conf"; }
pidfile_of() { echo "$base/$1/nats.pid"; }

# True when $2 is a live nats-server of node $1's config (not a zombie, not a reused pid).
is_our_server() {
  alive_pid "$2" && [[ "$(command_line "$2")" == *"nats-server -c $(config_of "$1") "* ]]
}

# The pid of node $1's server, found through its pid file or, failing that, its command line.
server_pid() { member_pid "$(pidfile_of "$1")" is_our_server "$1"; }

ensure_installed() {
  command -v nats-server >/dev/null 2>&1 && return 0
  log "installing nats-server (apt-get)"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y nats-server >/dev/null 2>&1; then
    apt-get update >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y nats-server >/dev/null
  fi
}

accounts_block() {
  cat <<EOF
accounts {
  APP: { jetstream: enabled, users: [ { user: app, password: app-secret } ] }
  TEAM_A: { jetstream: enabled, users: [ { user: team-a, password: team-a-secret } ] }
  TEAM_B: { jetstream: enabled, users: [ { user: team-b, password: team-b-secret } ] }
  SYS: { users: [ { user: sys, password: sys-secret } ] }
}
system_account: SYS
EOF
}

write_config() {
  local node="$1" ip="${address[$1]}" dir="$base/$1"
  mkdir -p "$dir/store"
  if [ "$node" = standalone ]; then
    cat >"$(config_of "$node")" <<EOF
# Written by scripts/services/nats.sh. Standalone server; clients without credentials are user app (account APP).
server_name: standalone
listen: $ip:4222
http: $ip:8222
pid_file: "$(pidfile_of "$node")"
log_file: "$dir/nats.log"
jetstream { store_dir: "$dir/store", max_memory_store: 64MB, max_file_store: 512MB }
$(accounts_block)
no_auth_user: app
EOF
    return
  fi
  cat >"$(config_of "$node")" <<EOF
# Written by scripts/services/nats.sh. Node $node of the three-node test cluster (loopback only).
server_name: $node
listen: $ip:4222
http: $ip:8222
pid_file: "$(pidfile_of "$node")"
log_file: "$dir/nats.log"
jetstream { store_dir: "$dir/store", max_memory_store: 64MB, max_file_store: 512MB }
cluster {
  name: scalerkit
  listen: $ip:6222
  routes: [ nats-route://${address[n1]}:6222, nats-route://${address[n2]}:6222, nats-route://${address[n3]}:6222 ]
}
$(accounts_block)
EOF
}

healthy() {
  [ "$(curl -s --max-time 1 "http://${address[$1]}:8222/healthz" 2>/dev/null)" = '{"status":"ok"}' ]
}

start_node() {
  local node="$1" pid
  if pid="$(server_pid "$node")"; then return 0; fi
  write_config "$node"
  setsid nats-server -c "$(config_of "$node")" </dev/null >>"$base/$node/stdout.log" 2>&1 &
}

wait_healthy() {
  local started=$SECONDS node
  for node in "$@"; do
    await_ready "$started" "$start_timeout_s" 0.1 true healthy "$node" || {
      log "$node did not answer http://${address[$node]}:8222/healthz within ${start_timeout_s}s; see $base/$node/nats.log" >&2
      tail -n 20 "$base/$node/nats.log" >&2 2>/dev/null || true
      return 1
    }
  done
}

stop_node() {
  local node="$1" pid
  pid="$(server_pid "$node")" || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    is_our_server "$node" "$pid" || { rm -f "$(pidfile_of "$node")"; return 0; }
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$(pidfile_of "$node")"
}

selected() {
  case "${1:-all}" in
    all) echo "${nodes[@]}" ;;
    standalone) echo standalone ;;
    cluster) echo n1 n2 n3 ;;
    *) echo "usage: $0 up|down [standalone|cluster]" >&2; exit 2 ;;
  esac
}

where() {
  local node pid
  for node in "$@"; do
    pid="$(server_pid "$node" || echo '-')"
    if [ "$node" = standalone ]; then
      log "standalone: client nats://127.0.0.1:4222 (NATS_URL), monitoring http://127.0.0.1:8222 (NATS_MONITORING_ENDPOINT), pid $pid"
    else
      log "cluster $node: client nats://${address[$node]}:4222, monitoring http://${address[$node]}:8222, routes ${address[$node]}:6222, pid $pid"
    fi
  done
  log "accounts: APP (app/app-secret; the default user of the standalone server), TEAM_A (team-a/team-a-secret), TEAM_B (team-b/team-b-secret), SYS (sys/sys-secret)"
  log "state and logs in $base"
}

up() {
  local started=$SECONDS node
  read -r -a chosen <<<"$(selected "${1:-all}")"
  ensure_installed
  for node in "${chosen[@]}"; do start_node "$node"; done
  wait_healthy "${chosen[@]}"
  log "ready in $((SECONDS - started))s ($(nats-server --version))"
  where "${chosen[@]}"
}

down() {
  local node
  read -r -a chosen <<<"$(selected "${1:-all}")"
  for node in "${chosen[@]}"; do stop_node "$node"; done
  log "stopped ${chosen[*]}"
}

status() {
  local node missing=0 running=()
  for node in "${nodes[@]}"; do
    if server_pid "$node" >/dev/null && healthy "$node"; then running+=("$node"); else missing=1; fi
  done
  if [ ${#running[@]} -gt 0 ]; then where "${running[@]}"; fi
  if [ "$missing" = 1 ]; then
    log "not running: $(for node in "${nodes[@]}"; do [[ " ${running[*]} " == *" $node "* ]] || printf '%s ' "$node"; done)"
    return 1
  fi
  log "running"
}

case "${1:-}" in
  up) up "${2:-all}" ;;
  down) down "${2:-all}" ;;
  status) status ;;
  stop-node)
    case "${2:-}" in n1 | n2 | n3) stop_node "$2" && log "stopped $2" ;; *) echo "usage: $0 stop-node n1|n2|n3" >&2; exit 2 ;; esac
    ;;
  *)
    echo "usage: $0 up|down [standalone|cluster] | status | stop-node n1|n2|n3" >&2
    exit 2
    ;;
esac
