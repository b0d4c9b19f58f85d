import { MAX_INT32, MAX_INT64, requireInput, requireNumber, toMilli } from './quantity.js';
import { isWithinTolerance, resolveTolerance } from './tolerance.js';
import type { ReplicaProposal, ReplicasForAverageValueInput, ReplicasForValueInput, Tolerance } from './types.js';

function seriesOf(fn: string, metricValue: unknown): readonly unknown[] {
  if (Array.isArray(metricValue)) return metricValue;
  requireNumber(fn, 'metricValue', metricValue); // throws with the parameter name unless numeric
  return [metricValue];
}

/** Value path (RC-new): the sum is capped at MaxInt64 BEFORE an addition could overflow. */
function sumMilliValue(fn: string, metricValue: unknown): number {
  const series = seriesOf(fn, metricValue);
  let usage = 0;
  for (let i = 0; i < series.length; i++) {
    const v = toMilli(requireNumber(fn, Array.isArray(metricValue) ? `metricValue[${i}]` : 'metricValue', series[i]));
    if (v > 0 && usage > MAX_INT64 - v) return MAX_INT64;
    usage += v;
  }
  return usage;
}

/**
 * AverageValue path (RC-new): an int64 wrapping add, capped at MaxInt64 once the sum turns negative. In
 * doubles a sum past 2^63 is what would have wrapped; a negative sum (negative values) is capped the same way.
 */
function sumMilliPerPod(fn: string, metricValue: unknown): number {
  const series = seriesOf(fn, metricValue);
  let usage = 0;
  for (let i = 0; i < series.length; i++) {
    usage += toMilli(requireNumber(fn, Array.isArray(metricValue) ? `metricValue[${i}]` : 'metricValue', series[i]));
    if (usage < 0 || usage > MAX_INT64) return MAX_INT64;
  }
  return usage;
}

/** Core of `replicasForValue` on milli-unit numbers; no validation, no allocation beyond the result. */
export function valueReplicasMilli(
  currentReplicas: number,
  readyReplicas: number,
  usageMilli: number,
  targetMilli: number,
  tolerance: Tolerance,
): { replicas: number; ratio: number; withinTolerance: boolean } {
  const ratio = usageMilli / targetMilli;
  if (currentReplicas !== 0) {
    if (isWithinTolerance(ratio, tolerance)) return { replicas: currentReplicas, ratio, withinTolerance: true };
    const f = ratio * readyReplicas;
    return { replicas: f > MAX_INT32 ? MAX_INT32 : Math.ceil(f) + 0, ratio, withinTolerance: false };
  }
  // From zero: no tolerance, no ready-pod count, no clamp.
  return { replicas: Math.ceil(ratio) + 0, ratio, withinTolerance: false }; // + 0: no -0 from a negative ratio
}

/** Core of `replicasForAverageValue` on milli-unit numbers. */
export function averageValueReplicasMilli(
  statusReplicas: number,
  usageMilli: number,
  targetMilli: number,
  tolerance: Tolerance,
): { replicas: number; ratio: number; withinTolerance: boolean; averageMilli: number } {
  const ratio = usageMilli / (targetMilli * statusReplicas);
  const averageMilli =
    statusReplicas === 0 ? usageMilli : usageMilli >= MAX_INT64 ? MAX_INT64 : Math.ceil(usageMilli / statusReplicas);
  if (isWithinTolerance(ratio, tolerance)) {
    return { replicas: statusReplicas, ratio, withinTolerance: true, averageMilli };
  }
  const r = Math.ceil(usageMilli / targetMilli);
  return { replicas: Math.min(r, MAX_INT32), ratio, withinTolerance: false, averageMilli };
}

/**
 * Replicas the HPA proposes for an External metric with a `Value` target
 * (`GetExternalMetricReplicas`). Values are rounded up to milli-units first, as `Quantity.MilliValue()` does.
 *
 * @example
 * hpa.replicasForValue({ currentReplicas: 3, readyReplicas: 1, metricValue: 19.5, targetValue: 10 })
 * // → { replicas: 2, usage: 19.5, ... }  (ratio 1.95 × 1 ready pod)
 */
export function replicasForValue(input: ReplicasForValueInput): ReplicaProposal {
  const fn = 'hpa.replicasForValue';
  requireInput(fn, input, '{ currentReplicas, readyReplicas?, metricValue, targetValue, tolerance? }');
  const current = requireNumber(fn, 'currentReplicas', input.currentReplicas, 'nonNegative');
  const ready =
    input.readyReplicas === undefined || input.readyReplicas === null
      ? current
      : requireNumber(fn, 'readyReplicas', input.readyReplicas, 'nonNegative');
  const targetMilli = toMilli(requireNumber(fn, 'targetValue', input.targetValue, 'positive'));
  const usageMilli = sumMilliValue(fn, input.metricValue);
  const r = valueReplicasMilli(current, ready, usageMilli, targetMilli, resolveTolerance(fn, input.tolerance));
  return { replicas: r.replicas, usage: usageMilli / 1000, ratio: r.ratio, withinTolerance: r.withinTolerance };
}

/**
 * Replicas the HPA proposes for an External metric with an `AverageValue` target
 * (`GetExternalPerPodMetricReplicas`): `ceil(total / target)` unless the ratio against `currentReplicas`
 * (the target's status replicas) is within tolerance, in which case `currentReplicas` is kept.
 * With `currentReplicas` 0 the ratio is never within tolerance; `usage` is then the total.
 *
 * @example
 * hpa.replicasForAverageValue({ currentReplicas: 2, metricValue: 50, targetAverageValue: 10 }) // → replicas 5
 */
export function replicasForAverageValue(input: ReplicasForAverageValueInput): ReplicaProposal {
  const fn = 'hpa.replicasForAverageValue';
  requireInput(fn, input, '{ currentReplicas, metricValue, targetAverageValue, tolerance? }');
  const status = requireNumber(fn, 'currentReplicas', input.currentReplicas, 'nonNegative');
  const targetMilli = toMilli(requireNumber(fn, 'targetAverageValue', input.targetAverageValue, 'positive'));
  const usageMilli = sumMilliPerPod(fn, input.metricValue);
  const r = averageValueReplicasMilli(status, usageMilli, targetMilli, resolveTolerance(fn, input.tolerance));
  return { replicas: r.replicas, usage: r.averageMilli / 1000, ratio: r.ratio, withinTolerance: r.withinTolerance };
}
