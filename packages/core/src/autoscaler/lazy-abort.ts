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
    // A plain object with an own enumerable `signal` getter, as `{ get signal() { ... } }` makes, but with one
    // getter shared by every options object (the controller is in a private field stamped on the object): a
    // getter in an object literal is a new function per call and puts the object in dictionary mode, which cost
    // ~0.6 µs per call, two calls per poll (bench/policy).
    const options = {};
    new ControllerOf(options, this);
    Object.defineProperty(options, 'signal', signalProperty);
    return options as { signal: AbortSignal };
  }
}

/** Returns the object given to it from its constructor, so a subclass stamps its private fields on any object. */
class Stamped {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the return override is what stamps the private field
    return target;
  }
}

/** Stamps an options object with its controller (a private field: not a key, not copied by spread). */
class ControllerOf extends Stamped {
  #controller: LazyAbortController;

  constructor(target: object, controller: LazyAbortController) {
    super(target);
    this.#controller = controller;
  }

  static of(options: object): LazyAbortController {
    return (options as ControllerOf).#controller;
  }
}

/** The `signal` property of every options object (a getter named `get signal`, enumerable and configurable). */
const signalProperty = Object.getOwnPropertyDescriptor(
  {
    get signal(): AbortSignal {
      return ControllerOf.of(this).signal;
    },
  },
  'signal',
) as PropertyDescriptor;
