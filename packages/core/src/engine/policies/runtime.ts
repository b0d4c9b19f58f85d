import { MAX_INT64, toMilli } from '../../hpa/quantity.js';
import type { PreparedMetric, PreparedTrigger } from '../model.js';
import { thrownMessage } from '../printable.js';
import type { MetricInput } from '../trigger-step.js';
import type { Decision, DecisionReason, TriggerObservation } from '../types.js';
import { scaleInBlocked, scaleInCooldownEndsAt } from './cooldown.js';
import { panicStep, type ResolvedPanic, resolvePanic } from './panic.js';
import { drainRateSample, estimatedDrainSeconds, queueTimeItemsPerReplica, updateDrainEstimate } from './queue-time.js';
import type { DecideNotes, PolicyState } from './state.js';
import type { PolicyExplanation, QueueTimeExplanation, ScalingPolicies } from './types.js';

/** Policies after validation, in the engine's units. */
export interface ResolvedPolicies {
  cooldownMs: number | undefined;
  cooldownSeconds: number;
  panic: ResolvedPanic | undefined;
  /** Trigger key → target seconds and the given rate (undefined: learned). */
  queueTime: Map<string, { targetSeconds: number; rate: number | undefined }>;
  /** Trigger key → 'ignore' | 'hold' ('fallback' is KEDA's behaviour and needs no entry). */
  triggerErrors: Map<string, 'ignore' | 'hold'>;
}

/** Builds the resolved form of checked policies; undefined when none is set (the engine is then KEDA's). */
export function resolvePolicies(policies: ScalingPolicies | undefined): ResolvedPolicies | undefined {
  if (policies === undefined) return undefined;
  const queueTime = new Map<string, { targetSeconds: number; rate: number | undefined }>();
  for (const [key, entry] of Object.entries(policies.queueTime ?? {})) {
    queueTime.set(key, { targetSeconds: entry.targetSeconds, rate: entry.serviceRatePerReplica });
  }
  const triggerErrors = new Map<string, 'ignore' | 'hold'>();
  for (const [key, policy] of Object.entries(policies.triggerErrors ?? {})) {
    if (policy !== 'fallback') triggerErrors.set(key, policy);
  }
  const cooldown = policies.scaleInCooldown;
  const resolved: ResolvedPolicies = {
    cooldownMs: cooldown === undefined ? undefined : cooldown.seconds * 1000,
    cooldownSeconds: cooldown?.seconds ?? 0,
    panic: policies.panic === undefined ? undefined : resolvePanic(policies.panic),
    queueTime,
    triggerErrors,
  };
  const none =
    resolved.cooldownMs === undefined &&
    resolved.panic === undefined &&
    queueTime.size === 0 &&
    triggerErrors.size === 0;
  return none ? undefined : resolved;
}

/** The backlog a trigger reported for `m`: the matching values summed (as the HPA sums them), negatives as 0. */
function backlogOf(m: PreparedMetric, observation: TriggerObservation): number | undefined {
  const metrics = observation.metrics;
  if (!Array.isArray(metrics)) return undefined;
  let found = false;
  let sum = 0;
  for (const v of metrics) {
    if (typeof v !== 'object' || v === null || typeof v.metricName !== 'string') continue;
    if (v.metricName !== m.metricName && v.metricName.toLowerCase() !== m.lowerName) continue;
    found = true;
    const value = Number(v.value);
    if (Number.isFinite(value) && value > 0) sum += value;
  }
  return found ? sum : undefined;
}

function failed(observation: TriggerObservation | undefined | null): string | undefined {
  if (observation === undefined || observation === null) return 'no observation';
  if (observation.error === undefined || observation.error === null) return undefined;
  return thrownMessage(observation.error);
}

/**
 * Start of a decide with policies: applies the trigger error policies (a failing trigger under `ignore` /
 * `hold`, while another trigger with metrics is healthy, is replaced by a neutral observation: inactive,
 * value 0, which no max over proposals and no OR over activity can pick, and which counts no failure), and
 * learns the drain rates of queue-time triggers. Returns the observations the phases use.
 */
