import { ScalerError } from '../errors.js';
import { MAX_INT64, toMilli } from '../hpa/quantity.js';
import type { ScaledObject, Trigger } from '../manifest/types.js';
import type { MetricSpec } from '../types.js';
import { printable, shown } from './printable.js';

/** A metric spec prepared for the hot path. */
export interface PreparedMetric {
  triggerKey: string;
  metricName: string;
  lowerName: string;
  targetType: 'AverageValue' | 'Value';
  target: number;
  /**
   * The target in milli-units, at most `MAX_INT64` (2^63): a Kubernetes quantity's `MilliValue()` is an int64,
   * and a larger target (up to `Number.MAX_VALUE`) would otherwise overflow to Infinity and make ratios NaN.
   */
  targetMilli: number;
}

/** A trigger prepared for the hot path. */
export interface PreparedTrigger {
  key: string;
  index: number;
  trigger: Trigger;
  /** cpu / memory: evaluated by the HPA itself (Resource metrics); no activity. */
  resource: boolean;
  metrics: PreparedMetric[];
}

/** KEDA trigger key: the trigger's name, or its index as a string when unnamed. */
export function triggerKeyOf(trigger: Pick<Trigger, 'name'>, index: number): string {
  return trigger.name !== undefined && trigger.name !== '' ? trigger.name : String(index);
}

function invalidSpec(message: string): ScalerError {
  return new ScalerError(message, { code: 'INVALID_ARGUMENT' });
}

export function prepareTriggers(so: ScaledObject, metricSpecs: Record<string, MetricSpec[]>): PreparedTrigger[] {
  return so.spec.triggers.map((trigger, index) => {
    const key = triggerKeyOf(trigger, index);
    const resource = trigger.type === 'cpu' || trigger.type === 'memory';
    const specs = metricSpecs[key];
    if (!resource && specs !== undefined && !Array.isArray(specs)) {
      throw invalidSpec(`createScalingEngine: "metricSpecs.${key}" must be an array of MetricSpec`);
    }
    const metrics = (resource ? [] : (specs ?? [])).map((spec, i): PreparedMetric => {
      const where = `metricSpecs.${key}[${i}]`;
      if (typeof spec?.metricName !== 'string' || spec.metricName === '') {
        throw invalidSpec(`createScalingEngine: "${where}.metricName" must be a non-empty string`);
      }
      if (spec.targetType !== 'AverageValue' && spec.targetType !== 'Value') {
        throw invalidSpec(
          `createScalingEngine: "${where}.targetType" must be "AverageValue" or "Value", got ${shown(spec.targetType)}`,
        );
      }
      if (typeof spec.targetValue !== 'number' || !Number.isFinite(spec.targetValue) || spec.targetValue <= 0) {
        throw invalidSpec(
          `createScalingEngine: "${where}.targetValue" must be a number > 0, got ${printable(spec.targetValue)}`,
        );
      }
      return {
        triggerKey: key,
        metricName: spec.metricName,
        lowerName: spec.metricName.toLowerCase(),
        targetType: spec.targetType,
        target: spec.targetValue,
        targetMilli: Math.min(toMilli(spec.targetValue), MAX_INT64),
      };
    });
    return { key, index, trigger, resource, metrics };
  });
}
