import type { Decision, ScaledObject } from '@scalerkit/core';

/** One entry of `status.conditions` as KEDA writes it (type, status, reason, message; no timestamps). */
export interface Condition {
  type: 'Ready' | 'Active' | 'Fallback' | 'Paused' | (string & {});
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/** KEDA v2.21.0 apis/keda/v1alpha1/condition_types.go: reasons and messages. */
export const READY_REASON = 'ScaledObjectReady';
export const READY_MESSAGE = 'ScaledObject is defined correctly and is ready for scaling';
export const PAUSED_REASON = 'ScaledObjectPaused';
export const PAUSED_MESSAGE = 'ScaledObject is paused';
const NO_FALLBACK = ['NoFallbackFound', 'No fallbacks are active on this scaled object'] as const;
const FALLBACK_EXISTS = ['FallbackExists', 'At least one trigger is falling back on this scaled object'] as const;

/** `GetInitializedConditions`: Ready, Active and Fallback Unknown, Paused False. */
export function initialConditions(): Condition[] {
  return [
    { type: 'Ready', status: 'Unknown' },
    { type: 'Active', status: 'Unknown' },
    { type: 'Fallback', status: 'Unknown' },
    { type: 'Paused', status: 'False' },
  ];
}

/** KEDA's `Conditions.AreInitialized`: the four types present. */
export function areInitialized(conditions: readonly Condition[] | undefined): boolean {
  const types = new Set((conditions ?? []).map((condition) => condition.type));
  return ['Ready', 'Active', 'Fallback', 'Paused'].every((type) => types.has(type));
}

/** KEDA's `SetCondition`: replaces the condition of that type in place (initialising the set first). */
export function setCondition(
  conditions: Condition[],
  type: Condition['type'],
  status: Condition['status'],
  reason?: string,
  message?: string,
): Condition[] {
  const next = areInitialized(conditions) ? conditions.map((condition) => ({ ...condition })) : initialConditions();
  const condition: Condition = { type, status };
  if (reason !== undefined) condition.reason = reason;
  if (message !== undefined) condition.message = message;
  const index = next.findIndex((entry) => entry.type === type);
  if (index >= 0) next[index] = condition;
  else next.push(condition);
  return next;
}

export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((condition) => condition.type === type);
}

/**
 * The conditions after a reconcile of the ScaledObject (KEDA v2.21.0 controllers/keda/scaledobject_controller.go
 * `Reconcile`, `reconcileScaledObject`): Ready from the check, Paused from the annotations, Fallback False when
 * no fallback is configured.
 */
export function reconcileConditions(
  previous: readonly Condition[] | undefined,
  scaledObject: ScaledObject,
  failure: { message: string } | undefined,
): Condition[] {
  let conditions: Condition[] = areInitialized(previous) ? [...(previous as Condition[])] : initialConditions();
  const wasPaused = findCondition(conditions, 'Paused')?.status === 'True';
  const { pause } = scaledObject;
  if (pause.paused || pause.pausedScaleIn || pause.pausedScaleOut) {
    conditions = setCondition(conditions, 'Paused', 'True', PAUSED_REASON, PAUSED_MESSAGE);
  } else if (wasPaused) {
    conditions = setCondition(
      conditions,
      'Paused',
      'False',
      'ScaledObjectUnpaused',
      'pause annotation removed for ScaledObject',
    );
  }
  if (failure) {
    conditions = setCondition(conditions, 'Ready', 'False', 'ScaledObjectCheckFailed', failure.message);
    conditions = setCondition(conditions, 'Active', 'Unknown', 'UnknownState', 'ScaledObject check failed');
  } else {
    // A paused ScaledObject's reconcile ends with the pause message (`handlePause` returns it as Ready's message).
    conditions = setCondition(conditions, 'Ready', 'True', READY_REASON, pause.paused ? PAUSED_MESSAGE : READY_MESSAGE);
  }
  if (!scaledObject.spec.fallback) conditions = setCondition(conditions, 'Fallback', 'False', ...NO_FALLBACK);
  return conditions;
}

/**
 * The conditions after one poll decision (KEDA v2.21.0 pkg/scaling/executor/scale_scaledobjects.go
 * `RequestScale`, `scaleToZeroOrIdle`; pkg/fallback/fallback.go `updateStatus`). `scaleError` is the failed
 * `setReplicas` of this decision, if any.
 */
