// What the scalerkit workers of the side-by-side benchmarks share: a process that speaks the KEDA oracle's JSON-line
// protocol (create / poll / close / stats, answers matched by id, one request at a time in order), plus `raw`: the
// one client call a poll needs, when the worker has one. Each worker only says how it opens a trigger.
import { createInterface } from 'node:readline';
import { createConnectionCache, type Scaler, type ScalerContext, silentLogger } from '@scalerkit/core';

/** One request line of the protocol (the fields a worker reads; the rest are its own). */
export interface WorkerRequest {
  id: number;
  op: string;
  handle?: string;
  triggerType?: string;
  metadata?: Record<string, string>;
  authParams?: Record<string, string>;
  polls?: number;
  [field: string]: unknown;
}

/** An open trigger: its scaler, and optionally the raw client call a poll needs. */
export interface Opened {
  scaler: Scaler;
  /** The raw call, returning the count the poll reports. */
  raw?: () => Promise<number>;
  closeRaw?: () => void | Promise<void>;
  /** Requests the scaler has sent so far (when the worker counts them): each poll reports its difference. */
  requestsSent?: () => number;
}

interface Held extends Opened {
  metricName: string;
}

/** The user + system CPU time of this process so far, in ms. */
export const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/** The context a benchmark scaler runs in: silent, never aborted, 10 s deadline per call. */
export const benchContext = (): ScalerContext => ({
  logger: silentLogger,
  signal: new AbortController().signal,
  connections: createConnectionCache(),
  timeoutMs: 10_000,
});

type PollOutcome = { values: { name?: string; value: { value: number } }[]; active?: boolean };

/** `count` polls one after the other, each timed (elapsed and process CPU) and reported as the oracle reports it. */
async function timedPolls(count: number, poll: () => Promise<PollOutcome>, requestsSent?: () => number) {
  const polls = [];
  for (let index = 0; index < count; index += 1) {
    const requestsBefore = requestsSent?.();
    const cpuBefore = cpuMs();
    const started = performance.now();
    try {
      const outcome = await poll();
      polls.push({
        ...outcome,
        error: null,
        elapsedMs: performance.now() - started,
        cpuMs: cpuMs() - cpuBefore,
        ...(requestsSent ? { requests: requestsSent() - requestsBefore! } : {}),
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

async function closeHeld(held: Held | undefined) {
  await held?.scaler.close();
  await held?.closeRaw?.();
}

/**
 * Serves the protocol on stdin / stdout until stdin ends, then closes what is still open. `open` makes the scaler of
 * a `create` request (and its raw call); an error it throws is the answer's `error`.
 *
 * @example
 * serveWorker(async (request) => ({ scaler: rabbitmqScaler.create(rabbitmqScaler.parse(request), benchContext()) }));
 */
export function serveWorker(open: (request: WorkerRequest) => Promise<Opened> | Opened): void {
  const held = new Map<string, Held>();
  const handles = async (request: WorkerRequest): Promise<Record<string, unknown>> => {
    const handle = request.handle ?? '';
    switch (request.op) {
      case 'create': {
        const started = performance.now();
        const opened = await open(request);
        const specs = opened.scaler.getMetricSpecs();
        held.set(handle, { ...opened, metricName: specs[0]!.metricName });
        return { parseError: null, createMs: performance.now() - started, metricSpecs: specs };
      }
      case 'poll':
      case 'raw': {
        const current = held.get(handle);
        if (!current) return { error: `worker: no open scaler ${handle}` };
        if (request.op === 'raw') {
          const raw = current.raw;
          if (!raw) return { error: 'worker: no raw call for this trigger' };
          return {
            polls: await timedPolls(request.polls ?? 1, async () => ({ values: [{ value: { value: await raw() } }] })),
          };
        }
        const poll = async () => {
          const result = await current.scaler.getMetricsAndActivity(current.metricName);
          const values = result.metrics.map((metric) => ({ name: metric.metricName, value: { value: metric.value } }));
          return { values, active: result.isActive };
        };
        return { polls: await timedPolls(request.polls ?? 1, poll, current.requestsSent) };
      }
      case 'close':
        await closeHeld(held.get(handle));
        held.delete(handle);
        return {};
      case 'stats':
        return {
          stats: {
            rssBytes: process.memoryUsage().rss,
            cpuMs: cpuMs(),
            openScalers: held.size,
            nodeVersion: process.version,
          },
        };
      default:
        return { error: `worker: unknown op ${request.op}` };
    }
  };
  // One request at a time, in order (the benchmark waits for each answer).
  let queue = Promise.resolve();
  createInterface({ input: process.stdin }).on('line', (line) => {
    const request = JSON.parse(line) as WorkerRequest;
    queue = queue.then(async () => {
      const answer = await handles(request).catch((error: unknown) => ({ error: String(error) }));
      process.stdout.write(`${JSON.stringify({ id: request.id, ...answer })}\n`);
    });
  });
  process.stdin.on('end', () => {
    void queue.then(async () => {
      for (const current of held.values()) await closeHeld(current);
    });
  });
}
