// Helpers for this package's tests and benchmark (not exported, not bundled).
import type { Scaler } from '@scalerkit/core';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import type { PartitionLagOptions, TotalLagOptions } from './kafka-lag.js';
import type { KafkaScalerConfig } from './kafka-parameters.js';

/** The per-partition lag options of a default trigger (`latest`, nothing excluded). */
export const PARTITION_LAG_DEFAULTS: PartitionLagOptions = {
  offsetResetPolicy: 'latest',
  scaleToZeroOnInvalidOffset: false,
  excludePersistentLag: false,
};

/** The total lag options of a default trigger (threshold 10, partition cap on). */
export const TOTAL_LAG_DEFAULTS: TotalLagOptions = {
  lagThreshold: 10,
  activationLagThreshold: 0,
  allowIdleConsumers: false,
  limitToPartitionsWithLag: false,
  ensureEvenDistributionOfPartitions: false,
};

/** One partition entry per value, with `lagWithPersistent` equal to `lag`. */
export const partitionLags = (...values: number[]) => values.map((lag) => ({ lag, lagWithPersistent: lag }));

/** What `parseKafkaParameters` returns for `bootstrapServers: b1:9092, consumerGroup: g` and nothing else. */
export const KAFKA_DEFAULT_CONFIG: KafkaScalerConfig = {
  bootstrapServers: ['b1:9092'],
  consumerGroup: 'g',
  topic: '',
  partitionLimitation: undefined,
  lagThreshold: 10,
  activationLagThreshold: 0,
  offsetResetPolicy: 'latest',
  allowIdleConsumers: false,
  excludePersistentLag: false,
  scaleToZeroOnInvalidOffset: false,
  limitToPartitionsWithLag: false,
  ensureEvenDistributionOfPartitions: false,
  fullMetadata: true,
  version: '1.0.0',
  tls: 'disable',
  unsafeSsl: false,
  ca: undefined,
  cert: undefined,
  key: undefined,
  keyPassword: undefined,
  sasl: 'none',
  username: undefined,
  password: undefined,
  saslTokenProvider: 'bearer',
  scopes: [''],
  oauthTokenEndpointUri: undefined,
  oauthExtensions: {},
  keytab: undefined,
  realm: undefined,
  kerberosConfig: undefined,
  kerberosServiceName: 'kafka',
  kerberosDisableFAST: false,
  awsRegion: undefined,
  triggerIndex: 0,
  metricType: 'AverageValue',
};

/** One poll of the scaler's only metric: its value and activity. */
export async function pollOnce(target: Scaler): Promise<{ value: number; isActive: boolean }> {
  const [spec] = target.getMetricSpecs();
  const { metrics, isActive } = await target.getMetricsAndActivity(spec!.metricName);
  return { value: metrics[0]!.value, isActive };
}

/** Creates `topic` with one partition per entry of `counts`, each holding that many records. */
export async function createTopicWithRecords(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  counts: number[],
): Promise<void> {
  await admin.createTopics({ topics: [{ topic, numPartitions: counts.length }], waitForLeaders: true });
  // Idempotent: a retried send (a new topic's leader not known yet, a loaded machine) never writes a record twice.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const messages = counts.flatMap((count, partition) =>
      Array.from({ length: count }, (_, index) => ({ partition, value: `m${index}` })),
    );
    if (messages.length > 0) await producer.send({ topic, messages });
  } finally {
    await producer.disconnect();
  }
}

