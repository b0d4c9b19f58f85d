import { connect, type Socket } from 'node:net';
import {
  defineScaler,
  type MetricTargetType,
  type Scaler,
  ScalerConfigError,
  type ScalerDefinition,
  ScalerError,
  ScalerTimeoutError,
} from '@scalerkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type ConformanceHarness, describeScalerConformance } from './conformance.js';

interface CounterConfig {
  address: string;
  target: number;
  activation: number;
  index: number;
  metricType: MetricTargetType;
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
  | 'late-handle'
  | 'ignores-metric-type'
  | 'plain-error'
  | 'ignores-abort'
  | 'no-deadline'
  | 'auth-in-parse-error';

const aborted = (signal: AbortSignal) =>
  new ScalerError('counter: the poll was aborted', { code: 'ABORTED', cause: signal.reason });

/**
 * An in-memory "service": a counter, 5 ms away. Addresses: `memory` (the counter), `127.0.0.1:1` (refused),
 * `silent:<port>` (a real TCP connection to a server that never answers). `fault` breaks one rule on purpose.
 */
function counterScaler(fault: Fault, source: { backlog: number }): ScalerDefinition<CounterConfig> {
  return defineScaler<CounterConfig>({
    type: 'counter',
    parse({ metadata, authParams = {}, triggerIndex = 0, metricType = 'AverageValue' }) {
      if (!metadata.address) {
        throw new ScalerConfigError('counter: missing required parameter "address"', {
          parameter: fault === 'anonymous-error' ? undefined : 'address',
        });
      }
      const target = Number(metadata.target ?? '5');
      if (!(target > 0)) {
        const user = fault === 'auth-in-parse-error' ? ` (user ${authParams.username})` : '';
        throw new ScalerConfigError(`counter: parameter "target" must be > 0, got "${metadata.target}"${user}`, {
          parameter: 'target',
        });
      }
      return {
        address: metadata.address,
        target,
        activation: Number(metadata.activation ?? '0'),
        index: triggerIndex,
        metricType: fault === 'ignores-metric-type' ? 'AverageValue' : metricType,
        password: authParams.password ?? '',
      };
    },
    create(config, context): Scaler {
      const timer = setInterval(() => {}, 1000);
      leakedTimers.push(timer);
      const closing = new AbortController();
      const sockets = new Set<Socket>();
      let closed = false;
      /** Resolves after `ms`, or rejects with ABORTED when `signal` aborts first (the timer is cleared). */
      const sleep = (ms: number, signal: AbortSignal | undefined) =>
        new Promise<void>((resolve, reject) => {
          const onAbort = () => {
            clearTimeout(wait);
            reject(aborted(signal!));
          };
          const wait = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          }, ms);
          signal?.addEventListener('abort', onAbort, { once: true });
        });
      /** Connects to the silent server and waits for an answer that never comes, until the deadline or an abort. */
      const askSilent = (port: number, signal: AbortSignal) =>
        new Promise<never>((_resolve, reject) => {
          const socket = connect(port, '127.0.0.1');
          sockets.add(socket);
          socket.on('error', () => {});
          const timeoutMs = context.timeoutMs ?? 3000;
          const deadline =
            fault === 'no-deadline'
              ? undefined
              : setTimeout(
                  () =>
                    finish(new ScalerTimeoutError(`counter: ${port} did not answer within ${timeoutMs} ms`, timeoutMs)),
                  timeoutMs,
                );
          const onAbort = () => finish(aborted(signal));
          const finish = (error: ScalerError) => {
            clearTimeout(deadline);
            signal.removeEventListener('abort', onAbort);
            socket.destroy();
            sockets.delete(socket);
            reject(error);
          };
          signal.addEventListener('abort', onAbort, { once: true });
        });
      return {
        getMetricSpecs: () => [
          {
            metricName: fault === 'unprefixed' ? 'counter' : `s${config.index}-counter`,
            targetType: config.metricType,
            targetValue: config.target,
          },
        ],
        async getMetricsAndActivity(metricName, options = {}) {
          if (fault === 'late-handle') {
            // like a client call that cannot be cancelled: it goes on after close() and opens a handle
            await new Promise((resolve) => setImmediate(resolve));
            if (closed) leakedTimers.push(setInterval(() => {}, 1000));
          }
          if (closed) throw new ScalerError('counter: the scaler is closed', { code: 'CLOSED' });
          const signal = AbortSignal.any(
            [context.signal, closing.signal, options.signal].filter((s): s is AbortSignal => s !== undefined),
          );
          if (signal.aborted) throw aborted(signal);
          if (config.address.startsWith('silent:')) return askSilent(Number(config.address.slice(7)), signal);
          if (config.address !== 'memory') {
            const detail = `counter: cannot reach ${config.address}${fault === 'secret-in-error' ? ` with password ${config.password}` : ''}`;
            if (fault === 'plain-error') throw new Error(detail);
            throw new ScalerError(detail, { code: 'CONNECTION_ERROR' });
          }
          await sleep(5, fault === 'ignores-abort' ? undefined : signal);
          const value = source.backlog;
          const isActive = fault === 'activation-inclusive' ? value >= config.activation : value > config.activation;
          return { metrics: [{ metricName, value }], isActive };
        },
        async close() {
          closed = true;
          closing.abort();
          for (const socket of sockets) socket.destroy();
          if (fault !== 'leak') clearInterval(timer);
        },
      };
    },
  });
}

