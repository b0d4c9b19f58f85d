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
  type KafkaTopicMetadata,
} from './kafka-client.js';
import { lagForPartition, totalLag } from './kafka-lag.js';
import { OAuthBearerTokenSource } from './kafka-oauth.js';
import { type KafkaScalerConfig, parseKafkaParameters } from './kafka-parameters.js';
import { kafkaTlsOptions } from './kafka-tls.js';

/** Poll timeout when the host gives none (KEDA's default HTTP timeout). */
export const DEFAULT_KAFKA_TIMEOUT_MS = 3000;

/** Opens the admin client for a trigger; replace it to inject another `KafkaAdminLike` (tests, other clients). */
export type KafkaAdminFactory = (options: KafkaJsAdminOptions) => Promise<KafkaAdminLike>;

/** Options of `createKafkaScaler` beyond the trigger config. */
export interface KafkaScalerOptions {
  /** Default: `createKafkaJsAdmin` (kafkajs). */
  createAdmin?: KafkaAdminFactory;
}

/**
 * The token source of a `sasl: oauthbearer` trigger with `saslTokenProvider: bearer` (KEDA's `username` is the
 * client id, `password` the client secret), or undefined for any other trigger.
 */
export function kafkaOAuthTokenSource(
  config: KafkaScalerConfig,
  timeoutMs: number,
): OAuthBearerTokenSource | undefined {
  if (config.sasl !== 'oauthbearer' || config.saslTokenProvider !== 'bearer') return undefined;
  const uri = config.oauthTokenEndpointUri ?? '';
  let url: URL | undefined;
  try {
    url = new URL(uri);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ScalerConfigError('kafka: "oauthTokenEndpointUri" must be an absolute http or https URL', {
      parameter: 'oauthTokenEndpointUri',
      scalerType: 'kafka',
    });
  }
  return new OAuthBearerTokenSource({
    clientId: config.username ?? '',
    clientSecret: config.password ?? '',
    tokenEndpointUri: uri,
    scopes: config.scopes,
    extensions: config.oauthExtensions,
    timeoutMs,
  });
}

/**
 * The kafkajs connection settings a parsed trigger asks for; rejects what kafkajs cannot do. For OAuth
 * bearer triggers, `tokens` supplies the tokens (default: a new `kafkaOAuthTokenSource`).
 */
export function kafkaClientOptions(
  config: KafkaScalerConfig,
  requestTimeoutMs: number,
  tokens?: Pick<OAuthBearerTokenSource, 'token'>,
): KafkaJsAdminOptions {
  const unsupported = (parameter: string, what: string, why: string): never => {
    throw new ScalerConfigError(
      `kafka: ${what} is not supported by @scalerkit/kafka: ${why}; use PLAIN, SCRAM or OAuth bearer, or a KafkaAdminLike of your own`,
      { parameter, scalerType: 'kafka' },
    );
  };
  const options: KafkaJsAdminOptions = { brokers: config.bootstrapServers, requestTimeoutMs };
  if (config.tls === 'enable') options.ssl = kafkaTlsOptions(config);
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
    case 'oauthbearer': {
      if (config.saslTokenProvider === 'aws_msk_iam') {
        unsupported(
          'saslTokenProvider',
          'saslTokenProvider aws_msk_iam (sasl oauthbearer)',
          'kafkajs has no MSK IAM signer built in and there is no MSK to test against',
        );
      }
      if (config.saslTokenProvider !== 'bearer') {
        throw new ScalerConfigError(
          `kafka: "saslTokenProvider" ${JSON.stringify(config.saslTokenProvider)} selects no token provider for sasl oauthbearer; use bearer`,
          { parameter: 'saslTokenProvider', scalerType: 'kafka' },
        );
      }
      const source = tokens ?? kafkaOAuthTokenSource(config, requestTimeoutMs)!;
      options.sasl = { mechanism: 'oauthbearer', oauthBearerProvider: () => source.token() };
      break;
    }
    case 'gssapi':
      unsupported(
        'sasl',
        'sasl gssapi (Kerberos)',
        'kafkajs has no GSSAPI mechanism and there is no Kerberos KDC to test against',
      );
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
  const hint = config.tls === 'enable' ? tlsHint(error) : '';
  return new ScalerError(`kafka: reading the lag of group "${config.consumerGroup}" failed: ${detail}${hint}`, {
    code,
    cause: error,
  });
}

// Node's codes for a broker certificate that does not verify (tls.connect).
const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** What to check when a TLS handshake failed, from the error's code (kafkajs keeps Node's). */
function tlsHint(error: unknown): string {
  const code = errorCode(error);
  if (code === undefined) return '';
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    return ` (TLS: the broker's certificate was not accepted, ${code}; give the CA that signed it in "ca", or set "unsafeSsl")`;
  }
  if (/ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|HANDSHAKE_FAILURE)/.test(code)) {
    return ` (TLS: the broker refused the handshake, ${code}; it may require a client certificate: give "cert" and "key")`;
  }
  return '';
}

