// The scaler against a management API stub, with KEDA v2.21.0's own tables (rabbitmq_scaler_test.go:
// TestGetQueueInfo, TestGetQueueInfoWithRegex, TestGetPageSizeWithRegex, TestExpectedQueueConsumptionTime,
// TestRegexQueueMissingError, TestRabbitMQGetMetricSpecForScaling): same requests, activity and values.
import { ScalerError, type TriggerInput } from '@scalerkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rabbitmqScaler } from './rabbitmq-scaler.js';
import { vhostAndPrefix } from './rabbitmq-url.js';
import { type ManagementStub, pollOnce, startManagementStub, testContext } from './test-support.js';
import {
  type KedaQueueInfoRow,
  kedaQueueInfoRows,
  kedaRegexQueueInfoRows,
  kedaSingleVhostRows,
} from './test-fixtures/keda-queue-info.js';

// getVhostAndPathFromURLTestData: raw path and vhostName override.
const vhostCases: [string, string][] = [
  ['myVhost', ''],
  ['%2FmyVhost', ''],
  ['/', ''],
  ['//', ''],
  ['/%2F', ''],
  ['', ''],
  ['sub1/myVhost', ''],
  ['sub1/', 'overridenVhost'],
  ['myVhost', 'overridenVhost'],
  ['sub1/%2FmyVhost', ''],
  ['sub1/', ''],
  ['sub1/', 'myVhost'],
  ['myVhost', 'overridenVhost'],
  ['sub1//', ''],
  ['sub1/%2F', ''],
  ['sub1/sub2/myVhost', ''],
  ['sub1/sub2/myVhost', 'overridenVhost'],
  ['myVhost', 'overridenVhost'],
  ['sub1/sub2/%2FmyVhost', ''],
  ['sub1/sub2/', ''],
  ['sub1/sub2/', 'myVhost'],
  ['sub1/myVhost', 'overridenVhost'],
  ['sub1/sub2//', ''],
  ['sub1/sub2/%2F', ''],
];

let stub: ManagementStub;
beforeAll(async () => {
  stub = await startManagementStub();
});
afterAll(() => stub.close());

/** Polls once through a fresh scaler as KEDA's test does (host from env, protocol http); 5 s: this machine is busy. */
async function pollWith(row: KedaQueueInfoRow, host: string, metadata: Record<string, string>) {
  stub.answer(row.status, row.response);
  stub.requests.length = 0;
  const input: TriggerInput = {
    metadata: { hostFromEnv: 'myHostSecret', protocol: 'http', ...metadata },
    resolvedEnv: { myHostSecret: host, plainHost: stub.url },
  };
  const scaler = rabbitmqScaler.create(rabbitmqScaler.parse(input), testContext(5000));
  try {
    return { outcome: await pollOnce(scaler), requests: stub.requests.map((request) => request.url) };
  } catch (error) {
    return { error: error as Error, requests: stub.requests.map((request) => request.url) };
  } finally {
    await scaler.close();
  }
}

/** KEDA's loop over getVhostAndPathFromURLTestData: the host carries the prefix and vhost, vhostName overrides. */
async function overVhostShapes(
  row: KedaQueueInfoRow,
  metadata: Record<string, string>,
  expectedPath: (prefix: string, vhostPath: string) => string,
) {
  stub.answer(row.status, row.response);
  stub.requests.length = 0;
  const expected: string[] = [];
  const results = await Promise.all(
    vhostCases.map(async ([rawPath, vhostName]) => {
      const { vhostPath, prefix } = vhostAndPrefix(rawPath, vhostName);
      expected.push(expectedPath(prefix, vhostPath));
      const scaler = rabbitmqScaler.create(
        rabbitmqScaler.parse({
          metadata: { hostFromEnv: 'myHostSecret', protocol: 'http', ...metadata, vhostName },
          resolvedEnv: { myHostSecret: `${stub.url}${prefix}${vhostPath}` },
        }),
        testContext(5000),
      );
      try {
        return { outcome: await pollOnce(scaler), requests: [] };
      } catch (error) {
        return { error: error as Error, requests: [] };
      } finally {
        await scaler.close();
      }
    }),
  );
  for (const result of results) expectKedaOutcome(row, result);
  // One GET per poll, each at the path KEDA requests.
  expect(stub.requests.map((request) => request.url).sort()).toEqual(expected.sort());
}

function expectKedaOutcome(row: KedaQueueInfoRow, result: Awaited<ReturnType<typeof pollWith>>) {
  if (row.status === 200) {
    expect(result.error).toBeUndefined();
    expect(result.outcome?.isActive).toBe(row.isActive);
  } else {
    expect(result.error?.message).toContain(row.response);
  }
}

