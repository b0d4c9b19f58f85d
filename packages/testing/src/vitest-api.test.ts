import * as vitest from 'vitest';
import { describe, expect, it } from 'vitest';
import { resolveVitestApi } from './vitest-api.js';

describe('resolveVitestApi', () => {
  it('finds the running vitest without an import', () => {
    const api = resolveVitestApi();
    expect(api.describe).toBe(vitest.describe);
    expect(api.it).toBe(vitest.it);
  });

  it('prefers an explicit API', () => {
    const explicit = { ...vitest, describe: () => {} };
    expect(resolveVitestApi(explicit).describe).toBe(explicit.describe);
  });

  it('explains what to do outside vitest', () => {
    expect(() => resolveVitestApi(undefined, 'describeScalerConformance', {})).toThrow(
      'describeScalerConformance must be called while vitest collects a test file; outside vitest pass { describe, it, expect, beforeAll, afterAll } explicitly',
    );
  });

  it('uses the globals of vitest `globals: true` when nothing else is there', () => {
    const host = { describe: () => {}, it: () => {}, expect: () => {}, beforeAll: () => {}, afterAll: () => {} };
    expect(resolveVitestApi(undefined, 'x', host).describe).toBe(host.describe);
  });
});
