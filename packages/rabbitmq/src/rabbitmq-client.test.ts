// The AMQP adapter's channel handling, with a fake amqplib connection: one channel per queue name, a missing
// queue closes only its channel, and a connection or channel the broker closed is reopened by the next call.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type AmqpConnectOptions, type AmqplibChannelLike, AmqplibRabbitMqClient } from './rabbitmq-client.js';

const options: AmqpConnectOptions = {
  address: {
    protocol: 'amqp',
    hostname: 'h',
    port: 5672,
    username: 'u',
    password: 'p',
    uriHasPassword: true,
    vhost: '/',
  },
  tls: undefined,
  external: false,
  connectionName: 'test',
  timeoutMs: 1000,
};

/** A broker with queue depths; `undefined` depth = missing queue (404 closes the channel, as RabbitMQ does). */
function fakeBroker(depths: Record<string, number | undefined>) {
  const counts = { connections: 0, channels: 0, closedConnections: 0 };
  const connections: EventEmitter[] = [];
  const connect = async () => {
    counts.connections += 1;
    const connection = Object.assign(new EventEmitter(), {
      async createChannel(): Promise<AmqplibChannelLike> {
        counts.channels += 1;
        const channel = Object.assign(new EventEmitter(), {
          async checkQueue(queue: string) {
            const depth = depths[queue];
            if (depth === undefined) {
              channel.emit('error', new Error('404'));
              channel.emit('close');
              throw Object.assign(new Error(`Operation failed: QueueDeclare; 404 (NOT-FOUND) no queue '${queue}'`), {
                code: 404,
              });
            }
            return { messageCount: depth };
          },
          async close() {},
        });
        return channel;
      },
      async close() {
        counts.closedConnections += 1;
      },
    });
    connections.push(connection);
    return connection;
  };
  return { counts, connections, connect };
}

const signal = new AbortController().signal;

describe('AmqplibRabbitMqClient', () => {
  it('opens one connection and one channel per queue name, reused by every call', async () => {
    const broker = fakeBroker({ a: 1, b: 2 });
    const client = await AmqplibRabbitMqClient.open(options, broker.connect);
    const counts = await Promise.all(['a', 'b', 'a', 'b', 'a'].map((queue) => client.readyMessages(queue, signal)));
    expect(counts).toEqual([1, 2, 1, 2, 1]);
    expect(broker.counts).toEqual({ connections: 1, channels: 2, closedConnections: 0 });
    await client.close();
    expect(broker.counts.closedConnections).toBe(1);
  });

  it('lets a missing queue close only its own channel, then opens a new one for it', async () => {
    const depths: Record<string, number | undefined> = { here: 3 };
    const broker = fakeBroker(depths);
    const client = await AmqplibRabbitMqClient.open(options, broker.connect);
    const [missing, present] = await Promise.allSettled([
      client.readyMessages('gone', signal),
      client.readyMessages('here', signal),
    ]);
    expect(missing.status === 'rejected' && (missing.reason as { code: number }).code).toBe(404);
    expect(present).toEqual({ status: 'fulfilled', value: 3 });
    depths.gone = 5;
    expect(await client.readyMessages('gone', signal)).toBe(5);
    expect(await client.readyMessages('here', signal)).toBe(3);
    expect(broker.counts).toEqual({ connections: 1, channels: 3, closedConnections: 0 });
    await client.close();
  });

  it('reconnects on the next call after the broker closed the connection', async () => {
    const broker = fakeBroker({ q: 4 });
    const client = await AmqplibRabbitMqClient.open(options, broker.connect);
    expect(await client.readyMessages('q', signal)).toBe(4);
    broker.connections[0]!.emit('error', new Error('CONNECTION_FORCED'));
    broker.connections[0]!.emit('close', new Error('CONNECTION_FORCED'));
    expect(await client.readyMessages('q', signal)).toBe(4);
    expect(broker.counts.connections).toBe(2);
    expect(broker.counts.channels).toBe(2);
    await client.close();
  });

  it('settles a call at once when its signal aborts, and refuses calls after close()', async () => {
    const broker = fakeBroker({ q: 1 });
    const client = await AmqplibRabbitMqClient.open(options, broker.connect);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(client.readyMessages('q', controller.signal)).rejects.toThrow('stop');
    await client.close();
    await expect(client.readyMessages('q', signal)).rejects.toThrow('closed');
  });
});
