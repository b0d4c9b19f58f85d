// The whole loop against the broker of scripts/services/kafka.sh: the autoscaler builds the kafka scaler
// through a registry, scales on real consumer lag, and leaves nothing behind when stopped. Skips with a
// one-line reason when the broker is not reachable (fails instead under CI=true or SCALERKIT_REQUIRE_SERVICES=1).
import {
  type AutoscalerScaleEvent,
  createAutoscaler,
  InMemoryScaleTarget,
  parseScaledObject,
  ScalerRegistry,
} from '@scalerkit/core';
import { requireService } from '@scalerkit/testing';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaScaler } from './kafka-scaler.js';
import { activeResources } from './test-broker-process.js';
import { commitOffsets, createTopicWithRecords } from './test-support.js';

const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const status = await requireService('kafka', brokers, { hint: 'run scripts/services/kafka.sh up' });
const run = `${Date.now().toString(36)}-${process.pid}`;

describe.skipIf(!status.reachable)('the autoscaler with the kafka scaler against a real broker', () => {
  const kafka = new Kafka({ clientId: 'scalerkit-int', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const topic = `it-autoscaler-${run}`;
  const group = `it-autoscaler-group-${run}`;

  // Set-up and clean-up connect and disconnect their own clients, so the test sees only the autoscaler's.
  const withAdmin = async (work: (admin: ReturnType<typeof kafka.admin>) => Promise<unknown>) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await work(admin);
    } finally {
      await admin.disconnect();
    }
  };

  beforeAll(async () => {
    // 30 records per partition; the group has consumed 10 of each: a lag of 20 per partition, 60 in all
    await withAdmin((admin) => createTopicWithRecords(kafka, admin, topic, [30, 30, 30]));
    await commitOffsets(brokers.split(','), group, topic, { 0: 10, 1: 10, 2: 10 });
  });

  afterAll(async () => {
    await withAdmin((admin) => admin.deleteTopics({ topics: [topic] })).catch(() => {});
  });

  it('activates from zero on the lag, scales to the partition cap, and stops without leaking sockets or timers', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    const before = activeResources();
    const scaledObject = parseScaledObject(`
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: lag-worker }
spec:
  scaleTargetRef: { name: lag-worker }
  pollingInterval: 1
  minReplicaCount: 0
  maxReplicaCount: 10
  triggers:
    - type: kafka
      metadata:
        bootstrapServers: "${brokers}"
        consumerGroup: ${group}
        topic: ${topic}
        lagThreshold: "10"
`);
    const target = new InMemoryScaleTarget({ replicas: 0 });
    const autoscaler = createAutoscaler({
      scaledObject,
      target,
      registry: new ScalerRegistry().register(kafkaScaler),
      hpaSyncPeriodMs: 1000,
    });
    const scales: AutoscalerScaleEvent[] = [];
    const errors: string[] = [];
    autoscaler.on('error', ({ error }) => errors.push(error.message));
    const reachedThree = new Promise<void>((resolve) => {
      autoscaler.on('scale', (event) => {
        scales.push(event);
        if (event.to === 3) resolve();
      });
    });
    await autoscaler.start();
    await reachedThree;
    await autoscaler.stop();

    expect(errors).toEqual([]);
    // poll: 0 → 1 (activation); HPA sync: the lag of 60 is capped at 3 partitions × lagThreshold 10 = 30
    // (no more consumers than partitions without allowIdleConsumers) → ceil(30 / 10) = 3
    expect(scales.map(({ from, to }) => [from, to])).toEqual([
      [0, 1],
      [1, 3],
    ]);
    expect(scales[0]!.decision.reason).toBe('ScaledFromZero');
    expect(target.replicas).toBe(3);
    await new Promise((resolve) => setImmediate(resolve)); // a socket's end() completes on the next turn
    const after = activeResources();
    expect(after.TCPSocketWrap ?? 0).toBeLessThanOrEqual(before.TCPSocketWrap ?? 0);
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(before.Timeout ?? 0);
  });
});
