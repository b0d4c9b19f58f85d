export * from './autoscaler/index.js';
export type { Clock, TimerHandle } from './clock.js';
export { systemClock } from './clock.js';
export type { ConnectionCache, Lease } from './connection-cache.js';
export { connectionKey, createConnectionCache } from './connection-cache.js';
export * from './engine/index.js';
export type { DecideInput, ScalingEngineOptions, TriggerObservation } from './engine/types.js';
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
export * from './hpa/index.js';
export type {
  HpaBehavior,
  HpaScalingPolicy,
  HpaScalingRules,
  NormalizeReason,
  Recommendation,
  ScaleEvent,
  Tolerance,
} from './hpa/types.js';
export type { Logger } from './logger.js';
export { createConsoleLogger, silentLogger } from './logger.js';
export * from './manifest/index.js';
export type * from './manifest/types.js';
export { metricNameWithIndex, normalizeMetricName, toMetricValue } from './metric-name.js';
export * from './parameters/index.js';
export { knownScalerPackages, registry, ScalerRegistry } from './registry.js';
export type {
  MetricSpec,
  MetricsAndActivity,
  MetricTargetType,
  MetricValue,
  PushScaler,
  Scaler,
  ScalerContext,
  ScalerDefinition,
  ScalerEvent,
  TriggerInput,
} from './types.js';
export { defineScaler, isPushScaler } from './types.js';
