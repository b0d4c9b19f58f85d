import { Kafka, type KafkaConfig, logLevel, type SASLOptions } from 'kafkajs';
import { encodeListOffsets, encodeOffsetFetch, withRequestBody } from './kafka-encoding.js';
import type { OAuthBearerToken } from './kafka-oauth.js';
import { ClusterConnection } from './kafka-cluster-connection.js';
import { connectKafkaJsPublicAdmin, type KafkaJsCompatibleClient } from './kafka-public-admin.js';
import { createSocketTracker, type SocketTracker } from './kafka-socket.js';

/** One partition of a topic and the broker that leads it. */
export interface KafkaPartitionMetadata {
  partition: number;
  /** Node id of the partition leader (latest offsets are asked from it). */
  leader: number;
}

/** A topic as a Metadata request describes it. */
export interface KafkaTopicMetadata {
  topic: string;
  partitions: KafkaPartitionMetadata[];
}

/** One offset of one partition. */
export interface KafkaPartitionOffset {
  topic: string;
  partition: number;
  /** `-1` for a committed offset means the group has committed nothing there. */
  offset: number;
}

/** The partitions to ask about, per topic. */
export interface KafkaTopicPartitions {
  topic: string;
  partitions: number[];
}

/**
 * The Kafka calls the scaler makes, and nothing else (one Kafka request each, in steady state). Implement
 * it to use another client, or to replay recorded answers in tests; `createKafkaJsAdmin` adapts kafkajs.
 * Every method rejects on a broker error or an error code in the answer.
 */
export interface KafkaAdminLike {
  /** Metadata request. An empty list means every topic of the cluster. An unknown topic rejects. */
  fetchTopicMetadata(topics: readonly string[]): Promise<KafkaTopicMetadata[]>;
  /**
   * OffsetFetch to the group coordinator. `null` means every topic the group has committed offsets in;
   * otherwise exactly the given partitions are answered (offset -1 where nothing is committed).
   */
  fetchCommittedOffsets(
    groupId: string,
    topics: readonly KafkaTopicPartitions[] | null,
  ): Promise<KafkaPartitionOffset[]>;
  /** ListOffsets (latest, read-uncommitted: the high watermark), one request per partition leader. */
  fetchLatestOffsets(topics: readonly KafkaTopicMetadata[]): Promise<KafkaPartitionOffset[]>;
  /**
   * ListOffsets (earliest: the log start offset, after retention and deleted records), one request per
   * partition leader. Asked only under `offsetResetPolicy: earliest`, for partitions the group never committed.
   */
  fetchEarliestOffsets(topics: readonly KafkaTopicMetadata[]): Promise<KafkaPartitionOffset[]>;
  /** Closes the connections. */
  disconnect(): Promise<void>;
}

/** A Kafka request that completed, as reported to `onRequest` (for diagnostics and benchmarks). */
export interface KafkaRequestInfo {
  apiName: string;
  broker: string;
  durationMs: number;
}

/** TLS settings (Node `tls.connect` names). */
export interface KafkaTlsOptions {
  ca?: string[];
  cert?: string;
  key?: string;
  /** Password of an encrypted `key`. */
  passphrase?: string;
  /** False skips certificate verification (`unsafeSsl`). */
  rejectUnauthorized?: boolean;
  /** Lowest TLS version (KEDA's default minimum is TLS 1.2). */
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
}

/** SASL settings: PLAIN or SCRAM credentials, or an OAUTHBEARER token provider. */
export type KafkaSaslOptions =
  | { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string }
  | {
      mechanism: 'oauthbearer';
      /** Called by kafkajs on every (re)authentication; must cache tokens itself. */
      oauthBearerProvider: () => Promise<OAuthBearerToken>;
    };

