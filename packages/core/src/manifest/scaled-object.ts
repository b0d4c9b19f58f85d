import { z } from 'zod';
import { parseAdvanced } from './advanced.js';
import { parsePauseAnnotations } from './annotations.js';
import { int32, integer, optional, withDefault } from './issues.js';
import { openManifest } from './metadata.js';
import { checkScaledObjectRules } from './scaled-object-rules.js';
import { parseScalerkitAnnotations } from './scalerkit-annotations.js';
import { parseTriggers } from './triggers.js';
import type { Fallback, ScaledObject, ScaledObjectSpec } from './types.js';

/** KEDA's ScaledObject defaults (`scaledobject_types.go`, `scale_executor.go`, `gvkr.go`). */
export const scaledObjectDefaults = {
  pollingInterval: 30,
  initialCooldownPeriod: 0,
  cooldownPeriod: 300,
  minReplicaCount: 0,
  maxReplicaCount: 100,
  scaleTargetApiVersion: 'apps/v1',
  scaleTargetKind: 'Deployment',
} as const;

const scaleTargetRefSchema = z.object({
  name: z.string().min(1),
  apiVersion: withDefault(z.string(), ''),
  kind: withDefault(z.string(), ''),
  envSourceContainerName: optional(z.string()),
});

const fallbackSchema = z.object({
  // Negative values get KEDA's own message from the webhook rules, so no minimum here.
  failureThreshold: integer(),
  replicas: integer(),
  behavior: withDefault(
    z.enum(['static', 'currentReplicas', 'currentReplicasIfHigher', 'currentReplicasIfLower', 'scalingModifiers']),
    'static',
  ),
});

const isSet = (value: unknown): boolean => value !== undefined && value !== null;

/**
 * Parses a KEDA ScaledObject and applies KEDA's defaults. `input` may be YAML text (the first `ScaledObject`
 * document is taken), JSON text, a manifest object or a bare `spec` (named `unnamed`).
 * Every CRD schema and admission-webhook rule is checked; all problems are thrown together.
 *
 * @throws ScaledObjectValidationError with `issues[]` (`{ path: 'spec.triggers[0].metadata.lagThreshold', message }`)
 * @example
 * const so = parseScaledObject(fs.readFileSync('scaledobject.yaml', 'utf8'));
 * so.spec.cooldownPeriod; // 300 unless set
 */
export function parseScaledObject(input: unknown): ScaledObject {
  const kind = 'ScaledObject';
  const { issues, head, raw, specField } = openManifest(input, [kind] as const);

  const scaleTargetRef = specField('scaleTargetRef', scaleTargetRefSchema);
  const pollingInterval = specField('pollingInterval', withDefault(int32(1), scaledObjectDefaults.pollingInterval));
  const initialCooldownPeriod = specField(
    'initialCooldownPeriod',
    withDefault(int32(0), scaledObjectDefaults.initialCooldownPeriod),
  );
  const cooldownPeriod = specField('cooldownPeriod', withDefault(int32(0), scaledObjectDefaults.cooldownPeriod));
  const idleReplicaCount = specField('idleReplicaCount', optional(int32(0)));
  const minReplicaCount = specField('minReplicaCount', withDefault(int32(0), scaledObjectDefaults.minReplicaCount));
  const maxReplicaCount = specField('maxReplicaCount', withDefault(int32(1), scaledObjectDefaults.maxReplicaCount));
  const advanced = parseAdvanced(issues, raw.advanced);
  const fallback = specField('fallback', optional(fallbackSchema));
  const triggers = parseTriggers(issues, ['spec', 'triggers'], raw.triggers);

  const targetKind = scaleTargetRef.ok ? scaleTargetRef.value.kind || scaledObjectDefaults.scaleTargetKind : undefined;
  checkScaledObjectRules(issues, {
    name: head.metadata.name,
    minReplicaCount: minReplicaCount.value,
    minReplicaCountSet: isSet(raw.minReplicaCount),
    maxReplicaCount: maxReplicaCount.value,
    idleReplicaCount: idleReplicaCount.value,
    fallback: fallback.value as Fallback | undefined,
    hpaName: advanced.advanced?.horizontalPodAutoscalerConfig?.name,
    scalingModifiers: advanced.advanced?.scalingModifiers,
    usingModifiers: advanced.usingModifiers,
    utilizationModifier: advanced.utilizationModifier,
    scaleTargetKind: targetKind,
    triggers: triggers.triggers,
    triggersComplete: triggers.complete,
  });
  const policies = parseScalerkitAnnotations(
    issues,
    head.metadata.annotations,
    triggers.triggers,
    advanced.usingModifiers,
    triggers.complete,
  );
  issues.throwIfAny(kind);

  // Every field parsed (otherwise throwIfAny threw), so the values below are defined.
  const target = scaleTargetRef.value!;
  const spec: ScaledObjectSpec = {
    scaleTargetRef: {
      name: target.name,
      apiVersion: target.apiVersion || scaledObjectDefaults.scaleTargetApiVersion,
      kind: target.kind || scaledObjectDefaults.scaleTargetKind,
    },
    pollingInterval: pollingInterval.value!,
    initialCooldownPeriod: initialCooldownPeriod.value!,
    cooldownPeriod: cooldownPeriod.value!,
    minReplicaCount: minReplicaCount.value!,
    maxReplicaCount: maxReplicaCount.value!,
    triggers: triggers.triggers,
  };
  if (target.envSourceContainerName !== undefined) {
    spec.scaleTargetRef.envSourceContainerName = target.envSourceContainerName;
  }
  if (idleReplicaCount.value !== undefined) spec.idleReplicaCount = idleReplicaCount.value;
  if (advanced.advanced) spec.advanced = advanced.advanced;
  if (fallback.value) spec.fallback = fallback.value as Fallback;

  return {
    apiVersion: head.apiVersion,
    kind,
    metadata: head.metadata,
    spec,
    pause: parsePauseAnnotations(head.metadata.annotations, kind),
    ...(policies === undefined ? {} : { policies }),
  };
}
