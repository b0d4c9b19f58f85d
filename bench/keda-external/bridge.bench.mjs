// @scalerkit/keda-external on loopback: what the bridge adds to a poll, and how fast a pushed activity change
// reaches KEDA's client.
//   - GetMetrics: the scaler polled directly in this process (`getMetricsAndActivity`), one GetMetrics RPC from a
//     @grpc/grpc-js client in this process, and KEDA v2.21.0's own client (tools/keda-oracle, `external` trigger,
//     another process) doing what the operator does per poll: GetMetrics then IsActive (one scaler poll answers
//     both). Sides alternate in batches; the order flips every round. Scalers: a constant scripted scaler (the
//     bridge's own cost) and, when the broker is up, @scalerkit/kafka on the project's broker.
//   - Push: a push scaler in the bridge calls `onActivity`; KEDA's client (`external-push`, Run) reads the value
//     from its channel. Latency: performance clock at the push to the oracle's wall clock at the read (same host).
//
//   bash scripts/keda-oracle.sh build && bash scripts/services/kafka.sh up   # kafka optional
//   node bench/keda-external/bridge.bench.mjs [--rounds 20] [--batch 100] [--pushes 200]
import { cpSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  argument,
  bundler,
  loadAverages,
  mean,
  percentile,
  printTable,
  root,
  startOracle,
} from '../keda/lib/side-by-side.mjs';

const rounds = Number(argument('rounds', '20'));
const batch = Number(argument('batch', '100'));
const pushes = Number(argument('pushes', '200'));
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';

// The bridge, core, scripted scalers and kafka, bundled from the sources; proto/ beside the bundle's folder, where
// the package looks for it (one level up from its module).
const bundles = bundler('scalerkit-keda-external-bench', ['@grpc/*', 'kafkajs'], { unique: true });
writeFileSync(
  join(bundles.dir, 'entry.ts'),
  `export * from ${JSON.stringify(join(root, 'packages/keda-external/src/index.ts'))};
export { defineScaler, ScalerRegistry, createConnectionCache, silentLogger } from ${JSON.stringify(join(root, 'packages/core/src/index.ts'))};
export { pushScaler, scriptedScalerDefinition } from ${JSON.stringify(join(root, 'packages/testing/src/scripted-scalers.ts'))};
export { kafkaScaler } from ${JSON.stringify(join(root, 'packages/kafka/src/index.ts'))};`,
);
await bundles.bundle(join(bundles.dir, 'entry.ts'), 'dist/bundle.mjs');
cpSync(join(root, 'packages/keda-external/proto'), join(bundles.dir, 'proto'), { recursive: true });
const bridgeModule = await bundles.load('dist/bundle.mjs');
const {
  createExternalScalerServer,
  defineScaler,
  ScalerRegistry,
  createConnectionCache,
  silentLogger,
  pushScaler,
  scriptedScalerDefinition,
  kafkaScaler,
  loadProtos,
} = bridgeModule;
const { credentials } = await import('@grpc/grpc-js');

const pushed = [];
const registry = new ScalerRegistry()
  .register(scriptedScalerDefinition())
  .register(kafkaScaler)
  .register(
    defineScaler({
      type: 'bench-push',
      parse: () => ({}),
      create: () => {
        const scaler = pushScaler({ value: 0, metricName: 'pushed' });
        pushed.push(scaler);
        return scaler;
      },
    }),
  );
const server = createExternalScalerServer({ registry });
const port = await server.listen('127.0.0.1:0');
const address = `127.0.0.1:${port}`;
const protos = loadProtos();
const client = new protos.externalScaler(address, credentials.createInsecure());
const oracle = startOracle();
const kedaVersion = (await oracle.request({ op: 'stats' })).stats.kedaVersion;

const getMetrics = (request) =>
  new Promise((resolve, reject) =>
    client.GetMetrics(request, { deadline: Date.now() + 10_000 }, (error, value) =>
      error ? reject(error) : resolve(value),
    ),
  );

