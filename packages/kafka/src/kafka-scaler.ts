import {
  connectionKey,
  defineScaler,
  type Lease,
  type MetricSpec,
  type MetricsAndActivity,
  metricNameWithIndex,
  normalizeMetricName,
  type Scaler,
  ScalerConfigError,
  type ScalerContext,
  ScalerError,
  toMetricValue,
} from '@scalerkit/core';
import { withDeadline } from './deadline.js';
import {
  createKafkaJsAdmin,
  type KafkaAdminLike,
  type KafkaJsAdminOptions,
  type KafkaPartitionOffset,
  type KafkaTlsOptions,
  type KafkaTopicMetadata,
} from './kafka-client.js';
import { lagForPartition, totalLag } from './kafka-lag.js';
import { type KafkaScalerConfig, parseKafkaParameters } from './kafka-parameters.js';

/** Poll timeout when the host gives none (KEDA's default HTTP timeout). */
export const DEFAULT_KAFKA_TIMEOUT_MS = 3000;

/** Opens the admin client for a trigger; replace it to inject another `KafkaAdminLike` (tests, other clients). */
export type KafkaAdminFactory = (options: KafkaJsAdminOptions) => Promise<KafkaAdminLike>;

/** Options of `createKafkaScaler` beyond the trigger config. */
export interface KafkaScalerOptions {
  /** Default: `createKafkaJsAdmin` (kafkajs). */
  createAdmin?: KafkaAdminFactory;
}

/** The kafkajs connection settings a parsed trigger asks for; rejects what kafkajs cannot do. */
export function kafkaClientOptions(config: KafkaScalerConfig, requestTimeoutMs: number): KafkaJsAdminOptions {
  const unsupported = (parameter: string, what: string): never => {
    throw new ScalerConfigError(
      `kafka: ${what} is not supported by @scalerkit/kafka (kafkajs); use PLAIN or SCRAM, or a KafkaAdminLike of your own`,
      { parameter, scalerType: 'kafka' },
    );
  };
  const options: KafkaJsAdminOptions = { brokers: config.bootstrapServers, requestTimeoutMs };
  if (config.tls === 'enable') {
    const ssl: KafkaTlsOptions = { rejectUnauthorized: !config.unsafeSsl };
    if (config.ca !== undefined) ssl.ca = [config.ca];
    if (config.cert !== undefined) ssl.cert = config.cert;
    if (config.key !== undefined) ssl.key = config.key;
    if (config.keyPassword !== undefined) ssl.passphrase = config.keyPassword;
    options.ssl = ssl;
  }
  switch (config.sasl) {
    case 'none':
      break;
    case 'plaintext':
    case 'scram_sha256':
    case 'scram_sha512': {
      const mechanism =
        config.sasl === 'plaintext' ? 'plain' : config.sasl === 'scram_sha256' ? 'scram-sha-256' : 'scram-sha-512';
      options.sasl = { mechanism, username: config.username ?? '', password: config.password ?? '' };
      break;
    }
    case 'oauthbearer':
      unsupported(
        'sasl',
        config.saslTokenProvider === 'aws_msk_iam' ? 'sasl oauthbearer with aws_msk_iam' : 'sasl oauthbearer',
      );
      break;
    case 'gssapi':
      unsupported('sasl', 'sasl gssapi (Kerberos)');
      break;
  }
  return options;
}

/** Every secret of the trigger, to scrub from error messages that echo the client's words. */
function secretsOf(config: KafkaScalerConfig): string[] {
  return [
    config.password,
    config.key,
    config.keyPassword,
    config.keytab,
    config.awsSecretAccessKey,
    config.awsSessionToken,
  ].filter((value): value is string => value !== undefined && value.length >= 3);
}

function redact(message: string, secrets: readonly string[]): string {
  let text = message;
  for (const secret of secrets) text = text.split(secret).join('***');
  return text;
}

/** A poll's failure as a ScalerError: the kafkajs error kept as `cause`, secrets scrubbed from the message. */
function pollError(error: unknown, config: KafkaScalerConfig): ScalerError {
  if (ScalerError.isInstance(error)) return error;
  const detail = redact(error instanceof Error ? error.message : String(error), secretsOf(config));
  const name = error instanceof Error ? error.name : '';
  const code = /SASL|Authentication/i.test(`${name} ${detail}`)
    ? 'AUTHENTICATION_ERROR'
    : /Connection|ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|closed/i.test(`${name} ${detail}`)
      ? 'CONNECTION_ERROR'
      : 'METRIC_ERROR';
  return new ScalerError(`kafka: reading the lag of group "${config.consumerGroup}" failed: ${detail}`, {
    code,
    cause: error,
  });
}

const topicKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** One `kafka` trigger's scaler: see the package README for how the lag is computed. */
export class KafkaScaler implements Scaler {
  readonly #config: KafkaScalerConfig;
  readonly #context: ScalerContext;
  readonly #createAdmin: KafkaAdminFactory;
  readonly #timeoutMs: number;
  readonly #metricName: string;
  // excludePersistentLag: committed offsets seen at the previous poll (cleared after a failed poll, as KEDA
  // loses them when it rebuilds the scaler).
  readonly #previousOffsets = new Map<string, number>();
  #lease: Promise<Lease<KafkaAdminLike>> | undefined;
  #closed = false;
  // Bumped by every failed poll, so that a poll abandoned at its deadline cannot record offsets later.
  #generation = 0;

