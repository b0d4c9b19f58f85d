import { createConnectionCache, type ScalerContext, ScalerError, silentLogger } from '@scalerkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { AwsSdkSqsClientOptions, GetQueueAttributesRequest, SqsClientLike } from './aws-sqs-client.js';
import { SqsRequestError } from './aws-sqs-client.js';
import type { AwsSqsTriggerInput, SqsCountAttribute } from './aws-sqs-parameters.js';
import { awsSqsQueueScaler, createAwsSqsQueueScaler, sumQueueAttributes } from './aws-sqs-scaler.js';

// KEDA v2.21.0 aws_sqs_queue_scaler_test.go: the mock answers 200 visible, 100 in flight, 50 delayed, an error
// for the `Error` queue and `NotInt` for the `BadData` queue.
const properQueueURL = 'https://sqs.eu-west-1.amazonaws.com/account_id/DeleteArtifactQ';
const errorQueueURL = 'https://sqs.eu-west-1.amazonaws.com/account_id/Error';
const badDataQueueURL = 'https://sqs.eu-west-1.amazonaws.com/account_id/BadData';
const authentication = { awsAccessKeyId: 'none', awsSecretAccessKey: 'none' };

interface FakeSqs {
  requests: GetQueueAttributesRequest[];
  opened: AwsSdkSqsClientOptions[];
  closed: number;
  createClient: (options: AwsSdkSqsClientOptions) => SqsClientLike;
}

function fakeSqs(answer?: (request: GetQueueAttributesRequest) => Record<string, string>): FakeSqs {
  const fake: FakeSqs = {
    requests: [],
    opened: [],
    closed: 0,
    createClient: (options) => {
      fake.opened.push(options);
      return {
        async getQueueAttributes(request) {
          fake.requests.push(request);
          if (answer) return answer(request);
          if (request.queueUrl === errorQueueURL) throw new Error('some error');
          if (request.queueUrl === badDataQueueURL) {
            return { ApproximateNumberOfMessages: 'NotInt', ApproximateNumberOfMessagesNotVisible: 'NotInt' };
          }
          return {
            ApproximateNumberOfMessages: '200',
            ApproximateNumberOfMessagesNotVisible: '100',
            ApproximateNumberOfMessagesDelayed: '50',
          };
        },
        close() {
          fake.closed += 1;
        },
      };
    },
  };
  return fake;
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((scaler) => scaler.close()));
});

function context(overrides: Partial<ScalerContext> = {}): ScalerContext {
  return {
    logger: silentLogger,
    signal: new AbortController().signal,
    connections: createConnectionCache(),
    ...overrides,
  };
}

function scalerFor(input: AwsSqsTriggerInput, fake: FakeSqs, scalerContext = context()) {
  const scaler = createAwsSqsQueueScaler(awsSqsQueueScaler.parse(input), scalerContext, {
    createClient: fake.createClient,
  });
  open.push(scaler);
  return scaler;
}

async function poll(input: AwsSqsTriggerInput, fake = fakeSqs()) {
  const scaler = scalerFor(input, fake);
  return scaler.getMetricsAndActivity(scaler.getMetricSpecs()[0]!.metricName);
}

describe("KEDA's TestAWSSQSGetMetricSpecForScaling", () => {
  for (const [triggerIndex, name] of [
    [0, 's0-aws-sqs-DeleteArtifactQ'],
    [1, 's1-aws-sqs-DeleteArtifactQ'],
  ] as const) {
    it(`names the metric ${name}`, () => {
      const scaler = scalerFor(
        {
          metadata: { queueURL: properQueueURL, queueLength: '1', awsRegion: 'eu-west-1' },
          authParams: authentication,
          triggerIndex,
        },
        fakeSqs(),
      );
      expect(scaler.getMetricSpecs()).toEqual([{ metricName: name, targetType: 'AverageValue', targetValue: 1 }]);
    });
  }

  it('normalizes the name as KEDA does (a FIFO queue) and honours metricType Value', () => {
    const scaler = scalerFor(
      {
        metadata: { queueURL: 'https://sqs.eu-west-1.amazonaws.com/1/jobs.fifo', awsRegion: 'eu-west-1' },
        authParams: authentication,
        metricType: 'Value',
      },
      fakeSqs(),
    );
    expect(scaler.getMetricSpecs()).toEqual([
      { metricName: 's0-aws-sqs-jobs-fifo', targetType: 'Value', targetValue: 5 },
    ]);
  });
});

