// Kafka, live: the scenarios of packages/kafka/src/*.int.test.ts, each run through KEDA v2.21.0's own kafka
// scaler (the oracle) and @scalerkit/kafka on the same broker, interleaved. They must agree on metric names,
// targets, values, activity and acceptance; the only allowed differences are listed in KNOWN_DIFFERENCES.
import { kafkaScaler } from '@scalerkit/kafka';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { KedaOracle, OracleTrigger } from '../ts/keda-oracle.js';
import { differences, type RunOptions, runBoth } from '../ts/outcome.js';
import { kafkaLiveCases, kafkaLiveTopics } from './kafka-live-cases.js';
import { kafkaBrokers as brokers, oracleAndKafka, startOracle } from './oracle-harness.js';
import { type LiveReportEntry, pollSummary, printLiveReport } from './service-harness.js';

/**
 * Differences between KEDA v2.21.0 and scalerkit that are known, with why. A case listed here passes while the
 * difference is exactly this; when it disappears the test says so (remove the entry).
 */
export const KNOWN_DIFFERENCES: Record<string, { differences: string[]; why: string }> = {};

const { ready, binary } = await oracleAndKafka();

describe.skipIf(!ready)('kafka: KEDA v2.21.0 and @scalerkit/kafka agree on a live broker', () => {
  const topics = kafkaLiveTopics('keda-oracle-diff', 'diff');
  let oracle: KedaOracle;
  const report: LiveReportEntry[] = [];

  beforeAll(async () => {
    oracle = startOracle(binary!);
    await topics.connect();
  });

  afterAll(async () => {
    await oracle?.stop();
    await topics.disconnect();
    printLiveReport('kafka live', report);
  });

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

  kafkaLiveCases({ ...topics, agree });
});
