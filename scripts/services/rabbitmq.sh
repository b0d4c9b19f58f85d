#!/usr/bin/env bash
# RabbitMQ for the integration tests: Debian's rabbitmq-server with the management plugin, loopback only.
#
#   scripts/services/rabbitmq.sh up|down|status
#
# `up` installs rabbitmq-server from apt when it is missing, writes a private configuration under
# .services/rabbitmq (data, logs, TLS material), starts one node and waits until AMQP, AMQPS, the management API
# and its HTTPS listener answer; then it creates the test user and vhost (idempotent). A running node is left
# alone. Listeners (override the ports with the env vars in brackets):
#   AMQP             127.0.0.1:5672   [RABBITMQ_AMQP_PORT]        -> tests read RABBITMQ_AMQP_URL
#   AMQPS            127.0.0.1:5671   [RABBITMQ_AMQPS_PORT]       -> RABBITMQ_AMQPS_URL (client certificate optional)
#   management HTTP  127.0.0.1:15672  [RABBITMQ_MANAGEMENT_PORT]  -> RABBITMQ_MANAGEMENT_URL
#   management HTTPS 127.0.0.1:15671  [RABBITMQ_MANAGEMENT_TLS_PORT] -> RABBITMQ_MANAGEMENT_TLS_URL
#   distribution     127.0.0.1:25672  [RABBITMQ_DIST_PORT] (internal; epmd on 127.0.0.1/::1:4369)
# Test credentials (fixed; loopback only): RABBITMQ_USERNAME=scaler RABBITMQ_PASSWORD=scaler-secret, tagged
# administrator, with full permissions on "/" and on the vhost RABBITMQ_VHOST=scalerkit-test. guest/guest works too.
# Queue statistics refresh every 500 ms (collect_statistics_interval) and rates are sampled every second, so the
# management API follows quickly.
# AMQPS also accepts SASL EXTERNAL: a client certificate with CN=<user> logs in as that user.
# TLS material (throwaway, generated once with openssl) in .services/rabbitmq/tls [RABBITMQ_TLS_DIR]: ca.pem,
# client.pem/client.key (signed by the CA), client-encrypted.key (password RABBITMQ_TLS_KEY_PASSWORD=client-key-secret),
# other-ca.pem (an unrelated CA). The server certificate is for localhost and 127.0.0.1.
# The node is recognised by its pid file and its command line (beam with this directory's configuration), so a stale
# pid file or a reused pid is handled.
set -euo pipefail

service=rabbitmq
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
base="$(absolute_path "${RABBITMQ_SERVICE_DIR:-$root/.services/rabbitmq}")"
amqp_port="${RABBITMQ_AMQP_PORT:-5672}"
amqps_port="${RABBITMQ_AMQPS_PORT:-5671}"
management_port="${RABBITMQ_MANAGEMENT_PORT:-15672}"
management_tls_port="${RABBITMQ_MANAGEMENT_TLS_PORT:-15671}"
dist_port="${RABBITMQ_DIST_PORT:-25672}"
username="${RABBITMQ_USERNAME:-scaler}"
password="${RABBITMQ_PASSWORD:-scaler-secret}"
vhost="${RABBITMQ_VHOST:-scalerkit-test}"
tls_dir="$(absolute_path "${RABBITMQ_TLS_DIR:-$base/tls}")"
tls_key_password="${RABBITMQ_TLS_KEY_PASSWORD:-client-key-secret}"
start_timeout_s="${RABBITMQ_START_TIMEOUT_S:-90}"
pidfile="$base/rabbit.pid"
conf="$base/rabbitmq.conf"
logdir="$base/log"
nodename="rabbit@localhost"
log_name="its log"

