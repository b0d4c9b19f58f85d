// The root entry: what users of scalerkit need day to day. Each area has its own subpath with everything it
// exports: `@scalerkit/core/engine`, `/hpa`, `/manifest`, `/parameters`, `/autoscaler`, and `/scaler-kit` for
// scaler authors.

// The autoscaler loop (the rest is in `@scalerkit/core/autoscaler`)
export type {
  Autoscaler,
  AutoscalerErrorEvent,
  AutoscalerEvents,
  AutoscalerOptions,
  AutoscalerScaleEvent,
  AutoscalerState,
  Controller,
  ControllerAddOptions,
  ControllerEvents,
  ControllerOptions,
  DecisionEvent,
  HpaSyncEvent,
  PollEvent,
  ScaleChange,
  ScalerNoticeEvent,
  ScaleTarget,
} from './autoscaler/index.js';
export { createAutoscaler, createController, InMemoryScaleTarget } from './autoscaler/index.js';
// Time and logs
export type { Clock, TimerHandle } from './clock.js';
export { systemClock } from './clock.js';
export type { ConnectionCache, Lease } from './connection-cache.js';
export { connectionKey, createConnectionCache } from './connection-cache.js';
export { computeJobsToCreate, createScalingEngine } from './engine/index.js';
// The engine and the HPA's arithmetic (the rest is in `@scalerkit/core/engine` and `/hpa`)
export type * from './engine/types.js';
export type * from './engine/policies/types.js';
// Errors
export type {
  ConfigProblem,
  ScalerConfigErrorOptions,
  ScalerErrorCode,
  ScalerErrorOptions,
  ValidationIssue,
} from './errors.js';
export {
  ScaledObjectValidationError,
  ScalerConfigError,
  ScalerError,
  ScalerTimeoutError,
  toScalerError,
  UnknownTriggerTypeError,
} from './errors.js';
export { hpa } from './hpa/index.js';
export type * from './hpa/types.js';
export type { Logger } from './logger.js';
export { createConsoleLogger, silentLogger } from './logger.js';
export type { SecretProvider, TriggerAuthenticationSources } from './manifest/index.js';
export {
  createEnvSecretProvider,
  createStaticSecretProvider,
  parseScaledJob,
  parseScaledObject,
  parseTriggerAuthentication,
  resolveTriggerAuthentication,
} from './manifest/index.js';
// Manifests (the rest is in `@scalerkit/core/manifest`)
export type * from './manifest/types.js';
export { metricNameWithIndex, normalizeMetricName, toMetricValue } from './metric-name.js';
// Trigger parameters (the rest is in `@scalerkit/core/parameters`)
export type {
  InferParameters,
  ParameterShape,
  ParameterValidationProblem,
  ParseParametersOptions,
} from './parameters/index.js';
export { describeParameters, parameters, parseParameters } from './parameters/index.js';
export { KEDA_TRIGGER_TYPES, suggestTriggerType } from './keda-trigger-types.js';
export { importFromDirectory, registry, ScalerPackageLoadError, ScalerRegistry } from './registry.js';
// The scaler contract and the registry
export type {
  MetricSpec,
  MetricsAndActivity,
  MetricTargetType,
  MetricValue,
  ParseContext,
  PodIdentity,
  PushScaler,
  Scaler,
  ScalerContext,
  ScalerDefinition,
  ScalerEvent,
  TriggerInput,
} from './types.js';
export { completeScalerContext, defineScaler, isPushScaler } from './types.js';
