import { FakeClock } from '@scalerkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  formatMicroTime,
  type LeaderElectionRecord,
  LeaderElector,
  type LeaderElectorOptions,
  rawRecord,
  type ResourceLock,
} from './leader-election.js';

/**
 * One Lease held in memory, with the API server's optimistic concurrency: every write bumps the version, an
 * update over an older version fails. Each `lock()` is one replica's view (its own last-seen version), and a
 * replica can be partitioned (its calls fail).
 */
class LeaseStore {
  record: LeaderElectionRecord | undefined;
  version = 0;
  writes: { by: string; record: LeaderElectionRecord }[] = [];
  readonly partitioned = new Set<string>();

  lock(replica: string): ResourceLock {
    let seen: number | undefined;
    const check = (signal: AbortSignal): void => {
      if (signal.aborted) throw new Error('aborted');
      if (this.partitioned.has(replica)) throw new Error(`connect ECONNREFUSED (${replica} partitioned)`);
    };
    return {
      describe: () => 'default/test-lease',
      get: async (signal) => {
        check(signal);
        if (!this.record) return undefined;
        seen = this.version;
        return { record: { ...this.record }, raw: rawRecord(this.record) };
      },
      create: async (record, signal) => {
        check(signal);
        if (this.record) throw new Error('409 AlreadyExists');
        this.record = { ...record };
        this.version++;
        seen = this.version;
        this.writes.push({ by: replica, record: { ...record } });
      },
      update: async (record, signal) => {
        check(signal);
        if (seen !== this.version) throw new Error('409 Conflict: the object has been modified');
        this.record = { ...record };
        this.version++;
        seen = this.version;
        this.writes.push({ by: replica, record: { ...record } });
      },
    };
  }
}

interface Replica {
  elector: LeaderElector;
  stop: AbortController;
  done: Promise<void>;
  /** Virtual times at which it started and stopped leading. */
  started: number[];
  stopped: number[];
  leaders: string[];
  stoppedLeadingCalls: number;
}

const running: Replica[] = [];

function replica(
  store: LeaseStore,
  clock: FakeClock,
  identity: string,
  options: Partial<LeaderElectorOptions> = {},
): Replica {
  const stop = new AbortController();
  const self: Replica = {
    elector: undefined as unknown as LeaderElector,
    stop,
    done: Promise.resolve(),
    started: [],
    stopped: [],
    leaders: [],
    stoppedLeadingCalls: 0,
  };
  self.elector = new LeaderElector({
    leaseName: 'test-lease',
    identity,
    lock: store.lock(identity),
    clock,
    random: () => 0,
    onStartedLeading: (signal) => {
      self.started.push(clock.now());
      signal.addEventListener('abort', () => self.stopped.push(clock.now()), { once: true });
    },
    onStoppedLeading: () => {
      self.stoppedLeadingCalls++;
    },
    onNewLeader: (leader) => self.leaders.push(leader),
    ...options,
  });
  self.done = self.elector.run(stop.signal);
  running.push(self);
  return self;
}

afterEach(async () => {
  for (const each of running.splice(0)) each.stop.abort();
});

/** Intervals [start, stop) during which each replica acted; true when two overlap. */
function overlaps(replicas: Replica[], end: number): boolean {
  const intervals = replicas.flatMap((each) =>
    each.started.map((start, index) => [start, each.stopped[index] ?? end] as const),
  );
  return intervals.some(([a0, a1], i) => intervals.some(([b0, b1], j) => i !== j && a0 < b1 && b0 < a1));
}

