import { z } from 'zod';
import { parsePauseAnnotations } from './annotations.js';
import { readManifest } from './input.js';
import { describeType, IssueCollector, int32, integer, isMapping, optional, withDefault } from './issues.js';
import { parseHead, specMapping } from './metadata.js';
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
  const document = readManifest(input, [kind]);
  const issues = new IssueCollector();
  const head = parseHead(issues, document, [kind] as const);
  const raw = specMapping(issues, document, kind);
  const at = (key: string) => ['spec', key];

  const jobTargetRef = raw.jobTargetRef;
  if (!isMapping(jobTargetRef)) {
    issues.add(
      at('jobTargetRef'),
      jobTargetRef === undefined || jobTargetRef === null
        ? 'is required; expected a Job spec with a pod template'
        : `must be a mapping (a Job spec); got ${describeType(jobTargetRef)}`,
    );
  } else if (!isMapping(jobTargetRef.template)) {
    issues.add(['spec', 'jobTargetRef', 'template'], 'is required; expected a pod template (a mapping)');
  }
  const pollingInterval = issues.check(
    at('pollingInterval'),
    withDefault(int32(1), scaledJobDefaults.pollingInterval),
    raw.pollingInterval,
  );
  const successful = issues.check(
    at('successfulJobsHistoryLimit'),
    withDefault(int32(0), scaledJobDefaults.successfulJobsHistoryLimit),
    raw.successfulJobsHistoryLimit,
  );
  const failed = issues.check(
    at('failedJobsHistoryLimit'),
    withDefault(int32(0), scaledJobDefaults.failedJobsHistoryLimit),
    raw.failedJobsHistoryLimit,
  );
  const minReplicaCount = issues.check(at('minReplicaCount'), optional(int32(0)), raw.minReplicaCount);
  const maxReplicaCount = issues.check(at('maxReplicaCount'), optional(int32(0)), raw.maxReplicaCount);
  const strategy = issues.check(at('scalingStrategy'), optional(scalingStrategySchema), raw.scalingStrategy);
  const rollout = issues.check(at('rollout'), optional(rolloutSchema), raw.rollout);
  const rolloutStrategy = issues.check(at('rolloutStrategy'), optional(z.string()), raw.rolloutStrategy);
  const envSourceContainerName = issues.check(
    at('envSourceContainerName'),
    optional(z.string()),
    raw.envSourceContainerName,
  );
  const triggers = parseTriggers(issues, at('triggers'), raw.triggers);
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
    jobTargetRef: jobTargetRef as Record<string, unknown>,
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
