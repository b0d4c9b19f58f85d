// Second review of the engine against KEDA v2.21 (getScaledObjectState in pkg/scaling/scale_handler.go,
// RequestScale in pkg/scaling/executor/scale_scaledobjects.go, pkg/fallback/fallback.go,
// pkg/scaling/modifiers/formula.go, RequestJobScale in pkg/scaling/executor/scale_jobs.go and
// pkg/scaling/scaledjob/metrics.go), written independently of the first test files: one table row per
// branch of that code or known quirk.
import { describe, expect, it } from 'vitest';
import { ScalerError } from '../errors.js';
import type { Fallback, ScaledObject, ScalingStrategy } from '../manifest/types.js';
import type { MetricSpec } from '../types.js';
import { createScalingEngine } from './engine.js';
import { combineJobScalerMetrics, computeJobsToCreate } from './jobs.js';
import { makeScaledJob, makeScaledObject } from './test-factory.js';
import type { EngineSnapshot, TriggerObservation } from './types.js';

const S = 1000;
const T0 = 1_000_000 * S; // a "now" well after createdAt 0
const spec = (
  metricName = 's0-q',
  targetValue = 10,
  targetType: 'AverageValue' | 'Value' = 'AverageValue',
): MetricSpec[] => [{ metricName, targetType, targetValue }];
// A value that keeps the HPA at `current` (ratio 1), so the executor's choice is what shows.
const steady = (current: number, active = true): TriggerObservation => ({
  isActive: active,
  metrics: [{ metricName: 's0-q', value: current * 10 }],
});
const failing: TriggerObservation = { isActive: false, error: new Error('broker down') };

function snapshotWith(lastActiveTime: number | null): EngineSnapshot {
  return {
    version: 1,
    recommendations: [],
    scaleUpEvents: [],
    scaleDownEvents: [],
    lastActiveTime,
    failureCounts: {},
    hpaInitialized: false,
  };
}

