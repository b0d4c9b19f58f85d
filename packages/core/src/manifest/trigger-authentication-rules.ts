import type { IssueCollector } from './issues.js';
import type { TriggerAuthenticationSpec } from './types.js';

const isSet = (value: unknown): value is string => typeof value === 'string';
const isFilled = (value: unknown): boolean => typeof value === 'string' && value !== '';

/**
 * The `podIdentity` rules of KEDA's TriggerAuthentication webhook (KEDA v2.21,
 * `apis/keda/v1alpha1/triggerauthentication_webhook.go`, `validateSpec`), with its messages. Only the top-level
 * `spec.podIdentity` is checked, as there; `null` fields count as unset (the API server prunes them).
 */
export function checkPodIdentityRules(issues: IssueCollector, spec: TriggerAuthenticationSpec): void {
  const identity = spec.podIdentity;
  if (!identity) return;
  const path = ['spec', 'podIdentity'];
  if (identity.provider === 'azure-workload') {
    if (isSet(identity.identityId) && identity.identityId === '') {
      issues.add(
        [...path, 'identityId'],
        'identityId of PodIdentity should not be empty. If it\'s set, identityId has to be different than ""',
      );
    }
    if (isFilled(identity.identityAuthorityHost)) {
      if (!isFilled(identity.identityTenantId)) {
        issues.add(
          [...path, 'identityTenantId'],
          'identityTenantID of PodIdentity should not be nil or empty when identityAuthorityHost of PodIdentity is set',
        );
      }
    } else if (isSet(identity.identityTenantId) && identity.identityTenantId === '') {
      issues.add(
        [...path, 'identityTenantId'],
        'identityTenantId of PodIdentity should not be empty. If it\'s set, identityTenantId has to be different than ""',
      );
    }
  }
  if (identity.provider === 'aws') {
    if (isFilled(identity.roleArn) && identity.identityOwner === 'workload') {
      issues.add([...path, 'roleArn'], "roleArn of PodIdentity can't be set if KEDA isn't identityOwner");
    }
    if (isFilled(identity.externalID) && !isFilled(identity.roleArn)) {
      issues.add([...path, 'externalID'], 'externalID of PodIdentity requires roleArn to be set');
    }
  }
}