describe('LeaderElector (client-go tools/leaderelection semantics)', () => {
  it('creates the Lease with its identity, 15 s duration and no transitions, and starts leading at once', async () => {
    const clock = new FakeClock(1_000_000);
    const store = new LeaseStore();
    const a = replica(store, clock, 'a');
    await clock.advance(0);
    expect(a.started).toEqual([1_000_000]);
    expect(store.record).toEqual({
      holderIdentity: 'a',
      leaseDurationSeconds: 15,
      acquireTime: 1_000_000,
      renewTime: 1_000_000,
      leaseTransitions: 0,
    });
    expect(a.elector.isLeader()).toBe(true);
  });

  it('renews every retryPeriod keeping acquireTime and transitions; a follower never acquires meanwhile', async () => {
    const clock = new FakeClock(0);
    const store = new LeaseStore();
    const a = replica(store, clock, 'a');
    await clock.advance(0);
    const b = replica(store, clock, 'b');
    await clock.advance(60_000);
    expect(b.started).toEqual([]);
    expect(b.elector.getLeader()).toBe('a');
    const renewals = store.writes.filter((write) => write.by === 'a');
    // created at 0, renewed at once (client-go's renew loop starts with an attempt), then every 2 s
    expect(renewals.map((write) => write.record.renewTime)).toEqual([
      0,
      ...Array.from({ length: 31 }, (_, index) => index * 2000),
    ]);
    expect(store.record).toMatchObject({ holderIdentity: 'a', acquireTime: 0, leaseTransitions: 0 });
    expect(store.writes.some((write) => write.by === 'b')).toBe(false);
    expect(a.stopped).toEqual([]);
  });

  it('a stopped leader releases the lease and the follower takes it at its next attempt, one transition later', async () => {
    const clock = new FakeClock(0);
    const store = new LeaseStore();
    const a = replica(store, clock, 'a');
    await clock.advance(0);
    const b = replica(store, clock, 'b');
    await clock.advance(10_000);
    a.stop.abort();
    await a.done;
    expect(store.record).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1, leaseTransitions: 0 });
    expect(a.stopped).toEqual([10_000]);
    expect(a.stoppedLeadingCalls).toBe(1);
    // b tried at 10 s before the release; it tries every retryPeriod (jitter 0 here) and takes it at 12 s.
    await clock.advance(2_000);
    expect(b.started).toEqual([12_000]);
    expect(store.record).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1, acquireTime: 12_000 });
    expect(overlaps([a, b], clock.now())).toBe(false);
  });

  it('without releaseOnCancel the follower waits leaseDuration from its last sight of a change', async () => {
    const clock = new FakeClock(0);
    const store = new LeaseStore();
    const a = replica(store, clock, 'a', { releaseOnCancel: false });
    await clock.advance(0);
    const b = replica(store, clock, 'b');
    await clock.advance(9_000);
    a.stop.abort();
    await a.done;
    // a's last renewal was at 8 s; b saw it on its attempt at 8 s and takes over once 15 s have passed since.
    await clock.advance(30_000);
    expect(store.record?.holderIdentity).toBe('b');
    expect(b.started).toEqual([24_000]);
  });

  it('a partitioned leader stops leading within retryPeriod + renewDeadline, before a follower may take over', async () => {
    const clock = new FakeClock(0);
    const store = new LeaseStore();
    const a = replica(store, clock, 'a');
    await clock.advance(0);
    const b = replica(store, clock, 'b');
    await clock.advance(4_000); // a renewed at 0, 2 s and 4 s
    store.partitioned.add('a');
    await clock.advance(60_000);
    // Renewal attempts from 6 s fail; the renew deadline ends at 6 s + 10 s.
    expect(a.stopped).toEqual([16_000]);
    await a.done;
    expect(a.elector.isLeader()).toBe(true); // it could not write its release: the record it saw still names it
    // b last saw a change at 4 s and takes the lease once 15 s have passed: after a stopped.
    expect(b.started).toEqual([20_000]);
    expect(b.started[0]).toBeGreaterThan(a.stopped[0]!);
    expect(overlaps([a, b], clock.now())).toBe(false);
    expect(store.record).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
  });

  it('a renewal that succeeds again within renewDeadline keeps leadership', async () => {
    const clock = new FakeClock(0);
    const store = new LeaseStore();
    const a = replica(store, clock, 'a');
    await clock.advance(2_000);
    store.partitioned.add('a');
    await clock.advance(7_000); // attempts at 4, 6, 8 s fail
    store.partitioned.delete('a');
    await clock.advance(20_000);
    expect(a.stopped).toEqual([]);
    expect(store.record).toMatchObject({ holderIdentity: 'a', acquireTime: 0, leaseTransitions: 0 });
  });

  it('of two replicas started together exactly one leads (optimistic concurrency on the create and updates)', async () => {
    const clock = new FakeClock(0);
    const store = new LeaseStore();
    const a = replica(store, clock, 'a');
    const b = replica(store, clock, 'b');
    await clock.advance(30_000);
    expect(a.started.length + b.started.length).toBe(1);
    expect(overlaps([a, b], clock.now())).toBe(false);
  });

  it('reports each new leader once, including an empty holder after a release', async () => {
    const clock = new FakeClock(0);
    const store = new LeaseStore();
    const a = replica(store, clock, 'a');
    await clock.advance(0);
    const b = replica(store, clock, 'b');
    await clock.advance(4_000);
    a.stop.abort();
    await a.done;
    await clock.advance(4_000);
    expect(a.leaders).toEqual(['a', '']);
    expect(b.leaders).toEqual(['a', 'b']);
  });

  it('calls onStoppedLeading when stopped while following, as client-go does', async () => {
    const clock = new FakeClock(0);
    const store = new LeaseStore();
    replica(store, clock, 'a');
    await clock.advance(0);
    const b = replica(store, clock, 'b');
    await clock.advance(3_000);
    b.stop.abort();
    await b.done;
    expect(b.started).toEqual([]);
    expect(b.stoppedLeadingCalls).toBe(1);
  });

  it('waits for the leading work to finish before it releases the lease', async () => {
    const clock = new FakeClock(0);
    const store = new LeaseStore();
    let finishWork!: () => void;
    const a = replica(store, clock, 'a', {
      onStartedLeading: (signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            finishWork = resolve;
          });
        }),
    });
    await clock.advance(0);
    a.stop.abort();
    await clock.advance(0);
    expect(store.record?.holderIdentity).toBe('a');
    finishWork();
    await a.done;
    expect(store.record?.holderIdentity).toBe('');
  });

  it('check() fails when it believes it leads but has not renewed for leaseDuration + tolerance', async () => {
    const clock = new FakeClock(0);
    const store = new LeaseStore();
    let unblock!: () => void;
    const blocked = new Promise<void>((resolve) => {
      unblock = resolve;
    });
    const lock = store.lock('a');
    const a = replica(store, clock, 'a', {
      lock: {
        ...lock,
        // A renewal that hangs regardless of its signal: a stuck process.
        update: async (record, signal) => {
          if (record.renewTime > 0) await blocked;
          return lock.update(record, signal);
        },
      },
    });
    await clock.advance(0);
    expect(a.elector.check(5_000)).toBeUndefined();
    await clock.advance(21_000);
    expect(a.elector.check(5_000)?.message).toBe(
      'LeaderElector: failed to renew leadership of lease default/test-lease',
    );
    unblock();
  });

  it.each([
    [
      { leaseDurationMs: 10_000, renewDeadlineMs: 10_000 },
      'leaseDurationMs (10000) must be greater than renewDeadlineMs (10000)',
    ],
    [{ renewDeadlineMs: 2_400 }, 'renewDeadlineMs (2400) must be greater than retryPeriodMs × 1.2 (2400)'],
    [{ retryPeriodMs: 0 }, 'retryPeriodMs must be a number of milliseconds > 0, got 0'],
    [{ leaseDurationMs: 900, renewDeadlineMs: 500, retryPeriodMs: 100 }, 'leaseDurationMs must be at least 1000'],
    [{ identity: '' }, 'identity must be a non-empty string'],
    [{ leaseName: 'Not_A_Name', lock: undefined }, 'leaseName must be a Kubernetes object name, got "Not_A_Name"'],
  ] as [Partial<LeaderElectorOptions>, string][])('rejects %o', (options, message) => {
    const store = new LeaseStore();
    expect(
      () =>
        new LeaderElector({
          leaseName: 'test-lease',
          lock: store.lock('a'),
          onStartedLeading: () => {},
          ...options,
        }),
    ).toThrow(message);
  });

  it('writes Lease times as metav1.MicroTime (six fraction digits)', () => {
    expect(formatMicroTime(Date.UTC(2026, 11, 2, 17, 6, 1, 123))).toBe('2026-12-02T17:06:01.123000Z');
  });
});