describe('executor (KEDA RequestScale): one row per branch', () => {
  // [name, spec overrides, pause, lastActiveTime (null = never), current, observation, desired, reason]
  type Row = [
    string,
    Parameters<typeof makeScaledObject>[0],
    Partial<ScaledObject['pause']>,
    number | null,
    number,
    TriggerObservation,
    number,
    string,
  ];
  const rows: Row[] = [
    ['active from 0 → max(min,1) = 1', {}, {}, null, 0, steady(0), 1, 'ScaledFromZero'],
    ['active from 0 → min when min > 0', { minReplicaCount: 3 }, {}, null, 0, steady(0), 3, 'ScaledFromZero'],
    [
      'active from idle 1 below min 3 → 3',
      { idleReplicaCount: 1, minReplicaCount: 3 },
      {},
      null,
      1,
      steady(1),
      3,
      'ScaledFromIdle',
    ],
    [
      'active between idle and min (idle set, current < min) → min',
      { idleReplicaCount: 0, minReplicaCount: 3 },
      {},
      null,
      2,
      steady(2),
      3,
      'ScaledFromIdle',
    ],
    [
      'active, paused-scale-out: no activation, still reported active',
      {},
      { pausedScaleOut: true },
      null,
      0,
      steady(0),
      0,
      'PausedScaleOut',
    ],
    ['active at 2: the HPA owns 1..N (no executor change)', {}, {}, null, 2, steady(2), 2, 'NoChange'],
    [
      'inactive, error, fallback.replicas ≠ 0 (below threshold): wait',
      { fallback: { failureThreshold: 5, replicas: 4, behavior: 'static' } },
      {},
      T0 - 10_000 * S,
      3,
      failing,
      3,
      'FallbackWaiting',
    ],
    [
      'inactive, error, no fallback: scale-in blocked even long after cooldown',
      {},
      {},
      T0 - 10_000 * S,
      3,
      failing,
      3,
      'TriggerErrorHoldsScaleIn',
    ],
    [
      'inactive, error, fallback.replicas = 0: normal scale-in',
      { fallback: { failureThreshold: 5, replicas: 0, behavior: 'static' } },
      {},
      T0 - 10_000 * S,
      3,
      failing,
      0,
      'ScaledToZero',
    ],
    [
      'inactive at exactly lastActive + cooldown: still cooling down (strict <)',
      {},
      {},
      T0 - 300 * S,
      3,
      steady(3, false),
      3,
      'Cooldown',
    ],
    ['inactive 1 ms after the cooldown: scale to 0', {}, {}, T0 - 300 * S - 1, 3, steady(3, false), 0, 'ScaledToZero'],
    [
      'inactive, idle 0, min 2: to idle after cooldown',
      { idleReplicaCount: 0, minReplicaCount: 2 },
      {},
      T0 - 301 * S,
      2,
      steady(2, false),
      0,
      'ScaledToIdle',
    ],
    [
      'inactive, idle 1 at idle, min 2: executor leaves it, the HPA raises to its min (KEDA fights itself)',
      { idleReplicaCount: 1, minReplicaCount: 2 },
      {},
      null,
      1,
      steady(1, false),
      2,
      'BelowMinimum',
    ],
    ['inactive below min without idle → min', { minReplicaCount: 3 }, {}, null, 1, steady(1, false), 3, 'BelowMinimum'],
    [
      'inactive below min without idle ignores paused-scale-out',
      { minReplicaCount: 3 },
      { pausedScaleOut: true },
      null,
      1,
      steady(1, false),
      3,
      'BelowMinimum',
    ],
    [
      'inactive, paused-scale-in: no scale to 0',
      {},
      { pausedScaleIn: true },
      T0 - 1000 * S,
      2,
      steady(2, false),
      2,
      'PausedScaleIn',
    ],
    ['inactive at 0 with min 0: nothing', {}, {}, null, 0, steady(0, false), 0, 'NoChange'],
    ['inactive with min > 0 at min: nothing', { minReplicaCount: 2 }, {}, null, 2, steady(2, false), 2, 'NoChange'],
    [
      'force-activation activates without an active trigger',
      {},
      { forceActivation: true },
      null,
      0,
      steady(0, false),
      1,
      'ScaledFromZero',
    ],
  ];
  it.each(rows)('%s', (_name, so, pause, lastActive, current, observation, desired, reason) => {
    const engine = createScalingEngine(makeScaledObject(so, pause), { metricSpecs: { '0': spec() }, createdAt: 0 });
    engine.restore(snapshotWith(lastActive));
    const d = engine.decide({ now: T0, currentReplicas: current, triggers: { '0': observation } });
    expect([d.desiredReplicas, d.reason]).toEqual([desired, reason]);
  });

  it('initialCooldownPeriod counts from createdAt while never active (strict)', () => {
    const make = () =>
      createScalingEngine(makeScaledObject({ initialCooldownPeriod: 60 }), {
        metricSpecs: { '0': spec() },
        createdAt: 5 * S,
      });
    expect(make().decide({ now: 65 * S, currentReplicas: 2, triggers: { '0': steady(2, false) } }).reason).toBe(
      'Cooldown',
    );
    expect(make().decide({ now: 65 * S + 1, currentReplicas: 2, triggers: { '0': steady(2, false) } }).reason).toBe(
      'ScaledToZero',
    );
  });

  it('the cooldown explanation says which period and how long remains', () => {
    const engine = createScalingEngine(makeScaledObject({ cooldownPeriod: 60 }), { metricSpecs: { '0': spec() } });
    engine.restore(snapshotWith(T0 - 20 * S));
    const d = engine.decide({ now: T0, currentReplicas: 2, triggers: { '0': steady(2, false) } });
    expect(d.explanation.executor.cooldown).toEqual({
      period: 'cooldownPeriod',
      since: T0 - 20 * S,
      endsAt: T0 + 40 * S,
      remainingMs: 40 * S,
    });
  });

  it('active with a partial error: PartialTriggerError, lastActiveTime NOT refreshed, activation still happens', () => {
    const so = makeScaledObject({ triggers: [{ name: 'a' }, { name: 'b' }] });
    const specs = { a: spec('s0-a'), b: spec('s1-b') };
    const engine = createScalingEngine(so, { metricSpecs: specs });
    engine.restore(snapshotWith(T0 - 50 * S));
    const up = { isActive: true, metrics: [{ metricName: 's0-a', value: 20 }] };
    const d = engine.decide({ now: T0, currentReplicas: 2, triggers: { a: up, b: failing } });
    expect(d).toMatchObject({ isActive: true, isError: true });
    expect(d.explanation.executor).toMatchObject({ partialTriggerError: true, lastActiveTime: T0 - 50 * S });
    expect(engine.snapshot().lastActiveTime).toBe(T0 - 50 * S);
    const fromZero = createScalingEngine(so, { metricSpecs: specs });
    const activated = fromZero.decide({ now: T0, currentReplicas: 0, triggers: { a: up, b: failing } });
    expect([activated.desiredReplicas, activated.reason]).toEqual([1, 'ScaledFromZero']);
    expect(fromZero.snapshot().lastActiveTime).toBe(T0);
  });

  it('maxReplicaCount is never applied by the executor, but the HPA lowers an over-max count without metrics', () => {
    const engine = createScalingEngine(makeScaledObject({ maxReplicaCount: 5 }), { metricSpecs: { '0': spec() } });
    const d = engine.decide({ now: T0, currentReplicas: 9, triggers: { '0': failing } });
    expect([d.desiredReplicas, d.reason, d.explanation.hpa.branch]).toEqual([5, 'AboveMaximum', 'aboveMaximum']);
  });
});

