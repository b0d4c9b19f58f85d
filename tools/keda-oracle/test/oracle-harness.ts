// Starts the oracle for a test file, or tells why it cannot (skips locally, fails under CI=true or
// SCALERKIT_REQUIRE_SERVICES=1, like the integration tests' services).
import { requireService, type ServiceLocation } from '@scalerkit/testing';
import { KedaOracle, kedaOracleBinary } from '../ts/keda-oracle.js';

export const kafkaBrokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';

/** Probes the oracle binary once (for a file whose service runs in-process); `ready` is false when it is missing. */
export async function oracleOnly(): Promise<{ ready: boolean; binary: string | undefined }> {
  const binary = kedaOracleBinary();
  const oracle = await requireService(
    'keda-oracle',
    { path: binary ?? 'tools/keda-oracle (not built for the current sources)' },
    { hint: 'run bash scripts/keda-oracle.sh build (a cold build: ~1,000 s of CPU)' },
  );
  return { ready: oracle.reachable, binary };
}

/**
 * Probes the oracle binary and one service once; `ready` is false (with reasons) when either is missing.
 *
 * @example
 * const { ready, binary } = await oracleAndService('sqs', 'http://127.0.0.1:4566', 'run bash scripts/services/sqs.sh up');
 */
export async function oracleAndService(
  service: string,
  location: ServiceLocation,
  hint: string,
): Promise<{ ready: boolean; binary: string | undefined }> {
  const oracle = await oracleOnly();
  const status = await requireService(service, location, { hint });
  return { ready: oracle.ready && status.reachable, binary: oracle.binary };
}

/** Probes the broker and the oracle binary once; `ready` is false (with reasons) when either is missing. */
export function oracleAndKafka(): Promise<{ ready: boolean; binary: string | undefined }> {
  return oracleAndService('kafka', kafkaBrokers, 'run bash scripts/services/kafka.sh up');
}

export function startOracle(binary: string): KedaOracle {
  return KedaOracle.start(binary);
}

/** Unique names per run, so that runs never see each other's topics and groups. */
export const runId = `${Date.now().toString(36)}-${process.pid}`;
