// The bridge (@scalerkit/keda-external) in-process, driven by KEDA v2.21.0's own external-scaler client (the
// oracle's `external` trigger: NewExternalScaler, GetMetricSpecForScaling, GetMetricsAndActivity, Close), beside
// the same scalerkit definition run directly. KEDA's client sends only the trigger's metadata, so a trigger's
// authentication parameters reach the bridge through its `authParams` option, keyed by the ScaledObject.
import type { ScalerDefinition, ScalerRegistry } from '@scalerkit/core';
import { createExternalScalerServer, type ExternalScalerServer } from '@scalerkit/keda-external';
import type { KedaOracle, OracleTrigger } from '../ts/keda-oracle.js';
import {
  kedaMetricSpecs,
  type OpenSide,
  type Outcome,
  openScalerkit,
  pollInterleaved,
  pollKeda,
  type RunOptions,
} from '../ts/outcome.js';

export const BRIDGE_NAMESPACE = 'keda-external-test';

/** A bridge on a free loopback port, and the authentication parameters it holds per ScaledObject name. */
export interface Bridge {
  server: ExternalScalerServer;
  address: string;
  authParams: Map<string, Record<string, string>>;
  close(): Promise<void>;
}

export async function startBridge(
  registry: ScalerRegistry,
  options: Parameters<typeof createExternalScalerServer>[0] = {},
  address = '127.0.0.1:0',
): Promise<Bridge> {
  const authParams = new Map<string, Record<string, string>>();
  const server = createExternalScalerServer({
    registry,
    // As runBoth's default poll timeout on the direct side.
    callTimeoutMs: 5000,
    authParams: ({ namespace, name }) => (namespace === BRIDGE_NAMESPACE ? authParams.get(name) : undefined),
    ...options,
  });
  const port = await server.listen(address);
  return { server, address: `127.0.0.1:${port}`, authParams, close: () => server.close({ graceMs: 2000 }) };
}

let objects = 0;

/**
 * KEDA's side: an `external` trigger at the bridge with `scalerType` and the trigger's metadata, under a
 * ScaledObject of its own (so the bridge builds a scaler of its own and hands it the trigger's authParams).
 * A trigger the bridge's scaler refuses shows in KEDA as no metric spec and polls failing with InvalidArgument:
 * that is reported as `rejected`, a build failing otherwise as `create-failed`.
 */
async function openThroughBridge(
  oracle: KedaOracle,
  bridge: Bridge,
  scalerType: string,
  trigger: OracleTrigger,
  timeoutMs: number,
): Promise<OpenSide> {
  const name = `so-${++objects}`;
  const handle = `external-${name}`;
  if (trigger.authParams) bridge.authParams.set(name, trigger.authParams);
  const answer = await oracle.create(
    handle,
    {
      triggerType: 'external',
      metadata: { scalerAddress: bridge.address, scalerType, ...trigger.metadata },
      resolvedEnv: trigger.resolvedEnv,
      triggerIndex: trigger.triggerIndex,
      metricType: trigger.metricType,
      scalableObjectName: name,
      scalableObjectNamespace: BRIDGE_NAMESPACE,
    },
    timeoutMs,
  );
  if (answer.error) throw new Error(`keda-oracle refused the request: ${answer.error}`);
  if (answer.parseError) return { outcome: { stage: 'create-failed', error: answer.parseError } };
  const metricSpecs = kedaMetricSpecs(answer);
  // Without a spec KEDA has no metric name; any name with the trigger's prefix reaches the bridge's error.
  const metricName = metricSpecs[0]?.metricName ?? `s${trigger.triggerIndex ?? 0}-none`;
  const outcome: Outcome = { stage: 'ok', metricSpecs, polls: [] };
  return {
    outcome,
    poll: () => pollKeda(oracle, handle, metricName),
    async close() {
      await oracle.close(handle);
      if (metricSpecs.length === 0 && (outcome.polls?.length ?? 0) > 0) {
        const errors = (outcome.polls ?? []).map((poll) => poll.error ?? '');
        if (errors.every((error) => error !== '')) {
          outcome.stage = errors.every((error) => error.includes('code = InvalidArgument'))
            ? 'rejected'
            : 'create-failed';
          outcome.error = errors[0];
          delete outcome.metricSpecs;
          delete outcome.polls;
        }
      }
    },
  };
}

/**
 * One trigger through KEDA's client and the bridge, and through the scalerkit definition directly, polls
 * interleaved (as runBoth: a change made by `between` is seen by both).
 */
export async function runThroughBridge(
  oracle: KedaOracle,
  bridge: Bridge,
  definition: ScalerDefinition<unknown>,
  trigger: OracleTrigger,
  options: RunOptions = {},
): Promise<{ keda: Outcome; direct: Outcome }> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const keda = await openThroughBridge(oracle, bridge, definition.type, trigger, timeoutMs);
  // The bridge answers a ScalerConfigError as InvalidArgument whether parse() or create() threw it, so the
  // direct side counts one from create() as a rejection too.
  const direct = openScalerkit(definition, trigger, timeoutMs, options.configErrorAtCreateIsRejection ?? true);
  // A rejected trigger still gets one poll through the bridge: that is where KEDA sees the refusal.
  const polls = Math.max(options.polls ?? 1, keda.outcome.metricSpecs?.length === 0 ? 1 : 0);
  await pollInterleaved(keda, direct, polls, options.between);
  return { keda: keda.outcome, direct: direct.outcome };
}
