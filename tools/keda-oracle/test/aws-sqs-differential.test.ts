// aws-sqs-queue, differential: KEDA v2.21.0's own SQS scaler (tools/keda-oracle) and @scalerkit/aws-sqs on the
// same SQS emulator (scripts/services/sqs.sh), interleaved. First the integration scenarios, then parameter
// combinations generated from the declarations. They must agree on acceptance, metric specs, values and
// activity.
//
//   bash scripts/keda-oracle.sh build && bash scripts/services/sqs.sh up
//   npx vitest run --config tools/keda-oracle/vitest.config.ts tools/keda-oracle/test/aws-sqs-differential.test.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { awsSqsQueueParameters, awsSqsQueueScaler } from '@scalerkit/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueName, SqsAdmin, sqsEndpoint, sqsRegion } from '../../../packages/aws-sqs/src/test-support.js';
import { KedaOracle, type OracleTrigger } from '../ts/keda-oracle.js';
import { differences, runBoth } from '../ts/outcome.js';
import { generateCombinations } from '../ts/parameter-combinations.js';
import { oracleAndService } from './oracle-harness.js';

const reportFile = new URL('../../../.services/keda-oracle/aws-sqs-parameters-report.json', import.meta.url);
// KEDA's own parse tests authenticate with these (aws_sqs_queue_scaler_test.go testAWSSQSAuthentication).
const authentication = { awsAccessKeyId: 'none', awsSecretAccessKey: 'none' };

const { ready, binary } = await oracleAndService('sqs', sqsEndpoint, 'run bash scripts/services/sqs.sh up');

const trigger = (metadata: Record<string, string>, extra: Partial<OracleTrigger> = {}): OracleTrigger => ({
  triggerType: 'aws-sqs-queue',
  metadata: { awsRegion: sqsRegion, awsEndpoint: sqsEndpoint, ...metadata },
  authParams: authentication,
  ...extra,
});

