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
  if (nearest / 1000 === value) return nearest + 0; // `+ 0` turns -0 into 0
  return Math.ceil(scaled) + 0;
}

// A Kubernetes quantity: a decimal number with an optional exponent or SI / binary suffix.
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;
const DECIMAL_EXPONENT: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENT: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/**
 * Reads a numeric input the way a test vector or a manifest may carry it: a number, a bigint, a `Date`
 * (its epoch milliseconds), or a string holding a decimal number or a Kubernetes quantity (`"9223372036854775807"`,
 * `"1.5"`, `"100m"`, `"2k"`, `"1Ki"`, `"1e3"`). Integers beyond 2^53 become the nearest double.
 * Returns `undefined` for anything else (including NaN and ±Infinity).
 */
export function toNumberInput(value: unknown): number | undefined {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'bigint') n = Number(value);
  else if (value instanceof Date) n = value.getTime();
  else if (typeof value === 'string') {
    const match = QUANTITY.exec(value.trim());
    if (match === null) return undefined;
    const [, digits, exponent, suffix] = match as unknown as [string, string, string | undefined, string | undefined];
    if (suffix !== undefined && suffix in BINARY_EXPONENT)
      n = Number(digits) * 2 ** (BINARY_EXPONENT[suffix] as number);
    else {
      // Decimal scaling through the exponent keeps "100m" exactly 0.1 (no 100 * 0.001 rounding).
      const e =
        exponent !== undefined ? Number(exponent) : suffix !== undefined ? (DECIMAL_EXPONENT[suffix] as number) : 0;
      n = Number(`${digits}e${e}`);
    }
  } else return undefined;
  return Number.isFinite(n) ? n + 0 : undefined;
}

/**
 * Reads a numeric argument (see `toNumberInput` for the accepted forms) and checks its constraint; throws a
 * clear error naming the function and parameter otherwise.
 */
export function requireNumber(
  fn: string,
  parameter: string,
  value: unknown,
  constraint: 'any' | 'nonNegative' | 'positive' = 'any',
): number {
  const n = toNumberInput(value);
  const ok = n !== undefined && (constraint === 'any' || (constraint === 'nonNegative' ? n >= 0 : n > 0));
  if (ok) return n as number;
  const accepted =
    constraint === 'positive' ? 'a number > 0' : constraint === 'nonNegative' ? 'a number >= 0' : 'a finite number';
  throw new ScalerError(
    `${fn}: "${parameter}" must be ${accepted}, got ${describe(value)} (numbers, bigints and numeric or quantity strings are accepted)`,
    { code: 'INVALID_ARGUMENT' },
  );
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  return Array.isArray(value) ? 'an array' : typeof value;
}

/** Throws a clear error unless the function's single argument is an object. */
export function requireInput(fn: string, input: unknown, shape: string): void {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ScalerError(`${fn}: the argument must be an object ${shape}, got ${describe(input)}`, {
      code: 'INVALID_ARGUMENT',
    });
  }
}
