import {
  type InferParameters,
  type ParameterValidationProblem,
  type ParseContext,
  parameters as p,
  type TriggerInput,
} from '@scalerkit/core';
import { parseTrigger, type TriggerIdentity, triggerIdentity } from '@scalerkit/core/scaler-kit';
import {
  type KafkaRuleInput,
  type MskCredentials,
  parseKafkaVersion,
  parseOAuthExtensions,
  parsePartitionLimitation,
  resolveMskCredentials,
  validateKafkaRules,
} from './kafka-validation.js';

const METADATA_OR_ENV = ['metadata', 'resolvedEnv'] as const;
const METADATA_OR_AUTH = ['metadata', 'authParams'] as const;
const AUTH = ['authParams'] as const;

/** KEDA `kafka` trigger parameters (kafka_scaler.go kafkaMetadata), with KEDA's sources and defaults. */
export const kafkaParameters = {
  bootstrapServers: p.list({ order: METADATA_OR_ENV, description: 'Comma-separated broker addresses (host:port).' }),
  consumerGroup: p.string({ order: METADATA_OR_ENV, description: 'Consumer group whose lag is measured.' }),
  topic: p.string({
    order: METADATA_OR_ENV,
    optional: true,
    description: 'Topic to measure; empty means every topic the group has committed offsets in.',
  }),
  // Parsed in validation, as KEDA does (KEDA's range rules differ from a typed `range` list).
  partitionLimitation: p.string({
    optional: true,
    description: 'Partitions to count, e.g. `1,2,10-12` (ignored without a topic).',
  }),
  lagThreshold: p.integer({ default: 10, description: 'Target lag per replica (must be > 0).' }),
  activationLagThreshold: p.integer({ default: 0, description: 'Active when the total lag is above this (>= 0).' }),
  // KEDA splits enum values on `,` before checking them, so `latest,earliest` passes (see KafkaScalerConfig).
  offsetResetPolicy: p.enum(['latest', 'earliest'], {
    separator: ',',
    default: 'latest',
    description: 'How a partition with no committed offset counts: 1 (latest) or its latest offset (earliest).',
  }),
  allowIdleConsumers: p.boolean({ default: false, description: 'Allow more replicas than partitions.' }),
  excludePersistentLag: p.boolean({
    default: false,
    description:
      'Leave out of the metric the lag of partitions whose committed offset did not move since the last poll.',
  }),
  scaleToZeroOnInvalidOffset: p.boolean({
    default: false,
    description: 'Count 0 for partitions with no committed offset.',
  }),
  limitToPartitionsWithLag: p.boolean({
    default: false,
    description: 'Cap replicas at the number of partitions with lag.',
  }),
  ensureEvenDistributionOfPartitions: p.boolean({
    default: false,
    description: 'Round the metric up so that replicas divide the partition count evenly.',
  }),
  fullMetadata: p.boolean({ default: true, description: 'Validated as in KEDA; false requires a topic.' }),
  version: p.string({
    default: '1.0.0',
    description: 'Kafka protocol version for sarama; validated, unused by kafkajs.',
  }),
  tls: p.enum(['enable', 'disable'], {
    separator: ',',
    order: METADATA_OR_AUTH,
    default: 'disable',
    description: 'Use TLS.',
  }),
  unsafeSsl: p.boolean({ default: false, description: 'Skip certificate verification (TLS only).' }),
  ca: p.string({ order: AUTH, optional: true, description: 'PEM CA certificate(s).' }),
  cert: p.string({ order: AUTH, optional: true, description: 'PEM client certificate.' }),
  key: p.string({ order: AUTH, optional: true, secret: true, description: 'PEM client key.' }),
  keyPassword: p.string({ order: AUTH, optional: true, secret: true, description: 'Password of an encrypted key.' }),
  sasl: p.enum(['none', 'plaintext', 'scram_sha256', 'scram_sha512', 'oauthbearer', 'gssapi'], {
    separator: ',',
    order: METADATA_OR_AUTH,
    optional: true,
    description: 'SASL mechanism.',
  }),
  username: p.string({ order: AUTH, optional: true, description: 'SASL user (OAuth client id for oauthbearer).' }),
  password: p.string({
    order: AUTH,
    optional: true,
    secret: true,
    description: 'SASL password (OAuth client secret for oauthbearer).',
  }),
  saslTokenProvider: p.enum(['bearer', 'aws_msk_iam'], {
    separator: ',',
    order: METADATA_OR_AUTH,
    default: 'bearer',
    description: 'OAUTHBEARER token provider.',
  }),
  scopes: p.string({ order: AUTH, optional: true, description: 'OAuth scopes, comma-separated (not trimmed).' }),
  oauthTokenEndpointUri: p.string({ order: AUTH, optional: true, description: 'OAuth token endpoint.' }),
  oauthExtensions: p.string({ order: AUTH, optional: true, description: 'OAuth extensions `k=v,k2=v2`.' }),
  keytab: p.string({ order: AUTH, optional: true, secret: true, description: 'GSSAPI keytab.' }),
  realm: p.string({ order: AUTH, optional: true, description: 'GSSAPI realm.' }),
  kerberosConfig: p.string({ order: AUTH, optional: true, description: 'GSSAPI krb5.conf content.' }),
  kerberosServiceName: p.string({ order: AUTH, default: 'kafka', description: 'GSSAPI service name.' }),
  kerberosDisableFAST: p.boolean({ order: AUTH, default: false, description: 'Disable Kerberos FAST.' }),
  awsRegion: p.string({ optional: true, description: 'AWS region for MSK IAM.' }),
};

