#!/usr/bin/env bash
# The tests on the Node.js versions users run besides the machine's own: `npm run test:all` runs every test on the
# machine's Node (20); this runs them again on Node 22 and 24, fetched from the npm registry (`npx -p node@<v>`).
# By default the integration tests (*.int.test.ts: the same code against live services, already run on Node 20) are
# left out to keep CI short; `--all` runs them too (start the services first: scripts/services/up.sh).
# Usage: bash scripts/test-node-versions.sh [--all] [versions...]   (default versions: 22 24)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exclude=(--exclude '**/*.int.test.ts')
if [ "${1:-}" = "--all" ]; then exclude=(); shift; fi
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(22 24)
for version in "${versions[@]}"; do
  echo "--- Node $version"
  # vitest's own entry point, not `npx vitest`: a nested npx inherits the outer exec's settings and misbehaves.
  npx -y -p "node@$version" -c "node --version && node node_modules/vitest/vitest.mjs run ${exclude[*]:+--exclude '**/*.int.test.ts'}"
done
