import type { Clock, TimerHandle } from '../clock.js';

/** One periodic loop of a `LoopCadence`: its name and period. */
export interface CadenceLoop<Name extends string = string> {
  name: Name;
  periodMs: number;
}

/** One periodic job of a `LoopSchedule`. */
export interface ScheduledLoop<T> extends CadenceLoop {
  /** One iteration; must not reject. */
  run: () => Promise<T>;
}

/** Kubernetes' `--horizontal-pod-autoscaler-sync-period` default (ms). */
export const DEFAULT_HPA_SYNC_PERIOD_MS = 15_000;

/** The loops of one ScaledObject: `hpa` (an HPA sync) and `poll` (KEDA's scale loop). */
export type AutoscalerLoopName = 'hpa' | 'poll';

/**
 * The loops that run one ScaledObject, in the order they start when both are due at one instant: the HPA's
 * sync every `hpaSyncPeriodMs` first (it reads the count the executor left at the previous poll), then
 * KEDA's scale loop every `pollingIntervalMs`. With `hpaSyncPeriodMs` 0 only the poll runs (merged mode: one
 * decision doing both). `createAutoscaler` runs these on its clock and `simulate` in virtual time.
 *
 * @example
 * autoscalerLoops(30_000, 15_000); // [{ name: 'hpa', periodMs: 15_000 }, { name: 'poll', periodMs: 30_000 }]
 */
export function autoscalerLoops(
  pollingIntervalMs: number,
  hpaSyncPeriodMs: number = DEFAULT_HPA_SYNC_PERIOD_MS,
): CadenceLoop<AutoscalerLoopName>[] {
  return [
    ...(hpaSyncPeriodMs > 0 ? [{ name: 'hpa' as const, periodMs: hpaSyncPeriodMs }] : []),
    { name: 'poll', periodMs: pollingIntervalMs },
  ];
}

interface CadenceState<Name extends string> extends CadenceLoop<Name> {
  /** Next due time; undefined while the loop is stopped or its iteration in flight has to end first. */
  next: number | undefined;
}

const nothingDue: readonly never[] = Object.freeze([]);

/**
 * When periodic loops are due, with no clock and no I/O: the timing that `LoopSchedule` runs on a clock and
 * `simulate` steps through in virtual time, so both follow one schedule. Each loop is due at its start and
 * then once per period on a fixed grid: taking a due loop arms it for the first grid point after `now`
 * (one period later when `now` is the due time, as KEDA's scale loop arms its next tick before the check:
 * `startScaleLoop` in KEDA v2.21 pkg/scaling/scale_handler.go). Loops due at one instant come in the order
 * given.
 *
 * @example
 * const cadence = new LoopCadence(autoscalerLoops(10_000, 15_000));
 * cadence.start(0);
 * cadence.takeDue(0); // ['hpa', 'poll']
 * cadence.nextDueAt(); // 10_000
 * cadence.takeDue(10_000); // ['poll']
 */
export class LoopCadence<Name extends string = string> {
  readonly #loops: CadenceState<Name>[];

  constructor(loops: readonly CadenceLoop<Name>[]) {
    for (const loop of loops) {
      if (!(loop.periodMs > 0) || !Number.isFinite(loop.periodMs)) {
        throw new RangeError(`LoopCadence: loop "${loop.name}" needs a period > 0 ms, got ${loop.periodMs}`);
      }
    }
    this.#loops = loops.map((loop) => ({ name: loop.name, periodMs: loop.periodMs, next: undefined }));
  }

  /** Every loop is due at `now`. */
  start(now: number): void {
    for (const loop of this.#loops) loop.next = now;
  }

  /** The loops due at `now` (in the order given), each armed for its first grid point after `now`. */
  takeDue(now: number): readonly Name[] {
    let due: Name[] | undefined;
    for (const loop of this.#loops) {
      if (loop.next === undefined || loop.next > now) continue;
      while (loop.next <= now) loop.next += loop.periodMs;
      (due ??= []).push(loop.name);
    }
    return due ?? nothingDue;
  }

  /** Stops a loop until `restart` (its iteration in flight must end before the next one starts). */
  hold(name: Name): void {
    this.#find(name).next = undefined;
  }

  /** Arms a held loop one period after `now` (its iteration ended at `now`, after its due time). */
  restart(name: Name, now: number): void {
    const loop = this.#find(name);
    loop.next = now + loop.periodMs;
  }

  /** Stops every loop. */
  stop(): void {
    for (const loop of this.#loops) loop.next = undefined;
  }

  /** The earliest due time, or `undefined` when every loop is stopped or held. */
  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const loop of this.#loops)
      if (loop.next !== undefined && (next === undefined || loop.next < next)) next = loop.next;
    return next;
  }

  #find(name: Name): CadenceState<Name> {
    const loop = this.#loops.find((candidate) => candidate.name === name);
    if (loop === undefined) throw new Error(`LoopCadence: no loop named "${name}"`);
    return loop;
  }
}

interface LoopState<T> extends ScheduledLoop<T> {
  inFlight: Promise<T> | undefined;
  /** The period elapsed while an iteration was running: start the next one as soon as it ends. */
  due: boolean;
}

/**
 * Runs periodic loops on one clock timer, on the timing of a `LoopCadence`, the way KEDA's scale loop runs
 * (`startScaleLoop` in KEDA v2.21 pkg/scaling/scale_handler.go): each iteration arms the next due time
 * before it runs, so a slow iteration eats into the period, and an iteration is never run twice at once
 * (when the period ends during a run, the next run starts when it ends). Loops due at the same instant
 * start in the order they were given.
 */
export class LoopSchedule<T> {
  readonly #clock: Clock;
  readonly #loops: LoopState<T>[];
  readonly #cadence: LoopCadence;
  #timer: TimerHandle | undefined;
  #active = false;

  constructor(clock: Clock, loops: readonly ScheduledLoop<T>[]) {
    this.#clock = clock;
    this.#loops = loops.map((loop) => ({ ...loop, inFlight: undefined, due: false }));
    this.#cadence = new LoopCadence(loops);
  }

  /** Starts every loop at once (in order) and keeps them on their periods until `stop()`. */
  start(): void {
    this.#active = true;
    this.#cadence.start(this.#clock.now());
    this.#fire();
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
    this.#cadence.stop();
    for (const loop of this.#loops) loop.due = false;
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
    const next = this.#cadence.nextDueAt();
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
    const starting: LoopState<T>[] = [];
    for (const name of this.#cadence.takeDue(this.#clock.now())) {
      const loop = this.#loops.find((candidate) => candidate.name === name) as LoopState<T>;
      if (loop.inFlight) {
        this.#cadence.hold(name);
        loop.due = true;
      } else {
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
        this.#cadence.restart(loop.name, this.#clock.now());
        this.#arm();
        this.#run(loop);
      }
    });
    loop.inFlight = iteration;
    return iteration;
  }
}