type RawKafkaParameters = InferParameters<typeof kafkaParameters>;

/** The SASL mechanism after parsing: `none` when no SASL is configured. */
export type KafkaSaslMechanism = 'none' | 'plaintext' | 'scram_sha256' | 'scram_sha512' | 'oauthbearer' | 'gssapi';

/**
 * `latest` or `earliest`. KEDA's enum check splits on `,`, so a list such as `latest,earliest` is accepted
 * and kept as written; it then matches neither policy in the lag rule (see `lagForPartition`).
 */
export type KafkaOffsetResetPolicy = 'latest' | 'earliest' | (string & {});

/** `bearer` or `aws_msk_iam`; a comma list of them is accepted as in KEDA and then selects neither. */
export type KafkaSaslTokenProvider = 'bearer' | 'aws_msk_iam' | (string & {});

/** The parameters whose parsed form differs from what their declaration reads (lists, ranges, enums KEDA narrows). */
interface KafkaDerivedParameters {
  /** Empty: every topic the group has committed offsets in. */
  topic: string;
  /**
   * Partition ids to count, or undefined for all (always undefined when `topic` is empty). Empty when
   * only reversed ranges were given: then no partition matches and every poll fails, as in KEDA.
   */
  partitionLimitation: number[] | undefined;
  offsetResetPolicy: KafkaOffsetResetPolicy;
  /** As sarama prints it (`1.0.0` by default); kafkajs negotiates API versions itself. */
  version: string;
  /** `enable` only when exactly `enable` was given (a comma list enables nothing, as in KEDA). */
  tls: 'enable' | 'disable';
  /** `none` when no SASL is configured (absent, `none`, or a comma list, which KEDA treats as none). */
  sasl: KafkaSaslMechanism;
  /** Default `bearer`. */
  saslTokenProvider: KafkaSaslTokenProvider;
  /** OAuth scopes split on `,`, not trimmed; `['']` when absent (as KEDA). */
  scopes: string[];
  oauthExtensions: Record<string, string>;
}

/**
 * The parsed `kafka` trigger: KEDA's metadata key names with KEDA's defaults applied (the type follows the
 * declarations in `kafkaParameters`), the MSK IAM credentials KEDA resolves for `aws_msk_iam`, and the
 * trigger's identity (index, metric type). Secrets (`password`, `key`, `keyPassword`, `keytab`,
 * `awsSecretAccessKey`, `awsSessionToken`) are kept for the client only.
 */
