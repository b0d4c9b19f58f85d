import { ScalerConfigError } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import type { AwsPodIdentity } from './aws-authorization.js';
import { type AwsSqsTriggerInput, parseAwsSqsQueueParameters, queueNameOf } from './aws-sqs-parameters.js';

// KEDA v2.21.0 pkg/scalers/aws_sqs_queue_scaler_test.go: its constants and testAWSSQSMetadata, case by case.
const properQueueURL = 'https://sqs.eu-west-1.amazonaws.com/account_id/DeleteArtifactQ';
const improperQueueURL1 = 'https://sqs.eu-west-1.amazonaws.com/account_id';
const improperQueueURL2 = 'https://sqs.eu-west-1.amazonaws.com';
const simpleQueueURL = 'my-queue';
const authentication = { awsAccessKeyId: 'none', awsSecretAccessKey: 'none' };
const none: AwsPodIdentity = { provider: 'none' };
const base = { queueURL: properQueueURL, queueLength: '1', awsRegion: 'eu-west-1' };

interface KedaCase {
  comment: string;
  metadata: Record<string, string>;
  authParams: Record<string, string>;
  resolvedEnv?: Record<string, string>;
  podIdentity?: AwsPodIdentity;
  isError: boolean;
}

const kedaCases: KedaCase[] = [
  { comment: 'metadata empty', metadata: {}, authParams: authentication, isError: true },
  { comment: 'properly formed queue and region', metadata: base, authParams: authentication, isError: false },
  {
    comment: 'properly formed queue and region with custom endpoint',
    metadata: { ...base, awsEndpoint: 'http://localhost:4566' },
    authParams: authentication,
    isError: false,
  },
  {
    comment: 'improperly formed queue, missing queueName',
    metadata: { ...base, queueURL: improperQueueURL1 },
    authParams: authentication,
    isError: true,
  },
  {
    comment: 'improperly formed queue, missing path',
    metadata: { ...base, queueURL: improperQueueURL2 },
    authParams: authentication,
    isError: true,
  },
  {
    comment: 'properly formed queue, empty region',
    metadata: { ...base, awsRegion: '' },
    authParams: authentication,
    isError: true,
  },
  { comment: 'properly formed queue, integer queueLength', metadata: base, authParams: authentication, isError: false },
  {
    comment: 'invalid integer value for queueLength',
    metadata: { ...base, queueLength: 'a' },
    authParams: authentication,
    isError: true,
  },
  {
    comment: 'properly formed queue, integer activationQueueLength',
    metadata: { ...base, activationQueueLength: '1' },
    authParams: authentication,
    isError: false,
  },
  {
    comment: 'invalid integer value for activationQueueLength',
    metadata: { ...base, activationQueueLength: 'a' },
    authParams: authentication,
    isError: true,
  },
  {
    comment: 'with AWS static credentials from TriggerAuthentication',
    metadata: base,
    authParams: { awsAccessKeyId: 'none', awsSecretAccessKey: 'none' },
    isError: false,
  },
  {
    comment: 'with AWS temporary credentials from TriggerAuthentication',
    metadata: base,
    authParams: { awsAccessKeyId: 'none', awsSecretAccessKey: 'none', awsSessionToken: 'none' },
    isError: false,
  },
  {
    comment: 'with AWS static credentials from TriggerAuthentication, missing Access Key Id',
    metadata: base,
    authParams: { awsAccessKeyId: '', awsSecretAccessKey: 'none' },
    isError: true,
  },
  {
    comment: 'with AWS temporary credentials from TriggerAuthentication, missing Secret Access Key',
    metadata: base,
    authParams: { awsAccessKeyId: 'none', awsSecretAccessKey: '' },
    isError: true,
  },
  {
    comment: 'with AWS temporary credentials from TriggerAuthentication, missing Access Key Id (with token)',
    metadata: base,
    authParams: { awsAccessKeyId: '', awsSecretAccessKey: 'none', awsSessionToken: 'none' },
    isError: true,
  },
  {
    comment: 'with AWS static credentials from TriggerAuthentication, missing Secret Access Key (with token)',
    metadata: base,
    authParams: { awsAccessKeyId: 'none', awsSecretAccessKey: '', awsSessionToken: 'none' },
    isError: true,
  },
  {
    comment: 'with AWS Role from Pod Identity',
    metadata: base,
    authParams: {},
    podIdentity: { provider: 'aws', roleArn: 'none' },
    isError: false,
  },
  {
    comment: 'with AWS Role and External ID from Pod Identity',
    metadata: base,
    authParams: {},
    podIdentity: { provider: 'aws', roleArn: 'none', externalID: 'test-external-id' },
    isError: false,
  },
  {
    comment: 'with AWS Role assigned on KEDA operator itself',
    metadata: { ...base, identityOwner: 'operator' },
    authParams: { awsAccessKeyId: '', awsSecretAccessKey: '' },
    isError: false,
  },
  {
    comment: 'with AWS Role assigned on KEDA operator itself (deprecated path)',
    metadata: { ...base, identityOwner: 'operator' },
    authParams: { awsRoleArn: 'none', awsAccessKeyId: '', awsSecretAccessKey: '' },
    isError: false,
  },
  {
    comment: 'simple queue name and region',
    metadata: { ...base, queueURL: simpleQueueURL },
    authParams: authentication,
    isError: false,
  },
  {
    comment: 'simple queue name, scaleOnInFlight false',
    metadata: { ...base, queueURL: simpleQueueURL, scaleOnInFlight: 'false' },
    authParams: authentication,
    isError: false,
  },
  {
    comment: 'simple queue name, scaleOnInFlight true',
    metadata: { ...base, queueURL: simpleQueueURL, scaleOnInFlight: 'true' },
    authParams: authentication,
    isError: false,
  },
  {
    comment: 'properly formed queue loaded from env',
    metadata: { queueURLFromEnv: 'QUEUE_URL', queueLength: '1', awsRegion: 'eu-west-1' },
    authParams: authentication,
    resolvedEnv: { QUEUE_URL: properQueueURL },
    isError: false,
  },
  {
    comment: 'missing queue url from both queueURL and queueURLFromEnv',
    metadata: { queueLength: '1', awsRegion: 'eu-west-1' },
    authParams: authentication,
    isError: true,
  },
  {
    comment: 'empty QUEUE_URL env value',
    metadata: { queueURLFromEnv: 'QUEUE_URL', queueLength: '1', awsRegion: 'eu-west-1' },
    authParams: authentication,
    resolvedEnv: { QUEUE_URL: '' },
    isError: true,
  },
  {
    comment: 'with External ID but missing Role ARN (still valid, just won’t use external ID)',
    metadata: base,
    authParams: {},
    podIdentity: { provider: 'aws', externalID: 'test-external-id' },
    isError: false,
  },
];

