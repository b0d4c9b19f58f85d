import { printable, thrownMessage } from '../engine/printable.js';
import type { Logger } from '../logger.js';

/** A listener of one event; its payload type comes from the event map. It may be async. */
export type Listener<Payload> = (payload: Payload) => void;

/**
 * A small typed event emitter. Unlike Node's `EventEmitter`, emitting `error` with no listener does not
 * throw, and a listener that throws (any value, or an async listener that rejects) is logged and does not stop
 * the other listeners or the emitter's owner.
 *
 * @example
 * const events = new TypedEmitter<{ tick: number }>();
 * const off = events.on('tick', (n) => console.log(n));
 * events.emit('tick', 1);
 * off();
 */
export class TypedEmitter<Events extends { [K in keyof Events]: unknown }> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();
  readonly #logger: Logger | undefined;

  constructor(logger?: Logger) {
    this.#logger = logger;
  }

  /** Adds `listener`; returns a function that removes it. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    // A wrapper per call, so the same function added twice is also removed once per unsubscribe.
    const entry: Listener<Events[K]> = (payload) => listener(payload);
    set.add(entry as Listener<never>);
    return () => {
      set.delete(entry as Listener<never>);
    };
  }

  /** Like `on`, removed after the first call. */
  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const off = this.on(event, (payload) => {
      off();
      return listener(payload); // an async listener's promise, so its rejection is caught too
    });
    return off;
  }

  /** Calls every listener of `event` in the order they were added; returns whether there was one. */
  emit<K extends keyof Events>(event: K, payload: Events[K]): boolean {
    const set = this.#listeners.get(event);
    if (!set || set.size === 0) return false;
    for (const listener of [...set]) {
      let returned: unknown;
      try {
        returned = (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        this.#listenerFailed(event, error);
        continue;
      }
      // An async listener's rejection is the listener's failure too, not an unhandled rejection of the process.
      if (isThenable(returned)) returned.then(undefined, (error: unknown) => this.#listenerFailed(event, error));
    }
    return true;
  }

  /** Logs a listener's failure; never throws, whatever was thrown and whatever the logger does. */
  #listenerFailed(event: keyof Events, error: unknown): void {
    try {
      this.#logger?.error('event listener threw', { event: printable(event), error: thrownMessage(error) });
    } catch {
      // the logger failed too: nothing left to tell
    }
  }

  listenerCount(event: keyof Events): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  /** Removes every listener. */
  clear(): void {
    this.#listeners.clear();
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  try {
    return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
  } catch {
    return false;
  }
}
