import { describe, expect, it } from 'vitest';
import type { ParameterSource } from './builders.js';
import { lookupParameter, type ParameterHit, type ParameterInput, parameterLocation } from './lookup.js';

type Row = [
  rule: string,
  names: string[],
  order: ParameterSource[],
  input: ParameterInput,
  expected: Partial<ParameterHit> | undefined,
];

// KEDA configParamValue (typed_config.go:500-524): sources in order, names in order, trimmed, empty = absent.
const table: Row[] = [
  [
    'reads metadata',
    ['host'],
    ['metadata'],
    { metadata: { host: 'h' } },
    { value: 'h', source: 'metadata', name: 'host' },
  ],
  ['trims the value', ['host'], ['metadata'], { metadata: { host: ' \th\n ' } }, { value: 'h' }],
  ['empty counts as absent', ['host'], ['metadata'], { metadata: { host: '' } }, undefined],
  ['whitespace counts as absent', ['host'], ['metadata'], { metadata: { host: '  \n' } }, undefined],
  ['missing key', ['host'], ['metadata'], { metadata: {} }, undefined],
  ['missing maps', ['host'], ['metadata', 'authParams', 'resolvedEnv'], {}, undefined],
  [
    'reads authParams',
    ['password'],
    ['authParams'],
    { authParams: { password: 'pw' } },
    { value: 'pw', source: 'authParams' },
  ],
  [
    'metadata is not read when order omits it',
    ['password'],
    ['authParams'],
    { metadata: { password: 'pw' } },
    undefined,
  ],
  [
    'authParams are not read when order omits them',
    ['host'],
    ['metadata', 'resolvedEnv'],
    { authParams: { host: 'h' } },
    undefined,
  ],
  [
    'resolvedEnv through the FromEnv key',
    ['host'],
    ['resolvedEnv'],
    { metadata: { hostFromEnv: 'RABBIT_HOST' }, resolvedEnv: { RABBIT_HOST: ' amqp://x ' } },
    { value: 'amqp://x', source: 'resolvedEnv', name: 'host', envName: 'RABBIT_HOST' },
  ],
  [
    'resolvedEnv is never read under the parameter name itself',
    ['host'],
    ['resolvedEnv'],
    { metadata: {}, resolvedEnv: { host: 'h' } },
    undefined,
  ],
  [
    'FromEnv in authParams does not count',
    ['host'],
    ['resolvedEnv'],
    { authParams: { hostFromEnv: 'H' }, resolvedEnv: { H: 'h' } },
    undefined,
  ],
  [
    'empty env var counts as absent and falls through',
    ['host'],
    ['resolvedEnv', 'metadata'],
    { metadata: { hostFromEnv: 'H', host: 'meta' }, resolvedEnv: { H: ' ' } },
    { value: 'meta', source: 'metadata' },
  ],
  [
    'env var named but not set',
    ['host'],
    ['resolvedEnv'],
    { metadata: { hostFromEnv: 'H' }, resolvedEnv: {} },
    undefined,
  ],
  [
    'metadata wins over resolvedEnv when listed first',
    ['host'],
    ['metadata', 'resolvedEnv'],
    { metadata: { host: 'meta', hostFromEnv: 'H' }, resolvedEnv: { H: 'env' } },
    { value: 'meta', source: 'metadata' },
  ],
  [
    'resolvedEnv wins over metadata when listed first',
    ['host'],
    ['resolvedEnv', 'metadata'],
    { metadata: { host: 'meta', hostFromEnv: 'H' }, resolvedEnv: { H: 'env' } },
    { value: 'env', source: 'resolvedEnv' },
  ],
  [
    'authParams before metadata',
    ['tls'],
    ['authParams', 'metadata'],
    { metadata: { tls: 'disable' }, authParams: { tls: 'enable' } },
    { value: 'enable', source: 'authParams' },
  ],
  [
    'first alias wins within one source',
    ['value', 'queueLength'],
    ['metadata'],
    { metadata: { queueLength: '5', value: '7' } },
    { value: '7', name: 'value' },
  ],
  [
    'second alias is used when the first is absent',
    ['value', 'queueLength'],
    ['metadata'],
    { metadata: { queueLength: '5' } },
    { value: '5', name: 'queueLength' },
  ],
  [
    'second alias when the first is empty',
    ['value', 'queueLength'],
    ['metadata'],
    { metadata: { value: ' ', queueLength: '5' } },
    { value: '5', name: 'queueLength' },
  ],
  [
    'source order beats alias order',
    ['a', 'b'],
    ['metadata', 'authParams'],
    { metadata: { b: 'meta-b' }, authParams: { a: 'auth-a' } },
    { value: 'meta-b', source: 'metadata', name: 'b' },
  ],
  [
    'aliases work with FromEnv',
    ['a', 'b'],
    ['resolvedEnv'],
    { metadata: { bFromEnv: 'B' }, resolvedEnv: { B: 'env-b' } },
    { value: 'env-b', name: 'b', envName: 'B' },
  ],
  ['inherited keys never count', ['constructor'], ['metadata'], { metadata: {} }, undefined],
  ['no source: never found', ['host'], [], { metadata: { host: 'h' } }, undefined],
  [
    'numbers from a YAML loader are read as written',
    ['lagThreshold'],
    ['metadata'],
    { metadata: { lagThreshold: 10 as unknown as string } },
    { value: '10' },
  ],
];

describe('lookupParameter', () => {
  it.each(table)('%s', (_rule, names, order, input, expected) => {
    const hit = lookupParameter(names, order, input);
    if (expected === undefined) expect(hit).toBeUndefined();
    else expect(hit).toMatchObject(expected);
  });
});

describe('parameterLocation', () => {
  it.each([
    [['consumerGroup'], ['metadata', 'resolvedEnv'], 'metadata, resolvedEnv via "consumerGroupFromEnv"'],
    [['password'], ['authParams'], 'authParams'],
    [['a', 'b'], ['resolvedEnv'], 'resolvedEnv via "aFromEnv" or "bFromEnv"'],
    [['x'], [], 'no source (only its default applies)'],
  ] as [string[], ParameterSource[], string][])('%j in %j', (names, order, expected) => {
    expect(parameterLocation(names, order)).toBe(expected);
  });
});
