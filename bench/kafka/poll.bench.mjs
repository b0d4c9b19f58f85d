// Kafka scaler poll latency and broker requests per poll, against the raw kafkajs calls a hand-written lag
// check would make. Needs the broker of scripts/services/kafka.sh (KAFKA_BROKERS, default 127.0.0.1:19092).
//
//   node bench/kafka/poll.bench.mjs [--write]     (--write replaces the Kafka section of docs/benchmarks.md)
//
// The package sources are bundled on the fly with esbuild (a tsup dependency), so no build is needed.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const sizes = [1, 100, 1000];
const polls = 40;
const warmup = 5;

// Inside node_modules so that the bundle resolves kafkajs like the sources do.
const dir = join(root, 'node_modules/.cache/scalerkit-kafka-bench');
mkdirSync(dir, { recursive: true });
const outfile = join(dir, 'kafka.mjs');
await build({
  stdin: {
    contents: `export * from '${root}packages/kafka/src/index.ts'; export * from '${root}packages/kafka/src/test-support.ts'; export { createConnectionCache, silentLogger } from '${root}packages/core/src/index.ts';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile,
  external: ['kafkajs', 'yaml', 'zod'],
  // The package's directory: '@scalerkit/core' finds src/index.ts and '@scalerkit/core/<area>' src/<area>.ts.
  alias: { '@scalerkit/core': `${root}packages/core/src` },
  logLevel: 'error',
});
const kit = await import(pathToFileURL(outfile).href);
const { Kafka, logLevel } = await import('kafkajs');

const kafka = new Kafka({ clientId: 'scalerkit-bench', brokers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p95: at(0.95), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

async function measure(pollOnce, requestCounter) {
  for (let i = 0; i < warmup; i += 1) await pollOnce();
  const times = [];
  const before = requestCounter.count;
  for (let i = 0; i < polls; i += 1) {
    const start = process.hrtime.bigint();
    await pollOnce();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ...stats(times), requests: (requestCounter.count - before) / polls };
}

const rows = [];
const run = `${Date.now().toString(36)}`;
for (const partitions of sizes) {
  const topic = `bench-${partitions}-${run}`;
  const group = `${topic}-group`;
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true, timeout: 60_000 });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: Array.from({ length: partitions * 3 }, (_, i) => ({ partition: i % partitions, value: 'x' })),
  });
  await producer.disconnect();
  await kit.commitOffsets(
    brokers,
    group,
    topic,
    Object.fromEntries(Array.from({ length: partitions }, (_, p) => [p, 1])),
  );

  // scalerkit: the scaler, through its shared kafkajs adapter.
  const scalerCounter = { count: 0 };
  const connections = kit.createConnectionCache();
  const config = kit.kafkaScaler.parse({
    metadata: { bootstrapServers: brokers.join(','), consumerGroup: group, topic, allowIdleConsumers: 'true' },
  });
  const scaler = new kit.KafkaScaler(
    config,
    { logger: kit.silentLogger, signal: new AbortController().signal, connections, timeoutMs: 10_000 },
    {
      createAdmin: (options) => kit.createKafkaJsAdmin({ ...options, onRequest: () => (scalerCounter.count += 1) }),
    },
  );
  const metricName = scaler.getMetricSpecs()[0].metricName;
  let scalerValue;
  const scalerResult = await measure(async () => {
    scalerValue = (await scaler.getMetricsAndActivity(metricName)).metrics[0].value;
  }, scalerCounter);
  await scaler.close();

  // Raw kafkajs admin: metadata, then the group's offsets and the topic's offsets in parallel.
  const rawCounter = { count: 0 };
  const raw = kafka.admin();
  raw.on(raw.events.REQUEST, () => (rawCounter.count += 1));
  await raw.connect();
  let rawValue;
  const rawResult = await measure(async () => {
    await raw.fetchTopicMetadata({ topics: [topic] });
    const [[committed], latest] = await Promise.all([
      raw.fetchOffsets({ groupId: group, topics: [topic] }),
      raw.fetchTopicOffsets(topic),
    ]);
    const byPartition = new Map(committed.partitions.map((p) => [p.partition, Number(p.offset)]));
    rawValue = latest.reduce((sum, p) => sum + Number(p.high) - (byPartition.get(p.partition) ?? 0), 0);
  }, rawCounter);
  await raw.disconnect();

  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  rows.push({ partitions, scaler: scalerResult, raw: rawResult, scalerValue, rawValue });
  console.log(
    `${partitions} partitions: scaler p50 ${scalerResult.p50.toFixed(2)} ms (${scalerResult.requests} req/poll, lag ${scalerValue}), ` +
      `raw kafkajs p50 ${rawResult.p50.toFixed(2)} ms (${rawResult.requests} req/poll, lag ${rawValue}), ratio ${(scalerResult.p50 / rawResult.p50).toFixed(2)}`,
  );
}
await admin.disconnect();
rmSync(dir, { recursive: true, force: true });

const fmt = (n) => n.toFixed(2);
const table = [
  '| partitions | scaler p50 / p95 / mean (ms) | scaler requests per poll | raw kafkajs p50 / p95 / mean (ms) | raw requests per poll | p50 ratio (goal ≤ 1.2) |',
  '|---|---|---|---|---|---|',
  ...rows.map(
    (row) =>
      `| ${row.partitions.toLocaleString('en-US')} | ${fmt(row.scaler.p50)} / ${fmt(row.scaler.p95)} / ${fmt(row.scaler.mean)} | ${row.scaler.requests} | ${fmt(row.raw.p50)} / ${fmt(row.raw.p95)} / ${fmt(row.raw.mean)} | ${row.raw.requests} | ${fmt(row.scaler.p50 / row.raw.p50)} |`,
  ),
].join('\n');
console.log(`\n${table}`);

if (process.argv.includes('--write')) {
  const section = `## Kafka

Command: \`bash scripts/services/kafka.sh up && node bench/kafka/poll.bench.mjs --write\` (bundles
\`packages/kafka/src\` with esbuild on the fly).

Setup: Apache Kafka 4.1.1, one KRaft node on loopback (\`scripts/services/kafka.sh\`); one topic of N
partitions with 3 records each, the group committed at offset 1 everywhere; ${polls} sequential polls after
${warmup} warm-up polls. **scaler** is \`KafkaScaler.getMetricsAndActivity\` with its kafkajs adapter;
**raw kafkajs** is what a hand-written check with the kafkajs admin API does: \`fetchTopicMetadata\`, then
\`fetchOffsets\` and \`fetchTopicOffsets\` in parallel. Requests are counted from kafkajs's network request
events (the scaler's adapter reports them through \`onRequest\`).

${table}

The scaler sends what KEDA sends per poll: one Metadata, then one OffsetFetch (the group coordinator is
looked up once and kept) and one ListOffsets per partition leader in parallel: 3 requests on one broker.
kafkajs's admin calls send at least 6 (more when they refresh metadata): FindCoordinator before every OffsetFetch, a Metadata lookup inside
\`fetchOffsets\`, and two ListOffsets rounds (latest and earliest) in \`fetchTopicOffsets\`.
Broker set-up on this machine: cold \`scripts/services/kafka.sh up\` (Maven download of 46 jars, 43 MB, into an empty
local repository, then format and start) 25 s; warm \`up\` (jars cached, fresh storage) 3.5 s, of which 2 s
start to ready.
node ${process.version}, ${process.platform}/${process.arch}.
`;
  const path = join(root, 'docs/benchmarks.md');
  const current = readFileSync(path, 'utf8');
  const start = current.indexOf('## Kafka');
  let next;
  if (start >= 0) {
    const after = current.indexOf('\n## ', start + 1);
    next = current.slice(0, start) + section + (after >= 0 ? current.slice(after + 1) : '');
  } else {
    next = `${current.trimEnd()}\n\n${section}`;
  }
  writeFileSync(path, next);
  console.log('wrote the Kafka section of docs/benchmarks.md');
}
