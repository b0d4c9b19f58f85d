// A second, independent table of KEDA's `kafka` parse rules (KEDA v2.21: the `keda` tags of
// pkg/scalers/scalersconfig/typed_config.go, and `kafkaMetadata` with its `Validate` in pkg/scalers/kafka_scaler.go),
// written from KEDA's code rather than from the implementation. One table per rule group, one loop each.
import { ScalerConfigError, type TriggerInput } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { type KafkaScalerConfig, kafkaParameters, parseKafkaParameters } from './kafka-parameters.js';
import { kafkaScaler } from './kafka-scaler.js';
import { resolveMskCredentials } from './kafka-validation.js';
import { KAFKA_DEFAULT_CONFIG } from './test-support.js';

const base = { bootstrapServers: 'b1:9092', consumerGroup: 'g', topic: 't' };
const noTopic = { bootstrapServers: 'b1:9092', consumerGroup: 'g' };

type Accept = [name: string, input: TriggerInput, expected: Partial<KafkaScalerConfig>];
type Reject = [name: string, input: TriggerInput, parameter: string];

function rejectionOf(input: TriggerInput): ScalerConfigError | undefined {
  try {
    kafkaScaler.parse(input);
  } catch (error) {
    if (ScalerConfigError.isInstance(error)) return error;
    throw error;
  }
  return undefined;
}

function runAccepted(table: readonly Accept[]) {
  for (const [name, input, expected] of table) {
    it(`accepts ${name}`, () => {
      expect(kafkaScaler.parse(input)).toMatchObject(expected);
    });
  }
}

function runRejected(table: readonly Reject[]) {
  for (const [name, input, parameter] of table) {
    it(`rejects ${name} (parameter ${parameter})`, () => {
      const error = rejectionOf(input);
      expect(error, 'expected a ScalerConfigError').toBeDefined();
      expect(error!.parameter).toBe(parameter);
      expect(error!.message).toMatch(/^kafka: /);
    });
  }
}

describe('kafka parse: defaults and value types', () => {
  it('returns every KEDA default, with KEDA YAML names and numbers as numbers', () => {
    expect(kafkaScaler.parse({ metadata: { ...noTopic } })).toStrictEqual(KAFKA_DEFAULT_CONFIG);
  });

  it('declares every parameter of the reference table, and no other', () => {
    expect(Object.keys(kafkaParameters).sort()).toEqual(
      [
        'bootstrapServers',
        'consumerGroup',
        'topic',
        'partitionLimitation',
        'lagThreshold',
        'activationLagThreshold',
        'offsetResetPolicy',
        'allowIdleConsumers',
        'excludePersistentLag',
        'scaleToZeroOnInvalidOffset',
        'limitToPartitionsWithLag',
        'ensureEvenDistributionOfPartitions',
        'fullMetadata',
        'version',
        'tls',
        'unsafeSsl',
        'ca',
        'cert',
        'key',
        'keyPassword',
        'sasl',
        'username',
        'password',
        'saslTokenProvider',
        'scopes',
        'oauthTokenEndpointUri',
        'oauthExtensions',
        'keytab',
        'realm',
        'kerberosConfig',
        'kerberosServiceName',
        'kerberosDisableFAST',
        'awsRegion',
      ].sort(),
    );
  });

  it('is the same function as parseKafkaParameters', () => {
    expect(kafkaScaler.parse).toBe(parseKafkaParameters);
  });
});

