import {
  type Clock,
  defineScaler,
  type MetricSpec,
  type MetricsAndActivity,
  type MetricTargetType,
  metricNameWithIndex,
  normalizeMetricName,
  type PushScaler,
  type Scaler,
  ScalerConfigError,
  type ScalerDefinition,
  systemClock,
  toMetricValue,
} from '@scalerkit/core';
import { DEFAULT_HISTORY_LIMIT, RecentEntries } from '@scalerkit/core/autoscaler';

/** One step of a scripted series: from `at` (ms on the clock) until the next step, the value (or error). */
export type ScriptStep = { at: number; value: number } | { at: number; error: string };

/** What every scripted scaler records, so tests can assert on how the host used it. */
export interface ScalerProbe {
  /**
   * One entry per `getMetricsAndActivity` call, oldest first: clock time and metric name. Only the last
   * `callHistoryLimit` calls are kept (default 1000), so a long simulation stays the same size; `callCount`
   * counts them all.
   */
  readonly calls: { at: number; metricName: string }[];
  /** `getMetricsAndActivity` calls since creation, including those `calls` no longer keeps. */
  readonly callCount: number;
  /** Calls started and not yet settled. */
  readonly inFlight: number;
  /** Highest `inFlight` seen (1 means the host never overlapped two calls). */
  readonly maxInFlight: number;
  /** How many times `close()` was called. */
  readonly closeCount: number;
  readonly closed: boolean;
}

export type ScriptedScaler = Scaler & ScalerProbe;

/** Options shared by the scripted scalers. */
export interface ScriptedMetricOptions {
  /** Metric name without the `s{index}-` prefix (normalized like KEDA's). Default `scripted`. */
  metricName?: string;
  /** Position of the trigger; the metric is `s{triggerIndex}-{metricName}`. Default 0. */
  triggerIndex?: number;
  /** Default `AverageValue`. */
  targetType?: MetricTargetType;
  /** Default 1. */
  targetValue?: number;
  /** The trigger is active when the value is strictly greater. Default 0. */
  activationThreshold?: number;
  /** Calls kept in `calls` (the most recent). Default 1000; `Infinity` keeps all, `0` none (`callCount` still counts). */
  callHistoryLimit?: number;
}

export interface ScriptedScalerOptions extends ScriptedMetricOptions {
  targetValue: number;
  /** Steps in any order; before the first step the value is 0. */
  series: ScriptStep[];
  clock: Clock;
}

/** Base of the scripted scalers: specs, activity rule, call probe and close bookkeeping. */
class ProbedScaler implements ScriptedScaler {
  readonly #calls: RecentEntries<{ at: number; metricName: string }>;
  inFlight = 0;
  maxInFlight = 0;
  closeCount = 0;
  readonly #spec: MetricSpec;
  readonly #activationThreshold: number;
  protected readonly clock: Clock;

  constructor(options: ScriptedMetricOptions, clock: Clock) {
    this.#spec = {
      metricName: metricNameWithIndex(options.triggerIndex ?? 0, normalizeMetricName(options.metricName ?? 'scripted')),
      targetType: options.targetType ?? 'AverageValue',
      targetValue: options.targetValue ?? 1,
    };
    this.#activationThreshold = options.activationThreshold ?? 0;
    this.#calls = new RecentEntries(
      options.callHistoryLimit ?? DEFAULT_HISTORY_LIMIT,
      'scripted scaler: callHistoryLimit',
    );
    this.clock = clock;
  }

  get calls(): { at: number; metricName: string }[] {
    return this.#calls.toArray();
  }

  get callCount(): number {
    return this.#calls.total;
  }

  get closed(): boolean {
    return this.closeCount > 0;
  }

  getMetricSpecs(): MetricSpec[] {
    return [{ ...this.#spec }];
  }

  async getMetricsAndActivity(metricName: string, options: { signal?: AbortSignal } = {}): Promise<MetricsAndActivity> {
    this.#calls.add({ at: this.clock.now(), metricName });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (metricName !== this.#spec.metricName) {
        throw new Error(`unknown metric "${metricName}", this scaler reports "${this.#spec.metricName}"`);
      }
      // The options, not their signal: reading it makes the autoscaler create an AbortController, which on Node 20
      // costs more than a scripted poll (bench/policy). Only the slow scaler reads it.
      const value = await this.measure(options);
      return {
        metrics: [{ metricName, value: toMetricValue(value) }],
        isActive: value > this.#activationThreshold,
      };
    } finally {
      this.inFlight -= 1;
    }
  }

  async close(): Promise<void> {
    this.closeCount += 1;
  }

  protected async measure(_options: { signal?: AbortSignal }): Promise<number> {
    return 0;
  }
}

