import { describe, expect, it } from 'vitest';
import { metricNameWithIndex, normalizeMetricName, toMetricValue } from './metric-name.js';

describe('toMetricValue (KEDA GenerateMetricInMili: fmt %.3f of the exact value, ties to even)', () => {
  const table: [number, number][] = [
    [1.23456, 1.235],
    [12, 12],
    [0.0625, 0.062], // 62.5 thousandths exactly: to even, as Go (Math.round gave 0.063)
    [0.1875, 0.188], // 187.5: to even is up
    [2.0625, 2.062],
    [2.0005, 2.001], // not a tie: the double is just above 2.0005 (Go prints 2.001)
    [1.0005, 1], // just below 1.0005 (Go prints 1.000)
    [1.2345, 1.234], // just below (Go prints 1.234; Math.round(1234.5) gave 1.235)
    [3333333333332.3335, 3333333333332.333], // multiplying by 1000 first gave .334
    [-1, 0],
    [Number.NaN, 0],
    [Number.POSITIVE_INFINITY, 0],
    [1e22, 1e22],
    [-0, 0], // toBe tells -0 from 0: the integer shortcut must give 0, as toFixed did
    [2 ** 60, 2 ** 60],
    [2 ** 53 + 2, 2 ** 53 + 2],
  ];
  for (const [value, expected] of table) {
    it(`${value} → ${expected}`, () => expect(toMetricValue(value)).toBe(expected));
  }
});

describe('metric names', () => {
  it('normalizes / . : % ( ) to dashes and prefixes the trigger index', () => {
    expect(metricNameWithIndex(2, normalizeMetricName('rabbitmq-a/b.c:d%e(f)'))).toBe('s2-rabbitmq-a-b-c-d-e-f-');
  });
});
