import { ScalerError } from '../errors.js';
import { DEFAULT_DOWNSCALE_STABILIZATION_SECONDS, defaultBehavior, readScalingRules } from './behavior-defaults.js';
import { MAX_INT32, MIN_INT32, requireInput, requireNumber } from './quantity.js';
import type {
  DefaultedScalingRules,
  HpaBehavior,
  LegacyScalingOptions,
  NormalizeInput,
  NormalizeReason,
  NormalizeResult,
  Recommendation,
  ScaleEvent,
  StabilizationReason,
} from './types.js';

/** Kubernetes' legacy scale-up limit factor and minimum (`scaleUpLimitFactor`, `scaleUpLimitMinimum`). */
export const DEFAULT_SCALE_UP_LIMIT_FACTOR = 2;
export const DEFAULT_SCALE_UP_LIMIT_MINIMUM = 4;

/** Both directions of a behavior after API and controller defaulting. */
export interface ResolvedBehavior {
  scaleUp: DefaultedScalingRules & { stabilizationWindowSeconds: number };
  scaleDown: DefaultedScalingRules & { stabilizationWindowSeconds: number };
}

/**
 * API defaulting of both directions plus the controller's `maybeInitScaleDownStabilizationWindow`
 * (an unset scale-down window becomes `downscaleStabilizationWindowSeconds`, default 300).
 */
export function resolveBehavior(behavior: HpaBehavior, legacy?: LegacyScalingOptions): ResolvedBehavior {
  const up = defaultBehavior(behavior.scaleUp, 'scaleUp');
  const down = defaultBehavior(behavior.scaleDown, 'scaleDown');
  return {
    // API defaulting always sets the scale-up window (0 when unset); only the scale-down one can stay nil.
    scaleUp: { ...up, stabilizationWindowSeconds: up.stabilizationWindowSeconds as number },
    scaleDown: {
      ...down,
      stabilizationWindowSeconds:
        down.stabilizationWindowSeconds ??
        legacy?.downscaleStabilizationWindowSeconds ??
        DEFAULT_DOWNSCALE_STABILIZATION_SECONDS,
    },
  };
}

/** Stores `{replicas, timestamp}` in slot `old` (reusing the object) or appends it. */
function storeRecommendation(list: Recommendation[], old: number, replicas: number, now: number): void {
  if (old >= 0) {
    const slot = list[old] as Recommendation;
    slot.replicas = replicas;
    slot.timestamp = now;
  } else {
    list.push({ timestamp: now, replicas });
  }
}

/**
 * Legacy `stabilizeRecommendation` on a list it owns (modified in place): the max over the window,
 * including `desired`; the LAST entry older than the window is overwritten, else the proposal is appended.
 */
export function stabilizeLegacyInPlace(list: Recommendation[], now: number, desired: number, windowMs: number): number {
  const cutoff = now - windowMs;
  let maxRec = desired;
  let old = -1;
  for (let i = 0; i < list.length; i++) {
    const r = list[i] as Recommendation;
    if (r.timestamp < cutoff) old = i;
    else if (r.replicas > maxRec) maxRec = r.replicas;
  }
  storeRecommendation(list, old, desired, now);
  return maxRec;
}

/**
 * `stabilizeRecommendationWithBehaviors` on a list it owns (modified in place): the minimum over the
 * scale-up window and the maximum over the scale-down window (both strict: `t > now - W`), the result
 * clamped toward `current`. The raw `desired` is stored in the LAST slot older than both windows, or appended.
 */
export function stabilizeWithBehaviorInPlace(
  list: Recommendation[],
  now: number,
  current: number,
  desired: number,
  upWindowMs: number,
  downWindowMs: number,
): number {
  const upCut = now - upWindowMs;
  const downCut = now - downWindowMs;
  let up = desired;
  let down = desired;
  let old = -1;
  for (let i = 0; i < list.length; i++) {
    const r = list[i] as Recommendation;
    const t = r.timestamp;
    if (t > upCut && r.replicas < up) up = r.replicas;
    if (t > downCut && r.replicas > down) down = r.replicas;
    if (t < upCut && t < downCut) old = i;
  }
  let rec = current;
  if (rec < up) rec = up;
  if (rec > down) rec = down;
  storeRecommendation(list, old, desired, now);
  return rec;
}

