import {
  type Clock,
  connectionKey,
  defineScaler,
  type MetricSpec,
  type MetricsAndActivity,
  type Scaler,
  ScalerConfigError,
  type Logger,
  type ScalerContext,
  type ScalerErrorCode,
} from '@scalerkit/core';
import { createPolledScaler, metricSpec, redactingLogger, tlsHint } from '@scalerkit/core/scaler-kit';
import {
  createKafkaJsAdmin,
  type KafkaAdminLike,
  type KafkaJsAdminOptions,
  type KafkaTopicMetadata,
} from './kafka-client.js';
import { lagForPartition, type PartitionLag, totalLag } from './kafka-lag.js';
import { readPartitionOffsets } from './kafka-offsets.js';
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
  clock?: Clock,
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
    ...(clock ? { clock } : {}),
  });
}

/**
 * The broker addresses to connect through: `bootstrapServers` without its empty entries. KEDA keeps them
 * (`"b1:9092,"` parses to `["b1:9092", ""]`) and sarama connects through the other seed brokers; kafkajs refuses
 * a list with an empty entry, so they are left out here. A list of empty entries only is refused.
 */
export function kafkaBrokerAddresses(config: Pick<KafkaScalerConfig, 'bootstrapServers'>): string[] {
  const brokers = config.bootstrapServers.filter((address) => address !== '');
  if (brokers.length === 0) {
    throw new ScalerConfigError(
      `kafka: "bootstrapServers" has no broker address, only empty entries; give one or more host:port separated by commas`,
      { parameter: 'bootstrapServers', scalerType: 'kafka' },
    );
  }
  return brokers;
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
  const options: KafkaJsAdminOptions = { brokers: kafkaBrokerAddresses(config), requestTimeoutMs };
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

/** Every secret of the trigger, scrubbed from error messages and log lines that echo the client's words. */
function secretsOf(config: KafkaScalerConfig): (string | undefined)[] {
  return [
    config.password,
    config.key,
    config.keyPassword,
    config.keytab,
    config.awsSecretAccessKey,
    config.awsSessionToken,
  ];
}

/** Every setting that changes the connection, hashed by connectionKey (no secret in the key). */
function kafkaConnectionKey(config: KafkaScalerConfig, timeoutMs: number): string {
  return connectionKey('kafka', kafkaBrokerAddresses(config).join(','), {
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
}

/** kafkajs's failures by their words: SASL and authentication, then connections, else the metric. */
function classifyKafkaError(error: unknown): ScalerErrorCode {
  const name = error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (/SASL|Authentication/i.test(`${name} ${detail}`)) return 'AUTHENTICATION_ERROR';
  if (/Connection|ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|closed/i.test(`${name} ${detail}`)) return 'CONNECTION_ERROR';
  return 'METRIC_ERROR';
}

/** A shared client and, for OAuth bearer triggers, the token source its connections log in with. */
interface KafkaConnection {
  admin: KafkaAdminLike;
  tokens: OAuthBearerTokenSource | undefined;
  /** True until the first poll on a new connection: its opening already fetched a fresh token. */
  fresh: boolean;
}

const topicKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * One `kafka` trigger's scaler (see the package README for how the lag is computed), built on the scaler kit:
 * only the lag arithmetic and the kafkajs connection live here.
 */
export class KafkaScaler implements Scaler {
  readonly #config: KafkaScalerConfig;
  readonly #scaler: Scaler;
  readonly #logger: Logger;
  // excludePersistentLag: committed offsets seen at the previous poll (cleared after a failed poll, as KEDA
  // loses them when it rebuilds the scaler).
  readonly #previousOffsets = new Map<string, number>();
  // The previous poll's Metadata answer: its partitions' offsets are asked together with the next Metadata request
  // (see readPartitionOffsets). Forgotten after a failed poll.
  #topics: KafkaTopicMetadata[] | undefined;
  // Bumped by every failed poll, so that a poll abandoned at its deadline cannot record offsets later.
  #generation = 0;

  constructor(config: KafkaScalerConfig, context: ScalerContext, options: KafkaScalerOptions = {}) {
    this.#config = config;
    this.#logger = redactingLogger(context.logger, secretsOf(config));
    const createAdmin = options.createAdmin ?? createKafkaJsAdmin;
    const timeoutMs = context.timeoutMs ?? DEFAULT_KAFKA_TIMEOUT_MS;
    const name = config.topic === '' ? `kafka-${config.consumerGroup}-topics` : `kafka-${config.topic}`;
    // Fail at creation, not at the first poll, for what the client cannot do.
    kafkaClientOptions(config, timeoutMs);
    const group = `group "${config.consumerGroup}"`;
    this.#scaler = createPolledScaler<KafkaConnection>(
      {
        type: 'kafka',
        describe: `polling ${group} at ${kafkaBrokerAddresses(config).join(',')}`,
        describeFailure: `reading the lag of ${group}`,
        metricSpecs: [metricSpec(config, name, config.lagThreshold)],
        defaultTimeoutMs: DEFAULT_KAFKA_TIMEOUT_MS,
        secrets: secretsOf(config),
        classify: classifyKafkaError,
        hint: (error) => (config.tls === 'enable' ? tlsHint(error, 'broker') : ''),
        connection: {
          key: kafkaConnectionKey(config, timeoutMs),
          open: async ({ signal, logger }) => {
            const tokens = kafkaOAuthTokenSource(config, timeoutMs, context.clock);
            try {
              const clientOptions = kafkaClientOptions(config, timeoutMs, tokens);
              clientOptions.log = (_level, message, fields) => logger.debug(message, fields);
              // The first token under the opening poll's signal, before kafkajs connects and asks for it.
              await tokens?.token(signal);
              return { admin: await createAdmin(clientOptions), tokens, fresh: true };
            } catch (error) {
              tokens?.close();
              throw error;
            }
          },
          close: async (connection) => {
            connection.tokens?.close();
            await connection.admin.disconnect();
          },
        },
        measure: async (connection, { signal }) => {
          // A valid token before the requests, fetched under this poll's signal (kafkajs's own calls, on
          // reconnects and re-authentication, then find it cached). The poll that opened the client has one.
          if (connection.fresh) connection.fresh = false;
          else await connection.tokens?.token(signal);
          const lag = await this.#poll(connection.admin);
          return { value: lag.metric, isActive: lag.isActive };
        },
        onError: (failure, connection) => {
          this.#generation += 1;
          this.#previousOffsets.clear();
          this.#topics = undefined;
          // KEDA rebuilds its scaler (and token source) after an error; a refused token is not offered again.
          if (failure.code === 'AUTHENTICATION_ERROR') connection?.tokens?.invalidate();
        },
      },
      context,
    );
  }

  getMetricSpecs(): MetricSpec[] {
    return this.#scaler.getMetricSpecs();
  }

  getMetricsAndActivity(metricName: string, options: { signal?: AbortSignal } = {}): Promise<MetricsAndActivity> {
    return this.#scaler.getMetricsAndActivity(metricName, options);
  }

  close(): Promise<void> {
    return this.#scaler.close();
  }

  /** One poll: KEDA's getTotalLag. */
  async #poll(admin: KafkaAdminLike) {
    const config = this.#config;
    const generation = this.#generation;
    const { offsets, topics } = await readPartitionOffsets(admin, config, this.#logger, this.#topics);
    // A poll abandoned at its deadline (a failure came in between) records nothing.
    const current = generation === this.#generation;
    if (current) this.#topics = topics;
    const previousOffsets = config.excludePersistentLag ? this.#previousOffsets : undefined;
    const lags: PartitionLag[] = new Array(offsets.length);
    for (let index = 0; index < offsets.length; index += 1) {
      const { topic, partition, committed, latest, oldest } = offsets[index]!;
      if (previousOffsets === undefined) {
        lags[index] = lagForPartition(committed, latest, undefined, config, oldest);
        continue;
      }
      const key = topicKey(topic, partition);
      const lag = lagForPartition(committed, latest, previousOffsets.get(key), config, oldest);
      if (current && lag.remember !== undefined) previousOffsets.set(key, lag.remember);
      lags[index] = lag;
    }
    return totalLag(lags, config);
  }
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