  constructor(config: KafkaScalerConfig, context: ScalerContext, options: KafkaScalerOptions = {}) {
    this.#config = config;
    this.#context = context;
    this.#createAdmin = options.createAdmin ?? createKafkaJsAdmin;
    this.#timeoutMs = context.timeoutMs ?? DEFAULT_KAFKA_TIMEOUT_MS;
    const name = config.topic === '' ? `kafka-${config.consumerGroup}-topics` : `kafka-${config.topic}`;
    this.#metricName = metricNameWithIndex(config.triggerIndex, normalizeMetricName(name));
    // Fail at creation, not at the first poll, for what the client cannot do.
    kafkaClientOptions(config, this.#timeoutMs);
  }

  getMetricSpecs(): MetricSpec[] {
    return [
      { metricName: this.#metricName, targetType: this.#config.metricType, targetValue: this.#config.lagThreshold },
    ];
  }

  async getMetricsAndActivity(metricName: string, options: { signal?: AbortSignal } = {}): Promise<MetricsAndActivity> {
    if (this.#closed) throw new ScalerError('kafka: the scaler is closed', { code: 'CLOSED' });
    if (metricName !== this.#metricName) {
      throw new ScalerError(`kafka: unknown metric "${metricName}", this trigger reports "${this.#metricName}"`, {
        code: 'METRIC_ERROR',
      });
    }
    const signals = [this.#context.signal, options.signal].filter((signal): signal is AbortSignal => !!signal);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    try {
      const work = this.#acquire().then((admin) => this.#poll(admin));
      const lag = await withDeadline(work, {
        timeoutMs: this.#timeoutMs,
        signal,
        what: `kafka: polling group "${this.#config.consumerGroup}" at ${this.#config.bootstrapServers.join(',')}`,
      });
      return { metrics: [{ metricName, value: toMetricValue(lag.metric) }], isActive: lag.isActive };
    } catch (error) {
      this.#generation += 1;
      this.#previousOffsets.clear();
      throw pollError(error, this.#config);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const lease = this.#lease;
    this.#lease = undefined;
    if (lease)
      await lease.then(
        (held) => held.release(),
        () => undefined,
      );
  }

  /** The shared admin client for this broker list and credentials, opened on first use. */
  #acquire(): Promise<KafkaAdminLike> {
    if (!this.#lease) {
      const config = this.#config;
      const clientOptions = kafkaClientOptions(config, this.#timeoutMs);
      const logger = this.#context.logger;
      clientOptions.log = (_level, message, fields) => logger.debug(redact(message, secretsOf(config)), fields);
      const key = connectionKey('kafka', config.bootstrapServers.join(','), {
        tls: config.tls,
        unsafeSsl: config.unsafeSsl,
        ca: config.ca,
        cert: config.cert,
        key: config.key,
        keyPassword: config.keyPassword,
        sasl: config.sasl,
        username: config.username,
        password: config.password,
        timeoutMs: this.#timeoutMs,
      });
      const lease = this.#context.connections.acquire(
        key,
        () => this.#createAdmin(clientOptions),
        (admin) => admin.disconnect(),
      );
      this.#lease = lease;
      // A failed open is retried at the next poll.
      lease.catch(() => {
        if (this.#lease === lease) this.#lease = undefined;
      });
    }
    return this.#lease.then((held) => held.client);
  }

  /** One poll: KEDA's getTotalLag. */
  async #poll(admin: KafkaAdminLike) {
    const config = this.#config;
    const generation = this.#generation;
    const topics = await this.#selectTopics(admin);
    const request = topics.map(({ topic, partitions }) => ({ topic, partitions: partitions.map((p) => p.partition) }));
    const [committed, latest] = await Promise.all([
      admin.fetchCommittedOffsets(config.consumerGroup, request),
      admin.fetchLatestOffsets(topics),
    ]);
    const committedByPartition = indexOffsets(committed);
    const lags = latest.map(({ topic, partition, offset }) => {
      const key = topicKey(topic, partition);
      const committedOffset = committedByPartition.get(key);
      if (committedOffset === undefined) {
        throw new ScalerError(
          `kafka: no committed-offset answer for topic "${topic}" partition ${partition} of group "${config.consumerGroup}"`,
          { code: 'METRIC_ERROR' },
        );
      }
      return { key, lag: lagForPartition(committedOffset, offset, this.#previousOffsets.get(key), config) };
    });
    if (generation === this.#generation) {
      for (const { key, lag } of lags) if (lag.remember !== undefined) this.#previousOffsets.set(key, lag.remember);
    }
    return totalLag(
      lags.map((entry) => entry.lag),
      config,
    );
  }

  /** Metadata for the trigger's topic, or for the topics discovered from the group's commits. */
  async #selectTopics(admin: KafkaAdminLike): Promise<KafkaTopicMetadata[]> {
    const config = this.#config;
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
        { code: 'METRIC_ERROR' },
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
}

function indexOffsets(offsets: readonly KafkaPartitionOffset[]): Map<string, number> {
  const index = new Map<string, number>();
  for (const { topic, partition, offset } of offsets) index.set(topicKey(topic, partition), offset);
  return index;
}

/**
 * KEDA's `kafka` trigger: consumer-group lag over kafkajs.
 *
 * @example
 * import { registry } from '@scalerkit/core';
 * import { kafkaScaler } from '@scalerkit/kafka';
 * registry.register(kafkaScaler);
 * const config = kafkaScaler.parse({ metadata: { bootstrapServers: 'localhost:9092', consumerGroup: 'orders', topic: 'orders' } });
 */
export const kafkaScaler = defineScaler<KafkaScalerConfig>({
  type: 'kafka',
  packageName: '@scalerkit/kafka',
  parse: parseKafkaParameters,
  create: (config, context) => new KafkaScaler(config, context),
});
