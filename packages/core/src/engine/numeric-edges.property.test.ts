// Numbers at the edges of a double and time that goes backwards: every decision is a whole count inside
// [max(min,1), max] (or 0, idle, or paused as the rules say), and every snapshot can be restored.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HpaBehavior } from '../hpa/types.js';
import type { MetricTargetType } from '../types.js';
import { createScalingEngine } from './engine.js';
import { makeScaledObject } from './test-factory.js';
import type { DecisionPhase, ScalingEngine } from './types.js';

const extremes = [1.8e305, 1.79e308, Number.MAX_VALUE, 9.3e15, 1e-300, Number.MIN_VALUE, 1];
const target = fc.oneof(
  fc.constantFrom(...extremes),
  fc.double({ min: Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }),
);
const value = fc.oneof(
  fc.constantFrom(...extremes, 0, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN),
  fc.double(),
);

interface EdgeConfig {
  min: number;
  max: number;
  targetType: MetricTargetType;
  targetValue: number;
  behavior: HpaBehavior | undefined;
  fallback: boolean;
  formula: boolean;
}

const edgeConfig = fc
  .record({
    min: fc.nat(3),
    span: fc.nat(10),
    targetType: fc.constantFrom<MetricTargetType>('AverageValue', 'Value'),
    targetValue: target,
    behavior: fc.constantFrom<HpaBehavior | undefined>(undefined, {}, { scaleUp: { stabilizationWindowSeconds: 30 } }),
    fallback: fc.boolean(),
    formula: fc.boolean(),
  })
  .map(({ span, ...c }): EdgeConfig => ({ ...c, max: Math.max(c.min, 1) + span }));

function build(c: EdgeConfig): ScalingEngine {
  const so = makeScaledObject({
    minReplicaCount: c.min,
    maxReplicaCount: c.max,
    cooldownPeriod: 60,
    triggers: [{ name: 'a' }, { name: 'b' }],
    ...(c.fallback ? { fallback: { failureThreshold: 0, replicas: 3, behavior: 'static' as const } } : {}),
    advanced: {
      restoreToOriginalReplicaCount: false,
      ...(c.behavior ? { horizontalPodAutoscalerConfig: { behavior: c.behavior } } : {}),
      ...(c.formula ? { scalingModifiers: { formula: 'a * 1000 + b', target: '2', metricType: c.targetType } } : {}),
    },
  });
  return createScalingEngine(so, {
    metricSpecs: {
      a: [{ metricName: 's0-a', targetType: c.targetType, targetValue: c.targetValue }],
      b: [{ metricName: 's1-b', targetType: c.targetType, targetValue: c.targetValue }],
    },
  });
}

