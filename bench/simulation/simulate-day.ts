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
const run = (pollingInterval?: number) =>
  simulate({
    scaledObject,
    initialReplicas: 0,
    until: '1d',
    step: 1,
    workload: workloadPresets.bursty,
    ...(pollingInterval ? { pollingInterval } : {}),
  });

for (const [label, interval] of [
  ['pollingInterval 30 s (default)', undefined],
  ['pollingInterval 1 s', 1],
] as const) {
  run(interval); // warm-up
  const times: number[] = [];
  let steps = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = run(interval);
    times.push(performance.now() - start);
    steps = result.steps.length;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(`${label}: ${steps} steps, median ${median.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms (${runs} runs)`);
}
