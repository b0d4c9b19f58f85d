// withRequestBody against the broker of scripts/services/kafka.sh: kafkajs's private send is found, our bodies are
// used for the versions kafkajs negotiates with this broker, and the answers are kafkajs's own.
import { requireService } from '@scalerkit/testing';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeListOffsets, encodeOffsetFetch, withRequestBody } from './kafka-encoding.js';
import { commitOffsets, createTopicWithRecords } from './test-support.js';

const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const status = await requireService('kafka', brokers, { hint: 'run scripts/services/kafka.sh up' });
const run = `${Date.now().toString(36)}-${process.pid}`;

interface Answer {
  responses: { topic: string; partitions: { partition: number; offset: string }[] }[];
}
interface Broker {
  listOffsets(request: object): Promise<Answer>;
  offsetFetch(request: object): Promise<Answer>;
}
interface Cluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  metadata(request: { topics: string[] }): Promise<{
    topicMetadata: { partitionMetadata: { partitionId: number; leader: number }[] }[];
  }>;
  findBroker(request: { nodeId: number }): Promise<Broker>;
}

describe.skipIf(!status.reachable)('withRequestBody against a real broker', () => {
  const kafka = new Kafka({ clientId: 'scalerkit-int', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const topic = `it-encoding-${run}`;
  const group = `g-encoding-${run}`;
  let cluster: Cluster;
  let broker: Broker;

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await createTopicWithRecords(kafka, admin, topic, [4, 0, 9]);
    await admin.disconnect();
    await commitOffsets(brokers.split(','), group, topic, { 0: 1, 2: 5 });
    const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster')!;
    cluster = (kafka as unknown as Record<symbol, (options: object) => Cluster>)[symbol]!({});
    await cluster.connect();
    const { topicMetadata } = await cluster.metadata({ topics: [topic] });
    broker = await cluster.findBroker({ nodeId: topicMetadata[0]!.partitionMetadata[0]!.leader });
  });

  afterAll(async () => {
    await cluster?.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  });

  const sorted = (answer: Answer) =>
    answer.responses
      .flatMap(({ partitions }) => partitions.map(({ partition, offset }): [number, string] => [partition, offset]))
      .sort((a, b) => a[0] - b[0]);

  it('finds kafkajs private send, and ListOffsets answers as kafkajs does for its own body', async () => {
    const versions: number[] = [];
    const asked = [{ topic, partitions: [0, 1, 2].map((partition) => ({ partition, timestamp: -1 })) }];
    const wrapped = withRequestBody(broker, (version) => {
      versions.push(version);
      return encodeListOffsets(version, -1, 0, asked);
    });
    expect(wrapped).not.toBe(broker);
    const ours = await wrapped.listOffsets({ isolationLevel: 0, topics: asked });
    const theirs = await broker.listOffsets({ isolationLevel: 0, topics: asked });
    expect(versions).toHaveLength(1);
    expect(encodeListOffsets(versions[0]!, -1, 0, asked)).toBeDefined();
    expect(sorted(ours)).toEqual([
      [0, '4'],
      [1, '0'],
      [2, '9'],
    ]);
    expect(sorted(ours)).toEqual(sorted(theirs));
  });

  it('OffsetFetch answers as kafkajs does for its own body, -1 where nothing is committed', async () => {
    const versions: number[] = [];
    const asked = [{ topic, partitions: [0, 1, 2].map((partition) => ({ partition })) }];
    const wrapped = withRequestBody(broker, (version) => {
      versions.push(version);
      return encodeOffsetFetch(version, group, asked);
    });
    const ours = await wrapped.offsetFetch({ groupId: group, topics: asked });
    expect(versions).toHaveLength(1);
    expect(encodeOffsetFetch(versions[0]!, group, asked)).toBeDefined();
    expect(sorted(ours)).toEqual([
      [0, '1'],
      [1, '-1'],
      [2, '5'],
    ]);
  });
});
