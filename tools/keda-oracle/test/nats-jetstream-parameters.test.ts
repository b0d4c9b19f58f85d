// NATS JetStream, generated: parameter combinations from `natsJetStreamParameters` (one parameter at a time from
// every source, then seeded random mixes), each given to KEDA v2.21.0's nats-jetstream scaler (the oracle) and
// to @scalerkit/nats-jetstream, live against one fixture stream on the standalone server (consumer workers: 7
// pending + 5 ack-pending; idle: 12 + 0). They must agree on acceptance and, where both accept, on metric specs,
// value and activity. Disagreements are listed with their input in
// .services/keda-oracle/nats-jetstream-parameters-report.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { natsJetStreamParameters, natsJetStreamScaler } from '@scalerkit/nats-jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JetStreamFixture, standalone, uniqueName } from '../../../packages/nats-jetstream/src/nats-test-server.js';
import type { KedaOracle, OracleTrigger } from '../ts/keda-oracle.js';
import { differences, runBoth } from '../ts/outcome.js';
import { type GeneratedTrigger, generateCombinations } from '../ts/parameter-combinations.js';
import { startOracle } from './oracle-harness.js';
import { failureDifferences, oracleAnd } from './service-harness.js';

const stream = uniqueName('params');
const reportFile = new URL('../../../.services/keda-oracle/nats-jetstream-parameters-report.json', import.meta.url);
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
const KNOWN_DISAGREEMENTS: {
  name: string;
  matches: (input: OracleTrigger, difference: string) => boolean;
  why: string;
}[] = [];

const { ready, binary } = await oracleAnd('nats', standalone.url, 'run bash scripts/services/nats.sh up');

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
      const disagreements: { input: OracleTrigger; label: string; differences: string[] }[] = [];
      const unexplained: string[] = [];
      const counts = { acceptedByBoth: 0, rejectedByBoth: 0, sameMetricsOnBoth: 0, failedOnBoth: 0 };
      const known = new Map<string, number>();
      for (const trigger of combinations) {
        const input = toOracleTrigger(trigger);
        const { keda, scalerkit } = await runBoth(oracle, natsJetStreamScaler as never, input, { timeoutMs: 5000 });
        if (keda.stage === 'rejected' && scalerkit.stage === 'rejected') counts.rejectedByBoth += 1;
        if (keda.stage !== 'rejected' && scalerkit.stage !== 'rejected') counts.acceptedByBoth += 1;
        const found = [...differences(keda, scalerkit), ...failureDifferences(keda, scalerkit)].map((text) =>
          text.split(stream.toLowerCase()).join('STREAM').split(stream).join('STREAM'),
        );
        if (found.length === 0 && keda.stage === 'ok' && keda.polls?.every((poll) => poll.error === undefined))
          counts.sameMetricsOnBoth += 1;
        if (
          found.length === 0 &&
          keda.stage !== 'rejected' &&
          scalerkit.polls?.every((poll) => poll.error !== undefined)
        )
          counts.failedOnBoth += 1;
        const open = found.filter((difference) => {
          const entry = KNOWN_DISAGREEMENTS.find((candidate) => candidate.matches(input, difference));
          if (entry) known.set(entry.name, (known.get(entry.name) ?? 0) + 1);
          return entry === undefined;
        });
        if (found.length > 0) disagreements.push({ input, label: trigger.label, differences: found });
        if (open.length > 0) unexplained.push(`${trigger.label}: ${open.join('; ')}`);
      }
      mkdirSync(new URL('.', reportFile), { recursive: true });
      const explained = Object.fromEntries(
        KNOWN_DISAGREEMENTS.map((entry) => [entry.name, { count: known.get(entry.name) ?? 0, why: entry.why }]),
      );
      writeFileSync(reportFile, `${JSON.stringify({ counts, explained, disagreements }, null, 2)}\n`);
      console.log(
        `nats-jetstream parameters: ${combinations.length} combinations; both accept ${counts.acceptedByBoth}, both ` +
          `reject ${counts.rejectedByBoth}; ${disagreements.length} disagree (report: ${reportFile.pathname})`,
      );
      console.log(
        `  same metrics on both sides: ${counts.sameMetricsOnBoth}; failed to poll on both sides: ${counts.failedOnBoth}`,
      );
      for (const entry of KNOWN_DISAGREEMENTS) {
        const count = known.get(entry.name) ?? 0;
        console.log(
          `  known: ${entry.name}: ${count}${count === 0 ? ' (no longer seen: remove it from KNOWN_DISAGREEMENTS)' : ''} — ${entry.why}`,
        );
      }
      for (const line of unexplained.slice(0, 60)) console.log(`  UNEXPLAINED ${line}`);
      expect(unexplained).toEqual([]);
    });
  },
);
