// Kafka, generated: hundreds of parameter combinations from `kafkaParameters` (one parameter at a time from
// every source, then seeded random mixes), each given to KEDA v2.21.0's kafka scaler (the oracle) and to
// @scalerkit/kafka. Plain triggers run live against one fixture topic and must agree on acceptance, metric
// specs, value and activity; triggers with TLS or SASL settings are compared on acceptance alone (their
// bootstrap address refuses connections). Disagreements are listed with their input.
import { mkdirSync, writeFileSync } from 'node:fs';
import { kafkaParameters, kafkaScaler } from '@scalerkit/kafka';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitOffsets, createTopicWithRecords } from '../../../packages/kafka/src/test-support.js';
import { isParseRejection, type KedaOracle, type OracleTrigger } from '../ts/keda-oracle.js';
import { differences, runBoth } from '../ts/outcome.js';
import { type GeneratedTrigger, generateCombinations } from '../ts/parameter-combinations.js';
import { kafkaBrokers as brokers, oracleAndKafka, runId, startOracle } from './oracle-harness.js';

const topic = `diff-params-${runId}`;
const group = `g-params-${runId}`;
const emptyGroup = `g-params-empty-${runId}`;
const REFUSED = '127.0.0.1:1';
const reportFile = new URL('../../../.services/keda-oracle/kafka-parameters-report.json', import.meta.url);

/** Triggers that set these connect with TLS or SASL: compared on acceptance only. */
const CONNECTION_PARAMETERS = ['tls', 'sasl'];

const combinations = generateCombinations(kafkaParameters, {
  base: { bootstrapServers: brokers, consumerGroup: group, topic },
  valuesFor: {
    bootstrapServers: [brokers, ` ${brokers} `, `${brokers},`, ''],
    consumerGroup: [group, emptyGroup, '', ` ${group} `],
    topic: [topic, '', ` ${topic} `, `${topic}-missing`],
    partitionLimitation: ['0', '1-2', '0,2', '2-1', 'a', '1-', '0-3,1', '', ' 1 , 2 ', '-1', '1-2-3', '7', '010'],
    version: ['1.0.0', '2.8.0', '0.10.2.0', '3.9.0', '4.0.0', '0.11.0.2', '2.8.1.0', 'bogus', '0.8', '1.0', ''],
    oauthTokenEndpointUri: ['http://127.0.0.1:1/token', 'not a url', ''],
    oauthExtensions: ['a=b,c=d', 'a=b,bad', '=x', ''],
    scopes: ['a,b', ' a , b ', ''],
    awsRegion: ['eu-west-1', ''],
    username: ['user', ''],
    password: ['secret', ''],
  },
  randomCount: 400,
  seed: Number(process.env.KEDA_DIFF_SEED ?? 20_260_921),
});

/**
 * Disagreements found and reported, each matched by its input and its difference; they pass while they stay as
 * described, and the run says when one no longer appears.
 */
const KNOWN_DISAGREEMENTS: {
  name: string;
  matches: (input: OracleTrigger, difference: string) => boolean;
  why: string;
}[] = [];

const connects = (trigger: GeneratedTrigger) => CONNECTION_PARAMETERS.some((name) => trigger.touched.includes(name));

function toOracleTrigger(trigger: GeneratedTrigger): OracleTrigger {
  const metadata = { ...trigger.metadata };
  if (connects(trigger) && metadata.bootstrapServers === brokers) metadata.bootstrapServers = REFUSED;
  return {
    triggerType: 'kafka',
    metadata,
    authParams: trigger.authParams,
    resolvedEnv: trigger.resolvedEnv,
    metricType: trigger.metricType,
    triggerIndex: trigger.triggerIndex,
  };
}

const { ready, binary } = await oracleAndKafka();

