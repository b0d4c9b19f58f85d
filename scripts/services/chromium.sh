#!/usr/bin/env bash
# Headless Chromium for the chart browser test (packages/testing/src/svg-browser.int.test.ts).
#
#   scripts/services/chromium.sh up|down|status
#
# `up` installs Debian's chromium package once (apt) and checks that it starts headless. Nothing keeps
# running: the test launches its own browser through playwright-core with CHROMIUM_PATH
# (default /usr/bin/chromium). Idempotent.
set -euo pipefail

service=chromium
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
binary="${CHROMIUM_PATH:-/usr/bin/chromium}"

installed() { [ -x "$binary" ]; }

case "${1:-}" in
  up)
    installed || apt_install chromium
    installed || { log "not found at $binary after install" >&2; exit 1; }
    # A headless start that prints the version proves the shared libraries are in place.
    version="$("$binary" --headless --no-sandbox --disable-gpu --version 2>/dev/null || true)"
    [ -n "$version" ] || { log "$binary does not start" >&2; exit 1; }
    log "ready: $version at $binary (CHROMIUM_PATH)"
    ;;
  down)
    log "nothing to stop (the test starts and stops its own browser)"
    ;;
  status)
    if installed; then log "installed at $binary"; else log "not installed (run scripts/services/chromium.sh up)"; fi
    ;;
  *)
    echo "usage: $0 up|down|status" >&2
    exit 2
    ;;
esac
