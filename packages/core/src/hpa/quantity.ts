import { ScalerError } from '../errors.js';

/** Largest int32, the HPA's replica cap. */
export const MAX_INT32 = 2147483647;
/** Smallest int32, the "no policy" start of the scale-up limit. */
export const MIN_INT32 = -2147483648;
/** `math.MaxInt64` as a double (2^63, the nearest double; the HPA's usage overflow cap). */
export const MAX_INT64 = 2 ** 63;

/**
 * `resource.Quantity.MilliValue()` of a number: milli-units, rounded up to 1m.
 * The decimal a JS number prints as is what a Quantity would parse, so `1.1` is 1100m even though
 * `1.1 * 1000` is 1100.0000000000002 in binary.
 */
export function toMilli(value: number): number {
  const scaled = value * 1000;
  const nearest = Math.round(scaled);
  if (nearest / 1000 === value) return nearest;
  return Math.ceil(scaled);
}

/** Throws a clear error unless `value` is a finite number (optionally ≥ 0 or > 0). */
export function requireNumber(
  fn: string,
  parameter: string,
  value: unknown,
  constraint: 'any' | 'nonNegative' | 'positive' = 'any',
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (constraint === 'any' || (constraint === 'nonNegative' ? value >= 0 : value > 0));
  if (ok) return value as number;
  const accepted =
    constraint === 'positive' ? 'a number > 0' : constraint === 'nonNegative' ? 'a number >= 0' : 'a finite number';
  throw new ScalerError(`${fn}: "${parameter}" must be ${accepted}, got ${describe(value)}`, {
    code: 'INVALID_ARGUMENT',
  });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  return typeof value;
}
