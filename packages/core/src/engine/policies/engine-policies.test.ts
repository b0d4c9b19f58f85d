import { describe, expect, it } from 'vitest';
import type { MetricSpec } from '../../types.js';
import { createScalingEngine } from '../engine.js';
import { makeScaledObject } from '../test-factory.js';
import type { DecideInput, EngineSnapshot, ScalingEngineOptions } from '../types.js';
import type { ScalingPolicies } from './types.js';

const S = 1000;
const spec = (name = 's0-test', targetValue = 10): MetricSpec[] => [
  { metricName: name, targetType: 'AverageValue', targetValue },
];
const obs = (value: number, name = 's0-test') => ({ isActive: value > 0, metrics: [{ metricName: name, value }] });
const err = (message = 'broker down') => ({ isActive: false, error: new Error(message) });
/** The HPA without behavior and without its 5-minute scale-down window, so each policy's effect shows alone. */
const noWindow: ScalingEngineOptions['hpa'] = { legacy: { downscaleStabilizationWindowSeconds: 0 } };

function engine(policies: ScalingPolicies | undefined, soSpec: Parameters<typeof makeScaledObject>[0] = {}) {
  return createScalingEngine(makeScaledObject({ minReplicaCount: 1, ...soSpec }), {
    metricSpecs: { '0': spec() },
    hpa: noWindow,
    ...(policies === undefined ? {} : { policies }),
  });
}

describe('unified scale-in cooldown', () => {
  it('blocks an N → M scale-in until `seconds` after the last scale-up, and says so', () => {
    const e = engine({ scaleInCooldown: { seconds: 120 } });
    expect(e.decide({ now: 0, currentReplicas: 1, triggers: { '0': obs(50) } }).desiredReplicas).toBe(4);
    const held = e.decide({ now: 30 * S, currentReplicas: 4, triggers: { '0': obs(10) } });
    expect([held.desiredReplicas, held.reason]).toEqual([4, 'ScaleInCooldown']);
    expect(held.explanation.policies?.scaleInCooldown).toEqual({
      seconds: 120,
      lastScaleUpTime: 0,
      endsAt: 120 * S,
      blocked: true,
    });
    expect(held.explanation.policies?.changedBy).toBe('scaleInCooldown');
    expect(String(held)).toContain('scale-in cooldown 120 s after the scale-up at 0 ms: ends in 90000 ms');
    const released = e.decide({ now: 121 * S, currentReplicas: 4, triggers: { '0': obs(10) } });
    expect([released.desiredReplicas, released.reason]).toEqual([1, 'Hpa']);
  });

  it('leaves the same run to KEDA without the policy (the scale-in happens at once)', () => {
    const e = engine(undefined);
    e.decide({ now: 0, currentReplicas: 1, triggers: { '0': obs(50) } });
    const d = e.decide({ now: 30 * S, currentReplicas: 4, triggers: { '0': obs(10) } });
    expect([d.desiredReplicas, d.reason, d.explanation.policies]).toEqual([1, 'Hpa', undefined]);
  });

  it('also holds the executor step to zero after KEDA cooldownPeriod ended', () => {
    const e = engine({ scaleInCooldown: { seconds: 120 } }, { minReplicaCount: 0, cooldownPeriod: 10 });
    expect(e.decide({ phase: 'poll', now: 0, currentReplicas: 0, triggers: { '0': obs(5) } }).reason).toBe(
      'ScaledFromZero',
    );
    const held = e.decide({ phase: 'poll', now: 30 * S, currentReplicas: 1, triggers: { '0': obs(0) } });
    expect([held.desiredReplicas, held.reason, held.explanation.executor.action]).toEqual([
      1,
      'ScaleInCooldown',
      'none',
    ]);
    const done = e.decide({ phase: 'poll', now: 121 * S, currentReplicas: 1, triggers: { '0': obs(0) } });
    expect([done.desiredReplicas, done.reason]).toEqual([0, 'ScaledToZero']);
  });
});

