// The public-admin fallback against the broker of scripts/services/kafka.sh: a KafkaJS-compatible client
// without kafkajs's internal cluster factory must give the same answers as the request-exact adapter.
import { createConnectionCache, type ScalerContext, ScalerError, silentLogger } from '@scalerkit/core';
import { requireService } from '@scalerkit/testing';
import { type Admin, Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKafkaJsAdmin,
  type KafkaAdminLike,
  type KafkaJsAdminOptions,
  type KafkaRequestInfo,
} from './kafka-client.js';
import type { KafkaJsCompatibleClient } from './kafka-public-admin.js';
import { KafkaScaler, kafkaScaler } from './kafka-scaler.js';
import { commitOffsets, createTopicWithRecords, deleteRecordsBefore, pollOnce } from './test-support.js';

const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const saslBrokers = process.env.KAFKA_SASL_BROKERS ?? '127.0.0.1:19093';
const username = process.env.KAFKA_SCRAM_USERNAME ?? 'scaler';
const password = process.env.KAFKA_SCRAM_PASSWORD ?? 'scaler-secret';
const status = await requireService('kafka', brokers, { hint: 'run scripts/services/kafka.sh up' });

const run = `${Date.now().toString(36)}-${process.pid}`;
const name = (what: string) => `it-public-${what}-${run}`;

/** A kafkajs client seen only through its public `admin()`: no internal cluster factory to find. */
function publicOnly(options: KafkaJsAdminOptions, counter: { admins: number }): KafkaJsCompatibleClient {
  const kafka = new Kafka({
    clientId: 'scalerkit-public-admin',
    brokers: options.brokers,
    ...(options.sasl ? { sasl: options.sasl as SASLOptions } : {}),
    logLevel: logLevel.NOTHING,
  });
  return {
    admin() {
      counter.admins += 1;
      return kafka.admin();
    },
  };
}

