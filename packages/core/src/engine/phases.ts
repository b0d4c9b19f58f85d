import type { EngineConfig } from './config.js';
import { describeDecision } from './describe.js';
import { runExecutor } from './executor-step.js';
import { fallbackReplicas } from './fallback.js';
import { hpaFetchesMetrics, reconcileHpa, skippedHpa } from './hpa-step.js';
import type { EngineState } from './state.js';
import { evaluateTriggers, type TriggerStepResult } from './trigger-step.js';
import type {
  Decision,
  DecisionPhase,
  DecisionReason,
  ExecutorExplanation,
  HpaExplanation,
  TriggerObservation,
} from './types.js';

/** The arguments every phased decide shares (validated by the engine). */
export interface PhaseInput {
  now: number;
  current: number;
  ready: number;
  observations: Record<string, TriggerObservation>;
  pause: Decision['explanation']['pause'];
}

/**
 * KEDA queries each metric once per poll and once per HPA fetch, and counts each failed query once
 * (`GetMetricsWithFallback` in KEDA v2.21 pkg/fallback/fallback.go).
 */
const FAILURES_PER_QUERY = 1;

/**
 * KEDA's scale loop alone (`checkScalers` in KEDA v2.21 pkg/scaling/scale_handler.go, then `RequestScale`): activity
 * and errors per trigger, fallback counting, the scalingModifiers activity and the executor. The HPA does not run: no recommendation is stored.
 */
export function pollDecision(config: EngineConfig, state: EngineState, input: PhaseInput): Decision {
  const { triggers, executor } = pollHalf(config, state, input, FAILURES_PER_QUERY);
  const desired = executor.target ?? input.current;
  const hpa = skippedHpa(config, desired);
  return assemble(config, input, 'poll', triggers, executor.explanation, hpa, desired, executor.explanation.reason);
}

/**
 * One reconcile of the Kubernetes HPA alone (`reconcileAutoscaler` in Kubernetes v1.33
 * pkg/controller/podautoscaler/horizontal.go): disabled at 0, clamp into [min, max] without
 * metrics, else the metric proposals (fallback values included) normalized on the engine's history. The
 * metrics are evaluated, and failures counted, only when the HPA fetches them (the metric branch). The
 * executor does not run and `lastActiveTime` is untouched.
 */
export function hpaDecision(config: EngineConfig, state: EngineState, input: PhaseInput): Decision {
  recordInitialRecommendation(state, input);
  const triggers = hpaFetchesMetrics(config.so.spec, input.current)
    ? evaluateTriggers(config, state, input.observations, input.current, input.ready, FAILURES_PER_QUERY)
    : undefined;
  const hpa = hpaHalf(config, state, input, triggers);
  const executor: ExecutorExplanation = { action: 'none', reason: 'NoChange', skipped: true };
  if (state.lastActiveTime !== undefined) executor.lastActiveTime = state.lastActiveTime;
  return assemble(config, input, 'hpa', triggers, executor, hpa, hpa.desiredReplicas, hpaReason(hpa, input.current));
}

/**
 * Both loops at one instant (a decide without `phase`): the poll half, then the HPA half on the same trigger
 * evaluation, unless the executor wrote a count this instant. Failures count `fallbackFailuresPerDecision`
 * per metric, as this one evaluation stands for the poll's query and the HPA's.
 */
export function mergedDecision(config: EngineConfig, state: EngineState, input: PhaseInput): Decision {
  recordInitialRecommendation(state, input);
  const { triggers, executor } = pollHalf(config, state, input, config.failuresPerDecision);
  const hpa =
    executor.target === undefined ? hpaHalf(config, state, input, triggers) : skippedHpa(config, executor.target);
  const hpaChanged = executor.target === undefined && hpa.desiredReplicas !== input.current;
  const reason: DecisionReason = hpaChanged
    ? hpaReason(hpa, input.current)
    : hpa.aborted === true && executor.explanation.reason === 'NoChange'
      ? 'MetricsUnavailable'
      : executor.explanation.reason;
  const desired = executor.target ?? hpa.desiredReplicas;
  return assemble(config, input, undefined, triggers, executor.explanation, hpa, desired, reason);
}

/** The scale loop's half: the triggers evaluated, then the executor on their activity. */
function pollHalf(config: EngineConfig, state: EngineState, input: PhaseInput, failuresPerQuery: number) {
  const { now, current, ready } = input;
  const triggers = evaluateTriggers(config, state, input.observations, current, ready, failuresPerQuery);
  const executor = runExecutor(config, state, now, current, triggers.isActive, triggers.isError);
  return { triggers, executor };
}

/** The HPA's half: one reconcile on the metrics the triggers gave (none when it did not fetch them). */
function hpaHalf(
  config: EngineConfig,
  state: EngineState,
  input: PhaseInput,
  triggers: TriggerStepResult | undefined,
): HpaExplanation {
  return reconcileHpa(config, state, input.now, input.current, input.ready, triggers?.hpaInputs ?? []);
}

/** The HPA's recordInitialRecommendation: its first reconcile seeds {current, now}, before it looks at the count. */
function recordInitialRecommendation(state: EngineState, input: PhaseInput): void {
  if (state.hpaInitialized) return;
  state.history.push(input.now, input.current);
  state.hpaInitialized = true;
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
  phase: DecisionPhase | undefined,
  triggers: TriggerStepResult | undefined,
  executor: ExecutorExplanation,
  hpa: HpaExplanation,
  desired: number,
  reason: DecisionReason,
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
  const explanation: Decision['explanation'] = {
    triggers: triggers?.triggers ?? [],
    activity,
    executor,
    hpa,
    fallback: fallbackInfo,
    pause: input.pause,
  };
  // Two literals with the same key order rather than `...(phase ? { phase } : {})`: an object spread in this
  // literal cost about 50 µs per phased decision (V8 builds it in dictionary mode), most of a simulated day.
  if (phase === undefined) {
    return {
      now: input.now,
      currentReplicas: input.current,
      desiredReplicas: desired,
      isActive: isActive || pause.forceActivation,
      isError,
      fallbackActive,
      paused: false,
      reason,
      explanation,
      toString: describeDecision,
    };
  }
  return {
    phase,
    now: input.now,
    currentReplicas: input.current,
    desiredReplicas: desired,
    isActive: isActive || pause.forceActivation,
    isError,
    fallbackActive,
    paused: false,
    reason,
    explanation,
    toString: describeDecision,
  };
}