/** The value (or error) of `series` at `time`: the last step with `at <= time`; 0 before the first. */
export function valueAt(series: readonly ScriptStep[], time: number): { value: number } | { error: string } {
  let current: ScriptStep | undefined;
  for (const step of series) {
    if (step.at <= time && (current === undefined || step.at >= current.at)) current = step;
  }
  if (current === undefined) return { value: 0 };
  return 'error' in current ? { error: current.error } : { value: current.value };
}

class SeriesScaler extends ProbedScaler {
  /** The steps in time order (a stable sort: of equal times the later step still wins); a NaN time never applies. */
  readonly #series: readonly ScriptStep[];

  constructor(options: ScriptedMetricOptions & { series: readonly ScriptStep[] }, clock: Clock) {
    super(options, clock);
    this.#series = options.series.filter((step) => !Number.isNaN(step.at)).sort((a, b) => a.at - b.at);
  }

  protected override async measure(): Promise<number> {
    // valueAt's answer by binary search: a day of 1 s polls over a series of 1440 points scanned it 92 160 times.
    const series = this.#series;
    const time = this.clock.now();
    let low = 0;
    let high = series.length; // the first step after `time` is in [low, high]
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((series[middle] as ScriptStep).at <= time) low = middle + 1;
      else high = middle;
    }
    const current = series[low - 1];
    if (current === undefined) return 0;
    if ('error' in current) throw new Error(current.error);
    return current.value;
  }
}

/**
 * A scaler that reports a scripted series over the clock's time.
 *
 * @example
 * const scaler = scriptedScaler({ targetValue: 10, clock, series: [{ at: 0, value: 0 }, { at: 60_000, value: 45 }] });
 */
export function scriptedScaler(options: ScriptedScalerOptions): ScriptedScaler {
  return new SeriesScaler(options, options.clock);
}

/** A scaler that always reports `value`. */
export function constantScaler(value: number, options: ScriptedMetricOptions & { clock?: Clock } = {}): ScriptedScaler {
  return new SeriesScaler(
    { ...options, series: [{ at: Number.NEGATIVE_INFINITY, value }] },
    options.clock ?? systemClock,
  );
}

/** A scaler whose every poll fails with `message`. */
export function failingScaler(
  message: string,
  options: ScriptedMetricOptions & { clock?: Clock } = {},
): ScriptedScaler {
  return new SeriesScaler(
    { ...options, series: [{ at: Number.NEGATIVE_INFINITY, error: message }] },
    options.clock ?? systemClock,
  );
}

export interface SlowScalerOptions extends ScriptedMetricOptions {
  /** How long each poll takes on `clock`. */
  delayMs: number;
  clock: Clock;
  /** Stop waiting (and reject with the signal's reason) when the signal aborts. Default true. */
  respectSignal?: boolean;
  /** Value reported when the poll completes. Default 0. */
  value?: number;
}

class SlowScaler extends ProbedScaler {
  readonly #options: SlowScalerOptions;

  constructor(options: SlowScalerOptions) {
    super(options, options.clock);
    this.#options = options;
  }