describe('panic mode', () => {
  it('scales up to the panic demand at once, past the HPA scale-up limit', () => {
    const e = engine({ panic: {} });
    const d = e.decide({ now: 0, currentReplicas: 2, triggers: { '0': obs(400) } });
    expect([d.desiredReplicas, d.reason]).toEqual([40, 'PanicScaleUp']);
    expect(d.explanation.hpa.limitReason).toBe('ScaleUpLimit'); // the HPA alone would stop at max(2·2, 4)
    expect(d.explanation.policies?.panic).toMatchObject({
      panicking: true,
      panicDemand: 40,
      demandPercentage: 2000,
      thresholdPercentage: 200,
      panicWindowMs: 6000,
    });
    expect(String(d)).toContain(
      'limited by ScaleUpLimit to 4; panic mode: demand 40 = 2000% of ready (threshold 200%)',
    );
    expect(d.explanation.policies?.hpaReplicas).toBe(4);
    expect(engine(undefined).decide({ now: 0, currentReplicas: 2, triggers: { '0': obs(400) } }).desiredReplicas).toBe(
      4,
    );
  });

  it('does not scale in until a stable window passed without a panic sample', () => {
    const e = engine({ panic: {} });
    e.decide({ now: 0, currentReplicas: 2, triggers: { '0': obs(400) } });
    const held = e.decide({ now: 15 * S, currentReplicas: 40, triggers: { '0': obs(100) } });
    expect([held.desiredReplicas, held.reason]).toEqual([40, 'PanicHoldsScaleIn']);
    const still = e.decide({ now: 60 * S, currentReplicas: 40, triggers: { '0': obs(100) } });
    expect(still.desiredReplicas).toBe(40);
    const calm = e.decide({ now: 60 * S + 1, currentReplicas: 40, triggers: { '0': obs(100) } });
    expect([calm.desiredReplicas, calm.reason, calm.explanation.policies?.panic?.panicking]).toEqual([
      10,
      'Hpa',
      false,
    ]);
  });

  it('keeps the executor from scaling to zero while panicking', () => {
    const e = engine({ panic: {} }, { minReplicaCount: 0, cooldownPeriod: 0 });
    e.decide({ phase: 'hpa', now: 0, currentReplicas: 1, triggers: { '0': obs(400) } });
    const d = e.decide({ phase: 'poll', now: 30 * S, currentReplicas: 40, triggers: { '0': obs(0) } });
    expect([d.desiredReplicas, d.reason]).toEqual([40, 'PanicHoldsScaleIn']);
    const after = e.decide({ phase: 'poll', now: 61 * S, currentReplicas: 40, triggers: { '0': obs(0) } });
    expect(after.reason).toBe('PanicHoldsScaleIn'); // the panic ends at an HPA sync, a stable window after its cause
    e.decide({ phase: 'hpa', now: 61 * S, currentReplicas: 40, triggers: { '0': obs(0) } });
    expect(e.decide({ phase: 'poll', now: 62 * S, currentReplicas: 40, triggers: { '0': obs(0) } }).reason).toBe(
      'ScaledToZero',
    );
  });

  it('stays calm under the threshold: below 200 % of the ready replicas the HPA decides', () => {
    const d = engine({ panic: {} }).decide({ now: 0, currentReplicas: 10, triggers: { '0': obs(190) } });
    expect([d.desiredReplicas, d.reason, d.explanation.policies?.panic?.panicking]).toEqual([19, 'Hpa', false]);
  });
});

