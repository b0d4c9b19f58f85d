import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));

// Tests run against the sources, not the build: `@scalerkit/<pkg>` and `@scalerkit/<pkg>/<subpath>`
// resolve to `packages/<pkg>/src/index.ts` and `packages/<pkg>/src/<subpath>.ts`.
const aliases = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => [
    { find: new RegExp(`^@scalerkit/${entry.name}$`), replacement: `${packagesDir}${entry.name}/src/index.ts` },
    { find: new RegExp(`^@scalerkit/${entry.name}/(.+)$`), replacement: `${packagesDir}${entry.name}/src/$1.ts` },
  ]);

export default defineConfig({
  resolve: { alias: aliases },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/{src,test}/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: [],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // `npm run coverage`; narrow with --coverage.include='packages/core/src/engine/**' and a test path.
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**'],
      exclude: ['**/*.test.ts', '**/*.d.ts', '**/test-factory.ts'],
      reporter: ['text', 'html'],
      reportsDirectory: 'coverage',
    },
  },
});
