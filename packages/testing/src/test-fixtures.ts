import type { SimulatedDecision, SimulationResult, SimulationStep } from './simulation-types.js';
import { summarize } from './summary.js';

/**
 * A hand-built 10-minute simulation result for chart tests (no engine involved): 0 replicas, active from
 * 60 s, 4 replicas from 90 s, a failing trigger in fallback from 300 s to 360 s, paused after 480 s.
 */
export function sampleResult(): SimulationResult {
  const steps: SimulationStep[] = [];
  for (let time = 0; time <= 600; time += 1) {
    const replicas = time < 90 ? 0 : time < 420 ? 4 : 2;
    const failing = time >= 300 && time < 360;
    const decision: SimulatedDecision = {
      desiredReplicas: replicas,
      isActive: time >= 60 && time < 420,
      fallbackActive: failing,
      paused: time >= 480,
      reason: 'test',
      explanation: 'test',
    };
    steps.push({
      time,
      replicas,
      readyReplicas: time < 110 ? 0 : replicas,
      desiredReplicas: replicas,
      metrics: failing ? {} : { queue: time < 60 ? 0 : Math.max(0, 200 - (time - 60) / 2) },
      activity: { queue: decision.isActive },
      errors: failing ? { queue: 'broker <down> & "unreachable"' } : {},
      polled: time % 30 === 0,
      decision,
    });
  }
  const scaleEvents = [
    { time: 90, from: 0, to: 4, reason: 'ScaleUp' },
    { time: 420, from: 4, to: 2, reason: 'ScaleDown' },
  ];
  return {
    name: 'orders-worker',
    steps,
    triggers: [
      {
        key: 'queue',
        type: 'rabbitmq',
        metricName: 's0-rabbitmq',
        targetType: 'AverageValue',
        targetValue: 20,
        activationTarget: 0,
      },
    ],
    scaleEvents,
    summary: summarize(steps, scaleEvents, 1),
    settings: { until: 600, step: 1, pollingInterval: 30, readyDelay: 20, minReplicaCount: 0, maxReplicaCount: 10 },
  };
}
