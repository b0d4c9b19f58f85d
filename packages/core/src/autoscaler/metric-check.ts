import { ScalerError } from '../errors.js';
import type { MetricValue } from '../types.js';

/** How many returned names a message lists before it says "and N more". */
const NAMES_SHOWN = 5;

/**
 * The error of a query that answered without a value for the metric it asked for (an empty list, or values
 * under other names), or `undefined` when the metric is there. Names match case-insensitively, as the HPA
 * path of KEDA matches them (KEDA v2.21 pkg/scaling/scale_handler.go, `GetScaledObjectMetrics`).
 *
 * KEDA itself resets the fallback count on such an answer and the HPA then fails with "no matching metrics
 * found for <name>", so fallback never covers it; the autoscaler makes it a query failure like any other
 * (an `error` event, the trigger in error, counted toward `fallback.failureThreshold`), as a source that
 * reports nothing for its own metric is broken, not idle.
 */
export function missingMetricError(
  trigger: { type: string; triggerIndex: number; triggerName: string | undefined },
  metricName: string,
  metrics: readonly MetricValue[],
): ScalerError | undefined {
  const wanted = metricName.toLowerCase();
  if (metrics.some((metric) => metric.metricName.toLowerCase() === wanted)) return undefined;
  const label = `${trigger.type} trigger ${trigger.triggerIndex}${trigger.triggerName ? ` (${trigger.triggerName})` : ''}`;
  const names = metrics.slice(0, NAMES_SHOWN).map((metric) => `"${metric.metricName}"`);
  if (metrics.length > NAMES_SHOWN) names.push(`and ${metrics.length - NAMES_SHOWN} more`);
  const got = metrics.length === 0 ? 'an empty list' : `only ${names.join(', ')}`;
  return new ScalerError(
    `${label}: getMetricsAndActivity("${metricName}") returned no value for metric "${metricName}" (got ${got})`,
    { code: 'METRIC_ERROR' },
  );
}
