import { describe, expect, it } from 'vitest';
import { hpa } from './index.js';
import type { HpaBehavior, NormalizeInput, Recommendation, ScaleEvent } from './types.js';

const NOW = 1_000_000_000;
const ago = (seconds: number) => NOW - seconds * 1000;

function run(partial: Partial<NormalizeInput> & Pick<NormalizeInput, 'currentReplicas' | 'desiredReplicas'>) {
  return hpa.normalize({
    now: NOW,
    minReplicas: 1,
    maxReplicas: 1000,
    recommendations: [],
    scaleUpEvents: [],
    scaleDownEvents: [],
    ...partial,
  });
}

// Kubernetes v1.33 pkg/apis/autoscaling/v2/defaults_test.go, TestGenerateScaleUpRules / TestGenerateScaleDownRules, verbatim.
const defaultsTable = [
  {
    id: 'defaults_test.go#TestGenerateScaleDownRules/Default values',
    fn: 'defaultBehavior',
    input: { direction: 'scaleDown', rules: { stabilizationWindowSeconds: null, selectPolicy: null, policies: null } },
    expect: {
      stabilizationWindowSeconds: null,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    },
  },
  {
    id: 'defaults_test.go#TestGenerateScaleDownRules/All parameters are specified',
    fn: 'defaultBehavior',
    input: {
      direction: 'scaleDown',
      rules: {
        stabilizationWindowSeconds: 25,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 1, periodSeconds: 2 },
          { type: 'Percent', value: 3, periodSeconds: 4 },
        ],
      },
    },
    expect: {
      stabilizationWindowSeconds: 25,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 1, periodSeconds: 2 },
        { type: 'Percent', value: 3, periodSeconds: 4 },
      ],
    },
  },
  {
    id: 'defaults_test.go#TestGenerateScaleDownRules/Percent policy is specified',
    fn: 'defaultBehavior',
    input: {
      direction: 'scaleDown',
      rules: {
        stabilizationWindowSeconds: null,
        selectPolicy: 'Min',
        policies: [{ type: 'Percent', value: 1, periodSeconds: 2 }],
      },
    },
    expect: {
      stabilizationWindowSeconds: null,
      selectPolicy: 'Min',
      policies: [{ type: 'Percent', value: 1, periodSeconds: 2 }],
    },
  },
  {
    id: 'defaults_test.go#TestGenerateScaleDownRules/Pods policy is specified',
    fn: 'defaultBehavior',
    input: {
      direction: 'scaleDown',
      rules: {
        stabilizationWindowSeconds: null,
        selectPolicy: null,
        policies: [{ type: 'Pods', value: 3, periodSeconds: 4 }],
      },
    },
    expect: {
      stabilizationWindowSeconds: null,
      selectPolicy: 'Max',
      policies: [{ type: 'Pods', value: 3, periodSeconds: 4 }],
    },
  },
  {
    id: 'defaults_test.go#TestGenerateScaleUpRules/Default values',
    fn: 'defaultBehavior',
    input: { direction: 'scaleUp', rules: { stabilizationWindowSeconds: null, selectPolicy: null, policies: null } },
    expect: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ],
    },
  },
  {
    id: 'defaults_test.go#TestGenerateScaleUpRules/All parameters are specified',
    fn: 'defaultBehavior',
    input: {
      direction: 'scaleUp',
      rules: {
        stabilizationWindowSeconds: 25,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 1, periodSeconds: 2 },
          { type: 'Percent', value: 3, periodSeconds: 4 },
        ],
      },
    },
    expect: {
      stabilizationWindowSeconds: 25,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 1, periodSeconds: 2 },
        { type: 'Percent', value: 3, periodSeconds: 4 },
      ],
    },
  },
  {
    id: 'defaults_test.go#TestGenerateScaleUpRules/Pod policy is specified',
    fn: 'defaultBehavior',
    input: {
      direction: 'scaleUp',
      rules: {
        stabilizationWindowSeconds: null,
        selectPolicy: 'Min',
        policies: [{ type: 'Pods', value: 1, periodSeconds: 2 }],
      },
    },
    expect: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Min',
      policies: [{ type: 'Pods', value: 1, periodSeconds: 2 }],
    },
  },
  {
    id: 'defaults_test.go#TestGenerateScaleUpRules/Percent policy is specified',
    fn: 'defaultBehavior',
    input: {
      direction: 'scaleUp',
      rules: {
        stabilizationWindowSeconds: null,
        selectPolicy: null,
        policies: [{ type: 'Percent', value: 7, periodSeconds: 10 }],
      },
    },
    expect: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 7, periodSeconds: 10 }],
    },
  },
  {
    id: 'defaults_test.go#TestGenerateScaleUpRules/Pod policy and stabilization window are specified',
    fn: 'defaultBehavior',
    input: {
      direction: 'scaleUp',
      rules: {
        stabilizationWindowSeconds: 25,
        selectPolicy: null,
        policies: [{ type: 'Pods', value: 4, periodSeconds: 2 }],
      },
    },
    expect: {
      stabilizationWindowSeconds: 25,
      selectPolicy: 'Max',
      policies: [{ type: 'Pods', value: 4, periodSeconds: 2 }],
    },
  },
  {
    id: 'defaults_test.go#TestGenerateScaleUpRules/Percent policy and stabilization window are specified',
    fn: 'defaultBehavior',
    input: {
      direction: 'scaleUp',
      rules: {
        stabilizationWindowSeconds: 25,
        selectPolicy: null,
        policies: [{ type: 'Percent', value: 7, periodSeconds: 60 }],
      },
    },
    expect: {
      stabilizationWindowSeconds: 25,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 7, periodSeconds: 60 }],
    },
  },
] as const;

