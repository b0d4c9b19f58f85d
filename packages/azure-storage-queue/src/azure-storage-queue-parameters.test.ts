import type { TriggerInput } from '@scalerkit/core';
import { ScalerConfigError } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { parseAzureQueueParameters } from './azure-storage-queue-parameters.js';

function failure(input: TriggerInput): ScalerConfigError | undefined {
  try {
    parseAzureQueueParameters(input);
    return undefined;
  } catch (error) {
    if (!ScalerConfigError.isInstance(error)) throw error;
    return error;
  }
}

// KEDA v2.21.0 pkg/scalers/azure_queue_scaler_test.go testAzQueueMetadata, case for case (resolvedEnv
// { CONNECTION: 'SAMPLE' } throughout).
const resolvedEnv = { CONNECTION: 'SAMPLE' };
const env = { connectionFromEnv: 'CONNECTION' };
const workload = 'azure-workload';
const kedaCases: [string, Record<string, string>, boolean, string, Record<string, string>?][] = [
  // [name, metadata, isError, podIdentity, authParams]
  ['nothing passed', {}, true, ''],
  ['properly formed', { ...env, queueName: 'sample', queueLength: '5' }, false, ''],
  ['empty queueName', { ...env, queueName: '' }, true, ''],
  ['improperly formed queueLength', { ...env, queueName: 'sample', queueLength: 'AA' }, true, ''],
  [
    'improperly formed activationQueueLength',
    { ...env, queueName: 'sample', queueLength: '1', activationQueueLength: 'AA' },
    true,
    '',
  ],
  [
    'podIdentity azure-workload with account name',
    { accountName: 'sample_acc', queueName: 'sample_queue' },
    false,
    workload,
  ],
  ['podIdentity azure-workload without account name', { accountName: '', queueName: 'sample_queue' }, true, workload],
  ['podIdentity azure-workload without queue name', { accountName: 'sample_acc', queueName: '' }, true, workload],
  [
    'podIdentity azure-workload with cloud',
    { accountName: 'sample_acc', queueName: 'sample_queue', cloud: 'AzurePublicCloud' },
    false,
    workload,
  ],
  [
    'podIdentity azure-workload with invalid cloud',
    { accountName: 'sample_acc', queueName: 'sample_queue', cloud: 'InvalidCloud' },
    true,
    workload,
  ],
  [
    'podIdentity azure-workload with private cloud and endpoint suffix',
    {
      accountName: 'sample_acc',
      queueName: 'sample_queue',
      cloud: 'Private',
      endpointSuffix: 'queue.core.private.cloud',
    },
    false,
    workload,
  ],
  [
    'podIdentity azure-workload with private cloud and no endpoint suffix',
    { accountName: 'sample_acc', queueName: 'sample_queue', cloud: 'Private', endpointSuffix: '' },
    true,
    workload,
  ],
  [
    'podIdentity azure-workload with endpoint suffix and no cloud',
    { accountName: 'sample_acc', queueName: 'sample_queue', cloud: '', endpointSuffix: 'ignored' },
    false,
    workload,
  ],
  ['connection from authParams', { queueName: 'sample', queueLength: '5' }, false, 'none', { connection: 'value' }],
  [
    'valid queueLengthStrategy all',
    { ...env, queueName: 'sample', queueLength: '5', queueLengthStrategy: 'all' },
    false,
    '',
  ],
  [
    'valid queueLengthStrategy visibleonly',
    { ...env, queueName: 'sample', queueLength: '5', queueLengthStrategy: 'visibleonly' },
    false,
    '',
  ],
  [
    'invalid queueLengthStrategy',
    { ...env, queueName: 'sample', queueLength: '5', queueLengthStrategy: 'invalid' },
    true,
    '',
  ],
];

describe("KEDA's azure-queue parse table", () => {
  it('has the 17 cases of azure_queue_scaler_test.go', () => expect(kedaCases).toHaveLength(17));
  for (const [name, metadata, isError, provider, authParams] of kedaCases) {
    it(`${isError ? 'rejects' : 'accepts'} ${name}`, () => {
      const input: TriggerInput = {
        metadata,
        resolvedEnv,
        authParams: authParams ?? {},
        ...(provider ? { podIdentity: { provider } } : {}),
      };
      const error = failure(input);
      expect(error === undefined, error?.message).toBe(!isError);
      if (!isError && provider === workload) {
        expect(parseAzureQueueParameters(input).podIdentity).toEqual({ provider });
      }
    });
  }
});

