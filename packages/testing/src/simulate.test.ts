import {
  createAutoscaler,
  createScalingEngine,
  type Decision,
  type DecisionPhase,
  InMemoryScaleTarget,
  parseScaledObject,
} from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.js';
import { scriptedScaler } from './scripted-scalers.js';
import { simulate } from './simulate.js';

const manifest = (spec: string) => `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: worker }
spec:
  scaleTargetRef: { name: worker }
${spec}`;

const queue = manifest(`  pollingInterval: 10
  cooldownPeriod: 60
  minReplicaCount: 0
  maxReplicaCount: 10
  triggers:
    - type: rabbitmq
      name: queue
      metadata: { queueName: jobs, mode: QueueLength, value: "20", activationValue: "5" }
`);

describe('simulate with a timeline', () => {
  it('merged mode (hpaSyncPeriod 0): makes exactly the decisions the engine makes when driven by hand', () => {
    const timeline = {
      queue: [
        { at: 0, value: 0 },
        { at: 30, value: 90 },
        { at: 120, value: 3 },
        { at: 200, value: 0 },
      ],
    };
    const result = simulate({
      scaledObject: queue,
      initialReplicas: 0,
      timeline,
      until: 600,
      step: 1,
      hpaSyncPeriod: 0,
    });

    const so = parseScaledObject(queue);
    const engine = createScalingEngine(so, {
      metricSpecs: { queue: [{ metricName: 's0-rabbitmq', targetType: 'AverageValue', targetValue: 20 }] },
      createdAt: 0,
    });
    let replicas = 0;
    const byHand: { time: number; desired: number; reason: string }[] = [];
    const valueAt = (t: number) => (t < 30 ? 0 : t < 120 ? 90 : t < 200 ? 3 : 0);
    for (let t = 0; t <= 600; t += 10) {
      const value = valueAt(t);
      const decision = engine.decide({
        now: t * 1000,
        currentReplicas: replicas,
        readyReplicas: replicas,
        triggers: { queue: { isActive: value > 5, metrics: [{ metricName: 's0-rabbitmq', value }] } },
      });
      byHand.push({ time: t, desired: decision.desiredReplicas, reason: decision.reason });
      replicas = decision.desiredReplicas;
    }
    const simulated = result.steps
      .filter((step) => step.polled)
      .map((step) => ({ time: step.time, desired: step.decision.desiredReplicas, reason: step.decision.reason }));
    expect(simulated).toEqual(byHand);
    expect(result.summary.decisions).toBe(61);
    expect([result.summary.polls, result.summary.hpaSyncs, result.settings.hpaSyncPeriod]).toEqual([61, 0, 0]);
    expect(result.steps.every((step) => step.decision.phase === undefined && step.hpaSynced === undefined)).toBe(true);
  });

  it('two loops (default): makes exactly the decisions of an engine driven by hand, HPA every 15 s, poll every 10 s', () => {
    const valueAt = (t: number) => (t < 30 ? 0 : t < 120 ? 90 : t < 200 ? 3 : 0);
    const timeline = { queue: valueAt };
    const result = simulate({ scaledObject: queue, initialReplicas: 0, timeline, until: 600 });

    const engine = createScalingEngine(parseScaledObject(queue), {
      metricSpecs: { queue: [{ metricName: 's0-rabbitmq', targetType: 'AverageValue', targetValue: 20 }] },
      createdAt: 0,
    });
    let replicas = 0;
    const byHand: [number, DecisionPhase | undefined, number, string][] = [];
    for (let t = 0; t <= 600; t += 5) {
      const phases: DecisionPhase[] = [
        ...(t % 15 === 0 ? ['hpa' as const] : []),
        ...(t % 10 === 0 ? ['poll' as const] : []),
      ];
      for (const phase of phases) {
        const value = valueAt(t);
        const d = engine.decide({
          phase,
          now: t * 1000,
          currentReplicas: replicas,
          readyReplicas: replicas,
          triggers: { queue: { isActive: value > 5, metrics: [{ metricName: 's0-rabbitmq', value }] } },
        });
        byHand.push([t, d.phase, d.desiredReplicas, d.reason]);
        replicas = d.desiredReplicas;
      }
    }
    const simulated = result.steps.flatMap((step) =>
      (step.decisions ?? []).map((d): [number, DecisionPhase | undefined, number, string] => [
        step.time,
        d.phase,
        d.desiredReplicas,
        d.reason,
      ]),
    );
    expect(simulated).toEqual(byHand);
    expect(result.summary).toMatchObject({ polls: 61, hpaSyncs: 41, decisions: 102 });
    expect(result.settings.hpaSyncPeriod).toBe(15);
    // 1 → N at the HPA sync after the activating poll, not at the next poll
    expect(result.scaleEvents.slice(0, 2)).toEqual([
      { time: 30, from: 0, to: 1, reason: 'ScaledFromZero', phase: 'poll' },
      { time: 45, from: 1, to: 4, reason: 'Hpa', phase: 'hpa' },
    ]);
    expect([result.steps[30]!.hpaSynced, result.steps[30]!.polled, result.steps[30]!.decisions?.length]).toEqual([
      true,
      true,
      2,
    ]);
    expect(result.steps[31]!.decisions).toEqual([]);
  });

  it('activates at the first poll above the activation threshold and scales to zero after the cooldown', () => {
    const timeline = {
      queue: [
        { at: 0, value: 5 },
        { at: 25, value: 40 },
        { at: 100, value: 0 },
      ],
    };
    const result = simulate({ scaledObject: queue, initialReplicas: 0, timeline, until: 300 });
    const at = (t: number) => result.steps[t]!;
    expect(at(20).replicas).toBe(0); // 5 is not above activationValue 5
    expect(at(29).replicas).toBe(0); // polled at 20, next poll at 30
    expect(at(30).replicas).toBeGreaterThan(0);
    expect(result.scaleEvents[0]).toMatchObject({ time: 30, from: 0, to: 1, reason: 'ScaledFromZero' });
    // last active poll at 90; cooldown 60 s must have passed strictly: scale to zero at the poll at 160
    const toZero = result.scaleEvents.find((event) => event.to === 0)!;
    expect(toZero).toMatchObject({ time: 160, reason: 'ScaledToZero' });
    expect(result.summary.finalReplicas).toBe(0);
  });

  it('reports errors at times and lets the engine see them', () => {
    const timeline = {
      queue: [
        { at: 0, value: 50 },
        { at: 60, error: 'broker down' as const },
        { at: 120, value: 50 },
      ],
    };
    const result = simulate({ scaledObject: queue, initialReplicas: 3, timeline, until: 180 });
    expect(result.steps[70]!.errors).toEqual({ queue: 'broker down' });
    expect(result.steps[70]!.metrics).toEqual({});
    expect(result.steps[70]!.activity).toEqual({ queue: false });
    expect(result.steps[70]!.decision.isError).toBe(true);
    expect(result.steps[130]!.errors).toEqual({});
  });

  it('passes engine options through (two failures counted per decision reach the threshold sooner)', () => {
    const failing = manifest(`  pollingInterval: 10
  fallback: { failureThreshold: 3, replicas: 6 }
  triggers:
    - type: rabbitmq
      name: queue
      metadata: { queueName: jobs, mode: QueueLength, value: "20" }
`);
    const run = (fallbackFailuresPerDecision: number) =>
      simulate({
        scaledObject: failing,
        initialReplicas: 2,
        until: 120,
        timeline: { queue: [{ at: 0, error: 'down' }] },
        hpaSyncPeriod: 0,
        engineOptions: { fallbackFailuresPerDecision },
      }).steps.find((step) => step.decision.fallbackActive)?.time;
    expect(run(1)).toBe(30); // failures 1, 2, 3 at 0, 10, 20 s; 4 > 3 at 30 s
    expect(run(2)).toBe(10); // 2, then 4 > 3
  });

  it('keeps new replicas unready for readyDelay', () => {
    const result = simulate({
      scaledObject: queue,
      initialReplicas: 0,
      timeline: { queue: 30 },
      until: 60,
      readyDelay: 15,
    });
    expect(result.steps[0]!.replicas).toBe(1);
    expect(result.steps[14]!.readyReplicas).toBe(0);
    expect(result.steps[15]!.readyReplicas).toBe(1);
    expect(result.summary.timeToScaleFromZero).toBe(15);
  });

  it('takes the HPA sync period in ms as createAutoscaler does (hpaSyncPeriodMs), the seconds of hpaSyncPeriod still', () => {
    const timeline = { queue: (t: number) => (t < 30 ? 0 : t < 120 ? 90 : 3) };
    const decisions = (result: ReturnType<typeof simulate>) =>
      result.steps.flatMap((step) => (step.decisions ?? []).map((d) => [step.time, d.phase, d.desiredReplicas]));
    const base = { scaledObject: queue, initialReplicas: 0, timeline, until: 300 };
    const inMs = simulate({ ...base, hpaSyncPeriodMs: 20_000 });
    expect(decisions(inMs)).toEqual(decisions(simulate({ ...base, hpaSyncPeriod: 20 })));
    expect(decisions(inMs)).toEqual(decisions(simulate({ ...base, hpaSyncPeriod: '20s' })));
    expect([inMs.summary.hpaSyncs, inMs.settings.hpaSyncPeriod]).toEqual([16, 20]);
    expect(decisions(simulate(base))).toEqual(decisions(simulate({ ...base, hpaSyncPeriodMs: 15_000 })));
    for (const merged of [0, false] as const) {
      const result = simulate({ ...base, hpaSyncPeriodMs: merged });
      expect([result.summary.hpaSyncs, result.summary.polls, result.settings.hpaSyncPeriod]).toEqual([0, 31, 0]);
      expect(decisions(result)).toEqual(decisions(simulate({ ...base, hpaSyncPeriod: 0 })));
    }
  });

  it('rejects a bad hpaSyncPeriodMs, and both spellings at once', () => {
    const base = { scaledObject: queue, initialReplicas: 0, until: 10 };
    expect(() => simulate({ ...base, hpaSyncPeriodMs: -1 })).toThrow(
      'hpaSyncPeriodMs must be a number of milliseconds >= 0 (0 or false: merged mode), got -1',
    );
    expect(() => simulate({ ...base, hpaSyncPeriodMs: '15s' as unknown as number })).toThrow(
      'hpaSyncPeriodMs must be a number of milliseconds >= 0 (0 or false: merged mode), got 15s',
    );
    expect(() => simulate({ ...base, hpaSyncPeriodMs: 15_000, hpaSyncPeriod: 15 })).toThrow(
      'give hpaSyncPeriodMs or the deprecated hpaSyncPeriod, not both',
    );
  });

  it('keeps the poll cadence fixed when the step does not divide the polling interval', () => {
    const result = simulate({
      scaledObject: queue,
      initialReplicas: 1,
      timeline: { queue: (t) => (t >= 14 ? 100 : 0) },
      until: 40,
      step: 7,
    });
    expect(result.steps.map((step) => step.time)).toEqual([0, 7, 14, 21, 28, 35]);
    // polls due at 0, 10, 20, 30 s happen at the first step at or after each: 0, 14, 21, 35
    expect(result.steps.map((step) => step.polled)).toEqual([true, false, true, true, false, true]);
  });

  it('rejects unknown trigger keys and bad options with the field named', () => {
    expect(() => simulate({ scaledObject: queue, initialReplicas: 0, timeline: { nope: 1 }, until: 10 })).toThrow(
      'timeline["nope"] is not a trigger of this ScaledObject (triggers: queue)',
    );
    expect(() => simulate({ scaledObject: queue, initialReplicas: -1, until: 10 })).toThrow(
      'initialReplicas must be a non-negative integer, got -1',
    );
    expect(() => simulate({ scaledObject: queue, initialReplicas: 0, until: 'soon' })).toThrow(
      'until must be seconds or a duration',
    );
  });

  it('asks for metricSpecs when the trigger metadata has no target', () => {
    const custom = manifest(`  triggers:
    - type: my-source
      metadata: { url: "http://x" }
`);
    expect(() => simulate({ scaledObject: custom, initialReplicas: 0, until: 10 })).toThrow(
      'simulate: cannot tell the target of trigger "0" (type my-source); set spec.triggers[0].metadata.targetValue or pass metricSpecs["0"]',
    );
    const result = simulate({
      scaledObject: custom,
      initialReplicas: 1,
      until: 10,
      metricSpecs: { '0': [{ metricName: 's0-my', targetType: 'Value', targetValue: 4 }] },
      timeline: { '0': 20 },
    });
    expect(result.triggers).toEqual([
      { key: '0', type: 'my-source', metricName: 's0-my', targetType: 'Value', targetValue: 4, activationTarget: 0 },
    ]);
  });
});

