// Our ListOffsets and OffsetFetch bodies, byte for byte against kafkajs's own encoders for every version it speaks.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { encodeListOffsets, encodeOffsetFetch, type ListOffsetsTopic, withRequestBody } from './kafka-encoding.js';

const require = createRequire(import.meta.url);
type KafkajsRequest = (args: Record<string, unknown>) => { apiVersion: number; encode(): Promise<{ buffer: Buffer }> };
const kafkajsRequest = (api: string, version: number) =>
  require(`kafkajs/src/protocol/requests/${api}/v${version}/request`) as KafkajsRequest;

const partitions = (count: number, timestamp: number) =>
  Array.from({ length: count }, (_, index) => ({ partition: (index * 7) % 1000, timestamp }));

// [name, topics]
const topicSets: Array<[string, ListOffsetsTopic[]]> = [
  ['no topic', []],
  ['one topic, one partition, latest', [{ topic: 'orders', partitions: partitions(1, -1) }]],
  ['one topic, no partition', [{ topic: 'orders', partitions: [] }]],
  ['one topic, 1,000 partitions, earliest', [{ topic: 'orders.v2_x-y', partitions: partitions(1000, -2) }]],
  [
    'three topics, one with a non-ASCII name and a large partition id',
    [
      { topic: 'a', partitions: partitions(3, -1) },
      { topic: 'zürich-é', partitions: [{ partition: 2_147_483_647, timestamp: 1_700_000_000_000 }] },
      { topic: 't'.repeat(249), partitions: partitions(2, -1) },
    ],
  ],
];

describe('encodeListOffsets', () => {
  for (const version of [0, 1, 2, 3]) {
    for (const [name, topics] of topicSets) {
      it(`writes what kafkajs writes for ListOffsets v${version}: ${name}`, async () => {
        for (const isolationLevel of [0, 1]) {
          const theirs = await kafkajsRequest(
            'listOffsets',
            version,
          )({ replicaId: -1, isolationLevel, topics }).encode();
          expect(encodeListOffsets(version, -1, isolationLevel, topics)?.equals(theirs.buffer)).toBe(true);
        }
      });
    }
  }

  it('answers undefined for a version it does not write', () => {
    expect(encodeListOffsets(4, -1, 0, [])).toBeUndefined();
    expect(encodeListOffsets(-1, -1, 0, [])).toBeUndefined();
  });
});

describe('encodeOffsetFetch', () => {
  for (const version of [1, 2, 3, 4]) {
    for (const [name, topics] of topicSets) {
      it(`writes what kafkajs writes for OffsetFetch v${version}: ${name}`, async () => {
        for (const groupId of ['g', 'group-é-1', '']) {
          const asked = topics.map(({ topic, partitions: ids }) => ({
            topic,
            partitions: ids.map(({ partition }) => ({ partition })),
          }));
          const theirs = await kafkajsRequest('offsetFetch', version)({ groupId, topics: asked }).encode();
          expect(encodeOffsetFetch(version, groupId, asked)?.equals(theirs.buffer)).toBe(true);
        }
      });
    }
  }

  it('answers undefined for a version it does not write', () => {
    expect(encodeOffsetFetch(0, 'g', [])).toBeUndefined();
    expect(encodeOffsetFetch(5, 'g', [])).toBeUndefined();
  });
});

describe('withRequestBody', () => {
  const send = Symbol('private:Broker:sendRequest');
  /** A broker like kafkajs's: a method that builds a request and hands it to the private send. */
  class FakeBroker {
    sent: Array<{ version: number; body: unknown }> = [];
    constructor(readonly version: number) {}
    async [send](protocolRequest: { request: { apiVersion: number; encode(): Promise<{ buffer: unknown }> } }) {
      const { buffer } = await protocolRequest.request.encode();
      this.sent.push({ version: protocolRequest.request.apiVersion, body: buffer });
      return 'answer';
    }
    ask(): Promise<string> {
      // As kafkajs's broker methods do: the private send looked up on `this` (the wrapper withRequestBody returns).
      const self = this as unknown as Record<symbol, (request: unknown) => Promise<string>>;
      return self[send]!({ request: { apiVersion: this.version, encode: async () => ({ buffer: 'kafkajs body' }) } });
    }
  }

  it('sends its body for the negotiated version through the broker, and the answer back', async () => {
    const broker = new FakeBroker(2);
    const bodies: number[] = [];
    const answer = await withRequestBody(broker, (version) => {
      bodies.push(version);
      return Buffer.from('ours');
    }).ask();
    expect(answer).toBe('answer');
    expect(bodies).toEqual([2]);
    expect(broker.sent).toEqual([{ version: 2, body: Buffer.from('ours') }]);
  });

  it('lets kafkajs write the body when it has none for the version', async () => {
    const broker = new FakeBroker(9);
    await withRequestBody(broker, () => undefined).ask();
    expect(broker.sent).toEqual([{ version: 9, body: 'kafkajs body' }]);
  });

  it('returns the broker itself when it has no private send', () => {
    const plain = { listOffsets: async () => ({ responses: [] }) };
    expect(withRequestBody(plain, () => Buffer.from('x'))).toBe(plain);
  });
});
