export type { AzureCloudEnvironment, CloudResolution } from './azure-cloud.js';
export { AZURE_CLOUDS, PRIVATE_CLOUD, resolveCloudSuffix } from './azure-cloud.js';
export type { AzureTokenCredential } from './azure-identity.js';
export { usesConnectionString, workloadIdentityCredential } from './azure-identity.js';
