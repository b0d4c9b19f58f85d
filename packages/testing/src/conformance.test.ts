import { defineScaler, type Scaler, ScalerConfigError, type ScalerDefinition } from '@scalerkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type ConformanceHarness, describeScalerConformance } from './conformance.js';

interface CounterConfig {
  address: string;
  target: number;
  activation: number;
  index: number;
  password: string;
}

const leakedTimers: NodeJS.Timeout[] = [];

type Fault =
  | 'none'
  | 'leak'
  | 'unprefixed'
  | 'anonymous-error'
  | 'secret-in-error'
  | 'activation-inclusive'
  | 'late-handle';

/** An in-memory "service": a counter. The scaler reports it; `fault` breaks one rule on purpose. */
function counterScaler(fault: Fault, source: { backlog: number }): ScalerDefinition<CounterConfig> {
  return defineScaler<CounterConfig>({
    type: 'counter',
    parse({ metadata, authParams = {}, triggerIndex = 0 }) {
      if (!metadata.address) {
        throw new ScalerConfigError('counter: missing required parameter "address"', {
          parameter: fault === 'anonymous-error' ? undefined : 'address',
        });
      }
      const target = Number(metadata.target ?? '5');
      if (!(target > 0))
        throw new ScalerConfigError(`counter: parameter "target" must be > 0, got "${metadata.target}"`, {
          parameter: 'target',
        });
      return {
        address: metadata.address,
        target,
        activation: Number(metadata.activation ?? '0'),
        index: triggerIndex,
        password: authParams.password ?? '',
      };
    },
    create(config): Scaler {
      const timer = setInterval(() => {}, 1000);
      leakedTimers.push(timer);
      let closed = false;
      return {
        getMetricSpecs: () => [
          {
            metricName: fault === 'unprefixed' ? 'counter' : `s${config.index}-counter`,
            targetType: 'AverageValue',
            targetValue: config.target,
          },
        ],
        async getMetricsAndActivity(metricName) {
          if (fault === 'late-handle') {
            // like a client call that cannot be cancelled: it goes on after close() and opens a handle
            await new Promise((resolve) => setImmediate(resolve));
            if (closed) leakedTimers.push(setInterval(() => {}, 1000));
          }
          if (config.address !== 'memory') {
            throw new Error(
              `counter: cannot reach ${config.address}${fault === 'secret-in-error' ? ` with password ${config.password}` : ''}`,
            );
          }
          const value = source.backlog;
          const isActive = fault === 'activation-inclusive' ? value >= config.activation : value > config.activation;
          return { metrics: [{ metricName, value }], isActive };
        },
        async close() {
          closed = true;
          if (fault !== 'leak') clearInterval(timer);
        },
      };
    },
  });
}

/** Runs the suite with a recording vitest API and returns the names of the tests that failed. */
async function runSuite(fault: Fault): Promise<{ tests: string[]; failed: string[] }> {
  const source = { backlog: 0 };
  const harness: ConformanceHarness = {
    metadata: ({ target, activation }) => ({
      address: 'memory',
      target: String(target),
      activation: String(activation),
    }),
    authParams: { password: 'hunter2-secret' },
    requiredParameters: ['address'],
    invalidMetadata: { target: '-1' },
    reset: () => {
      source.backlog = 0;
    },
    produceBacklog: (count) => {
      source.backlog += count;
    },
    unreachableMetadata: () => ({ address: '127.0.0.1:1' }),
    secrets: ['hunter2-secret'],
  };
  const tests: { name: string; fn: () => unknown }[] = [];
  const hooks = { before: [] as (() => unknown)[], after: [] as (() => unknown)[] };
  describeScalerConformance(counterScaler(fault, source), harness, {
    vitest: {
      describe: (_name: string, fn: () => void) => fn(),
      it: (name: string, fn: () => unknown) => tests.push({ name, fn }),
      expect,
      beforeAll: (fn) => hooks.before.push(fn),
      afterAll: (fn) => hooks.after.push(fn),
    },
  });
  const failed: string[] = [];
  for (const hook of hooks.before) await hook();
  for (const test of tests) {
    try {
      await test.fn();
    } catch {
      failed.push(test.name);
    }
  }
  for (const hook of hooks.after) await hook();
  return { tests: tests.map((test) => test.name), failed };
}

describe('describeScalerConformance', () => {
  it('registers the full suite and passes a conforming scaler', async () => {
    const { tests, failed } = await runSuite('none');
    expect(tests).toEqual([
      'has a trigger type and a pure parse()',
      'rejects missing "address" with ScalerConfigError naming it',
      'rejects target="-1" with ScalerConfigError naming it',
      'names its metrics s{triggerIndex}-... (index 0 and 3)',
      'reports the backlog the source holds (7)',
      'is inactive at the activation threshold (3) and active above it',
      'leaves no handles after close(), and close() twice is safe',
      'leaves no handles when close() comes while an aborted poll is still running (an autoscaler stopping)',
      'fails with an error within 5000 ms when the source is unreachable',
      'never shows a secret in an error',
    ]);
    expect(failed).toEqual([]);
  });

  afterAll(() => {
    for (const timer of leakedTimers) clearInterval(timer);
  });

  it.each([
    [
      'leak',
      [
        'leaves no handles after close(), and close() twice is safe',
        'leaves no handles when close() comes while an aborted poll is still running (an autoscaler stopping)',
      ],
    ],
    [
      'late-handle',
      ['leaves no handles when close() comes while an aborted poll is still running (an autoscaler stopping)'],
    ],
    ['unprefixed', ['names its metrics s{triggerIndex}-... (index 0 and 3)']],
    ['anonymous-error', ['rejects missing "address" with ScalerConfigError naming it']],
    ['secret-in-error', ['never shows a secret in an error']],
    ['activation-inclusive', ['is inactive at the activation threshold (3) and active above it']],
  ] as const)('catches a scaler with fault %s', async (fault, expected) => {
    const { failed } = await runSuite(fault);
    expect(failed).toEqual(expected);
  });
});
