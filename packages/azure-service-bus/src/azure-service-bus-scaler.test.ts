import {
  createConnectionCache,
  type ScalerContext,
  ScalerError,
  silentLogger,
  type TriggerInput,
} from '@scalerkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceBusAdministrationLike, ServiceBusEntityCount } from './azure-service-bus-client.js';
import { azureServiceBusScaler, defineAzureServiceBusScaler } from './azure-service-bus-scaler.js';

const connection = 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=c2VjcmV0LWtleQ==';
const contexts: ScalerContext[] = [];
const context = (): ScalerContext => {
  const created = { logger: silentLogger, signal: new AbortController().signal, connections: createConnectionCache() };
  contexts.push(created);
  return created;
};
afterEach(async () => {
  for (const created of contexts.splice(0)) await created.connections.closeAll();
});

describe("KEDA's azure-servicebus metric names (azServiceBusMetricIdentifiers)", () => {
  const env = { resolvedEnv: { none: connection } };
  // [input, metric name, target type, target value]
  const cases: [TriggerInput, string, string, number][] = [
    [
      { metadata: { queueName: 'testqueue', connectionFromEnv: 'none' }, ...env, triggerIndex: 0 },
      's0-azure-servicebus-testqueue',
      'AverageValue',
      5,
    ],
    [
      {
        metadata: { topicName: 'testtopic', subscriptionName: 'testsubscription', connectionFromEnv: 'none' },
        ...env,
        triggerIndex: 1,
      },
      's1-azure-servicebus-testtopic',
      'AverageValue',
      5,
    ],
    [
      { metadata: { queueName: 'orders-.*', useRegex: 'true', connectionFromEnv: 'none', messageCount: '1' }, ...env },
      's0-azure-servicebus-queue-regex',
      'AverageValue',
      1,
    ],
    [
      {
        metadata: { topicName: 'events', subscriptionName: 'w.*', useRegex: 'true', connectionFromEnv: 'none' },
        ...env,
        triggerIndex: 4,
      },
      's4-azure-servicebus-topic-regex',
      'AverageValue',
      5,
    ],
    [
      {
        metadata: { queueName: 'a/b.c:d', connectionFromEnv: 'none', messageCount: '20' },
        ...env,
        metricType: 'Value',
      },
      's0-azure-servicebus-a-b-c-d',
      'Value',
      20,
    ],
    [
      { metadata: { queueName: 'q', namespace: 'ns' }, podIdentity: { provider: 'azure-workload' }, triggerIndex: 2 },
      's2-azure-servicebus-q',
      'AverageValue',
      5,
    ],
  ];
  for (const [input, metricName, targetType, targetValue] of cases) {
    it(`names ${metricName}`, async () => {
      const scaler = azureServiceBusScaler.create(azureServiceBusScaler.parse(input as TriggerInput), context());
      expect(scaler.getMetricSpecs()).toEqual([{ metricName, targetType, targetValue }]);
      await scaler.close();
    });
  }
});

/** A recorded client: fixed entities, every call logged. */
function recordedAdministration(
  queues: Record<string, number>,
  subscriptions: Record<string, Record<string, number>>,
  calls: string[],
): ServiceBusAdministrationLike {
  const list = (entries: Record<string, number>): ServiceBusEntityCount[] =>
    Object.entries(entries).map(([name, activeMessageCount]) => ({ name, activeMessageCount }));
  const record = <T>(call: string, result: T) => {
    calls.push(call);
    return Promise.resolve(result);
  };
  return {
    queueActiveMessageCount: (name) => record(`queue ${name}`, queues[name]),
    subscriptionActiveMessageCount: (topic, name) =>
      record(`subscription ${topic}/${name}`, subscriptions[topic]?.[name]),
    listQueueActiveMessageCounts: () => record('list queues', list(queues)),
    listSubscriptionActiveMessageCounts: (topic) => record(`list ${topic}`, list(subscriptions[topic] ?? {})),
    close: () => void calls.push('close'),
  };
}

