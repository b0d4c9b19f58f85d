#!/usr/bin/env bash
# Prints the status of every service.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for script in "$here"/*.sh; do
  name="$(basename "$script" .sh)"
  case "$name" in up|down|status|lib) continue ;; esac
  bash "$script" status || true
done
