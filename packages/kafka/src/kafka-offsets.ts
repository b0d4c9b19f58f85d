// The offsets one poll reads, with KEDA's requests (KEDA v2.21.0 pkg/scalers/kafka_scaler.go getTopicPartitions,
// getConsumerAndProducerOffsets): Metadata (after an OffsetFetch listing the group's topics when no topic is
// given), then OffsetFetch and ListOffsets (latest) in parallel, then ListOffsets (earliest) only for partitions
// that need it.
import { type Logger, ScalerError } from '@scalerkit/core';
import type { KafkaAdminLike, KafkaPartitionOffset, KafkaTopicMetadata } from './kafka-client.js';
import { NO_COMMITTED_OFFSET } from './kafka-lag.js';
import type { KafkaScalerConfig } from './kafka-parameters.js';

/** The offsets of one partition that the lag rule needs. */
export interface PartitionOffsets {
  topic: string;
  partition: number;
  /** The group's committed offset, `-1` when nothing is committed. */
  committed: number;
  /** The latest offset (high watermark). */
  latest: number;
  /** The oldest offset (log start), read only under `earliest` for a partition without a committed offset. */
  oldest: number | undefined;
}

/** What the reading needs from the trigger's config. */
export type OffsetReadingOptions = Pick<
  KafkaScalerConfig,
  'consumerGroup' | 'topic' | 'partitionLimitation' | 'offsetResetPolicy' | 'scaleToZeroOnInvalidOffset'
>;

/** What one reading found: the partitions' offsets, and the topics and partitions they were asked for. */
export interface OffsetReading {
  offsets: PartitionOffsets[];
  /** The Metadata answer the offsets were asked for: give it back to the next reading as `previousTopics`. */
  topics: KafkaTopicMetadata[];
}

/**
 * One entry per partition in the latest-offset answer (KEDA iterates over that answer), with the committed offset
 * and, when KEDA asks for it, the oldest offset. Rejects when the OffsetFetch answer lacks a partition.
 *
 * With `previousTopics` (the previous reading's `topics`), OffsetFetch and ListOffsets for those partitions go out
 * with the Metadata request instead of after its answer, and their answers are used when the Metadata answer is
 * the same (same topics, partitions and leaders); otherwise both are sent again for the new partitions. The
 * requests and their count stay KEDA's; a poll in steady state waits for one round trip instead of two.
 */
export async function readPartitionOffsets(
  admin: KafkaAdminLike,
  config: OffsetReadingOptions,
  logger: Logger,
  previousTopics?: readonly KafkaTopicMetadata[],
): Promise<OffsetReading> {
  // Both requests settle before either failure is reported: nothing is left running inside the client when the
  // poll ends (close() waits for polls, not for requests).
  const fetchOffsets = async (
    topics: readonly KafkaTopicMetadata[],
  ): Promise<[KafkaPartitionOffset[], KafkaPartitionOffset[]]> => {
    const request = topics.map(({ topic, partitions }) => ({ topic, partitions: partitions.map((p) => p.partition) }));
    const [committed, latest] = await Promise.allSettled([
      admin.fetchCommittedOffsets(config.consumerGroup, request),
      admin.fetchLatestOffsets(topics),
    ]);
    if (committed.status === 'rejected') throw committed.reason;
    if (latest.status === 'rejected') throw latest.reason;
    return [committed.value, latest.value];
  };
  const selecting = selectTopics(admin, config);
  let early: ReturnType<typeof fetchOffsets> | undefined;
  if (previousTopics !== undefined) {
    early = fetchOffsets(previousTopics);
    // Its failure is reported only if its answers are used; a failed Metadata request must not leave it unhandled.
    early.catch(() => undefined);
  }
  let topics: KafkaTopicMetadata[];
  try {
    topics = await selecting;
  } catch (error) {
    // Nothing is left running inside the client when the poll ends.
    await early?.catch(() => undefined);
    throw error;
  }
  let answers: Awaited<ReturnType<typeof fetchOffsets>>;
  if (early !== undefined && sameTopics(topics, previousTopics!)) {
    answers = await early;
  } else {
    // The early requests are let finish (not abandoned inside the client) before the poll ends.
    const [fresh] = await Promise.allSettled([fetchOffsets(topics), early]);
    if (fresh.status === 'rejected') throw fresh.reason;
    answers = fresh.value;
  }
  const [committedAnswer, latestAnswer] = answers;
  const committedByPartition = indexOffsets(committedAnswer);
  const offsets = latestAnswer.map(({ topic, partition, offset }): PartitionOffsets => {
    const committed = committedByPartition.get(topic)?.get(partition);
    if (committed === undefined) {
      throw new ScalerError(
        `kafka: no committed-offset answer for topic "${topic}" partition ${partition} of group "${config.consumerGroup}"`,
        { code: 'METRIC_ERROR' },
      );
    }
    return { topic, partition, committed, latest: offset, oldest: undefined };
  });
  if (config.offsetResetPolicy === 'earliest' && !config.scaleToZeroOnInvalidOffset) {
    await addOldestOffsets(admin, topics, offsets, logger);
  }
  return { offsets, topics };
}

