import type { Fallback, ScaledObject } from '../manifest/types.js';

/**
 * KEDA's `HasValidFallback`. `modifiersTarget` is `scalingModifiers.target` when the object uses
 * scalingModifiers (then it must parse as an integer > 0), `undefined` otherwise.
 */
export function fallbackConfigured(so: ScaledObject, modifiersTarget: string | undefined): boolean {
  const f = so.spec.fallback;
  if (f === undefined || f === null) return false;
  if (!(f.failureThreshold >= 0) || !(f.replicas >= 0)) return false;
  if (modifiersTarget !== undefined) {
    if (!/^[+-]?\d+$/.test(modifiersTarget.trim()) || Number.parseInt(modifiersTarget, 10) <= 0) return false;
  }
  return true;
}

/** The replica count `R` a fallback aims for (`static` and unknown behaviors use `fallback.replicas`). */
export function fallbackReplicas(fallback: Fallback, currentReplicas: number): number {
  switch (fallback.behavior) {
    case 'currentReplicas':
      return currentReplicas;
    case 'currentReplicasIfHigher':
      return Math.max(currentReplicas, fallback.replicas);
    case 'currentReplicasIfLower':
      return Math.min(currentReplicas, fallback.replicas);
    default:
      return fallback.replicas;
  }
}

/**
 * The metric value KEDA reports in fallback: `int64(T * 1000 * R)` milli-units (truncated), where R is
 * divided by the ready pods for `Value` metrics so the HPA lands on R. Returns `undefined` (an error in
 * KEDA) for a `Value` metric with no ready pods.
 */
export function fallbackMetricValue(
  target: number,
  targetType: 'AverageValue' | 'Value',
  replicas: number,
  readyReplicas: number,
): number | undefined {
  let r = replicas;
  if (targetType === 'Value') {
    if (readyReplicas === 0) return undefined;
    r = r / readyReplicas;
  }
  // R = 0 is 0 whatever the target (a huge target times 1000 is Infinity, and Infinity × 0 would be NaN).
  if (r === 0) return 0;
  return Math.trunc(target * 1000 * r) / 1000;
}