describe('activity (KEDA getScaledObjectState): OR over triggers, errors, cpu/memory', () => {
  const two = makeScaledObject({ triggers: [{ name: 'a' }, { name: 'b' }] });
  const specs = { a: spec('s0-a'), b: spec('s1-b') };
  it.each([
    [
      'one active, one inactive → active',
      { isActive: true, metrics: [{ metricName: 's0-a', value: 10 }] },
      { isActive: false, metrics: [{ metricName: 's1-b', value: 0 }] },
      true,
      false,
    ],
    [
      'one errors, other inactive → inactive + error',
      failing,
      { isActive: false, metrics: [{ metricName: 's1-b', value: 0 }] },
      false,
      true,
    ],
    [
      'an erroring trigger counts as inactive even if it says isActive',
      { ...failing, isActive: true },
      { isActive: false, metrics: [{ metricName: 's1-b', value: 0 }] },
      false,
      true,
    ],
    [
      'a missing observation is an error for that trigger',
      undefined,
      { isActive: true, metrics: [{ metricName: 's1-b', value: 10 }] },
      true,
      true,
    ],
  ] as const)('%s', (_name, a, b, isActive, isError) => {
    const engine = createScalingEngine(two, { metricSpecs: specs });
    const triggers: Record<string, TriggerObservation> = { b: b as unknown as TriggerObservation };
    if (a !== undefined) triggers.a = a as unknown as TriggerObservation;
    const d = engine.decide({ now: T0, currentReplicas: 1, triggers });
    expect([d.isActive, d.isError]).toEqual([isActive, isError]);
  });

  it('only cpu/memory triggers: always active, never scaled to zero', () => {
    const so = makeScaledObject({ minReplicaCount: 1, triggers: [{ type: 'cpu' }, { type: 'memory' }] });
    const d = createScalingEngine(so, { metricSpecs: {} }).decide({ now: T0, currentReplicas: 2, triggers: {} });
    expect([d.isActive, d.desiredReplicas]).toEqual([true, 2]);
  });

  it('cpu next to another trigger gives no activity: the inactive other trigger scales to 0', () => {
    const so = makeScaledObject({ triggers: [{ type: 'cpu' }, { name: 'q' }] });
    const d = createScalingEngine(so, { metricSpecs: { q: spec() } }).decide({
      now: T0,
      currentReplicas: 2,
      triggers: { q: steady(2, false) },
    });
    expect([d.isActive, d.desiredReplicas, d.reason]).toEqual([false, 0, 'ScaledToZero']);
  });

  it('a metric value that is NaN, Infinity or negative counts as 0; a numeric string is read as a number', () => {
    const engine = createScalingEngine(makeScaledObject({ minReplicaCount: 1 }), { metricSpecs: { '0': spec() } });
    const obs = (value: unknown) => ({ isActive: true, metrics: [{ metricName: 's0-q', value: value as number }] });
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, -5]) {
      expect(
        engine.decide({ now: T0, currentReplicas: 1, triggers: { '0': obs(value) } }).explanation.hpa.metrics[0]?.value,
      ).toBe(0);
    }
    expect(
      engine.decide({ now: T0, currentReplicas: 1, triggers: { '0': obs('30') } }).explanation.hpa.metrics[0]?.value,
    ).toBe(30);
  });

  it('metric names match case-insensitively and several series are summed', () => {
    const engine = createScalingEngine(makeScaledObject({ minReplicaCount: 1 }), {
      metricSpecs: { '0': spec('s0-Queue') },
    });
    const d = engine.decide({
      now: T0,
      currentReplicas: 1,
      triggers: {
        '0': {
          isActive: true,
          metrics: [
            { metricName: 's0-queue', value: 15 },
            { metricName: 'S0-QUEUE', value: 15 },
          ],
        },
      },
    });
    expect(d.explanation.hpa.metrics[0]).toMatchObject({ value: 30, proposedReplicas: 3 });
  });
});

