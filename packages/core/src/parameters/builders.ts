// Declarative trigger parameters: the TypeScript counterpart of KEDA's `keda:"..."` struct tags.
import {
  type Conversion,
  convertBoolean,
  convertDuration,
  convertFloat,
  convertInteger,
  convertList,
  convertMap,
  type ListElementKind,
  listDescription,
} from './convert.js';

/** Where a parameter's value may come from (KEDA's `order`; `metadata` is KEDA's `triggerMetadata`). */
export type ParameterSource = 'metadata' | 'authParams' | 'resolvedEnv';

/** The sources every parameter may name. */
export const PARAMETER_SOURCES: readonly ParameterSource[] = ['metadata', 'authParams', 'resolvedEnv'];

/** What a parameter converts its string into. */
export type ParameterKind =
  | 'string'
  | 'integer'
  | 'float'
  | 'boolean'
  | 'enum'
  | 'enumList'
  | 'list'
  | 'map'
  | 'duration';

/** Options every parameter builder accepts. */
export interface CommonParameterOptions<Default> {
  /** Accepted key names, tried in order (KEDA `name=a;b`). Default: the property key. */
  name?: string | readonly string[];
  /** Sources tried in order; source order beats name order. Default `['metadata']`. */
  order?: readonly ParameterSource[];
  /** Used when the parameter is absent (or empty). Checked when the parameter is declared. */
  default?: Default;
  /** Absent is not an error; the value is then `undefined`. */
  optional?: boolean;
  /** Giving this parameter is an error with this message (KEDA `deprecated`). Implies optional. */
  deprecated?: string;
  /** Giving this parameter emits a Normal `KEDAScalersInfo` event with this message (KEDA `deprecatedAnnounce`). */
  deprecatedAnnounce?: string;
  /** Never show the value in errors or events. */
  secret?: boolean;
  /** One sentence for documentation tables. */
  description?: string;
}

/**
 * A declared trigger parameter. Build one with `parameters.string()`, `parameters.integer()`, ...
 * `Output` is the type it contributes to the parsed config (`T`, or `T | undefined` when optional without default).
 */
export interface Parameter<Output = unknown> {
  readonly kind: ParameterKind;
  /** Explicit names; `undefined` means the property key. */
  readonly names: readonly string[] | undefined;
  readonly order: readonly ParameterSource[];
  readonly optional: boolean;
  readonly hasDefault: boolean;
  /** The (validated) default; arrays and maps are copied before being handed out. */
  readonly defaultValue: unknown;
  readonly deprecated: string | undefined;
  readonly deprecatedAnnounce: string | undefined;
  readonly secret: boolean;
  readonly description: string | undefined;
  /** Human description of the accepted values (`an integer`, `one of latest, earliest`). */
  readonly typeLabel: string;
  /** The default as a user would write it in YAML, for docs. */
  readonly defaultLabel: string | undefined;
  /** Converts a found value (already trimmed, never empty). Failure texts never contain the value. */
  readonly convert: (raw: string) => Conversion<unknown>;
  /** Phantom: carries `Output` for `InferParameters`; always undefined at runtime. */
  readonly '~output'?: () => Output;
}

/** A set of declared parameters, keyed by config property. */
export type ParameterShape = Record<string, Parameter<unknown>>;

/** The typed config `parseParameters` returns for a parameter shape. */
export type InferParameters<P extends ParameterShape> = {
  -readonly [K in keyof P]: P[K] extends Parameter<infer Output> ? Output : never;
};

/** The options type when none are given. */
type NoOptions = Record<never, never>;

type HasDefault<O> = O extends { default: infer D } ? (undefined extends D ? false : true) : false;

// Written with required-property checks: `O extends { optional?: false }` would hit TypeScript's weak-type
// rule and fail for options like `{ order: [...] }`.
type IsOptional<O> = O extends { deprecated: string }
  ? true
  : O extends { optional: infer Flag }
    ? Flag extends false | undefined
      ? false
      : true
    : false;

