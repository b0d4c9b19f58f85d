// KEDA v2.21.0's own aws-sqs-queue scaler (tools/keda-oracle), @scalerkit/aws-sqs, and the raw SDK call a poll
// needs, side by side on the SQS emulator: each in a process of its own, polled alternately in batches (the
// order flips every round). Reports p50/p95 per poll, CPU per poll (the process's user + system time across the
// poll) and HTTP requests per poll (counted by a relay in front of the emulator, one per side).
//
//   bash scripts/services/sqs.sh up && bash scripts/keda-oracle.sh build
//   node bench/keda/aws-sqs-side-by-side.bench.mjs [--rounds 10] [--batch 50]
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
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
const emulator = new URL(process.env.SQS_ENDPOINT ?? 'http://127.0.0.1:4566');
const oracleBinary = execFileSync('bash', [join(root, 'scripts/keda-oracle.sh'), 'path'], { encoding: 'utf8' }).trim();

// The worker, bundled from the sources (inside node_modules so that the SDK resolves).
const dir = join(root, 'node_modules/.cache/scalerkit-aws-sqs-bench');
mkdirSync(dir, { recursive: true });
await build({
  entryPoints: [fileURLToPath(new URL('./aws-sqs-worker.ts', import.meta.url))],
  outfile: join(dir, 'worker.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  external: ['@aws-sdk/*', 'yaml', 'zod'],
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

/** A TCP relay to the emulator that counts the HTTP requests passing through it. */
function relay() {
  return new Promise((resolve) => {
    const state = { requests: 0 };
    const server = createServer((client) => {
      const upstream = connect(Number(emulator.port), emulator.hostname);
      client.on('data', (data) => {
        state.requests += (data.toString('latin1').match(/^POST \/ HTTP\/1\.1/gm) ?? []).length;
      });
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    server.listen(0, '127.0.0.1', () =>
      resolve({ state, server, endpoint: `http://127.0.0.1:${server.address().port}` }),
    );
  });
}

/** A JSON-line peer: requests carry an id, answers are matched by it. */
function peer(name, command, args) {
  const child = spawn(command, args, {
    stdio: ['pipe', 'pipe', 'ignore'],
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' },
  });
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
    stop: () => child.stdin.end(),
  };
}

const { SQSClient, CreateQueueCommand, DeleteQueueCommand, SendMessageBatchCommand } = await import(
  '@aws-sdk/client-sqs'
);
const admin = new SQSClient({
  endpoint: emulator.href,
  region: 'us-east-1',
  credentials: { accessKeyId: 't', secretAccessKey: 't' },
});
const { QueueUrl } = await admin.send(new CreateQueueCommand({ QueueName: `bench-${Date.now().toString(36)}` }));
await admin.send(
  new SendMessageBatchCommand({
    QueueUrl,
    Entries: [
      { Id: 'a', MessageBody: 'a' },
      { Id: 'b', MessageBody: 'b' },
    ],
  }),
);

const kedaRelay = await relay();
const ourRelay = await relay();
const authParams = { awsAccessKeyID: 'bench', awsSecretAccessKey: 'bench-secret' };
const trigger = (endpoint) => ({
  triggerType: 'aws-sqs-queue',
  metadata: { queueURL: QueueUrl, awsRegion: 'us-east-1', awsEndpoint: endpoint },
  authParams,
});
const keda = peer('KEDA', oracleBinary, ['--stream']);
const scalerkit = peer('scalerkit', process.execPath, [join(dir, 'worker.mjs')]);
const created = await keda.request({ op: 'create', handle: 'bench', ...trigger(kedaRelay.endpoint) });
if (created.parseError) throw new Error(`KEDA: ${created.parseError}`);
const kedaVersion = (await keda.request({ op: 'stats' })).stats.kedaVersion;
await scalerkit.request({ op: 'create', ...trigger(ourRelay.endpoint) });

const sides = {
  KEDA: { poll: (polls) => keda.request({ op: 'poll', handle: 'bench', polls }), relay: kedaRelay },
  scalerkit: { poll: (polls) => scalerkit.request({ op: 'poll', polls }), relay: ourRelay },
  'raw SDK call': { poll: (polls) => scalerkit.request({ op: 'raw', polls }), relay: ourRelay },
};
for (const side of Object.values(sides)) {
  await side.poll(20);
  Object.assign(side, { elapsed: [], cpu: [], values: new Set(), requests: 0, polls: 0 });
}
for (let round = 0; round < rounds; round += 1) {
  const order = Object.keys(sides);
  for (const name of round % 2 === 0 ? order : order.reverse()) {
    const side = sides[name];
    const before = side.relay.state.requests;
    const { polls } = await side.poll(batch);
    side.requests += side.relay.state.requests - before;
    for (const poll of polls) {
      if (poll.error) throw new Error(`${name}: poll failed: ${poll.error}`);
      side.elapsed.push(poll.elapsedMs);
      side.cpu.push(poll.cpuMs);
      side.values.add(name === 'KEDA' ? poll.values[0].value.value : poll.value);
    }
    side.polls += polls.length;
  }
}
const rss = (pid) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024);
const percentile = (samples, q) => [...samples].sort((a, b) => a - b)[Math.floor(q * samples.length)];
const mean = (samples) => samples.reduce((sum, value) => sum + value, 0) / samples.length;
const rows = Object.entries(sides).map(([name, side]) => ({
  name,
  p50: percentile(side.elapsed, 0.5),
  p95: percentile(side.elapsed, 0.95),
  cpu: mean(side.cpu),
  requests: side.requests / side.polls,
  values: [...side.values].join(','),
}));
const f = (n) => n.toFixed(2);
console.log(`${kedaVersion} vs @scalerkit/aws-sqs, ${rounds} rounds x ${batch} polls each, ${process.version}`);
console.log('| side | p50 / p95 (ms) | CPU per poll (ms) | HTTP requests per poll | value |');
console.log('|---|---|---|---|---|');
for (const row of rows)
  console.log(
    `| ${row.name} | ${f(row.p50)} / ${f(row.p95)} | ${row.cpu.toFixed(3)} | ${f(row.requests)} | ${row.values} |`,
  );
console.log(`RSS: KEDA ${rss(keda.pid)} MB, scalerkit worker ${rss(scalerkit.pid)} MB`);
await keda.request({ op: 'close', handle: 'bench' });
await scalerkit.request({ op: 'close' });
keda.stop();
scalerkit.stop();
kedaRelay.server.close();
ourRelay.server.close();
await admin.send(new DeleteQueueCommand({ QueueUrl }));
admin.destroy();
rmSync(dir, { recursive: true, force: true });
setTimeout(() => process.exit(0), 200).unref();
