// The differential suite: KEDA v2.21.0's own scalers (the oracle binary) beside scalerkit's on the same
// live services. Run: bash scripts/keda-oracle.sh build && npx vitest run --config tools/keda-oracle/vitest.config.ts
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../../', import.meta.url));
const packagesDir = `${root}packages/`;

// As the root config: `@scalerkit/<pkg>` resolves to the package's sources.
const aliases = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => [
    { find: new RegExp(`^@scalerkit/${entry.name}$`), replacement: `${packagesDir}${entry.name}/src/index.ts` },
    { find: new RegExp(`^@scalerkit/${entry.name}/(.+)$`), replacement: `${packagesDir}${entry.name}/src/$1.ts` },
  ]);

export default defineConfig({
  root,
  resolve: { alias: aliases },
  test: {
    include: ['tools/keda-oracle/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One file at a time: the files share services, and the machine's two cores stay with the scalers.
    fileParallelism: false,
  },
});
