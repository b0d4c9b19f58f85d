import { scaleDownLimit, scaleUpLimit } from '../hpa/normalize.js';
import { MAX_INT64 } from '../hpa/quantity.js';
import { averageValueReplicasMilli, valueReplicasMilli } from '../hpa/replicas.js';
import { storeScaleEventInPlace } from '../hpa/scale-events.js';
import type { NormalizeReason } from '../hpa/types.js';
import type { ScaledObjectSpec } from '../manifest/types.js';
import type { EngineConfig } from './config.js';
import { adjustHpaReplicas, queueTimeInputs } from './policies/runtime.js';
import type { EngineState } from './state.js';
import type { MetricInput } from './trigger-step.js';
import type { HpaExplanation, MetricExplanation } from './types.js';

interface Normalized {
  replicas: number;
  reason: NormalizeReason;
  stabilized: number;
  limit: number | undefined;
}

/** The HPA's `minReplicas` for a ScaledObject: `max(minReplicaCount, 1)`. */
function hpaMin(config: EngineConfig): number {
  return Math.max(config.so.spec.minReplicaCount, 1);
}

/**
 * Whether the HPA fetches metrics at `replicas`: inside [max(minReplicaCount, 1), maxReplicaCount]. At 0 it is
 * disabled and outside the range it only clamps (`reconcileAutoscaler` in Kubernetes v1.33
 * pkg/controller/podautoscaler/horizontal.go). The autoscaler asks before fetching.
 */
export function hpaFetchesMetrics(
  spec: Pick<ScaledObjectSpec, 'minReplicaCount' | 'maxReplicaCount'>,
  replicas: number,
): boolean {
  return replicas >= Math.max(spec.minReplicaCount, 1) && replicas <= spec.maxReplicaCount;
}

/** The HPA explanation when it did not run (paused, or the executor wrote a count this instant). */
export function skippedHpa(config: EngineConfig, desired: number): HpaExplanation {
  return {
    branch: 'skipped',
    minReplicas: hpaMin(config),
    maxReplicas: config.so.spec.maxReplicaCount,
    metrics: [],
    desiredReplicas: desired,
    behavior: config.behavior !== undefined,
  };
}

/**
 * One HPA reconcile (`reconcileAutoscaler`, `computeReplicasForMetrics` and `normalizeDesiredReplicas[WithBehaviors]`
 * in Kubernetes v1.33 pkg/controller/podautoscaler/horizontal.go, the replica calculator's `GetExternalMetricReplicas` /
 * `GetExternalPerPodMetricReplicas`) on the engine's own history: disabled at 0, clamp into
 * [min, max] without metrics, else the max over metric proposals (with the invalid-metric scale-down
 * guard), normalized by the behavior or the legacy rules; records the scale event when it changes the count.
 */
export function reconcileHpa(
  config: EngineConfig,
  state: EngineState,
  now: number,
  current: number,
  ready: number,
  inputs: MetricInput[],
): HpaExplanation {
  const min = hpaMin(config);
  const max = config.so.spec.maxReplicaCount;
  const h: HpaExplanation = {
    branch: 'metrics',
    minReplicas: min,
    maxReplicas: max,
    metrics: [],
    desiredReplicas: current,
    behavior: config.behavior !== undefined,
  };
  if (current === 0) {
    h.branch = 'disabled'; // ScalingActive=False ScalingDisabled
    return h;
  }
  if (current > max || current < min) {
    h.branch = current > max ? 'aboveMaximum' : 'belowMinimum';
    h.desiredReplicas = current > max ? max : min;
    recordScaleEvent(config, state, now, current, h.desiredReplicas);
    return h;
  }
  // scalerkit's queue-time policy evaluates a backlog against `rate × targetSeconds` items per replica.
  if (config.policies !== undefined) inputs = queueTimeInputs(config.policies, state.policies, inputs);
  let proposal = 0;
  let winner = -1;
  let invalid = 0;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i] as MetricInput;
    const m = input.metric;
    const me: MetricExplanation = {
      triggerKey: m.triggerKey,
      metricName: m.metricName,
      targetType: m.targetType,
      target: m.target,
    };
    if (input.fallback) me.fallback = true;
    h.metrics.push(me);
    if (input.invalid !== undefined) {
      me.invalid = input.invalid;
      invalid++;
      continue;
    }
    const valueMilli = int64Milli(input.valueMilli);
    me.value = valueMilli / 1000;
    let replicas: number;
    if (m.targetType === 'AverageValue') {
      const r = averageValueReplicasMilli(current, valueMilli, m.targetMilli, config.tolerance);
      replicas = r.replicas;
      me.usage = r.averageMilli / 1000;
      me.ratio = r.ratio;
      me.withinTolerance = r.withinTolerance;
    } else {
      const r = valueReplicasMilli(current, ready, valueMilli, m.targetMilli, config.tolerance);
      replicas = r.replicas;
      me.usage = me.value;
      me.ratio = r.ratio;
      me.withinTolerance = r.withinTolerance;
    }
    me.proposedReplicas = replicas;
    if (winner === -1 || replicas > proposal) {
      proposal = replicas;
      winner = i;
    }
  }
  h.invalidMetrics = invalid;
  if (invalid >= inputs.length || (invalid > 0 && proposal < current)) {
    h.aborted = true; // the HPA keeps the current count
    return h;
  }
  const desired = Math.max(0, proposal);
  h.proposedReplicas = desired;
  h.winningMetric = (inputs[winner] as MetricInput).metric.metricName;
  const result = normalize(config, state, now, current, desired, min, max);
  h.stabilizedReplicas = result.stabilized;
  h.stabilizationReason =
    result.stabilized === desired
      ? 'ReadyForNewScale'
      : desired >= current && config.behavior !== undefined
        ? 'ScaleUpStabilized'
        : 'ScaleDownStabilized';
  h.limitReason = result.reason;
  if (result.limit !== undefined) h.limit = result.limit;
  if (config.policies !== undefined) {
    // scalerkit's opt-in policies (panic, scale-in cooldown, a held trigger error) on the HPA's result.
    result.replicas = adjustHpaReplicas(config.policies, state.policies, {
      now,
      current,
      ready,
      demand: desired,
      normal: result.replicas,
      maxReplicas: max,
    });
  }
  h.desiredReplicas = result.replicas;
  if (result.replicas !== current) recordScaleEvent(config, state, now, current, result.replicas);
  return h;
}

