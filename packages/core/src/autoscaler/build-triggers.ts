import type { Clock } from '../clock.js';
import type { ConnectionCache } from '../connection-cache.js';
import { triggerKeyOf } from '../engine/index.js';
import { ScalerError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  isResourceTrigger,
  resolveTriggerAuthentication,
  resolveTriggerPodIdentity,
  type TriggerAuthenticationSources,
} from '../manifest/index.js';
import type { ScaledObject, Trigger } from '../manifest/types.js';
import type { ScalerRegistry } from '../registry.js';
import type { MetricSpec, MetricTargetType, Scaler, ScalerContext, ScalerEvent } from '../types.js';
import { createScalerRuntime, type ScalerRuntime } from './scaler-runtime.js';

/** One trigger of a running autoscaler. */
export interface BuiltTrigger {
  key: string;
  index: number;
  trigger: Trigger;
  runtime: ScalerRuntime;
  specs: MetricSpec[];
}

export interface BuildOptions {
  scaledObject: ScaledObject;
  registry: ScalerRegistry;
  scalers: Record<string, Scaler> | undefined;
  authentication: TriggerAuthenticationSources | undefined;
  authParams: Record<string, Record<string, string>> | undefined;
  resolvedEnv: Record<string, string> | undefined;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal;
  connections: ConnectionCache;
  timeoutMs: number;
  refreshOnError: boolean | undefined;
  emit: (triggerKey: string, event: ScalerEvent) => void;
}

/**
 * Builds every trigger's scaler (KEDA's scalers builder): the ready-made one from `scalers`, else
 * registry → parse → create. cpu/memory triggers have no scaler (the engine evaluates them). A failure
 * closes the scalers already built and is thrown (KEDA fails the whole scalers cache).
 */
export async function buildTriggers(options: BuildOptions): Promise<BuiltTrigger[]> {
  const { scaledObject, scalers } = options;
  const triggers = scaledObject.spec.triggers;
  const keys = triggers.map((trigger, index) => triggerKeyOf(trigger, index));
  for (const key of Object.keys(scalers ?? {})) {
    if (!keys.includes(key)) {
      throw new ScalerError(
        `autoscaler: scalers["${key}"] matches no trigger; trigger keys are the trigger name, or its index when unnamed: ${keys.join(', ')}`,
        { code: 'CONFIG_ERROR' },
      );
    }
  }
  const built: BuiltTrigger[] = [];
  try {
    for (const [index, trigger] of triggers.entries()) {
      const key = keys[index] as string;
      const supplied = scalers?.[key];
      if (!supplied && isResourceTrigger(trigger)) continue;
      const runtimeOptions = {
        type: trigger.type,
        triggerIndex: index,
        triggerName: trigger.name,
        timeoutMs: options.timeoutMs,
        clock: options.clock,
        logger: options.logger,
        refreshOnError: options.refreshOnError,
      };
      let runtime: ScalerRuntime;
      if (supplied) {
        runtime = createScalerRuntime(supplied, runtimeOptions);
      } else {
        const create = await scalerFactory(options, trigger, index, key);
        runtime = createScalerRuntime(await create(), { ...runtimeOptions, rebuild: create });
      }
      built.push({ key, index, trigger, runtime, specs: [] });
      const specs = runtime.getMetricSpecs();
      if (specs.length === 0) {
        throw new ScalerError(`${trigger.type} trigger ${index}: got empty metric spec`, { code: 'METRIC_ERROR' });
      }
      (built[built.length - 1] as BuiltTrigger).specs = specs;
    }
  } catch (error) {
    await Promise.allSettled(built.map((entry) => entry.runtime.close()));
    throw error;
  }
  return built;
}

/** The trigger's create function (used again by the runtime's refresh): resolves auth, parses, creates. */
async function scalerFactory(
  options: BuildOptions,
  trigger: Trigger,
  index: number,
  key: string,
): Promise<() => Promise<Scaler>> {
  const definition = await options.registry.resolve(trigger.type);
  const context: ScalerContext = {
    logger: options.logger,
    signal: options.signal,
    connections: options.connections,
    timeoutMs: options.timeoutMs,
    emit: (event) => options.emit(key, event),
    clock: options.clock,
  };
  // KEDA's IsUsingModifiers: scalingModifiers is set to something non-empty.
  const modifiers = options.scaledObject.spec.advanced?.scalingModifiers;
  const usesModifiers =
    modifiers !== undefined &&
    (modifiers.formula !== undefined || modifiers.target !== undefined || modifiers.activationTarget !== undefined);
  return async () => {
    const resolved =
      trigger.authenticationRef && options.authentication
        ? await resolveTriggerAuthentication(trigger, {
            namespace: options.scaledObject.metadata.namespace,
            env: options.resolvedEnv,
            logger: options.logger,
            ...options.authentication,
          })
        : {};
    // KEDA hands the TriggerAuthentication's podIdentity to the scaler beside its parameters.
    const podIdentity =
      trigger.authenticationRef && options.authentication
        ? resolveTriggerPodIdentity(trigger, {
            namespace: options.scaledObject.metadata.namespace,
            ...options.authentication,
          })
        : undefined;
    if (trigger.authenticationRef && !options.authentication) {
      options.logger.warn(
        `${trigger.authenticationRef.kind} "${trigger.authenticationRef.name}" referenced but no authentication sources were given; the trigger gets no authentication parameters`,
        { triggerType: trigger.type, triggerIndex: index },
      );
    }
    const config = definition.parse(
      {
        metadata: { ...trigger.metadata },
        authParams: { ...resolved, ...options.authParams?.[key] },
        resolvedEnv: options.resolvedEnv ?? {},
        triggerIndex: index,
        ...(trigger.name ? { triggerName: trigger.name } : {}),
        // 'Utilization' only reaches a definition for cpu/memory, whose parse rejects or handles it.
        metricType: trigger.metricType as MetricTargetType,
        asMetricSource: usesModifiers,
        ...(podIdentity ? { podIdentity } : {}),
      },
      // Deprecation announcements and warnings raised while parsing reach the autoscaler's events.
      { emit: context.emit! },
    );
    return definition.create(config, context);
  };
}