describe('TestGetQueueInfo (KEDA): one GET of the exact path, the same activity', () => {
  it.each(kedaQueueInfoRows.map((row, index) => [index, row] as const))(
    'row %i over 24 vhost/prefix shapes',
    async (_index, row) => {
      await overVhostShapes(
        row,
        { queueName: 'evaluate_trials', ...row.metadata },
        (prefix, vhostPath) => `${prefix}/api/queues${vhostPath}/evaluate_trials`,
      );
    },
  );

  it.each(kedaSingleVhostRows.map((row, index) => [index, row] as const))(
    'single vhost row %i',
    async (_index, row) => {
      const { vhostPath } = vhostAndPrefix('', row.metadata.vhostName ?? '');
      const result = await pollWith(row, stub.url, { queueName: 'evaluate_trials', ...row.metadata });
      expectKedaOutcome(row, result);
      expect(result.requests).toEqual([`/api/queues${vhostPath}/evaluate_trials`]);
    },
  );
});

describe('TestGetQueueInfoWithRegex and TestGetPageSizeWithRegex (KEDA)', () => {
  it.each(kedaRegexQueueInfoRows.map((row, index) => [index, row] as const))(
    'regex row %i over 24 vhost/prefix shapes',
    async (_index, row) => {
      await overVhostShapes(
        row,
        { queueName: '^evaluate_trials$', ...row.metadata },
        (prefix, vhostPath) =>
          `${prefix}/api/queues${vhostPath}?page=1&use_regex=true&pagination=false&name=%5Eevaluate_trials%24&page_size=100`,
      );
    },
  );

  it.each([100, 200, 500])('asks for page_size %i', async (pageSize) => {
    const row = kedaRegexQueueInfoRows[0]!;
    const result = await pollWith(row, `${stub.url}/`, {
      queueName: '^evaluate_trials$',
      useRegex: 'true',
      pageSize: String(pageSize),
    });
    expect(result.outcome?.isActive).toBe(true);
    expect(result.requests).toEqual([
      `/api/queues/%2F?page=1&use_regex=true&pagination=false&name=%5Eevaluate_trials%24&page_size=${pageSize}`,
    ]);
  });

  it.each([
    [
      '{"items":[], "filtered_count": 250, "page": 1, "page_count": 3}',
      'regex matches more queues than can be recovered at once',
    ],
    ['{"items":[], "filtered_count": 250, "page": 1, "page_count": 1}', undefined],
  ])('page_count above 1 is an error: %s', async (response, message) => {
    const result = await pollWith({ response, status: 200, isActive: false, metadata: {} }, stub.url, {
      queueName: 'evaluate_trials',
      useRegex: 'true',
    });
    if (message) expect(result.error?.message).toContain(message);
    else expect(result.outcome).toEqual({ value: 0, isActive: false });
  });

  it('checks operation only when the listing is not empty', async () => {
    const matched = '{"items":[{"messages": 3}]}';
    const bad = await pollWith({ response: matched, status: 200, isActive: false, metadata: {} }, stub.url, {
      queueName: 'q',
      useRegex: 'true',
      operation: 'median',
    });
    expect(bad.error?.message).toContain('operation mode median must be one of sum, avg, max');
    const empty = await pollWith({ response: '{"items":[]}', status: 200, isActive: false, metadata: {} }, stub.url, {
      queueName: 'q',
      useRegex: 'true',
      operation: 'median',
    });
    expect(empty.outcome).toEqual({ value: 0, isActive: false });
  });
});

describe('TestExpectedQueueConsumptionTime (KEDA): exact milli values', () => {
  const stats = (messages: number, publish: number, deliver: number) =>
    JSON.stringify({
      messages,
      messages_unacknowledged: 0,
      message_stats: { publish_details: { rate: publish }, deliver_get_details: { rate: deliver } },
      name: 'evaluate_trials',
    });
  it.each([
    ['empty idle queue', stats(0, 0, 0), 0, false],
    ['empty queue with decaying delivery rate', stats(0, 0, 2), 0, false],
    ['backlog without consumers', stats(10, 3, 0), 1, true],
    ['backlog with consumers', stats(10, 3, 2), 5.5, true],
    ['draining backlog', stats(4, 0, 2), 1, false],
  ])('%s', async (_name, response, value, isActive) => {
    const result = await pollWith({ response, status: 200, isActive, metadata: {} }, stub.url, {
      queueName: 'evaluate_trials',
      mode: 'ExpectedQueueConsumptionTime',
      value: '1',
      activationValue: '1',
    });
    expect(result.outcome).toEqual({ value, isActive });
  });
});

