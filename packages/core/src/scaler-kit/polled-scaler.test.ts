import { FakeClock } from '@scalerkit/testing';
import { describe, expect, it } from 'vitest';
import { createConnectionCache } from '../connection-cache.js';
import { ScalerError } from '../errors.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import type { ScalerContext } from '../types.js';
import { metricSpec } from './identity.js';
import { createPolledScaler, type MeasureRequest, type PolledSource } from './polled-scaler.js';

interface FakeClient {
  id: number;
  closed: boolean;
}

/** A source whose measure is scripted by the test; counts opens and closes. */
function harness(overrides: Partial<PolledSource<FakeClient>> = {}, context: Partial<ScalerContext> = {}) {
  const clock = new FakeClock();
  const opened: FakeClient[] = [];
  const requests: MeasureRequest[] = [];
  let measure: (client: FakeClient, request: MeasureRequest) => Promise<{ value: number; isActive: boolean }> =
    async () => ({ value: 7, isActive: true });
  const fullContext: ScalerContext = {
    logger: silentLogger,
    signal: new AbortController().signal,
    connections: createConnectionCache(),
    timeoutMs: 1000,
    clock,
    ...context,
  };
  const source: PolledSource<FakeClient> = {
    type: 'test-queue',
    describe: 'reading queue "orders"',
    metricSpecs: [metricSpec({ triggerIndex: 2, metricType: 'AverageValue' }, 'test-queue-orders', 5)],
    connection: {
      key: 'test-queue|orders',
      open: () => {
        const client = { id: opened.length + 1, closed: false };
        opened.push(client);
        return client;
      },
      close: (client) => {
        client.closed = true;
      },
    },
    measure: (client, request) => {
      requests.push(request);
      return measure(client, request);
    },
    ...overrides,
  };
  const scaler = createPolledScaler(source, fullContext);
  return {
    scaler,
    clock,
    opened,
    requests,
    context: fullContext,
    setMeasure(next: typeof measure) {
      measure = next;
    },
  };
}

const METRIC = 's2-test-queue-orders';

