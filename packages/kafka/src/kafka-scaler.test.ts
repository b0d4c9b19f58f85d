import { readFileSync } from 'node:fs';
import {
  createConnectionCache,
  ScalerConfigError,
  type ScalerContext,
  ScalerError,
  silentLogger,
} from '@scalerkit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  KafkaAdminLike,
  KafkaJsAdminOptions,
  KafkaPartitionOffset,
  KafkaTlsOptions,
  KafkaTopicMetadata,
} from './kafka-client.js';
import { KafkaScaler, kafkaScaler } from './kafka-scaler.js';

/** A recorded cluster: topic → partition → latest offset; group → topic → partition → committed offset. */
interface Recorded {
  latest: Record<string, number[]>;
  committed: Record<string, Record<string, number[]>>;
}

function fakeAdmin(recorded: Recorded) {
  const calls: string[] = [];
  const admin: KafkaAdminLike & { calls: string[]; disconnected: number } = {
    calls,
    disconnected: 0,
    async fetchTopicMetadata(topics) {
      calls.push(`metadata:${topics.join(',')}`);
      const names = topics.length === 0 ? Object.keys(recorded.latest) : topics;
      return names.map((topic): KafkaTopicMetadata => {
        const partitions = recorded.latest[topic];
        if (!partitions) throw new Error('This server does not host this topic-partition');
        return { topic, partitions: partitions.map((_, partition) => ({ partition, leader: 1 })) };
      });
    },
    async fetchCommittedOffsets(groupId, topics) {
      calls.push(`committed:${groupId}:${topics === null ? 'all' : topics.map((t) => t.topic).join(',')}`);
      const group = recorded.committed[groupId] ?? {};
      const result: KafkaPartitionOffset[] = [];
      if (topics === null) {
        for (const [topic, offsets] of Object.entries(group)) {
          offsets.forEach((offset, partition) => {
            if (offset >= 0) result.push({ topic, partition, offset });
          });
        }
        return result;
      }
      for (const { topic, partitions } of topics) {
        for (const partition of partitions) result.push({ topic, partition, offset: group[topic]?.[partition] ?? -1 });
      }
      return result;
    },
    async fetchLatestOffsets(topics) {
      calls.push(`latest:${topics.map((t) => t.topic).join(',')}`);
      return topics.flatMap(({ topic, partitions }) =>
        partitions.map(({ partition }) => ({ topic, partition, offset: recorded.latest[topic]![partition]! })),
      );
    },
    async fetchEarliestOffsets(topics) {
      calls.push(`earliest:${topics.map((t) => t.topic).join(',')}`);
      return topics.flatMap(({ topic, partitions }) =>
        partitions.map(({ partition }) => ({ topic, partition, offset: 0 })),
      );
    },
    async disconnect() {
      admin.disconnected += 1;
    },
  };
  return admin;
}

function context(overrides: Partial<ScalerContext> = {}): ScalerContext {
  return {
    logger: silentLogger,
    signal: new AbortController().signal,
    connections: createConnectionCache(),
    timeoutMs: 1000,
    ...overrides,
  };
}

function scalerFor(
  metadata: Record<string, string>,
  admin: KafkaAdminLike,
  ctx = context(),
  extra: { triggerIndex?: number; authParams?: Record<string, string> } = {},
) {
  const opened: KafkaJsAdminOptions[] = [];
  const config = kafkaScaler.parse({ metadata: { bootstrapServers: 'b:9092', ...metadata }, ...extra });
  const scaler = new KafkaScaler(config, ctx, {
    createAdmin: async (options) => {
      opened.push(options);
      return admin;
    },
  });
  return { scaler, opened, metricName: scaler.getMetricSpecs()[0]!.metricName };
}

afterEach(() => {
  vi.useRealTimers();
});

const fixture = (name: string) => readFileSync(new URL(`./test-fixtures/${name}`, import.meta.url), 'utf8');
const encryptedKey = fixture('client-encrypted.key');

