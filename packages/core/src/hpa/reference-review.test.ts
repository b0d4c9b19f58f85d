// Second review of the HPA arithmetic against Kubernetes v1.33 (pkg/controller/podautoscaler/horizontal.go and
// replica_calculator.go, pkg/apis/autoscaling/v2/defaults.go), written independently
// of the first test files: one table per rule, derived by hand from the pseudocode and the "easily missed
// details", plus the input shapes a harness replaying Kubernetes' Go test vectors is likely to send
// (ms timestamps relative to `now`, entries exactly at a window edge, `null` for Go nil, int64 strings).
import { describe, expect, it } from 'vitest';
import { ScalerError } from '../errors.js';
import { hpa } from './index.js';
import type { HpaBehavior, NormalizeInput, ScaleEvent } from './types.js';

const NOW = 1_700_000_000_000;
const S = 1000;
const ago = (seconds: number) => NOW - seconds * S;
const MAX_INT32 = 2147483647;

function norm(partial: Partial<NormalizeInput> & Pick<NormalizeInput, 'currentReplicas' | 'desiredReplicas'>) {
  return hpa.normalize({ now: NOW, minReplicas: 1, maxReplicas: 1000, recommendations: [], ...partial });
}

/** A rules object the way horizontal_test.go's generateScalingRules builds one (zero values omit a policy). */
function rules(pods: number, podsPeriod: number, percent: number, percentPeriod: number, window: number) {
  const policies: { type: 'Pods' | 'Percent'; value: number; periodSeconds: number }[] = [];
  if (pods !== 0) policies.push({ type: 'Pods', value: pods, periodSeconds: podsPeriod });
  if (percent !== 0) policies.push({ type: 'Percent', value: percent, periodSeconds: percentPeriod });
  return { stabilizationWindowSeconds: window, selectPolicy: 'Max' as const, policies };
}

/** generateEventsUniformDistribution: event i sits at `period - seg*i - seg/2` seconds ago (whole seconds). */
function uniformEvents(changes: number[], periodSeconds: number): ScaleEvent[] {
  const seg = periodSeconds / changes.length;
  return changes.map((replicaChange, i) => ({
    replicaChange,
    timestamp: ago(Math.trunc(periodSeconds - seg * i - seg / 2)),
  }));
}

