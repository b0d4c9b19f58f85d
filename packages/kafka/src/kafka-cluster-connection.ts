// The connection under createKafkaJsAdmin: one kafkajs cluster at a time, replaced when it stops answering, with
// every socket of a replaced or closed cluster destroyed. kafkajs reconnects inside its cluster object and keeps a
// broker whose handshake timed out as "connected" (every later request then fails with "Broker not connected",
// even after the broker is back), and ends sockets with a FIN that a frozen broker never answers.
import type { SocketTracker } from './kafka-socket.js';

/** One kafkajs cluster and what belongs to it. */
export interface ClusterGeneration<Cluster> {
  readonly cluster: Cluster;
  /** Group coordinators (node ids) found on this cluster, kept until a request to one fails (as sarama). */
  readonly coordinators: Map<string, number>;
}

/** A kafkajs cluster as the connection drives it. */
export interface ConnectableCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

/** What opening one generation returns: the cluster, and its socket tracker when the sockets are ours. */
export interface OpenedCluster<Cluster> {
  cluster: Cluster;
  sockets: SocketTracker | undefined;
}

/** Options of `ClusterConnection`. */
export interface ClusterConnectionOptions<Cluster> {
  /** Builds a new, not yet connected cluster. */
  open(): OpenedCluster<Cluster>;
  /** How long an orderly close waits for kafkajs's disconnect before the sockets are destroyed (ms). */
  closeTimeoutMs: number;
}

/** Request timeouts in a row on one cluster (none answered since) after which it is replaced. */
export const TIMEOUTS_BEFORE_RECONNECT = 3;

interface Generation<Cluster> extends ClusterGeneration<Cluster> {
  readonly sockets: SocketTracker | undefined;
  timeoutsInARow: number;
  /** Sequence number of the latest call that answered. */
  answered: number;
  retired: boolean;
}

/** True when `error` (or an error it wraps) is kafkajs's kind of error named `name`. */
function isKafkaJsError(error: unknown, name: string): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; depth += 1) {
    if (current.name === name) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * One kafkajs cluster at a time for a `createKafkaJsAdmin` client. The guarantees, whatever the broker does:
 * - one connection attempt in flight: a call that finds the cluster connecting waits on that attempt (its caller's
 *   deadline bounds the wait) instead of starting another;
 * - a cluster that fails other than with the broker's own answer (a protocol error code) is replaced before the
 *   next call: connection errors, a handshake that never finished, authentication; after
 *   `TIMEOUTS_BEFORE_RECONNECT` request timeouts in a row too (a frozen broker answers on the old connection when
 *   it resumes, so a single timeout keeps it). KEDA rebuilds its scaler, and its sarama client, after an error
 *   (`refreshScaler` in KEDA v2.21 pkg/scaling/cache/scalers_cache.go);
 * - a replaced cluster's sockets are destroyed at once, so calls abandoned in it fail fast and open nothing new;
 * - `close()` lets kafkajs disconnect for at most `closeTimeoutMs`, then destroys every socket left.
 */
export class ClusterConnection<Cluster extends ConnectableCluster> {
  readonly #options: ClusterConnectionOptions<Cluster>;
  #current: Generation<Cluster> | undefined;
  #connecting: Promise<Generation<Cluster>> | undefined;
  #opening: Generation<Cluster> | undefined;
  #closed = false;
  #sequence = 0;
  readonly #retiring = new Set<Promise<void>>();

  constructor(options: ClusterConnectionOptions<Cluster>) {
    this.#options = options;
  }

  /** Connects now (the first cluster), rejecting as the connection attempt does. */
  async connect(): Promise<void> {
    await this.#connected();
  }

  /** Runs `work` on the connected cluster; a failure that says the cluster is unusable replaces it. */
  async use<T>(work: (generation: ClusterGeneration<Cluster>) => Promise<T>): Promise<T> {
    const generation = await this.#connected();
    const sequence = ++this.#sequence;
    try {
      const result = await work(generation);
      generation.timeoutsInARow = 0;
      generation.answered = Math.max(generation.answered, sequence);
      return result;
    } catch (error) {
      this.#failed(generation, sequence, error);
      throw error;
    }
  }

  /** Closes the cluster (and one being connected), bounded by `closeTimeoutMs`; refuses use afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    const current = this.#current;
    const opening = this.#opening;
    this.#current = undefined;
    if (current) this.#retire(current, true);
    if (opening) this.#retire(opening, false);
    await Promise.all(this.#retiring);
  }

  #connected(): Promise<Generation<Cluster>> {
    if (this.#closed) return Promise.reject(new Error('the Kafka client is closed'));
    if (this.#current) return Promise.resolve(this.#current);
    if (!this.#connecting) {
      const connecting = this.#open();
      this.#connecting = connecting;
      const done = () => {
        if (this.#connecting === connecting) this.#connecting = undefined;
      };
      connecting.then(done, done);
    }
    return this.#connecting;
  }

  async #open(): Promise<Generation<Cluster>> {
    const { cluster, sockets } = this.#options.open();
    const generation: Generation<Cluster> = {
      cluster,
      sockets,
      coordinators: new Map(),
      timeoutsInARow: 0,
      answered: 0,
      retired: false,
    };
    this.#opening = generation;
    try {
      await cluster.connect();
    } catch (error) {
      this.#retire(generation, false);
      throw error;
    } finally {
      if (this.#opening === generation) this.#opening = undefined;
    }
    if (this.#closed || generation.retired) {
      this.#retire(generation, false);
      throw new Error('the Kafka client is closed');
    }
    this.#current = generation;
    return generation;
  }

  #failed(generation: Generation<Cluster>, sequence: number, error: unknown): void {
    if (generation.retired) return;
    // The broker answered with an error code: the connection works.
    if (isKafkaJsError(error, 'KafkaJSProtocolError')) return;
    if (isKafkaJsError(error, 'KafkaJSRequestTimeoutError')) {
      // A call that started before one that answered says nothing new about the cluster.
      if (sequence < generation.answered) return;
      generation.timeoutsInARow += 1;
      if (generation.timeoutsInARow < TIMEOUTS_BEFORE_RECONNECT) return;
    }
    if (this.#current === generation) this.#current = undefined;
    this.#retire(generation, false);
  }

  /** Drops a cluster: an orderly disconnect (bounded) when `orderly`, else its sockets destroyed at once. */
  #retire(generation: Generation<Cluster>, orderly: boolean): void {
    if (generation.retired) return;
    generation.retired = true;
    generation.coordinators.clear();
    if (!orderly) generation.sockets?.destroyAll();
    const disconnected = generation.cluster.disconnect().catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#options.closeTimeoutMs);
      timer.unref();
    });
    const retiring = Promise.race([disconnected, bound]).then(() => {
      clearTimeout(timer);
      if (orderly) generation.sockets?.destroyAll();
    });
    this.#retiring.add(retiring);
    retiring.then(() => this.#retiring.delete(retiring));
  }
}
