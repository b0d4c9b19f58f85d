import { FakeClock } from '@scalerkit/testing';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../engine/index.js';
import { InMemoryScaleTarget } from './scale-target.js';

const decision = { desiredReplicas: 3, reason: 'test' } as unknown as Decision;

describe('InMemoryScaleTarget', () => {
  it('starts at 0 replicas by default, all ready', async () => {
    expect(await new InMemoryScaleTarget().getReplicas()).toEqual({ replicas: 0, readyReplicas: 0 });
    expect(await new InMemoryScaleTarget({ replicas: 2, readyDelayMs: 5_000 }).getReplicas()).toEqual({
      replicas: 2,
      readyReplicas: 2,
    });
  });

  it('records each change with its time and decision, and ignores a no-op', async () => {
    const clock = new FakeClock(1_000);
    const target = new InMemoryScaleTarget({ replicas: 1, clock });
    await target.setReplicas(3, decision);
    await target.setReplicas(3, decision);
    await clock.advance(500);
    target.scaleTo(0);
    expect(target.history).toEqual([
      { at: 1_000, from: 1, to: 3, decision },
      { at: 1_500, from: 3, to: 0 },
    ]);
  });

  it('makes new replicas ready after readyDelayMs, and follows at once without a delay', async () => {
    const clock = new FakeClock();
    const delayed = new InMemoryScaleTarget({ replicas: 1, readyDelayMs: 10_000, clock });
    await delayed.setReplicas(4, decision);
    expect(await delayed.getReplicas()).toEqual({ replicas: 4, readyReplicas: 1 });
    await clock.advance(9_999);
    expect(delayed.readyReplicas).toBe(1);
    await clock.advance(1);
    expect(delayed.readyReplicas).toBe(4);
    expect(clock.pendingTimers).toBe(0);

    const instant = new InMemoryScaleTarget({ clock });
    await instant.setReplicas(2, decision);
    expect(await instant.getReplicas()).toEqual({ replicas: 2, readyReplicas: 2 });
  });

  it('removes not-ready replicas first when scaling in', async () => {
    const clock = new FakeClock();
    const target = new InMemoryScaleTarget({ replicas: 2, readyDelayMs: 10_000, clock });
    target.scaleTo(5);
    target.scaleTo(3);
    expect(await target.getReplicas()).toEqual({ replicas: 3, readyReplicas: 2 });
    target.scaleTo(1);
    expect(await target.getReplicas()).toEqual({ replicas: 1, readyReplicas: 1 });
  });

  it.each([
    [-1, 'InMemoryScaleTarget: replicas must be an integer >= 0, got -1'],
    [1.5, 'InMemoryScaleTarget: replicas must be an integer >= 0, got 1.5'],
    [Number.NaN, 'InMemoryScaleTarget: replicas must be an integer >= 0, got NaN'],
  ])('refuses %s replicas', async (replicas, message) => {
    await expect(new InMemoryScaleTarget().setReplicas(replicas, decision)).rejects.toThrow(message);
    expect(() => new InMemoryScaleTarget({ replicas })).toThrow(message);
  });

  it('refuses a negative readyDelayMs', () => {
    expect(() => new InMemoryScaleTarget({ readyDelayMs: -5 })).toThrow(
      'InMemoryScaleTarget: readyDelayMs must be a number >= 0, got -5',
    );
  });

  it('keeps the last historyLimit changes (default 1000) and counts them all', () => {
    const clock = new FakeClock();
    const target = new InMemoryScaleTarget({ clock });
    for (let change = 1; change <= 2_500; change++) target.scaleTo(change % 2);
    expect([target.history.length, target.changeCount]).toEqual([1_000, 2_500]);
    expect(target.history[0]).toEqual({ at: 0, from: 0, to: 1 }); // change 1501
    const small = new InMemoryScaleTarget({ clock, historyLimit: 2 });
    for (const replicas of [1, 2, 3]) small.scaleTo(replicas);
    expect(small.history.map(({ from, to }) => [from, to])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    const none = new InMemoryScaleTarget({ clock, historyLimit: 0 });
    none.scaleTo(4);
    expect([none.history, none.changeCount, none.replicas]).toEqual([[], 1, 4]);
    const all = new InMemoryScaleTarget({ clock, historyLimit: Number.POSITIVE_INFINITY });
    for (let change = 1; change <= 1_500; change++) all.scaleTo(change % 2);
    expect(all.history).toHaveLength(1_500);
  });

  it.each([
    [-1, '-1'],
    [1.5, '1.5'],
    [Number.NaN, 'NaN'],
    ['10', 'string'],
  ])('refuses historyLimit %s', (historyLimit, shown) => {
    expect(() => new InMemoryScaleTarget({ historyLimit: historyLimit as number })).toThrow(
      `InMemoryScaleTarget: historyLimit must be an integer >= 0 or Infinity, got ${shown}`,
    );
  });

  it('refuses a replica count without toString with its typed error', async () => {
    await expect(new InMemoryScaleTarget().setReplicas(Object.create(null), decision)).rejects.toThrow(
      'InMemoryScaleTarget: replicas must be an integer >= 0, got [object Object]',
    );
  });
});