/** `T` when the options give a default or are not optional (nor deprecated); otherwise `T | undefined`. */
export type ParameterOutput<T, O> = HasDefault<O> extends true ? T : IsOptional<O> extends true ? T | undefined : T;

interface Spec {
  kind: ParameterKind;
  typeLabel: string;
  convert: (raw: string) => Conversion<unknown>;
  /** Validates a default and returns it normalised, or a reason it is invalid. */
  checkDefault: (value: unknown) => { value: unknown; label: string } | { problem: string };
}

/** Thrown for a mistake in a parameter declaration (a programming error, found when the module loads). */
function declarationError(message: string): TypeError {
  return new TypeError(`invalid parameter declaration: ${message}`);
}

function build<Output>(spec: Spec, options: CommonParameterOptions<unknown> = {}): Parameter<Output> {
  const names =
    options.name === undefined ? undefined : typeof options.name === 'string' ? [options.name] : [...options.name];
  if (
    names !== undefined &&
    (names.length === 0 || names.some((name) => typeof name !== 'string' || name.trim() === ''))
  ) {
    throw declarationError(
      `name must be a non-empty string or a non-empty list of them, got ${JSON.stringify(options.name)}`,
    );
  }
  const order = options.order === undefined ? ['metadata' as const] : [...options.order];
  for (const source of order) {
    if (!PARAMETER_SOURCES.includes(source)) {
      throw declarationError(
        `unknown source ${JSON.stringify(source)} in order, expected one of ${PARAMETER_SOURCES.join(', ')}`,
      );
    }
  }
  let defaultValue: unknown;
  let defaultLabel: string | undefined;
  const hasDefault = options.default !== undefined;
  if (hasDefault) {
    const checked = spec.checkDefault(options.default);
    if ('problem' in checked) {
      throw declarationError(`default ${JSON.stringify(options.default)} is not ${spec.typeLabel}: ${checked.problem}`);
    }
    defaultValue = checked.value;
    defaultLabel = checked.label;
  }
  return Object.freeze({
    kind: spec.kind,
    names: names === undefined ? undefined : Object.freeze(names),
    order: Object.freeze(order),
    optional: options.optional === true,
    hasDefault,
    defaultValue,
    deprecated: options.deprecated,
    deprecatedAnnounce: options.deprecatedAnnounce,
    secret: options.secret === true,
    description: options.description,
    typeLabel: spec.typeLabel,
    defaultLabel,
    convert: spec.convert,
  });
}

/** Checks a typed default by writing it the way a user would and converting it back. */
function roundTrip(convert: (raw: string) => Conversion<unknown>, label: string): ReturnType<Spec['checkDefault']> {
  const converted = convert(label);
  if (!converted.ok)
    return { problem: converted.detail ? converted.detail((text) => JSON.stringify(text)) : 'rejected' };
  return { value: converted.value, label };
}

const typeProblem = (expected: string) => ({ problem: `expected ${expected}` });

// ---------------------------------------------------------------------------------------------------------------
// Scalar builders

export type StringOptions = CommonParameterOptions<string>;

/** A string, used as given (trimmed). */
function string<const O extends StringOptions = NoOptions>(options?: O): Parameter<ParameterOutput<string, O>> {
  return build(
    {
      kind: 'string',
      typeLabel: 'a string',
      convert: (raw) => ({ ok: true, value: raw }),
      checkDefault: (value) => (typeof value === 'string' ? { value, label: value } : typeProblem('a string')),
    },
    options,
  );
}

export type IntegerOptions = CommonParameterOptions<number>;

/** A JSON integer: `-1`, `0`, `10`; not `1.5`, `1e3`, `+5`, `010`, `1.0` (KEDA decodes ints as JSON). */
function integer<const O extends IntegerOptions = NoOptions>(options?: O): Parameter<ParameterOutput<number, O>> {
  return build(
    {
      kind: 'integer',
      typeLabel: 'an integer',
      convert: convertInteger,
      checkDefault: (value) =>
        typeof value === 'number' && Number.isSafeInteger(value)
          ? { value, label: String(value) }
          : typeProblem('a safe integer'),
    },
    options,
  );
}

