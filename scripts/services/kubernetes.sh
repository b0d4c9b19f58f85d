#!/usr/bin/env bash
# A real Kubernetes API server for the @scalerkit/kubernetes tests: kube-apiserver, kube-controller-manager and
# etcd, built from their Go modules (scripts/services/kubernetes/go.mod: k8s.io/kubernetes v1.34.4, etcd v3.6.4),
# run on loopback with a generated CA, serving certificate, admin token and service-account keys, with KEDA's
# CRDs (keda.sh/v1alpha1 ScaledObject, ScaledJob, TriggerAuthentication, ClusterTriggerAuthentication, from
# KEDA v2.21.0's Go module) installed and Established.
#
#   scripts/services/kubernetes.sh build    build the binaries if needed (cached; prints their directory last)
#   scripts/services/kubernetes.sh up       build if needed, start etcd, the API server and the controller
#                                           manager, install the CRDs, write the kubeconfig, wait for /readyz
#   scripts/services/kubernetes.sh down
#   scripts/services/kubernetes.sh status
#
# Endpoints (loopback only): API server https://127.0.0.1:6443 [KUBERNETES_SERVICE_PORT_TEST=6443],
# etcd http://127.0.0.1:2379 (peer 2380) [KUBERNETES_ETCD_PORT=2379, KUBERNETES_ETCD_PEER_PORT=2380],
# controller manager's secure port 127.0.0.1:10257 [KUBERNETES_CONTROLLER_MANAGER_PORT=10257].
# Kubeconfig (user `admin`, a static token in group system:masters): .services/kubernetes/kubeconfig
# [KUBERNETES_SERVICE_DIR=.services/kubernetes]. The state (etcd data, certificates, logs) lives in the same
# directory; `down` keeps it, so a restart keeps the objects.
#
# The build: a cold build compiles kube-apiserver (~580 s of CPU), kube-controller-manager (~120 s more) and
# etcd (~20 s), about 12-25 minutes wall on 2 shared cores, ~160 MB of module downloads, and peaks at ~2.1 GB
# of memory. The binaries are cached under ~/.cache/scalerkit/kubernetes/bin/<key> [KUBERNETES_BUILD_CACHE],
# the key a hash of the Go version, go.mod, go.sum and the link flags; concurrent builds wait for each other
# (flock). KUBERNETES_BUILD_NICE (default 10) and KUBERNETES_BUILD_PARALLEL (go build -p; default: the cores).
# `up` first waits for a build that is already running (e.g. the one .ci/run starts in the background).
set -euo pipefail

service=kubernetes
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
base="$(absolute_path "${KUBERNETES_SERVICE_DIR:-$root/.services/kubernetes}")"
start_timeout_s="${KUBERNETES_START_TIMEOUT_S:-90}"
api_port="${KUBERNETES_SERVICE_PORT_TEST:-6443}"
etcd_port="${KUBERNETES_ETCD_PORT:-2379}"
etcd_peer_port="${KUBERNETES_ETCD_PEER_PORT:-2380}"
kcm_port="${KUBERNETES_CONTROLLER_MANAGER_PORT:-10257}"
module_dir="$here/kubernetes"
cache="${KUBERNETES_BUILD_CACHE:-$HOME/.cache/scalerkit/kubernetes}"
kubernetes_version=v1.34.4
keda_version=v2.21.0
components=(etcd kube-apiserver kube-controller-manager)

# ---------------------------------------------------------------------------------------------------- build --

ldflags() {
  local prefix=k8s.io/component-base/version
  # Without these the server reports v0.0.0-master+$Format:%H$, which clients fail to parse.
  echo "-s -w -X $prefix.gitVersion=$kubernetes_version -X $prefix.gitMajor=1 -X $prefix.gitMinor=34" \
    "-X $prefix.gitTreeState=clean -X $prefix.buildDate=1970-01-01T00:00:00Z"
}