describe('replicasForValue: every branch of GetExternalMetricReplicas', () => {
  const table: Array<[string, Parameters<typeof hpa.replicasForValue>[0], number, number]> = [
    // [name, input, replicas, usage]
    [
      'within tolerance keeps spec replicas, ready pods ignored',
      { currentReplicas: 5, readyReplicas: 1, metricValue: 10.5, targetValue: 10 },
      5,
      10.5,
    ],
    [
      'outside: ceil(ratio × ready), not × current',
      { currentReplicas: 5, readyReplicas: 2, metricValue: 30, targetValue: 10 },
      6,
      30,
    ],
    [
      'readyReplicas null means "not given" → current',
      { currentReplicas: 2, readyReplicas: null, metricValue: 30, targetValue: 10 },
      6,
      30,
    ],
    [
      'readyReplicas 0 outside tolerance → 0 (a valid proposal)',
      { currentReplicas: 4, readyReplicas: 0, metricValue: 99, targetValue: 10 },
      0,
      99,
    ],
    ['metricValue 0 → ratio 0 → 0 replicas', { currentReplicas: 3, metricValue: 0, targetValue: 10 }, 0, 0],
    [
      'from zero: ceil(ratio) with no tolerance and no ready count',
      { currentReplicas: 0, readyReplicas: 7, metricValue: 10, targetValue: 10 },
      1,
      10,
    ],
    ['from zero: 0.01 → 1', { currentReplicas: 0, metricValue: 0.1, targetValue: 10 }, 1, 0.1],
    [
      'negative values are summed as Go sums them (no cap on the Value path)',
      { currentReplicas: 1, metricValue: [-5, 15], targetValue: 10 },
      1,
      10,
    ],
    [
      'milli rounding up: 1.0001 is 1001m, ratio 1.001 within',
      { currentReplicas: 3, metricValue: 1.0001, targetValue: 1 },
      3,
      1.001,
    ],
    [
      'int64 string input (a Go test vector)',
      { currentReplicas: '3', readyReplicas: '3', metricValue: '8600', targetValue: '4400' },
      6,
      8600,
    ],
    [
      'Kubernetes quantity strings: 1500m against 1',
      { currentReplicas: 2, metricValue: '1500m', targetValue: '1' },
      3,
      1.5,
    ],
    ['bigint input', { currentReplicas: 2n, metricValue: 30n, targetValue: 10n }, 6, 30],
    [
      'ratio exactly 1 − scaleDown is within (inclusive)',
      { currentReplicas: 10, metricValue: 80, targetValue: 100, tolerance: { scaleDown: 0.2 } },
      10,
      80,
    ],
    [
      'ratio just below 1 − scaleDown scales',
      { currentReplicas: 10, metricValue: 79.9, targetValue: 100, tolerance: { scaleDown: 0.2 } },
      8,
      79.9,
    ],
    [
      'tolerance as Go positional [scaleDown, scaleUp]',
      { currentReplicas: 10, metricValue: 140, targetValue: 100, tolerance: [0, 0.5] },
      10,
      140,
    ],
    [
      'tolerance [scaleDown, scaleUp]: down part applies to ratios below 1',
      { currentReplicas: 10, metricValue: 90, targetValue: 100, tolerance: [0, 0.5] },
      9,
      90,
    ],
    ['tolerance string "0.5"', { currentReplicas: 10, metricValue: 140, targetValue: 100, tolerance: '0.5' }, 10, 140],
    ['tolerance null → 0.1', { currentReplicas: 10, metricValue: 111, targetValue: 100, tolerance: null }, 12, 111],
    [
      'tolerance { scaleUp: null } → 0.1 for that part',
      { currentReplicas: 10, metricValue: 111, targetValue: 100, tolerance: { scaleUp: null, scaleDown: 0 } },
      12,
      111,
    ],
  ];
  it.each(table)('%s', (_name, input, replicas, usage) => {
    const r = hpa.replicasForValue(input);
    expect([r.replicas, r.usage]).toEqual([replicas, usage]);
  });

  it('never returns -0 (a negative ratio rounds up to 0, not -0)', () => {
    const r = hpa.replicasForValue({ currentReplicas: 0, metricValue: -5, targetValue: 10 });
    expect(Object.is(r.replicas, 0)).toBe(true);
    const ready = hpa.replicasForValue({ currentReplicas: 3, readyReplicas: 1, metricValue: -5, targetValue: 10 });
    expect(Object.is(ready.replicas, 0)).toBe(true);
  });

  it('caps the sum at MaxInt64 before it overflows and clamps replicas to MaxInt32 (RC-new)', () => {
    // 9e15 units = 9e18 milli each; the second addition would pass 2^63.
    const r = hpa.replicasForValue({ currentReplicas: 1, metricValue: [9e15, 9e15], targetValue: 1 });
    expect(r.usage).toBe(2 ** 63 / 1000);
    expect(r.replicas).toBe(MAX_INT32);
  });

  it('from zero there is no MaxInt32 clamp (the overflow caps of replica_calculator.go)', () => {
    const r = hpa.replicasForValue({ currentReplicas: 0, metricValue: 1e13, targetValue: 1 });
    expect(r.replicas).toBe(1e13);
  });
});

