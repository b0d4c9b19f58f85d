// The fallback adapter: KafkaAdminLike over the public admin API that kafkajs 2.x and KafkaJS-compatible
// clients (e.g. @confluentinc/kafka-javascript's KafkaJS API) share. It answers the same questions as the
// internal-cluster adapter with more requests per poll (see the package README).
import type { KafkaAdminLike, KafkaPartitionOffset, KafkaRequestInfo } from './kafka-client.js';

/** The admin calls the fallback uses, as kafkajs declares them (offsets are decimal strings). */
export interface KafkaJsCompatibleAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  fetchTopicMetadata(options?: { topics?: string[] }): Promise<{
    topics: Array<{ name: string; partitions: Array<{ partitionId: number; leader: number }> }>;
  }>;
  fetchOffsets(options: {
    groupId: string;
    topics?: string[];
  }): Promise<Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>>;
  fetchTopicOffsets(topic: string): Promise<Array<{ partition: number; offset: string; high?: string; low?: string }>>;
  /** kafkajs instrumentation; used for `onRequest` when present. */
  on?(eventName: string, listener: (event: { payload?: unknown }) => void): unknown;
  events?: { REQUEST?: string };
}

/** A KafkaJS-compatible client: something with kafkajs's `admin()` (a kafkajs `Kafka`, or a compatible one). */
export interface KafkaJsCompatibleClient {
  admin(): KafkaJsCompatibleAdmin;
}

/**
 * Connects `admin` and adapts it to `KafkaAdminLike` with public calls only: `fetchTopicMetadata`,
 * `fetchOffsets` and `fetchTopicOffsets`. kafkajs's `fetchOffsets` asks for every partition of a topic and
 * `fetchTopicOffsets` reads latest (`high`) and earliest (`low`) offsets with isolation READ_COMMITTED (the last stable offset,
 * which equals the high watermark unless transactions are open); answers are narrowed to what was asked.
 *
 * @example
 * import { Kafka } from 'kafkajs';
 * const admin = await connectKafkaJsPublicAdmin(new Kafka({ brokers: ['127.0.0.1:9092'] }).admin());
 */
export async function connectKafkaJsPublicAdmin(
  admin: KafkaJsCompatibleAdmin,
  options: { onRequest?: (info: KafkaRequestInfo) => void } = {},
): Promise<KafkaAdminLike> {
  const onRequest = options.onRequest;
  const requestEvent = admin.events?.REQUEST;
  if (onRequest && requestEvent && typeof admin.on === 'function') {
    admin.on(requestEvent, ({ payload }) => {
      const event = (payload ?? {}) as { apiName?: string; broker?: string; duration?: number };
      onRequest({ apiName: event.apiName ?? '?', broker: event.broker ?? '?', durationMs: event.duration ?? 0 });
    });
  }
  await admin.connect();

  const toOffsets = (topic: string, partitions: Array<{ partition: number; offset: string }>) =>
    partitions.map(({ partition, offset }): KafkaPartitionOffset => ({ topic, partition, offset: Number(offset) }));

  /** `fetchTopicOffsets` for each topic (latest and earliest at once), narrowed to the asked partitions. */
  const topicOffsets = async (
    topics: readonly { topic: string; partitions: readonly { partition: number }[] }[],
    pick: (answer: { offset: string; high?: string; low?: string }) => string,
  ): Promise<KafkaPartitionOffset[]> => {
    const answers = await Promise.all(
      topics.map(async ({ topic, partitions }) => {
        const wanted = new Set(partitions.map(({ partition }) => partition));
        const offsets = await admin.fetchTopicOffsets(topic);
        return offsets
          .filter(({ partition }) => wanted.has(partition))
          .map((answer) => ({ topic, partition: answer.partition, offset: Number(pick(answer)) }));
      }),
    );
    return answers.flat();
  };

  return {
    async fetchTopicMetadata(topics) {
      // Without `topics` kafkajs asks for every topic of the cluster, as sarama does for an empty list.
      const answer = await (topics.length === 0
        ? admin.fetchTopicMetadata()
        : admin.fetchTopicMetadata({ topics: [...topics] }));
      return answer.topics.map(({ name, partitions }) => ({
        topic: name,
        partitions: partitions
          .map(({ partitionId, leader }) => ({ partition: partitionId, leader }))
          .sort((a, b) => a.partition - b.partition),
      }));
    },

    async fetchCommittedOffsets(groupId, topics) {
      if (topics === null) {
        const answer = await admin.fetchOffsets({ groupId });
        return answer.flatMap(({ topic, partitions }) => toOffsets(topic, partitions));
      }
      const wanted = new Map(topics.map(({ topic, partitions }) => [topic, new Set(partitions)]));
      const answer = await admin.fetchOffsets({ groupId, topics: [...wanted.keys()] });
      return answer.flatMap(({ topic, partitions }) =>
        toOffsets(
          topic,
          partitions.filter(({ partition }) => wanted.get(topic)?.has(partition) === true),
        ),
      );
    },

    fetchLatestOffsets: (topics) => topicOffsets(topics, ({ offset, high }) => high ?? offset),

    fetchEarliestOffsets: (topics) =>
      topicOffsets(topics, ({ low }) => {
        if (low === undefined) throw new Error('kafka: fetchTopicOffsets answered without the earliest ("low") offset');
        return low;
      }),

    async disconnect() {
      await admin.disconnect();
    },
  };
}