/** Options of `createKafkaJsAdmin`: connection settings plus timeouts. */
export interface KafkaJsAdminOptions {
  brokers: string[];
  clientId?: string;
  /** TLS: `true` for system roots, or PEM material and verification switch. */
  ssl?: boolean | KafkaTlsOptions;
  /** PLAIN or SCRAM credentials, or an OAUTHBEARER token provider. */
  sasl?: KafkaSaslOptions;
  /** Upper bound of one request and of connecting (ms). Default 3000. */
  requestTimeoutMs?: number;
  /** Receives kafkajs log entries (already stripped of credentials). Default: dropped. */
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>) => void;
  /** Called after each completed Kafka request. */
  onRequest?: (info: KafkaRequestInfo) => void;
  /**
   * A KafkaJS-compatible client to use instead of building a kafkajs `Kafka` from the options above (which
   * are then ignored but `onRequest`), e.g. `@confluentinc/kafka-javascript`'s `KafkaJS.Kafka`. Without
   * kafkajs's internal cluster factory it is driven through its public admin API.
   */
  kafka?: KafkaJsCompatibleClient;
}

// The structural subset of kafkajs's internal cluster and broker objects used below. kafkajs 2.x has no
// public call for "latest offsets only" or "metadata by leader" without extra round trips (its admin's
// fetchTopicOffsets sends two ListOffsets rounds and fetchOffsets adds FindCoordinator and Metadata), so
// the adapter drives the cluster its admin client is built on: the same requests KEDA (sarama) sends.
interface InternalBroker {
  nodeId?: number;
  offsetFetch(request: {
    groupId: string;
    topics: { topic: string; partitions: { partition: number }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; offset: string }[] }[] }>;
  listOffsets(request: {
    isolationLevel: number;
    topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; offset: string }[] }[] }>;
}
interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  metadata(request: { topics: string[] }): Promise<{
    topicMetadata: { topic: string; partitionMetadata: { partitionId: number; leader: number }[] }[];
  }>;
  findGroupCoordinator(request: { groupId: string }): Promise<InternalBroker>;
  findBroker(request: { nodeId: number }): Promise<InternalBroker>;
}
type CreateCluster = (options: {
  allowAutoTopicCreation: boolean;
  isolationLevel: number;
  metadataMaxAge: number;
  instrumentationEmitter: { emit(eventName: string, payload?: unknown): void } | undefined;
}) => InternalCluster;

const READ_UNCOMMITTED = 0;
/** A client's replica id in ListOffsets (kafkajs's default). */
const REPLICA_ID = -1;
const LATEST_TIMESTAMP = -1;
const EARLIEST_TIMESTAMP = -2;

/** kafkajs's internal cluster factory, or undefined when this client does not have it. */
function findCreateCluster(kafka: object): CreateCluster | undefined {
  const symbol = Object.getOwnPropertySymbols(kafka).find(
    (candidate) => candidate.description === 'private:Kafka:createCluster',
  );
  const factory = symbol === undefined ? undefined : (kafka as Record<symbol, unknown>)[symbol];
  return typeof factory === 'function' ? (factory.bind(kafka) as CreateCluster) : undefined;
}

const SECRET_FIELDS = /pass|secret|sasl|token|key|credential/i;

function stripSecrets(fields: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (SECRET_FIELDS.test(name)) continue;
    kept[name] = value instanceof Error ? value.message : value;
  }
  return kept;
}

/**
 * The partitions ordered by id: placed by id when the ids are 0..n-1 (a topic's partitions always are, and
 * the broker lists them in no particular order), sorted otherwise.
 */
export function inPartitionOrder(partitions: KafkaPartitionMetadata[]): KafkaPartitionMetadata[] {
  const slots: KafkaPartitionMetadata[] = new Array(partitions.length);
  for (const entry of partitions) {
    const id = entry.partition;
    if (!(id >= 0 && id < slots.length && slots[id] === undefined)) {
      return partitions.sort((a, b) => a.partition - b.partition);
    }
    slots[id] = entry;
  }
  return slots;
}

