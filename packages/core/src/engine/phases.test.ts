import { describe, expect, it } from 'vitest';
import type { ScaledObject } from '../manifest/types.js';
import type { MetricSpec } from '../types.js';
import { createScalingEngine } from './engine.js';
import { makeScaledObject } from './test-factory.js';
import type { Decision, DecisionPhase, ScalingEngine, TriggerObservation } from './types.js';

const S = 1000;
const spec = (targetValue = 10, targetType: MetricSpec['targetType'] = 'AverageValue'): MetricSpec[] => [
  { metricName: 's0-test', targetType, targetValue },
];
const obs = (value: number, isActive = value > 0): TriggerObservation => ({
  isActive,
  metrics: [{ metricName: 's0-test', value }],
});
const err = (message = 'down'): TriggerObservation => ({ isActive: false, error: new Error(message) });

interface Change {
  t: number;
  phase: DecisionPhase;
  from: number;
  to: number;
  reason: string;
}

/**
 * Drives an engine the way the autoscaler does: an HPA sync every `hpaSeconds` and a poll every
 * `pollingInterval`, from time 0; at an instant where both are due, the HPA sync first (it reads the
 * count the executor left at the previous poll). Returns every change of replicas and every decision.
 */
function run(
  so: ScaledObject,
  options: { replicas: number; until: number; observe: (t: number) => TriggerObservation; hpaSeconds?: number },
) {
  const engine = createScalingEngine(so, { metricSpecs: { '0': spec() }, createdAt: 0 });
  const poll = so.spec.pollingInterval;
  const hpaEvery = options.hpaSeconds ?? 15;
  let replicas = options.replicas;
  const changes: Change[] = [];
  const decisions: Decision[] = [];
  const decide = (t: number, phase: DecisionPhase) => {
    const d = engine.decide({ phase, now: t * S, currentReplicas: replicas, triggers: { '0': options.observe(t) } });
    decisions.push(d);
    if (d.desiredReplicas !== replicas)
      changes.push({ t, phase, from: replicas, to: d.desiredReplicas, reason: d.reason });
    replicas = d.desiredReplicas;
  };
  for (let t = 0; t <= options.until; t++) {
    if (t % hpaEvery === 0) decide(t, 'hpa');
    if (t % poll === 0) decide(t, 'poll');
  }
  return { changes, decisions, engine };
}

