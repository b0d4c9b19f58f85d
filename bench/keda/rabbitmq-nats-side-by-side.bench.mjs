// KEDA v2.21.0's own rabbitmq and nats-jetstream scalers (tools/keda-oracle) beside @scalerkit/rabbitmq and
// @scalerkit/nats-jetstream, on the same live services: each side in a process of its own, polled alternately in
// batches (the order flips every round). Three rows: rabbitmq over AMQP (a passive queue declare per poll),
// rabbitmq over the management API (one GET per poll), nats-jetstream on the standalone server (one /jsz GET per
// poll). Reports p50/p95 per poll, CPU per poll (the process's user + system time across the poll), traffic per
// poll (bytes each way and HTTP requests, counted by a TCP relay in front of the service, one per side) and RSS.
//
//   bash scripts/services/rabbitmq.sh up && bash scripts/services/nats.sh up && bash scripts/keda-oracle.sh build
//   node bench/keda/rabbitmq-nats-side-by-side.bench.mjs [--rounds 10] [--batch 50]
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
const argument = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const rounds = Number(argument('rounds', '10'));
const batch = Number(argument('batch', '50'));
const warmup = 10;
const rabbit = {
  amqp: new URL(process.env.RABBITMQ_AMQP_URL ?? 'amqp://127.0.0.1:5672'),
  management: new URL(process.env.RABBITMQ_MANAGEMENT_URL ?? 'http://127.0.0.1:15672'),
  username: process.env.RABBITMQ_USERNAME ?? 'scaler',
  password: process.env.RABBITMQ_PASSWORD ?? 'scaler-secret',
};
const nats = {
  url: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  monitoring: process.env.NATS_MONITORING_ENDPOINT ?? '127.0.0.1:8222',
};
const oracleBinary = execFileSync('bash', [join(root, 'scripts/keda-oracle.sh'), 'path'], { encoding: 'utf8' }).trim();

