// The scenarios of the kafka live differential (packages/kafka/src/*.int.test.ts's cases on a live broker), shared by
// kafka-live.test.ts (KEDA v2.21.0's kafka scaler beside @scalerkit/kafka) and external-kafka.test.ts (KEDA's
// external-scaler client through @scalerkit/keda-external beside @scalerkit/kafka): one list, so the bridge is
// checked on every case the kafka differential has.
import { readFileSync } from 'node:fs';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { it } from 'vitest';
import { startTokenEndpoint } from '../../../packages/kafka/src/oauth-test-endpoint.js';
import {
  commitOffsets,
  createTopicWithRecords,
  deleteRecordsBefore,
} from '../../../packages/kafka/src/test-support.js';
import type { OracleTrigger } from '../ts/keda-oracle.js';
import type { RunOptions } from '../ts/outcome.js';
import { kafkaBrokers as brokers, runId } from './oracle-harness.js';

export const saslBrokers = process.env.KAFKA_SASL_BROKERS ?? '127.0.0.1:19093';
export const sslBrokers = process.env.KAFKA_SSL_BROKERS ?? '127.0.0.1:19095';
export const mtlsBrokers = process.env.KAFKA_MTLS_BROKERS ?? '127.0.0.1:19097';
export const oauthBrokers = process.env.KAFKA_OAUTH_BROKERS ?? '127.0.0.1:19096';
const tlsDir = process.env.KAFKA_TLS_DIR ?? new URL('../../../.services/kafka/tls/', import.meta.url).pathname;
const scram = {
  username: process.env.KAFKA_SCRAM_USERNAME ?? 'scaler',
  password: process.env.KAFKA_SCRAM_PASSWORD ?? 'scaler-secret',
};

/** What the cases need from the file that runs them. */
export interface KafkaLiveContext {
  /** Runs the trigger (bootstrapServers defaults to the plain broker) on both sides and asserts they agree. */
  agree(label: string, metadata: Record<string, string>, extra?: Partial<OracleTrigger> & RunOptions): Promise<void>;
  /** A new topic with `counts[p]` records in partition p. */
  topicWith(what: string, counts: number[]): Promise<string>;
  commit(group: string, topic: string, offsets: Record<number, number>): Promise<void>;
  /** A name unique to this run and file. */
  name(what: string): string;
}

/**
 * The broker side of a file that runs the cases: names `<prefix>-<what>-<runId>`, topics made for the run (deleted
 * by `disconnect`) and committed offsets. `connect` in beforeAll, `disconnect` in afterAll.
 */