describe('HPA combination inside the engine (Kubernetes computeReplicasForMetrics)', () => {
  const two = makeScaledObject({ minReplicaCount: 1, triggers: [{ name: 'a' }, { name: 'b' }] });
  const specs = { a: spec('s0-a'), b: spec('s1-b') };
  const val = (name: string, value: number) => ({ isActive: true, metrics: [{ metricName: name, value }] });

  it('the max over metrics wins', () => {
    const d = createScalingEngine(two, { metricSpecs: specs }).decide({
      now: T0,
      currentReplicas: 4,
      triggers: { a: val('s0-a', 20), b: val('s1-b', 60) },
    });
    expect([d.desiredReplicas, d.explanation.hpa.winningMetric]).toEqual([6, 's1-b']);
  });

  it('with an invalid metric a scale-DOWN is cancelled, a scale-up goes ahead', () => {
    const down = createScalingEngine(two, { metricSpecs: specs }).decide({
      now: T0,
      currentReplicas: 4,
      triggers: { a: val('s0-a', 10), b: failing },
    });
    expect([down.desiredReplicas, down.reason, down.explanation.hpa.aborted]).toEqual([4, 'MetricsUnavailable', true]);
    const up = createScalingEngine(two, { metricSpecs: specs }).decide({
      now: T0,
      currentReplicas: 4,
      triggers: { a: val('s0-a', 60), b: failing },
    });
    expect([up.desiredReplicas, up.reason]).toEqual([6, 'Hpa']);
  });

  it('Value targets use the ready replicas, AverageValue the current count', () => {
    const so = makeScaledObject({ minReplicaCount: 1 });
    const engine = createScalingEngine(so, { metricSpecs: { '0': spec('s0-q', 10, 'Value') } });
    const d = engine.decide({ now: T0, currentReplicas: 4, readyReplicas: 1, triggers: { '0': val('s0-q', 19.5) } });
    // ratio 1.95 × 1 ready → 2, the legacy path allows the scale-down only after 300 s → stays 4 (seeded 4)
    expect(d.explanation.hpa.metrics[0]?.proposedReplicas).toBe(2);
    expect(d.desiredReplicas).toBe(4);
  });
});

