import { constantScaler, FakeClock, failingScaler, pushScaler, slowScaler } from '@scalerkit/testing';
import { describe, expect, it, vi } from 'vitest';
import { ScalerError, ScalerTimeoutError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { MetricsAndActivity, PushScaler, Scaler } from '../types.js';
import { createScalerRuntime, wrapScaler } from './scaler-runtime.js';

const base = { type: 'kafka', triggerIndex: 1 };

async function rejection(promise: Promise<unknown>): Promise<ScalerError> {
  try {
    await promise;
  } catch (error) {
    if (!ScalerError.isInstance(error)) throw new Error(`not a ScalerError: ${String(error)}`);
    return error;
  }
  throw new Error('expected a rejection');
}

function scriptedResults(results: Array<MetricsAndActivity | Error | unknown>): Scaler & { calls: number } {
  const scaler = {
    calls: 0,
    getMetricSpecs: () => [{ metricName: 's1-m', targetType: 'AverageValue' as const, targetValue: 1 }],
    async getMetricsAndActivity() {
      const result = results[scaler.calls++];
      if (result instanceof Error) throw result;
      return result as MetricsAndActivity;
    },
    close: async () => {},
  };
  return scaler;
}

describe('createScalerRuntime', () => {
  it('is also exported as wrapScaler', () => {
    expect(wrapScaler).toBe(createScalerRuntime);
  });

  it('passes specs and metrics through, clamping values with milli precision and keeping activity', async () => {
    const scaler = scriptedResults([
      {
        metrics: [
          { metricName: 'a', value: Number.NaN },
          { metricName: 'b', value: Number.POSITIVE_INFINITY },
          { metricName: 'c', value: -4 },
          { metricName: 'd', value: 1.23456 },
        ],
        isActive: true,
      },
    ]);
    const runtime = createScalerRuntime(scaler, base);
    expect(runtime.getMetricSpecs()).toEqual([{ metricName: 's1-m', targetType: 'AverageValue', targetValue: 1 }]);
    expect(await runtime.getMetricsAndActivity('s1-m')).toEqual({
      metrics: [
        { metricName: 'a', value: 0 },
        { metricName: 'b', value: 0 },
        { metricName: 'c', value: 0 },
        { metricName: 'd', value: 1.235 },
      ],
      isActive: true,
    });
    expect(runtime.isPush).toBe(false);
    expect(runtime.scaler).toBe(scaler);
  });

  it('refuses every use after close() with code CLOSED, and close is idempotent', async () => {
    const scaler = constantScaler(1);
    const runtime = createScalerRuntime(scaler, base);
    const first = runtime.close();
    expect(runtime.close()).toBe(first);
    await first;
    await runtime.close();
    expect(scaler.closeCount).toBe(1);
    expect(runtime.closed).toBe(true);
    const error = await rejection(runtime.getMetricsAndActivity('s0-scripted'));
    expect(error.code).toBe('CLOSED');
    expect(error.message).toBe('kafka trigger 1: getMetricsAndActivity() called after close()');
    expect(() => runtime.getMetricSpecs()).toThrow(expect.objectContaining({ code: 'CLOSED' }));
    expect((await rejection(runtime.run(() => {}, new AbortController().signal))).code).toBe('CLOSED');
    expect(scaler.calls).toHaveLength(0);
  });

  it('rejects a pending poll with CLOSED when closed meanwhile, clearing its timer', async () => {
    const clock = new FakeClock();
    const runtime = createScalerRuntime(slowScaler({ delayMs: 60_000, clock }), { ...base, timeoutMs: 5_000, clock });
    const pending = rejection(runtime.getMetricsAndActivity('s0-scripted'));
    await clock.flush();
    await runtime.close();
    expect((await pending).code).toBe('CLOSED');
    expect(clock.pendingTimers).toBe(0);
  });

  it('times out, aborting the signal it passed, and clears its timer when the scaler respects it', async () => {
    const clock = new FakeClock();
    let seen: AbortSignal | undefined;
    const inner = slowScaler({ delayMs: 60_000, clock });
    const spy = vi.spyOn(inner, 'getMetricsAndActivity').mockImplementation((name, options) => {
      seen = options?.signal;
      return slowScaler({ delayMs: 60_000, clock }).getMetricsAndActivity(name, options);
    });
    const runtime = createScalerRuntime(inner, { ...base, timeoutMs: 3_000, clock, refreshOnError: true });
    const pending = rejection(runtime.getMetricsAndActivity('s0-scripted'));
    await clock.advance(2_999);
    expect(seen?.aborted).toBe(false);
    await clock.advance(1);
    const error = await pending;
    expect(ScalerTimeoutError.isInstance(error)).toBe(true);
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe('kafka trigger 1: getMetricsAndActivity("s0-scripted") timed out after 3000 ms');
    expect((error as ScalerTimeoutError).timeoutMs).toBe(3_000);
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe(error);
    // no retry after a timeout: the deadline covers the whole call
    expect(spy).toHaveBeenCalledTimes(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects within the timeout even when the scaler ignores the signal', async () => {
    const clock = new FakeClock();
    const inner = slowScaler({ delayMs: 60_000, clock, respectSignal: false });
    const runtime = createScalerRuntime(inner, { ...base, timeoutMs: 1_000, clock });
    const pending = runtime.getMetricsAndActivity('s0-scripted');
    let settledAt: number | undefined;
    pending.catch(() => {
      settledAt = clock.now();
    });
    await clock.advance(1_000);
    expect(settledAt).toBe(1_000);
    expect((await rejection(pending)).code).toBe('TIMEOUT');
    // only the scaler's own timer remains
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(59_000);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a call stuck past its deadline does not hold the next: one call at a time only within the deadline', async () => {
    const clock = new FakeClock();
    const inner = slowScaler({ delayMs: 4_000, clock, respectSignal: false, value: 3 });
    const runtime = createScalerRuntime(inner, { ...base, timeoutMs: 3_000, clock });
    const first = rejection(runtime.getMetricsAndActivity('s0-scripted'));
    const waiting = runtime.getMetricsAndActivity('s0-scripted').catch((e: unknown) => e);
    await clock.advance(3_000);
    expect((await first).code).toBe('TIMEOUT');
    // The second call waited while the first was within its deadline, then started at once.
    expect(inner.calls.map((call) => call.at)).toEqual([0, 3_000]);
    await clock.advance(3_000);
    expect(await waiting).toMatchObject({ code: 'TIMEOUT' });
    await clock.advance(10_000);
  });

  it('keeps polling on schedule when the first call hangs for ever (was: 1 call and 16 timeouts in 8 s)', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const scaler: Scaler = {
      getMetricSpecs: () => [{ metricName: 's1-m', targetType: 'AverageValue', targetValue: 1 }],
      getMetricsAndActivity: () => {
        calls += 1;
        // The first call ignores its signal and never returns; later ones answer at once.
        if (calls === 1) return new Promise<MetricsAndActivity>(() => {});
        return Promise.resolve({ metrics: [{ metricName: 's1-m', value: calls }], isActive: true });
      },
      close: async () => {},
    };
    const runtime = createScalerRuntime(scaler, { ...base, timeoutMs: 500, clock, refreshOnError: false });
    const outcomes: string[] = [];
    for (let at = 0; at < 8_000; at += 500) {
      const poll = runtime.getMetricsAndActivity('s1-m').then(
        (answer) => `value ${answer.metrics[0]!.value}`,
        (error: ScalerError) => error.code,
      );
      await clock.advance(500);
      outcomes.push(await poll);
    }
    expect(outcomes[0]).toBe('TIMEOUT');
    expect(outcomes.slice(1)).toEqual(Array.from({ length: 15 }, (_, index) => `value ${index + 2}`));
    expect(calls).toBe(16);
    const closing = runtime.close();
    await clock.advance(2_000);
    await closing;
  });

  it('without rebuild, stops calling a scaler at maxAbandonedCalls hanging calls, and calls again when one returns', async () => {
    const clock = new FakeClock();
    const inner = slowScaler({ delayMs: 10_000, clock, respectSignal: false, value: 1 });
    const runtime = createScalerRuntime(inner, { ...base, timeoutMs: 1_000, clock, maxAbandonedCalls: 2 });
    const codes: string[] = [];
    const messages: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      const poll = rejection(runtime.getMetricsAndActivity('s0-scripted'));
      await clock.advance(1_000);
      const error = await poll;
      codes.push(error.code);
      messages.push(error.message);
    }
    expect(codes).toEqual(['TIMEOUT', 'TIMEOUT', 'TIMEOUT', 'TIMEOUT']);
    // Two hanging calls (started at 0 and 1 000); the third and fourth polls did not call the scaler.
    expect(inner.calls.map((call) => call.at)).toEqual([0, 1_000]);
    expect(messages[2]).toBe(
      'kafka trigger 1: getMetricsAndActivity("s0-scripted") not called: 2 earlier call(s) abandoned at their deadline have not returned',
    );
    await clock.advance(6_000); // the first hanging call returns at 10 000
    const next = runtime.getMetricsAndActivity('s0-scripted').catch((e: unknown) => e);
    expect(inner.calls.map((call) => call.at)).toEqual([0, 1_000]);
    await clock.advance(0);
    expect(inner.calls.map((call) => call.at)).toEqual([0, 1_000, 10_000]);
    await clock.advance(20_000);
    await next;
  });

  it('rebuilds a registry-built scaler after repeated timeouts, closing the old one in the background, bounded', async () => {
    const clock = new FakeClock();
    const hung = slowScaler({ delayMs: 3_600_000, clock, respectSignal: false, value: 1 });
    let closeCalls = 0;
    hung.close = () => {
      closeCalls += 1;
      return new Promise<void>(() => {}); // a close() that never returns
    };
    const fresh = constantScaler(5);
    const warnings: string[] = [];
    const logger: Logger = { debug() {}, info() {}, warn: (message) => warnings.push(message), error() {} };
    const runtime = createScalerRuntime(hung, {
      ...base,
      timeoutMs: 1_000,
      clock,
      logger,
      rebuild: () => fresh,
      rebuildAfterTimeouts: 2,
      closeTimeoutMs: 5_000,
    });
    for (let index = 0; index < 2; index += 1) {
      const poll = rejection(runtime.getMetricsAndActivity('s0-scripted'));
      await clock.advance(1_000);
      expect((await poll).code).toBe('TIMEOUT');
    }
    const answer = await runtime.getMetricsAndActivity('s0-scripted');
    expect(answer.metrics[0]!.value).toBe(5);
    expect(runtime.scaler).toBe(fresh);
    expect(closeCalls).toBe(1);
    expect(warnings).toContain('rebuilding a scaler whose calls time out');
    await clock.advance(5_000);
    expect(warnings).toContain('closing the replaced scaler failed');
    await runtime.close();
    expect(clock.pendingTimers).toBe(2); // only the hung scaler's own hour-long timers, one per abandoned call
  });

  it("bounds the scaler's close(): a close() that never returns rejects with TIMEOUT after closeTimeoutMs", async () => {
    const clock = new FakeClock();
    const inner = constantScaler(1);
    inner.close = () => new Promise<void>(() => {});
    const runtime = createScalerRuntime(inner, { ...base, timeoutMs: 1_000, clock });
    const closing = rejection(runtime.close());
    await clock.advance(2_999);
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(1);
    const error = await closing;
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect(error.message).toBe('kafka trigger 1: close() did not finish within 3000 ms');
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects with ABORTED when the caller aborts, and at once when already aborted', async () => {
    const clock = new FakeClock();
    const runtime = createScalerRuntime(slowScaler({ delayMs: 10_000, clock }), { ...base, clock, timeoutMs: 5_000 });
    const controller = new AbortController();
    const pending = rejection(runtime.getMetricsAndActivity('s0-scripted', { signal: controller.signal }));
    controller.abort(new Error('stopping'));
    const error = await pending;
    expect(error.code).toBe('ABORTED');
    expect(error.message).toBe('kafka trigger 1: getMetricsAndActivity("s0-scripted") aborted');
    expect(error.cause).toEqual(new Error('stopping'));
    expect(clock.pendingTimers).toBe(0);
    expect((await rejection(runtime.getMetricsAndActivity('s0-scripted', { signal: controller.signal }))).code).toBe(
      'ABORTED',
    );
  });

  it('wraps thrown values in a ScalerError with the trigger type and index, keeping the cause', async () => {
    const cause = new Error('connection refused');
    const runtime = createScalerRuntime(scriptedResults([cause, cause]), { ...base, triggerName: 'orders' });
    const error = await rejection(runtime.getMetricsAndActivity('s1-m'));
    expect(error.message).toBe('kafka trigger 1 (orders): connection refused');
    expect(error.code).toBe('SCALER_ERROR');
    expect(error.cause).toBe(cause);

    const thrownString = createScalerRuntime(scriptedResults(['nope', 'nope']), { ...base, refreshOnError: false });
    // a string thrown by the scaler (not an Error)
    const stringScaler = {
      ...constantScaler(0),
      getMetricSpecs: () => [],
      getMetricsAndActivity: () => Promise.reject('plain string'),
      close: async () => {},
    };
    const wrapped = await rejection(createScalerRuntime(stringScaler, base).getMetricsAndActivity('x'));
    expect(wrapped.message).toBe('kafka trigger 1: plain string');
    expect(wrapped.cause).toBe('plain string');
    await thrownString.close();
  });

  it('keeps the code of a ScalerError thrown by the scaler', async () => {
    const cause = new ScalerError('kafka: authentication failed', { code: 'AUTHENTICATION_ERROR' });
    const error = await rejection(
      createScalerRuntime(scriptedResults([cause]), { ...base, refreshOnError: false }).getMetricsAndActivity('s1-m'),
    );
    expect(error.code).toBe('AUTHENTICATION_ERROR');
    expect(error.message).toBe('kafka trigger 1: kafka: authentication failed');
    expect(error.cause).toBe(cause);
  });

  it.each([
    [undefined, 'kafka trigger 1: getMetricsAndActivity() must return { metrics: [], isActive }'],
    [{ metrics: [], isActive: 'yes' }, 'kafka trigger 1: getMetricsAndActivity() returned a non-boolean isActive'],
    [
      { metrics: [{ metricName: 'a', value: '3' }], isActive: true },
      'kafka trigger 1: each metric must be { metricName: string, value: number }',
    ],
  ])('refuses a malformed answer %j with METRIC_ERROR', async (answer, message) => {
    const runtime = createScalerRuntime(scriptedResults([answer]), { ...base, refreshOnError: false });
    const error = await rejection(runtime.getMetricsAndActivity('s1-m'));
    expect(error.code).toBe('METRIC_ERROR');
    expect(error.message).toBe(message);
  });

  it('retries a failed poll once after rebuilding the scaler, closing the replaced one (KEDA refresh)', async () => {
    const broken = failingScaler('stale connection');
    const fresh = constantScaler(7);
    const rebuild = vi.fn(() => fresh);
    const runtime = createScalerRuntime(broken, { ...base, rebuild });
    expect(await runtime.getMetricsAndActivity('s0-scripted')).toEqual({
      metrics: [{ metricName: 's0-scripted', value: 7 }],
      isActive: true,
    });
    expect(rebuild).toHaveBeenCalledTimes(1);
    expect(broken.calls).toHaveLength(1);
    expect(broken.closeCount).toBe(1);
    expect(runtime.scaler).toBe(fresh);
    await runtime.close();
    expect(fresh.closeCount).toBe(1);
    expect(broken.closeCount).toBe(1);
  });

  it('surfaces the error only when the retry fails too: one failure costs two calls', async () => {
    const first = failingScaler('down');
    const second = failingScaler('still down');
    const runtime = createScalerRuntime(first, { ...base, rebuild: () => second });
    const error = await rejection(runtime.getMetricsAndActivity('s0-scripted'));
    expect(error.message).toBe('kafka trigger 1: still down');
    expect(first.calls.length + second.calls.length).toBe(2);
  });

  it('retries on the same scaler without rebuild, and not at all with refreshOnError false', async () => {
    const flaky = scriptedResults([new Error('blip'), { metrics: [], isActive: false }]);
    expect(await createScalerRuntime(flaky, base).getMetricsAndActivity('s1-m')).toEqual({
      metrics: [],
      isActive: false,
    });
    expect(flaky.calls).toBe(2);

    const once = scriptedResults([new Error('blip'), { metrics: [], isActive: false }]);
    const rebuild = vi.fn(() => constantScaler(1));
    const error = await rejection(
      createScalerRuntime(once, { ...base, refreshOnError: false, rebuild }).getMetricsAndActivity('s1-m'),
    );
    expect(error.message).toBe('kafka trigger 1: blip');
    expect(once.calls).toBe(1);
    expect(rebuild).not.toHaveBeenCalled();
  });

  it('reports a failing rebuild as the error, keeping the old scaler', async () => {
    const broken = failingScaler('down');
    const runtime = createScalerRuntime(broken, {
      ...base,
      rebuild: () => {
        throw new Error('vault unreachable');
      },
    });
    const error = await rejection(runtime.getMetricsAndActivity('s0-scripted'));
    expect(error.message).toBe('kafka trigger 1: vault unreachable');
    expect(runtime.scaler).toBe(broken);
  });

  it('wraps errors of getMetricSpecs and close', async () => {
    const scaler: Scaler = {
      getMetricSpecs: () => {
        throw new Error('no topic');
      },
      getMetricsAndActivity: async () => ({ metrics: [], isActive: false }),
      close: async () => {
        throw new Error('socket hang up');
      },
    };
    const runtime = createScalerRuntime(scaler, base);
    expect(() => runtime.getMetricSpecs()).toThrow('kafka trigger 1: no topic');
    const error = await rejection(runtime.close());
    expect(error.message).toBe('kafka trigger 1: socket hang up');
    expect(runtime.close()).toBe(runtime.close());
    await runtime.close().catch(() => {});
  });

  it('refuses a negative timeout', () => {
    expect(() => createScalerRuntime(constantScaler(1), { ...base, timeoutMs: -1 })).toThrow(
      'kafka trigger 1: timeoutMs must be a number >= 0, got -1',
    );
  });

  describe('push scalers', () => {
    it('runs the push scaler, delivers activity, and ends when the signal aborts', async () => {
      const scaler = pushScaler();
      const runtime = createScalerRuntime(scaler, base);
      expect(runtime.isPush).toBe(true);
      const seen: boolean[] = [];
      const controller = new AbortController();
      const running = runtime.run((active) => seen.push(active), controller.signal);
      scaler.push(true);
      scaler.push(false);
      controller.abort();
      await running;
      expect(seen).toEqual([true, false]);
      expect(scaler.running).toBe(false);
    });

    it('ends run() on close and drops later pushes', async () => {
      const scaler = pushScaler();
      const runtime = createScalerRuntime(scaler, base);
      const seen: boolean[] = [];
      const running = runtime.run((active) => seen.push(active), new AbortController().signal);
      await runtime.close();
      await running;
      expect(scaler.running).toBe(false);
      expect(scaler.push(true)).toBe(false);
      expect(seen).toEqual([]);
    });

    it('restarts run() on the rebuilt scaler', async () => {
      const first = pushScaler();
      const broken = Object.assign(first, { getMetricsAndActivity: () => Promise.reject(new Error('lost')) });
      const second = pushScaler({ value: 1 });
      const runtime = createScalerRuntime(broken, { ...base, rebuild: () => second });
      const seen: boolean[] = [];
      const controller = new AbortController();
      const running = runtime.run((active) => seen.push(active), controller.signal);
      await runtime.getMetricsAndActivity('s0-scripted');
      expect(first.running).toBe(false);
      expect(second.running).toBe(true);
      expect(first.push(true)).toBe(false);
      second.push(true);
      controller.abort();
      await running;
      expect(seen).toEqual([true]);
    });

    it('rejects run() with a wrapped error when the scaler run fails, and resolves at once for a polled scaler', async () => {
      const scaler = pushScaler();
      scaler.run = () => Promise.reject(new Error('stream closed'));
      const error = await rejection(createScalerRuntime(scaler, base).run(() => {}, new AbortController().signal));
      expect(error.message).toBe('kafka trigger 1: stream closed');
      await expect(
        createScalerRuntime(constantScaler(1), base).run(() => {}, new AbortController().signal),
      ).resolves.toBeUndefined();
    });
  });

  describe('edges', () => {
    const specs = () => [{ metricName: 's1-m', targetType: 'AverageValue' as const, targetValue: 1 }];
    function deferred<T>() {
      let resolve!: (value: T) => void;
      const promise = new Promise<T>((res) => {
        resolve = res;
      });
      return { promise, resolve };
    }
    /** A push scaler whose run() rejects when aborted (as an SDK stream would), remembering its listener. */
    function abortingPush(): PushScaler & { deliver?: (isActive: boolean) => void; runs: number } {
      const scaler: PushScaler & { deliver?: (isActive: boolean) => void; runs: number } = {
        runs: 0,
        getMetricSpecs: specs,
        getMetricsAndActivity: async () => {
          throw new Error('down');
        },
        run: (onActivity, signal) => {
          scaler.runs += 1;
          scaler.deliver = onActivity;
          return new Promise((_resolve, reject) =>
            signal.addEventListener('abort', () => reject(new Error('stream aborted')), { once: true }),
          );
        },
        close: async () => {},
      };
      return scaler;
    }

    it('refuses metric specs that are not a list', () => {
      const runtime = createScalerRuntime(
        {
          getMetricSpecs: () => ({}) as never,
          getMetricsAndActivity: async () => ({ metrics: [], isActive: false }),
          close: async () => {},
        },
        base,
      );
      expect(() => runtime.getMetricSpecs()).toThrow(
        'kafka trigger 1: getMetricSpecs() returned object, expected an array',
      );
    });

    it('a push scaler rebuilt into a polling one ends run()', async () => {
      const push = pushScaler({ series: [{ at: Number.NEGATIVE_INFINITY, error: 'down' }] });
      const plain = constantScaler(2);
      const runtime = createScalerRuntime(push, { ...base, rebuild: () => plain });
      const running = runtime.run(() => {}, new AbortController().signal);
      expect(push.running).toBe(true);
      expect((await runtime.getMetricsAndActivity('s0-scripted')).isActive).toBe(true);
      await expect(running).resolves.toBeUndefined();
      expect([push.running, runtime.scaler]).toEqual([false, plain]);
    });

    it('a rebuilt push scaler takes over: the replaced run failing on its abort is not an error', async () => {
      const first = abortingPush();
      const second = abortingPush();
      const seen: boolean[] = [];
      const runtime = createScalerRuntime(first, { ...base, rebuild: () => second });
      const abort = new AbortController();
      const running = runtime.run((isActive) => seen.push(isActive), abort.signal);
      await rejection(runtime.getMetricsAndActivity('s0-scripted')); // fails twice, rebuilt in between
      expect([first.runs, second.runs]).toEqual([1, 1]);
      first.deliver?.(true); // the replaced run is no longer heard
      second.deliver?.(true);
      abort.abort();
      await expect(running).resolves.toBeUndefined();
      expect(seen).toEqual([true]);
    });

    it('a push scaler whose run() throws at once rejects run() with the trigger named', async () => {
      const push = abortingPush();
      push.run = () => {
        throw new Error('no stream');
      };
      const error = await rejection(createScalerRuntime(push, base).run(() => {}, new AbortController().signal));
      expect([error.code, error.message]).toEqual(['SCALER_ERROR', 'kafka trigger 1: no stream']);
    });

    it('drops activity delivered after close()', async () => {
      const push = abortingPush();
      const seen: boolean[] = [];
      const runtime = createScalerRuntime(push, base);
      const running = runtime.run((isActive) => seen.push(isActive), new AbortController().signal);
      push.deliver?.(true);
      await runtime.close();
      push.deliver?.(false);
      await expect(running).resolves.toBeUndefined();
      expect(seen).toEqual([true]);
    });

    it('a query aborted while the scaler is rebuilt does not query the new scaler', async () => {
      const rebuilding = deferred<void>();
      const gate = deferred<Scaler>();
      const next = constantScaler(1);
      const runtime = createScalerRuntime(failingScaler('down'), {
        ...base,
        rebuild: () => {
          rebuilding.resolve();
          return gate.promise;
        },
      });
      const abort = new AbortController();
      const query = runtime.getMetricsAndActivity('s0-scripted', { signal: abort.signal });
      await rebuilding.promise;
      abort.abort();
      expect((await rejection(query)).code).toBe('ABORTED');
      gate.resolve(next);
      await runtime.getMetricsAndActivity('s0-scripted'); // queued after the aborted attempt has finished
      expect(next.calls).toHaveLength(1);
      expect(runtime.scaler).toBe(next);
    });

    it('closed while the scaler is rebuilt, the new scaler is closed and not used', async () => {
      const rebuilding = deferred<void>();
      const gate = deferred<Scaler>();
      const next = constantScaler(1);
      const first = failingScaler('down');
      const runtime = createScalerRuntime(first, {
        ...base,
        rebuild: () => {
          rebuilding.resolve();
          return gate.promise;
        },
      });
      const query = runtime.getMetricsAndActivity('s0-scripted');
      await rebuilding.promise;
      const closing = runtime.close();
      expect((await rejection(query)).code).toBe('CLOSED');
      gate.resolve(next);
      await closing;
      await vi.waitFor(() => expect(next.closeCount).toBe(1));
      expect([next.calls.length, runtime.scaler]).toEqual([0, first]);
    });

    it.each([
      ['an Error', new Error('socket hang up'), 'socket hang up'],
      ['a string', 'socket hang up', 'socket hang up'],
    ])(
      'closing the replaced scaler failing with %s is logged, the query still answers',
      async (_name, thrown, text) => {
        const warn = vi.fn();
        const logger: Logger = { debug: vi.fn(), info: vi.fn(), warn, error: vi.fn() };
        const first: Scaler = {
          getMetricSpecs: specs,
          getMetricsAndActivity: async () => {
            throw new Error('down');
          },
          close: async () => {
            throw thrown;
          },
        };
        const runtime = createScalerRuntime(first, { ...base, logger, rebuild: () => constantScaler(3) });
        expect((await runtime.getMetricsAndActivity('s0-scripted')).isActive).toBe(true);
        expect(warn).toHaveBeenCalledWith('closing the replaced scaler failed', {
          trigger: 'kafka trigger 1',
          error: text,
        });
      },
    );

    it("a scaler's own timeout error stays a ScalerTimeoutError with its timeout, named by trigger", async () => {
      const scaler = scriptedResults([new ScalerTimeoutError('broker timed out', 5_000)]);
      const runtime = createScalerRuntime(scaler, { ...base, refreshOnError: false });
      const error = await rejection(runtime.getMetricsAndActivity('s0-scripted'));
      expect(ScalerTimeoutError.isInstance(error)).toBe(true);
      expect([error.code, error.message, (error as ScalerTimeoutError).timeoutMs]).toEqual([
        'TIMEOUT',
        'kafka trigger 1: broker timed out',
        5_000,
      ]);
    });
  });
});

describe('a scaler that rejects with a value without toString', () => {
  it('still retries once and reports the failure as text', async () => {
    const odd = Object.create(null);
    let calls = 0;
    const scaler: Scaler = {
      getMetricSpecs: () => [{ metricName: 's1-m', targetType: 'AverageValue', targetValue: 1 }],
      getMetricsAndActivity: () => {
        calls += 1;
        return Promise.reject(odd);
      },
      close: async () => {},
    };
    const runtime = createScalerRuntime(scaler, { ...base, logger: { debug() {}, info() {}, warn() {}, error() {} } });
    const error = await rejection(runtime.getMetricsAndActivity('s1-m'));
    expect(calls).toBe(2);
    expect(error.message).toBe('kafka trigger 1: [object Object]');
    await runtime.close();
  });
});
