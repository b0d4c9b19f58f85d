import type { LegacyScalingOptions, ToleranceInput } from '../hpa/types.js';
import type { MetricSpec, MetricValue } from '../types.js';
import type { PolicyExplanation, PolicySnapshot, ScalingPolicies } from './policies/types.js';

/** What one trigger reported at one instant. */
export interface TriggerObservation {
  isActive: boolean;
  metrics?: MetricValue[];
  /** Present when the poll failed. */
  error?: unknown;
}

/**
 * Which of KEDA's two loops a decide stands for: `'poll'` is KEDA's scale loop (`startScaleLoop` in KEDA v2.21
 * pkg/scaling/scale_handler.go; activity, the executor: 0 ⇄ 1, idle ⇄ min, cooldown), `'hpa'` is one
 * reconcile of the Kubernetes HPA that KEDA generates (controllers/keda/hpa.go; 1 ⇄ N).
 */
export type DecisionPhase = 'poll' | 'hpa';

/**
 * Input of one `ScalingEngine.decide` call. `now` is milliseconds; the engine never reads a clock, and a `now`
 * earlier than the latest one it has seen is clamped to that latest time (see `Explanation.clock`).
 */
export interface DecideInput {
  now: number;
  /**
   * The loop this decide stands for. Absent: both loops merged into one decision (the executor, then the
   * HPA when the executor left the count alone). `'poll'`: KEDA's scale loop only (call it every
   * `pollingInterval`); `'hpa'`: one HPA reconcile only (call it every HPA sync period, 15 s by default).
   * Fallback failures are counted once per metric in every phased decide, as KEDA counts each query.
   */
  phase?: DecisionPhase;
  currentReplicas: number;
  /** Ready replicas (used by `Value` targets); defaults to `currentReplicas`. */
  readyReplicas?: number;
  /**
   * Keyed by trigger name, or index as a string (`"0"`) when unnamed. A missing observation is that trigger's
   * error; `metrics` may be absent or `null` (no values); anything else that is not an object or an array is
   * refused with a `ScalerError` (code `INVALID_ARGUMENT`).
   */
  triggers: Record<string, TriggerObservation>;
}

/** Options of `createScalingEngine`. */
export interface ScalingEngineOptions {
  /** Each trigger's metric specs, keyed like `DecideInput.triggers`. */
  metricSpecs: Record<string, MetricSpec[]>;
  /** Creation time of the ScaledObject (ms), for `initialCooldownPeriod`. Default 0. */
  createdAt?: number;
  /**
   * Failures counted per metric and merged decide (no `phase`) while a trigger errors (default 1). KEDA
   * counts every query, the poll's and each HPA fetch's, so 2 models one poll plus one HPA sync per decide.
   * Phased decides always count 1 per metric queried.
   */
  fallbackFailuresPerDecision?: number;
  /** HPA controller settings (tolerance and legacy limits); Kubernetes defaults when absent. */
  hpa?: { tolerance?: ToleranceInput; legacy?: LegacyScalingOptions };
  /**
   * scalerkit's opt-in policies beyond KEDA (docs/policies.md). Each one given here replaces the same policy
   * from the ScaledObject's `autoscaling.scalerkit.dev/` annotations. Absent: KEDA's behaviour.
   */
  policies?: ScalingPolicies;
}

/** Machine-readable reason of a `Decision`. */
export type DecisionReason =
  /** `autoscaling.keda.sh/paused`: nothing is changed. */
  | 'Paused'
  /** `autoscaling.keda.sh/paused-replicas`: the target is held at that count. */
  | 'PausedReplicas'
  /** The executor activated the target from 0 to `max(minReplicaCount, 1)`. */
  | 'ScaledFromZero'
  /** The executor activated the target from `idleReplicaCount` to `max(minReplicaCount, 1)`. */
  | 'ScaledFromIdle'
  /** Activation was due but `paused-scale-out` blocks it. */
  | 'PausedScaleOut'
  /** The executor scaled the target to 0 after the cooldown. */
  | 'ScaledToZero'
  /** The executor scaled the target to `idleReplicaCount` after the cooldown. */
  | 'ScaledToIdle'
  /** Inactive, waiting for `cooldownPeriod` / `initialCooldownPeriod` before scaling to 0 / idle. */
  | 'Cooldown'
  /** Scale to 0 / idle was due but `paused-scale-in` blocks it. */
  | 'PausedScaleIn'
  /** Below the minimum: raised to it (executor while inactive, or the HPA's min). */
  | 'BelowMinimum'
  /** Above `maxReplicaCount`: the HPA lowers it without looking at metrics. */
  | 'AboveMaximum'
  /** Inactive with a trigger error and no fallback: KEDA blocks scale-in until the error clears. */
  | 'TriggerErrorHoldsScaleIn'
  /** Inactive with a trigger error and `fallback.replicas != 0`: waiting for the failure threshold. */
  | 'FallbackWaiting'
  /** The HPA changed the count from the metrics. */
  | 'Hpa'
  /** The HPA could not act (every metric invalid, or a scale-down with an invalid metric). */
  | 'MetricsUnavailable'
  /** `phase: 'hpa'` at 0 replicas: the HPA reports `ScalingActive=False/ScalingDisabled` and does nothing. */
  | 'ScalingDisabled'
  /** Nothing to change. */
  | 'NoChange'
  /** scalerkit policy: a scale-in blocked by the scale-in cooldown (measured from the last scale-up). */
  | 'ScaleInCooldown'
  /** scalerkit policy: panic mode scaled up to the panic window's demand, past the HPA's rate limits. */
  | 'PanicScaleUp'
  /** scalerkit policy: a scale-in blocked because panic mode is on. */
  | 'PanicHoldsScaleIn'
  /** scalerkit policy: a trigger under the `hold` error policy failed; the count is held. */
  | 'TriggerErrorHold';

