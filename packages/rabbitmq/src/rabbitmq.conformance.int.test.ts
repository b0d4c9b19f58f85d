// The shared scaler conformance suite (@scalerkit/testing) against scripts/services/rabbitmq.sh, once per
// protocol: AMQP (passive declare) and the management API. Skips locally when the broker is down; fails in CI.
import { createServer } from 'node:net';
import { describeScalerConformance, requireService } from '@scalerkit/testing';
import { it } from 'vitest';
import { rabbitmqScaler } from './rabbitmq-scaler.js';
import { adminChannel, amqpHost, broker, managementHost, uniqueName } from './test-broker.js';

const status = await requireService('rabbitmq', broker.amqpUrl, { hint: 'run scripts/services/rabbitmq.sh up' });

/** A loopback port where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}

if (status.reachable) {
  const unreachablePort = await closedPort();
  for (const protocol of ['amqp', 'http'] as const) {
    const queue = uniqueName(`conformance-${protocol}`);
    // Credentials from the TriggerAuthentication, the host without them (as KEDA's amqp_auth/http_auth e2e).
    const host = protocol === 'amqp' ? amqpHost('', false) : managementHost('', false);
    let admin: Awaited<ReturnType<typeof adminChannel>> | undefined;
    describeScalerConformance(
      rabbitmqScaler,
      {
        metadata: ({ target, activation }) => ({
          queueName: queue,
          host,
          mode: 'QueueLength',
          value: String(target),
          activationValue: String(activation),
        }),
        authParams: { username: broker.username, password: broker.password },
        requiredParameters: ['queueName', 'host'],
        invalidMetadata: { pageSize: '0', mode: 'Feelings', activationValue: 'AA', unsafeSsl: 'random' },
        secrets: [broker.password],
        // The management API's counts follow the broker every 500 ms (collect_statistics_interval).
        eventuallyMs: protocol === 'http' ? 5000 : 0,
        async setup() {
          admin = await adminChannel();
          await admin.queue(queue);
        },
        async teardown() {
          await admin?.channel.deleteQueue(queue).catch(() => undefined);
          await admin?.close();
        },
        async reset() {
          await admin!.channel.purgeQueue(queue);
        },
        produceBacklog: (count) => admin!.publish(queue, count),
        unreachableMetadata: ({ target }) => ({
          queueName: queue,
          host: protocol === 'amqp' ? `amqp://127.0.0.1:${unreachablePort}/` : `http://127.0.0.1:${unreachablePort}/`,
          mode: 'QueueLength',
          value: String(target),
        }),
        silentMetadata: ({ target, address }) => ({
          queueName: queue,
          host: `${protocol}://${address.host}:${address.port}/`,
          mode: 'QueueLength',
          value: String(target),
        }),
      },
      { title: `rabbitmq scaler conformance (${protocol})` },
    );
  }
} else {
  it.skip(status.reason ?? 'rabbitmq not reachable', () => {});
}
