// What user code can do to an autoscaler (issue 10): a target that hangs or throws values without toString,
// listeners and loggers that throw, stop() while any of it hangs. Every call into user code is bounded, every
// thrown value becomes an error event, nothing reaches the process as an unhandled rejection.
import { constantScaler, FakeClock } from '@scalerkit/testing';
import { describe, expect, it } from 'vitest';
import { ScalerError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ScalerRegistry } from '../registry.js';
import { type AutoscalerOptions, createAutoscaler } from './autoscaler.js';
import type { AutoscalerErrorEvent, DecisionEvent } from './events.js';
import { InMemoryScaleTarget, type ScaleTarget } from './scale-target.js';
import { manifest, watchUnhandledRejections } from './test-support.js';

const unhandled = watchUnhandledRejections();

function setup(options: Partial<AutoscalerOptions> & { clock?: FakeClock; value?: number } = {}) {
  const clock = options.clock ?? new FakeClock();
  const autoscaler = createAutoscaler({
    scaledObject: manifest(),
    target: new InMemoryScaleTarget({ clock }),
    clock,
    hpaSyncPeriodMs: 0,
    scalers: { '0': constantScaler(options.value ?? 25, { targetValue: 10, clock }) },
    ...options,
  });
  const decisions: DecisionEvent[] = [];
  const errors: AutoscalerErrorEvent[] = [];
  autoscaler.on('decision', (event) => decisions.push(event));
  autoscaler.on('error', (event) => errors.push(event));
  return { clock, autoscaler, decisions, errors };
}

const never = <T>() => new Promise<T>(() => {});
const summary = (events: AutoscalerErrorEvent[]) => events.map((e) => [e.at, e.phase, e.error.code, e.error.message]);

describe('target calls are bounded by targetTimeoutMs', () => {
  it('reports a hung getReplicas() as a TIMEOUT error event and keeps polling on schedule', async () => {
    const signals: AbortSignal[] = [];
    const target: ScaleTarget = {
      getReplicas: (options) => {
        if (options?.signal) signals.push(options.signal);
        return never();
      },
      setReplicas: async () => {},
    };
    const { clock, autoscaler, errors, decisions } = setup({ target, targetTimeoutMs: 3_000 });
    const polls: number[] = [];
    autoscaler.on('poll', (event) => polls.push(event.at));
    await autoscaler.start();
    await clock.advance(25_000);
    expect(polls).toEqual([0, 10_000, 20_000]);
    expect(decisions).toEqual([]);
    // The first call is abandoned at its deadline; while it hangs, later decisions fail at once.
    expect(summary(errors)).toEqual([
      [3_000, 'getReplicas', 'TIMEOUT', 'target.getReplicas() did not answer within 3000 ms'],
      [
        10_000,
        'getReplicas',
        'TIMEOUT',
        'target.getReplicas() not called: an earlier getReplicas() abandoned at its 3000 ms deadline has not returned',
      ],
      [
        20_000,
        'getReplicas',
        'TIMEOUT',
        'target.getReplicas() not called: an earlier getReplicas() abandoned at its 3000 ms deadline has not returned',
      ],
    ]);
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
    await autoscaler.stop();
    expect(autoscaler.state).toBe('stopped');
  });

  it('calls a target again once its abandoned call has returned', async () => {
    let release: () => void = () => {};
    let calls = 0;
    const target: ScaleTarget = {
      getReplicas: () => {
        calls += 1;
        if (calls === 1) return new Promise((resolve) => (release = () => resolve({ replicas: 0 })));
        return Promise.resolve({ replicas: 0 });
      },
      setReplicas: async () => {},
    };
    const { clock, autoscaler, errors, decisions } = setup({ target, targetTimeoutMs: 3_000 });
    await autoscaler.start();
    await clock.advance(5_000);
    release();
    await clock.advance(5_000);
    expect(errors.map((e) => e.phase)).toEqual(['getReplicas']);
    expect(decisions.map((e) => [e.at, e.decision.desiredReplicas])).toEqual([[10_000, 1]]);
    await autoscaler.stop();
  });

  it('reports a hung setReplicas() as a TIMEOUT error event', async () => {
    const target: ScaleTarget = { getReplicas: async () => ({ replicas: 0 }), setReplicas: () => never() };
    const { clock, autoscaler, errors } = setup({ target });
    await autoscaler.start();
    await clock.advance(10_000);
    // The default deadline, 10 s, ends as the second poll decides: that decision finds the call still hung.
    expect(summary(errors)).toEqual([
      [10_000, 'setReplicas', 'TIMEOUT', 'target.setReplicas(1) did not answer within 10000 ms'],
      [
        10_000,
        'setReplicas',
        'TIMEOUT',
        'target.setReplicas(1) not called: an earlier setReplicas() abandoned at its 10000 ms deadline has not returned',
      ],
    ]);
    await autoscaler.stop();
  });

  it('stop() cancels a hung target call at once and reports nothing for it', async () => {
    const target: ScaleTarget = { getReplicas: () => never(), setReplicas: async () => {} };
    const { clock, autoscaler, errors } = setup({ target });
    await autoscaler.start();
    await clock.advance(1_000);
    let stopped = false;
    autoscaler.stop().then(() => {
      stopped = true;
    });
    await clock.flush();
    expect([stopped, errors]).toEqual([true, []]);
  });

  it.each([
    ['targetTimeoutMs', -1],
    ['stopTimeoutMs', Number.NaN],
    ['targetTimeoutMs', '5'],
  ])('refuses option %s = %s', (name, value) => {
    expect(() => setup({ [name]: value })).toThrow(`option "${name}" must be a number >= 0 (ms)`);
  });
});

