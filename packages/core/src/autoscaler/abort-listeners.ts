/** One callback in a `CallbackList`. */
export interface CallbackEntry<T> {
  readonly callback: T;
  previous: CallbackEntry<T> | undefined;
  next: CallbackEntry<T> | undefined;
  /** False once removed. */
  linked: boolean;
}

/**
 * Callbacks in the order they were added, added and removed in O(1) without hashing. A `Set` that goes from one
 * entry to none on every call (a call in flight, then none) reallocates its table at each delete, and those
 * tables outlive a young-generation collection: in an autoscaler day on a FakeClock they were most of what
 * the collector promoted (bench/policy).
 */
export class CallbackList<T> {
  #head: CallbackEntry<T> | undefined;
  #tail: CallbackEntry<T> | undefined;

  /** Adds `callback` at the end; returns the entry to `remove`. */
  add(callback: T): CallbackEntry<T> {
    const entry: CallbackEntry<T> = { callback, previous: this.#tail, next: undefined, linked: true };
    if (this.#tail === undefined) this.#head = entry;
    else this.#tail.next = entry;
    this.#tail = entry;
    return entry;
  }

  /** Removes `entry`; false when it was already removed. */
  remove(entry: CallbackEntry<T>): boolean {
    if (!entry.linked) return false;
    entry.linked = false;
    if (entry.previous === undefined) this.#head = entry.next;
    else entry.previous.next = entry.next;
    if (entry.next === undefined) this.#tail = entry.previous;
    else entry.next.previous = entry.previous;
    return true;
  }

  /** The entries now, in order (a copy: callbacks may add or remove entries while it is walked). */
  entries(): CallbackEntry<T>[] {
    const out: CallbackEntry<T>[] = [];
    for (let entry = this.#head; entry !== undefined; entry = entry.next) out.push(entry);
    return out;
  }

  /** The callbacks now, in order (a copy). */
  values(): T[] {
    const out: T[] = [];
    for (let entry = this.#head; entry !== undefined; entry = entry.next) out.push(entry.callback);
    return out;
  }
}

/**
 * One `abort` listener per signal, dispatching to the callbacks of the calls in flight. Node's EventTarget
 * makes `addEventListener` / `removeEventListener` cost about a microsecond each; the autoscaler listened to its
 * stop signal once per target call and per scaler poll (two pairs per poll, 86,400 polls in a simulated day;
 * bench/policy). Callbacks run in the order they were added, as listeners would; one removed before its turn
 * (by an earlier callback) is not run, as with `removeEventListener` during a dispatch; none is added during the
 * dispatch (the signal has already aborted).
 */
const callbacksBySignal = new WeakMap<AbortSignal, CallbackList<() => void>>();

/**
 * Calls `callback` once when `signal` aborts (never when it has already aborted, as with `addEventListener`);
 * returns the function that removes it.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) return noop;
  let callbacks = callbacksBySignal.get(signal);
  if (callbacks === undefined) {
    const list = new CallbackList<() => void>();
    callbacks = list;
    callbacksBySignal.set(signal, list);
    signal.addEventListener(
      'abort',
      () => {
        callbacksBySignal.delete(signal);
        for (const entry of list.entries()) if (list.remove(entry)) entry.callback();
      },
      { once: true },
    );
  }
  const list = callbacks;
  const entry = list.add(callback);
  return () => {
    list.remove(entry);
  };
}

function noop(): void {}
