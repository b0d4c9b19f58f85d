import { ScalerError } from '../errors.js';
import { toMilli } from '../hpa/quantity.js';
import type { Fallback, ScaledObject } from '../manifest/types.js';
import { fallbackMetricValue, fallbackReplicas } from './fallback.js';
import { type CompiledFormula, compileFormula } from './formula.js';
import type { PreparedMetric, PreparedTrigger } from './model.js';

/** The HPA metric name KEDA uses for a scalingModifiers composite. */
export const COMPOSITE_METRIC_NAME = 'composite-metric';

/** A compiled `advanced.scalingModifiers`. */
export interface CompiledModifiers {
  formula: string;
  /** `scalingModifiers.target` as written (fallback validity parses it as an integer). */
  targetText: string;
  evaluate: CompiledFormula;
  activationTarget: number;
  metric: PreparedMetric;
  /**
   * `spec.fallback` as written, valid or not: a formula that yields nil takes `fallback.replicas × target`
   * whenever a fallback is set (KEDA's scalingModifiersFallbackTarget checks only that it is not nil).
   */
  fallbackForNil: Fallback | undefined;
}

/** One HPA metric input (shared shape with the engine). */
export interface ModifierMetricInput {
  metric: PreparedMetric;
  valueMilli: number;
  invalid: string | undefined;
  fallback: boolean;
}

function configError(message: string): never {
  throw new ScalerError(message, { code: 'CONFIG_ERROR' });
}

/** Compiles the formula; `undefined` when the ScaledObject does not use scalingModifiers (KEDA `IsUsingModifiers`). */
export function compileScalingModifiers(so: ScaledObject): CompiledModifiers | undefined {
  const m = so.spec.advanced?.scalingModifiers;
  if (m === undefined || m === null || (!m.formula && !m.target && !m.activationTarget)) return undefined;
  if (!m.formula) configError('scalingModifiers: "formula" is mandatory when scalingModifiers are used');
  if (!m.target) configError('scalingModifiers: "target" is mandatory when a formula is given');
  const target = Number(m.target);
  if (m.target.trim() === '' || !Number.isFinite(target) || target <= 0) {
    configError(`scalingModifiers: "target" must be a number > 0, got ${JSON.stringify(m.target)}`);
  }
  const activation = m.activationTarget === undefined || m.activationTarget === '' ? 0 : Number(m.activationTarget);
  if (!Number.isFinite(activation)) {
    // KEDA accepts this and then aborts every poll; refusing it up front is the only useful outcome.
    configError(`scalingModifiers: "activationTarget" must be a number, got ${JSON.stringify(m.activationTarget)}`);
  }
  const names = so.spec.triggers
    .filter((t) => t.name !== '' && t.type !== 'cpu' && t.type !== 'memory')
    .map((t) => t.name);
  const metricType = m.metricType ?? 'AverageValue';
  return {
    formula: m.formula,
    targetText: m.target,
    evaluate: compileFormula(m.formula, names),
    activationTarget: activation,
    fallbackForNil: so.spec.fallback ?? undefined,
    metric: {
      triggerKey: COMPOSITE_METRIC_NAME,
      metricName: COMPOSITE_METRIC_NAME,
      lowerName: COMPOSITE_METRIC_NAME,
      targetType: metricType,
      target,
      targetMilli: toMilli(target),
    },
  };
}

export interface ModifierContext {
  inputs: ModifierMetricInput[];
  triggers: PreparedTrigger[];
  isError: boolean;
  /** Set only when fallback is configured and valid. */
  fallback: Fallback | undefined;
  current: number;
  ready: number;
}

export interface ModifierOutcome {
  inputs: ModifierMetricInput[];
  composite: { value?: number; activationTarget: number; formula: string; error?: string };
  isActive: boolean;
  fallbackActive: boolean;
  /** The composite could not be made for a reason KEDA reports as a trigger error (the object then errs). */
  isError?: boolean;
}

/** KEDA's `HandleScalingModifiers` + the activity rule `composite > activationTarget` (strict). */
export function evaluateModifiers(mod: CompiledModifiers, ctx: ModifierContext): ModifierOutcome {
  const composite: ModifierOutcome['composite'] = { activationTarget: mod.activationTarget, formula: mod.formula };
  const metric = mod.metric;
  const done = (valueMilli: number, fallbackActive: boolean): ModifierOutcome => {
    composite.value = valueMilli / 1000;
    const isActive = !ctx.isError && valueMilli / 1000 > mod.activationTarget;
    return {
      inputs: [{ metric, valueMilli, invalid: undefined, fallback: fallbackActive }],
      composite,
      isActive,
      fallbackActive,
    };
  };
  // No composite value: the HPA's metric is invalid for the same reason, and the object is inactive.
  const failed = (error: string, fallbackActive: boolean): ModifierOutcome => {
    composite.error = error;
    return {
      inputs: [{ metric, valueMilli: 0, invalid: error, fallback: false }],
      composite,
      isActive: false,
      fallbackActive,
    };
  };

  // A non-`scalingModifiers` fallback replaces everything with `target × R` as the composite.
  const fb = ctx.fallback;
  if (
    fb !== undefined &&
    fb.behavior !== 'scalingModifiers' &&
    ctx.inputs.some((i) => i.fallback && i.invalid === undefined)
  ) {
    const value = fallbackMetricValue(metric.target, metric.targetType, fallbackReplicas(fb, ctx.current), ctx.ready);
    // KEDA computes this per trigger with the modifiers' metric type: with no ready pods the query errs, so
    // the object is in error (and holds its replicas while fallback.replicas != 0), not in fallback.
    if (value === undefined) return { ...failed('fallback for a Value metric needs ready pods', false), isError: true };
    return done(toMilli(value), true);
  }
  const firstError = ctx.inputs.find((i) => i.invalid !== undefined);
  if (firstError?.invalid !== undefined) return failed(firstError.invalid, false);

  const variables: Record<string, number | null> = {};
  for (const input of ctx.inputs) {
    const trigger = ctx.triggers.find((t) => t.key === input.metric.triggerKey);
    if (trigger === undefined || trigger.trigger.name === '') continue;
    // In `scalingModifiers` fallback a failed trigger is nil, for `??` to handle; the last metric wins.
    variables[trigger.trigger.name] = input.fallback ? null : input.valueMilli / 1000;
  }
  let result: unknown;
  try {
    result = mod.evaluate(variables);
  } catch (e) {
    // KEDA logs "error applying custom scalingModifiers.Formula" and the HPA gets no composite metric.
    return failed((e as Error).message, false);
  }
  if (result === null || result === undefined) {
    // KEDA v2.21.0 pkg/scaling/modifiers/formula.go calculateScalingModifiersFormula + scalingModifiersFallbackTarget
    const nilFallback = mod.fallbackForNil;
    if (nilFallback === undefined) return failed('formula returned nil and no fallback is configured', false);
    return done(Math.trunc(nilFallback.replicas * metric.target * 1000), false);
  }
  if (typeof result !== 'number' || Number.isNaN(result)) {
    // Only a formula written as `float(...) ...` escapes KEDA's float() wrapping: `float(a) > 1` gives a bool.
    const got = typeof result === 'bigint' ? 'an integer' : Array.isArray(result) ? 'an array' : typeof result;
    return failed(`formula must return a number, got ${got} (KEDA: formula returned non-float result)`, false);
  }
  return done(Math.trunc(result * 1000), false);
}