describe('queue-time targets', () => {
  it('with a given rate, evaluates the backlog against rate × target seconds items per replica', () => {
    const e = engine({ queueTime: { '0': { targetSeconds: 30, serviceRatePerReplica: 5 } } });
    e.decide({ now: 0, currentReplicas: 10, triggers: { '0': obs(600) } }); // the HPA's first sync seeds 10
    const d = e.decide({ now: 15 * S, currentReplicas: 10, triggers: { '0': obs(600) } });
    expect(d.desiredReplicas).toBe(4); // 600 / 150
    expect(d.explanation.hpa.metrics[0]).toMatchObject({
      target: 150,
      targetType: 'AverageValue',
      proposedReplicas: 4,
    });
    expect(d.explanation.policies?.queueTime).toEqual([
      {
        triggerKey: '0',
        metricName: 's0-test',
        targetSeconds: 30,
        backlog: 600,
        source: 'given',
        serviceRatePerReplica: 5,
        itemsPerReplica: 150,
        estimatedDrainSeconds: 12,
      },
    ]);
    expect(String(d)).toContain('queue time 0: backlog 600 at 5/s per replica (given) drains in 12 s, target 30 s');
  });

  it('learns the rate from the observed drain; until then the trigger target applies', () => {
    const e = engine({ queueTime: { '0': { targetSeconds: 30 } } });
    const first = e.decide({ now: 0, currentReplicas: 4, readyReplicas: 4, triggers: { '0': obs(40) } });
    expect(first.desiredReplicas).toBe(4); // 40 / 10 (the trigger's own target)
    expect(first.explanation.policies?.queueTime?.[0]?.source).toBe('learning');
    const second = e.decide({ now: 10 * S, currentReplicas: 4, readyReplicas: 4, triggers: { '0': obs(20) } });
    // (40 - 20) / 10 s / 4 replicas = 0.5 per replica per second → 15 items per replica for 30 s
    expect(second.explanation.policies?.queueTime?.[0]).toMatchObject({
      source: 'learned',
      serviceRatePerReplica: 0.5,
    });
    expect(second.desiredReplicas).toBe(2); // ceil(20 / 15)
    expect(e.snapshot().policies?.drain['s0-test']).toEqual({ time: 10 * S, backlog: 20, ready: 4, rate: 0.5 });
  });
});

