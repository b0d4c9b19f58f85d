import type { Clock } from './clock.js';
import { type ConnectionCache, createConnectionCache } from './connection-cache.js';
import { type Logger, silentLogger } from './logger.js';

/** How the HPA compares a metric with its target. `Utilization` is refused for external metrics, as in KEDA. */
export type MetricTargetType = 'AverageValue' | 'Value';

/** One HPA metric a scaler reports: its name (`s0-kafka-orders`), target type and target value. */
export interface MetricSpec {
  metricName: string;
  targetType: MetricTargetType;
  targetValue: number;
}

/** One measured value of a metric. */
export interface MetricValue {
  metricName: string;
  value: number;
}

/** What one poll of a scaler returns: the metric values and whether the trigger is active. */
export interface MetricsAndActivity {
  metrics: MetricValue[];
  isActive: boolean;
}

/**
 * A connection to one event source for one trigger.
 *
 * @example
 * const scaler = kafkaScaler.create(kafkaScaler.parse({ metadata }), context);
 * const [spec] = scaler.getMetricSpecs();
 * const { metrics, isActive } = await scaler.getMetricsAndActivity(spec.metricName, { signal });
 * await scaler.close();
 */
export interface Scaler {
  getMetricSpecs(): MetricSpec[];
  getMetricsAndActivity(metricName: string, options?: { signal?: AbortSignal }): Promise<MetricsAndActivity>;
  close(): Promise<void>;
}

/** A scaler that also pushes activity changes as they happen (KEDA's `PushScaler`). */
export interface PushScaler extends Scaler {
  /** Runs until `signal` aborts, calling `onActivity` whenever the source becomes active or inactive. */
  run(onActivity: (isActive: boolean) => void, signal: AbortSignal): Promise<void>;
}

/** What a scaler definition's `parse()` receives: one trigger, with its authentication and environment resolved. */
export interface TriggerInput {
  /** `trigger.metadata`: string values, exactly as written in YAML. */
  metadata: Record<string, string>;
  /** Parameters resolved from the trigger's TriggerAuthentication. */
  authParams?: Record<string, string>;
  /** Environment of the scale target, read through `<name>FromEnv` metadata keys. */
  resolvedEnv?: Record<string, string>;
  /** Position of the trigger in `spec.triggers`; metric names are `s{index}-{name}`. Default 0. */
  triggerIndex?: number;
  triggerName?: string;
  /** Default `AverageValue`. */
  metricType?: MetricTargetType;
  /** True when the ScaledObject uses scalingModifiers (KEDA's `AsMetricSource`). */
  asMetricSource?: boolean;
  /** The TriggerAuthentication's `podIdentity` (KEDA's `ScalerConfig.PodIdentity`), for scalers that use it. */
  podIdentity?: PodIdentity;
}

/**
 * A TriggerAuthentication's `podIdentity`, with KEDA's field names (v1alpha1 `AuthPodIdentity`): `provider` is
 * `none`, `azure-workload`, `aws`, `aws-eks`, `gcp`, ...
 */
export interface PodIdentity {
  provider: string;
  identityId?: string;
  identityTenantId?: string;
  identityAuthorityHost?: string;
  roleArn?: string;
  /** AWS: the external id used with `roleArn`. */
  externalID?: string;
  identityOwner?: string;
}

/** A notice a scaler emits while parsing or running (KEDA emits these as Kubernetes events). */
export interface ScalerEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** Everything a scaler receives from its host when it is created. */
export interface ScalerContext {
  logger: Logger;
  /** Aborted when the owner (autoscaler, controller) stops. */
  signal: AbortSignal;
  /** Shared, ref-counted clients: many triggers against the same broker share one connection. */
  connections: ConnectionCache;
  /** Timeout of one poll, in milliseconds, when the host has one. */
  timeoutMs?: number;
  /** Receives notices (deprecation announcements, warnings). */
  emit?: (event: ScalerEvent) => void;
  /** The host's time and timers (a `FakeClock` in tests); scalers schedule deadlines on it. Default: the system clock. */
  clock?: Clock;
}

/** What a scaler definition's `parse()` receives from its host besides the trigger. */
export interface ParseContext {
  /** Receives notices raised while parsing (deprecation announcements, unexpected keys) as the host's events. */
  emit?: (event: ScalerEvent) => void;
  /** Warn about metadata keys no parameter reads (KEDA's `KEDA_CHECK_UNEXPECTED_SCALERS_PARAMS`). Default false. */
  warnUnexpected?: boolean;
}

/**
 * A scaler package's description of one KEDA trigger type.
 *
 * @example
 * export const myScaler = defineScaler({
 *   type: 'my-queue',
 *   parse: (input) => parseParameters(myParameters, input, { scalerType: 'my-queue' }),
 *   create: (config, context) => new MyScaler(config, context),
 * });
 */
export interface ScalerDefinition<Config = unknown> {
  /** KEDA trigger type: `kafka`, `rabbitmq`, `aws-sqs-queue`, `azure-servicebus`, ... */
  type: string;
  /**
   * Pure: validates the trigger and returns its typed config. Throws `ScalerConfigError`. The host passes a
   * `context` whose `emit` receives notices (deprecations, unexpected keys).
   */
  parse(input: TriggerInput, context?: ParseContext): Config;
  create(config: Config, context: ScalerContext): Scaler | PushScaler;
  /** The npm package that provides this definition (for messages). */
  packageName?: string;
}

/**
 * Typed helper for writing a `ScalerDefinition`. Its `create` accepts a partial context (or none), as a user
 * trying a scaler by hand passes: the missing parts get their defaults (`completeScalerContext`).
 */
export function defineScaler<Config>(definition: ScalerDefinition<Config>): ScalerDefinition<Config> {
  const create = definition.create;
  return {
    ...definition,
    create: (config, context) => create.call(definition, config, completeScalerContext(context)),
  };
}

const neverAborted = new AbortController().signal;

/**
 * A `ScalerContext` with every member present: the given ones kept, the rest defaulted (a silent logger, a
 * signal that never aborts, a connection cache of its own, the system clock; no timeout, so the scaler's default
 * applies).
 *
 * @example
 * const scaler = myScaler.create(config, completeScalerContext({ timeoutMs: 2000 }));
 */
export function completeScalerContext(context?: Partial<ScalerContext>): ScalerContext {
  if (context?.logger && context.signal && context.connections) return context as ScalerContext;
  return {
    ...context,
    logger: context?.logger ?? silentLogger,
    signal: context?.signal ?? neverAborted,
    connections: context?.connections ?? createConnectionCache(),
  };
}

/** True when the scaler implements `run` (push activity). */
export function isPushScaler(scaler: Scaler): scaler is PushScaler {
  return typeof (scaler as Partial<PushScaler>).run === 'function';
}
