// KEDA v2.21.0's own rabbitmq and nats-jetstream scalers (tools/keda-oracle) beside @scalerkit/rabbitmq and
// @scalerkit/nats-jetstream, on the same live services: each side in a process of its own, polled alternately in
// batches (the order flips every round). Three rows: rabbitmq over AMQP (a passive queue declare per poll),
// rabbitmq over the management API (one GET per poll), nats-jetstream on the standalone server (one /jsz GET per
// poll). Reports p50/p95 per poll, CPU per poll (the process's user + system time across the poll), traffic per
// poll (bytes each way and HTTP requests, counted by a TCP relay in front of the service, one per side) and RSS.
//
//   bash scripts/services/rabbitmq.sh up && bash scripts/services/nats.sh up && bash scripts/keda-oracle.sh build
//   node bench/keda/rabbitmq-nats-side-by-side.bench.mjs [--rounds 10] [--batch 50]
import { cpus } from 'node:os';
import { rabbitmqCredentials, rabbitmqQueueWith, rabbitmqSettings } from './lib/rabbitmq.mjs';
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
const rabbit = rabbitmqSettings();
const nats = {
  url: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  monitoring: process.env.NATS_MONITORING_ENDPOINT ?? '127.0.0.1:8222',
};
const bundles = bundler('scalerkit-rabbitmq-nats-bench', ['amqplib']);
const workerPath = await bundles.bundle('bench/keda/rabbitmq-nats-worker.ts', 'worker.mjs');

// Fixtures: a queue with 5 messages in `/`, a stream whose durable consumer has 7 pending + 5 ack-pending.
const run = Date.now().toString(36);
const queue = `keda-bench-${run}`;
const stream = `keda_bench_${run}`;
const rabbitQueue = await rabbitmqQueueWith(rabbit, queue, 5);
const natsModule = await import('nats');
const natsConnection = await natsModule.connect({ servers: nats.url, timeout: 5000 });
const manager = await natsConnection.jetstreamManager({ timeout: 10_000 });
await manager.streams.add({ name: stream, subjects: [`${stream}.>`] });
await manager.consumers.add(stream, {
  durable_name: 'workers',
  ack_policy: natsModule.AckPolicy.Explicit,
  ack_wait: 600_000_000_000,
});
const js = natsConnection.jetstream();
for (let index = 0; index < 12; index += 1) await js.publish(`${stream}.work`, new TextEncoder().encode(`m${index}`));
const fetched = await (await js.consumers.get(stream, 'workers')).fetch({ max_messages: 5, expires: 2000 });
let received = 0;
for await (const _message of fetched) if (++received === 5) break;

const credentials = rabbitmqCredentials(rabbit);
const scenarios = [
  {
    name: 'rabbitmq AMQP',
    target: [rabbit.amqp.hostname, Number(rabbit.amqp.port || 5672)],
    trigger: (address) => ({
      triggerType: 'rabbitmq',
      metadata: { queueName: queue, host: `amqp://${credentials}@${address}/` },
    }),
    expected: 5,
  },
  {
    name: 'rabbitmq HTTP',
    target: [rabbit.management.hostname, Number(rabbit.management.port || 15672)],
    trigger: (address) => ({
      triggerType: 'rabbitmq',
      metadata: { queueName: queue, host: `http://${credentials}@${address}/` },
    }),
    expected: 5,
  },
  {
    name: 'nats-jetstream',
    target: [nats.monitoring.split(':')[0], Number(nats.monitoring.split(':')[1])],
    trigger: (address) => ({
      triggerType: 'nats-jetstream',
      metadata: { natsServerMonitoringEndpoint: address, account: 'APP', stream, consumer: 'workers' },
    }),
    expected: 12,
  },
];

const keda = startOracle();
const scalerkit = startWorker(workerPath);
const { kedaVersion, goVersion } = (await keda.request({ op: 'stats' })).stats;
const loadAtStart = loadAverages()[0];

const rows = [];
for (const scenario of scenarios) {
  const sides = [];
  for (const peer of [keda, scalerkit]) {
    const proxy = await relay(...scenario.target);
    const created = await peer.request({ op: 'create', handle: 'bench', ...scenario.trigger(proxy.address) });
    if (created.parseError) throw new Error(`${peer.name}: ${created.parseError}`);
    await peer.request({ op: 'poll', handle: 'bench', polls: warmup });
    sides.push({
      name: peer.name,
      peer,
      proxy,
      request: (polls) => peer.request({ op: 'poll', handle: 'bench', polls }),
      counters: () => ({ ...proxy.state }),
    });
  }
  await pollInRounds(sides, { rounds, batch, label: `${scenario.name}, ` });
  for (const side of sides) {
    await side.peer.request({ op: 'close', handle: 'bench' });
    side.proxy.close();
    checkValues(side, scenario.expected, `${scenario.name}, `);
    const { p50, p95, cpu, values } = summary(side);
    const { up, down, requests } = side.counted;
    rows.push([
      scenario.name,
      side.name,
      `${f(p50)} / ${f(p95)}`,
      cpu.toFixed(3),
      `${Math.round(up / side.polls)} / ${Math.round(down / side.polls)}`,
      f(requests / side.polls),
      side.proxy.state.connections,
      values,
      rssMegabytes(side.peer.pid),
    ]);
  }
}

console.log(
  `${kedaVersion} (${goVersion}) vs scalerkit (Node.js ${process.version}), ${rounds} rounds x ${batch} polls per side ` +
    `after ${warmup} warm-up polls; ${cpus().length} cores, load ${loadAtStart} at the start`,
);
printTable(
  [
    'scenario',
    'side',
    'p50 / p95 (ms)',
    'CPU per poll (ms)',
    'bytes per poll up / down',
    'HTTP requests per poll',
    'connections',
    'value',
    'RSS after (MB)',
  ],
  rows,
);

await Promise.all([keda.stop(), scalerkit.stop()]);
await rabbitQueue.remove();
await manager.streams.delete(stream).catch(() => false);
await natsConnection.close();
bundles.remove();
setTimeout(() => process.exit(0), 200).unref();
