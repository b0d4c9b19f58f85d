// KEDA's `azure-servicebus` trigger: pkg/scalers/azure_servicebus_scaler.go azureServiceBusMetadata (its `keda`
// tags), Validate and parseAzureServiceBusMetadata, KEDA v2.21.0.

import { resolveCloudSuffix, usesConnectionString } from '@scalerkit/azure-common';
import type { PodIdentity, TriggerInput } from '@scalerkit/core';
import { type InferParameters, type ParseContext, parameters as p, ScalerConfigError } from '@scalerkit/core';
import { parseTrigger, type TriggerIdentity } from '@scalerkit/core/scaler-kit';
import { compileEntityNamePattern } from './entity-name-pattern.js';

const SCALER_TYPE = 'azure-servicebus';

/** KEDA `azure-servicebus` trigger parameters, in KEDA's declaration order, with its sources and defaults. */
export const azureServiceBusParameters = {
  messageCount: p.integer({ default: 5, description: 'Target active messages per replica.' }),
  activationMessageCount: p.integer({
    optional: true,
    description: 'Active when the count is above this (default 0).',
  }),
  queueName: p.string({
    optional: true,
    description: 'Queue to measure; a regular expression (RE2 syntax) with `useRegex`.',
  }),
  topicName: p.string({ optional: true, description: 'Topic of the subscription to measure (never a pattern).' }),
  subscriptionName: p.string({
    optional: true,
    description: 'Subscription to measure; a regular expression (RE2 syntax) with `useRegex`.',
  }),
  connection: p.string({
    order: ['authParams', 'resolvedEnv'],
    optional: true,
    secret: true,
    description:
      'Connection string with Manage rights (`Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…`); never read from plain metadata.',
  }),
  namespace: p.string({
    optional: true,
    description: 'Service Bus namespace name (without suffix); required with workload identity.',
  }),
  useRegex: p.boolean({
    optional: true,
    description: 'Treat `queueName` / `subscriptionName` as a pattern matched against the whole entity name.',
  }),
  // KEDA's typed config checks every comma-separated part of an enum value, so `sum,max` is accepted; its
  // performOperation then matches no case and gives 0: the raw string is kept.
  operation: p.enum(['sum', 'max', 'avg'], {
    separator: ',',
    default: 'sum',
    description: 'How the counts of matching entities combine with `useRegex` (`avg` divides as integers).',
  }),
};

type RawAzureServiceBusParameters = InferParameters<typeof azureServiceBusParameters>;

/** Metadata keys read outside the typed parameters (only on the workload-identity path, as in KEDA). */
export const AZURE_SERVICE_BUS_RAW_KEYS = ['cloud', 'endpointSuffix'] as const;

/** Which entity the trigger measures. */
export type AzureServiceBusEntityType = 'queue' | 'subscription';

/**
 * The parsed `azure-servicebus` trigger: KEDA's metadata names with KEDA's defaults, plus what KEDA derives
 * (`entityType`, `fullyQualifiedNamespace`) and the trigger's identity. `connection` is kept for the client only.
 */
export interface AzureServiceBusScalerConfig extends RawAzureServiceBusParameters, TriggerIdentity {
  activationMessageCount: number;
  useRegex: boolean;
  entityType: AzureServiceBusEntityType;
  /** `<namespace>.<suffix>` with workload identity; undefined with a connection string. */
  fullyQualifiedNamespace: string | undefined;
  /** The TriggerAuthentication's pod identity, when one other than `none` was given. */
  podIdentity: PodIdentity | undefined;
}

/** KEDA's Validate(): entity selection in KEDA's order, and the patterns compiled when `useRegex` is set. */
function validateEntity(config: RawAzureServiceBusParameters): { parameter: string; message: string }[] | undefined {
  let entity: AzureServiceBusEntityType | undefined;
  if (config.queueName !== undefined) {
    entity = 'queue';
    if (config.subscriptionName !== undefined) {
      return [{ parameter: 'subscriptionName', message: 'subscription name provided with queue name' }];
    }
    if (config.useRegex) {
      const pattern = compileEntityNamePattern(config.queueName);
      if ('problem' in pattern) {
        return [
          { parameter: 'queueName', message: `queueName is not a valid regular expression (${pattern.problem})` },
        ];
      }
    }
  }
  if (config.topicName !== undefined) {
    if (entity === 'queue') {
      return [{ parameter: 'topicName', message: 'both topic and queue name metadata provided' }];
    }
    entity = 'subscription';
    if (config.subscriptionName === undefined) {
      return [{ parameter: 'subscriptionName', message: 'no subscription name provided with topic name' }];
    }
    if (config.useRegex) {
      const pattern = compileEntityNamePattern(config.subscriptionName);
      if ('problem' in pattern) {
        return [
          {
            parameter: 'subscriptionName',
            message: `subscriptionName is not a valid regular expression (${pattern.problem})`,
          },
        ];
      }
    }
  }
  if (entity === undefined) {
    return [
      {
        parameter: 'queueName',
        message: 'no service bus entity type set: give "queueName", or "topicName" and "subscriptionName"',
      },
    ];
  }
  return undefined;
}

/**
 * Parses and validates an `azure-servicebus` trigger exactly as KEDA does: typed parameters, then the entity
 * rules, then the authentication mode (`podIdentity`): a connection string from `authParams` or
 * `connectionFromEnv`, or workload identity with `namespace` (and `cloud` / `endpointSuffix`). Throws a
 * `ScalerConfigError` naming the parameter; the connection string is never shown.
 *
 * @example
 * parseAzureServiceBusParameters({ metadata: { queueName: 'orders' }, authParams: { connection } }).messageCount; // 5
 */
export function parseAzureServiceBusParameters(
  input: TriggerInput,
  context?: ParseContext,
): AzureServiceBusScalerConfig {
  const raw = parseTrigger(
    azureServiceBusParameters,
    input,
    { scalerType: SCALER_TYPE, validate: validateEntity, knownKeys: AZURE_SERVICE_BUS_RAW_KEYS },
    context,
  );
  const fail = (parameter: string, message: string): never => {
    throw new ScalerConfigError(`${SCALER_TYPE}: ${message}`, { parameter, scalerType: SCALER_TYPE });
  };
  const podIdentity = input.podIdentity;
  let fullyQualifiedNamespace: string | undefined;
  if (usesConnectionString(podIdentity)) {
    if (raw.connection === undefined) {
      fail(
        'connection',
        'no connection setting given: set "connection" in the TriggerAuthentication, or "connectionFromEnv" to an env var holding it',
      );
    }
  } else if (podIdentity!.provider === 'azure-workload') {
    if (raw.namespace === undefined) fail('namespace', 'namespace are required when using pod identity');
    const resolved = resolveCloudSuffix(input.metadata ?? {}, (cloud) => cloud.serviceBusEndpointSuffix);
    if ('problem' in resolved) fail(resolved.parameter, resolved.problem);
    else fullyQualifiedNamespace = `${raw.namespace}.${resolved.suffix}`;
  } else {
    fail(
      'podIdentity',
      `azure service bus doesn't support pod identity ${podIdentity!.provider}: use azure-workload or a connection string`,
    );
  }
  return {
    ...raw,
    activationMessageCount: raw.activationMessageCount ?? 0,
    useRegex: raw.useRegex ?? false,
    entityType: raw.queueName !== undefined ? 'queue' : 'subscription',
    fullyQualifiedNamespace,
    podIdentity: usesConnectionString(podIdentity) ? undefined : { ...podIdentity! },
  };
}
