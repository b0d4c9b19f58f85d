import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from './http.js';
import { buildTlsOptions } from './tls.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
let handler: Handler = (_request, response) => response.end();
const seen: IncomingMessage[] = [];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const server = createHttpServer((request, response) => {
  seen.push(request);
  handler(request, response);
});
let base = '';
beforeAll(async () => {
  base = `http://${await listen(server)}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const json =
  (status: number, body: unknown): Handler =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

describe('getJson', () => {
  it('returns the status, headers and parsed body, sending Basic auth from the options', async () => {
    handler = json(200, { messages: 3 });
    const answer = await getJson(`${base}/api/queues/%2F/q`, {
      timeoutMs: 2000,
      auth: { username: 'guest', password: 'pa:ss' },
    });
    expect(answer).toMatchObject({ status: 200, body: { messages: 3 }, text: '{"messages":3}' });
    expect(answer.headers['content-type']).toBe('application/json');
    const request = seen.at(-1)!;
    expect(request.url).toBe('/api/queues/%2F/q');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('guest:pa:ss').toString('base64')}`);
    expect(request.headers.accept).toBe('application/json');
  });

  it('uses credentials in the URL as Basic auth and a bearer token as given', async () => {
    handler = json(200, {});
    await getJson(base.replace('http://', 'http://us%40er:p%2Fw@') + '/x', { timeoutMs: 2000 });
    expect(seen.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from('us@er:p/w').toString('base64')}`);
    await getJson(`${base}/x`, { timeoutMs: 2000, auth: { bearer: 'tok' } });
    expect(seen.at(-1)!.headers.authorization).toBe('Bearer tok');
  });

  it('does not throw for an HTTP error status; a body that is not JSON is undefined', async () => {
    handler = (_request, response) => {
      response.writeHead(404);
      response.end('Not Found');
    };
    expect(await getJson(`${base}/missing`, { timeoutMs: 2000 })).toMatchObject({
      status: 404,
      body: undefined,
      text: 'Not Found',
    });
  });

  it('refuses a body over maxBytes', async () => {
    handler = json(200, { padding: 'x'.repeat(2000) });
    await expect(getJson(`${base}/big`, { timeoutMs: 2000, maxBytes: 1000, scalerType: 'nats' })).rejects.toMatchObject(
      {
        code: 'METRIC_ERROR',
        message: `nats: GET ${base}/big failed: the response is larger than 1000 bytes`,
      },
    );
  });

  it('times out, showing the URL without credentials or query', async () => {
    handler = () => {}; // never answers
    const error = await getJson(base.replace('http://', 'http://user:hunter22@') + '/slow?token=abc', {
      timeoutMs: 50,
      scalerType: 'rabbitmq',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT', message: `rabbitmq: GET ${base}/slow did not answer within 50 ms` });
  });

  it('aborts with the signal', async () => {
    handler = () => {};
    const controller = new AbortController();
    const pending = getJson(`${base}/slow`, { timeoutMs: 5000, signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 10);
    expect(await pending).toMatchObject({ code: 'ABORTED' });
  });

  it('reports an unreachable server as CONNECTION_ERROR', async () => {
    const closed = createHttpServer();
    const address = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const error = await getJson(`http://${address}/`, { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECTION_ERROR' });
    expect((error as Error).message).toMatch(new RegExp(`^http: GET http://${address}/ failed: .*ECONNREFUSED`));
  });

  it('refuses other protocols', async () => {
    await expect(getJson('ftp://127.0.0.1/', { timeoutMs: 100 })).rejects.toMatchObject({ code: 'CONFIG_ERROR' });
  });
});

describe('getJson over https', () => {
  const directory = mkdtempSync(join(tmpdir(), 'scalerkit-https-'));
  let secure: Server;
  let address = '';
  let certificate = '';
  beforeAll(async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(directory, 'key.pem'),
        '-out',
        join(directory, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    certificate = readFileSync(join(directory, 'cert.pem'), 'utf8');
    secure = createHttpsServer(
      { cert: certificate, key: readFileSync(join(directory, 'key.pem')) },
      json(200, { ok: true }),
    );
    address = await listen(secure);
  });
  afterAll(async () => {
    secure.closeAllConnections();
    await new Promise((resolve) => secure.close(resolve));
    rmSync(directory, { recursive: true, force: true });
  });

  it('trusts a server signed by the given ca, and refuses it without', async () => {
    const tls = buildTlsOptions({ ca: certificate }, { scalerType: 'test' });
    expect(await getJson(`https://${address}/`, { timeoutMs: 2000, tls })).toMatchObject({
      status: 200,
      body: { ok: true },
    });
    const error = await getJson(`https://${address}/`, { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECTION_ERROR' });
    const insecure = buildTlsOptions({ unsafeSsl: true }, { scalerType: 'test' });
    expect(await getJson(`https://${address}/`, { timeoutMs: 2000, tls: insecure })).toMatchObject({ status: 200 });
  });
});

describe('getJson connections', () => {
  it('leaves no socket open after the answer by default, and reuses a keep-alive agent when given one', async () => {
    const { Agent } = await import('node:http');
    handler = json(200, { ok: true });
    await getJson(`${base}/a`, { timeoutMs: 2000 });
    // Not Node's keep-alive global agent: the connection ends with the answer.
    expect(seen.at(-1)!.headers.connection).toBe('close');
    const agent = new Agent({ keepAlive: true });
    const ports = new Set<number>();
    for (let index = 0; index < 3; index += 1) {
      await getJson(`${base}/b`, { timeoutMs: 2000, agent });
      ports.add(seen.at(-1)!.socket.remotePort!);
      expect(seen.at(-1)!.headers.connection).toBe('keep-alive');
    }
    expect(ports.size).toBe(1);
    agent.destroy();
  });
});
