// KEDA's cross-parameter rules for the `kafka` trigger (kafka_scaler.go Validate, parseTLS, parseSASL,
// parseOAuthParams, parseGSSAPIParams; sarama ParseKafkaVersion; awsutils.GetAwsAuthorization).
import type { ParameterValidationProblem } from '@scalerkit/core';

/** The fields the rules read, as the typed parameters produce them (optional ones may be undefined). */
export interface KafkaRuleInput {
  topic: string | undefined;
  partitionLimitation: string | undefined;
  lagThreshold: number;
  activationLagThreshold: number;
  allowIdleConsumers: boolean;
  limitToPartitionsWithLag: boolean;
  ensureEvenDistributionOfPartitions: boolean;
  fullMetadata: boolean;
  version: string;
  tls: string;
  cert: string | undefined;
  key: string | undefined;
  sasl: string | undefined;
  username: string | undefined;
  password: string | undefined;
  saslTokenProvider: string;
  oauthTokenEndpointUri: string | undefined;
  oauthExtensions: string | undefined;
  keytab: string | undefined;
  realm: string | undefined;
  kerberosConfig: string | undefined;
  awsRegion: string | undefined;
}

/** Most partition ids one `partitionLimitation` may expand to; KEDA would try to allocate any range. */
export const MAX_PARTITION_LIMITATION_IDS = 1_000_000;

const INT32_TEXT = /^[+-]?\d+$/;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Go `strconv.ParseInt(text, 10, 32)`: optional sign, decimal digits (leading zeros allowed), int32 range. */
function parseInt32(text: string): number | undefined {
  if (!INT32_TEXT.test(text)) return undefined;
  const value = Number(text);
  return value >= INT32_MIN && value <= INT32_MAX ? (Object.is(value, -0) ? 0 : value) : undefined;
}

/**
 * KEDA's `parsePartitionLimitation`: comma items, each trimmed, each `N` or `A-B` (inclusive; both sides
 * trimmed, so ` 1 - 4 ` works; int32 each). A reversed range contributes nothing; an item with a `-` that
 * is not exactly two integers (`1-2-3`, `a-3`, `-1`) is an error. Returns the ids, or a message.
 */