build_key() {
  {
    go version
    cat "$module_dir/go.mod" "$module_dir/go.sum"
    ldflags
  } | sha256sum | cut -c1-16
}

bin_dir() { echo "$cache/bin/$(build_key)"; }

built() {
  local dir="$1" component
  for component in "${components[@]}"; do [ -x "$dir/$component" ] || return 1; done
}

require_go() {
  command -v go >/dev/null 2>&1 && return 0
  log "Go is not installed (the API server, controller manager and etcd are built from their Go modules; needs Go >= 1.24)" >&2
  exit 1
}

build() {
  local dir started times_file wall user system max_rss_kb
  require_go
  dir="$(bin_dir)"
  if built "$dir"; then
    log "binaries up to date (cached in $dir)" >&2
    echo "$dir"
    return 0
  fi
  mkdir -p "$dir" "$cache/go-build"
  exec 8>"$cache/build.lock"
  log "waiting for any other build of the Kubernetes binaries to finish" >&2
  flock 8
  if built "$dir"; then echo "$dir"; exec 8>&-; return 0; fi
  log "building kube-apiserver, kube-controller-manager and etcd (cold: ~720 s of CPU, 12-25 min on 2 shared cores; log: $dir/build.log)" >&2
  started=$SECONDS
  times_file="$dir/build.times"
  rm -rf "$dir/partial"
  mkdir -p "$dir/partial"
  (
    cd "$module_dir"
    export GOCACHE="$cache/go-build" GOFLAGS="-mod=readonly -buildvcs=false" CGO_ENABLED=0
    go mod download
    /usr/bin/time -f '%e %U %S %M' -o "$times_file" \
      nice -n "${KUBERNETES_BUILD_NICE:-10}" go build -p "${KUBERNETES_BUILD_PARALLEL:-$(nproc)}" -trimpath \
      -ldflags "$(ldflags)" -o "$dir/partial/" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager go.etcd.io/etcd/server/v3
  ) >"$dir/build.log" 2>&1 || {
    log "build failed; last lines of $dir/build.log:" >&2
    tail -n 20 "$dir/build.log" >&2
    exit 1
  }
  # go build names a main package by its import path's last element before the major version: server.
  mv "$dir/partial/server" "$dir/etcd"
  mv "$dir/partial/kube-apiserver" "$dir/partial/kube-controller-manager" "$dir/"
  rmdir "$dir/partial"
  read -r wall user system max_rss_kb <"$times_file"
  printf '{"wallSeconds":%s,"userSeconds":%s,"systemSeconds":%s,"maxRssKilobytes":%s,"parallel":%s,"builtAt":"%s","goVersion":"%s"}\n' \
    "$wall" "$user" "$system" "$max_rss_kb" "${KUBERNETES_BUILD_PARALLEL:-$(nproc)}" "$(date -u +%FT%TZ)" \
    "$(go env GOVERSION)" >"$dir/build.json"
  log "built in $((SECONDS - started)) s wall, $user s user + $system s system CPU" >&2
  exec 8>&-
  echo "$dir"
}

# ------------------------------------------------------------------------------------------------ processes --

pki="$base/pki"
kubeconfig="$base/kubeconfig"
kcm_kubeconfig="$base/controller-manager.kubeconfig"
api="https://127.0.0.1:$api_port"

pidfile_of() { echo "$base/$1.pid"; }
logfile_of() { echo "$base/$1.log"; }

# True when $2 is a live $1 of this state directory: its command line runs a binary named $1 with a flag that
# points into $base (so a reused pid or another checkout's server is not ours).
is_component() {
  local line
  alive_pid "$2" || return 1
  line="$(command_line "$2")"
  [[ "$line" == */"$1 "* && "$line" == *"$base/"* ]]
}

component_pid() { member_pid "$(pidfile_of "$1")" is_component "$1"; }

admin_token() { cut -d, -f1 <"$pki/tokens.csv" | head -n 1; }

