// The soak: an autoscaler with healthy, hanging, throwing and garbage-returning triggers, in KEDA's two loops
// (polls every pollingInterval, HPA syncs every 15 s), run for many simulated hours on a FakeClock. The heap,
// measured after a full collection at every simulated hour, stays flat: nothing the loop records, and nothing
// a misbehaving scaler leaves behind (abandoned calls, rebuilt scalers, hung close() calls), accumulates.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createAutoscaler, InMemoryScaleTarget } from '@scalerkit/core';
import { FakeClock } from '@scalerkit/testing';
import { expect, it } from 'vitest';
import { hostileRegistry, newStats } from './hostile-scalers.js';
import { writeFigures } from './support.js';

const HOURS = Number(process.env.CHAOS_SOAK_HOURS ?? 24);
const HOUR_MS = 3_600_000;
/** The heap may grow this much from the end of the warm-up (hour 2) to the last hour. */
const ALLOWED_GROWTH_BYTES = 2 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterCollection(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

it(`keeps the heap flat over ${HOURS} simulated hours of hostile scalers`, async () => {
  const clock = new FakeClock();
  const stats = newStats();
  const triggers = process.env.CHAOS_SOAK_TRIGGERS?.split(',') ?? [
    'steady',
    'steady',
    'hang',
    'hang',
    'odd-throw',
    'odd-throw',
    'garbage',
    'garbage',
  ];
  const autoscaler = createAutoscaler({
    scaledObject: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'soak' },
      spec: {
        scaleTargetRef: { name: 'soak' },
        pollingInterval: 30,
        cooldownPeriod: 300,
        minReplicaCount: 0,
        maxReplicaCount: 50,
        fallback: { failureThreshold: 3, replicas: 4 },
        triggers: triggers.map((type) => ({ type, metadata: {} })),
      },
    },
    target: new InMemoryScaleTarget({ replicas: 1, clock }),
    registry: hostileRegistry(stats),
    clock,
    pollTimeoutMs: 5000,
    hpaSyncPeriodMs: 15_000,
  });
  let polls = 0;
  let syncs = 0;
  let errors = 0;
  autoscaler.on('poll', () => {
    polls += 1;
  });
  autoscaler.on('hpaSync', () => {
    syncs += 1;
  });
  autoscaler.on('error', () => {
    errors += 1;
  });
  await autoscaler.start();
  const heap: number[] = [heapAfterCollection()];
  const started = Date.now();
  for (let hour = 1; hour <= HOURS; hour += 1) {
    await clock.advance(HOUR_MS);
    heap.push(heapAfterCollection());
    if (process.env.CHAOS_SOAK_PROGRESS) console.log(`hour ${hour}: ${Date.now() - started} ms, heap ${heap.at(-1)}`);
  }
  const wallMs = Date.now() - started;
  // stop() waits on the clock (hung close() calls are bounded by it): move time while it settles.
  const stopping = autoscaler.stop();
  await clock.advance(60_000);
  await stopping;

  const warm = heap[2]!;
  const last = heap.at(-1)!;
  const most = Math.max(...heap.slice(2));
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;
  writeFigures('soak', {
    simulatedHours: HOURS,
    wallMs,
    triggers: triggers.length,
    polls,
    hpaSyncs: syncs,
    errorEvents: errors,
    scalersCreated: stats.created,
    heapMbByHour: heap.map(mb),
    heapGrowthFromHour2Mb: mb(last - warm),
    heapMostAfterHour2Mb: mb(most),
  });
  expect(polls).toBe(HOURS * 120);
  expect(last - warm).toBeLessThan(ALLOWED_GROWTH_BYTES);
  expect(most - warm).toBeLessThan(ALLOWED_GROWTH_BYTES);
});
