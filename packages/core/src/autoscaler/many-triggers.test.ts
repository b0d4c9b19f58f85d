// More than 10 triggers in one ScaledObject: no MaxListenersExceededWarning (issue 10 item 9). Each trigger's
// queries and push run listen on the trigger's own stop signal, not on one signal shared by all triggers.
import { FakeClock, pushScaler, slowScaler } from '@scalerkit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scaler } from '../types.js';
import { createAutoscaler } from './autoscaler.js';
import type { AutoscalerErrorEvent } from './events.js';
import { InMemoryScaleTarget } from './scale-target.js';

let warnings: Error[];
const onWarning = (warning: Error) => warnings.push(warning);
beforeEach(() => {
  warnings = [];
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
});

/** Node emits its warnings on the next ticks. */
const warningsEmitted = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

function run(count: number, scalerOf: (index: number, clock: FakeClock) => Scaler) {
  const clock = new FakeClock();
  const scalers: Record<string, Scaler> = {};
  const triggers = Array.from({ length: count }, (_, index) => {
    scalers[`t${index}`] = scalerOf(index, clock);
    return { type: 'scripted', name: `t${index}`, metadata: {} };
  });
  const autoscaler = createAutoscaler({
    scaledObject: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'wide' },
      spec: { scaleTargetRef: { name: 'worker' }, pollingInterval: 10, maxReplicaCount: 10, triggers },
    },
    target: new InMemoryScaleTarget({ clock }),
    clock,
    scalers,
  });
  const errors: AutoscalerErrorEvent[] = [];
  autoscaler.on('error', (event) => errors.push(event));
  return { clock, autoscaler, errors };
}

describe('a ScaledObject with many triggers', () => {
  it('polls 25 slow triggers at once (two loops) without a MaxListenersExceededWarning', async () => {
    const { clock, autoscaler, errors } = run(25, (index, clock) =>
      slowScaler({ delayMs: 2_000, clock, triggerIndex: index, value: 1 }),
    );
    await autoscaler.start();
    await clock.advance(1_000); // every trigger's first query is in flight now
    await clock.advance(30_000);
    await autoscaler.stop();
    await warningsEmitted();
    expect(errors).toEqual([]);
    expect(warnings.map((warning) => warning.name)).toEqual([]);
  });

  it('runs 15 push scalers and stops them without a MaxListenersExceededWarning', async () => {
    const pushers = Array.from({ length: 15 }, (_, index) => pushScaler({ triggerIndex: index, value: 0 }));
    const { clock, autoscaler } = run(15, (index) => pushers[index] as Scaler);
    await autoscaler.start();
    await clock.advance(0);
    expect(pushers.every((scaler) => scaler.running)).toBe(true);
    await autoscaler.stop();
    expect(pushers.some((scaler) => scaler.running)).toBe(false);
    await warningsEmitted();
    expect(warnings.map((warning) => warning.name)).toEqual([]);
  });
});