describe('two-phase mode: KEDA timing (KEDA startScaleLoop, Kubernetes reconcileAutoscaler)', () => {
  const cases: {
    name: string;
    so: ScaledObject;
    replicas: number;
    until: number;
    observe: (t: number) => TriggerObservation;
    expected: Change[];
  }[] = [
    {
      name: 'activation at the poll, 1 → N at the next 15 s HPA sync',
      so: makeScaledObject({ pollingInterval: 30 }),
      replicas: 0,
      until: 100,
      observe: (t) => obs(t >= 40 ? 50 : 0),
      expected: [
        { t: 60, phase: 'poll', from: 0, to: 1, reason: 'ScaledFromZero' },
        { t: 75, phase: 'hpa', from: 1, to: 4, reason: 'Hpa' }, // legacy limit max(2·1, 4)
        { t: 90, phase: 'hpa', from: 4, to: 5, reason: 'Hpa' },
      ],
    },
    {
      name: 'N → 1 at the first HPA sync after the legacy 300 s window (its edge counts) has passed the last high recommendation',
      so: makeScaledObject({ pollingInterval: 30 }),
      replicas: 5,
      until: 500,
      observe: (t) => obs(t < 100 ? 50 : 5), // last recommendation of 5 at the 90 s sync
      expected: [{ t: 405, phase: 'hpa', from: 5, to: 1, reason: 'Hpa' }],
    },
    {
      name: 'N → 1 with a behavior: the 300 s window excludes its edge, so the sync at 390 s scales down',
      so: makeScaledObject({
        pollingInterval: 30,
        advanced: {
          restoreToOriginalReplicaCount: false,
          horizontalPodAutoscalerConfig: { behavior: { scaleDown: { stabilizationWindowSeconds: 300 } } },
        },
      }),
      replicas: 5,
      until: 500,
      observe: (t) => obs(t < 100 ? 50 : 5),
      expected: [{ t: 390, phase: 'hpa', from: 5, to: 1, reason: 'Hpa' }],
    },
    {
      name: 'to zero at the first poll strictly after lastActiveTime + cooldownPeriod',
      so: makeScaledObject({ pollingInterval: 30, cooldownPeriod: 60 }),
      replicas: 1,
      until: 300,
      observe: (t) => obs(t < 100 ? 5 : 0), // last active poll at 90 s; 90 + 60 = 150 is not < 150
      expected: [{ t: 180, phase: 'poll', from: 1, to: 0, reason: 'ScaledToZero' }],
    },
    {
      name: 'the HPA does not hold scale to zero: the cooldown alone decides, whatever the HPA window',
      so: makeScaledObject({ pollingInterval: 30, cooldownPeriod: 75 }),
      replicas: 1,
      until: 300,
      observe: (t) => obs(t < 100 ? 5 : 0),
      expected: [{ t: 180, phase: 'poll', from: 1, to: 0, reason: 'ScaledToZero' }],
    },
    {
      name: 'below minReplicaCount: raised by the HPA sync (no metrics) before the poll',
      so: makeScaledObject({ pollingInterval: 30, minReplicaCount: 3 }),
      replicas: 1,
      until: 20,
      observe: () => obs(0),
      expected: [{ t: 0, phase: 'hpa', from: 1, to: 3, reason: 'BelowMinimum' }],
    },
    {
      name: 'above maxReplicaCount: lowered by the HPA sync',
      so: makeScaledObject({ pollingInterval: 30, maxReplicaCount: 4 }),
      replicas: 9,
      until: 20,
      observe: () => obs(90),
      expected: [{ t: 0, phase: 'hpa', from: 9, to: 4, reason: 'AboveMaximum' }],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      expect(run(c.so, c).changes).toEqual(c.expected);
    });
  }

  it('reacts to 1 → N every 15 s where the merged mode reacts every pollingInterval', () => {
    const so = makeScaledObject({ pollingInterval: 30 });
    const phased = run(so, { replicas: 1, until: 60, observe: (t) => obs(t >= 1 ? 200 : 10) }).changes;
    expect(phased.map((c) => [c.t, c.to])).toEqual([
      [15, 4],
      [30, 8],
      [45, 16],
      [60, 20],
    ]);
    const merged = createScalingEngine(so, { metricSpecs: { '0': spec() } });
    let replicas = 1;
    const times: [number, number][] = [];
    for (let t = 0; t <= 60; t += 30) {
      const d = merged.decide({ now: t * S, currentReplicas: replicas, triggers: { '0': obs(t >= 1 ? 200 : 10) } });
      if (d.desiredReplicas !== replicas) times.push([t, d.desiredReplicas]);
      replicas = d.desiredReplicas;
    }
    expect(times).toEqual([
      [30, 4],
      [60, 8],
    ]);
  });
});

