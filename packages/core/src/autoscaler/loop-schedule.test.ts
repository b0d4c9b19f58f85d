import { FakeClock } from '@scalerkit/testing';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../clock.js';
import { LoopSchedule } from './loop-schedule.js';

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
