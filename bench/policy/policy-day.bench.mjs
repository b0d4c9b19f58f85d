// Policy-test speed, side by side in one run: one simulated day of 1 s decisions through
//   1. the engine alone (createScalingEngine + decide, 86,400 calls),
//   2. simulate() with a workload (merged loop, a decision every 1 s; and KEDA's two loops: 1 s polls + 15 s HPA),
//   3. createAutoscaler on a FakeClock (1 s polls, 15 s HPA syncs, scripted scalers).
// Run from the repository root: node bench/policy/policy-day.bench.mjs [runs] [--base <another checkout>] [--only <text>]
// Sources are bundled on the fly with esbuild (bench/keda/lib's bundler), so no build is needed.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundler } from '../keda/lib/side-by-side.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const baseIndex = args.indexOf('--base');
// `--base <checkout>`: the same paths from another checkout of the repository (e.g. a `git worktree` of an older
// commit), run in the same process and interleaved with this one, so both see the same machine load.
const baseRoot = baseIndex >= 0 ? args.splice(baseIndex, 2)[1] : undefined;

/** Bundles the sources of one checkout (external packages resolve from this repository's node_modules). */
async function bundle(checkout, bundles) {
  const src = (path) => JSON.stringify(join(checkout, path));
  const entry = join(bundles.dir, 'entry.ts');
  writeFileSync(
    entry,
    `export * from ${src('packages/core/src/index.ts')};
export { FakeClock } from ${src('packages/testing/src/fake-clock.ts')};
export { scriptedScaler } from ${src('packages/testing/src/scripted-scalers.ts')};
export { simulate } from ${src('packages/testing/src/simulate.ts')};
export { workloadPresets } from ${src('packages/testing/src/workload.ts')};`,
  );
  return bundles.bundle(entry, 'bundle.mjs');
}

const runs = Number(args[0] ?? 5);
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

function engineDay({ createScalingEngine, parseScaledObject }) {
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

function simulateDay({ simulate, workloadPresets }, options) {
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

async function autoscalerDay({ createAutoscaler, InMemoryScaleTarget, FakeClock, scriptedScaler }) {
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

const allPaths = [
  ['engine alone: decide() every 1 s', engineDay],
  [
    'simulate(), default cadence (30 s polls, 15 s HPA syncs), 1 s steps',
    (kit) => simulateDay(kit, { pollingInterval: 30 }),
  ],
  ['simulate(), merged loop (hpaSyncPeriod 0): a decision every 1 s', (kit) => simulateDay(kit, { hpaSyncPeriod: 0 })],
  ['simulate(), 1 s polls + 15 s HPA syncs (KEDA two loops)', (kit) => simulateDay(kit, {})],
  ['createAutoscaler + FakeClock, 1 s polls + 15 s HPA syncs', autoscalerDay],
];
// `--only <text>`: the engine row and the rows whose label contains the text (a shorter A/B run).
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args.splice(onlyIndex, 2)[1] : undefined;
const paths = allPaths.filter(([label], index) => index === 0 || only === undefined || label.includes(only));
// Each measurement runs in a fresh process (`--child <bundle> <path>`): what one path leaves behind in the heap
// and the JIT does not weigh on the next.
const childIndex = args.indexOf('--child');
if (childIndex >= 0) {
  const kit = await import(pathToFileURL(args[childIndex + 1]).href);
  const result = await allPaths[Number(args[childIndex + 2])][1](kit);
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

const checkouts = [['this checkout', root]];
if (baseRoot !== undefined) checkouts.push([`base (${baseRoot})`, baseRoot]);
const bundlers = [];
const variants = [];
for (const [variant, checkout] of checkouts) {
  const bundles = bundler('scalerkit-policy-bench', [], { unique: true, sourceRoot: checkout });
  bundlers.push(bundles);
  variants.push([variant, await bundle(checkout, bundles)]);
}
const self = fileURLToPath(import.meta.url);

// Rounds interleave every path (and both checkouts): a load spike on the shared machine hits all of them alike.
const bestOf = new Map();
try {
  for (let round = 0; round < runs; round++) {
    for (const [label] of paths) {
      const index = allPaths.findIndex(([candidate]) => candidate === label);
      for (const [variant, file] of variants) {
        const output = execFileSync(process.execPath, [self, '--child', file, String(index)], { encoding: 'utf8' });
        const result = JSON.parse(output);
        const key = `${variant}|${label}`;
        const previous = bestOf.get(key);
        if (previous === undefined || result.elapsed < previous.elapsed) bestOf.set(key, result);
      }
    }
  }
} finally {
  for (const bundles of bundlers) bundles.remove();
}

console.log(
  `one simulated day (86,400 s), best of ${runs} interleaved rounds; node ${process.version}, ${process.platform}/${process.arch}\n`,
);
for (const [variant] of variants) {
  const base = bestOf.get(`${variant}|${paths[0][0]}`).elapsed;
  console.log(`${variant}:\n`);
  console.log('| path | decisions | wall time | vs engine alone |');
  console.log('|---|---:|---:|---:|');
  for (const [label] of paths) {
    const r = bestOf.get(`${variant}|${label}`);
    console.log(
      `| ${label} | ${r.decisions.toLocaleString('en')} | ${r.elapsed.toFixed(0)} ms | ${(r.elapsed / base).toFixed(1)}x |`,
    );
  }
  console.log('');
}
