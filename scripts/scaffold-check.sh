#!/usr/bin/env bash
# Generates a scaler package with `scalerkit new scaler` into a scratch folder inside the repository (so that it
# resolves @scalerkit/core, @scalerkit/testing, vitest and tsup from the workspace, as an installed package would
# from its own node_modules) and proves it as a user would: typecheck, tests (the conformance suite against its
# local queue service), build. Needs `npm run build` first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scratch=.services/scaffold-check
rm -rf "$scratch"
mkdir -p "$scratch"
node packages/cli/bin/scalerkit.js new scaler "$scratch/http-queue" --package @example/scaler-http-queue
cd "$scratch/http-queue"
npx tsc -p tsconfig.json
npx vitest run --root . --reporter=dot
npx tsup --silent
test -f dist/index.js && test -f dist/index.cjs && test -f dist/register.d.ts
node --input-type=module -e "import('./dist/index.js').then((m) => { if (m.httpQueueScaler.type !== 'http-queue') process.exit(1); })"
echo "scaffold-check: the generated package typechecks, passes its tests and builds"