export type FloatOptions = CommonParameterOptions<number>;

/** A JSON number: `10`, `10.5`, `1e3`, `-1`; not `.5`, `5.`, `NaN`, `Infinity`. */
function float<const O extends FloatOptions = NoOptions>(options?: O): Parameter<ParameterOutput<number, O>> {
  return build(
    {
      kind: 'float',
      typeLabel: 'a number',
      convert: convertFloat,
      checkDefault: (value) =>
        typeof value === 'number' && Number.isFinite(value)
          ? { value, label: String(value) }
          : typeProblem('a finite number'),
    },
    options,
  );
}

export type BooleanOptions = CommonParameterOptions<boolean>;

/** A boolean in Go `ParseBool` spelling: `1 t T TRUE true True 0 f F FALSE false False`. */
function boolean<const O extends BooleanOptions = NoOptions>(options?: O): Parameter<ParameterOutput<boolean, O>> {
  return build(
    {
      kind: 'boolean',
      typeLabel: 'a boolean',
      convert: convertBoolean,
      checkDefault: (value) =>
        typeof value === 'boolean' ? { value, label: String(value) } : typeProblem('a boolean'),
    },
    options,
  );
}

export type DurationOptions = CommonParameterOptions<number | string>;

/**
 * A duration, returned in milliseconds: a Go duration (`30s`, `1m30s`, `500ms`, `1.5s`) or a bare integer of
 * milliseconds (`1000`). Negative fails. The default may be milliseconds or a Go duration string.
 */
