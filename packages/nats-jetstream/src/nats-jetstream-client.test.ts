import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNatsMonitoringClient } from './nats-jetstream-client.js';

const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end('{"server_id":"x"}');
});
let connections = 0;
let open = 0;
let onAllClosed: () => void = () => {};
server.on('connection', (socket) => {
  connections += 1;
  open += 1;
  socket.on('close', () => {
    open -= 1;
    if (open === 0) onAllClosed();
  });
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('createNatsMonitoringClient', () => {
  it('keeps one connection for its requests (as KEDA does) and ends it at close()', async () => {
    const client = createNatsMonitoringClient({ timeoutMs: 2000 });
    const signal = new AbortController().signal;
    for (let index = 0; index < 5; index += 1) {
      expect(await client.get(`${base}/jsz?acc=%24G`, signal)).toEqual({ status: 200, body: { server_id: 'x' } });
    }
    expect(connections).toBe(1);
    expect(open).toBe(1);
    const closed = new Promise<void>((resolve) => {
      onAllClosed = resolve;
    });
    client.close?.();
    await closed; // the server sees the kept connection end
    expect(open).toBe(0);
  });
});