describe('two-phase mode: fallback counts every query, the poll and each HPA fetch (KEDA GetMetricsWithFallback)', () => {
  const failing = (since: number) => (t: number) => (t >= since ? err() : obs(20));
  const so = makeScaledObject({
    pollingInterval: 30,
    fallback: { failureThreshold: 3, replicas: 6, behavior: 'static' },
  });

  it('reaches the fallback after threshold + 1 consecutive failed queries of both loops', () => {
    const { decisions } = run(so, { replicas: 2, until: 120, observe: failing(45) });
    const failures = decisions
      .filter((d) => d.now >= 45 * S)
      .map((d) => [d.now / S, d.phase, d.explanation.triggers[0]?.fallback?.[0]?.failures, d.fallbackActive]);
    expect(failures.slice(0, 5)).toEqual([
      [45, 'hpa', 1, false],
      [60, 'hpa', 2, false],
      [60, 'poll', 3, false],
      [75, 'hpa', 4, true], // 4 > 3: the HPA sync sees target × 6
      [90, 'hpa', 5, true],
    ]);
    const first = decisions.find((d) => d.fallbackActive);
    expect([first?.phase, first?.desiredReplicas, first?.reason]).toEqual(['hpa', 4, 'Hpa']); // ×2/+4 legacy limit
  });

  it('counts only polls while at 0 replicas: the HPA is disabled and fetches nothing', () => {
    const { decisions } = run(so, { replicas: 0, until: 130, observe: () => err() });
    const hpa = decisions.filter((d) => d.phase === 'hpa' && d.now <= 90 * S);
    expect(hpa).toHaveLength(7);
    expect(hpa.every((d) => d.reason === 'ScalingDisabled' && d.explanation.triggers.length === 0)).toBe(true);
    const polls = decisions.filter((d) => d.phase === 'poll');
    expect(polls.map((d) => d.explanation.triggers[0]?.fallback?.[0]?.failures)).toEqual([1, 2, 3, 4, 7]); // the HPA fetches at 105 and 120 s once at 1 replica
    // the 4th poll (90 s) is over the threshold: the trigger counts as active and the executor activates
    expect(polls.map((d) => d.reason)).toEqual([
      'FallbackWaiting',
      'FallbackWaiting',
      'FallbackWaiting',
      'ScaledFromZero',
      'NoChange',
    ]);
  });

  it('a success of either loop resets the count', () => {
    const e = createScalingEngine(so, { metricSpecs: { '0': spec() } });
    const failures = (phase: DecisionPhase, t: number, o: TriggerObservation) =>
      e.decide({ phase, now: t * S, currentReplicas: 2, triggers: { '0': o } }).explanation.triggers[0]?.fallback?.[0]
        ?.failures;
    expect(failures('poll', 0, err())).toBe(1);
    expect(failures('hpa', 15, err())).toBe(2);
    expect(failures('hpa', 30, obs(5))).toBeUndefined();
    expect(e.snapshot().failureCounts).toEqual({ 's0-test': 0 });
    expect(failures('poll', 30, err())).toBe(1);
  });

  it('an HPA fetch served from a cached poll record that holds an error counts a failure (useCachedMetrics)', () => {
    const cached = makeScaledObject({
      pollingInterval: 30,
      fallback: { failureThreshold: 1, replicas: 6, behavior: 'static' },
      triggers: [{ useCachedMetrics: true }],
    });
    const e = createScalingEngine(cached, { metricSpecs: { '0': spec() } });
    const record = err('from the last poll');
    expect(e.decide({ phase: 'poll', now: 0, currentReplicas: 2, triggers: { '0': record } }).fallbackActive).toBe(
      false,
    );
    const d = e.decide({ phase: 'hpa', now: 15 * S, currentReplicas: 2, triggers: { '0': record } });
    expect([d.fallbackActive, d.desiredReplicas]).toEqual([true, 4]);
  });

  it('ignores fallbackFailuresPerDecision in phased decides (one failure per query)', () => {
    const e = createScalingEngine(so, { metricSpecs: { '0': spec() }, fallbackFailuresPerDecision: 2 });
    const d = e.decide({ phase: 'poll', now: 0, currentReplicas: 2, triggers: { '0': err() } });
    expect(d.explanation.triggers[0]?.fallback?.[0]?.failures).toBe(1);
  });
});

