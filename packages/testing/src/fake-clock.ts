import type { Clock, TimerHandle } from '@scalerkit/core';

interface FakeTimer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/** Options of `FakeClock`. */
export interface FakeClockOptions {
  /**
   * Macrotask turns waited to let promise jobs settle, before each timer and at the end of `advance`.
   * One turn is enough for pure promise chains (Node drains the whole microtask and `process.nextTick`
   * queue, including jobs queued by those jobs, before it runs the next macrotask). Default 1.
   */
  flushTurns?: number;
  /** `runAll` gives up after this many timers (a polling loop re-arms forever). Default 10 000. */
  maxTimers?: number;
}

// Captured at load, so a test that fakes global timers cannot break the flush.
const realSetImmediate = globalThis.setImmediate;
/** Resolves a flush's promise in the next macrotask turn (one function for every turn, not a closure each). */
const nextTurn = (resolve: () => void): void => {
  realSetImmediate(resolve);
};

/**
 * A virtual clock for the autoscaler loop and for scalers that wait: time only moves when the test
 * calls `advance`. Timers due at the same instant run in the order they were scheduled (FIFO).
 *
 * @example
 * const clock = new FakeClock();
 * const autoscaler = createAutoscaler({ scaledObject, target, clock, scalers });
 * await autoscaler.start();
 * await clock.advance(30_000); // runs every poll due in the next 30 s, letting each finish
 */
export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  /**
   * Pending timers sorted by due time, FIFO among equal times (ids grow, so the order is `(at, id)`). An array
   * rather than a Map scanned for the earliest: an autoscaler day sets and clears about 270,000 timers, and a
   * Map's shrinking deletes and iterators allocated on every step (bench/policy).
   */
  readonly #timers: FakeTimer[] = [];
  readonly #flushTurns: number;
  readonly #maxTimers: number;

  constructor(start = 0, options: FakeClockOptions = {}) {
    if (!Number.isFinite(start)) throw new RangeError(`FakeClock: start must be a finite number, got ${start}`);
    this.#now = start;
    this.#flushTurns = Math.max(1, options.flushTurns ?? 1);
    this.#maxTimers = options.maxTimers ?? 10_000;
  }

  now(): number {
    return this.#now;
  }

  /** Schedules `callback` at `now() + ms` (negative, NaN or missing delays count as 0, like Node). */
  setTimeout(callback: () => void, ms: number): TimerHandle {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const timer: FakeTimer = { id: this.#nextId++, at: this.#now + delay, callback };
    const timers = this.#timers;
    // After every timer due at or before it (binary search; most timers go near the end).
    let low = 0;
    let high = timers.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (timers[middle]!.at <= timer.at) low = middle + 1;
      else high = middle;
    }
    if (low === timers.length) timers.push(timer);
    else timers.splice(low, 0, timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle !== 'number') return;
    const timers = this.#timers;
    for (let index = 0; index < timers.length; index++) {
      if (timers[index]!.id === handle) {
        timers.splice(index, 1);
        return;
      }
    }
  }

  /** Number of timers scheduled and not yet run or cleared. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Due time of the earliest pending timer, or `undefined` when none is pending. */
  nextTimerAt(): number | undefined {
    return this.#next()?.at;
  }

  /**
   * Moves time forward by `ms`, running every timer that falls due in order (including timers the
   * callbacks schedule within the window) and letting promise jobs settle between timers, so async
   * loops progress as they would in real time. Ends with time at exactly `now() + ms`.
   */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`FakeClock.advance: ms must be >= 0, got ${ms}`);
    await this.advanceTo(this.#now + ms);
  }

  /** Like `advance`, to an absolute time (which must not be in the past). */
  async advanceTo(time: number): Promise<void> {
    if (!Number.isFinite(time) || time < this.#now) {
      throw new RangeError(`FakeClock.advanceTo: time must be >= now (${this.#now}), got ${time}`);
    }
    await this.flush();
    for (let timer = this.#next(); timer !== undefined && timer.at <= time; timer = this.#next()) {
      this.#fire(timer);
      await this.flush();
    }
    this.#now = time;
    await this.flush();
  }

  /** Synchronous variant of `advance`: runs due timers in order without letting promise jobs run in between. */
  advanceSync(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`FakeClock.advanceSync: ms must be >= 0, got ${ms}`);
    const target = this.#now + ms;
    for (let timer = this.#next(); timer !== undefined && timer.at <= target; timer = this.#next()) {
      this.#fire(timer);
    }
    this.#now = target;
  }

  /**
   * Runs timers (moving time to each) until none is pending. Throws after `maxTimers` timers, since a
   * running autoscaler re-arms its poll timer forever: stop it first, or use `advance`.
   */
  async runAll(): Promise<void> {
    await this.flush();
    let count = 0;
    for (let timer = this.#next(); timer !== undefined; timer = this.#next()) {
      if (++count > this.#maxTimers) {
        throw new Error(
          `FakeClock.runAll: still ${this.#timers.length} timer(s) pending after ${this.#maxTimers} (a loop re-arms forever; stop it or use advance())`,
        );
      }
      this.#fire(timer);
      await this.flush();
    }
  }

  /** Lets pending promise jobs run without moving time. */
  async flush(): Promise<void> {
    for (let turn = 0; turn < this.#flushTurns; turn++) {
      await new Promise<void>(nextTurn);
    }
  }

  /** Runs `timer`, the earliest pending one (`#next()`). */
  #fire(timer: FakeTimer): void {
    this.#timers.shift();
    if (timer.at > this.#now) this.#now = timer.at;
    timer.callback();
  }

  #next(): FakeTimer | undefined {
    return this.#timers[0];
  }
}
