// Issue 10 item 5: the sockets of an autoscaler using @scalerkit/kafka while the broker of scripts/services/kafka.sh
// is frozen with SIGSTOP (then resumed with SIGCONT, always, in `finally`: the broker is shared). The frozen
// broker's kernel still completes TCP handshakes and acknowledges data, so a connection looks alive while nothing
// answers: requests time out, handshakes stall, and a socket the client ends waits forever for the broker's FIN.
// Runs under `npm run test:chaos` only; there it skips with a one-line reason when the broker is not reachable
// (fails instead under CI=true or SCALERKIT_REQUIRE_SERVICES=1).
import {
  type Autoscaler,
  createAutoscaler,
  InMemoryScaleTarget,
  parseScaledObject,
  ScalerRegistry,
} from '@scalerkit/core';
import { requireService } from '@scalerkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaScaler } from './kafka-scaler.js';
import { activeResources, freezeBroker, kafkaBrokerPid, socketsToPort } from './test-broker-process.js';
import { deleteTopics, seedLag } from './test-support.js';

const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const port = Number(brokers.split(',')[0]!.split(':').at(-1));
const status = await requireService('kafka', brokers, { hint: 'run scripts/services/kafka.sh up' });
// Freezing the shared broker would make the Kafka tests running beside this one time out: it runs in
// `npm run test:chaos` (tests/chaos/vitest.config.ts sets SCALERKIT_CHAOS=1, one file at a time).
const chaos = process.env.SCALERKIT_CHAOS === '1';
if (!chaos) console.warn('skipped: the frozen-broker tests freeze the shared broker; they run in npm run test:chaos');
const run = `${Date.now().toString(36)}-${process.pid}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A few turns of the event loop for sockets destroyed just now to close their handles. */
const settle = () => sleep(50);

/** Runs `work` while the broker is frozen; the broker is resumed whatever happens. */
async function whileFrozen<T>(work: () => Promise<T>): Promise<T> {
  const pid = kafkaBrokerPid();
  if (pid === undefined) throw new Error(`no broker process of scripts/services/kafka.sh to freeze for ${brokers}`);
  const frozen = freezeBroker(pid, 20_000);
  try {
    return await work();
  } finally {
    frozen.resume();
  }
}

/** Samples this process's sockets to the broker every 100 ms for `ms`; returns the largest count seen. */
async function mostSocketsOver(ms: number): Promise<number> {
  let most = 0;
  for (let waited = 0; waited < ms; waited += 100) {
    most = Math.max(most, socketsToPort(port).total);
    await sleep(100);
  }
  return most;
}

/** Resolves at the first poll in which every trigger answered; rejects after `ms`. */
function firstGoodPoll(autoscaler: Autoscaler, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setTimeout(() => reject(new Error(`no successful poll within ${ms} ms`)), ms);
    autoscaler.on('poll', (event) => {
      if (Object.values(event.triggers).every((trigger) => trigger.error === undefined)) {
        clearTimeout(timer);
        resolve(Date.now() - started);
      }
    });
  });
}

describe.skipIf(!status.reachable || !chaos)('the kafka scaler under a frozen broker (SIGSTOP)', () => {
  const topic = `it-frozen-${run}`;
  const group = `it-frozen-group-${run}`;

  beforeAll(async () => {
    await seedLag([brokers], topic, group, 30, 10);
  });
  afterAll(async () => {
    await deleteTopics([brokers], [topic]);
  });

  /** An autoscaler with `triggers` kafka triggers on the test topic (one shared client), polled every second. */
  function kafkaAutoscaler(triggers = 1): Autoscaler {
    const trigger = `
    - type: kafka
      metadata: { bootstrapServers: "${brokers}", consumerGroup: ${group}, topic: ${topic}, lagThreshold: "10" }`;
    const scaledObject = parseScaledObject(`
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: frozen-broker }
spec:
  scaleTargetRef: { name: frozen-broker }
  pollingInterval: 1
  minReplicaCount: 0
  maxReplicaCount: 10
  triggers:${trigger.repeat(triggers)}
`);
    const autoscaler = createAutoscaler({
      scaledObject,
      target: new InMemoryScaleTarget({ replicas: 0 }),
      registry: new ScalerRegistry().register(kafkaScaler),
      pollTimeoutMs: 500,
      hpaSyncPeriodMs: 0,
      stopTimeoutMs: 3000,
    });
    autoscaler.on('error', () => {});
    return autoscaler;
  }

  it('a client opened while the broker is frozen holds at most one socket per trigger client and recovers once it resumes', async () => {
    await settle();
    expect(socketsToPort(port).total).toBe(0);
    const autoscaler = kafkaAutoscaler();
    try {
      const most = await whileFrozen(async () => {
        await autoscaler.start();
        return mostSocketsOver(3000);
      });
      // One connection being opened (or its predecessor being torn down): never one per poll.
      expect(most).toBeLessThanOrEqual(2);
      // The client that never finished its handshake is replaced: a poll answers within a few polling intervals.
      await firstGoodPoll(autoscaler, 8000);
    } finally {
      await autoscaler.stop();
    }
    await settle();
    expect(socketsToPort(port)).toEqual({ total: 0, states: {} });
  });

  it('stop() while the broker is frozen leaves no socket open, and settles within its bound', async () => {
    await settle();
    const before = activeResources();
    const autoscaler = kafkaAutoscaler(2);
    const answered = firstGoodPoll(autoscaler, 10_000);
    await autoscaler.start();
    await answered;
    expect(socketsToPort(port).total).toBe(1);
    const { most, stopMs } = await whileFrozen(async () => {
      // Polls time out on the one established connection, abandoned ones keep running inside kafkajs.
      const most = await mostSocketsOver(2500);
      const started = Date.now();
      await autoscaler.stop();
      const stopMs = Date.now() - started;
      await settle();
      // Counted while the broker is still frozen: an ended socket would wait here for the broker's FIN.
      expect(socketsToPort(port)).toEqual({ total: 0, states: {} });
      return { most, stopMs };
    });
    expect(most).toBeLessThanOrEqual(2);
    expect(stopMs).toBeLessThan(3000);
    await settle();
    const after = activeResources();
    expect(after.TCPSocketWrap ?? 0).toBeLessThanOrEqual(before.TCPSocketWrap ?? 0);
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(before.Timeout ?? 0);
  });
});
