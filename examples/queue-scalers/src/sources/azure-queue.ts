// Azure Storage queues, here Azurite (scripts/services/azurite.sh): a queue with 9 messages, read by the
// `azure-queue` trigger. The connection string comes from the scale target's environment
// (`connectionFromEnv`); Azurite's development account by default.
import { QueueServiceClient } from '@azure/storage-queue';
import { expectBacklog, type QueueSource, settle, uniqueName } from '../source.js';

/** Azurite's documented development account (its key is public, not a secret). */
const developmentAccount =
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;';
const connection = process.env.AZURITE_QUEUE_CONNECTION_STRING ?? developmentAccount;
const queueEndpoint = /QueueEndpoint=(https?:\/\/[^;]+)/.exec(connection)?.[1] ?? 'http://127.0.0.1:10001';
/** Every SDK call of the example gives up after this long. */
const callTimeout = () => ({ abortSignal: AbortSignal.timeout(5000) });

export const azureQueue: QueueSource = {
  type: 'azure-queue',
  service: 'azurite',
  addresses: [new URL(queueEndpoint).host],
  backlog: 9,
  targetPerReplica: 4,
  async prepare() {
    const service = QueueServiceClient.fromConnectionString(connection, { retryOptions: { maxTries: 1 } });
    // Queue names: 3-63 lower-case letters, digits and hyphens.
    const queue = service.getQueueClient(uniqueName('queue-scalers'));
    let created = false;
    const cleanup = async () => {
      if (created) await queue.delete(callTimeout()).catch(() => undefined);
    };
    try {
      await queue.create(callTimeout());
      created = true;
      for (let index = 0; index < this.backlog; index += 1) await queue.sendMessage(`order ${index}`, callTimeout());
      const count = await settle(
        async () => (await queue.getProperties(callTimeout())).approximateMessagesCount ?? 0,
        this.backlog,
      );
      expectBacklog(this.type, count, this.backlog);
      return {
        triggerYaml: `
    - type: azure-queue
      name: orders
      metadata:
        queueName: ${queue.name}
        queueLength: "${this.targetPerReplica}"
        connectionFromEnv: AzureWebJobsStorage`,
        resolvedEnv: { AzureWebJobsStorage: connection },
        cleanup,
      };
    } catch (error) {
      await cleanup();
      throw error;
    }
  },
};
