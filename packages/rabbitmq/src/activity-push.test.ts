import type { MetricsAndActivity, Scaler } from '@scalerkit/core';
import { FakeClock } from '@scalerkit/testing';
import { describe, expect, it } from 'vitest';
import { withActivityPush } from './activity-push.js';

/** A scaler whose activity follows a script, one entry per poll (the last repeats); an Error entry fails a poll. */
function scripted(script: (boolean | Error)[]): Scaler & { polls: number; closed: boolean } {
  const scaler = {
    polls: 0,
    closed: false,
    getMetricSpecs: () => [{ metricName: 's0-q', targetType: 'AverageValue' as const, targetValue: 1 }],
    async getMetricsAndActivity(): Promise<MetricsAndActivity> {
      const step = script[Math.min(scaler.polls, script.length - 1)]!;
      scaler.polls += 1;
      if (step instanceof Error) throw step;
      return { metrics: [{ metricName: 's0-q', value: step ? 1 : 0 }], isActive: step };
    },
    async close() {
      scaler.closed = true;
    },
  };
  return scaler;
}

describe('withActivityPush', () => {
  it('reports the first activity and every change, checking every interval on the host clock', async () => {
    const clock = new FakeClock();
    const source = scripted([false, false, new Error('broker away'), true, true, false]);
    const pushing = withActivityPush(source, { intervalMs: 100, clock });
    const seen: [number, boolean][] = [];
    const controller = new AbortController();
    const running = pushing.run((active) => seen.push([clock.now(), active]), controller.signal);
    for (let step = 0; step < 6; step += 1) await clock.advance(100);
    controller.abort();
    await clock.flush();
    await running;
    expect(seen).toEqual([
      [0, false],
      [300, true],
      [500, false],
    ]);
    expect(source.polls).toBe(7); // at 0, 100, ..., 600 ms
  });

  it('ends run() when the scaler is closed and leaves no timer', async () => {
    const clock = new FakeClock();
    const source = scripted([true]);
    const pushing = withActivityPush(source, { intervalMs: 100, clock });
    const running = pushing.run(() => {}, new AbortController().signal);
    await clock.advance(250);
    await pushing.close();
    await running;
    expect(source.closed).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });
});
