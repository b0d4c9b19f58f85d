import { createConnectionCache, ScalerConfigError, type ScalerContext, silentLogger } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.js';
import {
  constantScaler,
  failingScaler,
  pushScaler,
  type ScriptedScaler,
  scriptedScaler,
  scriptedScalerDefinition,
  slowScaler,
  valueAt,
} from './scripted-scalers.js';

const context = (): ScalerContext => ({
  logger: silentLogger,
  signal: new AbortController().signal,
  connections: createConnectionCache(),
});

describe('valueAt', () => {
  it.each([
    [-1, { value: 0 }],
    [0, { value: 5 }],
    [999, { value: 5 }],
    [1_000, { error: 'down' }],
    [2_000, { value: 7 }],
    [9_999, { value: 7 }],
  ])('at %d gives %j (value holds until the next step, steps in any order)', (time, expected) => {
    const series = [
      { at: 2_000, value: 7 },
      { at: 0, value: 5 },
      { at: 1_000, error: 'down' },
    ];
    expect(valueAt(series, time)).toEqual(expected);
  });
});

describe('scriptedScaler', () => {
  it('reports its spec with the s{index}- metric name and follows the series over the clock', async () => {
    const clock = new FakeClock();
    const scaler = scriptedScaler({
      metricName: 'orders/queue',
      triggerIndex: 2,
      targetValue: 10,
      activationThreshold: 3,
      clock,
      series: [
        { at: 0, value: 3 },
        { at: 60_000, value: 3.5 },
        { at: 120_000, error: 'broker unreachable' },
      ],
    });
    expect(scaler.getMetricSpecs()).toEqual([
      { metricName: 's2-orders-queue', targetType: 'AverageValue', targetValue: 10 },
    ]);
    // activation is strict: 3 > 3 is false
    expect(await scaler.getMetricsAndActivity('s2-orders-queue')).toEqual({
      metrics: [{ metricName: 's2-orders-queue', value: 3 }],
      isActive: false,
    });
    await clock.advance(60_000);
    expect(await scaler.getMetricsAndActivity('s2-orders-queue')).toEqual({
      metrics: [{ metricName: 's2-orders-queue', value: 3.5 }],
      isActive: true,
    });
    await clock.advance(60_000);
    await expect(scaler.getMetricsAndActivity('s2-orders-queue')).rejects.toThrow('broker unreachable');
    expect(scaler.calls).toEqual([
      { at: 0, metricName: 's2-orders-queue' },
      { at: 60_000, metricName: 's2-orders-queue' },
      { at: 120_000, metricName: 's2-orders-queue' },
    ]);
  });

  it('rejects an unknown metric name and counts close() calls', async () => {
    const scaler = constantScaler(4, { targetValue: 2, targetType: 'Value' });
    expect(scaler.getMetricSpecs()).toEqual([{ metricName: 's0-scripted', targetType: 'Value', targetValue: 2 }]);
    await expect(scaler.getMetricsAndActivity('s0-other')).rejects.toThrow('unknown metric "s0-other"');
    expect(scaler.closed).toBe(false);
    await scaler.close();
    await scaler.close();
    expect(scaler.closeCount).toBe(2);
    expect(scaler.closed).toBe(true);
  });
});

describe('call history', () => {
  it('keeps the last callHistoryLimit calls (default 1000) and counts them all', async () => {
    const clock = new FakeClock();
    const scaler = constantScaler(1, { clock });
    for (let call = 0; call < 1_200; call++) {
      await scaler.getMetricsAndActivity('s0-scripted');
      await clock.advance(1);
    }
    expect([scaler.calls.length, scaler.callCount]).toEqual([1_000, 1_200]);
    expect(scaler.calls[0]).toEqual({ at: 200, metricName: 's0-scripted' });
    expect(scaler.calls.at(-1)).toEqual({ at: 1_199, metricName: 's0-scripted' });
  });

  it('takes the limit as an option (0 keeps none), also through the definition', async () => {
    const none = failingScaler('down', { callHistoryLimit: 0 });
    await expect(none.getMetricsAndActivity('s0-scripted')).rejects.toThrow('down');
    expect([none.calls, none.callCount]).toEqual([[], 1]);
    const definition = scriptedScalerDefinition('scripted', { callHistoryLimit: 1 });
    const created = definition.create(
      definition.parse({ metadata: { targetValue: '1' } }),
      context(),
    ) as ScriptedScaler;
    await created.getMetricsAndActivity('s0-scripted');
    await created.getMetricsAndActivity('s0-scripted');
    expect([created.calls.length, created.callCount]).toEqual([1, 2]);
    expect(() => constantScaler(1, { callHistoryLimit: -1 })).toThrow(
      'scripted scaler: callHistoryLimit must be an integer >= 0 or Infinity, got -1',
    );
  });
});

describe('constantScaler / failingScaler', () => {
  it('constantScaler always reports the value; 0 is inactive with the default threshold', async () => {
    expect(await constantScaler(0).getMetricsAndActivity('s0-scripted')).toEqual({
      metrics: [{ metricName: 's0-scripted', value: 0 }],
      isActive: false,
    });
    expect(await constantScaler(0.5).getMetricsAndActivity('s0-scripted')).toEqual({
      metrics: [{ metricName: 's0-scripted', value: 0.5 }],
      isActive: true,
    });
  });

  it('failingScaler fails every poll with its message', async () => {
    const scaler = failingScaler('no route to host');
    await expect(scaler.getMetricsAndActivity('s0-scripted')).rejects.toThrow('no route to host');
    await expect(scaler.getMetricsAndActivity('s0-scripted')).rejects.toThrow('no route to host');
    expect(scaler.calls).toHaveLength(2);
  });
});

