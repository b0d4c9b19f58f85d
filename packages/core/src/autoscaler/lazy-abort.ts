/**
 * An AbortController made only when its signal is read. On Node 20 creating an AbortController costs tens of
 * microseconds (its AbortSignal is an EventTarget given another prototype at creation), so a day of 1 s polls on a
 * FakeClock, two calls per poll, spent most of its time making signals that no scaler or target read
 * (bench/policy). A signal read after `abort()` is made already aborted with the same reason, so a reader cannot
 * tell it from one made up front.
 */
export class LazyAbortController {
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }

  /** The `{ signal }` options of one call, the signal made on first read. */
  options(): { signal: AbortSignal } {
    const controller = this;
    return {
      get signal() {
        return controller.signal;
      },
    };
  }
}
