// Trigger inputs generated from a scaler's parameter declarations (`kafkaParameters`, ...): every declared
// parameter with every candidate value from every source it declares (and one it does not), then seeded
// random combinations of several parameters. Deterministic for a given seed.
import type { Parameter } from '@scalerkit/core/parameters';

export interface GeneratedTrigger {
  /** Short description: `lagThreshold=-3 (metadata)`. */
  label: string;
  metadata: Record<string, string>;
  authParams: Record<string, string>;
  resolvedEnv: Record<string, string>;
  metricType: string;
  triggerIndex: number;
  /** The parameter names set on top of the base. */
  touched: string[];
}

export interface CombinationOptions {
  /** A valid trigger that every combination starts from (metadata only). */
  base: Record<string, string>;
  /** Candidate values for a parameter, overriding the ones its kind suggests. */
  valuesFor?: Record<string, readonly string[]>;
  /** Random combinations after the one-parameter sweep. */
  randomCount: number;
  /** Parameters per random combination: 2 to this (default 5). */
  maxTouched?: number;
  seed?: number;
}

const INTEGER_VALUES = [
  '5',
  '0',
  '1',
  '-3',
  '100',
  'abc',
  '1.5',
  '',
  ' 7 ',
  '+5',
  '010',
  '1e3',
  '2147483648',
  '9223372036854775808',
];
const BOOLEAN_VALUES = ['true', 'false', 'TRUE', 'True', 't', 'F', '1', '0', 'yes', '', 'on', ' true '];
const STRING_VALUES = ['x', '', ' padded '];
const METRIC_TYPES = ['', 'AverageValue', 'Value'];
const TRIGGER_INDEXES = [0, 1, 7];

/** The enum's values, read from its type label (`one of latest, earliest ...`). */
function enumValues(parameter: Parameter): string[] {
  const match = /^one of (.+?)(?: \(|$)/.exec(parameter.typeLabel);
  return match ? match[1]!.split(', ') : [];
}

/** Candidate raw values for a parameter, from its kind: valid ones, edge spellings and invalid ones. */
export function candidateValues(
  name: string,
  parameter: Parameter,
  overrides: CombinationOptions['valuesFor'] = {},
): readonly string[] {
  const override = overrides[name];
  if (override) return override;
  switch (parameter.kind) {
    case 'integer':
      return INTEGER_VALUES;
    case 'boolean':
      return BOOLEAN_VALUES;
    case 'enum': {
      const values = enumValues(parameter);
      return [
        ...values,
        values.join(','),
        values[0]!.toUpperCase(),
        ` ${values[0]} `,
        `${values[0]},bogus`,
        'bogus',
        '',
      ];
    }
    default:
      return STRING_VALUES;
  }
}

/** mulberry32: a small seeded generator, so a failing combination can be found again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Source = 'metadata' | 'authParams' | 'resolvedEnv';

/** Puts `value` for `name` where `source` says (resolvedEnv through `<name>FromEnv`). */
function place(trigger: GeneratedTrigger, name: string, value: string, source: Source): void {
  if (source === 'resolvedEnv') {
    const variable = `ENV_${name.toUpperCase()}`;
    trigger.metadata[`${name}FromEnv`] = variable;
    trigger.resolvedEnv[variable] = value;
  } else {
    trigger[source][name] = value;
  }
}

/** The sources to try for a parameter: the ones it declares, plus authParams or metadata when not declared. */
function sourcesOf(parameter: Parameter): Source[] {
  const declared = [...parameter.order] as Source[];
  const undeclared: Source = declared.includes('authParams')
    ? declared.includes('metadata')
      ? 'resolvedEnv'
      : 'metadata'
    : 'authParams';
  return [...declared, undeclared];
}

/** The one-parameter sweep, then `randomCount` seeded random combinations. */
export function generateCombinations(
  parameters: Record<string, Parameter>,
  options: CombinationOptions,
): GeneratedTrigger[] {
  const names = Object.keys(parameters);
  const fresh = (label: string): GeneratedTrigger => ({
    label,
    metadata: { ...options.base },
    authParams: {},
    resolvedEnv: {},
    metricType: '',
    triggerIndex: 0,
    touched: [],
  });
  const results: GeneratedTrigger[] = [];
  for (const name of names) {
    const parameter = parameters[name]!;
    for (const source of sourcesOf(parameter)) {
      for (const value of candidateValues(name, parameter, options.valuesFor)) {
        const trigger = fresh(`${name}=${JSON.stringify(value)} (${source})`);
        // A base value given in metadata would win over the other sources: take it out first.
        if (source !== 'metadata') delete trigger.metadata[name];
        place(trigger, name, value, source);
        trigger.touched.push(name);
        results.push(trigger);
      }
    }
    if (!parameter.optional && !parameter.hasDefault) {
      const trigger = fresh(`${name} missing`);
      delete trigger.metadata[name];
      trigger.touched.push(name);
      results.push(trigger);
    }
  }
  const next = random(options.seed ?? 20_260_921);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  for (let index = 0; index < options.randomCount; index += 1) {
    const trigger = fresh('');
    const count = 2 + Math.floor(next() * ((options.maxTouched ?? 5) - 1));
    const labels: string[] = [];
    for (let chosen = 0; chosen < count; chosen += 1) {
      const name = pick(names);
      if (trigger.touched.includes(name)) continue;
      const parameter = parameters[name]!;
      // Mostly declared sources; now and then one the parameter does not read.
      const sources = sourcesOf(parameter);
      const source = next() < 0.85 ? pick(sources.slice(0, -1)) : sources.at(-1)!;
      const value = pick(candidateValues(name, parameter, options.valuesFor));
      if (source !== 'metadata') delete trigger.metadata[name];
      place(trigger, name, value, source);
      trigger.touched.push(name);
      labels.push(`${name}=${JSON.stringify(value)}${source === 'metadata' ? '' : ` (${source})`}`);
    }
    trigger.metricType = pick(METRIC_TYPES);
    trigger.triggerIndex = pick(TRIGGER_INDEXES);
    trigger.label = `#${index} ${labels.join(', ')}${trigger.metricType ? `, metricType=${trigger.metricType}` : ''}${trigger.triggerIndex ? `, triggerIndex=${trigger.triggerIndex}` : ''}`;
    results.push(trigger);
  }
  return results;
}
