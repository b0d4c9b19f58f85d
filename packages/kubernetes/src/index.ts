/** @scalerkit/kubernetes: KubernetesScaleTarget, leader election on Leases, createKubernetesOperator. */

// The API client: configuration loading, bounded requests, discovery
export type {
  DiscoveredResource,
  KubeConfigLike,
  KubernetesApiErrorDetails,
  KubernetesClient,
  KubernetesConnectionOptions,
  KubernetesRequest,
  ResourceLocation,
} from './kube-client.js';
export {
  createKubernetesClient,
  DEFAULT_REQUEST_TIMEOUT_MS,
  discoverResource,
  isApiStatus,
  KubernetesApiError,
  loadKubeConfig,
  resourcePath,
} from './kube-client.js';
// Leader election on coordination.k8s.io/v1 Leases
export type {
  LeaderElectionRecord,
  LeaderElectorOptions,
  LeaseLockOptions,
  ResourceLock,
} from './leader-election.js';
export { LEADER_ELECTION_DEFAULTS, LeaderElector, LeaseLock } from './leader-election.js';
// Prometheus metrics with KEDA's names, and the /metrics, /healthz, /readyz server
export type {
  HealthCheck,
  KedaMetricsOptions,
  MetricsServer,
  MetricsServerOptions,
  ObservableAutoscaler,
  ObserveOptions,
} from './metrics.js';
export { KedaMetrics, scalerLabel, startMetricsServer } from './metrics.js';
// The scale subresource as a ScaleTarget
export type { KubernetesScaleTargetOptions, ScaleTargetRef } from './scale-target.js';
export { KubernetesScaleTarget } from './scale-target.js';
// Operator mode: KEDA's ScaledObjects, ScaledJobs and TriggerAuthentications run from a cluster
export type { OperatorCluster, ScaleTargetReference, WatchEvent, WatchHandlers } from './operator/cluster.js';
export type { KubernetesClusterOptions } from './operator/kube-cluster.js';
export { createKubernetesCluster } from './operator/kube-cluster.js';
export type { KubernetesOperator, KubernetesOperatorOptions } from './operator/operator.js';
export { createKubernetesOperator } from './operator/operator.js';
export type { KubeObject, ResourceType } from './operator/resources.js';
