import { toMilli, toNumberInput } from '../hpa/quantity.js';
import type { EngineConfig } from './config.js';
import { fallbackMetricValue, fallbackReplicas } from './fallback.js';
import type { PreparedMetric } from './model.js';
import { evaluateModifiers, type ModifierMetricInput } from './modifiers.js';
import { thrownMessage } from './printable.js';
import type { EngineState } from './state.js';
import type { Explanation, MetricFailureState, TriggerExplanation, TriggerObservation } from './types.js';

/** One HPA metric input of a decide: a value in milli-units, or why it is invalid. */
export type MetricInput = ModifierMetricInput;

/** What the triggers said at one instant, after fallback and scalingModifiers (KEDA getScaledObjectState). */
export interface TriggerStepResult {
  isActive: boolean;
  isError: boolean;
  fallbackActive: boolean;
  triggers: TriggerExplanation[];
  /** The metrics the HPA sees (the composite alone with scalingModifiers). */
  hpaInputs: MetricInput[];
  composite: Explanation['activity']['composite'];
}

/** The value the HPA would fetch for `m`: the matching series (case-insensitive) summed in milli-units. */
function observedMetric(
  m: PreparedMetric,
  metrics: readonly { metricName: string; value: number }[] | null | undefined,
): MetricInput {
  let found = false;
  let sum = 0;
  if (metrics !== undefined && metrics !== null) {
    for (let i = 0; i < metrics.length; i++) {
      const v = metrics[i];
      if (v === undefined || v === null || typeof v !== 'object' || typeof v.metricName !== 'string') continue;
      if (v.metricName === m.metricName || v.metricName.toLowerCase() === m.lowerName) {
        found = true;
        // A numeric string (e.g. from JSON) is read as a number; KEDA emits NaN, ±Inf and negatives as 0.
        const value = typeof v.value === 'number' ? v.value : toNumberInput(v.value);
        if (value !== undefined && Number.isFinite(value) && value > 0) sum += toMilli(value);
      }
    }
  }
  if (!found) {
    return { metric: m, valueMilli: 0, invalid: `no matching metrics found for ${m.metricName}`, fallback: false };
  }
  return { metric: m, valueMilli: sum, invalid: undefined, fallback: false };
}

function fallbackMetric(config: EngineConfig, m: PreparedMetric, current: number, ready: number): MetricInput {
  // Only called when fallback is configured and valid, so `spec.fallback` is set.
  const fallback = config.so.spec.fallback as NonNullable<EngineConfig['so']['spec']['fallback']>;
  const value = fallbackMetricValue(m.target, m.targetType, fallbackReplicas(fallback, current), ready);
  if (value === undefined) {
    return { metric: m, valueMilli: 0, invalid: 'fallback for a Value metric needs ready pods', fallback: true };
  }
  return { metric: m, valueMilli: toMilli(value), invalid: undefined, fallback: true };
}

/**
 * Folds the observations into activity, errors and HPA metric inputs, as KEDA's `getScaledObjectState`
 * (KEDA v2.21 pkg/scaling/scale_handler.go), pkg/fallback/fallback.go and pkg/scaling/modifiers do: an erroring
 * trigger is inactive; over the failure threshold it is active with the fallback value; activity is the OR
 * over triggers, or `composite > activationTarget` with scalingModifiers; cpu/memory give no activity
 * unless every trigger is cpu/memory. Updates the failure counts in `state` (`failuresPerQuery` per
 * erroring metric: 1 for a phased decide, `fallbackFailuresPerDecision` for a merged one).
 */
export function evaluateTriggers(
  config: EngineConfig,
  state: EngineState,
  observations: Record<string, TriggerObservation>,
  current: number,
  ready: number,
  failuresPerQuery: number = config.failuresPerDecision,
): TriggerStepResult {
  const fallback = config.so.spec.fallback;
  const failures = state.failures;
  let isActive = false;
  let isError = false;
  let fallbackActive = false;
  const triggers: TriggerExplanation[] = [];
  const metricInputs: MetricInput[] = [];
  for (const t of config.triggers) {
    if (t.resource) {
      triggers.push({ key: t.key, type: t.trigger.type, isActive: false, resource: true });
      continue;
    }
    const obs = observations[t.key];
    const error =
      obs === undefined || obs === null
        ? `no observation for trigger "${t.key}"`
        : obs.error !== undefined && obs.error !== null
          ? thrownMessage(obs.error)
          : undefined;
    let tActive = false;
    let tError: string | undefined;
    let fbStates: MetricFailureState[] | undefined;
    if (t.metrics.length === 0) {
      if (error !== undefined) tError = error;
      else tActive = obs?.isActive === true;
    }
    for (const m of t.metrics) {
      if (error === undefined) {
        if (config.fallbackOn) failures.set(m.metricName, 0);
        tActive = obs?.isActive === true;
        metricInputs.push(observedMetric(m, obs?.metrics));
        continue;
      }
      if (!config.fallbackOn || fallback === undefined) {
        tError = error;
        metricInputs.push({ metric: m, valueMilli: 0, invalid: error, fallback: false });
        continue;
      }
      const count = (failures.get(m.metricName) ?? 0) + failuresPerQuery;
      failures.set(m.metricName, count);
      const over = count > fallback.failureThreshold;
      (fbStates ??= []).push({ metricName: m.metricName, failures: count, active: over });
      if (!over) {
        tError = error;
        metricInputs.push({ metric: m, valueMilli: 0, invalid: error, fallback: false });
      } else if (fallback.behavior === 'scalingModifiers') {
        // KEDA returns a -1 placeholder: the formula sees nil for this trigger; no error, not active.
        metricInputs.push({ metric: m, valueMilli: -1000, invalid: undefined, fallback: true });
      } else {
        const input = fallbackMetric(config, m, current, ready);
        metricInputs.push(input);
        if (input.invalid !== undefined) {
          // KEDA: the fallback value cannot be computed (a Value metric with no ready pods), so the query
          // returns an error: the trigger errs instead of counting as active.
          tError = input.invalid;
        } else {
          fallbackActive = true;
          tActive = true;
        }
      }
    }
    const te: TriggerExplanation = { key: t.key, type: t.trigger.type, isActive: tActive && tError === undefined };
    if (tError !== undefined) te.error = tError;
    if (fbStates !== undefined) te.fallback = fbStates;
    triggers.push(te);
    if (tError !== undefined) isError = true;
    else if (tActive) isActive = true;
  }

  let hpaInputs = metricInputs;
  let composite: TriggerStepResult['composite'];
  if (config.modifiers !== undefined) {
    const evaluated = evaluateModifiers(config.modifiers, {
      inputs: metricInputs,
      triggers: config.triggers,
      isError,
      fallback: config.fallbackOn ? fallback : undefined,
      current,
      ready,
    });
    hpaInputs = evaluated.inputs;
    composite = evaluated.composite;
    isActive = evaluated.isActive;
    if (evaluated.fallbackActive) fallbackActive = true;
    if (evaluated.isError === true) {
      isError = true;
      fallbackActive = false;
    }
  }
  if (config.resourceOnly && !isError) isActive = true;
  return { isActive, isError, fallbackActive, triggers, hpaInputs, composite };
}
