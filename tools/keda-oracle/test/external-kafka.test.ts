// Kafka through the bridge: every case of the kafka live differential (kafka-live-cases.ts), with KEDA v2.21.0's
// external-scaler client (the oracle's `external` trigger) asking @scalerkit/keda-external, which serves
// @scalerkit/kafka, beside @scalerkit/kafka polled directly on the same broker. They must agree on metric names
// (after KEDA's `s{index}-` renaming), targets, values, activity and acceptance.
import { ScalerRegistry } from '@scalerkit/core';
import { kafkaScaler } from '@scalerkit/kafka';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { commitOffsets, createTopicWithRecords } from '../../../packages/kafka/src/test-support.js';
import type { KedaOracle, OracleTrigger } from '../ts/keda-oracle.js';
import { differences, type Outcome, type RunOptions } from '../ts/outcome.js';
import { type Bridge, runThroughBridge, startBridge } from './external-support.js';
import { kafkaLiveCases } from './kafka-live-cases.js';
import { kafkaBrokers as brokers, oracleAndKafka, runId, startOracle } from './oracle-harness.js';

const { ready, binary } = await oracleAndKafka();

function pollSummary(outcome: Outcome): string {
  if (!outcome.polls || outcome.polls.length === 0) return '';
  return `, polls ${outcome.polls.map((poll) => (poll.error ? 'failed' : `${poll.values?.[0]?.value}/${poll.isActive}`)).join(' ')}`;
}

describe.skipIf(!ready)(
  'kafka through the bridge: KEDA v2.21.0 external client gets what @scalerkit/kafka reports',
  () => {
    const kafka = new Kafka({
      clientId: 'keda-external-diff',
      brokers: brokers.split(','),
      logLevel: logLevel.NOTHING,
    });
    let admin: Admin;
    let oracle: KedaOracle;
    let bridge: Bridge;
    const created: string[] = [];
    const report: { name: string; differences: string[]; outcome: string }[] = [];
    const name = (what: string) => `ext-${what}-${runId}`;

    beforeAll(async () => {
      oracle = startOracle(binary!);
      bridge = await startBridge(new ScalerRegistry().register(kafkaScaler));
      admin = kafka.admin();
      await admin.connect();
    });

    afterAll(async () => {
      await oracle?.stop();
      await bridge?.close();
      if (created.length > 0) await admin.deleteTopics({ topics: created }).catch(() => {});
      await admin?.disconnect();
      const disagreeing = report.filter((entry) => entry.differences.length > 0);
      console.log(`kafka through the bridge: ${report.length} triggers compared, ${disagreeing.length} disagree`);
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

    async function agree(
      label: string,
      metadata: Record<string, string>,
      extra: Partial<OracleTrigger> & RunOptions = {},
    ): Promise<void> {
      const { polls, between, timeoutMs, ...trigger } = extra;
      const { keda, direct } = await runThroughBridge(
        oracle,
        bridge,
        kafkaScaler as never,
        { triggerType: 'kafka', ...trigger, metadata: { bootstrapServers: brokers, ...metadata } },
        { polls, between, timeoutMs },
      );
      const found = differences(keda, direct);
      report.push({
        name: label,
        differences: found,
        outcome: `KEDA via bridge ${keda.stage}${pollSummary(keda)} / direct ${direct.stage}${pollSummary(direct)}`,
      });
      expect(found, `${label}: ${JSON.stringify({ keda, direct })}`).toEqual([]);
    }

    kafkaLiveCases({ agree, topicWith, commit, name });
  },
);