/** `getReplicasChangePerPeriod`: the sum of changes strictly inside the period; `outdated` is ignored. */
export function changeInPeriod(events: readonly ScaleEvent[], now: number, periodSeconds: number): number {
  const cutoff = now - periodSeconds * 1000;
  let sum = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as ScaleEvent;
    if (e.timestamp > cutoff) sum += e.replicaChange;
  }
  return sum;
}

/** The replica count at the start of a policy period: undo the scale-ups inside it, add back the scale-downs. */
function replicasAtPeriodStart(
  current: number,
  upEvents: readonly ScaleEvent[],
  downEvents: readonly ScaleEvent[],
  periodSeconds: number,
  now: number,
): number {
  return current - changeInPeriod(upEvents, now, periodSeconds) + changeInPeriod(downEvents, now, periodSeconds);
}

/** `calculateScaleUpLimitWithScalingRules`: percent policies round UP, computed in float64 order. */
export function scaleUpLimit(
  current: number,
  upEvents: readonly ScaleEvent[],
  downEvents: readonly ScaleEvent[],
  rules: DefaultedScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const useMin = rules.selectPolicy === 'Min';
  let result = useMin ? MAX_INT32 : MIN_INT32;
  for (const p of rules.policies) {
    const start = replicasAtPeriodStart(current, upEvents, downEvents, p.periodSeconds, now);
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = useMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** `calculateScaleDownLimitWithBehaviors`: percent policies TRUNCATE toward zero; may be negative. */
export function scaleDownLimit(
  current: number,
  upEvents: readonly ScaleEvent[],
  downEvents: readonly ScaleEvent[],
  rules: DefaultedScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const useMin = rules.selectPolicy === 'Min';
  // Min = the least removal = the highest floor.
  let result = useMin ? MIN_INT32 : MAX_INT32;
  for (const p of rules.policies) {
    const start = replicasAtPeriodStart(current, upEvents, downEvents, p.periodSeconds, now);
    // `+ 0`: trunc of a tiny negative product is -0, which is not a replica count.
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100)) + 0;
    result = useMin ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** Result of the rate/limit step. */
export interface LimitResult {
  replicas: number;
  reason: NormalizeReason;
  limit: number | undefined;
}

/** `convertDesiredReplicasWithBehaviorRate` (strict comparisons pick the reason). */
export function applyBehaviorRate(
  now: number,
  current: number,
  desired: number,
  min: number,
  max: number,
  behavior: ResolvedBehavior,
  upEvents: readonly ScaleEvent[],
  downEvents: readonly ScaleEvent[],
): LimitResult {
  if (desired > current) {
    let lim = scaleUpLimit(current, upEvents, downEvents, behavior.scaleUp, now);
    if (lim < current) lim = current;
    const [allowed, reason]: [number, NormalizeReason] = max > lim ? [lim, 'ScaleUpLimit'] : [max, 'TooManyReplicas'];
    if (desired > allowed) return { replicas: allowed, reason, limit: lim };
    return { replicas: desired, reason: 'DesiredWithinRange', limit: lim };
  }
  if (desired < current) {
    let lim = scaleDownLimit(current, upEvents, downEvents, behavior.scaleDown, now);
    if (lim > current) lim = current;
    const [allowed, reason]: [number, NormalizeReason] = min < lim ? [lim, 'ScaleDownLimit'] : [min, 'TooFewReplicas'];
    if (desired < allowed) return { replicas: allowed, reason, limit: lim };
    return { replicas: desired, reason: 'DesiredWithinRange', limit: lim };
  }
  return { replicas: desired, reason: 'DesiredWithinRange', limit: undefined };
}

/** `convertDesiredReplicasWithRules` (legacy, no behavior): ×factor or +minimum per reconcile. */
export function applyLegacyRules(
  current: number,
  stabilized: number,
  min: number,
  max: number,
  legacy: LegacyScalingOptions | undefined,
): LimitResult {
  const factor = legacy?.scaleUpLimitFactor ?? DEFAULT_SCALE_UP_LIMIT_FACTOR;
  const minimum = legacy?.scaleUpLimitMinimum ?? DEFAULT_SCALE_UP_LIMIT_MINIMUM;
  const limit = Math.trunc(Math.max(factor * current, minimum));
  const [allowed, cond]: [number, NormalizeReason] = max > limit ? [limit, 'ScaleUpLimit'] : [max, 'TooManyReplicas'];
  if (stabilized < min) return { replicas: min, reason: 'TooFewReplicas', limit };
  if (stabilized > allowed) return { replicas: allowed, reason: cond, limit };
  return { replicas: stabilized, reason: 'DesiredWithinRange', limit };
}

function stabilizationReasonOf(
  behavior: boolean,
  desired: number,
  current: number,
  stabilized: number,
): StabilizationReason {
  if (stabilized === desired) return 'ReadyForNewScale';
  if (!behavior) return 'ScaleDownStabilized';
  return desired >= current ? 'ScaleUpStabilized' : 'ScaleDownStabilized';
}

interface ReadInput {
  now: number;
  current: number;
  desired: number;
  min: number;
  max: number;
  behavior: HpaBehavior | undefined;
  recommendations: Recommendation[];
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
  legacy: LegacyScalingOptions;
}

const FN = 'hpa.normalize';

function list(path: string, value: unknown): readonly unknown[] {
  // A Go nil slice arrives as null: no history.
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new ScalerError(`${FN}: "${path}" must be an array (or null for none), got ${typeof value}`, {
      code: 'INVALID_ARGUMENT',
    });
  }
  return value;
}

function entry(path: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    throw new ScalerError(`${FN}: "${path}" must be an object, got ${value === null ? 'null' : typeof value}`, {
      code: 'INVALID_ARGUMENT',
    });
  }
  return value as Record<string, unknown>;
}