describe('kafka parse: sources and their order (KEDA kafkaMetadata tags)', () => {
  runAccepted([
    [
      'bootstrapServers and consumerGroup from env through <name>FromEnv',
      {
        metadata: { bootstrapServersFromEnv: 'B', consumerGroupFromEnv: 'G', topicFromEnv: 'T' },
        resolvedEnv: { B: 'x:1, y:2', G: 'env-group', T: 'env-topic' },
      },
      { bootstrapServers: ['x:1', 'y:2'], consumerGroup: 'env-group', topic: 'env-topic' },
    ],
    [
      'metadata before env for consumerGroup',
      { metadata: { ...base, consumerGroupFromEnv: 'G' }, resolvedEnv: { G: 'env-group' } },
      { consumerGroup: 'g' },
    ],
    [
      'a blank metadata value falling through to env',
      { metadata: { ...base, consumerGroup: '   ', consumerGroupFromEnv: 'G' }, resolvedEnv: { G: ' eg ' } },
      { consumerGroup: 'eg' },
    ],
    [
      'lagThreshold from metadata only (authParams and env ignored)',
      {
        metadata: { ...base, lagThresholdFromEnv: 'L' },
        authParams: { lagThreshold: '99' },
        resolvedEnv: { L: '77' },
      },
      { lagThreshold: 10 },
    ],
    [
      'partitionLimitation from metadata only',
      { metadata: { ...base, partitionLimitationFromEnv: 'P' }, resolvedEnv: { P: '1' } },
      { partitionLimitation: undefined },
    ],
    ['tls from authParams', { metadata: base, authParams: { tls: 'enable' } }, { tls: 'enable' }],
    [
      'tls from metadata before authParams, without error',
      { metadata: { ...base, tls: 'disable' }, authParams: { tls: 'enable', cert: 'C' } },
      { tls: 'disable' },
    ],
    [
      'a blank metadata tls falling through to authParams',
      { metadata: { ...base, tls: ' ' }, authParams: { tls: 'enable' } },
      { tls: 'enable' },
    ],
    [
      'tls never from env',
      { metadata: { ...base, tlsFromEnv: 'T' }, resolvedEnv: { T: 'enable' } },
      { tls: 'disable' },
    ],
    [
      'sasl from metadata before authParams',
      { metadata: { ...base, sasl: 'plaintext' }, authParams: { sasl: 'gssapi', username: 'u', password: 'p' } },
      { sasl: 'plaintext' },
    ],
    [
      'sasl from authParams, trimmed (plaintext\\n)',
      { metadata: base, authParams: { sasl: 'plaintext\n', username: 'u', password: 'p' } },
      { sasl: 'plaintext' },
    ],
    [
      'sasl from authParams, trimmed (scram_sha512 with a trailing space)',
      { metadata: base, authParams: { sasl: 'scram_sha512 ', username: 'u', password: 'p' } },
      { sasl: 'scram_sha512' },
    ],
    [
      'saslTokenProvider from authParams',
      { metadata: base, authParams: { saslTokenProvider: 'aws_msk_iam' } },
      { saslTokenProvider: 'aws_msk_iam' },
    ],
    ['unsafeSsl from metadata only', { metadata: base, authParams: { unsafeSsl: 'true' } }, { unsafeSsl: false }],
    [
      'ca, cert, key, keyPassword from authParams only',
      { metadata: { ...base, ca: 'M', cert: 'M', key: 'M', keyPassword: 'M' } },
      { ca: undefined, cert: undefined, key: undefined, keyPassword: undefined },
    ],
    [
      'username and password from authParams only',
      { metadata: { ...base, username: 'm', password: 'm' } },
      { username: undefined, password: undefined },
    ],
    [
      'kerberos settings from authParams only (a bad metadata boolean is not even read)',
      { metadata: { ...base, kerberosDisableFAST: 'notabool', kerberosServiceName: 'm', realm: 'm' } },
      { kerberosDisableFAST: false, kerberosServiceName: 'kafka', realm: undefined },
    ],
    [
      'kerberosServiceName from authParams',
      { metadata: base, authParams: { kerberosServiceName: 'srckafka' } },
      { kerberosServiceName: 'srckafka' },
    ],
    [
      'scopes, endpoint and extensions from authParams only',
      { metadata: { ...base, scopes: 'a', oauthTokenEndpointUri: 'u', oauthExtensions: 'a=b' } },
      { scopes: [''], oauthTokenEndpointUri: undefined, oauthExtensions: {} },
    ],
    ['awsRegion from metadata', { metadata: { ...base, awsRegion: 'eu-west-1' } }, { awsRegion: 'eu-west-1' }],
    [
      'awsRegion never from authParams',
      { metadata: base, authParams: { awsRegion: 'eu-west-1' } },
      { awsRegion: undefined },
    ],
    [
      'a trimmed consumerGroup',
      { metadata: { ...base, consumerGroup: '  my-group\t' } },
      { consumerGroup: 'my-group' },
    ],
    [
      'bootstrapServers split on commas, trimmed, empty items kept',
      { metadata: { ...base, bootstrapServers: 'a:1, b:2,,c:3' } },
      { bootstrapServers: ['a:1', 'b:2', '', 'c:3'] },
    ],
    [
      'triggerIndex and metricType',
      { metadata: base, triggerIndex: 4, metricType: 'Value' },
      { triggerIndex: 4, metricType: 'Value' },
    ],
  ]);
  runRejected([
    ['no bootstrapServers', { metadata: {} }, 'bootstrapServers'],
    [
      'bootstrapServers only in authParams',
      { metadata: { consumerGroup: 'g' }, authParams: { bootstrapServers: 'b:1' } },
      'bootstrapServers',
    ],
    ['no consumerGroup', { metadata: { bootstrapServers: 'b:1' } }, 'consumerGroup'],
    ['a blank consumerGroup', { metadata: { bootstrapServers: 'b:1', consumerGroup: ' \n ' } }, 'consumerGroup'],
    [
      'consumerGroup only in authParams',
      { metadata: { bootstrapServers: 'b:1' }, authParams: { consumerGroup: 'g' } },
      'consumerGroup',
    ],
    [
      'consumerGroupFromEnv naming an unset variable',
      { metadata: { bootstrapServers: 'b:1', consumerGroupFromEnv: 'MISSING' }, resolvedEnv: {} },
      'consumerGroup',
    ],
  ]);
});

