// String → value conversions with KEDA's exact acceptance rules (typed_config.go, setConfigValueHelper).
// Every converter returns a Result whose failure text never contains the input: the caller decides
// whether the value may be shown (secret parameters never show it).

/** Outcome of one conversion. `expected` says what was wanted; `detail` optionally says what was wrong. */
export type Conversion<T> = { ok: true; value: T } | { ok: false; expected: string; detail?: DetailFn };

/** Builds the failure detail; `show(text)` quotes a piece of the input, or hides it for secrets. */
export type DetailFn = (show: (text: string) => string) => string;

const ok = <T>(value: T): Conversion<T> => ({ ok: true, value });
const fail = <T>(expected: string, detail?: DetailFn): Conversion<T> =>
  detail === undefined ? { ok: false, expected } : { ok: false, expected, detail };

// Go's encoding/json number grammar; an int64 target additionally refuses fraction and exponent.
const JSON_INTEGER = /^-?(?:0|[1-9]\d*)$/;
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * JSON integer, as KEDA decodes `int`/`int64` fields: `-1`, `0`, `10`; not `+5`, `010`, `1.0`, `1e3`.
 * Bounded to JavaScript's safe integers (KEDA allows the whole int64 range; beyond 2^53 a JS number
 * would silently lose digits, so we refuse instead).
 */
export function convertInteger(raw: string): Conversion<number> {
  if (!JSON_INTEGER.test(raw)) return fail('an integer');
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) {
    return fail('an integer', () => `out of the safe integer range ±${Number.MAX_SAFE_INTEGER}`);
  }
  return ok(Object.is(value, -0) ? 0 : value);
}

/** JSON number, as KEDA decodes `float64` fields: `10`, `10.5`, `1e3`, `-1`; not `.5`, `5.`, `NaN`, `Infinity`. */
export function convertFloat(raw: string): Conversion<number> {
  if (!JSON_NUMBER.test(raw)) return fail('a number');
  const value = Number(raw);
  // Go refuses numbers that overflow float64 (`1e400`).
  if (!Number.isFinite(value)) return fail('a number', () => 'out of range');
  return ok(Object.is(value, -0) ? 0 : value);
}

const TRUE_SPELLINGS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_SPELLINGS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);
/** The spellings Go's `strconv.ParseBool` accepts, for messages and docs. */
export const BOOLEAN_SPELLINGS: readonly string[] = [...TRUE_SPELLINGS, ...FALSE_SPELLINGS];

/** Go `strconv.ParseBool`: exactly `1 t T TRUE true True 0 f F FALSE false False`. */
export function convertBoolean(raw: string): Conversion<boolean> {
  if (TRUE_SPELLINGS.has(raw)) return ok(true);
  if (FALSE_SPELLINGS.has(raw)) return ok(false);
  return fail('a boolean', () => `accepted: ${BOOLEAN_SPELLINGS.join(', ')}`);
}

const NANOS_PER_UNIT: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX_NANOS = (1n << 63n) - 1n;

/**
 * Go `time.ParseDuration`, returning nanoseconds (or undefined when Go would fail). Grammar: optional
 * sign, then one or more `<decimal><unit>` with units ns, us, µs, μs, ms, s, m, h; `"0"` alone is valid.
 */
export function parseGoDuration(text: string): bigint | undefined {
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  const component = /^(\d*)(?:\.(\d*))?([^\d.]*)/;
  while (rest !== '') {
    const match = component.exec(rest);
    if (match === null) return undefined;
    const [whole, intDigits = '', fracDigits, unitText = ''] = match;
    // A number needs digits before or after the dot (`.5s` and `5.s` are fine, `.s` is not).
    if (intDigits === '' && (fracDigits === undefined || fracDigits === '')) return undefined;
    const unit = NANOS_PER_UNIT[unitText];
    if (unit === undefined) return undefined;
    let nanos = BigInt(intDigits === '' ? '0' : intDigits) * unit;
    if (fracDigits !== undefined && fracDigits !== '') {
      // Go adds the fraction in float64 and truncates to whole nanoseconds.
      nanos += BigInt(Math.trunc(Number(`0.${fracDigits}`) * Number(unit)));
    }
    total += nanos;
    if (total > MAX_NANOS + (negative ? 1n : 0n)) return undefined;
    rest = rest.slice(whole.length);
  }
  return negative ? -total : total;
}

/**
 * KEDA's `time.Duration` rule: a Go duration string (`30s`, `1m30s`, `1.5s`, `500ms`), else a bare
 * integer meaning milliseconds (`1000`); negative fails either way. Returns milliseconds.
 */