/**
 * Adapts kafkajs to `KafkaAdminLike`: one Metadata, one OffsetFetch to the (cached) group coordinator
 * and one ListOffsets per partition leader (latest; earliest only when asked; the bodies of these two written
 * by `withRequestBody`), with bounded timeouts and no automatic topic creation. This
 * drives kafkajs's internal cluster (found through its `private:Kafka:createCluster` symbol); when the
 * client has none (another kafkajs version, or `options.kafka` is a KafkaJS-compatible client) it falls
 * back to the public admin API (`connectKafkaJsPublicAdmin`): same answers, more requests per poll.
 *
 * Connections stay bounded whatever the broker does (see `ClusterConnection`): one connection attempt in flight,
 * a cluster that stops answering replaced (its sockets destroyed, so abandoned calls open nothing new), a socket
 * kafkajs ends destroyed if the broker does not close its side within min(`requestTimeoutMs`, 1 s), and
 * `disconnect()` settling within that same bound with no socket left.
 *
 * @example
 * const admin = await createKafkaJsAdmin({ brokers: ['127.0.0.1:9092'] });
 * const [orders] = await admin.fetchTopicMetadata(['orders']);
 * await admin.disconnect();
 */
export async function createKafkaJsAdmin(options: KafkaJsAdminOptions): Promise<KafkaAdminLike> {
  const requestTimeout = options.requestTimeoutMs ?? 3000;
  const log = options.log;
  const config: KafkaConfig = {
    clientId: options.clientId ?? 'scalerkit-kafka',
    brokers: options.brokers,
    connectionTimeout: requestTimeout,
    authenticationTimeout: requestTimeout,
    requestTimeout,
    enforceRequestTimeout: true,
    // One quick retry for transient coordinator/leader moves; the caller's poll timeout bounds the rest.
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
    logLevel: log ? logLevel.INFO : logLevel.NOTHING,
    logCreator: () => (entry) => {
      if (!log) return;
      const { message, ...fields } = entry.log;
      const level = entry.level === logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : 'debug';
      log(level, `kafkajs ${entry.namespace}: ${message}`, stripSecrets(fields));
    },
  };
  if (options.ssl !== undefined) config.ssl = options.ssl;
  if (options.sasl) config.sasl = options.sasl as SASLOptions;
  const onRequest = options.onRequest;
  // A socket kafkajs ends is destroyed if the broker has not closed its side within this time (a frozen broker
  // never does), and a closing client waits this long for kafkajs's own disconnect.
  const closeTimeoutMs = Math.min(requestTimeout, 1000);
  // Our own kafkajs client per cluster generation, so that each generation's sockets are tracked and bounded.
  const ownClient = (): { kafka: KafkaJsCompatibleClient; sockets: SocketTracker | undefined } => {
    const sockets = createSocketTracker(closeTimeoutMs);
    return { kafka: new Kafka({ ...config, socketFactory: sockets.socketFactory }), sockets };
  };
  const first = options.kafka ? { kafka: options.kafka, sockets: undefined } : ownClient();
  if (findCreateCluster(first.kafka) === undefined) {
    const admin = await connectKafkaJsPublicAdmin(first.kafka.admin(), { onRequest }).catch((error: unknown) => {
      first.sockets?.destroyAll();
      throw error;
    });
    const disconnect = admin.disconnect.bind(admin);
    admin.disconnect = async () => {
      await settleWithin(disconnect(), closeTimeoutMs);
      first.sockets?.destroyAll();
    };
    return admin;
  }
  const clusterOptions = {
    allowAutoTopicCreation: false,
    isolationLevel: READ_UNCOMMITTED,
    metadataMaxAge: 300_000,
    // Without `onRequest` no emitter: kafkajs then builds no event payload per request.
    instrumentationEmitter: onRequest && {
      emit(eventName: string, payload?: unknown) {
        if (eventName !== 'network.request') return;
        const event = payload as { apiName?: string; broker?: string; duration?: number };
        onRequest({ apiName: event.apiName ?? '?', broker: event.broker ?? '?', durationMs: event.duration ?? 0 });
      },
    },
  };
  let unused: typeof first | undefined = first;
  const connection = new ClusterConnection<InternalCluster>({
    closeTimeoutMs,
    open() {
      // The first generation uses the client built above; a user's client (`options.kafka`) serves every one.
      const client = unused ?? (options.kafka ? { kafka: options.kafka, sockets: undefined } : ownClient());
      unused = undefined;
      return { cluster: findCreateCluster(client.kafka)!(clusterOptions), sockets: client.sockets };
    },
  });
  await connection.connect();

  /** One ListOffsets per partition leader, all at once, for `timestamp` (latest or earliest). */
  function listOffsets(topics: readonly KafkaTopicMetadata[], timestamp: number): Promise<KafkaPartitionOffset[]> {
    const byLeader = new Map<number, Map<string, number[]>>();
    for (const { topic, partitions } of topics) {
      for (const { partition, leader } of partitions) {
        let perTopic = byLeader.get(leader);
        if (!perTopic) byLeader.set(leader, (perTopic = new Map()));
        let partitionIds = perTopic.get(topic);
        if (!partitionIds) perTopic.set(topic, (partitionIds = []));
        partitionIds.push(partition);
      }
    }
    return connection.use(async ({ cluster }) => {
      const answers = await Promise.all(
        [...byLeader].map(async ([nodeId, perTopic]) => {
          const broker = await cluster.findBroker({ nodeId });
          const asked = [...perTopic].map(([topic, partitions]) => ({
            topic,
            partitions: partitions.map((partition) => ({ partition, timestamp })),
          }));
          const body = (version: number) => encodeListOffsets(version, REPLICA_ID, READ_UNCOMMITTED, asked);
          const { responses } = await withRequestBody(broker, body).listOffsets({
            isolationLevel: READ_UNCOMMITTED,
            topics: asked,
          });
          return responses.flatMap(({ topic, partitions }) =>
            partitions.map(({ partition, offset }) => ({ topic, partition, offset: Number(offset) })),
          );
        }),
      );
      return answers.flat();
    });
  }

  return {
    fetchTopicMetadata: (topics) =>
      connection.use(async ({ cluster }) => {
        const { topicMetadata } = await cluster.metadata({ topics: [...topics] });
        return topicMetadata.map((entry) => ({
          topic: entry.topic,
          partitions: inPartitionOrder(
            entry.partitionMetadata.map((partition) => ({
              partition: partition.partitionId,
              leader: partition.leader,
            })),
          ),
        }));
      }),

    fetchCommittedOffsets: (groupId, topics) =>
      connection.use(async ({ cluster, coordinators }) => {
        const known = coordinators.get(groupId);
        const coordinator =
          known === undefined
            ? await cluster.findGroupCoordinator({ groupId })
            : await cluster.findBroker({ nodeId: known });
        if (coordinator.nodeId !== undefined) coordinators.set(groupId, coordinator.nodeId);
        // kafkajs sends an empty topic list as "all topics the group committed in" (KEDA's null list).
        const request = (topics ?? []).map(({ topic, partitions }) => ({
          topic,
          partitions: partitions.map((partition) => ({ partition })),
        }));
        try {
          const body = (version: number) => encodeOffsetFetch(version, groupId, request);
          const { responses } = await withRequestBody(coordinator, body).offsetFetch({ groupId, topics: request });
          return responses.flatMap(({ topic, partitions }) =>
            partitions.map(({ partition, offset }) => ({ topic, partition, offset: Number(offset) })),
          );
        } catch (error) {
          coordinators.delete(groupId);
          throw error;
        }
      }),

    fetchLatestOffsets: (topics) => listOffsets(topics, LATEST_TIMESTAMP),

    fetchEarliestOffsets: (topics) => listOffsets(topics, EARLIEST_TIMESTAMP),

    disconnect: () => connection.close(),
  };
}

/** Settles when `promise` does or after `ms`, whichever comes first (never rejects). */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([promise.catch(() => undefined), bound]);
  clearTimeout(timer);
}