describe('kafka parse: enums, case-sensitive, comma lists as KEDA checks them (KEDA typed_config.go enum)', () => {
  runAccepted([
    [
      'offsetResetPolicy earliest',
      { metadata: { ...base, offsetResetPolicy: 'earliest' } },
      { offsetResetPolicy: 'earliest' },
    ],
    [
      'offsetResetPolicy latest',
      { metadata: { ...base, offsetResetPolicy: 'latest' } },
      { offsetResetPolicy: 'latest' },
    ],
    [
      'offsetResetPolicy "latest,earliest", kept as written (every part is a member)',
      { metadata: { ...base, offsetResetPolicy: 'latest, earliest' } },
      { offsetResetPolicy: 'latest, earliest' },
    ],
    [
      'tls "enable,disable", which enables nothing and requires nothing (cert alone is fine)',
      { metadata: { ...base, tls: 'enable,disable' }, authParams: { cert: 'C' } },
      { tls: 'disable' },
    ],
    [
      'tls "enable, enable" enables nothing either',
      { metadata: { ...base, tls: 'enable, enable' } },
      { tls: 'disable' },
    ],
    [
      'sasl "plaintext,scram_sha256", which KEDA treats as no SASL (no username needed)',
      { metadata: { ...base, sasl: 'plaintext,scram_sha256' } },
      { sasl: 'none' },
    ],
    ['sasl none', { metadata: { ...base, sasl: 'none' } }, { sasl: 'none' }],
    [
      'saslTokenProvider "bearer,aws_msk_iam" with oauthbearer, which selects no provider and checks nothing',
      { metadata: { ...base, sasl: 'oauthbearer', saslTokenProvider: 'bearer,aws_msk_iam' } },
      { sasl: 'oauthbearer', saslTokenProvider: 'bearer,aws_msk_iam' },
    ],
  ]);
  runRejected([
    ['offsetResetPolicy foo', { metadata: { ...base, offsetResetPolicy: 'foo' } }, 'offsetResetPolicy'],
    ['offsetResetPolicy Latest', { metadata: { ...base, offsetResetPolicy: 'Latest' } }, 'offsetResetPolicy'],
    ['offsetResetPolicy "latest,"', { metadata: { ...base, offsetResetPolicy: 'latest,' } }, 'offsetResetPolicy'],
    ['tls yes', { metadata: base, authParams: { tls: 'yes' } }, 'tls'],
    ['tls Enable', { metadata: { ...base, tls: 'Enable' } }, 'tls'],
    ['tls "enable,true"', { metadata: { ...base, tls: 'enable,true' } }, 'tls'],
    ['sasl foo', { metadata: base, authParams: { sasl: 'foo', username: 'u', password: 'p' } }, 'sasl'],
    ['sasl PLAINTEXT', { metadata: { ...base, sasl: 'PLAINTEXT' } }, 'sasl'],
    ['sasl "gssapi,kerberos"', { metadata: { ...base, sasl: 'gssapi,kerberos' } }, 'sasl'],
    [
      'saslTokenProvider aws even without oauthbearer',
      { metadata: { ...base, saslTokenProvider: 'aws' } },
      'saslTokenProvider',
    ],
  ]);
});

describe('kafka parse: booleans are Go ParseBool (KEDA typed_config.go)', () => {
  const booleans = [
    'allowIdleConsumers',
    'excludePersistentLag',
    'scaleToZeroOnInvalidOffset',
    'limitToPartitionsWithLag',
    'ensureEvenDistributionOfPartitions',
    'fullMetadata',
    'unsafeSsl',
  ] as const;
  const spellings: Array<[string, boolean]> = [
    ['1', true],
    ['t', true],
    ['T', true],
    ['TRUE', true],
    ['true', true],
    ['True', true],
    ['0', false],
    ['f', false],
    ['F', false],
    ['FALSE', false],
    ['false', false],
    ['False', false],
    [' true ', true],
  ];
  const invalid = ['yes', 'no', 'on', 'tRUE', '2', 'notvalid', 'truee'];
  for (const name of booleans) {
    for (const [text, value] of spellings) {
      it(`reads ${name}: ${JSON.stringify(text)} as ${value}`, () => {
        expect(kafkaScaler.parse({ metadata: { ...base, [name]: text } })[name]).toBe(value);
      });
    }
    for (const text of invalid) {
      it(`rejects ${name}: ${JSON.stringify(text)}`, () => {
        expect(rejectionOf({ metadata: { ...base, [name]: text } })?.parameter).toBe(name);
      });
    }
  }
  it('reads kerberosDisableFAST from authParams with the same spellings', () => {
    expect(kafkaScaler.parse({ metadata: base, authParams: { kerberosDisableFAST: 'T' } }).kerberosDisableFAST).toBe(
      true,
    );
    expect(rejectionOf({ metadata: base, authParams: { kerberosDisableFAST: 'notabool' } })?.parameter).toBe(
      'kerberosDisableFAST',
    );
  });
});