describe.skipIf(!ready)('aws-sqs-queue: KEDA v2.21.0 and @scalerkit/aws-sqs agree on the SQS emulator', () => {
  const admin = new SqsAdmin();
  let oracle: KedaOracle;
  let mixed = '';
  let mixedName = '';

  beforeAll(async () => {
    // For identityOwner: operator (the default chain) on both sides; no instance metadata lookups.
    oracle = KedaOracle.start(binary!, {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    process.env.AWS_ACCESS_KEY_ID ??= 'test';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
    mixedName = queueName('diff-mixed');
    mixed = await admin.createQueue(mixedName);
    await admin.send(mixed, 5);
    await admin.receive(mixed, 2, 600);
    await admin.sendDelayed(mixed, 600);
    expect(await admin.counts(mixed)).toEqual([3, 2, 1]);
  });

  afterAll(async () => {
    await oracle?.stop();
    await admin.close();
  });

  async function agree(input: OracleTrigger, polls = 1, between?: () => Promise<void>) {
    const { keda, scalerkit } = await runBoth(oracle, awsSqsQueueScaler as never, input, {
      polls,
      timeoutMs: 5000,
      ...(between ? { between } : {}),
    });
    return { keda, scalerkit, found: differences(keda, scalerkit) };
  }

  const scenarios: [string, () => OracleTrigger][] = [
    ['defaults on 3 / 2 / 1', () => trigger({ queueURL: mixed })],
    ['scaleOnInFlight false', () => trigger({ queueURL: mixed, scaleOnInFlight: 'false' })],
    ['scaleOnDelayed true', () => trigger({ queueURL: mixed, scaleOnDelayed: 'true' })],
    ['both flags flipped', () => trigger({ queueURL: mixed, scaleOnInFlight: 'false', scaleOnDelayed: 'true' })],
    ['activation above the count', () => trigger({ queueURL: mixed, activationQueueLength: '5' })],
    ['metricType Value, trigger index 2', () => trigger({ queueURL: mixed }, { metricType: 'Value', triggerIndex: 2 })],
    [
      'an AWS-host queue URL with awsEndpoint',
      () => trigger({ queueURL: `https://sqs.${sqsRegion}.amazonaws.com/000000000000/${mixedName}` }),
    ],
    ['identityOwner operator', () => trigger({ queueURL: mixed, identityOwner: 'operator' }, { authParams: {} })],
    ['a missing queue', () => trigger({ queueURL: `${sqsEndpoint}/000000000000/${queueName('absent')}` })],
    ['a bare queue name', () => trigger({ queueURL: mixedName })],
    ['a refused endpoint', () => trigger({ queueURL: mixed, awsEndpoint: 'http://127.0.0.1:1' })],
  ];
  for (const [name, input] of scenarios) {
    it(name, async () => {
      const { keda, found } = await agree(input());
      expect(found, JSON.stringify(keda)).toEqual([]);
    });
  }

  it('follow the counts as a visibility timeout expires', async () => {
    const queue = await admin.createQueue(queueName('diff-expiry'));
    await admin.send(queue, 2);
    await admin.receive(queue, 1, 2);
    // Poll 1: 1 visible on both sides; then the visibility timeout (2 s) expires; poll 2: 2 on both.
    const { found, keda } = await agree(
      trigger({ queueURL: queue, scaleOnInFlight: 'false' }),
      2,
      () => new Promise((resolve) => setTimeout(resolve, 2500)),
    );
    expect(keda.polls?.map((poll) => poll.values?.[0]?.value)).toEqual([1, 2]);
    expect(found, JSON.stringify(keda)).toEqual([]);
  });

  const combinations = generateCombinations(awsSqsQueueParameters, {
    base: { queueURL: 'QUEUE', awsRegion: sqsRegion, awsEndpoint: sqsEndpoint },
    valuesFor: {
      queueURL: ['QUEUE', 'BARE', 'AWSHOST', 'https://sqs.us-east-1.amazonaws.com/000000000000', 'x', '', ' QUEUE '],
      awsRegion: [sqsRegion, 'eu-west-1', '', ' us-east-1 '],
      awsEndpoint: [sqsEndpoint, '', 'http://127.0.0.1:1', ` ${sqsEndpoint} `],
      identityOwner: ['pod', 'operator', 'workload', '', ' pod ', 'POD'],
    },
    randomCount: 300,
    seed: Number(process.env.KEDA_DIFF_SEED ?? 20_261_202),
  });

  it(`agree on ${combinations.length} generated parameter combinations`, { timeout: 900_000 }, async () => {
    const placeholders = (text: string) =>
      text
        .replace('AWSHOST', `https://sqs.${sqsRegion}.amazonaws.com/000000000000/${mixedName}`)
        .replace('QUEUE', mixed)
        .replace('BARE', mixedName);
    const disagreements: { label: string; input: OracleTrigger; differences: string[] }[] = [];
    const counts = { acceptedByBoth: 0, rejectedByBoth: 0 };
    for (const generated of combinations) {
      const metadata = Object.fromEntries(
        Object.entries(generated.metadata).map(([key, value]) => [key, placeholders(value)]),
      );
      const resolvedEnv = Object.fromEntries(
        Object.entries(generated.resolvedEnv).map(([key, value]) => [key, placeholders(value)]),
      );
      const input: OracleTrigger = {
        triggerType: 'aws-sqs-queue',
        metadata,
        authParams: { ...authentication, ...generated.authParams },
        resolvedEnv,
        metricType: generated.metricType,
        triggerIndex: generated.triggerIndex,
      };
      const { keda, scalerkit, found } = await agree(input);
      if (keda.stage === 'rejected' && scalerkit.stage === 'rejected') counts.rejectedByBoth += 1;
      if (keda.stage !== 'rejected' && scalerkit.stage !== 'rejected') counts.acceptedByBoth += 1;
      const shown = found.map((text) => text.split(mixed).join('QUEUE'));
      if (shown.length > 0) disagreements.push({ label: generated.label, input, differences: shown });
    }
    mkdirSync(new URL('.', reportFile), { recursive: true });
    writeFileSync(reportFile, `${JSON.stringify({ counts, disagreements }, null, 2)}\n`);
    console.log(
      `aws-sqs parameters: ${combinations.length} combinations; both accept ${counts.acceptedByBoth}, both reject ` +
        `${counts.rejectedByBoth}; ${disagreements.length} disagree (report: ${reportFile.pathname})`,
    );
    for (const entry of disagreements.slice(0, 40)) console.log(`  ${entry.label}: ${entry.differences.join('; ')}`);
    expect(disagreements.map((entry) => `${entry.label}: ${entry.differences.join('; ')}`)).toEqual([]);
  });
});
