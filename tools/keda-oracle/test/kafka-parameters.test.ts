// Kafka, generated: hundreds of parameter combinations from `kafkaParameters` (one parameter at a time from
// every source, then seeded random mixes), each given to KEDA v2.21.0's kafka scaler (the oracle) and to
// @scalerkit/kafka. Plain triggers run live against one fixture topic and must agree on acceptance, metric
// specs, value and activity; triggers with TLS or SASL settings are compared on acceptance alone (their
// bootstrap address refuses connections). Disagreements are listed with their input.
import { kafkaParameters, kafkaScaler } from '@scalerkit/kafka';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitOffsets, createTopicWithRecords } from '../../../packages/kafka/src/test-support.js';
import type { KedaOracle, OracleTrigger } from '../ts/keda-oracle.js';
import { type GeneratedTrigger, generateCombinations } from '../ts/parameter-combinations.js';
import { type KnownDisagreement, runGeneratedDifferential } from './generated-differential.js';
import { kafkaBrokers as brokers, oracleAndKafka, runId, startOracle } from './oracle-harness.js';

const topic = `diff-params-${runId}`;
const group = `g-params-${runId}`;
const emptyGroup = `g-params-empty-${runId}`;
const REFUSED = '127.0.0.1:1';

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
const KNOWN_DISAGREEMENTS: KnownDisagreement[] = [];

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
    const unexplained = await runGeneratedDifferential({
      name: 'kafka',
      oracle,
      definition: kafkaScaler as never,
      // Acceptance only: KEDA builds the scaler (and fails to connect to the refused address); run many at once.
      // Live: one at a time against the fixture topic, both sides built, specs read and one poll each.
      triggers: combinations.map((trigger) => ({
        label: trigger.label,
        input: toOracleTrigger(trigger),
        acceptanceOnly: connects(trigger),
      })),
      known: KNOWN_DISAGREEMENTS,
      mask: (text) => text.split(topic).join('TOPIC'),
    });
    expect(unexplained).toEqual([]);
  });
});