  protected override measure(options: { signal?: AbortSignal }): Promise<number> {
    const { delayMs, respectSignal = true, value = 0 } = this.#options;
    const signal = options.signal;
    return new Promise((resolve, reject) => {
      if (respectSignal && signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        this.clock.clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = this.clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      }, delayMs);
      if (respectSignal) signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** A scaler whose polls take `delayMs` on the clock: for timeouts and overlapping polls. */
export function slowScaler(options: SlowScalerOptions): ScriptedScaler {
  return new SlowScaler(options);
}

export interface ScriptedPushScaler extends PushScaler, ScalerProbe {
  /** Delivers an activity change to the running `run()`; false when nothing is running. */
  push(isActive: boolean): boolean;
  /** True while `run()` is running. */
  readonly running: boolean;
  /** How many times `run()` was started. */
  readonly runCount: number;
}

export interface PushScalerOptions extends ScriptedMetricOptions {
  /** Series reported by polls; default a constant `value`. */
  series?: ScriptStep[];
  /** Constant polled value when there is no series. Default 0. */
  value?: number;
  clock?: Clock;
}

class ScriptedPush extends SeriesScaler implements ScriptedPushScaler {
  #listener: ((isActive: boolean) => void) | undefined;
  runCount = 0;

  get running(): boolean {
    return this.#listener !== undefined;
  }

  run(onActivity: (isActive: boolean) => void, signal: AbortSignal): Promise<void> {
    this.runCount += 1;
    return new Promise((resolve) => {
      const stop = () => {
        if (this.#listener === onActivity) this.#listener = undefined;
        resolve();
      };
      if (signal.aborted) return stop();
      this.#listener = onActivity;
      signal.addEventListener('abort', stop, { once: true });
    });
  }

  push(isActive: boolean): boolean {
    if (!this.#listener) return false;
    this.#listener(isActive);
    return true;
  }
}

/** A push scaler (KEDA `PushScaler`): `push(true)` signals activity at once, polls report `series`/`value`. */
export function pushScaler(options: PushScalerOptions = {}): ScriptedPushScaler {
  const series = options.series ?? [{ at: Number.NEGATIVE_INFINITY, value: options.value ?? 0 }];
  return new ScriptedPush({ ...options, series }, options.clock ?? systemClock);
}

/** Config produced by `scriptedScalerDefinition().parse`. */
export interface ScriptedScalerConfig {
  metricName: string;
  triggerIndex: number;
  metricType: MetricTargetType;
  value: number;
  targetValue: number;
  activationValue: number;
  /** From metadata `series` (`"0:5,60000:20"`, ms:value); needs a clock given to the definition. */
  series?: ScriptStep[];
  /** From metadata `error`: every poll fails with this message. */
  error?: string;
}

function parseNumber(
  type: string,
  metadata: Record<string, string>,
  name: string,
  fallback: number | undefined,
  check: (n: number) => boolean,
  accepted: string,
): number {
  const raw = metadata[name]?.trim();
  if (raw === undefined || raw === '') {
    if (fallback !== undefined) return fallback;
    throw new ScalerConfigError(`${type}: missing required parameter "${name}" (${accepted})`, {
      parameter: name,
      scalerType: type,
    });
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || !check(value)) {
    throw new ScalerConfigError(`${type}: parameter "${name}" must be ${accepted}, got "${raw}"`, {
      parameter: name,
      scalerType: type,
    });
  }
  return value;
}

function parseSeries(type: string, raw: string): ScriptStep[] {
  return raw.split(',').map((item) => {
    const [at, value] = item.split(':').map((part) => Number(part.trim()));
    if (at === undefined || value === undefined || !Number.isFinite(at) || !Number.isFinite(value)) {
      throw new ScalerConfigError(
        `${type}: parameter "series" must be comma-separated "<ms>:<value>" steps, got "${item.trim()}"`,
        { parameter: 'series', scalerType: type },
      );
    }
    return { at, value };
  });
}

/**
 * A `ScalerDefinition` for manifests and simulations. Metadata: `value` (default 0), `targetValue`
 * (> 0; required unless the trigger is a scalingModifiers metric source, then default 1), `activationValue` (default 0), optional `metricName`, `series` (`"0:5,60000:20"`, ms
 * on `options.clock`) and `error` (every poll fails with it).
 *
 * @example
 * registry.register(scriptedScalerDefinition());
 * // triggers: [{ type: scripted, metadata: { value: "25", targetValue: "10" } }]
 */
export function scriptedScalerDefinition(
  type = 'scripted',
  options: { clock?: Clock; callHistoryLimit?: number } = {},
): ScalerDefinition<ScriptedScalerConfig> {
  return defineScaler<ScriptedScalerConfig>({
    type,
    parse(input) {
      const { metadata } = input;
      const config: ScriptedScalerConfig = {
        metricName: metadata.metricName?.trim() || type,
        triggerIndex: input.triggerIndex ?? 0,
        metricType: input.metricType ?? 'AverageValue',
        value: parseNumber(type, metadata, 'value', 0, () => true, 'a number'),
        // With scalingModifiers the trigger is a metric source and, as in KEDA, needs no target.
        targetValue: parseNumber(
          type,
          metadata,
          'targetValue',
          input.asMetricSource ? 1 : undefined,
          (n) => n > 0,
          'a number > 0',
        ),
        activationValue: parseNumber(type, metadata, 'activationValue', 0, () => true, 'a number'),
      };
      if (metadata.series?.trim()) config.series = parseSeries(type, metadata.series);
      if (metadata.error?.trim()) config.error = metadata.error.trim();
      return config;
    },
    create(config) {
      const series: ScriptStep[] = config.error
        ? [{ at: Number.NEGATIVE_INFINITY, error: config.error }]
        : (config.series ?? [{ at: Number.NEGATIVE_INFINITY, value: config.value }]);
      return new SeriesScaler(
        {
          metricName: config.metricName,
          triggerIndex: config.triggerIndex,
          targetType: config.metricType,
          targetValue: config.targetValue,
          activationThreshold: config.activationValue,
          series,
          ...(options.callHistoryLimit === undefined ? {} : { callHistoryLimit: options.callHistoryLimit }),
        },
        options.clock ?? systemClock,
      );
    },
  });
}