/**
 * A metric value in milli-units within int64, as a Kubernetes quantity's `MilliValue()` is: a sum of huge
 * values (or a formula's result) past ±2^63 is capped there, so the ratios stay finite and every
 * proposal is an integer (the HPA's usage overflow cap, `MAX_INT64`, as in the replica calculator).
 */
function int64Milli(valueMilli: number): number {
  if (valueMilli > MAX_INT64) return MAX_INT64;
  if (valueMilli < -MAX_INT64) return -MAX_INT64;
  return valueMilli;
}

/** `normalizeDesiredReplicas[WithBehaviors]` on the engine's own history (no allocation on the hot path). */
function normalize(
  config: EngineConfig,
  state: EngineState,
  now: number,
  current: number,
  desired: number,
  min: number,
  max: number,
): Normalized {
  const history = state.history;
  const b = config.behavior;
  if (b === undefined) {
    const cutoff = now - config.legacyWindowMs;
    history.prune(cutoff, false);
    const stabilized = history.maxSince(cutoff, desired);
    history.push(now, desired);
    const limit = Math.trunc(Math.max(config.legacyFactor * current, config.legacyMinimum));
    const upReason: NormalizeReason = max > limit ? 'ScaleUpLimit' : 'TooManyReplicas';
    const allowed = Math.min(max, limit);
    if (stabilized < min) return { replicas: min, reason: 'TooFewReplicas', stabilized, limit };
    if (stabilized > allowed) return { replicas: allowed, reason: upReason, stabilized, limit };
    return { replicas: stabilized, reason: 'DesiredWithinRange', stabilized, limit };
  }
  history.prune(now - Math.max(config.upWindowMs, config.downWindowMs), true);
  const stabilized = history.stabilize(now, current, desired, config.upWindowMs, config.downWindowMs);
  history.push(now, desired);
  if (stabilized > current) {
    let lim = scaleUpLimit(current, state.scaleUpEvents, state.scaleDownEvents, b.scaleUp, now);
    if (lim < current) lim = current;
    const limited = max > lim;
    const allowed = limited ? lim : max;
    if (stabilized > allowed) {
      return { replicas: allowed, reason: limited ? 'ScaleUpLimit' : 'TooManyReplicas', stabilized, limit: lim };
    }
    return { replicas: stabilized, reason: 'DesiredWithinRange', stabilized, limit: lim };
  }
  if (stabilized < current) {
    let lim = scaleDownLimit(current, state.scaleUpEvents, state.scaleDownEvents, b.scaleDown, now);
    if (lim > current) lim = current;
    const limited = min < lim;
    const allowed = limited ? lim : min;
    if (stabilized < allowed) {
      return { replicas: allowed, reason: limited ? 'ScaleDownLimit' : 'TooFewReplicas', stabilized, limit: lim };
    }
    return { replicas: stabilized, reason: 'DesiredWithinRange', stabilized, limit: lim };
  }
  return { replicas: stabilized, reason: 'DesiredWithinRange', stabilized, limit: undefined };
}

/** `storeScaleEvent`: only with a behavior, after the HPA rescaled. */
function recordScaleEvent(config: EngineConfig, state: EngineState, now: number, previous: number, next: number): void {
  if (config.behavior === undefined) return; // HPAs without behavior keep no events
  if (next > previous) storeScaleEventInPlace(state.scaleUpEvents, now, next - previous, config.longestUpMs);
  else storeScaleEventInPlace(state.scaleDownEvents, now, previous - next, config.longestDownMs);
}