describe('KafkaScaler metric spec', () => {
  const table: Array<[Record<string, string>, number, string]> = [
    [{ consumerGroup: 'g', topic: 'orders' }, 0, 's0-kafka-orders'],
    [{ consumerGroup: 'g', topic: 'my.topic' }, 2, 's2-kafka-my-topic'],
    [{ consumerGroup: 'my.group' }, 1, 's1-kafka-my-group-topics'],
  ];
  for (const [metadata, triggerIndex, name] of table) {
    it(`names the metric ${name}`, () => {
      const { scaler } = scalerFor(metadata, fakeAdmin({ latest: {}, committed: {} }), context(), { triggerIndex });
      expect(scaler.getMetricSpecs()).toEqual([{ metricName: name, targetType: 'AverageValue', targetValue: 10 }]);
    });
  }

  it('uses metricType Value and lagThreshold as target', () => {
    const config = kafkaScaler.parse({
      metadata: { bootstrapServers: 'b:1', consumerGroup: 'g', topic: 't', lagThreshold: '5' },
      metricType: 'Value',
    });
    const scaler = kafkaScaler.create(config, context());
    expect(scaler.getMetricSpecs()).toEqual([{ metricName: 's0-kafka-t', targetType: 'Value', targetValue: 5 }]);
  });
});

