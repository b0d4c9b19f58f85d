/** One HPA scaling policy (`behavior.scaleUp.policies[]`). */
export interface HpaScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

/** `behavior.scaleUp` / `behavior.scaleDown` in the Kubernetes YAML shape; every field optional. */
export interface HpaScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: HpaScalingPolicy[];
  /** Per-direction tolerance (Kubernetes `HPAConfigurableTolerance`), e.g. 0.05. */
  tolerance?: number;
}

/** `spec.behavior` of an HPA (KEDA: `advanced.horizontalPodAutoscalerConfig.behavior`). */
export interface HpaBehavior {
  scaleUp?: HpaScalingRules;
  scaleDown?: HpaScalingRules;
}

/** Tolerance of the usage ratio, per direction; Kubernetes' default is 0.1 each. */
export interface Tolerance {
  scaleUp: number;
  scaleDown: number;
}

/** One unstabilized replica proposal kept for the stabilization windows. Times are milliseconds. */
export interface Recommendation {
  timestamp: number;
  replicas: number;
}

/** One applied scale change, kept for the rate-limit policies. `replicaChange` is an absolute value. */
export interface ScaleEvent {
  timestamp: number;
  replicaChange: number;
  outdated?: boolean;
}

/** Why `normalize` returned what it returned (the HPA's `ScalingLimited` reasons). */
export type NormalizeReason =
  | 'DesiredWithinRange'
  | 'ScaleUpLimit'
  | 'TooManyReplicas'
  | 'ScaleDownLimit'
  | 'TooFewReplicas';

/** `HpaScalingRules` as it may arrive from JSON: unset fields may be `null`. */
export interface HpaScalingRulesInput {
  stabilizationWindowSeconds?: number | null;
  selectPolicy?: 'Max' | 'Min' | 'Disabled' | null;
  policies?: HpaScalingPolicy[] | null;
  tolerance?: number | null;
}

/**
 * One direction's rules after Kubernetes API defaulting (`GenerateHPAScaleUpRules` / `...ScaleDownRules`).
 * `stabilizationWindowSeconds` stays `null` for an unset scale-down window: the controller fills it later
 * with its `--horizontal-pod-autoscaler-downscale-stabilization` flag (300 s).
 */
export interface DefaultedScalingRules {
  stabilizationWindowSeconds: number | null;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: HpaScalingPolicy[];
  tolerance?: number;
}

/** Direction of a behavior rule set. */
export type ScalingDirection = 'scaleUp' | 'scaleDown';

/** The HPA's `AbleToScale` reason for the stabilization step. */
export type StabilizationReason = 'ReadyForNewScale' | 'ScaleUpStabilized' | 'ScaleDownStabilized';

/**
 * Controller settings of the legacy path (an HPA without `behavior`), Kubernetes' defaults in brackets:
 * `scaleUpLimitFactor` [2], `scaleUpLimitMinimum` [4], `downscaleStabilizationWindowSeconds` [300].
 * The window also fills an unset `behavior.scaleDown.stabilizationWindowSeconds` (it is the same flag).
 */
export interface LegacyScalingOptions {
  scaleUpLimitFactor?: number;
  scaleUpLimitMinimum?: number;
  downscaleStabilizationWindowSeconds?: number;
}

/** Input of `hpa.normalize`. Times are milliseconds. Arrays are not modified. */
export interface NormalizeInput {
  now: number;
  currentReplicas: number;
  /** The raw proposal from the metrics (before stabilization and limits). */
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  /** `spec.behavior`; absent selects the legacy path (`normalizeDesiredReplicas`, Kubernetes v1.33 horizontal.go). */
  behavior?: HpaBehavior | null;
  recommendations: readonly Recommendation[];
  scaleUpEvents?: readonly ScaleEvent[];
  scaleDownEvents?: readonly ScaleEvent[];
  legacy?: LegacyScalingOptions;
}

/** Output of `hpa.normalize`. */
export interface NormalizeResult {
  /** The replica count the HPA would write. */
  replicas: number;
  /** The `ScalingLimited` reason. */
  reason: NormalizeReason;
  /** True when `replicas` differs from `stabilizedReplicas` (`ScalingLimited=True`). */
  limited: boolean;
  /** The recommendation after the stabilization window(s), before rate limits and min/max. */
  stabilizedReplicas: number;
  /** The `AbleToScale` reason of the stabilization step. */
  stabilizationReason: StabilizationReason;
  /** The recommendation list after storing `{desiredReplicas, now}` (slot reuse as upstream). */
  recommendations: Recommendation[];
  /** The limit the rate policies (behavior) or the legacy scale-up rule computed, when one was consulted. */
  scaleLimit?: number;
}

/** Input of `hpa.recordScaleEvent`. Times are milliseconds. Arrays are not modified. */
export interface RecordScaleEventInput {
  now: number;
  behavior?: HpaBehavior | null;
  previousReplicas: number;
  newReplicas: number;
  scaleUpEvents: readonly ScaleEvent[];
  scaleDownEvents: readonly ScaleEvent[];
}

/** Output of `hpa.recordScaleEvent`: the new event lists. */
export interface RecordScaleEventResult {
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
}

/**
 * A numeric input: a number, or (for values a Go test vector carries as int64 or a manifest as a quantity)
 * a bigint or a string such as `"9223372036854775807"`, `"1.5"` or `"100m"`.
 */
export type NumericInput = number | bigint | string;

/**
 * Tolerance accepted by the replica functions: one number for both directions, per direction
 * (`null` / missing parts are 0.1), or Go's positional `[scaleDown, scaleUp]`.
 */
export type ToleranceInput =
  | NumericInput
  | { scaleUp?: NumericInput | null; scaleDown?: NumericInput | null }
  | readonly [NumericInput | null, NumericInput | null];

/** Input of `hpa.replicasForValue` (External metric, `Value` target). */
export interface ReplicasForValueInput {
  /** `spec.replicas` of the target. */
  currentReplicas: NumericInput;
  /** Running and Ready pods; defaults to `currentReplicas` (also when `null`). */
  readyReplicas?: NumericInput | null;
  /** The metric value, or several series that are summed. */
  metricValue: NumericInput | readonly NumericInput[];
  targetValue: NumericInput;
  tolerance?: ToleranceInput | null;
}

/** Input of `hpa.replicasForAverageValue` (External metric, `AverageValue` target). */
export interface ReplicasForAverageValueInput {
  /** `status.replicas` of the target. */
  currentReplicas: NumericInput;
  /** The metric value, or several series that are summed. */
  metricValue: NumericInput | readonly NumericInput[];
  targetAverageValue: NumericInput;
  tolerance?: ToleranceInput | null;
}

/** A proposal of the replica functions. */
export interface ReplicaProposal {
  replicas: number;
  /**
   * Value target: the summed metric after milli rounding, in the caller's units.
   * AverageValue target: the reported per-pod average `ceil(totalMilli / currentReplicas)` in the caller's
   * units (with `currentReplicas` 0: the total).
   */
  usage: number;
  /** `usage / target` as the HPA computed it (Infinity or NaN are possible when scaling from 0). */
  ratio: number;
  /** True when the ratio was within tolerance and the current count was kept. */
  withinTolerance: boolean;
}
