// Engine benchmark: decisions per second in steady state, and one simulated day at 1 s polls.
// Run: node bench/engine/engine.bench.mjs
// The engine sources are bundled on the fly with esbuild (a tsup dependency), so no build is needed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'scalerkit-engine-bench-'));
const outfile = join(dir, 'engine.mjs');
await build({
  entryPoints: [join(root, 'packages/core/src/engine/index.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile,
  logLevel: 'error',
});
const { createScalingEngine } = await import(pathToFileURL(outfile).href);
rmSync(dir, { recursive: true, force: true });

function scaledObject() {
  const trigger = (name) => ({ type: 'test', name, metadata: {}, metricType: 'AverageValue', useCachedMetrics: false });
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'bench', labels: {}, annotations: {} },
    spec: {
      scaleTargetRef: { name: 'app', apiVersion: 'apps/v1', kind: 'Deployment' },
      pollingInterval: 30,
      initialCooldownPeriod: 0,
      cooldownPeriod: 300,
      minReplicaCount: 1,
      maxReplicaCount: 100,
      // default behavior: scale-up 0 s window, Pods 4 / Percent 100 per 15 s; scale-down 300 s, Percent 100 / 15 s
      advanced: { restoreToOriginalReplicaCount: false, horizontalPodAutoscalerConfig: { behavior: {} } },
      triggers: [trigger('a'), trigger('b'), trigger('c')],
    },
    pause: { paused: false, pausedScaleIn: false, pausedScaleOut: false, forceActivation: false },
  };
}
const metricSpecs = {
  a: [{ metricName: 's0-a', targetType: 'AverageValue', targetValue: 10 }],
  b: [{ metricName: 's1-b', targetType: 'AverageValue', targetValue: 20 }],
  c: [{ metricName: 's2-c', targetType: 'Value', targetValue: 50 }],
};
// Pre-built observations: the hot path must not depend on input allocation.
function observations(load) {
  return {
    a: { isActive: load > 0, metrics: [{ metricName: 's0-a', value: load }] },
    b: { isActive: load > 0, metrics: [{ metricName: 's1-b', value: load * 1.5 }] },
    c: { isActive: load > 0, metrics: [{ metricName: 's2-c', value: load * 2 }] },
  };
}
const loads = Array.from({ length: 1440 }, (_, i) => observations(Math.round(200 + 150 * Math.sin(i / 60))));

function steadyState(stepMs, iterations) {
  const engine = createScalingEngine(scaledObject(), { metricSpecs, createdAt: 0 });
  let replicas = 5;
  let now = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    now += stepMs;
    const d = engine.decide({ now, currentReplicas: replicas, triggers: loads[i % loads.length] });
    replicas = d.desiredReplicas;
  }
  const ns = Number(process.hrtime.bigint() - t0);
  return { perSecond: Math.round(iterations / (ns / 1e9)), replicas };
}

function oneDay() {
  const engine = createScalingEngine(scaledObject(), { metricSpecs, createdAt: 0 });
  let replicas = 5;
  const t0 = process.hrtime.bigint();
  for (let s = 1; s <= 86_400; s++) {
    const d = engine.decide({ now: s * 1000, currentReplicas: replicas, triggers: loads[Math.floor(s / 60) % loads.length] });
    replicas = d.desiredReplicas;
  }
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, replicas, history: engine.snapshot().recommendations.length };
}

// Warm up the JIT, then measure (best of 3).
steadyState(15_000, 200_000);
const best = (f) => [f(), f(), f()].sort((x, y) => (y.perSecond ?? -y.ms) - (x.perSecond ?? -x.ms))[0];
const at15 = best(() => steadyState(15_000, 1_000_000));
const at1 = best(() => steadyState(1_000, 300_000));
oneDay();
const day = [oneDay(), oneDay(), oneDay()].sort((x, y) => x.ms - y.ms)[0];
console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
console.log(`steady state, 3 triggers, default behavior, decide every 15 s: ${at15.perSecond.toLocaleString('en-US')} decisions/s`);
console.log(`steady state, 3 triggers, default behavior, decide every 1 s:  ${at1.perSecond.toLocaleString('en-US')} decisions/s`);
console.log(`one day at 1 s polls (86,400 decides): ${day.ms.toFixed(1)} ms (history kept: ${day.history} recommendations)`);
