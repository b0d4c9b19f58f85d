import { ScalerError } from '../errors.js';
import { DEFAULT_DOWNSCALE_STABILIZATION_SECONDS } from '../hpa/behavior-defaults.js';
import { type ResolvedBehavior, resolveBehavior } from '../hpa/normalize.js';
import { longestPeriodSeconds } from '../hpa/scale-events.js';
import { resolveTolerance } from '../hpa/tolerance.js';
import type { HpaBehavior, Tolerance } from '../hpa/types.js';
import type { ScaledObject } from '../manifest/types.js';
import { fallbackConfigured } from './fallback.js';
import { type PreparedTrigger, prepareTriggers } from './model.js';
import { type CompiledModifiers, compileScalingModifiers } from './modifiers.js';
import { checkScalingPolicies } from './policies/check.js';
import { type ResolvedPolicies, resolvePolicies } from './policies/runtime.js';
import type { ScalingPolicies } from './policies/types.js';
import type { ScalingEngineOptions } from './types.js';

export const SECOND = 1000;

/** Everything the engine derives once from the ScaledObject and options; read-only afterwards. */
export interface EngineConfig {
  so: ScaledObject;
  triggers: PreparedTrigger[];
  createdAt: number;
  failuresPerDecision: number;
  /** Behavior after API + controller defaulting; undefined selects the HPA's legacy path. */
  behavior: ResolvedBehavior | undefined;
  tolerance: Tolerance;
  legacyFactor: number;
  legacyMinimum: number;
  legacyWindowMs: number;
  upWindowMs: number;
  downWindowMs: number;
  longestUpMs: number;
  longestDownMs: number;
  /** `spec.fallback` is set AND valid (KEDA `HasValidFallback`). */
  fallbackOn: boolean;
  modifiers: CompiledModifiers | undefined;
  /** Every trigger is cpu/memory: always active. */
  resourceOnly: boolean;
  /** scalerkit's opt-in policies; undefined (KEDA's behaviour) when none is set. */
  policies: ResolvedPolicies | undefined;
}

export function fail(message: string): never {
  throw new ScalerError(message, { code: 'INVALID_ARGUMENT' });
}

/** Pause-related annotations inject `selectPolicy: Disabled` into the generated HPA (KEDA hpa.go). */
function effectiveBehavior(so: ScaledObject): HpaBehavior | undefined {
  const user = so.spec.advanced?.horizontalPodAutoscalerConfig?.behavior ?? undefined;
  if (!so.pause.pausedScaleIn && !so.pause.pausedScaleOut) return user;
  const b: HpaBehavior = { ...(user ?? {}) };
  if (so.pause.pausedScaleIn) b.scaleDown = { ...(user?.scaleDown ?? {}), selectPolicy: 'Disabled' };
  if (so.pause.pausedScaleOut) b.scaleUp = { ...(user?.scaleUp ?? {}), selectPolicy: 'Disabled' };
  return b;
}

/** Validates the arguments of `createScalingEngine` and prepares the hot-path configuration. */
export function prepareEngineConfig(so: ScaledObject, options: ScalingEngineOptions): EngineConfig {
  if (typeof so !== 'object' || so === null || typeof so.spec !== 'object' || !Array.isArray(so.spec.triggers)) {
    fail(
      'createScalingEngine: "scaledObject" must be a parsed ScaledObject (see parseScaledObject) with spec.triggers',
    );
  }
  if (typeof options !== 'object' || options === null || typeof options.metricSpecs !== 'object') {
    fail('createScalingEngine: "options.metricSpecs" must map each trigger key to its MetricSpec[]');
  }
  const triggers = prepareTriggers(so, options.metricSpecs);
  const createdAt = options.createdAt ?? 0;
  if (!Number.isFinite(createdAt)) fail('createScalingEngine: "options.createdAt" must be a finite number (ms)');
  const failuresPerDecision = options.fallbackFailuresPerDecision ?? 1;
  if (!Number.isInteger(failuresPerDecision) || failuresPerDecision < 1) {
    fail('createScalingEngine: "options.fallbackFailuresPerDecision" must be an integer >= 1');
  }
  const legacy = options.hpa?.legacy;
  const userBehavior = effectiveBehavior(so);
  const behavior = userBehavior === undefined ? undefined : resolveBehavior(userBehavior, legacy);
  const base = resolveTolerance('createScalingEngine', options.hpa?.tolerance);
  const modifiers = compileScalingModifiers(so);
  return {
    so,
    triggers,
    createdAt,
    failuresPerDecision,
    behavior,
    // HPAConfigurableTolerance: a per-direction tolerance in the behavior overrides the controller's.
    tolerance: {
      scaleUp: behavior?.scaleUp.tolerance ?? base.scaleUp,
      scaleDown: behavior?.scaleDown.tolerance ?? base.scaleDown,
    },
    legacyFactor: legacy?.scaleUpLimitFactor ?? 2,
    legacyMinimum: legacy?.scaleUpLimitMinimum ?? 4,
    legacyWindowMs: (legacy?.downscaleStabilizationWindowSeconds ?? DEFAULT_DOWNSCALE_STABILIZATION_SECONDS) * SECOND,
    upWindowMs: (behavior?.scaleUp.stabilizationWindowSeconds ?? 0) * SECOND,
    downWindowMs: (behavior?.scaleDown.stabilizationWindowSeconds ?? 0) * SECOND,
    longestUpMs: behavior === undefined ? 0 : longestPeriodSeconds(behavior.scaleUp) * SECOND,
    longestDownMs: behavior === undefined ? 0 : longestPeriodSeconds(behavior.scaleDown) * SECOND,
    fallbackOn: fallbackConfigured(so, modifiers?.targetText),
    modifiers,
    resourceOnly: triggers.every((t) => t.resource),
    policies: preparePolicies(so, triggers, modifiers !== undefined, options.policies),
  };
}

/**
 * The policies from the ScaledObject's annotations (`so.policies`), each replaced by the same policy in
 * `options.policies`, checked against the triggers.
 */
function preparePolicies(
  so: ScaledObject,
  triggers: readonly PreparedTrigger[],
  usingModifiers: boolean,
  option: ScalingPolicies | undefined,
): ResolvedPolicies | undefined {
  if (option !== undefined && (typeof option !== 'object' || option === null)) {
    fail('createScalingEngine: "options.policies" must be an object (see ScalingPolicies)');
  }
  const fromManifest = so.policies;
  if (fromManifest === undefined && option === undefined) return undefined;
  const merged: ScalingPolicies = { ...fromManifest, ...option };
  const problems = checkScalingPolicies(merged, {
    triggerKeys: triggers.map((t) => t.key),
    resourceKeys: new Set(triggers.filter((t) => t.resource).map((t) => t.key)),
    usingModifiers,
  });
  if (problems.length > 0) {
    const where = (field: string) =>
      option !== undefined && (field.split('.')[0] ?? '') in option ? 'options.policies' : 'scaledObject.policies';
    fail(
      `createScalingEngine: ${problems.map((p) => `"${where(p.field)}${p.field === '' ? '' : `.${p.field}`}" ${p.message}`).join('; ')}`,
    );
  }
  return resolvePolicies(merged);
}