// The worker, bundled from the sources (inside node_modules so that amqplib resolves).
const dir = join(root, 'node_modules/.cache/scalerkit-rabbitmq-nats-bench');
mkdirSync(dir, { recursive: true });
await build({
  entryPoints: [fileURLToPath(new URL('./rabbitmq-nats-worker.ts', import.meta.url))],
  outfile: join(dir, 'worker.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  external: ['amqplib', 'yaml', 'zod'],
  logLevel: 'error',
  plugins: [
    {
      name: 'scalerkit-sources',
      setup(builder) {
        builder.onResolve({ filter: /^@scalerkit\// }, ({ path }) => {
          const [, name, sub] = /^@scalerkit\/([^/]+)(?:\/(.+))?$/.exec(path);
          return { path: join(root, 'packages', name, 'src', sub ? `${sub}.ts` : 'index.ts') };
        });
      },
    },
  ],
});

/** A TCP relay to host:port that counts bytes each way, HTTP requests and connections. */
function relay(host, port) {
  return new Promise((resolve) => {
    const state = { up: 0, down: 0, requests: 0, connections: 0 };
    const sockets = new Set();
    const server = createServer((client) => {
      state.connections += 1;
      const upstream = connect(port, host);
      sockets.add(client).add(upstream);
      client.on('data', (data) => {
        state.up += data.length;
        state.requests += (data.toString('latin1').match(/^GET \/\S* HTTP\/1\.1/gm) ?? []).length;
      });
      upstream.on('data', (data) => {
        state.down += data.length;
      });
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    server.listen(0, '127.0.0.1', () =>
      resolve({
        state,
        address: `127.0.0.1:${server.address().port}`,
        close: () => {
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      }),
    );
  });
}

/** A JSON-line peer (the oracle or the worker): requests carry an id, answers are matched by it. */
function peer(name, command, args) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
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

// Fixtures: a queue with 5 messages in `/`, a stream whose durable consumer has 7 pending + 5 ack-pending.
const run = Date.now().toString(36);
const queue = `keda-bench-${run}`;
const stream = `keda_bench_${run}`;
const { default: amqplib } = await import('amqplib');
const amqpConnection = await amqplib.connect({
  protocol: 'amqp',
  hostname: rabbit.amqp.hostname,
  port: Number(rabbit.amqp.port || 5672),
  username: rabbit.username,
  password: rabbit.password,
});
const channel = await amqpConnection.createChannel();
await channel.assertQueue(queue, { durable: false });
for (let index = 0; index < 5; index += 1) channel.sendToQueue(queue, Buffer.from(`m${index}`));
await channel.checkQueue(queue);
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
// Until the management API's statistics show the 5 messages (they refresh every 500 ms).
const authorization = `Basic ${Buffer.from(`${rabbit.username}:${rabbit.password}`).toString('base64')}`;
for (let attempt = 0; attempt < 100; attempt += 1) {
  const response = await fetch(`${rabbit.management.origin}/api/queues/%2F/${queue}`, { headers: { authorization } });
  if (response.ok && (await response.json()).messages === 5) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}

const credentials = `${encodeURIComponent(rabbit.username)}:${encodeURIComponent(rabbit.password)}`;
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

const keda = peer('KEDA', oracleBinary, ['--stream']);
const scalerkit = peer('scalerkit', process.execPath, [join(dir, 'worker.mjs')]);
const { kedaVersion, goVersion } = (await keda.request({ op: 'stats' })).stats;
const loadAtStart = loadavg()[0].toFixed(1);
const rss = (pid) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024);
const percentile = (samples, q) => [...samples].sort((a, b) => a - b)[Math.floor(q * samples.length)];
const mean = (samples) => samples.reduce((sum, value) => sum + value, 0) / samples.length;

const rows = [];
for (const scenario of scenarios) {
  const sides = [];
  for (const side of [keda, scalerkit]) {
    const proxy = await relay(...scenario.target);
    const created = await side.request({ op: 'create', handle: 'bench', ...scenario.trigger(proxy.address) });
    if (created.parseError) throw new Error(`${side.name}: ${created.parseError}`);
    await side.request({ op: 'poll', handle: 'bench', polls: warmup });
    sides.push({
      peer: side,
      proxy,
      elapsed: [],
      cpu: [],
      values: new Set(),
      traffic: { up: 0, down: 0, requests: 0 },
      polls: 0,
    });
  }
  for (let round = 0; round < rounds; round += 1) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      const before = { ...side.proxy.state };
      const { polls } = await side.peer.request({ op: 'poll', handle: 'bench', polls: batch });
      for (const key of ['up', 'down', 'requests']) side.traffic[key] += side.proxy.state[key] - before[key];
      for (const poll of polls) {
        if (poll.error) throw new Error(`${scenario.name}, ${side.peer.name}: poll failed: ${poll.error}`);
        side.elapsed.push(poll.elapsedMs);
        side.cpu.push(poll.cpuMs);
        side.values.add(poll.values[0].value.value);
      }
      side.polls += polls.length;
    }
  }
  for (const side of sides) {
    await side.peer.request({ op: 'close', handle: 'bench' });
    side.proxy.close();
    const values = [...side.values];
    if (values.length !== 1 || values[0] !== scenario.expected)
      console.warn(`${scenario.name}, ${side.peer.name}: expected ${scenario.expected}, got ${values.join(',')}`);
    rows.push({
      scenario: scenario.name,
      side: side.peer.name,
      p50: percentile(side.elapsed, 0.5),
      p95: percentile(side.elapsed, 0.95),
      cpu: mean(side.cpu),
      up: side.traffic.up / side.polls,
      down: side.traffic.down / side.polls,
      requests: side.traffic.requests / side.polls,
      connections: side.proxy.state.connections,
      values: values.join(','),
      rss: rss(side.peer.pid),
    });
  }
}

const f = (n) => n.toFixed(2);
console.log(
  `${kedaVersion} (${goVersion}) vs scalerkit (Node.js ${process.version}), ${rounds} rounds x ${batch} polls per side ` +
    `after ${warmup} warm-up polls; ${cpus().length} cores, load ${loadAtStart} at the start`,
);
console.log(
  '| scenario | side | p50 / p95 (ms) | CPU per poll (ms) | bytes per poll up / down | HTTP requests per poll | connections | value | RSS after (MB) |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const row of rows)
  console.log(
    `| ${row.scenario} | ${row.side} | ${f(row.p50)} / ${f(row.p95)} | ${row.cpu.toFixed(3)} | ${Math.round(row.up)} / ${Math.round(row.down)} | ${f(row.requests)} | ${row.connections} | ${row.values} | ${row.rss} |`,
  );

await Promise.all([keda.stop(), scalerkit.stop()]);
await channel.deleteQueue(queue).catch(() => undefined);
await amqpConnection.close();
await manager.streams.delete(stream).catch(() => false);
await natsConnection.close();
rmSync(dir, { recursive: true, force: true });
setTimeout(() => process.exit(0), 200).unref();
