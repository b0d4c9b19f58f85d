// One test per decision branch the behaviour tables leave out; each name cites the upstream code whose rule it
// checks (KEDA v2.21: pkg/scaling/scale_handler.go, pkg/scaling/executor/scale_scaledobjects.go,
// pkg/fallback/fallback.go, pkg/scaling/modifiers/formula.go, pkg/scaling/scaledjob/metrics.go; Kubernetes v1.33:
// pkg/controller/podautoscaler/horizontal.go and replica_calculator.go) and every expected value is worked out
// from that rule.
import { describe, expect, it } from 'vitest';
import type { ScaledObject } from '../manifest/types.js';
import type { MetricSpec } from '../types.js';
import { createScalingEngine } from './engine.js';
import { combineJobScalerMetrics } from './jobs.js';
import { makeScaledObject } from './test-factory.js';
import type { EngineSnapshot, TriggerObservation } from './types.js';

const S = 1000;
const spec: MetricSpec[] = [{ metricName: 's0-q', targetType: 'AverageValue', targetValue: 10 }];
const value = (v: number, isActive = true): TriggerObservation => ({
  isActive,
  metrics: [{ metricName: 's0-q', value: v }],
});
const advanced = (extra: Partial<NonNullable<ScaledObject['spec']['advanced']>>) => ({
  advanced: { restoreToOriginalReplicaCount: false, ...extra },
});
const behavior = (b: object) => advanced({ horizontalPodAutoscalerConfig: { behavior: b } });
const engineOf = (so: ScaledObject, metricSpecs: Record<string, MetricSpec[]> = { '0': spec }) =>
  createScalingEngine(so, { metricSpecs });

describe('Decision.toString names every rule that shaped the decision', () => {
  it('fallback (KEDA GetMetricsWithFallback): static R=3 is reported as target × R = 30 and marked [fallback]', () => {
    const so = makeScaledObject({ fallback: { failureThreshold: 0, replicas: 3, behavior: 'static' } });
    const d = engineOf(so).decide({ now: S, currentReplicas: 2, triggers: { '0': { isActive: false, error: 'x' } } });
    // 1 failure > threshold 0: active, value 10 × 3; HPA ratio 30/(10·2)=1.5 → ceil(30/10)=3 ≤ max(2·2,4).
    expect(String(d)).toBe(
      '2 → 3 (Hpa); active; fallback to 3 (static); s0-q (0) 30 vs AverageValue 10 [fallback] → 3',
    );
  });

  it('force-activation (KEDA autoscaling.keda.sh/force-activation): an HPA sync says the object is active because it is forced', () => {
    const so = makeScaledObject({}, { forceActivation: true });
    const d = engineOf(so).decide({ phase: 'hpa', now: S, currentReplicas: 2, triggers: { '0': value(20, false) } });
    // ratio 20/(10·2) = 1.0 is within tolerance (Kubernetes replica_calculator.go): the count stays 2.
    expect(String(d)).toBe(
      'HPA sync: 2 → 2 (NoChange); active; activation forced; s0-q (0) 20 vs AverageValue 10 → 2, within tolerance',
    );
  });

  const modifiers = (formula: string, extra: object = {}) =>
    makeScaledObject({
      triggers: [{ name: 'a' }],
      ...advanced({
        scalingModifiers: { formula, target: '10', activationTarget: '5', metricType: 'AverageValue', ...extra },
      }),
    });

  it('scalingModifiers activity in a poll (KEDA modifiers/formula.go): composite a*2 = 6 > activationTarget 5 is active', () => {
    const e = engineOf(modifiers('a * 2'), { a: [{ ...spec[0], metricName: 's0-a' } as MetricSpec] });
    const d = e.decide({
      phase: 'poll',
      now: S,
      currentReplicas: 1,
      triggers: { a: { isActive: false, metrics: [{ metricName: 's0-a', value: 3 }] } },
    });
    expect(d.explanation.activity.composite).toEqual({ activationTarget: 5, formula: 'a * 2', value: 6 });
    expect(String(d)).toBe('poll: 1 → 1 (NoChange); active; formula a * 2 = 6 (activation > 5)');
  });

  it('scalingModifiers with a trigger error (KEDA modifiers/formula.go): no composite, inactive, the error is named', () => {
    const e = engineOf(modifiers('a * 2'), { a: [{ ...spec[0], metricName: 's0-a' } as MetricSpec] });
    const d = e.decide({
      phase: 'poll',
      now: S,
      currentReplicas: 1,
      triggers: { a: { isActive: true, error: 'down' } },
    });
    expect(String(d)).toBe('poll: 1 → 1 (TriggerErrorHoldsScaleIn); inactive; errors: a: down; formula error: down');
  });

  it('above maxReplicaCount (Kubernetes reconcileAutoscaler): the HPA sets max without metrics', () => {
    const d = engineOf(makeScaledObject()).decide({ now: S, currentReplicas: 120, triggers: { '0': value(5) } });
    expect(String(d)).toBe('120 → 100 (AboveMaximum); active; above maxReplicaCount 100');
  });

  it('below minReplicaCount (Kubernetes reconcileAutoscaler): the HPA sets min without metrics', () => {
    const so = makeScaledObject({ minReplicaCount: 3 });
    const d = engineOf(so).decide({ now: S, currentReplicas: 1, triggers: { '0': value(5) } });
    expect(String(d)).toBe('1 → 3 (BelowMinimum); active; below minReplicaCount 3');
  });

  it('no External metric at all (Kubernetes computeReplicasForMetrics: invalid >= len(metrics)): the HPA keeps the count', () => {
    const d = engineOf(makeScaledObject(), {}).decide({
      now: S,
      currentReplicas: 2,
      triggers: { '0': { isActive: true } },
    });
    expect(d.explanation.hpa).toMatchObject({ branch: 'metrics', metrics: [], aborted: true, invalidMetrics: 0 });
    expect(String(d)).toBe('2 → 2 (MetricsUnavailable); active; HPA kept the count (invalid metrics)');
  });
});