describe('kafka parse: integers are JSON integers (KEDA typed_config.go)', () => {
  runAccepted([
    ['lagThreshold 1000000', { metadata: { ...base, lagThreshold: '1000000' } }, { lagThreshold: 1000000 }],
    ['lagThreshold 1', { metadata: { ...base, lagThreshold: '1' } }, { lagThreshold: 1 }],
    ['lagThreshold " 7 " (trimmed)', { metadata: { ...base, lagThreshold: ' 7 ' } }, { lagThreshold: 7 }],
    ['activationLagThreshold 0', { metadata: { ...base, activationLagThreshold: '0' } }, { activationLagThreshold: 0 }],
    [
      'activationLagThreshold -0 as 0',
      { metadata: { ...base, activationLagThreshold: '-0' } },
      { activationLagThreshold: 0 },
    ],
    [
      'activationLagThreshold 25',
      { metadata: { ...base, activationLagThreshold: '25' } },
      { activationLagThreshold: 25 },
    ],
  ]);
  runRejected(
    ['1.5', '1e3', '+5', '010', 'AA', '1.0', '0x10', '5 5', '1_000'].flatMap((text): Reject[] => [
      [`lagThreshold ${text}`, { metadata: { ...base, lagThreshold: text } }, 'lagThreshold'],
      [
        `activationLagThreshold ${text}`,
        { metadata: { ...base, activationLagThreshold: text } },
        'activationLagThreshold',
      ],
    ]),
  );
});

describe('kafka parse: Validate rules 1-11, each alone (KEDA kafkaMetadata.Validate)', () => {
  runRejected([
    ['1. lagThreshold 0', { metadata: { ...base, lagThreshold: '0' } }, 'lagThreshold'],
    ['1. lagThreshold -1', { metadata: { ...base, lagThreshold: '-1' } }, 'lagThreshold'],
    ['2. activationLagThreshold -1', { metadata: { ...base, activationLagThreshold: '-1' } }, 'activationLagThreshold'],
    ['3. partitionLimitation a,b,c', { metadata: { ...base, partitionLimitation: 'a,b,c' } }, 'partitionLimitation'],
    [
      '3. partitionLimitation is parsed even without a topic',
      { metadata: { ...noTopic, partitionLimitation: '1-2-3' } },
      'partitionLimitation',
    ],
    [
      '5. allowIdleConsumers with limitToPartitionsWithLag',
      { metadata: { ...base, allowIdleConsumers: 'true', limitToPartitionsWithLag: 'true' } },
      'allowIdleConsumers',
    ],
    [
      '6. limitToPartitionsWithLag without topic',
      { metadata: { ...noTopic, limitToPartitionsWithLag: 'true' } },
      'limitToPartitionsWithLag',
    ],
    [
      '7. limitToPartitionsWithLag with ensureEvenDistributionOfPartitions',
      { metadata: { ...base, limitToPartitionsWithLag: 'true', ensureEvenDistributionOfPartitions: 'true' } },
      'ensureEvenDistributionOfPartitions',
    ],
    [
      '8. ensureEvenDistributionOfPartitions without topic',
      { metadata: { ...noTopic, ensureEvenDistributionOfPartitions: 'true' } },
      'ensureEvenDistributionOfPartitions',
    ],
    ['9. fullMetadata false without topic', { metadata: { ...noTopic, fullMetadata: 'false' } }, 'fullMetadata'],
    [
      '10. tls enable, cert without key',
      { metadata: { ...base, tls: 'enable' }, authParams: { ca: 'A', cert: 'C' } },
      'key',
    ],
    [
      '10. tls enable, key without cert',
      { metadata: { ...base, tls: 'enable' }, authParams: { ca: 'A', key: 'K' } },
      'cert',
    ],
    [
      '11. plaintext without username',
      { metadata: base, authParams: { sasl: 'plaintext', password: 'p' } },
      'username',
    ],
  ]);
  runAccepted([
    [
      'allowIdleConsumers with limitToPartitionsWithLag false',
      { metadata: { ...base, allowIdleConsumers: 'true', limitToPartitionsWithLag: 'false' } },
      { allowIdleConsumers: true },
    ],
    [
      'limitToPartitionsWithLag with a topic',
      { metadata: { ...base, limitToPartitionsWithLag: 'true' } },
      { limitToPartitionsWithLag: true },
    ],
    [
      'ensureEvenDistributionOfPartitions with allowIdleConsumers',
      { metadata: { ...base, ensureEvenDistributionOfPartitions: 'true', allowIdleConsumers: 'true' } },
      { ensureEvenDistributionOfPartitions: true, allowIdleConsumers: true },
    ],
    ['fullMetadata false with a topic', { metadata: { ...base, fullMetadata: 'false' } }, { fullMetadata: false }],
    ['fullMetadata true without topic', { metadata: { ...noTopic, fullMetadata: 'true' } }, { fullMetadata: true }],
    [
      'tls disable with a cert alone',
      { metadata: { ...base, tls: 'disable' }, authParams: { cert: 'C' } },
      { tls: 'disable', cert: 'C' },
    ],
    ['tls enable with nothing (system roots)', { metadata: { ...base, tls: 'enable' } }, { tls: 'enable' }],
    [
      'tls enable with a CA only',
      { metadata: base, authParams: { tls: 'enable', ca: 'A' } },
      { tls: 'enable', ca: 'A' },
    ],
    [
      'tls enable with cert, key and keyPassword',
      { metadata: base, authParams: { tls: 'enable', cert: 'C', key: 'K', keyPassword: 'KP' } },
      { tls: 'enable', cert: 'C', key: 'K', keyPassword: 'KP' },
    ],
  ]);
});

