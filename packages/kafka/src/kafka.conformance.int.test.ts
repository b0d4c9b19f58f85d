// The shared scaler conformance suite (@scalerkit/testing) against the SCRAM listener of
// scripts/services/kafka.sh. Skips locally when the broker is not reachable; fails under CI=true.
import { createServer } from 'node:net';
import { describeScalerConformance, requireService } from '@scalerkit/testing';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { it } from 'vitest';
import { kafkaScaler } from './kafka-scaler.js';
import { commitOffsets } from './test-support.js';

const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const saslBrokers = process.env.KAFKA_SASL_BROKERS ?? '127.0.0.1:19093';
const username = process.env.KAFKA_SCRAM_USERNAME ?? 'scaler';
const password = process.env.KAFKA_SCRAM_PASSWORD ?? 'scaler-secret';
const status = await requireService('kafka', saslBrokers, { hint: 'run scripts/services/kafka.sh up' });

const topic = `conformance-${Date.now().toString(36)}-${process.pid}`;
const group = `${topic}-group`;
const kafka = new Kafka({ clientId: 'scalerkit-conformance', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
let admin: Admin | undefined;

/** A loopback port where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}
const unreachablePort = status.reachable ? await closedPort() : 1;

if (status.reachable) {
  describeScalerConformance(kafkaScaler, {
    metadata: ({ target, activation }) => ({
      bootstrapServers: saslBrokers,
      consumerGroup: group,
      topic,
      sasl: 'scram_sha256',
      // One partition: without this the metric would be capped at 1 × lagThreshold.
      allowIdleConsumers: 'true',
      lagThreshold: String(target),
      activationLagThreshold: String(activation),
    }),
    authParams: { username, password },
    requiredParameters: ['bootstrapServers', 'consumerGroup'],
    invalidMetadata: { lagThreshold: '-3', offsetResetPolicy: 'newest', partitionLimitation: '1-2-3' },
    secrets: [password],
    async setup() {
      admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    },
    async teardown() {
      await admin?.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin?.disconnect();
    },
    async reset() {
      const [partition] = await admin!.fetchTopicOffsets(topic);
      await commitOffsets(brokers.split(','), group, topic, { 0: Number(partition!.high) });
    },
    async produceBacklog(count) {
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages: Array.from({ length: count }, (_, index) => ({ value: `m${index}` })) });
      await producer.disconnect();
    },
    unreachableMetadata: ({ target }) => ({
      bootstrapServers: `127.0.0.1:${unreachablePort}`,
      consumerGroup: group,
      topic,
      sasl: 'scram_sha256',
      lagThreshold: String(target),
    }),
    // A listener that accepts and never answers: the poll must end at the host's timeoutMs with TIMEOUT.
    silentMetadata: ({ target, address }) => ({
      bootstrapServers: `${address.host}:${address.port}`,
      consumerGroup: group,
      topic,
      sasl: 'scram_sha256',
      lagThreshold: String(target),
    }),
  });
} else {
  it.skip(status.reason ?? 'kafka not reachable', () => {});
}
