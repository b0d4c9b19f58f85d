#!/usr/bin/env bash
# Starts every service the integration tests need (idempotent, loopback only).
# Each service has its own script: scripts/services/<name>.sh up|down|status.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
services=()
for script in "$here"/*.sh; do
  name="$(basename "$script" .sh)"
  case "$name" in up|down|status|lib) continue ;; esac
  services+=("$name")
done
if [ ${#services[@]} -eq 0 ]; then
  echo "services: none needed"
  exit 0
fi
for name in "${services[@]}"; do
  bash "$here/$name.sh" up
done
