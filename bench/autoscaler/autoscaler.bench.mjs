// Autoscaler loop benchmark: the cost of the loop around the engine (runtime shim, timers, events, target).
// Run: node bench/autoscaler/autoscaler.bench.mjs
// Sources are bundled on the fly with esbuild (bench/keda/lib's bundler), so no build is needed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundler } from '../keda/lib/side-by-side.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bundles = bundler('scalerkit-autoscaler-bench', [], { unique: true });
const entry = join(bundles.dir, 'entry.ts');
writeFileSync(
  entry,
  `export * from ${JSON.stringify(join(root, 'packages/core/src/index.ts'))};
export { FakeClock } from ${JSON.stringify(join(root, 'packages/testing/src/fake-clock.ts'))};
export { constantScaler, scriptedScaler } from ${JSON.stringify(join(root, 'packages/testing/src/scripted-scalers.ts'))};`,
);
await bundles.bundle(entry, 'bundle.mjs');
const kit = await bundles.load('bundle.mjs');
bundles.remove();
const { createAutoscaler, InMemoryScaleTarget, FakeClock, constantScaler, scriptedScaler, systemClock } = kit;

function manifest(pollingInterval, triggerCount) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'bench' },
    spec: {
      scaleTargetRef: { name: 'app' },
      pollingInterval,
      minReplicaCount: 0,
      maxReplicaCount: 100,
      triggers: Array.from({ length: triggerCount }, () => ({ type: 'scripted', metadata: {} })),
    },
  };
}

/** One simulated day at 1 s polls (and the default 15 s HPA syncs), driven by FakeClock: what `simulate()`-style tools pay per decision. */
async function simulatedDay(triggerCount) {
  const clock = new FakeClock();
  const series = Array.from({ length: 1440 }, (_, minute) => ({
    at: minute * 60_000,
    value: Math.max(0, Math.round(200 + 150 * Math.sin(minute / 60))),
  }));
  const scalers = {};
  for (let i = 0; i < triggerCount; i++) {
    scalers[String(i)] = scriptedScaler({ triggerIndex: i, targetValue: 10 + i, series, clock });
  }
  const target = new InMemoryScaleTarget({ clock });
  const autoscaler = createAutoscaler({ scaledObject: manifest(1, triggerCount), target, clock, scalers });
  let decisions = 0;
  autoscaler.on('decision', () => decisions++);
  await autoscaler.start();
  const started = performance.now();
  await clock.advance(86_400_000 - 1);
  const elapsed = performance.now() - started;
  await autoscaler.stop();
  return { elapsed, decisions, changes: target.history.length };
}

/** Mean wall time of `pollNow()` with real timers (the per-poll overhead in production, minus I/O). */
async function pollLatency(triggerCount, polls) {
  const scalers = {};
  for (let i = 0; i < triggerCount; i++) scalers[String(i)] = constantScaler(50, { triggerIndex: i, targetValue: 10 });
  const autoscaler = createAutoscaler({
    scaledObject: manifest(3600, triggerCount),
    target: new InMemoryScaleTarget({ replicas: 5 }),
    clock: systemClock,
    scalers,
  });
  await autoscaler.start();
  for (let i = 0; i < 200; i++) await autoscaler.pollNow(); // warm-up
  const started = performance.now();
  for (let i = 0; i < polls; i++) await autoscaler.pollNow();
  const elapsed = performance.now() - started;
  await autoscaler.stop();
  return (elapsed / polls) * 1000;
}

const best = async (runs, fn) => {
  let result;
  for (let i = 0; i < runs; i++) {
    const next = await fn();
    if (!result || next.elapsed < result.elapsed) result = next;
  }
  return result;
};

const day3 = await best(3, () => simulatedDay(3));
console.log(
  `one simulated day at 1 s polls and 15 s HPA syncs, 3 triggers (FakeClock): ${day3.elapsed.toFixed(0)} ms, ${day3.decisions} decisions, ${day3.changes} replica changes`,
);
for (const triggers of [1, 10]) {
  const micros = Math.min(await pollLatency(triggers, 5_000), await pollLatency(triggers, 5_000));
  console.log(`pollNow() with ${triggers} trigger(s), real timers: ${micros.toFixed(1)} µs per poll`);
}
console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