describe('simulate with a workload', () => {
  const steady = manifest(`  pollingInterval: 15
  minReplicaCount: 1
  maxReplicaCount: 20
  triggers:
    - type: aws-sqs-queue
      metadata: { queueURL: "https://sqs/q", queueLength: "10" }
`);

  it('drains the backlog with ready replicas and scales to hold it near target × replicas', () => {
    const result = simulate({
      scaledObject: steady,
      initialReplicas: 1,
      until: 1800,
      workload: { arrivals: 20, serviceRatePerReplica: 5 },
    });
    // 20 items/s need 4 replicas of 5 items/s; the HPA settles where backlog / replicas is near 10
    const last = result.steps.at(-1)!;
    expect(last.replicas).toBeGreaterThanOrEqual(4);
    expect(result.summary.maxReplicas).toBeLessThanOrEqual(20);
    expect(last.backlog).toBe(last.metrics['0']);
    expect(result.steps[0]!.backlog).toBe(0);
    expect(result.steps[1]!.backlog).toBe(15); // 20 arrived, 1 replica served 5
  });

  it('is deterministic', () => {
    const options = {
      scaledObject: steady,
      initialReplicas: 1,
      until: 3600,
      workload: {
        arrivals: { type: 'sine' as const, mean: 30, amplitude: 30, period: 1200 },
        serviceRatePerReplica: 5,
        startupDelay: 20,
      },
    };
    const a = simulate(options);
    const b = simulate(options);
    expect(a.summary).toEqual(b.summary);
    expect(a.scaleEvents).toEqual(b.scaleEvents);
  });

  it('names the workload trigger when it does not exist', () => {
    expect(() =>
      simulate({
        scaledObject: steady,
        initialReplicas: 1,
        until: 10,
        workload: { arrivals: 1, serviceRatePerReplica: 1, trigger: 'x' },
      }),
    ).toThrow('workload.trigger "x" is not a trigger of this ScaledObject (triggers: 0)');
  });
});