describe('hpa.defaultBehavior (Kubernetes GenerateHPAScale{Up,Down}Rules)', () => {
  it.each(defaultsTable.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const rules = c.input.rules as Parameters<typeof hpa.defaultBehavior>[0];
    expect(hpa.defaultBehavior(rules, c.input.direction)).toStrictEqual(c.expect);
  });
  it('keeps a tolerance and rejects an unknown direction', () => {
    expect(hpa.defaultBehavior({ tolerance: 0.05 }, 'scaleUp').tolerance).toBe(0.05);
    expect(() => hpa.defaultBehavior({}, 'sideways' as 'scaleUp')).toThrow(
      /"direction" must be "scaleUp" or "scaleDown"/,
    );
  });
});

describe('legacy path (no behavior)', () => {
  // TestConvertDesiredReplicasWithRules, horizontal_test.go runs with scaleUpLimitFactor = 8.
  const factor8 = { scaleUpLimitFactor: 8 };
  it.each([
    ['prenormalized desired replicas within range', 5, 7, 3, 8, 7, 'DesiredWithinRange'],
    ['prenormalized desired replicas < minReplicas', 3, 1, 2, 8, 2, 'TooFewReplicas'],
    ['maxReplicas is the limit because maxReplicas < scaleUpLimit', 20, 1000, 1, 10, 10, 'TooManyReplicas'],
    ['scaleUpLimit is the limit because scaleUpLimit < maxReplicas', 3, 1000, 1, 2000, 24, 'ScaleUpLimit'],
  ] as const)('%s', (_name, current, desired, min, max, expected, reason) => {
    const r = run({
      currentReplicas: current,
      desiredReplicas: desired,
      minReplicas: min,
      maxReplicas: max,
      legacy: factor8,
    });
    expect([r.replicas, r.reason]).toEqual([expected, reason]);
  });

  it.each([
    ['production factor 2: limit max(2·3, 4) = 6', 3, 100, 6, 'ScaleUpLimit', 1000],
    ['production minimum 4 from 1', 1, 100, 4, 'ScaleUpLimit', 1000],
    ['from 0: max(2·0, 4) = 4', 0, 100, 4, 'ScaleUpLimit', 1000],
    ['max equal to the limit is TooManyReplicas (strict >)', 3, 100, 6, 'TooManyReplicas', 6],
  ] as const)('%s', (_name, current, desired, expected, reason, max) => {
    const r = run({ currentReplicas: current, desiredReplicas: desired, maxReplicas: max, minReplicas: 0 });
    expect([r.replicas, r.reason]).toEqual([expected, reason]);
  });

  // TestNormalizeDesiredReplicas (5-minute downscale window).
  it.each([
    ['empty log', [], 5, 5, 1],
    [
      'stabilize',
      [
        { replicas: 4, timestamp: ago(120) },
        { replicas: 5, timestamp: ago(60) },
      ],
      3,
      5,
      3,
    ],
    [
      'no stabilize',
      [
        { replicas: 1, timestamp: ago(120) },
        { replicas: 2, timestamp: ago(60) },
      ],
      3,
      3,
      3,
    ],
    [
      'no stabilize - old recommendations',
      [
        { replicas: 10, timestamp: ago(600) },
        { replicas: 9, timestamp: ago(540) },
      ],
      3,
      3,
      2,
    ],
    [
      'stabilize - old recommendations',
      [
        { replicas: 10, timestamp: ago(600) },
        { replicas: 4, timestamp: ago(60) },
        { replicas: 5, timestamp: ago(120) },
        { replicas: 9, timestamp: ago(540) },
      ],
      3,
      5,
      4,
    ],
  ] as const)('%s', (_name, recs, desired, stabilized, length) => {
    const r = run({
      currentReplicas: 5,
      desiredReplicas: desired,
      recommendations: recs as unknown as Recommendation[],
    });
    expect(r.stabilizedReplicas).toBe(stabilized);
    expect(r.recommendations).toHaveLength(length);
  });

  it('overwrites the LAST recommendation older than the window with the raw proposal', () => {
    const recs = [
      { replicas: 10, timestamp: ago(600) },
      { replicas: 4, timestamp: ago(60) },
      { replicas: 9, timestamp: ago(540) },
    ];
    const r = run({ currentReplicas: 5, desiredReplicas: 3, recommendations: recs });
    expect(r.recommendations).toEqual([
      { replicas: 10, timestamp: ago(600) },
      { replicas: 4, timestamp: ago(60) },
      { replicas: 3, timestamp: NOW },
    ]);
    expect(recs[2]).toEqual({ replicas: 9, timestamp: ago(540) }); // input untouched
  });

  it('a seeded current recommendation delays scale-down (TestScaleDownStabilizeInitialSize: 3 stays 5)', () => {
    const r = run({ currentReplicas: 5, desiredReplicas: 3, recommendations: [{ replicas: 5, timestamp: NOW }] });
    expect([r.replicas, r.stabilizationReason, r.reason]).toEqual([5, 'ScaleDownStabilized', 'DesiredWithinRange']);
  });

  it('legacy window is configurable and strict at its edge', () => {
    const recs = [{ replicas: 9, timestamp: ago(60) }];
    expect(
      run({
        currentReplicas: 9,
        desiredReplicas: 3,
        recommendations: recs,
        legacy: { downscaleStabilizationWindowSeconds: 60 },
      }).replicas,
    ).toBe(9);
    expect(
      run({
        currentReplicas: 9,
        desiredReplicas: 3,
        recommendations: recs,
        legacy: { downscaleStabilizationWindowSeconds: 59 },
      }).replicas,
    ).toBe(3);
  });
});

