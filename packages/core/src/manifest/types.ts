import type { HpaBehavior } from '../hpa/types.js';
import type { MetricTargetType } from '../types.js';
import type { ScalingPolicies } from '../engine/policies/types.js';

/** Object metadata kept from a manifest. */
export interface ManifestMetadata {
  name: string;
  namespace?: string;
  /** ISO timestamp, when the manifest carries one. */
  creationTimestamp?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** `triggers[].authenticationRef`. */
export interface AuthenticationRef {
  name: string;
  kind: 'TriggerAuthentication' | 'ClusterTriggerAuthentication';
}

/** One entry of `spec.triggers`, with KEDA's defaults applied. */
export interface Trigger {
  type: string;
  /** `""` when unnamed (KEDA's default). */
  name: string;
  metadata: Record<string, string>;
  authenticationRef?: AuthenticationRef;
  /** `AverageValue` when not given; `Utilization` is only valid for cpu/memory triggers. */
  metricType: MetricTargetType | 'Utilization';
  useCachedMetrics: boolean;
}

/** `spec.fallback`. */
export interface Fallback {
  failureThreshold: number;
  replicas: number;
  behavior: 'static' | 'currentReplicas' | 'currentReplicasIfHigher' | 'currentReplicasIfLower' | 'scalingModifiers';
}

/** `spec.advanced.scalingModifiers`. `target` and `activationTarget` stay strings, as in KEDA's CRD. */
export interface ScalingModifiers {
  formula?: string;
  target?: string;
  activationTarget?: string;
  metricType: MetricTargetType;
}

/** `spec.advanced`. */
export interface Advanced {
  horizontalPodAutoscalerConfig?: { name?: string; behavior?: HpaBehavior };
  restoreToOriginalReplicaCount: boolean;
  scalingModifiers?: ScalingModifiers;
}

/** The pause-related annotations, parsed as KEDA parses them. */
export interface PauseAnnotations {
  /** `autoscaling.keda.sh/paused` is true, or `paused-replicas` is present. */
  paused: boolean;
  /** `autoscaling.keda.sh/paused-replicas`, when present and a valid int32. */
  pausedReplicas?: number;
  /** `autoscaling.keda.sh/paused-scale-in`. */
  pausedScaleIn: boolean;
  /** `autoscaling.keda.sh/paused-scale-out`. */
  pausedScaleOut: boolean;
  /** `autoscaling.keda.sh/force-activation`. */
  forceActivation: boolean;
}

/** `spec.scaleTargetRef`. */
export interface ScaleTargetRef {
  name: string;
  apiVersion: string;
  kind: string;
  envSourceContainerName?: string;
}

/** A ScaledObject's spec with KEDA's defaults applied. Times are seconds. */
export interface ScaledObjectSpec {
  scaleTargetRef: ScaleTargetRef;
  pollingInterval: number;
  initialCooldownPeriod: number;
  cooldownPeriod: number;
  idleReplicaCount?: number;
  minReplicaCount: number;
  maxReplicaCount: number;
  advanced?: Advanced;
  fallback?: Fallback;
  triggers: Trigger[];
}

/** A parsed, defaulted and validated ScaledObject. */
export interface ScaledObject {
  apiVersion: string;
  kind: 'ScaledObject';
  metadata: ManifestMetadata;
  spec: ScaledObjectSpec;
  /** Pause state read from the annotations. */
  pause: PauseAnnotations;
  /**
   * scalerkit's opt-in policies read from the `autoscaling.scalerkit.dev/` annotations (docs/policies.md);
   * absent when none is set, and then the object scales exactly as in KEDA.
   */
  policies?: ScalingPolicies;
}

/** `spec.scalingStrategy` of a ScaledJob. */
export interface ScalingStrategy {
  strategy: 'default' | 'custom' | 'accurate' | 'eager' | (string & {});
  customScalingQueueLengthDeduction?: number;
  /** A string in KEDA's CRD; unparsable or empty selects the default strategy. */
  customScalingRunningJobPercentage?: string;
  pendingPodConditions?: string[];
  multipleScalersCalculation: 'max' | 'min' | 'avg' | 'sum' | (string & {});
}

/** A ScaledJob's spec with KEDA's defaults applied. */
export interface ScaledJobSpec {
  jobTargetRef: Record<string, unknown>;
  pollingInterval: number;
  successfulJobsHistoryLimit: number;
  failedJobsHistoryLimit: number;
  /** Undefined when not set (KEDA distinguishes unset from 0 in MaxReplicaCount()). */
  minReplicaCount?: number;
  maxReplicaCount?: number;
  scalingStrategy: ScalingStrategy;
  /** Free strings in KEDA's CRD; KEDA acts on `gradual` and `foreground`, anything else behaves as the default. */
  rollout?: {
    strategy?: 'default' | 'gradual' | 'immediate' | (string & {});
    propagationPolicy?: 'foreground' | 'background' | (string & {});
  };
  /** Deprecated in KEDA for `rollout.strategy`; kept as given. */
  rolloutStrategy?: string;
  envSourceContainerName?: string;
  triggers: Trigger[];
}

/** A parsed, defaulted and validated ScaledJob. */
export interface ScaledJob {
  apiVersion: string;
  kind: 'ScaledJob';
  metadata: ManifestMetadata;
  spec: ScaledJobSpec;
  pause: PauseAnnotations;
}

/** `secretTargetRef[]` / `configMapTargetRef[]` entry. */
export interface TargetRef {
  parameter: string;
  name: string;
  key: string;
}

/** `env[]` entry of a TriggerAuthentication. */
export interface EnvTargetRef {
  parameter: string;
  name: string;
  containerName?: string;
}

/** The TriggerAuthentication spec (fields scalerkit resolves, plus the rest kept as given). */
export interface TriggerAuthenticationSpec {
  podIdentity?: { provider: 'azure-workload' | 'gcp' | 'aws' | 'aws-eks' | 'none'; [key: string]: unknown };
  secretTargetRef?: TargetRef[];
  configMapTargetRef?: TargetRef[];
  env?: EnvTargetRef[];
  /**
   * A JSON file of parameters, relative to the KEDA operator's `--filepath-auth-root-path`, without `..`;
   * ClusterTriggerAuthentication only (KEDA v2.21 `resolveAuthRef`).
   */
  filePath?: string;
  hashiCorpVault?: Record<string, unknown>;
  azureKeyVault?: Record<string, unknown>;
  gcpSecretManager?: Record<string, unknown>;
  awsSecretManager?: Record<string, unknown>;
  boundServiceAccountToken?: { parameter: string; serviceAccountName: string }[];
  oauth2?: Record<string, unknown>;
  awsParameterStore?: Record<string, unknown>;
  akeyless?: Record<string, unknown>;
}

/** A parsed TriggerAuthentication or ClusterTriggerAuthentication. */
export interface TriggerAuthentication {
  apiVersion: string;
  kind: 'TriggerAuthentication' | 'ClusterTriggerAuthentication';
  metadata: ManifestMetadata;
  spec: TriggerAuthenticationSpec;
}