# The environment every rabbitmq-server / rabbitmqctl call needs (paths absolute: the Debian wrapper cds away).
node_env() {
  export RABBITMQ_NODENAME="$nodename" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$amqp_port" \
    RABBITMQ_DIST_PORT="$dist_port" ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_CONFIG_FILE="$conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$base/enabled_plugins" RABBITMQ_MNESIA_BASE="$base/mnesia" \
    RABBITMQ_LOG_BASE="$logdir" RABBITMQ_PID_FILE="$pidfile" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

# True when $1 is a live beam of this directory's node (not a zombie, not a reused pid).
is_ours() {
  alive_pid "$1" && [ -r "/proc/$1/environ" ] &&
    tr '\0' '\n' 2>/dev/null <"/proc/$1/environ" | grep -qxF "RABBITMQ_CONFIG_FILE=$conf"
}

last_log_lines() {
  tail -n 30 "$logdir"/*.log >&2 2>/dev/null || true
}

api() {
  # $1 method, $2 path, $3 optional JSON body; guest works on loopback.
  local args=(-sS -o /dev/null -w '%{http_code}' --max-time 5 -u guest:guest -X "$1"
    "http://127.0.0.1:$management_port$2")
  [ $# -ge 3 ] && args+=(-H 'content-type: application/json' --data "$3")
  curl "${args[@]}"
}

management_ready() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -u guest:guest \
    "http://127.0.0.1:$management_port/api/overview" 2>/dev/null)" = "200" ]
}

where() {
  log "AMQP amqp://$username:***@127.0.0.1:$amqp_port (RABBITMQ_AMQP_URL), AMQPS 127.0.0.1:$amqps_port (RABBITMQ_AMQPS_URL), management http://127.0.0.1:$management_port (RABBITMQ_MANAGEMENT_URL), https://127.0.0.1:$management_tls_port (RABBITMQ_MANAGEMENT_TLS_URL)"
  log "user $username (RABBITMQ_USERNAME/RABBITMQ_PASSWORD, administrator), vhost $vhost (RABBITMQ_VHOST), pid $(pid_from_file), logs $logdir"
  log "TLS files in $tls_dir (RABBITMQ_TLS_DIR): ca.pem, client.pem, client.key, client-encrypted.key (password RABBITMQ_TLS_KEY_PASSWORD), other-ca.pem"
}

ensure_installed() {
  local missing=()
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then apt_install -oDPkg::Lock::Timeout=300 "${missing[@]}"; fi
}

write_config() {
  mkdir -p "$base/mnesia" "$logdir"
  cat >"$conf" <<EOF
# Generated by scripts/services/rabbitmq.sh: one node, loopback only, statistics every 500 ms for fast tests.
listeners.tcp.1 = 127.0.0.1:$amqp_port
listeners.ssl.1 = 127.0.0.1:$amqps_port
ssl_options.cacertfile = $tls_dir/ca.pem
ssl_options.certfile = $tls_dir/server.pem
ssl_options.keyfile = $tls_dir/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = false
management.tcp.ip = 127.0.0.1
management.tcp.port = $management_port
management.ssl.ip = 127.0.0.1
management.ssl.port = $management_tls_port
management.ssl.cacertfile = $tls_dir/ca.pem
management.ssl.certfile = $tls_dir/server.pem
management.ssl.keyfile = $tls_dir/server.key
collect_statistics_interval = 500
management.rates_mode = basic
# Rates (MessageRate, DeliverGetRate, ...) from samples taken every second instead of every 5 s.
management.sample_retention_policies.global.minute = 1
management.sample_retention_policies.basic.minute = 1
management.sample_retention_policies.detailed.10 = 1
loopback_users.guest = true
# SASL EXTERNAL over AMQPS: the client certificate's CN is the user name (the test client certificate is CN=$username).
auth_mechanisms.1 = PLAIN
auth_mechanisms.2 = AMQPLAIN
auth_mechanisms.3 = EXTERNAL
ssl_cert_login_from = common_name
log.console = false
log.file.level = warning
EOF
  echo '[rabbitmq_management,rabbitmq_auth_mechanism_ssl].' >"$base/enabled_plugins"
  # rabbitmq-server runs as the rabbitmq user (the Debian wrapper uses su).
  chown -R rabbitmq:rabbitmq "$base"
}

# The test user and vhost, through the management API (PUT is idempotent).
provision() {
  local status
  for request in \
    "PUT /api/users/$username {\"password\":\"$password\",\"tags\":\"administrator\"}" \
    "PUT /api/vhosts/$vhost {}" \
    "PUT /api/permissions/$vhost/$username {\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}" \
    "PUT /api/permissions/%2F/$username {\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}" \
    "PUT /api/permissions/$vhost/guest {\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}"; do
    read -r method path body <<<"$request"
    status="$(api "$method" "$path" "$body")"
    case "$status" in
      2??) ;;
      *)
        log "provisioning failed: $method $path answered $status" >&2
        exit 1
        ;;
    esac
  done
}

# epmd outlives the node; stop it when no Erlang node is registered with it any more (it only ever served ours).
stop_epmd() {
  command -v epmd >/dev/null 2>&1 || return 0
  local names
  names="$(ERL_EPMD_ADDRESS=127.0.0.1 epmd -names 2>/dev/null)" || return 0
  if ! grep -q '^name ' <<<"$names"; then
    ERL_EPMD_ADDRESS=127.0.0.1 epmd -kill >/dev/null 2>&1 || true
  fi
}

node_ready() {
  running && port_open "$amqp_port" && port_open "$amqps_port" && port_open "$management_tls_port" && management_ready
}

up() {
  if already_running; then return 0; fi
  remove_stale_pidfile "this node"
  require_free_ports RABBITMQ_AMQP_PORT/RABBITMQ_AMQPS_PORT/RABBITMQ_MANAGEMENT_PORT/RABBITMQ_MANAGEMENT_TLS_PORT/RABBITMQ_DIST_PORT \
    "$amqp_port" "$amqps_port" "$management_port" "$management_tls_port" "$dist_port"
  ensure_installed
  make_test_tls server "scalerkit rabbitmq test CA" "$username" 640
  # A fresh node every time: no queues left over from earlier runs.
  rm -rf "$base/mnesia"
  write_config
  local started=$SECONDS
  node_env
  # -detached daemonises the node and returns; the pid file is written by the node itself.
  if ! /usr/sbin/rabbitmq-server -detached >"$base/start.log" 2>&1; then
    log "rabbitmq-server -detached failed:" >&2
    tail -n 20 "$base/start.log" >&2
    exit 1
  fi
  await_started "the node" running_or_starting 0.25 node_ready
  provision
  log "started in $((SECONDS - started))s"
  where
}

down() {
  stop_recorded
  stop_epmd
  report_stopped
}

status() {
  if running && management_ready; then
    log "running"
    where
  elif running; then
    log "running (pid $(pid_from_file)) but the management API does not answer"
    return 1
  else
    log "not running"
    return 1
  fi
}

run_command "${1:-}"