describe('slowScaler', () => {
  it('answers after delayMs on the clock and tracks concurrent calls', async () => {
    const clock = new FakeClock();
    const scaler = slowScaler({ delayMs: 5_000, clock, value: 9 });
    const first = scaler.getMetricsAndActivity('s0-scripted');
    const second = scaler.getMetricsAndActivity('s0-scripted');
    await clock.advance(4_999);
    expect(scaler.inFlight).toBe(2);
    await clock.advance(1);
    expect(await first).toEqual({ metrics: [{ metricName: 's0-scripted', value: 9 }], isActive: true });
    await second;
    expect(scaler.inFlight).toBe(0);
    expect(scaler.maxInFlight).toBe(2);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stops waiting on abort when it respects the signal, and keeps its timer when it does not', async () => {
    const clock = new FakeClock();
    const polite = slowScaler({ delayMs: 5_000, clock });
    const controller = new AbortController();
    const call = polite.getMetricsAndActivity('s0-scripted', { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(call).rejects.toThrow('stop');
    expect(clock.pendingTimers).toBe(0);

    const rude = slowScaler({ delayMs: 5_000, clock, respectSignal: false });
    const other = new AbortController();
    const ignored = rude.getMetricsAndActivity('s0-scripted', { signal: other.signal });
    other.abort();
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(5_000);
    expect((await ignored).isActive).toBe(false);
  });
});

describe('pushScaler', () => {
  it('delivers pushes to the running run() and stops when the signal aborts', async () => {
    const scaler = pushScaler({ value: 2 });
    expect(scaler.push(true)).toBe(false);
    const seen: boolean[] = [];
    const controller = new AbortController();
    const running = scaler.run((active) => seen.push(active), controller.signal);
    expect(scaler.running).toBe(true);
    expect(scaler.push(true)).toBe(true);
    expect(scaler.push(false)).toBe(true);
    controller.abort();
    await running;
    expect(scaler.running).toBe(false);
    expect(scaler.push(true)).toBe(false);
    expect(seen).toEqual([true, false]);
    expect(scaler.runCount).toBe(1);
    expect((await scaler.getMetricsAndActivity('s0-scripted')).metrics).toEqual([
      { metricName: 's0-scripted', value: 2 },
    ]);
  });
});

describe('scriptedScalerDefinition', () => {
  const definition = scriptedScalerDefinition();

  it('parses value, targetValue, activationValue with defaults and builds a working scaler', async () => {
    const config = definition.parse({ metadata: { value: '12', targetValue: '5' }, triggerIndex: 1 });
    expect(config).toEqual({
      metricName: 'scripted',
      triggerIndex: 1,
      metricType: 'AverageValue',
      value: 12,
      targetValue: 5,
      activationValue: 0,
    });
    const scaler = definition.create(config, context());
    expect(scaler.getMetricSpecs()).toEqual([
      { metricName: 's1-scripted', targetType: 'AverageValue', targetValue: 5 },
    ]);
    expect(await scaler.getMetricsAndActivity('s1-scripted')).toEqual({
      metrics: [{ metricName: 's1-scripted', value: 12 }],
      isActive: true,
    });
  });

  it('uses a series on the given clock and an error parameter', async () => {
    const clock = new FakeClock();
    const timed = scriptedScalerDefinition('timed', { clock });
    const scaler = timed.create(
      timed.parse({
        metadata: { targetValue: '1', series: '0:1, 1000:0', activationValue: '0.5' },
        metricType: 'Value',
      }),
      context(),
    );
    expect(scaler.getMetricSpecs()).toEqual([{ metricName: 's0-timed', targetType: 'Value', targetValue: 1 }]);
    expect((await scaler.getMetricsAndActivity('s0-timed')).isActive).toBe(true);
    await clock.advance(1_000);
    expect((await scaler.getMetricsAndActivity('s0-timed')).isActive).toBe(false);
    const failing = timed.create(timed.parse({ metadata: { targetValue: '1', error: 'boom' } }), context());
    await expect(failing.getMetricsAndActivity('s0-timed')).rejects.toThrow('boom');
  });

  it('does not require targetValue for a scalingModifiers metric source', () => {
    expect(definition.parse({ metadata: { value: '3' }, asMetricSource: true }).targetValue).toBe(1);
  });

  it.each([
    [{}, 'targetValue', 'scripted: missing required parameter "targetValue" (a number > 0)'],
    [{ targetValue: '0' }, 'targetValue', 'scripted: parameter "targetValue" must be a number > 0, got "0"'],
    [{ targetValue: '2', value: 'ten' }, 'value', 'scripted: parameter "value" must be a number, got "ten"'],
    [
      { targetValue: '2', activationValue: 'x' },
      'activationValue',
      'scripted: parameter "activationValue" must be a number, got "x"',
    ],
    [
      { targetValue: '2', series: '0:1,oops' },
      'series',
      'scripted: parameter "series" must be comma-separated "<ms>:<value>" steps, got "oops"',
    ],
  ])('rejects %j naming %s', (metadata, parameter, message) => {
    let caught: unknown;
    try {
      definition.parse({ metadata });
    } catch (error) {
      caught = error;
    }
    expect(ScalerConfigError.isInstance(caught)).toBe(true);
    expect((caught as ScalerConfigError).parameter).toBe(parameter);
    expect((caught as ScalerConfigError).message).toBe(message);
  });
});