describe('KafkaScaler polls', () => {
  it('reports the lag of a topic with KEDA requests: metadata, then committed and latest', async () => {
    const admin = fakeAdmin({ latest: { t: [10, 20, 5] }, committed: { g: { t: [4, 20, -1] } } });
    const { scaler, metricName } = scalerFor({ consumerGroup: 'g', topic: 't' }, admin);
    // 6 + 0 + 1 (no commit under latest)
    expect(await scaler.getMetricsAndActivity(metricName)).toEqual({
      metrics: [{ metricName, value: 7 }],
      isActive: true,
    });
    expect(admin.calls).toEqual(['metadata:t', 'committed:g:t', 'latest:t']);
    await scaler.close();
  });

  it('filters partitions by partitionLimitation', async () => {
    const admin = fakeAdmin({ latest: { t: [10, 20, 5] }, committed: { g: { t: [0, 0, 0] } } });
    const { scaler, metricName } = scalerFor(
      { consumerGroup: 'g', topic: 't', partitionLimitation: '1-2', allowIdleConsumers: 'true' },
      admin,
    );
    expect((await scaler.getMetricsAndActivity(metricName)).metrics[0]!.value).toBe(25);
    await scaler.close();
  });

  it('fails when partitionLimitation leaves no partition', async () => {
    const admin = fakeAdmin({ latest: { t: [10] }, committed: {} });
    const { scaler, metricName } = scalerFor({ consumerGroup: 'g', topic: 't', partitionLimitation: '5' }, admin);
    await expect(scaler.getMetricsAndActivity(metricName)).rejects.toThrow(
      /no partition of topic "t" matches partitionLimitation/,
    );
    await scaler.close();
  });

  it('discovers topics from the group commits when no topic is given', async () => {
    const admin = fakeAdmin({
      latest: { a: [5, 5], b: [7], other: [100] },
      committed: { g: { a: [5, 2], b: [3] } },
    });
    const { scaler, metricName } = scalerFor({ consumerGroup: 'g' }, admin);
    expect((await scaler.getMetricsAndActivity(metricName)).metrics[0]!.value).toBe(7);
    expect(admin.calls).toEqual(['committed:g:all', 'metadata:a,b', 'committed:g:a,b', 'latest:a,b']);
    await scaler.close();
  });

  it('reads every topic of the cluster when the group committed nothing (1 per partition under latest)', async () => {
    const admin = fakeAdmin({ latest: { a: [5, 5], b: [7] }, committed: {} });
    const { scaler, metricName } = scalerFor({ consumerGroup: 'new' }, admin);
    expect(await scaler.getMetricsAndActivity(metricName)).toEqual({
      metrics: [{ metricName, value: 3 }],
      isActive: true,
    });
    expect(admin.calls[1]).toBe('metadata:');
    await scaler.close();
  });

  it('keeps previous offsets across polls for excludePersistentLag and forgets them after a failure', async () => {
    const recorded = { latest: { t: [10] }, committed: { g: { t: [4] } } };
    const admin = fakeAdmin(recorded);
    const { scaler, metricName } = scalerFor({ consumerGroup: 'g', topic: 't', excludePersistentLag: 'true' }, admin);
    expect(await scaler.getMetricsAndActivity(metricName)).toEqual({
      metrics: [{ metricName, value: 6 }],
      isActive: true,
    });
    // Unchanged commit: excluded from the metric, still active.
    expect(await scaler.getMetricsAndActivity(metricName)).toEqual({
      metrics: [{ metricName, value: 0 }],
      isActive: true,
    });
    recorded.latest.t = [];
    await expect(scaler.getMetricsAndActivity(metricName)).rejects.toThrow(ScalerError);
    recorded.latest.t = [10];
    // After a failure KEDA rebuilds the scaler: the lag counts again.
    expect((await scaler.getMetricsAndActivity(metricName)).metrics[0]!.value).toBe(6);
    await scaler.close();
  });

  it('fails when the committed-offset answer lacks a partition', async () => {
    const admin = fakeAdmin({ latest: { t: [10, 10] }, committed: {} });
    admin.fetchCommittedOffsets = async () => [{ topic: 't', partition: 0, offset: 1 }];
    const { scaler, metricName } = scalerFor({ consumerGroup: 'g', topic: 't' }, admin);
    await expect(scaler.getMetricsAndActivity(metricName)).rejects.toThrow(
      /no committed-offset answer for topic "t" partition 1/,
    );
    await scaler.close();
  });

  it('fails for a topic the broker does not know, with a METRIC_ERROR', async () => {
    const admin = fakeAdmin({ latest: {}, committed: {} });
    const { scaler, metricName } = scalerFor({ consumerGroup: 'g', topic: 'missing' }, admin);
    const error = await scaler.getMetricsAndActivity(metricName).catch((e: unknown) => e);
    expect(ScalerError.isInstance(error) && error.code).toBe('METRIC_ERROR');
    expect((error as Error).message).toMatch(/^kafka: reading the lag of group "g" failed: This server does not host/);
    await scaler.close();
  });

  it('refuses an unknown metric name and use after close', async () => {
    const admin = fakeAdmin({ latest: { t: [1] }, committed: {} });
    const { scaler, metricName } = scalerFor({ consumerGroup: 'g', topic: 't' }, admin);
    await expect(scaler.getMetricsAndActivity('s9-other')).rejects.toThrow(/unknown metric "s9-other"/);
    await scaler.close();
    await expect(scaler.getMetricsAndActivity(metricName)).rejects.toMatchObject({ code: 'CLOSED' });
  });
});