/** Per-call milliseconds of each side, polled in alternating batches. */
async function compare(label, scalerType, metadata) {
  const ref = { name: `bench-${label}`, namespace: 'bench', scalerMetadata: { scalerType, ...metadata } };
  const definition = registry.get(scalerType);
  const direct = definition.create(definition.parse({ metadata }), {
    logger: silentLogger,
    signal: new AbortController().signal,
    connections: createConnectionCache(),
    timeoutMs: 10_000,
  });
  const [spec] = direct.getMetricSpecs();
  const bareName = spec.metricName.replace(/^s0-/, '');
  const handle = `keda-${label}`;
  const created = await oracle.request({
    op: 'create',
    handle,
    triggerType: 'external',
    metadata: { scalerAddress: address, scalerType, ...metadata },
    scalableObjectName: `bench-keda-${label}`,
    scalableObjectNamespace: 'bench',
  });
  if (created.parseError || created.metricSpecs.length === 0)
    throw new Error(`KEDA: ${created.parseError ?? 'no spec'}`);
  const samples = { direct: [], grpc: [], keda: [] };
  const values = new Set();
  const sides = {
    direct: async () => {
      for (let index = 0; index < batch; index += 1) {
        const started = performance.now();
        const result = await direct.getMetricsAndActivity(spec.metricName);
        samples.direct.push(performance.now() - started);
        values.add(`direct ${result.metrics[0].value}/${result.isActive}`);
      }
    },
    grpc: async () => {
      for (let index = 0; index < batch; index += 1) {
        const started = performance.now();
        const result = await getMetrics({ scaledObjectRef: ref, metricName: bareName });
        samples.grpc.push(performance.now() - started);
        values.add(`bridge ${result.metricValues[0].metricValueFloat}`);
      }
    },
    keda: async () => {
      const answer = await oracle.request({ op: 'poll', handle, polls: batch });
      for (const poll of answer.polls) {
        if (poll.error) throw new Error(`KEDA through the bridge: ${poll.error}`);
        samples.keda.push(poll.elapsedMs);
        values.add(`keda ${poll.values[0].value.milli / 1000}/${poll.active}`);
      }
    },
  };
  // Warm-up: connections, JIT, the bridge's cached scaler.
  await sides.direct();
  await sides.grpc();
  await sides.keda();
  for (const key of Object.keys(samples)) samples[key] = [];
  const order = ['direct', 'grpc', 'keda'];
  for (let round = 0; round < rounds; round += 1) {
    for (const side of round % 2 === 0 ? order : [...order].reverse()) await sides[side]();
  }
  await oracle.request({ op: 'close', handle });
  await direct.close();
  const p50 = (side) => percentile(samples[side], 0.5);
  return {
    label,
    values: [...values].sort(),
    row: [
      label,
      String(samples.direct.length),
      `${p50('direct').toFixed(3)} / ${percentile(samples.direct, 0.95).toFixed(3)}`,
      `${p50('grpc').toFixed(3)} / ${percentile(samples.grpc, 0.95).toFixed(3)}`,
      `${p50('keda').toFixed(3)} / ${percentile(samples.keda, 0.95).toFixed(3)}`,
      `${(p50('grpc') - p50('direct')).toFixed(3)}`,
      `${(p50('keda') - p50('direct')).toFixed(3)}`,
    ],
  };
}

async function kafkaTopic() {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ clientId: 'keda-external-bench', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch {
    return undefined;
  }
  const topic = `bench-external-${Date.now().toString(36)}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, value: 'x' })) });
  await producer.disconnect();
  return {
    topic,
    remove: async () => {
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.disconnect();
    },
  };
}

const results = [await compare('scripted (constant)', 'scripted', { value: '42', targetValue: '10' })];
const kafka = await kafkaTopic();
if (kafka) {
  results.push(
    await compare('kafka (3 partitions)', 'kafka', {
      bootstrapServers: brokers,
      consumerGroup: 'bench-external',
      topic: kafka.topic,
      offsetResetPolicy: 'earliest',
    }),
  );
  await kafka.remove();
} else {
  console.log(`kafka: no broker at ${brokers}; its row is skipped`);
}

// Push: the value a push scaler hands `onActivity` until KEDA's Run delivers it on its channel.
const pushHandle = 'keda-push';
await oracle.request({
  op: 'create',
  handle: pushHandle,
  triggerType: 'external-push',
  metadata: { scalerAddress: address, scalerType: 'bench-push' },
  scalableObjectName: 'bench-push',
  scalableObjectNamespace: 'bench',
});
await oracle.request({ op: 'run', handle: pushHandle });
await oracle.request({ op: 'activity', handle: pushHandle, waitFor: 1, timeoutMs: 10_000 }); // the current state
const scaler = pushed.at(-1);
while (!scaler.running) await new Promise((resolve) => setTimeout(resolve, 5));
const pushLatencies = [];
for (let index = 0; index < pushes; index += 1) {
  const at = performance.timeOrigin + performance.now();
  scaler.push(index % 2 === 0);
  const answer = await oracle.request({ op: 'activity', handle: pushHandle, waitFor: 1, timeoutMs: 10_000 });
  if (answer.activity.length !== 1 || answer.activity[0].active !== (index % 2 === 0)) {
    throw new Error(`push ${index}: KEDA read ${JSON.stringify(answer.activity)}`);
  }
  pushLatencies.push(answer.activity[0].unixMs - at);
}
await oracle.request({ op: 'stop', handle: pushHandle, timeoutMs: 10_000 });
await oracle.request({ op: 'close', handle: pushHandle });

client.close();
await server.close();
await oracle.stop();
bundles.remove();

console.log(
  `\nKEDA ${kedaVersion} client, @scalerkit/keda-external on loopback; ${rounds} rounds × ${batch} calls per side; Node ${process.version}, ${cpus().length} cores, load ${loadAverages().join(' ')}\n`,
);
printTable(
  [
    'scaler',
    'calls per side',
    'direct poll p50 / p95 (ms)',
    'GetMetrics, grpc-js client p50 / p95 (ms)',
    'KEDA GetMetrics + IsActive p50 / p95 (ms)',
    'bridge adds, one RPC (p50, ms)',
    'bridge adds, KEDA poll (p50, ms)',
  ],
  results.map((result) => result.row),
);
for (const result of results) console.log(`${result.label}: values seen ${result.values.join(', ')}`);
console.log('');
printTable(
  ['push to KEDA client', 'pushes', 'p50 (ms)', 'p95 (ms)', 'mean (ms)', 'max (ms)'],
  [
    [
      'push scaler onActivity → external-push Run channel',
      String(pushLatencies.length),
      percentile(pushLatencies, 0.5).toFixed(3),
      percentile(pushLatencies, 0.95).toFixed(3),
      mean(pushLatencies).toFixed(3),
      Math.max(...pushLatencies).toFixed(3),
    ],
  ],
);