function duration<const O extends DurationOptions = NoOptions>(options?: O): Parameter<ParameterOutput<number, O>> {
  return build(
    {
      kind: 'duration',
      typeLabel: 'a duration',
      convert: convertDuration,
      checkDefault: (value) => {
        if (typeof value === 'string') return roundTrip(convertDuration, value);
        if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return { value, label: `${value}ms` };
        return typeProblem('a non-negative number of milliseconds or a Go duration string');
      },
    },
    options,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Enumerations

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

function describeValues(values: readonly string[]): string {
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
function enumeration<const V extends EnumValues, const O extends EnumOptions<V[number]> = NoOptions>(
  values: V,
  options?: O,
): Parameter<ParameterOutput<EnumOutput<V, O>, O>> {
  const separator = options?.separator;
  const exclusiveSet = options?.exclusiveSet;
  checkDeclaredValues(values, exclusiveSet, separator ?? ',');
  const expected =
    separator === undefined
      ? `one of ${describeValues(values)}`
      : `a list separated by ${JSON.stringify(separator)} of ${describeValues(values)}`;
  const convert = (raw: string): Conversion<unknown> => {
    if (separator === undefined) {
      return values.includes(raw) ? { ok: true, value: raw } : { ok: false, expected };
    }
    const elements = enumElements(raw, values, separator, exclusiveSet, expected);
    return elements.ok ? { ok: true, value: raw } : elements;
  };
  return build(
    {
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
function enumList<const V extends EnumValues, const O extends EnumListOptions<V[number]> = NoOptions>(
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

// ---------------------------------------------------------------------------------------------------------------
// Lists and maps

export interface ListOptions extends CommonParameterOptions<readonly (string | number | boolean)[]> {
  /** Element type, default `string`. */
  of?: ListElementKind;
  /** Element separator, default `,`. */
  separator?: string;
  /** Integer lists only: `5-10` expands to 5..10 inclusive; a string sets the range separator (default `-`). */
  range?: boolean | string;
  /** At most one of these may appear in the list (KEDA `exclusiveSet`). */
  exclusiveSet?: readonly string[];
}

type ListElement<O> = O extends { of: 'integer' | 'float' } ? number : O extends { of: 'boolean' } ? boolean : string;

/**
 * A separated list: `a, b,c` → `['a', 'b', 'c']`. Parts are trimmed and empty parts are kept (`a,,b` has three
 * items, as in KEDA). `of` converts each part; `range` lets integer lists use `5-10`.
 */
function list<const O extends ListOptions = NoOptions>(options?: O): Parameter<ParameterOutput<ListElement<O>[], O>> {
  const of = options?.of ?? 'string';
  const separator = options?.separator ?? ',';
  const range = options?.range;
  if (!['string', 'integer', 'float', 'boolean'].includes(of))
    throw declarationError(`unknown list element type ${JSON.stringify(of)}`);
  if (separator === '') throw declarationError('separator must not be empty');
  if (range !== undefined && range !== false && of !== 'integer') throw declarationError('range needs of: "integer"');
  if (range === '') throw declarationError('range separator must not be empty');
  const rangeSeparator = range === true ? '-' : typeof range === 'string' ? range : undefined;
  const exclusiveSet = options?.exclusiveSet;
  const typeLabel = listDescription(of, rangeSeparator);
  const convert = (raw: string): Conversion<unknown> => {
    const converted = convertList(raw, of, separator, rangeSeparator);
    if (converted.ok && exclusiveSet !== undefined) {
      const present = raw.split(separator).filter((part) => exclusiveSet.includes(part.trim()));
      if (present.length > 1) {
        return {
          ok: false,
          expected: typeLabel,
          detail: () => `at most one of ${describeValues(exclusiveSet)} may be given`,
        };
      }
    }
    return converted;
  };
  return build(
    {
      kind: 'list',
      typeLabel,
      convert,
      checkDefault: (value) => {
        if (!Array.isArray(value)) return typeProblem('a list');
        if (value.length === 0) return { value: [], label: '' };
        const elementType = of === 'string' ? 'string' : of === 'boolean' ? 'boolean' : 'number';
        if (value.some((item) => typeof item !== elementType)) return typeProblem(typeLabel);
        const label = value.map(String).join(separator);
        // Strings are taken as given (an element may legitimately contain the separator); others are re-parsed.
        return of === 'string' ? { value: [...value], label } : roundTrip(convert, label);
      },
    },
    options,
  );
}

export interface MapOptions extends CommonParameterOptions<Readonly<Record<string, string>>> {
  /** Entry separator, default `,`. Key and value are separated by `=`. */
  separator?: string;
}

/** A map written `k=v,k2=v2`: entries and both sides trimmed; each entry needs exactly one `=`. */
function map<const O extends MapOptions = NoOptions>(
  options?: O,
): Parameter<ParameterOutput<Record<string, string>, O>> {
  const separator = options?.separator ?? ',';
  if (separator === '' || separator === '=') throw declarationError('map separator must not be empty or "="');
  return build(
    {
      kind: 'map',
      typeLabel: `a map written key=value${separator}key=value`,
      convert: (raw) => convertMap(raw, separator),
      checkDefault: (value) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.values(value).every((v) => typeof v === 'string')
          ? {
              value: { ...value },
              label: Object.entries(value as Record<string, string>)
                .map(([key, entry]) => `${key}=${entry}`)
                .join(separator),
            }
          : typeProblem('a record of strings'),
    },
    options,
  );
}

/**
 * Builders for trigger parameters. Declare a scaler's parameters once, then `parseParameters` them.
 *
 * @example
 * import { parameters as p, parseParameters, type InferParameters } from '@scalerkit/core';
 * const kafkaParameters = {
 *   bootstrapServers: p.list({ order: ['metadata', 'resolvedEnv'] }),
 *   consumerGroup: p.string({ order: ['metadata', 'resolvedEnv'] }),
 *   lagThreshold: p.integer({ default: 10 }),
 *   offsetResetPolicy: p.enum(['latest', 'earliest'], { default: 'latest' }),
 * };
 * type KafkaConfig = InferParameters<typeof kafkaParameters>;
 */
export const parameters = Object.freeze({
  string,
  integer,
  float,
  boolean,
  enum: enumeration,
  enumList,
  list,
  map,
  duration,
});
