// Against the broker of scripts/services/kafka.sh (KAFKA_BROKERS, KAFKA_SASL_BROKERS). Skips with a one-line
// reason when it is not reachable, and fails instead under CI=true or SCALERKIT_REQUIRE_SERVICES=1.
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { createConnectionCache, type Scaler, type ScalerContext, ScalerError, silentLogger } from '@scalerkit/core';
import { requireService } from '@scalerkit/testing';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaScaler } from './kafka-scaler.js';
import { commitOffsets, createTopicWithRecords, deleteRecordsBefore, pollOnce as poll } from './test-support.js';

const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const saslBrokers = process.env.KAFKA_SASL_BROKERS ?? '127.0.0.1:19093';
const username = process.env.KAFKA_SCRAM_USERNAME ?? 'scaler';
const password = process.env.KAFKA_SCRAM_PASSWORD ?? 'scaler-secret';
const status = await requireService('kafka', brokers, { hint: 'run scripts/services/kafka.sh up' });

const run = `${Date.now().toString(36)}-${process.pid}`;
const name = (what: string) => `it-${what}-${run}`;

describe.skipIf(!status.reachable)('kafka scaler against a real broker', () => {
  const kafka = new Kafka({ clientId: 'scalerkit-int', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  let admin: Admin;
  const created: string[] = [];
  const scalers: Scaler[] = [];
  const connections = createConnectionCache();

  const context = (overrides: Partial<ScalerContext> = {}): ScalerContext => ({
    logger: silentLogger,
    signal: new AbortController().signal,
    connections,
    timeoutMs: 5000,
    ...overrides,
  });

  function scaler(
    metadata: Record<string, string>,
    extra: { authParams?: Record<string, string>; timeoutMs?: number } = {},
  ) {
    const config = kafkaScaler.parse({
      metadata: { bootstrapServers: brokers, ...metadata },
      authParams: extra.authParams,
    });
    const created = kafkaScaler.create(config, context(extra.timeoutMs ? { timeoutMs: extra.timeoutMs } : {}));
    scalers.push(created);
    return created;
  }

  /** A topic whose partitions hold the given numbers of records. */
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
    await Promise.all(scalers.map((entry) => entry.close()));
    expect(connections.size).toBe(0);
    if (created.length > 0) await admin.deleteTopics({ topics: created }).catch(() => {});
    await admin.disconnect();
  });

  it('reports per-partition lag from committed offsets at known positions', async () => {
    const topic = await topicWith('known', [10, 20, 5]);
    await commit('g-known', topic, { 0: 4, 1: 20 });
    // 6 + 0 + 1 (partition 2 has no commit: 1 under latest)
    expect(await poll(scaler({ consumerGroup: 'g-known', topic }))).toEqual({ value: 7, isActive: true });
  });

  it('counts 1 per partition with no committed offset under latest, the latest offset under earliest', async () => {
    const topic = await topicWith('nocommit', [10, 20, 5]);
    expect(await poll(scaler({ consumerGroup: 'g-none', topic }))).toEqual({ value: 3, isActive: true });
    expect(
      await poll(scaler({ consumerGroup: 'g-none', topic, offsetResetPolicy: 'earliest', allowIdleConsumers: 'true' })),
    ).toEqual({
      value: 35,
      isActive: true,
    });
    // Capped at 3 partitions × 5.
    expect(
      await poll(scaler({ consumerGroup: 'g-none', topic, offsetResetPolicy: 'earliest', lagThreshold: '5' })),
    ).toEqual({
      value: 15,
      isActive: true,
    });
    for (const offsetResetPolicy of ['latest', 'earliest']) {
      expect(
        await poll(scaler({ consumerGroup: 'g-none', topic, offsetResetPolicy, scaleToZeroOnInvalidOffset: 'true' })),
      ).toEqual({
        value: 0,
        isActive: false,
      });
    }
  });

  it('a deleted head: a committed group counts from its commit, a new group under earliest only the records kept', async () => {
    const topic = await topicWith('deleted', [10]);
    await deleteRecordsBefore(brokers.split(','), topic, 0, 8);
    expect((await admin.fetchTopicOffsets(topic))[0]).toMatchObject({ low: '8', high: '10' });
    await commit('g-deleted', topic, { 0: 2 });
    expect(await poll(scaler({ consumerGroup: 'g-deleted', topic }))).toEqual({ value: 8, isActive: true });
    // KEDA v2.21.0: latest - oldest = 10 - 8 (before v2.21 the whole log, 10, counted).
    expect(await poll(scaler({ consumerGroup: 'g-deleted-new', topic, offsetResetPolicy: 'earliest' }))).toEqual({
      value: 2,
      isActive: true,
    });
  });

  it('caps at the partition count, at partitions with lag, or not at all', async () => {
    const topic = await topicWith('idle', [6, 0, 0]);
    await commit('g-idle', topic, { 0: 0, 1: 0, 2: 0 });
    const base = { consumerGroup: 'g-idle', topic, lagThreshold: '1' };
    expect(await poll(scaler(base))).toEqual({ value: 3, isActive: true });
    expect(await poll(scaler({ ...base, limitToPartitionsWithLag: 'true' }))).toEqual({ value: 1, isActive: true });
    expect(await poll(scaler({ ...base, allowIdleConsumers: 'true' }))).toEqual({ value: 6, isActive: true });
    expect(await poll(scaler({ ...base, partitionLimitation: '1-2' }))).toEqual({ value: 0, isActive: false });
    expect(await poll(scaler({ ...base, activationLagThreshold: '6', allowIdleConsumers: 'true' }))).toEqual({
      value: 6,
      isActive: false,
    });
  });

  it('rounds up to an even distribution of partitions', async () => {
    const topic = await topicWith('even', [8, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    await commit('g-even', topic, Object.fromEntries(Array.from({ length: 10 }, (_, p) => [p, 0])));
    expect(
      await poll(
        scaler({ consumerGroup: 'g-even', topic, lagThreshold: '1', ensureEvenDistributionOfPartitions: 'true' }),
      ),
    ).toEqual({
      value: 10,
      isActive: true,
    });
  });

  it('excludes persistent lag from the metric on the second poll, but stays active', async () => {
    const topic = await topicWith('persistent', [9]);
    await commit('g-persistent', topic, { 0: 4 });
    const target = scaler({ consumerGroup: 'g-persistent', topic, excludePersistentLag: 'true' });
    expect(await poll(target)).toEqual({ value: 5, isActive: true });
    expect(await poll(target)).toEqual({ value: 0, isActive: true });
    await commit('g-persistent', topic, { 0: 6 });
    expect(await poll(target)).toEqual({ value: 3, isActive: true });
  });

  it('discovers the topics the group committed in when no topic is given', async () => {
    const first = await topicWith('multi-a', [5, 5]);
    const second = await topicWith('multi-b', [7]);
    await commit('g-multi', first, { 0: 5, 1: 2 });
    await commit('g-multi', second, { 0: 3 });
    const target = scaler({ consumerGroup: 'g-multi' });
    expect(target.getMetricSpecs()[0]!.metricName).toBe('s0-kafka-g-multi-topics');
    expect(await poll(target)).toEqual({ value: 7, isActive: true });
  });

  it('fails for an unknown topic and does not create it', async () => {
    const topic = name('missing');
    const error = await poll(scaler({ consumerGroup: 'g-missing', topic })).catch((e: unknown) => e);
    expect(ScalerError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^kafka: reading the lag of group "g-missing" failed/);
    expect(await admin.listTopics()).not.toContain(topic);
  });

  describe('SCRAM', () => {
    for (const sasl of ['scram_sha256', 'scram_sha512']) {
      it(`authenticates with ${sasl}`, async () => {
        const topic = await topicWith(`scram-${sasl}`, [3]);
        await commit('g-scram', topic, { 0: 1 });
        const target = scaler(
          { consumerGroup: 'g-scram', topic, sasl, bootstrapServers: saslBrokers },
          { authParams: { username, password } },
        );
        expect(await poll(target)).toEqual({ value: 2, isActive: true });
      });
    }

    it('fails with AUTHENTICATION_ERROR on a wrong password, without showing it', async () => {
      const wrong = 'wrong-password-not-shown';
      const target = scaler(
        { consumerGroup: 'g-scram', topic: 'any', sasl: 'scram_sha256', bootstrapServers: saslBrokers },
        { authParams: { username, password: wrong } },
      );
      const error = (await poll(target).catch((e: unknown) => e)) as ScalerError;
      expect(error.code).toBe('AUTHENTICATION_ERROR');
      expect(error.message).not.toContain(wrong);
    });
  });

  describe('unreachable and hung brokers', () => {
    const servers: Server[] = [];
    const sockets: Socket[] = [];

    async function listen(handler: (socket: Socket) => void): Promise<{ server: Server; port: number }> {
      const server = createServer(handler);
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      return { server, port: typeof address === 'object' && address ? address.port : 0 };
    }

    async function freePort(): Promise<number> {
      const { server, port } = await listen(() => {});
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return port;
    }

    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    });

    it('fails with CONNECTION_ERROR where nothing listens, then recovers once the broker answers there', async () => {
      const port = await freePort();
      const target = scaler(
        { consumerGroup: 'g-recover', topic: 'none', bootstrapServers: `127.0.0.1:${port}` },
        { timeoutMs: 3000 },
      );
      const error = (await poll(target).catch((e: unknown) => e)) as ScalerError;
      expect(error.code).toBe('CONNECTION_ERROR');
      // A forwarder to the real broker on the same port: the bootstrap succeeds and the next poll works.
      const topic = await topicWith('recover', [4]);
      const [host, brokerPort] = brokers.split(',')[0]!.split(':');
      const forward = createServer((client) => {
        const upstream = tcpConnect(Number(brokerPort), host!);
        sockets.push(client, upstream);
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
      });
      servers.push(forward);
      await new Promise<void>((resolve) => forward.listen(port, '127.0.0.1', resolve));
      const recovered = scaler({ consumerGroup: 'g-recover', topic, bootstrapServers: `127.0.0.1:${port}` });
      expect(await poll(recovered)).toEqual({ value: 1, isActive: true });
    });

    it('times out with a ScalerTimeoutError when the broker accepts but never answers', async () => {
      const { port } = await listen((socket) => sockets.push(socket));
      const target = scaler(
        { consumerGroup: 'g-hung', topic: 't', bootstrapServers: `127.0.0.1:${port}` },
        { timeoutMs: 1500 },
      );
      const error = (await poll(target).catch((e: unknown) => e)) as ScalerError;
      expect(error).toMatchObject({ name: 'ScalerTimeoutError', code: 'TIMEOUT', timeoutMs: 1500 });
      await target.close();
    });
  });
});
