// Starts the oracle for a test file, or tells why it cannot (skips locally, fails under CI=true or
// SCALERKIT_REQUIRE_SERVICES=1, like the integration tests' services).
import { requireService } from '@scalerkit/testing';
import { KedaOracle, kedaOracleBinary } from '../ts/keda-oracle.js';

export const kafkaBrokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';

/** Probes the broker and the oracle binary once; `ready` is false (with reasons) when either is missing. */
export async function oracleAndKafka(): Promise<{ ready: boolean; binary: string | undefined }> {
  const binary = kedaOracleBinary();
  const oracle = await requireService(
    'keda-oracle',
    { path: binary ?? 'tools/keda-oracle (not built for the current sources)' },
    { hint: 'run bash scripts/keda-oracle.sh build (a cold build: ~1,000 s of CPU)' },
  );
  const kafka = await requireService('kafka', kafkaBrokers, { hint: 'run bash scripts/services/kafka.sh up' });
  return { ready: oracle.reachable && kafka.reachable, binary };
}

export function startOracle(binary: string): KedaOracle {
  return KedaOracle.start(binary);
}

/** Unique names per run, so that runs never see each other's topics and groups. */
export const runId = `${Date.now().toString(36)}-${process.pid}`;
