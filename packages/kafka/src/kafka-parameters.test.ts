import { ScalerConfigError, type TriggerInput } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { type KafkaScalerConfig, parseKafkaParameters } from './kafka-parameters.js';
import { parsePartitionLimitation } from './kafka-validation.js';
import { KAFKA_DEFAULT_CONFIG } from './test-support.js';

const base = { bootstrapServers: 'b1:9092', consumerGroup: 'g', topic: 't' };

function parse(metadata: Record<string, string>, extra: Omit<TriggerInput, 'metadata'> = {}): KafkaScalerConfig {
  return parseKafkaParameters({ metadata, ...extra });
}

function rejection(input: TriggerInput): ScalerConfigError {
  try {
    parseKafkaParameters(input);
  } catch (error) {
    if (ScalerConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ScalerConfigError');
}

describe('parseKafkaParameters: accepted configurations', () => {
  it('applies every KEDA default', () => {
    const config = parse(base);
    expect(config).toEqual({ ...KAFKA_DEFAULT_CONFIG, topic: 't' });
  });

  const accepted: Array<[string, TriggerInput, Partial<KafkaScalerConfig>]> = [
    [
      'splits and trims bootstrapServers',
      { metadata: { ...base, bootstrapServers: ' a:1 , b:2 ' } },
      { bootstrapServers: ['a:1', 'b:2'] },
    ],
    [
      'reads bootstrapServers and consumerGroup from the env',
      {
        metadata: { bootstrapServersFromEnv: 'BROKERS', consumerGroupFromEnv: 'GROUP', topicFromEnv: 'TOPIC' },
        resolvedEnv: { BROKERS: 'e:9092', GROUP: 'eg', TOPIC: 'et' },
      },
      { bootstrapServers: ['e:9092'], consumerGroup: 'eg', topic: 'et' },
    ],
    [
      'prefers metadata over the env',
      { metadata: { ...base, consumerGroupFromEnv: 'GROUP' }, resolvedEnv: { GROUP: 'eg' } },
      { consumerGroup: 'g' },
    ],
    ['treats a blank topic as absent', { metadata: { ...base, topic: '  ' } }, { topic: '' }],
    [
      'parses numbers',
      { metadata: { ...base, lagThreshold: '5', activationLagThreshold: '3' } },
      { lagThreshold: 5, activationLagThreshold: 3 },
    ],
    [
      'accepts activationLagThreshold 0',
      { metadata: { ...base, activationLagThreshold: '0' } },
      { activationLagThreshold: 0 },
    ],
    [
      'accepts offsetResetPolicy earliest',
      { metadata: { ...base, offsetResetPolicy: 'earliest' } },
      { offsetResetPolicy: 'earliest' },
    ],
    [
      'accepts Go booleans',
      { metadata: { ...base, allowIdleConsumers: 'True', excludePersistentLag: '1', scaleToZeroOnInvalidOffset: 't' } },
      { allowIdleConsumers: true, excludePersistentLag: true, scaleToZeroOnInvalidOffset: true },
    ],
    [
      'parses partitionLimitation with ranges',
      { metadata: { ...base, partitionLimitation: '1, 3-5 , 9' } },
      { partitionLimitation: [1, 3, 4, 5, 9] },
    ],
    [
      'accepts spaces inside a range',
      { metadata: { ...base, partitionLimitation: ' 1 - 4 ' } },
      { partitionLimitation: [1, 2, 3, 4] },
    ],
    [
      'gives nothing for a reversed range',
      { metadata: { ...base, partitionLimitation: '4-1,7' } },
      { partitionLimitation: [7] },
    ],
    [
      'clears partitionLimitation without a topic',
      { metadata: { bootstrapServers: 'b:1', consumerGroup: 'g', partitionLimitation: '1,2' } },
      { partitionLimitation: undefined, topic: '' },
    ],
    [
      'treats a blank partitionLimitation as absent',
      { metadata: { ...base, partitionLimitation: '   ' } },
      { partitionLimitation: undefined },
    ],
    ['accepts version X.Y.Z', { metadata: { ...base, version: '2.8.1' } }, { version: '2.8.1' }],
    ['accepts version 0.X.Y.Z', { metadata: { ...base, version: '0.10.2.0' } }, { version: '0.10.2.0' }],
    [
      'accepts fullMetadata false with a topic',
      { metadata: { ...base, fullMetadata: 'false' } },
      { fullMetadata: false },
    ],
    [
      'lets metadata win for sasl and tls',
      { metadata: { ...base, sasl: 'none', tls: 'disable' }, authParams: { sasl: 'plaintext', tls: 'enable' } },
      { sasl: 'none', tls: 'disable' },
    ],
    [
      'reads sasl and credentials from authParams',
      { metadata: base, authParams: { sasl: 'scram_sha512', username: 'u', password: 'p' } },
      { sasl: 'scram_sha512', username: 'u', password: 'p' },
    ],
    [
      'trims sasl',
      { metadata: { ...base, sasl: 'plaintext\n' }, authParams: { username: 'u', password: 'p' } },
      { sasl: 'plaintext' },
    ],
    [
      'accepts tls with a CA only',
      { metadata: { ...base, tls: 'enable' }, authParams: { ca: 'CA' } },
      { tls: 'enable', ca: 'CA' },
    ],
    [
      'accepts tls with cert and key',
      { metadata: { ...base, tls: 'enable' }, authParams: { cert: 'C', key: 'K', keyPassword: 'KP' } },
      { cert: 'C', key: 'K', keyPassword: 'KP' },
    ],
    [
      'parses oauthbearer scopes untrimmed and extensions',
      {
        metadata: { ...base, sasl: 'oauthbearer' },
        authParams: {
          username: 'id',
          password: 's',
          oauthTokenEndpointUri: 'https://t',
          scopes: 'a, b',
          oauthExtensions: 'k=v,k2=v2',
        },
      },
      { sasl: 'oauthbearer', scopes: ['a', ' b'], oauthExtensions: { k: 'v', k2: 'v2' } },
    ],
    [
      'accepts aws_msk_iam with TLS, region and keys',
      {
        metadata: {
          ...base,
          sasl: 'oauthbearer',
          saslTokenProvider: 'aws_msk_iam',
          tls: 'enable',
          awsRegion: 'eu-west-1',
        },
        authParams: { awsAccessKeyID: 'AK', awsSecretAccessKey: 'SK' },
      },
      { saslTokenProvider: 'aws_msk_iam', awsRegion: 'eu-west-1' },
    ],
    [
      'accepts aws_msk_iam with a role',
      {
        metadata: { ...base, sasl: 'oauthbearer', saslTokenProvider: 'aws_msk_iam', tls: 'enable', awsRegion: 'r' },
        authParams: { awsRoleArn: 'arn' },
      },
      { saslTokenProvider: 'aws_msk_iam' },
    ],
    [
      'accepts gssapi with a keytab',
      {
        metadata: { ...base, sasl: 'gssapi' },
        authParams: { username: 'u', keytab: 'KT', realm: 'R', kerberosConfig: 'C', kerberosDisableFAST: 'true' },
      },
      { sasl: 'gssapi', keytab: 'KT', kerberosDisableFAST: true },
    ],
    [
      'reads triggerIndex and metricType',
      { metadata: base, triggerIndex: 3, metricType: 'Value' },
      { triggerIndex: 3, metricType: 'Value' },
    ],
  ];

  for (const [name, input, expected] of accepted) {
    it(name, () => {
      expect(parseKafkaParameters(input)).toMatchObject(expected);
    });
  }
});

describe('parseKafkaParameters: rejected configurations name the parameter', () => {
  const rejected: Array<[string, TriggerInput, string, RegExp]> = [
    [
      'missing bootstrapServers',
      { metadata: { consumerGroup: 'g' } },
      'bootstrapServers',
      /missing required parameter "bootstrapServers"/,
    ],
    [
      'missing consumerGroup',
      { metadata: { bootstrapServers: 'b:1' } },
      'consumerGroup',
      /missing required parameter "consumerGroup"/,
    ],
    [
      'env var named but unset',
      { metadata: { bootstrapServers: 'b:1', consumerGroupFromEnv: 'NOPE' } },
      'consumerGroup',
      /NOPE/,
    ],
    [
      'lagThreshold 0',
      { metadata: { ...base, lagThreshold: '0' } },
      'lagThreshold',
      /"lagThreshold" must be positive number/,
    ],
    ['lagThreshold -1', { metadata: { ...base, lagThreshold: '-1' } }, 'lagThreshold', /must be positive/],
    ['lagThreshold 1.5', { metadata: { ...base, lagThreshold: '1.5' } }, 'lagThreshold', /integer/],
    ['lagThreshold +5', { metadata: { ...base, lagThreshold: '+5' } }, 'lagThreshold', /integer/],
    ['lagThreshold 010', { metadata: { ...base, lagThreshold: '010' } }, 'lagThreshold', /integer/],
    [
      'activationLagThreshold -1',
      { metadata: { ...base, activationLagThreshold: '-1' } },
      'activationLagThreshold',
      /"activationLagThreshold" must be/,
    ],
    [
      'offsetResetPolicy in capitals',
      { metadata: { ...base, offsetResetPolicy: 'Latest' } },
      'offsetResetPolicy',
      /latest/,
    ],
    ['allowIdleConsumers yes', { metadata: { ...base, allowIdleConsumers: 'yes' } }, 'allowIdleConsumers', /boolean/],
    ['fullMetadata notvalid', { metadata: { ...base, fullMetadata: 'notvalid' } }, 'fullMetadata', /boolean/],
    [
      'partitionLimitation a,b,c',
      { metadata: { ...base, partitionLimitation: 'a,b,c' } },
      'partitionLimitation',
      /"a"/,
    ],
    [
      'partitionLimitation 1-2-3',
      { metadata: { ...base, partitionLimitation: '1-2-3' } },
      'partitionLimitation',
      /"1-2-3"/,
    ],
    ['partitionLimitation a-3', { metadata: { ...base, partitionLimitation: 'a-3' } }, 'partitionLimitation', /range/],
    ['partitionLimitation 1-b', { metadata: { ...base, partitionLimitation: '1-b' } }, 'partitionLimitation', /range/],
    ['partitionLimitation -1', { metadata: { ...base, partitionLimitation: '-1' } }, 'partitionLimitation', /range/],
    [
      'allowIdleConsumers with limitToPartitionsWithLag',
      { metadata: { ...base, allowIdleConsumers: 'true', limitToPartitionsWithLag: 'true' } },
      'allowIdleConsumers',
      /cannot be set simultaneously/,
    ],
    [
      'limitToPartitionsWithLag without topic',
      { metadata: { bootstrapServers: 'b:1', consumerGroup: 'g', limitToPartitionsWithLag: 'true' } },
      'limitToPartitionsWithLag',
      /"topic" must be specified/,
    ],
    [
      'limitToPartitionsWithLag with ensureEvenDistributionOfPartitions',
      { metadata: { ...base, limitToPartitionsWithLag: 'true', ensureEvenDistributionOfPartitions: 'true' } },
      'ensureEvenDistributionOfPartitions',
      /cannot be set simultaneously/,
    ],
    [
      'ensureEvenDistributionOfPartitions without topic',
      { metadata: { bootstrapServers: 'b:1', consumerGroup: 'g', ensureEvenDistributionOfPartitions: 'true' } },
      'ensureEvenDistributionOfPartitions',
      /"topic" must be specified/,
    ],
    [
      'fullMetadata false without topic',
      { metadata: { bootstrapServers: 'b:1', consumerGroup: 'g', fullMetadata: 'false' } },
      'fullMetadata',
      /"topic" must be specified/,
    ],
    ['tls PLAINTEXT (enum is case-sensitive)', { metadata: { ...base, tls: 'Enable' } }, 'tls', /enable/],
    [
      'tls cert without key',
      { metadata: { ...base, tls: 'enable' }, authParams: { cert: 'C' } },
      'key',
      /key must be provided/,
    ],
    [
      'tls key without cert',
      { metadata: { ...base, tls: 'enable' }, authParams: { key: 'K' } },
      'cert',
      /cert must be provided/,
    ],
    ['unknown sasl', { metadata: { ...base, sasl: 'PLAIN' } }, 'sasl', /plaintext/],
    [
      'plaintext without username',
      { metadata: { ...base, sasl: 'plaintext' }, authParams: { password: 'p' } },
      'username',
      /username/,
    ],
    [
      'scram without password',
      { metadata: { ...base, sasl: 'scram_sha256' }, authParams: { username: 'u' } },
      'password',
      /password/,
    ],
    [
      'username in metadata is not read',
      { metadata: { ...base, sasl: 'scram_sha512', username: 'u', password: 'p' } },
      'username',
      /username/,
    ],
    [
      'oauthbearer without endpoint',
      { metadata: { ...base, sasl: 'oauthbearer' }, authParams: { username: 'u', password: 'p' } },
      'oauthTokenEndpointUri',
      /oauthTokenEndpointUri/,
    ],
    [
      'oauthbearer bad extensions',
      {
        metadata: { ...base, sasl: 'oauthbearer' },
        authParams: { username: 'u', password: 'p', oauthTokenEndpointUri: 'x', oauthExtensions: 'a=b=c' },
      },
      'oauthExtensions',
      /key=value/,
    ],
    [
      'unknown saslTokenProvider',
      { metadata: { ...base, sasl: 'oauthbearer', saslTokenProvider: 'aws' } },
      'saslTokenProvider',
      /bearer/,
    ],
    [
      'aws_msk_iam without tls',
      { metadata: { ...base, sasl: 'oauthbearer', saslTokenProvider: 'aws_msk_iam', awsRegion: 'r' } },
      'tls',
      /TLS is required for AWS MSK authentication/,
    ],
    [
      'aws_msk_iam without region',
      { metadata: { ...base, sasl: 'oauthbearer', saslTokenProvider: 'aws_msk_iam', tls: 'enable' } },
      'awsRegion',
      /awsRegion/,
    ],
    [
      'aws_msk_iam region from authParams is not read',
      {
        metadata: { ...base, sasl: 'oauthbearer', saslTokenProvider: 'aws_msk_iam', tls: 'enable' },
        authParams: { awsRegion: 'r' },
      },
      'awsRegion',
      /awsRegion/,
    ],
    [
      'aws_msk_iam without secret key',
      {
        metadata: { ...base, sasl: 'oauthbearer', saslTokenProvider: 'aws_msk_iam', tls: 'enable', awsRegion: 'r' },
        authParams: { awsAccessKeyID: 'AK' },
      },
      'awsAccessKeyID',
      /awsSecretAccessKey not found/,
    ],
    [
      'aws_msk_iam without credentials',
      { metadata: { ...base, sasl: 'oauthbearer', saslTokenProvider: 'aws_msk_iam', tls: 'enable', awsRegion: 'r' } },
      'awsAccessKeyID',
      /awsAccessKeyID not found/,
    ],
    [
      'gssapi without username',
      { metadata: { ...base, sasl: 'gssapi' }, authParams: { password: 'p', realm: 'R', kerberosConfig: 'C' } },
      'username',
      /username/,
    ],
    [
      'gssapi with password and keytab',
      {
        metadata: { ...base, sasl: 'gssapi' },
        authParams: { username: 'u', password: 'p', keytab: 'k', realm: 'R', kerberosConfig: 'C' },
      },
      'password',
      /exactly one of password or keytab/,
    ],
    [
      'gssapi with neither password nor keytab',
      { metadata: { ...base, sasl: 'gssapi' }, authParams: { username: 'u', realm: 'R', kerberosConfig: 'C' } },
      'password',
      /exactly one/,
    ],
    [
      'gssapi without realm',
      { metadata: { ...base, sasl: 'gssapi' }, authParams: { username: 'u', password: 'p', kerberosConfig: 'C' } },
      'realm',
      /realm/,
    ],
    [
      'gssapi without kerberosConfig',
      { metadata: { ...base, sasl: 'gssapi' }, authParams: { username: 'u', password: 'p', realm: 'R' } },
      'kerberosConfig',
      /kerberosConfig/,
    ],
    ['version 1.2.3.4', { metadata: { ...base, version: '1.2.3.4' } }, 'version', /invalid kafka version/],
    ['version 0.1.2', { metadata: { ...base, version: '0.1.2' } }, 'version', /invalid kafka version/],
    ['version abc', { metadata: { ...base, version: 'abc' } }, 'version', /invalid kafka version/],
  ];

  for (const [name, input, parameter, message] of rejected) {
    it(`rejects ${name}`, () => {
      const error = rejection(input);
      expect(error.parameter).toBe(parameter);
      expect(error.scalerType).toBe('kafka');
      expect(error.message).toMatch(/^kafka: /);
      expect(error.message).toMatch(message);
    });
  }

  it('reports every Validate rule that fails, in KEDA order, the first as .parameter', () => {
    const error = rejection({ metadata: { ...base, lagThreshold: '0', activationLagThreshold: '-1' } });
    expect(error.problems.map((problem) => problem.parameter)).toEqual(['lagThreshold', 'activationLagThreshold']);
    expect(error.parameter).toBe('lagThreshold');
  });

  it('never shows secret values in messages', () => {
    const error = rejection({
      metadata: { ...base, tls: 'enable', sasl: 'scram_sha256' },
      authParams: { key: 'TOP-SECRET-KEY', keyPassword: 'TOP-SECRET-PW', password: 'TOP-SECRET-PASSWORD' },
    });
    expect(error.message).not.toMatch(/TOP-SECRET/);
    expect(JSON.stringify(error.problems)).not.toMatch(/TOP-SECRET/);
  });
});

describe('parsePartitionLimitation', () => {
  const table: Array<[string, number[] | RegExp]> = [
    ['0', [0]],
    ['1,2,3', [1, 2, 3]],
    ['1-3', [1, 2, 3]],
    ['+2', [2]],
    ['007', [7]],
    ['3-3', [3]],
    ['5-2', []],
    ['1,,2', /""/],
    ['2147483648', /invalid partition/],
    ['1-2-3', /invalid range/],
    ['x', /invalid partition/],
  ];
  for (const [text, expected] of table) {
    it(`parses ${JSON.stringify(text)}`, () => {
      const result = parsePartitionLimitation(text);
      if (expected instanceof RegExp) expect(result).toMatch(expected);
      else expect(result).toEqual(expected);
    });
  }
});

// KEDA v2.21.0 pkg/scalers/kafka_scaler.go kafkaMetadata: username, password, ca, cert, key, keyPassword, scopes,
// oauthTokenEndpointUri, keytab, realm and kerberosConfig are read with `order=authParams` only.
describe('parseKafkaParameters: a credential written in metadata, where KEDA does not read it', () => {
  const inAuth = (name: string) =>
    `kafka: parameter "${name}" must be given in authParams (a TriggerAuthentication), not in metadata (KEDA does not read it from metadata)`;
  const table: Array<[string, TriggerInput, Array<[string, string]>]> = [
    [
      'sasl plaintext, username and password in metadata',
      { metadata: { ...base, sasl: 'plaintext', username: 'alice', password: 'pw' } },
      [
        ['username', `${inAuth('username')}: "username" is required with sasl plaintext`],
        ['password', `${inAuth('password')}: "password" is required with sasl plaintext`],
      ],
    ],
    [
      'sasl scram_sha512, username in metadata, password in authParams',
      { metadata: { ...base, sasl: 'scram_sha512', username: 'alice' }, authParams: { password: 'pw' } },
      [['username', `${inAuth('username')}: "username" is required with sasl scram_sha512`]],
    ],
    [
      'sasl from authParams, username in metadata',
      { metadata: { ...base, username: 'alice' }, authParams: { sasl: 'scram_sha256', password: 'pw' } },
      [['username', `${inAuth('username')}: "username" is required with sasl scram_sha256`]],
    ],
    [
      'oauthbearer, client id and token endpoint in metadata',
      {
        metadata: { ...base, sasl: 'oauthbearer', username: 'id', oauthTokenEndpointUri: 'https://idp/token' },
        authParams: { password: 'secret' },
      },
      [
        ['username', `${inAuth('username')}: "username" is required (the OAuth client id) with sasl oauthbearer`],
        [
          'oauthTokenEndpointUri',
          `${inAuth('oauthTokenEndpointUri')}: "oauthTokenEndpointUri" is required with sasl oauthbearer`,
        ],
      ],
    ],
    [
      'gssapi, realm and kerberosConfig in metadata',
      {
        metadata: { ...base, sasl: 'gssapi', realm: 'EXAMPLE.COM', kerberosConfig: '[libdefaults]' },
        authParams: { username: 'u', password: 'p' },
      },
      [
        ['realm', `${inAuth('realm')}: "realm" is required with sasl gssapi`],
        ['kerberosConfig', `${inAuth('kerberosConfig')}: "kerberosConfig" is required with sasl gssapi`],
      ],
    ],
    [
      'tls enable, cert in metadata and key in authParams',
      { metadata: { ...base, tls: 'enable', cert: 'PEM' }, authParams: { key: 'KEY' } },
      [['cert', `${inAuth('cert')}: cert must be provided with key when "tls" is enable`]],
    ],
  ];
  for (const [name, input, expected] of table) {
    it(name, () => {
      const error = rejection(input);
      expect(error.problems.map((problem) => [problem.parameter, problem.message])).toEqual(expected);
      expect(error.message).not.toMatch(/not given|missing/);
    });
  }

  it('says a credential is required, without "not given", when it is nowhere', () => {
    const error = rejection({ metadata: { ...base, sasl: 'plaintext' } });
    expect(error.problems).toEqual([
      {
        parameter: 'username',
        message: 'kafka: "username" is required with sasl plaintext; give it in authParams (a TriggerAuthentication)',
      },
      {
        parameter: 'password',
        message: 'kafka: "password" is required with sasl plaintext; give it in authParams (a TriggerAuthentication)',
      },
    ]);
  });

  it('accepts the same trigger once the credentials are in authParams, and warns about a copy left in metadata', () => {
    const events: string[] = [];
    const config = parseKafkaParameters(
      {
        metadata: { ...base, sasl: 'plaintext', username: 'alice' },
        authParams: { username: 'alice', password: 'pw' },
      },
      { emit: (event) => events.push(`${event.type}: ${event.message}`) },
    );
    expect(config).toMatchObject({ sasl: 'plaintext', username: 'alice', password: 'pw' });
    expect(events).toEqual([
      'Warning: scaler kafka: parameter "username" in metadata is ignored: KEDA reads it only from authParams (a TriggerAuthentication)',
    ]);
  });
});

describe('parseKafkaParameters: every problem of a trigger at once', () => {
  it('reports field errors, the Validate rules they do not affect and the version together', () => {
    const error = rejection({
      metadata: {
        lagThreshold: '-3',
        activationLagThreshold: 'x',
        offsetResetPolicy: 'newest',
        version: 'abc',
        sasl: 'plaintext',
        tls: 'maybe',
      },
    });
    expect(error.problems.map((problem) => problem.parameter)).toEqual([
      'bootstrapServers',
      'consumerGroup',
      'activationLagThreshold',
      'offsetResetPolicy',
      'tls',
      'lagThreshold',
      'username',
      'password',
      'version',
    ]);
    expect(error.message).toMatch(/^kafka: 9 problems: /);
  });

  it('reports the MSK credentials beside the other rules', () => {
    const error = rejection({
      metadata: { ...base, sasl: 'oauthbearer', saslTokenProvider: 'aws_msk_iam', tls: 'enable', lagThreshold: '0' },
    });
    expect(error.problems.map((problem) => problem.parameter)).toEqual(['lagThreshold', 'awsRegion', 'awsAccessKeyID']);
  });
});
