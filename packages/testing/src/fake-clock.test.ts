import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.js';

describe('FakeClock', () => {
  it('starts at the given time and moves only when advanced', async () => {
    const clock = new FakeClock(1_000);
    expect(clock.now()).toBe(1_000);
    await clock.advance(250);
    expect(clock.now()).toBe(1_250);
    expect(new FakeClock().now()).toBe(0);
  });

  it('runs due timers in time order, at their due time, and FIFO among equal due times', async () => {
    const clock = new FakeClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 300);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
    clock.setTimeout(() => fired.push(`b1@${clock.now()}`), 200);
    clock.setTimeout(() => fired.push(`b2@${clock.now()}`), 200);
    await clock.advance(250);
    expect(fired).toEqual(['a@100', 'b1@200', 'b2@200']);
    expect(clock.now()).toBe(250);
    expect(clock.pendingTimers).toBe(1);
    expect(clock.nextTimerAt()).toBe(300);
  });

  it('runs timers scheduled by callbacks within the window, and not those beyond it', async () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    const tick = () => {
      fired.push(clock.now());
      clock.setTimeout(tick, 100);
    };
    clock.setTimeout(tick, 100);
    await clock.advance(350);
    expect(fired).toEqual([100, 200, 300]);
    expect(clock.nextTimerAt()).toBe(400);
  });

  it('lets promise chains progress between timers, so a timer scheduled after an await still fires', async () => {
    const clock = new FakeClock();
    const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
    const seen: number[] = [];
    const loop = (async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(10);
        await Promise.resolve();
        seen.push(clock.now());
      }
    })();
    await clock.advance(30);
    await loop;
    expect(seen).toEqual([10, 20, 30]);
  });

  it('treats negative and NaN delays as 0 and runs them on advance(0)', async () => {
    const clock = new FakeClock(5);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(1), -10);
    clock.setTimeout(() => fired.push(2), Number.NaN);
    await clock.advance(0);
    expect(fired).toEqual([1, 2]);
    expect(clock.now()).toBe(5);
  });

  it('clearTimeout removes a pending timer and ignores unknown handles', async () => {
    const clock = new FakeClock();
    let fired = false;
    const handle = clock.setTimeout(() => {
      fired = true;
    }, 10);
    expect(clock.pendingTimers).toBe(1);
    clock.clearTimeout(handle);
    clock.clearTimeout(12345);
    clock.clearTimeout(undefined);
    expect(clock.pendingTimers).toBe(0);
    expect(clock.nextTimerAt()).toBeUndefined();
    await clock.advance(100);
    expect(fired).toBe(false);
  });

  it('advanceSync runs due timers without flushing promise jobs', () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 10);
    clock.setTimeout(() => fired.push(clock.now()), 30);
    clock.advanceSync(20);
    expect(fired).toEqual([10]);
    expect(clock.now()).toBe(20);
  });

  it('runAll runs every timer, moving time to the last one', async () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 1_000);
    }, 500);
    await clock.runAll();
    expect(fired).toEqual([500, 1_500]);
    expect(clock.now()).toBe(1_500);
    expect(clock.pendingTimers).toBe(0);
  });

  it('runAll refuses to spin forever on a self re-arming timer', async () => {
    const clock = new FakeClock(0, { maxTimers: 5 });
    const tick = () => clock.setTimeout(tick, 1);
    clock.setTimeout(tick, 1);
    await expect(clock.runAll()).rejects.toThrow('FakeClock.runAll: still 1 timer(s) pending after 5');
  });

  it('rejects moving time backwards or by a non-finite amount', async () => {
    const clock = new FakeClock(100);
    await expect(clock.advance(-1)).rejects.toThrow(RangeError);
    await expect(clock.advance(Number.POSITIVE_INFINITY)).rejects.toThrow(RangeError);
    await expect(clock.advanceTo(50)).rejects.toThrow('time must be >= now (100), got 50');
    expect(() => clock.advanceSync(-1)).toThrow(RangeError);
    expect(() => new FakeClock(Number.NaN)).toThrow(RangeError);
  });
});
