# Helpers shared by the service scripts (scripts/services/<name>.sh), sourced, never run:
#
#   service=kafka
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Conventions the helpers rely on: `service` names the service (the prefix of every log line); a script with a
# background process sets `pidfile` (and `logfile`, `base`), defines `is_ours <pid>` (true when the pid is a live
# process of this service, recognised by its command line or environment), `where` (the lines printed once it
# runs) and `up`/`down`/`status`. up.sh, down.sh and status.sh skip this file.

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

log() { echo "$service: $*"; }

# $1 made absolute against the caller's cwd (state paths end up in command lines that recognise processes).
absolute_path() {
  case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Who listens on a loopback port, for the error message (best effort).
port_owner() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -n 1
}

# Exits 1 when one of the ports is taken, naming its owner and the variables ($1) that move the ports.
require_free_ports() {
  local variables="$1" port owner
  shift
  for port in "$@"; do
    if port_open "$port"; then
      owner="$(port_owner "$port")"
      log "127.0.0.1:$port is already taken by another process${owner:+ ($owner)}; stop it or set $variables" >&2
      exit 1
    fi
  done
}

# apt_install [apt-get install option...] package...: refreshes the package lists, then installs quietly.
# Options are the leading arguments that start with "-" (e.g. -oDPkg::Lock::Timeout=300).
apt_install() {
  local options=()
  while [ $# -gt 0 ] && [[ "$1" == -* ]]; do
    options+=("$1")
    shift
  done
  log "installing $* (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${options[@]}" "$@" >/dev/null
}

# True when $1 is a live process (not a zombie, not dead).
alive_pid() {
  local state
  [[ "$1" =~ ^[0-9]+$ ]] && [ -r "/proc/$1/status" ] || return 1
  state="$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null)" || return 1
  [ "$state" != "Z" ] && [ "$state" != "X" ]
}

# The command line of pid $1, arguments separated by spaces (with a trailing space). stderr is silenced before
# the file opens: a process that exits meanwhile is no error message.
command_line() {
  tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline"
}

pid_from_file() {
  [ -f "$pidfile" ] && tr -dc '0-9' <"$pidfile"
}

running() {
  is_ours "$(pid_from_file)"
}

# True while the process is running or has not written its pid file yet.
running_or_starting() {
  [ ! -s "$pidfile" ] || running
}

# For services of several processes (a cluster's nodes, an API server's components): the pid of member $3, read
# from pid file $1 when `$2 <member> <pid>` accepts it, else the first process that it accepts (a lost or stale pid
# file); fails when there is none.
member_pid() {
  local file="$1" accepts="$2" member="$3" pid="" entry
  [ -f "$file" ] && pid="$(tr -dc '0-9' <"$file")"
  if "$accepts" "$member" "$pid"; then echo "$pid"; return 0; fi
  for entry in /proc/[0-9]*; do
    pid="${entry#/proc/}"
    if "$accepts" "$member" "$pid"; then echo "$pid"; return 0; fi
  done
  return 1
}

# Processes of this service that the pid file does not name (left by a run whose pid file was lost).
orphans() {
  local known entry pid
  known="$(pid_from_file || true)"
  for entry in /proc/[0-9]*; do
    pid="${entry#/proc/}"
    [ "$pid" != "$known" ] && is_ours "$pid" && echo "$pid"
  done
  return 0
}

# Stops one process by pid: SIGTERM, up to $stop_grace_s (default 30) for a clean shutdown, then SIGKILL.
stop_pid() {
  local pid="$1" grace_s="${stop_grace_s:-30}"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((grace_s * 4))); do
    is_ours "$pid" || return 0
    sleep 0.25
  done
  log "pid $pid did not stop in ${grace_s}s; sending SIGKILL"
  kill -9 "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do
    is_ours "$pid" || return 0
    sleep 0.25
  done
  log "pid $pid is still running after SIGKILL" >&2
  return 1
}

# The start of `up`: true (after printing where it listens) when the service already runs.
already_running() {
  mkdir -p "$base"
  running || return 1
  log "already running"
  where
}

# Removes a pid file that names no process of this service ($1: what the service is, e.g. "this broker").
remove_stale_pidfile() {
  [ -f "$pidfile" ] || return 0
  log "removing a stale pid file (pid $(pid_from_file || true) is not $1)"
  rm -f "$pidfile"
}

# Stops the orphans ($1: what one is, e.g. "a broker"), adding their pids to $stopped.
stop_orphans() {
  local pid
  for pid in $(orphans); do
    log "stopping $1 left by a previous run without its pid file (pid $pid)"
    stop_pid "$pid" || exit 1
    stopped="${stopped:+$stopped }$pid"
  done
}

# Stops the process the pid file names and removes the pid file; $stopped is its pid (or empty).
stop_recorded() {
  local pid
  stopped=""
  if running; then
    pid="$(pid_from_file)"
    stop_pid "$pid" || exit 1
    stopped="$pid"
  fi
  rm -f "$pidfile"
}

report_stopped() {
  if [ -n "$stopped" ]; then log "stopped (pid $stopped)"; else log "not running"; fi
}

# Starts a command in its own session (it outlives this shell and is not hit by signals sent to the caller's
# process group), output appended to $logfile, and waits up to 10 s for its pid file. The pid is written from
# inside the new session, then bash execs the command: it is the command's pid even when setsid has to fork
# (which it does when started as a process group leader, e.g. under `set -m`). $1 names the session's bash.
start_detached() {
  local name="$1"
  shift
  rm -f "$pidfile"
  # shellcheck disable=SC2016 # expanded by the inner bash
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' "$name" "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null &
  for _ in $(seq 1 40); do
    [ -s "$pidfile" ] && break
    sleep 0.25
  done
}

