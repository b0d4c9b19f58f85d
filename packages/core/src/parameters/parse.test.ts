import { describe, expect, it } from 'vitest';
import { ScalerConfigError } from '../errors.js';
import type { ScalerEvent } from '../types.js';
import { type Parameter, parameters as p } from './builders.js';
import { parseParameters } from './parse.js';

const kafkaParameters = {
  bootstrapServers: p.list({ order: ['metadata', 'resolvedEnv'] }),
  consumerGroup: p.string({ order: ['metadata', 'resolvedEnv'] }),
  topic: p.string({ order: ['metadata', 'resolvedEnv'], optional: true }),
  lagThreshold: p.integer({ default: 10 }),
  activationLagThreshold: p.integer({ default: 0 }),
  offsetResetPolicy: p.enum(['latest', 'earliest'], { default: 'latest' }),
  allowIdleConsumers: p.boolean({ default: false }),
  partitionLimitation: p.list({ of: 'integer', range: true, optional: true }),
  value: p.float({ name: ['value', 'queueLength'], default: 20 }),
  password: p.string({ order: ['authParams'], optional: true, secret: true }),
  headers: p.map({ optional: true }),
  timeout: p.duration({ optional: true }),
};

const required = { bootstrapServers: 'b1:9092, b2:9092', consumerGroup: 'orders' };

