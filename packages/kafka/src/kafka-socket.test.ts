// The socket factory createKafkaJsAdmin gives kafkajs: requests written in one tick leave in one write call.
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { batchingSocketFactory } from './kafka-socket.js';

describe('batchingSocketFactory', () => {
  let server: Server | undefined;
  let client: Socket | undefined;
  afterEach(async () => {
    client?.destroy();
    server?.close();
  });

  async function connected() {
    const received: Buffer[] = [];
    server = createServer((socket) => socket.on('data', (chunk: Buffer) => received.push(chunk)));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    let onConnect!: () => void;
    const connecting = new Promise<void>((resolve) => {
      onConnect = resolve;
    });
    client = batchingSocketFactory({ host: '127.0.0.1', port, ssl: undefined as never, onConnect });
    await connecting;
    return { client, received };
  }

  it('corks at the first write of a tick and uncorks at its end, keeping the order of the writes', async () => {
    const { client, received } = await connected();
    expect(client.writableCorked).toBe(0);
    client.write(Buffer.from('one,'));
    expect(client.writableCorked).toBe(1);
    client.write(Buffer.from('two,'));
    await Promise.resolve();
    client.write(Buffer.from('three'));
    // Still corked after the microtasks: a poll's requests are written from promise continuations.
    expect(client.writableCorked).toBe(1);
    expect(client.writableLength).toBe(13);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(client.writableCorked).toBe(0);
    while (Buffer.concat(received).length < 13) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(Buffer.concat(received).toString()).toBe('one,two,three');
    // A later tick corks again.
    client.write(Buffer.from('!'));
    expect(client.writableCorked).toBe(1);
  });

  it('returns what write returns, with or without an encoding', async () => {
    const { client } = await connected();
    expect(client.write(Buffer.from('x'))).toBe(true);
    expect(client.write(Buffer.from('y'), 'binary')).toBe(true);
  });
});
