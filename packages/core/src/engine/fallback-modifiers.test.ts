import { describe, expect, it } from 'vitest';
import type { Fallback, ScalingModifiers } from '../manifest/types.js';
import type { MetricSpec } from '../types.js';
import { createScalingEngine } from './engine.js';
import { makeScaledObject } from './test-factory.js';

const avg = (name: string, targetValue: number): MetricSpec[] => [
  { metricName: name, targetType: 'AverageValue', targetValue },
];
const ok = (name: string, value: number, isActive = value > 0) => ({
  isActive,
  metrics: [{ metricName: name, value }],
});
const err = { isActive: false, error: new Error('broker down') };
const fallback = (f: Partial<Fallback> = {}): Fallback => ({
  failureThreshold: 2,
  replicas: 6,
  behavior: 'static',
  ...f,
});

describe('fallback (KEDA v2.21 pkg/fallback/fallback.go)', () => {
  it('counts consecutive failures per metric and takes over strictly above the threshold', () => {
    const e = createScalingEngine(makeScaledObject({ fallback: fallback() }), {
      metricSpecs: { '0': avg('s0-q', 10) },
    });
    const decide = (now: number, obs: object) => e.decide({ now, currentReplicas: 2, triggers: { '0': obs as never } });
    expect(decide(0, err)).toMatchObject({ fallbackActive: false, reason: 'FallbackWaiting', desiredReplicas: 2 });
    expect(decide(1, err)).toMatchObject({ fallbackActive: false, desiredReplicas: 2 });
    const third = decide(2, err); // 3 > 2
    expect(third).toMatchObject({ fallbackActive: true, isActive: true, isError: false, desiredReplicas: 4 }); // legacy ×2 limit
    expect(third.explanation.hpa.metrics[0]).toMatchObject({ value: 60, fallback: true, proposedReplicas: 6 });
    expect(third.explanation.triggers[0]?.fallback).toEqual([{ metricName: 's0-q', failures: 3, active: true }]);
    // one success resets the counter
    decide(3, ok('s0-q', 10));
    expect(e.snapshot().failureCounts).toEqual({ 's0-q': 0 });
    expect(decide(4, err).fallbackActive).toBe(false);
  });

  it.each([
    ['static', 3, 6],
    ['currentReplicas', 3, 3],
    ['currentReplicasIfHigher', 3, 6],
    ['currentReplicasIfHigher', 8, 8],
    ['currentReplicasIfLower', 3, 3],
    ['currentReplicasIfLower', 8, 6],
  ] as const)('behavior %s at current %d aims for %d', (behavior, current, expected) => {
    const so = makeScaledObject({ fallback: fallback({ failureThreshold: 0, behavior }) });
    const e = createScalingEngine(so, { metricSpecs: { '0': avg('s0-q', 5) } });
    const d = e.decide({ now: 0, currentReplicas: current, triggers: { '0': err } });
    expect(d.explanation.hpa.metrics[0]?.proposedReplicas).toBe(expected);
    expect(d.explanation.fallback).toMatchObject({ active: true, behavior, replicas: expected });
  });

  it('Value metrics divide R by the ready pods so the HPA lands on R; no ready pods → invalid', () => {
    const so = makeScaledObject({ fallback: fallback({ failureThreshold: 0 }) });
    const specs = { '0': [{ metricName: 's0-q', targetType: 'Value' as const, targetValue: 10 }] };
    const d = createScalingEngine(so, { metricSpecs: specs }).decide({
      now: 0,
      currentReplicas: 3,
      readyReplicas: 3,
      triggers: { '0': err },
    });
    expect(d.explanation.hpa.metrics[0]).toMatchObject({ value: 20, proposedReplicas: 6 });
    const none = createScalingEngine(so, { metricSpecs: specs }).decide({
      now: 0,
      currentReplicas: 3,
      readyReplicas: 0,
      triggers: { '0': err },
    });
    expect(none.explanation.hpa.metrics[0]?.invalid).toMatch(/ready pods/);
    expect(none.desiredReplicas).toBe(3);
  });

  it('activates from zero once over the threshold (TestFallbackFromZero)', () => {
    const e = createScalingEngine(makeScaledObject({ fallback: fallback({ failureThreshold: 0 }) }), {
      metricSpecs: { '0': avg('s0-q', 5) },
    });
    expect(e.decide({ now: 0, currentReplicas: 0, triggers: { '0': err } })).toMatchObject({
      desiredReplicas: 1,
      reason: 'ScaledFromZero',
    });
  });

  it('fallback.replicas 0 lets an erroring inactive object scale in normally', () => {
    const so = makeScaledObject({ fallback: fallback({ replicas: 0, failureThreshold: 5 }) });
    const d = createScalingEngine(so, { metricSpecs: { '0': avg('s0-q', 5) } }).decide({
      now: 1,
      currentReplicas: 2,
      triggers: { '0': err },
    });
    expect(d).toMatchObject({ desiredReplicas: 0, reason: 'ScaledToZero' });
  });

  it('fallbackFailuresPerDecision 2 models a poll plus an HPA fetch per decide', () => {
    const so = makeScaledObject({ fallback: fallback({ failureThreshold: 3 }) });
    const e = createScalingEngine(so, { metricSpecs: { '0': avg('s0-q', 5) }, fallbackFailuresPerDecision: 2 });
    expect(e.decide({ now: 0, currentReplicas: 2, triggers: { '0': err } }).fallbackActive).toBe(false);
    expect(e.decide({ now: 1, currentReplicas: 2, triggers: { '0': err } }).fallbackActive).toBe(true);
  });
});