export type KafkaScalerConfig = Omit<RawKafkaParameters, keyof KafkaDerivedParameters> &
  KafkaDerivedParameters &
  MskCredentials &
  TriggerIdentity;

const SASL_MECHANISMS: readonly string[] = [
  'none',
  'plaintext',
  'scram_sha256',
  'scram_sha512',
  'oauthbearer',
  'gssapi',
];

/** The mechanism KEDA acts on: a single listed value, else (absent or a comma list) none. */
function saslMechanism(raw: string | undefined): KafkaSaslMechanism {
  return raw !== undefined && SASL_MECHANISMS.includes(raw) ? (raw as KafkaSaslMechanism) : 'none';
}

/**
 * Parses and validates a `kafka` trigger exactly as KEDA does. Throws one `ScalerConfigError` naming the
 * parameter at fault; secret values are never shown.
 *
 * @example
 * parseKafkaParameters({ metadata: { bootstrapServers: 'b:9092', consumerGroup: 'g', topic: 't' } }).lagThreshold; // 10
 */
export function parseKafkaParameters(input: TriggerInput, context?: ParseContext): KafkaScalerConfig {
  // The MSK credentials are checked with the other rules, so one error lists every problem.
  let credentials: MskCredentials = {};
  const validate = (config: KafkaRuleInput): ParameterValidationProblem[] => {
    const problems = validateKafkaRules(config);
    if (saslMechanism(config.sasl) === 'oauthbearer' && config.saslTokenProvider === 'aws_msk_iam') {
      const resolved = resolveMskCredentials({
        metadata: input.metadata ?? {},
        authParams: input.authParams,
        resolvedEnv: input.resolvedEnv,
      });
      if ('problem' in resolved) problems.push({ parameter: 'awsAccessKeyID', message: resolved.problem });
      else credentials = resolved;
    }
    return problems;
  };
  const raw = parseTrigger(kafkaParameters, input, { scalerType: 'kafka', validate }, context);
  const version = parseKafkaVersion(raw.version) as string; // checked by validateKafkaRules
  const sasl = saslMechanism(raw.sasl);
  const topic = raw.topic ?? '';
  const limitation =
    raw.partitionLimitation === undefined || topic === ''
      ? undefined
      : (parsePartitionLimitation(raw.partitionLimitation) as number[]);
  const extensions = parseOAuthExtensions(raw.oauthExtensions);
  return {
    bootstrapServers: raw.bootstrapServers,
    consumerGroup: raw.consumerGroup,
    topic,
    partitionLimitation: limitation,
    lagThreshold: raw.lagThreshold,
    activationLagThreshold: raw.activationLagThreshold,
    offsetResetPolicy: raw.offsetResetPolicy,
    allowIdleConsumers: raw.allowIdleConsumers,
    excludePersistentLag: raw.excludePersistentLag,
    scaleToZeroOnInvalidOffset: raw.scaleToZeroOnInvalidOffset,
    limitToPartitionsWithLag: raw.limitToPartitionsWithLag,
    ensureEvenDistributionOfPartitions: raw.ensureEvenDistributionOfPartitions,
    fullMetadata: raw.fullMetadata,
    version,
    tls: raw.tls === 'enable' ? 'enable' : 'disable',
    unsafeSsl: raw.unsafeSsl,
    ca: raw.ca,
    cert: raw.cert,
    key: raw.key,
    keyPassword: raw.keyPassword,
    sasl,
    username: raw.username,
    password: raw.password,
    saslTokenProvider: raw.saslTokenProvider,
    scopes: (raw.scopes ?? '').split(','),
    oauthTokenEndpointUri: raw.oauthTokenEndpointUri,
    // KEDA parses extensions only for the bearer provider; elsewhere a malformed value is ignored.
    oauthExtensions: typeof extensions === 'string' ? {} : extensions,
    keytab: raw.keytab,
    realm: raw.realm,
    kerberosConfig: raw.kerberosConfig,
    kerberosServiceName: raw.kerberosServiceName,
    kerberosDisableFAST: raw.kerberosDisableFAST,
    awsRegion: raw.awsRegion,
    ...credentials,
    ...triggerIdentity(input),
  };
}
