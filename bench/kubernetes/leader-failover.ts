// Leader-election failover against the test API server (scripts/services/kubernetes.sh up), with client-go's
// default timings (lease 15 s, renew deadline 10 s, retry period 2 s) unless --fast (3 s / 2 s / 0.4 s).
//
//   npx tsx bench/kubernetes/leader-failover.ts [--runs 3] [--fast]
//
// Three ways to lose the leader, each with two replicas:
//   release    the leader is stopped and releases its Lease (releaseOnCancel, the default)
//   crash      the leader stops without releasing (a killed process: its Lease is left to expire)
//   partition  the leader is cut off the API server while running (every request fails)
// It prints, per scenario, the failover time (from the event to the follower's onStartedLeading), and for the
// partition the time the old leader took to stop acting and the gap between it stopping and the new one
// starting (positive: they never acted together).
import { ScalerError } from '@scalerkit/core';
import { LeaderElector } from '../../packages/kubernetes/src/index.js';
import {
  adminClient,
  createNamespace,
  deleteNamespaces,
  interceptedClient,
} from '../../packages/kubernetes/src/test-support.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 3) || 3;
const fast = args.includes('--fast');
const timings = fast
  ? { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 400 }
  : { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

type Scenario = 'release' | 'crash' | 'partition';

interface Replica {
  stop: AbortController;
  done: Promise<void>;
  startedAt?: number;
  stoppedAt?: number;
  partitioned: boolean;
}

async function once(namespace: string, lease: string, scenario: Scenario) {
  const admin = await adminClient();
  const replica = (identity: string): Replica => {
    const self: Replica = { stop: new AbortController(), done: Promise.resolve(), partitioned: false };
    const client = interceptedClient(admin, async (_request, forward) => {
      if (self.partitioned) throw new ScalerError('partitioned', { code: 'CONNECTION_ERROR' });
      return forward();
    });
    const elector = new LeaderElector({
      client,
      leaseName: lease,
      leaseNamespace: namespace,
      identity,
      releaseOnCancel: scenario !== 'crash',
      ...timings,
      onStartedLeading: (signal) => {
        self.startedAt = Date.now();
        signal.addEventListener('abort', () => {
          self.stoppedAt = Date.now();
        });
      },
    });
    self.done = elector.run(self.stop.signal);
    return self;
  };
  const a = replica('a');
  while (a.startedAt === undefined) await sleep(50);
  const b = replica('b');
  await sleep(timings.retryPeriodMs * 3);
  const at = Date.now();
  if (scenario === 'partition') a.partitioned = true;
  else a.stop.abort();
  while (b.startedAt === undefined) await sleep(20);
  const result = {
    failoverMs: b.startedAt - at,
    stopActingMs: (a.stoppedAt ?? Number.NaN) - at,
    gapMs: b.startedAt - (a.stoppedAt ?? Number.NaN),
  };
  a.stop.abort();
  b.stop.abort();
  await Promise.all([a.done, b.done]);
  return result;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function summary(values: number[]): string {
  const sorted = [...values].sort((x, y) => x - y);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `${sorted[0]} / ${median} / ${sorted.at(-1)}`;
}

const namespace = await createNamespace('bench-leader-');
const rows: string[] = [];
try {
  for (const scenario of ['release', 'crash', 'partition'] as Scenario[]) {
    const results = [];
    for (let run = 0; run < runs; run++) results.push(await once(namespace, `${scenario}-${run}`, scenario));
    rows.push(
      `| ${scenario} | ${runs} | ${summary(results.map((r) => r.failoverMs))} | ${summary(results.map((r) => r.stopActingMs))} | ${summary(results.map((r) => r.gapMs))} |`,
    );
    console.error(`${scenario}: ${JSON.stringify(results)}`);
  }
} finally {
  await deleteNamespaces();
}
console.log(
  `Lease ${timings.leaseDurationMs / 1000} s, renew deadline ${timings.renewDeadlineMs / 1000} s, retry ${timings.retryPeriodMs / 1000} s (ms, min / median / max)\n`,
);
console.log('| scenario | runs | failover | old leader stopped acting after | gap between leaders |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
