import {
  createAutoscaler,
  type Decision,
  InMemoryScaleTarget,
  parseScaledObject,
  type ScalerRegistry,
  silentLogger,
  type TriggerObservation,
} from '@scalerkit/core';
import { authenticationSources, plainEnv } from '../authentication.js';
import { readText } from '../documents.js';
import { type Io, replicasOption, UsageError } from '../io.js';

/** Options of `scalerkit explain`. */
export interface ExplainCommandOptions {
  /** Replicas the target has now. Default `max(minReplicaCount, 1)`. */
  replicas?: string;
  /** Deadline of one trigger query, ms. Default the autoscaler's. */
  timeout?: string;
}

/** Prints each trigger's observation and the decision the engine takes for them. */
export function printExplanation(decision: Decision, observations: Record<string, TriggerObservation>, io: Io): void {
  for (const trigger of decision.explanation.triggers) {
    const observation = observations[trigger.key];
    io.out(`trigger ${trigger.key} (${trigger.type})${trigger.isActive ? ': active' : ': inactive'}`);
    if (trigger.error !== undefined) io.out(`  error: ${trigger.error}`);
    for (const metric of decision.explanation.hpa.metrics.filter((m) => m.triggerKey === trigger.key)) {
      const value = metric.value ?? observation?.metrics?.find((m) => m.metricName === metric.metricName)?.value;
      const proposal = metric.proposedReplicas === undefined ? '' : `, proposes ${metric.proposedReplicas} replicas`;
      io.out(`  ${metric.metricName} = ${value ?? 'n/a'} (target ${metric.targetType} ${metric.target})${proposal}`);
    }
  }
  io.out(`decision: ${decision.toString()}`);
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
  const text = await readText(file, io.cwd);
  const scaledObject = parseScaledObject(text);
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
  const decided = new Promise<Decision>((resolveDecision) => {
    autoscaler.on('decision', (event) => resolveDecision(event.decision));
  });
  try {
    await autoscaler.start();
    const decision = await decided;
    io.out(`${scaledObject.metadata.name}: ${replicas} replicas now`);
    printExplanation(decision, observations, io);
    // A failing trigger (not covered by fallback) is worth a non-zero exit in scripts and health checks.
    return decision.isError ? 1 : 0;
  } finally {
    await autoscaler.stop();
  }
}
