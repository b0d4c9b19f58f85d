// End to end: the operator, the real kube-apiserver of scripts/services/kubernetes.sh and the project's Kafka
// broker (scripts/services/kafka.sh). A ScaledObject with KEDA's kafka trigger, its bootstrap servers read
// from the Deployment's container environment (`bootstrapServersFromEnv`), scales the Deployment on real
// consumer-group lag, and back to zero once the lag is consumed.
import { createConsoleLogger, ScalerRegistry } from '@scalerkit/core';
import { kafkaScaler } from '@scalerkit/kafka';
import { requireService } from '@scalerkit/testing';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKubernetesOperator, type KubernetesOperator } from './operator.js';
import {
  adminClient,
  createDeployment,
  createNamespace,
  deleteNamespaces,
  describeWithKubernetes,
  eventually,
  getObject,
  podTemplate,
  TEST_KUBECONFIG,
} from '../test-support.js';
import { keda, scaledTo } from './test-support.js';

const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const kafkaStatus = await requireService('kafka', brokers, { hint: 'run scripts/services/kafka.sh up' });
const run = `${Date.now().toString(36)}-${process.pid}`;

describeWithKubernetes('the operator scales a Deployment on real Kafka lag', () => {
  const kafka = new Kafka({
    clientId: 'scalerkit-operator-int',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const topic = `operator-e2e-${run}`;
  const group = `operator-e2e-group-${run}`;
  let namespace: string;
  let operator: KubernetesOperator | undefined;

  beforeAll(async () => {
    namespace = await createNamespace('operator-kafka-');
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
  });
  afterAll(async () => {
    await operator?.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
    await deleteNamespaces();
  });

  it.skipIf(!kafkaStatus.reachable)(
    'scales out on lag and back to zero after the group consumed it',
    async () => {
      const client = await adminClient();
      const template = podTemplate('consumer') as { spec: { containers: Record<string, unknown>[] } };
      template.spec.containers[0] = {
        ...template.spec.containers[0],
        env: [{ name: 'KAFKA_BROKERS', value: brokers }],
      };
      await createDeployment(namespace, 'consumer', 0, template);
      await client.request({
        method: 'POST',
        resource: keda('scaledobjects', namespace),
        body: {
          apiVersion: 'keda.sh/v1alpha1',
          kind: 'ScaledObject',
          metadata: { name: 'consumer', namespace },
          spec: {
            scaleTargetRef: { name: 'consumer' },
            pollingInterval: 1,
            cooldownPeriod: 1,
            maxReplicaCount: 10,
            triggers: [
              {
                type: 'kafka',
                metadata: {
                  bootstrapServersFromEnv: 'KAFKA_BROKERS',
                  consumerGroup: group,
                  topic,
                  lagThreshold: '10',
                  offsetResetPolicy: 'earliest',
                },
              },
            ],
          },
        },
      });
      operator = createKubernetesOperator({
        kubeconfig: TEST_KUBECONFIG,
        namespace,
        registry: new ScalerRegistry().register(kafkaScaler),
        hpaSyncPeriodMs: 0,
        ...(process.env.SCALERKIT_DEBUG === '1' ? { logger: createConsoleLogger({ debug: true }) } : {}),
      });
      await operator.start();
      const key = `${namespace}/consumer`;
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      await producer.send({
        topic,
        messages: Array.from({ length: 45 }, (_, index) => ({ partition: index % 6, value: `m${index}` })),
      });
      await producer.disconnect();
      // 45 records on 6 partitions, no committed offset, earliest: lag 45 (under KEDA's cap of one consumer per
      // partition, 6 × 10); lagThreshold 10 -> ceil(45 / 10) = 5.
      await scaledTo(operator, key, 'consumer', 5, 30_000);

      // The consumer group reads everything and commits: lag 0, inactive, cooldown 1 s, scale to zero.
      const consumer = kafka.consumer({ groupId: group });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      let consumed = 0;
      await consumer.run({
        eachMessage: async () => {
          consumed++;
        },
      });
      await eventually(async () => (consumed >= 45 ? true : undefined), 'the group consumed 45 records', 30_000);
      await consumer.disconnect(); // commits on leave
      await scaledTo(operator, key, 'consumer', 0, 30_000);
      const status = (
        await getObject<{ status: { conditions: { type: string; status: string; reason: string }[] } }>(
          keda('scaledobjects', namespace, 'consumer'),
        )
      ).status;
      expect(status.conditions.find((entry) => entry.type === 'Active')).toMatchObject({
        status: 'False',
        reason: 'ScalerNotActive',
      });
      expect(status.conditions.find((entry) => entry.type === 'Ready')).toMatchObject({ status: 'True' });
    },
    120_000,
  );
});