describe('kafka parse: Validate names the first failing rule, in KEDA order (KEDA kafkaMetadata.Validate)', () => {
  runRejected([
    ['1 before 2', { metadata: { ...base, lagThreshold: '0', activationLagThreshold: '-1' } }, 'lagThreshold'],
    [
      '2 before 3',
      { metadata: { ...base, activationLagThreshold: '-1', partitionLimitation: 'x' } },
      'activationLagThreshold',
    ],
    [
      '3 before 5',
      { metadata: { ...base, partitionLimitation: 'x', allowIdleConsumers: 'true', limitToPartitionsWithLag: 'true' } },
      'partitionLimitation',
    ],
    [
      '5 before 6',
      { metadata: { ...noTopic, allowIdleConsumers: 'true', limitToPartitionsWithLag: 'true' } },
      'allowIdleConsumers',
    ],
    [
      '6 before 7',
      { metadata: { ...noTopic, limitToPartitionsWithLag: 'true', ensureEvenDistributionOfPartitions: 'true' } },
      'limitToPartitionsWithLag',
    ],
    [
      '8 before 9',
      { metadata: { ...noTopic, ensureEvenDistributionOfPartitions: 'true', fullMetadata: 'false' } },
      'ensureEvenDistributionOfPartitions',
    ],
    [
      '9 before 10',
      { metadata: { ...noTopic, fullMetadata: 'false', tls: 'enable' }, authParams: { cert: 'C' } },
      'fullMetadata',
    ],
    ['10 before 11', { metadata: { ...base, tls: 'enable', sasl: 'plaintext' }, authParams: { cert: 'C' } }, 'key'],
    [
      'field errors before Validate',
      { metadata: { ...base, lagThreshold: '0', allowIdleConsumers: 'yes' } },
      'allowIdleConsumers',
    ],
  ]);
  it('reports every failing rule at once (KEDA stops at the first; the accepted configs are the same)', () => {
    const error = rejectionOf({ metadata: { ...noTopic, lagThreshold: '0', fullMetadata: 'false' } });
    expect(error?.problems.map((problem) => problem.parameter)).toEqual(['lagThreshold', 'fullMetadata']);
  });
});

