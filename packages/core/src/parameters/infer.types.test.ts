// Type-level tests: checked by `tsc` (the file is in the package's include) and by vitest at run time as no-ops.
import { describe, expectTypeOf, it } from 'vitest';
import { type InferParameters, type ParameterShape, parameters as p } from './builders.js';
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
  old: p.string({ optional: true, deprecated: 'use "new" instead' }),
  announced: p.string({ optional: true, deprecatedAnnounce: '"announced" is deprecated, use "x"' }),
  mode: p.enum(['a', 'b', 'c'], { optional: true, separator: ',', exclusiveSet: ['a', 'b'] }),
};

describe('InferParameters', () => {
  it('gives the exact config type', () => {
    expectTypeOf<InferParameters<typeof kafkaParameters>>().toEqualTypeOf<{
      bootstrapServers: string[];
      consumerGroup: string;
      topic: string | undefined;
      lagThreshold: number;
      activationLagThreshold: number;
      offsetResetPolicy: 'latest' | 'earliest';
      allowIdleConsumers: boolean;
      partitionLimitation: number[] | undefined;
      value: number;
      password: string | undefined;
      headers: Record<string, string> | undefined;
      timeout: number | undefined;
      old: string | undefined;
      announced: string | undefined;
      mode: string | undefined;
    }>();
  });

  it('is what parseParameters returns and what validate receives', () => {
    const run = () =>
      parseParameters(
        kafkaParameters,
        { metadata: {} },
        {
          scalerType: 'kafka',
          validate: (config) => {
            expectTypeOf(config).toEqualTypeOf<InferParameters<typeof kafkaParameters>>();
          },
        },
      );
    expectTypeOf(run).returns.toEqualTypeOf<InferParameters<typeof kafkaParameters>>();
  });

  it('types each builder by its options', () => {
    const shape = {
      plain: p.string(),
      requiredExplicit: p.integer({ optional: false }),
      optionalWithDefault: p.float({ optional: true, default: 1 }),
      deprecatedOnly: p.boolean({ deprecated: 'gone' }),
      enumRequired: p.enum(['x', 'y']),
      enumOptional: p.enum(['x', 'y'], { optional: true }),
      enumList: p.enumList(['x', 'y'], { default: ['x'] }),
      floats: p.list({ of: 'float' }),
      booleans: p.list({ of: 'boolean', optional: true }),
      strings: p.list({ of: 'string', separator: ';' }),
      map: p.map({ default: { a: 'b' } }),
      duration: p.duration({ default: '30s' }),
    } satisfies ParameterShape;
    expectTypeOf<InferParameters<typeof shape>>().toEqualTypeOf<{
      plain: string;
      requiredExplicit: number;
      optionalWithDefault: number;
      deprecatedOnly: boolean | undefined;
      enumRequired: 'x' | 'y';
      enumOptional: 'x' | 'y' | undefined;
      enumList: ('x' | 'y')[];
      floats: number[];
      booleans: boolean[] | undefined;
      strings: string[];
      map: Record<string, string>;
      duration: number;
    }>();
  });

  it('refuses ill-typed declarations at compile time', () => {
    // @ts-expect-error the default must be a member of the enum
    expectTypeOf(() => p.enum(['a', 'b'], { default: 'c' })).toBeFunction();
    // @ts-expect-error unknown source
    expectTypeOf(() => p.string({ order: ['triggerMetadata'] })).toBeFunction();
    // @ts-expect-error integer default must be a number
    expectTypeOf(() => p.integer({ default: '10' })).toBeFunction();
    // @ts-expect-error unknown list element type
    expectTypeOf(() => p.list({ of: 'date' })).toBeFunction();
    // @ts-expect-error unknown option key (the key is `name`)
    expectTypeOf(() => p.string({ names: ['a', 'b'] })).toBeFunction();
  });
});