describe("KEDA's TestAWSSQSScalerGetMetrics", () => {
  // [metadata, expected value or 'error']: the eight cases of awsSQSGetMetricTestData.
  const cases: [Record<string, string>, number | 'error'][] = [
    [{ scaleOnInFlight: 'false' }, 200],
    [{ scaleOnInFlight: 'true' }, 300],
    [{ scaleOnDelayed: 'false' }, 300],
    [{ scaleOnDelayed: 'true' }, 350],
    [{ scaleOnInFlight: 'false', scaleOnDelayed: 'false' }, 200],
    [{ scaleOnInFlight: 'true', scaleOnDelayed: 'true' }, 350],
    [{ queueURL: errorQueueURL, scaleOnInFlight: 'false' }, 'error'],
    [{ queueURL: badDataQueueURL, scaleOnInFlight: 'true' }, 'error'],
  ];
  for (const [metadata, expected] of cases) {
    it(`${JSON.stringify(metadata)} -> ${expected}`, async () => {
      const input = {
        metadata: { queueURL: properQueueURL, queueLength: '1', awsRegion: 'eu-west-1', ...metadata },
        authParams: authentication,
      };
      if (expected === 'error') {
        await expect(poll(input)).rejects.toThrow(ScalerError);
      } else {
        const result = await poll(input);
        expect(result.metrics.map((metric) => metric.value)).toEqual([expected]);
        expect(result.isActive).toBe(true);
      }
    });
  }
});

describe("KEDA's TestProcessQueueLengthFromSqsQueueAttributesOutput", () => {
  const all: SqsCountAttribute[] = [
    'ApproximateNumberOfMessages',
    'ApproximateNumberOfMessagesNotVisible',
    'ApproximateNumberOfMessagesDelayed',
  ];
  const counts = (visible: string) => ({
    ApproximateNumberOfMessages: visible,
    ApproximateNumberOfMessagesNotVisible: '0',
    ApproximateNumberOfMessagesDelayed: '0',
  });
  const cases: [string, Record<string, string>, number | RegExp][] = [
    ['properly formed queue attributes', counts('1'), 1],
    ['missing ApproximateNumberOfMessages', {}, /metric ApproximateNumberOfMessages not found/],
    ['invalid ApproximateNumberOfMessages', counts('NotInt'), /not a base-10 int64/],
    ['32 bit int upper bound', counts('2147483647'), 2147483647],
    ['32 bit int upper bound + 1', counts('2147483648'), 2147483648],
    ['int64 overflow', counts('9223372036854775808'), /not a base-10 int64/],
    ['a sign is accepted as by strconv.ParseInt', counts('+7'), 7],
    ['a decimal is not', counts('1.0'), /not a base-10 int64/],
    ['an empty value is not', counts(''), /not a base-10 int64/],
  ];
  for (const [name, attributes, expected] of cases) {
    it(name, () => {
      if (typeof expected === 'number') expect(sumQueueAttributes(attributes, all)).toBe(expected);
      else expect(() => sumQueueAttributes(attributes, all)).toThrow(expected);
    });
  }

  it('sums only the requested attributes', () => {
    expect(sumQueueAttributes({ ...counts('4'), ApproximateNumberOfMessagesDelayed: 'NotInt' }, all.slice(0, 2))).toBe(
      4,
    );
  });
});

