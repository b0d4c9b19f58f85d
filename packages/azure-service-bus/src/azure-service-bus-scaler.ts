// KEDA's `azure-servicebus` scaler (pkg/scalers/azure_servicebus_scaler.go, KEDA v2.21.0) on the scaler kit: the
// active message count of a queue or subscription (or of every entity a pattern matches), one management
// request per poll (one per page when listing).

import type { ServiceBusAdministrationClientOptions } from '@azure/service-bus';
import { workloadIdentityCredential } from '@scalerkit/azure-common';
import { connectionKey, defineScaler, type ScalerDefinition, ScalerError } from '@scalerkit/core';
import { createPolledScaler, metricSpec, tlsHint } from '@scalerkit/core/scaler-kit';
import {
  createServiceBusAdministration,
  type ServiceBusAdministrationLike,
  type ServiceBusAdministrationOptions,
  type ServiceBusAdministrationTarget,
} from './azure-service-bus-client.js';
import { type AzureServiceBusScalerConfig, parseAzureServiceBusParameters } from './azure-service-bus-parameters.js';
import { combineEntityCounts, compileEntityNamePattern } from './entity-name-pattern.js';

const SCALER_TYPE = 'azure-servicebus';

/** Options of `defineAzureServiceBusScaler`: how the management client is made. */
export interface AzureServiceBusScalerOptions {
  /** Extra PEM CA certificates trusted beside the system roots (a private endpoint or a test server). */
  ca?: string | readonly string[];
  /** Passed to `ServiceBusAdministrationClient` (e.g. `proxyOptions`, `userAgentOptions`). */
  clientOptions?: ServiceBusAdministrationClientOptions;
  /** Makes the client; replace it to inject another `ServiceBusAdministrationLike`. */
  createAdministration?: (
    target: ServiceBusAdministrationTarget,
    options: ServiceBusAdministrationOptions,
  ) => ServiceBusAdministrationLike;
}

/** The namespace host a connection string points at (`Endpoint=sb://<host>/`), for messages; never a secret. */
function endpointOf(connection: string): string | undefined {
  return /(?:^|;)\s*Endpoint\s*=\s*sb:\/\/([^/;]+)/i.exec(connection)?.[1];
}

/** The connection string's key, scrubbed on its own too (a message may quote only that part). */
function sharedAccessKeyOf(connection: string): string | undefined {
  return /(?:^|;)\s*SharedAccessKey\s*=\s*([^;]+)/i.exec(connection)?.[1];
}

/** KEDA's metric name: the queue, or the topic only (never the subscription); `queue-regex` / `topic-regex`. */
function metricBaseName(config: AzureServiceBusScalerConfig): string {
  const entity = config.entityType === 'queue' ? 'queue' : 'topic';
  const name = config.useRegex
    ? `${entity}-regex`
    : config.entityType === 'queue'
      ? config.queueName
      : config.topicName;
  return `azure-servicebus-${name}`;
}

/** What a poll reads, for messages. */
function describePoll(config: AzureServiceBusScalerConfig, address: string): string {
  const where = `at ${address}`;
  if (config.entityType === 'queue') {
    return config.useRegex
      ? `listing queues matching "${config.queueName}" ${where}`
      : `reading queue "${config.queueName}" ${where}`;
  }
  return config.useRegex
    ? `listing subscriptions of topic "${config.topicName}" matching "${config.subscriptionName}" ${where}`
    : `reading subscription "${config.subscriptionName}" of topic "${config.topicName}" ${where}`;
}

