// The scalerkit side of bench/keda/azure-side-by-side.bench.mjs: a process of its own that speaks the oracle's
// JSON-line protocol (create / poll / close / stats, answers matched by id), plus `raw`: the one SDK call the poll
// needs, on the Azure SDK alone (Get Queue Properties or Peek Messages on @azure/storage-queue; the queue's runtime
// properties on @azure/service-bus's ServiceBusAdministrationClient). Bundled and started by the benchmark.
import { Agent } from 'node:https';
import { createInterface } from 'node:readline';
import { rootCertificates } from 'node:tls';
import { ServiceBusAdministrationClient } from '@azure/service-bus';
import { QueueServiceClient } from '@azure/storage-queue';
import { defineAzureServiceBusScaler } from '@scalerkit/azure-service-bus';
import { azureQueueScaler } from '@scalerkit/azure-storage-queue';
import { createConnectionCache, type Scaler, type ScalerDefinition, silentLogger } from '@scalerkit/core';

interface Request {
  id: number;
  op: string;
  handle?: string;
  triggerType?: string;
  metadata?: Record<string, string>;
  authParams?: Record<string, string>;
  /** PEM CA of the Service Bus fake (trusted beside the system roots, scalerkit side and raw side). */
  ca?: string;
  polls?: number;
}

interface Held {
  scaler: Scaler;
  metricName: string;
  /** The raw SDK call, returning the count the poll reports. */
  raw: () => Promise<number>;
  closeRaw: () => void;
}

const open = new Map<string, Held>();

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/** The SDK call a poll of this trigger needs (KEDA v2.21.0 azure_queue_scaler.go getMessageCount, azure_servicebus_scaler.go getQueueEntityFromServiceBus). */
function rawCall(request: Request): Pick<Held, 'raw' | 'closeRaw'> {
  const metadata = request.metadata ?? {};
  const connection = request.authParams?.connection ?? metadata.connectionFromEnv ?? '';
  if (request.triggerType === 'azure-queue') {
    const queue = QueueServiceClient.fromConnectionString(connection, { retryOptions: { maxTries: 1 } }).getQueueClient(
      metadata.queueName!,
    );
    const visibleOnly = metadata.queueLengthStrategy?.toLowerCase() === 'visibleonly';
    return {
      raw: visibleOnly
        ? async () => (await queue.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.length
        : async () => (await queue.getProperties()).approximateMessagesCount ?? 0,
      closeRaw: () => undefined,
    };
  }
  const agent = new Agent({ keepAlive: true, ca: [...rootCertificates, ...(request.ca ? [request.ca] : [])] });
  const client = new ServiceBusAdministrationClient(connection, { agent, retryOptions: { maxRetries: 0 } });
  return {
    raw: async () => (await client.getQueueRuntimeProperties(metadata.queueName!)).activeMessageCount,
    closeRaw: () => agent.destroy(),
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
      const definition = (
        request.triggerType === 'azure-queue'
          ? azureQueueScaler
          : request.triggerType === 'azure-servicebus'
            ? defineAzureServiceBusScaler(request.ca ? { ca: request.ca } : {})
            : undefined
      ) as ScalerDefinition<unknown> | undefined;
      if (!definition) return { error: `worker: trigger type ${request.triggerType} not wired` };
      const config = definition.parse({ metadata: request.metadata ?? {}, authParams: request.authParams });
      const scaler = definition.create(config, {
        logger: silentLogger,
        signal: new AbortController().signal,
        connections: createConnectionCache(),
        timeoutMs: 10_000,
      });
      const specs = scaler.getMetricSpecs();
      open.set(request.handle!, { scaler, metricName: specs[0]!.metricName, ...rawCall(request) });
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
      held?.closeRaw();
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
      held.closeRaw();
    }
  });
});