describe('HPA normalization branches (Kubernetes normalizeDesiredReplicasWithBehaviors)', () => {
  it('stabilizeRecommendationWithBehaviors scale-up window: the lowest recommendation inside it (the seeded 2) holds a proposal of 5 (ScaleUpStabilized)', () => {
    const so = makeScaledObject(behavior({ scaleUp: { stabilizationWindowSeconds: 60 } }));
    const d = engineOf(so).decide({ now: S, currentReplicas: 2, triggers: { '0': value(50) } });
    expect(d.explanation.hpa).toMatchObject({
      proposedReplicas: 5,
      stabilizedReplicas: 2,
      stabilizationReason: 'ScaleUpStabilized',
      desiredReplicas: 2,
      limitReason: 'DesiredWithinRange',
    });
  });

  it('convertDesiredReplicasWithBehaviorRate: a scale-up limit below current is raised to current, and that is ScaleUpLimit', () => {
    // The < min branch records a scale-up event of +4 (reconcileAutoscaler), so 15 s later the Pods 1 / 60 s policy
    // starts from 5 − 4 = 1 and allows 2, below current 5: the limit becomes 5.
    const so = makeScaledObject({
      minReplicaCount: 5,
      ...behavior({ scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } }),
    });
    const e = engineOf(so);
    expect(e.decide({ now: 0, currentReplicas: 1, triggers: { '0': value(10) } }).desiredReplicas).toBe(5);
    expect(e.snapshot().scaleUpEvents).toEqual([{ timestamp: 0, replicaChange: 4, outdated: false }]);
    const d = e.decide({ now: 15 * S, currentReplicas: 5, triggers: { '0': value(200) } });
    expect(d.explanation.hpa).toMatchObject({
      proposedReplicas: 20,
      stabilizedReplicas: 20,
      limit: 5,
      limitReason: 'ScaleUpLimit',
      desiredReplicas: 5,
    });
    expect(d.reason).toBe('NoChange');
  });

  it('convertDesiredReplicasWithBehaviorRate: a scale-down limit above current is lowered to current, and that is ScaleDownLimit', () => {
    // The > max branch records a scale-down event of 4; 15 s later Pods 1 / 60 s starts from 6 + 4 = 10 → 9 > 6.
    const so = makeScaledObject({
      maxReplicaCount: 6,
      ...behavior({
        scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
      }),
    });
    const e = engineOf(so);
    expect(e.decide({ now: 0, currentReplicas: 10, triggers: { '0': value(10) } }).desiredReplicas).toBe(6);
    expect(e.snapshot().scaleDownEvents).toEqual([{ timestamp: 0, replicaChange: 4, outdated: false }]);
    const d = e.decide({ now: 15 * S, currentReplicas: 6, triggers: { '0': value(10) } });
    expect(d.explanation.hpa).toMatchObject({
      proposedReplicas: 1,
      stabilizedReplicas: 1,
      limit: 6,
      limitReason: 'ScaleDownLimit',
      desiredReplicas: 6,
    });
  });

  it('convertDesiredReplicasWithBehaviorRate: min < limit gives ScaleDownLimit (Pods 1 / 60 s lets 6 go to 5 only)', () => {
    const so = makeScaledObject(
      behavior({
        scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
      }),
    );
    const d = engineOf(so).decide({ now: S, currentReplicas: 6, triggers: { '0': value(10) } });
    expect(d.explanation.hpa).toMatchObject({ proposedReplicas: 1, limit: 5, limitReason: 'ScaleDownLimit' });
    expect([d.desiredReplicas, d.reason]).toEqual([5, 'Hpa']);
  });

  it('normalizeDesiredReplicas legacy window: the max over [now − W, now] (inclusive) slides over 200 strictly falling proposals', () => {
    // A 10 s window over proposals 999, 998, ... (one per second): the stabilized value is the proposal of
    // 10 s ago. Long enough for the window's deque to drop more than half of what it stored and compact.
    const e = createScalingEngine(makeScaledObject({ maxReplicaCount: 2000 }), {
      metricSpecs: { '0': spec },
      hpa: { legacy: { downscaleStabilizationWindowSeconds: 10 } },
    });
    for (let s = 1; s <= 200; s++) {
      const d = e.decide({ now: s * S, currentReplicas: 100, triggers: { '0': value(10 * (1000 - s)) } });
      expect(d.explanation.hpa.stabilizedReplicas).toBe(1000 - Math.max(1, s - 10));
    }
  });
});

