// azure-servicebus, differential: KEDA v2.21.0's own Service Bus scaler (tools/keda-oracle) and
// @scalerkit/azure-service-bus against one in-process HTTPS fake of the management (ATOM) endpoint
// (packages/azure-service-bus/src/test-support/: no Service Bus emulator runs here). KEDA's Go client trusts the
// fake's self-signed CA through SSL_CERT_FILE (a bundle of the system CAs and that CA, given to the oracle process
// only); scalerkit through the definition's `ca` option. First the integration scenarios
// (azure-service-bus-scaler.int.test.ts) and KEDA's entity rules, then combinations generated from
// `azureServiceBusParameters`. They must agree on acceptance, metric specs, values and activity.
//
//   bash scripts/keda-oracle.sh build
//   npx vitest run --config tools/keda-oracle/vitest.config.ts tools/keda-oracle/test/azure-servicebus-differential.test.ts
import { azureServiceBusParameters, defineAzureServiceBusScaler } from '@scalerkit/azure-service-bus';
import type { ScalerDefinition } from '@scalerkit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeServiceBusManagement,
  startFakeServiceBusManagement,
} from '../../../packages/azure-service-bus/src/test-support/fake-service-bus-management.js';
import { closedPort } from '../../../packages/azure-storage-queue/src/test-support/azurite.js';
import { KedaOracle, type OracleTrigger } from '../ts/keda-oracle.js';
import { differences, runBoth } from '../ts/outcome.js';
import { generateCombinations } from '../ts/parameter-combinations.js';
import { type TrustedCaBundle, writeTrustedCaBundle } from '../ts/trusted-ca-bundle.js';
import { type KnownDisagreement, runGeneratedDifferential } from './generated-differential.js';
import { oracleOnly } from './oracle-harness.js';

// Only the oracle is needed: the fake runs in this process.
const { ready, binary } = await oracleOnly();

/** Disagreements that stay, each with its reason and KEDA's function. None so far. */
const KNOWN_DISAGREEMENTS: KnownDisagreement[] = [];

const WRONG_KEY = 'd3Jvbmcta2V5LXZhbHVl';

/** The entities of every test: queues for single and regex reads (two per listing page), subscriptions. */
function fill(fake: FakeServiceBusManagement): void {
  fake.clear();
  fake.setQueue('orders', { activeMessageCount: 3, deadLetterMessageCount: 5, scheduledMessageCount: 2 });
  fake.setQueue('a-other', 50);
  fake.setQueue('jobs-1', 2);
  fake.setQueue('old-jobs-9', 70);
  fake.setQueue('jobs-2', 4);
  fake.setQueue('jobs', 30);
  fake.setSubscription('events', 'workers', { activeMessageCount: 4, transferMessageCount: 9 });
  fake.setSubscription('events', 'workers-a', 2);
  fake.setSubscription('events', 'audit', 40);
  fake.setSubscription('events', 'workers-b', 4);
  fake.setSubscription('other', 'workers-c', 80);
}