function readEvents(path: string, value: unknown): ScaleEvent[] {
  return list(path, value).map((raw, i) => {
    const e = entry(`${path}[${i}]`, raw);
    return {
      timestamp: requireNumber(FN, `${path}[${i}].timestamp`, e.timestamp),
      replicaChange: requireNumber(FN, `${path}[${i}].replicaChange`, e.replicaChange),
      outdated: e.outdated === true,
    };
  });
}

function readLegacy(value: unknown): LegacyScalingOptions {
  if (value === undefined || value === null) return {};
  const l = entry('legacy', value);
  const out: LegacyScalingOptions = {};
  const read = (key: keyof LegacyScalingOptions) => {
    const v = l[key];
    if (v !== undefined && v !== null) out[key] = requireNumber(FN, `legacy.${key}`, v, 'nonNegative');
  };
  read('scaleUpLimitFactor');
  read('scaleUpLimitMinimum');
  read('downscaleStabilizationWindowSeconds');
  return out;
}

/** Validates and coerces the input (numeric strings, `null` for unset) into plain numbers and fresh lists. */
function readInput(input: NormalizeInput): ReadInput {
  requireInput(FN, input, '{ now, currentReplicas, desiredReplicas, minReplicas, maxReplicas, ... }');
  let behavior: HpaBehavior | undefined;
  if (input.behavior !== undefined && input.behavior !== null) {
    const b = entry('behavior', input.behavior);
    behavior = {
      scaleUp: readScalingRules(FN, 'behavior.scaleUp', b.scaleUp) as HpaBehavior['scaleUp'],
      scaleDown: readScalingRules(FN, 'behavior.scaleDown', b.scaleDown) as HpaBehavior['scaleDown'],
    };
  }
  return {
    now: requireNumber(FN, 'now', input.now),
    current: requireNumber(FN, 'currentReplicas', input.currentReplicas, 'nonNegative'),
    desired: requireNumber(FN, 'desiredReplicas', input.desiredReplicas),
    min: requireNumber(FN, 'minReplicas', input.minReplicas, 'nonNegative'),
    max: requireNumber(FN, 'maxReplicas', input.maxReplicas, 'nonNegative'),
    behavior,
    recommendations: list('recommendations', input.recommendations).map((raw, i) => {
      const r = entry(`recommendations[${i}]`, raw);
      return {
        timestamp: requireNumber(FN, `recommendations[${i}].timestamp`, r.timestamp),
        replicas: requireNumber(FN, `recommendations[${i}].replicas`, r.replicas),
      };
    }),
    scaleUpEvents: readEvents('scaleUpEvents', input.scaleUpEvents),
    scaleDownEvents: readEvents('scaleDownEvents', input.scaleDownEvents),
    legacy: readLegacy(input.legacy),
  };
}