describe('replicasForAverageValue: every branch of GetExternalPerPodMetricReplicas', () => {
  const table: Array<[string, Parameters<typeof hpa.replicasForAverageValue>[0], number, number]> = [
    [
      'outside: ceil(total / target), independent of replicas',
      { currentReplicas: 2, metricValue: 95, targetAverageValue: 10 },
      10,
      47.5,
    ],
    [
      'within: keeps STATUS replicas (surge 5 of spec 4 stays 5)',
      { currentReplicas: 5, metricValue: 52, targetAverageValue: 10 },
      5,
      10.4,
    ],
    ['ratio exactly 0.9 within', { currentReplicas: 10, metricValue: 90, targetAverageValue: 10 }, 10, 9],
    [
      'reported average rounds up in milli: ceil(8600m / 3) = 2867m',
      { currentReplicas: 3, metricValue: 8.6, targetAverageValue: 2.15 },
      4,
      2.867,
    ],
    [
      'status 0: ratio +Inf is never within → ceil(total / target)',
      { currentReplicas: 0, metricValue: 25, targetAverageValue: 10 },
      3,
      25,
    ],
    ['status 0 and usage 0: NaN ratio → 0', { currentReplicas: 0, metricValue: 0, targetAverageValue: 10 }, 0, 0],
    ['series are summed', { currentReplicas: 1, metricValue: [10, 20, '30'], targetAverageValue: 20 }, 3, 60],
    [
      'tolerance 0: 1.01 scales',
      { currentReplicas: 10, metricValue: 101, targetAverageValue: 10, tolerance: 0 },
      11,
      10.1,
    ],
  ];
  it.each(table)('%s', (_name, input, replicas, usage) => {
    const r = hpa.replicasForAverageValue(input);
    expect([r.replicas, r.usage]).toEqual([replicas, usage]);
  });

  it('a sum that wraps past MaxInt64 is capped, the average reported as MaxInt64', () => {
    const r = hpa.replicasForAverageValue({
      currentReplicas: 2,
      metricValue: ['9223372036854775.807', '9223372036854775.807'],
      targetAverageValue: 1,
    });
    expect(r.replicas).toBe(MAX_INT32);
    expect(r.usage).toBe(2 ** 63 / 1000);
  });

  it('a sum that goes negative is capped at MaxInt64 (the per-pod guard checks the sign after adding)', () => {
    const r = hpa.replicasForAverageValue({ currentReplicas: 2, metricValue: [-1], targetAverageValue: 1 });
    expect([r.replicas, r.usage]).toEqual([MAX_INT32, 2 ** 63 / 1000]);
  });
});