describe('poll phase: KEDA scale loop only', () => {
  const engine = (so = makeScaledObject()) => createScalingEngine(so, { metricSpecs: { '0': spec() } });

  it('runs the executor and stores no HPA recommendation', () => {
    const e = engine();
    const d = e.decide({ phase: 'poll', now: 0, currentReplicas: 2, triggers: { '0': obs(500) } });
    expect([d.phase, d.desiredReplicas, d.reason, d.isActive]).toEqual(['poll', 2, 'NoChange', true]);
    expect(d.explanation.hpa.branch).toBe('skipped');
    expect(d.explanation.executor.lastActiveTime).toBe(0);
    const snapshot = e.snapshot();
    expect([snapshot.recommendations, snapshot.hpaInitialized, snapshot.lastActiveTime]).toEqual([[], false, 0]);
  });

  it('keeps partial-error, fallback-waiting and trigger-error holds', () => {
    const two = makeScaledObject({ triggers: [{ name: 'a' }, { name: 'b' }] });
    const e = createScalingEngine(two, {
      metricSpecs: { a: [{ metricName: 's0-a', targetType: 'AverageValue', targetValue: 1 }], b: [] },
    });
    const partial = e.decide({
      phase: 'poll',
      now: 0,
      currentReplicas: 1,
      triggers: { a: { isActive: true, metrics: [{ metricName: 's0-a', value: 3 }] }, b: err() },
    });
    expect([partial.reason, partial.explanation.executor.partialTriggerError]).toEqual(['NoChange', true]);
    const hold = e.decide({ phase: 'poll', now: 1, currentReplicas: 1, triggers: { a: obs(0), b: err() } });
    expect(hold.reason).toBe('TriggerErrorHoldsScaleIn');
  });

  it('paused-scale-out blocks activation; force-activation activates', () => {
    const blocked = engine(makeScaledObject({}, { pausedScaleOut: true }));
    expect(blocked.decide({ phase: 'poll', now: 0, currentReplicas: 0, triggers: { '0': obs(9) } }).reason).toBe(
      'PausedScaleOut',
    );
    const forced = engine(makeScaledObject({}, { forceActivation: true }));
    expect(forced.decide({ phase: 'poll', now: 0, currentReplicas: 0, triggers: { '0': obs(0) } })).toMatchObject({
      desiredReplicas: 1,
      reason: 'ScaledFromZero',
      isActive: true,
    });
  });

  it('paused and paused-replicas: no action in either phase, nothing counted', () => {
    for (const phase of ['poll', 'hpa'] as const) {
      const paused = engine(makeScaledObject({}, { paused: true }));
      const d = paused.decide({ phase, now: 0, currentReplicas: 3, triggers: { '0': err() } });
      expect([d.phase, d.desiredReplicas, d.reason, d.paused]).toEqual([phase, 3, 'Paused', true]);
      expect(paused.snapshot().failureCounts).toEqual({});
      const held = engine(makeScaledObject({}, { paused: true, pausedReplicas: 2 }));
      expect(held.decide({ phase, now: 0, currentReplicas: 3, triggers: {} })).toMatchObject({
        phase,
        desiredReplicas: 2,
        reason: 'PausedReplicas',
      });
    }
  });
});

describe('hpa phase: one HPA reconcile only', () => {
  const engine = (so = makeScaledObject()) => createScalingEngine(so, { metricSpecs: { '0': spec() } });

  it('does nothing at 0 replicas (ScalingDisabled) but seeds its recommendations', () => {
    const e = engine();
    const d = e.decide({ phase: 'hpa', now: 0, currentReplicas: 0, triggers: { '0': obs(500) } });
    expect([d.phase, d.desiredReplicas, d.reason, d.isActive]).toEqual(['hpa', 0, 'ScalingDisabled', false]);
    expect(d.explanation.hpa.branch).toBe('disabled');
    expect(e.snapshot().recommendations).toEqual([{ timestamp: 0, replicas: 0 }]);
  });

  it('never runs the executor: no activation, no scale to zero, lastActiveTime untouched', () => {
    const e = engine(makeScaledObject({ cooldownPeriod: 0 }));
    e.decide({ phase: 'poll', now: 0, currentReplicas: 1, triggers: { '0': obs(5) } });
    const d = e.decide({ phase: 'hpa', now: 60 * S, currentReplicas: 1, triggers: { '0': obs(0) } });
    expect([d.desiredReplicas, d.reason]).toEqual([1, 'NoChange']);
    expect(d.explanation.executor).toEqual({ action: 'none', reason: 'NoChange', skipped: true, lastActiveTime: 0 });
    expect(e.snapshot().lastActiveTime).toBe(0);
  });

  it('stores each recommendation and records scale events when a behavior is set', () => {
    const so = makeScaledObject({
      advanced: {
        restoreToOriginalReplicaCount: false,
        horizontalPodAutoscalerConfig: {
          behavior: { scaleUp: { policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] } },
        },
      },
    });
    const e = engine(so);
    const d = e.decide({ phase: 'hpa', now: 0, currentReplicas: 2, triggers: { '0': obs(100) } });
    expect([d.desiredReplicas, d.explanation.hpa.limitReason]).toEqual([4, 'ScaleUpLimit']);
    const snapshot = e.snapshot();
    expect(snapshot.recommendations).toEqual([
      { timestamp: 0, replicas: 2 },
      { timestamp: 0, replicas: 10 },
    ]);
    expect(snapshot.scaleUpEvents).toEqual([{ timestamp: 0, replicaChange: 2, outdated: false }]);
    const next = e.decide({ phase: 'hpa', now: 15 * S, currentReplicas: 4, triggers: { '0': obs(100) } });
    expect([next.desiredReplicas, next.explanation.hpa.limitReason]).toEqual([4, 'ScaleUpLimit']); // 2 per 60 s
  });

  it('paused-scale-in / paused-scale-out disable that direction of the HPA (selectPolicy Disabled)', () => {
    const noIn = engine(makeScaledObject({}, { pausedScaleIn: true }));
    expect(noIn.decide({ phase: 'hpa', now: 0, currentReplicas: 5, triggers: { '0': obs(10) } })).toMatchObject({
      desiredReplicas: 5,
      reason: 'NoChange',
    });
    const noOut = engine(makeScaledObject({}, { pausedScaleOut: true }));
    expect(noOut.decide({ phase: 'hpa', now: 0, currentReplicas: 1, triggers: { '0': obs(90) } })).toMatchObject({
      desiredReplicas: 1,
      reason: 'NoChange',
    });
  });

  it('keeps the count when every metric is invalid (MetricsUnavailable) and names the error', () => {
    const d = engine().decide({ phase: 'hpa', now: 0, currentReplicas: 3, triggers: { '0': err('broker down') } });
    expect([d.desiredReplicas, d.reason, d.isError]).toEqual([3, 'MetricsUnavailable', true]);
    expect(String(d)).toBe(
      'HPA sync: 3 → 3 (MetricsUnavailable); errors: 0: broker down; s0-test (0) invalid: broker down; HPA kept the count (invalid metrics)',
    );
  });
});

