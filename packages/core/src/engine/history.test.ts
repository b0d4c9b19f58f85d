import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecommendationHistory } from './history.js';

// The deque-based windows must give exactly what a scan of every stored recommendation gives.
function scan(
  entries: Array<[number, number]>,
  now: number,
  current: number,
  desired: number,
  up: number,
  down: number,
) {
  let min = desired;
  let max = desired;
  for (const [t, r] of entries) {
    if (t > now - up && r < min) min = r;
    if (t > now - down && r > max) max = r;
  }
  return Math.min(Math.max(current, min), max);
}

const steps = fc.array(
  fc.record({
    dt: fc.integer({ min: 0, max: 40_000 }),
    current: fc.integer({ min: 0, max: 30 }),
    desired: fc.integer({ min: 0, max: 30 }),
  }),
  { maxLength: 200 },
);

describe('RecommendationHistory (monotonic deques)', () => {
  it('behavior windows equal a full scan, whatever the spacing and values', () => {
    fc.assert(
      fc.property(steps, fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 300 }), (list, upS, downS) => {
        const history = new RecommendationHistory();
        const all: Array<[number, number]> = [];
        let now = 0;
        for (const { dt, current, desired } of list) {
          now += dt;
          history.prune(now - Math.max(upS, downS) * 1000, true);
          const got = history.stabilize(now, current, desired, upS * 1000, downS * 1000);
          expect(got).toBe(scan(all, now, current, desired, upS * 1000, downS * 1000));
          history.push(now, desired);
          all.push([now, desired]);
        }
      }),
    );
  });

  it('the legacy window (t >= now - W) equals a full scan, and the snapshot keeps what is inside', () => {
    fc.assert(
      fc.property(steps, fc.integer({ min: 0, max: 300 }), (list, windowS) => {
        const history = new RecommendationHistory();
        const all: Array<[number, number]> = [];
        let now = 0;
        for (const { dt, desired } of list) {
          now += dt;
          const cutoff = now - windowS * 1000;
          history.prune(cutoff, false);
          const expected = all.filter(([t]) => t >= cutoff).reduce((m, [, r]) => Math.max(m, r), desired);
          expect(history.maxSince(cutoff, desired)).toBe(expected);
          history.push(now, desired);
          all.push([now, desired]);
        }
        const cutoff = now - windowS * 1000;
        expect(history.toJSON()).toEqual(
          all.filter(([t]) => t >= cutoff).map(([timestamp, replicas]) => ({ timestamp, replicas })),
        );
      }),
    );
  });
});
