import { ScalerError } from '@scalerkit/core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { KubernetesClient } from './kube-client.js';
import { LeaderElector, type LeaderElectorOptions } from './leader-election.js';
import { KubernetesScaleTarget } from './scale-target.js';
import {
  adminClient,
  apps,
  createDeployment,
  createNamespace,
  deleteNamespaces,
  describeWithKubernetes,
  eventually,
  getObject,
  interceptedClient,
} from './test-support.js';

// Short timings keep the tests quick; the ratios are client-go's (15 s / 10 s / 2 s). bench/kubernetes measures
// the defaults.
const timings = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 400 };

interface Candidate {
  identity: string;
  elector: LeaderElector;
  stop: AbortController;
  done: Promise<void>;
  /** Wall-clock intervals [start, end) during which it acted as leader. */
  terms: { start: number; end?: number }[];
  partitioned: boolean;
  /** Replica counts it wrote while leading. */
  writes: { at: number; replicas: number }[];
}

const candidates: Candidate[] = [];

describeWithKubernetes('LeaderElector against a real API server (coordination.k8s.io/v1 Leases)', () => {
  let namespace: string;
  let admin: KubernetesClient;
  beforeAll(async () => {
    namespace = await createNamespace('leader-election-');
    admin = await adminClient();
  });
  afterEach(async () => {
    for (const candidate of candidates.splice(0)) {
      candidate.stop.abort();
      await candidate.done;
    }
  });
  afterAll(() => deleteNamespaces());

  /** A replica of a controller: while leading, it keeps scaling `workload` to `replicas` every 100 ms. */
  function candidate(
    identity: string,
    lease: string,
    workload: string,
    replicas: number,
    options: Partial<LeaderElectorOptions> = {},
  ): Candidate {
    const stop = new AbortController();
    const self: Candidate = {
      identity,
      elector: undefined as unknown as LeaderElector,
      stop,
      done: Promise.resolve(),
      terms: [],
      partitioned: false,
      writes: [],
    };
    // A partition cuts this replica off the API server: every request fails as a refused connection would.
    const client = interceptedClient(admin, async (_request, forward) => {
      if (self.partitioned) throw new ScalerError('connect ECONNREFUSED (partitioned)', { code: 'CONNECTION_ERROR' });
      return forward();
    });
    const target = new KubernetesScaleTarget({ client, namespace, scaleTargetRef: { name: workload } });
    self.elector = new LeaderElector({
      client,
      leaseName: lease,
      leaseNamespace: namespace,
      identity,
      ...timings,
      onStartedLeading: async (signal) => {
        const term: { start: number; end?: number } = { start: Date.now() };
        self.terms.push(term);
        // The moment it is told to stop acting; a write in flight then is aborted with the signal.
        signal.addEventListener('abort', () => {
          term.end = Date.now();
        });
        while (!signal.aborted) {
          try {
            await target.setReplicas(replicas, undefined as never, { signal });
            if (!signal.aborted) self.writes.push({ at: Date.now(), replicas });
          } catch {
            // partitioned or stopping
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
      ...options,
    });
    self.done = self.elector.run(stop.signal);
    candidates.push(self);
    return self;
  }

  const leading = (each: Candidate) => each.terms.length > 0 && each.terms.at(-1)?.end === undefined;

  function noOverlap(all: Candidate[]): boolean {
    const terms = all.flatMap((each) => each.terms.map((term) => [term.start, term.end ?? Date.now()] as const));
    return terms.every(([a0, a1], i) => terms.every(([b0, b1], j) => i === j || a1 <= b0 || b1 <= a0));
  }

  interface Lease {
    spec: {
      holderIdentity?: string;
      leaseDurationSeconds?: number;
      leaseTransitions?: number;
      acquireTime?: string;
      renewTime?: string;
    };
  }
  const readLease = (name: string) =>
    getObject<Lease>({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace, name });

  it('of two replicas exactly one leads, and the Lease says so as client-go writes it', async () => {
    await createDeployment(namespace, 'shared-1', 1);
    const a = candidate('replica-a', 'lease-1', 'shared-1', 2);
    const b = candidate('replica-b', 'lease-1', 'shared-1', 3);
    const leader = await eventually(async () => [a, b].find(leading), 'a leader');
    await new Promise((resolve) => setTimeout(resolve, 2 * timings.leaseDurationMs));
    expect([a, b].filter((each) => each.terms.length > 0)).toEqual([leader]);
    const lease = await readLease('lease-1');
    expect(lease.spec).toMatchObject({ holderIdentity: leader.identity, leaseDurationSeconds: 3, leaseTransitions: 0 });
    expect(lease.spec.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(
      (await getObject<{ spec: { replicas: number } }>(apps('deployments', namespace, 'shared-1'))).spec.replicas,
    ).toBe(leader === a ? 2 : 3);
  });

  it('a stopped leader releases the lease and the follower takes over before the lease could have expired', async () => {
    await createDeployment(namespace, 'shared-2', 1);
    const a = candidate('replica-a', 'lease-2', 'shared-2', 2);
    await eventually(async () => (leading(a) ? true : undefined), 'a leads');
    const b = candidate('replica-b', 'lease-2', 'shared-2', 3);
    await new Promise((resolve) => setTimeout(resolve, timings.retryPeriodMs * 3));
    const stoppedAt = Date.now();
    a.stop.abort();
    await a.done;
    await eventually(async () => (leading(b) ? true : undefined), 'b leads');
    const failoverMs = b.terms[0]!.start - stoppedAt;
    expect(failoverMs).toBeLessThan(timings.leaseDurationMs);
    expect(noOverlap([a, b])).toBe(true);
    expect((await readLease('lease-2')).spec).toMatchObject({ holderIdentity: 'replica-b', leaseTransitions: 1 });
    await eventually(
      async () =>
        (await getObject<{ spec: { replicas: number } }>(apps('deployments', namespace, 'shared-2'))).spec.replicas ===
        3
          ? true
          : undefined,
      'the new leader scaled to 3',
    );
  });

  it('a leader killed without releasing is replaced only after the lease expired; they never act together', async () => {
    await createDeployment(namespace, 'shared-3', 1);
    const a = candidate('replica-a', 'lease-3', 'shared-3', 2, { releaseOnCancel: false });
    await eventually(async () => (leading(a) ? true : undefined), 'a leads');
    const b = candidate('replica-b', 'lease-3', 'shared-3', 3);
    await new Promise((resolve) => setTimeout(resolve, timings.retryPeriodMs * 3));
    const killedAt = Date.now();
    a.stop.abort();
    await a.done;
    await eventually(async () => (leading(b) ? true : undefined), 'b leads', 15_000);
    const failoverMs = b.terms[0]!.start - killedAt;
    // b waits a full leaseDuration from the last renewal it saw.
    expect(failoverMs).toBeGreaterThan(timings.leaseDurationMs - timings.retryPeriodMs * 2.2);
    expect(noOverlap([a, b])).toBe(true);
    expect((await readLease('lease-3')).spec).toMatchObject({ holderIdentity: 'replica-b', leaseTransitions: 1 });
  });

  it('a partitioned leader stops acting before the follower starts; no write of the two interleaves', async () => {
    await createDeployment(namespace, 'shared-4', 1);
    const a = candidate('replica-a', 'lease-4', 'shared-4', 2);
    await eventually(async () => (leading(a) ? true : undefined), 'a leads');
    const b = candidate('replica-b', 'lease-4', 'shared-4', 3);
    await new Promise((resolve) => setTimeout(resolve, timings.retryPeriodMs * 3));
    a.partitioned = true;
    const partitionedAt = Date.now();
    await eventually(async () => (leading(b) ? true : undefined), 'b leads', 15_000);
    // a noticed on its own, within retryPeriod + renewDeadline, and stopped before b began.
    expect(a.terms[0]!.end).toBeDefined();
    expect(a.terms[0]!.end!).toBeLessThanOrEqual(b.terms[0]!.start);
    expect(a.terms[0]!.end! - partitionedAt).toBeLessThan(timings.leaseDurationMs);
    expect(noOverlap([a, b])).toBe(true);
    await eventually(async () => (b.writes.length > 0 ? true : undefined), 'b wrote');
    const lastOfA = Math.max(...a.writes.map((write) => write.at));
    const firstOfB = Math.min(...b.writes.map((write) => write.at));
    expect(lastOfA).toBeLessThan(firstOfB);
    a.partitioned = false; // healed: it must not take the lease back while b renews
    await new Promise((resolve) => setTimeout(resolve, timings.leaseDurationMs));
    expect((await readLease('lease-4')).spec.holderIdentity).toBe('replica-b');
  });
});