export function convertDuration(raw: string): Conversion<number> {
  const expected = 'a duration';
  const accepted = 'accepted: a Go duration such as 30s, 1m30s, 500ms, or an integer number of milliseconds';
  const nanos = parseGoDuration(raw);
  if (nanos !== undefined) {
    if (nanos < 0n) return fail(expected, () => 'must not be negative');
    return ok(Number(nanos) / 1e6);
  }
  // Go strconv.ParseInt base 10: optional sign, decimal digits (leading zeros allowed).
  if (/^[+-]?\d+$/.test(raw)) {
    const millis = Number(raw);
    if (millis < 0) return fail(expected, () => 'must not be negative');
    if (!Number.isSafeInteger(millis)) return fail(expected, () => 'out of range');
    return ok(millis === 0 ? 0 : millis);
  }
  return fail(expected, () => accepted);
}

/** Element types a list may hold. */
export type ListElementKind = 'string' | 'integer' | 'float' | 'boolean';

const ELEMENT_CONVERTERS: Record<ListElementKind, (raw: string) => Conversion<unknown>> = {
  string: (raw) => ok(raw),
  integer: convertInteger,
  float: convertFloat,
  boolean: convertBoolean,
};

const PLURAL: Record<ListElementKind, string> = {
  string: 'strings',
  integer: 'integers',
  float: 'numbers',
  boolean: 'booleans',
};

/** `a list of integers`, for messages and docs. */
export function listDescription(of: ListElementKind, rangeSeparator?: string): string {
  return `a list of ${PLURAL[of]}${rangeSeparator === undefined ? '' : ` (ranges like 5${rangeSeparator}10 allowed)`}`;
}

/**
 * KEDA's slice rule: split on `separator`, trim each part, keep empty parts (`a,,b` has 3 items), convert
 * each. With `rangeSeparator` (integer lists only) a part containing it must be exactly `start<sep>end`,
 * both JSON integers, expanding inclusively; so a negative number like `-1` fails with the default `-`.
 */
export function convertList(
  raw: string,
  of: ListElementKind,
  separator: string,
  rangeSeparator?: string,
): Conversion<unknown[]> {
  const expected = listDescription(of, rangeSeparator);
  const convertElement = ELEMENT_CONVERTERS[of];
  const result: unknown[] = [];
  const parts = raw.split(separator);
  for (const [index, untrimmed] of parts.entries()) {
    const part = untrimmed.trim();
    const position = `element ${index + 1}`;
    if (rangeSeparator !== undefined && rangeSeparator !== '' && part.includes(rangeSeparator)) {
      const bounds = part.split(rangeSeparator);
      if (bounds.length !== 2) {
        return fail(expected, (show) => `${position} ${show(part)} must be start${rangeSeparator}end`);
      }
      // Go's JSON decoder tolerates whitespace around each bound (`5 - 10`).
      const start = convertInteger(bounds[0]!.trim());
      const end = convertInteger(bounds[1]!.trim());
      if (!start.ok || !end.ok) {
        return fail(
          expected,
          (show) => `${position} ${show(part)} must be start${rangeSeparator}end with two integers`,
        );
      }
      // KEDA silently yields nothing for a reversed range; an empty expansion is never what was meant.
      if (start.value > end.value) {
        return fail(expected, (show) => `${position} ${show(part)} has its start after its end`);
      }
      if (end.value - start.value >= 100_000) {
        return fail(expected, (show) => `${position} ${show(part)} spans more than 100000 values`);
      }
      for (let value = start.value; value <= end.value; value++) result.push(value);
      continue;
    }
    const converted = convertElement(part);
    if (!converted.ok) {
      return fail(expected, (show) => `${position} ${show(part)} is not ${converted.expected}`);
    }
    result.push(converted.value);
  }
  return ok(result);
}

/**
 * KEDA's map rule: split on `separator`, trim each entry, split it on `=` into exactly two parts, trim key
 * and value. `a=1,b=2` ok; `a=` gives `""`; an entry without `=` or with two `=` (`a=b=c`), or an empty
 * entry (trailing separator), fails. A repeated key keeps the last value.
 */
export function convertMap(raw: string, separator: string): Conversion<Record<string, string>> {
  const expected = `a map written key=value${separator}key=value`;
  const result: Record<string, string> = Object.create(null);
  for (const [index, untrimmed] of raw.split(separator).entries()) {
    const entry = untrimmed.trim();
    const keyValue = entry.split('=');
    if (keyValue.length !== 2) {
      return fail(expected, (show) => `entry ${index + 1} ${show(entry)} is not key=value`);
    }
    result[keyValue[0]!.trim()] = keyValue[1]!.trim();
  }
  // A plain object for the caller (null prototype only guarded against `__proto__` keys while filling).
  return ok({ ...result });
}
