// KEDA v2.21.0's own azure-queue and azure-servicebus scalers (tools/keda-oracle) beside @scalerkit/azure-storage-queue
// and @scalerkit/azure-service-bus, and the raw Azure SDK call a poll needs: each side in a process of its own
// (the oracle; one Node.js worker for scalerkit and the raw SDK), polled alternately in batches (the order rotates
// every round). Scenarios: azure-queue against Azurite (queueLengthStrategy `all`: Get Queue Properties;
// `visibleonly`: Peek Messages), azure-servicebus on one queue against the in-process HTTPS fake of the management
// endpoint (packages/azure-service-bus/src/test-support: no Service Bus emulator runs here; KEDA's Go client trusts
// its self-signed CA through SSL_CERT_FILE set for the oracle process only, scalerkit and the raw SDK through an
// agent's `ca`). Reports p50/p95 per poll, CPU per poll (the process's user + system time across the poll), HTTP
// requests per poll (Azurite: counted by a TCP relay in front of it, one per process; Service Bus: the fake's own
// request log) and RSS.
//
//   bash scripts/services/azurite.sh up && bash scripts/keda-oracle.sh build
//   node bench/keda/azure-side-by-side.bench.mjs [--rounds 10] [--batch 50]
import { cpus } from 'node:os';
import {
  bundler,
  checkValues,
  f,
  loadAverages,
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
const warmup = 10;

// The worker and the test equipment, bundled from the sources.
const bundles = bundler('scalerkit-azure-bench', ['@azure/*']);
const workerPath = await bundles.bundle('bench/keda/azure-worker.ts', 'worker.mjs');
await bundles.bundle('packages/azure-service-bus/src/test-support/fake-service-bus-management.ts', 'fake.mjs');
await bundles.bundle('packages/azure-storage-queue/src/test-support/azurite.ts', 'azurite.mjs');
await bundles.bundle('tools/keda-oracle/ts/trusted-ca-bundle.ts', 'ca-bundle.mjs');
const { startFakeServiceBusManagement } = await bundles.load('fake.mjs');
const { azuriteConnection, azuriteConnectionString, azuriteEndpoint } = await bundles.load('azurite.mjs');
const { writeTrustedCaBundle } = await bundles.load('ca-bundle.mjs');

// Fixtures: an Azurite queue with 5 messages; a Service Bus queue of the fake with 7 active messages.
const run = Date.now().toString(36);
const queueName = `keda-bench-${run}`;
const { QueueServiceClient } = await import('@azure/storage-queue');
const admin = QueueServiceClient.fromConnectionString(azuriteConnection).getQueueClient(queueName);
await admin.create();
for (let index = 0; index < 5; index += 1) await admin.sendMessage(`m${index}`);
const fake = await startFakeServiceBusManagement();
fake.setQueue('orders', { activeMessageCount: 7, deadLetterMessageCount: 3, scheduledMessageCount: 2 });
const caBundle = writeTrustedCaBundle([fake.ca]);

const azurite = new URL(azuriteEndpoint);
const azuriteRelay = async () => {
  const proxy = await relay(azurite.hostname, Number(azurite.port));
  return { proxy, counted: () => proxy.state.requests, connection: azuriteConnectionString(proxy.endpoint) };
};
const scenarios = [
  ...['all', 'visibleonly'].map((strategy) => ({
    name: `azure-queue (${strategy})`,
    // One relay per process: KEDA's, and the worker's (scalerkit and raw SDK, measured in turn).
    target: azuriteRelay,
    trigger: (target) => ({
      triggerType: 'azure-queue',
      metadata: { queueName, queueLength: '5', ...(strategy === 'all' ? {} : { queueLengthStrategy: strategy }) },
      authParams: { connection: target.connection },
    }),
    expected: 5,
  })),
  {
    name: 'azure-servicebus (queue)',
    target: async () => ({
      proxy: { close: () => undefined },
      counted: () => fake.requests.length,
      connection: fake.connectionString(),
    }),
    trigger: (target) => ({
      triggerType: 'azure-servicebus',
      metadata: { queueName: 'orders', messageCount: '5' },
      authParams: { connection: target.connection },
      ca: fake.ca,
    }),
    expected: 7,
  },
];

const keda = startOracle({ env: caBundle.environment() });
const worker = startWorker(workerPath);
const { kedaVersion, goVersion } = (await keda.request({ op: 'stats' })).stats;
const loadAtStart = loadAverages().join(' ');

const rows = [];
for (const scenario of scenarios) {
  const kedaTarget = await scenario.target();
  const workerTarget = await scenario.target();
  const { ca, ...oracleTrigger } = scenario.trigger(kedaTarget);
  const created = await keda.request({ op: 'create', handle: 'bench', ...oracleTrigger });
  if (created.parseError) throw new Error(`KEDA: ${created.parseError}`);
  await worker.request({ op: 'create', handle: 'bench', ...scenario.trigger(workerTarget) });
  const sides = [
    { name: 'KEDA', peer: keda, op: 'poll', target: kedaTarget },
    { name: 'scalerkit', peer: worker, op: 'poll', target: workerTarget },
    { name: 'raw SDK call', peer: worker, op: 'raw', target: workerTarget },
  ].map((side) => ({
    ...side,
    request: (polls) => side.peer.request({ op: side.op, handle: 'bench', polls }),
    counters: () => ({ requests: side.target.counted() }),
  }));
  for (const side of sides) await side.request(warmup);
  await pollInRounds(sides, { rounds, batch, rotate: true, label: `${scenario.name}, ` });
  const kedaRow = summary(sides[0]);
  for (const side of sides) {
    checkValues(side, scenario.expected, `${scenario.name}, `);
    const { p50, p95, cpu, values } = summary(side);
    rows.push([
      scenario.name,
      side.name,
      `${f(p50)} / ${f(p95)}`,
      f(p50 / kedaRow.p50),
      cpu.toFixed(3),
      f(cpu / kedaRow.cpu),
      f(side.counted.requests / side.polls),
      values,
      rssMegabytes(side.peer.pid),
    ]);
  }
  await keda.request({ op: 'close', handle: 'bench' });
  await worker.request({ op: 'close', handle: 'bench' });
  kedaTarget.proxy.close();
  workerTarget.proxy.close();
}

console.log(
  `${kedaVersion} (${goVersion}) vs scalerkit and the raw Azure SDK (Node.js ${process.version}), ${rounds} rounds x ${batch} ` +
    `polls per side after ${warmup} warm-up polls; ${cpus().length} cores, load average ${loadAtStart} at the start`,
);
printTable(
  [
    'scenario',
    'side',
    'p50 / p95 (ms)',
    'p50 ratio to KEDA',
    'CPU per poll (ms)',
    'CPU ratio to KEDA',
    'HTTP requests per poll',
    'value',
    'RSS after (MB)',
  ],
  rows,
);
console.log('(the scalerkit and raw SDK rows share one worker process: its RSS holds both clients)');

await Promise.all([keda.stop(), worker.stop()]);
await admin.delete().catch(() => undefined);
await fake.close();
caBundle.remove();
bundles.remove();
setTimeout(() => process.exit(0), 200).unref();
