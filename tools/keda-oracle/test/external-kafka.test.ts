// Kafka through the bridge: every case of the kafka live differential (kafka-live-cases.ts), with KEDA v2.21.0's
// external-scaler client (the oracle's `external` trigger) asking @scalerkit/keda-external, which serves
// @scalerkit/kafka, beside @scalerkit/kafka polled directly on the same broker. They must agree on metric names
// (after KEDA's `s{index}-` renaming), targets, values, activity and acceptance.
import { ScalerRegistry } from '@scalerkit/core';
import { kafkaScaler } from '@scalerkit/kafka';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { KedaOracle, OracleTrigger } from '../ts/keda-oracle.js';
import { differences, type RunOptions } from '../ts/outcome.js';
import { type Bridge, runThroughBridge, startBridge } from './external-support.js';
import { kafkaLiveCases, kafkaLiveTopics } from './kafka-live-cases.js';
import { kafkaBrokers as brokers, oracleAndKafka, startOracle } from './oracle-harness.js';
import { type LiveReportEntry, pollSummary, printLiveReport } from './service-harness.js';

const { ready, binary } = await oracleAndKafka();

describe.skipIf(!ready)(
  'kafka through the bridge: KEDA v2.21.0 external client gets what @scalerkit/kafka reports',
  () => {
    const topics = kafkaLiveTopics('keda-external-diff', 'ext');
    let oracle: KedaOracle;
    let bridge: Bridge;
    const report: LiveReportEntry[] = [];

    beforeAll(async () => {
      oracle = startOracle(binary!);
      bridge = await startBridge(new ScalerRegistry().register(kafkaScaler));
      await topics.connect();
    });

    afterAll(async () => {
      await oracle?.stop();
      await bridge?.close();
      await topics.disconnect();
      printLiveReport('kafka through the bridge', report);
    });

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

    kafkaLiveCases({ ...topics, agree });
  },
);
