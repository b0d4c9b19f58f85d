// A real autoscaler with two kafka triggers (one shared client) against the broker of scripts/services/kafka.sh
// while the broker is frozen (SIGSTOP), resumed (SIGCONT), killed (SIGKILL) and restarted (`kafka.sh up`, which
// starts from an empty data directory). Checks the loop's schedule, fallback as KEDA defines it, the recovery
// after the broker returns, and the sockets and handles during the faults and after stop(). The broker is always
// resumed (finally) and brought back up (afterAll). Skips with one line when the broker is not reachable (fails
// instead under CI=true or SCALERKIT_REQUIRE_SERVICES=1).
import {
  type Autoscaler,
  createAutoscaler,
  createConnectionCache,
  InMemoryScaleTarget,
  parseScaledObject,
  ScalerRegistry,
  silentLogger,
} from '@scalerkit/core';
import { requireService, servicesRequired } from '@scalerkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaScaler } from '../../packages/kafka/src/kafka-scaler.js';
import {
  activeResources,
  brokerUp,
  freezeBroker,
  kafkaBrokerPid,
  killBroker,
  socketsToPort,
} from '../../packages/kafka/src/test-broker-process.js';
import { seedLag } from '../../packages/kafka/src/test-support.js';
import {
  answered,
  brokerPort,
  brokers,
  firstAnsweredPollAfter,
  pollGaps,
  type Recording,
  record,
  sampleSockets,
  sleep,
  watchTimers,
  writeFigures,
} from './support.js';

const timers = watchTimers();
const status = await requireService('kafka', brokers, { hint: 'run scripts/services/kafka.sh up' });
const pid = status.reachable ? kafkaBrokerPid() : undefined;
if (status.reachable && pid === undefined && servicesRequired()) {
  throw new Error(`chaos: ${brokers} answers but no broker process of scripts/services/kafka.sh was found to freeze`);
}
if (status.reachable && pid === undefined) console.warn(`skipped: no broker process of scripts/services/kafka.sh`);

const POLLING_INTERVAL_MS = 1000;
const POLL_TIMEOUT_MS = 500;
const FAILURE_THRESHOLD = 3;
const FALLBACK_REPLICAS = 5;
/** The slowest gap between two polls the schedule allows on a loaded machine: one interval, one timeout, slack. */
const MAX_POLL_GAP_MS = POLLING_INTERVAL_MS + POLL_TIMEOUT_MS + 500;

const run = `${Date.now().toString(36)}-${process.pid}`;

