// Test equipment: where scripts/services/azurite.sh serves the queue service, and helpers for the tests.
import { connect, createServer, type Server, type Socket } from 'node:net';

/** Azurite's documented development account key (public, not a secret). */
export const AZURITE_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A connection string for Azurite's development account at `endpoint` (`http://127.0.0.1:10001`). */
export function azuriteConnectionString(endpoint: string, accountKey = AZURITE_ACCOUNT_KEY): string {
  return `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${accountKey};QueueEndpoint=${endpoint}/devstoreaccount1;`;
}

/** The queue service's address: AZURITE_QUEUE_CONNECTION_STRING's QueueEndpoint, else 127.0.0.1:10001. */
export const azuriteConnection =
  process.env.AZURITE_QUEUE_CONNECTION_STRING ?? azuriteConnectionString('http://127.0.0.1:10001');
export const azuriteEndpoint =
  /QueueEndpoint=(https?:\/\/[^/;]+)/.exec(azuriteConnection)?.[1] ?? 'http://127.0.0.1:10001';

/** A loopback port where nothing listens. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP pass-through to `target` that counts the connections clients open through it. */
export interface CountingProxy {
  endpoint: string;
  readonly connections: number;
  close(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((client) => {
    connections += 1;
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    get connections() {
      return connections;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
