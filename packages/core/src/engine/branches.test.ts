// Branches the behaviour tables do not reach on their own: input errors, odd observations, long histories.
import { describe, expect, it } from 'vitest';
import { createScalingEngine } from './engine.js';
import { combineJobScalerMetrics } from './jobs.js';
import { makeScaledObject } from './test-factory.js';

const spec = [{ metricName: 's0-q', targetType: 'AverageValue' as const, targetValue: 10 }];

describe('engine branches', () => {
  it.each([
    [{ '0': 'x' }, /"metricSpecs.0" must be an array/],
    [{ '0': [{ metricName: '', targetType: 'AverageValue', targetValue: 1 }] }, /"metricSpecs.0\[0\].metricName"/],
    [{ '0': [{ metricName: 'm', targetType: 'Utilization', targetValue: 1 }] }, /"metricSpecs.0\[0\].targetType"/],
    [{ '0': [{ metricName: 'm', targetType: 'Value', targetValue: 0 }] }, /"metricSpecs.0\[0\].targetValue"/],
  ])('refuses metricSpecs %j', (metricSpecs, message) => {
    expect(() => createScalingEngine(makeScaledObject(), { metricSpecs: metricSpecs as never })).toThrow(message);
  });

  it.each([
    ['a string error', 'timeout', 'timeout'],
    ['a non-Error object', { code: 7 }, '[object Object]'],
  ])('reports %s as the trigger error message', (_name, error, message) => {
    const e = createScalingEngine(makeScaledObject(), { metricSpecs: { '0': spec } });
    const d = e.decide({ now: 1, currentReplicas: 1, triggers: { '0': { isActive: false, error } } });
    expect(d.explanation.triggers[0]?.error).toBe(message);
  });

  it('a metric missing from the observation is invalid for the HPA', () => {
    const e = createScalingEngine(makeScaledObject({ minReplicaCount: 1 }), { metricSpecs: { '0': spec } });
    const d = e.decide({ now: 1, currentReplicas: 2, triggers: { '0': { isActive: true, metrics: [] } } });
    expect(d.explanation.hpa.metrics[0]?.invalid).toBe('no matching metrics found for s0-q');
  });

  it('a trigger without metric specs gives activity only (or its error)', () => {
    const e = createScalingEngine(makeScaledObject(), { metricSpecs: {} });
    expect(e.decide({ now: 1, currentReplicas: 0, triggers: { '0': { isActive: true } } }).desiredReplicas).toBe(1);
    const d = e.decide({ now: 2, currentReplicas: 1, triggers: { '0': { isActive: false, error: 'x' } } });
    expect([d.isError, d.reason]).toEqual([true, 'TriggerErrorHoldsScaleIn']);
  });

  it('a formula that returns a boolean is an error, not a number (only `float(...)` formulas escape the wrapping)', () => {
    const so = makeScaledObject({
      triggers: [{ name: 'a' }],
      advanced: {
        restoreToOriginalReplicaCount: false,
        scalingModifiers: { formula: 'float(a) > 1', target: '1', metricType: 'AverageValue' },
      },
    });
    const d = createScalingEngine(so, { metricSpecs: { a: [{ ...spec[0], metricName: 's0-a' } as never] } }).decide({
      now: 1,
      currentReplicas: 1,
      triggers: { a: { isActive: true, metrics: [{ metricName: 's0-a', value: 5 }] } },
    });
    expect(d.explanation.activity.composite?.error).toMatch(/must return a number, got boolean/);
  });

  it('a negative failureThreshold makes the fallback invalid (failures are not counted)', () => {
    const so = makeScaledObject({ fallback: { failureThreshold: -1, replicas: 3, behavior: 'static' } });
    const e = createScalingEngine(so, { metricSpecs: { '0': spec } });
    e.decide({ now: 1, currentReplicas: 2, triggers: { '0': { isActive: false, error: 'x' } } });
    expect(e.snapshot().failureCounts).toEqual({});
  });

  it('behavior path: TooManyReplicas, TooFewReplicas and an unlimited scale-down', () => {
    const behavior = { scaleDown: { stabilizationWindowSeconds: 0 } };
    const so = makeScaledObject({
      minReplicaCount: 3,
      maxReplicaCount: 6,
      advanced: { restoreToOriginalReplicaCount: false, horizontalPodAutoscalerConfig: { behavior } },
    });
    const run = (current: number, value: number) =>
      createScalingEngine(so, { metricSpecs: { '0': spec } }).decide({
        now: 1,
        currentReplicas: current,
        triggers: { '0': { isActive: true, metrics: [{ metricName: 's0-q', value }] } },
      }).explanation.hpa;
    expect(run(4, 200)).toMatchObject({ desiredReplicas: 6, limitReason: 'TooManyReplicas' });
    expect(run(5, 10)).toMatchObject({ desiredReplicas: 3, limitReason: 'TooFewReplicas' });
    expect(run(6, 40)).toMatchObject({ desiredReplicas: 4, limitReason: 'DesiredWithinRange' });
  });

  it('a long history at 1 s polls compacts without changing decisions', () => {
    const so = makeScaledObject({
      minReplicaCount: 1,
      advanced: { restoreToOriginalReplicaCount: false, horizontalPodAutoscalerConfig: { behavior: {} } },
    });
    const e = createScalingEngine(so, { metricSpecs: { '0': spec } });
    let replicas = 1;
    for (let s = 1; s <= 1000; s++) {
      const value = s < 500 ? 10 * (1 + (s % 50)) : 10;
      replicas = e.decide({
        now: s * 1000,
        currentReplicas: replicas,
        triggers: { '0': { isActive: true, metrics: [{ metricName: 's0-q', value }] } },
      }).desiredReplicas;
    }
    expect(e.snapshot().recommendations).toHaveLength(300);
    expect(replicas).toBe(1);
  });

  it('combine min: a later smaller active queue replaces the current minimum', () => {
    const job = { spec: { scalingStrategy: { multipleScalersCalculation: 'min' } } } as never;
    const r = combineJobScalerMetrics(job, [
      { queueLength: 5, targetAverageValue: 1, isActive: true },
      { queueLength: 2, targetAverageValue: 1, isActive: true },
    ]);
    expect(r.queueLength).toBe(2);
  });
});
