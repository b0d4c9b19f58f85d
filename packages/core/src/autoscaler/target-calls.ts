import type { Clock, TimerHandle } from '../clock.js';
import type { Decision } from '../engine/index.js';
import { ScalerError, ScalerTimeoutError } from '../errors.js';
import { onAbort } from './abort-listeners.js';
import { LazyAbortController } from './lazy-abort.js';
import type { ScaleTarget } from './scale-target.js';

/** Default deadline of one `ScaleTarget.getReplicas` / `setReplicas` call (ms). */
export const DEFAULT_TARGET_TIMEOUT_MS = 10_000;

type Method = 'getReplicas' | 'setReplicas';

/**
 * The autoscaler's calls into its `ScaleTarget`, each bounded: a call that does not settle within `timeoutMs`
 * (0: no deadline) rejects with a `ScalerTimeoutError` (code `TIMEOUT`) and its signal aborts; a call
 * cancelled by `signal` (the autoscaler stopping) rejects with code `ABORTED`. While a call abandoned at its
 * deadline has not returned, the next call of that method is not made (it fails at once with `TIMEOUT`), so
 * a hung target holds at most one call per method and no backlog of decisions waiting on it. A target's own
 * failure is passed on as thrown (the caller turns it into a `ScalerError` with `toSafeScalerError`).
 */
export class BoundedTarget {
  readonly #target: ScaleTarget;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #signal: AbortSignal;
  /** Per method: a call abandoned at its deadline that has not settled yet. */
  readonly #hanging = new Map<Method, Promise<unknown>>();

  constructor(target: ScaleTarget, options: { timeoutMs: number; clock: Clock; signal: AbortSignal }) {
    this.#target = target;
    this.#timeoutMs = options.timeoutMs;
    this.#clock = options.clock;
    this.#signal = options.signal;
  }

  getReplicas(): Promise<{ replicas: number; readyReplicas?: number }> {
    return this.#call('getReplicas', 'target.getReplicas()', (options) => this.#target.getReplicas(options));
  }

  setReplicas(replicas: number, decision: Decision): Promise<void> {
    return this.#call('setReplicas', `target.setReplicas(${replicas})`, (options) =>
      this.#target.setReplicas(replicas, decision, options),
    );
  }

  #call<T>(method: Method, what: string, invoke: (options: { signal: AbortSignal }) => Promise<T>): Promise<T> {
    if (this.#signal.aborted) return Promise.reject(this.#aborted(what));
    if (this.#hanging.has(method)) {
      return Promise.reject(
        new ScalerTimeoutError(
          `${what} not called: an earlier ${method}() abandoned at its ${this.#timeoutMs} ms deadline has not returned`,
          this.#timeoutMs,
        ),
      );
    }
    const controller = new LazyAbortController();
    let call: Promise<T>;
    try {
      call = Promise.resolve(invoke(controller.options()));
    } catch (error) {
      call = Promise.reject(error);
    }
    return new Promise<T>((resolve, reject) => {
      let timer: TimerHandle | undefined;
      let settled = false;
      let unlisten: () => void = noop;
      /** True for the first outcome (the answer, the deadline or the stop), false for any later one. */
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        if (timer !== undefined) this.#clock.clearTimeout(timer);
        unlisten();
        return true;
      };
      // Only from the timer or the stop listener, both removed by the first settle: this is always the first outcome.
      const abandon = (error: ScalerError) => {
        settle();
        const hanging = call.then(
          () => undefined,
          () => undefined,
        );
        // No call of this method is made while it hangs, so this entry is the method's until the call returns.
        this.#hanging.set(method, hanging);
        hanging.then(() => this.#hanging.delete(method));
        controller.abort(error);
        reject(error);
      };
      const onStop = () => abandon(this.#aborted(what));
      unlisten = onAbort(this.#signal, onStop);
      if (this.#timeoutMs > 0) {
        timer = this.#clock.setTimeout(() => {
          timer = undefined;
          abandon(new ScalerTimeoutError(`${what} did not answer within ${this.#timeoutMs} ms`, this.#timeoutMs));
        }, this.#timeoutMs);
      }
      // The target's own failure goes back as thrown (the caller words it); only the bound's errors are ours.
      call.then(
        (value) => {
          if (settle()) resolve(value);
        },
        (error: unknown) => {
          if (settle()) reject(error);
        },
      );
    });
  }

  #aborted(what: string): ScalerError {
    return new ScalerError(`${what} cancelled: the autoscaler is stopping`, { code: 'ABORTED' });
  }
}

function noop(): void {}