const edgeStep = fc.record({
  phase: fc.constantFrom<DecisionPhase | undefined>('poll', 'hpa', undefined),
  dt: fc.integer({ min: -120_000, max: 120_000 }),
  a: value,
  b: value,
  failing: fc.boolean(),
  readiness: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('numbers at the edges', () => {
  // Values and targets past int64 milli-units are capped at 2^63 milli (a quantity's MilliValue() is an int64),
  // so both metrics sit at ratio 1 of their target: AverageValue proposes ceil(2^63 / 2^63) = 1 (the ratio
  // to 3 pods is 1/3), Value keeps 3 (ratio 1, within tolerance). Before the cap: NaN.
  it.each([
    ['AverageValue', 1.8e305, [1, 'Hpa']],
    ['Value', 1.8e305, [3, 'NoChange']],
    ['AverageValue', Number.MAX_VALUE, [1, 'Hpa']],
  ] as const)(
    'a %s target of %s gives a whole count inside [min, max] and a snapshot that restores',
    (type, targetValue, expected) => {
      const behavior = { scaleDown: { stabilizationWindowSeconds: 0 } };
      const c: EdgeConfig = {
        min: 1,
        max: 10,
        targetType: type,
        targetValue,
        behavior,
        fallback: false,
        formula: false,
      };
      const engine = build(c);
      const decision = engine.decide({
        now: 1000,
        currentReplicas: 3,
        triggers: {
          a: { isActive: true, metrics: [{ metricName: 's0-a', value: 1.7e308 }] },
          b: { isActive: true, metrics: [{ metricName: 's1-b', value: targetValue }] },
        },
      });
      expect([decision.desiredReplicas, decision.reason]).toEqual(expected);
      const restored = build(c);
      restored.restore(JSON.parse(JSON.stringify(engine.snapshot())));
      expect(restored.snapshot()).toEqual(engine.snapshot());
    },
  );

  it('a fallback of 0 replicas with a huge target is a value of 0, not NaN', () => {
    const so = makeScaledObject({
      minReplicaCount: 1,
      maxReplicaCount: 10,
      triggers: [{ name: 'a' }],
      fallback: { failureThreshold: 0, replicas: 0, behavior: 'static' },
    });
    const engine = createScalingEngine(so, {
      metricSpecs: { a: [{ metricName: 's0-a', targetType: 'AverageValue', targetValue: Number.MAX_VALUE }] },
    });
    const decision = engine.decide({
      phase: 'hpa',
      now: 0,
      currentReplicas: 4,
      triggers: { a: { isActive: false, error: 'down' } },
    });
    expect(decision.explanation.hpa.metrics[0]).toMatchObject({ value: 0, fallback: true, proposedReplicas: 0 });
    expect(decision.desiredReplicas).toBe(4); // the legacy 300 s scale-down window holds the seeded 4
  });

  it('a formula far below -2^63 milli-units is capped there: the HPA proposes 0 and keeps the minimum', () => {
    const so = makeScaledObject({
      minReplicaCount: 2,
      maxReplicaCount: 10,
      triggers: [{ name: 'a' }],
      advanced: {
        restoreToOriginalReplicaCount: false,
        horizontalPodAutoscalerConfig: { behavior: { scaleDown: { stabilizationWindowSeconds: 0 } } },
        scalingModifiers: { formula: '0 - a * 1000', target: '1', metricType: 'AverageValue' },
      },
    });
    const engine = createScalingEngine(so, {
      metricSpecs: { a: [{ metricName: 's0-a', targetType: 'AverageValue', targetValue: 1 }] },
    });
    const decision = engine.decide({
      phase: 'hpa',
      now: 0,
      currentReplicas: 4,
      triggers: { a: { isActive: true, metrics: [{ metricName: 's0-a', value: Number.MAX_VALUE }] } },
    });
    expect(decision.explanation.hpa.metrics[0]).toMatchObject({
      value: -(2 ** 63) / 1000,
      proposedReplicas: -(2 ** 63) / 1000,
    });
    expect([decision.desiredReplicas, decision.explanation.hpa.limitReason]).toEqual([2, 'TooFewReplicas']);
  });

  it('every decision is a whole count inside [max(min,1), max], 0 or unchanged, and every snapshot restores', () => {
    fc.assert(
      fc.property(edgeConfig, fc.array(edgeStep, { minLength: 1, maxLength: 25 }), (c, steps) => {
        const engine = build(c);
        let replicas = Math.max(c.min, 1);
        let now = 1_000_000;
        for (const s of steps) {
          now += s.dt;
          const d = engine.decide({
            ...(s.phase === undefined ? {} : { phase: s.phase }),
            now,
            currentReplicas: replicas,
            readyReplicas: Math.floor(replicas * s.readiness),
            triggers: {
              a: s.failing
                ? { isActive: false, error: 'down' }
                : { isActive: s.a > 0, metrics: [{ metricName: 's0-a', value: s.a }] },
              b: { isActive: s.b > 0, metrics: [{ metricName: 's1-b', value: s.b }] },
            },
          });
          expect(Number.isSafeInteger(d.desiredReplicas)).toBe(true);
          if (d.desiredReplicas !== 0 && d.desiredReplicas !== replicas) {
            expect(d.desiredReplicas).toBeGreaterThanOrEqual(Math.max(c.min, 1));
            expect(d.desiredReplicas).toBeLessThanOrEqual(c.max);
          }
          if (d.desiredReplicas === 0) expect(c.min).toBe(0);
          replicas = d.desiredReplicas;
        }
        const restored = build(c);
        restored.restore(JSON.parse(JSON.stringify(engine.snapshot())));
        expect(restored.snapshot()).toEqual(engine.snapshot());
      }),
      { numRuns: 300 },
    );
  });
});

describe('time that goes backwards (clamped to the latest time seen)', () => {
  const spec = { '0': [{ metricName: 's0-a', targetType: 'AverageValue' as const, targetValue: 10 }] };
  const active = { '0': { isActive: true, metrics: [{ metricName: 's0-a', value: 5 }] } };
  const inactive = { '0': { isActive: false, metrics: [{ metricName: 's0-a', value: 0 }] } };

  it('decides an earlier now at the latest time seen, so the cooldown is not stretched', () => {
    const engine = createScalingEngine(makeScaledObject({ cooldownPeriod: 300 }), { metricSpecs: spec });
    engine.decide({ phase: 'poll', now: 100_000, currentReplicas: 1, triggers: active }); // lastActiveTime 100 s
    const back = engine.decide({ phase: 'poll', now: 40_000, currentReplicas: 1, triggers: inactive });
    expect(back.now).toBe(100_000);
    expect(back.explanation.clock).toEqual({ requestedNow: 40_000, usedNow: 100_000 });
    // Measured from 40 s, the cooldown would have had 360 s to run, more than its 300 s.
    expect(back.explanation.executor.cooldown).toEqual({
      period: 'cooldownPeriod',
      since: 100_000,
      endsAt: 400_000,
      remainingMs: 300_000,
    });
    expect(String(back)).toBe(
      'poll: 1 → 1 (Cooldown); inactive; cooldownPeriod ends in 300000 ms; now went back 60000 ms: decided at the latest time seen',
    );
    const later = engine.decide({ phase: 'poll', now: 400_001, currentReplicas: 1, triggers: inactive });
    expect([later.desiredReplicas, later.reason, later.explanation.clock]).toEqual([0, 'ScaledToZero', undefined]);
  });

  it('an active decide at an earlier now does not move lastActiveTime back', () => {
    const engine = createScalingEngine(makeScaledObject(), { metricSpecs: spec });
    engine.decide({ phase: 'poll', now: 100_000, currentReplicas: 1, triggers: active });
    engine.decide({ phase: 'poll', now: 10_000, currentReplicas: 1, triggers: active });
    expect(engine.snapshot().lastActiveTime).toBe(100_000);
  });

  it('a restored engine does not decide before the latest time in its snapshot', () => {
    const first = createScalingEngine(makeScaledObject(), { metricSpecs: spec });
    first.decide({ now: 500_000, currentReplicas: 2, triggers: active });
    const second = createScalingEngine(makeScaledObject(), { metricSpecs: spec });
    second.restore(first.snapshot());
    const decision = second.decide({ now: 1000, currentReplicas: 2, triggers: active });
    expect([decision.now, decision.explanation.clock?.requestedNow]).toEqual([500_000, 1000]);
  });

  it('in any order of times, no cooldown has more than cooldownPeriod left and recorded times never decrease', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            now: fc.integer({ min: 0, max: 1_000_000 }),
            active: fc.boolean(),
            phase: fc.constantFrom<DecisionPhase | undefined>('poll', 'hpa', undefined),
          }),
          { maxLength: 40 },
        ),
        (steps) => {
          const engine = createScalingEngine(makeScaledObject({ cooldownPeriod: 60, maxReplicaCount: 10 }), {
            metricSpecs: spec,
          });
          let replicas = 1;
          let latest = Number.NEGATIVE_INFINITY;
          for (const s of steps) {
            const d = engine.decide({
              ...(s.phase === undefined ? {} : { phase: s.phase }),
              now: s.now,
              currentReplicas: replicas,
              triggers: s.active ? active : inactive,
            });
            expect(d.now).toBe(Math.max(s.now, latest));
            latest = d.now;
            const cooldown = d.explanation.executor.cooldown;
            if (cooldown !== undefined) expect(cooldown.remainingMs).toBeLessThanOrEqual(60_000);
            replicas = d.desiredReplicas;
          }
          const times = engine.snapshot().recommendations.map((r) => r.timestamp);
          expect(times).toEqual([...times].sort((a, b) => a - b));
        },
      ),
      { numRuns: 300 },
    );
  });
});
