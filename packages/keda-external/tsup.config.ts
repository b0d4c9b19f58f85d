import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // `import.meta.url` in the CJS build too: both builds find ../proto/ next to dist/.
  shims: true,
  // One copy of the core per process: never bundle the peers.
  external: ['@scalerkit/core'],
});