describe('KafkaScaler connections', () => {
  it('shares one client per broker list and credentials and closes it with the last user', async () => {
    const ctx = context();
    const admin = fakeAdmin({ latest: { t: [1] }, committed: {} });
    const auth = { authParams: { username: 'u', password: 'p' } };
    const first = scalerFor({ consumerGroup: 'g1', topic: 't', sasl: 'scram_sha512' }, admin, ctx, auth);
    const second = scalerFor({ consumerGroup: 'g2', topic: 't', sasl: 'scram_sha512' }, admin, ctx, auth);
    await first.scaler.getMetricsAndActivity(first.metricName);
    await second.scaler.getMetricsAndActivity(second.metricName);
    expect(first.opened).toHaveLength(1);
    expect(second.opened).toHaveLength(0);
    expect(first.opened[0]!.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'u', password: 'p' });
    expect(ctx.connections.size).toBe(1);
    await first.scaler.close();
    expect(admin.disconnected).toBe(0);
    await second.scaler.close();
    expect(admin.disconnected).toBe(1);
    expect(ctx.connections.size).toBe(0);
  });

  it('connects through the other brokers of a list with empty entries, sharing the client of the list without them', async () => {
    const ctx = context();
    const admin = fakeAdmin({ latest: { t: [4] }, committed: { g: { t: [1] } } });
    // KEDA keeps the empty entries (parse() returns them too) and sarama connects through the other brokers.
    const first = scalerFor({ consumerGroup: 'g', topic: 't', bootstrapServers: 'b:1,,b:2,' }, admin, ctx);
    const second = scalerFor({ consumerGroup: 'g', topic: 't', bootstrapServers: 'b:1,b:2' }, admin, ctx);
    expect(
      kafkaScaler.parse({ metadata: { bootstrapServers: 'b:1,,b:2,', consumerGroup: 'g' } }).bootstrapServers,
    ).toEqual(['b:1', '', 'b:2', '']);
    expect((await first.scaler.getMetricsAndActivity(first.metricName)).metrics[0]!.value).toBe(3);
    await second.scaler.getMetricsAndActivity(second.metricName);
    expect(first.opened.map((options) => options.brokers)).toEqual([['b:1', 'b:2']]);
    expect(second.opened).toHaveLength(0);
    expect(ctx.connections.size).toBe(1);
    await Promise.all([first.scaler.close(), second.scaler.close()]);
  });

  it('opens separate clients for different credentials', async () => {
    const ctx = context();
    const admin = fakeAdmin({ latest: { t: [1] }, committed: {} });
    const first = scalerFor({ consumerGroup: 'g', topic: 't', sasl: 'plaintext' }, admin, ctx, {
      authParams: { username: 'u', password: 'a' },
    });
    const second = scalerFor({ consumerGroup: 'g', topic: 't', sasl: 'plaintext' }, admin, ctx, {
      authParams: { username: 'u', password: 'b' },
    });
    await first.scaler.getMetricsAndActivity(first.metricName);
    await second.scaler.getMetricsAndActivity(second.metricName);
    expect(ctx.connections.size).toBe(2);
    await Promise.all([first.scaler.close(), second.scaler.close()]);
    expect(ctx.connections.size).toBe(0);
  });

  it('retries opening the client at the next poll after a failed open', async () => {
    const admin = fakeAdmin({ latest: { t: [3] }, committed: { g: { t: [1] } } });
    const config = kafkaScaler.parse({ metadata: { bootstrapServers: 'b:1', consumerGroup: 'g', topic: 't' } });
    let attempts = 0;
    const scaler = new KafkaScaler(config, context(), {
      createAdmin: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('connect ECONNREFUSED 127.0.0.1:1');
        return admin;
      },
    });
    const error = await scaler.getMetricsAndActivity('s0-kafka-t').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECTION_ERROR' });
    expect((await scaler.getMetricsAndActivity('s0-kafka-t')).metrics[0]!.value).toBe(2);
    await scaler.close();
  });
});

/** close() waits for requests still running inside the client, at most `boundMs` (2 × timeout + 1 s). */
async function closeAfter(scaler: KafkaScaler, boundMs: number) {
  let closed = false;
  const closing = scaler.close().then(() => {
    closed = true;
  });
  await vi.advanceTimersByTimeAsync(boundMs - 1);
  expect(closed).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  await closing;
  expect(vi.getTimerCount()).toBe(0);
}

