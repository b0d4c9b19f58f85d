import { describe, expect, it } from 'vitest';
import type { MetricSpec } from '../types.js';
import { createScalingEngine } from './engine.js';
import { makeScaledObject } from './test-factory.js';

const S = 1000;
const spec = (
  name = 's0-test',
  targetValue = 10,
  targetType: MetricSpec['targetType'] = 'AverageValue',
): MetricSpec[] => [{ metricName: name, targetType, targetValue }];
const obs = (value: number, isActive = value > 0, name = 's0-test') => ({
  isActive,
  metrics: [{ metricName: name, value }],
});
const err = (message = 'boom') => ({ isActive: false, error: new Error(message) });

describe('executor: activation, cooldown, scale to zero', () => {
  it('activates from 0 to max(min,1) and leaves 1..N to the HPA', () => {
    const e = createScalingEngine(makeScaledObject(), { metricSpecs: { '0': spec() } });
    const d = e.decide({ now: 0, currentReplicas: 0, triggers: { '0': obs(50) } });
    expect([d.desiredReplicas, d.reason, d.isActive]).toEqual([1, 'ScaledFromZero', true]);
    const d2 = e.decide({ now: 30 * S, currentReplicas: 1, triggers: { '0': obs(50) } });
    expect([d2.desiredReplicas, d2.reason]).toEqual([4, 'Hpa']); // legacy: max(2·1, 4) = 4
  });

  it('activates to minReplicaCount when it is above 0', () => {
    const e = createScalingEngine(makeScaledObject({ minReplicaCount: 3 }), { metricSpecs: { '0': spec() } });
    expect(e.decide({ now: 0, currentReplicas: 0, triggers: { '0': obs(1) } }).desiredReplicas).toBe(3);
  });

  it('scales to zero only once lastActiveTime + cooldownPeriod is strictly before now', () => {
    const e = createScalingEngine(makeScaledObject({ cooldownPeriod: 60 }), { metricSpecs: { '0': spec() } });
    e.decide({ now: 0, currentReplicas: 1, triggers: { '0': obs(5) } }); // active → lastActiveTime 0
    const at = (now: number) => e.decide({ now, currentReplicas: 1, triggers: { '0': obs(0) } });
    const waiting = at(60 * S);
    expect([waiting.desiredReplicas, waiting.reason]).toEqual([1, 'Cooldown']);
    expect(waiting.explanation.executor.cooldown).toEqual({
      period: 'cooldownPeriod',
      since: 0,
      endsAt: 60 * S,
      remainingMs: 0,
    });
    expect([at(60 * S + 1).desiredReplicas, at(60 * S + 1).reason]).toEqual([0, 'ScaledToZero']);
  });

  it('a never-active object scales in after initialCooldownPeriod from createdAt (default 0: first poll)', () => {
    const e = createScalingEngine(makeScaledObject(), { metricSpecs: { '0': spec() }, createdAt: 0 });
    expect(e.decide({ now: 1, currentReplicas: 2, triggers: { '0': obs(0) } }).desiredReplicas).toBe(0);
    const e2 = createScalingEngine(makeScaledObject({ initialCooldownPeriod: 120 }), {
      metricSpecs: { '0': spec() },
      createdAt: 1000,
    });
    expect(e2.decide({ now: 121 * S, currentReplicas: 2, triggers: { '0': obs(0) } }).reason).toBe('Cooldown');
    expect(e2.decide({ now: 121 * S + 1, currentReplicas: 2, triggers: { '0': obs(0) } }).reason).toBe('ScaledToZero');
  });

  it('an active trigger with a partial error does not refresh lastActiveTime', () => {
    const so = makeScaledObject({ cooldownPeriod: 10, triggers: [{ name: 'a' }, { name: 'b' }] });
    const e = createScalingEngine(so, { metricSpecs: { a: spec('s0-a'), b: spec('s1-b') } });
    e.decide({ now: 0, currentReplicas: 1, triggers: { a: obs(5, true, 's0-a'), b: obs(5, true, 's1-b') } });
    const partial = e.decide({ now: 100 * S, currentReplicas: 1, triggers: { a: obs(5, true, 's0-a'), b: err() } });
    expect(partial.explanation.executor).toMatchObject({ partialTriggerError: true, lastActiveTime: 0 });
    // errors alone (no fallback) block scale-in
    const blocked = e.decide({ now: 200 * S, currentReplicas: 1, triggers: { a: obs(0, false, 's0-a'), b: err() } });
    expect([blocked.desiredReplicas, blocked.reason]).toEqual([1, 'TriggerErrorHoldsScaleIn']);
    const inactive = e.decide({
      now: 201 * S,
      currentReplicas: 1,
      triggers: { a: obs(0, false, 's0-a'), b: obs(0, false, 's1-b') },
    });
    expect(inactive.reason).toBe('ScaledToZero');
  });

  it('raises to minReplicaCount while inactive (no idle)', () => {
    const e = createScalingEngine(makeScaledObject({ minReplicaCount: 2 }), { metricSpecs: { '0': spec() } });
    const d = e.decide({ now: 0, currentReplicas: 1, triggers: { '0': obs(0) } });
    expect([d.desiredReplicas, d.reason]).toEqual([2, 'BelowMinimum']);
  });

  it('idle mode scales to idleReplicaCount after cooldown and activates back to min', () => {
    const so = makeScaledObject({ minReplicaCount: 2, idleReplicaCount: 0, cooldownPeriod: 0 });
    const e = createScalingEngine(so, { metricSpecs: { '0': spec() } });
    expect(e.decide({ now: 1, currentReplicas: 3, triggers: { '0': obs(0) } })).toMatchObject({
      desiredReplicas: 0,
      reason: 'ScaledToIdle',
    });
    expect(e.decide({ now: 2, currentReplicas: 0, triggers: { '0': obs(9) } })).toMatchObject({
      desiredReplicas: 2,
      reason: 'ScaledFromZero',
    });
  });
});