interface CommitBroker {
  offsetCommit(request: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    retentionTime?: number;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<unknown>;
}
interface RecordsBroker {
  deleteRecords(request: {
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<unknown>;
}
interface CommitCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(request: { groupId: string }): Promise<CommitBroker>;
  metadata(request: { topics: string[] }): Promise<{
    topicMetadata: { topic: string; partitionMetadata: { partitionId: number; leader: number }[] }[];
  }>;
  findBroker(request: { nodeId: number }): Promise<RecordsBroker>;
}

async function withCluster<T>(brokers: string[], work: (cluster: CommitCluster) => Promise<T>): Promise<T> {
  const kafka = new Kafka({ clientId: 'scalerkit-test', brokers, logLevel: logLevel.NOTHING });
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster')!;
  const createCluster = (kafka as unknown as Record<symbol, (options: object) => CommitCluster>)[symbol]!;
  const cluster = createCluster({});
  await cluster.connect();
  try {
    return await work(cluster);
  } finally {
    await cluster.disconnect();
  }
}

/**
 * Moves a partition's log start to `offset` with one DeleteRecords to its leader, as retention would
 * (kafkajs's admin.deleteTopicRecords fails against KRaft brokers with KafkaJSBrokerNotFound).
 */
export function deleteRecordsBefore(
  brokers: string[],
  topic: string,
  partition: number,
  offset: number,
): Promise<void> {
  return withCluster(brokers, async (cluster) => {
    const { topicMetadata } = await cluster.metadata({ topics: [topic] });
    const leader = topicMetadata[0]!.partitionMetadata.find((entry) => entry.partitionId === partition)!.leader;
    const broker = await cluster.findBroker({ nodeId: leader });
    await broker.deleteRecords({ topics: [{ topic, partitions: [{ partition, offset: String(offset) }] }] });
  });
}

/**
 * Commits offsets for a group with one OffsetCommit (generation -1, no member), as a standalone consumer
 * does. kafkajs's admin.setOffsets joins the group instead, which costs seconds per call.
 */
export async function commitOffsets(
  brokers: string[],
  groupId: string,
  topic: string,
  offsets: Record<number, number>,
): Promise<void> {
  await withCluster(brokers, (cluster) =>
    retryWhileCoordinatorLoads(async () => {
      const coordinator = await cluster.findGroupCoordinator({ groupId });
      await coordinator.offsetCommit({
        groupId,
        groupGenerationId: -1,
        memberId: '',
        retentionTime: -1,
        topics: [
          {
            topic,
            partitions: Object.entries(offsets).map(([partition, offset]) => ({
              partition: Number(partition),
              offset: String(offset),
            })),
          },
        ],
      });
    }),
  );
}

const COORDINATOR_LOADING = new Set([
  'GROUP_LOAD_IN_PROGRESS',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR_FOR_GROUP',
]);

/**
 * A freshly started broker creates `__consumer_offsets` on the first group request, and answers
 * NOT_COORDINATOR / COORDINATOR_LOAD_IN_PROGRESS until the partition is loaded: retry those (bounded).
 */
async function retryWhileCoordinatorLoads<T>(attempt: () => Promise<T>, attempts = 50, delayMs = 200): Promise<T> {
  for (let remaining = attempts; ; remaining -= 1) {
    try {
      return await attempt();
    } catch (error) {
      const type = (error as { type?: unknown }).type;
      if (remaining <= 1 || typeof type !== 'string' || !COORDINATOR_LOADING.has(type)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/**
 * Creates `topic` with one partition holding `records` records and commits `committed` for `groupId`
 * (through the PLAINTEXT listener), so that the group's lag is `records - committed`.
 */
export async function seedLag(
  brokers: string[],
  topic: string,
  groupId: string,
  records: number,
  committed: number,
): Promise<void> {
  const kafka = new Kafka({ clientId: 'scalerkit-test', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createTopicWithRecords(kafka, admin, topic, [records]);
  } finally {
    await admin.disconnect();
  }
  await commitOffsets(brokers, groupId, topic, { 0: committed });
}

/** Deletes topics made by `seedLag` (best effort). */
export async function deleteTopics(brokers: string[], topics: string[]): Promise<void> {
  if (topics.length === 0) return;
  const admin = new Kafka({ clientId: 'scalerkit-test', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics }).catch(() => {});
  } finally {
    await admin.disconnect();
  }
}