function parseError(run: () => unknown): ScalerConfigError {
  try {
    run();
  } catch (error) {
    if (ScalerConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ScalerConfigError');
}

/** Parses one parameter called `x` from metadata. */
function one(parameter: Parameter<unknown>, metadata: Record<string, string>) {
  return parseParameters({ x: parameter }, { metadata }, { scalerType: 'test' }).x;
}

describe('parseParameters', () => {
  it('applies defaults and converts every declared parameter', () => {
    expect(parseParameters(kafkaParameters, { metadata: required }, { scalerType: 'kafka' })).toEqual({
      bootstrapServers: ['b1:9092', 'b2:9092'],
      consumerGroup: 'orders',
      topic: undefined,
      lagThreshold: 10,
      activationLagThreshold: 0,
      offsetResetPolicy: 'latest',
      allowIdleConsumers: false,
      partitionLimitation: undefined,
      value: 20,
      password: undefined,
      headers: undefined,
      timeout: undefined,
    });
  });

  it('reads given values from metadata, authParams and resolvedEnv', () => {
    const config = parseParameters(
      kafkaParameters,
      {
        metadata: {
          bootstrapServersFromEnv: 'BROKERS',
          consumerGroup: ' orders ',
          lagThreshold: '50',
          activationLagThreshold: '-1',
          offsetResetPolicy: 'earliest',
          allowIdleConsumers: 'True',
          partitionLimitation: '1, 4-6',
          queueLength: '7.5',
          headers: 'a=1, b = 2',
          timeout: '1m30s',
          password: 'not-read-from-metadata',
        },
        authParams: { password: 's3cret' },
        resolvedEnv: { BROKERS: 'x:1,y:2' },
      },
      { scalerType: 'kafka' },
    );
    expect(config).toEqual({
      bootstrapServers: ['x:1', 'y:2'],
      consumerGroup: 'orders',
      topic: undefined,
      lagThreshold: 50,
      activationLagThreshold: -1,
      offsetResetPolicy: 'earliest',
      allowIdleConsumers: true,
      partitionLimitation: [1, 4, 5, 6],
      value: 7.5,
      password: 's3cret',
      headers: { a: '1', b: '2' },
      timeout: 90_000,
    });
  });

  it('treats an empty or whitespace value as absent, so the default applies', () => {
    const config = parseParameters(
      kafkaParameters,
      { metadata: { ...required, lagThreshold: '  ', offsetResetPolicy: '', topic: ' ' } },
      { scalerType: 'kafka' },
    );
    expect(config.lagThreshold).toBe(10);
    expect(config.offsetResetPolicy).toBe('latest');
    expect(config.topic).toBeUndefined();
  });

  it('uses real defaults of false and 0', () => {
    expect(one(p.boolean({ default: false }), {})).toBe(false);
    expect(one(p.integer({ default: 0 }), {})).toBe(0);
    expect(one(p.float({ default: 0 }), {})).toBe(0);
  });

  it('hands out a fresh copy of list and map defaults', () => {
    const shape = { tags: p.list({ default: ['a'] }), labels: p.map({ default: { k: 'v' } }) };
    const first = parseParameters(shape, { metadata: {} }, { scalerType: 't' });
    first.tags.push('mutated');
    first.labels.k = 'mutated';
    const second = parseParameters(shape, { metadata: {} }, { scalerType: 't' });
    expect(second).toEqual({ tags: ['a'], labels: { k: 'v' } });
  });

  it('reports a missing required parameter with where it looked', () => {
    const error = parseError(() =>
      parseParameters(kafkaParameters, { metadata: { bootstrapServers: 'b' } }, { scalerType: 'kafka' }),
    );
    expect(error.message).toBe(
      'kafka: missing required parameter "consumerGroup" (looked in metadata, resolvedEnv via "consumerGroupFromEnv")',
    );
    expect(error.parameter).toBe('consumerGroup');
    expect(error.scalerType).toBe('kafka');
    expect(error.code).toBe('CONFIG_ERROR');
  });

  it('names an env var that was pointed at but is empty', () => {
    const error = parseError(() =>
      parseParameters(
        kafkaParameters,
        { metadata: { bootstrapServers: 'b', consumerGroupFromEnv: 'GROUP' }, resolvedEnv: { GROUP: ' ' } },
        { scalerType: 'kafka' },
      ),
    );
    expect(error.message).toBe(
      'kafka: missing required parameter "consumerGroup" (looked in metadata, resolvedEnv via "consumerGroupFromEnv", and env var "GROUP" named by "consumerGroupFromEnv" is not set or empty)',
    );
  });

  it('joins alias names in the missing message, as KEDA does', () => {
    const error = parseError(() => one(p.float({ name: ['value', 'queueLength'] }), {}));
    expect(error.message).toBe('test: missing required parameter "value,queueLength" (looked in metadata)');
    expect(error.parameter).toBe('value');
  });

  it('reports invalid values with the name the user wrote and where it came from', () => {
    expect(
      parseError(() =>
        parseParameters(kafkaParameters, { metadata: { ...required, lagThreshold: '1.5' } }, { scalerType: 'kafka' }),
      ).message,
    ).toBe('kafka: parameter "lagThreshold" must be an integer, got "1.5"');
    expect(
      parseError(() =>
        parseParameters(kafkaParameters, { metadata: { ...required, queueLength: 'lots' } }, { scalerType: 'kafka' }),
      ),
    ).toMatchObject({
      message: 'kafka: parameter "queueLength" must be a number, got "lots"',
      parameter: 'queueLength',
    });
    const fromEnv = parseError(() =>
      parseParameters(
        { port: p.integer({ order: ['resolvedEnv'] }) },
        { metadata: { portFromEnv: 'PORT' }, resolvedEnv: { PORT: 'eighty' } },
        { scalerType: 'x' },
      ),
    );
    expect(fromEnv.message).toBe(
      // Not quoted: an env var may come from a Secret (secretKeyRef).
      'x: parameter "port" (from env "PORT" via "portFromEnv") must be an integer, got an invalid value (not shown: it may come from a Secret)',
    );
    const fromAuth = parseError(() =>
      parseParameters(
        { tls: p.boolean({ order: ['authParams'] }) },
        { metadata: {}, authParams: { tls: 'yes' } },
        { scalerType: 'x' },
      ),
    );
    expect(fromAuth.message).toBe(
      // Not quoted: TriggerAuthentication parameters may come from Secrets.
      'x: parameter "tls" (from authParams) must be a boolean, got an invalid value (not shown: it may come from a Secret) (accepted: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False)',
    );
  });

  it('collects every problem into one error, the first parameter in .parameter', () => {
    const error = parseError(() =>
      parseParameters(
        kafkaParameters,
        { metadata: { consumerGroup: 'g', lagThreshold: 'x', offsetResetPolicy: 'Latest' } },
        { scalerType: 'kafka' },
      ),
    );
    expect(error.parameter).toBe('bootstrapServers');
    expect(error.problems).toEqual([
      {
        parameter: 'bootstrapServers',
        message:
          'kafka: missing required parameter "bootstrapServers" (looked in metadata, resolvedEnv via "bootstrapServersFromEnv")',
      },
      { parameter: 'lagThreshold', message: 'kafka: parameter "lagThreshold" must be an integer, got "x"' },
      {
        parameter: 'offsetResetPolicy',
        message: 'kafka: parameter "offsetResetPolicy" must be one of latest, earliest, got "Latest"',
      },
    ]);
    expect(error.message).toBe(
      'kafka: 3 problems: missing required parameter "bootstrapServers" (looked in metadata, resolvedEnv via "bootstrapServersFromEnv"); ' +
        'parameter "lagThreshold" must be an integer, got "x"; parameter "offsetResetPolicy" must be one of latest, earliest, got "Latest"',
    );
  });

  it('tolerates missing maps in the input', () => {
    expect(
      parseParameters(
        { a: p.string({ order: ['authParams', 'resolvedEnv'], default: 'd' }) },
        { metadata: {} },
        { scalerType: 't' },
      ),
    ).toEqual({
      a: 'd',
    });
    expect(parseParameters({ a: p.string({ optional: true }) }, {}, { scalerType: 't' })).toEqual({ a: undefined });
  });

  it('keeps a parameter named __proto__ as a plain property', () => {
    const config = parseParameters(
      { ['__proto__']: p.string() },
      { metadata: { ['__proto__']: 'x' } },
      { scalerType: 't' },
    );
    expect(Object.getOwnPropertyDescriptor(config, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
  });
});

describe('enums', () => {
  const table: [string, Parameter<unknown>, string, unknown][] = [
    ['member', p.enum(['latest', 'earliest']), 'earliest', 'earliest'],
    ['trimmed member', p.enum(['latest', 'earliest']), ' earliest\n', 'earliest'],
    ['case-sensitive', p.enum(['enable', 'disable']), 'Enable', Error],
    ['upper case', p.enum(['plaintext', 'scram_sha256']), 'PLAINTEXT', Error],
    ['no list without separator', p.enum(['latest', 'earliest']), 'latest,earliest', Error],
    ['separator: raw string kept', p.enum(['a', 'b', 'c'], { separator: ',' }), 'a, c', 'a, c'],
    ['separator: each part checked', p.enum(['a', 'b', 'c'], { separator: ',' }), 'a,d', Error],
    ['separator: empty part rejected', p.enum(['a', 'b', 'c'], { separator: ',' }), 'a,,b', Error],
    ['custom separator', p.enum(['a', 'b'], { separator: ';' }), 'a;b', 'a;b'],
    ['exclusiveSet: one member', p.enum(['a', 'b', 'c'], { separator: ',', exclusiveSet: ['a', 'b'] }), 'a,c', 'a,c'],
    ['exclusiveSet: two members', p.enum(['a', 'b', 'c'], { separator: ',', exclusiveSet: ['a', 'b'] }), 'a, b', Error],
    [
      'exclusiveSet: repeated member',
      p.enum(['a', 'b', 'c'], { separator: ',', exclusiveSet: ['a', 'b'] }),
      'a,a',
      Error,
    ],
    ['enumList', p.enumList(['a', 'b', 'c']), ' c , a', ['c', 'a']],
    ['enumList rejects non-members', p.enumList(['a', 'b', 'c']), 'c,A', Error],
    ['enumList exclusiveSet', p.enumList(['a', 'b', 'c'], { exclusiveSet: ['a', 'b'] }), 'b,a', Error],
    ['list exclusiveSet', p.list({ exclusiveSet: ['x', 'y'] }), 'x,z,y', Error],
    ['list exclusiveSet one', p.list({ exclusiveSet: ['x', 'y'] }), 'x,z', ['x', 'z']],
  ];
  it.each(table)('%s', (_rule, parameter, input, expected) => {
    if (expected === Error) expect(() => one(parameter, { x: input })).toThrow(ScalerConfigError);
    else expect(one(parameter, { x: input })).toEqual(expected);
  });

  it('says which element is not allowed and what the exclusive set is', () => {
    expect(parseError(() => one(p.enum(['a', 'b', 'c'], { separator: ',' }), { x: 'a,d' })).message).toBe(
      'test: parameter "x" must be one of a, b, c (case-sensitive; KEDA also accepts several joined by ","), got "a,d" (element 2 "d" is not allowed)',
    );
    expect(parseError(() => one(p.enumList(['a', 'b', 'c'], { exclusiveSet: ['a', 'b'] }), { x: 'a,b' })).message).toBe(
      'test: parameter "x" must be a list separated by "," of a, b, c, got "a,b" (at most one of a, b may be given)',
    );
  });
});

describe('declarations', () => {
  const table: [string, () => unknown, string][] = [
    [
      'enum default outside the enum',
      () => p.enum(['a', 'b'], { default: 'c' as 'a' }),
      'default "c" is not one of a, b',
    ],
    [
      'enum default breaking the exclusive set',
      () => p.enum(['a', 'b', 'c'], { separator: ',', exclusiveSet: ['a', 'b'], default: 'a,b' as 'a' }),
      'default "a,b"',
    ],
    [
      'enumList default outside the enum',
      () => p.enumList(['a', 'b'], { default: ['a', 'z' as 'a'] }),
      'default ["a","z"]',
    ],
    ['non-integer default', () => p.integer({ default: 1.5 }), 'default 1.5 is not an integer'],
    ['unsafe integer default', () => p.integer({ default: 2 ** 60 }), 'is not an integer'],
    ['non-finite float default', () => p.float({ default: Number.NaN }), 'is not a number'],
    ['wrongly typed default', () => p.boolean({ default: 'true' as unknown as boolean }), 'is not a boolean'],
    ['negative duration default', () => p.duration({ default: -1 }), 'is not a duration'],
    ['bad duration string default', () => p.duration({ default: '1d' }), 'is not a duration'],
    [
      'integer list default with a string',
      () => p.list({ of: 'integer', default: ['1'] }),
      'is not a list of integers',
    ],
    [
      'range default with negative number',
      () => p.list({ of: 'integer', range: true, default: [-1] }),
      'is not a list of integers',
    ],
    ['map default with a number', () => p.map({ default: { a: 1 as unknown as string } }), 'is not a map'],
    [
      'unknown source',
      () => p.string({ order: ['triggerMetadata' as 'metadata'] }),
      'unknown source "triggerMetadata"',
    ],
    ['empty name', () => p.string({ name: '' }), 'name must be a non-empty string'],
    ['empty name list', () => p.string({ name: [] }), 'name must be a non-empty string'],
    ['empty enum', () => p.enum([] as unknown as ['a']), 'enum values must be a non-empty list'],
    ['exclusiveSet outside the enum', () => p.enum(['a'], { exclusiveSet: ['b' as 'a'] }), 'exclusiveSet member "b"'],
    ['range on a string list', () => p.list({ range: true }), 'range needs of: "integer"'],
    ['empty list separator', () => p.list({ separator: '' }), 'separator must not be empty'],
    ['map separator "="', () => p.map({ separator: '=' }), 'map separator'],
  ];
  it.each(table)('rejects %s when declared', (_rule, declare, message) => {
    expect(declare).toThrow(TypeError);
    expect(declare).toThrow(message);
  });

  // Plain JavaScript (or a TypeScript object with one known key beside the unknown one) reaches the builder with
  // keys it does not know: each builder names itself, the key and the keys it accepts.
  const common = 'name, order, default, optional, deprecated, deprecatedAnnounce, secret, description';
  const unknownKeys: [string, () => unknown, string][] = [
    [
      'string',
      () => p.string({ default: 'a', names: ['b'] } as never),
      `parameters.string() got unknown option "names"; it accepts ${common}`,
    ],
    [
      'integer',
      () => p.integer({ defualt: 1 } as never),
      `parameters.integer() got unknown option "defualt"; it accepts ${common}`,
    ],
    [
      'float',
      () => p.float({ separator: ',' } as never),
      `parameters.float() got unknown option "separator"; it accepts ${common}`,
    ],
    [
      'boolean',
      () => p.boolean({ required: true } as never),
      `parameters.boolean() got unknown option "required"; it accepts ${common}`,
    ],
    [
      'duration',
      () => p.duration({ unit: 's' } as never),
      `parameters.duration() got unknown option "unit"; it accepts ${common}`,
    ],
    [
      'enum',
      () => p.enum(['a'], { names: 'x', aliases: 'y' } as never),
      `parameters.enum() got unknown options "names", "aliases"; it accepts ${common}, separator, exclusiveSet`,
    ],
    [
      'enumList',
      () => p.enumList(['a'], { of: 'string' } as never),
      `parameters.enumList() got unknown option "of"; it accepts ${common}, separator, exclusiveSet`,
    ],
    [
      'list',
      () => p.list({ of: 'integer', rang: true } as never),
      `parameters.list() got unknown option "rang"; it accepts ${common}, of, separator, range, exclusiveSet`,
    ],
    [
      'map',
      () => p.map({ keySeparator: ':' } as never),
      `parameters.map() got unknown option "keySeparator"; it accepts ${common}, separator`,
    ],
    [
      'options that are not an object',
      () => p.string('metadata' as never),
      'parameters.string() options must be an object, got "metadata"',
    ],
  ];
  it.each(unknownKeys)('rejects an unknown option key given to %s when declared', (_builder, declare, message) => {
    expect(declare).toThrow(TypeError);
    expect(declare).toThrow(`invalid parameter declaration: ${message}`);
  });

  it('accepts valid defaults in their typed form', () => {
    expect(one(p.duration({ default: '1m' }), {})).toBe(60_000);
    expect(one(p.duration({ default: 250 }), {})).toBe(250);
    expect(one(p.list({ of: 'integer', range: true, default: [1, 2] }), {})).toEqual([1, 2]);
    expect(one(p.enumList(['a', 'b'], { default: ['b'] }), {})).toEqual(['b']);
    expect(one(p.string({ default: '' }), {})).toBe('');
  });
});

describe('deprecations', () => {
  const shape = {
    old: p.string({ optional: true, deprecated: 'use "new" instead' }),
    bare: p.string({ deprecated: '' }),
    announced: p.string({ optional: true, deprecatedAnnounce: '"announced" is deprecated, use "x"' }),
  };

  it('leaves absent deprecated parameters undefined, even without optional', () => {
    const events: ScalerEvent[] = [];
    expect(parseParameters(shape, { metadata: {} }, { scalerType: 'kafka', emit: (e) => events.push(e) })).toEqual({
      old: undefined,
      bare: undefined,
      announced: undefined,
    });
    expect(events).toEqual([]);
  });

  it("refuses a deprecated parameter that is given, with KEDA's info text", () => {
    const error = parseError(() =>
      parseParameters(shape, { metadata: { old: 'v', bare: 'v' } }, { scalerType: 'kafka' }),
    );
    expect(error.problems).toEqual([
      {
        parameter: 'old',
        message: 'kafka: parameter "old" is deprecated and no longer accepted (scaler kafka info: use "new" instead)',
      },
      { parameter: 'bare', message: 'kafka: parameter "bare" is deprecated and no longer accepted' },
    ]);
  });

  it('announces a deprecated-but-accepted parameter and still parses it', () => {
    const events: ScalerEvent[] = [];
    const config = parseParameters(
      shape,
      { metadata: { announced: ' v ' } },
      { scalerType: 'kafka', emit: (e) => events.push(e) },
    );
    expect(config.announced).toBe('v');
    expect(events).toEqual([
      { type: 'Normal', reason: 'KEDAScalersInfo', message: 'scaler kafka info: "announced" is deprecated, use "x"' },
    ]);
  });

  it('does not need an emit callback', () => {
    expect(parseParameters(shape, { metadata: { announced: 'v' } }, { scalerType: 'kafka' }).announced).toBe('v');
  });
});

describe('validate', () => {
  const shape = { min: p.integer({ default: 0 }), max: p.integer({ default: 10 }) };

  it('runs with the typed config and turns its problems into the error', () => {
    const seen: unknown[] = [];
    const error = parseError(() =>
      parseParameters(
        shape,
        { metadata: { min: '20' } },
        {
          scalerType: 'demo',
          validate: (config) => {
            seen.push(config);
            return [{ parameter: 'min', message: 'min must not exceed max' }, 'demo: second problem'];
          },
        },
      ),
    );
    expect(seen).toEqual([{ min: 20, max: 10 }]);
    expect(error.problems).toEqual([
      { parameter: 'min', message: 'demo: min must not exceed max' },
      { parameter: undefined, message: 'demo: second problem' },
    ]);
    expect(error.parameter).toBe('min');
    expect(error.message).toBe('demo: 2 problems: min must not exceed max; second problem');
  });

  it('accepts a single string, nothing, or a thrown error', () => {
    expect(
      parseError(() => parseParameters(shape, { metadata: {} }, { scalerType: 'demo', validate: () => 'bad' })).message,
    ).toBe('demo: bad');
    expect(parseParameters(shape, { metadata: {} }, { scalerType: 'demo', validate: () => {} })).toEqual({
      min: 0,
      max: 10,
    });
    expect(parseParameters(shape, { metadata: {} }, { scalerType: 'demo', validate: () => [] })).toEqual({
      min: 0,
      max: 10,
    });
    const thrown = parseError(() =>
      parseParameters(
        shape,
        { metadata: {} },
        {
          scalerType: 'demo',
          validate: () => {
            throw new ScalerConfigError('demo: max too small', { parameter: 'max' });
          },
        },
      ),
    );
    expect(thrown).toMatchObject({ message: 'demo: max too small', parameter: 'max' });
    const plain = parseError(() =>
      parseParameters(
        shape,
        { metadata: {} },
        {
          scalerType: 'demo',
          validate: () => {
            throw new Error('boom');
          },
        },
      ),
    );
    expect(plain.problems).toEqual([{ parameter: undefined, message: 'demo: boom' }]);
  });

  it('runs after a failed parameter too, so one pass reports every problem', () => {
    const error = parseError(() =>
      parseParameters(
        { ...shape, name: p.string() },
        { metadata: { min: '20' } },
        {
          scalerType: 'demo',
          validate: (config) =>
            config.min > config.max ? [{ parameter: 'min', message: 'min must not exceed max' }] : [],
        },
      ),
    );
    expect(error.problems).toEqual([
      { parameter: 'name', message: 'demo: missing required parameter "name" (looked in metadata)' },
      { parameter: 'min', message: 'demo: min must not exceed max' },
    ]);
  });

  it('judges the rest with an invalid value replaced by its default; drops problems about a failed parameter', () => {
    const seen: unknown[] = [];
    const error = parseError(() =>
      parseParameters(
        shape,
        { metadata: { max: 'x', min: '20' } },
        {
          scalerType: 'demo',
          validate: (config) => {
            seen.push({ ...config });
            return [
              { parameter: 'max', message: 'about max' },
              { parameter: 'min', message: `min ${config.min} must not exceed max ${config.max}` },
            ];
          },
        },
      ),
    );
    expect(seen).toEqual([{ min: 20, max: 10 }]);
    expect(error.problems).toEqual([
      { parameter: 'max', message: 'demo: parameter "max" must be an integer, got "x"' },
      { parameter: 'min', message: 'demo: min 20 must not exceed max 10' },
    ]);
  });

  it('drops what it reports when it read an invalid parameter that has no default (it saw no value there)', () => {
    let calls = 0;
    const error = parseError(() =>
      parseParameters(
        { ...shape, max: p.integer({ optional: true }) },
        { metadata: { max: 'x' } },
        {
          scalerType: 'demo',
          validate: (config) => {
            calls++;
            return config.max === undefined ? 'max is not given' : [];
          },
        },
      ),
    );
    expect(calls).toBe(1);
    expect(error.problems).toEqual([
      { parameter: 'max', message: 'demo: parameter "max" must be an integer, got "x"' },
    ]);
  });

  it('drops what it reports when it enumerates the config, or throws on the incomplete config', () => {
    const spread = parseError(() =>
      parseParameters(
        { ...shape, max: p.integer({ optional: true }) },
        { metadata: { max: 'x' } },
        { scalerType: 'demo', validate: (config) => `${Object.keys({ ...config })}` },
      ),
    );
    expect(spread.problems).toHaveLength(1);
    const thrown = parseError(() =>
      parseParameters(
        { ...shape, list: p.list({ optional: true }) },
        { metadata: { min: 'y' } },
        {
          scalerType: 'demo',
          validate: () => {
            throw new TypeError('cannot read properties of undefined');
          },
        },
      ),
    );
    // A throw on a config without the failed parameters says nothing about the user's input: dropped.
    expect(thrown.problems.map((problem) => problem.parameter)).toEqual(['min']);
    const required = parseError(() =>
      parseParameters(
        { ...shape, host: p.string() },
        { metadata: { min: '20' } },
        {
          scalerType: 'demo',
          // typed as a string: a missing required parameter is watched like an invalid one
          validate: (config) => (config.host.startsWith('amqp') ? [] : 'host must be an amqp URL'),
        },
      ),
    );
    expect(required.problems.map((problem) => problem.message)).toEqual([
      'demo: missing required parameter "host" (looked in metadata)',
    ]);
  });
});

describe('a parameter KEDA reads only from authParams, written in metadata', () => {
  const shape = {
    mode: p.enum(['none', 'plain'], { order: ['metadata', 'authParams'], default: 'none' }),
    username: p.string({ order: ['authParams'], optional: true }),
    token: p.string({ order: ['authParams'] }),
    ca: p.string({ order: ['authParams'], optional: true }),
  };
  const rule = (config: { mode: string; username: string | undefined }) =>
    config.mode === 'plain' && config.username === undefined
      ? [{ parameter: 'username', message: '"username" is required with mode plain' }]
      : [];

  it('is never reported missing: the message says where KEDA reads it, and why it is needed', () => {
    const error = parseError(() =>
      parseParameters(
        shape,
        { metadata: { mode: 'plain', username: 'alice', token: 't' }, authParams: {} },
        { scalerType: 'demo', validate: rule },
      ),
    );
    expect(error.problems).toEqual([
      {
        parameter: 'token',
        message:
          'demo: parameter "token" must be given in authParams (a TriggerAuthentication), not in metadata (KEDA does not read it from metadata)',
      },
      {
        parameter: 'username',
        message:
          'demo: parameter "username" must be given in authParams (a TriggerAuthentication), not in metadata (KEDA does not read it from metadata): "username" is required with mode plain',
      },
    ]);
    expect(error.message).not.toContain('missing');
  });

  it('given nowhere, a rule that asks for it says where to give it; given there, the rule message is as written', () => {
    const nowhere = parseError(() =>
      parseParameters(
        shape,
        { metadata: { mode: 'plain' }, authParams: { token: 't' } },
        { scalerType: 'demo', validate: rule },
      ),
    );
    expect(nowhere.problems).toEqual([
      {
        parameter: 'username',
        message: 'demo: "username" is required with mode plain; give it in authParams (a TriggerAuthentication)',
      },
    ]);
    const present = parseError(() =>
      parseParameters(
        shape,
        { metadata: {}, authParams: { token: 't', username: 'u' } },
        { scalerType: 'demo', validate: () => [{ parameter: 'username', message: 'username "u" is not allowed' }] },
      ),
    );
    expect(present.problems).toEqual([{ parameter: 'username', message: 'demo: username "u" is not allowed' }]);
  });

  it('is found in authParams as before, and a value in metadata that nothing needs gets a warning notice', () => {
    const events: ScalerEvent[] = [];
    const config = parseParameters(
      shape,
      { metadata: { mode: 'plain', ca: 'PEM' }, authParams: { username: 'alice', token: 't' } },
      { scalerType: 'demo', validate: rule, emit: (event) => events.push(event) },
    );
    expect(config).toMatchObject({ username: 'alice', token: 't', ca: undefined });
    expect(events).toEqual([
      {
        type: 'Warning',
        reason: 'KEDAScalersInfo',
        message:
          'scaler demo: parameter "ca" in metadata is ignored: KEDA reads it only from authParams (a TriggerAuthentication)',
      },
    ]);
  });
});

describe('unexpected parameters', () => {
  const shape = {
    host: p.string({ order: ['metadata', 'resolvedEnv'] }),
    value: p.float({ name: ['value', 'queueLength'], default: 1 }),
  };

  it('warns about metadata keys nobody reads, FromEnv suffix stripped, when asked', () => {
    const events: ScalerEvent[] = [];
    parseParameters(
      shape,
      {
        metadata: {
          host: 'h',
          queueLength: '2',
          hostFromEnv: 'H',
          mode: 'x',
          modeFromEnv: 'M',
          cloud: 'AWS',
          typo: '1',
        },
        triggerName: 'orders',
      },
      { scalerType: 'demo', emit: (e) => events.push(e), warnUnexpected: true, knownKeys: ['cloud'] },
    );
    expect(events).toEqual([
      { type: 'Warning', reason: 'KEDAScalersInfo', message: 'Unmatched input property mode in scaler demo (orders)' },
      { type: 'Warning', reason: 'KEDAScalersInfo', message: 'Unmatched input property typo in scaler demo (orders)' },
    ]);
  });

  it('stays silent unless asked', () => {
    const events: ScalerEvent[] = [];
    parseParameters(shape, { metadata: { host: 'h', typo: '1' } }, { scalerType: 'demo', emit: (e) => events.push(e) });
    expect(events).toEqual([]);
  });
});
