/** KEDA's `NormalizeString`: replaces `/ . : % ( )` with `-`. */
export function normalizeMetricName(name: string): string {
  return name.replace(/[/.:%()]/g, '-');
}

/** KEDA's `GenerateMetricNameWithIndex`: `s{triggerIndex}-{name}` (the name is used as given). */
export function metricNameWithIndex(triggerIndex: number, name: string): string {
  return `s${triggerIndex}-${name}`;
}

/**
 * KEDA's metric value emission (`GenerateMetricInMili`, pkg/scalers/scaler.go v2.21: `fmt.Sprintf("%.3f")` then a
 * milli quantity): the exact binary value rounded to 3 decimals, an exact tie to the even digit as Go's
 * formatting does; NaN, ±Infinity and negative values become 0.
 *
 * @example
 * toMetricValue(1.23456); // 1.235
 * toMetricValue(0.0625);  // 0.062 (a tie: to even, as Go)
 */
export function toMetricValue(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  // An integer is already exact to the thousandth (+ 0 turns -0 into 0, as toFixed does); most metrics are counts,
  // and this skips a string per poll.
  if (Number.isInteger(value)) return value + 0;
  // A value whose thousands part ends in exactly .5 is an odd number of sixteenths (x * 1000 = 62.5 * m).
  const sixteenths = value * 16;
  if (sixteenths < 2 ** 52 && Number.isInteger(sixteenths) && sixteenths % 2 === 1) {
    const below = Math.floor(value * 1000); // exact: 62.5 * m is a representable number here
    return (below % 2 === 0 ? below : below + 1) / 1000;
  }
  // toFixed rounds the exact binary value (no error from multiplying by 1000 first).
  return Number(value.toFixed(3));
}