describe('kafka parse: partitionLimitation (KEDA kafkaMetadata.Validate rules 3-4)', () => {
  const accepted: Array<[string, number[] | undefined]> = [
    ['1,2,3,4', [1, 2, 3, 4]],
    ['1-4', [1, 2, 3, 4]],
    [' 1 - 4 ', [1, 2, 3, 4]],
    ['1-4,8,10-12', [1, 2, 3, 4, 8, 10, 11, 12]],
    ['1, 3 ,5', [1, 3, 5]],
    ['4-1', []],
    ['1,4-2,5', [1, 5]],
    ['3-3', [3]],
    ['+1', [1]],
    ['007', [7]],
    ['+1-+3', [1, 2, 3]],
    ['2147483647', [2147483647]],
    ['0', [0]],
    ['   ', undefined],
  ];
  for (const [text, expected] of accepted) {
    it(`reads ${JSON.stringify(text)} as ${JSON.stringify(expected)}`, () => {
      expect(kafkaScaler.parse({ metadata: { ...base, partitionLimitation: text } }).partitionLimitation).toEqual(
        expected,
      );
    });
  }
  for (const text of [
    'a,b,c',
    '1-2-3',
    'a-3',
    '1-b',
    '-1',
    '1-',
    '-',
    '1,,2',
    '1,',
    '2147483648',
    '-2147483648',
    '1 2',
    '1.5',
    '0x1',
    '0-2000000',
  ]) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      expect(rejectionOf({ metadata: { ...base, partitionLimitation: text } })?.parameter).toBe('partitionLimitation');
    });
  }
  it('clears it when the topic is empty', () => {
    expect(
      kafkaScaler.parse({ metadata: { ...noTopic, partitionLimitation: '1,2,3,4,5,6' } }).partitionLimitation,
    ).toBeUndefined();
  });
  it('keeps it when the topic comes from env', () => {
    const config = kafkaScaler.parse({
      metadata: { ...noTopic, topicFromEnv: 'T', partitionLimitation: '2' },
      resolvedEnv: { T: 'orders' },
    });
    expect(config.partitionLimitation).toEqual([2]);
  });
});

describe('kafka parse: version is sarama ParseKafkaVersion (KEDA kafkaMetadata tags)', () => {
  const table: Array<[string, string | undefined]> = [
    ['1.0.0', '1.0.0'],
    ['2.8.1', '2.8.1'],
    ['3.9.0', '3.9.0'],
    ['10.0.0', '10.0.0'],
    ['4.1.99', '4.1.99'],
    ['0.10.2.0', '0.10.2.0'],
    ['0.8.2.2', '0.8.2.2'],
    ['0.11.0.2', '0.11.0.2'],
    [' 3.6.0 ', '3.6.0'],
    ['2.08.0', '2.8.0'],
    ['1.2.3.4', undefined],
    ['0.1.2', undefined],
    ['01.0.0', undefined],
    ['1.0', undefined],
    ['v1.0.0', undefined],
    ['1.0.0-rc1', undefined],
    ['abc', undefined],
    ['0.10.2', undefined],
    ['18446744073709551616.0.0', undefined],
  ];
  for (const [text, expected] of table) {
    it(`${expected === undefined ? 'rejects' : 'accepts'} ${JSON.stringify(text)}`, () => {
      const input = { metadata: { ...base, version: text } };
      if (expected === undefined) expect(rejectionOf(input)?.parameter).toBe('version');
      else expect(kafkaScaler.parse(input).version).toBe(expected);
    });
  }
});