describe('fallback (KEDA fallback.go)', () => {
  const fb = (f: Partial<Fallback>): Fallback => ({ failureThreshold: 0, replicas: 6, behavior: 'static', ...f });

  it('threshold 0: the first failure is already over it (strictly greater)', () => {
    const engine = createScalingEngine(makeScaledObject({ fallback: fb({}) }), { metricSpecs: { '0': spec() } });
    const d = engine.decide({ now: T0, currentReplicas: 3, triggers: { '0': failing } });
    expect([d.fallbackActive, d.isActive, d.isError, d.desiredReplicas]).toEqual([true, true, false, 6]);
  });

  it('fallback value for a Value metric is int64(T·1000·R/ready) milli, truncated; the HPA lands on R', () => {
    const so = makeScaledObject({ minReplicaCount: 1, fallback: fb({ replicas: 5 }) });
    const engine = createScalingEngine(so, { metricSpecs: { '0': spec('s0-q', 10, 'Value') } });
    const d = engine.decide({ now: T0, currentReplicas: 4, readyReplicas: 3, triggers: { '0': failing } });
    expect(d.explanation.hpa.metrics[0]).toMatchObject({ value: 16.666, fallback: true, proposedReplicas: 5 });
  });

  it('from zero: the trigger over the threshold counts as active and activates to max(min,1) (TestFallbackFromZero)', () => {
    const engine = createScalingEngine(makeScaledObject({ fallback: fb({}) }), { metricSpecs: { '0': spec() } });
    const d = engine.decide({ now: T0, currentReplicas: 0, triggers: { '0': failing } });
    expect([d.desiredReplicas, d.reason, d.fallbackActive]).toEqual([1, 'ScaledFromZero', true]);
  });

  it('a fallback that is set but invalid (modifiers target not an integer) does not count failures', () => {
    const so = makeScaledObject({
      triggers: [{ name: 'q' }],
      fallback: fb({}),
      advanced: {
        restoreToOriginalReplicaCount: false,
        scalingModifiers: { formula: 'q', target: '2.5', metricType: 'AverageValue' },
      },
    });
    const engine = createScalingEngine(so, { metricSpecs: { q: spec() } });
    const d = engine.decide({ now: T0, currentReplicas: 3, triggers: { q: failing } });
    // not counted → an error; executor: fallback set and replicas ≠ 0 → wait
    expect([d.fallbackActive, d.isError, d.reason]).toEqual([false, true, 'FallbackWaiting']);
    expect(engine.snapshot().failureCounts).toEqual({});
  });

  it('counts per metric name, so two metrics of one trigger each count once per decide', () => {
    const so = makeScaledObject({ fallback: fb({ failureThreshold: 1 }) });
    const engine = createScalingEngine(so, { metricSpecs: { '0': [...spec('s0-a'), ...spec('s0-b')] } });
    engine.decide({ now: T0, currentReplicas: 3, triggers: { '0': failing } });
    expect(engine.snapshot().failureCounts).toEqual({ 's0-a': 1, 's0-b': 1 });
  });

  it('paused decisions count nothing and store nothing', () => {
    const engine = createScalingEngine(makeScaledObject({ fallback: fb({}) }, { paused: true, pausedReplicas: 4 }), {
      metricSpecs: { '0': spec() },
    });
    const d = engine.decide({ now: T0, currentReplicas: 2, triggers: { '0': failing } });
    expect([d.desiredReplicas, d.paused, d.reason]).toEqual([4, true, 'PausedReplicas']);
    expect(engine.snapshot()).toMatchObject({ failureCounts: {}, recommendations: [], hpaInitialized: false });
  });
});

describe('scalingModifiers (KEDA modifiers/formula.go)', () => {
  const modifiers = (formula: string, extra: Record<string, string> = {}) => ({
    restoreToOriginalReplicaCount: false,
    scalingModifiers: { formula, target: '10', metricType: 'AverageValue' as const, ...extra },
  });
  const named = (advanced: ReturnType<typeof modifiers>, more: Parameters<typeof makeScaledObject>[0] = {}) =>
    makeScaledObject({ minReplicaCount: 1, triggers: [{ name: 'a' }, { name: 'b' }, {}], advanced, ...more });
  const specs = { a: spec('s0-a'), b: spec('s1-b'), '2': spec('s2-c') };
  const values = (a: number, b: number, c = 0) => ({
    a: { isActive: false, metrics: [{ metricName: 's0-a', value: a }] },
    b: { isActive: false, metrics: [{ metricName: 's1-b', value: b }] },
    '2': { isActive: true, metrics: [{ metricName: 's2-c', value: c }] },
  });

  it.each([
    ['composite above activationTarget → active (per-trigger activity is discarded)', 'a + b', '5', [3, 3], true, 6],
    ['composite equal to activationTarget → inactive (strict >)', 'a + b', '6', [3, 3], false, 6],
    ['negative composite is not clamped; the HPA proposal floors at 0', 'a - b', '0', [1, 40], false, -39],
  ] as const)('%s', (_name, formula, activationTarget, [a, b], isActive, composite) => {
    const engine = createScalingEngine(named(modifiers(formula, { activationTarget })), { metricSpecs: specs });
    const d = engine.decide({ now: T0, currentReplicas: 1, triggers: values(a, b) });
    expect([d.isActive, d.explanation.activity.composite?.value]).toEqual([isActive, composite]);
    expect(d.explanation.hpa.metrics).toHaveLength(1);
    expect(d.explanation.hpa.metrics[0]?.metricName).toBe('composite-metric');
  });

  it('int64(result × 1000): 1/3 becomes 0.333', () => {
    const engine = createScalingEngine(named(modifiers('a / b')), { metricSpecs: specs });
    expect(
      engine.decide({ now: T0, currentReplicas: 1, triggers: values(1, 3) }).explanation.activity.composite?.value,
    ).toBe(0.333);
  });

  it('a formula returning nil uses fallback.replicas × target, or is an error without fallback', () => {
    // Only a formula with `??` may yield nil: any other is wrapped in float(), and float(nil) fails (castToFloatIfNecessary).
    const withFallback = named(modifiers('a > 100 ? a : nil ?? nil'), {
      fallback: { failureThreshold: 3, replicas: 4, behavior: 'static' },
    });
    const d = createScalingEngine(withFallback, { metricSpecs: specs }).decide({
      now: T0,
      currentReplicas: 1,
      triggers: values(1, 1),
    });
    expect(d.explanation.activity.composite?.value).toBe(40);
    const without = createScalingEngine(named(modifiers('a > 100 ? a : nil ?? nil')), { metricSpecs: specs }).decide({
      now: T0,
      currentReplicas: 1,
      triggers: values(1, 1),
    });
    expect(without.explanation.activity.composite?.error).toMatch(/nil/);
    expect(without.isActive).toBe(false);
  });

  it('a trigger error makes the object inactive with no composite, even if the formula could ignore it', () => {
    const engine = createScalingEngine(named(modifiers('a')), { metricSpecs: specs });
    const d = engine.decide({ now: T0, currentReplicas: 1, triggers: { ...values(50, 0), b: failing } });
    expect([d.isActive, d.isError, d.explanation.activity.composite?.value]).toEqual([false, true, undefined]);
  });
});