export function beginPolicyDecide(
  policies: ResolvedPolicies,
  state: PolicyState,
  triggers: readonly PreparedTrigger[],
  now: number,
  ready: number,
  observations: Record<string, TriggerObservation>,
): Record<string, TriggerObservation> {
  const notes: DecideNotes = { explanation: {}, reason: undefined, hold: false, neutralized: new Set() };
  state.notes = notes;
  let result = observations;
  if (policies.triggerErrors.size > 0) {
    const healthy = triggers.some(
      (t) => !t.resource && t.metrics.length > 0 && failed(observations[t.key]) === undefined,
    );
    for (const t of triggers) {
      const policy = policies.triggerErrors.get(t.key);
      const error = policy === undefined ? undefined : failed(observations[t.key]);
      if (policy === undefined || error === undefined || !healthy) continue;
      if (result === observations) result = { ...observations };
      result[t.key] = { isActive: false, metrics: t.metrics.map((m) => ({ metricName: m.metricName, value: 0 })) };
      notes.neutralized.add(t.key);
      if (policy === 'hold') notes.hold = true;
      (notes.explanation.triggerErrors ??= []).push({ triggerKey: t.key, policy, error });
    }
    if (notes.hold) {
      notes.reason = 'TriggerErrorHold';
      notes.explanation.changedBy = 'triggerErrors';
    }
  }
  if (policies.queueTime.size > 0) {
    const explained: QueueTimeExplanation[] = [];
    for (const t of triggers) {
      const queue = policies.queueTime.get(t.key);
      if (queue === undefined) continue;
      const observation = observations[t.key];
      for (const m of t.metrics) {
        const backlog = failed(observation) === undefined ? backlogOf(m, observation as TriggerObservation) : undefined;
        if (backlog === undefined) continue;
        let rate = queue.rate;
        let source: QueueTimeExplanation['source'] = 'given';
        if (rate === undefined) {
          const previous = state.drain.get(m.metricName);
          const current = { time: now, backlog, ready };
          const sample = previous === undefined ? undefined : drainRateSample(previous, current);
          const learned = sample === undefined ? previous?.rate : updateDrainEstimate(previous?.rate, sample);
          state.drain.set(m.metricName, { ...current, rate: learned });
          rate = learned;
          source = rate === undefined ? 'learning' : 'learned';
        }
        const entry: QueueTimeExplanation = {
          triggerKey: t.key,
          metricName: m.metricName,
          targetSeconds: queue.targetSeconds,
          backlog,
          source,
        };
        if (rate !== undefined) {
          entry.serviceRatePerReplica = rate;
          entry.itemsPerReplica = queueTimeItemsPerReplica(rate, queue.targetSeconds);
          const drain = estimatedDrainSeconds(backlog, rate, ready);
          if (drain !== undefined) entry.estimatedDrainSeconds = drain;
        }
        explained.push(entry);
      }
    }
    notes.explanation.queueTime = explained;
  }
  return result;
}

/** The service rate in use for a queue-time metric (given, or the learned estimate). */
function rateFor(policies: ResolvedPolicies, state: PolicyState, m: PreparedMetric): number | undefined {
  const queue = policies.queueTime.get(m.triggerKey);
  if (queue === undefined) return undefined;
  return queue.rate ?? state.drain.get(m.metricName)?.rate;
}

/**
 * The HPA's metric inputs with queue-time targets: each queue-time metric with a rate is evaluated as an
 * AverageValue metric whose target is `rate × targetSeconds` items per replica. Fallback values and invalid
 * metrics are left as they are.
 */
export function queueTimeInputs(policies: ResolvedPolicies, state: PolicyState, inputs: MetricInput[]): MetricInput[] {
  if (policies.queueTime.size === 0) return inputs;
  return inputs.map((input) => {
    if (input.invalid !== undefined || input.fallback) return input;
    const queue = policies.queueTime.get(input.metric.triggerKey);
    const rate = rateFor(policies, state, input.metric);
    if (queue === undefined || rate === undefined) return input;
    const items = queueTimeItemsPerReplica(rate, queue.targetSeconds);
    const targetMilli = Math.max(1, Math.min(toMilli(items), MAX_INT64));
    return {
      ...input,
      metric: { ...input.metric, targetType: 'AverageValue', target: targetMilli / 1000, targetMilli },
    };
  });
}

/**
 * After the HPA normalized its proposal (`demand`) into `normal`: panic (scale up to the panic demand at once,
 * no scale-down while panicking), then the scale-in cooldown, then a held trigger error. Returns the count.
 */
export function adjustHpaReplicas(
  policies: ResolvedPolicies,
  state: PolicyState,
  input: { now: number; current: number; ready: number; demand: number; normal: number; maxReplicas: number },
): number {
  const notes = state.notes;
  let replicas = input.normal;
  if (policies.panic !== undefined) {
    const panic = panicStep(policies.panic, state.panic, input);
    const explanation: NonNullable<PolicyExplanation['panic']> = {
      panicking: panic.panicking,
      panicDemand: panic.panicDemand,
      demandPercentage: Math.round(panic.demandPercentage * 100) / 100,
      thresholdPercentage: policies.panic.thresholdPercentage,
      panicWindowMs: policies.panic.panicWindowMs,
    };
    if (state.panic.lastOverThresholdTime !== undefined) {
      explanation.lastOverThresholdTime = state.panic.lastOverThresholdTime;
      explanation.maxPanicReplicas = state.panic.maxPanicReplicas;
    }
    if (notes !== undefined) notes.explanation.panic = explanation;
    if (panic.replicas !== undefined && panic.replicas !== replicas) {
      note(
        state,
        'panic',
        panic.replicas > input.current && panic.replicas > replicas ? 'PanicScaleUp' : 'PanicHoldsScaleIn',
      );
      replicas = panic.replicas;
    }
  }
  if (replicas < input.current && policies.cooldownMs !== undefined) {
    if (scaleInBlocked(input.now, state.lastScaleUpTime, policies.cooldownMs)) {
      replicas = input.current;
      note(state, 'scaleInCooldown', 'ScaleInCooldown');
      cooldownExplanation(policies, state, state.notes, true);
    }
  }
  if (notes?.hold === true) replicas = input.current;
  if (notes !== undefined && replicas !== input.normal) notes.explanation.hpaReplicas = input.normal;
  return replicas;
}