/** The same topics, partitions and leaders, in the same order. */
function sameTopics(topics: readonly KafkaTopicMetadata[], previous: readonly KafkaTopicMetadata[]): boolean {
  if (topics.length !== previous.length) return false;
  for (let index = 0; index < topics.length; index += 1) {
    const current = topics[index]!;
    const before = previous[index]!;
    if (current.topic !== before.topic || current.partitions.length !== before.partitions.length) return false;
    for (let at = 0; at < current.partitions.length; at += 1) {
      const partition = current.partitions[at]!;
      const earlier = before.partitions[at]!;
      if (partition.partition !== earlier.partition || partition.leader !== earlier.leader) return false;
    }
  }
  return true;
}

/**
 * KEDA's earliest-offset step: one more ListOffsets per leader, only when some partition has no committed offset.
 * A failure is logged and leaves `oldest` unset, so that those partitions count their latest offset, as KEDA does.
 */
async function addOldestOffsets(
  admin: KafkaAdminLike,
  topics: readonly KafkaTopicMetadata[],
  offsets: PartitionOffsets[],
  logger: Logger,
): Promise<void> {
  const uncommitted = new Map<string, Set<number>>();
  for (const { topic, partition, committed } of offsets) {
    if (committed !== NO_COMMITTED_OFFSET) continue;
    let partitions = uncommitted.get(topic);
    if (!partitions) uncommitted.set(topic, (partitions = new Set()));
    partitions.add(partition);
  }
  if (uncommitted.size === 0) return;
  const wanted: KafkaTopicMetadata[] = [];
  for (const { topic, partitions } of topics) {
    const ids = uncommitted.get(topic);
    if (ids) wanted.push({ topic, partitions: partitions.filter(({ partition }) => ids.has(partition)) });
  }
  let answer: KafkaPartitionOffset[];
  try {
    answer = await admin.fetchEarliestOffsets(wanted);
  } catch (error) {
    logger.warn(
      'kafka: could not read the earliest offsets, counting the latest offset for partitions without a committed offset',
      {
        error: error instanceof Error ? error.message : String(error),
      },
    );
    return;
  }
  const oldestByPartition = indexOffsets(answer);
  for (const entry of offsets) {
    if (entry.committed === NO_COMMITTED_OFFSET)
      entry.oldest = oldestByPartition.get(entry.topic)?.get(entry.partition);
  }
}

/** Metadata for the trigger's topic, or for the topics discovered from the group's commits. */
async function selectTopics(admin: KafkaAdminLike, config: OffsetReadingOptions): Promise<KafkaTopicMetadata[]> {
  if (config.topic === '') {
    const committed = await admin.fetchCommittedOffsets(config.consumerGroup, null);
    const discovered = [...new Set(committed.map((entry) => entry.topic))];
    // No commits at all: like sarama, an empty list asks for every topic of the cluster.
    return admin.fetchTopicMetadata(discovered);
  }
  const metadata = await admin.fetchTopicMetadata([config.topic]);
  if (metadata.length !== 1 || metadata[0]!.topic !== config.topic) {
    throw new ScalerError(
      `kafka: expected metadata for topic "${config.topic}" only, got ${metadata.length} topic(s)`,
      {
        code: 'METRIC_ERROR',
      },
    );
  }
  const [described] = metadata;
  const limitation = config.partitionLimitation;
  const partitions =
    limitation === undefined
      ? described!.partitions
      : described!.partitions.filter((partition) => limitation.includes(partition.partition));
  if (partitions.length === 0) {
    throw new ScalerError(
      `kafka: no partition of topic "${config.topic}" matches partitionLimitation ${JSON.stringify(limitation)}`,
      { code: 'METRIC_ERROR' },
    );
  }
  return [{ topic: config.topic, partitions }];
}

/** Offsets by topic, then partition. */
function indexOffsets(offsets: readonly KafkaPartitionOffset[]): Map<string, Map<number, number>> {
  const index = new Map<string, Map<number, number>>();
  for (const { topic, partition, offset } of offsets) {
    let byPartition = index.get(topic);
    if (!byPartition) index.set(topic, (byPartition = new Map()));
    byPartition.set(partition, offset);
  }
  return index;
}
