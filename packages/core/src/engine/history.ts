import type { ScaleEvent } from '../hpa/types.js';

/**
 * The HPA's recommendation list, kept time-ordered in two parallel arrays with a moving head.
 * Entries older than both stabilization windows can never count again (time only moves forward), so they
 * are dropped instead of being reused in place as upstream does; every stabilized value is the same.
 */
export class RecommendationHistory {
  times: number[] = [];
  replicas: number[] = [];
  head = 0;

  get size(): number {
    return this.times.length - this.head;
  }

  /** Drops entries before `cutoff` (or at it, when `inclusive`) from the front: they are outside every window. */
  prune(cutoff: number, inclusive: boolean): void {
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
  }

  clear(): void {
    this.times.length = 0;
    this.replicas.length = 0;
    this.head = 0;
  }

  /** Legacy stabilization: max of `desired` and every entry with `t >= now - window`. */
  maxSince(cutoff: number, initial: number): number {
    let max = initial;
    for (let i = this.head; i < this.times.length; i++) {
      if ((this.times[i] as number) >= cutoff && (this.replicas[i] as number) > max) max = this.replicas[i] as number;
    }
    return max;
  }

  /** Behavior stabilization: `min(max(current, minUp), maxDown)` over the strict windows. */
  stabilize(now: number, current: number, desired: number, upWindowMs: number, downWindowMs: number): number {
    const upCut = now - upWindowMs;
    const downCut = now - downWindowMs;
    let up = desired;
    let down = desired;
    const times = this.times;
    const reps = this.replicas;
    for (let i = this.head; i < times.length; i++) {
      const t = times[i] as number;
      const r = reps[i] as number;
      if (t > upCut && r < up) up = r;
      if (t > downCut && r > down) down = r;
    }
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