describe('metric values per mode', () => {
  const answer = JSON.stringify({
    messages: 12,
    messages_ready: 9,
    message_stats: { publish_details: { rate: 4.25 }, deliver_get_details: { rate: 2.5 } },
  });
  it.each([
    [{ mode: 'QueueLength', value: '5' }, 12, true],
    [{ mode: 'QueueLength', value: '5', excludeUnacknowledged: 'true' }, 9, true],
    [{ mode: 'QueueLength', value: '5', activationValue: '12' }, 12, false],
    [{ mode: 'MessageRate', value: '5' }, 4.25, true],
    [{ mode: 'DeliverGetRate', value: '5', activationValue: '2.5' }, 2.5, false],
    [{ mode: 'PublishedToDeliveredRatio', value: '1' }, 1.7, true],
  ])('%j → %d, active %s', async (metadata, value, isActive) => {
    const result = await pollWith({ response: answer, status: 200, isActive, metadata: {} }, stub.url, {
      queueName: 'orders',
      ...metadata,
    });
    expect(result.outcome).toEqual({ value, isActive });
  });
});

describe('TestRabbitMQGetMetricSpecForScaling (KEDA)', () => {
  const resolvedEnv = { myHostSecret: 'amqp://user:sercet@somehost.com:5236/vhost' };
  it.each([
    [{ queueLength: '10', queueName: 'sample', hostFromEnv: 'myHostSecret' }, 0, 's0-rabbitmq-sample', 10],
    [
      { queueLength: '10', queueName: 'namespace/name', hostFromEnv: 'myHostSecret' },
      1,
      's1-rabbitmq-namespace-2Fname',
      10,
    ],
    [{ queueName: '^hell.{1}$', host: 'http://h/', useRegex: 'true' }, 0, 's0-rabbitmq--5Ehell--7B1-7D-24', 20],
  ])('%j at index %i → %s', (metadata, triggerIndex, metricName, targetValue) => {
    const scaler = rabbitmqScaler.create(rabbitmqScaler.parse({ metadata, resolvedEnv, triggerIndex }), testContext());
    expect(scaler.getMetricSpecs()).toEqual([{ metricName, targetType: 'AverageValue', targetValue }]);
  });

  // GetMetricTargetMili -> quantityFromFloat64: milli precision; negative targets become 0 (found by the KEDA
  // oracle's differential test: `queueLength: -3` passes validateTrigger and KEDA reports a target of 0).
  it.each([
    [{ queueLength: '-3' }, 0],
    [{ mode: 'QueueLength', value: '-2.5' }, 0],
    [{ mode: 'QueueLength', value: '2.0004' }, 2],
    [{ mode: 'QueueLength', value: '0.25' }, 0.25],
  ])('%j → target %d', (metadata, targetValue) => {
    const config = rabbitmqScaler.parse({ metadata: { queueName: 'q', host: 'http://h/', ...metadata } });
    expect(rabbitmqScaler.create(config, testContext()).getMetricSpecs()[0]!.targetValue).toBe(targetValue);
  });

  it('honours metricType Value', () => {
    const config = rabbitmqScaler.parse({ metadata: { queueName: 'q', host: 'http://h/' }, metricType: 'Value' });
    expect(rabbitmqScaler.create(config, testContext()).getMetricSpecs()[0]!.targetType).toBe('Value');
  });
});

describe('management API errors', () => {
  it('reports a 401 with the status, the body and the URL, credentials masked and never shown', async () => {
    const result = await pollWith(
      { response: 'Password is incorrect', status: 401, isActive: false, metadata: {} },
      stub.url.replace('http://', 'http://admin:s3cr3t-pw@'),
      {
        queueName: 'orders',
      },
    );
    const error = result.error as ScalerError;
    expect(ScalerError.isInstance(error)).toBe(true);
    expect(error.code).toBe('AUTHENTICATION_ERROR');
    expect(error.message).toContain(
      'error inspecting RabbitMQ: error requesting RabbitMQ API status: 401 Unauthorized, response: Password is incorrect',
    );
    expect(error.message).not.toContain('s3cr3t-pw');
  });

  it('sends the URL userinfo as a Basic header, never in the request line', async () => {
    stub.answer(200, '{"messages": 1}');
    stub.requests.length = 0;
    const scaler = rabbitmqScaler.create(
      rabbitmqScaler.parse({
        metadata: { queueName: 'q', host: stub.url.replace('http://', 'http://us%40er:p%3Ass@') },
      }),
      testContext(),
    );
    await pollOnce(scaler);
    await scaler.close();
    expect(stub.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('us@er:p:ss').toString('base64')}`);
    expect(stub.requests[0]!.url).toBe('/api/queues/%2F/q');
  });

  it('reports the metric of an Azure workload identity trigger but refuses to poll it, naming the parameter', async () => {
    const config = rabbitmqScaler.parse({
      metadata: { queueName: 'q', host: stub.url, protocol: 'http' },
      authParams: { workloadIdentityResource: 'r' },
    });
    const scaler = rabbitmqScaler.create(config, testContext());
    expect(scaler.getMetricSpecs()[0]!.metricName).toBe('s0-rabbitmq-q');
    const error = (await pollOnce(scaler).catch((caught: unknown) => caught)) as ScalerError;
    await scaler.close();
    expect(error.code).toBe('CONFIG_ERROR');
    expect((error as { parameter?: string }).parameter).toBe('workloadIdentityResource');
  });
});
