// azure-queue against Azurite (scripts/services/azurite.sh up) with the real @azure/storage-queue client. Skips
// with one line locally when Azurite is down; fails under CI=true / SCALERKIT_REQUIRE_SERVICES=1.

import { QueueServiceClient } from '@azure/storage-queue';
import {
  createConnectionCache,
  type MetricsAndActivity,
  type Scaler,
  type ScalerContext,
  ScalerError,
  silentLogger,
} from '@scalerkit/core';
import { requireService } from '@scalerkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureQueueScaler } from './azure-storage-queue-scaler.js';
import {
  azuriteConnection,
  azuriteConnectionString,
  azuriteEndpoint,
  closedPort,
  startCountingProxy,
} from './test-support/azurite.js';

const status = await requireService('azurite', azuriteEndpoint, { hint: 'run scripts/services/azurite.sh up' });
const prefix = `scalerkit-${Date.now().toString(36)}-${process.pid}`;
const service = QueueServiceClient.fromConnectionString(azuriteConnection);
const created: string[] = [];
const errors: unknown[] = [];

async function queueWith(suffix: string, visible: number, delayed = 0, received = 0) {
  const name = `${prefix}-${suffix}`;
  const queue = service.getQueueClient(name);
  await queue.create();
  created.push(name);
  for (let index = 0; index < visible + received; index += 1) await queue.sendMessage(`m${index}`);
  for (let index = 0; index < delayed; index += 1) await queue.sendMessage(`d${index}`, { visibilityTimeout: 60 });
  if (received > 0) await queue.receiveMessages({ numberOfMessages: received, visibilityTimeout: 60 });
  return name;
}

const newContext = (timeoutMs = 3000): ScalerContext => ({
  logger: silentLogger,
  signal: new AbortController().signal,
  connections: createConnectionCache(),
  timeoutMs,
});

function scalerFor(metadata: Record<string, string>, connection = azuriteConnection, context = newContext()): Scaler {
  return azureQueueScaler.create(azureQueueScaler.parse({ metadata, authParams: { connection } }), context);
}

const poll = (scaler: Scaler): Promise<MetricsAndActivity> =>
  scaler.getMetricsAndActivity(scaler.getMetricSpecs()[0]!.metricName);

async function failure(scaler: Scaler): Promise<ScalerError> {
  const caught = await poll(scaler).then(
    () => undefined,
    (error: unknown) => error,
  );
  errors.push(caught);
  if (!ScalerError.isInstance(caught)) throw new Error(`expected a ScalerError, got ${String(caught)}`);
  return caught;
}

describe.skipIf(!status.reachable)('azure-queue against Azurite', () => {
  let mixed = '';
  let many = '';
  beforeAll(async () => {
    // 3 visible, 1 sent invisible (visibilityTimeout 60 s), 2 received and in flight: 6 in all.
    mixed = await queueWith('mixed', 3, 1, 2);
    // 35 visible and 2 invisible: more than one peek can show.
    many = await queueWith('many', 35, 2);
  }, 60_000);
  afterAll(async () => {
    for (const name of created)
      await service
        .getQueueClient(name)
        .delete()
        .catch(() => undefined);
  });

  it('all: the approximate count, which includes invisible and in-flight messages (6)', async () => {
    const scaler = scalerFor({ queueName: mixed, activationQueueLength: '5' });
    expect(await poll(scaler)).toEqual({
      metrics: [{ metricName: `s0-azure-queue-${mixed}`, value: 6 }],
      isActive: true,
    });
    await scaler.close();
  });

  it('visibleonly: the visible messages when fewer than 32 (3)', async () => {
    const scaler = scalerFor({ queueName: mixed, queueLengthStrategy: 'visibleonly', activationQueueLength: '3' });
    expect(await poll(scaler)).toEqual({
      metrics: [{ metricName: `s0-azure-queue-${mixed}`, value: 3 }],
      isActive: false,
    });
    await scaler.close();
  });

  it('visibleonly: from 32 visible on, the approximate count again, invisible ones included (37)', async () => {
    const scaler = scalerFor({ queueName: many, queueLengthStrategy: 'visibleonly' });
    expect((await poll(scaler)).metrics[0]!.value).toBe(37);
    await scaler.close();
  });

  it('an empty queue is 0 and inactive', async () => {
    const empty = await queueWith('empty', 0);
    const scaler = scalerFor({ queueName: empty, queueLengthStrategy: 'visibleonly' });
    expect(await poll(scaler)).toEqual({
      metrics: [{ metricName: `s0-azure-queue-${empty}`, value: 0 }],
      isActive: false,
    });
    await scaler.close();
  });

  it('a missing queue is NOT_FOUND', async () => {
    const scaler = scalerFor({ queueName: `${prefix}-missing` });
    const error = await failure(scaler);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(
      /^azure-queue: reading the approximate message count of queue "scalerkit-.*-missing" at http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1 failed: /,
    );
    await scaler.close();
  });

  it('a wrong account key is AUTHENTICATION_ERROR, without the key', async () => {
    const wrongKey = Buffer.from('not-the-azurite-account-key-0123456789').toString('base64');
    const scaler = scalerFor({ queueName: mixed }, azuriteConnectionString(azuriteEndpoint, wrongKey));
    const error = await failure(scaler);
    expect(error.code).toBe('AUTHENTICATION_ERROR');
    expect(error.message).not.toContain(wrongKey);
    await scaler.close();
  });

  it('an unreachable endpoint fails with CONNECTION_ERROR within the deadline', async () => {
    const connection = azuriteConnectionString(`http://127.0.0.1:${await closedPort()}`);
    const scaler = scalerFor({ queueName: mixed }, connection, newContext(1000));
    const started = Date.now();
    const error = await failure(scaler);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.code).toBe('CONNECTION_ERROR');
    await scaler.close();
  });

  it('50 triggers on one account share one client and one socket', async () => {
    const proxy = await startCountingProxy(azuriteEndpoint);
    const context = newContext();
    try {
      const connection = azuriteConnectionString(proxy.endpoint);
      const scalers = Array.from({ length: 50 }, () => scalerFor({ queueName: mixed }, connection, context));
      for (const scaler of scalers) expect((await poll(scaler)).metrics[0]!.value).toBe(6);
      expect([context.connections.size, proxy.connections]).toEqual([1, 1]);
      for (const scaler of scalers) await scaler.close();
      expect(context.connections.size).toBe(0);
    } finally {
      await proxy.close();
    }
  });

  it('never shows the connection string or its key in an error', () => {
    expect(errors.length).toBeGreaterThanOrEqual(3);
    for (const error of errors) {
      const text = `${(error as Error).message}\n${(error as Error).stack}`;
      expect(text).not.toContain('AccountKey=');
    }
  });
});
if (!status.reachable) it.skip(status.reason ?? 'azurite not reachable', () => {});
