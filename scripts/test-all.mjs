#!/usr/bin/env node
// `npm run test:all`: start every service the tests need, run every test with none skipped, then stop the services
// this run started (the ones already running are left as they were). SCALERKIT_KEEP_SERVICES=1 keeps them all
// running afterwards (`.ci/run` does, for the differential tests and the examples that follow).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const servicesDir = `${root}scripts/services`;
const run = (command, args, env = {}, stdio = 'inherit') =>
  spawnSync(command, args, { cwd: root, stdio, env: { ...process.env, ...env } });

const services = readdirSync(servicesDir)
  .filter((name) => name.endsWith('.sh') && !['up.sh', 'down.sh', 'status.sh', 'lib.sh'].includes(name))
  .map((name) => name.slice(0, -'.sh'.length));
// A service whose status says it is not running now is one this run starts, and so stops.
const startedHere = services.filter(
  (name) => run('bash', [`${servicesDir}/${name}.sh`, 'status'], {}, 'ignore').status !== 0,
);

const up = run('bash', ['scripts/services/up.sh']);
let status = up.status ?? 1;
if (status === 0) {
  // SCALERKIT_REQUIRE_SERVICES makes an unreachable service a failure instead of a skip.
  status = run('npx', ['vitest', 'run', ...process.argv.slice(2)], { SCALERKIT_REQUIRE_SERVICES: '1' }).status ?? 1;
}
if (process.env.SCALERKIT_KEEP_SERVICES !== '1' && startedHere.length > 0) {
  console.log(
    `test:all: stopping the services it started (${startedHere.join(', ')}); SCALERKIT_KEEP_SERVICES=1 keeps them`,
  );
  for (const name of startedHere) run('bash', [`${servicesDir}/${name}.sh`, 'down']);
}
process.exit(status);
