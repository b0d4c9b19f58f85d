#!/usr/bin/env bash
# Installs the packed packages (what npm publish would upload) into an empty project and uses them as a user
# would: ESM import, CommonJS require, the /register side effect, on-demand loading, and the scalerkit binary.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/packs" "$work/project"
for dir in "$root"/packages/*/; do
  (cd "$dir" && npm pack --silent --pack-destination "$work/packs" >/dev/null)
done
cd "$work/project"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$work"/packs/*.tgz kafkajs@2.2.4
cp "$root/scripts/pack-smoke/smoke.mjs" "$root/scripts/pack-smoke/smoke.cjs" "$root/examples/kafka/scaledobject.yaml" .
node smoke.mjs
node smoke.cjs
npx --no-install scalerkit validate scaledobject.yaml
# Every tarball carries the licence it is published under.
for pack in "$work"/packs/*.tgz; do
  tar -tzf "$pack" | grep -x 'package/LICENSE' >/dev/null || { echo "pack-smoke: $(basename "$pack") has no LICENSE" >&2; exit 1; }
done
echo "pack-smoke: ok ($(ls "$work/packs" | tr '\n' ' '))"