describe('ScaledJob (KEDA RequestJobScale): computeJobsToCreate through each strategy', () => {
  const job = makeScaledJob;
  const custom = (pct: string | undefined, deduction?: number): Partial<ScalingStrategy> => ({
    strategy: 'custom',
    customScalingRunningJobPercentage: pct,
    customScalingQueueLengthDeduction: deduction,
  });
  // [name, spec, strategy, queue, target, running, pending, active, jobs]
  const rows: Array<
    [string, Record<string, unknown>, Partial<ScalingStrategy>, number, number, number, number, boolean, number]
  > = [
    ['default: maxScale − running', { maxReplicaCount: 5 }, {}, 3, 1, 2, 0, true, 1],
    ['default: no running', { maxReplicaCount: 5 }, {}, 2, 1, 0, 0, true, 2],
    ['default: capped by ceil(queueLength) even when queue/target is larger', {}, {}, 3, 0.5, 0, 0, true, 3],
    ['default: maxValue capped by MaxReplicaCount()', { maxReplicaCount: 4 }, {}, 50, 1, 0, 0, true, 4],
    ['inactive creates nothing', { maxReplicaCount: 5 }, {}, 3, 1, 0, 0, false, 0],
    [
      'running below min: create min − running even when inactive',
      { minReplicaCount: 2, maxReplicaCount: 5 },
      {},
      0,
      1,
      0,
      0,
      false,
      2,
    ],
    ['r = running − min', { minReplicaCount: 2, maxReplicaCount: 10 }, {}, 10, 1, 5, 0, true, 5],
    ['custom: maxScale − deduction − trunc(r × pct)', { maxReplicaCount: 5 }, custom('0.5', 1), 3, 1, 2, 0, true, 1],
    ['custom: capped at MaxReplicaCount()', { maxReplicaCount: 10 }, custom('0', 0), 20, 1, 0, 0, true, 10],
    ['custom: trunc(3 × 0.5) = 1', { maxReplicaCount: 10 }, custom('0.5', 0), 5, 1, 3, 0, true, 4],
    ['custom: deduction unset is 0', { maxReplicaCount: 10 }, custom('1'), 5, 1, 2, 0, true, 3],
    [
      'custom: unparsable percentage → default strategy',
      { maxReplicaCount: 10 },
      custom('half', 3),
      5,
      1,
      2,
      0,
      true,
      3,
    ],
    ['custom: empty percentage → default strategy', { maxReplicaCount: 10 }, custom('', 3), 5, 1, 2, 0, true, 3],
    [
      'custom: " 0.5" is refused by ParseFloat → default strategy',
      { maxReplicaCount: 10 },
      custom(' 0.5', 3),
      5,
      1,
      2,
      0,
      true,
      3,
    ],
    ['custom: exponent form is a valid float', { maxReplicaCount: 10 }, custom('5e-1', 0), 5, 1, 3, 0, true, 4],
    [
      'accurate: maxScale − pending when maxScale + r − pending ≤ maxRC',
      { maxReplicaCount: 5 },
      { strategy: 'accurate' },
      3,
      1,
      2,
      0,
      true,
      3,
    ],
    ['accurate: maxRC − r when over', { maxReplicaCount: 5 }, { strategy: 'accurate' }, 5, 1, 2, 0, true, 3],
    ['accurate: pending jobs are subtracted', { maxReplicaCount: 10 }, { strategy: 'accurate' }, 3, 1, 4, 2, true, 1],
    ['eager: min(maxRC − r − pending, maxScale)', { maxReplicaCount: 10 }, { strategy: 'eager' }, 4, 1, 3, 0, true, 4],
    ['eager: limited by the room left', { maxReplicaCount: 10 }, { strategy: 'eager' }, 4, 1, 7, 0, true, 3],
    ['unknown strategy behaves like default', { maxReplicaCount: 5 }, { strategy: 'greedy' }, 3, 1, 2, 0, true, 1],
    ['target 0 → maxScale 0 → nothing', {}, {}, 10, 0, 0, 0, true, 0],
    ['more running than allowed → 0, never negative', { maxReplicaCount: 5 }, {}, 3, 1, 9, 0, true, 0],
    [
      'max unset with min 2: MaxReplicaCount() is 100, not 98',
      { minReplicaCount: 2 },
      { strategy: 'eager' },
      500,
      1,
      2,
      0,
      true,
      100,
    ],
    [
      'min > max: MaxReplicaCount() is spec.max',
      { minReplicaCount: 12, maxReplicaCount: 10 },
      {},
      50,
      1,
      10,
      0,
      true,
      10,
    ],
  ];
  it.each(rows)(
    '%s',
    (_name, spec, strategy, queueLength, targetAverageValue, runningJobCount, pendingJobCount, isActive, jobs) => {
      expect(
        computeJobsToCreate(job(spec, strategy), {
          queueLength,
          targetAverageValue,
          runningJobCount,
          pendingJobCount,
          isActive,
        }),
      ).toBe(jobs);
    },
  );

  it('accepts a bare spec, a missing scalingStrategy, null min/max and numeric strings', () => {
    const input = {
      queueLength: '3',
      targetAverageValue: '1',
      runningJobCount: '2',
      pendingJobCount: 0,
      isActive: true,
    };
    expect(computeJobsToCreate({ maxReplicaCount: 5 } as never, input as never)).toBe(1);
    expect(computeJobsToCreate({ spec: { maxReplicaCount: 5, minReplicaCount: null } } as never, input as never)).toBe(
      1,
    );
  });

  it('refuses bad input with a clear error', () => {
    const input = { queueLength: 3, targetAverageValue: 1, runningJobCount: 0, pendingJobCount: 0, isActive: true };
    const cases: Array<[() => unknown, RegExp]> = [
      [() => computeJobsToCreate(null as never, input), /"scaledJob" must be a ScaledJob/],
      [() => computeJobsToCreate(job(), undefined as never), /second argument must be/],
      [() => computeJobsToCreate(job({ maxReplicaCount: 'many' }), input), /"spec.maxReplicaCount" must be a number/],
      [
        () => computeJobsToCreate(job(), { ...input, queueLength: 'lots' as never }),
        /"queueLength" must be a number >= 0, got "lots"/,
      ],
      [
        () => computeJobsToCreate({ spec: { scalingStrategy: 'eager' } } as never, input),
        /"spec.scalingStrategy" must be an object/,
      ],
    ];
    for (const [call, message] of cases) {
      let thrown: unknown;
      try {
        call();
      } catch (e) {
        thrown = e;
      }
      expect(ScalerError.isInstance(thrown)).toBe(true);
      expect((thrown as Error).message).toMatch(message);
    }
  });

  it('combination quirks (KEDA scaledjob/metrics.go): max ignores an active 0, min treats 0 as unset, avg/sum over active entries', () => {
    const j = (calc: string, spec: Record<string, unknown> = {}) => job(spec, { multipleScalersCalculation: calc });
    const zero = { queueLength: 0, targetAverageValue: 1, isActive: true };
    const four = { queueLength: 4, targetAverageValue: 2, isActive: true };
    const idle = { queueLength: 100, targetAverageValue: 1, isActive: false };
    expect(combineJobScalerMetrics(j('max'), [zero])).toMatchObject({ isActive: false, queueLength: 0 });
    expect(combineJobScalerMetrics(j('max'), [zero, four, idle])).toMatchObject({
      isActive: true,
      queueLength: 4,
      maxValue: 2,
    });
    expect(combineJobScalerMetrics(j('min'), [zero, four])).toMatchObject({ isActive: true, queueLength: 4 });
    expect(combineJobScalerMetrics(j('avg'), [zero, four, idle])).toMatchObject({
      isActive: true,
      queueLength: 2,
      maxValue: 1,
    });
    expect(combineJobScalerMetrics(j('sum'), [zero, four, idle])).toMatchObject({
      isActive: true,
      queueLength: 4,
      maxValue: 2,
    });
    expect(combineJobScalerMetrics(j('avg'), [idle])).toMatchObject({ isActive: false, queueLength: 0 });
    expect(combineJobScalerMetrics(j('max', { minReplicaCount: 1 }), [])).toMatchObject({ isActive: true });
    expect(
      combineJobScalerMetrics(j('max', { maxReplicaCount: 3 }), [
        { queueLength: 9, targetAverageValue: 0, isActive: true },
      ]),
    ).toMatchObject({ maxValue: 0, scaleTo: 9 });
    expect(() => combineJobScalerMetrics(j('max'), null as never)).toThrow(/"entries" must be an array/);
  });
});

