// KEDA's `azure-queue` trigger: pkg/scalers/azure_queue_scaler.go azureQueueMetadata (its `keda` tags) and
// parseAzureQueueMetadata, with pkg/scalers/azure/azure_storage.go ParseAzureStorageEndpointSuffix, KEDA v2.21.0.

import { resolveCloudSuffix, usesConnectionString } from '@scalerkit/azure-common';
import type { PodIdentity, TriggerInput } from '@scalerkit/core';
import { type InferParameters, type ParseContext, parameters as p, ScalerConfigError } from '@scalerkit/core';
import { parseTrigger, type TriggerIdentity } from '@scalerkit/core/scaler-kit';

const SCALER_TYPE = 'azure-queue';

/** KEDA `azure-queue` trigger parameters, in KEDA's declaration order, with its sources and defaults. */
export const azureQueueParameters = {
  activationQueueLength: p.integer({ default: 0, description: 'Active when the count is above this.' }),
  queueName: p.string({ description: 'Queue to measure.' }),
  queueLength: p.integer({ default: 5, description: 'Target messages per replica.' }),
  connection: p.string({
    order: ['authParams', 'metadata', 'resolvedEnv'],
    optional: true,
    secret: true,
    description: 'Storage connection string (`DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…`).',
  }),
  accountName: p.string({ optional: true, description: 'Storage account name; required with workload identity.' }),
  endpointSuffix: p.string({
    optional: true,
    description: 'Queue endpoint suffix, used verbatim with `cloud: Private` (e.g. `queue.core.example.net`).',
  }),
  // KEDA's typed config checks every comma-separated part of an enum value, so `all,visibleonly` is accepted and
  // then counts as `all` (getMessageCount peeks only for exactly `visibleonly`): the raw string is kept.
  queueLengthStrategy: p.enum(['all', 'visibleonly'], {
    separator: ',',
    default: 'all',
    description:
      '`all`: the approximate count (visible and invisible); `visibleonly`: peek up to 32 visible messages, the approximate count from 32 on.',
  }),
};

type RawAzureQueueParameters = InferParameters<typeof azureQueueParameters>;

/** Metadata keys read outside the typed parameters. */
export const AZURE_QUEUE_RAW_KEYS = ['cloud'] as const;

/**
 * The parsed `azure-queue` trigger: KEDA's metadata names with KEDA's defaults and the trigger's identity.
 * `endpointSuffix` is the resolved queue endpoint suffix (`queue.core.windows.net` by default), as KEDA
 * overwrites it. `connection` is kept for the client only.
 */
export interface AzureQueueScalerConfig extends RawAzureQueueParameters, TriggerIdentity {
  queueName: string;
  endpointSuffix: string;
  /** The TriggerAuthentication's pod identity, when one other than `none` was given. */
  podIdentity: PodIdentity | undefined;
}

/**
 * Parses and validates an `azure-queue` trigger exactly as KEDA does: typed parameters, then `cloud` (always,
 * whatever the authentication), then the authentication mode: a connection string (authParams, metadata or
 * `connectionFromEnv`), or workload identity with `accountName`. Throws a `ScalerConfigError` naming the
 * parameter; the connection string is never shown.
 *
 * @example
 * parseAzureQueueParameters({ metadata: { queueName: 'orders', connectionFromEnv: 'STORAGE' }, resolvedEnv: { STORAGE: '…' } }).queueLength; // 5
 */
export function parseAzureQueueParameters(input: TriggerInput, context?: ParseContext): AzureQueueScalerConfig {
  const raw = parseTrigger(
    azureQueueParameters,
    input,
    { scalerType: SCALER_TYPE, knownKeys: AZURE_QUEUE_RAW_KEYS },
    context,
  );
  const fail = (parameter: string, message: string): never => {
    throw new ScalerConfigError(`${SCALER_TYPE}: ${message}`, { parameter, scalerType: SCALER_TYPE });
  };
  const resolved = resolveCloudSuffix(input.metadata ?? {}, (cloud) => `queue.${cloud.storageEndpointSuffix}`);
  if ('problem' in resolved) fail(resolved.parameter, resolved.problem);
  const podIdentity = input.podIdentity;
  if (usesConnectionString(podIdentity)) {
    if (raw.connection === undefined) {
      fail(
        'connection',
        'no connection setting given: set "connection" in the TriggerAuthentication or metadata, or "connectionFromEnv" to an env var holding it',
      );
    }
  } else if (podIdentity!.provider === 'azure-workload') {
    if (raw.accountName === undefined) fail('accountName', 'no accountName given');
  } else {
    fail(
      'podIdentity',
      `pod identity ${podIdentity!.provider} not supported for azure storage queues: use azure-workload or a connection string`,
    );
  }
  return {
    ...raw,
    queueName: raw.queueName!,
    endpointSuffix: (resolved as { suffix: string }).suffix,
    podIdentity: usesConnectionString(podIdentity) ? undefined : { ...podIdentity! },
  };
}