# await_ready <started> <timeout_s> <interval_s> <alive command> <ready command...>: polls every interval.
# Returns 0 once the ready command succeeds, 1 when the alive command fails first, 2 when <timeout_s> seconds
# have passed since <started> (a $SECONDS value).
await_ready() {
  local started="$1" timeout_s="$2" interval_s="$3" alive="$4"
  shift 4
  while true; do
    "$alive" || return 1
    "$@" && return 0
    [ $((SECONDS - started)) -ge "$timeout_s" ] && return 2
    sleep "$interval_s"
  done
}

# The log's last lines, on stderr; a script whose log is not $logfile redefines it (and sets log_name).
last_log_lines() {
  tail -n 30 "$logfile" >&2
}

# await_started <who> <alive command> <interval_s> <ready command...>: await_ready for $start_timeout_s since
# $started. When the process dies first: "<who> exited during start-up", the log's last lines, the pid file
# removed, exit 1. After the deadline: "not ready after Ns", the log's last lines, `down`, exit 1.
await_started() {
  local who="$1" alive="$2" interval_s="$3" outcome=0
  shift 3
  await_ready "$started" "$start_timeout_s" "$interval_s" "$alive" "$@" || outcome=$?
  case "$outcome" in
    1)
      log "$who exited during start-up; last lines of ${log_name:-$logfile}:" >&2
      last_log_lines
      rm -f "$pidfile"
      exit 1
      ;;
    2)
      log "not ready after ${start_timeout_s}s; last lines of ${log_name:-$logfile}:" >&2
      last_log_lines
      down
      exit 1
      ;;
  esac
}

# The TLS files make_test_tls writes for a server named $1.
test_tls_files() {
  echo ca.pem ca.key "$1.pem" "$1.key" client.pem client.key client-encrypted.key other-ca.pem
}

# make_test_tls <server> <CA common name> <client common name> <key mode>: in $tls_dir, a throwaway self-signed
# CA, a server certificate <server>.pem/.key for localhost/127.0.0.1 and a client certificate, both signed by
# it, the client key once more encrypted (PKCS#8, AES-256, password $tls_key_password) and an unrelated CA.
# Generated once: nothing is regenerated while every file is present (a partial set is regenerated whole, so
# they match). Installs openssl when it is missing; on failure prints the end of $base/tls.log and exits 1.
make_test_tls() {
  local server="$1" missing="" file status work
  for file in $(test_tls_files "$server"); do [ -s "$tls_dir/$file" ] || missing=1; done
  [ -z "$missing" ] && return 0
  command -v openssl >/dev/null 2>&1 || apt_install openssl
  log "generating a throwaway CA, $server and client certificates in $tls_dir"
  mkdir -p "$base"
  work="$(mktemp -d "$base/tls.XXXXXX")"
  # errexit is ignored inside a condition, so the subshell runs outside one.
  set +e
  (
    set -e
    generate_test_tls "$work" "$@"
  ) >"$base/tls.log" 2>&1
  status=$?
  set -e
  if [ "$status" -ne 0 ]; then
    log "openssl failed; last lines of $base/tls.log:" >&2
    tail -n 20 "$base/tls.log" >&2
    rm -rf "$work"
    exit 1
  fi
  rm -rf "$tls_dir"
  mkdir -p "$(dirname "$tls_dir")"
  mv "$work" "$tls_dir"
}

generate_test_tls() {
  local dir="$1" server="$2" ca_name="$3" client_name="$4" key_mode="$5" days=3650
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
  cd "$dir"
  openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.pem -days "$days" -subj "/CN=$ca_name" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
  openssl req -x509 "${ec[@]}" -keyout other-ca.key -out other-ca.pem -days "$days" -subj "/CN=unrelated test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
  openssl req "${ec[@]}" -keyout "$server.key" -out "$server.csr" -subj "/CN=localhost"
  printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyAgreement" \
    "extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,IP:127.0.0.1" >"$server.ext"
  openssl x509 -req -in "$server.csr" -CA ca.pem -CAkey ca.key -set_serial "0x$(openssl rand -hex 8)" \
    -days "$days" -extfile "$server.ext" -out "$server.pem"
  openssl req "${ec[@]}" -keyout client.key -out client.csr -subj "/CN=$client_name"
  printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyAgreement" \
    "extendedKeyUsage=clientAuth" >client.ext
  openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -set_serial "0x$(openssl rand -hex 8)" \
    -days "$days" -extfile client.ext -out client.pem
  openssl pkcs8 -topk8 -in client.key -v2 aes-256-cbc -passout "pass:$tls_key_password" -out client-encrypted.key
  rm -f ./*.csr ./*.ext other-ca.key
  chmod "$key_mode" ./*.key
}

# The default `status` (a script may define its own after sourcing this file).
status() {
  if running; then
    log "running"
    where
  else
    log "not running"
    return 1
  fi
}

# The command dispatch of a script with up, down and status.
run_command() {
  case "${1:-}" in
    up) up ;;
    down) down ;;
    status) status ;;
    *)
      echo "usage: $0 up|down|status" >&2
      exit 2
      ;;
  esac
}
