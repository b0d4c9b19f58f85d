// The socket factory createKafkaJsAdmin gives kafkajs: requests written in one tick leave in one write call; every
// socket of a client is tracked, bounded and closed with it.
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { batchingSocketFactory, createSocketTracker } from './kafka-socket.js';

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

describe('createSocketTracker', () => {
  let server: Server | undefined;
  const serverSockets: Socket[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    for (const socket of serverSockets.splice(0)) socket.destroy();
    server?.close();
    server = undefined;
  });

  /** A server that, like a frozen broker's kernel, accepts and never closes its side. */
  async function silentServer(): Promise<number> {
    server = createServer({ allowHalfOpen: true }, (socket) => serverSockets.push(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return (server.address() as { port: number }).port;
  }

  /** Opens a socket through the factory the way kafkajs does (its listeners attached after the call). */
  function open(factory: ReturnType<typeof createSocketTracker>['socketFactory'], port: number) {
    const events: string[] = [];
    let onConnect!: () => void;
    const connected = new Promise<void>((resolve) => (onConnect = resolve));
    const socket = factory({ host: '127.0.0.1', port, ssl: undefined as never, onConnect });
    socket.on('error', (error) => events.push(`error: ${error.message}`));
    // Not events.once: it rejects on the 'error' that comes first.
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    return { socket, events, connected, closed };
  }

  it('refuses a second connection attempt to an address while the first is in flight, at once and as an error', async () => {
    const port = await silentServer();
    const tracker = createSocketTracker(1000);
    const first = open(tracker.socketFactory, port);
    const second = open(tracker.socketFactory, port);
    await second.closed;
    expect(second.events).toEqual([`error: a connection attempt to 127.0.0.1:${port} is already in flight`]);
    await first.connected;
    // Once connected, a new attempt (kafkajs reconnecting) is allowed.
    const third = open(tracker.socketFactory, port);
    await third.connected;
    expect(tracker.size).toBe(2);
    tracker.destroyAll();
  });

  it('destroys a socket it ended when the peer has not closed its side within the grace period', async () => {
    const port = await silentServer();
    const tracker = createSocketTracker(200);
    const { socket, connected, closed } = open(tracker.socketFactory, port);
    await connected;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    socket.end();
    expect(socket.destroyed).toBe(false);
    vi.advanceTimersByTime(199);
    expect(socket.destroyed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(socket.destroyed).toBe(true);
    vi.useRealTimers();
    await closed;
    expect(tracker.size).toBe(0);
  });

  it('destroyAll() closes every socket with an error kafkajs sees, and refuses new ones', async () => {
    const port = await silentServer();
    const tracker = createSocketTracker(1000);
    const first = open(tracker.socketFactory, port);
    await first.connected;
    tracker.destroyAll();
    await first.closed;
    expect(first.events).toEqual(['error: the client closed the connection']);
    expect(tracker.size).toBe(0);
    const later = open(tracker.socketFactory, port);
    await later.closed;
    expect(later.events).toEqual([`error: the client of 127.0.0.1:${port} is closed`]);
    expect(serverSockets.length).toBe(1);
  });
});
