import { createConnectionCache, type ScalerContext, silentLogger, type TriggerInput } from '@scalerkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { StorageQueueServiceLike } from './azure-storage-queue-client.js';
import { azureQueueScaler, defineAzureQueueScaler } from './azure-storage-queue-scaler.js';

const contexts: ScalerContext[] = [];
const context = (): ScalerContext => {
  const created = { logger: silentLogger, signal: new AbortController().signal, connections: createConnectionCache() };
  contexts.push(created);
  return created;
};
afterEach(async () => {
  for (const created of contexts.splice(0)) await created.connections.closeAll();
});

describe("KEDA's azure-queue metric names (azQueueMetricIdentifiers)", () => {
  // [input, metric name]; the connection "SAMPLE" is never used: specs need no request (KEDA's test data).
  const cases: [TriggerInput, string][] = [
    [
      {
        metadata: { connectionFromEnv: 'CONNECTION', queueName: 'sample', queueLength: '5' },
        resolvedEnv: { CONNECTION: 'SAMPLE' },
        triggerIndex: 0,
      },
      's0-azure-queue-sample',
    ],
    [
      {
        metadata: { accountName: 'sample_acc', queueName: 'sample_queue' },
        podIdentity: { provider: 'azure-workload' },
        triggerIndex: 1,
      },
      's1-azure-queue-sample_queue',
    ],
  ];
  for (const [input, metricName] of cases) {
    it(`names ${metricName}`, async () => {
      const scaler = azureQueueScaler.create(azureQueueScaler.parse(input as TriggerInput), context());
      expect(scaler.getMetricSpecs()).toEqual([{ metricName, targetType: 'AverageValue', targetValue: 5 }]);
      await scaler.close();
    });
  }

  it('honours metricType Value and queueLength', async () => {
    const input = { metadata: { queueName: 'a.b', queueLength: '12', connection: 'x' }, metricType: 'Value' as const };
    const scaler = azureQueueScaler.create(azureQueueScaler.parse(input), context());
    expect(scaler.getMetricSpecs()).toEqual([
      { metricName: 's0-azure-queue-a-b', targetType: 'Value', targetValue: 12 },
    ]);
    await scaler.close();
  });
});

describe("azure-queue counting (KEDA's getMessageCount, recorded client)", () => {
  // [strategy, visible messages (peek answers at most 32), approximate count, metric, calls]
  const cases: [string, number, number, number, string[]][] = [
    ['all', 10, 100, 100, ['properties']],
    ['visibleonly', 10, 100, 10, ['peek 32']],
    ['visibleonly', 31, 100, 31, ['peek 32']],
    ['visibleonly', 32, 100, 100, ['peek 32', 'properties']], // at 32 KEDA falls back to the approximate count
    ['visibleonly', 0, 7, 0, ['peek 32']],
    // An accepted list is not `visibleonly` in KEDA's comparison: the approximate count.
    ['visibleonly,visibleonly', 10, 100, 100, ['properties']],
    ['all, visibleonly', 10, 100, 100, ['properties']],
  ];
  for (const [strategy, visible, approximate, expected, expectedCalls] of cases) {
    it(`${strategy} with ${visible} visible of ${approximate} reports ${expected} (${expectedCalls.join(', ')})`, async () => {
      const calls: string[] = [];
      const service: StorageQueueServiceLike = {
        approximateMessageCount: async () => {
          calls.push('properties');
          return approximate;
        },
        peekMessageCount: async (_queue, maximum) => {
          calls.push(`peek ${maximum}`);
          return Math.min(visible, maximum);
        },
        close: () => void calls.push('close'),
      };
      const definition = defineAzureQueueScaler({ createService: () => service });
      const metadata = { queueName: 'q', queueLengthStrategy: strategy, activationQueueLength: '10', connection: 'x' };
      const scaler = definition.create(definition.parse({ metadata }), context());
      expect(await scaler.getMetricsAndActivity('s0-azure-queue-q')).toEqual({
        metrics: [{ metricName: 's0-azure-queue-q', value: expected }],
        isActive: expected > 10,
      });
      await scaler.close();
      expect(calls).toEqual([...expectedCalls, 'close']);
    });
  }
});
