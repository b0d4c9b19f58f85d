// Enumeration builders: `parameters.enum` and `parameters.enumList` (KEDA `enum`, `exclusiveSet`).
import type { Conversion } from './convert.js';
import {
  build,
  type CommonParameterOptions,
  declarationError,
  type NoOptions,
  type Parameter,
  type ParameterOutput,
  roundTrip,
  typeProblem,
} from './parameter.js';

type EnumValues = readonly [string, ...string[]];

export interface EnumOptions<Value extends string> extends CommonParameterOptions<Value> {
  /**
   * Accept several values separated by this (KEDA splits enum values on `,`). With a separator the config
   * holds the validated raw string; prefer `parameters.enumList` to get an array.
   */
  separator?: string;
  /** At most one of these may appear among the separated values (KEDA `exclusiveSet`). */
  exclusiveSet?: readonly Value[];
}

export interface EnumListOptions<Value extends string> extends CommonParameterOptions<readonly Value[]> {
  /** Element separator, default `,`. */
  separator?: string;
  /** At most one of these may appear in the list (KEDA `exclusiveSet`). */
  exclusiveSet?: readonly Value[];
}

/** Option keys `enum` and `enumList` accept besides the common ones. */
const ENUM_OPTION_KEYS = ['separator', 'exclusiveSet'] as const satisfies readonly (keyof EnumOptions<string> &
  keyof EnumListOptions<string>)[];

function checkDeclaredValues(
  values: readonly string[],
  exclusiveSet: readonly string[] | undefined,
  separator: string,
) {
  if (!Array.isArray(values) || values.length === 0 || values.some((value) => typeof value !== 'string')) {
    throw declarationError('enum values must be a non-empty list of strings');
  }
  if (separator === '') throw declarationError('separator must not be empty');
  for (const member of exclusiveSet ?? []) {
    if (!values.includes(member))
      throw declarationError(`exclusiveSet member ${JSON.stringify(member)} is not an enum value`);
  }
}

export function describeValues(values: readonly string[]): string {
  return values.join(', ');
}

/** Splits on the separator, trims each part and checks membership and the exclusive set (KEDA 273-306). */
function enumElements(
  raw: string,
  values: readonly string[],
  separator: string,
  exclusiveSet: readonly string[] | undefined,
  expected: string,
): Conversion<string[]> {
  const parts = raw.split(separator).map((part) => part.trim());
  for (const [index, part] of parts.entries()) {
    if (!values.includes(part)) {
      return {
        ok: false,
        expected,
        detail: parts.length === 1 ? undefined : (show) => `element ${index + 1} ${show(part)} is not allowed`,
      };
    }
  }
  if (exclusiveSet !== undefined) {
    const present = parts.filter((part) => exclusiveSet.includes(part));
    if (present.length > 1) {
      return { ok: false, expected, detail: () => `at most one of ${describeValues(exclusiveSet)} may be given` };
    }
  }
  return { ok: true, value: parts };
}

type EnumOutput<V extends EnumValues, O> = O extends { separator: string } ? string : V[number];

/**
 * One of `values`, case-sensitive: `parameters.enum(['latest', 'earliest'], { default: 'latest' })`.
 * Without `separator` the whole value must be one member (KEDA would also accept `latest,earliest` here;
 * we refuse it so the type stays exact). With `separator`, every separated, trimmed part must be a member
 * and the config holds the raw string.
 */
export function enumeration<const V extends EnumValues, const O extends EnumOptions<V[number]> = NoOptions>(
  values: V,
  options?: O,
): Parameter<ParameterOutput<EnumOutput<V, O>, O>> {
  const separator = options?.separator;
  const exclusiveSet = options?.exclusiveSet;
  checkDeclaredValues(values, exclusiveSet, separator ?? ',');
  const expected =
    separator === undefined
      ? `one of ${describeValues(values)}`
      : `one of ${describeValues(values)} (case-sensitive; KEDA also accepts several joined by ${JSON.stringify(separator)})`;
  const convert = (raw: string): Conversion<unknown> => {
    if (separator === undefined) {
      return values.includes(raw) ? { ok: true, value: raw } : { ok: false, expected };
    }
    const elements = enumElements(raw, values, separator, exclusiveSet, expected);
    return elements.ok ? { ok: true, value: raw } : elements;
  };
  return build(
    {
      builder: 'parameters.enum',
      optionKeys: ENUM_OPTION_KEYS,
      kind: 'enum',
      typeLabel: expected,
      convert,
      checkDefault: (value) => (typeof value === 'string' ? roundTrip(convert, value) : typeProblem('a string')),
    },
    options,
  );
}

/**
 * A list of enum members: `parameters.enumList(['a', 'b', 'c'], { exclusiveSet: ['a', 'b'] })` turns
 * `c, a` into `['c', 'a']`. Parts are split on `separator` (default `,`), trimmed and checked.
 */
export function enumList<const V extends EnumValues, const O extends EnumListOptions<V[number]> = NoOptions>(
  values: V,
  options?: O,
): Parameter<ParameterOutput<V[number][], O>> {
  const separator = options?.separator ?? ',';
  const exclusiveSet = options?.exclusiveSet;
  checkDeclaredValues(values, exclusiveSet, separator);
  const expected = `a list separated by ${JSON.stringify(separator)} of ${describeValues(values)}`;
  const convert = (raw: string): Conversion<unknown> => enumElements(raw, values, separator, exclusiveSet, expected);
  return build(
    {
      builder: 'parameters.enumList',
      optionKeys: ENUM_OPTION_KEYS,
      kind: 'enumList',
      typeLabel: expected,
      convert,
      checkDefault: (value) =>
        Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')
          ? roundTrip(convert, value.join(separator))
          : typeProblem('a non-empty list of strings'),
    },
    options,
  );
}
