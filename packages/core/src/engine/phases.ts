import type { EngineConfig } from './config.js';
import { describeDecision } from './describe.js';
import { runExecutor } from './executor-step.js';
import { fallbackReplicas } from './fallback.js';
import { hpaFetchesMetrics, reconcileHpa, skippedHpa } from './hpa-step.js';
import type { EngineState } from './state.js';
import { evaluateTriggers, type TriggerStepResult } from './trigger-step.js';
import type { Decision, DecisionReason, ExecutorExplanation, HpaExplanation, TriggerObservation } from './types.js';

/** The arguments every phased decide shares (validated by the engine). */
export interface PhaseInput {
  now: number;
  current: number;
  ready: number;
  observations: Record<string, TriggerObservation>;
  pause: Decision['explanation']['pause'];
}

/** KEDA queries each metric once per poll and once per HPA fetch, and counts each failed query once (§9). */
const FAILURES_PER_QUERY = 1;

/**
 * KEDA's scale loop alone (keda-core §5, §6): activity and errors per trigger, fallback counting, the
 * scalingModifiers activity and the executor. The HPA does not run: no recommendation is stored.
 */
export function pollDecision(config: EngineConfig, state: EngineState, input: PhaseInput): Decision {
  const { now, current, ready } = input;
  const triggers = evaluateTriggers(config, state, input.observations, current, ready, FAILURES_PER_QUERY);
  const executor = runExecutor(config, state, now, current, triggers.isActive, triggers.isError);
  const desired = executor.target ?? current;
  return assemble(config, input, 'poll', triggers, executor.explanation, skippedHpa(config, desired), desired);
}

/**
 * One reconcile of the Kubernetes HPA alone (hpa.md §1): disabled at 0, clamp into [min, max] without
 * metrics, else the metric proposals (fallback values included) normalized on the engine's history. The
 * metrics are evaluated, and failures counted, only when the HPA fetches them (the metric branch). The
 * executor does not run and `lastActiveTime` is untouched.
 */
export function hpaDecision(config: EngineConfig, state: EngineState, input: PhaseInput): Decision {
  const { now, current, ready } = input;
  // The HPA's recordInitialRecommendation runs before it looks at the replica count.
  if (!state.hpaInitialized) {
    state.history.push(now, current);
    state.hpaInitialized = true;
  }
  const triggers = hpaFetchesMetrics(config.so.spec, current)
    ? evaluateTriggers(config, state, input.observations, current, ready, FAILURES_PER_QUERY)
    : undefined;
  const hpa = reconcileHpa(config, state, now, current, ready, triggers?.hpaInputs ?? []);
  const executor: ExecutorExplanation = { action: 'none', reason: 'NoChange', skipped: true };
  if (state.lastActiveTime !== undefined) executor.lastActiveTime = state.lastActiveTime;
  return assemble(config, input, 'hpa', triggers, executor, hpa, hpa.desiredReplicas);
}

function hpaReason(hpa: HpaExplanation, current: number): DecisionReason {
  if (hpa.desiredReplicas !== current) {
    return hpa.branch === 'aboveMaximum' ? 'AboveMaximum' : hpa.branch === 'belowMinimum' ? 'BelowMinimum' : 'Hpa';
  }
  if (hpa.branch === 'disabled') return 'ScalingDisabled';
  return hpa.aborted === true ? 'MetricsUnavailable' : 'NoChange';
}

function assemble(
  config: EngineConfig,
  input: PhaseInput,
  phase: 'poll' | 'hpa',
  triggers: TriggerStepResult | undefined,
  executor: ExecutorExplanation,
  hpa: HpaExplanation,
  desired: number,
): Decision {
  const pause = config.so.pause;
  const fallback = config.so.spec.fallback;
  const fallbackActive = triggers?.fallbackActive ?? false;
  const fallbackInfo: Decision['explanation']['fallback'] = { active: fallbackActive };
  if (fallback !== undefined) {
    fallbackInfo.behavior = fallback.behavior;
    fallbackInfo.replicas = fallbackReplicas(fallback, input.current);
  }
  const isActive = triggers?.isActive ?? false;
  const isError = triggers?.isError ?? false;
  const activity: Decision['explanation']['activity'] = { isActive, isError, forced: pause.forceActivation };
  if (triggers?.composite !== undefined) activity.composite = triggers.composite;
  return {
    phase,
    now: input.now,
    currentReplicas: input.current,
    desiredReplicas: desired,
    isActive: isActive || pause.forceActivation,
    isError,
    fallbackActive,
    paused: false,
    reason: phase === 'poll' ? executor.reason : hpaReason(hpa, input.current),
    explanation: {
      triggers: triggers?.triggers ?? [],
      activity,
      executor,
      hpa,
      fallback: fallbackInfo,
      pause: input.pause,
    },
    toString: describeDecision,
  };
}
