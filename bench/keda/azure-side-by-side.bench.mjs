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
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
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
const rounds = Number(argument('rounds', '10'));
const batch = Number(argument('batch', '50'));
const warmup = 10;
const oracleBinary = execFileSync('bash', [join(root, 'scripts/keda-oracle.sh'), 'path'], { encoding: 'utf8' }).trim();

// The worker and the test equipment, bundled from the sources (inside node_modules so that the SDKs resolve).
const dir = join(root, 'node_modules/.cache/scalerkit-azure-bench');
mkdirSync(dir, { recursive: true });
const sources = {
  name: 'scalerkit-sources',
  setup(builder) {
    builder.onResolve({ filter: /^@scalerkit\// }, ({ path }) => {
      const [, name, sub] = /^@scalerkit\/([^/]+)(?:\/(.+))?$/.exec(path);
      return { path: join(root, 'packages', name, 'src', sub ? `${sub}.ts` : 'index.ts') };
    });
  },
};
const bundle = (entry, outfile) =>
  build({
    entryPoints: [join(root, entry)],
    outfile: join(dir, outfile),
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['@azure/*', 'yaml', 'zod'],
    plugins: [sources],
    logLevel: 'error',
  });
await bundle('bench/keda/azure-worker.ts', 'worker.mjs');
await bundle('packages/azure-service-bus/src/test-support/fake-service-bus-management.ts', 'fake.mjs');
await bundle('packages/azure-storage-queue/src/test-support/azurite.ts', 'azurite.mjs');
await bundle('tools/keda-oracle/ts/trusted-ca-bundle.ts', 'ca-bundle.mjs');
const load = (file) => import(pathToFileURL(join(dir, file)).href);
const { startFakeServiceBusManagement } = await load('fake.mjs');
const { azuriteConnection, azuriteConnectionString, azuriteEndpoint } = await load('azurite.mjs');
const { writeTrustedCaBundle } = await load('ca-bundle.mjs');

/** A TCP relay to host:port that counts HTTP requests and connections. */
function relay(host, port) {
  return new Promise((resolve) => {
    const state = { requests: 0, connections: 0 };
    const sockets = new Set();
    const server = createServer((client) => {
      state.connections += 1;
      const upstream = connect(port, host);
      sockets.add(client).add(upstream);
      client.on('data', (data) => {
        state.requests += (
          data.toString('latin1').match(/^(GET|HEAD|PUT|POST|DELETE) \/\S* HTTP\/1\.1/gm) ?? []
        ).length;
      });
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    server.listen(0, '127.0.0.1', () =>
      resolve({
        state,
        endpoint: `http://127.0.0.1:${server.address().port}`,
        close: () => {
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      }),
    );
  });
}

/** A JSON-line peer (the oracle or the worker): requests carry an id, answers are matched by it. */
function peer(name, command, args, env = process.env) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'], env });
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
    request: (body) =>
      new Promise((resolve, reject) => {
        const id = ++nextId;
        pending.set(id, (answer) => (answer.error ? reject(new Error(`${name}: ${answer.error}`)) : resolve(answer)));
        child.stdin.write(`${JSON.stringify({ ...body, id })}\n`);
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.stdin.end();
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

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

const keda = peer('KEDA', oracleBinary, ['--stream'], caBundle.environment());
const worker = peer('scalerkit', process.execPath, [join(dir, 'worker.mjs')]);
const { kedaVersion, goVersion } = (await keda.request({ op: 'stats' })).stats;
const loadAtStart = loadavg()
  .map((value) => value.toFixed(1))
  .join(' ');
const rss = (pid) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024);
const percentile = (samples, q) => [...samples].sort((a, b) => a - b)[Math.floor(q * samples.length)];
const mean = (samples) => samples.reduce((sum, value) => sum + value, 0) / samples.length;

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
  ].map((side) => ({ ...side, elapsed: [], cpu: [], values: new Set(), requests: 0, polls: 0 }));
  for (const side of sides) await side.peer.request({ op: side.op, handle: 'bench', polls: warmup });
  for (let round = 0; round < rounds; round += 1) {
    const order = [...sides.slice(round % 3), ...sides.slice(0, round % 3)];
    for (const side of round % 2 === 0 ? order : order.reverse()) {
      const before = side.target.counted();
      const { polls } = await side.peer.request({ op: side.op, handle: 'bench', polls: batch });
      side.requests += side.target.counted() - before;
      for (const poll of polls) {
        if (poll.error) throw new Error(`${scenario.name}, ${side.name}: poll failed: ${poll.error}`);
        side.elapsed.push(poll.elapsedMs);
        side.cpu.push(poll.cpuMs);
        side.values.add(poll.values[0].value.value);
      }
      side.polls += polls.length;
    }
  }
  const kedaRow = { p50: percentile(sides[0].elapsed, 0.5), cpu: mean(sides[0].cpu) };
  for (const side of sides) {
    const values = [...side.values];
    if (values.length !== 1 || values[0] !== scenario.expected)
      console.warn(`${scenario.name}, ${side.name}: expected ${scenario.expected}, got ${values.join(',')}`);
    const p50 = percentile(side.elapsed, 0.5);
    const cpu = mean(side.cpu);
    rows.push({
      scenario: scenario.name,
      side: side.name,
      p50,
      p95: percentile(side.elapsed, 0.95),
      cpu,
      p50Ratio: p50 / kedaRow.p50,
      cpuRatio: cpu / kedaRow.cpu,
      requests: side.requests / side.polls,
      values: values.join(','),
      rss: rss(side.peer.pid),
    });
  }
  await keda.request({ op: 'close', handle: 'bench' });
  await worker.request({ op: 'close', handle: 'bench' });
  kedaTarget.proxy.close();
  workerTarget.proxy.close();
}

const f = (n) => n.toFixed(2);
console.log(
  `${kedaVersion} (${goVersion}) vs scalerkit and the raw Azure SDK (Node.js ${process.version}), ${rounds} rounds x ${batch} ` +
    `polls per side after ${warmup} warm-up polls; ${cpus().length} cores, load average ${loadAtStart} at the start`,
);
console.log(
  '| scenario | side | p50 / p95 (ms) | p50 ratio to KEDA | CPU per poll (ms) | CPU ratio to KEDA | HTTP requests per poll | value | RSS after (MB) |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const row of rows)
  console.log(
    `| ${row.scenario} | ${row.side} | ${f(row.p50)} / ${f(row.p95)} | ${f(row.p50Ratio)} | ${row.cpu.toFixed(3)} | ${f(row.cpuRatio)} | ${f(row.requests)} | ${row.values} | ${row.rss} |`,
  );
console.log('(the scalerkit and raw SDK rows share one worker process: its RSS holds both clients)');

await Promise.all([keda.stop(), worker.stop()]);
await admin.delete().catch(() => undefined);
await fake.close();
caBundle.remove();
rmSync(dir, { recursive: true, force: true });
setTimeout(() => process.exit(0), 200).unref();
