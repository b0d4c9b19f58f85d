import {
  createAutoscaler,
  type Decision,
  InMemoryScaleTarget,
  type ScaledObject,
  type ScalerRegistry,
  silentLogger,
  type TriggerObservation,
} from '@scalerkit/core';
import { triggerKeyOf } from '@scalerkit/core/engine';
import { authenticationSources, plainEnv } from '../authentication.js';
import { type Io, replicasOption, UsageError } from '../io.js';
import { ResourceError, tidyMessage, withoutRepeatedErrors } from '../messages.js';
import { readScaledObjectFile } from '../scaled-object-file.js';

/** Options of `scalerkit explain`. */
export interface ExplainCommandOptions {
  /** Replicas the target has now. Default `max(minReplicaCount, 1)`. */
  replicas?: string;
  /** Deadline of one trigger query, ms. Default the autoscaler's. */
  timeout?: string;
}

/** KEDA's kafka-family triggers: lag capped at partitions × lagThreshold (kafka_scaler.go getTotalLag, v2.21.0). */
const PARTITION_CAPPED = new Set(['kafka', 'apache-kafka']);

/**
 * What a person should know about a value a trigger reported that KEDA may have capped: a kafka lag that is a
 * whole number of lagThresholds is what KEDA reports when the lag exceeds partitions × lagThreshold (one
 * replica per partition) unless allowIdleConsumers is "true".
 */
function capNote(scaledObject: ScaledObject | undefined, key: string, value: number | undefined): string | undefined {
  const index = scaledObject?.spec.triggers.findIndex((trigger, i) => triggerKeyOf(trigger, i) === key) ?? -1;
  const trigger = index < 0 ? undefined : scaledObject?.spec.triggers[index];
  if (trigger === undefined || value === undefined || !PARTITION_CAPPED.has(trigger.type)) return undefined;
  const threshold = Number(trigger.metadata.lagThreshold ?? '10');
  const limitToLag = trigger.metadata.limitToPartitionsWithLag === 'true';
  if (trigger.metadata.allowIdleConsumers === 'true' && !limitToLag) return undefined;
  if (!(threshold > 0) || value <= 0 || value % threshold !== 0) return undefined;
  const partitions = limitToLag ? 'partitions with lag' : 'partitions';
  return `KEDA caps this lag at ${partitions} × lagThreshold (one replica per ${limitToLag ? 'partition with lag' : 'partition'}${limitToLag ? '' : ', unless allowIdleConsumers is "true"'}): if the topic has ${value / threshold} ${partitions}, ${value} is that cap and the real lag may be higher`;
}

/**
 * Prints each trigger's observation, what its scaler noted, and the decision the engine takes for them. A
 * trigger's error is printed once, under the trigger; the decision line refers to it.
 */
export function printExplanation(
  decision: Decision,
  observations: Record<string, TriggerObservation>,
  io: Io,
  context: { scaledObject?: ScaledObject; notices?: Record<string, string[]> } = {},
): void {
  const errors: string[] = [];
  for (const trigger of decision.explanation.triggers) {
    const observation = observations[trigger.key];
    io.out(`trigger ${trigger.key} (${trigger.type})${trigger.isActive ? ': active' : ': inactive'}`);
    if (trigger.error !== undefined) {
      errors.push(trigger.error);
      io.out(`  error: ${tidyMessage(trigger.error)}`);
    }
    for (const metric of decision.explanation.hpa.metrics.filter((m) => m.triggerKey === trigger.key)) {
      const value = metric.value ?? observation?.metrics?.find((m) => m.metricName === metric.metricName)?.value;
      const proposal = metric.proposedReplicas === undefined ? '' : `, proposes ${metric.proposedReplicas} replicas`;
      io.out(`  ${metric.metricName} = ${value ?? 'n/a'} (target ${metric.targetType} ${metric.target})${proposal}`);
      const cap = capNote(context.scaledObject, trigger.key, value);
      if (cap !== undefined) io.out(`  note: ${cap}`);
    }
    for (const notice of new Set(context.notices?.[trigger.key] ?? [])) io.out(`  note: ${tidyMessage(notice)}`);
  }
  io.out(`decision: ${withoutRepeatedErrors(decision.toString(), errors, false)}`);
}

/**
 * `scalerkit explain <file>`: polls every trigger once against its real source and explains the decision.
 * Exit code 1 when a trigger failed (and no fallback covers it).
 */
export async function explainCommand(
  file: string,
  options: ExplainCommandOptions,
  registry: ScalerRegistry,
  io: Io,
): Promise<number> {
  // Checked as validate checks it, with the TriggerAuthentication and environment values the poll will use.
  const { scaledObject, text, resource } = await readScaledObjectFile(file, 'explain', registry, io, (text) => ({
    runtime: { authentication: authenticationSources(text, io), env: plainEnv(io) },
    requireScalers: true,
  }));
  const replicas = replicasOption(options.replicas, Math.max(scaledObject.spec.minReplicaCount, 1));
  const timeout = options.timeout === undefined ? undefined : Number(options.timeout);
  if (timeout !== undefined && !(timeout > 0))
    throw new UsageError(`--timeout must be a number of ms > 0, got "${options.timeout}"`);

  const autoscaler = createAutoscaler({
    scaledObject,
    target: new InMemoryScaleTarget({ replicas }),
    registry,
    authentication: authenticationSources(text, io),
    resolvedEnv: plainEnv(io),
    logger: silentLogger,
    // One poll, explained as one merged decision: the executor and the HPA together.
    hpaSyncPeriodMs: 0,
    ...(timeout === undefined ? {} : { pollTimeoutMs: timeout }),
  });
  let observations: Record<string, TriggerObservation> = {};
  autoscaler.on('poll', (event) => {
    observations = event.triggers;
  });
  // What scalers note (KEDA's events): shown under their trigger.
  const notices: Record<string, string[]> = {};
  autoscaler.on('scalerEvent', (event) => {
    (notices[event.triggerKey] ??= []).push(event.message);
  });
  const decided = new Promise<Decision>((resolveDecision) => {
    autoscaler.on('decision', (event) => resolveDecision(event.decision));
  });
  try {
    try {
      await autoscaler.start();
    } catch (error) {
      throw new ResourceError(file, resource, error);
    }
    const decision = await decided;
    io.out(`${scaledObject.metadata.name}: ${replicas} replicas now`);
    printExplanation(decision, observations, io, { scaledObject, notices });
    // A failing trigger (not covered by fallback) is worth a non-zero exit in scripts and health checks.
    return decision.isError ? 1 : 0;
  } finally {
    await autoscaler.stop();
  }
}