describe('per-trigger error policy', () => {
  const two = (policies: ScalingPolicies | undefined, fallback?: { failureThreshold: number; replicas: number }) =>
    createScalingEngine(
      makeScaledObject({
        minReplicaCount: 1,
        triggers: [{ name: 'a' }, { name: 'b' }],
        ...(fallback === undefined ? {} : { fallback: { ...fallback, behavior: 'static' } }),
      }),
      { metricSpecs: { a: spec('s0-a'), b: spec('s1-b') }, hpa: noWindow, ...(policies ? { policies } : {}) },
    );
  const input = (a: number, b: ReturnType<typeof err> | ReturnType<typeof obs>, current = 5): DecideInput => ({
    now: 0,
    currentReplicas: current,
    triggers: { a: obs(a, 's0-a'), b },
  });

  it("KEDA's default: the failing trigger blocks the scale-in", () => {
    const d = two(undefined).decide(input(10, err()));
    expect([d.desiredReplicas, d.reason, d.isError]).toEqual([5, 'MetricsUnavailable', true]);
  });

  it('ignore: the failing trigger is left out and the healthy one decides', () => {
    const e = two({ triggerErrors: { b: 'ignore' } });
    e.decide(input(10, err())); // the HPA's first sync seeds 5
    const d = e.decide({ ...input(10, err()), now: 15 * S });
    expect([d.desiredReplicas, d.reason, d.isError]).toEqual([1, 'Hpa', false]);
    expect(d.explanation.hpa.metrics.map((m) => m.triggerKey)).toEqual(['a']);
    expect(d.explanation.policies?.triggerErrors).toEqual([
      { triggerKey: 'b', policy: 'ignore', error: 'broker down' },
    ]);
    expect(String(d)).toContain('trigger b failed (broker down): ignored (error policy ignore)');
  });

  it('hold: the count stays where it is, in both directions', () => {
    const e = two({ triggerErrors: { b: 'hold' } });
    const down = e.decide(input(10, err()));
    const up = e.decide({ ...input(100, err()), now: 15 * S });
    expect([down.desiredReplicas, down.reason, up.desiredReplicas, up.reason]).toEqual([
      5,
      'TriggerErrorHold',
      5,
      'TriggerErrorHold',
    ]);
    expect(two(undefined).decide(input(100, err())).desiredReplicas).toBe(10); // KEDA scales up on the healthy one
  });

  it('fallback (the default) counts toward spec.fallback; ignore counts nothing', () => {
    const keda = two({ triggerErrors: { b: 'fallback' } }, { failureThreshold: 1, replicas: 7 });
    keda.decide(input(10, err()));
    const inFallback = keda.decide({ ...input(10, err()), now: 15 * S });
    expect([inFallback.fallbackActive, inFallback.desiredReplicas]).toEqual([true, 7]);
    const ignoring = two({ triggerErrors: { b: 'ignore' } }, { failureThreshold: 1, replicas: 7 });
    ignoring.decide(input(10, err()));
    const d = ignoring.decide({ ...input(10, err()), now: 15 * S });
    expect([d.fallbackActive, d.desiredReplicas, ignoring.snapshot().failureCounts['s1-b']]).toEqual([false, 1, 0]);
  });

  it('hold also keeps the executor from activating the target from 0', () => {
    const e = createScalingEngine(makeScaledObject({ triggers: [{ name: 'a' }, { name: 'b' }] }), {
      metricSpecs: { a: spec('s0-a'), b: spec('s1-b') },
      policies: { triggerErrors: { b: 'hold' } },
    });
    const d = e.decide({ phase: 'poll', now: 0, currentReplicas: 0, triggers: { a: obs(30, 's0-a'), b: err() } });
    expect([d.desiredReplicas, d.reason, d.explanation.executor.action]).toEqual([0, 'TriggerErrorHold', 'none']);
  });

  it("applies only while another trigger is healthy: when every trigger fails, KEDA's behaviour", () => {
    const e = two({ triggerErrors: { a: 'ignore', b: 'ignore' } });
    const d = e.decide({ now: 0, currentReplicas: 5, triggers: { a: err(), b: err() } });
    expect([d.desiredReplicas, d.isError, d.explanation.policies?.triggerErrors]).toEqual([5, true, undefined]);
  });
});

describe('policies and the snapshot', () => {
  const all: ScalingPolicies = {
    scaleInCooldown: { seconds: 90 },
    panic: {},
    queueTime: { '0': { targetSeconds: 20 } },
  };
  const backlog = [0, 50, 400, 900, 700, 500, 300, 200, 100, 40, 0, 0, 0, 0, 0, 0, 0, 0];

  function run(e: ReturnType<typeof engine>, from: number, to: number, replicas: { n: number }) {
    const out: string[] = [];
    for (let i = from; i < to; i++) {
      const d = e.decide({ now: i * 15 * S, currentReplicas: replicas.n, triggers: { '0': obs(backlog[i] ?? 0) } });
      replicas.n = d.desiredReplicas;
      out.push(`${d.desiredReplicas} ${d.reason} ${JSON.stringify(d.explanation.policies)}`);
    }
    return out;
  }

  it('a restored engine decides exactly as the one that was never stopped', () => {
    const straight = engine(all);
    const replicas = { n: 1 };
    run(straight, 0, 5, replicas);
    const snapshot: EngineSnapshot = JSON.parse(JSON.stringify(straight.snapshot()));
    expect(snapshot.policies?.lastScaleUpTime).not.toBeNull();
    const restored = engine(all);
    restored.restore(snapshot);
    const afterRestore = run(restored, 5, backlog.length, { n: replicas.n });
    const continued = run(straight, 5, backlog.length, { n: replicas.n });
    expect(afterRestore).toEqual(continued);
    expect(new Set(continued.map((line) => line.split(' ')[1]))).toContain('ScaleInCooldown');
  });

  it('an engine without policies writes no policies into its snapshot', () => {
    const e = engine(undefined);
    e.decide({ now: 0, currentReplicas: 1, triggers: { '0': obs(50) } });
    expect('policies' in e.snapshot()).toBe(false);
  });

  it('refuses a snapshot whose policy memory is not numbers, naming the field', () => {
    const e = engine(all);
    const bad = {
      ...e.snapshot(),
      policies: { lastScaleUpTime: 'soon', panic: null, drain: {} },
    } as unknown as EngineSnapshot;
    expect(() => e.restore(bad)).toThrow('restore: "policies.lastScaleUpTime" must be a finite number, got soon');
  });
});