describe('phased decisions: identity, text and state', () => {
  const make = () => createScalingEngine(makeScaledObject(), { metricSpecs: { '0': spec() } });

  it('says which loop produced it; a merged decision has no phase', () => {
    const e = make();
    expect('phase' in e.decide({ now: 0, currentReplicas: 1, triggers: { '0': obs(5) } })).toBe(false);
    expect(String(e.decide({ phase: 'poll', now: 1, currentReplicas: 0, triggers: { '0': obs(5) } }))).toBe(
      'poll: 0 → 1 (ScaledFromZero); active',
    );
    expect(String(e.decide({ phase: 'hpa', now: 2, currentReplicas: 0, triggers: { '0': obs(5) } }))).toBe(
      'HPA sync: 0 → 0 (ScalingDisabled); HPA disabled at 0 replicas',
    );
    expect(String(e.decide({ phase: 'hpa', now: 3, currentReplicas: 1, triggers: { '0': obs(50) } }))).toBe(
      'HPA sync: 1 → 4 (Hpa); s0-test (0) 50 vs AverageValue 10 → 5; limited by ScaleUpLimit to 4',
    );
  });

  it('rejects an unknown phase naming the accepted values', () => {
    expect(() => make().decide({ phase: 'both' as never, now: 0, currentReplicas: 0, triggers: {} })).toThrow(
      'decide: "phase" must be "poll" (KEDA\'s scale loop), "hpa" (an HPA sync) or absent (both merged), got "both"',
    );
  });

  it('a snapshot taken between phases restores into an engine that continues identically', () => {
    const so = makeScaledObject({ pollingInterval: 30, cooldownPeriod: 60 });
    const observe = (t: number) => obs(t < 200 ? 80 : 0);
    const drive = (e: ScalingEngine, from: number, to: number, start: number) => {
      let replicas = start;
      const out: string[] = [];
      for (let t = from; t <= to; t += 15) {
        for (const phase of t % 30 === 0 ? (['hpa', 'poll'] as const) : (['hpa'] as const)) {
          const d = e.decide({ phase, now: t * S, currentReplicas: replicas, triggers: { '0': observe(t) } });
          out.push(String(d));
          replicas = d.desiredReplicas;
        }
      }
      return { out, replicas };
    };
    const first = createScalingEngine(so, { metricSpecs: { '0': spec() } });
    const a = drive(first, 0, 300, 0);
    const second = createScalingEngine(so, { metricSpecs: { '0': spec() } });
    second.restore(JSON.parse(JSON.stringify(first.snapshot())));
    const b = drive(second, 315, 600, a.replicas);
    const reference = createScalingEngine(so, { metricSpecs: { '0': spec() } });
    expect([...a.out, ...b.out]).toEqual(drive(reference, 0, 600, 0).out);
    expect(b.out.at(-1)).toBe('poll: 0 → 0 (NoChange); inactive');
  });
});
