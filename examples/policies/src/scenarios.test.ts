import type { Decision } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { type Figures, runScenario, scenarios } from './scenarios.js';

function run(id: string) {
  const scenario = scenarios.find((s) => s.id === id);
  if (scenario === undefined) throw new Error(`no scenario ${id}`);
  return runScenario(scenario);
}
const figures = (runs: ReturnType<typeof run>): Figures[] => runs.map((r) => r.figures);
const reasons = (runs: ReturnType<typeof run>, index: number): Set<string> =>
  new Set(runs[index]!.result.steps.flatMap((step) => (step.decisions ?? [step.decision]).map((d) => d.reason)));

// The figures docs/policies.md shows: a change here means the docs must be regenerated (npm run example).
describe('the policies change what they claim, on the same workload as KEDA', () => {
  it('scale-in cooldown: far fewer scale events, the same longest wait, more replica-hours', () => {
    const runs = run('cooldown');
    const [keda, cooldown] = figures(runs) as [Figures, Figures];
    expect(figures(runs)).toEqual([
      { label: 'KEDA', replicaHours: 28.74, longestWaitSeconds: 83, scaleEvents: 152, maxReplicas: 50 },
      {
        label: 'scale-in cooldown 300 s',
        replicaHours: 39.06,
        longestWaitSeconds: 83,
        scaleEvents: 57,
        maxReplicas: 50,
      },
    ]);
    expect(cooldown.scaleEvents).toBeLessThan(keda.scaleEvents / 2);
    expect(cooldown.longestWaitSeconds).toBeLessThanOrEqual(keda.longestWaitSeconds);
    expect(reasons(runs, 1).has('ScaleInCooldown')).toBe(true);
  });

  it('panic: a shorter longest wait and fewer scale events, without more replica-hours', () => {
    const runs = run('panic');
    const [keda, panic] = figures(runs) as [Figures, Figures];
    expect(figures(runs)).toEqual([
      { label: 'KEDA', replicaHours: 21.33, longestWaitSeconds: 57, scaleEvents: 47, maxReplicas: 50 },
      {
        label: 'panic (Knative defaults)',
        replicaHours: 19.72,
        longestWaitSeconds: 33,
        scaleEvents: 43,
        maxReplicas: 50,
      },
    ]);
    expect(panic.longestWaitSeconds).toBeLessThan(keda.longestWaitSeconds * 0.7);
    expect(panic.scaleEvents).toBeLessThan(keda.scaleEvents);
    expect(reasons(runs, 1).has('PanicScaleUp')).toBe(true);
  });

  it('queue time: the longest wait cut by a third or more, given or learned rate, for more replica-hours', () => {
    const runs = run('queue-time');
    const [keda, given, learned] = figures(runs) as [Figures, Figures, Figures];
    expect(figures(runs)).toEqual([
      { label: 'KEDA', replicaHours: 15.99, longestWaitSeconds: 105, scaleEvents: 56, maxReplicas: 25 },
      {
        label: 'queue time 30 s, rate given',
        replicaHours: 20.09,
        longestWaitSeconds: 64,
        scaleEvents: 42,
        maxReplicas: 49,
      },
      {
        label: 'queue time 30 s, rate learned',
        replicaHours: 21.78,
        longestWaitSeconds: 53,
        scaleEvents: 51,
        maxReplicas: 50,
      },
    ]);
    for (const policy of [given, learned])
      expect(policy.longestWaitSeconds).toBeLessThan(keda.longestWaitSeconds * 0.67);
    // The learned rate is a lower bound of the true 0.5 items/s per replica (arrivals during a drain are unseen).
    const last = runs[2]!.result.steps.at(-1)!.decision as Decision;
    const rate = last.explanation.policies?.queueTime?.[0]?.serviceRatePerReplica ?? 0;
    expect(rate).toBeGreaterThan(0.2);
    expect(rate).toBeLessThanOrEqual(0.5);
  });

  it('trigger errors: ignore scales in through the outage; hold freezes the count (and the wait grows)', () => {
    const runs = run('trigger-errors');
    const [keda, ignore, hold] = figures(runs) as [Figures, Figures, Figures];
    expect(figures(runs)).toEqual([
      { label: 'KEDA', replicaHours: 26.88, longestWaitSeconds: 45, scaleEvents: 13, maxReplicas: 50 },
      { label: 'audit: ignore', replicaHours: 14.86, longestWaitSeconds: 45, scaleEvents: 21, maxReplicas: 50 },
      { label: 'audit: hold', replicaHours: 11.08, longestWaitSeconds: 1489, scaleEvents: 14, maxReplicas: 50 },
    ]);
    expect(ignore.replicaHours).toBeLessThan(keda.replicaHours * 0.6);
    expect(ignore.longestWaitSeconds).toBe(keda.longestWaitSeconds);
    const outage = runs[2]!.result.steps.filter((step) => step.time >= 300 && step.time < 2100);
    expect(new Set(outage.map((step) => step.replicas)).size).toBe(1);
    expect(hold.longestWaitSeconds).toBeGreaterThan(keda.longestWaitSeconds * 10);
  });
});