describe('behavior path: rate limits (float64 order, Kubernetes calculateScaleUpLimitWithScalingRules, calculateScaleDownLimitWithBehaviors)', () => {
  const upPercent = (value: number): HpaBehavior => ({
    scaleUp: { policies: [{ type: 'Percent', value, periodSeconds: 60 }] },
  });
  const downPercent = (value: number): HpaBehavior => ({
    scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value, periodSeconds: 60 }] },
  });
  it.each([
    ['100 replicas at +10% → ceil(110.00000000000001) = 111', 100, 1000, upPercent(10), 111, 'ScaleUpLimit'],
    ['50 at +10% → 56', 50, 1000, upPercent(10), 56, 'ScaleUpLimit'],
    ['3 at +1% → 4', 3, 1000, upPercent(1), 4, 'ScaleUpLimit'],
    ['10 at −80% → int32(1.9999999999999996) = 1', 10, 0, downPercent(80), 1, 'ScaleDownLimit'],
    ['25 at −56% → 10', 25, 0, downPercent(56), 10, 'ScaleDownLimit'],
  ] as const)('%s', (_name, current, desired, behavior, expected, reason) => {
    const r = run({ currentReplicas: current, desiredReplicas: desired, minReplicas: 0, behavior });
    expect([r.replicas, r.reason]).toEqual([expected, reason]);
  });

  it('default behavior: 4 → 10 is limited to 8 (Percent 100 beats Pods 4)', () => {
    const r = run({ currentReplicas: 4, desiredReplicas: 10, behavior: {} });
    expect([r.replicas, r.reason, r.scaleLimit]).toEqual([8, 'ScaleUpLimit', 8]);
  });
  it('default behavior from 0 is capped at max(0+4, ceil(0·2)) = 4', () => {
    const r = run({ currentReplicas: 0, desiredReplicas: 10, minReplicas: 0, behavior: {} });
    expect(r.replicas).toBe(4);
  });
  it('max equal to the limit gives TooManyReplicas, max above gives ScaleUpLimit (strict)', () => {
    expect(run({ currentReplicas: 4, desiredReplicas: 10, maxReplicas: 8, behavior: {} }).reason).toBe(
      'TooManyReplicas',
    );
    expect(run({ currentReplicas: 4, desiredReplicas: 10, maxReplicas: 9, behavior: {} }).reason).toBe('ScaleUpLimit');
  });
  it('min equal to the floor gives TooFewReplicas, min below gives ScaleDownLimit (strict)', () => {
    const b = downPercent(50);
    expect(run({ currentReplicas: 10, desiredReplicas: 1, minReplicas: 5, behavior: b })).toMatchObject({
      replicas: 5,
      reason: 'TooFewReplicas',
    });
    expect(run({ currentReplicas: 10, desiredReplicas: 1, minReplicas: 4, behavior: b })).toMatchObject({
      replicas: 5,
      reason: 'ScaleDownLimit',
    });
  });
  it('a negative scale-down limit is normal; min clamps (Percent > 100)', () => {
    const r = run({ currentReplicas: 10, desiredReplicas: 0, minReplicas: 2, behavior: downPercent(150) });
    expect([r.replicas, r.reason, r.scaleLimit]).toEqual([2, 'TooFewReplicas', -5]);
  });
  it('Disabled pins the limit to current and reports ScaleUpLimit / ScaleDownLimit', () => {
    expect(
      run({ currentReplicas: 5, desiredReplicas: 9, behavior: { scaleUp: { selectPolicy: 'Disabled' } } }),
    ).toMatchObject({ replicas: 5, reason: 'ScaleUpLimit' });
    expect(
      run({
        currentReplicas: 5,
        desiredReplicas: 1,
        behavior: { scaleDown: { selectPolicy: 'Disabled', stabilizationWindowSeconds: 0 } },
      }),
    ).toMatchObject({ replicas: 5, reason: 'ScaleDownLimit' });
  });
  it('selectPolicy Min picks the smallest change, Max the largest', () => {
    const policies = [
      { type: 'Pods' as const, value: 4, periodSeconds: 60 },
      { type: 'Percent' as const, value: 100, periodSeconds: 60 },
    ];
    expect(
      run({ currentReplicas: 10, desiredReplicas: 100, behavior: { scaleUp: { policies, selectPolicy: 'Min' } } })
        .replicas,
    ).toBe(14);
    expect(
      run({ currentReplicas: 10, desiredReplicas: 100, behavior: { scaleUp: { policies, selectPolicy: 'Max' } } })
        .replicas,
    ).toBe(20);
    const down = [
      { type: 'Pods' as const, value: 2, periodSeconds: 60 },
      { type: 'Percent' as const, value: 50, periodSeconds: 60 },
    ];
    const sd = (selectPolicy: 'Min' | 'Max') => ({
      scaleDown: { policies: down, selectPolicy, stabilizationWindowSeconds: 0 },
    });
    expect(run({ currentReplicas: 10, desiredReplicas: 1, behavior: sd('Min') }).replicas).toBe(8);
    expect(run({ currentReplicas: 10, desiredReplicas: 1, behavior: sd('Max') }).replicas).toBe(5);
  });
  it('no policies: MinInt32 limit is clamped to current (ScaleUpLimit)', () => {
    expect(run({ currentReplicas: 3, desiredReplicas: 9, behavior: { scaleUp: { policies: [] } } })).toMatchObject({
      replicas: 3,
      reason: 'ScaleUpLimit',
    });
  });
  it('events count only strictly inside the period, and outdated flags are ignored in sums', () => {
    const behavior: HpaBehavior = { scaleUp: { policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }] } };
    const up = (s: number, outdated = false): ScaleEvent => ({ timestamp: ago(s), replicaChange: 3, outdated });
    // start = 10 - 3 (at 59 s, counted even if outdated) = 7 → limit 11; the event at 60 s is excluded.
    expect(
      run({ currentReplicas: 10, desiredReplicas: 50, behavior, scaleUpEvents: [up(59, true), up(60)] }).replicas,
    ).toBe(11);
    // scale-down events inside the period are added back to the start: 10 + 2 → 16
    expect(
      run({
        currentReplicas: 10,
        desiredReplicas: 50,
        behavior,
        scaleDownEvents: [{ timestamp: ago(10), replicaChange: 2 }],
      }).replicas,
    ).toBe(16);
  });
  it('a limit below current on scale-up is clamped to current', () => {
    const behavior: HpaBehavior = { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } };
    const r = run({
      currentReplicas: 10,
      desiredReplicas: 50,
      behavior,
      scaleUpEvents: [{ timestamp: ago(5), replicaChange: 5 }],
    });
    expect([r.replicas, r.reason, r.scaleLimit]).toEqual([10, 'ScaleUpLimit', 10]);
  });
});

