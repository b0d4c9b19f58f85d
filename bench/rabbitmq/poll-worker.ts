// The scalerkit side of bench/rabbitmq/poll.bench.mjs: a process of its own that speaks the oracle's JSON-line
// protocol (bench/keda/lib/worker.ts), plus `raw`: the one call a poll needs, on the client alone (amqplib's passive
// queue declare, `checkQueue`, on an open channel; or one fetch GET of the management API's queue, as KEDA v2.21.0
// pkg/scalers/rabbitmq_scaler.go getQueueInfoViaHTTP builds it). A request's `rawHost` is where the raw client
// connects (default: the trigger's host): a relay of its own counts its traffic.
import { rabbitmqScaler } from '@scalerkit/rabbitmq';
import amqplib from 'amqplib';
import { benchContext, type Opened, serveWorker } from '../keda/lib/worker.js';

/** The raw client for the trigger's host: opened once (as a long-lived scaler holds it), one call per poll. */
async function rawCall(host: string, queue: string): Promise<Pick<Opened, 'raw' | 'closeRaw'>> {
  const url = new URL(host);
  if (url.protocol === 'amqp:') {
    const connection = await amqplib.connect(host);
    const channel = await connection.createChannel();
    return {
      raw: async () => (await channel.checkQueue(queue)).messageCount,
      closeRaw: async () => {
        await connection.close();
      },
    };
  }
  const authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  const target = `${url.protocol}//${url.host}/api/queues/%2F/${encodeURIComponent(queue)}`;
  return {
    raw: async () => {
      const response = await fetch(target, { headers: { authorization }, signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return ((await response.json()) as { messages_ready: number; messages: number }).messages;
    },
  };
}

serveWorker(async (request) => {
  const metadata = request.metadata ?? {};
  const scaler = rabbitmqScaler.create(rabbitmqScaler.parse({ metadata }), benchContext());
  const rawHost = typeof request.rawHost === 'string' ? request.rawHost : metadata.host!;
  return { scaler, ...(await rawCall(rawHost, metadata.queueName!)) };
});