/** One HPA metric as the engine evaluated it. */
export interface MetricExplanation {
  triggerKey: string;
  metricName: string;
  targetType: 'AverageValue' | 'Value';
  target: number;
  /** The value the HPA saw (after milli rounding; the fallback value when in fallback). */
  value?: number;
  /** The HPA's usage figure (Value: the total; AverageValue: the per-pod average). */
  usage?: number;
  ratio?: number;
  withinTolerance?: boolean;
  proposedReplicas?: number;
  /** True when the value is the fallback value. */
  fallback?: boolean;
  /** Why the metric was invalid for the HPA. */
  invalid?: string;
}

/** Fallback state of one metric. */
export interface MetricFailureState {
  metricName: string;
  failures: number;
  /** Failures are above the threshold. */
  active: boolean;
}

/** One trigger as the engine saw it. */
export interface TriggerExplanation {
  key: string;
  type: string;
  /** Activity the engine used (a trigger in fallback counts as active). */
  isActive: boolean;
  /** The error message when the trigger failed and is not covered by fallback. */
  error?: string;
  fallback?: MetricFailureState[];
  /** Resource (cpu/memory) triggers are evaluated by the HPA itself; they give no activity. */
  resource?: boolean;
}

/** What the KEDA executor did. */
export interface ExecutorExplanation {
  action: 'none' | 'activate' | 'scaleToZero' | 'scaleToIdle' | 'scaleToMinimum';
  reason: DecisionReason;
  /** Set while inactive: when the cooldown (or initial cooldown) ends. */
  cooldown?: { period: 'cooldownPeriod' | 'initialCooldownPeriod'; since: number; endsAt: number; remainingMs: number };
  lastActiveTime?: number;
  /** `PartialTriggerError`: active with an error, `lastActiveTime` not refreshed. */
  partialTriggerError?: boolean;
  /** True in an HPA-phase decision: the executor did not run (`lastActiveTime` is the stored one). */
  skipped?: boolean;
}

/** What the HPA did. */
export interface HpaExplanation {
  branch: 'disabled' | 'aboveMaximum' | 'belowMinimum' | 'metrics' | 'skipped';
  minReplicas: number;
  maxReplicas: number;
  metrics: MetricExplanation[];
  /** Max over valid metric proposals (before stabilization). */
  proposedReplicas?: number;
  winningMetric?: string;
  invalidMetrics?: number;
  aborted?: boolean;
  stabilizedReplicas?: number;
  stabilizationReason?: 'ReadyForNewScale' | 'ScaleUpStabilized' | 'ScaleDownStabilized';
  limitReason?: 'DesiredWithinRange' | 'ScaleUpLimit' | 'TooManyReplicas' | 'ScaleDownLimit' | 'TooFewReplicas';
  limit?: number;
  desiredReplicas: number;
  /** True when `advanced.horizontalPodAutoscalerConfig.behavior` (or a pause-injected one) is in force. */
  behavior: boolean;
}

/** Structured account of one decision. */
export interface Explanation {
  triggers: TriggerExplanation[];
  activity: {
    isActive: boolean;
    isError: boolean;
    forced: boolean;
    composite?: { value?: number; activationTarget: number; formula: string; error?: string };
  };
  executor: ExecutorExplanation;
  hpa: HpaExplanation;
  fallback: { active: boolean; behavior?: string; replicas?: number };
  pause: { paused: boolean; pausedReplicas?: number; pausedScaleIn: boolean; pausedScaleOut: boolean };
  /**
   * Present when `now` went backwards: the decide was made at `usedNow`, the latest time the engine had seen
   * (its time never goes backwards), instead of the `requestedNow` it was given.
   */
  clock?: { requestedNow: number; usedNow: number };
  /** What scalerkit's opt-in policies did; present only when the engine has policies. */
  policies?: PolicyExplanation;
}

/** The outcome of one `ScalingEngine.decide`. */
export interface Decision {
  /** The loop that produced it (`DecideInput.phase`); absent for a merged decide. */
  phase?: DecisionPhase;
  now: number;
  currentReplicas: number;
  desiredReplicas: number;
  /**
   * Any trigger active (or activation forced, or fallback active). In an HPA-phase decision: the activity of
   * the values the HPA fetched (the HPA does not act on it); false when it fetched nothing.
   */
  isActive: boolean;
  /** Some trigger failed and is not covered by fallback. */
  isError: boolean;
  fallbackActive: boolean;
  paused: boolean;
  reason: DecisionReason;
  explanation: Explanation;
  /** One human-readable line. */
  toString(): string;
}

/** JSON-serialisable history of an engine (see `ScalingEngine.snapshot`). */
export interface EngineSnapshot {
  version: 1;
  recommendations: { timestamp: number; replicas: number }[];
  scaleUpEvents: { timestamp: number; replicaChange: number; outdated: boolean }[];
  scaleDownEvents: { timestamp: number; replicaChange: number; outdated: boolean }[];
  lastActiveTime: number | null;
  /** Consecutive failures per metric name. */
  failureCounts: Record<string, number>;
  /** The HPA has seen its first reconcile (recommendations were seeded). */
  hpaInitialized: boolean;
  /** The opt-in policies' memory (last scale-up, panic, learned drain rates); absent when empty. */
  policies?: PolicySnapshot;
}

/** The pure scaling engine of one ScaledObject. */
export interface ScalingEngine {
  /** Trigger keys in spec order: the trigger's name, or its index as a string when unnamed. */
  readonly triggerKeys: readonly string[];
  decide(input: DecideInput): Decision;
  snapshot(): EngineSnapshot;
  restore(snapshot: EngineSnapshot): void;
}
