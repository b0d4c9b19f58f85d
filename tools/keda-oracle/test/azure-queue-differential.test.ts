// azure-queue, differential: KEDA v2.21.0's own Azure Storage Queue scaler (tools/keda-oracle) and
// @scalerkit/azure-storage-queue on the same Azurite (scripts/services/azurite.sh), interleaved. First the
// integration scenarios (packages/azure-storage-queue/src/azure-storage-queue-scaler.int.test.ts) and the cloud
// settings, then parameter combinations generated from `azureQueueParameters`. They must agree on acceptance,
// metric specs, values and activity; the allowed differences are in KNOWN_DISAGREEMENTS.
//
//   bash scripts/keda-oracle.sh build && bash scripts/services/azurite.sh up
//   npx vitest run --config tools/keda-oracle/vitest.config.ts tools/keda-oracle/test/azure-queue-differential.test.ts
import { QueueServiceClient } from '@azure/storage-queue';
import { azureQueueParameters, azureQueueScaler } from '@scalerkit/azure-storage-queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  azuriteConnection,
  azuriteConnectionString,
  azuriteEndpoint,
  closedPort,
} from '../../../packages/azure-storage-queue/src/test-support/azurite.js';
import type { KedaOracle, OracleTrigger } from '../ts/keda-oracle.js';
import { differences, runBoth } from '../ts/outcome.js';
import { generateCombinations } from '../ts/parameter-combinations.js';
import { type KnownDisagreement, runGeneratedDifferential } from './generated-differential.js';
import { oracleAndService, runId, startOracle } from './oracle-harness.js';

const { ready, binary } = await oracleAndService('azurite', azuriteEndpoint, 'run bash scripts/services/azurite.sh up');

const prefix = `keda-diff-${runId}`;
const wrongKeyConnection = azuriteConnectionString(
  azuriteEndpoint,
  Buffer.from('not-the-azurite-account-key-0123456789').toString('base64'),
);

/** Disagreements that stay, each with its reason and KEDA's function. None so far. */
const KNOWN_DISAGREEMENTS: KnownDisagreement[] = [];

const trigger = (metadata: Record<string, string>, extra: Partial<OracleTrigger> = {}): OracleTrigger => ({
  triggerType: 'azure-queue',
  metadata,
  authParams: { connection: azuriteConnection },
  ...extra,
});

