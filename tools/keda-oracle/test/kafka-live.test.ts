// Kafka, live: the scenarios of packages/kafka/src/*.int.test.ts, each run through KEDA v2.21.0's own kafka
// scaler (the oracle) and @scalerkit/kafka on the same broker, interleaved. They must agree on metric names,
// targets, values, activity and acceptance; the only allowed differences are listed in KNOWN_DIFFERENCES.
import { kafkaScaler } from '@scalerkit/kafka';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { commitOffsets, createTopicWithRecords } from '../../../packages/kafka/src/test-support.js';
import type { KedaOracle, OracleTrigger } from '../ts/keda-oracle.js';
import { differences, type Outcome, type RunOptions, runBoth } from '../ts/outcome.js';
import { kafkaLiveCases } from './kafka-live-cases.js';
import { kafkaBrokers as brokers, oracleAndKafka, runId, startOracle } from './oracle-harness.js';

/**
 * Differences between KEDA v2.21.0 and scalerkit that are known, with why. A case listed here passes while the
 * difference is exactly this; when it disappears the test says so (remove the entry).
 */
export const KNOWN_DIFFERENCES: Record<string, { differences: string[]; why: string }> = {};

const { ready, binary } = await oracleAndKafka();

/** `, polls 7/true 0/true` or `, polls failed`: what a side reported, for the run's summary. */
function pollSummary(outcome: Outcome): string {
  if (!outcome.polls || outcome.polls.length === 0) return '';
  return `, polls ${outcome.polls.map((poll) => (poll.error ? 'failed' : `${poll.values?.[0]?.value}/${poll.isActive}`)).join(' ')}`;
}

describe.skipIf(!ready)('kafka: KEDA v2.21.0 and @scalerkit/kafka agree on a live broker', () => {
  const kafka = new Kafka({ clientId: 'keda-oracle-diff', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  let admin: Admin;
  let oracle: KedaOracle;
  const created: string[] = [];
  const report: { name: string; differences: string[]; outcome: string }[] = [];
  const name = (what: string) => `diff-${what}-${runId}`;

  beforeAll(async () => {
    oracle = startOracle(binary!);
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await oracle?.stop();
    if (created.length > 0) await admin.deleteTopics({ topics: created }).catch(() => {});
    await admin?.disconnect();
    const disagreeing = report.filter((entry) => entry.differences.length > 0);
    console.log(`kafka live: ${report.length} triggers compared, ${disagreeing.length} disagree`);
    for (const entry of report)
      console.log(
        `  ${entry.name}: ${entry.outcome}${entry.differences.length > 0 ? ` DIFFERS: ${entry.differences.join('; ')}` : ''}`,
      );
  });

  async function topicWith(what: string, counts: number[]): Promise<string> {
    const topic = name(what);
    created.push(topic);
    await createTopicWithRecords(kafka, admin, topic, counts);
    return topic;
  }
  const commit = (group: string, topic: string, offsets: Record<number, number>) =>
    commitOffsets(brokers.split(','), group, topic, offsets);

  /** Runs the trigger on both sides and checks that they agree (or differ exactly as KNOWN_DIFFERENCES says). */
  async function agree(
    label: string,
    metadata: Record<string, string>,
    extra: Partial<OracleTrigger> & RunOptions = {},
  ): Promise<void> {
    const { polls, between, timeoutMs, ...trigger } = extra;
    const { keda, scalerkit } = await runBoth(
      oracle,
      kafkaScaler as never,
      { triggerType: 'kafka', ...trigger, metadata: { bootstrapServers: brokers, ...metadata } },
      { polls, between, timeoutMs },
    );
    const topic = metadata.topic ?? '';
    const found = differences(keda, scalerkit).map((text) => (topic ? text.split(topic).join('TOPIC') : text));
    report.push({
      name: label,
      differences: found,
      outcome: `KEDA ${keda.stage}${pollSummary(keda)} / scalerkit ${scalerkit.stage}${pollSummary(scalerkit)}`,
    });
    const known = KNOWN_DIFFERENCES[label];
    if (known && found.length === 0) console.log(`kafka live: "${label}" now agrees; remove it from KNOWN_DIFFERENCES`);
    expect(found, `${label}: ${JSON.stringify({ keda, scalerkit })}`).toEqual(
      found.length === 0 ? [] : (known?.differences ?? []),
    );
  }

  kafkaLiveCases({ agree, topicWith, commit, name });
});