/** KEDA's getQueueLength / getSubscriptionLength: one runtime-properties GET, or a listing and performOperation. */
async function activeMessageCount(
  admin: ServiceBusAdministrationLike,
  config: AzureServiceBusScalerConfig,
  signal: AbortSignal,
): Promise<number> {
  const queueName = config.queueName ?? '';
  const topicName = config.topicName ?? '';
  const subscriptionName = config.subscriptionName ?? '';
  if (!config.useRegex) {
    const count =
      config.entityType === 'queue'
        ? await admin.queueActiveMessageCount(queueName, { signal })
        : await admin.subscriptionActiveMessageCount(topicName, subscriptionName, { signal });
    if (count !== undefined) return count;
    const missing =
      config.entityType === 'queue'
        ? `queue ${queueName} doesn't exist`
        : `subscription ${subscriptionName} doesn't exist in topic ${topicName}`;
    throw new ScalerError(`${SCALER_TYPE}: ${missing}`, { code: 'NOT_FOUND' });
  }
  const pattern = compileEntityNamePattern(config.entityType === 'queue' ? queueName : subscriptionName);
  if ('problem' in pattern) throw new ScalerError(`${SCALER_TYPE}: ${pattern.problem}`, { code: 'METRIC_ERROR' });
  const entities =
    config.entityType === 'queue'
      ? await admin.listQueueActiveMessageCounts({ signal })
      : await admin.listSubscriptionActiveMessageCounts(topicName, { signal });
  const counts = entities.filter((entity) => pattern.matches(entity.name)).map((entity) => entity.activeMessageCount);
  return combineEntityCounts(counts, config.operation);
}

/**
 * Defines the `azure-servicebus` scaler with custom client options (extra CA certificates, proxy, another client).
 * `azureServiceBusScaler` is this with no options.
 *
 * @example
 * const scaler = defineAzureServiceBusScaler({ ca: readFileSync('private-ca.pem', 'utf8') });
 * registry.register(scaler);
 */
export function defineAzureServiceBusScaler(
  options: AzureServiceBusScalerOptions = {},
): ScalerDefinition<AzureServiceBusScalerConfig> {
  const createAdministration = options.createAdministration ?? createServiceBusAdministration;
  const administrationOptions: ServiceBusAdministrationOptions = {
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    ...(options.clientOptions === undefined ? {} : { clientOptions: options.clientOptions }),
  };
  return defineScaler<AzureServiceBusScalerConfig>({
    type: SCALER_TYPE,
    packageName: '@scalerkit/azure-service-bus',
    parse: parseAzureServiceBusParameters,
    create: (config, context) => {
      const connection = config.connection;
      const address =
        config.fullyQualifiedNamespace ??
        (connection === undefined ? undefined : endpointOf(connection)) ??
        'the namespace of the connection string';
      return createPolledScaler<ServiceBusAdministrationLike>(
        {
          type: SCALER_TYPE,
          describe: describePoll(config, address),
          metricSpecs: [metricSpec(config, metricBaseName(config), config.messageCount)],
          secrets: connection === undefined ? [] : [connection, sharedAccessKeyOf(connection)],
          connection: {
            // One client per namespace and credentials (the connection string is hashed, never kept in the key).
            key: connectionKey(SCALER_TYPE, address, {
              connection,
              podIdentity: config.podIdentity,
              ca: options.ca,
            }),
            open: async () => {
              // A malformed connection string is reported here, at the first poll, as KEDA does.
              if (config.podIdentity === undefined) {
                return createAdministration({ connection: connection ?? '' }, administrationOptions);
              }
              const credential = await workloadIdentityCredential(config.podIdentity);
              return createAdministration(
                { fullyQualifiedNamespace: config.fullyQualifiedNamespace ?? '', credential },
                administrationOptions,
              );
            },
            close: (admin) => admin.close(),
          },
          measure: async (admin, { signal }) => {
            const count = await activeMessageCount(admin, config, signal);
            return { value: count, isActive: count > config.activationMessageCount };
          },
          classify: (error) => {
            const code = (error as { code?: unknown } | null)?.code;
            if (code === 'MessageEntityNotFoundError') return 'NOT_FOUND';
            if (code === 'UnauthorizedRequestError') return 'AUTHENTICATION_ERROR';
            return undefined;
          },
          hint: (error) => tlsHint(error, 'server'),
        },
        context,
      );
    },
  });
}

/**
 * KEDA's `azure-servicebus` trigger: the active message count of a Service Bus queue or subscription.
 *
 * @example
 * import { registry } from '@scalerkit/core';
 * import { azureServiceBusScaler } from '@scalerkit/azure-service-bus';
 * registry.register(azureServiceBusScaler);
 * const config = azureServiceBusScaler.parse({ metadata: { queueName: 'orders' }, authParams: { connection } });
 */
export const azureServiceBusScaler = defineAzureServiceBusScaler();