const modifiers = (
  m: Partial<ScalingModifiers>,
): { restoreToOriginalReplicaCount: false; scalingModifiers: ScalingModifiers } => ({
  restoreToOriginalReplicaCount: false,
  scalingModifiers: { metricType: 'AverageValue', ...m },
});

describe('scalingModifiers (KEDA v2.21 pkg/scaling/modifiers/formula.go)', () => {
  const triggers = [{ name: 'a' }, { name: 'b' }];
  const specs = { a: avg('s0-a', 1), b: avg('s1-b', 1) };

  it('feeds the composite metric to the HPA and decides activity with composite > activationTarget (strict)', () => {
    const so = makeScaledObject({
      triggers,
      advanced: modifiers({ formula: 'a + b', target: '5', activationTarget: '10' }),
    });
    const e = createScalingEngine(so, { metricSpecs: specs });
    const at10 = e.decide({
      now: 0,
      currentReplicas: 2,
      triggers: { a: ok('s0-a', 4, false), b: ok('s1-b', 6, false) },
    });
    expect(at10.isActive).toBe(false);
    expect(at10.explanation.activity.composite).toMatchObject({ value: 10, activationTarget: 10 });
    expect(at10.explanation.hpa.metrics).toHaveLength(1);
    expect(at10.explanation.hpa.metrics[0]).toMatchObject({
      metricName: 'composite-metric',
      value: 10,
      proposedReplicas: 2,
    });
    const e2 = createScalingEngine(so, { metricSpecs: specs });
    expect(e2.decide({ now: 0, currentReplicas: 0, triggers: { a: ok('s0-a', 4), b: ok('s1-b', 6.5) } }).isActive).toBe(
      true,
    );
  });

  it('any trigger error makes the object inactive and the composite invalid', () => {
    const so = makeScaledObject({ triggers, advanced: modifiers({ formula: 'a + b', target: '5' }) });
    const d = createScalingEngine(so, { metricSpecs: specs }).decide({
      now: 0,
      currentReplicas: 2,
      triggers: { a: ok('s0-a', 40), b: err },
    });
    expect([d.isActive, d.isError, d.reason]).toEqual([false, true, 'TriggerErrorHoldsScaleIn']);
    expect(d.explanation.hpa.metrics[0]?.invalid).toBe('broker down');
  });

  it('fallback behavior scalingModifiers binds failed triggers to nil for ?? (primary ?? secondary ?? 8)', () => {
    const so = makeScaledObject({
      triggers: [{ name: 'primary' }, { name: 'secondary' }],
      fallback: fallback({ failureThreshold: 0, behavior: 'scalingModifiers' }),
      advanced: modifiers({ formula: 'primary ?? secondary ?? 8', target: '2' }),
    });
    const e = createScalingEngine(so, { metricSpecs: { primary: avg('s0-p', 1), secondary: avg('s1-s', 1) } });
    const d = e.decide({ now: 0, currentReplicas: 2, triggers: { primary: err, secondary: ok('s1-s', 12) } });
    expect(d.explanation.activity.composite?.value).toBe(12);
    expect(d.explanation.hpa.metrics[0]?.proposedReplicas).toBe(6);
    const both = e.decide({ now: 1, currentReplicas: 2, triggers: { primary: err, secondary: err } });
    expect(both.explanation.activity.composite?.value).toBe(8);
  });

  describe('fallback behavior scalingModifiers (KEDA v2.21 fallback.go GetMetricsWithFallback, modifiers/formula.go)', () => {
    const so = (formula: string, f: Partial<Fallback> = {}, target = '2') =>
      makeScaledObject({
        triggers: [{ name: 'primary' }, { name: 'secondary' }],
        fallback: fallback({ failureThreshold: 1, replicas: 5, behavior: 'scalingModifiers', ...f }),
        advanced: modifiers({ formula, target }),
      });
    const metricSpecs = { primary: avg('s0-p', 1), secondary: avg('s1-s', 1) };

    it('a trigger at or under its failure threshold is an error: the object errs and has no composite', () => {
      const e = createScalingEngine(so('primary ?? secondary ?? 8'), { metricSpecs });
      const d = e.decide({ now: 0, currentReplicas: 2, triggers: { primary: err, secondary: ok('s1-s', 12) } });
      expect([d.isError, d.isActive, d.explanation.activity.composite?.value]).toEqual([true, false, undefined]);
      expect(d.explanation.hpa.metrics[0]?.invalid).toBe('broker down');
    });

    it('past the threshold the trigger is nil: ?? falls through, the object neither errs nor is in fallback', () => {
      const e = createScalingEngine(so('primary ?? secondary ?? 8'), { metricSpecs });
      e.decide({ now: 0, currentReplicas: 2, triggers: { primary: err, secondary: ok('s1-s', 12) } });
      const d = e.decide({ now: 1, currentReplicas: 2, triggers: { primary: err, secondary: ok('s1-s', 12) } });
      expect([d.isError, d.isActive, d.fallbackActive]).toEqual([false, true, false]);
      expect(d.explanation.activity.composite?.value).toBe(12);
      expect(d.explanation.triggers[0]?.fallback).toEqual([{ metricName: 's0-p', failures: 2, active: true }]);
      // one success brings the trigger back into the formula
      const back = e.decide({
        now: 2,
        currentReplicas: 2,
        triggers: { primary: ok('s0-p', 3), secondary: ok('s1-s', 12) },
      });
      expect(back.explanation.activity.composite?.value).toBe(3);
    });

    it('predicates see the nil: count([primary, secondary], # != nil) counts the healthy triggers', () => {
      const e = createScalingEngine(so('count([primary, secondary], # != nil) * 10', { failureThreshold: 0 }), {
        metricSpecs,
      });
      const d = e.decide({ now: 0, currentReplicas: 2, triggers: { primary: err, secondary: ok('s1-s', 1) } });
      expect(d.explanation.activity.composite?.value).toBe(10);
    });

    it('a formula that does not handle the nil fails: no composite for the HPA, inactive, not an object error', () => {
      const e = createScalingEngine(so('primary + secondary', { failureThreshold: 0 }), { metricSpecs });
      const d = e.decide({ now: 0, currentReplicas: 2, triggers: { primary: err, secondary: ok('s1-s', 12) } });
      expect([d.isError, d.isActive]).toEqual([false, false]);
      expect(d.explanation.activity.composite?.error).toBe(
        'scalingModifiers.formula "primary + secondary" failed: invalid operation: <nil> + float64',
      );
      expect(d.explanation.hpa.metrics[0]?.invalid).toMatch(/<nil> \+ float64/);
    });

    it('a nil result takes fallback.replicas × target, even from a fallback KEDA deems invalid', () => {
      const both = { primary: err, secondary: err };
      const e = createScalingEngine(so('primary ?? secondary', { failureThreshold: 0 }), { metricSpecs });
      expect(e.decide({ now: 0, currentReplicas: 2, triggers: both }).explanation.activity.composite?.value).toBe(10);
      // target 2.5 is no integer, so HasValidFallback fails: failures are not counted (an error), but a formula
      // that yields nil on healthy triggers still gets Fallback.Replicas × target (scalingModifiersFallbackTarget)
      const invalid = createScalingEngine(so('primary > 100 ? primary : nil ?? nil', {}, '2.5'), { metricSpecs });
      const d = invalid.decide({
        now: 0,
        currentReplicas: 2,
        triggers: { primary: ok('s0-p', 1), secondary: ok('s1-s', 1) },
      });
      expect(d.explanation.activity.composite?.value).toBe(12.5);
    });
  });

  it('a non-scalingModifiers fallback emits target × R as the composite', () => {
    const so = makeScaledObject({
      triggers,
      fallback: fallback({ failureThreshold: 0, replicas: 3 }),
      advanced: modifiers({ formula: 'a + b', target: '4' }),
    });
    const d = createScalingEngine(so, { metricSpecs: specs }).decide({
      now: 0,
      currentReplicas: 2,
      triggers: { a: err, b: ok('s1-b', 1) },
    });
    expect(d.explanation.hpa.metrics[0]).toMatchObject({ value: 12, fallback: true, proposedReplicas: 3 });
    expect(d.fallbackActive).toBe(true);
  });

  it('refuses bad modifiers at creation with the field named', () => {
    const make = (m: Partial<ScalingModifiers>) => () =>
      createScalingEngine(makeScaledObject({ triggers, advanced: modifiers(m) }), { metricSpecs: specs });
    expect(make({ formula: 'a', target: '0' })).toThrow(/"target" must be a number > 0/);
    expect(make({ target: '1' })).toThrow(/"formula" is mandatory/);
    expect(make({ formula: 'a + c', target: '1' })).toThrow(/unknown variable "c"/);
    expect(make({ formula: 'a', target: '1', activationTarget: 'x' })).toThrow(/"activationTarget" must be a number/);
  });
});
