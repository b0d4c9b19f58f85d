import { describe, expect, it } from 'vitest';
import { parseScaledJob } from './scaled-job.js';
import { catchError } from './test-helpers.js';
import { parseTriggerAuthentication } from './trigger-authentication.js';

const JSON_LIKE = 'JSON-like data (plain mappings, lists, strings, finite numbers, booleans, null)';

class Template {
  spec = {};
}

function circular(): Record<string, unknown> {
  const container: Record<string, unknown> = { name: 'worker' };
  container.self = container;
  return { template: { spec: { containers: [container] } } };
}

// Each row puts one value that JSON cannot hold somewhere in a loose object; the error names its path.
const foreignValues: { name: string; value: () => unknown; got: string }[] = [
  { name: 'a Map', value: () => new Map([['a', 1]]), got: 'got a Map' },
  { name: 'a Set', value: () => new Set(['a']), got: 'got a Set' },
  { name: 'a Buffer', value: () => Buffer.from('secret'), got: 'got binary data (a Buffer or typed array)' },
  { name: 'a Date', value: () => new Date(0), got: 'got a Date' },
  { name: 'a function', value: () => () => 1, got: 'got a function' },
  { name: 'a symbol', value: () => Symbol('s'), got: 'got a symbol' },
  { name: 'a bigint', value: () => 10n, got: 'got a bigint' },
  { name: 'NaN', value: () => Number.NaN, got: 'got a number that is not finite' },
  { name: 'Infinity', value: () => Number.POSITIVE_INFINITY, got: 'got a number that is not finite' },
  {
    name: 'a class instance',
    value: () => new Template(),
    got: 'got an object that is not a plain mapping (a class instance)',
  },
];

describe('ScaledJob jobTargetRef accepts only JSON-like data', () => {
  const job = (jobTargetRef: unknown) => ({
    metadata: { name: 'jobs' },
    kind: 'ScaledJob',
    apiVersion: 'keda.sh/v1alpha1',
    spec: { jobTargetRef, triggers: [{ type: 'kafka', metadata: {} }] },
  });
  for (const row of foreignValues) {
    it(`refuses ${row.name} inside jobTargetRef with its path`, () => {
      const error = catchError(() =>
        parseScaledJob(job({ template: { spec: { containers: [{ name: 'w', env: row.value() }] } } })),
      );
      expect(error.issues).toEqual([
        {
          path: 'spec.jobTargetRef.template.spec.containers[0].env',
          message: `must be ${JSON_LIKE}; ${row.got}`,
        },
      ]);
    });
  }

  it('refuses a circular jobTargetRef with the path where it loops', () => {
    const error = catchError(() => parseScaledJob(job(circular())));
    expect(error.issues).toEqual([
      {
        path: 'spec.jobTargetRef.template.spec.containers[0].self',
        message: `refers to itself (a circular reference); expected ${JSON_LIKE}`,
      },
    ]);
  });

  it('refuses a jobTargetRef that is a Map itself', () => {
    expect(catchError(() => parseScaledJob(job(new Map()))).issues[0]?.path).toBe('spec.jobTargetRef');
  });

  it('accepts a shared (not circular) value and returns a copy, not the caller object', () => {
    const shared = { name: 'w', image: 'busybox' };
    const jobTargetRef = { template: { spec: { containers: [shared], initContainers: [shared] } }, backoffLimit: 4 };
    const parsed = parseScaledJob(job(jobTargetRef));
    expect(parsed.spec.jobTargetRef).toEqual(jobTargetRef);
    expect(parsed.spec.jobTargetRef).not.toBe(jobTargetRef);
  });
});

describe('TriggerAuthentication accepts only JSON-like data', () => {
  // Fields the schema does not name are kept (newer KEDA versions add some): each row hides a value in one.
  const places: { name: string; spec: (value: unknown) => Record<string, unknown>; path: string }[] = [
    {
      name: 'an unknown field of podIdentity',
      spec: (value) => ({ podIdentity: { provider: 'aws', extra: value } }),
      path: 'spec.podIdentity.extra',
    },
    {
      name: 'hashiCorpVault.credential',
      spec: (value) => ({
        hashiCorpVault: { address: 'https://v', authentication: 'token', secrets: [], credential: { token: value } },
      }),
      path: 'spec.hashiCorpVault.credential.token',
    },
    { name: 'oauth2', spec: (value) => ({ oauth2: { clientSecret: value } }), path: 'spec.oauth2.clientSecret' },
    { name: 'awsParameterStore', spec: (value) => ({ awsParameterStore: [value] }), path: 'spec.awsParameterStore[0]' },
  ];
  for (const place of places) {
    for (const row of [foreignValues[0], foreignValues[2]] as (typeof foreignValues)[number][]) {
      it(`refuses ${row.name} in ${place.name} with its path`, () => {
        const error = catchError(() => parseTriggerAuthentication({ spec: place.spec(row.value()) }));
        expect(error.issues).toEqual([{ path: place.path, message: `must be ${JSON_LIKE}; ${row.got}` }]);
        expect(error.message).not.toContain('secret');
      });
    }
  }

  it('refuses a circular TriggerAuthentication spec', () => {
    const oauth2: Record<string, unknown> = { type: 'clientCredentials' };
    oauth2.again = oauth2;
    expect(catchError(() => parseTriggerAuthentication({ spec: { oauth2 } })).issues).toEqual([
      { path: 'spec.oauth2.again', message: `refers to itself (a circular reference); expected ${JSON_LIKE}` },
    ]);
  });
});

describe('an object that throws when read is refused, never thrown on', () => {
  const throwing = () =>
    new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error('trap');
        },
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );

  it.each([
    ['the whole manifest', () => throwing()],
    ['a nested value', () => ({ metadata: { name: 'x' }, spec: { jobTargetRef: { template: throwing() } } })],
    [
      'a getter',
      () => ({
        metadata: { name: 'x' },
        get spec(): unknown {
          throw new Error('getter');
        },
      }),
    ],
  ])('%s', async (_label, make) => {
    const { parseScaledObject } = await import('./scaled-object.js');
    for (const parse of [parseScaledObject, parseScaledJob, parseTriggerAuthentication]) {
      const error = catchError(() => parse(make()));
      expect(error.name).toBe('ScaledObjectValidationError');
      expect(error.message).toContain('got an object that throws when read');
    }
  });
});
