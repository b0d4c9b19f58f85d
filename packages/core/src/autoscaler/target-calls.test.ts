import { FakeClock } from '@scalerkit/testing';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../engine/index.js';
import type { ScaleTarget } from './scale-target.js';
import { BoundedTarget } from './target-calls.js';

const decision = {} as Decision;

function bounded(target: Partial<ScaleTarget>, timeoutMs = 1_000) {
  const clock = new FakeClock();
  const stop = new AbortController();
  const calls = new BoundedTarget(
    { getReplicas: async () => ({ replicas: 1 }), setReplicas: async () => {}, ...target },
    { timeoutMs, clock, signal: stop.signal },
  );
  return { clock, stop, calls };
}

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ['resolved', value],
    (error: { code?: string; message?: string }) => ['rejected', error.code ?? error, error.message],
  );

describe('BoundedTarget', () => {
  it('passes answers and the target’s own failures through unchanged', async () => {
    const failure = new Error('apiserver down');
    const { calls } = bounded({ setReplicas: () => Promise.reject(failure) });
    expect(await calls.getReplicas()).toEqual({ replicas: 1 });
    await expect(calls.setReplicas(2, decision)).rejects.toBe(failure);
  });

  it('turns a synchronous throw into a rejection', async () => {
    const { calls } = bounded({
      getReplicas: () => {
        throw new Error('sync');
      },
    });
    await expect(calls.getReplicas()).rejects.toThrow('sync');
  });

  it('ignores a late answer after the deadline, and calls again once the abandoned call has returned', async () => {
    let answer: (value: { replicas: number }) => void = () => {};
    let count = 0;
    const { clock, calls } = bounded({
      getReplicas: () => {
        count += 1;
        return count === 1 ? new Promise((resolve) => (answer = resolve)) : Promise.resolve({ replicas: 7 });
      },
    });
    const first = outcome(calls.getReplicas());
    await clock.advance(1_000);
    expect(await first).toEqual(['rejected', 'TIMEOUT', 'target.getReplicas() did not answer within 1000 ms']);
    expect(await outcome(calls.getReplicas())).toEqual([
      'rejected',
      'TIMEOUT',
      'target.getReplicas() not called: an earlier getReplicas() abandoned at its 1000 ms deadline has not returned',
    ]);
    answer({ replicas: 3 });
    await clock.flush();
    expect(await calls.getReplicas()).toEqual({ replicas: 7 });
    expect(count).toBe(2);
  });

  it('ignores a late failure after the deadline too', async () => {
    let fail: (error: Error) => void = () => {};
    let count = 0;
    const { clock, calls } = bounded({
      setReplicas: () => {
        count += 1;
        return count === 1 ? new Promise<void>((_, reject) => (fail = reject)) : Promise.reject(new Error('again'));
      },
    });
    const first = outcome(calls.setReplicas(2, decision));
    await clock.advance(1_000);
    fail(new Error('late'));
    await clock.flush();
    expect(await first).toEqual(['rejected', 'TIMEOUT', 'target.setReplicas(2) did not answer within 1000 ms']);
    await expect(calls.setReplicas(3, decision)).rejects.toThrow('again');
  });

  it('has no deadline with timeoutMs 0, and the stop signal still cancels', async () => {
    const { clock, stop, calls } = bounded({ setReplicas: () => new Promise<void>(() => {}) }, 0);
    const pending = outcome(calls.setReplicas(4, decision));
    await clock.advance(3_600_000);
    expect(clock.pendingTimers).toBe(0);
    stop.abort();
    expect(await pending).toEqual([
      'rejected',
      'ABORTED',
      'target.setReplicas(4) cancelled: the autoscaler is stopping',
    ]);
    expect(await outcome(calls.getReplicas())).toEqual([
      'rejected',
      'ABORTED',
      'target.getReplicas() cancelled: the autoscaler is stopping',
    ]);
  });
});
