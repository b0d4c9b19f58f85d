// Rows for documentation tables (each scaler package README lists its parameters).
import type { ParameterKind, ParameterShape, ParameterSource } from './builders.js';
import { parameterLocation } from './lookup.js';
import { parameterNames } from './parse.js';

/** One documented parameter. */
export interface ParameterDescription {
  /** Config property key. */
  key: string;
  /** Primary KEDA name (what users write in YAML). */
  name: string;
  /** Other accepted names, in lookup order. */
  aliases: string[];
  /** Sources in lookup order. */
  sources: ParameterSource[];
  /** Where it is looked for, in words: `metadata, resolvedEnv via "hostFromEnv"`. */
  location: string;
  kind: ParameterKind;
  /** Accepted values in words: `an integer`, `one of latest, earliest`. */
  type: string;
  /** The default as written in YAML, if any. */
  default: string | undefined;
  /** True when the parameter may be left out (optional, deprecated, or has a default). */
  optional: boolean;
  secret: boolean;
  /** Set when giving the parameter is an error: the message shown. */
  deprecated: string | undefined;
  /** Set when giving the parameter emits a deprecation notice: the notice. */
  deprecatedAnnounce: string | undefined;
  description: string | undefined;
}

/**
 * Describes declared parameters for docs, in declaration order.
 *
 * @example
 * for (const row of describeParameters(kafkaParameters)) console.log(`| ${row.name} | ${row.location} | ${row.default ?? ''} |`);
 */
export function describeParameters(parameters: ParameterShape): ParameterDescription[] {
  return Object.entries(parameters).map(([key, parameter]) => {
    const [name = key, ...aliases] = parameterNames(key, parameter);
    return {
      key,
      name,
      aliases,
      sources: [...parameter.order],
      location: parameterLocation(parameterNames(key, parameter), parameter.order),
      kind: parameter.kind,
      type: parameter.typeLabel,
      default: parameter.defaultLabel,
      optional: parameter.optional || parameter.hasDefault || parameter.deprecated !== undefined,
      secret: parameter.secret,
      deprecated: parameter.deprecated,
      deprecatedAnnounce: parameter.deprecatedAnnounce,
      description: parameter.description,
    };
  });
}
