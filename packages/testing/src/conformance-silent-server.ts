import { createServer, type Socket } from 'node:net';
import type { SilentAddress } from './conformance-harness.js';

/** A loopback TCP server that accepts every connection and never sends a byte: a source that hangs. */
export interface SilentServer {
  address: SilentAddress;
  /** Closes the server and every connection it accepted. */
  close(): Promise<void>;
}

/**
 * Starts a silent server on 127.0.0.1 (a free port). What a scaler sends is read and dropped, so a client
 * waits for an answer until its own deadline.
 *
 * @example
 * const server = await startSilentServer();
 * try { await pollAt(server.address) } finally { await server.close() }
 */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : 0;
  return {
    address: { host: '127.0.0.1', port },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
