export type { AzureCloudEnvironment, CloudResolution } from './azure-cloud.js';
export { AZURE_CLOUDS, PRIVATE_CLOUD, resolveCloudSuffix } from './azure-cloud.js';
export type { AzurePodIdentity, AzureTokenCredential, AzureTriggerInput } from './azure-identity.js';
export { workloadIdentityCredential } from './azure-identity.js';
export type {
  StorageQueueCallOptions,
  StorageQueueServiceLike,
  StorageQueueServiceOptions,
  StorageQueueServiceTarget,
} from './azure-storage-queue-client.js';
export { createStorageQueueService } from './azure-storage-queue-client.js';
export type { AzureQueueScalerConfig } from './azure-storage-queue-parameters.js';
export { azureQueueParameters, parseAzureQueueParameters } from './azure-storage-queue-parameters.js';
export type { AzureQueueScalerOptions } from './azure-storage-queue-scaler.js';
export { azureQueueScaler, defineAzureQueueScaler, MAX_PEEK_MESSAGES } from './azure-storage-queue-scaler.js';
