import { fail } from './config.js';
import type { PreparedTrigger } from './model.js';
import { shown } from './printable.js';
import type { DecideInput, DecisionPhase, TriggerObservation } from './types.js';

/** A `DecideInput` after validation: what the phases read. */
export interface CheckedDecideInput {
  now: number;
  current: number;
  ready: number;
  phase: DecisionPhase | undefined;
  observations: Record<string, TriggerObservation>;
}

const OBSERVATION_SHAPE = '{ isActive, metrics?, error? }';
const MAX_REPLICAS = 2 ** 31 - 1;

/**
 * Checks every field `decide` reads before anything is counted or stored, so a refused input leaves the
 * engine's history untouched. Refusals are `ScalerError`s with code `INVALID_ARGUMENT` naming the field.
 * Tolerated as before: a missing observation (that trigger's error), `metrics` absent or `null` (no
 * values), metric entries that are not `{ metricName: string }` (skipped), any `error` value.
 */
export function checkDecideInput(input: DecideInput, triggers: readonly PreparedTrigger[]): CheckedDecideInput {
  if (typeof input !== 'object' || input === null) fail(`decide: "input" must be an object, got ${shown(input)}`);
  const { now, currentReplicas: current, phase } = input;
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    fail(`decide: "now" must be a finite number (ms), got ${shown(now)}`);
  }
  // A replica count is an int32 in Kubernetes (autoscaling/v1 Scale spec.replicas and status.replicas).
  if (typeof current !== 'number' || !Number.isInteger(current) || current < 0) {
    fail(`decide: "currentReplicas" must be an integer >= 0, got ${shown(current)}`);
  }
  if (current > MAX_REPLICAS) {
    fail(
      `decide: "currentReplicas" must be at most ${MAX_REPLICAS} (a replica count is an int32), got ${shown(current)}`,
    );
  }
  const ready = input.readyReplicas ?? current;
  if (typeof ready !== 'number' || !Number.isInteger(ready) || ready < 0) {
    fail(`decide: "readyReplicas" must be an integer >= 0, got ${shown(ready)}`);
  }
  if (ready > MAX_REPLICAS) {
    fail(`decide: "readyReplicas" must be at most ${MAX_REPLICAS} (a replica count is an int32), got ${shown(ready)}`);
  }
  const observations = input.triggers;
  if (typeof observations !== 'object' || observations === null) {
    fail(`decide: "triggers" must map each trigger key to ${OBSERVATION_SHAPE}, got ${shown(observations)}`);
  }
  if (phase !== undefined && phase !== 'poll' && phase !== 'hpa') {
    fail(
      `decide: "phase" must be "poll" (KEDA's scale loop), "hpa" (an HPA sync) or absent (both merged), got ${shown(phase)}`,
    );
  }
  for (const trigger of triggers) {
    if (trigger.resource) continue;
    const observation: unknown = observations[trigger.key];
    if (observation === undefined || observation === null) continue;
    if (typeof observation !== 'object') {
      fail(`decide: "triggers.${trigger.key}" must be ${OBSERVATION_SHAPE}, got ${shown(observation)}`);
    }
    const metrics: unknown = (observation as TriggerObservation).metrics;
    if (metrics !== undefined && metrics !== null && !Array.isArray(metrics)) {
      fail(
        `decide: "triggers.${trigger.key}.metrics" must be an array of { metricName, value } (or absent), got ${shown(metrics)}`,
      );
    }
  }
  // + 0: a -0 count would be kept as -0 in the history and come back from JSON as 0.
  return { now, current: current + 0, ready: ready + 0, phase, observations };
}
