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
