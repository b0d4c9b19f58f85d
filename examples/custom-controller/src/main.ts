// A custom controller: the scalerkit autoscaler embedded in a program of your own. It scales an in-memory
// target on a scripted queue, on a fake clock, so an hour of scaling runs in well under a second.
// Swap the FakeClock for the real clock (omit `clock`), the scripted scaler for a registered trigger
// type, and InMemoryScaleTarget for your own ScaleTarget (a process pool, a cloud API) to run it for real.
import { createAutoscaler, InMemoryScaleTarget } from '@scalerkit/core';
import { FakeClock, scriptedScaler } from '@scalerkit/testing';

const scaledObject = `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: thumbnailer }
spec:
  scaleTargetRef: { name: thumbnailer }
  pollingInterval: 30
  cooldownPeriod: 300
  minReplicaCount: 0
  maxReplicaCount: 8
  triggers:
    - type: scripted
      name: uploads
      metadata: { targetValue: "50" }
`;

const minute = 60_000;
const clock = new FakeClock();
const target = new InMemoryScaleTarget({ replicas: 0, readyDelayMs: 20_000, clock });
// Queue length over time: quiet, a rush of uploads at 5 minutes, quiet again from 25 minutes.
const uploads = scriptedScaler({
  clock,
  metricName: 'uploads',
  targetValue: 50,
  series: [
    { at: 0, value: 0 },
    { at: 5 * minute, value: 120 },
    { at: 10 * minute, value: 380 },
    { at: 15 * minute, value: 210 },
    { at: 25 * minute, value: 0 },
  ],
});

const autoscaler = createAutoscaler({ scaledObject, target, clock, scalers: { uploads } });
const stamp = (ms: number) =>
  `${String(Math.floor(ms / minute)).padStart(2, '0')}:${String((ms % minute) / 1000).padStart(2, '0')}`;
autoscaler.on('scale', ({ at, from, to, decision }) => {
  console.log(`${stamp(at)}  ${from} → ${to}  ${decision.reason}`);
});
autoscaler.on('error', ({ phase, error }) => console.error(`${phase}: ${error.message}`));

await autoscaler.start();
await clock.advance(60 * minute);
await autoscaler.stop();

console.log(
  `after one simulated hour: ${target.replicas} replicas, ${target.history.length} changes, ${uploads.calls.length} scaler queries (polls and HPA fetches)`,
);
if (target.history.length === 0 || target.replicas !== 0) {
  console.error('expected the thumbnailer to scale out for the rush and back to zero afterwards');
  process.exitCode = 1;
}
