import { z } from 'zod';
import { ScaledObjectValidationError, type ValidationIssue } from '../errors.js';

/** One step of an issue path: an object key or an array index. */
export type PathSegment = string | number;

/** Result of checking one field: the parsed value, or `ok: false` when an issue was recorded. */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; value?: undefined };

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `['spec', 'triggers', 1, 'metricType']` → `spec.triggers[1].metricType`; odd keys are quoted. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Names the JSON type of a value, never the value itself: messages must not echo user values
 * (trigger metadata often holds credentials).
 */
export function describeType(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return 'an infinite number';
    return Number.isInteger(value) ? 'a number' : 'a fractional number';
  }
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'bigint') return 'a bigint';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean (true or false)',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

/** Turns zod's issues into scalerkit's wording: the problem and what is accepted, no input values. */
const errorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      if (issue.input === undefined && !('received' in issue)) return `is required; expected ${expected}`;
      const received = 'received' in issue ? String(issue.received) : describeType(issue.input);
      if (issue.expected === 'int' && typeof issue.input === 'number' && Number.isFinite(issue.input)) {
        return `must be a whole number (a 32-bit integer); got ${received}`;
      }
      return `must be ${expected}; got ${received}`;
    }
    case 'too_small': {
      if (issue.origin === 'string') return 'must not be empty';
      if (issue.origin === 'array') return `must have at least ${issue.minimum} item(s)`;
      return `must be ${issue.inclusive ? 'greater than or equal to' : 'greater than'} ${issue.minimum}`;
    }
    case 'too_big': {
      if (issue.origin === 'array') return `must have at most ${issue.maximum} item(s)`;
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters long`;
      return `must be ${issue.inclusive ? 'less than or equal to' : 'less than'} ${issue.maximum}`;
    }
    case 'invalid_value':
      return `must be one of: ${issue.values.map((v) => String(v)).join(', ')}`;
    default:
      return 'is invalid';
  }
};

/** Collects every issue of one manifest so they are reported together. */
export class IssueCollector {
  readonly issues: ValidationIssue[] = [];

  add(path: readonly PathSegment[], message: string): void {
    const formatted = formatPath(path);
    if (this.issues.some((issue) => issue.path === formatted && issue.message === message)) return;
    this.issues.push({ path: formatted, message });
  }

  /** True when an issue was recorded at `path` or below it. */
  hasIssuesAt(path: readonly PathSegment[]): boolean {
    const prefix = formatPath(path);
    return this.issues.some(
      (issue) => issue.path === prefix || issue.path.startsWith(`${prefix}.`) || issue.path.startsWith(`${prefix}[`),
    );
  }

  /** Parses `value` with `schema`, recording one issue per failing path (the first zod reports). */
  check<S extends z.ZodType>(path: readonly PathSegment[], schema: S, value: unknown): FieldResult<z.output<S>> {
    const result = schema.safeParse(value, { error: errorMap });
    if (result.success) return { ok: true, value: result.data };
    const seen = new Set<string>();
    for (const issue of result.error.issues) {
      const full = [...path, ...issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment))];
      const key = formatPath(full);
      if (seen.has(key)) continue;
      seen.add(key);
      this.add(full, issue.message);
    }
    return { ok: false };
  }

  /**
   * Advice given with the issues when there are any (KEDA v1 constructs, see keda-v1.ts): an advice at the path
   * of an issue replaces its message, the others are added after the issues.
   */
  advice: Array<{ path: string; message: string }> = [];

  /** Throws one error holding every issue (and the advice), if any issue was recorded. */
  throwIfAny(kind: string): void {
    if (this.issues.length === 0) return;
    const issues = [...this.issues];
    for (const advice of this.advice) {
      const at = issues.findIndex((issue) => issue.path === advice.path);
      if (at >= 0) issues[at] = { ...advice };
      else issues.push({ ...advice });
    }
    throw new ScaledObjectValidationError(issues, { kind });
  }
}

/** Treats YAML/JSON `null` like an absent field, as the Kubernetes API server prunes nulls. */
export function optional<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => (value === null ? undefined : value), schema.optional());
}

/** An optional field with a default applied when absent or null. */
export function withDefault<S extends z.ZodType>(schema: S, fallback: z.output<S>) {
  return z.preprocess(
    (value) => (value === null ? undefined : value),
    schema.optional().transform((value) => (value === undefined ? fallback : value)),
  );
}

const INT32_MAX = 2_147_483_647;

/** A Kubernetes int32 field; a wrong type reads "must be an integer". */
export function integer() {
  return z.int32({
    error: (issue) => (issue.code === 'invalid_type' ? errorMap({ ...issue, expected: 'int' }) : undefined),
  });
}

/** A Kubernetes int32 field with bounds. */
export function int32(minimum: number, maximum = INT32_MAX) {
  return integer().min(minimum).max(maximum);
}

/** A map of strings (labels, annotations, trigger metadata): other value types are refused, as the API server does. */
export function stringMap(hint: string) {
  return z.record(
    z.string(),
    z.string({
      error: (issue) =>
        `must be a string${hint}; got ${issue.input === undefined ? 'nothing' : describeType(issue.input)}`,
    }),
  );
}

/** Reads `value[key]` when `value` is a plain object. */
export function field(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** True when `value` is a plain mapping (not a list, not null). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
