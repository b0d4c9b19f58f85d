import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evenDistributionFactor,
  lagForPartition,
  type PartitionLagOptions,
  type TotalLagOptions,
  totalLag,
} from './kafka-lag.js';
import { PARTITION_LAG_DEFAULTS, partitionLags, TOTAL_LAG_DEFAULTS } from './test-support.js';

const latestPolicy = PARTITION_LAG_DEFAULTS;

describe('lagForPartition (recorded offsets)', () => {
  // [name, committed, latest, previous, options, expected lag, expected lagWithPersistent]
  const table: Array<
    [string, number, number | undefined, number | undefined, Partial<PartitionLagOptions>, number, number]
  > = [
    ['committed behind latest', 3, 10, undefined, {}, 7, 7],
    ['caught up', 10, 10, undefined, {}, 0, 0],
    ['committed beyond latest gives a negative lag', 12, 10, undefined, {}, -2, -2],
    ['no commit under latest counts 1 whatever the latest offset', -1, 500, undefined, {}, 1, 1],
    ['no commit under latest on an empty partition counts 1', -1, 0, undefined, {}, 1, 1],
    [
      'no commit under latest with scaleToZeroOnInvalidOffset counts 0',
      -1,
      500,
      undefined,
      { scaleToZeroOnInvalidOffset: true },
      0,
      0,
    ],
    [
      'no commit under earliest without the oldest offset (request failed) counts the latest offset',
      -1,
      500,
      undefined,
      { offsetResetPolicy: 'earliest' },
      500,
      500,
    ],
    [
      'no commit under earliest with scaleToZeroOnInvalidOffset counts 0',
      -1,
      500,
      undefined,
      { offsetResetPolicy: 'earliest', scaleToZeroOnInvalidOffset: true },
      0,
      0,
    ],
    ['partition missing from the latest offsets counts 0', 3, undefined, undefined, {}, 0, 0],
    ['no commit under latest, partition missing from latest: still 1', -1, undefined, undefined, {}, 1, 1],
    [
      'no commit under earliest, partition missing from latest: 0',
      -1,
      undefined,
      undefined,
      { offsetResetPolicy: 'earliest' },
      0,
      0,
    ],
    ['excludePersistentLag, first poll: counts', 3, 10, undefined, { excludePersistentLag: true }, 7, 7],
    [
      'excludePersistentLag, offset unchanged: excluded from the metric only',
      3,
      10,
      3,
      { excludePersistentLag: true },
      0,
      7,
    ],
    ['excludePersistentLag, offset moved: counts', 5, 10, 3, { excludePersistentLag: true }, 5, 5],
    [
      'excludePersistentLag does not apply to a missing commit',
      -1,
      10,
      -1,
      { excludePersistentLag: true, offsetResetPolicy: 'earliest' },
      10,
      10,
    ],
    ['without excludePersistentLag the previous offset is ignored', 3, 10, 3, {}, 7, 7],
  ];
  for (const [name, committed, latest, previous, options, lag, lagWithPersistent] of table) {
    it(name, () => {
      const result = lagForPartition(committed, latest, previous, { ...latestPolicy, ...options });
      expect(result.lag).toBe(lag);
      expect(result.lagWithPersistent).toBe(lagWithPersistent);
    });
  }

  // KEDA v2.21.0 getLagForPartition: `earliest` with nothing committed counts the records still kept.
  // [name, committed, latest, oldest, options, expected lag]
  const withOldest: Array<[string, number, number | undefined, number, Partial<PartitionLagOptions>, number]> = [
    ['no commit under earliest counts latest - oldest', -1, 500, 120, { offsetResetPolicy: 'earliest' }, 380],
    ['no commit under earliest, nothing deleted: latest - 0', -1, 500, 0, { offsetResetPolicy: 'earliest' }, 500],
    [
      'no commit under earliest, oldest past latest: 0, never negative',
      -1,
      500,
      510,
      { offsetResetPolicy: 'earliest' },
      0,
    ],
    [
      'no commit under earliest with scaleToZeroOnInvalidOffset: 0 whatever the oldest',
      -1,
      500,
      120,
      { offsetResetPolicy: 'earliest', scaleToZeroOnInvalidOffset: true },
      0,
    ],
    [
      'no commit under earliest, partition missing from latest: 0',
      -1,
      undefined,
      120,
      { offsetResetPolicy: 'earliest' },
      0,
    ],
    ['a committed offset ignores the oldest offset', 300, 500, 400, { offsetResetPolicy: 'earliest' }, 200],
    ['no commit under latest ignores the oldest offset', -1, 500, 120, {}, 1],
    [
      'no commit under a policy list ignores the oldest offset: latest + 1',
      -1,
      500,
      120,
      { offsetResetPolicy: 'latest,earliest' },
      501,
    ],
  ];
  for (const [name, committed, latest, oldest, options, lag] of withOldest) {
    it(name, () => {
      const result = lagForPartition(committed, latest, undefined, { ...latestPolicy, ...options }, oldest);
      expect(result).toEqual({ lag, lagWithPersistent: lag });
    });
  }

  it('asks to remember the committed offset only under excludePersistentLag when it counts', () => {
    const options = { ...latestPolicy, excludePersistentLag: true };
    expect(lagForPartition(3, 10, undefined, options).remember).toBe(3);
    expect(lagForPartition(5, 10, 3, options).remember).toBe(5);
    expect(lagForPartition(3, 10, 3, options).remember).toBeUndefined();
    expect(lagForPartition(3, 10, undefined, latestPolicy).remember).toBeUndefined();
  });
});

