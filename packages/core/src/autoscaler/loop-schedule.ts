import type { Clock, TimerHandle } from '../clock.js';

/** One periodic job of a `LoopSchedule`. */
export interface ScheduledLoop<T> {
  /** Name, for `runNow`. */
  name: string;
  periodMs: number;
  /** One iteration; must not reject. */
  run: () => Promise<T>;
}

interface LoopState<T> extends ScheduledLoop<T> {
  /** Next due time; undefined while the timer has fired and the iteration in flight has not ended. */
  next: number | undefined;
  inFlight: Promise<T> | undefined;
  /** The period elapsed while an iteration was running: start the next one as soon as it ends. */
  due: boolean;
}

/**
 * Runs periodic loops on one clock timer, the way KEDA's scale loop runs (keda-core §1): each iteration
 * arms the next due time before it runs, so a slow iteration eats into the period, and an iteration is
 * never run twice at once (when the period ends during a run, the next run starts when it ends). Loops
 * due at the same instant start in the order they were given.
 */
export class LoopSchedule<T> {
  readonly #clock: Clock;
  readonly #loops: LoopState<T>[];
  #timer: TimerHandle | undefined;
  #active = false;

  constructor(clock: Clock, loops: readonly ScheduledLoop<T>[]) {
    this.#clock = clock;
    this.#loops = loops.map((loop) => ({ ...loop, next: undefined, inFlight: undefined, due: false }));
  }

  /** Starts every loop at once (in order) and keeps them on their periods until `stop()`. */
  start(): void {
    this.#active = true;
    const now = this.#clock.now();
    for (const loop of this.#loops) loop.next = now + loop.periodMs;
    this.#arm();
    for (const loop of this.#loops) this.#run(loop);
  }

  /** Runs one iteration of a loop now, outside its period, after the one in flight (if any). */
  async runNow(name: string): Promise<T> {
    const loop = this.#loops.find((candidate) => candidate.name === name);
    if (loop === undefined) throw new Error(`LoopSchedule: no loop named "${name}"`);
    while (loop.inFlight) await loop.inFlight;
    return this.#run(loop);
  }

  /** Clears the timer; iterations in flight finish (see `settled`) and start no successor. */
  stop(): void {
    this.#active = false;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const loop of this.#loops) {
      loop.next = undefined;
      loop.due = false;
    }
  }

  /** Resolves when no iteration is in flight. */
  async settled(): Promise<void> {
    for (let busy = this.#busy(); busy.length > 0; busy = this.#busy()) await Promise.all(busy);
  }

  #busy(): Promise<T>[] {
    return this.#loops.flatMap((loop) => (loop.inFlight ? [loop.inFlight] : []));
  }

  /** Re-arms the one timer for the earliest due loop; called only while active (start, fire, a due rerun). */
  #arm(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    let next: number | undefined;
    for (const loop of this.#loops)
      if (loop.next !== undefined && (next === undefined || loop.next < next)) next = loop.next;
    if (next === undefined) return;
    this.#timer = this.#clock.setTimeout(
      () => {
        this.#timer = undefined;
        this.#fire();
      },
      Math.max(0, next - this.#clock.now()),
    );
  }

  #fire(): void {
    if (!this.#active) return; // a Clock may still fire a timer cleared by stop()
    const now = this.#clock.now();
    const starting: LoopState<T>[] = [];
    for (const loop of this.#loops) {
      if (loop.next === undefined || loop.next > now) continue;
      if (loop.inFlight) {
        loop.next = undefined;
        loop.due = true;
      } else {
        loop.next = now + loop.periodMs;
        starting.push(loop);
      }
    }
    this.#arm();
    for (const loop of starting) this.#run(loop);
  }

  #run(loop: LoopState<T>): Promise<T> {
    const iteration: Promise<T> = loop.run().finally(() => {
      // Never two iterations of one loop at once (runNow waits, fire marks it due): this one is in flight.
      loop.inFlight = undefined;
      if (loop.due && this.#active) {
        loop.due = false;
        loop.next = this.#clock.now() + loop.periodMs;
        this.#arm();
        this.#run(loop);
      }
    });
    loop.inFlight = iteration;
    return iteration;
  }
}
