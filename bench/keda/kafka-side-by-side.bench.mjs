// KEDA v2.21.0's own kafka scaler (tools/keda-oracle) and @scalerkit/kafka, side by side on one broker: both run
// in processes of their own that speak the same JSON-line protocol, and are polled alternately in batches
// (the order flips every round) against the same topic. Reports p50/p95 latency per poll, CPU per poll,
// broker requests per poll and process RSS for both, with the ratio scalerkit / KEDA.
//
//   bash scripts/services/kafka.sh up && bash scripts/keda-oracle.sh build
//   node bench/keda/kafka-side-by-side.bench.mjs [--write] [--rounds 10] [--batch 20] [--sizes 1,100,1000]
//
// --write replaces the "KEDA side by side" section of docs/benchmarks.md (the section between its markers).
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import {
  argument,
  bundler,
  checkValues,
  f,
  loadAverages,
  markdownTable,
  mean,
  pollInRounds,
  procStats,
  root,
  roundsAndBatch,
  startOracle,
  startWorker,
  summary,
} from './lib/side-by-side.mjs';

const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const sizes = argument('sizes', '1,100,1000').split(',').map(Number);
const { rounds, batch } = roundsAndBatch({ rounds: 10, batch: 20 });
const warmup = 5;

// The scalerkit worker and the test helpers, bundled from the sources.
const bundles = bundler('scalerkit-keda-bench', ['kafkajs']);
const workerPath = await bundles.bundle('bench/keda/scalerkit-worker.ts', 'worker.mjs');
await bundles.bundle('packages/kafka/src/test-support.ts', 'support.mjs');
const support = await bundles.load('support.mjs');
const { Kafka, logLevel } = await import('kafkajs');