function input(testCase: Omit<KedaCase, 'comment' | 'isError'>, triggerIndex?: number): AwsSqsTriggerInput {
  return {
    metadata: testCase.metadata,
    authParams: testCase.authParams,
    resolvedEnv: testCase.resolvedEnv ?? {},
    podIdentity: testCase.podIdentity ?? none,
    ...(triggerIndex === undefined ? {} : { triggerIndex }),
  };
}

describe("KEDA's TestSQSParseMetadata table", () => {
  it('has all 27 cases', () => {
    expect(kedaCases).toHaveLength(27);
  });
  for (const testCase of kedaCases) {
    it(`${testCase.isError ? 'rejects' : 'accepts'}: ${testCase.comment}`, () => {
      const parse = () => parseAwsSqsQueueParameters(input(testCase));
      if (testCase.isError) expect(parse).toThrow(ScalerConfigError);
      else expect(parse).not.toThrow();
    });
  }
});

describe("KEDA's TestQueueURLFromEnvResolution", () => {
  const cases: { name: string; metadata: Record<string, string>; env: Record<string, string>; url?: string }[] = [
    { name: 'direct queueURL', metadata: { queueURL: properQueueURL }, env: {}, url: properQueueURL },
    {
      name: 'queueURL from environment variable',
      metadata: { queueURLFromEnv: 'QUEUE_URL' },
      env: { QUEUE_URL: properQueueURL },
      url: properQueueURL,
    },
    {
      name: 'missing environment variable',
      metadata: { queueURLFromEnv: 'MISSING_ENV_VAR' },
      env: { QUEUE_URL: properQueueURL },
      url: undefined,
    },
    {
      name: 'empty environment variable value',
      metadata: { queueURLFromEnv: 'EMPTY_ENV_VAR' },
      env: { EMPTY_ENV_VAR: '' },
      url: undefined,
    },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const parse = () =>
        parseAwsSqsQueueParameters({
          metadata: { ...testCase.metadata, awsRegion: 'eu-west-1' },
          resolvedEnv: testCase.env,
          authParams: authentication,
          podIdentity: none,
        });
      if (testCase.url === undefined) {
        expect(parse).toThrow(expect.objectContaining({ parameter: 'queueURL' }));
      } else expect(parse().queueURL).toBe(testCase.url);
    });
  }
});