describe('createPolledScaler', () => {
  it('reports the measured value under the spec name, clamped like KEDA', async () => {
    const { scaler, setMeasure } = harness();
    expect(scaler.getMetricSpecs()).toEqual([{ metricName: METRIC, targetType: 'AverageValue', targetValue: 5 }]);
    setMeasure(async () => ({ value: 1.23456, isActive: true }));
    expect(await scaler.getMetricsAndActivity(METRIC)).toEqual({
      metrics: [{ metricName: METRIC, value: 1.235 }],
      isActive: true,
    });
    setMeasure(async () => ({ value: -4, isActive: false }));
    expect(await scaler.getMetricsAndActivity(METRIC)).toEqual({
      metrics: [{ metricName: METRIC, value: 0 }],
      isActive: false,
    });
    await scaler.close();
  });

  it('passes every metric through when measure returns MetricsAndActivity', async () => {
    const { scaler } = harness({
      measure: async () => ({ metrics: [{ metricName: METRIC, value: Number.NaN }], isActive: false }),
    });
    expect(await scaler.getMetricsAndActivity(METRIC)).toEqual({
      metrics: [{ metricName: METRIC, value: 0 }],
      isActive: false,
    });
    await scaler.close();
  });

  it('refuses a metric it does not report, naming the ones it does', async () => {
    const { scaler, requests } = harness();
    const error = await scaler.getMetricsAndActivity('s0-other').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'METRIC_ERROR' });
    expect((error as Error).message).toBe(`test-queue: unknown metric "s0-other", this trigger reports "${METRIC}"`);
    expect(requests).toHaveLength(0);
    await scaler.close();
  });

  it('opens one shared client on first use and releases it at close()', async () => {
    const { scaler, opened, context } = harness();
    await scaler.getMetricsAndActivity(METRIC);
    await scaler.getMetricsAndActivity(METRIC);
    expect(opened).toHaveLength(1);
    expect(context.connections.size).toBe(1);
    await scaler.close();
    expect(opened[0]!.closed).toBe(true);
    expect(context.connections.size).toBe(0);
  });

  it('shares the client with another scaler of the same key until both are closed', async () => {
    const first = harness();
    const second = createPolledScaler(
      {
        type: 'test-queue',
        describe: 'reading queue "orders"',
        metricSpecs: [metricSpec({ triggerIndex: 0, metricType: 'Value' }, 'test-queue-orders', 5)],
        connection: {
          key: 'test-queue|orders',
          open: () => ({ id: 99, closed: false }),
          close: () => {},
        },
        measure: async (client) => ({ value: client.id, isActive: true }),
      },
      first.context,
    );
    await first.scaler.getMetricsAndActivity(METRIC);
    const answer = await second.getMetricsAndActivity('s0-test-queue-orders');
    expect(answer.metrics[0]!.value).toBe(1); // the first scaler's client
    await first.scaler.close();
    expect(first.opened[0]!.closed).toBe(false);
    await second.close();
    expect(first.opened[0]!.closed).toBe(true);
  });

  it('retries a failed open at the next poll', async () => {
    let attempts = 0;
    const { scaler } = harness({
      connection: {
        key: 'k',
        open: () => {
          attempts += 1;
          if (attempts === 1)
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
          return { id: attempts, closed: false };
        },
        close: () => {},
      },
    });
    const error = await scaler.getMetricsAndActivity(METRIC).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECTION_ERROR' });
    expect((error as Error).message).toBe(
      'test-queue: reading queue "orders" failed: connect ECONNREFUSED 127.0.0.1:1',
    );
    expect(await scaler.getMetricsAndActivity(METRIC)).toMatchObject({ isActive: true });
    expect(attempts).toBe(2);
    await scaler.close();
  });

  it('refuses use after close() with CLOSED, and close() twice is safe', async () => {
    const { scaler } = harness();
    await scaler.close();
    await scaler.close();
    await expect(scaler.getMetricsAndActivity(METRIC)).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('starts nothing for a poll whose signal is already aborted', async () => {
    const { scaler, requests, opened } = harness();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const error = await scaler.getMetricsAndActivity(METRIC, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ABORTED' });
    expect((error as Error).message).toBe('test-queue: reading queue "orders" was aborted');
    expect(requests).toHaveLength(0);
    expect(opened).toHaveLength(0);
    await scaler.close();
  });

  it('times out on the host clock and aborts the signal measure received', async () => {
    const { scaler, clock, requests, setMeasure } = harness();
    setMeasure(() => new Promise(() => {}));
    const poll = scaler.getMetricsAndActivity(METRIC).catch((e: unknown) => e);
    await clock.advance(999);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.signal.aborted).toBe(false);
    await clock.advance(1);
    const error = await poll;
    expect(error).toMatchObject({ name: 'ScalerTimeoutError', code: 'TIMEOUT', timeoutMs: 1000 });
    expect((error as Error).message).toBe('test-queue: reading queue "orders" did not answer within 1000 ms');
    expect(requests[0]!.signal.aborted).toBe(true);
    const closing = scaler.close();
    await clock.advance(3000); // the abandoned call never settles: close() waits 2 × 1000 + 1000 ms at most
    await closing;
    expect(clock.pendingTimers).toBe(0);
  });

  it('uses defaultTimeoutMs when the host gives no timeout, and 3000 ms otherwise', async () => {
    for (const [defaultTimeoutMs, expected] of [
      [500, 500],
      [undefined, 3000],
    ] as const) {
      const { scaler, clock, setMeasure } = harness(defaultTimeoutMs ? { defaultTimeoutMs } : {}, {
        timeoutMs: undefined,
      });
      setMeasure(() => new Promise(() => {}));
      const poll = scaler.getMetricsAndActivity(METRIC).catch((e: unknown) => e);
      await clock.advance(expected);
      expect(await poll).toMatchObject({ code: 'TIMEOUT', timeoutMs: expected });
      const closing = scaler.close();
      await clock.advance(3 * expected + 1000);
      await closing;
    }
  });

  it('aborts a running poll when the host signal or the caller aborts', async () => {
    const host = new AbortController();
    const { scaler, requests, setMeasure } = harness({}, { signal: host.signal });
    setMeasure(
      (_client, { signal }) =>
        new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    );
    const caller = new AbortController();
    const first = scaler.getMetricsAndActivity(METRIC, { signal: caller.signal }).catch((e: unknown) => e);
    await Promise.resolve();
    caller.abort();
    expect(await first).toMatchObject({ code: 'ABORTED' });
    const second = scaler.getMetricsAndActivity(METRIC).catch((e: unknown) => e);
    await new Promise((resolve) => setImmediate(resolve));
    host.abort();
    expect(await second).toMatchObject({ code: 'ABORTED' });
    expect(requests.every((request) => request.signal.aborted)).toBe(true);
    await scaler.close();
  });

  it('close() waits for an abandoned call before releasing the client', async () => {
    const { scaler, opened, clock, setMeasure } = harness();
    let finish: () => void = () => {};
    setMeasure(
      () =>
        new Promise((resolve) => {
          finish = () => resolve({ value: 1, isActive: true });
        }),
    );
    const controller = new AbortController();
    const poll = scaler.getMetricsAndActivity(METRIC, { signal: controller.signal }).catch((e: unknown) => e);
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(await poll).toMatchObject({ code: 'ABORTED' });
    let closed = false;
    const closing = scaler.close().then(() => {
      closed = true;
    });
    await clock.advance(100);
    expect(closed).toBe(false);
    expect(opened[0]!.closed).toBe(false);
    finish();
    await closing;
    expect(opened[0]!.closed).toBe(true);
  });

  it('runs calls one at a time when serialize is set', async () => {
    let running = 0;
    let most = 0;
    const { scaler } = harness({
      serialize: true,
      measure: async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
        return { value: 1, isActive: true };
      },
    });
    await Promise.all([1, 2, 3].map(() => scaler.getMetricsAndActivity(METRIC)));
    expect(most).toBe(1);
    await scaler.close();
  });

  it('classifies failures, keeps the cause, scrubs secrets and tells onError', async () => {
    const failures: [string, number | undefined][] = [];
    const cause = new Error('login refused for user guest with password hunter2-secret');
    const { scaler } = harness({
      secrets: ['hunter2-secret', undefined],
      classify: (error) => (error === cause ? 'AUTHENTICATION_ERROR' : undefined),
      hint: () => ' (check the password)',
      onError: (error, client) => failures.push([error.code, client?.id]),
      measure: async () => {
        throw cause;
      },
    });
    const error = (await scaler.getMetricsAndActivity(METRIC).catch((e: unknown) => e)) as ScalerError;
    expect(ScalerError.isInstance(error)).toBe(true);
    expect(error.code).toBe('AUTHENTICATION_ERROR');
    expect(error.message).toBe(
      'test-queue: reading queue "orders" failed: login refused for user guest with password *** (check the password)',
    );
    expect(error.cause).toBe(cause);
    expect(failures).toEqual([['AUTHENTICATION_ERROR', 1]]);
    await scaler.close();
  });

  it('uses describeFailure for failure messages and describe for deadlines', async () => {
    const { scaler } = harness({
      describeFailure: 'reading the depth of "orders"',
      measure: async () => {
        throw new Error('boom');
      },
    });
    await expect(scaler.getMetricsAndActivity(METRIC)).rejects.toThrow(
      'test-queue: reading the depth of "orders" failed: boom',
    );
    await scaler.close();
  });

  it('hands the opener a logger that scrubs secrets', async () => {
    const lines: string[] = [];
    const logger: Logger = {
      ...silentLogger,
      debug: (message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`),
    };
    const { scaler } = harness(
      {
        secrets: ['s3cret-token'],
        connection: {
          key: 'k2',
          open: ({ logger: scrubbed }) => {
            scrubbed.debug('connecting with s3cret-token', { header: 'Bearer s3cret-token' });
            return { id: 1, closed: false };
          },
          close: () => {},
        },
      },
      { logger },
    );
    await scaler.getMetricsAndActivity(METRIC);
    expect(lines).toEqual(['connecting with *** {"header":"Bearer ***"}']);
    await scaler.close();
  });

  it('adds no listener to the host signal per poll: 30 concurrent polls print no MaxListenersExceededWarning', async () => {
    const host = new AbortController();
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const { scaler, setMeasure } = harness({}, { signal: host.signal });
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      setMeasure(async () => {
        await gate;
        return { value: 1, isActive: true };
      });
      const polls = Array.from({ length: 30 }, () => scaler.getMetricsAndActivity(METRIC));
      await new Promise((resolve) => setImmediate(resolve));
      release();
      await Promise.all(polls);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
      await scaler.close();
    } finally {
      process.off('warning', onWarning);
    }
  });
});
