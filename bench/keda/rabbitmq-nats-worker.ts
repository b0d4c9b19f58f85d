// The scalerkit side of the rabbitmq / nats-jetstream side-by-side benchmark: a process of its own that speaks the
// oracle's JSON-line protocol (create / poll / close / stats, answers matched by id), so both sides are measured
// the same way. Bundled and started by rabbitmq-nats-side-by-side.bench.mjs.
import { createInterface } from 'node:readline';
import { createConnectionCache, type Scaler, type ScalerDefinition, silentLogger } from '@scalerkit/core';
import { natsJetStreamScaler } from '@scalerkit/nats-jetstream';
import { rabbitmqScaler } from '@scalerkit/rabbitmq';

interface Request {
  id: number;
  op: string;
  handle?: string;
  triggerType?: string;
  metadata?: Record<string, string>;
  authParams?: Record<string, string>;
  polls?: number;
}

const definitions: Record<string, ScalerDefinition<unknown>> = {
  rabbitmq: rabbitmqScaler as never,
  'nats-jetstream': natsJetStreamScaler as never,
};
const open = new Map<string, { scaler: Scaler; metricName: string }>();

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

async function handle(request: Request): Promise<Record<string, unknown>> {
  switch (request.op) {
    case 'create': {
      const definition = definitions[request.triggerType ?? ''];
      if (!definition) return { error: `worker: trigger type ${request.triggerType} not wired` };
      const started = performance.now();
      const config = definition.parse({ metadata: request.metadata ?? {}, authParams: request.authParams });
      const scaler = definition.create(config, {
        logger: silentLogger,
        signal: new AbortController().signal,
        connections: createConnectionCache(),
        timeoutMs: 10_000,
      });
      const specs = scaler.getMetricSpecs();
      open.set(request.handle!, { scaler, metricName: specs[0]!.metricName });
      return { parseError: null, createMs: performance.now() - started, metricSpecs: specs };
    }
    case 'poll': {
      const held = open.get(request.handle!);
      if (!held) return { error: `worker: no open scaler ${request.handle}` };
      const polls = [];
      for (let index = 0; index < (request.polls ?? 1); index += 1) {
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
    for (const held of open.values()) await held.scaler.close();
  });
});