/** The first string `code` along the error's `cause` chain (kafkajs wraps the socket's error). */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A shared client and, for OAuth bearer triggers, the token source its connections log in with. */
interface KafkaConnection {
  admin: KafkaAdminLike;
  tokens: OAuthBearerTokenSource | undefined;
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
  #lease: Promise<Lease<KafkaConnection>> | undefined;
  // The connection this scaler's own open() just made (its token is fresh).
  #justOpened: KafkaConnection | undefined;
  #closed = false;
  // Polls still running inside kafkajs, including ones abandoned at their deadline or by an abort.
  readonly #inFlight = new Set<Promise<unknown>>();
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
    if (signal?.aborted) {
      // Nothing is started for a poll that is already cancelled.
      throw new ScalerError(`kafka: polling group "${this.#config.consumerGroup}" was aborted`, {
        code: 'ABORTED',
        cause: signal.reason,
      });
    }
    let connection: KafkaConnection | undefined;
    try {
      const work = this.#acquire(signal).then(async (opened) => {
        connection = opened;
        // A valid token before the requests, fetched under this poll's signal (kafkajs's own calls, on
        // reconnects and re-authentication, then find it cached). The poll that opened the client has one.
        if (this.#justOpened === opened) this.#justOpened = undefined;
        else await opened.tokens?.token(signal);
        return this.#poll(opened.admin);
      });
      this.#inFlight.add(work);
      const forget = () => this.#inFlight.delete(work);
      work.then(forget, forget);
      const lag = await withDeadline(work, {
        timeoutMs: this.#timeoutMs,
        signal,
        what: `kafka: polling group "${this.#config.consumerGroup}" at ${this.#config.bootstrapServers.join(',')}`,
      });
      return { metrics: [{ metricName, value: toMetricValue(lag.metric) }], isActive: lag.isActive };
    } catch (error) {
      this.#generation += 1;
      this.#previousOffsets.clear();
      const failure = pollError(error, this.#config);
      // KEDA rebuilds its scaler (and token source) after an error; a refused token is not offered again.
      if (failure.code === 'AUTHENTICATION_ERROR') connection?.tokens?.invalidate();
      throw failure;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // kafkajs calls cannot be cancelled: a poll abandoned at its deadline or by an abort keeps running, and
    // disconnecting under it lets it open a new socket afterwards (a leak). Let it finish first; kafkajs's
    // own request timeout and single retry bound it, and so does this wait.
    if (this.#inFlight.size > 0) await settleWithin([...this.#inFlight], 2 * this.#timeoutMs + 1000);
    const lease = this.#lease;
    this.#lease = undefined;
    if (lease)
      await lease.then(
        (held) => held.release(),
        () => undefined,
      );
  }

  /** The shared client for this broker list and credentials, opened on first use. */
  #acquire(signal: AbortSignal | undefined): Promise<KafkaConnection> {
    if (!this.#lease) {
      const config = this.#config;
      const timeoutMs = this.#timeoutMs;
      const logger = this.#context.logger;
      const createAdmin = this.#createAdmin;
      // Every setting that changes the connection, hashed by connectionKey (no secret in the key).
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
        saslTokenProvider: config.saslTokenProvider,
        oauthTokenEndpointUri: config.oauthTokenEndpointUri,
        scopes: config.scopes,
        oauthExtensions: config.oauthExtensions,
        timeoutMs,
      });
      const open = async (): Promise<KafkaConnection> => {
        const tokens = kafkaOAuthTokenSource(config, timeoutMs);
        try {
          const clientOptions = kafkaClientOptions(config, timeoutMs, tokens);
          const secrets = secretsOf(config);
          clientOptions.log = (_level, message, fields) => logger.debug(redact(message, secrets), fields);
          // The first token under the opening poll's signal, before kafkajs connects and asks for it.
          await tokens?.token(signal);
          const connection = { admin: await createAdmin(clientOptions), tokens };
          this.#justOpened = connection;
          return connection;
        } catch (error) {
          tokens?.close();
          throw error;
        }
      };
      const lease = this.#context.connections.acquire(key, open, async (connection) => {
        connection.tokens?.close();
        await connection.admin.disconnect();
      });
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

/** Waits until every promise has settled, or `ms` has passed; never rejects, leaves no timer. */
async function settleWithin(promises: readonly Promise<unknown>[], ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([Promise.allSettled(promises), expired]);
  } finally {
    clearTimeout(timer);
  }
}
