import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/scaler-kit.ts',
    'src/engine.ts',
    'src/hpa.ts',
    'src/manifest.ts',
    'src/parameters.ts',
    'src/autoscaler.ts',
  ],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
