// KEDA's `azure-queue` scaler (pkg/scalers/azure_queue_scaler.go, KEDA v2.21.0) on the scaler kit: the queue's
// approximate message count (`all`), or the number of visible messages up to 32 with the approximate count from
// 32 on (`visibleonly`).

import { workloadIdentityCredential } from '@scalerkit/azure-common';
import { connectionKey, defineScaler, type ScalerDefinition } from '@scalerkit/core';
import { createPolledScaler, metricSpec } from '@scalerkit/core/scaler-kit';
import {
  createStorageQueueService,
  type StorageQueueServiceLike,
  type StorageQueueServiceOptions,
  type StorageQueueServiceTarget,
} from './azure-storage-queue-client.js';
import { type AzureQueueScalerConfig, parseAzureQueueParameters } from './azure-storage-queue-parameters.js';

const SCALER_TYPE = 'azure-queue';

/** KEDA's `maxPeekMessages`: the most messages one Peek Messages request returns. */
export const MAX_PEEK_MESSAGES = 32;

/** Options of `defineAzureQueueScaler`: how the queue client is made. */
export interface AzureQueueScalerOptions extends StorageQueueServiceOptions {
  /** Makes the client; replace it to inject another `StorageQueueServiceLike`. */
  createService?: (target: StorageQueueServiceTarget, options: StorageQueueServiceOptions) => StorageQueueServiceLike;
}

/** Where a connection string points (its queue endpoint or account), for messages; never the key. */
function addressOf(connection: string): string {
  const field = (name: string) => new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*([^;]+)`, 'i').exec(connection)?.[1]?.trim();
  return (
    field('QueueEndpoint') ??
    (field('AccountName') ? `account ${field('AccountName')}` : 'the connection string’s account')
  );
}

/** The connection string's key (and SAS), scrubbed on their own too. */
function secretsOf(connection: string | undefined): (string | undefined)[] {
  if (connection === undefined) return [];
  const field = (name: string) => new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*([^;]+)`, 'i').exec(connection)?.[1]?.trim();
  return [connection, field('AccountKey'), field('SharedAccessSignature')];
}

/**
 * KEDA's getMessageCount: Peek(32) for `visibleonly`, falling back to GetProperties at 32; GetProperties for
 * anything else (`all`, and an accepted list such as `visibleonly,all`, which KEDA compares as a whole).
 */
async function messageCount(
  service: StorageQueueServiceLike,
  config: AzureQueueScalerConfig,
  signal: AbortSignal,
): Promise<number> {
  if (config.queueLengthStrategy === 'visibleonly') {
    const visible = await service.peekMessageCount(config.queueName, MAX_PEEK_MESSAGES, { signal });
    if (visible < MAX_PEEK_MESSAGES) return visible;
  }
  return service.approximateMessageCount(config.queueName, { signal });
}

/**
 * Defines the `azure-queue` scaler with custom client options (proxy, another client). `azureQueueScaler` is
 * this with no options.
 *
 * @example
 * registry.register(defineAzureQueueScaler({ pipelineOptions: { proxyOptions: { host: 'http://proxy', port: 8080 } } }));
 */
export function defineAzureQueueScaler(
  options: AzureQueueScalerOptions = {},
): ScalerDefinition<AzureQueueScalerConfig> {
  const createService = options.createService ?? createStorageQueueService;
  const serviceOptions: StorageQueueServiceOptions =
    options.pipelineOptions === undefined ? {} : { pipelineOptions: options.pipelineOptions };
  return defineScaler<AzureQueueScalerConfig>({
    type: SCALER_TYPE,
    packageName: '@scalerkit/azure-storage-queue',
    parse: parseAzureQueueParameters,
    create: (config, context) => {
      const connection = config.connection;
      const workload = config.podIdentity !== undefined;
      // KEDA builds its client in the constructor, so a connection string the SDK cannot parse fails there; here
      // it fails at the first poll, so that create() and getMetricSpecs() work offline as KEDA's tests use them.
      const serviceUrl = `https://${config.accountName}.${config.endpointSuffix}`;
      const address = workload ? serviceUrl : addressOf(connection ?? '');
      const strategy = config.queueLengthStrategy === 'visibleonly' ? 'visible messages' : 'approximate message count';
      return createPolledScaler<StorageQueueServiceLike>(
        {
          type: SCALER_TYPE,
          describe: `reading the ${strategy} of queue "${config.queueName}" at ${address}`,
          metricSpecs: [metricSpec(config, `azure-queue-${config.queueName}`, config.queueLength)],
          secrets: secretsOf(connection),
          connection: {
            // One client per account and credentials (the connection string is hashed, never kept in the key).
            key: connectionKey(SCALER_TYPE, address, { connection, podIdentity: config.podIdentity }),
            open: async () => {
              if (!workload) return createService({ connection: connection ?? '' }, serviceOptions);
              const credential = await workloadIdentityCredential(config.podIdentity!);
              return createService({ serviceUrl, credential }, serviceOptions);
            },
            close: (service) => service.close(),
          },
          measure: async (service, { signal }) => {
            const count = await messageCount(service, config, signal);
            return { value: count, isActive: count > config.activationQueueLength };
          },
        },
        context,
      );
    },
  });
}

/**
 * KEDA's `azure-queue` trigger: the message count of an Azure Storage queue.
 *
 * @example
 * import { registry } from '@scalerkit/core';
 * import { azureQueueScaler } from '@scalerkit/azure-storage-queue';
 * registry.register(azureQueueScaler);
 * const config = azureQueueScaler.parse({ metadata: { queueName: 'orders', connectionFromEnv: 'STORAGE' }, resolvedEnv: { STORAGE: connection } });
 */
export const azureQueueScaler = defineAzureQueueScaler();
