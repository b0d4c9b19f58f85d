// A second, independent table of KEDA's `kafka` lag rules (KEDA v2.21 pkg/scalers/kafka_scaler.go: `getLagForPartition`,
// `getTotalLag`, `GetMetricsAndActivity`; e2e steps from tests/scalers/kafka/kafka_test.go), checked on the
// pure functions and end to end through kafkaScaler.parse() and the scaler over a recorded cluster.
import { createConnectionCache, type ScalerContext, ScalerError, silentLogger } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import type { KafkaAdminLike, KafkaPartitionOffset } from './kafka-client.js';
import { evenDistributionFactor, lagForPartition, type PartitionLagOptions, totalLag } from './kafka-lag.js';
import { KafkaScaler, kafkaScaler } from './kafka-scaler.js';
import { PARTITION_LAG_DEFAULTS, partitionLags, pollOnce, TOTAL_LAG_DEFAULTS } from './test-support.js';

describe('lagForPartition: one partition (KEDA getLagForPartition)', () => {
  const options = (overrides: Partial<PartitionLagOptions> = {}): PartitionLagOptions => ({
    ...PARTITION_LAG_DEFAULTS,
    ...overrides,
  });
  // [name, committed, latest, previous, options, lag, lagWithPersistent, remembered]
  const table: Array<
    [string, number, number | undefined, number | undefined, Partial<PartitionLagOptions>, number, number, number?]
  > = [
    ['latest - committed', 4, 10, undefined, {}, 6, 6],
    ['a negative lag is kept (committed past latest)', 15, 10, undefined, {}, -5, -5],
    ['latest, nothing committed: 1', -1, 1000, undefined, {}, 1, 1],
    ['latest, nothing committed, empty partition: still 1', -1, 0, undefined, {}, 1, 1],
    ['latest, nothing committed, partition missing from ListOffsets: still 1', -1, undefined, undefined, {}, 1, 1],
    [
      'latest, nothing committed, scaleToZeroOnInvalidOffset: 0',
      -1,
      1000,
      undefined,
      { scaleToZeroOnInvalidOffset: true },
      0,
      0,
    ],
    [
      'earliest, nothing committed, no oldest offset (request failed): the latest offset',
      -1,
      1000,
      undefined,
      { offsetResetPolicy: 'earliest' },
      1000,
      1000,
    ],
    [
      'earliest, nothing committed, scaleToZeroOnInvalidOffset: 0',
      -1,
      1000,
      undefined,
      { offsetResetPolicy: 'earliest', scaleToZeroOnInvalidOffset: true },
      0,
      0,
    ],
    [
      'earliest, nothing committed, partition missing: 0',
      -1,
      undefined,
      undefined,
      { offsetResetPolicy: 'earliest' },
      0,
      0,
    ],
    ['committed, partition missing from ListOffsets: 0', 7, undefined, undefined, {}, 0, 0],
    [
      'a policy list (latest,earliest), nothing committed: latest + 1, as KEDA computes it',
      -1,
      1000,
      undefined,
      { offsetResetPolicy: 'latest,earliest' },
      1001,
      1001,
    ],
    [
      'a policy list, nothing committed, scaleToZeroOnInvalidOffset: 0',
      -1,
      1000,
      undefined,
      { offsetResetPolicy: 'latest,earliest', scaleToZeroOnInvalidOffset: true },
      0,
      0,
    ],
    [
      'excludePersistentLag, first sight: counts and is remembered',
      4,
      10,
      undefined,
      { excludePersistentLag: true },
      6,
      6,
      4,
    ],
    [
      'excludePersistentLag, unchanged: 0 in the metric, kept for activity',
      4,
      10,
      4,
      { excludePersistentLag: true },
      0,
      6,
    ],
    ['excludePersistentLag, moved: counts and is remembered again', 6, 10, 4, { excludePersistentLag: true }, 4, 4, 6],
    ['excludePersistentLag, caught up and unchanged: 0 and 0', 10, 10, 10, { excludePersistentLag: true }, 0, 0],
    [
      'excludePersistentLag, nothing committed under latest: 1, nothing remembered',
      -1,
      10,
      -1,
      { excludePersistentLag: true },
      1,
      1,
    ],
    [
      'excludePersistentLag, nothing committed under earliest, no oldest offset: the latest offset, nothing remembered',
      -1,
      10,
      -1,
      { excludePersistentLag: true, offsetResetPolicy: 'earliest' },
      10,
      10,
    ],
    ['without excludePersistentLag the previous offset is ignored', 4, 10, 4, {}, 6, 6],
  ];
  for (const [name, committed, latest, previous, overrides, lag, lagWithPersistent, remembered] of table) {
    it(name, () => {
      const result = lagForPartition(committed, latest, previous, options(overrides));
      expect(result.lag).toBe(lag);
      expect(result.lagWithPersistent).toBe(lagWithPersistent);
      expect(result.remember).toBe(remembered);
    });
  }
});