describe('simulate on two cadences, as the autoscaler', () => {
  const failing = manifest(`  pollingInterval: 30
  fallback: { failureThreshold: 3, replicas: 6 }
  triggers:
    - type: rabbitmq
      name: queue
      metadata: { queueName: jobs, mode: QueueLength, value: "20" }
`);

  it('reaches the fallback counting the failed queries of both loops', () => {
    const result = simulate({
      scaledObject: failing,
      initialReplicas: 2,
      until: 300,
      timeline: {
        queue: [
          { at: 0, value: 40 },
          { at: 120, error: 'down' },
        ],
      },
    });
    const first = result.steps.find((step) => step.decision.fallbackActive)!;
    // failed queries: HPA 120 s (1), poll 120 s (2), HPA 135 s (3), HPA 150 s (4 > 3)
    expect(first.time).toBe(150);
    expect(first.decisions?.map((d) => [d.phase, d.fallbackActive])).toEqual([
      ['hpa', true],
      ['poll', true],
    ]);
    expect(result.steps.at(-1)!.replicas).toBe(6);
  });

  it('gives the HPA the last poll record of a trigger with useCachedMetrics', () => {
    const cached = manifest(`  pollingInterval: 30
  triggers:
    - type: rabbitmq
      name: queue
      useCachedMetrics: true
      metadata: { queueName: jobs, mode: QueueLength, value: "20" }
`);
    const run = (scaledObject: string) =>
      simulate({
        scaledObject,
        initialReplicas: 1,
        until: 60,
        timeline: {
          queue: [
            { at: 0, value: 10 },
            { at: 5, value: 80 },
          ],
        },
      }).scaleEvents;
    // fresh fetches see 80 at the 15 s sync; the cached record of the 0 s poll (10) holds until the 30 s poll
    expect(run(failing.replace('  fallback: { failureThreshold: 3, replicas: 6 }\n', ''))[0]).toMatchObject({
      time: 15,
    });
    expect(run(cached)[0]).toMatchObject({ time: 45, from: 1, to: 4, phase: 'hpa' });
  });

  it('makes exactly the decisions createAutoscaler makes on a FakeClock', async () => {
    const yaml = manifest(`  pollingInterval: 30
  cooldownPeriod: 120
  minReplicaCount: 0
  maxReplicaCount: 12
  fallback: { failureThreshold: 2, replicas: 3 }
  advanced:
    horizontalPodAutoscalerConfig:
      behavior:
        scaleDown: { stabilizationWindowSeconds: 60, policies: [{ type: Pods, value: 2, periodSeconds: 30 }] }
  triggers:
    - type: scripted
      metadata: { targetValue: "20", activationValue: "5" }
`);
    const points = [
      { at: 0, value: 0 },
      { at: 40, value: 90 },
      { at: 200, value: 170 },
      { at: 400, value: 10 },
      { at: 700, error: 'broker down' },
      { at: 820, value: 0 },
    ];
    const until = 1200;
    const simulated = simulate({ scaledObject: yaml, initialReplicas: 0, until, timeline: { '0': points } });

    const clock = new FakeClock();
    const series = points.map((p) =>
      p.error ? { at: p.at * 1000, error: p.error } : { at: p.at * 1000, value: p.value! },
    );
    const target = new InMemoryScaleTarget({ clock });
    const autoscaler = createAutoscaler({
      scaledObject: yaml,
      target,
      clock,
      refreshOnError: false,
      scalers: { '0': scriptedScaler({ targetValue: 20, activationThreshold: 5, series, clock }) },
    });
    const live: [number, string | undefined, number, string][] = [];
    autoscaler.on('decision', ({ at, decision }) =>
      live.push([at / 1000, decision.phase, decision.desiredReplicas, decision.reason]),
    );
    await autoscaler.start();
    await clock.advance(until * 1000);
    await autoscaler.stop();

    const fromSimulation = simulated.steps.flatMap((step) =>
      (step.decisions ?? []).map((d: Decision): [number, string | undefined, number, string] => [
        step.time,
        d.phase,
        d.desiredReplicas,
        d.reason,
      ]),
    );
    expect(fromSimulation).toEqual(live);
    expect(simulated.scaleEvents.map(({ time, from, to }) => [time * 1000, from, to])).toEqual(
      target.history.map(({ at, from, to }) => [at, from, to]),
    );
    expect(new Set(simulated.scaleEvents.map((event) => event.reason))).toEqual(
      new Set(['ScaledFromZero', 'Hpa', 'ScaledToZero']),
    );
  });
});