describe.skipIf(!ready)('kafka: KEDA v2.21.0 and @scalerkit/kafka agree on generated parameters', () => {
  let oracle: KedaOracle;
  let admin: Admin;
  const kafka = new Kafka({ clientId: 'keda-oracle-params', brokers: brokers.split(','), logLevel: logLevel.NOTHING });

  beforeAll(async () => {
    oracle = startOracle(binary!);
    admin = kafka.admin();
    await admin.connect();
    await createTopicWithRecords(kafka, admin, topic, [10, 20, 5, 0]);
    await commitOffsets(brokers.split(','), group, topic, { 0: 4, 1: 20 });
  });

  afterAll(async () => {
    await oracle?.stop();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin?.disconnect();
  });

  it(`agrees on ${combinations.length} combinations`, { timeout: 900_000 }, async () => {
    expect(combinations.length).toBeGreaterThanOrEqual(500);
    const disagreements: { input: OracleTrigger; label: string; differences: string[] }[] = [];
    const unexplainedDisagreements: string[] = [];
    const counts = {
      live: 0,
      acceptanceOnly: 0,
      rejectedByBoth: 0,
      acceptedByBoth: 0,
      sameMetricsOnBoth: 0,
      failedOnBoth: 0,
    };
    const known = new Map<string, number>();

    // Acceptance only: KEDA builds the scaler (and fails to connect to the refused address); run many at once.
    const acceptanceOnly = combinations.filter(connects);
    for (let start = 0; start < acceptanceOnly.length; start += 32) {
      await Promise.all(
        acceptanceOnly.slice(start, start + 32).map(async (trigger) => {
          const input = toOracleTrigger(trigger);
          const answer = await oracle.check(input, { parseOnly: true, timeoutMs: 15_000 });
          const kedaRejects = isParseRejection(answer.parseError);
          let ourError: string | undefined;
          try {
            kafkaScaler.parse({ ...input, metricType: (input.metricType || undefined) as never });
          } catch (error) {
            ourError = (error as Error).message;
          }
          counts.acceptanceOnly += 1;
          if (kedaRejects && ourError) counts.rejectedByBoth += 1;
          if (!kedaRejects && !ourError) counts.acceptedByBoth += 1;
          if (kedaRejects !== (ourError !== undefined)) {
            unexplainedDisagreements.push(`${trigger.label}: acceptance differs`);
            disagreements.push({
              input,
              label: trigger.label,
              differences: [
                `acceptance: KEDA ${kedaRejects ? `rejects (${answer.parseError})` : 'accepts'}, scalerkit ${ourError ? `rejects (${ourError})` : 'accepts'}`,
              ],
            });
          }
        }),
      );
    }

    // Live: one at a time against the fixture topic, both sides built, specs read and one poll each.
    for (const trigger of combinations.filter((entry) => !connects(entry))) {
      const input = toOracleTrigger(trigger);
      const { keda, scalerkit } = await runBoth(oracle, kafkaScaler as never, input, { timeoutMs: 5000 });
      counts.live += 1;
      if (keda.stage === 'rejected' && scalerkit.stage === 'rejected') counts.rejectedByBoth += 1;
      if (keda.stage !== 'rejected' && scalerkit.stage !== 'rejected') counts.acceptedByBoth += 1;
      const found = differences(keda, scalerkit).map((text) => text.split(topic).join('TOPIC'));
      if (found.length === 0 && keda.stage === 'ok' && keda.polls?.every((poll) => poll.error === undefined))
        counts.sameMetricsOnBoth += 1;
      if (found.length === 0 && keda.stage !== 'rejected' && scalerkit.polls?.every((poll) => poll.error !== undefined))
        counts.failedOnBoth += 1;
      const unexplained = found.filter((difference) => {
        const entry = KNOWN_DISAGREEMENTS.find((candidate) => candidate.matches(input, difference));
        if (entry) known.set(entry.name, (known.get(entry.name) ?? 0) + 1);
        return entry === undefined;
      });
      if (found.length > 0) disagreements.push({ input, label: trigger.label, differences: found });
      if (unexplained.length > 0) unexplainedDisagreements.push(`${trigger.label}: ${unexplained.join('; ')}`);
    }

    mkdirSync(new URL('.', reportFile), { recursive: true });
    const explained = Object.fromEntries(
      KNOWN_DISAGREEMENTS.map((entry) => [entry.name, { count: known.get(entry.name) ?? 0, why: entry.why }]),
    );
    writeFileSync(reportFile, `${JSON.stringify({ counts, explained, disagreements }, null, 2)}\n`);
    console.log(
      `kafka parameters: ${combinations.length} combinations (${counts.live} live, ${counts.acceptanceOnly} acceptance only); ` +
        `both accept ${counts.acceptedByBoth}, both reject ${counts.rejectedByBoth}; ${disagreements.length} disagree (report: ${reportFile.pathname})`,
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
    for (const line of unexplainedDisagreements.slice(0, 40)) console.log(`  UNEXPLAINED ${line}`);
    expect(unexplainedDisagreements).toEqual([]);
  });
});
