import type { MetricTargetType } from '@scalerkit/core';

/** The part of the engine's `Decision` a simulation records (the full object is kept in `decision`). */
export interface SimulatedDecision {
  desiredReplicas: number;
  isActive: boolean;
  fallbackActive: boolean;
  paused: boolean;
  reason: string;
  /** Which of KEDA's loops made it (`poll` or `hpa`); absent in merged mode. */
  phase?: 'poll' | 'hpa';
  /** The engine's structured account of the decision (see `Decision.explanation` in @scalerkit/core). */
  explanation: unknown;
}

/**
 * The state of the simulated world at one step. Times are seconds since the start of the simulation. Steps are
 * read-only: an unchanged `metrics`, `activity`, `errors` or `decision` is the previous step's object.
 */
export interface SimulationStep<D extends SimulatedDecision = SimulatedDecision> {
  time: number;
  /** `spec.replicas` of the target after this step's decision was applied. */
  replicas: number;
  /** Replicas that have finished starting (`readyDelay`). */
  readyReplicas: number;
  /** `desiredReplicas` of the latest decision. */
  desiredReplicas: number;
  /** The metric value each trigger reported (key: trigger name, or index as a string); absent when it failed. */
  metrics: Record<string, number | undefined>;
  /** Each trigger's activity. */
  activity: Record<string, boolean>;
  /** Each failing trigger's error message (only failing triggers appear). */
  errors: Record<string, string>;
  /** True when KEDA's scale loop polled at this step (a poll decision, or the merged decision, was made). */
  polled: boolean;
  /** Two-loop simulations: true when the HPA synced at this step (an HPA-phase decision was made). */
  hpaSynced?: boolean;
  /** The latest decision (the same object until the next poll or HPA sync). */
  decision: D;
  /** Two-loop simulations: every decision made at this step, in order (HPA sync first); empty when none. */
  decisions?: readonly D[];
  /** Workload only: items waiting at this step, and the arrival rate (items per second). */
  backlog?: number;
  arrivalRate?: number;
}

/** One trigger as the simulation saw it. */
export interface SimulatedTrigger {
  key: string;
  type: string;
  metricName: string;
  targetType: MetricTargetType;
  targetValue: number;
  /** Activity is `value > activationTarget`. */
  activationTarget: number;
}

/** One change of `spec.replicas`. */
export interface SimulationScaleEvent {
  time: number;
  from: number;
  to: number;
  reason: string;
  /** Two-loop simulations: the loop that made the change. */
  phase?: 'poll' | 'hpa';
}

/** Figures of merit of one simulation. Times are seconds since the start; `null` when it never happened. */
export interface SimulationSummary {
  steps: number;
  /** Engine decisions made: polls plus HPA syncs. */
  decisions: number;
  /** Polls of KEDA's scale loop (merged decisions in merged mode). */
  polls: number;
  /** HPA syncs (0 in merged mode). */
  hpaSyncs: number;
  maxReplicas: number;
  /** First time `maxReplicas` was reached. */
  timeAtMaxReplicas: number;
  finalReplicas: number;
  /** Largest metric value seen (the backlog in a workload simulation), over all triggers. */
  backlogPeak: number;
  timeOfBacklogPeak: number;
  /** Seconds from the first step at 0 replicas with an active trigger to the first ready replica. */
  timeToScaleFromZero: number | null;
  scaleEvents: number;
  /** Sum of `replicas × step`: the cost of the run. */
  replicaSeconds: number;
  /** Seconds during which the decision was active, in fallback, paused. */
  activeSeconds: number;
  fallbackSeconds: number;
  pausedSeconds: number;
}

/** Everything `simulate` returns. */
export interface SimulationResult<D extends SimulatedDecision = SimulatedDecision> {
  name: string;
  steps: SimulationStep<D>[];
  triggers: SimulatedTrigger[];
  scaleEvents: SimulationScaleEvent[];
  summary: SimulationSummary;
  /** `spec.advanced.scalingModifiers` when a formula is in use: the HPA sees only the composite metric. */
  scalingModifiers?: { formula: string; target: number; targetType: MetricTargetType; activationTarget: number };
  settings: {
    until: number;
    step: number;
    pollingInterval: number;
    /** Seconds between HPA syncs; 0 (or absent) for a merged simulation. */
    hpaSyncPeriod?: number;
    readyDelay: number;
    minReplicaCount: number;
    maxReplicaCount: number;
  };
}