describe('parsed values', () => {
  it("applies KEDA's defaults and returns KEDA's names", () => {
    const config = parseAwsSqsQueueParameters({
      metadata: { queueURL: properQueueURL, awsRegion: 'eu-west-1' },
      authParams: authentication,
    });
    expect(config).toEqual({
      queueLength: 5,
      activationQueueLength: 0,
      queueURL: properQueueURL,
      awsRegion: 'eu-west-1',
      awsEndpoint: undefined,
      scaleOnInFlight: true,
      scaleOnDelayed: false,
      identityOwner: undefined,
      triggerIndex: 0,
      metricType: 'AverageValue',
      usingPodIdentity: false,
      podIdentityOwner: true,
      awsAccessKeyID: 'none',
      awsSecretAccessKey: 'none',
      queueName: 'DeleteArtifactQ',
      attributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    });
  });

  // One table: metadata -> the attributes a poll asks for, in KEDA's order.
  const attributeCases: [Record<string, string>, string[]][] = [
    [{}, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']],
    [{ scaleOnInFlight: 'false' }, ['ApproximateNumberOfMessages']],
    [
      { scaleOnDelayed: 'true' },
      ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    ],
    [
      { scaleOnInFlight: 'f', scaleOnDelayed: 'T' },
      ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed'],
    ],
    [{ scaleOnInFlight: '0', scaleOnDelayed: '0' }, ['ApproximateNumberOfMessages']],
  ];
  for (const [metadata, expected] of attributeCases) {
    it(`asks for ${expected.length} attribute(s) with ${JSON.stringify(metadata)}`, () => {
      const config = parseAwsSqsQueueParameters({ metadata: { ...base, ...metadata }, authParams: authentication });
      expect(config.attributeNames).toEqual(expected);
    });
  }

  it('takes awsRegion from authParams when metadata has none, metadata first', () => {
    const fromAuth = parseAwsSqsQueueParameters({
      metadata: { queueURL: properQueueURL },
      authParams: { ...authentication, awsRegion: 'us-west-2' },
    });
    const both = parseAwsSqsQueueParameters({
      metadata: { queueURL: properQueueURL, awsRegion: 'eu-west-1' },
      authParams: { ...authentication, awsRegion: 'us-west-2' },
    });
    expect([fromAuth.awsRegion, both.awsRegion]).toEqual(['us-west-2', 'eu-west-1']);
  });

  it('never derives awsRegion from the URL', () => {
    expect(() =>
      parseAwsSqsQueueParameters({ metadata: { queueURL: properQueueURL }, authParams: authentication }),
    ).toThrow(expect.objectContaining({ parameter: 'awsRegion' }));
  });

  it('prefers metadata queueURL over queueURLFromEnv and keeps a bare name as the QueueUrl', () => {
    const config = parseAwsSqsQueueParameters({
      metadata: { queueURL: 'orders', queueURLFromEnv: 'QUEUE_URL', awsRegion: 'eu-west-1' },
      resolvedEnv: { QUEUE_URL: properQueueURL },
      authParams: authentication,
    });
    expect([config.queueURL, config.queueName]).toEqual(['orders', 'orders']);
  });

  it('carries the trigger identity', () => {
    const config = parseAwsSqsQueueParameters({
      metadata: base,
      authParams: authentication,
      triggerIndex: 3,
      triggerName: 'orders',
      metricType: 'Value',
    });
    expect([config.triggerIndex, config.triggerName, config.metricType]).toEqual([3, 'orders', 'Value']);
  });
});

describe('rejections name the parameter (one table)', () => {
  const rejections: [string, Record<string, string>, string][] = [
    ['queueLength as a JSON integer only (05)', { queueLength: '05' }, 'queueLength'],
    ['queueLength as a JSON integer only (+5)', { queueLength: '+5' }, 'queueLength'],
    ['queueLength as a JSON integer only (1.0)', { queueLength: '1.0' }, 'queueLength'],
    ['queueLength as a JSON integer only (1e3)', { queueLength: '1e3' }, 'queueLength'],
    ['activationQueueLength as a JSON integer only', { activationQueueLength: '0x10' }, 'activationQueueLength'],
    ['scaleOnInFlight in Go ParseBool spelling only', { scaleOnInFlight: 'yes' }, 'scaleOnInFlight'],
    ['scaleOnDelayed in Go ParseBool spelling only', { scaleOnDelayed: 'tRuE' }, 'scaleOnDelayed'],
    ['a URL with one path segment', { queueURL: 'https://host/123' }, 'queueURL'],
    ['a URL with a trailing slash', { queueURL: 'https://host/123/q/' }, 'queueURL'],
    ['a URL with an empty name', { queueURL: 'https://host/123/' }, 'queueURL'],
    ['an opaque URL', { queueURL: 'queue:name' }, 'queueURL'],
  ];
  for (const [what, metadata, parameter] of rejections) {
    it(what, () => {
      expect(() =>
        parseAwsSqsQueueParameters({ metadata: { ...base, ...metadata }, authParams: authentication }),
      ).toThrow(expect.objectContaining({ parameter }));
    });
  }

  it('accepts negative and zero thresholds, as KEDA does', () => {
    const config = parseAwsSqsQueueParameters({
      metadata: { ...base, queueLength: '-3', activationQueueLength: '0' },
      authParams: authentication,
    });
    expect([config.queueLength, config.activationQueueLength]).toEqual([-3, 0]);
  });

  it('reports a bad URL before a missing credential (KEDA checks the URL first)', () => {
    expect(() => parseAwsSqsQueueParameters({ metadata: { ...base, queueURL: improperQueueURL1 } })).toThrow(
      expect.objectContaining({ parameter: 'queueURL' }),
    );
  });

  it('reports every typed-parameter problem together, in KEDA field order', () => {
    let caught: unknown;
    try {
      parseAwsSqsQueueParameters({ metadata: { queueLength: 'a', scaleOnDelayed: 'maybe' } });
    } catch (error) {
      caught = error;
    }
    expect(ScalerConfigError.isInstance(caught)).toBe(true);
    const problems = (caught as ScalerConfigError).problems.map((problem) => problem.parameter);
    expect(problems).toEqual(['queueLength', 'queueURL', 'awsRegion', 'scaleOnDelayed']);
  });
});

describe('queueNameOf', () => {
  const names: [string, string | undefined][] = [
    [properQueueURL, 'DeleteArtifactQ'],
    ['my-queue', 'my-queue'],
    ['sqs.eu-west-1.amazonaws.com/123/q', 'sqs.eu-west-1.amazonaws.com/123/q'],
    ['/123/q', 'q'],
    ['https://host/123/q?Action=x', 'q'],
    ['https://host/123/jobs.fifo', 'jobs.fifo'],
    ['https://host:port/123/q', 'https://host:port/123/q'],
    [improperQueueURL1, undefined],
    [improperQueueURL2, undefined],
  ];
  for (const [url, name] of names) {
    it(`${url} -> ${name ?? 'error'}`, () => {
      expect(queueNameOf(url)).toBe(name);
    });
  }
});