describe.skipIf(!status.reachable || pid === undefined)(
  'chaos: an autoscaler against a frozen, killed and restarted Kafka broker',
  () => {
    const topic = `chaos-${run}`;
    const group = `chaos-group-${run}`;
    const target = new InMemoryScaleTarget({ replicas: 0 });
    let autoscaler: Autoscaler;
    let recording: Recording;
    let baseline: Record<string, number>;
    const figures: Record<string, unknown> = {};

    beforeAll(async () => {
      await seedLag([brokers], topic, group, 30, 10);
      await sleep(50);
      baseline = activeResources();
      const trigger = `
    - type: kafka
      metadata: { bootstrapServers: "${brokers}", consumerGroup: ${group}, topic: ${topic}, lagThreshold: "10" }`;
      autoscaler = createAutoscaler({
        scaledObject: parseScaledObject(`
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: chaos }
spec:
  scaleTargetRef: { name: chaos }
  pollingInterval: ${POLLING_INTERVAL_MS / 1000}
  minReplicaCount: 0
  maxReplicaCount: 10
  fallback: { failureThreshold: ${FAILURE_THRESHOLD}, replicas: ${FALLBACK_REPLICAS} }
  triggers:${trigger.repeat(2)}
`),
        target,
        registry: new ScalerRegistry().register(kafkaScaler),
        pollTimeoutMs: POLL_TIMEOUT_MS,
        hpaSyncPeriodMs: 0,
        stopTimeoutMs: 4000,
      });
      recording = record(autoscaler);
    });

    afterAll(async () => {
      await autoscaler?.stop();
      // Whatever happened, leave a broker running for the others.
      if (kafkaBrokerPid() === undefined) await brokerUp();
      writeFigures('kafka-broker', figures);
    });

    it('scales on the lag with one socket for both triggers', async () => {
      const started = Date.now();
      await autoscaler.start();
      await firstAnsweredPollAfter(recording, started, 10_000);
      await sleep(1500);
      expect(socketsToPort(brokerPort).total).toBe(1);
      // lag 20 on one partition, capped at 1 partition x lagThreshold 10 by KEDA's rule: 1 replica
      expect(target.replicas).toBe(1);
    });

    it('keeps its schedule and falls back after failureThreshold failed polls while the broker is frozen; recovers when it resumes', async () => {
      const frozenAt = Date.now();
      const clockAtFreeze = recording.polls.at(-1)!.at;
      const mostHandles: Record<string, number> = {};
      const frozen = freezeBroker(pid!, 30_000);
      let sockets: { most: number; samples: number[] };
      try {
        const watching = (async () => {
          for (let waited = 0; waited < 5000; waited += 250) {
            const now = activeResources();
            for (const [type, count] of Object.entries(now))
              mostHandles[type] = Math.max(mostHandles[type] ?? 0, count);
            await sleep(250);
          }
        })();
        sockets = await sampleSockets(5000);
        await watching;
      } finally {
        frozen.resume();
      }
      const resumedAt = Date.now();
      const recovered = await firstAnsweredPollAfter(recording, resumedAt, 10_000);

      // Polls started while the broker was frozen (one started just before may still have been answered).
      const frozenPolls = recording.polls.filter((poll) => poll.at >= frozenAt && poll.receivedAt <= resumedAt);
      expect(frozenPolls.length).toBeGreaterThanOrEqual(4);
      expect(frozenPolls.filter(answered), 'polls answered while the broker was frozen').toEqual([]);
      const gaps = pollGaps(recording, clockAtFreeze);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(MAX_POLL_GAP_MS);
      expect(sockets.most).toBeLessThanOrEqual(2);

      // KEDA (v2.21 pkg/fallback/fallback.go, GetMetricsWithFallback): a metric falls back once its consecutive
      // failures exceed failureThreshold. Merged mode: each failed poll's decision counts one failure per metric.
      let failuresInARow = 0;
      for (const { decision } of recording.decisions.filter(({ at }) => at > frozenAt && at <= resumedAt)) {
        const states = decision.explanation.triggers.flatMap((trigger) => trigger.fallback ?? []);
        if (states.length === 0) continue; // the poll that was answered just before the freeze
        failuresInARow += 1;
        expect(states.map((state) => state.failures)).toEqual([failuresInARow, failuresInARow]);
        expect(decision.fallbackActive, `fallback after ${failuresInARow} failures`).toBe(
          failuresInARow > FAILURE_THRESHOLD,
        );
      }
      expect(failuresInARow).toBeGreaterThan(FAILURE_THRESHOLD);
      expect(target.replicas).toBe(FALLBACK_REPLICAS);

      figures.freeze = {
        frozenMs: resumedAt - frozenAt,
        socketsBefore: 1,
        socketsDuringMost: sockets.most,
        handlesDuringMost: mostHandles,
        pollsWhileFrozen: frozenPolls.length,
        pollGapMaxMs: Math.max(...gaps),
        pollGapMinMs: Math.min(...gaps),
        recoveryToFirstAnsweredPollMs: recovered - resumedAt,
      };
    });

    it('keeps its schedule while the broker is killed and restarted, and answers again once the topic is back', async () => {
      const killedAt = Date.now();
      const clockAtKill = recording.polls.at(-1)!.at;
      await killBroker(pid!);
      const down = await sampleSockets(3000);
      const upStarted = Date.now();
      await brokerUp();
      const upAt = Date.now();
      // A fresh data directory: the topic and the group's offsets are written again.
      await seedLag([brokers], topic, group, 30, 10);
      const seededAt = Date.now();
      const recovered = await firstAnsweredPollAfter(recording, seededAt, 15_000);

      const downPolls = recording.polls.filter((poll) => poll.at >= killedAt && poll.receivedAt <= upAt);
      expect(downPolls.every((poll) => !answered(poll))).toBe(true);
      const gaps = pollGaps(recording, clockAtKill);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(MAX_POLL_GAP_MS);
      expect(down.most).toBeLessThanOrEqual(2);
      const codes = new Set(recording.errors.filter((error) => error.at >= clockAtKill).map((error) => error.code));
      expect([...codes].every((code) => ['CONNECTION_ERROR', 'TIMEOUT', 'METRIC_ERROR'].includes(code))).toBe(true);

      figures.killRestart = {
        socketsWhileDownMost: down.most,
        restartMs: upAt - upStarted,
        pollsWhileDown: downPolls.length,
        pollGapMaxMs: Math.max(...gaps),
        brokerUpToAnsweredPollMs: recovered - upAt,
        topicSeededToAnsweredPollMs: recovered - seededAt,
        errorCodes: [...codes].sort(),
      };
    });

    it('stop() settles within its bound and leaves no socket and no handle', async () => {
      const started = Date.now();
      await autoscaler.stop();
      const stopMs = Date.now() - started;
      await sleep(50);
      const after = activeResources();
      expect(stopMs).toBeLessThan(4000);
      expect(socketsToPort(brokerPort).total).toBe(0);
      expect(after.TCPSocketWrap ?? 0).toBeLessThanOrEqual(baseline.TCPSocketWrap ?? 0);
      // Timers of the code under test (the test runner's own are left out), by where they were created.
      expect(timers.live()).toEqual([]);
      figures.stop = {
        stopMs,
        socketsAfter: socketsToPort(brokerPort).total,
        handlesBefore: baseline,
        handlesAfter: after,
        timersOfCodeUnderTest: timers.live().length,
      };
      const errors: Record<string, number> = {};
      for (const error of recording.errors)
        errors[`${error.phase} ${error.code}`] = (errors[`${error.phase} ${error.code}`] ?? 0) + 1;
      figures.totals = { polls: recording.polls.length, decisions: recording.decisions.length, errors };
    });

    it('a scaler polled every 100 ms answers again within a poll or two of the broker resuming', async () => {
      const connections = createConnectionCache();
      const scaler = kafkaScaler.create(
        kafkaScaler.parse({ metadata: { bootstrapServers: brokers, consumerGroup: group, topic, lagThreshold: '10' } }),
        { connections, timeoutMs: 300, logger: silentLogger, signal: new AbortController().signal },
      );
      const [spec] = scaler.getMetricSpecs();
      const poll = () =>
        scaler.getMetricsAndActivity(spec!.metricName).then(
          () => true,
          () => false,
        );
      try {
        expect(await poll()).toBe(true);
        const frozen = freezeBroker(kafkaBrokerPid()!, 20_000);
        try {
          for (let index = 0; index < 20; index += 1) {
            expect(await poll()).toBe(false);
            await sleep(100);
          }
        } finally {
          frozen.resume();
        }
        const resumedAt = Date.now();
        let polls = 0;
        while (!(await poll())) {
          polls += 1;
          expect(Date.now() - resumedAt).toBeLessThan(5000);
          await sleep(100);
        }
        figures.directRecovery = {
          pollIntervalMs: 100,
          timeoutMs: 300,
          recoveryMs: Date.now() - resumedAt,
          failedPollsAfterResume: polls,
        };
      } finally {
        await scaler.close();
        await connections.closeAll();
      }
    });
  },
);
