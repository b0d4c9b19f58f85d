// Azure AD workload identity as KEDA builds it for its Azure scalers: pkg/scalers/azure/azure_azidentity_chain.go
// NewChainedCredential (an az-cli credential when /bin/sh exists, then the workload-identity credential built
// from the TriggerAuthentication's identityId / identityTenantId and the pod's AZURE_* variables), KEDA v2.21.0.
import { existsSync } from 'node:fs';
import type { PodIdentity } from '@scalerkit/core';

/** True for KEDA's "no pod identity" providers: absent, empty or `none`. */
export function usesConnectionString(podIdentity: PodIdentity | undefined): boolean {
  const provider = podIdentity?.provider ?? '';
  return provider === '' || provider === 'none';
}

/** The subset of `@azure/identity`'s `TokenCredential` the SDK clients call. */
export interface AzureTokenCredential {
  getToken(
    scopes: string | string[],
    options?: { abortSignal?: AbortSignal },
  ): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

/**
 * The chained credential of a workload-identity trigger, from `@azure/identity` (an optional peer dependency,
 * loaded only here). As in KEDA: `AzureCliCredential` first when `/bin/sh` exists, then
 * `WorkloadIdentityCredential` with the identity's client and tenant ids overriding the pod's variables.
 *
 * @example
 * const credential = await workloadIdentityCredential({ provider: 'azure-workload', identityId: 'client-id' });
 */
export async function workloadIdentityCredential(podIdentity: PodIdentity): Promise<AzureTokenCredential> {
  let identity: typeof import('@azure/identity');
  try {
    identity = await import('@azure/identity');
  } catch (error) {
    throw new Error(
      'podIdentity azure-workload needs the optional peer dependency @azure/identity (npm install @azure/identity)',
      { cause: error },
    );
  }
  const credentials: AzureTokenCredential[] = [];
  if (existsSync('/bin/sh')) credentials.push(new identity.AzureCliCredential());
  const options: import('@azure/identity').WorkloadIdentityCredentialOptions = {};
  if (podIdentity.identityId) options.clientId = podIdentity.identityId;
  if (podIdentity.identityTenantId) options.tenantId = podIdentity.identityTenantId;
  if (podIdentity.identityAuthorityHost) options.authorityHost = podIdentity.identityAuthorityHost;
  credentials.push(new identity.WorkloadIdentityCredential(options));
  return new identity.ChainedTokenCredential(...(credentials as import('@azure/identity').TokenCredential[]));
}
