// Every error path with secrets in play: the messages (and their causes') never hold a password, a client
// secret or a key, whether the secret came in the host URL, in authParams, or echoed back by the server.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ScalerError, TriggerInput } from '@scalerkit/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rabbitmqScaler } from './rabbitmq-scaler.js';
import { type ManagementStub, pollOnce, startManagementStub, testContext } from './test-support.js';

const password = 'Sup3r-Secret';
const clientSecret = 'Cl1ent-Secret';
let stub: ManagementStub;
let closedPort: number;
let silentPort: number;
// Reads (so that it sees the client close) and never answers.
const silent = createServer((socket) => socket.resume());

beforeAll(async () => {
  stub = await startManagementStub();
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as AddressInfo).port;
});
afterAll(async () => {
  await stub.close();
  const open = await new Promise<number>((resolve) => silent.getConnections((_error, count) => resolve(count)));
  console.log('silent connections still open', open);
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

/** Every message along the error's cause chain. */
function messages(error: unknown): string {
  const texts: string[] = [];
  for (let current = error; current instanceof Error; current = (current as { cause?: unknown }).cause)
    texts.push(current.message);
  return texts.join(' | ');
}

async function errorOf(input: TriggerInput, timeoutMs = 1000): Promise<string> {
  let text = '';
  try {
    const scaler = rabbitmqScaler.create(rabbitmqScaler.parse(input), testContext(timeoutMs));
    try {
      await pollOnce(scaler);
    } finally {
      await scaler.close();
    }
  } catch (error) {
    text = messages(error as ScalerError);
  }
  expect(text).not.toBe('');
  return text;
}

it.each<[string, () => TriggerInput, (() => [number, string])?]>([
  [
    '401 with the password in the URL',
    () => ({ metadata: { queueName: 'q', host: stub.url.replace('//', `//u:${password}@`) } }),
    () => [401, 'denied'],
  ],
  [
    '500 echoing the credentials',
    () => ({ metadata: { queueName: 'q', host: stub.url.replace('//', `//u:${password}@`) } }),
    () => [500, `${stub.url.replace('//', `//u:${password}@`)} ${password}`],
  ],
  [
    '404 with username/password from authParams',
    () => ({ metadata: { queueName: 'q', host: stub.url }, authParams: { username: 'u', password } }),
    () => [404, `{"error":"${password}"}`],
  ],
  [
    'refused HTTP connection',
    () => ({ metadata: { queueName: 'q', host: `http://u:${password}@127.0.0.1:${closedPort}/` } }),
  ],
  [
    'silent HTTP server (timeout)',
    () => ({ metadata: { queueName: 'q', host: `http://u:${password}@127.0.0.1:${silentPort}/` } }),
  ],
  [
    'refused AMQP connection',
    () => ({ metadata: { queueName: 'q', host: `amqp://u:${password}@127.0.0.1:${closedPort}/` } }),
  ],
  [
    'silent AMQP server (timeout)',
    () => ({ metadata: { queueName: 'q', host: `amqp://u:${password}@127.0.0.1:${silentPort}/` } }),
  ],
  [
    'AMQP host amqp091 refuses',
    () => ({ metadata: { queueName: 'q', host: `amqp://u:${password}@h:99999999999/`, protocol: 'amqp' } }),
  ],
  [
    'token endpoint refused',
    () => ({
      metadata: { queueName: 'q', host: stub.url },
      authParams: { oauthTokenURI: `http://127.0.0.1:${closedPort}/token`, clientID: 'c', clientSecret },
    }),
  ],
  [
    'parse error with secrets given',
    () => ({
      metadata: { queueName: 'q', host: `amqp://u:${password}@h/`, mode: 'Feelings', value: '1' },
      authParams: { password, clientSecret },
    }),
  ],
])('%s', async (_name, input, answer) => {
  if (answer) stub.answer(...answer());
  const text = await errorOf(input());
  for (const secret of [password, clientSecret]) expect(text).not.toContain(secret);
});