describe('stop() settles within stopTimeoutMs whatever user code does', () => {
  it('settles while the scalers are still being built by a registry that never answers', async () => {
    const clock = new FakeClock();
    const registry = { resolve: () => never() } as unknown as ScalerRegistry;
    const { autoscaler, errors } = setup({ clock, registry, scalers: undefined, stopTimeoutMs: 5_000 });
    autoscaler.start().catch(() => {});
    await clock.flush();
    let stopped = false;
    autoscaler.stop().then(() => {
      stopped = true;
    });
    await clock.advance(4_999);
    expect(stopped).toBe(false);
    await clock.advance(1);
    expect([stopped, autoscaler.state]).toEqual([true, 'stopped']);
    expect(summary(errors)).toEqual([
      [
        5_000,
        'close',
        'TIMEOUT',
        'autoscaler "shop/orders": stop() did not finish within 5000 ms (still building the scalers); the rest goes on in the background',
      ],
    ]);
  });

  it.each([
    ['2 × 10 s + 1 s + 5 s', 10_000, 26_000],
    ['10 s + 5 s without a poll timeout', 0, 15_000],
  ])('defaults to the scalers’ close bound plus 5 s: %s', async (_name, pollTimeoutMs, bound) => {
    const clock = new FakeClock();
    const registry = { resolve: () => never() } as unknown as ScalerRegistry;
    const { autoscaler } = setup({ clock, registry, scalers: undefined, pollTimeoutMs });
    autoscaler.start().catch(() => {});
    let stopped = false;
    autoscaler.stop().then(() => {
      stopped = true;
    });
    await clock.advance(bound - 1);
    expect(stopped).toBe(false);
    await clock.advance(1);
    expect(stopped).toBe(true);
  });
});

describe('odd values thrown by user code become error events, never unhandled rejections', () => {
  const bare = () => Object.create(null) as object;

  it('a target that throws an object without toString', async () => {
    const target: ScaleTarget = {
      getReplicas: () => Promise.reject(bare()),
      setReplicas: async () => {},
    };
    const { clock, autoscaler, errors } = setup({ target });
    await autoscaler.start();
    await clock.advance(0);
    expect(summary(errors)).toEqual([
      [0, 'getReplicas', 'SCALER_ERROR', 'reading the target replicas failed: [object Object]'],
    ]);
    await autoscaler.stop();
    expect(unhandled).not.toHaveBeenCalled();
  });

  it('a target whose setReplicas throws synchronously a value whose toString throws', async () => {
    const target: ScaleTarget = {
      getReplicas: async () => ({ replicas: 0 }),
      setReplicas: () => {
        throw {
          toString() {
            throw new Error('no');
          },
        };
      },
    };
    const { clock, autoscaler, errors } = setup({ target });
    await autoscaler.start();
    await clock.advance(0);
    expect(summary(errors)).toEqual([
      [0, 'setReplicas', 'SCALER_ERROR', 'scaling the target to 1 failed: [object Object]'],
    ]);
    await autoscaler.stop();
    expect(unhandled).not.toHaveBeenCalled();
  });

  it('a target reporting a replica count without toString', async () => {
    const target: ScaleTarget = {
      getReplicas: async () => ({ replicas: bare() as never }),
      setReplicas: async () => {},
    };
    const { clock, autoscaler, errors } = setup({ target });
    await autoscaler.start();
    await clock.advance(0);
    expect(errors[0]?.error.message).toBe(
      'target.getReplicas() returned replicas [object Object], expected an integer >= 0',
    );
    await autoscaler.stop();
  });

  it('listeners that throw or reject with such a value, and a logger that throws too', async () => {
    const logged: unknown[] = [];
    const logger: Logger = {
      debug: () => {},
      info: () => {
        throw bare();
      },
      warn: () => {
        throw bare();
      },
      error: (message, fields) => {
        logged.push([message, fields]);
      },
    };
    const { clock, autoscaler, decisions } = setup({ logger });
    autoscaler.on('decision', () => {
      throw bare();
    });
    autoscaler.on('scale', async () => {
      throw bare();
    });
    await autoscaler.start();
    await clock.advance(10_000);
    expect(decisions.map((e) => e.decision.desiredReplicas)).toEqual([1, 3]);
    expect(logged).toEqual([
      ['event listener threw', { event: 'decision', error: '[object Object]' }],
      ['event listener threw', { event: 'scale', error: '[object Object]' }],
      ['event listener threw', { event: 'decision', error: '[object Object]' }],
      ['event listener threw', { event: 'scale', error: '[object Object]' }],
    ]);
    await autoscaler.stop();
    expect(unhandled).not.toHaveBeenCalled();
  });

  it('an error listener that throws while reporting', async () => {
    const target: ScaleTarget = { getReplicas: () => Promise.reject(bare()), setReplicas: async () => {} };
    const { clock, autoscaler } = setup({ target });
    autoscaler.on('error', () => {
      throw bare();
    });
    await autoscaler.start();
    await clock.advance(20_000);
    await autoscaler.stop();
    expect([autoscaler.state, unhandled.mock.calls.length]).toEqual(['stopped', 0]);
  });

  it('keeps a ScalerError thrown by a target as it is', async () => {
    const thrown = new ScalerError('apiserver: forbidden', { code: 'AUTHENTICATION_ERROR' });
    const target: ScaleTarget = { getReplicas: () => Promise.reject(thrown), setReplicas: async () => {} };
    const { clock, autoscaler, errors } = setup({ target });
    await autoscaler.start();
    await clock.advance(0);
    expect(errors[0]?.error).toBe(thrown);
    await autoscaler.stop();
  });
});
