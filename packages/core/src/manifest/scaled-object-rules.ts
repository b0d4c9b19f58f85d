import { parseGoFloat } from './go-float.js';
import type { IssueCollector } from './issues.js';
import { isResourceTrigger } from './triggers.js';
import type { Fallback, ScalingModifiers, Trigger } from './types.js';

/** What the KEDA webhook rules of a ScaledObject look at; fields are undefined when they failed to parse. */
export interface ScaledObjectRuleInput {
  name: string;
  minReplicaCount: number | undefined;
  /** True when `minReplicaCount` was written in the manifest (KEDA's effective minimum depends on it). */
  minReplicaCountSet: boolean;
  maxReplicaCount: number | undefined;
  idleReplicaCount: number | undefined;
  fallback: Fallback | undefined;
  hpaName: string | undefined;
  scalingModifiers: ScalingModifiers | undefined;
  usingModifiers: boolean;
  utilizationModifier: boolean;
  scaleTargetKind: string | undefined;
  /** Parsed triggers, and whether every one of them parsed. */
  triggers: Trigger[];
  triggersComplete: boolean;
}

/** KEDA's `CheckReplicaCountBoundsAreValid`: effMin is 0 when min is unset, else max(min, 1). */
function checkReplicaBounds(issues: IssueCollector, input: ScaledObjectRuleInput): void {
  const { minReplicaCount: min, maxReplicaCount: max, idleReplicaCount: idle } = input;
  if (max === undefined || (input.minReplicaCountSet && min === undefined)) return;
  const effectiveMin = input.minReplicaCountSet ? Math.max(min as number, 1) : 0;
  if (effectiveMin > max) {
    issues.add(['spec', 'minReplicaCount'], `MinReplicaCount=${effectiveMin} must be less than MaxReplicaCount=${max}`);
  }
  if (idle !== undefined && idle >= effectiveMin) {
    issues.add(
      ['spec', 'idleReplicaCount'],
      `IdleReplicaCount=${idle} must be less than MinReplicaCount=${effectiveMin}`,
    );
  }
}

/** KEDA's `CheckFallbackValid` and the scalingModifiers fallback behavior rule. */
function checkFallback(issues: IssueCollector, input: ScaledObjectRuleInput): void {
  const fallback = input.fallback;
  if (!fallback) return;
  const { failureThreshold, replicas } = fallback;
  if (failureThreshold < 0 || replicas < 0) {
    const message = `FailureThreshold=${failureThreshold} & Replicas=${replicas} must both be greater than or equal to 0`;
    if (failureThreshold < 0) issues.add(['spec', 'fallback', 'failureThreshold'], message);
    if (replicas < 0) issues.add(['spec', 'fallback', 'replicas'], message);
  }
  if (!input.usingModifiers && input.triggersComplete && input.triggers.length > 0) {
    if (input.triggers.every(isResourceTrigger)) {
      issues.add(
        ['spec', 'fallback'],
        'at least one trigger (that is not cpu or memory) has to have the `AverageValue` type for the fallback to be enabled',
      );
    }
  }
  if (fallback.behavior === 'scalingModifiers' && !input.scalingModifiers?.formula) {
    issues.add(
      ['spec', 'fallback', 'behavior'],
      'scalingModifiers fallback behavior requires scalingModifiers.formula to be defined',
    );
  }
}

/** KEDA's `verifyName`: the name and the HPA name are label values, so at most 63 characters. */
function checkNames(issues: IssueCollector, input: ScaledObjectRuleInput): void {
  const { name } = input;
  if (name.length > 63) {
    issues.add(
      ['metadata', 'name'],
      `scaledobject name ${JSON.stringify(name)} is ${name.length} characters long; must be no more than 63 characters ` +
        'because it is used as the "scaledobject.keda.sh/name" label value',
    );
  }
  const hpaName = input.hpaName || `keda-hpa-${name}`;
  if (hpaName.length > 63) {
    const path = input.hpaName ? ['spec', 'advanced', 'horizontalPodAutoscalerConfig', 'name'] : ['metadata', 'name'];
    issues.add(
      path,
      `HPA name ${JSON.stringify(hpaName)} derived from scaledobject is ${hpaName.length} characters long; ` +
        'must be no more than 63 characters',
    );
  }
}

/** KEDA's `ValidateAndCompileScalingModifiers` (formula compilation is left to the engine). */
function checkScalingModifiers(issues: IssueCollector, input: ScaledObjectRuleInput): void {
  if (!input.usingModifiers) return;
  const path = ['spec', 'advanced', 'scalingModifiers'];
  const modifiers = input.scalingModifiers;
  if (input.utilizationModifier) {
    issues.add(
      [...path, 'metricType'],
      'error validating target in ScalingModifiers: error trigger type is Utilization, but it needs to be ' +
        'AverageValue or Value for external metrics',
    );
  }
  if (!modifiers) return;
  if (!modifiers.formula?.trim()) {
    issues.add([...path, 'formula'], 'error ScalingModifiers.Formula is mandatory');
  } else if (!modifiers.target) {
    issues.add(
      [...path, 'target'],
      'error validating formula in ScalingModifiers: formula is given but target is empty',
    );
  }
  if (modifiers.target) {
    // Go's ParseFloat, as the webhook: hex floats and "Inf" pass here; the engine refuses what it cannot use.
    const target = parseGoFloat(modifiers.target);
    if (target === undefined || !(target > 0)) {
      issues.add(
        [...path, 'target'],
        'error validating target in ScalingModifiers: error converting target for scalingModifiers (string->float) ' +
          'to valid target: must be a number greater than 0 (e.g. "2" or "0.5")',
      );
    }
  }
  // KEDA does not validate activationTarget; the engine refuses a non-numeric one when it compiles the modifiers.
}

/** KEDA's `verifyCPUMemoryScalers` rule on scale to zero (Deployment and StatefulSet targets only, as in KEDA). */
function checkResourceOnly(issues: IssueCollector, input: ScaledObjectRuleInput): void {
  if (!input.triggersComplete || input.triggers.length === 0 || !input.triggers.every(isResourceTrigger)) return;
  if (input.scaleTargetKind !== 'Deployment' && input.scaleTargetKind !== 'StatefulSet') return;
  if (input.minReplicaCountSet && input.minReplicaCount === undefined) return;
  if ((input.minReplicaCount ?? 0) === 0) {
    issues.add(
      ['spec', 'minReplicaCount'],
      "scaledobject has only cpu/memory triggers AND minReplica is 0 (scale to zero doesn't work in this case)",
    );
  }
}

/** Runs KEDA's admission-webhook rules of a ScaledObject, in a fixed order (KEDA's own order is random). */
export function checkScaledObjectRules(issues: IssueCollector, input: ScaledObjectRuleInput): void {
  checkReplicaBounds(issues, input);
  checkFallback(issues, input);
  checkNames(issues, input);
  checkScalingModifiers(issues, input);
  checkResourceOnly(issues, input);
}
