/** KEDA's `NormalizeString`: replaces `/ . : % ( )` with `-`. */
export function normalizeMetricName(name: string): string {
  return name.replace(/[/.:%()]/g, '-');
}

/** KEDA's `GenerateMetricNameWithIndex`: `s{triggerIndex}-{name}` (the name is used as given). */
export function metricNameWithIndex(triggerIndex: number, name: string): string {
  return `s${triggerIndex}-${name}`;
}

/**
 * KEDA's metric value emission (`GenerateMetricInMili`): milli precision; NaN, ±Infinity and negative
 * values become 0.
 */
export function toMetricValue(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.round(value * 1000) / 1000;
}
