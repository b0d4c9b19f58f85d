// The Storage Queue calls the scaler makes (KEDA's azqueue calls in pkg/scalers/azure_queue_scaler.go
// getMessageCount, KEDA v2.21.0), and the adapter over @azure/storage-queue.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { TokenCredential } from '@azure/core-auth';
import { QueueServiceClient, type StoragePipelineOptions } from '@azure/storage-queue';
import type { AzureTokenCredential } from '@scalerkit/azure-common';

/** Options of every call: the poll's signal (aborts the HTTP request). */
export interface StorageQueueCallOptions {
  signal?: AbortSignal;
}

/**
 * The queue requests the scaler makes, and nothing else. Implement it to use another client or to replay
 * recorded answers; `createStorageQueueService` adapts `@azure/storage-queue`. A missing queue rejects (404).
 */
export interface StorageQueueServiceLike {
  /** One Get Queue Metadata request: `x-ms-approximate-messages-count` (visible and invisible messages). */
  approximateMessageCount(queueName: string, options?: StorageQueueCallOptions): Promise<number>;
  /** One Peek Messages request for up to `maximum` (at most 32) visible messages: how many came back. */
  peekMessageCount(queueName: string, maximum: number, options?: StorageQueueCallOptions): Promise<number>;
  /** Releases sockets. */
  close(): Promise<void> | void;
}

/** How to reach the account: a connection string, or the account's queue URL with a token credential. */
export type StorageQueueServiceTarget =
  | { connection: string }
  | { serviceUrl: string; credential: AzureTokenCredential };

/** Options of `createStorageQueueService`. */
export interface StorageQueueServiceOptions {
  /** Passed to the client's pipeline (e.g. `proxyOptions`); an `agent` given here is used and not closed. */
  pipelineOptions?: StoragePipelineOptions & { agent?: HttpAgent };
}

/** The account's client, built without a request (a malformed connection string throws here). */
function serviceClient(target: StorageQueueServiceTarget, options: StoragePipelineOptions): QueueServiceClient {
  return 'connection' in target
    ? QueueServiceClient.fromConnectionString(target.connection, options)
    : new QueueServiceClient(target.serviceUrl, target.credential as TokenCredential, options);
}

/**
 * `StorageQueueServiceLike` over `@azure/storage-queue`. It owns a keep-alive agent (closed by `close()`),
 * tries each request once (one request per call, as counted for KEDA), and passes the caller's abort signal.
 *
 * @example
 * const service = createStorageQueueService({ connection: process.env.AZURE_STORAGE_CONNECTION_STRING! });
 * await service.approximateMessageCount('orders'); // 6
 * await service.close();
 */
export function createStorageQueueService(
  target: StorageQueueServiceTarget,
  options: StorageQueueServiceOptions = {},
): StorageQueueServiceLike {
  const given = options.pipelineOptions ?? {};
  const secure = 'serviceUrl' in target || !/DefaultEndpointsProtocol\s*=\s*http\s*;/i.test(target.connection);
  const ownAgent =
    given.agent === undefined
      ? secure
        ? new HttpsAgent({ keepAlive: true })
        : new HttpAgent({ keepAlive: true })
      : undefined;
  // The pipeline passes unknown options on to core-rest-pipeline, whose `agent` option sets every request's agent.
  const pipelineOptions = {
    retryOptions: { maxTries: 1 },
    ...given,
    ...(ownAgent ? { agent: ownAgent } : {}),
  } as StoragePipelineOptions;
  const client = serviceClient(target, pipelineOptions);
  return {
    async approximateMessageCount(queueName, call = {}) {
      const properties = await client.getQueueClient(queueName).getProperties({ abortSignal: call.signal });
      return properties.approximateMessagesCount ?? 0;
    },
    async peekMessageCount(queueName, maximum, call = {}) {
      const peeked = await client
        .getQueueClient(queueName)
        .peekMessages({ numberOfMessages: maximum, abortSignal: call.signal });
      return peeked.peekedMessageItems.length;
    },
    close() {
      ownAgent?.destroy();
    },
  };
}
