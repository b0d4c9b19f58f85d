// The scaler with the real @azure/service-bus client against the loopback fake of the management endpoint
// (test-support/fake-service-bus-management.ts, started here in-process: no Service Bus emulator runs here).
import { createServer } from 'node:net';
import {
  createConnectionCache,
  type MetricsAndActivity,
  type Scaler,
  type ScalerContext,
  ScalerError,
  silentLogger,
} from '@scalerkit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defineAzureServiceBusScaler } from './azure-service-bus-scaler.js';
import {
  type FakeServiceBusManagement,
  startFakeServiceBusManagement,
} from './test-support/fake-service-bus-management.js';

let fake: FakeServiceBusManagement;
let definition: ReturnType<typeof defineAzureServiceBusScaler>;
const errors: unknown[] = [];

/** A loopback port where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const newContext = (timeoutMs = 3000): ScalerContext => ({
  logger: silentLogger,
  signal: new AbortController().signal,
  connections: createConnectionCache(),
  timeoutMs,
});

function scalerFor(metadata: Record<string, string>, options: { connection?: string; context?: ScalerContext } = {}) {
  const config = definition.parse({
    metadata,
    authParams: { connection: options.connection ?? fake.connectionString() },
  });
  return definition.create(config, options.context ?? newContext());
}

async function poll(scaler: Scaler): Promise<MetricsAndActivity> {
  return scaler.getMetricsAndActivity(scaler.getMetricSpecs()[0]!.metricName);
}

async function failure(scaler: Scaler): Promise<ScalerError> {
  const caught = await poll(scaler).then(
    () => undefined,
    (error: unknown) => error,
  );
  errors.push(caught);
  if (!ScalerError.isInstance(caught)) throw new Error(`expected a ScalerError, got ${String(caught)}`);
  return caught;
}

beforeAll(async () => {
  fake = await startFakeServiceBusManagement({ pageSize: 2 });
  definition = defineAzureServiceBusScaler({ ca: fake.ca });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.clear();
  fake.resetRequests();
});

describe('azure-servicebus against the management endpoint (real client, loopback fake)', () => {
  it('counts only the active messages of a queue, with one GET', async () => {
    fake.setQueue('orders', { activeMessageCount: 3, deadLetterMessageCount: 5, scheduledMessageCount: 2 });
    const scaler = scalerFor({ queueName: 'orders', activationMessageCount: '2' });
    expect(await poll(scaler)).toEqual({
      metrics: [{ metricName: 's0-azure-servicebus-orders', value: 3 }],
      isActive: true,
    });
    expect(fake.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      'GET orders 200',
    ]);
    await scaler.close();
  });

  it('counts the active messages of a subscription; the metric is named after the topic', async () => {
    fake.setSubscription('events', 'workers', { activeMessageCount: 4, transferMessageCount: 9 });
    const scaler = scalerFor({ topicName: 'events', subscriptionName: 'workers', activationMessageCount: '4' });
    expect(await poll(scaler)).toEqual({
      metrics: [{ metricName: 's0-azure-servicebus-events', value: 4 }],
      isActive: false,
    });
    expect(fake.requests.map((request) => request.path)).toEqual(['events/Subscriptions/workers']);
    await scaler.close();
  });

  // KEDA's regex e2e: two matching entities with 2 and 4 messages give sum 6, max 4, avg 3.
  for (const [operation, expected] of [
    ['sum', 6],
    ['max', 4],
    ['avg', 3],
  ] as const) {
    it(`combines matching queues across pages with ${operation} (${expected}), one GET per page`, async () => {
      fake.setQueue('a-other', 50);
      fake.setQueue('jobs-1', 2);
      fake.setQueue('old-jobs-9', 70);
      fake.setQueue('jobs-2', 4);
      fake.setQueue('jobs', 30);
      const scaler = scalerFor({ queueName: 'jobs-.+', useRegex: 'true', operation, messageCount: '1' });
      expect(await poll(scaler)).toEqual({
        metrics: [{ metricName: 's0-azure-servicebus-queue-regex', value: expected }],
        isActive: true,
      });
      expect(fake.requests.map((request) => request.query.$skip ?? '0')).toEqual(['0', '2', '4']);
      await scaler.close();
    });

    it(`combines matching subscriptions of the topic with ${operation} (${expected})`, async () => {
      fake.setSubscription('events', 'workers-a', 2);
      fake.setSubscription('events', 'audit', 40);
      fake.setSubscription('events', 'workers-b', 4);
      fake.setSubscription('other', 'workers-c', 80);
      const scaler = scalerFor({ topicName: 'events', subscriptionName: 'workers-.*', useRegex: 'true', operation });
      expect((await poll(scaler)).metrics[0]!.value).toBe(expected);
      expect(fake.requests.map((request) => request.path)).toEqual(['events/Subscriptions/', 'events/Subscriptions/']);
      await scaler.close();
    });
  }

  it('gives 0, not an error, when no entity matches', async () => {
    fake.setQueue('orders', 5);
    const scaler = scalerFor({ queueName: 'jobs-.*', useRegex: 'true', operation: 'avg' });
    expect(await poll(scaler)).toEqual({
      metrics: [{ metricName: 's0-azure-servicebus-queue-regex', value: 0 }],
      isActive: false,
    });
    await scaler.close();
  });

  it('reports a queue that is deleted as NOT_FOUND, and recovers when it is back', async () => {
    fake.setQueue('orders', 3);
    const scaler = scalerFor({ queueName: 'orders' });
    expect((await poll(scaler)).metrics[0]!.value).toBe(3);
    fake.deleteQueue('orders');
    const error = await failure(scaler);
    expect([error.code, error.message]).toEqual(['NOT_FOUND', "azure-servicebus: queue orders doesn't exist"]);
    fake.setQueue('orders', 1);
    expect((await poll(scaler)).metrics[0]!.value).toBe(1);
    await scaler.close();
  });

  it('reports a missing subscription as NOT_FOUND', async () => {
    const scaler = scalerFor({ topicName: 'events', subscriptionName: 'gone' });
    const error = await failure(scaler);
    expect([error.code, error.message]).toEqual([
      'NOT_FOUND',
      "azure-servicebus: subscription gone doesn't exist in topic events",
    ]);
    await scaler.close();
  });

  it('reports a wrong key as AUTHENTICATION_ERROR without the connection string', async () => {
    fake.setQueue('orders', 3);
    const wrong = fake.connectionString('RootManageSharedAccessKey', 'd3Jvbmcta2V5LXZhbHVl');
    const scaler = scalerFor({ queueName: 'orders' }, { connection: wrong });
    const error = await failure(scaler);
    expect(error.code).toBe('AUTHENTICATION_ERROR');
    expect(error.message).toMatch(/^azure-servicebus: reading queue "orders" at 127\.0\.0\.1:\d+ failed: /);
    expect(error.message).not.toContain('d3Jvbmcta2V5LXZhbHVl');
    await scaler.close();
  });

  it('fails with CONNECTION_ERROR within the deadline when nothing listens', async () => {
    const port = await closedPort();
    const connection = `Endpoint=sb://127.0.0.1:${port}/;SharedAccessKeyName=k;SharedAccessKey=dW5yZWFjaGFibGU=`;
    const scaler = scalerFor({ queueName: 'orders' }, { connection, context: newContext(1000) });
    const started = Date.now();
    const error = await failure(scaler);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.code).toBe('CONNECTION_ERROR');
    await scaler.close();
  });

  it('gives up at the deadline when the endpoint does not answer (TIMEOUT), and close() leaves nothing', async () => {
    fake.setQueue('orders', 3);
    const context = newContext(300);
    const scaler = scalerFor({ queueName: 'orders' }, { context });
    const hold = fake.hold();
    const error = await failure(scaler);
    hold.release();
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe(
      'azure-servicebus: reading queue "orders" at ' + `${fake.host} did not answer within 300 ms`,
    );
    await scaler.close();
    expect(context.connections.size).toBe(0);
  });

  it('50 triggers on one namespace share one client and one socket', async () => {
    const context = newContext();
    const scalers: Scaler[] = [];
    for (let index = 0; index < 50; index += 1) {
      fake.setQueue(`queue-${index}`, index);
      scalers.push(scalerFor({ queueName: `queue-${index}` }, { context }));
    }
    for (const [index, scaler] of scalers.entries()) expect((await poll(scaler)).metrics[0]!.value).toBe(index);
    expect([context.connections.size, fake.connectionCount, fake.requests.length]).toEqual([1, 1, 50]);
    for (const scaler of scalers) await scaler.close();
    expect(context.connections.size).toBe(0);
  });

  it('never shows the connection string or its key in an error', () => {
    expect(errors.length).toBeGreaterThan(3);
    const key = fake.connectionString().split('SharedAccessKey=')[1]!;
    for (const error of errors) {
      const text = `${(error as Error).message}\n${(error as Error).stack}\n${String((error as Error).cause)}`;
      expect(text).not.toContain(key);
      expect(text).not.toContain('d3Jvbmcta2V5LXZhbHVl');
    }
  });
});
