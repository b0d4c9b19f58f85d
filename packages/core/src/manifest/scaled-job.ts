import { z } from 'zod';
import { parsePauseAnnotations } from './annotations.js';
import { describeType, int32, integer, isMapping, optional, withDefault } from './issues.js';
import { valueProblem } from './json-like.js';
import { openManifest } from './metadata.js';
import { parseTriggers } from './triggers.js';
import type { ScaledJob, ScaledJobSpec, ScalingStrategy } from './types.js';

/** KEDA's ScaledJob defaults (`scaledjob_types.go`, `executor/scale_jobs.go`). */
export const scaledJobDefaults = {
  pollingInterval: 30,
  successfulJobsHistoryLimit: 100,
  failedJobsHistoryLimit: 100,
  /** Effective values of `MinReplicaCount()` / `MaxReplicaCount()` when unset; the parsed spec keeps them unset. */
  minReplicaCount: 0,
  maxReplicaCount: 100,
  strategy: 'default',
  multipleScalersCalculation: 'max',
} as const;

const scalingStrategySchema = z.object({
  // KEDA's CRD has no enum here: an unknown strategy or calculation behaves like the default one.
  strategy: withDefault(z.string(), ''),
  customScalingQueueLengthDeduction: optional(integer()),
  customScalingRunningJobPercentage: optional(
    z.string({
      error: (issue) =>
        issue.input === undefined
          ? 'is required'
          : `must be a string in KEDA's CRD; quote it in YAML (e.g. "0.5"); got ${describeType(issue.input)}`,
    }),
  ),
  pendingPodConditions: optional(z.array(z.string())),
  multipleScalersCalculation: withDefault(z.string(), ''),
});

// Free strings in KEDA's CRD (no enum): KEDA acts on `gradual` and `foreground`, anything else is its default.
const rolloutSchema = z.object({
  strategy: optional(z.string()),
  propagationPolicy: optional(z.string()),
});

/**
 * Parses a KEDA ScaledJob and applies KEDA's defaults (history limits 100/100, strategy `default`,
 * multipleScalersCalculation `max`). Input forms as for `parseScaledObject`. KEDA's ScaledJob webhook only
 * validates triggers; the CRD schema rules (types, `jobTargetRef.template`, at least one trigger) are checked too.
 *
 * @throws ScaledObjectValidationError with every issue found
 * @example
 * const job = parseScaledJob(yamlText);
 * job.spec.scalingStrategy.strategy; // 'default' unless set
 */
export function parseScaledJob(input: unknown): ScaledJob {
  const kind = 'ScaledJob';
  const { issues, head, raw, specField } = openManifest(input, [kind] as const);

  const jobTargetRef = raw.jobTargetRef;
  if (!isMapping(jobTargetRef)) {
    issues.add(
      ['spec', 'jobTargetRef'],
      jobTargetRef === undefined || jobTargetRef === null
        ? 'is required; expected a Job spec with a pod template'
        : `must be a mapping (a Job spec); got ${describeType(jobTargetRef)}`,
    );
  } else {
    // Kept verbatim for the caller: only data a Kubernetes object can hold passes (no Map, Buffer, cycle...).
    const problem = valueProblem(jobTargetRef, { jsonLike: true });
    if (problem) issues.add(['spec', 'jobTargetRef', ...problem.path], problem.message);
    else if (!isMapping(jobTargetRef.template)) {
      issues.add(['spec', 'jobTargetRef', 'template'], 'is required; expected a pod template (a mapping)');
    }
  }
  const pollingInterval = specField('pollingInterval', withDefault(int32(1), scaledJobDefaults.pollingInterval));
  const successful = specField(
    'successfulJobsHistoryLimit',
    withDefault(int32(0), scaledJobDefaults.successfulJobsHistoryLimit),
  );
  const failed = specField('failedJobsHistoryLimit', withDefault(int32(0), scaledJobDefaults.failedJobsHistoryLimit));
  const minReplicaCount = specField('minReplicaCount', optional(int32(0)));
  const maxReplicaCount = specField('maxReplicaCount', optional(int32(0)));
  const strategy = specField('scalingStrategy', optional(scalingStrategySchema));
  const rollout = specField('rollout', optional(rolloutSchema));
  const rolloutStrategy = specField('rolloutStrategy', optional(z.string()));
  const envSourceContainerName = specField('envSourceContainerName', optional(z.string()));
  const triggers = parseTriggers(issues, ['spec', 'triggers'], raw.triggers);
  issues.throwIfAny(kind);

  const given = strategy.value;
  const scalingStrategy: ScalingStrategy = {
    strategy: given?.strategy || scaledJobDefaults.strategy,
    multipleScalersCalculation: given?.multipleScalersCalculation || scaledJobDefaults.multipleScalersCalculation,
  };
  if (given?.customScalingQueueLengthDeduction !== undefined) {
    scalingStrategy.customScalingQueueLengthDeduction = given.customScalingQueueLengthDeduction;
  }
  if (given?.customScalingRunningJobPercentage !== undefined) {
    scalingStrategy.customScalingRunningJobPercentage = given.customScalingRunningJobPercentage;
  }
  if (given?.pendingPodConditions !== undefined) scalingStrategy.pendingPodConditions = given.pendingPodConditions;

  const spec: ScaledJobSpec = {
    jobTargetRef: structuredClone(jobTargetRef) as Record<string, unknown>,
    pollingInterval: pollingInterval.value!,
    successfulJobsHistoryLimit: successful.value!,
    failedJobsHistoryLimit: failed.value!,
    scalingStrategy,
    triggers: triggers.triggers,
  };
  if (minReplicaCount.value !== undefined) spec.minReplicaCount = minReplicaCount.value;
  if (maxReplicaCount.value !== undefined) spec.maxReplicaCount = maxReplicaCount.value;
  if (rollout.value) {
    spec.rollout = {};
    if (rollout.value.strategy) spec.rollout.strategy = rollout.value.strategy;
    if (rollout.value.propagationPolicy) spec.rollout.propagationPolicy = rollout.value.propagationPolicy;
  }
  if (rolloutStrategy.value !== undefined) spec.rolloutStrategy = rolloutStrategy.value;
  if (envSourceContainerName.value !== undefined) spec.envSourceContainerName = envSourceContainerName.value;

  return {
    apiVersion: head.apiVersion,
    kind,
    metadata: head.metadata,
    spec,
    pause: parsePauseAnnotations(head.metadata.annotations, kind),
  };
}
