import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';
import { arrivalRateFunction, parseArrivalCsv, parseWorkload, workloadPresets } from './workload.js';

describe('parseDuration / formatDuration', () => {
  it.each([
    [90, 90],
    ['90', 90],
    ['90s', 90],
    ['5m', 300],
    ['1h30m', 5400],
    ['500ms', 0.5],
    ['1d', 86400],
    ['2h', 7200],
  ])('%j is %d s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', 'soon', '5x', '1h 30m', '-5s'])('rejects %j naming what', (text) => {
    expect(() => parseDuration(text, 'until')).toThrow(
      `until must be seconds or a duration like 90s, 5m, 1h30m, 500ms, got "${text}"`,
    );
  });

  it('rejects negative numbers', () => {
    expect(() => parseDuration(-1, 'step')).toThrow('step must be a non-negative number of seconds, got -1');
  });

  it.each([
    [0, '0s'],
    [59, '59s'],
    [90, '1m30s'],
    [3600, '1h'],
    [90061, '1d1h1m1s'],
    [0.5, '0.5s'],
  ])('formats %d as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('arrivalRateFunction', () => {
  it('constant rates', () => {
    expect(arrivalRateFunction(4)(1000)).toBe(4);
    expect(arrivalRateFunction({ type: 'constant', rate: 2 })(0)).toBe(2);
  });

  it('steps hold until the next step and are 0 before the first', () => {
    const rate = arrivalRateFunction({
      type: 'steps',
      steps: [
        { at: '1m', rate: 10 },
        { at: 30, rate: 5 },
      ],
    });
    expect([0, 29, 30, 59, 60, 1e6].map(rate)).toEqual([0, 0, 5, 5, 10, 10]);
  });

  it('bursts repeat every period from start', () => {
    const rate = arrivalRateFunction({
      type: 'bursts',
      baseRate: 1,
      burstRate: 50,
      every: 100,
      duration: 10,
      start: 20,
    });
    expect([0, 19, 20, 29, 30, 119, 120, 129, 130].map(rate)).toEqual([1, 1, 50, 50, 1, 1, 50, 50, 1]);
  });

  it('sine never goes below 0', () => {
    const rate = arrivalRateFunction({ type: 'sine', mean: 10, amplitude: 20, period: 40 });
    expect(rate(0)).toBe(10);
    expect(rate(10)).toBe(30);
    expect(rate(30)).toBe(0);
  });

  it('functions are clamped at 0', () => {
    expect(arrivalRateFunction(() => -3)(0)).toBe(0);
  });

  it.each([
    [-1, 'workload.arrivals must be a non-negative number, got -1'],
    [
      { type: 'bursts', baseRate: 1, burstRate: 5, every: 10, duration: 20 },
      'workload.arrivals.duration must not exceed workload.arrivals.every',
    ],
    [
      { type: 'bursts', baseRate: 1, burstRate: 5, every: 0, duration: 0 },
      'workload.arrivals.every must be longer than 0, got 0',
    ],
    [{ type: 'steps', steps: [] }, 'workload.arrivals.steps must be a non-empty list of { at, rate }'],
    [
      { type: 'steps', steps: [{ at: 0, rate: -2 }] },
      'workload.arrivals.steps[0].rate must be a non-negative number, got -2',
    ],
    [
      { type: 'wave' },
      'workload.arrivals must be a number (items per second), a function, or an object with type constant, steps, bursts, sine or trace',
    ],
  ])('rejects %j', (model, message) => {
    // biome-ignore lint/suspicious/noExplicitAny: invalid input on purpose
    expect(() => arrivalRateFunction(model as any)).toThrow(message);
  });
});

describe('parseArrivalCsv', () => {
  it('reads time,rate lines with a header, comments and durations', () => {
    const model = parseArrivalCsv('time,rate\n# quiet\n0,5\n10m,40\n\n12m;5\n');
    expect(model).toEqual({
      type: 'trace',
      points: [
        { at: 0, rate: 5 },
        { at: 600, rate: 40 },
        { at: 720, rate: 5 },
      ],
    });
    const rate = arrivalRateFunction(model);
    expect([0, 599, 600, 719, 720].map(rate)).toEqual([5, 5, 40, 40, 5]);
  });

  it('names the line of a bad value', () => {
    expect(() => parseArrivalCsv('0,5\n10,abc', 'load.csv')).toThrow(
      'load.csv:2: rate must be a non-negative number, got "abc"',
    );
    expect(() => parseArrivalCsv('time,rate\n', 'load.csv')).toThrow('load.csv: no data lines (expected "time,rate")');
  });
});

describe('parseWorkload', () => {
  it('accepts every preset', () => {
    for (const preset of Object.values(workloadPresets)) expect(parseWorkload(preset)).toEqual(preset);
  });

  it('names unknown and invalid fields', () => {
    expect(() => parseWorkload({ arrivals: 1, serviceRatePerReplica: 1, speed: 3 })).toThrow(
      'workload.speed is not a workload field (accepted: arrivals, serviceRatePerReplica, startupDelay, initialBacklog, trigger)',
    );
    expect(() => parseWorkload({ arrivals: 1 })).toThrow(
      'workload.serviceRatePerReplica must be a non-negative number, got undefined',
    );
    expect(() => parseWorkload({ arrivals: 1, serviceRatePerReplica: 1, startupDelay: 'later' })).toThrow(
      'workload.startupDelay must be seconds or a duration',
    );
    expect(() => parseWorkload([])).toThrow('workload must be an object with arrivals and serviceRatePerReplica');
  });
});
