// KEDA v2.21.0's own aws-sqs-queue scaler (tools/keda-oracle), @scalerkit/aws-sqs, and the raw SDK call a poll
// needs, side by side on the SQS emulator: each in a process of its own, polled alternately in batches (the
// order flips every round). Reports p50/p95 per poll, CPU per poll (the process's user + system time across the
// poll) and HTTP requests per poll (counted by a relay in front of the emulator, one per side).
//
//   bash scripts/services/sqs.sh up && bash scripts/keda-oracle.sh build
//   node bench/keda/aws-sqs-side-by-side.bench.mjs [--rounds 10] [--batch 50]
import {
  bundler,
  f,
  pollInRounds,
  printTable,
  relay,
  roundsAndBatch,
  rssMegabytes,
  startOracle,
  startWorker,
  summary,
} from './lib/side-by-side.mjs';

const { rounds, batch } = roundsAndBatch({ rounds: 10, batch: 50 });
const emulator = new URL(process.env.SQS_ENDPOINT ?? 'http://127.0.0.1:4566');
const bundles = bundler('scalerkit-aws-sqs-bench', ['@aws-sdk/*']);
const workerPath = await bundles.bundle('bench/keda/aws-sqs-worker.ts', 'worker.mjs');

const { SQSClient, CreateQueueCommand, DeleteQueueCommand, SendMessageBatchCommand } = await import(
  '@aws-sdk/client-sqs'
);
const admin = new SQSClient({
  endpoint: emulator.href,
  region: 'us-east-1',
  credentials: { accessKeyId: 't', secretAccessKey: 't' },
});
const { QueueUrl } = await admin.send(new CreateQueueCommand({ QueueName: `bench-${Date.now().toString(36)}` }));
await admin.send(
  new SendMessageBatchCommand({
    QueueUrl,
    Entries: [
      { Id: 'a', MessageBody: 'a' },
      { Id: 'b', MessageBody: 'b' },
    ],
  }),
);

const kedaRelay = await relay(emulator.hostname, Number(emulator.port));
const ourRelay = await relay(emulator.hostname, Number(emulator.port));
const authParams = { awsAccessKeyID: 'bench', awsSecretAccessKey: 'bench-secret' };
const trigger = (endpoint) => ({
  triggerType: 'aws-sqs-queue',
  metadata: { queueURL: QueueUrl, awsRegion: 'us-east-1', awsEndpoint: endpoint },
  authParams,
});
const env = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' };
const keda = startOracle({ env });
const scalerkit = startWorker(workerPath, 'scalerkit', { env });
const created = await keda.request({ op: 'create', handle: 'bench', ...trigger(kedaRelay.endpoint) });
if (created.parseError) throw new Error(`KEDA: ${created.parseError}`);
const kedaVersion = (await keda.request({ op: 'stats' })).stats.kedaVersion;
await scalerkit.request({ op: 'create', handle: 'bench', ...trigger(ourRelay.endpoint) });

const sides = [
  { name: 'KEDA', peer: keda, op: 'poll', relay: kedaRelay },
  { name: 'scalerkit', peer: scalerkit, op: 'poll', relay: ourRelay },
  { name: 'raw SDK call', peer: scalerkit, op: 'raw', relay: ourRelay },
].map((side) => ({
  ...side,
  request: (polls) => side.peer.request({ op: side.op, handle: 'bench', polls }),
  counters: () => ({ requests: side.relay.state.requests }),
}));
for (const side of sides) await side.request(20);
await pollInRounds(sides, { rounds, batch });

console.log(`${kedaVersion} vs @scalerkit/aws-sqs, ${rounds} rounds x ${batch} polls each, ${process.version}`);
printTable(
  ['side', 'p50 / p95 (ms)', 'CPU per poll (ms)', 'HTTP requests per poll', 'value'],
  sides.map((side) => {
    const { p50, p95, cpu, values } = summary(side);
    return [side.name, `${f(p50)} / ${f(p95)}`, cpu.toFixed(3), f(side.counted.requests / side.polls), values];
  }),
);
console.log(`RSS: KEDA ${rssMegabytes(keda.pid)} MB, scalerkit worker ${rssMegabytes(scalerkit.pid)} MB`);
await keda.request({ op: 'close', handle: 'bench' });
await scalerkit.request({ op: 'close', handle: 'bench' });
await Promise.all([keda.stop(), scalerkit.stop()]);
kedaRelay.close();
ourRelay.close();
await admin.send(new DeleteQueueCommand({ QueueUrl }));
admin.destroy();
bundles.remove();
setTimeout(() => process.exit(0), 200).unref();
