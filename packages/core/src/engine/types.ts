import type { MetricSpec, MetricValue } from '../types.js';

/** What one trigger reported at one instant. */
export interface TriggerObservation {
  isActive: boolean;
  metrics?: MetricValue[];
  /** Present when the poll failed. */
  error?: unknown;
}

/** Input of one `ScalingEngine.decide` call. `now` is milliseconds; the engine never reads a clock. */
export interface DecideInput {
  now: number;
  currentReplicas: number;
  /** Ready replicas (used by `Value` targets); defaults to `currentReplicas`. */
  readyReplicas?: number;
  /** Keyed by trigger name, or index as a string (`"0"`) when unnamed. */
  triggers: Record<string, TriggerObservation>;
}

/** Options of `createScalingEngine`. */
export interface ScalingEngineOptions {
  /** Each trigger's metric specs, keyed like `DecideInput.triggers`. */
  metricSpecs: Record<string, MetricSpec[]>;
  /** Creation time of the ScaledObject (ms), for `initialCooldownPeriod`. Default 0. */
  createdAt?: number;
}
