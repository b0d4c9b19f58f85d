import type { TriggerInput } from '@scalerkit/core';
import { ScalerConfigError } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { parseAzureServiceBusParameters } from './azure-service-bus-parameters.js';

const parse = (input: TriggerInput) => parseAzureServiceBusParameters(input);

/** What parse() threw, or undefined. */
function failure(input: TriggerInput): ScalerConfigError | undefined {
  try {
    parse(input);
    return undefined;
  } catch (error) {
    if (!ScalerConfigError.isInstance(error)) throw error;
    return error;
  }
}

// KEDA v2.21.0 pkg/scalers/azure_servicebus_scaler_test.go parseServiceBusMetadataDataset, case for case: every case
// resolves `connectionFromEnv: none` against the env { none: 'none' }; `fqn` is checked when a pod identity is given.
const resolvedEnv = { none: 'none' };
const env = { connectionFromEnv: 'none' };
const workload = 'azure-workload';
const kedaCases: [string, Record<string, string>, boolean, string | undefined, string, Record<string, string>?][] = [
  // [name, metadata, isError, entityType, podIdentity, authParams]
  ['nothing', {}, true, undefined, ''],
  ['queue', { queueName: 'testqueue', ...env }, false, 'queue', ''],
  ['queue with message count', { queueName: 'testqueue', ...env, messageCount: '1000' }, false, 'queue', ''],
  [
    'topic and subscription',
    { topicName: 'testtopic', subscriptionName: 'testsubscription', ...env },
    false,
    'subscription',
    '',
  ],
  [
    'topic and subscription with message count',
    { topicName: 'testtopic', subscriptionName: 'testsubscription', ...env, messageCount: '1000' },
    false,
    'subscription',
    '',
  ],
  ['queue and topic', { queueName: 'testqueue', topicName: 'testtopic', ...env }, true, undefined, ''],
  [
    'queue and subscription',
    { queueName: 'testqueue', subscriptionName: 'testsubscription', ...env },
    true,
    undefined,
    '',
  ],
  ['topic without subscription', { topicName: 'testtopic', ...env }, true, undefined, ''],
  ['subscription without topic', { subscriptionName: 'testsubscription', ...env }, true, undefined, ''],
  ['valid cloud', { queueName: 'testqueue', ...env, cloud: 'AzureChinaCloud' }, false, 'queue', ''],
  ['invalid cloud', { queueName: 'testqueue', cloud: 'InvalidCloud' }, true, undefined, workload],
  [
    'private cloud with endpoint suffix',
    { queueName: 'testqueue', ...env, cloud: 'Private', endpointSuffix: 'servicebus.private.cloud' },
    false,
    'queue',
    '',
  ],
  ['private cloud without endpoint suffix', { queueName: 'testqueue', cloud: 'Private' }, true, undefined, workload],
  ['endpoint suffix without cloud', { queueName: 'testqueue', ...env, endpointSuffix: 'ignored' }, false, 'queue', ''],
  ['connection not set', { queueName: 'testqueue' }, true, undefined, ''],
  ['connection in auth params', { queueName: 'testqueue' }, false, 'queue', '', { connection: 'none' }],
  ['workload identity without namespace', { queueName: 'testqueue' }, true, undefined, workload],
  ['workload identity', { queueName: 'testqueue', namespace: 'ns' }, false, 'queue', workload],
  [
    'invalid activation message count',
    { queueName: 'testqueue', ...env, messageCount: '1000', activationMessageCount: 'AA' },
    true,
    undefined,
    '',
  ],
  ['queue with invalid useRegex', { queueName: 'testqueue', ...env, useRegex: 'ababa' }, true, undefined, ''],
  ['queue with useRegex false', { queueName: 'testqueue', ...env, useRegex: 'false' }, false, 'queue', ''],
  ['queue regex avg', { queueName: 'testqueue', ...env, useRegex: 'true', operation: 'avg' }, false, 'queue', ''],
  ['queue regex sum', { queueName: 'testqueue', ...env, useRegex: 'true', operation: 'sum' }, false, 'queue', ''],
  ['queue regex max', { queueName: 'testqueue', ...env, useRegex: 'true', operation: 'max' }, false, 'queue', ''],
  ['queue regex default operation', { queueName: 'testqueue', ...env, useRegex: 'true' }, false, 'queue', ''],
  [
    'queue regex unknown operation',
    { queueName: 'testqueue', ...env, useRegex: 'true', operation: 'random' },
    true,
    undefined,
    '',
  ],
  ['queue with invalid regex', { queueName: '*', ...env, useRegex: 'true', operation: 'avg' }, true, undefined, ''],
  [
    'subscription with invalid useRegex',
    { topicName: 'testtopic', subscriptionName: 'testsubscription', ...env, useRegex: 'ababa' },
    true,
    undefined,
    '',
  ],
  [
    'subscription with useRegex false',
    { topicName: 'testtopic', subscriptionName: 'testsubscription', ...env, useRegex: 'false' },
    false,
    'subscription',
    '',
  ],
  [
    'subscription regex avg',
    { topicName: 'testtopic', subscriptionName: 'testsubscription', ...env, useRegex: 'true', operation: 'avg' },
    false,
    'subscription',
    '',
  ],
  [
    'subscription regex sum',
    { topicName: 'testtopic', subscriptionName: 'testsubscription', ...env, useRegex: 'true', operation: 'sum' },
    false,
    'subscription',
    '',
  ],
  [
    'subscription regex max',
    { topicName: 'testtopic', subscriptionName: 'testsubscription', ...env, useRegex: 'true', operation: 'max' },
    false,
    'subscription',
    '',
  ],
  [
    'subscription regex unknown operation',
    { topicName: 'testtopic', subscriptionName: 'testsubscription', ...env, useRegex: 'true', operation: 'random' },
    true,
    undefined,
    '',
  ],
  [
    'subscription with invalid regex',
    { topicName: 'testtopic', subscriptionName: '*', ...env, useRegex: 'true', operation: 'avg' },
    true,
    undefined,
    '',
  ],
];