describe('KafkaScaler timeouts, aborts and secrets', () => {
  function hangingAdmin(): KafkaAdminLike {
    const never = () => new Promise<never>(() => {});
    return {
      fetchTopicMetadata: never,
      fetchCommittedOffsets: never,
      fetchLatestOffsets: never,
      fetchEarliestOffsets: never,
      disconnect: async () => {},
    };
  }

  it('rejects with a ScalerTimeoutError after context.timeoutMs', async () => {
    vi.useFakeTimers();
    const { scaler, metricName } = scalerFor(
      { consumerGroup: 'g', topic: 't' },
      hangingAdmin(),
      context({ timeoutMs: 2500 }),
    );
    const poll = scaler.getMetricsAndActivity(metricName).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2499);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const error = await poll;
    expect(error).toMatchObject({ name: 'ScalerTimeoutError', code: 'TIMEOUT', timeoutMs: 2500 });
    expect((error as Error).message).toMatch(/kafka: polling group "g" at b:9092 did not answer within 2500 ms/);
    expect(vi.getTimerCount()).toBe(0);
    await closeAfter(scaler, 2 * 2500 + 1000);
  });

  it('defaults the timeout to 3000 ms', async () => {
    vi.useFakeTimers();
    const { scaler, metricName } = scalerFor(
      { consumerGroup: 'g', topic: 't' },
      hangingAdmin(),
      context({ timeoutMs: undefined }),
    );
    const poll = scaler.getMetricsAndActivity(metricName).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(3000);
    expect(await poll).toMatchObject({ code: 'TIMEOUT', timeoutMs: 3000 });
    await closeAfter(scaler, 2 * 3000 + 1000);
  });

  it('rejects at once when the caller aborts, and leaves no timer', async () => {
    vi.useFakeTimers();
    const { scaler, metricName } = scalerFor({ consumerGroup: 'g', topic: 't' }, hangingAdmin());
    const controller = new AbortController();
    const poll = scaler.getMetricsAndActivity(metricName, { signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect(await poll).toMatchObject({ code: 'ABORTED' });
    expect(vi.getTimerCount()).toBe(0);
    await closeAfter(scaler, 2 * 1000 + 1000);
  });

  it('close() lets an abandoned request finish before disconnecting, so it cannot open a socket afterwards', async () => {
    const admin = fakeAdmin({ latest: { t: [3] }, committed: { g: { t: [1] } } });
    let answer: (() => void) | undefined;
    const { fetchTopicMetadata } = admin;
    admin.fetchTopicMetadata = (topics) =>
      new Promise((resolve) => {
        answer = () => resolve(fetchTopicMetadata(topics));
      });
    const { scaler, metricName } = scalerFor({ consumerGroup: 'g', topic: 't' }, admin);
    const controller = new AbortController();
    const poll = scaler.getMetricsAndActivity(metricName, { signal: controller.signal }).catch((e: unknown) => e);
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(await poll).toMatchObject({ code: 'ABORTED' });
    let closed = false;
    const closing = scaler.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect([closed, admin.disconnected]).toEqual([false, 0]);
    answer!(); // the abandoned request completes (its later requests run too)
    await closing;
    expect(admin.calls).toEqual(['metadata:t', 'committed:g:t', 'latest:t']);
    expect(admin.disconnected).toBe(1);
  });

  it('rejects when the context signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { scaler, metricName } = scalerFor(
      { consumerGroup: 'g', topic: 't' },
      hangingAdmin(),
      context({ signal: controller.signal }),
    );
    await expect(scaler.getMetricsAndActivity(metricName)).rejects.toMatchObject({ code: 'ABORTED' });
    await scaler.close();
  });

  it('scrubs the password from client errors and marks authentication failures', async () => {
    const admin = fakeAdmin({ latest: {}, committed: {} });
    admin.fetchTopicMetadata = async () => {
      throw Object.assign(new Error('SASL SCRAM SHA256 authentication failed for hunter2-secret'), {
        name: 'KafkaJSSASLAuthenticationError',
      });
    };
    const { scaler, metricName } = scalerFor(
      { consumerGroup: 'g', topic: 't', sasl: 'scram_sha256' },
      admin,
      context(),
      {
        authParams: { username: 'u', password: 'hunter2-secret' },
      },
    );
    const error = (await scaler.getMetricsAndActivity(metricName).catch((e: unknown) => e)) as ScalerError;
    expect(error.code).toBe('AUTHENTICATION_ERROR');
    expect(error.message).not.toContain('hunter2-secret');
    expect(error.message).toContain('***');
    await scaler.close();
  });
});