export function decisionConditions(
  previous: readonly Condition[] | undefined,
  scaledObject: ScaledObject,
  decision: Decision,
  scaleError?: string,
): Condition[] {
  const { pause } = scaledObject;
  // KEDA stops the scale loop of a paused ScaledObject: its conditions stay as the reconcile left them.
  if (pause.paused) {
    return setCondition(
      areInitialized(previous) ? [...(previous as Condition[])] : initialConditions(),
      'Paused',
      'True',
      PAUSED_REASON,
      PAUSED_MESSAGE,
    );
  }
  let conditions: Condition[] = setCondition(
    areInitialized(previous) ? [...(previous as Condition[])] : initialConditions(),
    'Ready',
    'True',
    READY_REASON,
    READY_MESSAGE,
  );
  const forced = decision.explanation.activity.forced;
  const executor = decision.explanation.executor;
  if (decision.isActive || forced) {
    conditions = setCondition(
      conditions,
      'Active',
      'True',
      'ScalerActive',
      forced
        ? 'Scaling is performed because activation is being forced by annotation'
        : 'Scaling is performed because triggers are active',
    );
    if (decision.isError && executor.action !== 'activate') {
      conditions = setCondition(
        conditions,
        'Ready',
        'Unknown',
        'PartialTriggerError',
        'Some triggers defined in ScaledObject are not working correctly',
      );
    }
  } else {
    const cooling = executor.reason === 'Cooldown' || executor.reason === 'PausedScaleIn';
    conditions = setCondition(
      conditions,
      'Active',
      'False',
      cooling ? 'ScalerCooldown' : 'ScalerNotActive',
      cooling
        ? 'Scaler cooling down because triggers are not active'
        : 'Scaling is not performed because triggers are not active',
    );
    if (decision.isError && !scaledObject.spec.fallback) {
      conditions = setCondition(
        conditions,
        'Ready',
        'False',
        'TriggerError',
        'Triggers defined in ScaledObject are not working correctly',
      );
    }
  }
  if (scaleError !== undefined)
    conditions = setCondition(conditions, 'Ready', 'False', 'ErrorScalingTarget', scaleError);
  if (scaledObject.spec.fallback) {
    conditions = setCondition(
      conditions,
      'Fallback',
      decision.fallbackActive ? 'True' : 'False',
      ...(decision.fallbackActive ? FALLBACK_EXISTS : NO_FALLBACK),
    );
  } else {
    conditions = setCondition(conditions, 'Fallback', 'False', ...NO_FALLBACK);
  }
  return conditions;
}

/** `metav1.Time` as JSON: RFC 3339 in UTC, whole seconds. */
export function kubernetesTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/** Per-metric health as KEDA keeps it in `status.health` when a fallback is configured. */
export interface HealthStatus {
  numberOfFailures: number;
  status: 'Happy' | 'Failing';
}

/**
 * `status.health` from a decision's fallback state, only with `spec.fallback` (KEDA v2.21.0 pkg/fallback/fallback.go:
 * a failed query counts one more failure and `Failing`, an answer resets the metric to 0 and `Happy`).
 * `metricNames`: every metric of the ScaledObject (those without failures are `Happy`).
 */
export function healthOf(
  scaledObject: ScaledObject,
  decision: Decision,
  metricNames: readonly string[] = [],
): Record<string, HealthStatus> | undefined {
  if (!scaledObject.spec.fallback) return undefined;
  const health: Record<string, HealthStatus> = {};
  for (const name of metricNames) health[name] = { numberOfFailures: 0, status: 'Happy' };
  for (const trigger of decision.explanation.triggers) {
    for (const state of trigger.fallback ?? []) {
      health[state.metricName] = { numberOfFailures: state.failures, status: state.failures > 0 ? 'Failing' : 'Happy' };
    }
  }
  return health;
}

/** KEDA's `CombinedTriggersAndAuthenticationsTypes`: distinct trigger types and authentication names, comma-joined. */
export function triggersAndAuthenticationsTypes(scaledObject: {
  spec: { triggers: readonly { type: string; authenticationRef?: { name: string } }[] };
}): {
  triggersTypes: string;
  authenticationsTypes: string;
} {
  const types: string[] = [];
  const auths: string[] = [];
  for (const trigger of scaledObject.spec.triggers) {
    if (!types.includes(trigger.type)) types.push(trigger.type);
    const name = trigger.authenticationRef?.name;
    if (name && !auths.includes(name)) auths.push(name);
  }
  return { triggersTypes: types.join(','), authenticationsTypes: auths.join(',') };
}