const keda = startOracle({ stderr: 'inherit' });
const scalerkit = startWorker(workerPath, 'scalerkit', { stderr: 'inherit' });
const kafka = new Kafka({ clientId: 'keda-bench', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
const { kedaVersion, goVersion } = (await keda.request({ op: 'stats' })).stats;
const loadAtStart = loadAverages()[0];

const rows = [];
const run = Date.now().toString(36);
for (const partitions of sizes) {
  const topic = `keda-bench-${partitions}-${run}`;
  const group = `${topic}-group`;
  // kafkajs's waitForLeaders (its default) gives up with UNKNOWN_TOPIC_OR_PARTITION when the new topic is not in the
  // broker's metadata yet (a loaded machine): wait for its leaders here instead.
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: false, timeout: 60_000 });
  for (let attempt = 1; ; attempt += 1) {
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => ({ topics: [] }))).topics;
    if (metadata?.partitions.length === partitions && metadata.partitions.every((entry) => entry.leader >= 0)) break;
    if (attempt >= 60) throw new Error(`topic ${topic}: no leaders after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  // A new topic's partitions may be unknown to the producer for a moment (more so on a loaded machine):
  // retry the send, which fails before anything is written.
  // Idempotent, so that the producer's own retries never write a record twice (the lag must be 2 per partition).
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let attempt = 1; ; attempt += 1) {
    try {
      await producer.send({
        topic,
        messages: Array.from({ length: partitions * 3 }, (_, i) => ({ partition: i % partitions, value: 'x' })),
      });
      break;
    } catch (error) {
      if (attempt >= 10 || error.type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  await producer.disconnect();
  await support.commitOffsets(
    brokers.split(','),
    group,
    topic,
    Object.fromEntries(Array.from({ length: partitions }, (_, p) => [p, 1])),
  );
  const trigger = {
    triggerType: 'kafka',
    metadata: { bootstrapServers: brokers, consumerGroup: group, topic, allowIdleConsumers: 'true' },
  };
  const sides = [keda, scalerkit].map((peer) => ({
    name: peer.name,
    peer,
    request: (polls) => peer.request({ op: 'poll', handle: 'bench', polls }),
    // Write syscalls: each Kafka request is one socket write, and one more write answers the batch on stdout.
    counters: () => ({ writes: procStats(peer.pid).writes }),
  }));
  for (const side of sides) {
    const created = await side.peer.request({ op: 'create', handle: 'bench', ...trigger });
    if (created.parseError) throw new Error(`${side.peer.name}: ${created.parseError}`);
    await side.request(warmup);
  }
  await pollInRounds(sides, { rounds, batch });
  for (const side of sides) checkValues(side, partitions * 2, `${partitions} partitions: `);
  const rss = sides.map((side) => procStats(side.peer.pid).rssBytes);
  for (const side of sides) await side.peer.request({ op: 'close', handle: 'bench' });
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  const [k, s] = sides.map((side, index) => ({
    ...summary(side),
    // Less the one write per batch that answers it on stdout: the rest are the scaler's socket writes.
    writesPerPoll: (side.counted.writes - side.batches) / side.polls,
    requestsPerPoll: side.requests.length > 0 ? mean(side.requests) : undefined,
    rssMb: rss[index] / 2 ** 20,
  }));
  rows.push({ partitions, keda: k, scalerkit: s, polls: sides[0].polls });
  console.log(
    `${partitions} partitions, ${sides[0].polls} polls each: KEDA p50 ${k.p50.toFixed(2)} ms, CPU ${k.cpu.toFixed(2)} ms/poll, ` +
      `~${k.writesPerPoll.toFixed(2)} socket writes/poll, lag ${k.values}; scalerkit p50 ${s.p50.toFixed(2)} ms, CPU ${s.cpu.toFixed(2)} ms/poll, ` +
      `${s.requestsPerPoll} requests/poll (${s.writesPerPoll.toFixed(2)} writes/poll), lag ${s.values}`,
  );
}
await admin.disconnect();
await Promise.all([keda.stop(), scalerkit.stop()]);
bundles.remove();

const table = markdownTable(
  [
    'partitions',
    'KEDA p50 / p95 (ms)',
    'scalerkit p50 / p95 (ms)',
    'p50 ratio',
    'KEDA CPU per poll (ms)',
    'scalerkit CPU per poll (ms)',
    'CPU ratio',
    'socket writes per poll KEDA / scalerkit',
    'scalerkit requests per poll (counted)',
    'RSS KEDA / scalerkit (MB)',
    'lag reported KEDA / scalerkit',
  ],
  rows.map(({ partitions, keda: k, scalerkit: s }) => [
    partitions.toLocaleString('en-US'),
    `${f(k.p50)} / ${f(k.p95)}`,
    `${f(s.p50)} / ${f(s.p95)}`,
    f(s.p50 / k.p50),
    f(k.cpu),
    f(s.cpu),
    f(s.cpu / k.cpu),
    `${f(k.writesPerPoll)} / ${f(s.writesPerPoll)}`,
    s.requestsPerPoll === undefined ? '?' : f(s.requestsPerPoll),
    `${Math.round(k.rssMb)} / ${Math.round(s.rssMb)}`,
    `${k.values} / ${s.values}`,
  ]),
);
console.log(`\n${table}`);

if (process.argv.includes('--write')) {
  const START = '<!-- keda-side-by-side:start -->';
  const END = '<!-- keda-side-by-side:end -->';
  const section = `${START}
## KEDA side by side

Command: \`bash scripts/services/kafka.sh up && bash scripts/keda-oracle.sh build && node bench/keda/kafka-side-by-side.bench.mjs --write\`.

Setup: KEDA ${kedaVersion}'s own kafka scaler (\`scalers.NewKafkaScaler\`, built from KEDA's Go module by
\`tools/keda-oracle\`) and \`@scalerkit/kafka\` (its kafkajs adapter), each in a process of its own, polled
alternately in ${rounds} rounds of ${batch} polls (the order flips every round, after ${warmup} warm-up polls) on
the same topic: N partitions with 3 records each, the group committed at offset 1 everywhere,
\`allowIdleConsumers: true\`, Apache Kafka on loopback (\`scripts/services/kafka.sh\`). Latency is timed around
\`GetMetricsAndActivity\` / \`getMetricsAndActivity\` inside each process; CPU per poll is the process's user +
system CPU time (getrusage) across the poll, all threads included. Requests per poll: scalerkit's are counted
from kafkajs's request events; for both, the process's write syscalls per poll (\`/proc/<pid>/io\` syscw, less
the one answer line) estimate them from outside (sarama and kafkajs write each request with one write; the
runtimes add a few writes of their own, so the estimate runs slightly high: compare it with scalerkit's counted
requests). RSS is each whole process after its polls (a Go
binary linking all of KEDA's scalers; Node.js with kafkajs). Ratios are scalerkit / KEDA (below 1: scalerkit
uses less).

${table}

Node.js ${process.version}, KEDA ${kedaVersion} built with ${goVersion}; ${cpus().length} shared cores, load average
${loadAtStart} at the start (other work running): compare the ratios of one run rather than absolute numbers across runs.
${END}`;
  const file = join(root, 'docs/benchmarks.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const updated =
    start >= 0 && end > start
      ? text.slice(0, start) + section + text.slice(end + END.length)
      : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, updated);
  console.log('wrote the KEDA side by side section of docs/benchmarks.md');
}
