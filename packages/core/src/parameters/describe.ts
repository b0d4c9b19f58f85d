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

/** One row of a README's parameters table: `| name | source | default | meaning |`. */
export interface ParameterTableRow {
  /** The names, backquoted, primary first: `` `queueURL`, `queueUrl` ``. */
  name: string;
  /** `TM` (trigger metadata), `AUTH` (TriggerAuthentication), `ENV` (through `<name>FromEnv`), in lookup order. */
  source: string;
  /** `required`, `–` (optional, no default) or the backquoted default. */
  default: string;
  /** The description, with "Secret." added for secret parameters. */
  meaning: string;
}

const SOURCE_LABELS = { metadata: 'TM', authParams: 'AUTH', resolvedEnv: 'ENV' } as const;

/**
 * The README table row of a described parameter: the form every scaler README uses, checked by tests.
 *
 * @example
 * describeParameters(kafkaParameters).map(parameterTableRow)[0]; // { name: '`bootstrapServers`', source: 'TM, ENV', default: 'required', ... }
 */
export function parameterTableRow(parameter: ParameterDescription): ParameterTableRow {
  const name = [parameter.name, ...parameter.aliases].map((alias) => `\`${alias}\``).join(', ');
  const source = parameter.sources.map((origin) => SOURCE_LABELS[origin]).join(', ');
  const defaultCell = !parameter.optional
    ? 'required'
    : parameter.default === undefined
      ? '–'
      : `\`${parameter.default}\``;
  const description = parameter.description ?? '';
  const meaning = parameter.secret && !/secret/i.test(description) ? `${description} Secret.`.trim() : description;
  return { name, source, default: defaultCell, meaning };
}

/**
 * The whole parameters table of a README, as markdown (header, separator, one row per parameter in declaration
 * order).
 *
 * @example
 * writeFileSync('README.md', `## Parameters\n\n${formatParameterTable(myParameters)}\n`);
 */
export function formatParameterTable(parameters: ParameterShape): string {
  const rows = describeParameters(parameters).map(parameterTableRow);
  return [
    '| name | source | default | meaning |',
    '|---|---|---|---|',
    ...rows.map((row) => `| ${row.name} | ${row.source} | ${row.default} | ${row.meaning} |`),
  ].join('\n');
}