describe('polls', () => {
  const base = { queueURL: properQueueURL, awsRegion: 'eu-west-1' };

  it('sends one GetQueueAttributes per poll with the QueueUrl as configured and exactly the summed attributes', async () => {
    const fake = fakeSqs();
    const scaler = scalerFor(
      { metadata: { ...base, queueURL: 'my-queue', scaleOnDelayed: 'true' }, authParams: authentication },
      fake,
    );
    await scaler.getMetricsAndActivity('s0-aws-sqs-my-queue');
    await scaler.getMetricsAndActivity('s0-aws-sqs-my-queue');
    expect(fake.requests).toEqual([
      {
        queueUrl: 'my-queue',
        attributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      },
      expect.anything(),
    ]);
    expect(fake.opened).toHaveLength(1);
  });

  it('opens the client for the region and endpoint, with static credentials', async () => {
    const fake = fakeSqs();
    await poll(
      {
        metadata: { ...base, awsEndpoint: 'http://127.0.0.1:4566' },
        authParams: { ...authentication, awsSessionToken: 'tok' },
      },
      fake,
    );
    expect(fake.opened).toEqual([
      {
        region: 'eu-west-1',
        endpoint: 'http://127.0.0.1:4566',
        credentials: { accessKeyId: 'none', secretAccessKey: 'none', sessionToken: 'tok' },
      },
    ]);
  });

  it('is active strictly above activationQueueLength', async () => {
    const answer = (visible: string) => () => ({ ApproximateNumberOfMessages: visible });
    const metadata = { ...base, scaleOnInFlight: 'false', activationQueueLength: '3' };
    const at = await poll({ metadata, authParams: authentication }, fakeSqs(answer('3')));
    const above = await poll({ metadata, authParams: authentication }, fakeSqs(answer('4')));
    expect([at.isActive, above.isActive]).toEqual([false, true]);
  });

  it('reports a negative sum as 0 and inactive, as KEDA does', async () => {
    const result = await poll(
      { metadata: { ...base, scaleOnInFlight: 'false' }, authParams: authentication },
      fakeSqs(() => ({ ApproximateNumberOfMessages: '-5' })),
    );
    expect(result).toEqual({ metrics: [{ metricName: 's0-aws-sqs-DeleteArtifactQ', value: 0 }], isActive: false });
  });

  it('fails a poll whose answer lacks a requested attribute', async () => {
    await expect(
      poll(
        { metadata: base, authParams: authentication },
        fakeSqs(() => ({ ApproximateNumberOfMessages: '1' })),
      ),
    ).rejects.toThrow(/ApproximateNumberOfMessagesNotVisible not found in SQS queue attributes/);
  });

  // One table: what the SDK reports -> the ScalerError code.
  const failures: [string, Error, string][] = [
    [
      'a missing queue',
      new SqsRequestError('The specified queue does not exist.', { code: 'QueueDoesNotExist', status: 400 }),
      'NOT_FOUND',
    ],
    [
      'a refused key',
      new SqsRequestError('The security token is invalid.', { code: 'InvalidClientTokenId', status: 403 }),
      'AUTHENTICATION_ERROR',
    ],
    [
      'a refused signature',
      new SqsRequestError('Signature mismatch', { code: 'SignatureDoesNotMatch', status: 403 }),
      'AUTHENTICATION_ERROR',
    ],
    [
      'no server',
      new SqsRequestError('connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' }),
      'CONNECTION_ERROR',
    ],
    ['bad data', new Error('anything else'), 'METRIC_ERROR'],
  ];
  for (const [what, error, code] of failures) {
    it(`classifies ${what} as ${code}`, async () => {
      const fake = fakeSqs(() => {
        throw error;
      });
      await expect(poll({ metadata: base, authParams: authentication }, fake)).rejects.toMatchObject({
        code,
        message: expect.stringMatching(
          /^aws-sqs-queue: reading queue "DeleteArtifactQ" at the eu-west-1 regional endpoint failed: /,
        ),
      });
    });
  }

  it('never shows the secret key or session token in a failure', async () => {
    const secret = 'wJalrXUtnFEMI-secret';
    const token = 'session-token-value';
    const fake = fakeSqs(() => {
      throw new Error(`echoing ${secret} and ${token}`);
    });
    const failure = await poll(
      { metadata: base, authParams: { awsAccessKeyID: 'AKIA1', awsSecretAccessKey: secret, awsSessionToken: token } },
      fake,
    ).then(
      () => new Error('the poll answered'),
      (error: unknown) => error as Error,
    );
    expect(failure.message).not.toContain(secret);
    expect(failure.message).not.toContain(token);
  });
});

describe('shared clients', () => {
  const metadata = (queue: string, extra: Record<string, string> = {}) => ({
    queueURL: `https://sqs.eu-west-1.amazonaws.com/1/${queue}`,
    awsRegion: 'eu-west-1',
    ...extra,
  });

  it('50 triggers with the same region, endpoint and identity open one client, closed with the last', async () => {
    const fake = fakeSqs();
    const shared = context();
    const scalers = Array.from({ length: 50 }, (_, index) =>
      createAwsSqsQueueScaler(
        awsSqsQueueScaler.parse({ metadata: metadata(`q${index}`), authParams: authentication, triggerIndex: index }),
        shared,
        { createClient: fake.createClient },
      ),
    );
    await Promise.all(scalers.map((scaler) => scaler.getMetricsAndActivity(scaler.getMetricSpecs()[0]!.metricName)));
    expect([fake.opened.length, fake.requests.length]).toEqual([1, 50]);
    await Promise.all(scalers.slice(1).map((scaler) => scaler.close()));
    expect(fake.closed).toBe(0);
    await scalers[0]!.close();
    expect(fake.closed).toBe(1);
  });

  it('a different endpoint, region or identity opens its own client', async () => {
    const fake = fakeSqs();
    const shared = context();
    const inputs: AwsSqsTriggerInput[] = [
      { metadata: metadata('a'), authParams: authentication },
      { metadata: metadata('a', { awsEndpoint: 'http://127.0.0.1:4566' }), authParams: authentication },
      { metadata: metadata('a', { awsRegion: 'us-east-1' }), authParams: authentication },
      { metadata: metadata('a'), authParams: { awsAccessKeyId: 'other', awsSecretAccessKey: 'none' } },
      { metadata: metadata('a', { identityOwner: 'operator' }) },
    ];
    for (const input of inputs) {
      const scaler = createAwsSqsQueueScaler(awsSqsQueueScaler.parse(input), shared, {
        createClient: fake.createClient,
      });
      open.push(scaler);
      await scaler.getMetricsAndActivity(scaler.getMetricSpecs()[0]!.metricName);
    }
    expect(fake.opened).toHaveLength(5);
  });
});
