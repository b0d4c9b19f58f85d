import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScalingEngine } from '../engine.js';
import { makeScaledObject } from '../test-factory.js';
import type { DecisionPhase, EngineSnapshot } from '../types.js';
import type { ScalingPolicies } from './types.js';

const S = 1000;
const specs = {
  a: [{ metricName: 's0-a', targetType: 'AverageValue' as const, targetValue: 10 }],
  b: [{ metricName: 's1-b', targetType: 'AverageValue' as const, targetValue: 20 }],
};
const step = fc.record({
  dt: fc.integer({ min: 0, max: 60_000 }),
  a: fc.oneof(
    { weight: 4, arbitrary: fc.double({ min: 0, max: 3000, noNaN: true }) },
    { weight: 1, arbitrary: fc.constant(-1) },
  ),
  b: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3000, noNaN: true })),
  phase: fc.constantFrom<DecisionPhase | undefined>(undefined, 'poll', 'hpa'),
  ready: fc.integer({ min: 0, max: 3 }),
});
const policies = fc.record(
  {
    scaleInCooldown: fc.record({ seconds: fc.integer({ min: 0, max: 300 }) }),
    panic: fc.record(
      {
        stableWindowSeconds: fc.integer({ min: 6, max: 120 }),
        panicWindowPercentage: fc.integer({ min: 1, max: 100 }),
        panicThresholdPercentage: fc.integer({ min: 110, max: 400 }),
      },
      { requiredKeys: [] },
    ),
    queueTime: fc.record({
      b: fc.record(
        {
          targetSeconds: fc.integer({ min: 1, max: 120 }),
          serviceRatePerReplica: fc.double({ min: 0.1, max: 10, noNaN: true }),
        },
        { requiredKeys: ['targetSeconds'] },
      ),
    }),
    triggerErrors: fc.record({ a: fc.constantFrom('ignore' as const, 'hold' as const, 'fallback' as const) }),
  },
  { requiredKeys: ['scaleInCooldown'] },
);

function build(p: ScalingPolicies) {
  // A scale-down behavior without a stabilization window, so scale-ins are frequent enough to test the cooldown.
  const so = makeScaledObject({
    minReplicaCount: 0,
    maxReplicaCount: 30,
    cooldownPeriod: 30,
    triggers: [{ name: 'a' }, { name: 'b' }],
    advanced: {
      restoreToOriginalReplicaCount: false,
      horizontalPodAutoscalerConfig: { behavior: { scaleDown: { stabilizationWindowSeconds: 0 } } },
    },
  });
  return createScalingEngine(so, { metricSpecs: specs, policies: p });
}

type Step = { dt: number; a: number; b: number; phase: DecisionPhase | undefined; ready: number };

interface Outcome {
  now: number;
  from: number;
  to: number;
  reason: string;
}

function run(engine: ReturnType<typeof build>, steps: Step[], state: { now: number; replicas: number }): Outcome[] {
  const out: Outcome[] = [];
  for (const s of steps) {
    state.now += s.dt;
    const d = engine.decide({
      phase: s.phase,
      now: state.now,
      currentReplicas: state.replicas,
      readyReplicas: Math.max(0, state.replicas - s.ready),
      triggers: {
        a:
          s.a < 0
            ? { isActive: false, error: 'down' }
            : { isActive: s.a > 0, metrics: [{ metricName: 's0-a', value: s.a }] },
        b: { isActive: s.b > 0, metrics: [{ metricName: 's1-b', value: s.b }] },
      },
    });
    out.push({ now: state.now, from: state.replicas, to: d.desiredReplicas, reason: d.reason });
    state.replicas = d.desiredReplicas;
  }
  return out;
}

/** Scale-ins less than `seconds` after the last scale-up. */
function scaleInsInCooldown(outcomes: readonly Outcome[], seconds: number): Outcome[] {
  let lastUp: number | undefined;
  const found: Outcome[] = [];
  for (const o of outcomes) {
    if (o.to > o.from) lastUp = o.now;
    else if (o.to < o.from && lastUp !== undefined && o.now <= lastUp + seconds * S) found.push(o);
  }
  return found;
}

describe('engine with policies (property)', () => {
  it('decides whole counts in [0, max]; no scale-in inside the cooldown; a restored engine decides the same', () => {
    fc.assert(
      fc.property(policies, fc.array(step, { minLength: 2, maxLength: 40 }), fc.nat(), (p, steps, cut) => {
        const split = 1 + (cut % (steps.length - 1));
        const engine = build(p);
        const state = { now: 0, replicas: 1 };
        const head = run(engine, steps.slice(0, split), state);
        const snapshot: EngineSnapshot = JSON.parse(JSON.stringify(engine.snapshot()));
        const restored = build(p);
        restored.restore(snapshot);
        const rest = steps.slice(split);
        const tail = run(engine, rest, { ...state });
        expect(run(restored, rest, { ...state })).toEqual(tail);
        const all = [...head, ...tail];
        for (const o of all) expect(Number.isInteger(o.to) && o.to >= 0 && o.to <= 30).toBe(true);
        expect(scaleInsInCooldown(all, p.scaleInCooldown?.seconds ?? 0)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
