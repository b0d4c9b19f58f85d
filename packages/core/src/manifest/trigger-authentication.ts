import { z } from 'zod';
import { readManifest } from './input.js';
import { IssueCollector, optional } from './issues.js';
import { parseHead, specMapping } from './metadata.js';
import type { TriggerAuthentication, TriggerAuthenticationSpec } from './types.js';

const TRIGGER_AUTHENTICATION_KINDS = ['TriggerAuthentication', 'ClusterTriggerAuthentication'] as const;

const targetRefSchema = z.object({ parameter: z.string().min(1), name: z.string().min(1), key: z.string().min(1) });
const record = z.record(z.string(), z.unknown());

const specSchema = z.object({
  // The provider list changes between KEDA versions; any non-empty name is kept (resolution decides what it supports).
  podIdentity: optional(z.looseObject({ provider: z.string().min(1) })),
  secretTargetRef: optional(z.array(targetRefSchema)),
  configMapTargetRef: optional(z.array(targetRefSchema)),
  env: optional(
    z.array(z.object({ parameter: z.string().min(1), name: z.string().min(1), containerName: optional(z.string()) })),
  ),
  filePath: optional(z.string()),
  hashiCorpVault: optional(record),
  azureKeyVault: optional(record),
  gcpSecretManager: optional(record),
  awsSecretManager: optional(record),
  boundServiceAccountToken: optional(
    z.array(z.object({ parameter: z.string().min(1), serviceAccountName: z.string().min(1) })),
  ),
  oauth2: optional(record),
});

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
  const document = readManifest(input, TRIGGER_AUTHENTICATION_KINDS);
  const issues = new IssueCollector();
  const head = parseHead(issues, document, TRIGGER_AUTHENTICATION_KINDS);
  const raw = specMapping(issues, document, head.kind);
  const checked = issues.check(['spec'], specSchema, raw);
  issues.throwIfAny(head.kind);

  const spec: TriggerAuthenticationSpec = {};
  for (const [key, value] of Object.entries(checked.value!)) {
    if (value !== undefined) (spec as Record<SpecKey, unknown>)[key as SpecKey] = value;
  }
  return { apiVersion: head.apiVersion, kind: head.kind, metadata: head.metadata, spec };
}
