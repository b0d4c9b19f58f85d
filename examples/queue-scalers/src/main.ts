// The queue scalers against real services: for each of RabbitMQ, SQS, Azure Storage queues and NATS JetStream,
// make a known backlog, run the autoscaler on a ScaledObject with that trigger until its first decision, and
// check that it asks for ceil(backlog / target) replicas. Exits 1 when a check fails, and under CI=true (or
// SCALERKIT_REQUIRE_SERVICES=1) when a service is not running; otherwise skips that service with one line.
//   npx tsx examples/queue-scalers/src/main.ts
import { Socket } from 'node:net';
// Each trigger type comes from its package, registered by importing `<package>/register`.
import '@scalerkit/rabbitmq/register';
import '@scalerkit/aws-sqs/register';
import '@scalerkit/azure-storage-queue/register';
import '@scalerkit/nats-jetstream/register';
import { runSource } from './run-source.js';
import type { QueueSource } from './source.js';
import { awsSqs } from './sources/aws-sqs.js';
import { azureQueue } from './sources/azure-queue.js';
import { natsJetStream } from './sources/nats-jetstream.js';
import { rabbitmq } from './sources/rabbitmq.js';

const sources: (QueueSource | { type: string; skipped: string })[] = [
  rabbitmq,
  awsSqs,
  {
    type: 'azure-servicebus',
    skipped:
      'no Service Bus runs here (there is no emulator for it on this machine); the tests of @scalerkit/azure-service-bus use an in-process fake of its management endpoint',
  },
  azureQueue,
  natsJetStream,
];
const servicesRequired = process.env.CI === 'true' || process.env.SCALERKIT_REQUIRE_SERVICES === '1';

// Nothing hangs: each step has its own deadline; this one bounds the whole run.
setTimeout(() => {
  console.error('queue-scalers: still running after 120 s; giving up');
  process.exit(1);
}, 120_000).unref();

/** True when `host:port` accepts a TCP connection within a second. */
function listening(address: string): Promise<boolean> {
  const { hostname, port } = new URL(`tcp://${address}`);
  return new Promise((resolve) => {
    const socket = new Socket();
    const finish = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.connect(Number(port), hostname, () => finish(true));
  });
}

let failed = false;
for (const source of sources) {
  if ('skipped' in source) {
    console.log(`${source.type}: skipped: ${source.skipped}`);
    continue;
  }
  const down: string[] = [];
  for (const address of source.addresses) if (!(await listening(address))) down.push(address);
  if (down.length > 0) {
    const start = `start it with: bash scripts/services/${source.service}.sh up`;
    if (servicesRequired) {
      console.log(`${source.type}: FAILED: not reachable at ${down.join(', ')}; ${start}`);
      failed = true;
    } else {
      console.log(`${source.type}: skipped: not reachable at ${down.join(', ')}; ${start}`);
    }
    continue;
  }
  try {
    const outcome = await runSource(source);
    console.log(outcome.ok ? outcome.line : `${outcome.line}: FAILED`);
    for (const detail of outcome.details) console.log(`  ${detail}`);
    if (!outcome.ok) failed = true;
  } catch (error) {
    console.log(`${source.type}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    failed = true;
  }
}
process.exitCode = failed ? 1 : 0;
