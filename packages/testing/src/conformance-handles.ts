import { AsyncResource, createHook, executionAsyncId } from 'node:async_hooks';

/**
 * The resources (sockets, servers, timers, pending requests) that `work` and everything it started created,
 * still open. Counting `process.getActiveResourcesInfo()` before and after cannot tell a leaked timer from
 * an unrelated one that ended at the same moment; this follows the resources themselves instead.
 *
 * An `async_hooks` hook records every resource created while `work`, or a callback or continuation of what
 * it started, was running (or triggered by one of its resources, such as a write on its socket), and forgets
 * it on `destroy`. Resources of other code running meanwhile (the test runner's timers, other clients, the
 * caller after it awaited the work) are never in that chain.
 *
 * A resource counts as open when it was not destroyed and is one of: a handle or timer whose `hasRef()` is
 * true (an `unref()`ed timer such as `AbortSignal.timeout`'s, or an idle keep-alive socket of a shared agent,
 * does not count, as in `process.getActiveResourcesInfo()`); a pending request (connect, write, DNS lookup,
 * file system call). Resources that keep nothing alive do not count: process-wide ones a library creates once
 * on first use (the DNS resolver's channel), and the ones whose `destroy` only the garbage collector emits
 * (a closed `FileHandle`, a synchronous crypto job), which would otherwise look open long after they are done.
 *
 * @example
 * const tracker = trackResources();
 * try {
 *   await tracker.run(async () => { const scaler = create(); await poll(scaler); await scaler.close(); });
 *   expect(await tracker.openAfter(1000)).toEqual([]);
 * } finally {
 *   tracker.stop();
 * }
 */
export interface ResourceTracker {
  /** Runs `work` so that what it creates is tracked. */
  run<T>(work: () => T): T;
  /** Types of the tracked resources still open, with counts: `['Timeout ×1']`. */
  open(): string[];
  /** `open()`, once nothing is open or after `ms` of waiting for handles that close asynchronously. */
  openAfter(ms: number): Promise<string[]>;
  /** Stops tracking. */
  stop(): void;
}

// Lineage only: never counted (a promise's `destroy` comes from the garbage collector).
const IGNORED_TYPES = new Set(['PROMISE', 'TickObject', 'Microtask']);
// Pending libuv requests, counted until they complete (Node's provider names). Crypto jobs are left out: a
// synchronous one (`randomBytes(n)`, SCRAM's nonce) is reported at creation and destroyed only by the GC.
const REQUEST_TYPES = new Set([
  'FSREQCALLBACK',
  'FSREQPROMISE',
  'GETADDRINFOREQWRAP',
  'GETNAMEINFOREQWRAP',
  'QUERYWRAP',
  'TCPCONNECTWRAP',
  'PIPECONNECTWRAP',
  'SHUTDOWNWRAP',
  'WRITEWRAP',
  'UDPSENDWRAP',
]);

function keepsSomethingOpen(type: string, resource: { hasRef?: () => boolean }): boolean {
  if (typeof resource.hasRef === 'function') return resource.hasRef();
  return REQUEST_TYPES.has(type);
}

export function trackResources(): ResourceTracker {
  const lineage = new Set<number>();
  const alive = new Map<number, { type: string; resource: WeakRef<object> }>();
  const hook = createHook({
    init(asyncId, type, triggerAsyncId, resource) {
      // A promise belongs to the code that created it, not to the promise it derives from: the caller's
      // `await` of the work's promise derives from it, and what the caller does next is not the work's.
      const created = lineage.has(executionAsyncId());
      if (!created && (type === 'PROMISE' || !lineage.has(triggerAsyncId))) return;
      lineage.add(asyncId);
      if (!IGNORED_TYPES.has(type)) alive.set(asyncId, { type, resource: new WeakRef(resource) });
    },
    destroy(asyncId) {
      alive.delete(asyncId);
    },
  });
  hook.enable();
  const root = new AsyncResource('ScalerConformance', { requireManualDestroy: true });
  lineage.add(root.asyncId());

  const open = (): string[] => {
    const tally = new Map<string, number>();
    for (const { type, resource } of alive.values()) {
      const object = resource.deref() as { hasRef?: () => boolean } | undefined;
      // A collected resource cannot be in use any more.
      if (object === undefined || !keepsSomethingOpen(type, object)) continue;
      tally.set(type, (tally.get(type) ?? 0) + 1);
    }
    return [...tally].map(([type, count]) => `${type} ×${count}`).sort();
  };

  return {
    run: (work) => root.runInAsyncScope(work),
    open,
    async openAfter(ms) {
      const deadline = Date.now() + ms;
      for (;;) {
        // One turn of the loop first: a closed handle's `destroy` is emitted after its close callback.
        await new Promise((resolve) => setImmediate(resolve));
        const left = open();
        if (left.length === 0 || Date.now() >= deadline) return left;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    stop() {
      hook.disable();
      root.emitDestroy();
      lineage.clear();
      alive.clear();
    },
  };
}
