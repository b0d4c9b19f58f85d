#!/usr/bin/env node
// Checks every built package with publint and @arethetypeswrong/cli (ESM + CJS + types resolve everywhere).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const packagesDir = join(root, 'packages');
let failed = false;
for (const name of readdirSync(packagesDir).sort()) {
  const dir = join(packagesDir, name);
  if (!existsSync(join(dir, 'package.json'))) continue;
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (!existsSync(join(dir, 'dist'))) {
    console.error(`lint-packages: ${manifest.name} is not built; run "npm run build" first`);
    failed = true;
    continue;
  }
  for (const [command, args] of [
    ['npx', ['publint', '--strict']],
    ['npx', ['attw', '--pack', '.', '--profile', 'node16', '--format', 'table-flipped']],
  ]) {
    const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) {
      failed = true;
      console.error(`lint-packages: ${args[0]} failed for ${manifest.name}\n${result.stdout}${result.stderr}`);
    }
  }
  console.log(`lint-packages: ${manifest.name} ok`);
}
process.exit(failed ? 1 : 0);
