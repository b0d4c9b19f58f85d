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
