// One simulated day at 1-second steps through simulate() (the real engine, a closed-loop bursty workload).
// Run from the repository root: npx tsx bench/simulation/simulate-day.ts
import { simulate, workloadPresets } from '@scalerkit/testing';

const scaledObject = `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: bench }
spec:
  scaleTargetRef: { name: bench }
  maxReplicaCount: 50
  triggers:
    - type: rabbitmq
      metadata: { queueName: jobs, mode: QueueLength, value: "20" }
`;

const runs = Number(process.argv[2] ?? 10);
const run = (options: { pollingInterval?: number; hpaSyncPeriod?: number }) =>
  simulate({
    scaledObject,
    initialReplicas: 0,
    until: '1d',
    step: 1,
    workload: workloadPresets.bursty,
    ...options,
  });

for (const [label, options] of [
  ['polls every 30 s (default), HPA syncs every 15 s (default)', {}],
  ['polls every 1 s, HPA syncs every 15 s', { pollingInterval: 1 }],
  ['merged (hpaSyncPeriod 0), decide every 30 s', { hpaSyncPeriod: 0 }],
  ['merged (hpaSyncPeriod 0), decide every 1 s', { hpaSyncPeriod: 0, pollingInterval: 1 }],
] as const) {
  run(options); // warm-up
  const times: number[] = [];
  let steps = 0;
  let decisions = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = run(options);
    times.push(performance.now() - start);
    steps = result.steps.length;
    decisions = result.summary.decisions;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(
    `${label}: ${steps} steps, ${decisions} decisions, median ${median.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms (${runs} runs)`,
  );
}
