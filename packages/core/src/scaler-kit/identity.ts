// The trigger's identity (index, name, metric type, scalingModifiers) comes from core in one value, so that no
// scaler forgets `metricType: Value` or names its metric by hand.
import { ScalerConfigError } from '../errors.js';
import { metricNameWithIndex, normalizeMetricName } from '../metric-name.js';
import type { InferParameters, ParameterShape } from '../parameters/builders.js';
import { type ParseParametersOptions, parseParameters } from '../parameters/parse.js';
import type { MetricSpec, MetricTargetType, ParseContext, TriggerInput } from '../types.js';

/**
 * Where a trigger sits in its ScaledObject and how its metric is compared: `triggerIndex` and `metricType`
 * always; `triggerName` and `asMetricSource` only when the trigger has them.
 */
export interface TriggerIdentity {
  /** Position in `spec.triggers`; metric names are `s{triggerIndex}-...`. */
  triggerIndex: number;
  /** `AverageValue` unless the trigger says `Value`. */
  metricType: MetricTargetType;
  triggerName?: string;
  /** True when the ScaledObject combines metrics with scalingModifiers (KEDA's `AsMetricSource`). */
  asMetricSource?: boolean;
}

/**
 * The identity of the trigger `input` describes, with KEDA's defaults (index 0, `AverageValue`).
 *
 * @example
 * triggerIdentity({ metadata: {}, triggerIndex: 2, metricType: 'Value' }); // { triggerIndex: 2, metricType: 'Value' }
 */
export function triggerIdentity(input: TriggerInput): TriggerIdentity {
  const metricType = input.metricType || 'AverageValue';
  // KEDA's GetMetricTargetType (pkg/scalers/scaler.go, v2.21): external metrics take AverageValue or Value only.
  if (metricType !== 'AverageValue' && metricType !== 'Value') {
    throw new ScalerConfigError(
      `metricType ${JSON.stringify(metricType)} is not supported for this trigger: use AverageValue or Value (Utilization is for cpu and memory triggers)`,
      { parameter: 'metricType' },
    );
  }
  const identity: TriggerIdentity = { triggerIndex: input.triggerIndex ?? 0, metricType };
  if (input.triggerName) identity.triggerName = input.triggerName;
  if (input.asMetricSource) identity.asMetricSource = true;
  return identity;
}

/**
 * `parseParameters` for a scaler's `parse()`: the declared parameters read with KEDA's lookup, defaults and
 * checks, the host's parse context honoured (`emit`, `warnUnexpected`), and the trigger's identity added.
 *
 * @example
 * parse: (input, context) => parseTrigger(queueParameters, input, { scalerType: 'my-queue' }, context),
 */
export function parseTrigger<const P extends ParameterShape>(
  parameters: P,
  input: TriggerInput,
  options: ParseParametersOptions<InferParameters<P>>,
  context: ParseContext = {},
): InferParameters<P> & TriggerIdentity {
  const emit = options.emit ?? context.emit;
  const config = parseParameters(parameters, input, {
    ...options,
    ...(emit ? { emit } : {}),
    warnUnexpected: options.warnUnexpected ?? context.warnUnexpected ?? false,
  });
  return Object.assign(config, triggerIdentity(input));
}

/**
 * The `MetricSpec` of one metric of a trigger: `s{triggerIndex}-{name}` with KEDA's name normalization, the
 * trigger's metric type and the target value.
 *
 * @example
 * metricSpec(config, `rabbitmq-${config.queueName}`, config.value); // { metricName: 's0-rabbitmq-orders', targetType: 'AverageValue', targetValue: 20 }
 */
export function metricSpec(identity: TriggerIdentity, name: string, targetValue: number): MetricSpec {
  return {
    metricName: metricNameWithIndex(identity.triggerIndex, normalizeMetricName(name)),
    targetType: identity.metricType,
    targetValue,
  };
}
