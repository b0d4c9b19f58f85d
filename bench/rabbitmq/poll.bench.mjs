// Poll latency of @scalerkit/rabbitmq over AMQP and over the management API (issue 12, item 4), side by side in one
// run with KEDA v2.21.0's own rabbitmq scaler (tools/keda-oracle) and the raw client call a poll needs (amqplib's
// passive queue declare, `checkQueue`, on an open channel; one fetch GET of the queue from the management API),
// on the real broker. KEDA runs in its own process, scalerkit and the raw client in one Node.js worker; the sides
// are polled alternately in batches (the order rotates every round). Reports p50/p95 per poll, CPU per poll (the
// process's user + system time across the poll), traffic per poll (bytes each way and HTTP requests, counted by a
// TCP relay in front of the broker, one per side), connections opened and RSS.
//
//   bash scripts/services/rabbitmq.sh up && bash scripts/keda-oracle.sh build
//   node bench/rabbitmq/poll.bench.mjs [--rounds 10] [--batch 50]
import { cpus } from 'node:os';
import { rabbitmqCredentials, rabbitmqQueueWith, rabbitmqSettings } from '../keda/lib/rabbitmq.mjs';
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
} from '../keda/lib/side-by-side.mjs';

const { rounds, batch } = roundsAndBatch({ rounds: 10, batch: 50 });
const warmup = 10;
const rabbit = rabbitmqSettings();
const bundles = bundler('scalerkit-rabbitmq-poll-bench', ['amqplib']);
const workerPath = await bundles.bundle('bench/rabbitmq/poll-worker.ts', 'worker.mjs');

// Fixture: a queue with 5 ready messages in `/`.
const queue = `poll-bench-${Date.now().toString(36)}`;
const rabbitQueue = await rabbitmqQueueWith(rabbit, queue, 5);

const credentials = rabbitmqCredentials(rabbit);
const scenarios = [
  { name: 'rabbitmq AMQP', scheme: 'amqp', target: [rabbit.amqp.hostname, Number(rabbit.amqp.port || 5672)] },
  {
    name: 'rabbitmq HTTP',
    scheme: 'http',
    target: [rabbit.management.hostname, Number(rabbit.management.port || 15672)],
  },
];
const hostThrough = (scheme, proxy) => `${scheme}://${credentials}@${proxy.address}/`;

const keda = startOracle();
const worker = startWorker(workerPath);
const { kedaVersion, goVersion } = (await keda.request({ op: 'stats' })).stats;
const loadAtStart = loadAverages().join(' ');

const rows = [];
for (const scenario of scenarios) {
  const proxies = { KEDA: await relay(...scenario.target), scalerkit: await relay(...scenario.target) };
  proxies.raw = await relay(...scenario.target);
  const trigger = (proxy) => ({
    triggerType: 'rabbitmq',
    metadata: { queueName: queue, host: hostThrough(scenario.scheme, proxy) },
  });
  const created = await keda.request({ op: 'create', handle: 'bench', ...trigger(proxies.KEDA) });
  if (created.parseError) throw new Error(`KEDA: ${created.parseError}`);
  await worker.request({
    op: 'create',
    handle: 'bench',
    ...trigger(proxies.scalerkit),
    rawHost: hostThrough(scenario.scheme, proxies.raw),
  });
  const sides = [
    { name: 'KEDA', peer: keda, op: 'poll', proxy: proxies.KEDA },
    { name: 'scalerkit', peer: worker, op: 'poll', proxy: proxies.scalerkit },
    { name: 'raw client call', peer: worker, op: 'raw', proxy: proxies.raw },
  ].map((side) => ({
    ...side,
    request: (polls) => side.peer.request({ op: side.op, handle: 'bench', polls }),
    counters: () => ({ ...side.proxy.state }),
  }));
  for (const side of sides) await side.request(warmup);
  await pollInRounds(sides, { rounds, batch, rotate: true, label: `${scenario.name}, ` });
  await keda.request({ op: 'close', handle: 'bench' });
  await worker.request({ op: 'close', handle: 'bench' });
  const kedaRow = summary(sides[0]);
  for (const side of sides) {
    side.proxy.close();
    checkValues(side, 5, `${scenario.name}, `);
    const { p50, p95, cpu, values } = summary(side);
    const { up, down, requests } = side.counted;
    rows.push([
      scenario.name,
      side.name,
      `${f(p50)} / ${f(p95)}`,
      f(p50 / kedaRow.p50),
      cpu.toFixed(3),
      f(cpu / kedaRow.cpu),
      `${Math.round(up / side.polls)} / ${Math.round(down / side.polls)}`,
      f(requests / side.polls),
      side.proxy.state.connections,
      values,
      rssMegabytes(side.peer.pid),
    ]);
  }
}

console.log(
  `${kedaVersion} (${goVersion}) vs scalerkit and the raw client (Node.js ${process.version}), ${rounds} rounds x ${batch} ` +
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
    'bytes per poll up / down',
    'HTTP requests per poll',
    'connections',
    'value',
    'RSS after (MB)',
  ],
  rows,
);
console.log('(the scalerkit and raw client rows share one worker process: its RSS holds both clients)');

await Promise.all([keda.stop(), worker.stop()]);
await rabbitQueue.remove();
bundles.remove();
setTimeout(() => process.exit(0), 200).unref();
