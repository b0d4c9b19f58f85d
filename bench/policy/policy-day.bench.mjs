// Policy-test speed, side by side in one run: one simulated day of 1 s decisions through
//   1. the engine alone (createScalingEngine + decide, 86,400 calls),
//   2. simulate() with a workload (merged loop, a decision every 1 s; and KEDA's two loops: 1 s polls + 15 s HPA),
//   3. createAutoscaler on a FakeClock (1 s polls, 15 s HPA syncs, scripted scalers).
// Run from the repository root: node bench/policy/policy-day.bench.mjs [runs]
// Sources are bundled on the fly with esbuild (a tsup dependency), so no build is needed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
const dir = mkdtempSync(join(root, 'node_modules/.cache/scalerkit-policy-bench-'));
const entry = join(dir, 'entry.ts');
writeFileSync(
  entry,
  `export * from ${JSON.stringify(join(root, 'packages/core/src/index.ts'))};
export { FakeClock } from ${JSON.stringify(join(root, 'packages/testing/src/fake-clock.ts'))};
export { scriptedScaler } from ${JSON.stringify(join(root, 'packages/testing/src/scripted-scalers.ts'))};
export { simulate } from ${JSON.stringify(join(root, 'packages/testing/src/simulate.ts'))};
export { workloadPresets } from ${JSON.stringify(join(root, 'packages/testing/src/workload.ts'))};`,
);
const outfile = join(dir, 'bundle.mjs');
await build({
  entryPoints: [entry],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile,
  logLevel: 'error',
  packages: 'external',
  alias: {
    '@scalerkit/core': join(root, 'packages/core/src'),
    '@scalerkit/testing': join(root, 'packages/testing/src'),
  },
});
const kit = await import(pathToFileURL(outfile).href);
rmSync(dir, { recursive: true, force: true });
const { createScalingEngine, parseScaledObject, createAutoscaler, InMemoryScaleTarget, FakeClock, scriptedScaler } =
  kit;
const { simulate, workloadPresets } = kit;

const runs = Number(process.argv[2] ?? 5);
const DAY = 86_400;
const manifest = (pollingInterval) => ({
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name: 'bench' },
  spec: {
    scaleTargetRef: { name: 'app' },
    pollingInterval,
    minReplicaCount: 0,
    maxReplicaCount: 50,
    triggers: [{ type: 'rabbitmq', metadata: { queueName: 'jobs', mode: 'QueueLength', value: '20' } }],
  },
});
const wave = (second) => Math.max(0, Math.round(200 + 150 * Math.sin(second / 3600)));

function engineDay() {
  const so = parseScaledObject(manifest(1));
  const engine = createScalingEngine(so, {
    metricSpecs: { 0: [{ metricName: 's0-rabbitmq-jobs', targetType: 'AverageValue', targetValue: 20 }] },
  });
  let replicas = 0;
  const started = performance.now();
  for (let s = 0; s < DAY; s++) {
    const value = wave(s);
    const d = engine.decide({
      now: s * 1000,
      currentReplicas: replicas,
      triggers: { 0: { isActive: value > 0, metrics: [{ metricName: 's0-rabbitmq-jobs', value }] } },
    });
    replicas = d.desiredReplicas;
  }
  return { elapsed: performance.now() - started, decisions: DAY };
}

function simulateDay(options) {
  const started = performance.now();
  const result = simulate({
    scaledObject: manifest(1),
    initialReplicas: 0,
    until: '1d',
    step: 1,
    workload: workloadPresets.bursty,
    ...options,
  });
  return { elapsed: performance.now() - started, decisions: result.summary.decisions };
}

async function autoscalerDay() {
  const clock = new FakeClock();
  const series = Array.from({ length: 1440 }, (_, minute) => ({ at: minute * 60_000, value: wave(minute * 60) }));
  const scaler = scriptedScaler({ triggerIndex: 0, targetValue: 20, series, clock });
  const target = new InMemoryScaleTarget({ clock });
  const so = manifest(1);
  so.spec.triggers[0] = { type: 'scripted', metadata: {} };
  const autoscaler = createAutoscaler({ scaledObject: so, target, clock, scalers: { 0: scaler } });
  let decisions = 0;
  autoscaler.on('decision', () => decisions++);
  await autoscaler.start();
  const started = performance.now();
  await clock.advance(DAY * 1000 - 1);
  const elapsed = performance.now() - started;
  await autoscaler.stop();
  return { elapsed, decisions };
}

const best = async (fn) => {
  let result;
  for (let i = 0; i < runs; i++) {
    const next = await fn();
    if (!result || next.elapsed < result.elapsed) result = next;
  }
  return result;
};

const rows = [
  ['engine alone: decide() every 1 s', await best(engineDay)],
  [
    'simulate(), merged loop (hpaSyncPeriod 0): a decision every 1 s',
    await best(() => simulateDay({ hpaSyncPeriod: 0 })),
  ],
  ['simulate(), 1 s polls + 15 s HPA syncs (KEDA two loops)', await best(() => simulateDay({}))],
  ['createAutoscaler + FakeClock, 1 s polls + 15 s HPA syncs', await best(autoscalerDay)],
];
const base = rows[0][1].elapsed;
console.log(
  `one simulated day (86,400 s), best of ${runs} runs; node ${process.version}, ${process.platform}/${process.arch}\n`,
);
console.log('| path | decisions | wall time | vs engine alone |');
console.log('|---|---:|---:|---:|');
for (const [label, r] of rows) {
  console.log(
    `| ${label} | ${r.decisions.toLocaleString('en')} | ${r.elapsed.toFixed(0)} ms | ${(r.elapsed / base).toFixed(1)}x |`,
  );
}
