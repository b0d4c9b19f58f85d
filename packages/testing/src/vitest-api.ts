/**
 * The part of vitest's API the suites in this package use. Pass it explicitly
 * (`import * as vitest from 'vitest'`) or let it be found at run time (see `resolveVitestApi`).
 */
export interface VitestApi {
  // biome-ignore lint/suspicious/noExplicitAny: vitest's own signatures are richer than this package needs
  describe: any;
  // biome-ignore lint/suspicious/noExplicitAny: see above
  it: any;
  // biome-ignore lint/suspicious/noExplicitAny: see above
  expect: any;
  beforeAll: (fn: () => unknown, timeout?: number) => void;
  afterAll: (fn: () => unknown, timeout?: number) => void;
  beforeEach?: (fn: () => unknown, timeout?: number) => void;
  afterEach?: (fn: () => unknown, timeout?: number) => void;
}

const required = ['describe', 'it', 'expect', 'beforeAll', 'afterAll'] as const;

function isApi(value: unknown): value is VitestApi {
  if (typeof value !== 'object' && typeof value !== 'function') return false;
  if (value === null) return false;
  return required.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');
}

/**
 * Finds vitest's API without importing `vitest` at module load, so `@scalerkit/testing` can be imported
 * by the CLI (or any program) where vitest is absent or not running.
 *
 * Order: the `api` given by the caller; the API vitest's Node worker exposes on `globalThis.__vitest_index__`
 * (set in every vitest run, the same object `import ... from 'vitest'` returns); the globals installed by
 * vitest's `globals: true`. Outside a test run it throws an error that says what to do.
 */
export function resolveVitestApi(
  api?: Partial<VitestApi>,
  caller = 'this suite',
  host: Record<string, unknown> = globalThis as Record<string, unknown>,
): VitestApi {
  if (api && isApi(api)) return api;
  const candidates: unknown[] = [host.__vitest_index__, host];
  for (const candidate of candidates) {
    if (isApi(candidate)) return api ? ({ ...candidate, ...api } as VitestApi) : candidate;
  }
  throw new Error(
    `${caller} must be called while vitest collects a test file; outside vitest pass { describe, it, expect, beforeAll, afterAll } explicitly`,
  );
}
