// Against the broker of scripts/services/kafka.sh (KAFKA_BROKERS): KEDA v2.21.0's earliest rule on topics whose
// head was deleted, the Kafka requests each poll sends (counted from kafkajs's request events), and a
// bootstrapServers list with empty entries. Skips with a one-line reason when the broker is not reachable, and
// fails instead under CI=true or SCALERKIT_REQUIRE_SERVICES=1.
import { createConnectionCache, type Scaler, type ScalerContext, silentLogger } from '@scalerkit/core';
import { requireService } from '@scalerkit/testing';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaJsAdmin } from './kafka-client.js';
import { KafkaScaler, kafkaScaler } from './kafka-scaler.js';
import { commitOffsets, createTopicWithRecords, deleteRecordsBefore, pollOnce as poll } from './test-support.js';

const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const status = await requireService('kafka', brokers, { hint: 'run scripts/services/kafka.sh up' });

const run = `${Date.now().toString(36)}-${process.pid}`;
const name = (what: string) => `it-offsets-${what}-${run}`;

describe.skipIf(!status.reachable)('kafka offsets against a real broker', () => {
  const kafka = new Kafka({ clientId: 'scalerkit-int', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  let admin: Admin;
  const created: string[] = [];
  const scalers: Scaler[] = [];
  const context = (): ScalerContext => ({
    logger: silentLogger,
    signal: new AbortController().signal,
    connections: createConnectionCache(),
    timeoutMs: 5000,
  });

  /** A scaler whose kafkajs client reports every request it completes into `requests`. */
  function countingScaler(metadata: Record<string, string>) {
    const requests: string[] = [];
    const config = kafkaScaler.parse({ metadata: { bootstrapServers: brokers, ...metadata } });
    const scaler = new KafkaScaler(config, context(), {
      createAdmin: (options) =>
        createKafkaJsAdmin({ ...options, onRequest: (request) => requests.push(request.apiName) }),
    });
    scalers.push(scaler);
    return { scaler, requests };
  }

  /** The requests of one poll after the first (which also connects and finds the coordinator). */
  async function steadyPoll(target: ReturnType<typeof countingScaler>) {
    await poll(target.scaler);
    target.requests.length = 0;
    const result = await poll(target.scaler);
    return { result, requests: [...target.requests].sort() };
  }

  /** Two partitions: 10 records with the first 8 deleted, and 6 records. */
  async function deletedHeadTopic(what: string): Promise<string> {
    const topic = name(what);
    created.push(topic);
    await createTopicWithRecords(kafka, admin, topic, [10, 6]);
    await deleteRecordsBefore(brokers.split(','), topic, 0, 8);
    return topic;
  }

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await Promise.all(scalers.map((entry) => entry.close()));
    if (created.length > 0) await admin.deleteTopics({ topics: created }).catch(() => {});
    await admin.disconnect();
  });

  it('under earliest, a new group counts latest - oldest per partition, with one more ListOffsets (4 requests)', async () => {
    const topic = await deletedHeadTopic('new-group');
    const target = countingScaler({
      consumerGroup: name('g-new'),
      topic,
      offsetResetPolicy: 'earliest',
      allowIdleConsumers: 'true',
    });
    // (10 - 8) + (6 - 0)
    expect(await steadyPoll(target)).toEqual({
      result: { value: 8, isActive: true },
      requests: ['ListOffsets', 'ListOffsets', 'Metadata', 'OffsetFetch'],
    });
  });

  it('under earliest, a partially committed group asks the oldest offset of the other partition only', async () => {
    const topic = await deletedHeadTopic('partial');
    const group = name('g-partial');
    await commitOffsets(brokers.split(','), group, topic, { 1: 2 });
    const target = countingScaler({
      consumerGroup: group,
      topic,
      offsetResetPolicy: 'earliest',
      allowIdleConsumers: 'true',
    });
    // (10 - 8) + (6 - 2)
    expect(await steadyPoll(target)).toEqual({
      result: { value: 6, isActive: true },
      requests: ['ListOffsets', 'ListOffsets', 'Metadata', 'OffsetFetch'],
    });
  });

  it('sends 3 requests when no oldest offset is needed: every partition committed, latest, or scaleToZeroOnInvalidOffset', async () => {
    const topic = await deletedHeadTopic('three');
    const committedGroup = name('g-committed');
    await commitOffsets(brokers.split(','), committedGroup, topic, { 0: 9, 1: 1 });
    const cases: Array<[Record<string, string>, number]> = [
      [{ consumerGroup: committedGroup, offsetResetPolicy: 'earliest' }, 6],
      [{ consumerGroup: name('g-latest') }, 2],
      [{ consumerGroup: name('g-zero'), offsetResetPolicy: 'earliest', scaleToZeroOnInvalidOffset: 'true' }, 0],
    ];
    for (const [metadata, value] of cases) {
      const target = countingScaler({ ...metadata, topic, allowIdleConsumers: 'true' });
      expect(await steadyPoll(target), JSON.stringify(metadata)).toEqual({
        result: { value, isActive: value > 0 },
        requests: ['ListOffsets', 'Metadata', 'OffsetFetch'],
      });
    }
  });

  it('connects through the other brokers of a bootstrapServers list with empty entries, as KEDA does', async () => {
    const topic = name('empty-entry');
    created.push(topic);
    await createTopicWithRecords(kafka, admin, topic, [5]);
    await commitOffsets(brokers.split(','), name('g-empty'), topic, { 0: 1 });
    for (const bootstrapServers of [`${brokers},`, `,${brokers}`, ` , ${brokers} , `]) {
      const target = countingScaler({ consumerGroup: name('g-empty'), topic, bootstrapServers });
      expect(await poll(target.scaler), bootstrapServers).toEqual({ value: 4, isActive: true });
    }
  });
});
