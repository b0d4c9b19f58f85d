// The real broker of scripts/services/rabbitmq.sh, for the integration tests: addresses, credentials and a few
// admin helpers (queues over AMQP, the management API over fetch).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import amqplib from 'amqplib';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export const broker = {
  amqpUrl: process.env.RABBITMQ_AMQP_URL ?? 'amqp://127.0.0.1:5672',
  amqpsUrl: process.env.RABBITMQ_AMQPS_URL ?? 'amqps://localhost:5671',
  managementUrl: process.env.RABBITMQ_MANAGEMENT_URL ?? 'http://127.0.0.1:15672',
  managementTlsUrl: process.env.RABBITMQ_MANAGEMENT_TLS_URL ?? 'https://localhost:15671',
  username: process.env.RABBITMQ_USERNAME ?? 'scaler',
  password: process.env.RABBITMQ_PASSWORD ?? 'scaler-secret',
  vhost: process.env.RABBITMQ_VHOST ?? 'scalerkit-test',
  tlsDir: process.env.RABBITMQ_TLS_DIR ?? `${root}.services/rabbitmq/tls`,
};

/** `amqp://user:pass@host:port/<vhost>` for the test user (vhost `/` when omitted). */
export function amqpHost(vhost = '', credentials = true): string {
  const url = new URL(broker.amqpUrl);
  const userinfo = credentials ? `${broker.username}:${broker.password}@` : '';
  return `${url.protocol}//${userinfo}${url.host}/${encodeURIComponent(vhost)}`;
}

/** `http://user:pass@host:port/<vhost>` for the test user (vhost `/` when omitted). */
export function managementHost(vhost = '', credentials = true): string {
  const url = new URL(broker.managementUrl);
  const userinfo = credentials ? `${broker.username}:${broker.password}@` : '';
  return `${url.protocol}//${userinfo}${url.host}/${encodeURIComponent(vhost)}`;
}

export function tlsFile(name: string): string {
  return readFileSync(`${broker.tlsDir}/${name}`, 'utf8');
}

/** A unique queue name for one test. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** An admin AMQP connection to one vhost; `close()` when done. */
export async function adminChannel(vhost = '/') {
  const url = new URL(broker.amqpUrl);
  const connection = await amqplib.connect({
    protocol: 'amqp',
    hostname: url.hostname,
    port: Number(url.port || 5672),
    username: broker.username,
    password: broker.password,
    vhost: encodeURIComponent(vhost),
  });
  const channel = await connection.createChannel();
  return {
    channel,
    async queue(name: string) {
      await channel.assertQueue(name, { durable: false });
    },
    async publish(name: string, count: number) {
      for (let index = 0; index < count; index += 1) channel.sendToQueue(name, Buffer.from(`m${index}`));
      // A round trip after the publishes: they have reached the queue when it answers.
      await channel.checkQueue(name);
    },
    async close() {
      await connection.close().catch(() => undefined);
    },
  };
}

/** GET/DELETE on the management API as the test user; the parsed body. */
export async function management(path: string, method = 'GET'): Promise<unknown> {
  const response = await fetch(`${broker.managementUrl}${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from(`${broker.username}:${broker.password}`).toString('base64')}` },
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`management ${method} ${path}: ${response.status} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

/** Waits until `read()` returns `expected` (management statistics refresh every 500 ms here). */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (JSON.stringify(value) === JSON.stringify(expected) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Established TCP connections from this process to `port` (counted with `ss`). */
export function socketsTo(port: number): number {
  const output = execFileSync('ss', ['-tnpH', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' });
  return output.split('\n').filter((line) => line.includes(`pid=${process.pid},`)).length;
}
