import { readFileSync } from 'node:fs';
import { simulate } from '@scalerkit/testing';
import { describe, expect, it } from 'vitest';

// The policy is the YAML that goes to the cluster; the tests read it as it is.
const scaledObject = readFileSync(new URL('../scaledobject.yaml', import.meta.url), 'utf8');
const minutes = (n: number) => n * 60;

describe('payments-worker scaling policy', () => {
  it('wakes up from zero at the first poll after more than 2 messages wait', () => {
    const result = simulate({
      scaledObject,
      initialReplicas: 0,
      until: minutes(5),
      timeline: {
        payments: [
          { at: 0, value: 0 },
          { at: 40, value: 3 },
        ],
      },
    });
    const firstScale = result.scaleEvents[0]!;
    expect(firstScale).toMatchObject({ time: 60, from: 0, to: 1, reason: 'ScaledFromZero' });
  });

  it('stays at zero for 1 or 2 waiting messages (activation threshold)', () => {
    const result = simulate({ scaledObject, initialReplicas: 0, until: minutes(30), timeline: { payments: 2 } });
    expect(result.summary.maxReplicas).toBe(0);
  });

  it('never runs more than 12 replicas, even for a huge backlog', () => {
    const result = simulate({ scaledObject, initialReplicas: 1, until: minutes(20), timeline: { payments: 100_000 } });
    expect(result.summary.maxReplicas).toBe(12);
  });

  it('removes at most 2 replicas a minute once the backlog is gone', () => {
    const result = simulate({
      scaledObject,
      initialReplicas: 12,
      until: minutes(20),
      timeline: {
        payments: [
          { at: 0, value: 120 },
          { at: minutes(2), value: 10 },
        ],
      },
    });
    const scaleIns = result.scaleEvents.filter((event) => event.to < event.from);
    expect(scaleIns.length).toBeGreaterThan(0);
    for (const event of scaleIns) expect(event.from - event.to).toBeLessThanOrEqual(2);
    for (let i = 1; i < scaleIns.length; i++)
      expect(scaleIns[i]!.time - scaleIns[i - 1]!.time).toBeGreaterThanOrEqual(60);
  });

  it('keeps its replicas through a 5-minute lull (cooldown 600 s)', () => {
    const result = simulate({
      scaledObject,
      initialReplicas: 2,
      until: minutes(20),
      timeline: {
        payments: [
          { at: 0, value: 20 },
          { at: minutes(5), value: 0 },
          { at: minutes(10), value: 20 },
        ],
      },
    });
    expect(result.steps.every((step) => step.replicas > 0)).toBe(true);
  });

  it('falls back to 4 replicas when SQS is unreachable for more than 3 queries (polls and HPA fetches)', () => {
    const result = simulate({
      scaledObject,
      initialReplicas: 1,
      until: minutes(10),
      timeline: {
        payments: [
          { at: 0, value: 5 },
          { at: minutes(2), error: 'SQS unreachable' },
        ],
      },
    });
    const fallback = result.steps.find((step) => step.decision.fallbackActive)!;
    // KEDA counts every failed query: the HPA fetch and the poll at 2:00, the HPA fetch at 2:15 are within
    // the threshold; the 4th, the HPA fetch at 2:30, is over it
    expect(fallback.time).toBe(minutes(2) + 30);
    expect(result.steps.at(-1)!.replicas).toBe(4);
  });

  it('keeps the backlog under 10 minutes of work during the Monday-morning rush', () => {
    // Arrivals measured last Monday (payments per second), workers handle 2 payments/s and start in 45 s.
    const result = simulate({
      scaledObject,
      initialReplicas: 0,
      until: minutes(90),
      workload: {
        arrivals: {
          type: 'steps',
          steps: [
            { at: 0, rate: 0.5 },
            { at: '15m', rate: 8 },
            { at: '45m', rate: 14 },
            { at: '60m', rate: 3 },
          ],
        },
        serviceRatePerReplica: 2,
        startupDelay: '45s',
      },
    });
    expect(result.summary.backlogPeak).toBeLessThan(14 * 60 * 10);
    expect(result.summary.maxReplicas).toBeLessThanOrEqual(12);
    expect(result.summary.timeToScaleFromZero).toBeLessThanOrEqual(30 + 45);
  });
});
