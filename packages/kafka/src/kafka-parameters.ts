import {
  type InferParameters,
  type MetricTargetType,
  type ParameterValidationProblem,
  parameters as p,
  parseParameters,
  ScalerConfigError,
  type TriggerInput,
} from '@scalerkit/core';

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
  partitionLimitation: p.string({
    optional: true,
    description: 'Partitions to count, e.g. `1,2,10-12` (ignored without a topic).',
  }),
  lagThreshold: p.integer({ default: 10, description: 'Target lag per replica (must be > 0).' }),
  activationLagThreshold: p.integer({ default: 0, description: 'Active when the total lag is above this (>= 0).' }),
  offsetResetPolicy: p.enum(['latest', 'earliest'], {
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
  tls: p.enum(['enable', 'disable'], { order: METADATA_OR_AUTH, default: 'disable', description: 'Use TLS.' }),
  unsafeSsl: p.boolean({ default: false, description: 'Skip certificate verification (TLS only).' }),
  ca: p.string({ order: AUTH, optional: true, description: 'PEM CA certificate(s).' }),
  cert: p.string({ order: AUTH, optional: true, description: 'PEM client certificate.' }),
  key: p.string({ order: AUTH, optional: true, secret: true, description: 'PEM client key.' }),
  keyPassword: p.string({ order: AUTH, optional: true, secret: true, description: 'Password of an encrypted key.' }),
  sasl: p.enum(['none', 'plaintext', 'scram_sha256', 'scram_sha512', 'oauthbearer', 'gssapi'], {
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
    order: METADATA_OR_AUTH,
    optional: true,
    description: 'OAUTHBEARER token provider.',
  }),
  scopes: p.string({ order: AUTH, optional: true, description: 'OAuth scopes, comma-separated (not trimmed).' }),
  oauthTokenEndpointUri: p.string({ order: AUTH, optional: true, description: 'OAuth token endpoint.' }),
  oauthExtensions: p.string({ order: AUTH, optional: true, description: 'OAuth extensions `k=v,k2=v2`.' }),
  keytab: p.string({ order: AUTH, optional: true, secret: true, description: 'GSSAPI keytab.' }),
  realm: p.string({ order: AUTH, optional: true, description: 'GSSAPI realm.' }),
  kerberosConfig: p.string({ order: AUTH, optional: true, description: 'GSSAPI krb5.conf content.' }),
  kerberosServiceName: p.string({ order: AUTH, optional: true, description: 'GSSAPI service name (kafka).' }),
  kerberosDisableFAST: p.boolean({ order: AUTH, default: false, description: 'Disable Kerberos FAST.' }),
  awsRegion: p.string({ optional: true, description: 'AWS region for MSK IAM.' }),
};

type RawKafkaParameters = InferParameters<typeof kafkaParameters>;

/** The SASL mechanism after parsing: `none` when no SASL is configured. */
export type KafkaSaslMechanism = 'none' | 'plaintext' | 'scram_sha256' | 'scram_sha512' | 'oauthbearer' | 'gssapi';

/**
 * The parsed `kafka` trigger: KEDA's metadata key names with KEDA's defaults applied, plus the trigger's
 * index and metric type. Secrets (`password`, `key`, `keyPassword`, `keytab`) are kept for the client only.
 */
export interface KafkaScalerConfig {
  bootstrapServers: string[];
  consumerGroup: string;
  /** Empty: every topic the group has committed offsets in. */
  topic: string;
  /** Partition ids to count, or undefined for all (always undefined when `topic` is empty). */
  partitionLimitation: number[] | undefined;
  lagThreshold: number;
  activationLagThreshold: number;
  offsetResetPolicy: 'latest' | 'earliest';
  allowIdleConsumers: boolean;
  excludePersistentLag: boolean;
  scaleToZeroOnInvalidOffset: boolean;
  limitToPartitionsWithLag: boolean;
  ensureEvenDistributionOfPartitions: boolean;
  fullMetadata: boolean;
  /** Validated as in KEDA; kafkajs negotiates API versions itself. */
  version: string;
  tls: 'enable' | 'disable';
  unsafeSsl: boolean;
  ca: string | undefined;
  cert: string | undefined;
  key: string | undefined;
  keyPassword: string | undefined;
  /** `none` when no SASL is configured. */
  sasl: KafkaSaslMechanism;
  username: string | undefined;
  password: string | undefined;
  saslTokenProvider: 'bearer' | 'aws_msk_iam' | undefined;
  /** OAuth scopes split on `,`, not trimmed; `['']` when absent (as KEDA). */
  scopes: string[];
  oauthTokenEndpointUri: string | undefined;
  oauthExtensions: Record<string, string>;
  keytab: string | undefined;
  realm: string | undefined;
  kerberosConfig: string | undefined;
  kerberosServiceName: string | undefined;
  kerberosDisableFAST: boolean;
  awsRegion: string | undefined;
  triggerIndex: number;
  metricType: MetricTargetType;
}

const INT32 = /^[+-]?\d+$/;
const INT32_MAX = 2 ** 31 - 1;

function parseInt32(text: string): number | undefined {
  const trimmed = text.trim();
  if (!INT32.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= -(INT32_MAX + 1) && value <= INT32_MAX ? value : undefined;
}

/**
 * KEDA's `parsePartitionLimitation`: comma items, each `N` or `A-B` (inclusive, trimmed, int32). A
 * reversed range contributes nothing. Returns an error message for the first bad item.
 */
export function parsePartitionLimitation(text: string): number[] | string {
  const ids: number[] = [];
  for (const rawItem of text.split(',')) {
    const item = rawItem.trim();
    if (item.includes('-')) {
      const parts = item.split('-');
      const start = parts.length === 2 ? parseInt32(parts[0]!) : undefined;
      const end = parts.length === 2 ? parseInt32(parts[1]!) : undefined;
      if (start === undefined || end === undefined) {
        return `"partitionLimitation" has an invalid range ${JSON.stringify(item)}: expected "start-end" with two integers`;
      }
      for (let id = start; id <= end; id += 1) ids.push(id);
      continue;
    }
    const id = parseInt32(item);
    if (id === undefined) {
      return `"partitionLimitation" has an invalid partition ${JSON.stringify(item)}: expected an integer or a range "start-end"`;
    }
    ids.push(id);
  }
  return ids;
}

/** KEDA's `Validate` plus its SASL/TLS parsing, in KEDA's order; only the first failure is reported. */
function validate(config: RawKafkaParameters): ParameterValidationProblem[] {
  const first = (parameter: string, message: string) => [{ parameter, message }];
  if (config.lagThreshold <= 0) {
    return first('lagThreshold', `"lagThreshold" must be positive number, got ${config.lagThreshold}`);
  }
  if (config.activationLagThreshold < 0) {
    return first(
      'activationLagThreshold',
      `"activationLagThreshold" must be positive number or 0, got ${config.activationLagThreshold}`,
    );
  }
  if (config.partitionLimitation !== undefined) {
    const parsed = parsePartitionLimitation(config.partitionLimitation);
    if (typeof parsed === 'string') return first('partitionLimitation', parsed);
  }
  const topic = config.topic ?? '';
  if (config.allowIdleConsumers && config.limitToPartitionsWithLag) {
    return first(
      'allowIdleConsumers',
      '"allowIdleConsumers" and "limitToPartitionsWithLag" cannot be set simultaneously',
    );
  }
  if (config.limitToPartitionsWithLag && topic === '') {
    return first('limitToPartitionsWithLag', '"topic" must be specified when using "limitToPartitionsWithLag"');
  }
  if (config.limitToPartitionsWithLag && config.ensureEvenDistributionOfPartitions) {
    return first(
      'ensureEvenDistributionOfPartitions',
      '"limitToPartitionsWithLag" and "ensureEvenDistributionOfPartitions" cannot be set simultaneously',
    );
  }
  if (config.ensureEvenDistributionOfPartitions && topic === '') {
    return first(
      'ensureEvenDistributionOfPartitions',
      '"topic" must be specified when using "ensureEvenDistributionOfPartitions"',
    );
  }
  if (!config.fullMetadata && topic === '') {
    return first('fullMetadata', '"topic" must be specified when "fullMetadata" is false');
  }
  if (config.tls === 'enable') {
    if (config.cert !== undefined && config.key === undefined) {
      return first('key', 'key must be provided with cert when "tls" is enable');
    }
    if (config.key !== undefined && config.cert === undefined) {
      return first('cert', 'cert must be provided with key when "tls" is enable');
    }
  }
  return validateSasl(config);
}

function validateSasl(config: RawKafkaParameters): ParameterValidationProblem[] {
  const first = (parameter: string, message: string) => [{ parameter, message }];
  const sasl = config.sasl ?? 'none';
  switch (sasl) {
    case 'none':
      return [];
    case 'plaintext':
    case 'scram_sha256':
    case 'scram_sha512':
      if (config.username === undefined) return first('username', `no username given (required with sasl ${sasl})`);
      if (config.password === undefined) return first('password', `no password given (required with sasl ${sasl})`);
      return [];
    case 'oauthbearer': {
      const provider = config.saslTokenProvider ?? 'bearer';
      if (provider === 'aws_msk_iam') {
        if (config.tls !== 'enable') return first('tls', 'TLS is required for AWS MSK authentication');
        if (config.awsRegion === undefined) return first('awsRegion', 'no awsRegion given (required with aws_msk_iam)');
        return [];
      }
      if (config.username === undefined)
        return first('username', 'no username (OAuth client id) given for sasl oauthbearer');
      if (config.password === undefined)
        return first('password', 'no password (OAuth client secret) given for sasl oauthbearer');
      if (config.oauthTokenEndpointUri === undefined) {
        return first('oauthTokenEndpointUri', 'no oauthTokenEndpointUri given for sasl oauthbearer');
      }
      const extensions = parseOAuthExtensions(config.oauthExtensions);
      return typeof extensions === 'string' ? first('oauthExtensions', extensions) : [];
    }
    case 'gssapi':
      if (config.username === undefined) return first('username', 'no username given (required with sasl gssapi)');
      if ((config.password === undefined) === (config.keytab === undefined)) {
        return first('password', 'exactly one of password or keytab must be given with sasl gssapi');
      }
      if (config.realm === undefined) return first('realm', 'no realm given (required with sasl gssapi)');
      if (config.kerberosConfig === undefined) {
        return first('kerberosConfig', 'no kerberosConfig given (required with sasl gssapi)');
      }
      return [];
    default:
      return first('sasl', `unsupported sasl ${JSON.stringify(sasl)}`);
  }
}

/** `k=v,k2=v2`: every item must split on `=` into exactly two parts. */
function parseOAuthExtensions(text: string | undefined): Record<string, string> | string {
  const extensions: Record<string, string> = {};
  if (text === undefined) return extensions;
  for (const item of text.split(',')) {
    const parts = item.split('=');
    if (parts.length !== 2) {
      return `"oauthExtensions" must be a list of key=value pairs separated by ",", got an item with ${parts.length - 1} "="`;
    }
    extensions[parts[0]!] = parts[1]!;
  }
  return extensions;
}

// KEDA accepts any `X.Y.Z` (X >= 1) or `0.X.Y.Z` string, known to sarama or not (sarama ParseKafkaVersion).
const NEW_VERSION = /^(\d+)\.(\d+)\.(\d+)$/;
const OLD_VERSION = /^0\.(\d+)\.(\d+)\.(\d+)$/;

function isValidKafkaVersion(version: string): boolean {
  const match = NEW_VERSION.exec(version);
  if (match) return Number(match[1]) >= 1;
  return OLD_VERSION.test(version);
}

/** MSK credentials are read outside the tagged parameters (awsutils.GetAwsAuthorization). */
function checkMskCredentials(input: TriggerInput): string | undefined {
  const auth = input.authParams ?? {};
  const metadata = input.metadata ?? {};
  const env = input.resolvedEnv ?? {};
  const present = (value: string | undefined) => value !== undefined && value.trim() !== '';
  if (metadata.identityOwner?.trim() === 'operator') return undefined;
  if (present(auth.awsRoleArn)) return undefined;
  const keyId = auth.awsAccessKeyID ?? auth.awsAccessKeyId;
  if (present(keyId)) return present(auth.awsSecretAccessKey) ? undefined : 'awsSecretAccessKey not found';
  const envKeyName = metadata.awsAccessKeyIDFromEnv;
  const metadataKeyId = present(metadata.awsAccessKeyID)
    ? metadata.awsAccessKeyID
    : envKeyName
      ? env[envKeyName]
      : undefined;
  if (!present(metadataKeyId)) return 'awsAccessKeyID not found';
  const secretName = metadata.awsSecretAccessKeyFromEnv;
  return secretName && present(env[secretName]) ? undefined : 'awsSecretAccessKey not found';
}

/**
 * Parses and validates a `kafka` trigger exactly as KEDA does. Throws one `ScalerConfigError` naming the
 * parameter at fault; secret values are never shown.
 */
export function parseKafkaParameters(input: TriggerInput): KafkaScalerConfig {
  const raw = parseParameters(kafkaParameters, input, { scalerType: 'kafka', validate });
  const fail = (parameter: string, message: string): never => {
    throw new ScalerConfigError(`kafka: ${message}`, { parameter, scalerType: 'kafka' });
  };
  if (!isValidKafkaVersion(raw.version)) {
    fail('version', `invalid kafka version ${JSON.stringify(raw.version)}: expected X.Y.Z (X >= 1) or 0.X.Y.Z`);
  }
  const sasl = raw.sasl ?? 'none';
  if (sasl === 'oauthbearer' && raw.saslTokenProvider === 'aws_msk_iam') {
    const problem = checkMskCredentials(input);
    if (problem) fail('awsAccessKeyID', problem);
  }
  const topic = raw.topic ?? '';
  const limitation =
    raw.partitionLimitation === undefined || topic === ''
      ? undefined
      : (parsePartitionLimitation(raw.partitionLimitation) as number[]);
  const extensions = parseOAuthExtensions(raw.oauthExtensions);
  // parseParameters guarantees required parameters and defaults are present.
  return {
    bootstrapServers: raw.bootstrapServers!,
    consumerGroup: raw.consumerGroup!,
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
    version: raw.version,
    tls: raw.tls,
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
    oauthExtensions: typeof extensions === 'string' ? {} : extensions,
    keytab: raw.keytab,
    realm: raw.realm,
    kerberosConfig: raw.kerberosConfig,
    kerberosServiceName: raw.kerberosServiceName,
    kerberosDisableFAST: raw.kerberosDisableFAST,
    awsRegion: raw.awsRegion,
    triggerIndex: input.triggerIndex ?? 0,
    metricType: input.metricType ?? 'AverageValue',
  };
}