describe('policy options are validated like KEDA fields', () => {
  const cases: [string, unknown, string][] = [
    [
      'cooldown',
      { scaleInCooldown: { seconds: -1 } },
      '"options.policies.scaleInCooldown.seconds" must be an integer number of seconds >= 0, got -1',
    ],
    [
      'panic threshold',
      { panic: { panicThresholdPercentage: 100 } },
      '"options.policies.panic.panicThresholdPercentage" must be a number from 110 to 1000 (as in Knative), got 100',
    ],
    [
      'panic window',
      { panic: { panicWindowPercentage: 0 } },
      '"options.policies.panic.panicWindowPercentage" must be a number from 1 to 100',
    ],
    [
      'stable window',
      { panic: { stableWindowSeconds: 5 } },
      '"options.policies.panic.stableWindowSeconds" must be a number from 6 to 3600',
    ],
    [
      'unknown trigger',
      { queueTime: { orders: { targetSeconds: 30 } } },
      '"options.policies.queueTime.orders" names no trigger of this ScaledObject (trigger keys: 0;',
    ],
    [
      'queue target',
      { queueTime: { '0': { targetSeconds: 0 } } },
      '"options.policies.queueTime.0.targetSeconds" must be a number of seconds > 0, got 0',
    ],
    [
      'service rate',
      { queueTime: { '0': { targetSeconds: 3, serviceRatePerReplica: -2 } } },
      'serviceRatePerReplica" must be a number of items per second > 0',
    ],
    [
      'error policy',
      { triggerErrors: { '0': 'retry' } },
      '"options.policies.triggerErrors.0" must be one of ignore, hold, fallback, got "retry"',
    ],
    [
      'unknown policy',
      { surge: {} },
      '"options.policies.surge" is not a scaling policy (accepted: scaleInCooldown, panic, queueTime, triggerErrors)',
    ],
  ];
  it('refuses queue time and ignore / hold with scalingModifiers, and on cpu / memory triggers', () => {
    const withModifiers = makeScaledObject({
      triggers: [{ name: 'a' }],
      advanced: { scalingModifiers: { formula: 'a', target: '5', metricType: 'AverageValue' } },
    } as Parameters<typeof makeScaledObject>[0]);
    expect(() =>
      createScalingEngine(withModifiers, {
        metricSpecs: { a: spec('s0-a') },
        policies: { triggerErrors: { a: 'ignore' }, queueTime: { a: { targetSeconds: 30 } } },
      }),
    ).toThrow(
      '"options.policies.queueTime" cannot be used with spec.advanced.scalingModifiers (the HPA sees only the composite metric); "options.policies.triggerErrors.a" "ignore" cannot be used with spec.advanced.scalingModifiers',
    );
    const cpu = makeScaledObject({ triggers: [{ type: 'cpu', name: 'cpu', metricType: 'Utilization' }] });
    expect(() => createScalingEngine(cpu, { metricSpecs: {}, policies: { triggerErrors: { cpu: 'hold' } } })).toThrow(
      '"options.policies.triggerErrors.cpu" cannot apply to a cpu or memory trigger (the HPA evaluates it)',
    );
  });

  it.each(cases)('%s', (_name, policies, message) => {
    expect(() =>
      createScalingEngine(makeScaledObject(), { metricSpecs: { '0': spec() }, policies: policies as ScalingPolicies }),
    ).toThrow(message);
  });
});