describe.skipIf(!ready)('azure-queue: KEDA v2.21.0 and @scalerkit/azure-storage-queue agree on Azurite', () => {
  const service = QueueServiceClient.fromConnectionString(azuriteConnection);
  const created: string[] = [];
  let oracle: KedaOracle;
  let refusedConnection = '';
  const names = { mixed: `${prefix}-mixed`, many: `${prefix}-many`, empty: `${prefix}-empty` };

  async function queueWith(name: string, visible: number, delayed = 0, received = 0) {
    const queue = service.getQueueClient(name);
    await queue.create();
    created.push(name);
    for (let index = 0; index < visible + received; index += 1) await queue.sendMessage(`m${index}`);
    for (let index = 0; index < delayed; index += 1) await queue.sendMessage(`d${index}`, { visibilityTimeout: 600 });
    if (received > 0) await queue.receiveMessages({ numberOfMessages: received, visibilityTimeout: 600 });
    return queue;
  }

  beforeAll(async () => {
    oracle = startOracle(binary!);
    refusedConnection = azuriteConnectionString(`http://127.0.0.1:${await closedPort()}`);
    // 3 visible, 1 sent invisible, 2 received and in flight: 6 in all. 35 visible and 2 invisible: 37.
    await queueWith(names.mixed, 3, 1, 2);
    await queueWith(names.many, 35, 2);
    await queueWith(names.empty, 0);
  }, 120_000);

  afterAll(async () => {
    await oracle?.stop();
    for (const name of created)
      await service
        .getQueueClient(name)
        .delete()
        .catch(() => undefined);
  });

  /** Runs the trigger on both sides (interleaved polls) and returns KEDA's outcome and the differences. */
  async function agree(input: OracleTrigger, polls = 1, between?: () => Promise<void>) {
    const { keda, scalerkit } = await runBoth(oracle, azureQueueScaler as never, input, {
      polls,
      timeoutMs: 5000,
      ...(between ? { between } : {}),
    });
    return { keda, scalerkit, found: differences(keda, scalerkit) };
  }

  const scenarios: [string, () => OracleTrigger, string][] = [
    ['all: the approximate count', () => trigger({ queueName: names.mixed, activationQueueLength: '5' }), '6/true'],
    [
      'visibleonly: the visible messages under 32',
      () => trigger({ queueName: names.mixed, queueLengthStrategy: 'visibleonly', activationQueueLength: '3' }),
      '3/false',
    ],
    [
      'visibleonly: the approximate count from 32 visible on',
      () => trigger({ queueName: names.many, queueLengthStrategy: 'visibleonly' }),
      '37/true',
    ],
    [
      'visibleonly in an accepted list counts as all',
      () => trigger({ queueName: names.mixed, queueLengthStrategy: 'visibleonly,visibleonly' }),
      '6/true',
    ],
    ['an empty queue, all', () => trigger({ queueName: names.empty }), '0/false'],
    [
      'an empty queue, visibleonly',
      () => trigger({ queueName: names.empty, queueLengthStrategy: 'visibleonly' }),
      '0/false',
    ],
    [
      'queueLength 2, Value target, trigger 3',
      () => trigger({ queueName: names.mixed, queueLength: '2' }, { metricType: 'Value', triggerIndex: 3 }),
      '6/true',
    ],
    [
      'connection from metadata',
      () => trigger({ queueName: names.mixed, connection: azuriteConnection }, { authParams: {} }),
      '6/true',
    ],
    [
      'connectionFromEnv',
      () =>
        trigger(
          { queueName: names.mixed, connectionFromEnv: 'STORAGE' },
          { authParams: {}, resolvedEnv: { STORAGE: azuriteConnection } },
        ),
      '6/true',
    ],
    [
      'cloud AzureChinaCloud beside a connection string',
      () => trigger({ queueName: names.mixed, cloud: 'AzureChinaCloud' }),
      '6/true',
    ],
    [
      'cloud Private with endpointSuffix',
      () => trigger({ queueName: names.mixed, cloud: 'Private', endpointSuffix: 'queue.example.net' }),
      '6/true',
    ],
    ['cloud Private without endpointSuffix', () => trigger({ queueName: names.mixed, cloud: 'Private' }), 'rejected'],
    ['an unknown cloud', () => trigger({ queueName: names.mixed, cloud: 'Mars' }), 'rejected'],
    ['no connection', () => trigger({ queueName: names.mixed }, { authParams: {} }), 'rejected'],
    ['a missing queue', () => trigger({ queueName: `${prefix}-missing` }), 'failed'],
    ['a queue name that needs normalizing', () => trigger({ queueName: 'Orders.V2_x' }), 'failed'],
    [
      'a wrong account key',
      () => trigger({ queueName: names.mixed }, { authParams: { connection: wrongKeyConnection } }),
      'failed',
    ],
    [
      'a malformed connection string',
      () => trigger({ queueName: names.mixed }, { authParams: { connection: 'x' } }),
      'failed',
    ],
    [
      'nothing listens',
      () => trigger({ queueName: names.mixed }, { authParams: { connection: refusedConnection } }),
      'failed',
    ],
  ];

  for (const [name, input, expected] of scenarios) {
    it(`${name}: ${expected}`, async () => {
      const { keda, scalerkit, found } = await agree(input());
      expect(found, JSON.stringify({ keda, scalerkit })).toEqual([]);
      // Both sides agree; this pins what they agree on, so that a scenario cannot pass by failing on both.
      const poll = scalerkit.polls?.[0];
      const seen =
        scalerkit.stage === 'rejected'
          ? 'rejected'
          : poll?.error !== undefined || scalerkit.stage === 'create-failed'
            ? 'failed'
            : `${poll?.values?.[0]?.value}/${poll?.isActive}`;
      expect(seen).toBe(expected);
    });
  }

  it('both follow messages sent and received between polls', async () => {
    const name = `${prefix}-moving`;
    const queue = await queueWith(name, 2);
    const { keda, found } = await agree(
      trigger({ queueName: name, queueLengthStrategy: 'visibleonly' }),
      3,
      async () => {
        for (let index = 0; index < 3; index += 1) await queue.sendMessage(`more${index}`);
        await queue.receiveMessages({ numberOfMessages: 1, visibilityTimeout: 600 });
      },
    );
    // 2 visible; +3 sent, 1 received: 4 visible; again: 6 (the approximate count would say 2, 5, 8).
    expect(keda.polls?.map((poll) => poll.values?.[0]?.value)).toEqual([2, 4, 6]);
    expect(found, JSON.stringify(keda)).toEqual([]);
  });

  const combinations = generateCombinations(azureQueueParameters, {
    base: { queueName: '<queue>', connection: '<connection>' },
    valuesFor: {
      queueName: ['<queue>', '<empty>', '', ' <queue> ', '<queue>-missing', 'Bad_Name'],
      connection: ['<connection>', '', 'x', '<wrong-key>'],
      accountName: ['devstoreaccount1', '', 'x'],
      endpointSuffix: ['queue.core.windows.net', '', 'x'],
    },
    randomCount: 400,
    seed: Number(process.env.KEDA_DIFF_SEED ?? 20_261_203),
  });

  it(`agree on ${combinations.length} generated parameter combinations`, { timeout: 900_000 }, async () => {
    expect(combinations.length).toBeGreaterThanOrEqual(500);
    const live = (text: string) =>
      text
        .replaceAll('<queue>', names.mixed)
        .replaceAll('<empty>', names.empty)
        .replaceAll('<connection>', azuriteConnection)
        .replaceAll('<wrong-key>', wrongKeyConnection);
    const each = (values: Record<string, string>) =>
      Object.fromEntries(Object.entries(values).map(([key, value]) => [key, live(value)]));
    const unexplained = await runGeneratedDifferential({
      name: 'azure-queue',
      oracle,
      definition: azureQueueScaler as never,
      triggers: combinations.map((generated) => ({
        label: generated.label,
        input: {
          triggerType: 'azure-queue',
          metadata: each(generated.metadata),
          authParams: each(generated.authParams),
          resolvedEnv: each(generated.resolvedEnv),
          metricType: generated.metricType,
          triggerIndex: generated.triggerIndex,
        },
      })),
      known: KNOWN_DISAGREEMENTS,
      mask: (text) =>
        text
          .split(wrongKeyConnection)
          .join('<wrong-key>')
          .split(azuriteConnection)
          .join('<connection>')
          .split(names.mixed)
          .join('<queue>')
          .split(names.empty)
          .join('<empty>'),
    });
    expect(unexplained).toEqual([]);
  });
});