describe.skipIf(!ready)('azure-servicebus: KEDA v2.21.0 and @scalerkit/azure-service-bus agree on one fake', () => {
  let fake: FakeServiceBusManagement;
  let bundle: TrustedCaBundle;
  let oracle: KedaOracle;
  let definition: ScalerDefinition<unknown>;
  let connection = '';
  let wrongKey = '';
  let refused = '';

  beforeAll(async () => {
    fake = await startFakeServiceBusManagement({ pageSize: 2 });
    bundle = writeTrustedCaBundle([fake.ca]);
    oracle = KedaOracle.start(binary!, bundle.environment());
    definition = defineAzureServiceBusScaler({ ca: fake.ca }) as ScalerDefinition<unknown>;
    connection = fake.connectionString();
    wrongKey = fake.connectionString('RootManageSharedAccessKey', WRONG_KEY);
    refused = `Endpoint=sb://127.0.0.1:${await closedPort()}/;SharedAccessKeyName=k;SharedAccessKey=dW5yZWFjaGFibGU=`;
  });
  afterAll(async () => {
    await oracle?.stop();
    bundle?.remove();
    await fake?.close();
  });
  beforeEach(() => fill(fake));

  const trigger = (metadata: Record<string, string>, extra: Partial<OracleTrigger> = {}): OracleTrigger => ({
    triggerType: 'azure-servicebus',
    metadata,
    authParams: { connection },
    ...extra,
  });

  async function agree(input: OracleTrigger, polls = 1, between?: (index: number) => Promise<void>) {
    const { keda, scalerkit } = await runBoth(oracle, definition, input, {
      polls,
      timeoutMs: 5000,
      ...(between ? { between } : {}),
    });
    return { keda, scalerkit, found: differences(keda, scalerkit) };
  }

  /** What scalerkit reported (the two sides agree when this is checked): `3/true`, `failed` or `rejected`. */
  const summary = (outcome: Awaited<ReturnType<typeof agree>>['scalerkit']) =>
    outcome.stage === 'rejected'
      ? 'rejected'
      : outcome.stage === 'create-failed'
        ? 'failed'
        : (outcome.polls ?? [])
            .map((poll) => (poll.error !== undefined ? 'failed' : `${poll.values?.[0]?.value}/${poll.isActive}`))
            .join(' ');

  const regex = (entity: Record<string, string>, operation: string) =>
    trigger({ ...entity, useRegex: 'true', operation, messageCount: '1' });
  const scenarios: [string, () => OracleTrigger, string][] = [
    ['a queue: active messages only', () => trigger({ queueName: 'orders', activationMessageCount: '2' }), '3/true'],
    [
      'a subscription: named after the topic',
      () => trigger({ topicName: 'events', subscriptionName: 'workers', activationMessageCount: '4' }),
      '4/false',
    ],
    ...(['sum', 'max', 'avg'] as const).flatMap((operation, index): [string, () => OracleTrigger, string][] => [
      [`regex queues, ${operation}`, () => regex({ queueName: 'jobs-.+' }, operation), `${[6, 4, 3][index]}/true`],
      [
        `regex subscriptions, ${operation}`,
        () => regex({ topicName: 'events', subscriptionName: 'workers-.*' }, operation),
        `${[6, 4, 3][index]}/true`,
      ],
    ]),
    ['regex: no entity matches', () => regex({ queueName: 'nothing-.*' }, 'avg'), '0/false'],
    ['regex: an operation list matches no case', () => regex({ queueName: 'jobs-.+' }, 'sum,max'), '0/false'],
    ['regex: leftmost-longest alternation', () => regex({ queueName: 'jobs|jobs-1' }, 'sum'), '32/true'],
    ['regex: RE2 flags', () => regex({ queueName: '(?i)JOBS-\\d' }, 'sum'), '6/true'],
    ['regex: RE2 character class', () => regex({ queueName: 'jobs-[[:digit:]]' }, 'max'), '4/true'],
    ['regex: an invalid pattern', () => regex({ queueName: 'jobs-(' }, 'sum'), 'rejected'],
    ['no regex: a pattern is a name', () => trigger({ queueName: 'jobs-(' }), 'failed'],
    [
      'messageCount 2, Value target, trigger 4',
      () => trigger({ queueName: 'orders', messageCount: '2' }, { metricType: 'Value', triggerIndex: 4 }),
      '3/true',
    ],
    [
      'connectionFromEnv',
      () =>
        trigger(
          { queueName: 'orders', connectionFromEnv: 'SERVICE_BUS' },
          { authParams: {}, resolvedEnv: { SERVICE_BUS: connection } },
        ),
      '3/true',
    ],
    [
      'a connection in plain metadata',
      () => trigger({ queueName: 'orders', connection }, { authParams: {} }),
      'rejected',
    ],
    ['cloud is ignored beside a connection string', () => trigger({ queueName: 'orders', cloud: 'Mars' }), '3/true'],
    ['queue and topic', () => trigger({ queueName: 'orders', topicName: 'events' }), 'rejected'],
    ['queue and subscription', () => trigger({ queueName: 'orders', subscriptionName: 'workers' }), 'rejected'],
    ['topic without subscription', () => trigger({ topicName: 'events' }), 'rejected'],
    ['no entity', () => trigger({}), 'rejected'],
    ['a missing queue', () => trigger({ queueName: 'missing' }), 'failed'],
    ['a missing subscription', () => trigger({ topicName: 'events', subscriptionName: 'gone' }), 'failed'],
    ['a wrong key', () => trigger({ queueName: 'orders' }, { authParams: { connection: wrongKey } }), 'failed'],
    [
      'a malformed connection string',
      () => trigger({ queueName: 'orders' }, { authParams: { connection: 'x' } }),
      'failed',
    ],
    ['nothing listens', () => trigger({ queueName: 'orders' }, { authParams: { connection: refused } }), 'failed'],
  ];

  for (const [name, input, expected] of scenarios) {
    it(`${name}: ${expected}`, async () => {
      const { keda, scalerkit, found } = await agree(input());
      expect(found, JSON.stringify({ keda, scalerkit })).toEqual([]);
      expect(summary(scalerkit)).toBe(expected);
    });
  }

  it('a queue deleted between polls fails on both, and both recover when it is back', async () => {
    const { keda, scalerkit, found } = await agree(trigger({ queueName: 'orders' }), 3, async (index) => {
      if (index === 1) fake.deleteQueue('orders');
      else fake.setQueue('orders', 1);
    });
    expect(found, JSON.stringify({ keda, scalerkit })).toEqual([]);
    expect(summary(scalerkit)).toBe('3/true failed 1/true');
  });

  const combinations = generateCombinations(azureServiceBusParameters, {
    base: { queueName: 'orders' },
    valuesFor: {
      queueName: ['orders', 'jobs-.+', '', ' orders ', 'missing', 'jobs-(', 'Jobs-1', 'jobs|jobs-1'],
      topicName: ['events', '', 'absent-topic'],
      subscriptionName: ['workers', 'workers-.*', '', '[', 'WORKERS'],
      connection: ['<connection>', '', 'x', '<wrong-key>'],
      namespace: ['namespace', ''],
    },
    randomCount: 400,
    seed: Number(process.env.KEDA_DIFF_SEED ?? 20_261_204),
  });

  it(`agree on ${combinations.length} generated parameter combinations`, { timeout: 900_000 }, async () => {
    expect(combinations.length).toBeGreaterThanOrEqual(500);
    const live = (text: string) => text.replaceAll('<connection>', connection).replaceAll('<wrong-key>', wrongKey);
    const each = (values: Record<string, string>) =>
      Object.fromEntries(Object.entries(values).map(([key, value]) => [key, live(value)]));
    const unexplained = await runGeneratedDifferential({
      name: 'azure-servicebus',
      oracle,
      definition,
      triggers: combinations.map((generated) => ({
        label: generated.label,
        input: {
          triggerType: 'azure-servicebus',
          metadata: each(generated.metadata),
          // The base connection, unless the combination sets one itself (authParams would win over its env).
          authParams: generated.touched.includes('connection')
            ? each(generated.authParams)
            : { connection, ...each(generated.authParams) },
          resolvedEnv: each(generated.resolvedEnv),
          metricType: generated.metricType,
          triggerIndex: generated.triggerIndex,
        },
      })),
      known: KNOWN_DISAGREEMENTS,
      mask: (text) => text.split(wrongKey).join('<wrong-key>').split(connection).join('<connection>'),
    });
    expect(unexplained).toEqual([]);
  });
});
