export type { AzureCloudEnvironment, AzureTokenCredential, CloudResolution } from '@scalerkit/azure-common';
export { AZURE_CLOUDS, PRIVATE_CLOUD, resolveCloudSuffix, workloadIdentityCredential } from '@scalerkit/azure-common';
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