describe('behavior path: stabilization windows (Kubernetes stabilizeRecommendationWithBehaviors)', () => {
  const windows = (up: number, down: number): HpaBehavior => ({
    scaleUp: { stabilizationWindowSeconds: up, policies: [{ type: 'Pods', value: 1000, periodSeconds: 15 }] },
    scaleDown: { stabilizationWindowSeconds: down, policies: [{ type: 'Pods', value: 1000, periodSeconds: 15 }] },
  });
  it('scale-down takes the max over the down window; scale-up the min over the up window', () => {
    const recs = [
      { replicas: 8, timestamp: ago(100) },
      { replicas: 6, timestamp: ago(50) },
    ];
    expect(
      run({ currentReplicas: 7, desiredReplicas: 2, recommendations: recs, behavior: windows(0, 300) }),
    ).toMatchObject({
      replicas: 7, // max 8 clamped toward current 7
      stabilizedReplicas: 7,
      stabilizationReason: 'ScaleDownStabilized',
    });
    expect(
      run({ currentReplicas: 5, desiredReplicas: 9, recommendations: recs, behavior: windows(300, 0) }),
    ).toMatchObject({
      replicas: 6,
      stabilizationReason: 'ScaleUpStabilized',
    });
  });
  it('with both windows a proposal turning back toward current gives no movement', () => {
    const recs = [{ replicas: 3, timestamp: ago(30) }];
    expect(
      run({ currentReplicas: 5, desiredReplicas: 7, recommendations: recs, behavior: windows(60, 60) }).replicas,
    ).toBe(5);
  });
  it('a window of 0 sees nothing, not even a recommendation at s = 0', () => {
    const recs = [{ replicas: 3, timestamp: NOW }];
    expect(
      run({ currentReplicas: 3, desiredReplicas: 9, recommendations: recs, behavior: windows(0, 0) }).replicas,
    ).toBe(9);
  });
  it('windows are strict: a recommendation at exactly W is outside', () => {
    const recs = [{ replicas: 9, timestamp: ago(60) }];
    expect(
      run({ currentReplicas: 9, desiredReplicas: 2, recommendations: recs, behavior: windows(0, 60) }).replicas,
    ).toBe(2);
    expect(
      run({ currentReplicas: 9, desiredReplicas: 2, recommendations: recs, behavior: windows(0, 61) }).replicas,
    ).toBe(9);
  });
  it('an unset scale-down window is 300 s (or the legacy setting)', () => {
    const recs = [{ replicas: 9, timestamp: ago(200) }];
    const behavior: HpaBehavior = { scaleDown: { policies: [{ type: 'Pods', value: 100, periodSeconds: 15 }] } };
    expect(run({ currentReplicas: 9, desiredReplicas: 2, recommendations: recs, behavior }).replicas).toBe(9);
    expect(
      run({
        currentReplicas: 9,
        desiredReplicas: 2,
        recommendations: recs,
        behavior,
        legacy: { downscaleStabilizationWindowSeconds: 0 },
      }).replicas,
    ).toBe(2);
  });
  it('reuses only the LAST slot older than both windows and stores the unstabilized proposal', () => {
    const recs = [
      { replicas: 1, timestamp: ago(400) },
      { replicas: 2, timestamp: ago(100) }, // older than up (60) but not down (300)
      { replicas: 3, timestamp: ago(500) },
      { replicas: 4, timestamp: ago(10) },
    ];
    const r = run({ currentReplicas: 4, desiredReplicas: 1, recommendations: recs, behavior: windows(60, 300) });
    expect(r.recommendations).toEqual([
      { replicas: 1, timestamp: ago(400) },
      { replicas: 2, timestamp: ago(100) },
      { replicas: 1, timestamp: NOW },
      { replicas: 4, timestamp: ago(10) },
    ]);
    expect(r.replicas).toBe(4);
  });
  it('appends when no slot is old enough', () => {
    const r = run({
      currentReplicas: 4,
      desiredReplicas: 5,
      recommendations: [{ replicas: 4, timestamp: ago(1) }],
      behavior: {},
    });
    expect(r.recommendations).toHaveLength(2);
  });
  it('refuses bad input with the parameter name', () => {
    expect(() => run({ currentReplicas: 1, desiredReplicas: Number.NaN })).toThrow(
      /"desiredReplicas" must be a finite number/,
    );
    expect(() => run({ currentReplicas: 1, desiredReplicas: 1, recommendations: {} as never })).toThrow(
      /"recommendations" must be an array/,
    );
    // A Go nil slice (JSON null) is no history, not an error.
    expect(run({ currentReplicas: 1, desiredReplicas: 1, recommendations: null as never }).replicas).toBe(1);
  });
});

