import { type Clock, systemClock, type TimerHandle } from '../clock.js';
import { thrownMessage } from '../engine/printable.js';
import { ScalerError, ScalerTimeoutError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { toMetricValue } from '../metric-name.js';
import { isPushScaler, type MetricSpec, type MetricsAndActivity, type PushScaler, type Scaler } from '../types.js';
import { type CallbackEntry, CallbackList, onAbort } from './abort-listeners.js';
import { LazyAbortController } from './lazy-abort.js';

/** Options of `createScalerRuntime` / `wrapScaler`. */
export interface ScalerRuntimeOptions {
  /** Trigger type (`kafka`), for error messages. */
  type: string;
  /** Position of the trigger in `spec.triggers`, for error messages. */
  triggerIndex: number;
  triggerName?: string;
  /** Deadline of one `getMetricsAndActivity` call (retry included). 0 or absent: none. */
  timeoutMs?: number;
  clock?: Clock;
  logger?: Logger;
  /**
   * Builds a fresh scaler (KEDA's `refreshScaler`: re-parse, re-create). Used by the retry after a
   * failed poll; the replaced scaler is closed.
   */
  rebuild?: () => Scaler | Promise<Scaler>;
  /**
   * KEDA's scalers cache retries a failed poll once, after rebuilding the scaler (KEDA v2.21
   * pkg/scaling/cache/scalers_cache.go, GetMetricsAndActivityForScaler: one failure costs two calls). Without
   * `rebuild`, the retry uses the same scaler. Default true.
   */
  refreshOnError?: boolean;
  /**
   * Calls abandoned at their deadline (or by an abort) that may still be running in the scaler at once. A
   * call that ignores its abort signal does not stop the next polls; at this bound, a scaler with `rebuild` is
   * rebuilt and one without is not called until an abandoned call returns. Default 2.
   */
  maxAbandonedCalls?: number;
  /** Consecutive timeouts after which a scaler with `rebuild` is rebuilt before the next call. Default 2. */
  rebuildAfterTimeouts?: number;
  /**
   * Deadline of the scaler's `close()`, in `close()` and when a replaced scaler is closed in the background.
   * Default twice the poll timeout plus a second, or 10 s without a poll timeout.
   */
  closeTimeoutMs?: number;
}

/**
 * One scaler as the autoscaler uses it: refuses use after `close()` (code `CLOSED`), bounds each poll by
 * a timeout (aborting the signal it passes, and rejecting with `ScalerTimeoutError` even when the scaler
 * ignores the signal), never runs two polls of the scaler at once, retries a failed poll once after a
 * rebuild, wraps every failure in a `ScalerError` naming the trigger, clamps metric values like KEDA.
 */
export interface ScalerRuntime extends Scaler {
  readonly type: string;
  readonly triggerIndex: number;
  readonly triggerName: string | undefined;
  /** The scaler currently wrapped (changes after a rebuild). */
  readonly scaler: Scaler;
  /** True when the wrapped scaler is a `PushScaler` (then `run` is present). */
  readonly isPush: boolean;
  readonly closed: boolean;
  /**
   * Runs the push scaler until `signal` aborts or the runtime closes (resolves at once for a polled
   * scaler). Restarted on the new scaler after a rebuild. Rejects with a wrapped error when the scaler's
   * own `run` fails.
   */
  run(onActivity: (isActive: boolean) => void, signal: AbortSignal): Promise<void>;
}

const noop = (): void => {};

class Runtime implements ScalerRuntime {
  readonly type: string;
  readonly triggerIndex: number;
  readonly triggerName: string | undefined;
  readonly #label: string;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #rebuild: (() => Scaler | Promise<Scaler>) | undefined;
  readonly #refreshOnError: boolean;
  #scaler: Scaler;
  #closing: Promise<void> | undefined;
  /** Settles when the previous call has settled (answered, failed, timed out or aborted). */
  #tail: Promise<void> = Promise.resolve();
  /** Calls abandoned at their deadline or by an abort and still running, with the scaler they run in. */
  readonly #abandoned = new Map<Promise<void>, Scaler>();
  #consecutiveTimeouts = 0;
  readonly #maxAbandonedCalls: number;
  readonly #rebuildAfterTimeouts: number;
  readonly #closeTimeoutMs: number;
  /** Replaced scalers still closing in the background (each bounded). */
  readonly #retiring = new Set<Promise<void>>();
  /** Replaced scalers whose background close() has settled or timed out. */
  readonly #forgotten = new WeakSet<Scaler>();
  /** Cancels each pending call (on close). */
  readonly #pending = new CallbackList<(error: ScalerError) => void>();
  /** Push runs: restart on a new scaler, or end. */
  readonly #runs = new Set<{ restart: () => void; end: () => void }>();

  constructor(scaler: Scaler, options: ScalerRuntimeOptions) {
    this.#scaler = scaler;
    this.type = options.type;
    this.triggerIndex = options.triggerIndex;
    this.triggerName = options.triggerName || undefined;
    this.#label = `${options.type} trigger ${options.triggerIndex}${this.triggerName ? ` (${this.triggerName})` : ''}`;
    const timeout = options.timeoutMs ?? 0;
    if (!Number.isFinite(timeout) || timeout < 0) {
      throw new ScalerError(`${this.#label}: timeoutMs must be a number >= 0, got ${timeout}`, {
        code: 'CONFIG_ERROR',
      });
    }
    this.#timeoutMs = timeout;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#rebuild = options.rebuild;
    this.#refreshOnError = options.refreshOnError ?? true;
    this.#maxAbandonedCalls = Math.max(1, options.maxAbandonedCalls ?? 2);
    this.#rebuildAfterTimeouts = Math.max(1, options.rebuildAfterTimeouts ?? 2);
    this.#closeTimeoutMs = options.closeTimeoutMs ?? (timeout > 0 ? 2 * timeout + 1000 : 10_000);
  }

  get scaler(): Scaler {
    return this.#scaler;
  }

  get isPush(): boolean {
    return isPushScaler(this.#scaler);
  }

  get closed(): boolean {
    return this.#closing !== undefined;
  }

  getMetricSpecs(): MetricSpec[] {
    if (this.closed) throw this.#closedError('getMetricSpecs');
    let specs: unknown;
    try {
      specs = this.#scaler.getMetricSpecs();
    } catch (error) {
      throw this.#wrap(error);
    }
    if (!Array.isArray(specs)) {
      throw new ScalerError(`${this.#label}: getMetricSpecs() returned ${typeof specs}, expected an array`, {
        code: 'METRIC_ERROR',
      });
    }
    return specs.map((spec: MetricSpec) => ({ ...spec }));
  }

  getMetricsAndActivity(metricName: string, options: { signal?: AbortSignal } = {}): Promise<MetricsAndActivity> {
    if (this.closed) return Promise.reject(this.#closedError('getMetricsAndActivity'));
    const outer = options.signal;
    if (outer?.aborted) return Promise.reject(this.#abortedError(metricName, outer.reason));
    return new Promise((resolve, reject) => {
      const controller = new LazyAbortController();
      let timer: TimerHandle | undefined;
      let settled = false;
      // One call at a time while a call is within its deadline; an abandoned call no longer holds the next.
      const previous = this.#tail;
      let release: () => void = noop;
      this.#tail = new Promise<void>((resolve) => {
        release = resolve;
      });
      // The scaler the call went to and its work, once started (undefined while it waits its turn).
      let started: { scaler: Scaler; work: Promise<void> } | undefined;
      let answered = false;
      let unlisten: () => void = noop;
      let pendingEntry: CallbackEntry<(error: ScalerError) => void> | undefined;
      const settle = (error: ScalerError | undefined, value?: MetricsAndActivity) => {
        if (settled) return;
        settled = true;
        release();
        if (timer !== undefined) this.#clock.clearTimeout(timer);
        unlisten();
        if (pendingEntry !== undefined) this.#pending.remove(pendingEntry);
        if (ScalerTimeoutError.isInstance(error) && error.message.startsWith(`${this.#label}: getMetricsAndActivity`)) {
          this.#consecutiveTimeouts += 1;
        } else if (!error) {
          this.#consecutiveTimeouts = 0;
        }
        if (error && started && !answered) this.#abandon(started.work, started.scaler);
        if (error) {
          // Tell the scaler to stop; its late answer (or failure) is ignored.
          controller.abort(error); // aborted only here, once (settled)
          reject(error);
        } else {
          resolve(value as MetricsAndActivity);
        }
      };
      const cancel = (error: ScalerError) => settle(error);
      const onOuterAbort = () => cancel(this.#abortedError(metricName, outer?.reason));
      if (outer !== undefined) unlisten = onAbort(outer, onOuterAbort);
      pendingEntry = this.#pending.add(cancel);
      if (this.#timeoutMs > 0) {
        timer = this.#clock.setTimeout(() => {
          timer = undefined;
          cancel(
            new ScalerTimeoutError(
              `${this.#label}: getMetricsAndActivity("${metricName}") timed out after ${this.#timeoutMs} ms`,
              this.#timeoutMs,
            ),
          );
        }, this.#timeoutMs);
      }
      const work = previous.then(() =>
        this.#start(metricName, controller, (scaler, call) => {
          started = { scaler, work: call.then(noop, noop) };
        }),
      );
      work.then(
        (value) => {
          answered = true;
          settle(undefined, value);
        },
        (error) => {
          answered = true;
          settle(this.#wrap(error));
        },
      );
    });
  }

  /** Starts the call on the current scaler, rebuilding it (or refusing) first when earlier calls hang. */
  async #start(
    metricName: string,
    signal: LazyAbortController,
    onStart: (scaler: Scaler, call: Promise<unknown>) => void,
  ): Promise<MetricsAndActivity> {
    if (signal.aborted) throw signal.reason;
    const hanging = this.#hangingCalls();
    const stuck = hanging >= this.#maxAbandonedCalls || this.#consecutiveTimeouts >= this.#rebuildAfterTimeouts;
    if (this.#rebuild && stuck) {
      this.#logger.warn('rebuilding a scaler whose calls time out', {
        trigger: this.#label,
        abandonedCalls: hanging,
        consecutiveTimeouts: this.#consecutiveTimeouts,
      });
      await this.#refresh();
      this.#consecutiveTimeouts = 0;
      if (signal.aborted) throw signal.reason;
    } else if (hanging >= this.#maxAbandonedCalls) {
      throw new ScalerTimeoutError(
        `${this.#label}: getMetricsAndActivity("${metricName}") not called: ${hanging} earlier call(s) abandoned at their deadline have not returned`,
        this.#timeoutMs,
      );
    }
    const call = this.#attempts(metricName, signal);
    onStart(this.#scaler, call);
    return call;
  }

  /** Remembers a call that was given up on while the scaler still works on it, until it returns. */
  #abandon(work: Promise<void>, scaler: Scaler): void {
    if (this.#forgotten.has(scaler)) return;
    this.#abandoned.set(work, scaler);
    work.then(() => this.#abandoned.delete(work));
  }

  /** Abandoned calls still running in the current scaler. */
  #hangingCalls(): number {
    let count = 0;
    for (const scaler of this.#abandoned.values()) if (scaler === this.#scaler) count += 1;
    return count;
  }

  run(onActivity: (isActive: boolean) => void, signal: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(this.#closedError('run'));
    if (!isPushScaler(this.#scaler) || signal.aborted) return Promise.resolve();
    return new Promise((resolve, reject) => {
      let current: AbortController | undefined;
      let done = false;
      const end = (error?: ScalerError) => {
        if (done) return;
        done = true;
        current?.abort();
        signal.removeEventListener('abort', onAbort);
        this.#runs.delete(handle);
        if (error) reject(error);
        else resolve();
      };
      const onAbort = () => end();
      const restart = () => {
        current?.abort();
        const scaler = this.#scaler;
        if (!isPushScaler(scaler)) return end();
        const controller = new AbortController();
        current = controller;
        const deliver = (isActive: boolean) => {
          if (!done && current === controller && !this.closed) onActivity(isActive === true);
        };
        let running: Promise<void>;
        try {
          running = Promise.resolve(scaler.run(deliver, controller.signal));
        } catch (error) {
          running = Promise.reject(error);
        }
        running.then(
          () => {
            if (current === controller) end();
          },
          (error) => {
            // A replaced run's failure is its restart's business; once this run was aborted, end() already ran.
            if (current === controller) end(this.#wrap(error));
          },
        );
      };
      const handle = { restart, end: () => end() };
      this.#runs.add(handle);
      signal.addEventListener('abort', onAbort, { once: true });
      restart();
    });
  }

  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    const closedError = this.#closedError('getMetricsAndActivity');
    this.#closing = (async () => {
      for (const cancel of this.#pending.values()) cancel(closedError);
      for (const run of [...this.#runs]) run.end();
      try {
        await this.#bounded(this.#scaler.close(), 'close()');
      } catch (error) {
        throw this.#wrap(error);
      } finally {
        // Replaced scalers still closing in the background, each within its own bound.
        await Promise.allSettled([...this.#retiring]);
      }
    })();
    return this.#closing;
  }

  /** `promise`, or a TIMEOUT after closeTimeoutMs (a late settlement is absorbed). */
  #bounded<T>(promise: Promise<T>, what: string): Promise<T> {
    promise.catch(noop);
    return new Promise<T>((resolve, reject) => {
      const timer = this.#clock.setTimeout(() => {
        const message = `${this.#label}: ${what} did not finish within ${this.#closeTimeoutMs} ms`;
        reject(new ScalerTimeoutError(message, this.#closeTimeoutMs));
      }, this.#closeTimeoutMs);
      promise.then(
        (value) => {
          this.#clock.clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          this.#clock.clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  async #attempts(metricName: string, signal: LazyAbortController): Promise<MetricsAndActivity> {
    if (signal.aborted) throw signal.reason;
    try {
      return this.#normalize(await this.#scaler.getMetricsAndActivity(metricName, signal.options()));
    } catch (error) {
      if (signal.aborted || !this.#refreshOnError || this.closed) throw error;
      this.#logger.debug('scaler poll failed, retrying once', {
        trigger: this.#label,
        metricName,
        error: thrownMessage(error),
        rebuild: this.#rebuild !== undefined,
      });
      if (this.#rebuild) await this.#refresh();
      if (signal.aborted) throw error;
      return this.#normalize(await this.#scaler.getMetricsAndActivity(metricName, signal.options()));
    }
  }

  async #refresh(): Promise<void> {
    const rebuild = this.#rebuild as () => Scaler | Promise<Scaler>;
    const previous = this.#scaler;
    const next = await rebuild();
    if (this.closed) {
      await next.close().catch(noop);
      throw this.#closedError('getMetricsAndActivity');
    }
    this.#scaler = next;
    for (const run of [...this.#runs]) run.restart();
    // The replaced scaler closes in the background, bounded: a hung close() must not hold the new scaler.
    const closing = Promise.resolve().then(() => previous.close());
    const retiring = this.#bounded(closing, 'close() of the replaced scaler').catch((error: unknown) => {
      this.#logger.warn('closing the replaced scaler failed', {
        trigger: this.#label,
        error: thrownMessage(error),
      });
    });
    this.#retiring.add(retiring);
    retiring.then(() => {
      this.#retiring.delete(retiring);
      // Closed or given up on: calls that never returned in it are no longer tracked (they held it, and
      // themselves, for as long as the runtime lived: a leak per rebuild under a scaler that hangs for good).
      this.#forgotten.add(previous);
      for (const [work, scaler] of this.#abandoned) if (scaler === previous) this.#abandoned.delete(work);
    });
  }

  #normalize(result: unknown): MetricsAndActivity {
    const candidate = result as Partial<MetricsAndActivity> | null | undefined;
    if (typeof candidate !== 'object' || candidate === null || !Array.isArray(candidate.metrics)) {
      throw new ScalerError(`${this.#label}: getMetricsAndActivity() must return { metrics: [], isActive }`, {
        code: 'METRIC_ERROR',
      });
    }
    if (typeof candidate.isActive !== 'boolean') {
      throw new ScalerError(`${this.#label}: getMetricsAndActivity() returned a non-boolean isActive`, {
        code: 'METRIC_ERROR',
      });
    }
    const metrics = candidate.metrics.map((metric) => {
      if (typeof metric?.metricName !== 'string' || typeof metric.value !== 'number') {
        throw new ScalerError(`${this.#label}: each metric must be { metricName: string, value: number }`, {
          code: 'METRIC_ERROR',
        });
      }
      return { metricName: metric.metricName, value: toMetricValue(metric.value) };
    });
    return { metrics, isActive: candidate.isActive };
  }

  #wrap(error: unknown): ScalerError {
    const prefix = `${this.#label}: `;
    if (ScalerError.isInstance(error) && error.message.startsWith(prefix)) return error;
    const detail = thrownMessage(error);
    if (ScalerTimeoutError.isInstance(error)) {
      return new ScalerTimeoutError(prefix + detail, error.timeoutMs, { cause: error });
    }
    const code = ScalerError.isInstance(error) ? error.code : 'SCALER_ERROR';
    return new ScalerError(prefix + detail, { code, cause: error });
  }

  #closedError(operation: string): ScalerError {
    return new ScalerError(`${this.#label}: ${operation}() called after close()`, { code: 'CLOSED' });
  }

  #abortedError(metricName: string, reason: unknown): ScalerError {
    return new ScalerError(`${this.#label}: getMetricsAndActivity("${metricName}") aborted`, {
      code: 'ABORTED',
      cause: reason,
    });
  }
}

/**
 * Wraps a scaler in the runtime shim the autoscaler uses for every trigger.
 *
 * @example
 * const runtime = createScalerRuntime(scaler, { type: 'kafka', triggerIndex: 0, timeoutMs: 10_000 });
 * const { metrics, isActive } = await runtime.getMetricsAndActivity('s0-kafka-orders');
 * await runtime.close();
 */
export function createScalerRuntime(scaler: Scaler | PushScaler, options: ScalerRuntimeOptions): ScalerRuntime {
  return new Runtime(scaler, options);
}

/** Alias of `createScalerRuntime`. */
export const wrapScaler: typeof createScalerRuntime = createScalerRuntime;
