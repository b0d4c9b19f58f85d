// Azure cloud environments as KEDA resolves them: pkg/scalers/azure/azure_cloud_environment.go
// ParseEnvironmentProperty and the go-autorest environments it looks names up in (KEDA v2.21.0).

/** The endpoint suffixes of one named Azure cloud. */
export interface AzureCloudEnvironment {
  /** go-autorest `ServiceBusEndpointSuffix`. */
  serviceBusEndpointSuffix: string;
  /** go-autorest `StorageEndpointSuffix` (the queue endpoint is `queue.` + this). */
  storageEndpointSuffix: string;
}

const PUBLIC: AzureCloudEnvironment = {
  serviceBusEndpointSuffix: 'servicebus.windows.net',
  storageEndpointSuffix: 'core.windows.net',
};
const CHINA: AzureCloudEnvironment = {
  serviceBusEndpointSuffix: 'servicebus.chinacloudapi.cn',
  storageEndpointSuffix: 'core.chinacloudapi.cn',
};
const US_GOVERNMENT: AzureCloudEnvironment = {
  serviceBusEndpointSuffix: 'servicebus.usgovcloudapi.net',
  storageEndpointSuffix: 'core.usgovcloudapi.net',
};
const GERMANY: AzureCloudEnvironment = {
  serviceBusEndpointSuffix: 'servicebus.cloudapi.de',
  storageEndpointSuffix: 'core.cloudapi.de',
};

/** Cloud names KEDA accepts in `cloud`, upper-cased (go-autorest `environments`). */
export const AZURE_CLOUDS: Readonly<Record<string, AzureCloudEnvironment>> = Object.freeze({
  AZURECLOUD: PUBLIC,
  AZUREPUBLICCLOUD: PUBLIC,
  AZURECHINACLOUD: CHINA,
  AZUREUSGOVERNMENT: US_GOVERNMENT,
  AZUREUSGOVERNMENTCLOUD: US_GOVERNMENT,
  AZUREGERMANCLOUD: GERMANY,
});

/** The `cloud` value that takes the suffix from the `endpointSuffix` metadata key. */
export const PRIVATE_CLOUD = 'Private';

/** What resolving `cloud` gave: the suffix, or a problem naming the parameter at fault. */
export type CloudResolution = { suffix: string } | { parameter: 'cloud' | 'endpointSuffix'; problem: string };

/**
 * KEDA's `ParseEnvironmentProperty(metadata, "endpointSuffix", pick)`: raw metadata (not trimmed, empty means
 * absent). No `cloud`: the public cloud. `Private` (any case): the metadata `endpointSuffix`, required, verbatim.
 * Otherwise a named cloud (any case); `endpointSuffix` is then ignored. `AzureStackCloud` reads a file named by
 * the operator's environment in KEDA; it is refused here with a pointer to `Private`.
 *
 * @example
 * resolveCloudSuffix({ cloud: 'AzureChinaCloud' }, (cloud) => cloud.serviceBusEndpointSuffix); // { suffix: 'servicebus.chinacloudapi.cn' }
 */
export function resolveCloudSuffix(
  metadata: Readonly<Record<string, string>>,
  pick: (cloud: AzureCloudEnvironment) => string,
): CloudResolution {
  const cloud = Object.hasOwn(metadata, 'cloud') ? metadata.cloud : undefined;
  if (cloud === undefined || cloud === '') return { suffix: pick(PUBLIC) };
  if (cloud.toLowerCase() === PRIVATE_CLOUD.toLowerCase()) {
    const suffix = Object.hasOwn(metadata, 'endpointSuffix') ? metadata.endpointSuffix : undefined;
    if (suffix !== undefined && suffix !== '') return { suffix };
    return {
      parameter: 'endpointSuffix',
      problem: `endpointSuffix must be provided for ${PRIVATE_CLOUD} cloud type`,
    };
  }
  const upper = cloud.toUpperCase();
  if (upper === 'AZURESTACKCLOUD') {
    return {
      parameter: 'cloud',
      problem: `cloud ${JSON.stringify(cloud)} is not supported (KEDA reads it from the file named by AZURE_ENVIRONMENT_FILEPATH); use cloud "${PRIVATE_CLOUD}" with "endpointSuffix"`,
    };
  }
  const environment = Object.hasOwn(AZURE_CLOUDS, upper) ? AZURE_CLOUDS[upper] : undefined;
  if (environment === undefined) {
    return {
      parameter: 'cloud',
      problem: `invalid cloud environment ${cloud}: expected ${PRIVATE_CLOUD} or one of AzurePublicCloud, AzureChinaCloud, AzureUSGovernmentCloud, AzureGermanCloud (any case)`,
    };
  }
  return { suffix: pick(environment) };
}