describe('pause annotations', () => {
  it('paused keeps the current count; paused-replicas holds that count', () => {
    const e = createScalingEngine(makeScaledObject({}, { paused: true }), { metricSpecs: { '0': spec() } });
    expect(e.decide({ now: 0, currentReplicas: 4, triggers: { '0': obs(99) } })).toMatchObject({
      desiredReplicas: 4,
      paused: true,
      reason: 'Paused',
    });
    const e2 = createScalingEngine(makeScaledObject({}, { paused: true, pausedReplicas: 7 }), {
      metricSpecs: { '0': spec() },
    });
    expect(e2.decide({ now: 0, currentReplicas: 4, triggers: {} })).toMatchObject({
      desiredReplicas: 7,
      paused: true,
      reason: 'PausedReplicas',
    });
  });
  it('paused-scale-out blocks activation; paused-scale-in blocks scale to zero', () => {
    const out = createScalingEngine(makeScaledObject({}, { pausedScaleOut: true }), { metricSpecs: { '0': spec() } });
    expect(out.decide({ now: 0, currentReplicas: 0, triggers: { '0': obs(9) } })).toMatchObject({
      desiredReplicas: 0,
      reason: 'PausedScaleOut',
      isActive: true,
    });
    const inn = createScalingEngine(makeScaledObject({}, { pausedScaleIn: true }), { metricSpecs: { '0': spec() } });
    expect(inn.decide({ now: 10, currentReplicas: 1, triggers: { '0': obs(0) } })).toMatchObject({
      desiredReplicas: 1,
      reason: 'PausedScaleIn',
    });
  });
  it('force-activation activates without active triggers', () => {
    const e = createScalingEngine(makeScaledObject({}, { forceActivation: true }), { metricSpecs: { '0': spec() } });
    expect(e.decide({ now: 0, currentReplicas: 0, triggers: { '0': obs(0) } })).toMatchObject({
      desiredReplicas: 1,
      isActive: true,
    });
  });
});

describe('snapshot / restore', () => {
  it('round-trips through JSON and keeps the stabilization window', () => {
    const so = makeScaledObject({
      advanced: { restoreToOriginalReplicaCount: false, horizontalPodAutoscalerConfig: { behavior: {} } },
    });
    const a = createScalingEngine(so, { metricSpecs: { '0': spec() } });
    a.decide({ now: 0, currentReplicas: 5, triggers: { '0': obs(50) } });
    const b = createScalingEngine(so, { metricSpecs: { '0': spec() } });
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    const input = { now: 60 * S, currentReplicas: 5, triggers: { '0': obs(10) } };
    const da = a.decide(input);
    const db = b.decide(input);
    expect(db.desiredReplicas).toBe(da.desiredReplicas);
    expect(da.desiredReplicas).toBe(5); // the 300 s scale-down window holds 5
    expect(b.snapshot()).toEqual(a.snapshot());
  });
});