describe('replica functions refuse bad input with a clear error, never a TypeError', () => {
  const bad: Array<[string, () => unknown, RegExp]> = [
    ['no argument', () => hpa.replicasForValue(undefined as never), /argument must be an object/],
    ['null argument', () => hpa.replicasForAverageValue(null as never), /argument must be an object/],
    [
      'metricValue object',
      () => hpa.replicasForValue({ currentReplicas: 1, metricValue: {} as never, targetValue: 1 }),
      /"metricValue" must be a finite number/,
    ],
    [
      'metricValue series item',
      () => hpa.replicasForAverageValue({ currentReplicas: 1, metricValue: [1, 'x'], targetAverageValue: 1 }),
      /"metricValue\[1\]"/,
    ],
    [
      'targetValue "abc"',
      () => hpa.replicasForValue({ currentReplicas: 1, metricValue: 1, targetValue: 'abc' }),
      /"targetValue" must be a number > 0, got "abc"/,
    ],
    [
      'tolerance array of 3',
      () => hpa.replicasForValue({ currentReplicas: 1, metricValue: 1, targetValue: 1, tolerance: [1, 2, 3] as never }),
      /\[scaleDown, scaleUp\]/,
    ],
    [
      'tolerance.scaleDown negative',
      () => hpa.replicasForValue({ currentReplicas: 1, metricValue: 1, targetValue: 1, tolerance: { scaleDown: -1 } }),
      /"tolerance.scaleDown" must be a number >= 0/,
    ],
    [
      'Infinity',
      () => hpa.replicasForValue({ currentReplicas: 1, metricValue: Number.POSITIVE_INFINITY, targetValue: 1 }),
      /"metricValue"/,
    ],
  ];
  it.each(bad)('%s', (_name, call, message) => {
    let thrown: unknown;
    try {
      call();
    } catch (e) {
      thrown = e;
    }
    expect(ScalerError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('legacy normalizeDesiredReplicas (no behavior): convertDesiredReplicasWithRules with factor 2 / minimum 4', () => {
  // [name, current, desired, min, max, replicas, reason]
  const table: Array<[string, number, number, number, number, number, string]> = [
    ['prenormalized within range', 5, 7, 3, 8, 7, 'DesiredWithinRange'],
    ['below min → min', 3, 1, 2, 8, 2, 'TooFewReplicas'],
    ['zero within range when min is 0', 1, 0, 0, 10, 0, 'DesiredWithinRange'],
    ['max below the ×2 limit → TooManyReplicas', 20, 1000, 1, 10, 10, 'TooManyReplicas'],
    ['desired above max', 100, 1000, 100, 150, 150, 'TooManyReplicas'],
    ['×2 limit below max → ScaleUpLimit', 3, 100, 1, 1000, 6, 'ScaleUpLimit'],
    ['+4 minimum when ×2 is smaller', 1, 100, 1, 1000, 4, 'ScaleUpLimit'],
    ['max equal to the limit is TooManyReplicas (strict >)', 3, 100, 1, 6, 6, 'TooManyReplicas'],
    ['max one above the limit is ScaleUpLimit', 3, 100, 1, 7, 6, 'ScaleUpLimit'],
    ['desired equal to the limit is within range', 3, 6, 1, 100, 6, 'DesiredWithinRange'],
    ['from 0 the limit is 4', 0, 10, 0, 100, 4, 'ScaleUpLimit'],
  ];
  it.each(table)('%s', (_name, current, desired, min, max, replicas, reason) => {
    const r = norm({ currentReplicas: current, desiredReplicas: desired, minReplicas: min, maxReplicas: max });
    expect([r.replicas, r.reason]).toEqual([replicas, reason]);
  });

  it('horizontal_test.go runs with scaleUpLimitFactor 8: calculateScaleUpLimit(3) = 24', () => {
    const r = norm({ currentReplicas: 3, desiredReplicas: 100, legacy: { scaleUpLimitFactor: 8 } });
    expect([r.replicas, r.reason, r.scaleLimit]).toEqual([24, 'ScaleUpLimit', 24]);
  });

  it('the limit is int32(max(factor·current, minimum)): 1.5 × 3 = 4.5 → 4', () => {
    expect(
      norm({ currentReplicas: 3, desiredReplicas: 100, legacy: { scaleUpLimitFactor: 1.5, scaleUpLimitMinimum: 0 } })
        .replicas,
    ).toBe(4);
  });

  it('downscale stabilization: the max over the window INCLUDING an entry at exactly 300 s (Go: !Before(cutoff))', () => {
    const recommendations = [
      { timestamp: ago(301), replicas: 9 }, // older: not counted
      { timestamp: ago(300), replicas: 7 }, // at the cutoff: counted
      { timestamp: ago(100), replicas: 5 },
    ];
    const r = norm({ currentReplicas: 8, desiredReplicas: 2, recommendations });
    expect([r.replicas, r.stabilizedReplicas, r.stabilizationReason]).toEqual([7, 7, 'ScaleDownStabilized']);
    // The slot of the LAST older entry (index 0) is reused for the raw proposal.
    expect(r.recommendations).toEqual([
      { timestamp: NOW, replicas: 2 },
      { timestamp: ago(300), replicas: 7 },
      { timestamp: ago(100), replicas: 5 },
    ]);
  });

  it('a scale-up is never delayed by the downscale window', () => {
    const r = norm({ currentReplicas: 2, desiredReplicas: 4, recommendations: [{ timestamp: ago(10), replicas: 1 }] });
    expect([r.replicas, r.reason]).toEqual([4, 'DesiredWithinRange']);
  });

  it('TooFewReplicas wins over the stabilized value below min', () => {
    const r = norm({ currentReplicas: 5, desiredReplicas: 1, minReplicas: 3, recommendations: null as never });
    expect([r.replicas, r.reason]).toEqual([3, 'TooFewReplicas']);
  });

  it('legacy: null and legacy fields null take the defaults', () => {
    const r = norm({
      currentReplicas: 3,
      desiredReplicas: 100,
      legacy: { scaleUpLimitFactor: null, scaleUpLimitMinimum: null } as never,
    });
    expect(r.replicas).toBe(6);
    expect(norm({ currentReplicas: 3, desiredReplicas: 100, legacy: null as never }).replicas).toBe(6);
  });
});

describe('stabilization: TestNormalizeDesiredReplicasWithBehavior rows through hpa.normalize (unset windows → 0 up / 300 down)', () => {
  const m = (minutes: number) => ago(minutes * 60);
  // [name, recommendations, current, desired, upWindow, downWindow, expected stabilized]
  const table: Array<
    [string, Array<[number, number]>, number, number, number | undefined, number | undefined, number]
  > = [
    ['empty recommendations for scaling down', [], 100, 5, undefined, undefined, 5],
    [
      'simple scale down stabilization',
      [
        [4, m(2)],
        [5, m(1)],
      ],
      100,
      3,
      undefined,
      180,
      5,
    ],
    [
      'simple scale up stabilization',
      [
        [4, m(2)],
        [5, m(1)],
      ],
      1,
      7,
      300,
      undefined,
      4,
    ],
    [
      'no scale down stabilization',
      [
        [1, m(2)],
        [2, m(1)],
      ],
      100,
      3,
      300,
      undefined,
      3,
    ],
    [
      'no scale up stabilization',
      [
        [4, m(2)],
        [5, m(1)],
      ],
      1,
      3,
      undefined,
      300,
      3,
    ],
    [
      'no scale down stabilization, reuse recommendation element',
      [
        [10, m(10)],
        [9, m(9)],
      ],
      100,
      3,
      undefined,
      undefined,
      3,
    ],
    [
      'no scale up stabilization, reuse recommendation element',
      [
        [10, m(10)],
        [9, m(9)],
      ],
      1,
      100,
      undefined,
      undefined,
      100,
    ],
    [
      'scale down stabilization, reuse one of obsolete recommendation element',
      [
        [10, m(10)],
        [4, m(1)],
        [5, m(2)],
        [9, m(9)],
      ],
      100,
      3,
      undefined,
      180,
      5,
    ],
    [
      'scale up stabilization, reuse one of obsolete recommendation element',
      [
        [10, m(100)],
        [6, m(1)],
        [5, m(2)],
        [9, m(3)],
      ],
      1,
      100,
      300,
      undefined,
      5,
    ],
    [
      'scale up and down stabilization, do not scale up when prenormalized rec goes down',
      [
        [2, m(100)],
        [3, m(3)],
      ],
      2,
      1,
      300,
      300,
      2,
    ],
    [
      'scale up and down stabilization, do not scale down when prenormalized rec goes up',
      [
        [2, m(100)],
        [1, m(3)],
      ],
      2,
      3,
      300,
      300,
      2,
    ],
  ];
  it.each(table)('%s', (_name, recs, current, desired, up, down, stabilized) => {
    const behavior: HpaBehavior = {
      scaleUp: up === undefined ? {} : { stabilizationWindowSeconds: up },
      scaleDown: down === undefined ? {} : { stabilizationWindowSeconds: down },
    };
    const r = norm({
      currentReplicas: current,
      desiredReplicas: desired,
      behavior,
      recommendations: recs.map(([replicas, timestamp]) => ({ replicas, timestamp })),
    });
    expect(r.stabilizedReplicas).toBe(stabilized);
    // The same rows with the unit test's "unset = 0" give the same stabilized values.
    const zero = norm({
      currentReplicas: current,
      desiredReplicas: desired,
      behavior,
      legacy: { downscaleStabilizationWindowSeconds: 0 },
      recommendations: recs.map(([replicas, timestamp]) => ({ replicas, timestamp })),
    });
    expect(zero.stabilizedReplicas).toBe(stabilized);
  });

  it('the only difference between 300 and 0: a higher recommendation 1–5 min old holds a scale-down', () => {
    const recommendations = [{ timestamp: ago(120), replicas: 8 }];
    const base = { currentReplicas: 10, desiredReplicas: 2, behavior: {}, recommendations };
    expect(norm(base).stabilizedReplicas).toBe(8);
    expect(norm({ ...base, legacy: { downscaleStabilizationWindowSeconds: 0 } }).stabilizedReplicas).toBe(2);
    expect(norm({ ...base, behavior: { scaleDown: { stabilizationWindowSeconds: 0 } } }).stabilizedReplicas).toBe(2);
  });

  it('window edges are strict: entries at exactly now − W are outside both windows', () => {
    const behavior: HpaBehavior = {
      scaleUp: { stabilizationWindowSeconds: 60 },
      scaleDown: { stabilizationWindowSeconds: 60 },
    };
    const atEdge = [{ timestamp: ago(60), replicas: 50 }];
    expect(
      norm({ currentReplicas: 10, desiredReplicas: 3, behavior, recommendations: atEdge }).stabilizedReplicas,
    ).toBe(3);
    const lowAtEdge = [{ timestamp: ago(60), replicas: 1 }];
    expect(
      norm({ currentReplicas: 10, desiredReplicas: 12, behavior, recommendations: lowAtEdge }).stabilizedReplicas,
    ).toBe(12);
    // One millisecond inside the window counts.
    const inside = [{ timestamp: ago(60) + 1, replicas: 50 }];
    expect(
      norm({ currentReplicas: 10, desiredReplicas: 3, behavior, recommendations: inside }).stabilizedReplicas,
    ).toBe(10);
  });

  it('the seeded recommendation at s = 0 does not block a scale-up with the default window 0', () => {
    const r = norm({
      currentReplicas: 2,
      desiredReplicas: 5,
      behavior: {},
      recommendations: [{ timestamp: NOW, replicas: 2 }],
    });
    expect([r.stabilizedReplicas, r.replicas]).toEqual([5, 5]);
  });

  it('stabilization result is clamped toward current: min(max(current, up), down)', () => {
    const behavior: HpaBehavior = { scaleUp: { stabilizationWindowSeconds: 300 } };
    // up-window min is 4 (older proposals), the new proposal is 9, current 6 → max(6, 4) = 6, below down 9.
    const r = norm({
      currentReplicas: 6,
      desiredReplicas: 9,
      behavior,
      recommendations: [{ timestamp: ago(30), replicas: 4 }],
    });
    expect([r.stabilizedReplicas, r.stabilizationReason, r.replicas, r.reason]).toEqual([
      6,
      'ScaleUpStabilized',
      6,
      'DesiredWithinRange',
    ]);
  });
});

describe('rate limits: calculateScale{Up,Down}Limit and convertDesiredReplicasWithBehaviorRate', () => {
  it('TestCalculateScaleUpLimitWithScalingRules: Min of Pods 2 / Percent 50 from 1 → 2', () => {
    const scaleUp = {
      stabilizationWindowSeconds: 300,
      selectPolicy: 'Min' as const,
      policies: [
        { type: 'Pods' as const, value: 2, periodSeconds: 60 },
        { type: 'Percent' as const, value: 50, periodSeconds: 60 },
      ],
    };
    const r = norm({ currentReplicas: 1, desiredReplicas: 100, behavior: { scaleUp } });
    expect([r.scaleLimit, r.replicas, r.reason]).toEqual([2, 2, 'ScaleUpLimit']);
  });

  it('TestCalculateScaleDownLimitWithBehaviors: Min of Pods 2 / Percent 50 from 5 → 3', () => {
    const scaleDown = {
      stabilizationWindowSeconds: 300,
      selectPolicy: 'Min' as const,
      policies: [
        { type: 'Pods' as const, value: 2, periodSeconds: 60 },
        { type: 'Percent' as const, value: 50, periodSeconds: 60 },
      ],
    };
    const r = norm({ currentReplicas: 5, desiredReplicas: 1, behavior: { scaleDown } });
    expect([r.scaleLimit, r.replicas, r.reason]).toEqual([3, 3, 'ScaleDownLimit']);
  });

  // [name, behavior, current, desired, min, max, up events, down events, replicas, reason]
  const table: Array<
    [string, HpaBehavior, number, number, number, number, ScaleEvent[], ScaleEvent[], number, string]
  > = [
    [
      'Pods beats Percent under Max',
      { scaleUp: rules(100, 60, 100, 60, 0) },
      10,
      500,
      1,
      1000,
      [],
      [],
      110,
      'ScaleUpLimit',
    ],
    [
      'Percent beats Pods under Max',
      { scaleUp: rules(4, 60, 100, 60, 0) },
      10,
      500,
      1,
      1000,
      [],
      [],
      20,
      'ScaleUpLimit',
    ],
    [
      'desired within the limit',
      { scaleUp: rules(4, 60, 100, 60, 0) },
      10,
      15,
      1,
      1000,
      [],
      [],
      15,
      'DesiredWithinRange',
    ],
    [
      'limit above max → TooManyReplicas at max',
      { scaleUp: rules(4, 60, 100, 60, 0) },
      10,
      500,
      1,
      15,
      [],
      [],
      15,
      'TooManyReplicas',
    ],
    [
      'uniform events: the one at exactly 60 s is outside the 60 s period; the 120 s Percent period sees all',
      { scaleUp: rules(4, 60, 100, 120, 0) },
      15,
      100,
      1,
      1000,
      uniformEvents([1, 5, 9], 120),
      [],
      // Pods: start 15 − 9 = 6 → 10; Percent: start 15 − 15 = 0 → 0; Max 10 < current → clamped to 15
      15,
      'ScaleUpLimit',
    ],
    [
      'scale-down events in the period raise the scale-up start',
      { scaleUp: rules(0, 0, 50, 60, 0) },
      10,
      100,
      1,
      1000,
      [],
      uniformEvents([2, 2], 60),
      // start 10 + 4 = 14 → ceil(14 × 1.5) = 21
      21,
      'ScaleUpLimit',
    ],
    [
      'scale-up events in the period lower the scale-down start',
      { scaleDown: rules(0, 0, 50, 60, 0) },
      10,
      1,
      1,
      1000,
      uniformEvents([4], 60),
      [],
      // start 10 − 4 = 6 → trunc(6 × 0.5) = 3
      3,
      'ScaleDownLimit',
    ],
    [
      'scale-down Pods larger than start gives a negative limit; min clamps',
      { scaleDown: rules(20, 60, 0, 0, 0) },
      10,
      0,
      1,
      1000,
      [],
      [],
      1,
      'TooFewReplicas',
    ],
    [
      'scale-down limit above current is clamped to current (ScaleDownLimit at current)',
      { scaleDown: rules(1, 60, 0, 0, 0) },
      10,
      1,
      1,
      1000,
      [],
      [
        { timestamp: ago(1), replicaChange: 5 },
        { timestamp: ago(2), replicaChange: 5 },
      ],
      // start 20 − 1 = 19 > current → 10
      10,
      'ScaleDownLimit',
    ],
    [
      'outdated events inside the period still count',
      { scaleUp: rules(4, 60, 0, 0, 0) },
      10,
      100,
      1,
      1000,
      [{ timestamp: ago(30), replicaChange: 3, outdated: true }],
      [],
      11,
      'ScaleUpLimit',
    ],
    [
      'events in the future (clock skew) count as inside the period',
      { scaleUp: rules(4, 60, 0, 0, 0) },
      10,
      100,
      1,
      1000,
      [{ timestamp: NOW + 5 * S, replicaChange: 3 }],
      [],
      11,
      'ScaleUpLimit',
    ],
    [
      'desired == current: no limit consulted, DesiredWithinRange even below min',
      { scaleUp: rules(4, 60, 0, 0, 0) },
      3,
      3,
      5,
      1000,
      [],
      [],
      3,
      'DesiredWithinRange',
    ],
  ];
  it.each(table)('%s', (_name, behavior, current, desired, min, max, up, down, replicas, reason) => {
    const r = norm({
      currentReplicas: current,
      desiredReplicas: desired,
      minReplicas: min,
      maxReplicas: max,
      behavior,
      scaleUpEvents: up,
      scaleDownEvents: down,
    });
    expect([r.replicas, r.reason]).toEqual([replicas, reason]);
  });

  it('never reports -0 as a limit (Percent > 100 of a start of 0)', () => {
    const r = norm({
      currentReplicas: 2,
      desiredReplicas: 0,
      minReplicas: 0,
      behavior: { scaleDown: rules(0, 0, 150, 60, 0) },
      scaleDownEvents: [],
      scaleUpEvents: [{ timestamp: ago(1), replicaChange: 2 }],
    });
    expect(Object.is(r.scaleLimit, 0)).toBe(true);
    expect(Object.is(r.replicas, 0)).toBe(true);
  });
});

describe('behavior in YAML shape: null means unset, missing parts take Kubernetes defaults (GenerateHPAScale{Up,Down}Rules)', () => {
  it('explicit nulls everywhere behave like {} (the default behavior)', () => {
    const nulls = {
      scaleUp: { stabilizationWindowSeconds: null, selectPolicy: null, policies: null, tolerance: null },
      scaleDown: null,
    } as unknown as HpaBehavior;
    const a = norm({ currentReplicas: 4, desiredReplicas: 10, behavior: nulls });
    const b = norm({ currentReplicas: 4, desiredReplicas: 10, behavior: {} });
    expect([a.replicas, a.reason]).toEqual([b.replicas, b.reason]);
    expect([a.replicas, a.reason]).toEqual([8, 'ScaleUpLimit']);
  });

  it('selectPolicy absent is Max', () => {
    const behavior: HpaBehavior = {
      scaleUp: {
        policies: [
          { type: 'Pods', value: 1, periodSeconds: 15 },
          { type: 'Pods', value: 3, periodSeconds: 15 },
        ],
      },
    };
    expect(norm({ currentReplicas: 5, desiredReplicas: 50, behavior }).replicas).toBe(8);
  });

  it('numeric strings are accepted in the behavior, the counts and the timestamps', () => {
    const r = hpa.normalize({
      now: String(NOW),
      currentReplicas: '4',
      desiredReplicas: '10',
      minReplicas: '1',
      maxReplicas: '20',
      behavior: { scaleUp: { policies: [{ type: 'Pods', value: '2', periodSeconds: '15' }] } },
      recommendations: [{ timestamp: String(ago(5)), replicas: '3' }],
      scaleUpEvents: [{ timestamp: String(ago(5)), replicaChange: '1' }],
      scaleDownEvents: null,
    } as never);
    // start 4 − 1 = 3 → 5
    expect([r.replicas, r.reason]).toEqual([5, 'ScaleUpLimit']);
  });

  it('refuses malformed behavior with the path of the problem', () => {
    const bad: Array<[unknown, RegExp]> = [
      [
        { scaleUp: { policies: [{ type: 'pods', value: 1, periodSeconds: 1 }] } },
        /"behavior.scaleUp.policies\[0\].type" must be "Pods" or "Percent"/,
      ],
      [{ scaleUp: { policies: [null] } }, /"behavior.scaleUp.policies\[0\]" must be an object/],
      [
        { scaleDown: { selectPolicy: 'Maximum' } },
        /"behavior.scaleDown.selectPolicy" must be "Max", "Min" or "Disabled"/,
      ],
      [{ scaleDown: { stabilizationWindowSeconds: 'soon' } }, /"behavior.scaleDown.stabilizationWindowSeconds"/],
      [{ scaleUp: 'fast' }, /"behavior.scaleUp" must be an object/],
      [{ scaleUp: { policies: 'Pods' } }, /"behavior.scaleUp.policies" must be an array/],
      ['Max', /"behavior" must be an object/],
    ];
    for (const [behavior, message] of bad) {
      expect(() => norm({ currentReplicas: 1, desiredReplicas: 2, behavior: behavior as never })).toThrow(message);
    }
  });

  it('refuses malformed lists with the index of the bad entry', () => {
    expect(() => norm({ currentReplicas: 1, desiredReplicas: 2, recommendations: [null] as never })).toThrow(
      /"recommendations\[0\]" must be an object/,
    );
    expect(() =>
      norm({ currentReplicas: 1, desiredReplicas: 2, scaleUpEvents: [{ timestamp: 'x', replicaChange: 1 }] as never }),
    ).toThrow(/"scaleUpEvents\[0\].timestamp"/);
    expect(() => norm({ currentReplicas: 1, desiredReplicas: 2, legacy: 'fast' as never })).toThrow(
      /"legacy" must be an object/,
    );
    expect(() => hpa.normalize(undefined as never)).toThrow(/hpa.normalize: the argument must be an object/);
  });

  it('does not modify its inputs', () => {
    const recommendations = [{ timestamp: ago(400), replicas: 3 }];
    const scaleUpEvents = [{ timestamp: ago(5), replicaChange: 1 }];
    const copy = JSON.stringify({ recommendations, scaleUpEvents });
    norm({ currentReplicas: 2, desiredReplicas: 5, behavior: {}, recommendations, scaleUpEvents });
    expect(JSON.stringify({ recommendations, scaleUpEvents })).toBe(copy);
  });
});

describe('recordScaleEvent edges (storeScaleEvent)', () => {
  const behavior: HpaBehavior = { scaleUp: rules(10, 60, 100, 30, 0) };
  it('an event at exactly the longest period is not outdated (s > L is required)', () => {
    const r = hpa.recordScaleEvent({
      now: NOW,
      behavior,
      previousReplicas: 1,
      newReplicas: 3,
      scaleUpEvents: [{ timestamp: ago(60), replicaChange: 4 }],
      scaleDownEvents: [],
    });
    expect(r.scaleUpEvents).toEqual([
      { timestamp: ago(60), replicaChange: 4, outdated: false },
      { timestamp: NOW, replicaChange: 2, outdated: false },
    ]);
  });

  it('an unchanged count is stored as a scale-down event of 0 (new > prev is the only up case)', () => {
    const r = hpa.recordScaleEvent({
      now: NOW,
      behavior: {},
      previousReplicas: 3,
      newReplicas: 3,
      scaleUpEvents: [],
      scaleDownEvents: [],
    });
    expect(r.scaleDownEvents).toEqual([{ timestamp: NOW, replicaChange: 0, outdated: false }]);
  });
});
