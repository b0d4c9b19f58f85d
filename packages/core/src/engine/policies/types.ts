/**
 * scalerkit's opt-in scaling policies: behaviour that neither KEDA nor the HPA has. A ScaledObject without
 * them decides exactly as KEDA v2.21 does. Set them with annotations under `autoscaling.scalerkit.dev/`
 * (see `scalerkitAnnotations`) or with `createScalingEngine(so, { policies })`; docs/policies.md explains each.
 */
export interface ScalingPolicies {
  /**
   * A scale-in cooldown for every downward step (N → M, not only → 0): no replica is removed until
   * `seconds` have passed since the last scale-up. The HPA's stabilization and KEDA's `cooldownPeriod`
   * (before → 0 / idle) still apply; this only adds a wait.
   */
  scaleInCooldown?: ScaleInCooldownPolicy;
  /** Knative KPA's panic mode beside the HPA's own (stable) behaviour. */
  panic?: PanicPolicy;
  /** Per trigger key: scale so that the backlog drains within a time instead of on items per replica. */
  queueTime?: Record<string, QueueTimePolicy>;
  /**
   * Per trigger key: what the trigger's failure means while another trigger is healthy. Default
   * `'fallback'`, KEDA's behaviour.
   */
  triggerErrors?: Record<string, TriggerErrorPolicy>;
}

/** See `ScalingPolicies.scaleInCooldown`. */
export interface ScaleInCooldownPolicy {
  /** Seconds after the last scale-up during which no scale-in happens (integer >= 0). */
  seconds: number;
}

/**
 * Knative Serving's panic mode (KPA), with its parameter names and defaults (Knative docs
 * "serving/autoscaling/kpa-specific", config-autoscaler keys `stable-window`, `panic-window-percentage`,
 * `panic-threshold-percentage`).
 */
export interface PanicPolicy {
  /** Knative `stable-window`, seconds, 6 to 3600. Default 60. Panic ends a stable window after its last cause. */
  stableWindowSeconds?: number;
  /** Knative `panic-window-percentage`: the panic window as a percentage of the stable window, 1 to 100. Default 10. */
  panicWindowPercentage?: number;
  /**
   * Knative `panic-threshold-percentage`, 110 to 1000. Default 200: panic when the panic window's demand is at
   * least twice the ready replicas.
   */
  panicThresholdPercentage?: number;
}

/** See `ScalingPolicies.queueTime`. */
export interface QueueTimePolicy {
  /** The time (seconds, > 0) the trigger's backlog should take to drain at the current replica count. */
  targetSeconds: number;
  /**
   * Items one replica processes per second. Absent: learned from the observed drain (a moving estimate);
   * until the first drain is seen the trigger's own target applies.
   */
  serviceRatePerReplica?: number;
}

/**
 * - `'ignore'`: the failing trigger is left out (no error, no fallback count, no scale-in block);
 * - `'hold'`: the replica count is held where it is, in both directions, and nothing is counted toward fallback;
 * - `'fallback'`: KEDA's behaviour (the failure counts toward `spec.fallback`; without fallback scale-in is blocked).
 * `'ignore'` and `'hold'` apply only while another trigger is healthy; when every trigger fails, KEDA's behaviour.
 */
export type TriggerErrorPolicy = 'ignore' | 'hold' | 'fallback';

/** What the policies did in one decision (`Decision.explanation.policies`; absent when no policy is set). */
export interface PolicyExplanation {
  /** Set when a policy changed the replica count the engine would otherwise have chosen. */
  changedBy?: 'scaleInCooldown' | 'panic' | 'triggerErrors';
  /** The count the HPA chose on its own when a policy changed it (its limits and stabilization applied). */
  hpaReplicas?: number;
  scaleInCooldown?: {
    seconds: number;
    /** The last scale-up (ms); the cooldown is measured from it. */
    lastScaleUpTime?: number;
    endsAt?: number;
    /** True when the cooldown blocked a scale-in in this decision. */
    blocked: boolean;
  };
  panic?: {
    panicking: boolean;
    /** Mean HPA proposal over the panic window, rounded up (Knative's desired panic pod count). */
    panicDemand?: number;
    /** `panicDemand / max(ready, 1)` as a percentage, against `thresholdPercentage`. */
    demandPercentage?: number;
    thresholdPercentage: number;
    panicWindowMs: number;
    /** Panic ends when no sample is over the threshold for a stable window after this time. */
    lastOverThresholdTime?: number;
    /** The most the panic has asked for (no scale-down below it while panicking). */
    maxPanicReplicas?: number;
  };
  queueTime?: QueueTimeExplanation[];
  triggerErrors?: { triggerKey: string; policy: 'ignore' | 'hold'; error: string }[];
}

/** One metric under a queue-time target. */
export interface QueueTimeExplanation {
  triggerKey: string;
  metricName: string;
  targetSeconds: number;
  backlog: number;
  /** Items per replica per second in use; absent while still learning. */
  serviceRatePerReplica?: number;
  source: 'given' | 'learned' | 'learning';
  /** `backlog / (rate × ready)`; absent without a rate or without ready replicas. */
  estimatedDrainSeconds?: number;
  /** The AverageValue target the HPA used: `rate × targetSeconds` items per replica. */
  itemsPerReplica?: number;
}

/** JSON form of the policies' memory in `EngineSnapshot.policies`. */
export interface PolicySnapshot {
  /** The last scale-up (ms), the reference point of the scale-in cooldown. */
  lastScaleUpTime: number | null;
  panic: {
    samples: { time: number; demand: number }[];
    lastOverThresholdTime: number | null;
    maxPanicReplicas: number;
  };
  /** Per queue-time metric without a given rate: the last backlog seen and the learned rate. */
  drain: Record<string, { time: number; backlog: number; ready: number; rate: number | null }>;
}
