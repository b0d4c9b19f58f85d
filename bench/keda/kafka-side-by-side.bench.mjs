// KEDA v2.21.0's own kafka scaler (tools/keda-oracle) and @scalerkit/kafka, side by side on one broker: both run
// in processes of their own that speak the same JSON-line protocol, and are polled alternately in batches
// (the order flips every round) against the same topic. Reports p50/p95 latency per poll, CPU per poll,
// broker requests per poll and process RSS for both, with the ratio scalerkit / KEDA.
//
//   bash scripts/services/kafka.sh up && bash scripts/keda-oracle.sh build
//   node bench/keda/kafka-side-by-side.bench.mjs [--write] [--rounds 10] [--batch 20] [--sizes 1,100,1000]
//
// --write replaces the "KEDA side by side" section of docs/benchmarks.md (the section between its markers).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
const argument = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const sizes = argument('sizes', '1,100,1000').split(',').map(Number);
const rounds = Number(argument('rounds', '10'));
const batch = Number(argument('batch', '20'));
const warmup = 5;

const oracleBinary =
  process.env.KEDA_ORACLE_BIN ??
  (() => {
    try {
      return execFileSync('bash', [join(root, 'scripts/keda-oracle.sh'), 'path'], { encoding: 'utf8' }).trim();
    } catch {
      console.error('keda side by side: the oracle is not built; run: bash scripts/keda-oracle.sh build');
      process.exit(1);
    }
  })();

// The scalerkit worker and the test helpers, bundled from the sources (inside node_modules so kafkajs resolves).
const dir = join(root, 'node_modules/.cache/scalerkit-keda-bench');
mkdirSync(dir, { recursive: true });
// As vitest's aliases: `@scalerkit/<pkg>` is packages/<pkg>/src/index.ts, `@scalerkit/<pkg>/<sub>` src/<sub>.ts.
const sources = {
  name: 'scalerkit-sources',
  setup(builder) {
    builder.onResolve({ filter: /^@scalerkit\// }, ({ path }) => {
      const [, name, sub] = /^@scalerkit\/([^/]+)(?:\/(.+))?$/.exec(path);
      return { path: join(root, 'packages', name, 'src', sub ? `${sub}.ts` : 'index.ts') };
    });
  },
};
const bundle = (entryPoints, outfile) =>
  build({
    entryPoints,
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['kafkajs', 'yaml', 'zod'],
    plugins: [sources],
    logLevel: 'error',
  });
await bundle([join(root, 'bench/keda/scalerkit-worker.ts')], join(dir, 'worker.mjs'));
await bundle([join(root, 'packages/kafka/src/test-support.ts')], join(dir, 'support.mjs'));
const support = await import(pathToFileURL(join(dir, 'support.mjs')).href);
const { Kafka, logLevel } = await import('kafkajs');

