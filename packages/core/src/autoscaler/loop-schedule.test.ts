import { FakeClock } from '@scalerkit/testing';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../clock.js';
import { autoscalerLoops, LoopCadence, LoopSchedule } from './loop-schedule.js';

/** A loop that records when it starts and takes `durationMs` on the clock. */
function timedLoop(clock: FakeClock, name: string, periodMs: number, durationMs = 0) {
  const starts: number[] = [];
  return {
    starts,
    loop: {
      name,
      periodMs,
      run: () => {
        starts.push(clock.now());
        return new Promise<void>((resolve) => {
          clock.setTimeout(resolve, durationMs);
        });
      },
    },
  };
}

describe('LoopSchedule', () => {
  it('runNow refuses a loop it does not have', async () => {
    const schedule = new LoopSchedule(new FakeClock(), []);
    await expect(schedule.runNow('poll')).rejects.toThrow('LoopSchedule: no loop named "poll"');
  });

  it('a slow loop restarts when it ends (KEDA arms the next tick before the check) without moving the other loop', async () => {
    const clock = new FakeClock();
    const slow = timedLoop(clock, 'poll', 10_000, 15_000);
    const other = timedLoop(clock, 'hpa', 25_000);
    const schedule = new LoopSchedule(clock, [other.loop, slow.loop]);
    schedule.start();
    await clock.advance(60_000);
    schedule.stop();
    const settled = schedule.settled();
    await clock.advance(15_000); // the iteration started at 60 s ends; no successor
    await settled;
    expect(slow.starts).toEqual([0, 15_000, 30_000, 45_000, 60_000]);
    expect(other.starts).toEqual([0, 25_000, 50_000]);
  });

  it('a timer that still fires after stop() (a clock that cannot cancel) starts nothing', async () => {
    const fake = new FakeClock();
    const clock: Clock = {
      now: () => fake.now(),
      setTimeout: (callback, ms) => fake.setTimeout(callback, ms),
      clearTimeout: () => {},
    };
    const loop = timedLoop(fake, 'poll', 10_000);
    const schedule = new LoopSchedule(clock, [loop.loop]);
    schedule.start();
    await fake.advance(0);
    schedule.stop();
    await fake.advance(30_000);
    expect(loop.starts).toEqual([0]);
  });
});

describe('LoopCadence (the timing LoopSchedule and simulate share)', () => {
  it('lists the HPA sync before the poll, and only the poll in merged mode', () => {
    expect(autoscalerLoops(30_000)).toEqual([
      { name: 'hpa', periodMs: 15_000 },
      { name: 'poll', periodMs: 30_000 },
    ]);
    expect(autoscalerLoops(10_000, 0)).toEqual([{ name: 'poll', periodMs: 10_000 }]);
  });

  it('makes every loop due at the start, then once per period, in the order given when due together', () => {
    const cadence = new LoopCadence(autoscalerLoops(10_000, 15_000));
    expect(cadence.nextDueAt()).toBeUndefined();
    cadence.start(0);
    const due: [number, readonly string[]][] = [];
    for (let now = 0; now <= 30_000; now = cadence.nextDueAt()!) due.push([now, cadence.takeDue(now)]);
    expect(due).toEqual([
      [0, ['hpa', 'poll']],
      [10_000, ['poll']],
      [15_000, ['hpa']],
      [20_000, ['poll']],
      [30_000, ['hpa', 'poll']],
    ]);
    expect(cadence.takeDue(30_000)).toEqual([]);
  });

  it('keeps the period grid when asked late: one run for the missed due times, the next at the next grid point', () => {
    const cadence = new LoopCadence([{ name: 'poll', periodMs: 10_000 }]);
    cadence.start(0);
    expect(cadence.takeDue(0)).toEqual(['poll']);
    expect(cadence.takeDue(9_999)).toEqual([]);
    expect(cadence.takeDue(34_000)).toEqual(['poll']);
    expect(cadence.nextDueAt()).toBe(40_000);
  });

  it('holds a loop until restarted one period after its late end, and stops every loop', () => {
    const cadence = new LoopCadence(autoscalerLoops(10_000, 15_000));
    cadence.start(0);
    cadence.takeDue(0);
    cadence.hold('poll');
    expect(cadence.nextDueAt()).toBe(15_000);
    cadence.restart('poll', 17_000);
    expect(cadence.takeDue(27_000)).toEqual(['hpa', 'poll']); // the HPA was due at 15 s, the poll at 27 s
    expect(cadence.nextDueAt()).toBe(30_000); // the HPA's grid; the poll's next is 37 s
    cadence.stop();
    expect(cadence.nextDueAt()).toBeUndefined();
    expect(() => cadence.hold('nope' as 'poll')).toThrow('LoopCadence: no loop named "nope"');
  });

  it('refuses a period that is not a positive number of ms', () => {
    for (const periodMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new LoopCadence([{ name: 'poll', periodMs }])).toThrow(
        `LoopCadence: loop "poll" needs a period > 0 ms, got ${periodMs}`,
      );
    }
  });
});
