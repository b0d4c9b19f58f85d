// The shared conformance suite (@scalerkit/testing) for azure-queue against Azurite (scripts/services/azurite.sh
// up). Skips with one line locally when Azurite is down; fails under CI=true.
//
// The connection string comes through authParams (as a TriggerAuthentication gives it). The unreachable and
// silent cases need another endpoint than the metadata can carry, so each metadata function chooses which
// connection string `authParams.connection` gives when the suite next reads it (right after calling it).
import { QueueServiceClient } from '@azure/storage-queue';
import { describeScalerConformance, requireService } from '@scalerkit/testing';
import { it } from 'vitest';
import { azureQueueScaler } from './azure-storage-queue-scaler.js';
import {
  AZURITE_ACCOUNT_KEY,
  azuriteConnection,
  azuriteConnectionString,
  azuriteEndpoint,
  closedPort,
} from './test-support/azurite.js';

const status = await requireService('azurite', azuriteEndpoint, { hint: 'run scripts/services/azurite.sh up' });
const queueName = `conformance-${Date.now().toString(36)}-${process.pid}`;
const queue = QueueServiceClient.fromConnectionString(azuriteConnection).getQueueClient(queueName);
const unreachable = azuriteConnectionString(`http://127.0.0.1:${await closedPort()}`);
let current = azuriteConnection;

if (status.reachable) {
  describeScalerConformance(azureQueueScaler, {
    metadata: ({ target, activation }) => {
      current = azuriteConnection;
      return { queueName, queueLength: String(target), activationQueueLength: String(activation) };
    },
    authParams: {
      get connection() {
        return current;
      },
    },
    requiredParameters: ['queueName'],
    invalidMetadata: { queueLength: '5.0', queueLengthStrategy: 'VisibleOnly', activationQueueLength: 'AA' },
    secrets: [azuriteConnection, AZURITE_ACCOUNT_KEY],
    async setup() {
      await queue.createIfNotExists();
    },
    async teardown() {
      await queue.deleteIfExists();
    },
    async reset() {
      await queue.clearMessages();
    },
    async produceBacklog(count) {
      for (let index = 0; index < count; index += 1) await queue.sendMessage(`m${index}`);
    },
    unreachableMetadata: ({ target }) => {
      current = unreachable;
      return { queueName, queueLength: String(target) };
    },
    silentMetadata: ({ target, address }) => {
      current = azuriteConnectionString(`http://${address.host}:${address.port}`);
      return { queueName, queueLength: String(target) };
    },
  });
} else {
  it.skip(status.reason ?? 'azurite not reachable', () => {});
}
