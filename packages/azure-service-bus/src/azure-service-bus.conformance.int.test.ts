// The shared conformance suite (@scalerkit/testing) for azure-servicebus, with the real @azure/service-bus client
// against the loopback fake of the management endpoint (no Service Bus emulator runs on this machine). The fake is
// started here, so nothing is skipped.
//
// KEDA reads the connection string only from authParams (or connectionFromEnv), never from metadata, so the
// metadata of the unreachable and silent cases cannot carry their address. Each metadata function therefore
// chooses which connection string `authParams.connection` gives when the suite next reads it (it reads it right
// after calling the metadata function, when it builds the trigger).
import { createServer } from 'node:net';
import { describeScalerConformance } from '@scalerkit/testing';
import { defineAzureServiceBusScaler } from './azure-service-bus-scaler.js';
import { startFakeServiceBusManagement } from './test-support/fake-service-bus-management.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const fake = await startFakeServiceBusManagement();
const otherKey = 'b3RoZXItZW5kcG9pbnQta2V5';
const endpoint = (host: string) => `Endpoint=sb://${host}/;SharedAccessKeyName=k;SharedAccessKey=${otherKey}`;
const connection = fake.connectionString();
const unreachable = endpoint(`127.0.0.1:${await closedPort()}`);
let current = connection;
const queueName = 'conformance';
let backlog = 0;

describeScalerConformance(defineAzureServiceBusScaler({ ca: fake.ca }), {
  metadata: ({ target, activation }) => {
    current = connection;
    return { queueName, messageCount: String(target), activationMessageCount: String(activation) };
  },
  authParams: {
    get connection() {
      return current;
    },
  },
  requiredParameters: ['queueName'],
  invalidMetadata: { messageCount: '1.5', operation: 'median', useRegex: 'yes' },
  secrets: [connection, connection.split('SharedAccessKey=')[1]!, otherKey],
  reset() {
    backlog = 0;
    fake.setQueue(queueName, 0);
  },
  produceBacklog(count) {
    backlog += count;
    // Dead-lettered and scheduled messages are not counted (KEDA reads ActiveMessageCount only).
    fake.setQueue(queueName, { activeMessageCount: backlog, deadLetterMessageCount: 3, scheduledMessageCount: 2 });
  },
  unreachableMetadata: ({ target }) => {
    current = unreachable;
    return { queueName, messageCount: String(target) };
  },
  silentMetadata: ({ target, address }) => {
    current = endpoint(`${address.host}:${address.port}`);
    return { queueName, messageCount: String(target) };
  },
  teardown: () => fake.close(),
});
