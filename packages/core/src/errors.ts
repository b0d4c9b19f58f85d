import { thrownMessage } from './engine/printable.js';

const ERROR_BRAND = Symbol.for('scalerkit.error');

/** Stable, machine-readable error codes. New codes may be added; existing ones never change meaning. */
export type ScalerErrorCode =
  | 'SCALER_ERROR'
  | 'CONFIG_ERROR'
  | 'VALIDATION_ERROR'
  | 'UNKNOWN_TRIGGER_TYPE'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'CLOSED'
  | 'CONNECTION_ERROR'
  | 'AUTHENTICATION_ERROR'
  | 'METRIC_ERROR'
  | 'NOT_FOUND'
  | 'SCALER_PACKAGE_LOAD_ERROR'
  | (string & {});

export interface ScalerErrorOptions {
  code?: ScalerErrorCode;
  cause?: unknown;
}

/**
 * The base of every error scalerkit throws. `code` is stable; `cause` keeps the original error.
 * `ScalerError.isInstance(e)` works across duplicate installs of `@scalerkit/core` (brand, not prototype).
 *
 * @example
 * try { await scaler.getMetricsAndActivity('s0-kafka-orders') }
 * catch (e) { if (ScalerError.isInstance(e) && e.code === 'TIMEOUT') retryLater() }
 */
export class ScalerError extends Error {
  /** Stable class identity, independent of bundler renaming. */
  static readonly kind: string = 'ScalerError';
  /** Brand shared by every scalerkit error class, holding the names of its class chain. */
  readonly [ERROR_BRAND]: readonly string[];
  readonly code: ScalerErrorCode;

  constructor(message: string, options: ScalerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.kind;
    this.code = options.code ?? 'SCALER_ERROR';
    const chain: string[] = [];
    for (
      let proto: typeof ScalerError = new.target;
      typeof proto?.kind === 'string';
      proto = Object.getPrototypeOf(proto)
    ) {
      if (!chain.includes(proto.kind)) chain.push(proto.kind);
    }
    this[ERROR_BRAND] = chain;
  }

  /** True when `value` is an instance of this class (or a subclass), even from another copy of the package. */
  static isInstance<T extends ScalerError>(this: { readonly kind: string; prototype: T }, value: unknown): value is T {
    if (typeof value !== 'object' || value === null) return false;
    let chain: unknown;
    try {
      chain = (value as { [ERROR_BRAND]?: unknown })[ERROR_BRAND];
    } catch {
      return false; // a thrown Proxy whose traps throw: not one of ours
    }
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the check is called on
    return Array.isArray(chain) && chain.includes(this.kind);
  }
}

export interface ScalerConfigErrorOptions extends ScalerErrorOptions {
  /** The trigger parameter at fault (`lagThreshold`), when there is one. */
  parameter?: string;
  /** The trigger type (`kafka`). */
  scalerType?: string;
  /** Every problem found, when several parameters are wrong at once (the first is `parameter`). */
  problems?: readonly ConfigProblem[];
}

/** One invalid trigger parameter. */
export interface ConfigProblem {
  parameter: string | undefined;
  message: string;
}

/**
 * A trigger's configuration is invalid. `parameter` names the offending parameter.
 * The message never contains the value of a secret parameter.
 */
export class ScalerConfigError extends ScalerError {
  static override readonly kind: string = 'ScalerConfigError';
  readonly parameter: string | undefined;
  readonly scalerType: string | undefined;
  readonly problems: readonly ConfigProblem[];

  constructor(message: string, options: ScalerConfigErrorOptions = {}) {
    super(message, { code: options.code ?? 'CONFIG_ERROR', cause: options.cause });
    this.parameter = options.parameter;
    this.scalerType = options.scalerType;
    this.problems = options.problems ?? [{ parameter: options.parameter, message }];
  }
}

/** One problem found in a manifest: `path` is like `spec.triggers[1].metricType`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** A ScaledObject, ScaledJob or TriggerAuthentication manifest is invalid. Every problem is in `issues`. */
export class ScaledObjectValidationError extends ScalerError {
  static override readonly kind: string = 'ScaledObjectValidationError';
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], options: ScalerErrorOptions & { kind?: string } = {}) {
    const kind = options.kind ?? 'manifest';
    const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
    super(`invalid ${kind}: ${summary}`, { code: options.code ?? 'VALIDATION_ERROR', cause: options.cause });
    this.issues = issues;
  }
}

/** No scaler is registered for a trigger type. */
export class UnknownTriggerTypeError extends ScalerError {
  static override readonly kind: string = 'UnknownTriggerTypeError';
  readonly triggerType: string;
  /** The npm package that provides this trigger type, when known. */
  readonly packageName: string | undefined;

  constructor(message: string, triggerType: string, packageName?: string) {
    super(message, { code: 'UNKNOWN_TRIGGER_TYPE' });
    this.triggerType = triggerType;
    this.packageName = packageName;
  }
}

/** An operation did not finish within its timeout. */
export class ScalerTimeoutError extends ScalerError {
  static override readonly kind: string = 'ScalerTimeoutError';
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number, options: ScalerErrorOptions = {}) {
    super(message, { code: 'TIMEOUT', cause: options.cause });
    this.timeoutMs = timeoutMs;
  }
}

/** Wraps any thrown value as a ScalerError, keeping ScalerErrors as they are. */
export function toScalerError(value: unknown, message: string, code: ScalerErrorCode = 'SCALER_ERROR'): ScalerError {
  if (ScalerError.isInstance(value)) return value;
  const detail = thrownMessage(value);
  return new ScalerError(`${message}: ${detail}`, { code, cause: value });
}