describe("KEDA's azure-servicebus parse table", () => {
  it('has the 34 cases of azure_servicebus_scaler_test.go', () => expect(kedaCases).toHaveLength(34));
  for (const [name, metadata, isError, entityType, provider, authParams] of kedaCases) {
    it(`${isError ? 'rejects' : 'accepts'} ${name}`, () => {
      const input: TriggerInput = {
        metadata,
        resolvedEnv,
        authParams: authParams ?? {},
        ...(provider ? { podIdentity: { provider } } : {}),
      };
      const error = failure(input);
      expect(error === undefined, error?.message).toBe(!isError);
      if (!isError) {
        const config = parse(input);
        expect(config.entityType).toBe(entityType);
        if (provider) expect(config.fullyQualifiedNamespace).toBe('ns.servicebus.windows.net');
      }
    });
  }
});

describe('azure-servicebus parameter rules', () => {
  const connection = {
    connection: 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=secret-key',
  };
  // [metadata, authParams, podIdentity provider, parameter named by the error (undefined = accepted)]
  const rules: [string, Record<string, string>, Record<string, string>, string, string | undefined][] = [
    ['integers are JSON: 05', { queueName: 'q', messageCount: '05' }, connection, '', 'messageCount'],
    ['integers are JSON: +5', { queueName: 'q', messageCount: '+5' }, connection, '', 'messageCount'],
    ['integers are JSON: 1.0', { queueName: 'q', messageCount: '1.0' }, connection, '', 'messageCount'],
    [
      'negative thresholds are accepted',
      { queueName: 'q', messageCount: '-3', activationMessageCount: '-1' },
      connection,
      '',
      undefined,
    ],
    ['values are trimmed', { queueName: ' q ', messageCount: ' 7 ' }, connection, '', undefined],
    [
      'an empty queueName is absent',
      { queueName: '', topicName: 't', subscriptionName: 's' },
      connection,
      '',
      undefined,
    ],
    ['operation is case-sensitive', { queueName: 'q', operation: 'SUM' }, connection, '', 'operation'],
    ['operation is checked without useRegex', { queueName: 'q', operation: 'median' }, connection, '', 'operation'],
    // KEDA's typed config checks each comma-separated part of an enum (scalersconfig/typed_config.go setValue).
    ['operation as a list of members', { queueName: 'q', operation: 'sum, max' }, connection, '', undefined],
    ['operation with a non-member part', { queueName: 'q', operation: 'sum,median' }, connection, '', 'operation'],
    ['useRegex takes Go booleans only', { queueName: 'q', useRegex: 'yes' }, connection, '', 'useRegex'],
    ['useRegex takes Go booleans: T', { queueName: 'q', useRegex: 'T' }, connection, '', undefined],
    ['connection is never read from plain metadata', { queueName: 'q', connection: 'x' }, {}, '', 'connection'],
    [
      'connectionFromEnv naming an unset variable',
      { queueName: 'q', connectionFromEnv: 'UNSET' },
      {},
      '',
      'connection',
    ],
    ['a subscription alone is no entity', { subscriptionName: 's' }, connection, '', 'queueName'],
    [
      'a regex the JS engine accepts but RE2 refuses (lookahead)',
      { queueName: '(?=a)a', useRegex: 'true' },
      connection,
      '',
      'queueName',
    ],
    [
      'a backreference is not RE2',
      { topicName: 't', subscriptionName: '(a)\\1', useRegex: 'true' },
      connection,
      '',
      'subscriptionName',
    ],
    ['a pattern is not compiled without useRegex', { queueName: '*' }, connection, '', undefined],
    ['cloud is ignored with a connection string', { queueName: 'q', cloud: 'InvalidCloud' }, connection, '', undefined],
    ['namespace is checked before cloud', { queueName: 'q', cloud: 'InvalidCloud' }, {}, 'azure-workload', 'namespace'],
    [
      'an unknown cloud with workload identity',
      { queueName: 'q', namespace: 'ns', cloud: 'InvalidCloud' },
      {},
      'azure-workload',
      'cloud',
    ],
    [
      'Private without endpointSuffix',
      { queueName: 'q', namespace: 'ns', cloud: 'private' },
      {},
      'azure-workload',
      'endpointSuffix',
    ],
    ['an unsupported pod identity provider', { queueName: 'q' }, connection, 'aws', 'podIdentity'],
    ['provider none needs a connection', { queueName: 'q' }, {}, 'none', 'connection'],
  ];
  for (const [name, metadata, authParams, provider, parameter] of rules) {
    it(`${name}: ${parameter === undefined ? 'accepted' : `rejected naming "${parameter}"`}`, () => {
      const error = failure({
        metadata,
        authParams,
        resolvedEnv: {},
        ...(provider ? { podIdentity: { provider } } : {}),
      });
      expect(error?.parameter).toBe(parameter);
      if (error) expect(error.message).not.toContain('secret-key');
    });
  }

  it('returns KEDA names with KEDA defaults and the trigger identity', () => {
    expect(
      parse({ metadata: { queueName: 'orders' }, authParams: connection, triggerIndex: 2, metricType: 'Value' }),
    ).toEqual({
      messageCount: 5,
      activationMessageCount: 0,
      queueName: 'orders',
      topicName: undefined,
      subscriptionName: undefined,
      connection: connection.connection,
      namespace: undefined,
      useRegex: false,
      operation: 'sum',
      entityType: 'queue',
      fullyQualifiedNamespace: undefined,
      podIdentity: undefined,
      triggerIndex: 2,
      metricType: 'Value',
    });
  });

  // [cloud, endpointSuffix, fully qualified namespace]
  const clouds: [string | undefined, string | undefined, string][] = [
    [undefined, 'ignored', 'ns.servicebus.windows.net'],
    ['AzurePublicCloud', undefined, 'ns.servicebus.windows.net'],
    ['azurechinacloud', undefined, 'ns.servicebus.chinacloudapi.cn'],
    ['AzureUSGovernmentCloud', 'ignored', 'ns.servicebus.usgovcloudapi.net'],
    ['AZUREGERMANCLOUD', undefined, 'ns.servicebus.cloudapi.de'],
    ['Private', 'servicebus.private.cloud', 'ns.servicebus.private.cloud'],
  ];
  for (const [cloud, endpointSuffix, expected] of clouds) {
    it(`workload identity in cloud ${cloud ?? '(none)'} reaches ${expected}`, () => {
      const metadata: Record<string, string> = { queueName: 'q', namespace: 'ns' };
      if (cloud !== undefined) metadata.cloud = cloud;
      if (endpointSuffix !== undefined) metadata.endpointSuffix = endpointSuffix;
      const config = parse({ metadata, podIdentity: { provider: 'azure-workload', identityId: 'client' } });
      expect(config.fullyQualifiedNamespace).toBe(expected);
      expect(config.podIdentity).toEqual({ provider: 'azure-workload', identityId: 'client' });
    });
  }
});