describe('totalLag: caps, even distribution, activity, clamping (KEDA getTotalLag)', () => {
  const defaults = TOTAL_LAG_DEFAULTS;
  const same = partitionLags;
  // [name, partitions, options, metric, isActive]
  const table: Array<
    [string, Array<{ lag: number; lagWithPersistent: number }>, Partial<typeof defaults>, number, boolean]
  > = [
    ['sum below the cap', same(3, 4), {}, 7, true],
    ['29 over 2 partitions at threshold 10 is not capped (29/10 = 2, integer division)', same(20, 9), {}, 29, true],
    ['30 over 2 partitions is capped to 20', same(20, 10), {}, 20, true],
    ['a large lag is capped at partitions × threshold', same(500, 0, 0), {}, 30, true],
    ['allowIdleConsumers lifts the cap', same(500, 0, 0), { allowIdleConsumers: true }, 500, true],
    [
      'allowIdleConsumers with ensureEvenDistributionOfPartitions keeps the cap',
      same(500, 0, 0, 0),
      { allowIdleConsumers: true, ensureEvenDistributionOfPartitions: true },
      40,
      true,
    ],
    [
      'limitToPartitionsWithLag caps at partitions with lag',
      same(500, 0, 0),
      { limitToPartitionsWithLag: true },
      10,
      true,
    ],
    [
      'limitToPartitionsWithLag with two lagging partitions',
      same(500, 7, 0),
      { limitToPartitionsWithLag: true },
      20,
      true,
    ],
    [
      'limitToPartitionsWithLag: persistent-lag partitions do not count as lagging',
      [
        { lag: 500, lagWithPersistent: 500 },
        { lag: 0, lagWithPersistent: 80 },
      ],
      { limitToPartitionsWithLag: true },
      10,
      true,
    ],
    ['limitToPartitionsWithLag with no lag at all: 0', same(0, 0), { limitToPartitionsWithLag: true }, 0, false],
    [
      'even distribution, 10 partitions, threshold 1: lag 5 gives 5',
      [...same(5), ...same(0, 0, 0, 0, 0, 0, 0, 0, 0)],
      { lagThreshold: 1, ensureEvenDistributionOfPartitions: true },
      5,
      true,
    ],
    [
      'even distribution: lag 8 gives 10',
      [...same(8), ...same(0, 0, 0, 0, 0, 0, 0, 0, 0)],
      { lagThreshold: 1, ensureEvenDistributionOfPartitions: true },
      10,
      true,
    ],
    [
      'even distribution: lag 3 gives 5',
      [...same(3), ...same(0, 0, 0, 0, 0, 0, 0, 0, 0)],
      { lagThreshold: 1, ensureEvenDistributionOfPartitions: true },
      5,
      true,
    ],
    [
      'even distribution: lag 1 gives 1, inactive at activation 1',
      [...same(1), ...same(0, 0, 0, 0, 0, 0, 0, 0, 0)],
      { lagThreshold: 1, activationLagThreshold: 1, ensureEvenDistributionOfPartitions: true },
      1,
      false,
    ],
    [
      'even distribution: lag 0 still gives lagThreshold (factor 1), inactive',
      same(0, 0, 0, 0),
      { lagThreshold: 7, ensureEvenDistributionOfPartitions: true },
      7,
      false,
    ],
    [
      'even distribution: a lag beyond every factor gives the partition count, then the cap',
      same(1000, 0, 0, 0),
      { ensureEvenDistributionOfPartitions: true },
      40,
      true,
    ],
    [
      'activity is strict: lag equal to activationLagThreshold is inactive',
      same(3, 2),
      { activationLagThreshold: 5 },
      5,
      false,
    ],
    ['activity: lag one above activationLagThreshold is active', same(3, 3), { activationLagThreshold: 5 }, 6, true],
    ['default activation 0: lag 1 is active', same(1), {}, 1, true],
    ['no lag: metric 0, inactive', same(0, 0), {}, 0, false],
    [
      'persistent lag: metric 0 but active (activity uses the persistent-inclusive sum)',
      [{ lag: 0, lagWithPersistent: 5 }],
      {},
      0,
      true,
    ],
    ['negative lags reduce the total; the metric is clamped at 0', same(-8, 3), {}, 0, false],
    ['negative lags reduce the activity sum too (not clamped)', same(-2, 3), { activationLagThreshold: 0 }, 1, true],
    ['no partitions: 0, inactive', [], {}, 0, false],
  ];
  for (const [name, lags, overrides, metric, isActive] of table) {
    it(name, () => {
      const result = totalLag(lags, { ...defaults, ...overrides });
      expect(result.metric).toBe(metric);
      expect(result.isActive).toBe(isActive);
    });
  }

  it('keeps the raw sums next to the metric', () => {
    const result = totalLag(
      [
        { lag: 500, lagWithPersistent: 500 },
        { lag: 0, lagWithPersistent: 40 },
        { lag: -3, lagWithPersistent: -3 },
      ],
      defaults,
    );
    expect(result).toEqual({
      metric: 30,
      totalLag: 497,
      totalLagWithPersistent: 537,
      partitionsWithLag: 1,
      isActive: true,
    });
  });

  // KEDA's getNextFactorThatBalancesConsumersToTopicPartitions cases: (lag, partitions, threshold) -> factor.
  const factors: Array<[number, number, number, number]> = [
    [10, 100, 10, 1],
    [20, 100, 10, 2],
    [40, 100, 10, 4],
    [50, 100, 10, 5],
    [99, 100, 10, 10],
    [100, 100, 10, 10],
    [101, 100, 10, 20],
    [0, 10, 1, 1],
    [11, 10, 1, 10],
    [5, 13, 1, 13],
    [3, 25, 1, 5],
    [-4, 6, 1, 1],
    [5, 0, 1, 0],
  ];
  for (const [lag, partitions, threshold, factor] of factors) {
    it(`picks factor ${factor} for lag ${lag} over ${partitions} partitions at threshold ${threshold}`, () => {
      expect(evenDistributionFactor(partitions, lag, threshold)).toBe(factor);
    });
  }
});

