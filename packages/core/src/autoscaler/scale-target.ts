import { type Clock, systemClock } from '../clock.js';
import type { Decision } from '../engine/index.js';
import { printable } from '../engine/printable.js';
import { ScalerError } from '../errors.js';
import { DEFAULT_HISTORY_LIMIT, RecentEntries } from './recent-entries.js';

/**
 * What the autoscaler scales: a Deployment's `/scale` subresource, a process pool, a test double.
 *
 * @example
 * const target: ScaleTarget = {
 *   getReplicas: async () => ({ replicas: pool.size, readyReplicas: pool.ready }),
 *   setReplicas: async (n) => pool.resize(n),
 * };
 */
export interface ScaleTarget {
  /**
   * Current replicas, and ready ones (default: all of them). The autoscaler bounds each call by its
   * `targetTimeoutMs`; `signal` aborts when that deadline passes or the autoscaler stops.
   */
  getReplicas(options?: ScaleTargetCallOptions): Promise<{ replicas: number; readyReplicas?: number }>;
  /** Called only when the decision differs from the current count. Bounded and aborted as `getReplicas`. */
  setReplicas(replicas: number, decision: Decision, options?: ScaleTargetCallOptions): Promise<void>;
}

/** What the autoscaler passes to each `ScaleTarget` call. */
export interface ScaleTargetCallOptions {
  /** Aborts when the call's deadline (`targetTimeoutMs`) passes or the autoscaler stops; the answer is then ignored. */
  signal?: AbortSignal;
}

/** One recorded change of an `InMemoryScaleTarget`. */
export interface ScaleChange {
  /** Clock time of the change (ms). */
  at: number;
  from: number;
  to: number;
  /** The decision that asked for it (absent for a change made by hand). */
  decision?: Decision;
}

export interface InMemoryScaleTargetOptions {
  /** Initial replicas, all ready. Default 0. */
  replicas?: number;
  /** Time a new replica takes to become ready. Default 0 (ready at once). */
  readyDelayMs?: number;
  /** Clock that times changes and readiness. Default the system clock. */
  clock?: Clock;
  /**
   * Changes kept in `history` (the most recent ones; `changeCount` counts them all). Default 1000;
   * `Infinity` keeps every change, `0` none.
   */
  historyLimit?: number;
}

function checkCount(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ScalerError(`InMemoryScaleTarget: ${what} must be an integer >= 0, got ${printable(value)}`, {
      code: 'CONFIG_ERROR',
    });
  }
  return value;
}

/**
 * A scale target held in memory, for tests, simulations and examples. Records the last `historyLimit`
 * changes in `history` (so a long simulation stays the same size); new replicas become ready `readyDelayMs` after they are added (read lazily from the
 * clock: no timers), and scaling in removes not-yet-ready replicas first, as Kubernetes does.
 *
 * @example
 * const target = new InMemoryScaleTarget({ replicas: 1, readyDelayMs: 20_000, clock });
 */
export class InMemoryScaleTarget implements ScaleTarget {
  readonly #history: RecentEntries<ScaleChange>;
  readonly #clock: Clock;
  readonly #readyDelayMs: number;
  /** When each replica is (or was) ready, oldest replica first. */
  #readyAt: number[];

  constructor(options: InMemoryScaleTargetOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    const delay = options.readyDelayMs ?? 0;
    if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0) {
      throw new ScalerError(`InMemoryScaleTarget: readyDelayMs must be a number >= 0, got ${String(delay)}`, {
        code: 'CONFIG_ERROR',
      });
    }
    this.#readyDelayMs = delay;
    this.#history = new RecentEntries(
      options.historyLimit ?? DEFAULT_HISTORY_LIMIT,
      'InMemoryScaleTarget: historyLimit',
    );
    const replicas = checkCount(options.replicas ?? 0, 'replicas');
    this.#readyAt = new Array<number>(replicas).fill(Number.NEGATIVE_INFINITY);
  }

  /** The last `historyLimit` changes (all of them by default up to 1000), oldest first; a copy. */
  get history(): ScaleChange[] {
    return this.#history.toArray();
  }

  /** Changes made since creation, including those `history` no longer keeps. */
  get changeCount(): number {
    return this.#history.total;
  }

  get replicas(): number {
    return this.#readyAt.length;
  }

  get readyReplicas(): number {
    const now = this.#clock.now();
    // Counted, not filtered: read on every getReplicas (each poll and HPA sync), a filtered copy per read.
    let ready = 0;
    for (const at of this.#readyAt) if (at <= now) ready += 1;
    return ready;
  }

  async getReplicas(): Promise<{ replicas: number; readyReplicas: number }> {
    return { replicas: this.replicas, readyReplicas: this.readyReplicas };
  }

  async setReplicas(replicas: number, decision?: Decision): Promise<void> {
    this.scaleTo(replicas, decision);
  }

  /** Synchronous `setReplicas`, also for changes made "by hand" in a test. No-op when unchanged. */
  scaleTo(replicas: number, decision?: Decision): void {
    checkCount(replicas, 'replicas');
    const from = this.replicas;
    if (replicas === from) return;
    const now = this.#clock.now();
    if (replicas > from) {
      const readyAt = now + this.#readyDelayMs;
      this.#readyAt.push(...new Array<number>(replicas - from).fill(readyAt));
    } else {
      // Kubernetes deletes not-ready pods before ready ones, newest first.
      const kept = [...this.#readyAt].sort((a, b) => a - b).slice(0, replicas);
      this.#readyAt = kept;
    }
    const change: ScaleChange = { at: now, from, to: replicas };
    if (decision !== undefined) change.decision = decision;
    this.#history.add(change);
  }
}
