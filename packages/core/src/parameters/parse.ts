// Turns a trigger's string maps into a typed config (KEDA setValue / parseTypedConfig, typed_config.go:216-321).
import { type ConfigProblem, ScalerConfigError } from '../errors.js';
import type { ScalerEvent } from '../types.js';
import type { InferParameters, Parameter, ParameterShape } from './builders.js';
import {
  FROM_ENV_SUFFIX,
  hitOrigin,
  lookupParameter,
  ownValue,
  type ParameterInput,
  parameterLocation,
} from './lookup.js';

/** One problem a `validate` hook may report: a message, optionally naming the parameter at fault. */
export type ParameterValidationProblem = string | { parameter?: string; message: string };

/** What a `validate` hook returns: nothing when the config is fine, else one or more problems. */
// biome-ignore lint/suspicious/noConfusingVoidType: lets a validator that returns nothing type-check
export type ParameterValidationResult = void | undefined | string | readonly ParameterValidationProblem[];

/** Options of `parseParameters`. */
export interface ParseParametersOptions<Config> {
  /** KEDA trigger type (`kafka`); starts every message. */
  scalerType: string;
  /** Receives deprecation announcements (Normal, `KEDAScalersInfo`) and unexpected-key warnings. */
  emit?: (event: ScalerEvent) => void;
  /**
   * Cross-parameter checks (KEDA's `Validate()`). Runs only when every parameter parsed, so it always sees a
   * complete, well-typed config (KEDA runs it even after field errors; its extra messages would be about
   * values that are not there). Return problems, or throw a `ScalerConfigError`.
   */
  validate?: (config: Config) => ParameterValidationResult;
  /**
   * Emit a Warning event for each metadata key no parameter reads (KEDA with
   * `KEDA_CHECK_UNEXPECTED_SCALERS_PARAMS=enabled`). Never an error.
   */
  warnUnexpected?: boolean;
  /** Metadata keys the scaler reads outside its declared parameters; never reported as unexpected. */
  knownKeys?: readonly string[];
}

/** Input accepted by `parseParameters`: a `TriggerInput` or just its maps. */
export type ParseParametersInput = ParameterInput & { triggerName?: string };

/** The names a parameter answers to: its explicit names, else its property key. */
export function parameterNames(key: string, parameter: Parameter<unknown>): readonly string[] {
  return parameter.names ?? [key];
}

const SECRET_PLACEHOLDER = 'an invalid value (secret, not shown)';
const UNQUOTED_PLACEHOLDER = 'an invalid value (not shown: it may come from a Secret)';

function copyDefault(value: unknown): unknown {
  if (Array.isArray(value)) return [...value];
  if (typeof value === 'object' && value !== null) return { ...value };
  return value;
}

function withPrefix(scalerType: string, message: string): string {
  return message.startsWith(`${scalerType}: `) ? message : `${scalerType}: ${message}`;
}

/** Why a required parameter was not found, including an env var that was named but empty. */
function missingMessage(
  scalerType: string,
  names: readonly string[],
  parameter: Parameter<unknown>,
  input: ParameterInput,
) {
  let location = parameterLocation(names, parameter.order);
  if (parameter.order.includes('resolvedEnv')) {
    for (const name of names) {
      const envName = ownValue(input.metadata, name + FROM_ENV_SUFFIX);
      if (envName !== undefined) {
        location += `, and env var ${JSON.stringify(envName)} named by ${JSON.stringify(name + FROM_ENV_SUFFIX)} is not set or empty`;
      }
    }
  }
  return `${scalerType}: missing required parameter ${JSON.stringify(names.join(','))} (looked in ${location})`;
}

/** Parses one parameter; returns its value or pushes a problem. */
function parseOne(
  key: string,
  parameter: Parameter<unknown>,
  input: ParameterInput,
  scalerType: string,
  problems: ConfigProblem[],
  emit: ((event: ScalerEvent) => void) | undefined,
): unknown {
  const names = parameterNames(key, parameter);
  const hit = lookupParameter(names, parameter.order, input);
  if (hit === undefined) {
    if (parameter.hasDefault) return copyDefault(parameter.defaultValue);
    if (parameter.optional || parameter.deprecated !== undefined) return undefined;
    problems.push({ parameter: names[0], message: missingMessage(scalerType, names, parameter, input) });
    return undefined;
  }
  if (parameter.deprecated !== undefined) {
    const info = parameter.deprecated === '' ? '' : ` (scaler ${scalerType} info: ${parameter.deprecated})`;
    problems.push({
      parameter: hit.name,
      message: `${scalerType}: parameter ${JSON.stringify(hit.name)} is deprecated and no longer accepted${info}`,
    });
    return undefined;
  }
  if (parameter.deprecatedAnnounce !== undefined) {
    emit?.({
      type: 'Normal',
      reason: 'KEDAScalersInfo',
      message: `scaler ${scalerType} info: ${parameter.deprecatedAnnounce}`,
    });
  }
  const converted = parameter.convert(hit.value);
  if (converted.ok) return converted.value;
  // A value from authParams or the environment may have come from a Kubernetes Secret (a TriggerAuthentication's
  // secretTargetRef, an env var's secretKeyRef): only values written in the trigger's metadata are quoted.
  const hidden = parameter.secret || hit.source !== 'metadata';
  const show = hidden ? () => '(hidden)' : (text: string) => JSON.stringify(text);
  const got = parameter.secret ? SECRET_PLACEHOLDER : hidden ? UNQUOTED_PLACEHOLDER : JSON.stringify(hit.value);
  const detail = converted.detail === undefined ? '' : ` (${converted.detail(show)})`;
  problems.push({
    parameter: hit.name,
    message: `${scalerType}: parameter ${JSON.stringify(hit.name)}${hitOrigin(hit)} must be ${converted.expected}, got ${got}${detail}`,
  });
  return undefined;
}

