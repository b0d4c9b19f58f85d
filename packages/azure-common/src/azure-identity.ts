// Azure AD workload identity as KEDA builds it for its Azure scalers: pkg/scalers/azure/azure_azidentity_chain.go
// NewChainedCredential (an az-cli credential when /bin/sh exists, then the workload-identity credential built
// from the TriggerAuthentication's identityId / identityTenantId and the pod's AZURE_* variables), KEDA v2.21.0.
import { existsSync } from 'node:fs';
import type { TriggerInput } from '@scalerkit/core';

/** The `podIdentity` of the trigger's TriggerAuthentication (KEDA `AuthPodIdentity`), as far as Azure uses it. */
export interface AzurePodIdentity {
  /** `azure-workload`, `none` or empty; other providers are refused by the Azure scalers. */
  provider: string;
  /** Client id of the managed identity (default: the pod's `AZURE_CLIENT_ID`). */
  identityId?: string;
  /** Tenant id (default: the pod's `AZURE_TENANT_ID`). */
  identityTenantId?: string;
  /** Authority host (default: the pod's `AZURE_AUTHORITY_HOST`, else the public cloud's). */
  identityAuthorityHost?: string;
}

/** A trigger as the Azure scalers read it: KEDA passes `podIdentity` beside the metadata and auth params. */
export interface AzureTriggerInput extends TriggerInput {
  podIdentity?: AzurePodIdentity;
}

/** True for KEDA's "no pod identity" providers: absent, empty or `none`. */
export function usesConnectionString(podIdentity: AzurePodIdentity | undefined): boolean {
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
export async function workloadIdentityCredential(podIdentity: AzurePodIdentity): Promise<AzureTokenCredential> {
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