describe('azure-queue parameter rules', () => {
  const connection = { connection: 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0LWtleQ==' };
  // [name, metadata, authParams, provider, parameter named by the error (undefined = accepted)]
  const rules: [string, Record<string, string>, Record<string, string>, string, string | undefined][] = [
    ['queueName is required', { queueLength: '5' }, connection, '', 'queueName'],
    ['integers are JSON: 05', { queueName: 'q', queueLength: '05' }, connection, '', 'queueLength'],
    ['integers are JSON: 1e3', { queueName: 'q', queueLength: '1e3' }, connection, '', 'queueLength'],
    [
      'negative thresholds are accepted',
      { queueName: 'q', queueLength: '-5', activationQueueLength: '-1' },
      connection,
      '',
      undefined,
    ],
    [
      'queueLengthStrategy is case-sensitive',
      { queueName: 'q', queueLengthStrategy: 'VisibleOnly' },
      connection,
      '',
      'queueLengthStrategy',
    ],
    // KEDA's typed config checks each comma-separated part of an enum (scalersconfig/typed_config.go setValue).
    [
      'queueLengthStrategy as a list of members',
      { queueName: 'q', queueLengthStrategy: 'visibleonly, all' },
      connection,
      '',
      undefined,
    ],
    [
      'queueLengthStrategy with a non-member part',
      { queueName: 'q', queueLengthStrategy: 'all,bogus' },
      connection,
      '',
      'queueLengthStrategy',
    ],
    ['connection from plain metadata is accepted', { queueName: 'q', connection: 'x' }, {}, '', undefined],
    ['no connection at all', { queueName: 'q' }, {}, '', 'connection'],
    [
      'cloud is checked with a connection string too',
      { queueName: 'q', cloud: 'InvalidCloud' },
      connection,
      '',
      'cloud',
    ],
    ['Private without endpointSuffix', { queueName: 'q', cloud: 'Private' }, connection, '', 'endpointSuffix'],
    ['cloud is checked before accountName', { queueName: 'q', cloud: 'nowhere' }, {}, 'azure-workload', 'cloud'],
    ['an unsupported pod identity provider', { queueName: 'q' }, connection, 'gcp', 'podIdentity'],
  ];
  for (const [name, metadata, authParams, provider, parameter] of rules) {
    it(`${name}: ${parameter === undefined ? 'accepted' : `rejected naming "${parameter}"`}`, () => {
      const error = failure({ metadata, authParams, ...(provider ? { podIdentity: { provider } } : {}) });
      expect(error?.parameter).toBe(parameter);
      if (error) expect(error.message).not.toContain('c2VjcmV0LWtleQ==');
    });
  }

  it('returns KEDA names with KEDA defaults and the trigger identity', () => {
    expect(
      parseAzureQueueParameters({ metadata: { queueName: 'orders' }, authParams: connection, triggerIndex: 1 }),
    ).toEqual({
      activationQueueLength: 0,
      queueName: 'orders',
      queueLength: 5,
      connection: connection.connection,
      accountName: undefined,
      endpointSuffix: 'queue.core.windows.net',
      queueLengthStrategy: 'all',
      podIdentity: undefined,
      triggerIndex: 1,
      metricType: 'AverageValue',
    });
  });

  // KEDA azure/azure_storage_test.go (queue cases) and the named clouds: [cloud, endpointSuffix, resolved]
  const suffixes: [string | undefined, string | undefined, string][] = [
    [undefined, 'ignored', 'queue.core.windows.net'],
    ['', 'ignored', 'queue.core.windows.net'],
    ['AzureUSGovernmentCloud', undefined, 'queue.core.usgovcloudapi.net'],
    ['azurechinacloud', undefined, 'queue.core.chinacloudapi.cn'],
    ['AzureGermanCloud', undefined, 'queue.core.cloudapi.de'],
    ['Private', 'queue.core.private.cloud', 'queue.core.private.cloud'],
  ];
  for (const [cloud, endpointSuffix, expected] of suffixes) {
    it(`cloud ${JSON.stringify(cloud)} resolves the endpoint suffix ${expected}`, () => {
      const metadata: Record<string, string> = { queueName: 'q', accountName: 'acct' };
      if (cloud !== undefined) metadata.cloud = cloud;
      if (endpointSuffix !== undefined) metadata.endpointSuffix = endpointSuffix;
      expect(parseAzureQueueParameters({ metadata, podIdentity: { provider: 'azure-workload' } }).endpointSuffix).toBe(
        expected,
      );
    });
  }
});
