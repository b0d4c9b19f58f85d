import { describe, expect, it } from 'vitest';
import { hpa } from './index.js';

describe('hpa.replicasForValue (External, Value target)', () => {
  const cases: Array<[string, Parameters<typeof hpa.replicasForValue>[0], number]> = [
    [
      'ratio 0.9 is within tolerance (inclusive lower bound)',
      { currentReplicas: 4, metricValue: 900, targetValue: 1000 },
      4,
    ],
    [
      'ratio 1.1 is within tolerance (inclusive upper bound)',
      { currentReplicas: 4, metricValue: 1100, targetValue: 1000 },
      4,
    ],
    ['ratio just above 1.1 scales', { currentReplicas: 4, metricValue: 1101, targetValue: 1000 }, 5],
    ['ratio just below 0.9 scales', { currentReplicas: 10, metricValue: 899, targetValue: 1000 }, 9],
    [
      'ready pods are the base: 3 pods, 1 ready, ratio 1.95 → 2',
      { currentReplicas: 3, readyReplicas: 1, metricValue: 19.5, targetValue: 10 },
      2,
    ],
    [
      'no ready pods outside tolerance → 0',
      { currentReplicas: 3, readyReplicas: 0, metricValue: 30, targetValue: 10 },
      0,
    ],
    ['from zero: ratio 1.0 → 1 (no tolerance)', { currentReplicas: 0, metricValue: 10, targetValue: 10 }, 1],
    ['from zero: ratio 1.33 → 2', { currentReplicas: 0, metricValue: 13.3, targetValue: 10 }, 2],
    ['from zero: ratio 0 → 0', { currentReplicas: 0, metricValue: 0, targetValue: 10 }, 0],
    [
      'from zero: ratio 1.05 → 2 although within tolerance',
      { currentReplicas: 0, metricValue: 10.5, targetValue: 10 },
      2,
    ],
    ['several series are summed', { currentReplicas: 2, metricValue: [10, 20, 30], targetValue: 20 }, 6],
    [
      'per-direction tolerance: 1.15 within scaleUp 0.2',
      { currentReplicas: 4, metricValue: 1.15, targetValue: 1, tolerance: { scaleUp: 0.2 } },
      4,
    ],
    [
      'per-direction tolerance: 0.85 outside default scaleDown',
      { currentReplicas: 4, metricValue: 0.85, targetValue: 1, tolerance: { scaleUp: 0.2 } },
      4,
    ],
    [
      'tolerance 0 makes any change count',
      { currentReplicas: 10, metricValue: 1.01, targetValue: 1, tolerance: 0 },
      11,
    ],
    ['huge ratio is clamped to MaxInt32', { currentReplicas: 1, metricValue: 1e15, targetValue: 0.001 }, 2147483647],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(hpa.replicasForValue(input).replicas).toBe(expected);
  });

  it('rounds values up to milli-units like Quantity.MilliValue and reports usage in the caller’s units', () => {
    const r = hpa.replicasForValue({ currentReplicas: 1, metricValue: 0.0011, targetValue: 0.001 });
    expect(r.usage).toBe(0.002);
    expect(r.replicas).toBe(2);
  });

  it('does not mis-round decimals that are inexact in binary (1.1 is 1100m)', () => {
    expect(hpa.toMilli(1.1)).toBe(1100);
    expect(hpa.toMilli(0.0015)).toBe(2);
    expect(hpa.toMilli(1.0001)).toBe(1001);
    expect(hpa.toMilli(15)).toBe(15000);
    expect(hpa.replicasForValue({ currentReplicas: 10, metricValue: 1.1, targetValue: 1 }).withinTolerance).toBe(true);
  });

  it('names the parameter in errors', () => {
    expect(() => hpa.replicasForValue({ currentReplicas: 1, metricValue: 1, targetValue: 0 })).toThrow(
      /"targetValue" must be a number > 0, got 0/,
    );
    expect(() => hpa.replicasForValue({ currentReplicas: -1, metricValue: 1, targetValue: 1 })).toThrow(
      /"currentReplicas"/,
    );
    expect(() => hpa.replicasForValue({ currentReplicas: 1, metricValue: Number.NaN, targetValue: 1 })).toThrow(
      /"metricValue" must be a finite number, got NaN/,
    );
    expect(() => hpa.replicasForValue({ currentReplicas: 1, metricValue: 1, targetValue: 1, tolerance: -0.1 })).toThrow(
      /"tolerance" must be a number >= 0/,
    );
  });
});

