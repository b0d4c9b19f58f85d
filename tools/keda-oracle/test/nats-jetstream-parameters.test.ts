// NATS JetStream, generated: parameter combinations from `natsJetStreamParameters` (one parameter at a time from
// every source, then seeded random mixes), each given to KEDA v2.21.0's nats-jetstream scaler (the oracle) and
// to @scalerkit/nats-jetstream, live against one fixture stream on the standalone server (consumer workers: 7
// pending + 5 ack-pending; idle: 12 + 0). They must agree on acceptance and, where both accept, on metric specs,
// value and activity. Disagreements are listed with their input in
// .services/keda-oracle/nats-jetstream-parameters-report.json.
import { natsJetStreamParameters, natsJetStreamScaler } from '@scalerkit/nats-jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JetStreamFixture, standalone, uniqueName } from '../../../packages/nats-jetstream/src/nats-test-server.js';
import type { KedaOracle, OracleTrigger } from '../ts/keda-oracle.js';
import { type GeneratedTrigger, generateCombinations } from '../ts/parameter-combinations.js';
import { type KnownDisagreement, runGeneratedDifferential } from './generated-differential.js';
import { oracleAndService, startOracle } from './oracle-harness.js';
import { failureDifferences } from './service-harness.js';

const stream = uniqueName('params');
const monitoring = standalone.monitoring;
const [monitoringHost, monitoringPort] = monitoring.split(':');

const combinations = generateCombinations(natsJetStreamParameters, {
  base: { natsServerMonitoringEndpoint: monitoring, account: 'APP', stream, consumer: 'workers' },
  valuesFor: {
    account: ['APP', '', 'TEAM_A', '$G', ' APP ', 'app', 'NOBODY'],
    accountID: ['APP', '', 'NOBODY', ' APP '],
    stream: [stream, '', ` ${stream} `, 'missing', 'a.b/c', stream.toUpperCase()],
    consumer: ['workers', 'idle', '', ' workers ', 'missing', 'WORKERS'],
    natsServerMonitoringEndpoint: [
      monitoring,
      '',
      ` ${monitoring} `,
      `http://${monitoring}`,
      `${monitoring}/jsz`,
      `${monitoringHost}:1`,
      `localhost:${monitoringPort}`,
      `${monitoring}?acc=TEAM_A`,
      `${monitoring}#fragment`,
      `user:pw@${monitoring}`,
      monitoringHost!,
      '127.0.0.2:8222',
    ],
  },
  randomCount: 420,
  seed: Number(process.env.KEDA_DIFF_SEED ?? 20_261_204),
});

/**
 * Disagreements found and explained, each matched by its input and its difference; they pass while they stay as
 * described, and the run says when one no longer appears.
 */
const KNOWN_DISAGREEMENTS: KnownDisagreement[] = [];

const { ready, binary } = await oracleAndService('nats', standalone.url, 'run bash scripts/services/nats.sh up');

describe.skipIf(!ready)(
  'nats-jetstream: KEDA v2.21.0 and @scalerkit/nats-jetstream agree on generated parameters',
  () => {
    let oracle: KedaOracle;
    let app: JetStreamFixture;

    beforeAll(async () => {
      oracle = startOracle(binary!);
      app = await JetStreamFixture.open({ servers: standalone.url });
      await app.createStream(stream, 'workers');
      await app.createConsumer(stream, 'idle');
      await app.publish(stream, 12);
      expect(await app.fetchWithoutAck(stream, 'workers', 5)).toBe(5);
    }, 60_000);

    afterAll(async () => {
      await oracle?.stop();
      await app?.deleteStream(stream);
      await app?.close();
    });

    const toOracleTrigger = (trigger: GeneratedTrigger): OracleTrigger => ({
      triggerType: 'nats-jetstream',
      metadata: trigger.metadata,
      authParams: trigger.authParams,
      resolvedEnv: trigger.resolvedEnv,
      metricType: trigger.metricType,
      triggerIndex: trigger.triggerIndex,
    });

    it(`agrees on ${combinations.length} combinations`, { timeout: 1_200_000 }, async () => {
      expect(combinations.length).toBeGreaterThanOrEqual(500);
      const unexplained = await runGeneratedDifferential({
        name: 'nats-jetstream',
        oracle,
        definition: natsJetStreamScaler as never,
        triggers: combinations.map((trigger) => ({ label: trigger.label, input: toOracleTrigger(trigger) })),
        known: KNOWN_DISAGREEMENTS,
        mask: (text) => text.split(stream.toLowerCase()).join('STREAM').split(stream).join('STREAM'),
        moreDifferences: failureDifferences,
        printed: 60,
      });
      expect(unexplained).toEqual([]);
    });
  },
);
