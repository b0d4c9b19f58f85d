// Scalar, list and map builders, and the `parameters` namespace every scaler package declares with.
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
import { describeValues, enumeration, enumList } from './enum-builders.js';
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

export type { EnumListOptions, EnumOptions } from './enum-builders.js';
export type {
  CommonParameterOptions,
  InferParameters,
  Parameter,
  ParameterKind,
  ParameterOutput,
  ParameterShape,
  ParameterSource,
} from './parameter.js';
export { PARAMETER_SOURCES } from './parameter.js';

export type StringOptions = CommonParameterOptions<string>;

/** A string, used as given (trimmed). */
function string<const O extends StringOptions = NoOptions>(options?: O): Parameter<ParameterOutput<string, O>> {
  return build(
    {
      builder: 'parameters.string',
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
      builder: 'parameters.integer',
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
      builder: 'parameters.float',
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
      builder: 'parameters.boolean',
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
      builder: 'parameters.duration',
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

const LIST_OPTION_KEYS = ['of', 'separator', 'range', 'exclusiveSet'] as const satisfies readonly (keyof ListOptions)[];

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
      builder: 'parameters.list',
      optionKeys: LIST_OPTION_KEYS,
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

const MAP_OPTION_KEYS = ['separator'] as const satisfies readonly (keyof MapOptions)[];

/** A map written `k=v,k2=v2`: entries and both sides trimmed; each entry needs exactly one `=`. */
function map<const O extends MapOptions = NoOptions>(
  options?: O,
): Parameter<ParameterOutput<Record<string, string>, O>> {
  const separator = options?.separator ?? ',';
  if (separator === '' || separator === '=') throw declarationError('map separator must not be empty or "="');
  return build(
    {
      builder: 'parameters.map',
      optionKeys: MAP_OPTION_KEYS,
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
