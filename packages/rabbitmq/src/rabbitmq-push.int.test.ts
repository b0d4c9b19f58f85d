// Push activation against the real broker: a queue whose workers are at zero is reported active as soon as a
// message arrives (a passive declare every 100 ms on the open channel), and inactive again once it is drained.
import { isPushScaler } from '@scalerkit/core';
import { describeWithService } from '@scalerkit/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defineRabbitMqScaler } from './rabbitmq-scaler.js';
import { adminChannel, amqpHost, broker, uniqueName } from './test-broker.js';
import { testContext } from './test-support.js';

describeWithService('rabbitmq', broker.amqpUrl, 'rabbitmq push activation', () => {
  const queue = uniqueName('pushed');
  let admin: Awaited<ReturnType<typeof adminChannel>>;
  beforeAll(async () => {
    admin = await adminChannel();
    await admin.queue(queue);
  });
  afterAll(async () => {
    await admin?.channel.deleteQueue(queue).catch(() => undefined);
    await admin?.close();
  });

  it('reports inactive, then active after a publish, then inactive after a purge', async () => {
    const definition = defineRabbitMqScaler({ pushIntervalMs: 100 });
    const scaler = definition.create(
      definition.parse({ metadata: { queueName: queue, host: amqpHost() } }),
      testContext(),
    );
    expect(isPushScaler(scaler)).toBe(true);
    if (!isPushScaler(scaler)) return;
    const seen: boolean[] = [];
    const changed = (count: number) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          if (seen.length >= count) resolve();
          else if (Date.now() - started > 5000) reject(new Error(`saw ${JSON.stringify(seen)}`));
          else setTimeout(check, 20);
        };
        check();
      });
    const controller = new AbortController();
    const running = scaler.run((active) => seen.push(active), controller.signal);
    try {
      await changed(1);
      await admin.publish(queue, 1);
      await changed(2);
      await admin.channel.purgeQueue(queue);
      await changed(3);
      expect(seen).toEqual([false, true, false]);
    } finally {
      controller.abort();
      await running;
      await scaler.close();
    }
  });
});