/** Runs the suite with a recording vitest API: the names of the tests that ran, failed and were skipped, and why they failed. */
async function runSuite(
  fault: Fault,
  change: (harness: ConformanceHarness) => ConformanceHarness = (harness) => harness,
): Promise<{ tests: string[]; failed: string[]; skipped: string[]; messages: string[] }> {
  const source = { backlog: 0 };
  const harness: ConformanceHarness = change({
    metadata: ({ target, activation }) => ({
      address: 'memory',
      target: String(target),
      activation: String(activation),
    }),
    authParams: { username: 'counter-user', password: 'hunter2-secret' },
    requiredParameters: ['address'],
    invalidMetadata: { target: '-1' },
    reset: () => {
      source.backlog = 0;
    },
    produceBacklog: (count) => {
      source.backlog += count;
    },
    unreachableMetadata: () => ({ address: '127.0.0.1:1' }),
    silentMetadata: ({ target, address }) => ({ address: `silent:${address.port}`, target: String(target) }),
    secrets: ['hunter2-secret'],
  });
  const tests: { name: string; fn: () => unknown }[] = [];
  const skipped: string[] = [];
  const hooks = { before: [] as (() => unknown)[], after: [] as (() => unknown)[] };
  describeScalerConformance(counterScaler(fault, source), harness, {
    vitest: {
      describe: (_name: string, fn: () => void) => fn(),
      it: Object.assign((name: string, fn: () => unknown) => tests.push({ name, fn }), {
        skip: (name: string) => skipped.push(name),
      }),
      expect,
      beforeAll: (fn) => hooks.before.push(fn),
      afterAll: (fn) => hooks.after.push(fn),
    },
    deadlineMs: 200,
    settleMs: 500,
  });
  const failed: string[] = [];
  const messages: string[] = [];
  for (const hook of hooks.before) await hook();
  for (const test of tests) {
    try {
      await test.fn();
    } catch (error) {
      failed.push(test.name);
      messages.push(`${test.name}: ${(error as Error).message}`);
    }
  }
  for (const hook of hooks.after) await hook();
  return { tests: tests.map((test) => test.name), failed, skipped, messages };
}

const DEADLINE = 'reports a poll past its 200 ms deadline as TIMEOUT within 700 ms';
const AUTH_IN_PARSE_ERROR = 'never puts an authParams value in a parse error';

describe('describeScalerConformance', () => {
  it('registers the full suite and passes a conforming scaler', async () => {
    const { tests, failed, skipped, messages } = await runSuite('none');
    expect(tests).toEqual([
      'has a trigger type and a pure parse()',
      'rejects missing "address" with ScalerConfigError naming it',
      'rejects target="-1" with ScalerConfigError naming it',
      AUTH_IN_PARSE_ERROR,
      'names its metrics s{triggerIndex}-... (index 0 and 3)',
      'honours metricType: Value in its metric specs (AverageValue by default)',
      'reports the backlog the source holds (7)',
      'is inactive at the activation threshold (3) and active above it',
      'leaves no handles after close(), and close() twice is safe',
      'leaves no handles when close() comes while an aborted poll is still running (an autoscaler stopping)',
      'settles an aborted poll within 500 ms with code ABORTED',
      'fails with an error within 5000 ms when the source is unreachable',
      'reports an unreachable source as a ScalerError with a stable code',
      DEADLINE,
      'never shows a secret in an error',
    ]);
    expect(failed, messages.join('\n')).toEqual([]);
    expect(skipped).toEqual([]);
  });

  it('skips, with the reason in the name, the checks the harness gives nothing for', async () => {
    const { tests, failed, skipped } = await runSuite('none', (harness) => {
      const { authParams, unreachableMetadata, silentMetadata, ...rest } = harness;
      return rest;
    });
    expect(skipped).toEqual([
      `${AUTH_IN_PARSE_ERROR} (skipped: the harness gives no authParams of 3 characters or more)`,
      'fails with an error within 5000 ms when the source is unreachable (skipped: the harness gives no unreachableMetadata)',
      'reports an unreachable source as a ScalerError with a stable code (skipped: the harness gives no unreachableMetadata)',
      `${DEADLINE} (skipped: the harness gives no silentMetadata)`,
    ]);
    expect(tests).toHaveLength(11);
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
    ['ignores-metric-type', ['honours metricType: Value in its metric specs (AverageValue by default)']],
    ['plain-error', ['reports an unreachable source as a ScalerError with a stable code']],
    ['ignores-abort', ['settles an aborted poll within 500 ms with code ABORTED']],
    ['no-deadline', [DEADLINE]],
    ['auth-in-parse-error', [AUTH_IN_PARSE_ERROR]],
  ] as const)('catches a scaler with fault %s', async (fault, expected) => {
    const { failed, messages } = await runSuite(fault);
    expect(failed, messages.join('\n')).toEqual(expected);
  });
});
