import type { MetricSpec, ScaledObject, Trigger } from '@scalerkit/core';
import { triggerKeyOf } from '@scalerkit/core/engine';
import type { SimulatedTrigger } from './simulation-types.js';

/** KEDA's target and activation parameters of the queue-like trigger types, with their defaults. */
const knownTargets: Record<string, { target: string; targetDefault?: number; activation: string }> = {
  kafka: { target: 'lagThreshold', targetDefault: 10, activation: 'activationLagThreshold' },
  'apache-kafka': { target: 'lagThreshold', targetDefault: 10, activation: 'activationLagThreshold' },
  rabbitmq: { target: 'value', activation: 'activationValue' },
  'aws-sqs-queue': { target: 'queueLength', targetDefault: 5, activation: 'activationQueueLength' },
  'azure-servicebus': { target: 'messageCount', targetDefault: 5, activation: 'activationMessageCount' },
  'azure-queue': { target: 'queueLength', targetDefault: 5, activation: 'activationQueueLength' },
  'nats-jetstream': { target: 'lagThreshold', targetDefault: 10, activation: 'activationLagThreshold' },
  redis: { target: 'listLength', targetDefault: 5, activation: 'activationListLength' },
  prometheus: { target: 'threshold', activation: 'activationThreshold' },
  scripted: { target: 'targetValue', activation: 'activationValue' },
};
const genericTargets = ['targetValue', 'value', 'threshold'];
const genericActivations = ['activationTargetValue', 'activationValue', 'activationThreshold'];

function numberParameter(trigger: Trigger, key: string, path: string): number | undefined {
  const raw = trigger.metadata[key];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${path}.metadata.${key} must be a number, got "${raw}"`);
  return value;
}

/**
 * What the simulation needs of each trigger: metric name, target and activation threshold. Taken from
 * `metricSpecs` / `activationTargets` when given, otherwise from the trigger's KEDA metadata (`lagThreshold`,
 * `queueLength`, `value`, `targetValue`, ... with KEDA's defaults).
 */
export function simulationTriggers(
  scaledObject: ScaledObject,
  metricSpecs: Record<string, MetricSpec[]> = {},
  activationTargets: Record<string, number> = {},
): SimulatedTrigger[] {
  return scaledObject.spec.triggers.map((trigger, index) => {
    const key = triggerKeyOf(trigger, index);
    const path = `spec.triggers[${index}]`;
    const known = knownTargets[trigger.type];
    const given = metricSpecs[key]?.[0];
    let targetValue = given?.targetValue;
    if (targetValue === undefined) {
      const names = known ? [known.target] : genericTargets;
      for (const name of names) targetValue ??= numberParameter(trigger, name, path);
      targetValue ??= known?.targetDefault;
    }
    if (targetValue === undefined) {
      throw new Error(
        `simulate: cannot tell the target of trigger "${key}" (type ${trigger.type}); set ${path}.metadata.${known?.target ?? 'targetValue'} or pass metricSpecs["${key}"]`,
      );
    }
    let activationTarget = activationTargets[key];
    if (activationTarget === undefined) {
      const names = known ? [known.activation] : genericActivations;
      for (const name of names) activationTarget ??= numberParameter(trigger, name, path);
    }
    const metricType = trigger.metricType === 'Utilization' ? 'AverageValue' : trigger.metricType;
    return {
      key,
      type: trigger.type,
      metricName: given?.metricName ?? `s${index}-${trigger.type}`,
      targetType: given?.targetType ?? metricType,
      targetValue,
      activationTarget: activationTarget ?? 0,
    };
  });
}
