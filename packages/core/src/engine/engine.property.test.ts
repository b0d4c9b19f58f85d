import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HpaBehavior } from '../hpa/types.js';
import { createScalingEngine } from './engine.js';
import { makeScaledObject } from './test-factory.js';

const specs = {
  a: [{ metricName: 's0-a', targetType: 'AverageValue' as const, targetValue: 10 }],
  b: [{ metricName: 's1-b', targetType: 'Value' as const, targetValue: 25 }],
};
const step = fc.record({
  dt: fc.integer({ min: 0, max: 120_000 }),
  a: fc.oneof(fc.double({ min: 0, max: 5000, noNaN: true }), fc.constant(-1)),
  b: fc.double({ min: 0, max: 5000, noNaN: true }),
  active: fc.boolean(),
});
const config = fc.record({
  min: fc.integer({ min: 0, max: 5 }),
  span: fc.integer({ min: 0, max: 30 }),
  behavior: fc.constantFrom<HpaBehavior | undefined>(undefined, {}, { scaleDown: { stabilizationWindowSeconds: 0 } }),
  fallback: fc.boolean(),
});

function build(c: { min: number; span: number; behavior: HpaBehavior | undefined; fallback: boolean }) {
  const so = makeScaledObject({
    minReplicaCount: c.min,
    maxReplicaCount: Math.max(c.min, 1) + c.span,
    cooldownPeriod: 60,
    triggers: [{ name: 'a' }, { name: 'b' }],
    ...(c.fallback ? { fallback: { failureThreshold: 1, replicas: 3, behavior: 'static' as const } } : {}),
    ...(c.behavior
      ? { advanced: { restoreToOriginalReplicaCount: false, horizontalPodAutoscalerConfig: { behavior: c.behavior } } }
      : {}),
  });
  return createScalingEngine(so, { metricSpecs: specs });
}

function run(
  engine: ReturnType<typeof build>,
  steps: { dt: number; a: number; b: number; active: boolean }[],
  start = 1,
  startAt = 0,
) {
  let replicas = start;
  let now = startAt;
  const out: number[] = [];
  for (const s of steps) {
    now += s.dt;
    const d = engine.decide({
      now,
      currentReplicas: replicas,
      triggers: {
        a:
          s.a < 0
            ? { isActive: false, error: 'down' }
            : { isActive: s.active, metrics: [{ metricName: 's0-a', value: s.a }] },
        b: { isActive: s.active, metrics: [{ metricName: 's1-b', value: s.b }] },
      },
    });
    out.push(d.desiredReplicas, d.reason.length);
    replicas = d.desiredReplicas;
  }
  return out;
}

describe('engine properties', () => {
  it('never leaves [max(min,1), max] once inside, except at zero / idle', () => {
    fc.assert(
      fc.property(config, fc.array(step, { maxLength: 40 }), (c, steps) => {
        const engine = build(c);
        const max = Math.max(c.min, 1) + c.span;
        let replicas = Math.max(c.min, 1);
        let now = 0;
        for (const s of steps) {
          now += s.dt;
          const d = engine.decide({
            now,
            currentReplicas: replicas,
            triggers: {
              a: { isActive: s.active, metrics: [{ metricName: 's0-a', value: Math.max(s.a, 0) }] },
              b: { isActive: s.active, metrics: [{ metricName: 's1-b', value: s.b }] },
            },
          });
          replicas = d.desiredReplicas;
          if (replicas !== 0) {
            expect(replicas).toBeGreaterThanOrEqual(Math.max(c.min, 1));
            expect(replicas).toBeLessThanOrEqual(max);
          } else expect(c.min).toBe(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic: the same inputs give the same decisions', () => {
    fc.assert(
      fc.property(config, fc.array(step, { maxLength: 30 }), (c, steps) => {
        expect(run(build(c), steps)).toEqual(run(build(c), steps));
      }),
      { numRuns: 150 },
    );
  });

  it('snapshot/restore (through JSON) gives identical subsequent decisions', () => {
    fc.assert(
      fc.property(config, fc.array(step, { maxLength: 20 }), fc.array(step, { maxLength: 20 }), (c, before, after) => {
        const original = build(c);
        run(original, before);
        const restored = build(c);
        restored.restore(JSON.parse(JSON.stringify(original.snapshot())));
        const startAt = before.reduce((t, s) => t + s.dt, 0);
        expect(run(restored, after, 2, startAt)).toEqual(run(original, after, 2, startAt));
        expect(restored.snapshot()).toEqual(original.snapshot());
      }),
      { numRuns: 150 },
    );
  });
});