/**
 * The executor's count under the policies: a held trigger error keeps the count; a scale-in (to 0 / idle) waits
 * for the scale-in cooldown and for the end of a panic. Returns the reason when the policies blocked it.
 */
export function gateExecutor(
  policies: ResolvedPolicies,
  state: PolicyState,
  now: number,
  current: number,
  target: number,
): DecisionReason | undefined {
  let reason: DecisionReason | undefined;
  if (state.notes?.hold === true) reason = 'TriggerErrorHold';
  else if (target < current && policies.panic !== undefined && state.panic.lastOverThresholdTime !== undefined) {
    reason = 'PanicHoldsScaleIn';
    note(state, 'panic', reason);
  } else if (target < current && policies.cooldownMs !== undefined) {
    if (scaleInBlocked(now, state.lastScaleUpTime, policies.cooldownMs)) {
      reason = 'ScaleInCooldown';
      note(state, 'scaleInCooldown', reason);
      cooldownExplanation(policies, state, state.notes, true);
    }
  }
  return reason;
}

function note(state: PolicyState, by: NonNullable<PolicyExplanation['changedBy']>, reason: DecisionReason): void {
  const notes = state.notes;
  if (notes === undefined || notes.hold) return; // a held error explains the decision already
  notes.explanation.changedBy = by;
  notes.reason = reason;
}

function cooldownExplanation(
  policies: ResolvedPolicies,
  state: PolicyState,
  notes: DecideNotes | undefined,
  blocked: boolean,
): void {
  if (notes === undefined || policies.cooldownMs === undefined) return;
  const previous = notes.explanation.scaleInCooldown;
  const entry: NonNullable<PolicyExplanation['scaleInCooldown']> = {
    seconds: policies.cooldownSeconds,
    blocked: blocked || previous?.blocked === true,
  };
  if (state.lastScaleUpTime !== undefined) {
    entry.lastScaleUpTime = state.lastScaleUpTime;
    entry.endsAt = scaleInCooldownEndsAt(state.lastScaleUpTime, policies.cooldownMs) as number;
  }
  notes.explanation.scaleInCooldown = entry;
}

/**
 * End of a decide with policies: records a scale-up (the cooldown's reference point), drops the neutral
 * metrics of ignored / held triggers from the explanation, names the policy that changed the count in
 * `reason`, and attaches `explanation.policies`.
 */
export function finishPolicyDecide(policies: ResolvedPolicies, state: PolicyState, decision: Decision): void {
  const notes = state.notes;
  state.notes = undefined;
  if (decision.desiredReplicas > decision.currentReplicas) state.lastScaleUpTime = decision.now;
  if (notes === undefined) return;
  if (policies.cooldownMs !== undefined && notes.explanation.scaleInCooldown === undefined) {
    cooldownExplanation(policies, state, notes, false);
  }
  if (policies.panic !== undefined && notes.explanation.panic === undefined) {
    const panicking = state.panic.lastOverThresholdTime !== undefined;
    notes.explanation.panic = {
      panicking,
      thresholdPercentage: policies.panic.thresholdPercentage,
      panicWindowMs: policies.panic.panicWindowMs,
    };
    if (panicking) {
      notes.explanation.panic.lastOverThresholdTime = state.panic.lastOverThresholdTime;
      notes.explanation.panic.maxPanicReplicas = state.panic.maxPanicReplicas;
    }
  }
  if (notes.neutralized.size > 0) {
    const hpa = decision.explanation.hpa;
    hpa.metrics = hpa.metrics.filter((m) => !notes.neutralized.has(m.triggerKey));
  }
  if (notes.reason !== undefined && decision.reason !== notes.reason) {
    // Only where the policy decided the outcome: a held error keeps the count; the others changed it.
    if (notes.reason === 'TriggerErrorHold' || notes.explanation.changedBy !== undefined)
      decision.reason = notes.reason;
  }
  decision.explanation.policies = notes.explanation;
}