describe('kafka parse: SASL requirements (KEDA kafkaMetadata.Validate rule 11)', () => {
  const gssapi = { sasl: 'gssapi', username: 'admin', kerberosConfig: '<config>', realm: 'tst.com' };
  const bearer = {
    sasl: 'oauthbearer',
    username: 'id',
    password: 'secret',
    oauthTokenEndpointUri: 'https://idp/token',
  };
  runAccepted([
    ...(['plaintext', 'scram_sha256', 'scram_sha512'] as const).map(
      (sasl): Accept => [
        `${sasl} with username and password`,
        { metadata: base, authParams: { sasl, username: 'admin', password: 'admin' } },
        { sasl, username: 'admin', password: 'admin' },
      ],
    ),
    [
      'gssapi with a password',
      { metadata: base, authParams: { ...gssapi, password: 'pw' } },
      { sasl: 'gssapi', password: 'pw' },
    ],
    [
      'gssapi with a keytab',
      { metadata: base, authParams: { ...gssapi, keytab: '/k' } },
      { sasl: 'gssapi', keytab: '/k' },
    ],
    [
      'gssapi with a keytab and kerberosServiceName',
      { metadata: base, authParams: { ...gssapi, keytab: '/k', kerberosServiceName: 'srckafka' } },
      { kerberosServiceName: 'srckafka' },
    ],
    [
      'gssapi with TLS',
      { metadata: base, authParams: { ...gssapi, keytab: '/k', tls: 'enable', ca: 'A', cert: 'C', key: 'K' } },
      { sasl: 'gssapi', tls: 'enable' },
    ],
    [
      'oauthbearer bearer without scopes',
      { metadata: base, authParams: bearer },
      { saslTokenProvider: 'bearer', scopes: [''] },
    ],
    [
      'oauthbearer with an explicit bearer provider',
      { metadata: base, authParams: { ...bearer, saslTokenProvider: 'bearer' } },
      { saslTokenProvider: 'bearer' },
    ],
    [
      'oauthbearer scopes split on commas, not trimmed',
      { metadata: base, authParams: { ...bearer, scopes: 'scope1, scope2' } },
      { scopes: ['scope1', ' scope2'] },
    ],
    [
      'oauthbearer scopes with empty items',
      { metadata: base, authParams: { ...bearer, scopes: 'a,,b' } },
      { scopes: ['a', '', 'b'] },
    ],
    [
      'oauthbearer one extension',
      { metadata: base, authParams: { ...bearer, oauthExtensions: 'extension_foo=bar' } },
      { oauthExtensions: { extension_foo: 'bar' } },
    ],
    [
      'oauthbearer two extensions',
      { metadata: base, authParams: { ...bearer, oauthExtensions: 'extension_foo=bar,extension_baz=baz' } },
      { oauthExtensions: { extension_foo: 'bar', extension_baz: 'baz' } },
    ],
    [
      'oauthbearer extensions kept untrimmed inside',
      { metadata: base, authParams: { ...bearer, oauthExtensions: 'k = v, a=' } },
      { oauthExtensions: { 'k ': ' v', ' a': '' } },
    ],
    [
      'a malformed oauthExtensions when sasl is not oauthbearer',
      { metadata: base, authParams: { oauthExtensions: 'broken' } },
      { sasl: 'none', oauthExtensions: {} },
    ],
  ]);
  runRejected([
    ...(['plaintext', 'scram_sha256', 'scram_sha512'] as const).flatMap((sasl): Reject[] => [
      [`${sasl} without username`, { metadata: base, authParams: { sasl, password: 'p' } }, 'username'],
      [`${sasl} without password`, { metadata: base, authParams: { sasl, username: 'u' } }, 'password'],
    ]),
    ['gssapi without password or keytab', { metadata: base, authParams: gssapi }, 'password'],
    [
      'gssapi with both password and keytab',
      { metadata: base, authParams: { ...gssapi, password: 'p', keytab: '/k' } },
      'password',
    ],
    ['gssapi without username', { metadata: base, authParams: { ...gssapi, username: '', keytab: '/k' } }, 'username'],
    ['gssapi without realm', { metadata: base, authParams: { ...gssapi, realm: '', keytab: '/k' } }, 'realm'],
    [
      'gssapi without kerberosConfig',
      { metadata: base, authParams: { ...gssapi, kerberosConfig: '', keytab: '/k' } },
      'kerberosConfig',
    ],
    [
      'oauthbearer without username (client id)',
      { metadata: base, authParams: { ...bearer, username: '' } },
      'username',
    ],
    [
      'oauthbearer without password (client secret)',
      { metadata: base, authParams: { ...bearer, password: '' } },
      'password',
    ],
    [
      'oauthbearer with an empty oauthTokenEndpointUri',
      { metadata: base, authParams: { ...bearer, oauthTokenEndpointUri: '' } },
      'oauthTokenEndpointUri',
    ],
    [
      'oauthbearer with an extension without "="',
      { metadata: base, authParams: { ...bearer, oauthExtensions: 'extension_foo=bar,extension_bazbaz' } },
      'oauthExtensions',
    ],
    [
      'oauthbearer with an extension a=b=c',
      { metadata: base, authParams: { ...bearer, oauthExtensions: 'a=b=c' } },
      'oauthExtensions',
    ],
    [
      'oauthbearer with a trailing comma in extensions',
      { metadata: base, authParams: { ...bearer, oauthExtensions: 'a=b,' } },
      'oauthExtensions',
    ],
  ]);
});

