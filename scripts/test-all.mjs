#!/usr/bin/env node
// `npm run test:all`: start every service the tests need, then run every test with none skipped.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (command, args, env = {}) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run('bash', ['scripts/services/up.sh']);
// SCALERKIT_REQUIRE_SERVICES makes an unreachable service a failure instead of a skip.
run('npx', ['vitest', 'run', ...process.argv.slice(2)], { SCALERKIT_REQUIRE_SERVICES: '1' });
