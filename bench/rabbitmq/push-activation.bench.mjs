// Activation latency on a real RabbitMQ (issue 12, item 4): the time from the first message published to an idle
// queue until an autoscaler at zero asks its target for 1 replica. `createAutoscaler` from @scalerkit/core with an
// InMemoryScaleTarget (minReplicaCount 0), the `rabbitmq` trigger over AMQP (one passive declare per check), in
// three modes:
//   - polling, pollingInterval 1 s and the default 30 s: activation waits for the next poll of the scale loop;
//   - push: `defineRabbitMqScaler({ pushIntervalMs })` (default 100 ms here), pollingInterval left at 30 s.
// Each run has a queue of its own; the message is published at a random moment after the autoscaler's first poll
// (uniform over one polling interval, or over two push intervals), so the polling rows show the distribution a
// publish at an unknown moment sees. Polling runs go concurrently (each waits up to one interval); push runs one
// after the other. The clock: `performance.now()` just before `sendToQueue`, and when the target's `setReplicas(1)`
// is called.
//
//   bash scripts/services/rabbitmq.sh up
//   node bench/rabbitmq/push-activation.bench.mjs [--runs 20] [--push-interval 100] [--modes poll-1s,poll-30s,push]
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { rabbitmqChannel, rabbitmqCredentials, rabbitmqSettings } from '../keda/lib/rabbitmq.mjs';
import { argument, bundler, loadAverages, mean, percentile, printTable, root } from '../keda/lib/side-by-side.mjs';

const runs = Number(argument('runs', '20'));
const pushIntervalMs = Number(argument('push-interval', '100'));
const modes = argument('modes', 'poll-1s,poll-30s,push').split(',');
const rabbit = rabbitmqSettings();

// core and rabbitmq, bundled from the sources.
const bundles = bundler('scalerkit-rabbitmq-push-bench', ['amqplib'], { unique: true });
writeFileSync(
  join(bundles.dir, 'entry.ts'),
  `export * from ${JSON.stringify(join(root, 'packages/core/src/index.ts'))};
export { defineRabbitMqScaler } from ${JSON.stringify(join(root, 'packages/rabbitmq/src/index.ts'))};`,
);
await bundles.bundle(join(bundles.dir, 'entry.ts'), 'bundle.mjs');
const { createAutoscaler, InMemoryScaleTarget, ScalerRegistry, defineRabbitMqScaler } =
  await bundles.load('bundle.mjs');
bundles.remove();

const { connection: admin, channel } = await rabbitmqChannel(rabbit);
const credentials = rabbitmqCredentials(rabbit);
const host = `amqp://${credentials}@${rabbit.amqp.host}/`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const runId = Date.now().toString(36);

/** One run: an idle queue, an autoscaler at 0, a message at a random moment; resolves the latency in ms. */
async function activation({ name, pollingInterval, push, publishWindowMs }, index) {
  const queue = `push-bench-${runId}-${name}-${index}`;
  await channel.assertQueue(queue, { durable: false });
  const registry = new ScalerRegistry().register(defineRabbitMqScaler(push ? { pushIntervalMs } : {}));
  const target = new InMemoryScaleTarget();
  let published = 0;
  let resolveScaled;
  const scaled = new Promise((resolve) => {
    resolveScaled = resolve;
  });
  const setReplicas = target.setReplicas.bind(target);
  target.setReplicas = (replicas, ...rest) => {
    if (replicas === 1 && published > 0) resolveScaled(performance.now() - published);
    return setReplicas(replicas, ...rest);
  };
  const autoscaler = createAutoscaler({
    scaledObject: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: `bench-${index}` },
      spec: {
        scaleTargetRef: { name: 'workers' },
        ...(pollingInterval === undefined ? {} : { pollingInterval }),
        minReplicaCount: 0,
        maxReplicaCount: 10,
        triggers: [{ type: 'rabbitmq', metadata: { queueName: queue, host, mode: 'QueueLength', value: '5' } }],
      },
    },
    target,
    registry,
  });
  const errors = [];
  autoscaler.on('error', ({ phase, error }) => errors.push(`${phase}: ${error.message}`));
  const firstPoll = new Promise((resolve) => autoscaler.on('poll', resolve));
  await autoscaler.start();
  await firstPoll;
  // Past the first push check too (the push scaler reports `false` once it has looked).
  if (push) await sleep(2 * pushIntervalMs);
  await sleep(Math.random() * publishWindowMs);
  if (target.replicas !== 0) throw new Error(`${name} #${index}: not idle (${target.replicas} replicas)`);
  published = performance.now();
  channel.sendToQueue(queue, Buffer.from('wake up'));
  const timeout = sleep(2 * (pollingInterval ?? 30) * 1000 + 10_000).then(() => Number.NaN);
  const latency = await Promise.race([scaled, timeout]);
  await autoscaler.stop();
  await channel.deleteQueue(queue).catch(() => undefined);
  if (Number.isNaN(latency)) throw new Error(`${name} #${index}: no scale to 1 (${errors.join('; ') || 'no error'})`);
  return latency;
}

const scenarios = {
  'poll-1s': { name: 'poll-1s', label: 'polling, pollingInterval 1 s', pollingInterval: 1, publishWindowMs: 1000 },
  'poll-30s': {
    name: 'poll-30s',
    label: 'polling, pollingInterval 30 s (default)',
    publishWindowMs: 30_000,
  },
  push: {
    name: 'push',
    label: `push, pushIntervalMs ${pushIntervalMs} (pollingInterval 30 s)`,
    push: true,
    publishWindowMs: 2 * pushIntervalMs,
  },
};
const loadAtStart = loadAverages();
const rows = [];
for (const mode of modes) {
  const scenario = scenarios[mode];
  if (!scenario) throw new Error(`unknown mode ${mode}; known: ${Object.keys(scenarios).join(', ')}`);
  const indexes = Array.from({ length: runs }, (_, index) => index);
  const samples = scenario.push
    ? await indexes.reduce(
        async (done, index) => [...(await done), await activation(scenario, index)],
        Promise.resolve([]),
      )
    : await Promise.all(indexes.map((index) => activation(scenario, index)));
  rows.push({
    label: scenario.label,
    p50: percentile(samples, 0.5),
    p95: percentile(samples, 0.95),
    min: Math.min(...samples),
    max: Math.max(...samples),
    mean: mean(samples),
  });
}
const loadAtEnd = loadAverages();

const ms = (n) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(0)} ms`);
console.log(
  `rabbitmq over AMQP, ${runs} runs per mode, Node.js ${process.version}; ${cpus().length} cores, load average ` +
    `${loadAtStart.join(' ')} at the start, ${loadAtEnd.join(' ')} at the end`,
);
printTable(
  ['mode', 'p50', 'p95', 'min', 'max', 'mean'],
  rows.map((row) => [row.label, ms(row.p50), ms(row.p95), ms(row.min), ms(row.max), ms(row.mean)]),
);

await channel.close();
await admin.close();
setTimeout(() => process.exit(0), 200).unref();
