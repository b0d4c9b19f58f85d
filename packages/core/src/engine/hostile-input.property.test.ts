// decide() either decides or refuses with the engine's typed error (ScalerError, code INVALID_ARGUMENT), whatever
// it is given: values without a usable toString, revoked Proxies, getters that throw, bigints, symbols.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScalerError } from '../errors.js';
import { createScalingEngine } from './engine.js';
import { printable, thrownMessage } from './printable.js';
import { makeScaledObject } from './test-factory.js';
import type { DecideInput, Decision, ScalingEngine } from './types.js';

const specs = {
  a: [{ metricName: 's0-a', targetType: 'AverageValue' as const, targetValue: 10 }],
  b: [{ metricName: 's1-b', targetType: 'Value' as const, targetValue: 25 }],
};

function engineOf(fallback: boolean): ScalingEngine {
  const so = makeScaledObject({
    minReplicaCount: 0,
    maxReplicaCount: 20,
    triggers: [{ name: 'a' }, { name: 'b' }],
    ...(fallback ? { fallback: { failureThreshold: 1, replicas: 3, behavior: 'static' as const } } : {}),
  });
  return createScalingEngine(so, { metricSpecs: specs });
}

/** Values user code can hand over that break a naive `String(value)` or property read. */
function hostileValues(): unknown[] {
  const throwingGetters = Object.defineProperties(
    {},
    Object.fromEntries(
      ['metrics', 'error', 'isActive', 'message', 'metricName', 'value', 'now', 'triggers'].map((name) => [
        name,
        {
          get() {
            throw new Error(`getter ${name}`);
          },
          enumerable: true,
        },
      ]),
    ),
  );
  const trap = () => {
    throw new Error('trap');
  };
  // Every read throws (fast-check only asks `in` of generated values, which this Proxy answers).
  const throwingProxy = new Proxy(
    {},
    { get: trap, getPrototypeOf: trap, ownKeys: trap, getOwnPropertyDescriptor: trap },
  );
  return [
    Object.create(null),
    throwingProxy,
    throwingGetters,
    {
      toString() {
        throw new Error('no toString');
      },
    },
    { [Symbol.toPrimitive]: () => ({}) },
    Symbol('odd'),
    10n,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0,
    '5',
    [],
    () => 1,
  ];
}

const hostileCount = hostileValues().length;
const odd = fc.oneof(
  // Made afresh for each run (fast-check would try to clone a constant, and a revoked Proxy cannot be inspected).
  fc.nat(hostileCount - 1).map((index) => hostileValues()[index]),
  fc.anything({
    withNullPrototype: true,
    withBigInt: true,
    withBoxedValues: true,
    withMap: true,
    withSet: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    withDate: true,
    maxDepth: 2,
  }),
);
const metricName = fc.oneof(fc.constantFrom('s0-a', 'S0-A', 's1-b', 'other'), odd);
const metricValue = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(1.8e305, Number.MAX_VALUE, '100m'), odd);
const metric = fc.oneof(fc.record({ metricName, value: metricValue }), odd);
const observation = fc.oneof(
  fc.record(
    {
      isActive: fc.oneof(fc.boolean(), odd),
      metrics: fc.oneof(fc.array(metric, { maxLength: 4 }), odd),
      error: fc.oneof(fc.constant(undefined), fc.string(), odd),
    },
    { requiredKeys: [] },
  ),
  odd,
);
const decideInput = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record(
      {
        phase: fc.oneof(fc.constantFrom(undefined, 'poll', 'hpa'), odd),
        now: fc.oneof(fc.integer({ min: -1e6, max: 1e9 }), fc.double(), odd),
        currentReplicas: fc.oneof(fc.nat(40), fc.integer(), odd),
        readyReplicas: fc.oneof(fc.constant(undefined), fc.nat(40), odd),
        triggers: fc.oneof(fc.record({ a: observation, b: observation }, { requiredKeys: [] }), odd),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: odd },
);

/** A decision or the engine's typed refusal; anything else fails the property. */
function decideOrRefuse(engine: ScalingEngine, input: unknown): Decision | ScalerError {
  try {
    return engine.decide(input as DecideInput);
  } catch (error) {
    expect(ScalerError.isInstance(error)).toBe(true);
    expect((error as ScalerError).code).toBe('INVALID_ARGUMENT');
    expect((error as ScalerError).message).toMatch(/^decide: /);
    return error as ScalerError;
  }
}