const defaults = TOTAL_LAG_DEFAULTS;
const lags = partitionLags;

describe('totalLag', () => {
  // [name, per-partition lags, options, metric, isActive]
  const table: Array<
    [string, Array<{ lag: number; lagWithPersistent: number }>, Partial<TotalLagOptions>, number, boolean]
  > = [
    ['sums the partitions', lags(3, 4, 5), {}, 12, true],
    ['caps at partitions × threshold', lags(50, 50), {}, 20, true],
    ['integer division: 29 over threshold 10 and 2 partitions is not capped', lags(20, 9), {}, 29, true],
    ['30 over threshold 10 and 2 partitions is capped to 20', lags(20, 10), {}, 20, true],
    ['allowIdleConsumers removes the cap', lags(50, 50), { allowIdleConsumers: true }, 100, true],
    [
      'limitToPartitionsWithLag caps at partitions with lag',
      lags(60, 0, 0),
      { limitToPartitionsWithLag: true },
      10,
      true,
    ],
    [
      'limitToPartitionsWithLag with two lagging partitions',
      lags(30, 30, 0),
      { limitToPartitionsWithLag: true },
      20,
      true,
    ],
    ['limitToPartitionsWithLag with no lag caps at 0', lags(0, 0), { limitToPartitionsWithLag: true }, 0, false],
    [
      'ensureEven: 10 partitions, threshold 1, lag 5 gives 5',
      lags(5, 0, 0, 0, 0, 0, 0, 0, 0, 0),
      { lagThreshold: 1, ensureEvenDistributionOfPartitions: true },
      5,
      true,
    ],
    [
      'ensureEven: lag 8 gives 10',
      lags(8, 0, 0, 0, 0, 0, 0, 0, 0, 0),
      { lagThreshold: 1, ensureEvenDistributionOfPartitions: true },
      10,
      true,
    ],
    [
      'ensureEven: lag 1 gives 1, inactive under activation 1',
      lags(1, 0, 0, 0, 0, 0, 0, 0, 0, 0),
      { lagThreshold: 1, activationLagThreshold: 1, ensureEvenDistributionOfPartitions: true },
      1,
      false,
    ],
    [
      'ensureEven: lag 0 gives lagThreshold (factor 1), inactive',
      lags(0, 0, 0),
      { lagThreshold: 7, ensureEvenDistributionOfPartitions: true },
      7,
      false,
    ],
    [
      'ensureEven applies even with allowIdleConsumers',
      lags(8, 0, 0, 0, 0, 0, 0, 0, 0, 0),
      { lagThreshold: 1, allowIdleConsumers: true, ensureEvenDistributionOfPartitions: true },
      10,
      true,
    ],
    ['a negative total is reported as 0', lags(-5, 2), {}, 0, false],
    ['activity is strict: total equal to the threshold is inactive', lags(1), { activationLagThreshold: 1 }, 1, false],
    ['activity above the threshold', lags(2), { activationLagThreshold: 1 }, 2, true],
    ['no partitions', [], {}, 0, false],
    ['persistent lag: metric 0, still active', [{ lag: 0, lagWithPersistent: 5 }], {}, 0, true],
    [
      'persistent lag does not count as a partition with lag',
      [
        { lag: 0, lagWithPersistent: 5 },
        { lag: 30, lagWithPersistent: 30 },
      ],
      { limitToPartitionsWithLag: true },
      10,
      true,
    ],
    ['activity uses the uncapped persistent sum', lags(500), { activationLagThreshold: 100 }, 10, true],
    ['negative lags lower the activity sum too', lags(-3, 3), {}, 0, false],
  ];
  for (const [name, entries, options, metric, isActive] of table) {
    it(name, () => {
      const result = totalLag(entries, { ...defaults, ...options });
      expect(result.metric).toBe(metric);
      expect(result.isActive).toBe(isActive);
    });
  }

  it('reports the raw sums and the partitions with lag', () => {
    expect(totalLag([{ lag: 0, lagWithPersistent: 4 }, ...lags(30, 0, -1)], defaults)).toEqual({
      metric: 29,
      totalLag: 29,
      totalLagWithPersistent: 33,
      partitionsWithLag: 1,
      isActive: true,
    });
  });

  it('never exceeds partitions × threshold unless idle consumers are allowed (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -100, max: 10_000 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 500 }),
        (values, lagThreshold) => {
          const result = totalLag(lags(...values), { ...defaults, lagThreshold });
          const sum = values.reduce((a, b) => a + b, 0);
          expect(result.metric).toBeGreaterThanOrEqual(0);
          // Integer division lets the metric reach (P+1)·threshold - 1 before capping.
          expect(result.metric).toBeLessThan((values.length + 1) * lagThreshold);
          if (Math.trunc(sum / lagThreshold) <= values.length) expect(result.metric).toBe(Math.max(sum, 0));
        },
      ),
    );
  });
});

describe('evenDistributionFactor', () => {
  const table: Array<[number, number, number, number]> = [
    [10, 0, 1, 1],
    [10, 1, 1, 1],
    [10, 3, 1, 5],
    [10, 6, 1, 10],
    [10, 11, 1, 10],
    [12, 25, 10, 3],
    [7, 15, 10, 7],
    [1, 100, 1, 1],
  ];
  for (const [partitions, lag, threshold, factor] of table) {
    it(`${partitions} partitions, lag ${lag}, threshold ${threshold} → ${factor}`, () => {
      expect(evenDistributionFactor(partitions, lag, threshold)).toBe(factor);
    });
  }
});
