// The scalerkit side of bench/keda/azure-side-by-side.bench.mjs: a process of its own that speaks the oracle's
// JSON-line protocol (bench/keda/lib/worker.ts), plus `raw`: the one SDK call the poll needs, on the Azure SDK alone
// (Get Queue Properties or Peek Messages on @azure/storage-queue; the queue's runtime properties on
// @azure/service-bus's ServiceBusAdministrationClient). A request's `ca` is the PEM CA of the Service Bus fake,
// trusted beside the system roots on the scalerkit side and the raw side.
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { ServiceBusAdministrationClient } from '@azure/service-bus';
import { QueueServiceClient } from '@azure/storage-queue';
import { defineAzureServiceBusScaler } from '@scalerkit/azure-service-bus';
import { azureQueueScaler } from '@scalerkit/azure-storage-queue';
import type { ScalerDefinition } from '@scalerkit/core';
import { benchContext, type Opened, serveWorker, type WorkerRequest } from './lib/worker.js';

/** The SDK call a poll of this trigger needs (KEDA v2.21.0 azure_queue_scaler.go getMessageCount, azure_servicebus_scaler.go getQueueEntityFromServiceBus). */
function rawCall(request: WorkerRequest, ca: string | undefined): Pick<Opened, 'raw' | 'closeRaw'> {
  const metadata = request.metadata ?? {};
  const connection = request.authParams?.connection ?? metadata.connectionFromEnv ?? '';
  if (request.triggerType === 'azure-queue') {
    const queue = QueueServiceClient.fromConnectionString(connection, { retryOptions: { maxTries: 1 } }).getQueueClient(
      metadata.queueName!,
    );
    const visibleOnly = metadata.queueLengthStrategy?.toLowerCase() === 'visibleonly';
    return {
      raw: visibleOnly
        ? async () => (await queue.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.length
        : async () => (await queue.getProperties()).approximateMessagesCount ?? 0,
    };
  }
  const agent = new Agent({ keepAlive: true, ca: [...rootCertificates, ...(ca ? [ca] : [])] });
  const client = new ServiceBusAdministrationClient(connection, { agent, retryOptions: { maxRetries: 0 } });
  return {
    raw: async () => (await client.getQueueRuntimeProperties(metadata.queueName!)).activeMessageCount,
    closeRaw: () => agent.destroy(),
  };
}

serveWorker((request) => {
  const ca = typeof request.ca === 'string' ? request.ca : undefined;
  const definition = (
    request.triggerType === 'azure-queue'
      ? azureQueueScaler
      : request.triggerType === 'azure-servicebus'
        ? defineAzureServiceBusScaler(ca ? { ca } : {})
        : undefined
  ) as ScalerDefinition<unknown> | undefined;
  if (!definition) throw new Error(`worker: trigger type ${request.triggerType} not wired`);
  const config = definition.parse({ metadata: request.metadata ?? {}, authParams: request.authParams });
  return { scaler: definition.create(config, benchContext()), ...rawCall(request, ca) };
});