describe('kafka parse: AWS MSK IAM (KEDA kafkaMetadata.Validate rule 11, GetAwsAuthorization)', () => {
  const msk = { sasl: 'oauthbearer', saslTokenProvider: 'aws_msk_iam', tls: 'enable' };
  const region = { ...base, awsRegion: 'eu-west-1' };
  runAccepted([
    [
      'keys in authParams',
      { metadata: region, authParams: { ...msk, awsAccessKeyID: 'none', awsSecretAccessKey: 'none' } },
      { saslTokenProvider: 'aws_msk_iam', awsRegion: 'eu-west-1', awsAccessKeyID: 'none', awsSecretAccessKey: 'none' },
    ],
    [
      'awsAccessKeyId (lower-case d) with a session token',
      {
        metadata: region,
        authParams: { ...msk, awsAccessKeyId: 'AK', awsSecretAccessKey: 'SK', awsSessionToken: 'ST' },
      },
      { awsAccessKeyID: 'AK', awsSecretAccessKey: 'SK', awsSessionToken: 'ST' },
    ],
    [
      'an empty awsAccessKeyID next to awsAccessKeyId',
      { metadata: region, authParams: { ...msk, awsAccessKeyID: '', awsAccessKeyId: 'AK', awsSecretAccessKey: 'SK' } },
      { awsAccessKeyID: 'AK' },
    ],
    [
      'a role',
      { metadata: region, authParams: { ...msk, awsRegion: 'ignored', awsRoleArn: 'arn:role' } },
      { awsRoleArn: 'arn:role' },
    ],
    [
      'keys from metadata and env',
      {
        metadata: { ...region, awsAccessKeyID: 'AK', awsSecretAccessKeyFromEnv: 'SECRET' },
        authParams: msk,
        resolvedEnv: { SECRET: 'SK' },
      },
      { awsAccessKeyID: 'AK', awsSecretAccessKey: 'SK' },
    ],
    [
      'both keys from env',
      {
        metadata: { ...region, awsAccessKeyIDFromEnv: 'KEY', awsSecretAccessKeyFromEnv: 'SECRET' },
        authParams: msk,
        resolvedEnv: { KEY: 'AK', SECRET: 'SK' },
      },
      { awsAccessKeyID: 'AK', awsSecretAccessKey: 'SK' },
    ],
    [
      'identityOwner operator, without credentials',
      { metadata: { ...region, identityOwner: 'operator' }, authParams: msk },
      { saslTokenProvider: 'aws_msk_iam' },
    ],

    [
      'an identityOwner KEDA has no case for, without credentials',
      { metadata: { ...region, identityOwner: 'workload' }, authParams: msk },
      { saslTokenProvider: 'aws_msk_iam' },
    ],
    [
      'no credentials at all when sasl is not oauthbearer',
      { metadata: region, authParams: { saslTokenProvider: 'aws_msk_iam', tls: 'enable' } },
      { sasl: 'none', saslTokenProvider: 'aws_msk_iam' },
    ],
  ]);
  runRejected([
    ['no TLS', { metadata: region, authParams: { ...msk, tls: 'disable', awsRoleArn: 'r' } }, 'tls'],
    [
      'TLS as a comma list (not enabled)',
      { metadata: region, authParams: { ...msk, tls: 'enable,disable', awsRoleArn: 'r' } },
      'tls',
    ],
    ['no region', { metadata: base, authParams: { ...msk, awsRegion: 'eu-west-1', awsRoleArn: 'r' } }, 'awsRegion'],
    ['no credentials', { metadata: region, authParams: msk }, 'awsAccessKeyID'],
    [
      'identityOwner pod without credentials',
      { metadata: { ...region, identityOwner: 'pod' }, authParams: msk },
      'awsAccessKeyID',
    ],
    ['a key without secret', { metadata: region, authParams: { ...msk, awsAccessKeyID: 'AK' } }, 'awsAccessKeyID'],
    [
      'a metadata key with the secret in metadata (not read)',
      { metadata: { ...region, awsAccessKeyID: 'AK', awsSecretAccessKey: 'SK' }, authParams: msk },
      'awsAccessKeyID',
    ],
    [
      'awsAccessKeyIDFromEnv naming an unset variable',
      {
        metadata: { ...region, awsAccessKeyIDFromEnv: 'KEY', awsSecretAccessKeyFromEnv: 'S' },
        authParams: msk,
        resolvedEnv: { S: 'SK' },
      },
      'awsAccessKeyID',
    ],
  ]);
  it('keeps no credential under identityOwner operator, not even awsRoleArn (KEDA v2.21.0 GetAwsAuthorization)', () => {
    const credentialNames = ['awsRoleArn', 'awsAccessKeyID', 'awsSecretAccessKey', 'awsSessionToken'];
    for (const authParams of [
      { ...msk, awsRoleArn: 'arn:aws:iam::1:role/r' },
      {
        ...msk,
        awsRoleArn: 'arn:aws:iam::1:role/r',
        awsAccessKeyID: 'AK',
        awsSecretAccessKey: 'SK',
        awsSessionToken: 'ST',
      },
    ]) {
      const input = { metadata: { ...region, identityOwner: 'operator' }, authParams };
      const config = kafkaScaler.parse(input);
      expect(credentialNames.filter((name) => Object.hasOwn(config, name))).toEqual([]);
      expect(resolveMskCredentials(input)).toEqual({});
    }
    // Under pod (or no) identityOwner the role is kept.
    expect(
      resolveMskCredentials({ metadata: { ...region, identityOwner: 'pod' }, authParams: { awsRoleArn: 'r' } }),
    ).toEqual({
      awsRoleArn: 'r',
    });
  });

  it('says which credential is missing, as KEDA does', () => {
    expect(rejectionOf({ metadata: region, authParams: msk })?.message).toMatch(/awsAccessKeyID not found/);
    expect(rejectionOf({ metadata: region, authParams: { ...msk, awsAccessKeyID: 'AK' } })?.message).toMatch(
      /awsSecretAccessKey not found/,
    );
  });
});
