export type { AzureCloudEnvironment, AzureTokenCredential, CloudResolution } from '@scalerkit/azure-common';
export { AZURE_CLOUDS, PRIVATE_CLOUD, resolveCloudSuffix, workloadIdentityCredential } from '@scalerkit/azure-common';
export type {
  ServiceBusAdministrationLike,
  ServiceBusAdministrationOptions,
  ServiceBusAdministrationTarget,
  ServiceBusCallOptions,
  ServiceBusEntityCount,
} from './azure-service-bus-client.js';
export { createServiceBusAdministration } from './azure-service-bus-client.js';
export type { AzureServiceBusEntityType, AzureServiceBusScalerConfig } from './azure-service-bus-parameters.js';
export { azureServiceBusParameters, parseAzureServiceBusParameters } from './azure-service-bus-parameters.js';
export type { AzureServiceBusScalerOptions } from './azure-service-bus-scaler.js';
export { azureServiceBusScaler, defineAzureServiceBusScaler } from './azure-service-bus-scaler.js';
export type { EntityCountOperation, EntityNamePattern } from './entity-name-pattern.js';
export { combineEntityCounts, compileEntityNamePattern } from './entity-name-pattern.js';
