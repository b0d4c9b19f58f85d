import { describe, expect, it } from 'vitest';
import type { ScalingStrategy } from '../manifest/types.js';
import { combineJobScalerMetrics, computeJobsToCreate, jobMaxReplicaCount, jobMinReplicaCount } from './jobs.js';
import { makeScaledJob } from './test-factory.js';

const job = makeScaledJob;

describe('MinReplicaCount() / MaxReplicaCount() quirks', () => {
  it.each([
    [{}, 0, 100],
    [{ maxReplicaCount: 10 }, 0, 10],
    [{ minReplicaCount: 2, maxReplicaCount: 10 }, 2, 8],
    [{ minReplicaCount: 2 }, 2, 100], // unset max: 100, not reduced by min
    [{ minReplicaCount: 12, maxReplicaCount: 10 }, 10, 10], // min > max: spec.max
  ] as const)('%j → min %d, max %d', (spec, min, max) => {
    expect([jobMinReplicaCount(job(spec)), jobMaxReplicaCount(job(spec))]).toEqual([min, max]);
  });
});

describe('computeJobsToCreate (KEDA v2.21 RequestJobScale, pkg/scaling/executor/scale_jobs.go)', () => {
  const base = { queueLength: 10, targetAverageValue: 1, runningJobCount: 3, pendingJobCount: 1, isActive: true };
  it.each([
    ['default: maxScale - running', {}, {}, base, 7],
    [
      'default caps at ceil(queueLength), not queue/target',
      {},
      {},
      { ...base, targetAverageValue: 0.5, runningJobCount: 0 },
      10,
    ],
    ['default with max 5: maxScale min(10, 5) - 3', { maxReplicaCount: 5 }, {}, base, 2],
    ['inactive creates nothing', {}, {}, { ...base, isActive: false }, 0],
    [
      'custom: maxScale - deduction - trunc(r × pct)',
      {},
      { strategy: 'custom', customScalingQueueLengthDeduction: 1, customScalingRunningJobPercentage: '0.5' },
      base,
      8,
    ],
    [
      'custom capped by MaxReplicaCount()',
      { maxReplicaCount: 6 },
      { strategy: 'custom', customScalingRunningJobPercentage: '0' },
      { ...base, runningJobCount: 0 },
      6,
    ],
    [
      'custom with unparsable percentage → default',
      {},
      { strategy: 'custom', customScalingRunningJobPercentage: '50%' },
      base,
      7,
    ],
    [
      'custom with empty percentage → default',
      {},
      { strategy: 'custom', customScalingRunningJobPercentage: '' },
      base,
      7,
    ],
    ['accurate: maxScale - pending when within max', {}, { strategy: 'accurate' }, base, 9],
    [
      'accurate: maxRC - r when over max',
      { maxReplicaCount: 10 },
      { strategy: 'accurate' },
      { ...base, pendingJobCount: 0 },
      7,
    ],
    [
      'eager: min(maxRC - r - pending, maxScale), scaleTo maxRC',
      { maxReplicaCount: 20 },
      { strategy: 'eager' },
      { ...base, queueLength: 4 },
      4,
    ],
    [
      'eager may exceed ceil(queueLength)',
      { maxReplicaCount: 20 },
      { strategy: 'eager' },
      { ...base, queueLength: 4, targetAverageValue: 0.25 },
      16,
    ],
    [
      'below min: min - running, active through min > 0',
      { minReplicaCount: 5 },
      {},
      { ...base, runningJobCount: 2, isActive: false },
      3,
    ],
    ['r = running - min', { minReplicaCount: 2, maxReplicaCount: 12 }, {}, { ...base, runningJobCount: 4 }, 8],
    ['negative effective clamps to 0', {}, {}, { ...base, runningJobCount: 30 }, 0],
    ['target 0 → maxScale 0', {}, {}, { ...base, targetAverageValue: 0, runningJobCount: 0 }, 0],
  ] as const)('%s', (_name, spec, strategy, input, expected) => {
    expect(computeJobsToCreate(job(spec, strategy as Partial<ScalingStrategy>), input)).toBe(expected);
  });
  it('names a bad parameter', () => {
    expect(() => computeJobsToCreate(job(), { ...base, runningJobCount: -1 })).toThrow(
      /"runningJobCount" must be a number >= 0/,
    );
  });
});

describe('combineJobScalerMetrics (multipleScalersCalculation)', () => {
  const a = { queueLength: 0, targetAverageValue: 1, isActive: true };
  const b = { queueLength: 6, targetAverageValue: 2, isActive: true };
  const c = { queueLength: 9, targetAverageValue: 3, isActive: false };
  it.each([
    ['max: an active entry with 0 does not activate', 'max', [a], { isActive: false, queueLength: 0 }],
    [
      'max picks the largest active queue',
      'max',
      [a, b, c],
      { isActive: true, queueLength: 6, maxValue: 3, scaleTo: 6, maxScale: 3 },
    ],
    ['unknown calculation behaves like max', 'median', [b], { isActive: true, queueLength: 6 }],
    ['min: a running minimum of 0 is unset, so 0 is replaced', 'min', [a, b], { isActive: true, queueLength: 6 }],
    ['avg over active entries', 'avg', [a, b, c], { isActive: true, queueLength: 3, maxValue: 1.5, maxScale: 2 }],
    ['sum over active entries', 'sum', [a, b, c], { isActive: true, queueLength: 6, maxValue: 3 }],
  ] as const)('%s', (_name, calc, entries, expected) => {
    expect(combineJobScalerMetrics(job({}, { multipleScalersCalculation: calc }), entries)).toMatchObject(expected);
  });
  it('minReplicaCount > 0 makes it active; maxValue is capped by MaxReplicaCount()', () => {
    const r = combineJobScalerMetrics(job({ minReplicaCount: 1, maxReplicaCount: 3 }), [
      { queueLength: 50, targetAverageValue: 1, isActive: false },
    ]);
    expect(r).toMatchObject({ isActive: true, queueLength: 0 });
    const capped = combineJobScalerMetrics(job({ maxReplicaCount: 3 }), [
      { queueLength: 50, targetAverageValue: 1, isActive: true },
    ]);
    expect(capped).toMatchObject({ maxValue: 3, scaleTo: 50, maxScale: 3 });
  });
});
