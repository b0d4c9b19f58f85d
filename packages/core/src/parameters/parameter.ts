// The declared-parameter model: options, the `Parameter` value, type inference, and the shared constructor.
import type { Conversion } from './convert.js';

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
export type NoOptions = Record<never, never>;

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

/** The keys of `CommonParameterOptions`, checked at run time so a misspelt option (`names`) is not ignored. */
const COMMON_OPTION_KEYS = [
  'name',
  'order',
  'default',
  'optional',
  'deprecated',
  'deprecatedAnnounce',
  'secret',
  'description',
] as const satisfies readonly (keyof CommonParameterOptions<unknown>)[];

export interface Spec {
  /** The builder's name as the user calls it (`parameters.integer`), for declaration errors. */
  builder: string;
  /** Option keys this builder accepts besides the common ones (`of`, `separator`, ...). */
  optionKeys?: readonly string[];
  kind: ParameterKind;
  typeLabel: string;
  convert: (raw: string) => Conversion<unknown>;
  /** Validates a default and returns it normalised, or a reason it is invalid. */
  checkDefault: (value: unknown) => { value: unknown; label: string } | { problem: string };
}

/** Thrown for a mistake in a parameter declaration (a programming error, found when the module loads). */
export function declarationError(message: string): TypeError {
  return new TypeError(`invalid parameter declaration: ${message}`);
}

/**
 * Refuses option keys the builder does not know. TypeScript catches most of them at compile time, but not an
 * extra key beside a known one (`{ default: 1, names: ['a'] }`) nor any key from plain JavaScript.
 */
function checkOptionKeys(builder: string, options: unknown, optionKeys: readonly string[] = []): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw declarationError(`${builder}() options must be an object, got ${JSON.stringify(options)}`);
  }
  const accepted = [...COMMON_OPTION_KEYS, ...optionKeys];
  const unknown = Object.keys(options).filter((key) => !accepted.includes(key));
  if (unknown.length > 0) {
    const listed = unknown.map((key) => JSON.stringify(key)).join(', ');
    throw declarationError(
      `${builder}() got unknown option${unknown.length === 1 ? '' : 's'} ${listed}; it accepts ${accepted.join(', ')}`,
    );
  }
}

export function build<Output>(spec: Spec, options: CommonParameterOptions<unknown> = {}): Parameter<Output> {
  checkOptionKeys(spec.builder, options, spec.optionKeys);
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
export function roundTrip(
  convert: (raw: string) => Conversion<unknown>,
  label: string,
): ReturnType<Spec['checkDefault']> {
  const converted = convert(label);
  if (!converted.ok)
    return { problem: converted.detail ? converted.detail((text) => JSON.stringify(text)) : 'rejected' };
  return { value: converted.value, label };
}

export const typeProblem = (expected: string) => ({ problem: `expected ${expected}` });