describe('scalingModifiers configuration (KEDA scaledobject_webhook.go, modifiers/formula.go)', () => {
  const so = (scalingModifiers: object) =>
    makeScaledObject({ triggers: [{ name: 'a' }], ...advanced({ scalingModifiers: scalingModifiers as never }) });
  const specs = { a: [{ ...spec[0], metricName: 's0-a' } as MetricSpec] };

  it('an activationTarget alone uses modifiers, so the formula is mandatory', () => {
    expect(() => engineOf(so({ activationTarget: '5' }), specs)).toThrow(
      'scalingModifiers: "formula" is mandatory when scalingModifiers are used',
    );
  });

  it('a formula without a target is refused ("formula is given but target is empty")', () => {
    expect(() => engineOf(so({ formula: 'a' }), specs)).toThrow(
      'scalingModifiers: "target" is mandatory when a formula is given',
    );
  });

  it('metricType defaults to AverageValue: composite 30 against target 10 → ceil(30/10) = 3', () => {
    const d = engineOf(so({ formula: 'a', target: '10' }), specs).decide({
      now: S,
      currentReplicas: 1,
      triggers: { a: { isActive: true, metrics: [{ metricName: 's0-a', value: 30 }] } },
    });
    expect(d.explanation.hpa.metrics[0]).toMatchObject({
      metricName: 'composite-metric',
      targetType: 'AverageValue',
      proposedReplicas: 3,
    });
  });

  it('a Value composite in fallback with no ready pods has no value (KEDA fallback.go: 0 ready → error)', () => {
    const object = makeScaledObject({
      triggers: [{ name: 'a' }],
      fallback: { failureThreshold: 0, replicas: 3, behavior: 'static' },
      ...advanced({ scalingModifiers: { formula: 'a', target: '10', metricType: 'Value' } }),
    });
    const d = engineOf(object, specs).decide({
      phase: 'hpa',
      now: S,
      currentReplicas: 2,
      readyReplicas: 0,
      triggers: { a: { isActive: false, error: 'down' } },
    });
    // KEDA computes the fallback per trigger with the modifiers' metric type: the query errs, no fallback value
    expect([d.fallbackActive, d.isError]).toEqual([false, true]);
    expect(d.explanation.activity.composite?.error).toBe('fallback for a Value metric needs ready pods');
    expect(d.explanation.hpa.metrics[0]?.invalid).toBe('fallback for a Value metric needs ready pods');
    expect([d.desiredReplicas, d.reason]).toEqual([2, 'MetricsUnavailable']);
  });

  it('the poll holds the replicas when that composite errs (KEDA RequestScale: error, fallback.replicas != 0 → no-op)', () => {
    const object = makeScaledObject({
      triggers: [{ name: 'a' }],
      fallback: { failureThreshold: 0, replicas: 3, behavior: 'static' },
      ...advanced({ scalingModifiers: { formula: 'a', target: '10', metricType: 'Value' } }),
    });
    const d = engineOf(object, specs).decide({
      phase: 'poll',
      now: S,
      currentReplicas: 2,
      readyReplicas: 0,
      triggers: { a: { isActive: false, error: 'down' } },
    });
    expect([d.desiredReplicas, d.isActive, d.isError, d.fallbackActive]).toEqual([2, false, true, false]);
  });

  it('a Value trigger over the threshold with no ready pods errs instead of activating (KEDA fallback.go: 0 ready → error)', () => {
    const object = makeScaledObject({
      triggers: [{ metricType: 'Value' }],
      fallback: { failureThreshold: 0, replicas: 3, behavior: 'static' },
    });
    const valueSpec = { '0': [{ metricName: 's0-q', targetType: 'Value' as const, targetValue: 10 }] };
    const d = engineOf(object, valueSpec).decide({
      phase: 'poll',
      now: S,
      currentReplicas: 2,
      readyReplicas: 0,
      triggers: { '0': { isActive: false, error: 'down' } },
    });
    expect([d.desiredReplicas, d.isActive, d.isError, d.fallbackActive]).toEqual([2, false, true, false]);
    expect(d.explanation.triggers[0]?.error).toBe('fallback for a Value metric needs ready pods');
    const withReady = engineOf(object, valueSpec).decide({
      phase: 'poll',
      now: S,
      currentReplicas: 0,
      readyReplicas: 0,
      triggers: { '0': { isActive: false, error: 'down' } },
    });
    // at 0 replicas there is nothing ready either: KEDA cannot compute the fallback and does not activate
    expect([withReady.desiredReplicas, withReady.isError]).toEqual([0, true]);
  });

  it('round() rounds halves away from zero like Go math.Round: round(-2.5) = -3, round(2.5) = 3', () => {
    const at = (formula: string) =>
      engineOf(so({ formula, target: '1' }), specs).decide({
        now: S,
        currentReplicas: 1,
        triggers: { a: { isActive: true, metrics: [{ metricName: 's0-a', value: 5 }] } },
      }).explanation.activity.composite?.value;
    expect(at('round(a / 2)')).toBe(3);
    expect(at('round(0 - a / 2)')).toBe(-3);
    expect(at('round(0 - a / 4)')).toBe(-1);
  });

  it('expr-lang builtins round(), float() and int(): round(10 / 4) + float(10) + int(10 / 3) = 3 + 10 + 3', () => {
    const d = engineOf(so({ formula: 'round(a / 4) + float(a) + int(a / 3)', target: '1' }), specs).decide({
      now: S,
      currentReplicas: 1,
      triggers: { a: { isActive: true, metrics: [{ metricName: 's0-a', value: 10 }] } },
    });
    expect(d.explanation.activity.composite?.value).toBe(16);
  });

  it('a call without arguments is refused at compile time (expr-lang builtins need one)', () => {
    expect(() => engineOf(so({ formula: 'max()', target: '1' }), specs)).toThrow(/not enough arguments to call max/);
  });
});

