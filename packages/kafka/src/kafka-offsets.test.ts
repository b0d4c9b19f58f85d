// readPartitionOffsets: the requests of one poll, and the previous Metadata answer's partitions asked together
// with the next Metadata request.
import { createConnectionCache, silentLogger } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import type { KafkaAdminLike, KafkaTopicMetadata } from './kafka-client.js';
import { type OffsetReadingOptions, readPartitionOffsets } from './kafka-offsets.js';
import { KafkaScaler, kafkaScaler } from './kafka-scaler.js';
import { pollOnce } from './test-support.js';

/** A cluster whose answers can be changed between readings; every call is logged when it starts and ends. */
function cluster() {
  const state = {
    partitions: [{ partition: 0, leader: 1 }] as KafkaTopicMetadata['partitions'],
    latest: [10] as number[],
    committed: [4] as number[],
    failOffsetFetch: false,
    failMetadata: false,
    /** ListOffsets answers after this many milliseconds. */
    latestDelayMs: 0,
  };
  const log: string[] = [];
  const call = async <T>(name: string, answer: () => T): Promise<T> => {
    log.push(`${name} start`);
    await new Promise((resolve) => setImmediate(resolve));
    if (name.startsWith('ListOffsets') && state.latestDelayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, state.latestDelayMs));
    }
    log.push(`${name} end`);
    return answer();
  };
  const admin: KafkaAdminLike = {
    fetchTopicMetadata: (topics) =>
      call(`Metadata(${topics.join(',')})`, () => {
        if (state.failMetadata) throw new Error('broker went away');
        return [{ topic: 't', partitions: state.partitions.map((entry) => ({ ...entry })) }];
      }),
    fetchCommittedOffsets: (_group, topics) =>
      call(`OffsetFetch(${topics?.map((t) => `${t.topic}:${t.partitions.join(',')}`).join(' ')})`, () => {
        if (state.failOffsetFetch) throw new Error('COORDINATOR_NOT_AVAILABLE');
        return (topics ?? []).flatMap(({ topic, partitions }) =>
          partitions.map((partition) => ({ topic, partition, offset: state.committed[partition] ?? -1 })),
        );
      }),
    fetchLatestOffsets: (topics) =>
      call(
        `ListOffsets(${topics.map((t) => `${t.topic}:${t.partitions.map((p) => `${p.partition}@${p.leader}`).join(',')}`).join(' ')})`,
        () =>
          topics.flatMap(({ topic, partitions }) =>
            partitions.map(({ partition }) => ({ topic, partition, offset: state.latest[partition]! })),
          ),
      ),
    fetchEarliestOffsets: async () => [],
    disconnect: async () => {},
  };
  return { state, log, admin };
}

const options: OffsetReadingOptions = {
  consumerGroup: 'g',
  topic: 't',
  partitionLimitation: undefined,
  offsetResetPolicy: 'latest',
  scaleToZeroOnInvalidOffset: false,
};

