// ClusterConnection: one kafkajs cluster at a time, replaced when it stops answering (issue 10 item 5).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClusterConnection, TIMEOUTS_BEFORE_RECONNECT } from './kafka-cluster-connection.js';
import type { SocketTracker } from './kafka-socket.js';

/** kafkajs's error shapes: the name is what tells them apart. */
function kafkaJsError(name: string, cause?: Error): Error {
  const error = new Error(name, cause ? { cause } : undefined);
  error.name = name;
  return error;
}

interface FakeCluster {
  id: number;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  disconnects: number;
}

/** A connection over fake clusters; `connect` decides how each cluster's connect() settles. */
function fakeConnection(
  connect: (id: number) => Promise<void> = () => Promise.resolve(),
  disconnect?: () => Promise<void>,
) {
  const clusters: FakeCluster[] = [];
  const destroyed: number[] = [];
  const connection = new ClusterConnection<FakeCluster>({
    closeTimeoutMs: 1000,
    open() {
      const id = clusters.length + 1;
      const cluster: FakeCluster = {
        id,
        connect: () => connect(id),
        disconnect: () => {
          cluster.disconnects += 1;
          return disconnect ? disconnect() : Promise.resolve();
        },
        disconnects: 0,
      };
      clusters.push(cluster);
      const sockets: SocketTracker = {
        socketFactory: () => {
          throw new Error('unused');
        },
        size: 0,
        destroyAll: () => destroyed.push(id),
      };
      return { cluster, sockets };
    },
  });
  const clusterOf = () => connection.use(async ({ cluster }) => cluster.id);
  const fail = (error: Error) =>
    connection.use(async () => {
      throw error;
    });
  return { connection, clusters, destroyed, clusterOf, fail };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ClusterConnection', () => {
  it('opens one cluster for calls that arrive while it connects', async () => {
    let finish!: () => void;
    const { clusters, clusterOf } = fakeConnection(() => new Promise<void>((resolve) => (finish = resolve)));
    const calls = [clusterOf(), clusterOf(), clusterOf()];
    await Promise.resolve();
    expect(clusters).toHaveLength(1);
    finish();
    expect(await Promise.all(calls)).toEqual([1, 1, 1]);
    expect(await clusterOf()).toBe(1);
    expect(clusters).toHaveLength(1);
  });

  it('drops a cluster whose connect failed, destroying its sockets, and opens a new one on the next call', async () => {
    const { clusters, destroyed, clusterOf } = fakeConnection((id) =>
      id === 1 ? Promise.reject(kafkaJsError('KafkaJSConnectionError')) : Promise.resolve(),
    );
    await expect(clusterOf()).rejects.toThrow('KafkaJSConnectionError');
    expect(destroyed).toEqual([1]);
    expect(await clusterOf()).toBe(2);
    expect(clusters).toHaveLength(2);
  });

  // [what failed, the error, whether the cluster is kept]
  const table: Array<[string, Error, boolean]> = [
    ['the broker answered with an error code', kafkaJsError('KafkaJSProtocolError'), true],
    [
      'an error code, wrapped by kafkajs retries',
      kafkaJsError('KafkaJSNumberOfRetriesExceeded', kafkaJsError('KafkaJSProtocolError')),
      true,
    ],
    ['one request timed out', kafkaJsError('KafkaJSRequestTimeoutError'), true],
    ['the connection failed', kafkaJsError('KafkaJSConnectionError'), false],
    [
      'the connection closed, wrapped',
      kafkaJsError('KafkaJSNonRetriableError', kafkaJsError('KafkaJSConnectionClosedError')),
      false,
    ],
    ['a handshake that never finished ("Broker not connected")', new Error('Broker not connected'), false],
    ['authentication', kafkaJsError('KafkaJSSASLAuthenticationError'), false],
  ];
  for (const [what, error, kept] of table) {
    it(`${kept ? 'keeps' : 'replaces'} the cluster when ${what}`, async () => {
      const { destroyed, clusterOf, fail } = fakeConnection();
      expect(await clusterOf()).toBe(1);
      await expect(fail(error)).rejects.toBe(error);
      expect(await clusterOf()).toBe(kept ? 1 : 2);
      expect(destroyed).toEqual(kept ? [] : [1]);
    });
  }

  it(`replaces the cluster after ${TIMEOUTS_BEFORE_RECONNECT} request timeouts in a row, not when an answer came between`, async () => {
    const { clusterOf, fail } = fakeConnection();
    const timeout = () => fail(kafkaJsError('KafkaJSRequestTimeoutError')).catch(() => undefined);
    for (let index = 1; index < TIMEOUTS_BEFORE_RECONNECT; index += 1) await timeout();
    expect(await clusterOf()).toBe(1); // an answer resets the count
    for (let index = 1; index < TIMEOUTS_BEFORE_RECONNECT; index += 1) await timeout();
    await timeout();
    expect(await clusterOf()).toBe(2);
  });

  it('ignores the late timeout of a call that started before one that answered', async () => {
    const { connection, clusterOf } = fakeConnection();
    await clusterOf();
    const late: Array<() => void> = [];
    const abandoned = Array.from({ length: TIMEOUTS_BEFORE_RECONNECT }, () =>
      connection.use(
        () => new Promise((_, reject) => late.push(() => reject(kafkaJsError('KafkaJSRequestTimeoutError')))),
      ),
    );
    expect(await clusterOf()).toBe(1);
    for (const reject of late) reject();
    await Promise.allSettled(abandoned);
    expect(await clusterOf()).toBe(1);
  });

  it('does not let a failure of a replaced cluster drop its successor', async () => {
    const { connection, clusterOf, fail } = fakeConnection();
    await clusterOf();
    let rejectOld!: (error: Error) => void;
    const old = connection.use(() => new Promise((_, reject) => (rejectOld = reject)));
    await fail(kafkaJsError('KafkaJSConnectionError')).catch(() => undefined);
    expect(await clusterOf()).toBe(2);
    rejectOld(kafkaJsError('KafkaJSConnectionError'));
    await old.catch(() => undefined);
    expect(await clusterOf()).toBe(2);
  });

  it('close() disconnects, destroys the sockets left, and refuses later calls', async () => {
    const { connection, clusters, destroyed, clusterOf } = fakeConnection();
    await clusterOf();
    await connection.close();
    expect(clusters[0]!.disconnects).toBe(1);
    expect(destroyed).toEqual([1]);
    await expect(clusterOf()).rejects.toThrow('the Kafka client is closed');
    expect(clusters).toHaveLength(1);
  });

  it('close() settles after closeTimeoutMs when kafkajs never finishes disconnecting, with the sockets destroyed', async () => {
    vi.useFakeTimers();
    const { connection, destroyed, clusterOf } = fakeConnection(undefined, () => new Promise<void>(() => {}));
    await clusterOf();
    let settled = false;
    const closing = connection.close().then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBe(false);
    expect(destroyed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await closing;
    expect(destroyed).toEqual([1]);
  });

  it('close() during a connect destroys that cluster at once; the waiting call fails', async () => {
    let failConnect!: (error: Error) => void;
    const { connection, destroyed, clusterOf } = fakeConnection(
      () => new Promise<void>((_, reject) => (failConnect = reject)),
    );
    const waiting = clusterOf();
    await Promise.resolve();
    const closing = connection.close();
    expect(destroyed).toEqual([1]);
    failConnect(kafkaJsError('KafkaJSConnectionError'));
    await expect(waiting).rejects.toThrow();
    await closing;
  });

  it('a connect that succeeds after close() is dropped too', async () => {
    let finish!: () => void;
    const { connection, clusters, destroyed, clusterOf } = fakeConnection(
      () => new Promise<void>((resolve) => (finish = resolve)),
    );
    const waiting = clusterOf();
    await Promise.resolve();
    const closing = connection.close();
    finish();
    await expect(waiting).rejects.toThrow('the Kafka client is closed');
    await closing;
    expect(destroyed).toEqual([1]);
    expect(clusters[0]!.disconnects).toBe(1);
  });
});
