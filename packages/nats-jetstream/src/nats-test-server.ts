// Test helpers against the servers of scripts/services/nats.sh: streams, durable consumers, messages published
// and fetched without ack (so that both num_pending and num_ack_pending are known), and the scalers under test.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createConnectionCache, type Scaler, silentLogger, type TriggerInput } from '@scalerkit/core';
import { AckPolicy, type ConnectionOptions, connect, type JetStreamManager, type NatsConnection } from 'nats';
import { natsJetStreamScaler } from './nats-jetstream-scaler.js';

/** The standalone server ($G has JetStream). */
export const standalone = {
  url: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  monitoring: process.env.NATS_MONITORING_ENDPOINT ?? '127.0.0.1:8222',
};

/** The three-node cluster: node name, client URL and monitoring endpoint. */
export const clusterNodes = [
  { name: 'n1', url: 'nats://127.0.0.2:4222', monitoring: '127.0.0.2:8222' },
  { name: 'n2', url: 'nats://127.0.0.3:4222', monitoring: '127.0.0.3:8222' },
  { name: 'n3', url: 'nats://127.0.0.4:4222', monitoring: '127.0.0.4:8222' },
] as const;

/** Fixed credentials of the cluster's accounts (scripts/services/nats.sh; loopback only). */
export const teams = {
  TEAM_A: { user: 'team-a', pass: 'team-a-secret' },
  TEAM_B: { user: 'team-b', pass: 'team-b-secret' },
} as const;

/** A name no other test run uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
}

/** A JetStream connection with the helpers the tests need. */
export class JetStreamFixture {
  private constructor(
    readonly connection: NatsConnection,
    readonly manager: JetStreamManager,
  ) {}

  static async open(options: ConnectionOptions): Promise<JetStreamFixture> {
    const connection = await connect({ ...options, timeout: 5000 });
    return new JetStreamFixture(connection, await connection.jetstreamManager({ timeout: 10_000 }));
  }

  /** A stream on `<stream>.>` with a durable pull consumer (explicit ack, ack wait 10 min). */
  async createStream(stream: string, consumer: string, replicas = 1): Promise<void> {
    await this.manager.streams.add({ name: stream, subjects: [`${stream}.>`], num_replicas: replicas });
    await this.createConsumer(stream, consumer);
  }

  async createConsumer(stream: string, consumer: string): Promise<void> {
    await this.manager.consumers.add(stream, {
      durable_name: consumer,
      ack_policy: AckPolicy.Explicit,
      ack_wait: 600_000_000_000,
    });
  }

  async publish(stream: string, count: number): Promise<void> {
    const js = this.connection.jetstream();
    for (let index = 0; index < count; index += 1)
      await js.publish(`${stream}.work`, new TextEncoder().encode(`m${index}`));
  }

  /** Fetches `count` messages without acknowledging them: they become ack-pending. */
  async fetchWithoutAck(stream: string, consumer: string, count: number): Promise<number> {
    const messages = await (await this.connection.jetstream().consumers.get(stream, consumer)).fetch({
      max_messages: count,
      expires: 2000,
    });
    let received = 0;
    for await (const _message of messages) {
      received += 1;
      if (received === count) break;
    }
    return received;
  }

  /** The consumer's counts as the server's API reports them. */
  async counts(stream: string, consumer: string) {
    const info = await this.manager.consumers.info(stream, consumer);
    return { pending: info.num_pending, ackPending: info.num_ack_pending, leader: info.cluster?.leader ?? '' };
  }

  /** Empties the stream and starts the consumer again: the lag becomes 0. */
  async reset(stream: string, consumer: string): Promise<void> {
    await this.manager.consumers.delete(stream, consumer).catch(() => false);
    await this.manager.streams.purge(stream);
    await this.createConsumer(stream, consumer);
  }

  async deleteStream(stream: string): Promise<void> {
    await this.manager.streams.delete(stream).catch(() => false);
  }

  /** Asks the consumer's leader to step down (`$JS.API.CONSUMER.LEADER.STEPDOWN`), as KEDA's e2e does. */
  async stepDownConsumerLeader(stream: string, consumer: string): Promise<void> {
    await this.connection.request(`$JS.API.CONSUMER.LEADER.STEPDOWN.${stream}.${consumer}`, undefined, {
      timeout: 10_000,
    });
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

const created: Scaler[] = [];

/** A scaler over the real HTTP client, as a host creates it; closed by `closeCreatedScalers`. */
export function realScaler(input: TriggerInput, timeoutMs = 3000): Scaler {
  const scaler = natsJetStreamScaler.create(natsJetStreamScaler.parse(input), {
    logger: silentLogger,
    signal: new AbortController().signal,
    connections: createConnectionCache(),
    timeoutMs,
  });
  created.push(scaler);
  return scaler;
}

export async function closeCreatedScalers(): Promise<void> {
  for (const scaler of created.splice(0)) await scaler.close();
}

/** Polls until `check` passes or `ms` passes (server-side counts settle asynchronously in a cluster). */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const script = fileURLToPath(new URL('../../../scripts/services/nats.sh', import.meta.url));

/** Runs `scripts/services/nats.sh <args>` (stop-node, up cluster). */
export async function natsService(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('bash', [script, ...args], { timeout: 120_000 });
  return stdout;
}