export function kafkaLiveTopics(
  clientId: string,
  prefix: string,
): Omit<KafkaLiveContext, 'agree'> & { connect(): Promise<void>; disconnect(): Promise<void> } {
  const kafka = new Kafka({ clientId, brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  let admin: Admin;
  const created: string[] = [];
  const name = (what: string) => `${prefix}-${what}-${runId}`;
  return {
    name,
    async connect() {
      admin = kafka.admin();
      await admin.connect();
    },
    async disconnect() {
      if (created.length > 0) await admin.deleteTopics({ topics: created }).catch(() => {});
      await admin?.disconnect();
    },
    async topicWith(what, counts) {
      const topic = name(what);
      created.push(topic);
      await createTopicWithRecords(kafka, admin, topic, counts);
      return topic;
    },
    commit: (group, topic, offsets) => commitOffsets(brokers.split(','), group, topic, offsets),
  };
}

/** Declares the cases (`it` blocks) inside the caller's `describe`. */
export function kafkaLiveCases({ agree, topicWith, commit, name }: KafkaLiveContext): void {
  it('per-partition lag from committed offsets', async () => {
    const topic = await topicWith('known', [10, 20, 5]);
    await commit(name('g-known'), topic, { 0: 4, 1: 20 });
    await agree('committed offsets', { consumerGroup: name('g-known'), topic });
    await agree(
      'committed offsets, Value target, trigger 3',
      { consumerGroup: name('g-known'), topic },
      { metricType: 'Value', triggerIndex: 3 },
    );
  });

  it('no committed offset under latest and earliest', async () => {
    const topic = await topicWith('nocommit', [10, 20, 5]);
    const base = { consumerGroup: name('g-none'), topic };
    await agree('no commit: latest', base);
    await agree('no commit: earliest, idle consumers', {
      ...base,
      offsetResetPolicy: 'earliest',
      allowIdleConsumers: 'true',
    });
    await agree('no commit: earliest, capped', { ...base, offsetResetPolicy: 'earliest', lagThreshold: '5' });
    for (const offsetResetPolicy of ['latest', 'earliest']) {
      await agree(`no commit: ${offsetResetPolicy}, scale to zero`, {
        ...base,
        offsetResetPolicy,
        scaleToZeroOnInvalidOffset: 'true',
      });
    }
  });

  it('a topic whose head was deleted', async () => {
    const topic = await topicWith('deleted', [10]);
    await deleteRecordsBefore(brokers.split(','), topic, 0, 8);
    await commit(name('g-deleted'), topic, { 0: 2 });
    await agree('deleted head: committed', { consumerGroup: name('g-deleted'), topic });
    await agree('deleted head: new group under latest', { consumerGroup: name('g-deleted-new'), topic });
    await agree('deleted head: new group under earliest', {
      consumerGroup: name('g-deleted-new'),
      topic,
      offsetResetPolicy: 'earliest',
    });
  });

  it('deleted heads under earliest: partly committed, fully deleted, scale to zero', async () => {
    const topic = await topicWith('deleted-more', [10, 6, 4]);
    const brokerList = brokers.split(',');
    await deleteRecordsBefore(brokerList, topic, 0, 7);
    await deleteRecordsBefore(brokerList, topic, 2, 4);
    await commit(name('g-deleted-partial'), topic, { 1: 2 });
    const earliest = { topic, offsetResetPolicy: 'earliest', allowIdleConsumers: 'true' };
    await agree('deleted heads: partly committed under earliest', {
      ...earliest,
      consumerGroup: name('g-deleted-partial'),
    });
    await agree('deleted heads: new group under earliest', { ...earliest, consumerGroup: name('g-deleted-none') });
    await agree('deleted heads: new group under earliest, capped', {
      ...earliest,
      allowIdleConsumers: 'false',
      lagThreshold: '1',
      consumerGroup: name('g-deleted-none'),
    });
    await agree('deleted heads: new group under earliest, scale to zero', {
      ...earliest,
      scaleToZeroOnInvalidOffset: 'true',
      consumerGroup: name('g-deleted-none'),
    });
    await agree('deleted heads: partition limitation to the emptied partition', {
      ...earliest,
      partitionLimitation: '2',
      consumerGroup: name('g-deleted-none'),
    });
  });

  it('a bootstrapServers list with empty entries', async () => {
    const topic = await topicWith('empty-entry', [5, 2]);
    await commit(name('g-empty-entry'), topic, { 0: 1, 1: 1 });
    for (const bootstrapServers of [`${brokers},`, `,${brokers}`, ` , ${brokers} , `]) {
      await agree(`bootstrapServers ${JSON.stringify(bootstrapServers.replace(brokers, 'BROKER'))}`, {
        consumerGroup: name('g-empty-entry'),
        topic,
        bootstrapServers,
      });
    }
  });

  it('caps: partition count, partitions with lag, none, limitation, activation', async () => {
    const topic = await topicWith('idle', [6, 0, 0]);
    await commit(name('g-idle'), topic, { 0: 0, 1: 0, 2: 0 });
    const base = { consumerGroup: name('g-idle'), topic, lagThreshold: '1' };
    await agree('cap: partition count', base);
    await agree('cap: partitions with lag', { ...base, limitToPartitionsWithLag: 'true' });
    await agree('cap: idle consumers allowed', { ...base, allowIdleConsumers: 'true' });
    await agree('cap: partition limitation 1-2', { ...base, partitionLimitation: '1-2' });
    await agree('activation above the lag', { ...base, activationLagThreshold: '6', allowIdleConsumers: 'true' });
  });

  it('even distribution of partitions', async () => {
    const topic = await topicWith('even', [8, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    await commit(name('g-even'), topic, Object.fromEntries(Array.from({ length: 10 }, (_, p) => [p, 0])));
    await agree('even distribution', {
      consumerGroup: name('g-even'),
      topic,
      lagThreshold: '1',
      ensureEvenDistributionOfPartitions: 'true',
    });
  });

  it('persistent lag over three polls', async () => {
    const topic = await topicWith('persistent', [9]);
    const group = name('g-persistent');
    await commit(group, topic, { 0: 4 });
    await agree(
      'exclude persistent lag',
      { consumerGroup: group, topic, excludePersistentLag: 'true' },
      {
        polls: 3,
        between: async (index) => {
          if (index === 2) await commit(group, topic, { 0: 6 });
        },
      },
    );
  });

  it('every topic of the group when no topic is given', async () => {
    const group = name('g-multi');
    const first = await topicWith('multi-a', [5, 5]);
    const second = await topicWith('multi-b', [7]);
    await commit(group, first, { 0: 5, 1: 2 });
    await commit(group, second, { 0: 3 });
    await agree('no topic: group topics', { consumerGroup: group });
  });

  it('an unknown topic, an unreachable broker', async () => {
    await agree('unknown topic', { consumerGroup: name('g-missing'), topic: name('missing') });
    await agree(
      'nothing listens',
      { consumerGroup: 'g', topic: 't', bootstrapServers: '127.0.0.1:1' },
      { timeoutMs: 3000 },
    );
  });

  it('SCRAM logins', async () => {
    const topic = await topicWith('scram', [3]);
    await commit(name('g-scram'), topic, { 0: 1 });
    for (const sasl of ['scram_sha256', 'scram_sha512']) {
      await agree(
        `SCRAM ${sasl}`,
        { consumerGroup: name('g-scram'), topic, sasl, bootstrapServers: saslBrokers },
        { authParams: scram },
      );
    }
    await agree(
      'SCRAM wrong password',
      { consumerGroup: name('g-scram'), topic, sasl: 'scram_sha256', bootstrapServers: saslBrokers },
      {
        authParams: { ...scram, password: 'wrong-password' },
      },
    );
  });

  it('TLS: CA, client certificate, encrypted key, unsafeSsl, wrong CA', async () => {
    const pem = (file: string) => readFileSync(`${tlsDir.replace(/\/$/, '')}/${file}`, 'utf8');
    const [ca, otherCa, cert, key, encryptedKey] = [
      'ca.pem',
      'other-ca.pem',
      'client.pem',
      'client.key',
      'client-encrypted.key',
    ].map(pem);
    const topic = await topicWith('tls', [9]);
    await commit(name('g-tls'), topic, { 0: 4 });
    const base = { consumerGroup: name('g-tls'), topic };
    await agree(
      'TLS: CA from the authentication',
      { ...base, bootstrapServers: sslBrokers },
      { authParams: { tls: 'enable', ca: ca! } },
    );
    await agree(
      'TLS: client certificate',
      { ...base, bootstrapServers: mtlsBrokers, tls: 'enable' },
      { authParams: { ca: ca!, cert: cert!, key: key! } },
    );
    await agree(
      'TLS: encrypted key',
      { ...base, bootstrapServers: mtlsBrokers, tls: 'enable' },
      {
        authParams: {
          ca: ca!,
          cert: cert!,
          key: encryptedKey!,
          keyPassword: process.env.KAFKA_TLS_KEY_PASSWORD ?? 'client-key-secret',
        },
      },
    );
    await agree('TLS: unsafeSsl without CA', {
      ...base,
      bootstrapServers: sslBrokers,
      tls: 'enable',
      unsafeSsl: 'true',
    });
    await agree('TLS: no CA', { ...base, bootstrapServers: sslBrokers, tls: 'enable' });
    await agree(
      'TLS: wrong CA',
      { ...base, bootstrapServers: sslBrokers, tls: 'enable' },
      { authParams: { ca: otherCa! } },
    );
    await agree(
      'TLS: mutual TLS without a client certificate',
      { ...base, bootstrapServers: mtlsBrokers, tls: 'enable' },
      { authParams: { ca: ca! } },
    );
    await agree(
      'TLS: wrong keyPassword',
      { ...base, bootstrapServers: mtlsBrokers, tls: 'enable' },
      {
        authParams: { ca: ca!, cert: cert!, key: encryptedKey!, keyPassword: 'wrong-key-password' },
      },
    );
  });

  it('OAUTHBEARER with a client-credentials token endpoint', async () => {
    const topic = await topicWith('oauth', [7]);
    await commit(name('g-oauth'), topic, { 0: 3 });
    const endpoint = await startTokenEndpoint({ clientId: 'scaler-client', clientSecret: 'client-secret' });
    try {
      await agree(
        'OAUTHBEARER login',
        { consumerGroup: name('g-oauth'), topic, sasl: 'oauthbearer', bootstrapServers: oauthBrokers },
        {
          authParams: {
            username: 'scaler-client',
            password: 'client-secret',
            oauthTokenEndpointUri: endpoint.url,
            scopes: 'kafka',
          },
        },
      );
    } finally {
      await endpoint.close();
    }
  });
}
