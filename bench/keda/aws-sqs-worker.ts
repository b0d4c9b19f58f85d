// The scalerkit side of bench/keda/aws-sqs-side-by-side.bench.mjs: a process of its own answering JSON lines
// (create, poll, raw, close). `poll` is one scaler poll; `raw` is the one GetQueueAttributes call a poll needs, on
// the SDK alone.
import { createInterface } from 'node:readline';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsSqsQueueScaler } from '@scalerkit/aws-sqs';
import { createConnectionCache, type Scaler, silentLogger } from '@scalerkit/core';

interface Request {
  id: number;
  op: 'create' | 'poll' | 'raw' | 'close';
  metadata?: Record<string, string>;
  authParams?: Record<string, string>;
  polls?: number;
}

let scaler: Scaler | undefined;
let metricName = '';
let raw: SQSClient | undefined;
let queueUrl = '';

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

async function timed(poll: () => Promise<number>) {
  const cpuBefore = cpuMs();
  const started = performance.now();
  const value = await poll();
  return { elapsedMs: performance.now() - started, cpuMs: cpuMs() - cpuBefore, value };
}

async function handle(request: Request): Promise<Record<string, unknown>> {
  switch (request.op) {
    case 'create': {
      const metadata = request.metadata ?? {};
      const authParams = request.authParams ?? {};
      scaler = awsSqsQueueScaler.create(awsSqsQueueScaler.parse({ metadata, authParams }), {
        logger: silentLogger,
        signal: new AbortController().signal,
        connections: createConnectionCache(),
        timeoutMs: 10_000,
      });
      metricName = scaler.getMetricSpecs()[0]!.metricName;
      raw = new SQSClient({
        region: metadata.awsRegion!,
        endpoint: metadata.awsEndpoint!,
        useQueueUrlAsEndpoint: false,
        credentials: { accessKeyId: authParams.awsAccessKeyID!, secretAccessKey: authParams.awsSecretAccessKey! },
      });
      queueUrl = metadata.queueURL!;
      return {};
    }
    case 'poll':
    case 'raw': {
      const polls = [];
      for (let index = 0; index < (request.polls ?? 1); index += 1) {
        polls.push(
          await timed(async () => {
            if (request.op === 'poll') return (await scaler!.getMetricsAndActivity(metricName)).metrics[0]!.value;
            const { Attributes = {} } = await raw!.send(
              new GetQueueAttributesCommand({
                QueueUrl: queueUrl,
                AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
              }),
            );
            return (
              Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible)
            );
          }),
        );
      }
      return { polls };
    }
    case 'close':
      await scaler?.close();
      raw?.destroy();
      return {};
  }
}

createInterface({ input: process.stdin }).on('line', async (line) => {
  const request = JSON.parse(line) as Request;
  const answer = await handle(request).catch((error: unknown) => ({ error: String(error) }));
  process.stdout.write(`${JSON.stringify({ id: request.id, ...answer })}\n`);
});
