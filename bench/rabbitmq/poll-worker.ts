// The scalerkit side of bench/rabbitmq/poll.bench.mjs: a process of its own that speaks the oracle's JSON-line
// protocol (create / poll / close / stats, answers matched by id), plus `raw`: the one call a poll needs, on the
// client alone (amqplib's passive queue declare, `checkQueue`, on an open channel; or one fetch GET of the
// management API's queue, as KEDA v2.21.0 pkg/scalers/rabbitmq_scaler.go getQueueInfoViaHTTP builds it).
import { createInterface } from 'node:readline';
import { createConnectionCache, type Scaler, silentLogger } from '@scalerkit/core';
import { rabbitmqScaler } from '@scalerkit/rabbitmq';
import amqplib from 'amqplib';

interface Request {
  id: number;
  op: string;
  handle?: string;
  metadata?: Record<string, string>;
  /** Where the raw client connects (default: the trigger's host); a relay of its own counts its traffic. */
  rawHost?: string;
  polls?: number;
}

interface Held {
  scaler: Scaler;
  metricName: string;
  raw: () => Promise<number>;
  closeRaw: () => Promise<void>;
}

const open = new Map<string, Held>();

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/** The raw client for the trigger's host: opened once (as a long-lived scaler holds it), one call per poll. */
async function rawCall(host: string, queue: string): Promise<Pick<Held, 'raw' | 'closeRaw'>> {
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
    closeRaw: async () => undefined,
  };
}

async function timedPolls(count: number, poll: () => Promise<number>) {
  const polls = [];
  for (let index = 0; index < count; index += 1) {
    const cpuBefore = cpuMs();
    const started = performance.now();
    try {
      const value = await poll();
      polls.push({
        values: [{ value: { value } }],
        error: null,
        elapsedMs: performance.now() - started,
        cpuMs: cpuMs() - cpuBefore,
      });
    } catch (error) {
      polls.push({
        error: (error as Error).message,
        elapsedMs: performance.now() - started,
        cpuMs: cpuMs() - cpuBefore,
      });
    }
  }
  return polls;
}

async function handle(request: Request): Promise<Record<string, unknown>> {
  switch (request.op) {
    case 'create': {
      const metadata = request.metadata ?? {};
      const scaler = rabbitmqScaler.create(rabbitmqScaler.parse({ metadata }), {
        logger: silentLogger,
        signal: new AbortController().signal,
        connections: createConnectionCache(),
        timeoutMs: 10_000,
      });
      const specs = scaler.getMetricSpecs();
      open.set(request.handle!, {
        scaler,
        metricName: specs[0]!.metricName,
        ...(await rawCall(request.rawHost ?? metadata.host!, metadata.queueName!)),
      });
      return { parseError: null, metricSpecs: specs };
    }
    case 'poll':
    case 'raw': {
      const held = open.get(request.handle!);
      if (!held) return { error: `worker: no open scaler ${request.handle}` };
      const poll =
        request.op === 'raw'
          ? held.raw
          : async () => (await held.scaler.getMetricsAndActivity(held.metricName)).metrics[0]!.value;
      return { polls: await timedPolls(request.polls ?? 1, poll) };
    }
    case 'close': {
      const held = open.get(request.handle!);
      await held?.scaler.close();
      await held?.closeRaw();
      open.delete(request.handle!);
      return {};
    }
    case 'stats':
      return { stats: { rssBytes: process.memoryUsage().rss, cpuMs: cpuMs(), openScalers: open.size } };
    default:
      return { error: `worker: unknown op ${request.op}` };
  }
}

// One request at a time, in order (the benchmark waits for each answer).
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  const request = JSON.parse(line) as Request;
  queue = queue.then(async () => {
    const answer = await handle(request).catch((error: unknown) => ({ error: String(error) }));
    process.stdout.write(`${JSON.stringify({ id: request.id, ...answer })}\n`);
  });
});
process.stdin.on('end', () => {
  void queue.then(async () => {
    for (const held of open.values()) {
      await held.scaler.close();
      await held.closeRaw();
    }
  });
});