export function parsePartitionLimitation(text: string): number[] | string {
  const ids: number[] = [];
  for (const rawItem of text.split(',')) {
    const item = rawItem.trim();
    if (item.includes('-')) {
      const parts = item.split('-');
      const start = parts.length === 2 ? parseInt32(parts[0]!.trim()) : undefined;
      const end = parts.length === 2 ? parseInt32(parts[1]!.trim()) : undefined;
      if (start === undefined || end === undefined) {
        return `"partitionLimitation" has an invalid range ${JSON.stringify(item)}: expected "start-end" with two integers`;
      }
      if (end - start + 1 > MAX_PARTITION_LIMITATION_IDS - ids.length) {
        return `"partitionLimitation" range ${JSON.stringify(item)} expands to more than ${MAX_PARTITION_LIMITATION_IDS} partitions`;
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

/** KEDA's OAuth extensions: `k=v,k2=v2`, each item split on `=` into exactly two parts, nothing trimmed. */
export function parseOAuthExtensions(text: string | undefined): Record<string, string> | string {
  const extensions: Record<string, string> = {};
  if (text === undefined) return extensions;
  for (const item of text.split(',')) {
    const parts = item.split('=');
    if (parts.length !== 2) {
      return `"oauthExtensions" must be a list of key=value pairs separated by ",", got an item with ${parts.length - 1} "="`;
    }
    Object.defineProperty(extensions, parts[0]!, {
      value: parts[1]!,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return extensions;
}

// sarama ParseKafkaVersion: at least 5 characters; a leading `0` means `0.X.Y.Z`, anything else `X.Y.Z`;
// each number is scanned with %d into a uint (so `2.08.0` is 2.8.0 and a number beyond 2^64-1 fails).
const OLD_VERSION = /^0\.(\d+)\.(\d+)\.(\d+)$/;
const NEW_VERSION = /^(\d+)\.(\d+)\.(\d+)$/;
const UINT64_MAX = 2n ** 64n - 1n;

/** The Kafka version as sarama prints it (`2.8.0`, `0.10.2.0`), or undefined when sarama rejects it. */
export function parseKafkaVersion(text: string): string | undefined {
  if (text.length < 5) return undefined;
  const match = text.startsWith('0') ? OLD_VERSION.exec(text) : NEW_VERSION.exec(text);
  if (match === null) return undefined;
  const numbers = match.slice(1).map((digits) => BigInt(digits));
  if (numbers.some((number) => number > UINT64_MAX)) return undefined;
  return text.startsWith('0') ? `0.${numbers.join('.')}` : numbers.join('.');
}

type Problems = ParameterValidationProblem[];

/**
 * KEDA's `Validate` and the version check of `parseKafkaMetadata`, in KEDA's order. KEDA returns on the first
 * failing rule; here every rule is checked, so one run shows every problem (the accepted configs are the same).
 * Enum values that are comma lists (`tls: enable,disable`) pass KEDA's enum check and then match none of
 * the cases below, so they switch nothing on and require nothing, exactly as in KEDA.
 */
export function validateKafkaRules(config: KafkaRuleInput): Problems {
  const problems: Problems = [];
  const add = (parameter: string, message: string) => problems.push({ parameter, message });
  if (config.lagThreshold <= 0)
    add('lagThreshold', `"lagThreshold" must be positive number, got ${config.lagThreshold}`);
  if (config.activationLagThreshold < 0) {
    add(
      'activationLagThreshold',
      `"activationLagThreshold" must be a non-negative number, got ${config.activationLagThreshold}`,
    );
  }
  if (config.partitionLimitation !== undefined) {
    const parsed = parsePartitionLimitation(config.partitionLimitation);
    if (typeof parsed === 'string') add('partitionLimitation', parsed);
  }
  const hasTopic = (config.topic ?? '') !== '';
  if (config.allowIdleConsumers && config.limitToPartitionsWithLag) {
    add('allowIdleConsumers', '"allowIdleConsumers" and "limitToPartitionsWithLag" cannot be set simultaneously');
  }
  if (config.limitToPartitionsWithLag && !hasTopic) {
    add('limitToPartitionsWithLag', '"topic" must be specified when using "limitToPartitionsWithLag"');
  }
  if (config.limitToPartitionsWithLag && config.ensureEvenDistributionOfPartitions) {
    add(
      'ensureEvenDistributionOfPartitions',
      '"limitToPartitionsWithLag" and "ensureEvenDistributionOfPartitions" cannot be set simultaneously',
    );
  }
  if (config.ensureEvenDistributionOfPartitions && !hasTopic) {
    add(
      'ensureEvenDistributionOfPartitions',
      '"topic" must be specified when using "ensureEvenDistributionOfPartitions"',
    );
  }
  if (!config.fullMetadata && !hasTopic) add('fullMetadata', '"topic" must be specified when "fullMetadata" is false');
  if (config.tls === 'enable') {
    if (config.cert !== undefined && config.key === undefined) {
      add('key', 'key must be provided with cert when "tls" is enable');
    }
    if (config.key !== undefined && config.cert === undefined) {
      add('cert', 'cert must be provided with key when "tls" is enable');
    }
  }
  problems.push(...validateSasl(config));
  // kafka_scaler.go parseKafkaMetadata: sarama.ParseKafkaVersion, after the typed config (and its Validate).
  if (parseKafkaVersion(config.version) === undefined) {
    add('version', `invalid kafka version ${JSON.stringify(config.version)}: expected X.Y.Z (X >= 1) or 0.X.Y.Z`);
  }
  return problems;
}

/** `"username" is required with sasl plaintext`: the parameter and why (where it is read from is the core's to say). */
const required = (parameter: string, why: string): Problems => [
  { parameter, message: `"${parameter}" is required ${why}` },
];

function validateSasl(config: KafkaRuleInput): Problems {
  const sasl = config.sasl ?? 'none';
  switch (sasl) {
    case 'plaintext':
    case 'scram_sha256':
    case 'scram_sha512':
      return [
        ...(config.username === undefined ? required('username', `with sasl ${sasl}`) : []),
        ...(config.password === undefined ? required('password', `with sasl ${sasl}`) : []),
      ];
    case 'oauthbearer':
      return validateOAuth(config);
    case 'gssapi': {
      const problems: Problems = config.username === undefined ? required('username', 'with sasl gssapi') : [];
      if ((config.password === undefined) === (config.keytab === undefined)) {
        problems.push({
          parameter: 'password',
          message: 'exactly one of password or keytab must be given with sasl gssapi',
        });
      }
      if (config.realm === undefined) problems.push(...required('realm', 'with sasl gssapi'));
      if (config.kerberosConfig === undefined) problems.push(...required('kerberosConfig', 'with sasl gssapi'));
      return problems;
    }
    default:
      // `none`, or a comma list that passed the enum check: no SASL, nothing required.
      return [];
  }
}

function validateOAuth(config: KafkaRuleInput): Problems {
  switch (config.saslTokenProvider) {
    case 'bearer': {
      const problems: Problems = [
        ...(config.username === undefined ? required('username', '(the OAuth client id) with sasl oauthbearer') : []),
        ...(config.password === undefined
          ? required('password', '(the OAuth client secret) with sasl oauthbearer')
          : []),
        ...(config.oauthTokenEndpointUri === undefined
          ? required('oauthTokenEndpointUri', 'with sasl oauthbearer')
          : []),
      ];
      const extensions = parseOAuthExtensions(config.oauthExtensions);
      if (typeof extensions === 'string') problems.push({ parameter: 'oauthExtensions', message: extensions });
      return problems;
    }
    case 'aws_msk_iam':
      return [
        ...(config.tls !== 'enable'
          ? [{ parameter: 'tls', message: 'TLS is required for AWS MSK authentication' }]
          : []),
        ...(config.awsRegion === undefined ? required('awsRegion', 'with saslTokenProvider aws_msk_iam') : []),
      ];
    default:
      // A comma list that passed the enum check: KEDA checks nothing (its client then has no token provider).
      return [];
  }
}

/** The AWS credentials KEDA's `GetAwsAuthorization` resolved for MSK IAM (values exactly as given). */
export interface MskCredentials {
  awsRoleArn?: string;
  awsAccessKeyID?: string;
  awsSecretAccessKey?: string;
  awsSessionToken?: string;
}

function own(map: Readonly<Record<string, string>> | undefined, key: string): string {
  if (map === undefined || map === null || !Object.hasOwn(map, key)) return '';
  const value = map[key];
  return typeof value === 'string' ? value : '';
}

/**
 * KEDA's `GetAwsAuthorization` for MSK IAM, without pod identity (scalerkit passes none). It reads the raw
 * maps, untrimmed: `identityOwner` `operator` (or any value other than empty and `pod`) needs and keeps nothing
 * (an `awsRoleArn` given with it is dropped);
 * otherwise `awsRoleArn` (AUTH), else `awsAccessKeyID`/`awsAccessKeyId` + `awsSecretAccessKey` (AUTH),
 * else `awsAccessKeyID` (TM) or `awsAccessKeyIDFromEnv` plus `awsSecretAccessKeyFromEnv` (ENV).
 * Returns the credentials, or KEDA's message.
 */
export function resolveMskCredentials(input: {
  metadata: Readonly<Record<string, string>>;
  authParams?: Readonly<Record<string, string>>;
  resolvedEnv?: Readonly<Record<string, string>>;
}): MskCredentials | { problem: string } {
  const { metadata, authParams, resolvedEnv } = input;
  const owner = own(metadata, 'identityOwner');
  // KEDA v2.21.0 pkg/scalers/aws/aws_common.go GetAwsAuthorization: `operator` (and any value it has no case for)
  // sets no credential at all, not even `awsRoleArn`; the operator's own identity is used.
  if (owner !== '' && owner !== 'pod') return {};
  const awsRoleArn = own(authParams, 'awsRoleArn');
  if (awsRoleArn !== '') return { awsRoleArn };
  const authKeyId = own(authParams, 'awsAccessKeyID') || own(authParams, 'awsAccessKeyId');
  if (authKeyId !== '') {
    const awsSecretAccessKey = own(authParams, 'awsSecretAccessKey');
    if (awsSecretAccessKey === '') return { problem: 'awsSecretAccessKey not found' };
    const awsSessionToken = own(authParams, 'awsSessionToken');
    return awsSessionToken === ''
      ? { awsAccessKeyID: authKeyId, awsSecretAccessKey }
      : { awsAccessKeyID: authKeyId, awsSecretAccessKey, awsSessionToken };
  }
  let awsAccessKeyID = own(metadata, 'awsAccessKeyID');
  if (awsAccessKeyID === '') {
    const envName = own(metadata, 'awsAccessKeyIDFromEnv');
    if (envName !== '') awsAccessKeyID = own(resolvedEnv, envName);
  }
  if (awsAccessKeyID === '') return { problem: 'awsAccessKeyID not found' };
  const secretEnvName = own(metadata, 'awsSecretAccessKeyFromEnv');
  const awsSecretAccessKey = secretEnvName === '' ? '' : own(resolvedEnv, secretEnvName);
  if (awsSecretAccessKey === '') return { problem: 'awsSecretAccessKey not found' };
  return { awsAccessKeyID, awsSecretAccessKey };
}
