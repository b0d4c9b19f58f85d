// The rabbitmq scaler against the real broker of scripts/services/rabbitmq.sh: what AMQP and the management API
// count, excludeUnacknowledged, vhosts, regex listings with each operation, missing queues, wrong credentials,
// a connection the broker closes, shared connections.
import { ScalerError, type TriggerInput } from '@scalerkit/core';
import { describeWithService } from '@scalerkit/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rabbitmqScaler } from './rabbitmq-scaler.js';
import {
  adminChannel,
  amqpHost,
  broker,
  eventually,
  management,
  managementHost,
  socketsTo,
  uniqueName,
} from './test-broker.js';
import { pollOnce, testContext } from './test-support.js';

type Admin = Awaited<ReturnType<typeof adminChannel>>;

/** Polls a fresh scaler once and closes it. */
async function measure(metadata: Record<string, string>, extra: Partial<TriggerInput> = {}) {
  const scaler = rabbitmqScaler.create(rabbitmqScaler.parse({ metadata, ...extra }), testContext(3000));
  try {
    return await pollOnce(scaler);
  } finally {
    await scaler.close();
  }
}

/** The error of one poll of a fresh scaler. */
async function failure(metadata: Record<string, string>, extra: Partial<TriggerInput> = {}): Promise<ScalerError> {
  const outcome = await measure(metadata, extra).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(ScalerError.isInstance(outcome)).toBe(true);
  return outcome as ScalerError;
}

/** Polls the management API through the scaler until it reports `value` (statistics refresh every 500 ms). */
const httpValue = (metadata: Record<string, string>, value: number) =>
  eventually(async () => (await measure(metadata)).value, value);