# curl against the API server as the admin, the CA verified; extra arguments are curl's.
api_curl() {
  curl -sS --max-time 10 --cacert "$pki/ca.pem" -H "Authorization: Bearer $(admin_token)" "$@"
}

etcd_healthy() { curl -s --max-time 2 "http://127.0.0.1:$etcd_port/health" 2>/dev/null | grep -q '"health":"true"'; }
apiserver_ready() { [ "$(api_curl "$api/readyz" 2>/dev/null)" = ok ]; }
controller_manager_healthy() { [ "$(curl -sk --max-time 2 "https://127.0.0.1:$kcm_port/healthz" 2>/dev/null)" = ok ]; }

# ------------------------------------------------------------------------------------------------------ pki --

# A throwaway CA, the API server's serving certificate (loopback and the in-cluster names), the
# service-account signing key pair and the static tokens. Generated once; a partial set is generated anew.
make_pki() {
  local file missing="" work status
  for file in ca.pem ca.key apiserver.pem apiserver.key service-account.key service-account.pub tokens.csv; do
    [ -s "$pki/$file" ] || missing=1
  done
  [ -z "$missing" ] && return 0
  command -v openssl >/dev/null 2>&1 || apt_install openssl
  log "generating a throwaway CA, the serving certificate, service-account keys and tokens in $pki"
  mkdir -p "$base"
  work="$(mktemp -d "$base/pki.XXXXXX")"
  set +e
  (
    set -e
    cd "$work"
    local days=3650 ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
    openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.pem -days "$days" -subj "/CN=scalerkit test kubernetes CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature"
    openssl req "${ec[@]}" -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver"
    printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyAgreement" \
      "extendedKeyUsage=serverAuth" \
      "subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.0.0.1" \
      >apiserver.ext
    openssl x509 -req -in apiserver.csr -CA ca.pem -CAkey ca.key -set_serial "0x$(openssl rand -hex 8)" \
      -days "$days" -extfile apiserver.ext -out apiserver.pem
    openssl genrsa -out service-account.key 2048
    openssl rsa -in service-account.key -pubout -out service-account.pub
    # token,user,uid,"group": the admin (tests, the CRD installation) and the controller manager.
    printf '%s,admin,admin,"system:masters"\n%s,system:kube-controller-manager,kube-controller-manager,"system:masters"\n' \
      "$(openssl rand -hex 24)" "$(openssl rand -hex 24)" >tokens.csv
    rm -f ./*.csr ./*.ext
    chmod 600 ./*.key tokens.csv
  ) >"$base/pki.log" 2>&1
  status=$?
  set -e
  if [ "$status" -ne 0 ]; then
    log "openssl failed; last lines of $base/pki.log:" >&2
    tail -n 20 "$base/pki.log" >&2
    rm -rf "$work"
    exit 1
  fi
  rm -rf "$pki"
  mv "$work" "$pki"
}

# write_kubeconfig <file> <user> <token>
write_kubeconfig() {
  cat >"$1.partial" <<EOF
# Written by scripts/services/kubernetes.sh: the loopback test API server (user $2, a static token).
apiVersion: v1
kind: Config
clusters:
  - name: scalerkit-test
    cluster:
      server: $api
      certificate-authority-data: $(base64 -w0 <"$pki/ca.pem")
users:
  - name: $2
    user:
      token: $3
contexts:
  - name: scalerkit-test
    context:
      cluster: scalerkit-test
      user: $2
      namespace: default
current-context: scalerkit-test
EOF
  chmod 600 "$1.partial"
  mv "$1.partial" "$1"
}

# ----------------------------------------------------------------------------------------------------- start --

# start_component <name> <binary> <arguments...>: detached, its own pid and log files.
start_component() {
  local component="$1"
  shift
  pidfile="$(pidfile_of "$component")"
  logfile="$(logfile_of "$component")"
  start_detached "scalerkit-$component" "$@"
}

# await_component <name> <ready command...>: fails with the log's last lines when it exits or is not ready.
await_component() {
  local component="$1" outcome=0
  shift
  awaited="$component"
  await_ready "$started" "$start_timeout_s" 0.25 awaited_alive "$@" || outcome=$?
  [ "$outcome" -eq 0 ] && return 0
  if [ "$outcome" -eq 1 ]; then
    log "$component exited during start-up; last lines of $(logfile_of "$component"):" >&2
  else
    log "$component not ready after ${start_timeout_s}s; last lines of $(logfile_of "$component"):" >&2
  fi
  tail -n 30 "$(logfile_of "$component")" >&2 || true
  exit 1
}

awaited_alive() { component_pid "$awaited" >/dev/null; }

start_etcd() {
  component_pid etcd >/dev/null && return 0
  require_free_ports "KUBERNETES_ETCD_PORT and KUBERNETES_ETCD_PEER_PORT" "$etcd_port" "$etcd_peer_port"
  mkdir -p "$base/etcd"
  # --unsafe-no-fsync: test data on loopback, written often (leases, status); durability is not needed.
  start_component etcd "$bin/etcd" --name scalerkit --data-dir "$base/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster "scalerkit=http://127.0.0.1:$etcd_peer_port" --unsafe-no-fsync --log-level warn
}

start_apiserver() {
  component_pid kube-apiserver >/dev/null && return 0
  require_free_ports KUBERNETES_SERVICE_PORT_TEST "$api_port"
  start_component kube-apiserver "$bin/kube-apiserver" --bind-address=127.0.0.1 --advertise-address=127.0.0.1 \
    --secure-port="$api_port" --etcd-servers="http://127.0.0.1:$etcd_port" \
    --tls-cert-file="$pki/apiserver.pem" --tls-private-key-file="$pki/apiserver.key" \
    --client-ca-file="$pki/ca.pem" --token-auth-file="$pki/tokens.csv" --authorization-mode=RBAC \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$pki/service-account.pub" \
    --service-account-signing-key-file="$pki/service-account.key" \
    --service-cluster-ip-range=10.0.0.0/24 --profiling=false
}

start_controller_manager() {
  component_pid kube-controller-manager >/dev/null && return 0
  require_free_ports KUBERNETES_CONTROLLER_MANAGER_PORT "$kcm_port"
  # One instance: no leader election. It keeps Deployments' ReplicaSets and status current, creates the
  # namespaces' default ServiceAccounts and runs the Job controller; Pods stay Pending (no scheduler, no kubelet).
  start_component kube-controller-manager "$bin/kube-controller-manager" --kubeconfig="$kcm_kubeconfig" \
    --authentication-kubeconfig="$kcm_kubeconfig" --authorization-kubeconfig="$kcm_kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$kcm_port" --leader-elect=false \
    --service-account-private-key-file="$pki/service-account.key" --root-ca-file="$pki/ca.pem" \
    --cluster-signing-cert-file="$pki/ca.pem" --cluster-signing-key-file="$pki/ca.key" --profiling=false
}

keda_crd_dir() {
  local dir
  dir="$(go env GOMODCACHE)/github.com/kedacore/keda/v2@$keda_version/config/crd/bases"
  if [ ! -d "$dir" ]; then
    log "downloading KEDA $keda_version's Go module for its CRDs" >&2
    # Outside any module, so that no go.mod or go.sum is touched.
    (cd "$(mktemp -d)" && GOFLAGS= go mod download "github.com/kedacore/keda/v2@$keda_version") >&2
  fi
  echo "$dir"
}

crd_resources=(scaledobjects scaledjobs triggerauthentications clustertriggerauthentications)

# Server-side apply of KEDA's four keda.sh CRDs (create or update: idempotent), then waits until each is
# Established and its resources answer (a new CRD's storage answers 429 for about a second).
install_crds() {
  local dir resource name code
  dir="$(keda_crd_dir)"
  for resource in "${crd_resources[@]}"; do
    name="$resource.keda.sh"
    code="$(api_curl -o "$base/crd-apply.out" -w '%{http_code}' -X PATCH \
      -H 'Content-Type: application/apply-patch+yaml' --data-binary "@$dir/keda.sh_$resource.yaml" \
      "$api/apis/apiextensions.k8s.io/v1/customresourcedefinitions/$name?fieldManager=scalerkit-services&force=true")"
    if [ "$code" != 200 ] && [ "$code" != 201 ]; then
      log "installing the CRD $name failed (HTTP $code):" >&2
      head -c 2000 "$base/crd-apply.out" >&2
      exit 1
    fi
  done
  rm -f "$base/crd-apply.out"
  for resource in "${crd_resources[@]}"; do
    await_ready "$started" "$start_timeout_s" 0.25 true crd_established "$resource.keda.sh" || {
      log "the CRD $resource.keda.sh is not Established after ${start_timeout_s}s" >&2
      exit 1
    }
    await_ready "$started" "$start_timeout_s" 0.25 true crd_serves "$resource" || {
      log "keda.sh/v1alpha1 $resource does not answer a list after ${start_timeout_s}s" >&2
      exit 1
    }
  done
}

crd_established() {
  api_curl "$api/apis/apiextensions.k8s.io/v1/customresourcedefinitions/$1" 2>/dev/null | node -e '
    let text = "";
    process.stdin.on("data", (d) => (text += d)).on("end", () => {
      try {
        const conditions = JSON.parse(text).status?.conditions ?? [];
        process.exit(conditions.some((c) => c.type === "Established" && c.status === "True") ? 0 : 1);
      } catch {
        process.exit(1);
      }
    });'
}

crd_serves() {
  [ "$(api_curl -o /dev/null -w '%{http_code}' "$api/apis/keda.sh/v1alpha1/$1?limit=1" 2>/dev/null)" = 200 ]
}

where() {
  local component
  for component in "${components[@]}"; do
    log "$component: pid $(component_pid "$component" || echo '-'), log $(logfile_of "$component")"
  done
  log "API server $api (Kubernetes $kubernetes_version), etcd http://127.0.0.1:$etcd_port"
  log "kubeconfig $kubeconfig (user admin, group system:masters): KUBECONFIG=$kubeconfig"
}

up() {
  local started
  mkdir -p "$base"
  bin="$(build)"
  started=$SECONDS
  make_pki
  write_kubeconfig "$kcm_kubeconfig" system:kube-controller-manager "$(sed -n 2p "$pki/tokens.csv" | cut -d, -f1)"
  start_etcd
  await_component etcd etcd_healthy
  start_apiserver
  await_component kube-apiserver apiserver_ready
  start_controller_manager
  install_crds
  await_component kube-controller-manager controller_manager_healthy
  write_kubeconfig "$kubeconfig" admin "$(admin_token)"
  log "ready in $((SECONDS - started))s"
  where
}

stopping=""
is_ours() { is_component "$stopping" "$1"; }

down() {
  local component pid stopped=""
  for component in kube-controller-manager kube-apiserver etcd; do
    stopping="$component"
    while pid="$(component_pid "$component")"; do
      stop_pid "$pid" || exit 1
      stopped="${stopped:+$stopped, }$component $pid"
    done
    rm -f "$(pidfile_of "$component")"
  done
  if [ -n "$stopped" ]; then log "stopped ($stopped)"; else log "not running"; fi
}

status() {
  local component missing=""
  for component in "${components[@]}"; do
    component_pid "$component" >/dev/null || missing="${missing:+$missing }$component"
  done
  if [ -z "$missing" ] && [ -s "$pki/tokens.csv" ] && apiserver_ready; then
    log "running"
    where
    return 0
  fi
  log "not running${missing:+ (not running: $missing)}"
  return 1
}

case "${1:-}" in
  build) build ;;
  up) up ;;
  down) down ;;
  status) status ;;
  *)
    echo "usage: $0 build|up|down|status" >&2
    exit 2
    ;;
esac
