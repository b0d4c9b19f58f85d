import { ScalerError, ScalerTimeoutError } from '@scalerkit/core';

/**
 * Settles with `work`, or rejects with a `ScalerTimeoutError` after `timeoutMs`, or with an `ABORTED`
 * `ScalerError` when `signal` aborts, whichever comes first. kafkajs calls take no signal, so they are
 * raced; the timer and the abort listener are always removed, and a late rejection of `work` is absorbed.
 */
export function withDeadline<T>(
  work: Promise<T>,
  options: { timeoutMs: number; signal?: AbortSignal | undefined; what: string },
): Promise<T> {
  const { timeoutMs, signal, what } = options;
  work.catch(() => {}); // the loser of the race must not become an unhandled rejection
  if (signal?.aborted) return Promise.reject(abortError(what, signal));
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new ScalerTimeoutError(`${what} did not answer within ${timeoutMs} ms`, timeoutMs));
    }, timeoutMs);
    const onAbort = (): void => {
      cleanup();
      reject(abortError(what, signal!));
    };
    function cleanup(): void {
      clearTimeout(timer);
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

function abortError(what: string, signal: AbortSignal): ScalerError {
  return new ScalerError(`${what} was aborted`, { code: 'ABORTED', cause: signal.reason });
}
