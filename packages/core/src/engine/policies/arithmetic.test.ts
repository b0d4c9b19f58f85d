import { describe, expect, it } from 'vitest';
import { scaleInBlocked, scaleInCooldownEndsAt } from './cooldown.js';
import { emptyPanicState, PANIC_DEFAULTS, panicStep, resolvePanic } from './panic.js';
import { drainRateSample, estimatedDrainSeconds, queueTimeItemsPerReplica, updateDrainEstimate } from './queue-time.js';

const S = 1000;

describe('scale-in cooldown arithmetic', () => {
  it('ends `seconds` after the last scale-up and blocks up to and including that instant', () => {
    expect(scaleInCooldownEndsAt(10 * S, 120 * S)).toBe(130 * S);
    expect(scaleInBlocked(130 * S, 10 * S, 120 * S)).toBe(true);
    expect(scaleInBlocked(130 * S + 1, 10 * S, 120 * S)).toBe(false);
  });

  it('blocks nothing before the first scale-up', () => {
    expect(scaleInCooldownEndsAt(undefined, 120 * S)).toBeUndefined();
    expect(scaleInBlocked(0, undefined, 120 * S)).toBe(false);
  });
});

describe('panic arithmetic (Knative KPA)', () => {
  it("has Knative's defaults: 60 s stable window, panic window 10 % of it, threshold 200 %", () => {
    expect(PANIC_DEFAULTS).toEqual({
      stableWindowSeconds: 60,
      panicWindowPercentage: 10,
      panicThresholdPercentage: 200,
    });
    expect(resolvePanic({})).toEqual({ stableWindowMs: 60 * S, panicWindowMs: 6 * S, thresholdPercentage: 200 });
    expect(resolvePanic({ stableWindowSeconds: 120, panicWindowPercentage: 25 }).panicWindowMs).toBe(30 * S);
  });

  const step = (state = emptyPanicState(), input: Partial<Parameters<typeof panicStep>[2]> = {}) => {
    const full = { now: 0, demand: 1, ready: 1, current: 1, normal: 1, maxReplicas: 100, ...input };
    return { state, result: panicStep(resolvePanic({}), state, full) };
  };

  it('panics when the demand is at least twice the ready replicas, and not just below', () => {
    expect(step(undefined, { demand: 10, ready: 5, current: 5, normal: 5 }).result).toEqual({
      panicking: true,
      panicDemand: 10,
      demandPercentage: 200,
      replicas: 10,
    });
    expect(step(undefined, { demand: 9, ready: 5, current: 5, normal: 5 }).result.panicking).toBe(false);
  });

  it('divides by at least one ready replica (a burst at a starting replica panics)', () => {
    expect(step(undefined, { demand: 4, ready: 0, current: 1, normal: 2 }).result).toMatchObject({
      panicking: true,
      demandPercentage: 400,
      replicas: 4,
    });
  });

  it('averages the proposals inside the panic window (now - 6 s, now] and rounds up', () => {
    const state = emptyPanicState();
    step(state, { now: 0, demand: 2 });
    step(state, { now: 3 * S, demand: 3 });
    const { result } = step(state, { now: 6 * S, demand: 6, ready: 3, current: 3, normal: 3 });
    // the sample at 0 is out (not after 6 s - 6 s); mean of 3 and 6 = 4.5 → 5
    expect(result.panicDemand).toBe(5);
    expect(state.samples.map((s) => s.time)).toEqual([3 * S, 6 * S]);
  });

  it('does not scale down while panicking and ends a stable window after the last sample over the threshold', () => {
    const state = emptyPanicState();
    step(state, { now: 0, demand: 20, ready: 2, current: 2, normal: 4 });
    expect(state.maxPanicReplicas).toBe(20);
    const calm = step(state, { now: 30 * S, demand: 3, ready: 20, current: 20, normal: 10 }).result;
    expect([calm.panicking, calm.replicas]).toEqual([true, 20]);
    const last = step(state, { now: 60 * S, demand: 3, ready: 20, current: 20, normal: 10 }).result;
    expect(last.panicking).toBe(true); // 0 + 60 s is not before 60 s
    const over = step(state, { now: 60 * S + 1, demand: 3, ready: 20, current: 20, normal: 10 }).result;
    expect([over.panicking, over.replicas, state.maxPanicReplicas]).toEqual([false, undefined, 0]);
  });

  it('caps the panic demand at maxReplicaCount and keeps a larger normal count', () => {
    expect(step(undefined, { demand: 500, ready: 2, current: 2, normal: 4, maxReplicas: 50 }).result.replicas).toBe(50);
    expect(step(undefined, { demand: 10, ready: 2, current: 2, normal: 12 }).result.replicas).toBe(12);
  });
});

describe('queue-time arithmetic', () => {
  it('turns a target wait into items per replica: rate × seconds', () => {
    expect(queueTimeItemsPerReplica(5, 30)).toBe(150);
    expect(estimatedDrainSeconds(600, 5, 2)).toBe(60);
    expect(estimatedDrainSeconds(600, 5, 0)).toBeUndefined();
    expect(estimatedDrainSeconds(600, undefined, 2)).toBeUndefined();
  });

  it('samples the drain per replica per second only when the backlog fell and did not empty', () => {
    const at = (time: number, backlog: number, ready: number) => ({ time: time * S, backlog, ready });
    expect(drainRateSample(at(0, 1000, 4), at(10, 800, 4))).toBe(5);
    // the larger ready count of the two ends: an estimate that errs toward more replicas
    expect(drainRateSample(at(0, 1000, 4), at(10, 800, 5))).toBe(4);
    expect(drainRateSample(at(0, 1000, 4), at(10, 1000, 4))).toBeUndefined(); // did not fall
    expect(drainRateSample(at(0, 1000, 4), at(10, 0, 4))).toBeUndefined(); // emptied: censored
    expect(drainRateSample(at(0, 1000, 0), at(10, 800, 0))).toBeUndefined(); // no replica
    expect(drainRateSample(at(10, 1000, 4), at(10, 800, 4))).toBeUndefined(); // no time
  });

  it('keeps a moving estimate: rises to a higher sample at once, drifts toward a lower one by 0.02', () => {
    expect(updateDrainEstimate(undefined, 4)).toBe(4);
    expect(updateDrainEstimate(4, 8)).toBe(8);
    expect(updateDrainEstimate(8, 4)).toBeCloseTo(7.92, 12);
    expect(updateDrainEstimate(8, 4, 0.5)).toBe(6);
  });
});