describeWithService('rabbitmq', broker.amqpUrl, 'rabbitmq scaler against a real broker', () => {
  let admin: Admin;
  let vhostAdmin: Admin;
  const queue = uniqueName('orders');
  beforeAll(async () => {
    admin = await adminChannel();
    vhostAdmin = await adminChannel(broker.vhost);
  });
  afterAll(async () => {
    await admin?.close();
    await vhostAdmin?.close();
  });

  it('counts ready messages over AMQP and ready + unacknowledged over HTTP, ready only with excludeUnacknowledged', async () => {
    await admin.queue(queue);
    await admin.publish(queue, 5);
    // Two deliveries held without an ack: unacknowledged until the consumer's channel closes.
    const consumer = await adminChannel();
    expect(await consumer.channel.get(queue, { noAck: false })).not.toBe(false);
    expect(await consumer.channel.get(queue, { noAck: false })).not.toBe(false);
    try {
      const base = { queueName: queue, mode: 'QueueLength', value: '10' };
      expect(await measure({ ...base, host: amqpHost() })).toEqual({ value: 3, isActive: true });
      expect(await httpValue({ ...base, host: managementHost() }, 5)).toBe(5);
      expect(await httpValue({ ...base, host: managementHost(), excludeUnacknowledged: 'true' }, 3)).toBe(3);
      expect(await measure({ ...base, host: amqpHost(), activationValue: '3' })).toEqual({ value: 3, isActive: false });
    } finally {
      await consumer.close();
    }
  });

  it('reads the vhost from the host path, or from vhostName, and never counts a same-named queue elsewhere', async () => {
    const name = uniqueName('vhosted');
    await admin.queue(name);
    await admin.publish(name, 1);
    await vhostAdmin.queue(name);
    await vhostAdmin.publish(name, 4);
    const base = { queueName: name };
    expect((await measure({ ...base, host: amqpHost(broker.vhost) })).value).toBe(4);
    expect((await measure({ ...base, host: amqpHost(), vhostName: broker.vhost })).value).toBe(4);
    expect((await measure({ ...base, host: amqpHost() })).value).toBe(1);
    expect(await httpValue({ ...base, host: managementHost(broker.vhost) }, 4)).toBe(4);
    expect(await httpValue({ ...base, host: managementHost(), vhostName: broker.vhost }, 4)).toBe(4);
    expect(await httpValue({ ...base, host: managementHost() }, 1)).toBe(1);
  });

  it('combines regex matches with sum, max and avg (integer average), and refuses more than one page', async () => {
    const prefix = uniqueName('work');
    const counts = [1, 2, 4];
    for (const [index, count] of counts.entries()) {
      await vhostAdmin.queue(`${prefix}-${index}`);
      await vhostAdmin.publish(`${prefix}-${index}`, count);
    }
    // Decoys: a longer name in the vhost and the same names in `/`.
    await vhostAdmin.queue(`${prefix}-0-decoy`);
    await vhostAdmin.publish(`${prefix}-0-decoy`, 10);
    await admin.queue(`${prefix}-0`);
    await admin.publish(`${prefix}-0`, 20);
    const base = { queueName: `^${prefix}-\\d$`, host: managementHost(broker.vhost), useRegex: 'true' };
    expect(await httpValue({ ...base, operation: 'sum' }, 7)).toBe(7);
    expect(await httpValue({ ...base, operation: 'max' }, 4)).toBe(4);
    expect(await httpValue({ ...base, operation: 'avg' }, 2)).toBe(2);
    const paged = await failure({ ...base, pageSize: '2' });
    expect(paged.message).toContain('regex matches more queues than can be recovered at once');
  });

  it('reports the publish rate in MessageRate mode while publishing at about 20 messages per second', async () => {
    const name = uniqueName('rated');
    await admin.queue(name);
    let publishing = true;
    const publisher = (async () => {
      while (publishing) {
        await admin.publish(name, 2);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    try {
      // Rates come from the management API's one-second samples: poll until one spans the publishing.
      const inRange = (rate: number) => rate >= 8 && rate <= 40;
      const metadata = { queueName: name, host: managementHost(), mode: 'MessageRate', value: '100' };
      const deadline = Date.now() + 15_000;
      let last = { value: 0, isActive: false };
      while (Date.now() < deadline && !inRange(last.value)) {
        last = await measure(metadata);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(inRange(last.value), `rate ${last.value}`).toBe(true);
      expect(last.isActive).toBe(true);
    } finally {
      publishing = false;
      await publisher;
    }
  });

  it('fails with NOT_FOUND for a missing queue, then reads it once it exists (the channel is reopened)', async () => {
    const name = uniqueName('missing');
    const scaler = rabbitmqScaler.create(
      rabbitmqScaler.parse({ metadata: { queueName: name, host: amqpHost() } }),
      testContext(3000),
    );
    try {
      const missing = await pollOnce(scaler).catch((error: unknown) => error as ScalerError);
      expect((missing as ScalerError).code).toBe('NOT_FOUND');
      expect((missing as Error).message).toContain(
        `error inspecting RabbitMQ: Operation failed: QueueDeclare; 404 (NOT-FOUND)`,
      );
      await admin.queue(name);
      await admin.publish(name, 2);
      expect(await pollOnce(scaler)).toEqual({ value: 2, isActive: true });
    } finally {
      await scaler.close();
    }
    const http = await failure({ queueName: name.replace('missing', 'absent'), host: managementHost() });
    expect(http.code).toBe('NOT_FOUND');
    expect(http.message).toContain('404 Not Found');
  });

  it('refuses wrong credentials with AUTHENTICATION_ERROR and never shows the password', async () => {
    const secret = 'wrong-Pa55word';
    const authParams = { username: broker.username, password: secret };
    const amqp = await failure({ queueName: queue, host: amqpHost('', false) }, { authParams });
    const http = await failure({ queueName: queue, host: managementHost('', false) }, { authParams });
    const inUrl = await failure({ queueName: queue, host: managementHost().replace(broker.password, secret) });
    for (const error of [amqp, http, inUrl]) {
      expect(error.code).toBe('AUTHENTICATION_ERROR');
      expect(error.message).not.toContain(secret);
    }
    expect(amqp.message).toContain('ACCESS_REFUSED');
    expect(http.message).toContain('401 Unauthorized');
  });

  it('opens one connection for 50 triggers on one broker, and none is left after close()', async () => {
    const context = testContext(3000);
    const port = Number(new URL(broker.amqpUrl).port || 5672);
    const before = socketsTo(port);
    const scalers = Array.from({ length: 50 }, (_, index) =>
      rabbitmqScaler.create(
        rabbitmqScaler.parse({ metadata: { queueName: queue, host: amqpHost() }, triggerIndex: index }),
        context,
      ),
    );
    const results = await Promise.all(scalers.map((scaler) => pollOnce(scaler)));
    expect(new Set(results.map((result) => result.value)).size).toBe(1);
    expect(socketsTo(port) - before).toBe(1);
    await Promise.all(scalers.map((scaler) => scaler.close()));
    expect(await eventually(async () => socketsTo(port) - before, 0, 2000)).toBe(0);
  });

  it('recovers after the broker closes its connection (CONNECTION_FORCED from the management API)', async () => {
    const name = uniqueName('forced');
    await admin.queue(name);
    await admin.publish(name, 3);
    const scaler = rabbitmqScaler.create(
      rabbitmqScaler.parse({ metadata: { queueName: name, host: amqpHost() } }),
      testContext(3000),
    );
    try {
      expect((await pollOnce(scaler)).value).toBe(3);
      const named = async () =>
        (
          (await management('/api/connections')) as { name: string; client_properties?: { connection_name?: string } }[]
        ).filter((connection) => connection.client_properties?.connection_name === 'scalerkit-rabbitmq');
      const [connection] = await eventually(async () => (await named()).length > 0, true).then(named);
      await management(`/api/connections/${encodeURIComponent(connection!.name)}`, 'DELETE');
      await admin.publish(name, 1);
      // The next poll opens a new connection and channel.
      expect(await eventually(async () => (await pollOnce(scaler).catch(() => ({ value: -1 }))).value, 4)).toBe(4);
    } finally {
      await scaler.close();
    }
  });
});
