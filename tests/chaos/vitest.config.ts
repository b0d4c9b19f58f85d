// `npm run test:chaos`: the soak and chaos suite (issue 10 item 10). It drives real autoscalers against the
// project's Kafka (scripts/services/kafka.sh) while the broker is frozen, killed and restarted, with scalers
// that hang, throw odd values and return garbage. One file at a time: the broker is one shared process.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('../../packages/', import.meta.url));

// As the root vitest.config.ts: `@scalerkit/<pkg>` and `@scalerkit/<pkg>/<subpath>` resolve to the sources.
const aliases = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => [
    { find: new RegExp(`^@scalerkit/${entry.name}$`), replacement: `${packagesDir}${entry.name}/src/index.ts` },
    { find: new RegExp(`^@scalerkit/${entry.name}/(.+)$`), replacement: `${packagesDir}${entry.name}/src/$1.ts` },
  ]);

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  resolve: { alias: aliases },
  test: {
    // The kafka package's frozen-broker regression tests (issue 10 item 5) freeze the shared broker: here, alone.
    include: ['tests/chaos/**/*.test.ts', 'packages/kafka/src/kafka-frozen-broker.int.test.ts'],
    env: { SCALERKIT_CHAOS: '1' },
    exclude: ['**/node_modules/**', '**/dist/**'],
    // A broker restart (scripts/services/kafka.sh up) may take up to its 90 s start timeout on a loaded machine.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: 'forks',
    // The files freeze, kill and restart one broker: never two at once.
    maxWorkers: 1,
    fileParallelism: false,
  },
});