describe('observations (KEDA GetScaledObjectMetrics)', () => {
  it('a trigger that reports no metrics at all: "no matching metrics found" for the HPA', () => {
    const d = engineOf(makeScaledObject()).decide({
      now: S,
      currentReplicas: 2,
      triggers: { '0': { isActive: true } },
    });
    expect(d.explanation.hpa.metrics[0]?.invalid).toBe('no matching metrics found for s0-q');
  });

  it('holes in a metrics array are skipped: the one series 30 against 10 → 3', () => {
    const metrics = [undefined, null, 'junk', { metricName: 's0-q', value: 30 }] as never;
    const d = engineOf(makeScaledObject()).decide({
      now: S,
      currentReplicas: 1,
      triggers: { '0': { isActive: true, metrics } },
    });
    expect(d.explanation.hpa.metrics[0]).toMatchObject({ value: 30, proposedReplicas: 3 });
  });
});

describe('restore()', () => {
  const base: EngineSnapshot = {
    version: 1,
    recommendations: [],
    scaleUpEvents: [],
    scaleDownEvents: [],
    lastActiveTime: null,
    failureCounts: {},
    hpaInitialized: true,
  };

  it('a snapshot without failureCounts restores no failures', () => {
    const e = engineOf(makeScaledObject());
    const { failureCounts: _, ...rest } = base;
    e.restore(rest as EngineSnapshot);
    expect(e.snapshot()).toEqual(base);
  });

  it('failureCounts that is not an object is refused with the field named', () => {
    expect(() => engineOf(makeScaledObject()).restore({ ...base, failureCounts: 5 as never })).toThrow(
      'restore: "failureCounts" must be an object of metric name → count',
    );
  });
});

it('ScaledJob combine min (KEDA scaledjob/metrics.go): a later, larger active queue does not replace the minimum', () => {
  const job = { spec: { scalingStrategy: { multipleScalersCalculation: 'min' } } } as never;
  const r = combineJobScalerMetrics(job, [
    { queueLength: 2, targetAverageValue: 1, isActive: true },
    { queueLength: 5, targetAverageValue: 1, isActive: true },
  ]);
  expect([r.queueLength, r.maxValue, r.isActive]).toEqual([2, 2, true]);
});