describe('readPartitionOffsets', () => {
  it('without a previous answer: Metadata, then OffsetFetch and ListOffsets once it is answered', async () => {
    const { admin, log } = cluster();
    const reading = await readPartitionOffsets(admin, options, silentLogger);
    expect(reading.offsets).toEqual([{ topic: 't', partition: 0, committed: 4, latest: 10, oldest: undefined }]);
    expect(reading.topics).toEqual([{ topic: 't', partitions: [{ partition: 0, leader: 1 }] }]);
    expect(log).toEqual([
      'Metadata(t) start',
      'Metadata(t) end',
      'OffsetFetch(t:0) start',
      'ListOffsets(t:0@1) start',
      'OffsetFetch(t:0) end',
      'ListOffsets(t:0@1) end',
    ]);
  });

  it('with the previous answer unchanged: the same three requests, all sent at once, their answers used', async () => {
    const { admin, log, state } = cluster();
    const first = await readPartitionOffsets(admin, options, silentLogger);
    log.length = 0;
    state.latest = [12];
    const second = await readPartitionOffsets(admin, options, silentLogger, first.topics);
    expect(second.offsets).toEqual([{ topic: 't', partition: 0, committed: 4, latest: 12, oldest: undefined }]);
    expect(log.slice(0, 3)).toEqual(['Metadata(t) start', 'OffsetFetch(t:0) start', 'ListOffsets(t:0@1) start']);
    expect(log).toHaveLength(6);
  });

  // [name, change to the cluster, the requests sent again after the Metadata answer]
  const changes: Array<[string, (state: ReturnType<typeof cluster>['state']) => void, string[]]> = [
    [
      'a partition added',
      (state) => {
        state.partitions = [...state.partitions, { partition: 1, leader: 1 }];
        state.latest = [10, 7];
      },
      ['OffsetFetch(t:0,1) start', 'ListOffsets(t:0@1,1@1) start'],
    ],
    [
      'a leader moved',
      (state) => {
        state.partitions = [{ partition: 0, leader: 2 }];
      },
      ['OffsetFetch(t:0) start', 'ListOffsets(t:0@2) start'],
    ],
  ];
  for (const [name, change, again] of changes) {
    it(`with ${name}: asks again for the new partitions and uses those answers only`, async () => {
      const { admin, log, state } = cluster();
      const first = await readPartitionOffsets(admin, options, silentLogger);
      change(state);
      log.length = 0;
      const second = await readPartitionOffsets(admin, options, silentLogger, first.topics);
      expect(second.topics).toEqual([{ topic: 't', partitions: state.partitions }]);
      expect(second.offsets.map(({ partition, latest }) => [partition, latest])).toEqual(
        state.partitions.map(({ partition }) => [partition, state.latest[partition]]),
      );
      expect(log.filter((entry) => entry.endsWith('start'))).toEqual([
        'Metadata(t) start',
        'OffsetFetch(t:0) start',
        'ListOffsets(t:0@1) start',
        ...again,
      ]);
    });
  }

  it('fails when an early request fails and the Metadata answer is unchanged (the same request KEDA sends)', async () => {
    const { admin, state } = cluster();
    const first = await readPartitionOffsets(admin, options, silentLogger);
    state.failOffsetFetch = true;
    await expect(readPartitionOffsets(admin, options, silentLogger, first.topics)).rejects.toThrow(
      'COORDINATOR_NOT_AVAILABLE',
    );
  });

  it('ignores a failed early request when the Metadata answer changed', async () => {
    const { admin, state } = cluster();
    let calls = 0;
    const offsetFetch = admin.fetchCommittedOffsets.bind(admin);
    admin.fetchCommittedOffsets = (group, topics) => {
      calls += 1;
      return calls === 2 ? Promise.reject(new Error('NOT_COORDINATOR')) : offsetFetch(group, topics);
    };
    const first = await readPartitionOffsets(admin, options, silentLogger);
    state.partitions = [{ partition: 0, leader: 3 }];
    const second = await readPartitionOffsets(admin, options, silentLogger, first.topics);
    expect(second.offsets).toEqual([{ topic: 't', partition: 0, committed: 4, latest: 10, oldest: undefined }]);
    expect(calls).toBe(3);
  });

  it('lets ListOffsets finish before rejecting for a failed OffsetFetch, early or not', async () => {
    const { admin, log, state } = cluster();
    state.failOffsetFetch = true;
    state.latestDelayMs = 20;
    await expect(readPartitionOffsets(admin, options, silentLogger)).rejects.toThrow('COORDINATOR_NOT_AVAILABLE');
    expect(log.at(-1)).toBe('ListOffsets(t:0@1) end');
    state.failOffsetFetch = false;
    const first = await readPartitionOffsets(admin, options, silentLogger);
    state.failOffsetFetch = true;
    state.partitions = [{ partition: 0, leader: 2 }];
    log.length = 0;
    await expect(readPartitionOffsets(admin, options, silentLogger, first.topics)).rejects.toThrow(
      'COORDINATOR_NOT_AVAILABLE',
    );
    // The early pair (leader 1) and the pair sent again (leader 2) have all ended.
    expect(log.filter((entry) => entry.endsWith('end')).sort()).toEqual([
      'ListOffsets(t:0@1) end',
      'ListOffsets(t:0@2) end',
      'Metadata(t) end',
      'OffsetFetch(t:0) end',
      'OffsetFetch(t:0) end',
    ]);
  });

  it('lets the early requests finish before rejecting for a failed Metadata request', async () => {
    const { admin, log, state } = cluster();
    const first = await readPartitionOffsets(admin, options, silentLogger);
    state.failMetadata = true;
    log.length = 0;
    await expect(readPartitionOffsets(admin, options, silentLogger, first.topics)).rejects.toThrow('broker went away');
    expect(log.filter((entry) => entry.endsWith('end'))).toEqual([
      'Metadata(t) end',
      'OffsetFetch(t:0) end',
      'ListOffsets(t:0@1) end',
    ]);
  });

  it('a scaler asks early from its second poll on, and not after a failed poll', async () => {
    const { admin, log, state } = cluster();
    const config = kafkaScaler.parse({ metadata: { bootstrapServers: 'b:1', consumerGroup: 'g', topic: 't' } });
    const scaler = new KafkaScaler(
      config,
      {
        logger: silentLogger,
        signal: new AbortController().signal,
        connections: createConnectionCache(),
        timeoutMs: 1000,
      },
      { createAdmin: async () => admin },
    );
    const sequential = ['Metadata(t) start', 'Metadata(t) end', 'OffsetFetch(t:0) start'];
    const early = ['Metadata(t) start', 'OffsetFetch(t:0) start', 'ListOffsets(t:0@1) start'];
    const pollLog = async () => {
      log.length = 0;
      const result = await pollOnce(scaler).catch((error: Error) => error.message);
      return { result, first: log.slice(0, 3) };
    };
    expect(await pollLog()).toEqual({ result: { value: 6, isActive: true }, first: sequential });
    expect(await pollLog()).toEqual({ result: { value: 6, isActive: true }, first: early });
    state.failMetadata = true;
    expect((await pollLog()).first).toEqual(early);
    state.failMetadata = false;
    expect(await pollLog()).toEqual({ result: { value: 6, isActive: true }, first: sequential });
    await scaler.close();
  });
});
