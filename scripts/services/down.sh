#!/usr/bin/env bash
# Stops every service started by up.sh.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for script in "$here"/*.sh; do
  name="$(basename "$script" .sh)"
  case "$name" in up|down|status|lib) continue ;; esac
  bash "$script" down || true
done
