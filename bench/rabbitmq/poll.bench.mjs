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
const oracleBinary = execFileSync('bash', [join(root, 'scripts/keda-oracle.sh'), 'path'], { encoding: 'utf8' }).trim();

// The worker, bundled from the sources (inside node_modules so that amqplib resolves).
const dir = join(root, 'node_modules/.cache/scalerkit-rabbitmq-poll-bench');
mkdirSync(dir, { recursive: true });
await build({
  entryPoints: [fileURLToPath(new URL('./poll-worker.ts', import.meta.url))],
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

// Fixture: a queue with 5 ready messages in `/`.
const queue = `poll-bench-${Date.now().toString(36)}`;
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
// Until the management API's statistics show the 5 messages (they refresh every 500 ms).
const authorization = `Basic ${Buffer.from(`${rabbit.username}:${rabbit.password}`).toString('base64')}`;
for (let attempt = 0; attempt < 100; attempt += 1) {
  const response = await fetch(`${rabbit.management.origin}/api/queues/%2F/${queue}`, { headers: { authorization } });
  if (response.ok && (await response.json()).messages === 5) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}

const credentials = `${encodeURIComponent(rabbit.username)}:${encodeURIComponent(rabbit.password)}`;
const scenarios = [
  { name: 'rabbitmq AMQP', scheme: 'amqp', target: [rabbit.amqp.hostname, Number(rabbit.amqp.port || 5672)] },
  {
    name: 'rabbitmq HTTP',
    scheme: 'http',
    target: [rabbit.management.hostname, Number(rabbit.management.port || 15672)],
  },
];
const hostThrough = (scheme, proxy) => `${scheme}://${credentials}@${proxy.address}/`;

const keda = peer('KEDA', oracleBinary, ['--stream']);
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
    elapsed: [],
    cpu: [],
    values: new Set(),
    traffic: { up: 0, down: 0, requests: 0 },
    polls: 0,
  }));
  for (const side of sides) await side.peer.request({ op: side.op, handle: 'bench', polls: warmup });
  for (let round = 0; round < rounds; round += 1) {
    const order = [...sides.slice(round % 3), ...sides.slice(0, round % 3)];
    for (const side of round % 2 === 0 ? order : order.reverse()) {
      const before = { ...side.proxy.state };
      const { polls } = await side.peer.request({ op: side.op, handle: 'bench', polls: batch });
      for (const key of ['up', 'down', 'requests']) side.traffic[key] += side.proxy.state[key] - before[key];
      for (const poll of polls) {
        if (poll.error) throw new Error(`${scenario.name}, ${side.name}: poll failed: ${poll.error}`);
        side.elapsed.push(poll.elapsedMs);
        side.cpu.push(poll.cpuMs);
        side.values.add(poll.values[0].value.value);
      }
      side.polls += polls.length;
    }
  }
  await keda.request({ op: 'close', handle: 'bench' });
  await worker.request({ op: 'close', handle: 'bench' });
  const kedaP50 = percentile(sides[0].elapsed, 0.5);
  const kedaCpu = mean(sides[0].cpu);
  for (const side of sides) {
    side.proxy.close();
    const values = [...side.values];
    if (values.length !== 1 || values[0] !== 5)
      console.warn(`${scenario.name}, ${side.name}: expected 5, got ${values.join(',')}`);
    const p50 = percentile(side.elapsed, 0.5);
    const cpu = mean(side.cpu);
    rows.push({
      scenario: scenario.name,
      side: side.name,
      p50,
      p95: percentile(side.elapsed, 0.95),
      cpu,
      p50Ratio: p50 / kedaP50,
      cpuRatio: cpu / kedaCpu,
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
  `${kedaVersion} (${goVersion}) vs scalerkit and the raw client (Node.js ${process.version}), ${rounds} rounds x ${batch} ` +
    `polls per side after ${warmup} warm-up polls; ${cpus().length} cores, load average ${loadAtStart} at the start`,
);
console.log(
  '| scenario | side | p50 / p95 (ms) | p50 ratio to KEDA | CPU per poll (ms) | CPU ratio to KEDA | bytes per poll up / down | HTTP requests per poll | connections | value | RSS after (MB) |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const row of rows)
  console.log(
    `| ${row.scenario} | ${row.side} | ${f(row.p50)} / ${f(row.p95)} | ${f(row.p50Ratio)} | ${row.cpu.toFixed(3)} | ${f(row.cpuRatio)} | ${Math.round(row.up)} / ${Math.round(row.down)} | ${f(row.requests)} | ${row.connections} | ${row.values} | ${row.rss} |`,
  );
console.log('(the scalerkit and raw client rows share one worker process: its RSS holds both clients)');

await Promise.all([keda.stop(), worker.stop()]);
await channel.deleteQueue(queue).catch(() => undefined);
await amqpConnection.close();
rmSync(dir, { recursive: true, force: true });
setTimeout(() => process.exit(0), 200).unref();