/** A JSON-line peer (the oracle or the worker): requests carry an id, answers are matched by it. */
function startPeer(name, command, args) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const pending = new Map();
  let nextId = 0;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const answer = JSON.parse(line);
    pending.get(answer.id)?.(answer);
    pending.delete(answer.id);
  });
  return {
    name,
    pid: child.pid,
    request(body) {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no answer to ${body.op}`)), 120_000);
        pending.set(id, (answer) => {
          clearTimeout(timer);
          if (answer.error) reject(new Error(`${name}: ${answer.error}`));
          else resolve(answer);
        });
        child.stdin.write(`${JSON.stringify({ ...body, id })}\n`);
      });
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.stdin.end();
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** Process-wide numbers read from /proc: RSS, and write syscalls (each Kafka request is one socket write). */
function procStats(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  const writes = Number(/syscw:\s+(\d+)/.exec(io)[1]);
  return { rssBytes: rssKb * 1024, writes };
}

const keda = startPeer('KEDA', oracleBinary, ['--stream']);
const scalerkit = startPeer('scalerkit', process.execPath, [join(dir, 'worker.mjs')]);
const kafka = new Kafka({ clientId: 'keda-bench', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
const { kedaVersion, goVersion } = (await keda.request({ op: 'stats' })).stats;
const loadAtStart = loadavg()[0].toFixed(1);

function percentile(samples, q) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
const mean = (samples) => samples.reduce((sum, value) => sum + value, 0) / samples.length;

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
  const sides = [
    { peer: keda, elapsed: [], cpu: [], values: new Set(), writes: 0, requests: [], polls: 0 },
    { peer: scalerkit, elapsed: [], cpu: [], values: new Set(), writes: 0, requests: [], polls: 0 },
  ];
  for (const side of sides) {
    const created = await side.peer.request({ op: 'create', handle: 'bench', ...trigger });
    if (created.parseError) throw new Error(`${side.peer.name}: ${created.parseError}`);
    await side.peer.request({ op: 'poll', handle: 'bench', polls: warmup });
  }
  for (let round = 0; round < rounds; round += 1) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      const before = procStats(side.peer.pid);
      const { polls } = await side.peer.request({ op: 'poll', handle: 'bench', polls: batch });
      const after = procStats(side.peer.pid);
      for (const poll of polls) {
        if (poll.error) throw new Error(`${side.peer.name}: poll failed: ${poll.error}`);
        side.elapsed.push(poll.elapsedMs);
        side.cpu.push(poll.cpuMs);
        side.values.add(poll.values[0].value.value);
        if (poll.requests !== undefined) side.requests.push(poll.requests);
      }
      // One write answers the batch on stdout; the rest are the scaler's socket writes.
      side.writes += after.writes - before.writes - 1;
      side.polls += polls.length;
    }
  }
  if (sides.some((side) => side.values.size !== 1 || !side.values.has(partitions * 2))) {
    console.warn(
      `${partitions} partitions: expected a lag of ${partitions * 2}, got KEDA ${[...sides[0].values]} / scalerkit ${[...sides[1].values]}`,
    );
  }
  const rss = sides.map((side) => procStats(side.peer.pid).rssBytes);
  for (const side of sides) await side.peer.request({ op: 'close', handle: 'bench' });
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  const [k, s] = sides.map((side, index) => ({
    p50: percentile(side.elapsed, 0.5),
    p95: percentile(side.elapsed, 0.95),
    cpu: mean(side.cpu),
    writesPerPoll: side.writes / side.polls,
    requestsPerPoll: side.requests.length > 0 ? mean(side.requests) : undefined,
    rssMb: rss[index] / 2 ** 20,
    values: [...side.values],
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
rmSync(dir, { recursive: true, force: true });

const f = (n) => n.toFixed(2);
const table = [
  '| partitions | KEDA p50 / p95 (ms) | scalerkit p50 / p95 (ms) | p50 ratio | KEDA CPU per poll (ms) | scalerkit CPU per poll (ms) | CPU ratio | socket writes per poll KEDA / scalerkit | scalerkit requests per poll (counted) | RSS KEDA / scalerkit (MB) | lag reported KEDA / scalerkit |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    ({ partitions, keda: k, scalerkit: s }) =>
      `| ${partitions.toLocaleString('en-US')} | ${f(k.p50)} / ${f(k.p95)} | ${f(s.p50)} / ${f(s.p95)} | ${f(s.p50 / k.p50)} | ${f(k.cpu)} | ${f(s.cpu)} | ${f(s.cpu / k.cpu)} | ${f(k.writesPerPoll)} / ${f(s.writesPerPoll)} | ${s.requestsPerPoll === undefined ? '?' : f(s.requestsPerPoll)} | ${Math.round(k.rssMb)} / ${Math.round(s.rssMb)} | ${k.values.join(',')} / ${s.values.join(',')} |`,
  ),
].join('\n');
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
if (!existsSync(oracleBinary)) process.exitCode = 1;