describe('kafkaScaler.create', () => {
  const unsupported: Array<[string, Record<string, string>, Record<string, string>, string, RegExp]> = [
    [
      'gssapi',
      { sasl: 'gssapi' },
      { username: 'u', password: 'p', realm: 'R', kerberosConfig: 'C' },
      'sasl',
      /sasl gssapi \(Kerberos\) is not supported by @scalerkit\/kafka: kafkajs has no GSSAPI mechanism/,
    ],
    [
      'aws_msk_iam',
      { sasl: 'oauthbearer', saslTokenProvider: 'aws_msk_iam', tls: 'enable', awsRegion: 'r' },
      { awsRoleArn: 'arn' },
      'saslTokenProvider',
      /saslTokenProvider aws_msk_iam \(sasl oauthbearer\) is not supported by @scalerkit\/kafka: kafkajs has no MSK IAM signer/,
    ],
    [
      'a saslTokenProvider list (selects no provider)',
      { sasl: 'oauthbearer', saslTokenProvider: 'bearer,aws_msk_iam' },
      {},
      'saslTokenProvider',
      /"saslTokenProvider" "bearer,aws_msk_iam" selects no token provider for sasl oauthbearer; use bearer/,
    ],
    [
      'a bootstrapServers list of empty entries only',
      { bootstrapServers: ' , ,' },
      {},
      'bootstrapServers',
      /"bootstrapServers" has no broker address, only empty entries; give one or more host:port separated by commas/,
    ],
    [
      'an oauthTokenEndpointUri that is not an http(s) URL',
      { sasl: 'oauthbearer' },
      { username: 'u', password: 'p', oauthTokenEndpointUri: 'idp.example/token' },
      'oauthTokenEndpointUri',
      /"oauthTokenEndpointUri" must be an absolute http or https URL/,
    ],
  ];
  for (const [name, metadata, authParams, parameter, message] of unsupported) {
    it(`refuses ${name} with a clear ScalerConfigError naming ${parameter}`, () => {
      const config = kafkaScaler.parse({
        metadata: { bootstrapServers: 'b:1', consumerGroup: 'g', topic: 't', ...metadata },
        authParams,
      });
      let error: unknown;
      try {
        kafkaScaler.create(config, context());
      } catch (caught) {
        error = caught;
      }
      expect(ScalerConfigError.isInstance(error)).toBe(true);
      expect((error as ScalerConfigError).parameter).toBe(parameter);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('"p"');
    });
  }

  it('maps tls options to kafkajs ssl', async () => {
    const admin = fakeAdmin({ latest: { t: [0] }, committed: {} });
    const { scaler, opened, metricName } = scalerFor(
      { consumerGroup: 'g', topic: 't', tls: 'enable', unsafeSsl: 'true' },
      admin,
      context(),
      {
        authParams: {
          ca: fixture('ca.pem'),
          cert: fixture('client.pem'),
          key: encryptedKey,
          keyPassword: 'fixture-password',
        },
      },
    );
    await scaler.getMetricsAndActivity(metricName);
    expect(opened[0]!.ssl).toMatchObject({
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
      cert: fixture('client.pem').trim(),
      key: encryptedKey.trim(),
      passphrase: 'fixture-password',
    });
    expect((opened[0]!.ssl as KafkaTlsOptions).ca!.at(-1)).toBe(fixture('ca.pem').trim());
    expect(opened[0]!.requestTimeoutMs).toBe(1000);
    await scaler.close();
  });

  it('refuses a wrong keyPassword at create(), naming keyPassword without its value', () => {
    const config = kafkaScaler.parse({
      metadata: { bootstrapServers: 'b:1', consumerGroup: 'g', topic: 't', tls: 'enable' },
      authParams: { cert: fixture('client.pem'), key: encryptedKey, keyPassword: 'not-the-password' },
    });
    let error: unknown;
    try {
      kafkaScaler.create(config, context());
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ parameter: 'keyPassword', code: 'CONFIG_ERROR' });
    expect((error as Error).message).not.toContain('not-the-password');
  });
});
