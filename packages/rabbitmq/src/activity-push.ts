// Push activation for a polled scaler: a cheap measurement every few hundred milliseconds on the already-open
// client, reported to the host only when the activity changes (KEDA's PushScaler, `StreamIsActive`).
import {
  type Clock,
  type Logger,
  type MetricSpec,
  type MetricsAndActivity,
  type PushScaler,
  type Scaler,
  systemClock,
} from '@scalerkit/core';

/** Options of `withActivityPush`. */
export interface ActivityPushOptions {
  /** Time between two checks, from the end of one to the start of the next. */
  intervalMs: number;
  /** The host's clock (a `FakeClock` in tests). Default: the system clock. */
  clock?: Clock | undefined;
  /** Receives failed checks at debug level (a failed check is retried at the next interval). */
  logger?: Logger | undefined;
}

/**
 * A `PushScaler` around `scaler`: `run()` measures every `intervalMs` and calls `onActivity` with the first
 * activity it sees and with every change after it, until its signal aborts or the scaler is closed. Polls
 * (`getMetricsAndActivity`) and `close()` are the wrapped scaler's.
 *
 * @example
 * const pushing = withActivityPush(createRabbitMqScaler(config, context), { intervalMs: 100, clock: context.clock });
 * void pushing.run((isActive) => console.log('active:', isActive), controller.signal);
 */
export function withActivityPush(scaler: Scaler, options: ActivityPushOptions): PushScaler {
  const clock = options.clock ?? systemClock;
  const closing = new AbortController();
  const wait = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clock.clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = clock.setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  return {
    getMetricSpecs: (): MetricSpec[] => scaler.getMetricSpecs(),
    getMetricsAndActivity: (metricName: string, pollOptions?: { signal?: AbortSignal }): Promise<MetricsAndActivity> =>
      scaler.getMetricsAndActivity(metricName, pollOptions),
    async close(): Promise<void> {
      closing.abort();
      await scaler.close();
    },
    async run(onActivity: (isActive: boolean) => void, signal: AbortSignal): Promise<void> {
      const stop = AbortSignal.any([signal, closing.signal]);
      const [spec] = scaler.getMetricSpecs();
      if (!spec) return;
      let reported: boolean | undefined;
      while (!stop.aborted) {
        try {
          const { isActive } = await scaler.getMetricsAndActivity(spec.metricName, { signal: stop });
          if (!stop.aborted && isActive !== reported) {
            reported = isActive;
            onActivity(isActive);
          }
        } catch (error) {
          if (stop.aborted) break;
          options.logger?.debug(`activity check failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        await wait(options.intervalMs, stop);
      }
    },
  };
}