describe('decide() on any input: a decision or the typed refusal', () => {
  it('refuses or decides every input, and each decision is a whole count the engine can snapshot and restore', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(decideInput, { minLength: 1, maxLength: 12 }), (fallback, inputs) => {
        const engine = engineOf(fallback);
        for (const input of inputs) {
          const outcome = decideOrRefuse(engine, input);
          if (ScalerError.isInstance(outcome)) continue;
          expect(Number.isSafeInteger(outcome.desiredReplicas)).toBe(true);
          expect(outcome.desiredReplicas).toBeGreaterThanOrEqual(0);
          expect(typeof String(outcome)).toBe('string');
        }
        const restored = engineOf(fallback);
        restored.restore(JSON.parse(JSON.stringify(engine.snapshot())));
        expect(restored.snapshot()).toEqual(engine.snapshot());
        // A refused input never leaves the engine unusable.
        const after = engine.decide({ now: 2e9, currentReplicas: 1, triggers: {} });
        expect(Number.isSafeInteger(after.desiredReplicas)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it.each([
    ['metrics: null (no values)', { a: { isActive: true, metrics: null } }, 'MetricsUnavailable'],
    ['an error without toString', { a: { isActive: false, error: Object.create(null) } }, 'TriggerErrorHoldsScaleIn'],
    [
      'an error whose toString throws',
      { a: { isActive: false, error: hostileValues()[3] } },
      'TriggerErrorHoldsScaleIn',
    ],
  ])('decides with %s (was a raw TypeError)', (_name, triggers, reason) => {
    const decision = engineOf(false).decide({
      now: 0,
      currentReplicas: 2,
      triggers: { b: { isActive: false, metrics: [] }, ...triggers } as never,
    });
    expect([decision.desiredReplicas, decision.reason]).toEqual([2, reason]);
  });

  it('names the unprintable error as its object tag', () => {
    const decision = engineOf(false).decide({
      now: 0,
      currentReplicas: 2,
      triggers: { a: { isActive: false, error: Object.create(null) }, b: { isActive: false, metrics: [] } },
    });
    expect(decision.explanation.triggers[0]?.error).toBe('[object Object]');
  });

  const valid = { now: 0, currentReplicas: 1, triggers: {} };
  it.each([
    [
      'currentReplicas without toString',
      () => ({ ...valid, currentReplicas: Object.create(null) }),
      /"currentReplicas" must be an integer >= 0, got \[object Object\]/,
    ],
    ['a bigint phase', () => ({ ...valid, phase: 10n }), /"phase" must be "poll".*got 10$/],
    [
      'an observation that is a number',
      () => ({ ...valid, triggers: { a: 5 } }),
      /"triggers.a" must be \{ isActive, metrics\?, error\? \}, got 5/,
    ],
    [
      'metrics that are a string',
      () => ({ ...valid, triggers: { a: { isActive: true, metrics: 'x' } } }),
      /"triggers.a.metrics" must be an array/,
    ],
    [
      'a revoked Proxy as input',
      () => {
        const revoked = Proxy.revocable({}, {});
        revoked.revoke();
        return revoked.proxy;
      },
      /decide: the input could not be read: /,
    ],
    ['a Proxy whose every read throws', () => hostileValues()[1], /decide: the input could not be read: trap/],
    [
      'a metric whose value getter throws',
      () => ({ ...valid, triggers: { a: { isActive: true, metrics: [hostileValues()[2]] } } }),
      /decide: the input could not be read: getter metricName/,
    ],
  ])('refuses %s with a typed INVALID_ARGUMENT naming the problem', (_name, input, message) => {
    let thrown: unknown;
    try {
      engineOf(false).decide(input() as DecideInput);
    } catch (error) {
      thrown = error;
    }
    expect(ScalerError.isInstance(thrown)).toBe(true);
    expect((thrown as ScalerError).code).toBe('INVALID_ARGUMENT');
    expect((thrown as ScalerError).message).toMatch(message);
  });
});

describe('restore() on any input: the state or the typed refusal', () => {
  it.each([
    ['an object without prototype', () => Object.create(null), /^restore: "snapshot" must be an object/],
    ['a Proxy whose every read throws', () => hostileValues()[1], /^restore: the snapshot could not be read: trap$/],
    [
      'a timestamp without toString',
      () => ({ ...engineOf(false).snapshot(), lastActiveTime: Object.create(null) }),
      /^restore: "lastActiveTime" must be a finite number, got \[object Object\]$/,
    ],
  ])('refuses %s with a typed INVALID_ARGUMENT', (_name, snapshot, message) => {
    let thrown: unknown;
    try {
      engineOf(false).restore(snapshot() as never);
    } catch (error) {
      thrown = error;
    }
    expect(ScalerError.isInstance(thrown)).toBe(true);
    expect((thrown as ScalerError).code).toBe('INVALID_ARGUMENT');
    expect((thrown as ScalerError).message).toMatch(message);
  });
});

describe('printable / thrownMessage', () => {
  it.each([
    ['an object without prototype', Object.create(null), '[object Object]'],
    ['an object whose toString throws', hostileValues()[3], '[object Object]'],
    ['a bigint', 10n, '10'],
    ['a symbol', Symbol('s'), 'Symbol(s)'],
    ['an Error', new Error('broker down'), 'Error: broker down'],
  ])('prints %s without throwing', (_name, value, text) => {
    expect(printable(value)).toBe(text);
  });

  it('gives the message of an Error and a printable text for anything else', () => {
    expect(thrownMessage(new Error('broker down'))).toBe('broker down');
    expect(thrownMessage(Object.create(null))).toBe('[object Object]');
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(thrownMessage(revoked.proxy)).toBe('a value that cannot be printed');
  });
});
