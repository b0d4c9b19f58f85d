// The sockets createKafkaJsAdmin gives kafkajs: its default socket, with the writes of one tick sent together.
import { isIP, connect as netConnect, type Socket } from 'node:net';
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
