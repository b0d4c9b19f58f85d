// Test helpers: a grpc-js client of the bridge (as KEDA's would call it), promisified, and TLS material made
// with openssl in a temporary directory.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChannelCredentials, type Client, credentials, type ServiceError } from '@grpc/grpc-js';
import { loadProtos } from './proto.js';
import type { ScaledObjectRef } from './trigger.js';

type Callback = (error: ServiceError | null, value: unknown) => void;
type UnaryMethod = (request: unknown, options: { deadline?: number }, callback: Callback) => void;

export interface BridgeClient {
  getMetricSpec(ref: ScaledObjectRef, deadlineMs?: number): Promise<{ metricSpecs: Record<string, unknown>[] }>;
  getMetrics(
    ref: ScaledObjectRef,
    metricName: string,
    deadlineMs?: number,
  ): Promise<{ metricValues: Record<string, unknown>[] }>;
  isActive(ref: ScaledObjectRef, deadlineMs?: number): Promise<{ result: boolean }>;
  /** Opens StreamIsActive; `values` fills as the server sends; `ended` settles with the final status. */
  streamIsActive(ref: ScaledObjectRef): ActivityStream;
  /** Opens StreamMetricSpec: `messages` fills as the server sends. */
  streamMetricSpec(ref: ScaledObjectRef): {
    messages: unknown[];
    next(count: number): Promise<unknown[]>;
    ended: Promise<ServiceError | 'ended'>;
    cancel(): void;
  };
  healthCheck(service: string): Promise<{ status: string }>;
  /** grpc.health.v1 Watch: the stream of `{ status }` messages. */
  healthWatch(service: string): NodeJS.EventEmitter;
  close(): void;
  raw: Client;
}

export interface ActivityStream {
  values: boolean[];
  /** Resolves with the values once there are `count` of them. */
  next(count: number): Promise<boolean[]>;
  /** 'ended' for a clean end of stream, else the error. */
  ended: Promise<ServiceError | 'ended'>;
  cancel(): void;
}

function unary(client: Client, method: string, request: unknown, deadlineMs?: number): Promise<never> {
  const call = (client as unknown as Record<string, UnaryMethod>)[method] as UnaryMethod;
  return new Promise((resolve, reject) => {
    call.call(client, request, deadlineMs === undefined ? {} : { deadline: Date.now() + deadlineMs }, (error, value) =>
      error ? reject(error) : resolve(value as never),
    );
  });
}

export function bridgeClient(
  port: number,
  channelCredentials: ChannelCredentials = credentials.createInsecure(),
  host = '127.0.0.1',
): BridgeClient {
  const protos = loadProtos();
  const client = new protos.externalScaler(`${host}:${port}`, channelCredentials);
  const health = new protos.health(`${host}:${port}`, channelCredentials);
  return {
    raw: client,
    getMetricSpec: (ref, deadline) => unary(client, 'GetMetricSpec', ref, deadline),
    getMetrics: (ref, metricName, deadline) =>
      unary(client, 'GetMetrics', { scaledObjectRef: ref, metricName }, deadline),
    isActive: (ref, deadline) => unary(client, 'IsActive', ref, deadline),
    healthCheck: (service) => unary(health, 'Check', { service }),
    healthWatch: (service) =>
      (health as unknown as { Watch(request: unknown): NodeJS.EventEmitter }).Watch({ service }),
    streamIsActive(ref) {
      const stream = (
        client as unknown as Record<string, (request: unknown) => NodeJS.EventEmitter>
      ).StreamIsActive?.call(client, ref) as NodeJS.EventEmitter & { cancel(): void };
      const values: boolean[] = [];
      const waiters: { count: number; resolve: (values: boolean[]) => void }[] = [];
      stream.on('data', (response: { result: boolean }) => {
        values.push(response.result);
        for (const waiter of [...waiters]) {
          if (values.length >= waiter.count) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve([...values]);
          }
        }
      });
      const ended = new Promise<ServiceError | 'ended'>((resolve) => {
        stream.on('error', (error: ServiceError) => resolve(error));
        stream.on('end', () => resolve('ended'));
      });
      return {
        values,
        ended,
        next: (count) =>
          values.length >= count
            ? Promise.resolve([...values])
            : new Promise((resolve) => waiters.push({ count, resolve })),
        cancel: () => stream.cancel(),
      };
    },
    streamMetricSpec(ref) {
      const stream = (
        client as unknown as Record<string, (request: unknown) => NodeJS.EventEmitter>
      ).StreamMetricSpec?.call(client, ref) as NodeJS.EventEmitter & { cancel(): void };
      const messages: unknown[] = [];
      const waiters: { count: number; resolve: (values: unknown[]) => void }[] = [];
      stream.on('data', (message: unknown) => {
        messages.push(message);
        for (const waiter of [...waiters]) {
          if (messages.length >= waiter.count) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve([...messages]);
          }
        }
      });
      const ended = new Promise<ServiceError | 'ended'>((resolve) => {
        stream.on('error', (error: ServiceError) => resolve(error));
        stream.on('end', () => resolve('ended'));
      });
      return {
        messages,
        ended,
        next: (count: number) =>
          messages.length >= count
            ? Promise.resolve([...messages])
            : new Promise<unknown[]>((resolve) => waiters.push({ count, resolve })),
        cancel: () => stream.cancel(),
      };
    },
    close() {
      client.close();
      health.close();
    },
  };
}

export interface TlsFiles {
  ca: Buffer;
  serverCert: Buffer;
  serverKey: Buffer;
  clientCert: Buffer;
  clientKey: Buffer;
  /** A CA that signed nothing here (a client trusting it must refuse the server). */
  otherCa: Buffer;
}

/** A CA, a server certificate for 127.0.0.1/localhost and a client certificate, made with openssl. */
export function makeTlsFiles(): TlsFiles {
  const directory = mkdtempSync(join(tmpdir(), 'keda-external-tls-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: directory, stdio: 'pipe' });
  try {
    for (const ca of ['ca', 'other-ca']) {
      run(
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${ca}`,
        '-keyout',
        `${ca}.key`,
        '-out',
        `${ca}.crt`,
      );
    }
    writeFileSync(join(directory, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    writeFileSync(join(directory, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
    for (const [name, subject] of [
      ['server', '/CN=keda-external'],
      ['client', '/CN=keda-operator'],
    ] as const) {
      run(
        'req',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-subj',
        subject,
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
      );
      run(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
        '-out',
        `${name}.crt`,
      );
    }
    const read = (file: string) => readFileSync(join(directory, file));
    return {
      ca: read('ca.crt'),
      serverCert: read('server.crt'),
      serverKey: read('server.key'),
      clientCert: read('client.crt'),
      clientKey: read('client.key'),
      otherCa: read('other-ca.crt'),
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
