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
   * Cross-parameter checks (KEDA's `Validate()`). When every parameter parsed it sees the complete, well-typed
   * config. After field errors it runs too (as KEDA's does), so one pass reports every problem: an invalid
   * value is replaced by its parameter's default, or left undefined, and then whatever the hook reports is
   * dropped if it read it (it would be about a value that is not there); problems about a parameter that failed
   * are dropped (it has its own). Return problems, or throw a `ScalerConfigError`.
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

/**
 * The name under which a parameter that KEDA never reads from metadata was written in metadata anyway
 * (`username` of a kafka trigger is read from authParams only), or undefined.
 */
function misplacedName(
  names: readonly string[],
  parameter: Parameter<unknown>,
  metadata: ParameterInput['metadata'],
): string | undefined {
  if (parameter.order.length === 0 || parameter.order.includes('metadata')) return undefined;
  return names.find((name) => (ownValue(metadata, name)?.trim() ?? '') !== '');
}

/** Where KEDA reads a parameter, in words: `authParams (a TriggerAuthentication)`. */
function sourcesInWords(names: readonly string[], parameter: Parameter<unknown>): string {
  return parameter.order
    .map((source) =>
      source === 'authParams'
        ? 'authParams (a TriggerAuthentication)'
        : source === 'resolvedEnv'
          ? `the environment (via ${names.map((name) => JSON.stringify(name + FROM_ENV_SUFFIX)).join(' or ')})`
          : source,
    )
    .join(' or ');
}

/**
 * The message for a parameter that is needed but was written in metadata, where KEDA does not read it: never
 * "not given" for a value the user can see in their manifest. `reason` says why it is needed, when a rule said.
 */
function misplacedMessage(
  scalerType: string,
  name: string,
  names: readonly string[],
  parameter: Parameter<unknown>,
  reason?: string,
): string {
  return `${scalerType}: parameter ${JSON.stringify(name)} must be given in ${sourcesInWords(names, parameter)}, not in metadata (KEDA does not read it from metadata)${reason ? `: ${reason}` : ''}`;
}

/** Why a required parameter was not found, including an env var that was named but empty. */
function missingMessage(
  scalerType: string,
  names: readonly string[],
  parameter: Parameter<unknown>,
  input: ParameterInput,
) {
  const misplaced = misplacedName(names, parameter, input.metadata);
  if (misplaced !== undefined) return misplacedMessage(scalerType, misplaced, names, parameter);
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

/**
 * Runs `validate` although some parameters failed (KEDA runs `Validate()` after field errors too), so that one
 * pass reports every problem. Problems about a failed parameter are dropped (it has its own). A parameter given
 * with an invalid value and no default, or a required one that is missing, is undefined in this config, so a
 * rule that reads it could report something false ("topic must be specified" for a topic that is there but
 * invalid) or throw: when the hook reads one of those (`failedKeys`), enumerates the config or throws anything
 * but a `ScalerConfigError`, everything it reports is dropped.
 */
function validateBesideFailures<Config>(
  validate: (config: Config) => ParameterValidationResult,
  config: Config,
  failedKeys: ReadonlySet<string>,
  failedNames: ReadonlySet<string>,
  scalerType: string,
): ConfigProblem[] {
  let readFailed = false;
  const watched = new Proxy(config as object, {
    get(target, key, receiver) {
      if (typeof key === 'string' && failedKeys.has(key)) readFailed = true;
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === 'string' && failedKeys.has(key)) readFailed = true;
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === 'string' && failedKeys.has(key)) readFailed = true;
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      if (failedKeys.size > 0) readFailed = true;
      return Reflect.ownKeys(target);
    },
  }) as Config;
  const found: ConfigProblem[] = [];
  const guarded = (config: Config): ParameterValidationResult => {
    try {
      return validate(config);
    } catch (error) {
      // A rule that fails on an incomplete config says nothing about the user's input.
      if (!ScalerConfigError.isInstance(error)) readFailed = true;
      throw error;
    }
  };
  runValidate(guarded, watched, scalerType, found);
  if (readFailed) return [];
  return found.filter((problem) => problem.parameter === undefined || !failedNames.has(problem.parameter));
}

/**
 * Completes a rule's problem about a parameter KEDA reads only from authParams (or the environment): written
 * in metadata, the rule saw no value while the user sees one, so the message says where it must go instead;
 * given nowhere, the message says where to give it.
 */
function placeProblems(
  parameters: ParameterShape,
  maps: ParameterInput,
  scalerType: string,
  problems: ConfigProblem[],
): ConfigProblem[] {
  const metadata = maps.metadata;
  const prefix = `${scalerType}: `;
  return problems.map((problem) => {
    if (problem.parameter === undefined) return problem;
    for (const [key, parameter] of Object.entries(parameters)) {
      const names = parameterNames(key, parameter);
      if (!names.includes(problem.parameter)) continue;
      const misplaced = misplacedName(names, parameter, metadata);
      if (misplaced === undefined) {
        // A rule asks for a parameter the user cannot put in metadata: say where it goes.
        const elsewhere = parameter.order.length > 0 && !parameter.order.includes('metadata');
        if (!elsewhere || lookupParameter(names, parameter.order, maps) !== undefined) return problem;
        return {
          parameter: problem.parameter,
          message: `${problem.message}; give it in ${sourcesInWords(names, parameter)}`,
        };
      }
      if (problem.message.includes('not in metadata')) return problem;
      const reason = problem.message.startsWith(prefix) ? problem.message.slice(prefix.length) : problem.message;
      return {
        parameter: problem.parameter,
        message: misplacedMessage(scalerType, misplaced, names, parameter, reason),
      };
    }
    return problem;
  });
}

/**
 * A notice for each metadata key that names a parameter KEDA reads only from authParams or the environment and
 * that no problem mentions: KEDA ignores such a value without a word.
 */
function noticeMisplaced(
  parameters: ParameterShape,
  metadata: ParameterInput['metadata'],
  scalerType: string,
  problems: readonly ConfigProblem[],
  emit: ((event: ScalerEvent) => void) | undefined,
): void {
  if (emit === undefined) return;
  const readFromMetadata = new Set<string>();
  for (const [key, parameter] of Object.entries(parameters)) {
    if (parameter.order.includes('metadata'))
      for (const name of parameterNames(key, parameter)) readFromMetadata.add(name);
  }
  for (const [key, parameter] of Object.entries(parameters)) {
    const names = parameterNames(key, parameter);
    const misplaced = misplacedName(names, parameter, metadata);
    if (misplaced === undefined || readFromMetadata.has(misplaced)) continue;
    if (problems.some((problem) => problem.parameter !== undefined && names.includes(problem.parameter))) continue;
    emit({
      type: 'Warning',
      reason: 'KEDAScalersInfo',
      message: `scaler ${scalerType}: parameter ${JSON.stringify(misplaced)} in metadata is ignored: KEDA reads it only from ${sourcesInWords(names, parameter)}`,
    });
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
 * Every problem is collected; then `validate` runs (see its option for what it sees after field errors); then one
 * `ScalerConfigError` carries them all (`.problems`), its `.parameter` naming the first. Secret values never appear in messages.
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
  const failedKeys = new Set<string>();
  const failedNames = new Set<string>();
  for (const [key, parameter] of Object.entries(parameters)) {
    const before = problems.length;
    let value = parseOne(key, parameter, maps, scalerType, problems, emit);
    if (problems.length > before) {
      const names = parameterNames(key, parameter);
      for (const name of names) failedNames.add(name);
      // One given with a value that failed gets its default if it has one (the rules then judge the rest as if
      // it were unset); otherwise (or when a required one is missing, which the rules' types say is there) it is
      // watched (see validateBesideFailures).
      if (parameter.hasDefault && lookupParameter(names, parameter.order, maps) !== undefined) {
        value = copyDefault(parameter.defaultValue);
      } else failedKeys.add(key);
    }
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
  if (options.validate !== undefined) {
    const found: ConfigProblem[] = [];
    if (problems.length === 0) runValidate(options.validate, typed, scalerType, found);
    else found.push(...validateBesideFailures(options.validate, typed, failedKeys, failedNames, scalerType));
    problems.push(...placeProblems(parameters, maps, scalerType, found));
  }
  noticeMisplaced(parameters, maps.metadata, scalerType, problems, emit);
  if (problems.length > 0) throw configError(scalerType, problems);
  return typed;
}
