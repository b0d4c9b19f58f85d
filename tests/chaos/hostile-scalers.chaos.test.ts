// An autoscaler whose scalers hang (polls and close() ignoring every signal), throw values that are not errors
// and return garbage, on a FakeClock: the loop keeps its exact schedule, every decision is a finite integer
// within [min, max], nothing reaches the process as an unhandled rejection, fallback comes as KEDA defines it,
// and stop() settles within its bound while close() hangs.
import { type Autoscaler, createAutoscaler, type DecisionEvent, InMemoryScaleTarget } from '@scalerkit/core';
import { FakeClock } from '@scalerkit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HostileStats, hostileRegistry, newStats } from './hostile-scalers.js';
import { writeFigures } from './support.js';

const POLLING_INTERVAL_S = 10;
const POLL_TIMEOUT_MS = 2000;
const STOP_TIMEOUT_MS = 8000;

function scaledObject(triggers: string[], fallback?: { failureThreshold: number; replicas: number }) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'hostile' },
    spec: {
      scaleTargetRef: { name: 'hostile' },
      pollingInterval: POLLING_INTERVAL_S,
      cooldownPeriod: 60,
      minReplicaCount: 0,
      maxReplicaCount: 20,
      ...(fallback ? { fallback } : {}),
      triggers: triggers.map((type) => ({ type, metadata: {} })),
    },
  };
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const onUncaught = (error: unknown) => unhandled.push(error);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUncaught);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUncaught);
});

function start(
  triggers: string[],
  options: { fallback?: { failureThreshold: number; replicas: number }; sync?: number } = {},
) {
  const clock = new FakeClock();
  const stats: HostileStats = newStats();
  const target = new InMemoryScaleTarget({ replicas: 1, clock });
  const autoscaler: Autoscaler = createAutoscaler({
    scaledObject: scaledObject(triggers, options.fallback),
    target,
    registry: hostileRegistry(stats),
    clock,
    pollTimeoutMs: POLL_TIMEOUT_MS,
    stopTimeoutMs: STOP_TIMEOUT_MS,
    hpaSyncPeriodMs: options.sync ?? 0,
  });
  const polls: number[] = [];
  const decisions: DecisionEvent[] = [];
  const errors: Record<string, number> = {};
  autoscaler.on('poll', (event) => polls.push(event.at));
  autoscaler.on('decision', (event) => decisions.push(event));
  autoscaler.on('error', ({ phase, error }) => {
    expect(typeof error.message).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
    errors[`${phase} ${error.code}`] = (errors[`${phase} ${error.code}`] ?? 0) + 1;
  });
  return { clock, stats, target, autoscaler, polls, decisions, errors };
}

describe('chaos: hostile scalers', () => {
  it('keeps the exact schedule for an hour with hanging, throwing and garbage scalers beside a healthy one', async () => {
    const run = start(['steady', 'hang', 'odd-throw', 'garbage', 'hang', 'garbage']);
    await run.autoscaler.start();
    const hour = 3_600_000;
    // A poll's event comes when its slowest trigger has answered or timed out.
    await run.clock.advance(hour + POLL_TIMEOUT_MS);

    const expected = Array.from(
      { length: hour / (POLLING_INTERVAL_S * 1000) + 1 },
      (_, k) => k * POLLING_INTERVAL_S * 1000,
    );
    expect(run.polls).toEqual(expected);
    for (const { decision } of run.decisions) {
      expect(Number.isInteger(decision.desiredReplicas)).toBe(true);
      expect(decision.desiredReplicas).toBeGreaterThanOrEqual(0);
      expect(decision.desiredReplicas).toBeLessThanOrEqual(20);
    }
    expect(run.decisions).toHaveLength(expected.length);
    // The hanging scalers are still called at every poll (not disabled after their first timeout), each one
    // receiving a bounded number of calls before the runtime rebuilds it.
    expect(run.stats.calls.hang).toBeGreaterThanOrEqual(2 * expected.length);
    expect(run.stats.mostCallsToOneHangingScaler).toBeLessThanOrEqual(2);
    expect(Number.isInteger(run.target.replicas)).toBe(true);

    const stopping = run.autoscaler.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await run.clock.advance(STOP_TIMEOUT_MS);
    await stopping;
    expect(stopped).toBe(true);
    expect(run.autoscaler.state).toBe('stopped');
    expect(run.clock.pendingTimers).toBe(0);
    expect(unhandled).toEqual([]);

    writeFigures('hostile-scalers', {
      simulatedMs: hour,
      polls: run.polls.length,
      decisions: run.decisions.length,
      scalersCreated: run.stats.created,
      calls: run.stats.calls,
      mostCallsToOneHangingScaler: run.stats.mostCallsToOneHangingScaler,
      hangingCloses: run.stats.hangingCloses,
      errorEvents: run.errors,
      unhandled: unhandled.length,
    });
  });

  it('falls back after failureThreshold failed polls of a scaler that throws odd values, as KEDA does', async () => {
    const threshold = 3;
    const run = start(['odd-throw'], { fallback: { failureThreshold: threshold, replicas: 6 } });
    await run.autoscaler.start();
    await run.clock.advance(10 * POLLING_INTERVAL_S * 1000);
    // KEDA v2.21 pkg/fallback/fallback.go: the fallback applies once the failures exceed failureThreshold.
    expect(run.decisions.map(({ decision }) => decision.fallbackActive)).toEqual(
      Array.from({ length: 11 }, (_, k) => k + 1 > threshold),
    );
    expect(run.target.replicas).toBe(6);
    await run.autoscaler.stop();
    expect(unhandled).toEqual([]);
  });

  it('settles stop() within stopTimeoutMs while every scaler hangs in its poll and in close()', async () => {
    const run = start(['hang', 'hang', 'hang']);
    await run.autoscaler.start();
    await run.clock.advance(5 * POLLING_INTERVAL_S * 1000);
    let stoppedAt: number | undefined;
    const stopRequestedAt = run.clock.now();
    const stopping = run.autoscaler.stop().then(() => (stoppedAt = run.clock.now()));
    for (let waited = 0; waited < STOP_TIMEOUT_MS && stoppedAt === undefined; waited += 100) {
      await run.clock.advance(100);
    }
    await stopping;
    // The scalers' close bound (2 x pollTimeoutMs + 1 s) ends the hung close() calls; stopTimeoutMs bounds the rest.
    expect(stoppedAt! - stopRequestedAt).toBeLessThanOrEqual(STOP_TIMEOUT_MS);
    expect(run.autoscaler.state).toBe('stopped');
    writeFigures('hung-stop', { stopSettledAfterMs: stoppedAt! - stopRequestedAt, stopTimeoutMs: STOP_TIMEOUT_MS });
    expect(run.stats.hangingCloses).toBeGreaterThanOrEqual(3);
    expect(run.errors['close TIMEOUT']).toBeGreaterThanOrEqual(1);
    expect(unhandled).toEqual([]);
  });
});
