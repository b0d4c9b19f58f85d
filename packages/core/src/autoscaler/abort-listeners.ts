/**
 * One `abort` listener per signal, dispatching to the callbacks of the calls in flight. Node's EventTarget
 * makes `addEventListener` / `removeEventListener` cost about a microsecond each; the autoscaler listened to its
 * stop signal once per target call and per scaler poll (two pairs per poll, 86,400 polls in a simulated day;
 * bench/policy). Callbacks run in the order they were added, as listeners would; one removed before its turn
 * (by an earlier callback) is not run, as with `removeEventListener` during a dispatch; one added during the
 * dispatch is not run either (the signal has already aborted).
 */
const callbacksBySignal = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `callback` once when `signal` aborts (nothing when it has already aborted, as with
 * `addEventListener`); returns the function that removes it.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) return noop;
  let callbacks = callbacksBySignal.get(signal);
  if (callbacks === undefined) {
    const set = new Set<() => void>();
    callbacks = set;
    callbacksBySignal.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        callbacksBySignal.delete(signal);
        for (const pending of [...set]) {
          if (set.delete(pending)) pending();
        }
      },
      { once: true },
    );
  }
  const set = callbacks;
  set.add(callback);
  return () => {
    set.delete(callback);
  };
}

function noop(): void {}
