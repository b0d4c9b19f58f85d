import { valueProblem } from './json-like.js';
import { openManifest } from './metadata.js';
import { checkPodIdentityRules } from './trigger-authentication-rules.js';
import { triggerAuthenticationSpecSchema } from './trigger-authentication-schema.js';
import type { TriggerAuthentication, TriggerAuthenticationSpec } from './types.js';

const TRIGGER_AUTHENTICATION_KINDS = ['TriggerAuthentication', 'ClusterTriggerAuthentication'] as const;

type SpecKey = keyof TriggerAuthenticationSpec;

/**
 * Parses a KEDA `TriggerAuthentication` or `ClusterTriggerAuthentication` (input forms as for
 * `parseScaledObject`; a bare spec becomes a `TriggerAuthentication` named `unnamed`).
 *
 * @throws ScaledObjectValidationError with every issue found
 * @example
 * const auth = parseTriggerAuthentication(yamlText);
 * auth.spec.secretTargetRef; // [{ parameter: 'password', name: 'kafka-secrets', key: 'password' }]
 */
export function parseTriggerAuthentication(input: unknown): TriggerAuthentication {
  const { issues, head, raw } = openManifest(input, TRIGGER_AUTHENTICATION_KINDS);
  // The schema keeps fields it does not name (newer KEDA versions add some): only JSON-like data may pass.
  const problem = valueProblem(raw, { jsonLike: true });
  if (problem) issues.add(['spec', ...problem.path], problem.message);
  issues.throwIfAny(head.kind);
  const checked = issues.check(['spec'], triggerAuthenticationSpecSchema, raw);
  if (checked.ok) checkPodIdentityRules(issues, checked.value as TriggerAuthenticationSpec);
  issues.throwIfAny(head.kind);

  const spec: TriggerAuthenticationSpec = {};
  for (const [key, value] of Object.entries(checked.value!)) {
    if (value !== undefined) (spec as Record<SpecKey, unknown>)[key as SpecKey] = value;
  }
  return { apiVersion: head.apiVersion, kind: head.kind, metadata: head.metadata, spec };
}