describe.skipIf(!status.reachable)('the public-admin fallback against a real broker', () => {
  const kafka = new Kafka({ clientId: 'scalerkit-int', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  let admin: Admin;
  const created: string[] = [];
  const closers: Array<() => Promise<void>> = [];
  const connections = createConnectionCache();
  const counter = { admins: 0 };

  const context = (): ScalerContext => ({
    logger: silentLogger,
    signal: new AbortController().signal,
    connections,
    timeoutMs: 8000,
  });

  /** The same trigger over both adapters: kafkajs internals, and the public admin API. */
  function bothScalers(metadata: Record<string, string>, authParams?: Record<string, string>) {
    const config = kafkaScaler.parse({ metadata: { bootstrapServers: brokers, ...metadata }, authParams });
    const internal = new KafkaScaler(config, context());
    const fallback = new KafkaScaler(config, context(), {
      createAdmin: (options) => createKafkaJsAdmin({ ...options, kafka: publicOnly(options, counter) }),
    });
    closers.push(
      () => internal.close(),
      () => fallback.close(),
    );
    return [internal, fallback] as const;
  }

  async function pollBoth(metadata: Record<string, string>, authParams?: Record<string, string>) {
    const results = [];
    for (const target of bothScalers(metadata, authParams)) results.push(await pollOnce(target));
    return results;
  }

  async function topicWith(what: string, counts: number[]): Promise<string> {
    const topic = name(what);
    created.push(topic);
    await createTopicWithRecords(kafka, admin, topic, counts);
    return topic;
  }

  const commit = (groupId: string, topic: string, offsets: Record<number, number>) =>
    commitOffsets(brokers.split(','), groupId, topic, offsets);

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    for (const close of closers) await close();
    expect(connections.size).toBe(0);
    if (created.length > 0) await admin.deleteTopics({ topics: created }).catch(() => {});
    await admin.disconnect();
  });

  it('is chosen automatically when the client has no internal cluster factory', async () => {
    const before = counter.admins;
    const requests: KafkaRequestInfo[] = [];
    const adapter: KafkaAdminLike = await createKafkaJsAdmin({
      brokers: brokers.split(','),
      kafka: publicOnly({ brokers: brokers.split(',') }, counter),
      onRequest: (info) => requests.push(info),
    });
    try {
      const topic = await topicWith('auto', [2, 1]);
      expect(counter.admins).toBe(before + 1);
      const [described] = await adapter.fetchTopicMetadata([topic]);
      expect(described!.topic).toBe(topic);
      expect(described!.partitions.map((partition) => partition.partition)).toEqual([0, 1]);
      const latest = await adapter.fetchLatestOffsets([described!]);
      expect(latest.sort((a, b) => a.partition - b.partition)).toEqual([
        { topic, partition: 0, offset: 2 },
        { topic, partition: 1, offset: 1 },
      ]);
      expect(requests.map((request) => request.apiName)).toContain('ListOffsets');
    } finally {
      await adapter.disconnect();
    }
  });

  it('answers committed offsets for exactly the asked partitions, -1 where nothing is committed', async () => {
    const topic = await topicWith('committed', [3, 3, 3]);
    await commit('g-public-committed', topic, { 1: 2 });
    const adapter = await createKafkaJsAdmin({
      brokers: brokers.split(','),
      kafka: publicOnly({ brokers: brokers.split(',') }, counter),
    });
    try {
      const answer = await adapter.fetchCommittedOffsets('g-public-committed', [{ topic, partitions: [1, 2] }]);
      expect(answer.sort((a, b) => a.partition - b.partition)).toEqual([
        { topic, partition: 1, offset: 2 },
        { topic, partition: 2, offset: -1 },
      ]);
      expect(await adapter.fetchCommittedOffsets('g-public-committed', null)).toEqual([
        { topic, partition: 1, offset: 2 },
      ]);
      const everyTopic = await adapter.fetchTopicMetadata([]);
      expect(everyTopic.map((entry) => entry.topic)).toContain(topic);
    } finally {
      await adapter.disconnect();
    }
  });

  it('gives the same metric and activity as the internal adapter for known offsets', async () => {
    const topic = await topicWith('known', [10, 20, 5]);
    await commit('g-public-known', topic, { 0: 4, 1: 20 });
    expect(await pollBoth({ consumerGroup: 'g-public-known', topic })).toEqual([
      { value: 7, isActive: true },
      { value: 7, isActive: true },
    ]);
  });

  it('gives the same answers with no committed offset, under latest and earliest', async () => {
    const topic = await topicWith('none', [10, 20, 5]);
    expect(await pollBoth({ consumerGroup: 'g-public-none', topic })).toEqual([
      { value: 3, isActive: true },
      { value: 3, isActive: true },
    ]);
    const earliest = {
      consumerGroup: 'g-public-none',
      topic,
      offsetResetPolicy: 'earliest',
      allowIdleConsumers: 'true',
    };
    expect(await pollBoth(earliest)).toEqual([
      { value: 35, isActive: true },
      { value: 35, isActive: true },
    ]);
  });

  it('gives the same answers under earliest on a topic whose head was deleted (latest - oldest)', async () => {
    const topic = await topicWith('deleted', [10, 4]);
    await deleteRecordsBefore(brokers.split(','), topic, 0, 7);
    const metadata = {
      consumerGroup: 'g-public-deleted',
      topic,
      offsetResetPolicy: 'earliest',
      allowIdleConsumers: 'true',
    };
    expect(await pollBoth(metadata)).toEqual([
      { value: 7, isActive: true },
      { value: 7, isActive: true },
    ]);
  });

  it('gives the same answers with partitionLimitation and the partition cap', async () => {
    const topic = await topicWith('limited', [6, 0, 4]);
    await commit('g-public-limited', topic, { 0: 0, 1: 0, 2: 0 });
    const metadata = { consumerGroup: 'g-public-limited', topic, lagThreshold: '1', partitionLimitation: '0,2' };
    expect(await pollBoth(metadata)).toEqual([
      { value: 2, isActive: true },
      { value: 2, isActive: true },
    ]);
  });

  it('discovers the group topics the same way when no topic is given', async () => {
    const first = await topicWith('multi-a', [5, 5]);
    const second = await topicWith('multi-b', [7]);
    await commit('g-public-multi', first, { 0: 5, 1: 2 });
    await commit('g-public-multi', second, { 0: 3 });
    expect(await pollBoth({ consumerGroup: 'g-public-multi' })).toEqual([
      { value: 7, isActive: true },
      { value: 7, isActive: true },
    ]);
  });

  it('fails for an unknown topic without creating it', async () => {
    const topic = name('missing');
    const [, fallback] = bothScalers({ consumerGroup: 'g-public-missing', topic });
    const error = await fallback
      .getMetricsAndActivity(fallback.getMetricSpecs()[0]!.metricName)
      .catch((e: unknown) => e);
    expect(ScalerError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/does not host this topic-partition/);
    expect(await admin.listTopics()).not.toContain(topic);
  });

  it('authenticates with SCRAM through the public admin API', async () => {
    const topic = await topicWith('scram', [3]);
    await commit('g-public-scram', topic, { 0: 1 });
    const results = await pollBoth(
      { consumerGroup: 'g-public-scram', topic, sasl: 'scram_sha512', bootstrapServers: saslBrokers },
      { username, password },
    );
    expect(results).toEqual([
      { value: 2, isActive: true },
      { value: 2, isActive: true },
    ]);
  });
});