describe('hpa.replicasForAverageValue (External, AverageValue target)', () => {
  const cases: Array<[string, Parameters<typeof hpa.replicasForAverageValue>[0], number, number]> = [
    ['ceil(total/target)', { currentReplicas: 2, metricValue: 95, targetAverageValue: 10 }, 10, 47.5],
    [
      'within tolerance keeps status replicas (ratio 0.92)',
      { currentReplicas: 5, metricValue: 46, targetAverageValue: 10 },
      5,
      9.2,
    ],
    [
      'surge: within tolerance of status 5 proposes 5',
      { currentReplicas: 5, metricValue: 50, targetAverageValue: 10 },
      5,
      10,
    ],
    ['ratio exactly 0.9 is within', { currentReplicas: 10, metricValue: 90, targetAverageValue: 10 }, 10, 9],
    ['ratio exactly 1.1 is within', { currentReplicas: 10, metricValue: 110, targetAverageValue: 10 }, 10, 11],
    [
      'zero status replicas: ceil(total/target), usage is the total',
      { currentReplicas: 0, metricValue: 25, targetAverageValue: 10 },
      3,
      25,
    ],
    ['zero status replicas and zero usage → 0', { currentReplicas: 0, metricValue: 0, targetAverageValue: 10 }, 0, 0],
    ['reported average rounds up in milli', { currentReplicas: 3, metricValue: 1, targetAverageValue: 0.1 }, 10, 0.334],
  ];
  it.each(cases)('%s', (_name, input, replicas, usage) => {
    const r = hpa.replicasForAverageValue(input);
    expect(r.replicas).toBe(replicas);
    expect(r.usage).toBe(usage);
  });
});

describe('hpa.isWithinTolerance and defaults', () => {
  it('uses 0.1 in each direction by default', () => {
    expect(hpa.tolerance).toEqual({ scaleUp: 0.1, scaleDown: 0.1 });
  });
  it.each([
    [0.9, true],
    [1.1, true],
    [0.8999999, false],
    [1.1000001, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
  ])('ratio %d within default tolerance → %s', (ratio, within) => {
    expect(hpa.isWithinTolerance(ratio, hpa.tolerance)).toBe(within);
  });
});

describe('hpa.combineMetrics', () => {
  const cases: Array<[string, Parameters<typeof hpa.combineMetrics>[0], number, number | undefined]> = [
    ['max over valid proposals', [{ replicas: 3 }, { replicas: 7 }, { replicas: 5 }], 4, 7],
    ['TestScaleUpOneMetricInvalid: 4 with one invalid at spec 3 scales', [{ replicas: 4 }, { invalid: true }], 3, 4],
    [
      'TestNoScaleDownOneMetricInvalid: 3 < spec 5 with an invalid metric aborts',
      [{ replicas: 3 }, { invalid: true }],
      5,
      undefined,
    ],
    ['equal to spec with an invalid metric proceeds', [{ replicas: 5 }, { invalid: true }], 5, 5],
    ['TestScaleUpFromZeroOneMetricInvalid: 4 ≥ 0 proceeds', [{ replicas: 4 }, { invalid: true }], 0, 4],
    ['TestScaleUpBothMetricsEmpty: all invalid aborts', [{ invalid: true }], 3, undefined],
    ['scale-down without invalid metrics is allowed', [{ replicas: 1 }, { replicas: 2 }], 5, 2],
  ];
  it.each(cases)('%s', (_name, proposals, spec, expected) => {
    const r = hpa.combineMetrics(proposals, spec);
    expect(r.replicas).toBe(expected);
    expect(r.aborted).toBe(expected === undefined);
  });
});
