// What `simulate` can and cannot model of a ScaledObject, said plainly before it runs: triggers whose metric is
// not a queue (cron follows the clock; cpu and memory are the pods' usage) stay inactive; KEDA's kafka cap
// (one replica per partition) needs a partition count the simulation does not have.
import type { MetricSpec, ScaledObject } from '@scalerkit/core';
import { triggerKeyOf } from '@scalerkit/core/engine';
import { ManifestProblems } from '../messages.js';

/** Trigger types whose metric no workload drives, and why. */
const NOT_A_QUEUE: Readonly<Record<string, string>> = {
  cron: 'its metric follows the wall clock (start and end in its timezone), not a queue',
  cpu: "its metric is the pods' CPU usage, which the simulation does not model",
  memory: "its metric is the pods' memory usage, which the simulation does not model",
};

/** KEDA's kafka-family triggers, whose lag is capped at partitions × lagThreshold unless allowIdleConsumers. */
const PARTITION_CAPPED = new Set(['kafka', 'apache-kafka']);

/** How the CLI runs a simulation of one ScaledObject. */
export interface SimulationPlan {
  /** The trigger the workload's backlog drives, when it is not the first one. */
  workloadTrigger: string | undefined;
  /** Targets of the triggers the simulation holds at 0 (KEDA's cron target is 1). */
  metricSpecs: Record<string, MetricSpec[]>;
  /** Lines for stderr: what is not modelled. */
  notes: string[];
}

/**
 * Plans the simulation: which trigger the workload drives, which triggers stay inactive and why, and what KEDA
 * would cap. Throws `ManifestProblems` when no trigger can carry the workload.
 */
export function planSimulation(
  scaledObject: ScaledObject,
  prefix: string,
  requestedTrigger: string | undefined,
): SimulationPlan {
  const triggers = scaledObject.spec.triggers;
  const keys = triggers.map((trigger, index) => triggerKeyOf(trigger, index));
  const queueLike = triggers.findIndex((trigger) => NOT_A_QUEUE[trigger.type] === undefined);
  const driven = requestedTrigger === undefined ? queueLike : keys.indexOf(requestedTrigger);
  const drivenTrigger = triggers[driven];
  if (drivenTrigger !== undefined && NOT_A_QUEUE[drivenTrigger.type] !== undefined) {
    throw new ManifestProblems([
      `${prefix}: spec.triggers[${driven}]: simulate does not model ${drivenTrigger.type} triggers: ${NOT_A_QUEUE[drivenTrigger.type]}; the workload must drive a queue-like trigger`,
    ]);
  }
  if (drivenTrigger === undefined) {
    const types = [...new Set(triggers.map((trigger) => trigger.type))].join(', ');
    throw new ManifestProblems([
      `${prefix}: spec.triggers: simulate drives a queue-like trigger (kafka, rabbitmq, aws-sqs-queue, ...) with a workload; this ScaledObject has only ${types} triggers, which it does not model (${triggers
        .map((trigger) => `${trigger.type}: ${NOT_A_QUEUE[trigger.type]}`)
        .filter((text, index, all) => all.indexOf(text) === index)
        .join('; ')})`,
    ]);
  }
  const notes: string[] = [];
  const metricSpecs: Record<string, MetricSpec[]> = {};
  triggers.forEach((trigger, index) => {
    const reason = NOT_A_QUEUE[trigger.type];
    if (reason !== undefined) {
      notes.push(
        `${prefix}: spec.triggers[${index}]: note: this ${trigger.type} trigger is not simulated (${reason}): it stays inactive, at 0, throughout`,
      );
      if (trigger.type === 'cron') {
        const targetType = trigger.metricType === 'Value' ? 'Value' : 'AverageValue';
        metricSpecs[keys[index]!] = [{ metricName: `s${index}-cron`, targetType, targetValue: 1 }];
      }
    }
  });
  if (PARTITION_CAPPED.has(drivenTrigger.type)) {
    const metadata = drivenTrigger.metadata;
    const limitToLag = metadata.limitToPartitionsWithLag === 'true';
    if (metadata.allowIdleConsumers !== 'true' || limitToLag) {
      notes.push(
        `${prefix}: spec.triggers[${driven}]: note: KEDA caps this trigger's lag at ${limitToLag ? 'partitions with lag' : 'partitions'} × lagThreshold (at most one replica per ${limitToLag ? 'partition with lag' : 'partition'}${limitToLag ? '' : ', unless allowIdleConsumers is "true"'}); the simulation does not know the topic's partitions, so the lag here is not capped`,
      );
    }
  }
  return {
    workloadTrigger: driven === 0 && requestedTrigger === undefined ? undefined : keys[driven],
    metricSpecs,
    notes,
  };
}
