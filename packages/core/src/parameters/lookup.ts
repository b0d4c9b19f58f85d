// Where a parameter's value is read from (KEDA configParamValue, typed_config.go:500-524).
import type { ParameterSource } from './builders.js';

/** The three string maps a trigger's parameters are read from. */
export interface ParameterInput {
  /** `trigger.metadata`. */
  metadata?: Readonly<Record<string, string>>;
  /** Parameters resolved from the TriggerAuthentication. */
  authParams?: Readonly<Record<string, string>>;
  /** Environment of the scale target's container, read through `<name>FromEnv` metadata keys. */
  resolvedEnv?: Readonly<Record<string, string>>;
}

/** A value found by `lookupParameter`. */
export interface ParameterHit {
  /** Trimmed, never empty. */
  value: string;
  source: ParameterSource;
  /** The name (alias) under which it was found. */
  name: string;
  /** For `resolvedEnv`: the environment variable named by `<name>FromEnv`. */
  envName?: string;
}

/** Suffix of the metadata key that names an environment variable (`hostFromEnv: RABBIT_HOST`). */
export const FROM_ENV_SUFFIX = 'FromEnv';

/** An own entry of a map, as text; inherited keys such as `constructor` never count. */
export function ownValue(map: Readonly<Record<string, unknown>> | undefined, key: string): string | undefined {
  if (map === undefined || map === null || !Object.hasOwn(map, key)) return undefined;
  const value = map[key];
  if (typeof value === 'string') return value;
  // YAML loaders turn `lagThreshold: 10` into a number; Kubernetes would have refused it, we read it as written.
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

/**
 * Finds a parameter's value: for each source in `order`, for each name in `names`:
 * `metadata[name]`, `authParams[name]`, or `resolvedEnv[metadata[name + 'FromEnv']]`.
 * Values are trimmed and an empty value counts as absent; the first hit wins, so source order beats name order.
 */
export function lookupParameter(
  names: readonly string[],
  order: readonly ParameterSource[],
  input: ParameterInput,
): ParameterHit | undefined {
  for (const source of order) {
    for (const name of names) {
      let raw: string | undefined;
      let envName: string | undefined;
      if (source === 'metadata') raw = ownValue(input.metadata, name);
      else if (source === 'authParams') raw = ownValue(input.authParams, name);
      else {
        envName = ownValue(input.metadata, name + FROM_ENV_SUFFIX);
        // KEDA looks the env var up as written (untrimmed) in metadata.
        raw = envName === undefined ? undefined : ownValue(input.resolvedEnv, envName);
      }
      const value = raw?.trim();
      if (value !== undefined && value !== '') {
        return envName === undefined ? { value, source, name } : { value, source, name, envName };
      }
    }
  }
  return undefined;
}

/**
 * Where a parameter is looked for, in words: `metadata, resolvedEnv via "consumerGroupFromEnv"`.
 * Used in "missing parameter" messages and docs.
 */
export function parameterLocation(names: readonly string[], order: readonly ParameterSource[]): string {
  if (order.length === 0) return 'no source (only its default applies)';
  return order
    .map((source) =>
      source === 'resolvedEnv'
        ? `resolvedEnv via ${names.map((name) => JSON.stringify(name + FROM_ENV_SUFFIX)).join(' or ')}`
        : source,
    )
    .join(', ');
}

/** Where a found value came from, for messages: `` (metadata), ` (from authParams)`, ` (from env "X" via "yFromEnv")`. */
export function hitOrigin(hit: ParameterHit): string {
  if (hit.source === 'authParams') return ' (from authParams)';
  if (hit.source === 'resolvedEnv') {
    return ` (from env ${JSON.stringify(hit.envName)} via ${JSON.stringify(hit.name + FROM_ENV_SUFFIX)})`;
  }
  return '';
}