/** A cluster frozen in time: topic → latest offset per partition; group → topic → committed per partition. */
interface Cluster {
  latest: Record<string, number[]>;
  committed: Record<string, Record<string, Array<number | undefined>>>;
  /** Partitions the ListOffsets answer leaves out (Azure Event Hubs quirk). */
  missingLatest?: Record<string, number[]>;
  /** Partitions the OffsetFetch answer leaves out. */
  missingCommitted?: Record<string, number[]>;
  /** topic → oldest offset (log start) per partition; 0 where not given. */
  earliest?: Record<string, number[]>;
  /** Partitions the earliest ListOffsets answer leaves out. */
  missingEarliest?: Record<string, number[]>;
  /** The earliest ListOffsets request fails. */
  failEarliest?: boolean;
}

function recordedAdmin(cluster: Cluster) {
  const requests: string[] = [];
  const admin: KafkaAdminLike & { requests: string[]; failNext?: boolean } = {
    requests,
    async fetchTopicMetadata(topics) {
      requests.push(`Metadata(${topics.join(',') || '*'})`);
      if (admin.failNext) {
        admin.failNext = false;
        throw new Error('broker went away');
      }
      const names = topics.length === 0 ? Object.keys(cluster.latest) : [...topics];
      return names.map((topic) => {
        const partitions = cluster.latest[topic];
        if (partitions === undefined) throw new Error(`UNKNOWN_TOPIC_OR_PARTITION ${topic}`);
        return { topic, partitions: partitions.map((_, partition) => ({ partition, leader: partition % 2 })) };
      });
    },
    async fetchCommittedOffsets(groupId, topics) {
      requests.push(`OffsetFetch(${groupId}:${topics === null ? 'null' : topics.map((t) => t.topic).join(',')})`);
      const group = cluster.committed[groupId] ?? {};
      const offsets: KafkaPartitionOffset[] = [];
      if (topics === null) {
        for (const [topic, partitions] of Object.entries(group)) {
          partitions.forEach((offset, partition) => {
            if (offset !== undefined) offsets.push({ topic, partition, offset });
          });
        }
        return offsets;
      }
      for (const { topic, partitions } of topics) {
        for (const partition of partitions) {
          if (cluster.missingCommitted?.[topic]?.includes(partition)) continue;
          offsets.push({ topic, partition, offset: group[topic]?.[partition] ?? -1 });
        }
      }
      return offsets;
    },
    async fetchLatestOffsets(topics) {
      requests.push(`ListOffsets(${topics.map((t) => t.topic).join(',')})`);
      return topics.flatMap(({ topic, partitions }) =>
        partitions
          .filter(({ partition }) => !cluster.missingLatest?.[topic]?.includes(partition))
          .map(({ partition }) => ({ topic, partition, offset: cluster.latest[topic]![partition]! })),
      );
    },
    async fetchEarliestOffsets(topics) {
      requests.push(
        `ListOffsets(earliest ${topics.map((t) => `${t.topic}:${t.partitions.map((p) => p.partition).join(',')}`).join(' ')})`,
      );
      if (cluster.failEarliest) throw new Error('NOT_LEADER_OR_FOLLOWER');
      return topics.flatMap(({ topic, partitions }) =>
        partitions
          .filter(({ partition }) => !cluster.missingEarliest?.[topic]?.includes(partition))
          .map(({ partition }) => ({ topic, partition, offset: cluster.earliest?.[topic]?.[partition] ?? 0 })),
      );
    },
    async disconnect() {},
  };
  return admin;
}

