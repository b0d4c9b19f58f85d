// Deadlines, abort signals and bounded waits for calls into a network: every timer goes through the host's
// clock, so a FakeClock drives a scaler's deadlines as it drives the autoscaler's.
import { type Clock, systemClock } from '../clock.js';
import { ScalerError, ScalerTimeoutError } from '../errors.js';

/** Options of `withDeadline`. */
export interface DeadlineOptions {
  /** Milliseconds before the call counts as timed out. */
  timeoutMs: number;
  /** Aborts the wait (the call itself is the caller's to cancel). */
  signal?: AbortSignal | undefined;
  /** What is being waited for, starting the messages: `rabbitmq: reading queue "orders"`. */
  what: string;
  /** Default: the system clock. */
  clock?: Clock | undefined;
}

/**
 * Settles with `work`, or rejects with a `ScalerTimeoutError` (code `TIMEOUT`) after `timeoutMs`, or with a
 * `ScalerError` coded `ABORTED` when `signal` aborts, whichever comes first. For client calls that take no
 * signal, this races them; the timer and the abort listener are always removed, and a late rejection of
 * `work` is absorbed.
 *
 * @example
 * const depth = await withDeadline(channel.checkQueue('orders'), { timeoutMs: 3000, signal, what: 'rabbitmq: checking queue "orders"' });
 */
export function withDeadline<T>(work: Promise<T>, options: DeadlineOptions): Promise<T> {
  const { timeoutMs, signal, what } = options;
  const clock = options.clock ?? systemClock;
  work.catch(() => {}); // the loser of the race must not become an unhandled rejection
  if (signal?.aborted) return Promise.reject(abortedError(what, signal));
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(() => {
      cleanup();
      reject(new ScalerTimeoutError(`${what} did not answer within ${timeoutMs} ms`, timeoutMs));
    }, timeoutMs);
    const onAbort = (): void => {
      cleanup();
      reject(abortedError(what, signal!));
    };
    function cleanup(): void {
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
}

/**
 * Settles with `work`, or rejects with the signal's reason as soon as `signal` aborts (the work itself goes on;
 * cancelling it is the caller's). For calls that take no signal under a caller that already bounds the wait
 * (the core's runtime aborts a poll at its timeout); the abort listener is always removed.
 *
 * @example
 * const reply = await untilAborted(channel.checkQueue('orders'), signal);
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The `ABORTED` error of a wait that `signal` cancelled; the signal's reason is the cause. */
export function abortedError(what: string, signal: AbortSignal): ScalerError {
  return new ScalerError(`${what} was aborted`, { code: 'ABORTED', cause: signal.reason });
}

/**
 * Waits until every promise has settled or `ms` has passed, whichever is first. Never rejects and leaves no
 * timer behind. Used by `close()` to let calls that cannot be cancelled finish before their client goes.
 *
 * @example
 * await settleWithin([...inFlight], 2 * timeoutMs + 1000);
 */
export async function settleWithin(
  promises: readonly Promise<unknown>[],
  ms: number,
  clock: Clock = systemClock,
): Promise<void> {
  if (promises.length === 0) return;
  let timer: unknown;
  const expired = new Promise<void>((resolve) => {
    timer = clock.setTimeout(resolve, ms);
  });
  try {
    await Promise.race([Promise.allSettled(promises), expired]);
  } finally {
    clock.clearTimeout(timer);
  }
}

/**
 * One signal that aborts when any of the given ones does (undefined entries are skipped); undefined when
 * none is given. The reason is the first aborted signal's.
 *
 * @example
 * const signal = combineSignals(context.signal, options.signal);
 */
export function combineSignals(...signals: readonly (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}
