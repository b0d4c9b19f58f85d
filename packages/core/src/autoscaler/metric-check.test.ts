// A query that answers without the metric it asked for (an empty list, values under other names) is a scaler
// error like any other: an error event naming the expected metric, the trigger in error, counted toward
// fallback (issue 10 item 6; before, the HPA half silently kept the count as MetricsUnavailable).
import { FakeClock } from '@scalerkit/testing';
import { describe, expect, it } from 'vitest';
import type { MetricValue, Scaler } from '../types.js';
import { createAutoscaler } from './autoscaler.js';
import type { AutoscalerErrorEvent, DecisionEvent } from './events.js';
import { missingMetricError } from './metric-check.js';
import { InMemoryScaleTarget } from './scale-target.js';

function answering(metrics: MetricValue[]): Scaler {
  return {
    getMetricSpecs: () => [{ metricName: 's0-queue', targetType: 'AverageValue', targetValue: 10 }],
    getMetricsAndActivity: async () => ({ metrics, isActive: true }),
    close: async () => {},
  };
}

function setup(scaler: Scaler, fallback?: { failureThreshold: number; replicas: number }) {
  const clock = new FakeClock();
  const autoscaler = createAutoscaler({
    scaledObject: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'orders' },
      spec: {
        scaleTargetRef: { name: 'worker' },
        pollingInterval: 10,
        minReplicaCount: 1,
        maxReplicaCount: 10,
        ...(fallback ? { fallback } : {}),
        triggers: [{ type: 'queue', name: 'jobs', metadata: {} }],
      },
    },
    target: new InMemoryScaleTarget({ replicas: 2, clock }),
    clock,
    hpaSyncPeriodMs: 0,
    scalers: { jobs: scaler },
  });
  const errors: AutoscalerErrorEvent[] = [];
  const decisions: DecisionEvent[] = [];
  autoscaler.on('error', (event) => errors.push(event));
  autoscaler.on('decision', (event) => decisions.push(event));
  return { clock, autoscaler, errors, decisions };
}

describe('a query without the metric it asked for', () => {
  it.each([
    ['an empty list', [], 'an empty list'],
    ['a value under another name', [{ metricName: 's0-other', value: 5 }], 'only "s0-other"'],
  ])('%s is an error event naming the expected metric, and the trigger errs', async (_name, metrics, got) => {
    const { clock, autoscaler, errors, decisions } = setup(answering(metrics));
    await autoscaler.start();
    await clock.advance(0);
    expect(errors.map((e) => [e.phase, e.triggerKey, e.error.code, e.error.message])).toEqual([
      [
        'poll',
        'jobs',
        'METRIC_ERROR',
        `queue trigger 0 (jobs): getMetricsAndActivity("s0-queue") returned no value for metric "s0-queue" (got ${got})`,
      ],
    ]);
    const decision = decisions[0]?.decision;
    expect([decision?.isError, decision?.isActive, decision?.reason]).toEqual([
      true,
      false,
      'TriggerErrorHoldsScaleIn',
    ]);
    await autoscaler.stop();
  });

  it('counts toward fallback: over failureThreshold the trigger is in fallback', async () => {
    const { clock, autoscaler, decisions } = setup(answering([]), { failureThreshold: 1, replicas: 5 });
    await autoscaler.start();
    await clock.advance(20_000);
    const seen = decisions.map(({ decision }) => [decision.fallbackActive, decision.reason, decision.desiredReplicas]);
    // Failures 1 (waiting), 2 > 1: fallback to 5, limited by the legacy scale-up limit max(2 × 2, 4) = 4; then 5.
    expect(seen).toEqual([
      [false, 'FallbackWaiting', 2],
      [true, 'Hpa', 4],
      [true, 'Hpa', 5],
    ]);
    await autoscaler.stop();
  });

  it('matches the name case-insensitively, as KEDA does on the HPA path', () => {
    const trigger = { type: 'queue', triggerIndex: 0, triggerName: undefined };
    expect(missingMetricError(trigger, 's0-Queue', [{ metricName: 'S0-QUEUE', value: 1 }])).toBeUndefined();
    const many = Array.from({ length: 7 }, (_, index) => ({ metricName: `m${index}`, value: 1 }));
    expect(missingMetricError(trigger, 's0-queue', many)?.message).toBe(
      'queue trigger 0: getMetricsAndActivity("s0-queue") returned no value for metric "s0-queue" (got only "m0", "m1", "m2", "m3", "m4", and 2 more)',
    );
  });
});
