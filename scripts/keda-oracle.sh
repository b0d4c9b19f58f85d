#!/usr/bin/env bash
# Builds and locates tools/keda-oracle: KEDA v2.21.0's own scalers as a JSON oracle (test equipment,
# not product). The binary is cached under a key made from the Go version and the oracle's
# go.mod, go.sum and sources, so a second `build` is instant; the Go build cache sits beside it.
#
#   bash scripts/keda-oracle.sh build    build if needed; prints the binary's path on the last line
#   bash scripts/keda-oracle.sh path     prints the binary's path if it is built (exit 1 if not)
#   bash scripts/keda-oracle.sh status   says whether the current sources are built, and the last build's timings
#   bash scripts/keda-oracle.sh clean    removes the cached binaries (keeps the Go build cache)
#
# Environment: KEDA_ORACLE_CACHE (default ~/.cache/scalerkit/keda-oracle), GOMODCACHE (Go's default),
# KEDA_ORACLE_NICE (default 10), KEDA_ORACLE_PARALLEL (go build -p; default: the number of cores; 1 keeps
# memory lowest). A cold build compiles ~2,100 Go packages: ~1,000 s of CPU (about 9-11 minutes on 2 idle
# cores; measured 39 minutes on 2 cores shared with other work), plus ~45 s to download the modules.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source_dir="$root/tools/keda-oracle"
cache="${KEDA_ORACLE_CACHE:-$HOME/.cache/scalerkit/keda-oracle}"

command -v go >/dev/null || { echo "keda-oracle: Go is not installed (needs Go >= 1.26; see tools/keda-oracle/README.md)" >&2; exit 1; }

key() {
  {
    go version
    cd "$source_dir" && cat go.mod go.sum && ls -1 *.go | sort | xargs cat
  } | sha256sum | cut -c1-16
}

binary_path() { echo "$cache/bin/$(key)/keda-oracle"; }

build() {
  local binary dir started finished
  binary="$(binary_path)"
  dir="$(dirname "$binary")"
  if [[ -x "$binary" ]]; then
    echo "keda-oracle: up to date (cached)" >&2
    echo "$binary"
    return 0
  fi
  mkdir -p "$dir" "$cache/go-build"
  exec 9>"$cache/build.lock"
  echo "keda-oracle: waiting for any other build of the oracle to finish" >&2
  flock 9
  if [[ -x "$binary" ]]; then echo "$binary"; return 0; fi
  echo "keda-oracle: building (a cold build compiles ~2,100 Go packages: ~1,000 s of CPU, 9-11 minutes on 2 idle cores; log: $dir/build.log)" >&2
  started=$(date +%s.%N)
  local times_file="$dir/build.times"
  (
    cd "$source_dir"
    export GOCACHE="$cache/go-build" GOFLAGS="-mod=readonly -buildvcs=false"
    /usr/bin/time -f '%e %U %S %M' -o "$times_file" \
      nice -n "${KEDA_ORACLE_NICE:-10}" go build -p "${KEDA_ORACLE_PARALLEL:-$(nproc)}" -trimpath -o "$binary.partial" .
  ) >"$dir/build.log" 2>&1 || { echo "keda-oracle: build failed; see $dir/build.log" >&2; tail -20 "$dir/build.log" >&2; exit 1; }
  mv "$binary.partial" "$binary"
  finished=$(date +%s.%N)
  read -r wall user system max_rss_kb <"$times_file"
  printf '{"wallSeconds":%s,"userSeconds":%s,"systemSeconds":%s,"maxRssKilobytes":%s,"parallel":%s,"builtAt":"%s","goVersion":"%s"}\n' \
    "$wall" "$user" "$system" "$max_rss_kb" "${KEDA_ORACLE_PARALLEL:-$(nproc)}" "$(date -u +%FT%TZ)" "$(go env GOVERSION)" >"$dir/build.json"
  echo "keda-oracle: built in $(awk -v s="$started" -v f="$finished" 'BEGIN{printf "%.0f", f-s}') s wall, $user s user + $system s system CPU" >&2
  echo "$binary"
}

case "${1:-build}" in
  build) build ;;
  path)
    binary="$(binary_path)"
    [[ -x "$binary" ]] || { echo "keda-oracle: not built for the current sources; run: bash scripts/keda-oracle.sh build" >&2; exit 1; }
    echo "$binary" ;;
  status)
    binary="$(binary_path)"
    if [[ -x "$binary" ]]; then echo "keda-oracle: built: $binary"; cat "$(dirname "$binary")/build.json" 2>/dev/null || true
    else echo "keda-oracle: not built for the current sources (cache: $cache)"; fi ;;
  clean) rm -rf "$cache/bin"; echo "keda-oracle: removed $cache/bin" ;;
  *) echo "usage: $0 build|path|status|clean" >&2; exit 2 ;;
esac