const context = (): ScalerContext => ({
  logger: silentLogger,
  signal: new AbortController().signal,
  connections: createConnectionCache(),
  timeoutMs: 1000,
});

function scalerOver(cluster: Cluster, metadata: Record<string, string>) {
  const admin = recordedAdmin(cluster);
  const config = kafkaScaler.parse({ metadata: { bootstrapServers: 'b:9092', consumerGroup: 'g', ...metadata } });
  const scaler = new KafkaScaler(config, context(), { createAdmin: async () => admin });
  const poll = () => pollOnce(scaler);
  return { admin, scaler, poll };
}

describe('the scaler end to end over a recorded cluster (KEDA GetMetricsAndActivity, kafka_test.go e2e steps)', () => {
  // [name, cluster, metadata, expected metric, expected activity]
  const table: Array<[string, Cluster, Record<string, string>, number, boolean]> = [
    [
      'earliest, no commits, 0 messages: 0, inactive',
      { latest: { t: [0, 0, 0] }, committed: {} },
      { topic: 't', offsetResetPolicy: 'earliest', lagThreshold: '1', activationLagThreshold: '1' },
      0,
      false,
    ],
    [
      'earliest, no commits, 1 message: metric 1 but inactive at activation 1',
      { latest: { t: [1, 0, 0] }, committed: {} },
      { topic: 't', offsetResetPolicy: 'earliest', lagThreshold: '1', activationLagThreshold: '1' },
      1,
      false,
    ],
    [
      'earliest, no commits, 2 messages: 2, active',
      { latest: { t: [1, 1, 0] }, committed: {} },
      { topic: 't', offsetResetPolicy: 'earliest', lagThreshold: '1', activationLagThreshold: '1' },
      2,
      true,
    ],
    [
      'earliest, no commits, 7 messages on 3 partitions: capped at 3',
      { latest: { t: [3, 2, 2] }, committed: {} },
      { topic: 't', offsetResetPolicy: 'earliest', lagThreshold: '1', activationLagThreshold: '1' },
      3,
      true,
    ],
    [
      'earliest, no commits, heads deleted: latest - oldest per partition (records still kept)',
      { latest: { t: [10, 10, 4] }, committed: {}, earliest: { t: [8, 0, 4] } },
      { topic: 't', offsetResetPolicy: 'earliest', allowIdleConsumers: 'true' },
      12,
      true,
    ],
    [
      'earliest, no commits, whole log deleted: 0, inactive',
      { latest: { t: [10] }, committed: {}, earliest: { t: [10] } },
      { topic: 't', offsetResetPolicy: 'earliest' },
      0,
      false,
    ],
    [
      'earliest, no commits, log start past the latest offset read before (retention moved on): 0',
      { latest: { t: [10] }, committed: {}, earliest: { t: [12] } },
      { topic: 't', offsetResetPolicy: 'earliest' },
      0,
      false,
    ],
    [
      'earliest, the earliest ListOffsets fails: the latest offset, as KEDA falls back',
      { latest: { t: [10, 6] }, committed: {}, earliest: { t: [8, 5] }, failEarliest: true },
      { topic: 't', offsetResetPolicy: 'earliest', allowIdleConsumers: 'true' },
      16,
      true,
    ],
    [
      'earliest, a partition missing from the earliest answer counts its latest offset',
      { latest: { t: [10, 6] }, committed: {}, earliest: { t: [8, 5] }, missingEarliest: { t: [1] } },
      { topic: 't', offsetResetPolicy: 'earliest', allowIdleConsumers: 'true' },
      8,
      true,
    ],
    [
      'earliest, one partition committed: latest - committed there, latest - oldest on the other',
      { latest: { t: [10, 10] }, committed: { g: { t: [4, undefined] } }, earliest: { t: [9, 7] } },
      { topic: 't', offsetResetPolicy: 'earliest', allowIdleConsumers: 'true' },
      9,
      true,
    ],
    [
      'a policy list (latest,earliest) never reads the oldest offset: latest + 1',
      { latest: { t: [10] }, committed: {}, earliest: { t: [8] } },
      { topic: 't', offsetResetPolicy: 'latest,earliest', allowIdleConsumers: 'true' },
      11,
      true,
    ],
    [
      'latest, no commits: 1 per partition, active even with 0 messages',
      { latest: { t: [0, 0, 0] }, committed: {} },
      { topic: 't' },
      3,
      true,
    ],
    [
      'latest, no commits, scaleToZeroOnInvalidOffset: 0, inactive',
      { latest: { t: [5, 5, 5] }, committed: {} },
      { topic: 't', scaleToZeroOnInvalidOffset: 'true' },
      0,
      false,
    ],
    [
      'earliest, no commits, scaleToZeroOnInvalidOffset: 0, inactive',
      { latest: { t: [5, 5, 5] }, committed: {} },
      { topic: 't', offsetResetPolicy: 'earliest', scaleToZeroOnInvalidOffset: 'true' },
      0,
      false,
    ],
    [
      'committed offsets: latest - committed summed',
      { latest: { t: [10, 20, 30] }, committed: { g: { t: [5, 20, 25] } } },
      { topic: 't' },
      10,
      true,
    ],
    [
      'one partition committed, one not (latest): 1 for the uncommitted one',
      { latest: { t: [10, 20] }, committed: { g: { t: [4, undefined] } } },
      { topic: 't' },
      7,
      true,
    ],
    [
      'partitionLimitation counts only the listed partitions',
      { latest: { t: [10, 20, 30, 40] }, committed: { g: { t: [0, 0, 0, 0] } } },
      { topic: 't', partitionLimitation: '1,3', allowIdleConsumers: 'true' },
      60,
      true,
    ],
    [
      'partitionLimitation also caps by the listed partitions only',
      { latest: { t: [100, 100, 100, 100] }, committed: { g: { t: [0, 0, 0, 0] } } },
      { topic: 't', partitionLimitation: '0-1' },
      20,
      true,
    ],
    [
      'a partition missing from ListOffsets is not counted (nor in the cap)',
      { latest: { t: [100, 100, 100] }, committed: { g: { t: [0, 0, 0] } }, missingLatest: { t: [2] } },
      { topic: 't' },
      20,
      true,
    ],
    [
      'no topic: the topics the group committed in',
      { latest: { a: [10, 10], b: [7], other: [99] }, committed: { g: { a: [5, 8], b: [4] } } },
      {},
      10,
      true,
    ],
    [
      'no topic, no commits: every topic of the cluster, 1 per partition under latest',
      { latest: { a: [10, 10], b: [7], __consumer_offsets: [0, 0, 0] }, committed: {} },
      {},
      6,
      true,
    ],
    [
      'no topic, partitionLimitation ignored',
      { latest: { a: [10, 10] }, committed: { g: { a: [0, 0] } } },
      { partitionLimitation: '0', allowIdleConsumers: 'true' },
      20,
      true,
    ],
    [
      'limitToPartitionsWithLag: 6 on one partition at threshold 1 gives 1',
      { latest: { t: [6, 0, 0] }, committed: { g: { t: [0, 0, 0] } } },
      { topic: 't', lagThreshold: '1', limitToPartitionsWithLag: 'true' },
      1,
      true,
    ],
    [
      'limitToPartitionsWithLag: then 5 on a second partition gives 2',
      { latest: { t: [6, 5, 0] }, committed: { g: { t: [0, 0, 0] } } },
      { topic: 't', lagThreshold: '1', limitToPartitionsWithLag: 'true' },
      2,
      true,
    ],
    [
      'ensureEvenDistributionOfPartitions: lag 8 over 10 partitions at threshold 1 gives 10',
      { latest: { t: [8, 0, 0, 0, 0, 0, 0, 0, 0, 0] }, committed: { g: { t: Array(10).fill(0) } } },
      { topic: 't', lagThreshold: '1', ensureEvenDistributionOfPartitions: 'true' },
      10,
      true,
    ],
    [
      'a negative lag after a topic was recreated: metric 0',
      { latest: { t: [3] }, committed: { g: { t: [50] } } },
      { topic: 't' },
      0,
      false,
    ],
    [
      'a policy list (latest,earliest), nothing committed: latest + 1 per partition',
      { latest: { t: [4, 0] }, committed: {} },
      { topic: 't', offsetResetPolicy: 'latest,earliest', allowIdleConsumers: 'true' },
      6,
      true,
    ],
  ];
  for (const [name, cluster, metadata, value, isActive] of table) {
    it(name, async () => {
      const { poll, scaler } = scalerOver(cluster, metadata);
      await expect(poll()).resolves.toEqual({ value, isActive });
      await scaler.close();
    });
  }

  it('sends Metadata, then OffsetFetch and ListOffsets, when a topic is set', async () => {
    const { admin, poll } = scalerOver({ latest: { t: [1] }, committed: {} }, { topic: 't' });
    await poll();
    expect(admin.requests).toEqual(['Metadata(t)', 'OffsetFetch(g:t)', 'ListOffsets(t)']);
  });

  // KEDA v2.21.0 getConsumerAndProducerOffsets asks ListOffsets for the oldest offset only under `earliest`,
  // without scaleToZeroOnInvalidOffset, and only for partitions whose committed offset is -1.
  const earliestRequests: Array<[string, Cluster, Record<string, string>, string[]]> = [
    [
      'under earliest with every partition committed: no earliest request (3 requests)',
      { latest: { t: [5, 5] }, committed: { g: { t: [1, 2] } } },
      { topic: 't', offsetResetPolicy: 'earliest' },
      ['Metadata(t)', 'OffsetFetch(g:t)', 'ListOffsets(t)'],
    ],
    [
      'under earliest with partitions 0 and 2 uncommitted: one earliest request for them (4 requests)',
      { latest: { t: [5, 5, 5] }, committed: { g: { t: [undefined, 2, undefined] } } },
      { topic: 't', offsetResetPolicy: 'earliest' },
      ['Metadata(t)', 'OffsetFetch(g:t)', 'ListOffsets(t)', 'ListOffsets(earliest t:0,2)'],
    ],
    [
      'under earliest with scaleToZeroOnInvalidOffset: no earliest request',
      { latest: { t: [5] }, committed: {} },
      { topic: 't', offsetResetPolicy: 'earliest', scaleToZeroOnInvalidOffset: 'true' },
      ['Metadata(t)', 'OffsetFetch(g:t)', 'ListOffsets(t)'],
    ],
    [
      'under latest with nothing committed: no earliest request',
      { latest: { t: [5] }, committed: {} },
      { topic: 't' },
      ['Metadata(t)', 'OffsetFetch(g:t)', 'ListOffsets(t)'],
    ],
    [
      'under earliest without a topic: only the uncommitted partitions of the group topics',
      { latest: { a: [5, 5], b: [3] }, committed: { g: { a: [1, undefined], b: [0] } } },
      { offsetResetPolicy: 'earliest' },
      ['OffsetFetch(g:null)', 'Metadata(a,b)', 'OffsetFetch(g:a,b)', 'ListOffsets(a,b)', 'ListOffsets(earliest a:1)'],
    ],
  ];
  for (const [name, cluster, metadata, requests] of earliestRequests) {
    it(`sends ${requests.length} requests ${name}`, async () => {
      const { admin, poll } = scalerOver(cluster, metadata);
      await poll();
      expect(admin.requests).toEqual(requests);
    });
  }

  it('sends a null-topics OffsetFetch first when no topic is set', async () => {
    const { admin, poll } = scalerOver({ latest: { a: [1] }, committed: { g: { a: [0] } } }, {});
    await poll();
    expect(admin.requests).toEqual(['OffsetFetch(g:null)', 'Metadata(a)', 'OffsetFetch(g:a)', 'ListOffsets(a)']);
  });

  it('excludes persistent lag from the second poll on, stays active, and counts again once it moves', async () => {
    const cluster: Cluster = { latest: { t: [10] }, committed: { g: { t: [4] } } };
    const { poll } = scalerOver(cluster, { topic: 't', excludePersistentLag: 'true' });
    await expect(poll()).resolves.toEqual({ value: 6, isActive: true });
    await expect(poll()).resolves.toEqual({ value: 0, isActive: true });
    cluster.committed.g!.t = [7];
    await expect(poll()).resolves.toEqual({ value: 3, isActive: true });
    await expect(poll()).resolves.toEqual({ value: 0, isActive: true });
  });

  it('forgets previous offsets after a failed poll, as KEDA rebuilds its scaler', async () => {
    const cluster: Cluster = { latest: { t: [10] }, committed: { g: { t: [4] } } };
    const { admin, poll } = scalerOver(cluster, { topic: 't', excludePersistentLag: 'true' });
    await poll();
    admin.failNext = true;
    await expect(poll()).rejects.toBeInstanceOf(ScalerError);
    await expect(poll()).resolves.toEqual({ value: 6, isActive: true });
  });

  const failures: Array<[string, Cluster, Record<string, string>, RegExp]> = [
    ['an unknown topic', { latest: {}, committed: {} }, { topic: 'nope' }, /UNKNOWN_TOPIC/],
    [
      'a partitionLimitation that leaves no partition',
      { latest: { t: [1, 1] }, committed: {} },
      { topic: 't', partitionLimitation: '5-9' },
      /no partition/,
    ],
    [
      'a partitionLimitation of reversed ranges only',
      { latest: { t: [1, 1] }, committed: {} },
      { topic: 't', partitionLimitation: '1-0' },
      /no partition/,
    ],
    [
      'an OffsetFetch answer without a block for a partition',
      { latest: { t: [5, 5] }, committed: { g: { t: [1, 1] } }, missingCommitted: { t: [1] } },
      { topic: 't' },
      /partition 1/,
    ],
  ];
  for (const [name, cluster, metadata, message] of failures) {
    it(`fails the poll for ${name}`, async () => {
      const { poll } = scalerOver(cluster, metadata);
      const failure = await poll().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(ScalerError.isInstance(failure)).toBe(true);
      expect((failure as Error).message).toMatch(message);
    });
  }

  it('reports the metric under the target lagThreshold, s<index>-kafka-<topic>', () => {
    const config = kafkaScaler.parse({
      metadata: { bootstrapServers: 'b:1', consumerGroup: 'my.group', topic: 'my.topic', lagThreshold: '25' },
      triggerIndex: 2,
    });
    expect(new KafkaScaler(config, context()).getMetricSpecs()).toEqual([
      { metricName: 's2-kafka-my-topic', targetType: 'AverageValue', targetValue: 25 },
    ]);
  });
});
