// The RabbitMQ service of scripts/services/rabbitmq.sh as the benchmarks reach it, and their fixture queue.
import { setTimeout as sleep } from 'node:timers/promises';

/** Where the broker listens and its user (the service script's environment, or its defaults). */
export const rabbitmqSettings = () => ({
  amqp: new URL(process.env.RABBITMQ_AMQP_URL ?? 'amqp://127.0.0.1:5672'),
  management: new URL(process.env.RABBITMQ_MANAGEMENT_URL ?? 'http://127.0.0.1:15672'),
  username: process.env.RABBITMQ_USERNAME ?? 'scaler',
  password: process.env.RABBITMQ_PASSWORD ?? 'scaler-secret',
});

/** `user:password`, each URL-encoded, for a trigger's host. */
export const rabbitmqCredentials = (rabbit) =>
  `${encodeURIComponent(rabbit.username)}:${encodeURIComponent(rabbit.password)}`;

/** An amqplib connection and a channel on it. */
export async function rabbitmqChannel(rabbit) {
  const { default: amqplib } = await import('amqplib');
  const connection = await amqplib.connect({
    protocol: 'amqp',
    hostname: rabbit.amqp.hostname,
    port: Number(rabbit.amqp.port || 5672),
    username: rabbit.username,
    password: rabbit.password,
  });
  return { connection, channel: await connection.createChannel() };
}

/**
 * A non-durable queue in `/` holding `messages` ready messages, once the management API's statistics show them
 * (they refresh every 500 ms; 10 s at most). `remove()` deletes it and closes the connection.
 */
export async function rabbitmqQueueWith(rabbit, queue, messages) {
  const { connection, channel } = await rabbitmqChannel(rabbit);
  await channel.assertQueue(queue, { durable: false });
  for (let index = 0; index < messages; index += 1) channel.sendToQueue(queue, Buffer.from(`m${index}`));
  await channel.checkQueue(queue);
  const authorization = `Basic ${Buffer.from(`${rabbit.username}:${rabbit.password}`).toString('base64')}`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const response = await fetch(`${rabbit.management.origin}/api/queues/%2F/${queue}`, { headers: { authorization } });
    if (response.ok && (await response.json()).messages === messages) break;
    await sleep(100);
  }
  return {
    remove: async () => {
      await channel.deleteQueue(queue).catch(() => undefined);
      await connection.close();
    },
  };
}
