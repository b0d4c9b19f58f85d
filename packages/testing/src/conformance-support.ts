import type { MetricsAndActivity, Scaler, ScalerContext, ScalerDefinition, TriggerInput } from '@scalerkit/core';
import type { ConformanceHarness, ConformanceThresholds } from './conformance-harness.js';
import type { VitestApi } from './vitest-api.js';

/** Everything an error can show a person: message, stack, own properties and causes. */
export function errorText(error: unknown, seen = new Set<unknown>()): string {
  if (error === null || error === undefined || seen.has(error)) return '';
  seen.add(error);
  if (typeof error !== 'object') return String(error);
  const record = error as Record<string, unknown>;
  let text = `${String(record.message ?? '')}\n${String(record.stack ?? '')}\n`;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'cause') continue;
    try {
      text += `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}\n`;
    } catch {
      // unserializable property: its own message is checked through `cause` when it is an error
    }
  }
  return text + errorText(record.cause, seen);
}

/**
 * The values an error holds: its message and the strings in its own properties and causes, without property
 * names and stack frames (code locations, where a short value such as a user name may occur by chance).
 */
export function errorValues(error: unknown): string[] {
  const values: string[] = [];
  const seen = new Set<unknown>();
  const collect = (value: unknown, depth: number): void => {
    if (typeof value === 'string') values.push(value);
    else if (typeof value === 'number' || typeof value === 'bigint') values.push(String(value));
    else if (typeof value === 'object' && value !== null && !seen.has(value) && depth < 8) {
      seen.add(value);
      // An error's message and cause are not enumerable.
      const { message, cause } = value as { message?: unknown; cause?: unknown };
      collect(message, depth + 1);
      for (const [key, nested] of Object.entries(value)) if (key !== 'stack') collect(nested, depth + 1);
      collect(cause, depth + 1);
    }
  };
  collect(error, 0);
  return values;
}

/** How a promise settled within a bound. */
export type Outcome<T> =
  | { state: 'answered'; value: T; elapsedMs: number }
  | { state: 'rejected'; error: unknown; elapsedMs: number }
  | { state: 'pending'; elapsedMs: number };

/** Waits for `promise` at most `ms` (real time; the timer is always cleared). */
export function outcomeWithin<T>(promise: Promise<T>, ms: number): Promise<Outcome<T>> {
  const started = Date.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ state: 'pending', elapsedMs: Date.now() - started }), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve({ state: 'answered', value, elapsedMs: Date.now() - started });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ state: 'rejected', error, elapsedMs: Date.now() - started });
      },
    );
  });
}

/** A scaler the suite created, with what it was given. */
export interface OpenScaler {
  scaler: Scaler;
  connections: ScalerContext['connections'];
  /** Closes the scaler, then aborts the host's signal (what an autoscaler's `stop()` does). */
  close(): Promise<void>;
}

/** What the groups of checks share: the vitest API, the definition and harness, and the suite's helpers. */
export interface SuiteTools<Config> {
  it: VitestApi['it'];
  expect: VitestApi['expect'];
  definition: ScalerDefinition<Config>;
  harness: ConformanceHarness;
  thresholds: ConformanceThresholds;
  timeoutMs: number;
  deadlineMs: number;
  settleMs: number;
  /** The trigger input for `metadata` with the harness's authParams and resolvedEnv (copies). */
  input(metadata: Record<string, string>, extra?: Partial<TriggerInput>): TriggerInput;
  /** Parses and creates a scaler; `context` overrides the host context (e.g. `timeoutMs`). */
  create(
    metadata: Record<string, string>,
    extra?: Partial<TriggerInput>,
    context?: Partial<Pick<ScalerContext, 'timeoutMs'>>,
  ): Promise<OpenScaler>;
  /** Removes a scaler the test closed itself from the ones the suite closes at the end. */
  forget(entry: OpenScaler): void;
  /** One poll of the first metric, bounded by `AbortSignal.timeout(timeoutMs)`. */
  poll(scaler: Scaler): Promise<MetricsAndActivity>;
  /** Every error a check caught, for the secrets check. */
  errors: unknown[];
  /** Registers a skipped test whose name gives the reason. */
  skip(name: string, reason: string): void;
}