describe('hpa.recordScaleEvent (storeScaleEvent)', () => {
  // generateScalingRules(pods 10/60 s, percent 100/30 s): the longest period is 60 s.
  const behavior: HpaBehavior = {
    scaleUp: {
      policies: [
        { type: 'Pods', value: 10, periodSeconds: 60 },
        { type: 'Percent', value: 100, periodSeconds: 30 },
      ],
    },
  };
  it('replace one entry, use policies with different periods → [8 f, 6 f, 7 t, 5 f]', () => {
    const prev = [
      { replicaChange: 8, timestamp: ago(29), outdated: false },
      { replicaChange: 6, timestamp: ago(59), outdated: false },
      { replicaChange: 7, timestamp: ago(61), outdated: false },
      { replicaChange: 9, timestamp: ago(61), outdated: false },
    ];
    const r = hpa.recordScaleEvent({
      now: NOW,
      behavior,
      previousReplicas: 10,
      newReplicas: 15,
      scaleUpEvents: prev,
      scaleDownEvents: [],
    });
    expect(r.scaleUpEvents.map((e) => [e.replicaChange, e.outdated])).toEqual([
      [8, false],
      [6, false],
      [7, true],
      [5, false],
    ]);
    expect(r.scaleUpEvents[3]?.timestamp).toBe(NOW);
    expect(prev[2]?.outdated).toBe(false); // input untouched
  });
  it('without behavior nothing is recorded', () => {
    const prev = [{ replicaChange: 7, timestamp: ago(61) }];
    const r = hpa.recordScaleEvent({
      now: NOW,
      previousReplicas: 10,
      newReplicas: 15,
      scaleUpEvents: prev,
      scaleDownEvents: [],
    });
    expect(r.scaleUpEvents).toEqual([{ replicaChange: 7, timestamp: ago(61), outdated: false }]);
  });
  it('an actual entry is kept and the new one appended; scale-down goes to the down list', () => {
    const r = hpa.recordScaleEvent({
      now: NOW,
      behavior,
      previousReplicas: 10,
      newReplicas: 15,
      scaleUpEvents: [{ replicaChange: 7, timestamp: ago(58) }],
      scaleDownEvents: [],
    });
    expect(r.scaleUpEvents.map((e) => e.replicaChange)).toEqual([7, 5]);
    const d = hpa.recordScaleEvent({
      now: NOW,
      behavior: {},
      previousReplicas: 10,
      newReplicas: 4,
      scaleUpEvents: [],
      scaleDownEvents: [],
    });
    expect(d.scaleDownEvents).toEqual([{ replicaChange: 6, timestamp: NOW, outdated: false }]);
  });
});
