// The Service Bus management calls the scaler makes (KEDA's admin client calls in
// pkg/scalers/azure_servicebus_scaler.go, KEDA v2.21.0), and the adapter over @azure/service-bus.
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { ServiceBusAdministrationClient, type ServiceBusAdministrationClientOptions } from '@azure/service-bus';
import type { AzureTokenCredential } from '@scalerkit/azure-common';

/** One entity of a listing: its name and the number of active messages it holds. */
export interface ServiceBusEntityCount {
  name: string;
  activeMessageCount: number;
}

/** Options of every call: the poll's signal (aborts the HTTP request). */
export interface ServiceBusCallOptions {
  signal?: AbortSignal;
}

/**
 * The management (ATOM) requests the scaler makes, and nothing else. Implement it to use another client or
 * to replay recorded answers; `createServiceBusAdministration` adapts `@azure/service-bus`.
 * The single-entity calls resolve `undefined` when the entity does not exist (as KEDA's Go client returns nil).
 */
export interface ServiceBusAdministrationLike {
  /** One GET of the queue's runtime properties: its active message count. */
  queueActiveMessageCount(queueName: string, options?: ServiceBusCallOptions): Promise<number | undefined>;
  /** One GET of the subscription's runtime properties: its active message count. */
  subscriptionActiveMessageCount(
    topicName: string,
    subscriptionName: string,
    options?: ServiceBusCallOptions,
  ): Promise<number | undefined>;
  /** Every queue of the namespace, one GET per page (the feed's `next` link). */
  listQueueActiveMessageCounts(options?: ServiceBusCallOptions): Promise<ServiceBusEntityCount[]>;
  /** Every subscription of the topic, one GET per page. */
  listSubscriptionActiveMessageCounts(
    topicName: string,
    options?: ServiceBusCallOptions,
  ): Promise<ServiceBusEntityCount[]>;
  /** Releases sockets. */
  close(): Promise<void> | void;
}

/** How to reach the namespace: a connection string, or a namespace host with a token credential. */
export type ServiceBusAdministrationTarget =
  | { connection: string }
  | { fullyQualifiedNamespace: string; credential: AzureTokenCredential };

/** Options of `createServiceBusAdministration`. */
export interface ServiceBusAdministrationOptions {
  /** Extra PEM CA certificates trusted beside the system roots (a private endpoint, a test server). */
  ca?: string | readonly string[];
  /** Options passed to `ServiceBusAdministrationClient` (an `agent` given here is used and not closed). */
  clientOptions?: ServiceBusAdministrationClientOptions;
}

const isNotFound = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  ((error as { code?: unknown }).code === 'MessageEntityNotFoundError' ||
    (error as { statusCode?: unknown }).statusCode === 404);

/**
 * `ServiceBusAdministrationLike` over `@azure/service-bus`'s `ServiceBusAdministrationClient`. It owns a
 * keep-alive HTTPS agent (closed by `close()`); requests are not retried (one request per call, as counted
 * for KEDA), and each carries the caller's abort signal.
 *
 * @example
 * const admin = createServiceBusAdministration({ connection: 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=…' });
 * await admin.queueActiveMessageCount('orders'); // 3
 * await admin.close();
 */
export function createServiceBusAdministration(
  target: ServiceBusAdministrationTarget,
  options: ServiceBusAdministrationOptions = {},
): ServiceBusAdministrationLike {
  const given = options.clientOptions ?? {};
  const extraCa = options.ca === undefined ? [] : typeof options.ca === 'string' ? [options.ca] : [...options.ca];
  const ownAgent =
    given.agent === undefined
      ? new Agent({ keepAlive: true, ...(extraCa.length > 0 ? { ca: [...rootCertificates, ...extraCa] } : {}) })
      : undefined;
  const clientOptions: ServiceBusAdministrationClientOptions = {
    retryOptions: { maxRetries: 0 },
    ...given,
    ...(ownAgent ? { agent: ownAgent } : {}),
  };
  const client =
    'connection' in target
      ? new ServiceBusAdministrationClient(target.connection, clientOptions)
      : new ServiceBusAdministrationClient(
          target.fullyQualifiedNamespace,
          target.credential as ConstructorParameters<typeof ServiceBusAdministrationClient>[1] & object,
          clientOptions,
        );
  const orMissing = async (read: () => Promise<{ activeMessageCount: number }>) => {
    try {
      return (await read()).activeMessageCount;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };
  return {
    queueActiveMessageCount: (queueName, call = {}) =>
      orMissing(() => client.getQueueRuntimeProperties(queueName, { abortSignal: call.signal })),
    subscriptionActiveMessageCount: (topicName, subscriptionName, call = {}) =>
      orMissing(() =>
        client.getSubscriptionRuntimeProperties(topicName, subscriptionName, { abortSignal: call.signal }),
      ),
    async listQueueActiveMessageCounts(call = {}) {
      const counts: ServiceBusEntityCount[] = [];
      for await (const page of client.listQueuesRuntimeProperties({ abortSignal: call.signal }).byPage()) {
        for (const queue of page) counts.push({ name: queue.name, activeMessageCount: queue.activeMessageCount });
      }
      return counts;
    },
    async listSubscriptionActiveMessageCounts(topicName, call = {}) {
      const counts: ServiceBusEntityCount[] = [];
      const pages = client.listSubscriptionsRuntimeProperties(topicName, { abortSignal: call.signal }).byPage();
      for await (const page of pages) {
        for (const subscription of page) {
          counts.push({ name: subscription.subscriptionName, activeMessageCount: subscription.activeMessageCount });
        }
      }
      return counts;
    },
    close() {
      ownAgent?.destroy();
    },
  };
}
