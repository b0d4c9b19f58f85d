// RabbitMQ over AMQP (scripts/services/rabbitmq.sh): a queue with 12 ready messages, read by the `rabbitmq`
// trigger with a passive queue declare. The broker address comes from the scale target's environment
// (`hostFromEnv`), as a KEDA user keeps it out of the manifest.
import amqplib, { type ConfirmChannel } from 'amqplib';
import { expectBacklog, type QueueSource, settle, uniqueName } from '../source.js';

const amqpUrl = new URL(process.env.RABBITMQ_AMQP_URL ?? 'amqp://127.0.0.1:5672');
const username = process.env.RABBITMQ_USERNAME ?? 'scaler';
const password = process.env.RABBITMQ_PASSWORD ?? 'scaler-secret';
const port = Number(amqpUrl.port || 5672);

export const rabbitmq: QueueSource = {
  type: 'rabbitmq',
  service: 'rabbitmq',
  addresses: [`${amqpUrl.hostname}:${port}`],
  backlog: 12,
  targetPerReplica: 5,
  async prepare() {
    const queue = uniqueName('queue-scalers-example');
    const connection = await amqplib.connect(
      { protocol: 'amqp', hostname: amqpUrl.hostname, port, username, password, vhost: '/' },
      { timeout: 5000 },
    );
    // Failures surface as rejected calls below; without a listener an 'error' event would end the process.
    connection.on('error', () => undefined);
    let channel: ConfirmChannel | undefined;
    const cleanup = async () => {
      await channel?.deleteQueue(queue).catch(() => undefined);
      await connection.close().catch(() => undefined);
    };
    try {
      // A confirm channel: once the broker confirms the publishes, the messages are in the queue.
      const confirmChannel = await connection.createConfirmChannel();
      confirmChannel.on('error', () => undefined);
      channel = confirmChannel;
      await confirmChannel.assertQueue(queue, { durable: false });
      for (let index = 0; index < this.backlog; index += 1)
        confirmChannel.sendToQueue(queue, Buffer.from(`order ${index}`));
      await confirmChannel.waitForConfirms();
      const ready = await settle(async () => (await confirmChannel.checkQueue(queue)).messageCount, this.backlog);
      expectBacklog(this.type, ready, this.backlog);
      // The vhost `/` is the URI's empty path.
      const host = `amqp://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${amqpUrl.hostname}:${port}/`;
      return {
        triggerYaml: `
    - type: rabbitmq
      name: orders
      metadata:
        protocol: amqp
        queueName: ${queue}
        mode: QueueLength
        value: "${this.targetPerReplica}"
        hostFromEnv: RABBITMQ_HOST`,
        resolvedEnv: { RABBITMQ_HOST: host },
        cleanup,
      };
    } catch (error) {
      await cleanup();
      throw error;
    }
  },
};
