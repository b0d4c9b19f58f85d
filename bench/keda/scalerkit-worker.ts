// The scalerkit side of the KEDA side-by-side benchmark: a process of its own that speaks the oracle's JSON-line
// protocol (create / poll / close / stats, answers matched by id), so both sides are measured the same way from
// outside (RSS, CPU) and inside (latency per poll). Bundled and started by kafka-side-by-side.bench.mjs.
import { createInterface } from 'node:readline';
import { createConnectionCache, type Scaler, silentLogger } from '@scalerkit/core';
import { createKafkaJsAdmin, KafkaScaler, kafkaScaler } from '@scalerkit/kafka';

interface Request {
  id: number;
  op: string;
  handle?: string;
  triggerType?: string;
  metadata?: Record<string, string>;
  authParams?: Record<string, string>;
  polls?: number;
}

const open = new Map<string, { scaler: Scaler; metricName: string }>();
let requests = 0;

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

async function handle(request: Request): Promise<Record<string, unknown>> {
  switch (request.op) {
    case 'create': {
      if (request.triggerType !== 'kafka') return { error: `worker: trigger type ${request.triggerType} not wired` };
      const started = performance.now();
      const config = kafkaScaler.parse({ metadata: request.metadata ?? {}, authParams: request.authParams });
      const scaler = new KafkaScaler(
        config,
        {
          logger: silentLogger,
          signal: new AbortController().signal,
          connections: createConnectionCache(),
          timeoutMs: 10_000,
        },
        { createAdmin: (options) => createKafkaJsAdmin({ ...options, onRequest: () => (requests += 1) }) },
      );
      const specs = scaler.getMetricSpecs();
      open.set(request.handle!, { scaler, metricName: specs[0]!.metricName });
      return { parseError: null, createMs: performance.now() - started, metricSpecs: specs };
    }
    case 'poll': {
      const held = open.get(request.handle!);
      if (!held) return { error: `worker: no open scaler ${request.handle}` };
      const polls = [];
      for (let index = 0; index < (request.polls ?? 1); index += 1) {
        const requestsBefore = requests;
        const cpuBefore = cpuMs();
        const started = performance.now();
        try {
          const result = await held.scaler.getMetricsAndActivity(held.metricName);
          polls.push({
            values: result.metrics.map((metric) => ({ name: metric.metricName, value: { value: metric.value } })),
            active: result.isActive,
            error: null,
            elapsedMs: performance.now() - started,
            cpuMs: cpuMs() - cpuBefore,
            requests: requests - requestsBefore,
          });
        } catch (error) {
          polls.push({
            error: (error as Error).message,
            elapsedMs: performance.now() - started,
            cpuMs: cpuMs() - cpuBefore,
          });
        }
      }
      return { polls };
    }
    case 'close': {
      await open.get(request.handle!)?.scaler.close();
      open.delete(request.handle!);
      return {};
    }
    case 'stats':
      return {
        stats: {
          rssBytes: process.memoryUsage().rss,
          cpuMs: cpuMs(),
          openScalers: open.size,
          nodeVersion: process.version,
        },
      };
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
    for (const held of open.values()) await held.scaler.close();
  });
});