/**
 * The HPA's normalization step: stabilization window(s), then rate limits (with `behavior`) or the legacy
 * ×2/+4 scale-up limit and 5-minute downscale window (without), then min/max. Pure: inputs are not modified;
 * the returned `recommendations` is the new list to pass next time (the raw `desiredReplicas` stored with
 * upstream's slot reuse). Scale events are recorded separately with `hpa.recordScaleEvent` once the new
 * count has been applied.
 *
 * Inputs: times are milliseconds; a window includes a recommendation or event only when it is strictly
 * younger than the window (`timestamp > now - window`), and the legacy path counts a recommendation at
 * exactly `now - 300 s` (Go's `!Before(cutoff)`). `behavior` uses the Kubernetes YAML shape; missing or
 * `null` parts take Kubernetes' defaults (`hpa.defaultBehavior`). Numbers may be numeric strings.
 *
 * **Unset scale-down window.** With `behavior` present and `scaleDown.stabilizationWindowSeconds` unset, the
 * window is 300 s: the API leaves it nil and the controller fills it from
 * `--horizontal-pod-autoscaler-downscale-stabilization` (`maybeInitScaleDownStabilizationWindow`), which is
 * what a running HPA does. Kubernetes' `TestNormalizeDesiredReplicasWithBehavior` calls the inner function
 * directly, where an unset window is 0; to get that behaviour pass `legacy: { downscaleStabilizationWindowSeconds: 0 }`
 * (the same controller flag) or set `scaleDown.stabilizationWindowSeconds: 0` explicitly.
 *
 * @example
 * const r = hpa.normalize({ now, currentReplicas: 4, desiredReplicas: 10, minReplicas: 1, maxReplicas: 20,
 *   behavior: {}, recommendations: [], scaleUpEvents: [], scaleDownEvents: [] });
 * // r.replicas === 8 (Percent 100 / 15 s beats Pods 4), r.reason === 'ScaleUpLimit'
 */
export function normalize(input: NormalizeInput): NormalizeResult {
  const read = readInput(input);
  const { now, current, desired, min, max, behavior: rawBehavior, recommendations, legacy } = read;
  if (rawBehavior === undefined) {
    const windowSeconds = legacy.downscaleStabilizationWindowSeconds ?? DEFAULT_DOWNSCALE_STABILIZATION_SECONDS;
    const stabilized = stabilizeLegacyInPlace(recommendations, now, desired, windowSeconds * 1000);
    const limited = applyLegacyRules(current, stabilized, min, max, legacy);
    return result(limited, stabilized, stabilizationReasonOf(false, desired, current, stabilized), recommendations);
  }
  const behavior = resolveBehavior(rawBehavior, legacy);
  const stabilized = stabilizeWithBehaviorInPlace(
    recommendations,
    now,
    current,
    desired,
    behavior.scaleUp.stabilizationWindowSeconds * 1000,
    behavior.scaleDown.stabilizationWindowSeconds * 1000,
  );
  return result(
    applyBehaviorRate(now, current, stabilized, min, max, behavior, read.scaleUpEvents, read.scaleDownEvents),
    stabilized,
    stabilizationReasonOf(true, desired, current, stabilized),
    recommendations,
  );
}

function result(
  limited: LimitResult,
  stabilized: number,
  stabilizationReason: StabilizationReason,
  recommendations: Recommendation[],
): NormalizeResult {
  const out: NormalizeResult = {
    replicas: limited.replicas,
    reason: limited.reason,
    limited: limited.replicas !== stabilized,
    stabilizedReplicas: stabilized,
    stabilizationReason,
    recommendations,
  };
  if (limited.limit !== undefined) out.scaleLimit = limited.limit;
  return out;
}
