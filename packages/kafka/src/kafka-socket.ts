// The sockets createKafkaJsAdmin gives kafkajs: its default socket, with the writes of one tick sent together, and
// every socket of one client tracked so that none outlives the client.
import { isIP, connect as netConnect, Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

/** kafkajs's keep-alive delay for broker sockets. */
const KEEP_ALIVE_DELAY_MS = 60_000;

/**
 * kafkajs's default socket factory, with the requests written in one tick sent by one system call: the first write
 * of a tick corks the socket and the tick's end uncorks it (Node then writes them together with writev). A poll
 * sends its requests together (see readPartitionOffsets); on a broker that serves all of them that saves two of
 * three write calls, which cost more than anything else in a poll on loopback. Kafka answers the requests of one
 * connection in order, so nothing changes for the broker.
 */
export const batchingSocketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket = ssl
    ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
    : netConnect({ host, port }, onConnect);
  socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  const write = socket.write;
  socket.write = function batchedWrite(this: Socket, ...args: Parameters<Socket['write']>) {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return Reflect.apply(write, this, args) as boolean;
  } as Socket['write'];
  return socket;
};

const ignore = (): void => {};

/** The sockets of one kafkajs client (one generation of a `createKafkaJsAdmin` connection). */
export interface SocketTracker {
  /** The factory to give kafkajs (`socketFactory`): `batchingSocketFactory`, tracked and bounded. */
  readonly socketFactory: ISocketFactory;
  /** Sockets not yet closed. */
  readonly size: number;
  /** Destroys every socket and refuses new ones (each refused socket fails at once with a connection error). */
  destroyAll(): void;
}

/**
 * Tracks the sockets kafkajs opens through `socketFactory`, with two bounds that hold whatever the broker does:
 * at most one connection attempt in flight per broker address (a second one fails at once, as a connection
 * error, instead of queueing behind a broker that does not answer), and a socket kafkajs ends is destroyed
 * after `endGraceMs` if the broker has not closed its side by then. A frozen broker's kernel acknowledges the
 * client's FIN but the broker never sends its own, so an ended socket would otherwise hold its file descriptor
 * (FIN_WAIT2) until the broker resumes. `destroyAll()` closes what is left when the client is dropped.
 */
export function createSocketTracker(endGraceMs: number): SocketTracker {
  const open = new Set<Socket>();
  // The socket still connecting to each broker address.
  const connecting = new Map<string, Socket>();
  let closed = false;

  const refused = (why: string): Socket => {
    // kafkajs attaches its listeners after the factory returns: fail on the next tick, as a connect error would.
    const socket = new Socket();
    socket.on('error', ignore);
    process.nextTick(() => socket.destroy(new Error(why)));
    return socket;
  };

  const socketFactory: ISocketFactory = (options) => {
    const address = `${options.host}:${options.port}`;
    if (closed) return refused(`the client of ${address} is closed`);
    if (connecting.has(address)) return refused(`a connection attempt to ${address} is already in flight`);
    const settled = () => {
      if (connecting.get(address) === socket) connecting.delete(address);
    };
    const socket = batchingSocketFactory({
      ...options,
      onConnect: () => {
        settled();
        options.onConnect();
      },
    });
    connecting.set(address, socket);
    open.add(socket);
    // Errors reach kafkajs through its own listener; this one only keeps a late error from being unhandled.
    socket.on('error', ignore);
    let graceTimer: NodeJS.Timeout | undefined;
    socket.once('close', () => {
      open.delete(socket);
      settled();
      if (graceTimer) clearTimeout(graceTimer);
    });
    const end = socket.end;
    socket.end = function boundedEnd(this: Socket, ...args: unknown[]) {
      if (!graceTimer && !socket.destroyed) {
        graceTimer = setTimeout(() => socket.destroy(), endGraceMs);
        graceTimer.unref();
      }
      return Reflect.apply(end, this, args) as Socket;
    } as Socket['end'];
    return socket;
  };

  return {
    socketFactory,
    get size() {
      return open.size;
    },
    destroyAll() {
      closed = true;
      // With an error, so that kafkajs rejects the requests still queued on the socket and stops its request
      // timeout interval at once (a plain destroy() emits no event kafkajs listens to).
      for (const socket of open) socket.destroy(new Error('the client closed the connection'));
      open.clear();
      connecting.clear();
    },
  };
}
