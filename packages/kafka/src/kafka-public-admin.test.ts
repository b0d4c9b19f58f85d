import { describe, expect, it } from 'vitest';
import { createKafkaJsAdmin, type KafkaRequestInfo } from './kafka-client.js';
import { connectKafkaJsPublicAdmin, type KafkaJsCompatibleAdmin } from './kafka-public-admin.js';

/** A KafkaJS-compatible admin answering from fixed data and recording its calls. */
function fakeAdmin() {
  const calls: string[] = [];
  const listeners = new Map<string, (event: { payload?: unknown }) => void>();
  const admin: KafkaJsCompatibleAdmin & { calls: string[]; emit(name: string, payload: unknown): void } = {
    calls,
    events: { REQUEST: 'admin.network.request' },
    on(eventName, listener) {
      listeners.set(eventName, listener);
    },
    emit(name, payload) {
      listeners.get(name)?.({ payload });
    },
    async connect() {
      calls.push('connect');
    },
    async disconnect() {
      calls.push('disconnect');
    },
    async fetchTopicMetadata(options) {
      calls.push(`fetchTopicMetadata(${options === undefined ? '' : JSON.stringify(options)})`);
      return {
        topics: [
          {
            name: 't',
            partitions: [
              { partitionId: 1, leader: 2 },
              { partitionId: 0, leader: 1 },
            ],
          },
        ],
      };
    },
    async fetchOffsets(options) {
      calls.push(`fetchOffsets(${JSON.stringify(options)})`);
      return [
        {
          topic: 't',
          partitions: [
            { partition: 0, offset: '5' },
            { partition: 1, offset: '-1' },
            { partition: 2, offset: '9' },
          ],
        },
      ];
    },
    async fetchTopicOffsets(topic) {
      calls.push(`fetchTopicOffsets(${topic})`);
      return [
        { partition: 0, offset: '10', high: '10', low: '4' },
        { partition: 1, offset: '7', high: '8', low: '2' },
        { partition: 2, offset: '3' },
      ];
    },
  };
  return admin;
}

describe('connectKafkaJsPublicAdmin', () => {
  it('connects, and asks every topic of the cluster by calling fetchTopicMetadata without topics', async () => {
    const admin = fakeAdmin();
    const adapter = await connectKafkaJsPublicAdmin(admin);
    expect(await adapter.fetchTopicMetadata([])).toEqual([
      {
        topic: 't',
        partitions: [
          { partition: 0, leader: 1 },
          { partition: 1, leader: 2 },
        ],
      },
    ]);
    await adapter.fetchTopicMetadata(['t']);
    expect(admin.calls).toEqual(['connect', 'fetchTopicMetadata()', 'fetchTopicMetadata({"topics":["t"]})']);
  });

  it('narrows committed offsets to the asked partitions, and asks every committed topic for null', async () => {
    const admin = fakeAdmin();
    const adapter = await connectKafkaJsPublicAdmin(admin);
    expect(await adapter.fetchCommittedOffsets('g', [{ topic: 't', partitions: [1, 2] }])).toEqual([
      { topic: 't', partition: 1, offset: -1 },
      { topic: 't', partition: 2, offset: 9 },
    ]);
    expect(await adapter.fetchCommittedOffsets('g', null)).toHaveLength(3);
    expect(admin.calls.slice(1)).toEqual([
      'fetchOffsets({"groupId":"g","topics":["t"]})',
      'fetchOffsets({"groupId":"g"})',
    ]);
  });

  it('reads the high offset (or offset) of the asked partitions only', async () => {
    const adapter = await connectKafkaJsPublicAdmin(fakeAdmin());
    const latest = await adapter.fetchLatestOffsets([
      {
        topic: 't',
        partitions: [
          { partition: 1, leader: 1 },
          { partition: 2, leader: 1 },
        ],
      },
    ]);
    expect(latest).toEqual([
      { topic: 't', partition: 1, offset: 8 },
      { topic: 't', partition: 2, offset: 3 },
    ]);
  });

  it('reads the low offset as the earliest, and fails when the client gives none', async () => {
    const adapter = await connectKafkaJsPublicAdmin(fakeAdmin());
    const partitions = (...ids: number[]) => [
      { topic: 't', partitions: ids.map((partition) => ({ partition, leader: 1 })) },
    ];
    expect(await adapter.fetchEarliestOffsets(partitions(0, 1))).toEqual([
      { topic: 't', partition: 0, offset: 4 },
      { topic: 't', partition: 1, offset: 2 },
    ]);
    await expect(adapter.fetchEarliestOffsets(partitions(2))).rejects.toThrow(/without the earliest \("low"\) offset/);
  });

  it('reports requests through kafkajs instrumentation when asked to', async () => {
    const admin = fakeAdmin();
    const seen: KafkaRequestInfo[] = [];
    await connectKafkaJsPublicAdmin(admin, { onRequest: (info) => seen.push(info) });
    admin.emit('admin.network.request', { apiName: 'Metadata', broker: 'b:1', duration: 4 });
    expect(seen).toEqual([{ apiName: 'Metadata', broker: 'b:1', durationMs: 4 }]);
  });

  it('is what createKafkaJsAdmin uses for a client without kafkajs internals', async () => {
    const admin = fakeAdmin();
    const adapter = await createKafkaJsAdmin({ brokers: ['ignored:1'], kafka: { admin: () => admin } });
    await adapter.disconnect();
    expect(admin.calls).toEqual(['connect', 'disconnect']);
  });
});
