// NATS JetStream (scripts/services/nats.sh): a stream with 10 messages not yet delivered to its durable consumer
// `workers`, read by the `nats-jetstream` trigger from the monitoring endpoint. Clients without credentials
// land in the account APP there.
import { AckPolicy, connect, type JetStreamManager } from 'nats';
import { expectBacklog, type QueueSource, settle, uniqueName } from '../source.js';

const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const monitoring = process.env.NATS_MONITORING_ENDPOINT ?? '127.0.0.1:8222';
const account = process.env.NATS_ACCOUNT ?? 'APP';
const consumer = 'workers';

export const natsJetStream: QueueSource = {
  type: 'nats-jetstream',
  service: 'nats',
  addresses: [new URL(natsUrl).host, monitoring],
  backlog: 10,
  targetPerReplica: 3,
  async prepare() {
    // Stream names: no dots, spaces or wildcards.
    const stream = uniqueName('queue_scalers', '_');
    const connection = await connect({ servers: natsUrl, timeout: 5000 });
    let openedManager: JetStreamManager | undefined;
    let created = false;
    const cleanup = async () => {
      if (created) await openedManager?.streams.delete(stream).catch(() => false);
      await connection.close().catch(() => undefined);
    };
    try {
      const manager = await connection.jetstreamManager({ timeout: 5000 });
      openedManager = manager;
      await manager.streams.add({ name: stream, subjects: [`${stream}.>`] });
      created = true;
      await manager.consumers.add(stream, { durable_name: consumer, ack_policy: AckPolicy.Explicit });
      const jetstream = connection.jetstream({ timeout: 5000 });
      for (let index = 0; index < this.backlog; index += 1)
        await jetstream.publish(`${stream}.orders`, new TextEncoder().encode(`order ${index}`));
      const pending = await settle(
        async () => (await manager.consumers.info(stream, consumer)).num_pending,
        this.backlog,
      );
      expectBacklog(this.type, pending, this.backlog);
      return {
        triggerYaml: `
    - type: nats-jetstream
      name: orders
      metadata:
        natsServerMonitoringEndpoint: ${monitoring}
        account: ${account}
        stream: ${stream}
        consumer: ${consumer}
        lagThreshold: "${this.targetPerReplica}"`,
        cleanup,
      };
    } catch (error) {
      await cleanup();
      throw error;
    }
  },
};
