import { FakeClock } from '@scalerkit/testing';
import { describe, expect, it } from 'vitest';
import { ScalerRegistry } from '../registry.js';
import { defineScaler, type ScalerContext, type ScalerEvent, type TriggerInput } from '../types.js';
import { createAutoscaler } from './autoscaler.js';
import type { ScalerNoticeEvent } from './events.js';
import { InMemoryScaleTarget } from './scale-target.js';

const scaledObject = {
  metadata: { name: 'orders', namespace: 'shop' },
  spec: { scaleTargetRef: { name: 'worker' }, triggers: [{ type: 'noisy', name: 'q', metadata: { old: '1' } }] },
};

describe('what a registry-built scaler receives from the autoscaler', () => {
  it('gets the autoscaler clock in its context, and its parse notices arrive as scalerEvent events', async () => {
    const contexts: ScalerContext[] = [];
    const definition = defineScaler({
      type: 'noisy',
      parse: (input, context) => {
        const notice: ScalerEvent = {
          type: 'Normal',
          reason: 'KEDAScalersInfo',
          message: 'scaler noisy info: old is deprecated',
        };
        context?.emit?.(notice);
        return input;
      },
      create: (_config, context) => {
        contexts.push(context);
        return {
          getMetricSpecs: () => [{ metricName: 's0-noisy', targetType: 'AverageValue' as const, targetValue: 1 }],
          getMetricsAndActivity: async () => ({ metrics: [{ metricName: 's0-noisy', value: 0 }], isActive: false }),
          close: async () => {},
        };
      },
    });
    const clock = new FakeClock();
    const autoscaler = createAutoscaler({
      scaledObject,
      target: new InMemoryScaleTarget(),
      clock,
      registry: new ScalerRegistry().register(definition),
    });
    const notices: ScalerNoticeEvent[] = [];
    autoscaler.on('scalerEvent', (event) => notices.push(event));
    await autoscaler.start();
    expect(contexts).toHaveLength(1);
    expect(contexts[0]!.clock).toBe(clock);
    expect(notices).toEqual([
      {
        type: 'Normal',
        reason: 'KEDAScalersInfo',
        message: 'scaler noisy info: old is deprecated',
        at: clock.now(),
        triggerKey: 'q',
      },
    ]);
    await autoscaler.stop();
  });
});

describe('podIdentity', () => {
  it("reaches parse() from the trigger's TriggerAuthentication, as KEDA's ScalerConfig.PodIdentity", async () => {
    const inputs: TriggerInput[] = [];
    const definition = defineScaler({
      type: 'identity-probe',
      parse: (input) => {
        inputs.push(input);
        return input;
      },
      create: () => ({
        getMetricSpecs: () => [{ metricName: 's0-probe', targetType: 'AverageValue' as const, targetValue: 1 }],
        getMetricsAndActivity: async () => ({ metrics: [{ metricName: 's0-probe', value: 0 }], isActive: false }),
        close: async () => {},
      }),
    });
    const autoscaler = createAutoscaler({
      scaledObject: {
        metadata: { name: 'orders', namespace: 'shop' },
        spec: {
          scaleTargetRef: { name: 'worker' },
          triggers: [{ type: 'identity-probe', metadata: {}, authenticationRef: { name: 'workload' } }],
        },
      },
      target: new InMemoryScaleTarget(),
      clock: new FakeClock(),
      registry: new ScalerRegistry().register(definition),
      authentication: {
        authentications: [
          {
            apiVersion: 'keda.sh/v1alpha1',
            kind: 'TriggerAuthentication',
            metadata: { name: 'workload', namespace: 'shop' },
            spec: { podIdentity: { provider: 'azure-workload', identityId: 'client-1' } },
          },
        ],
      },
    });
    await autoscaler.start();
    expect(inputs[0]!.podIdentity).toEqual({ provider: 'azure-workload', identityId: 'client-1' });
    await autoscaler.stop();
  });
});