function runValidate<Config>(
  validate: (config: Config) => ParameterValidationResult,
  config: Config,
  scalerType: string,
  problems: ConfigProblem[],
) {
  let result: ParameterValidationResult;
  try {
    result = validate(config);
  } catch (error) {
    if (ScalerConfigError.isInstance(error)) {
      for (const problem of error.problems)
        problems.push({ parameter: problem.parameter, message: withPrefix(scalerType, problem.message) });
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    problems.push({ parameter: undefined, message: withPrefix(scalerType, message) });
    return;
  }
  if (result === undefined || result === null) return;
  const list = typeof result === 'string' ? [result] : result;
  for (const item of list) {
    if (typeof item === 'string') problems.push({ parameter: undefined, message: withPrefix(scalerType, item) });
    else problems.push({ parameter: item.parameter, message: withPrefix(scalerType, item.message) });
  }
}

/** Joins all problems into one error; `.parameter` is the first parameter named. */
function configError(scalerType: string, problems: ConfigProblem[]): ScalerConfigError {
  const prefix = `${scalerType}: `;
  const message =
    problems.length === 1
      ? problems[0]!.message
      : `${prefix}${problems.length} problems: ${problems.map((problem) => problem.message.slice(problem.message.startsWith(prefix) ? prefix.length : 0)).join('; ')}`;
  return new ScalerConfigError(message, {
    parameter: problems.find((problem) => problem.parameter !== undefined)?.parameter,
    scalerType,
    problems,
  });
}

/**
 * Metadata keys no declared parameter reads (a `FromEnv` suffix is stripped first), in input order, without
 * repeats. KEDA reports these only as warnings.
 */
export function checkUnexpectedParameters(
  parameters: ParameterShape,
  metadata: Readonly<Record<string, string>> | undefined,
  knownKeys: readonly string[] = [],
): string[] {
  const consumed = new Set(knownKeys);
  for (const [key, parameter] of Object.entries(parameters)) {
    for (const name of parameterNames(key, parameter)) consumed.add(name);
  }
  const unexpected: string[] = [];
  for (const metadataKey of Object.keys(metadata ?? {})) {
    const key = metadataKey.endsWith(FROM_ENV_SUFFIX) ? metadataKey.slice(0, -FROM_ENV_SUFFIX.length) : metadataKey;
    if (!consumed.has(key) && !unexpected.includes(key)) unexpected.push(key);
  }
  return unexpected;
}

/**
 * Reads declared parameters from a trigger, with KEDA's lookup, defaults, deprecations and conversions.
 * Every problem is collected; then `validate` runs if all parameters parsed; then one `ScalerConfigError`
 * carries them all (`.problems`), its `.parameter` naming the first. Secret values never appear in messages.
 *
 * @example
 * const config = parseParameters(kafkaParameters, { metadata: { bootstrapServers: 'b:9092', consumerGroup: 'g' } }, {
 *   scalerType: 'kafka',
 *   validate: (c) => (c.lagThreshold <= 0 ? [{ parameter: 'lagThreshold', message: 'lagThreshold must be positive' }] : undefined),
 * });
 */
export function parseParameters<const P extends ParameterShape>(
  parameters: P,
  input: ParseParametersInput,
  options: ParseParametersOptions<InferParameters<P>>,
): InferParameters<P> {
  const { scalerType, emit } = options;
  const maps: ParameterInput = {
    metadata: input?.metadata ?? {},
    authParams: input?.authParams ?? {},
    resolvedEnv: input?.resolvedEnv ?? {},
  };
  const problems: ConfigProblem[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, parameter] of Object.entries(parameters)) {
    const value = parseOne(key, parameter, maps, scalerType, problems, emit);
    // defineProperty so that a parameter called `__proto__` stays a plain property.
    Object.defineProperty(config, key, { value, enumerable: true, writable: true, configurable: true });
  }
  if (options.warnUnexpected) {
    const suffix = input?.triggerName ? ` (${input.triggerName})` : '';
    for (const key of checkUnexpectedParameters(parameters, maps.metadata, options.knownKeys)) {
      emit?.({
        type: 'Warning',
        reason: 'KEDAScalersInfo',
        message: `Unmatched input property ${key} in scaler ${scalerType}${suffix}`,
      });
    }
  }
  const typed = config as InferParameters<P>;
  if (problems.length === 0 && options.validate !== undefined)
    runValidate(options.validate, typed, scalerType, problems);
  if (problems.length > 0) throw configError(scalerType, problems);
  return typed;
}