describe('engine input validation: clear errors, never a TypeError', () => {
  const engine = () => createScalingEngine(makeScaledObject(), { metricSpecs: { '0': spec() } });
  it.each([
    ['no input', () => engine().decide(undefined as never), /"input" must be an object/],
    [
      'now missing',
      () => engine().decide({ currentReplicas: 1, triggers: {} } as never),
      /"now" must be a finite number/,
    ],
    [
      'negative currentReplicas',
      () => engine().decide({ now: 0, currentReplicas: -1, triggers: {} }),
      /"currentReplicas" must be an integer >= 0/,
    ],
    [
      'currentReplicas beyond an int32 (Number.MAX_VALUE from a broken target)',
      () => engine().decide({ now: 0, currentReplicas: Number.MAX_VALUE, triggers: {} }),
      /"currentReplicas" must be at most 2147483647 \(a replica count is an int32\)/,
    ],
    [
      'readyReplicas beyond an int32',
      () => engine().decide({ now: 0, currentReplicas: 1, readyReplicas: 2 ** 31, triggers: {} }),
      /"readyReplicas" must be at most 2147483647/,
    ],
    [
      'fractional readyReplicas',
      () => engine().decide({ now: 0, currentReplicas: 1, readyReplicas: 0.5, triggers: {} }),
      /"readyReplicas"/,
    ],
    [
      'triggers missing',
      () => engine().decide({ now: 0, currentReplicas: 1 } as never),
      /"triggers" must map each trigger key/,
    ],
    [
      'scaledObject missing',
      () => createScalingEngine(undefined as never, { metricSpecs: {} }),
      /"scaledObject" must be a parsed ScaledObject/,
    ],
    ['metricSpecs missing', () => createScalingEngine(makeScaledObject(), {} as never), /"options.metricSpecs"/],
    [
      'createdAt NaN',
      () => createScalingEngine(makeScaledObject(), { metricSpecs: {}, createdAt: Number.NaN }),
      /"options.createdAt"/,
    ],
    [
      'fallbackFailuresPerDecision 0',
      () => createScalingEngine(makeScaledObject(), { metricSpecs: {}, fallbackFailuresPerDecision: 0 }),
      /fallbackFailuresPerDecision/,
    ],
    ['restore garbage', () => engine().restore({ version: 2 } as never), /"snapshot" must be an object/],
    [
      'restore bad timestamp',
      () => engine().restore({ ...snapshotWith(null), recommendations: [{ timestamp: 'x', replicas: 1 }] } as never),
      /"recommendations\[0\].timestamp"/,
    ],
    [
      'restore bad events',
      () => engine().restore({ ...snapshotWith(null), scaleUpEvents: 'x' } as never),
      /"scaleUpEvents" must be an array/,
    ],
    [
      'restore bad failure count',
      () => engine().restore({ ...snapshotWith(null), failureCounts: { a: 'x' } } as never),
      /"failureCounts.a"/,
    ],
    [
      'restore bad lastActiveTime',
      () => engine().restore({ ...snapshotWith(null), lastActiveTime: 'x' } as never),
      /"lastActiveTime"/,
    ],
  ] as const)('%s', (_name, call, message) => {
    let thrown: unknown;
    try {
      call();
    } catch (e) {
      thrown = e;
    }
    expect(ScalerError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(message);
  });
});