describe('azure-servicebus measurements (recorded client)', () => {
  const queues = { 'orders-1': 2, 'orders-2': 4, 'old-orders-3': 100, orders: 7 };
  const subscriptions = { events: { 'workers-a': 2, 'workers-b': 4, audit: 50 } };
  // [metadata, value, active, calls]
  const cases: [Record<string, string>, number, boolean, string[]][] = [
    [{ queueName: 'orders' }, 7, true, ['queue orders']],
    [{ queueName: 'orders', activationMessageCount: '7' }, 7, false, ['queue orders']],
    [{ topicName: 'events', subscriptionName: 'audit' }, 50, true, ['subscription events/audit']],
    [{ queueName: 'orders-.*', useRegex: 'true' }, 6, true, ['list queues']],
    [{ queueName: 'orders-.*', useRegex: 'true', operation: 'max' }, 4, true, ['list queues']],
    [{ queueName: 'orders-.*', useRegex: 'true', operation: 'avg' }, 3, true, ['list queues']],
    [{ queueName: 'nothing-.*', useRegex: 'true', operation: 'avg' }, 0, false, ['list queues']],
    [{ queueName: 'orders-.*', useRegex: 'true', operation: 'sum,max' }, 0, false, ['list queues']],
    [{ topicName: 'events', subscriptionName: 'workers-.*', useRegex: 'true' }, 6, true, ['list events']],
    [
      { topicName: 'events', subscriptionName: 'workers-.*', useRegex: 'true', operation: 'max' },
      4,
      true,
      ['list events'],
    ],
    [
      {
        topicName: 'events',
        subscriptionName: 'workers-.*',
        useRegex: 'true',
        operation: 'avg',
        activationMessageCount: '3',
      },
      3,
      false,
      ['list events'],
    ],
  ];
  for (const [metadata, value, isActive, expectedCalls] of cases) {
    it(`${JSON.stringify(metadata)} measures ${value} (${isActive ? 'active' : 'inactive'}) with ${expectedCalls.join(', ')}`, async () => {
      const calls: string[] = [];
      const definition = defineAzureServiceBusScaler({
        createAdministration: () => recordedAdministration(queues, subscriptions, calls),
      });
      const scaler = definition.create(definition.parse({ metadata, authParams: { connection } }), context());
      const [spec] = scaler.getMetricSpecs();
      expect(await scaler.getMetricsAndActivity(spec!.metricName)).toEqual({
        metrics: [{ metricName: spec!.metricName, value }],
        isActive,
      });
      await scaler.close();
      expect(calls).toEqual([...expectedCalls, 'close']);
    });
  }

  for (const [metadata, message] of [
    [{ queueName: 'missing' }, "azure-servicebus: queue missing doesn't exist"],
    [
      { topicName: 'events', subscriptionName: 'missing' },
      "azure-servicebus: subscription missing doesn't exist in topic events",
    ],
  ] as const) {
    it(`a missing entity is a NOT_FOUND error: ${message}`, async () => {
      const definition = defineAzureServiceBusScaler({
        createAdministration: () => recordedAdministration(queues, subscriptions, []),
      });
      const scaler = definition.create(definition.parse({ metadata, authParams: { connection } }), context());
      const error = await scaler
        .getMetricsAndActivity(scaler.getMetricSpecs()[0]!.metricName)
        .catch((caught) => caught);
      expect(ScalerError.isInstance(error) && [error.code, error.message]).toEqual(['NOT_FOUND', message]);
      await scaler.close();
    });
  }

  it('shares one client between triggers on the same namespace and credentials', async () => {
    let opened = 0;
    const definition = defineAzureServiceBusScaler({
      createAdministration: () => {
        opened += 1;
        return recordedAdministration(queues, subscriptions, []);
      },
    });
    const shared = context();
    const scalers = ['orders', 'orders-1', 'orders-2'].map((queueName) =>
      definition.create(definition.parse({ metadata: { queueName }, authParams: { connection } }), shared),
    );
    for (const scaler of scalers) await scaler.getMetricsAndActivity(scaler.getMetricSpecs()[0]!.metricName);
    expect([opened, shared.connections.size]).toEqual([1, 1]);
    for (const scaler of scalers) await scaler.close();
    expect(shared.connections.size).toBe(0);
  });

  it('reports a malformed connection string at the first poll, not at creation, without the key', async () => {
    const malformed = 'SharedAccessKeyName=k;SharedAccessKey=dG9wLXNlY3JldA==';
    const scaler = azureServiceBusScaler.create(
      azureServiceBusScaler.parse({ metadata: { queueName: 'q' }, authParams: { connection: malformed } }),
      context(),
    );
    const error = await scaler.getMetricsAndActivity(scaler.getMetricSpecs()[0]!.metricName).catch((caught) => caught);
    expect(ScalerError.isInstance(error)).toBe(true);
    expect(error.message).toContain('Missing Endpoint in connection string');
    expect(error.message).not.toContain('dG9wLXNlY3JldA==');
    await scaler.close();
  });
});
