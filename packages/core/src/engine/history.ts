import type { ScaleEvent } from '../hpa/types.js';

/**
 * A sliding-window extremum over time-ordered entries (a monotonic deque). It keeps only the entries that can
 * still be the window's max (`kind` 'max': replicas strictly decreasing from the head) or min ('min': strictly
 * increasing), so a query is amortised O(1) instead of a scan of the whole window. Valid because the window's
 * cutoff only moves forward (decide's `now` never goes backwards), so an entry that left the window never
 * comes back.
 */
class WindowExtremum {
  // Live entries are [head, tail); the arrays keep their capacity so a steady state allocates nothing.
  private readonly times: number[] = [];
  private readonly values: number[] = [];
  private head = 0;
  private tail = 0;

  constructor(private readonly kind: 'max' | 'min') {}

  push(time: number, value: number): void {
    const values = this.values;
    let tail = this.tail;
    // A newer entry at least as extreme makes the older ones irrelevant: they leave the window first.
    if (this.kind === 'max') while (tail > this.head && (values[tail - 1] as number) <= value) tail--;
    else while (tail > this.head && (values[tail - 1] as number) >= value) tail--;
    this.times[tail] = time;
    values[tail] = value;
    this.tail = tail + 1;
  }

  /** Drops entries before `cutoff` (or at it, unless `inclusive`): they left the window for good. */
  dropBefore(cutoff: number, inclusive: boolean): void {
    const times = this.times;
    const tail = this.tail;
    let head = this.head;
    while (head < tail && ((times[head] as number) < cutoff || (!inclusive && times[head] === cutoff))) head++;
    if (head === tail) {
      this.head = 0;
      this.tail = 0;
    } else if (head > 64 && head * 2 > tail) {
      times.copyWithin(0, head, tail);
      this.values.copyWithin(0, head, tail);
      this.tail = tail - head;
      this.head = 0;
    } else this.head = head;
  }

  /**
   * The extremum of `initial` and every entry inside the window: `time > cutoff`, or `time >= cutoff` when
   * `inclusive`.
   */
  query(cutoff: number, inclusive: boolean, initial: number): number {
    this.dropBefore(cutoff, inclusive);
    if (this.head === this.tail) return initial;
    const best = this.values[this.head] as number;
    return this.kind === 'max' ? Math.max(best, initial) : Math.min(best, initial);
  }
}

/**
 * The HPA's recommendation list, kept time-ordered in two parallel arrays with a moving head, plus two
 * monotonic deques for the window max (scale-down / legacy window) and min (scale-up window).
 * Entries older than every window can never count again (time only moves forward), so they are dropped
 * instead of being reused in place as upstream does; every stabilized value is the same.
 */
export class RecommendationHistory {
  times: number[] = [];
  replicas: number[] = [];
  head = 0;
  private readonly windowMax = new WindowExtremum('max');
  private readonly windowMin = new WindowExtremum('min');

  /** Drops entries before `cutoff` (or at it, when `inclusive`) from the front: they are outside every window. */
  prune(cutoff: number, inclusive: boolean): void {
    // The deques too: the legacy path never queries the min deque, which would otherwise only grow.
    this.windowMax.dropBefore(cutoff, !inclusive);
    this.windowMin.dropBefore(cutoff, !inclusive);
    const times = this.times;
    let head = this.head;
    while (head < times.length && ((times[head] as number) < cutoff || (inclusive && times[head] === cutoff))) head++;
    this.head = head;
    if (head > 64 && head * 2 > times.length) {
      times.copyWithin(0, head);
      this.replicas.copyWithin(0, head);
      times.length -= head;
      this.replicas.length -= head;
      this.head = 0;
    }
  }

  push(timestamp: number, replicas: number): void {
    this.times.push(timestamp);
    this.replicas.push(replicas);
    this.windowMax.push(timestamp, replicas);
    this.windowMin.push(timestamp, replicas);
  }

  /** Legacy stabilization: max of `desired` and every entry with `t >= cutoff` (Go: not Before). */
  maxSince(cutoff: number, initial: number): number {
    return this.windowMax.query(cutoff, true, initial);
  }

  /** Behavior stabilization: `min(max(current, minUp), maxDown)` over the strict windows (`t > now - W`). */
  stabilize(now: number, current: number, desired: number, upWindowMs: number, downWindowMs: number): number {
    const up = this.windowMin.query(now - upWindowMs, false, desired);
    const down = this.windowMax.query(now - downWindowMs, false, desired);
    let rec = current;
    if (rec < up) rec = up;
    if (rec > down) rec = down;
    return rec;
  }

  toJSON(): { timestamp: number; replicas: number }[] {
    const out: { timestamp: number; replicas: number }[] = [];
    for (let i = this.head; i < this.times.length; i++) {
      out.push({ timestamp: this.times[i] as number, replicas: this.replicas[i] as number });
    }
    return out;
  }
}

/** Copies scale events for a snapshot. */
export function copyEvents(
  events: readonly ScaleEvent[],
): { timestamp: number; replicaChange: number; outdated: boolean }[] {
  return events.map((e) => ({ timestamp: e.timestamp, replicaChange: e.replicaChange, outdated: e.outdated === true }));
}
