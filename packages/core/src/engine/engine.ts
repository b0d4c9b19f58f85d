import { ScalerError } from '../errors.js';
import type { ScaledObject } from '../manifest/types.js';
import { type EngineConfig, prepareEngineConfig } from './config.js';
import { type CheckedDecideInput, checkDecideInput } from './decide-input.js';
import { describeDecision } from './describe.js';
import { skippedHpa } from './hpa-step.js';
import { hpaDecision, mergedDecision, pollDecision } from './phases.js';
import { beginPolicyDecide, finishPolicyDecide } from './policies/runtime.js';
import { thrownMessage } from './printable.js';
import { type EngineState, emptyState, snapshotOf, stateFromSnapshot } from './state.js';
import type {
  DecideInput,
  Decision,
  DecisionPhase,
  DecisionReason,
  EngineSnapshot,
  ScalingEngine,
  ScalingEngineOptions,
} from './types.js';

class Engine implements ScalingEngine {
  readonly triggerKeys: readonly string[];
  private readonly config: EngineConfig;
  private state: EngineState = emptyState();

  constructor(so: ScaledObject, options: ScalingEngineOptions) {
    this.config = prepareEngineConfig(so, options);
    this.triggerKeys = Object.freeze(this.config.triggers.map((t) => t.key));
  }

  decide(input: DecideInput): Decision {
    try {
      return this.decideChecked(checkDecideInput(input, this.config.triggers));
    } catch (error) {
      // The checks' refusals are typed; anything else is a value that could not be read (a getter or a Proxy
      // trap that throws): refused with the engine's typed error too, never a raw TypeError.
      if (ScalerError.isInstance(error)) throw error;
      throw new ScalerError(`decide: the input could not be read: ${thrownMessage(error)}`, {
        code: 'INVALID_ARGUMENT',
        cause: error,
      });
    }
  }

  private decideChecked(input: CheckedDecideInput): Decision {
    const { current, ready, observations, phase } = input;
    const state = this.state;
    // The engine's time never goes backwards: an earlier `now` (a wall clock stepped back, a snapshot from a
    // host whose clock ran ahead) is decided at the latest time seen, so no window or cooldown is measured
    // from a time before one already recorded.
    const latest = state.latestNow;
    const now = latest !== undefined && input.now < latest ? latest : input.now + 0; // + 0: no -0 in history
    state.latestNow = now;
    const clock = now === input.now ? undefined : { requestedNow: input.now + 0, usedNow: now };
    const config = this.config;
    const pause = config.so.pause;
    const pauseInfo: Decision['explanation']['pause'] = {
      paused: pause.paused,
      pausedReplicas: pause.pausedReplicas,
      pausedScaleIn: pause.pausedScaleIn,
      pausedScaleOut: pause.pausedScaleOut,
    };
    let decision: Decision;
    if (pause.paused) decision = this.pausedDecision(now, current, pauseInfo, phase);
    else {
      const policies = config.policies;
      const observed =
        policies === undefined
          ? observations
          : beginPolicyDecide(policies, state.policies, config.triggers, now, ready, observations);
      const phaseInput = { now, current, ready, observations: observed, pause: pauseInfo };
      if (phase === 'poll') decision = pollDecision(config, state, phaseInput);
      else if (phase === 'hpa') decision = hpaDecision(config, state, phaseInput);
      else decision = mergedDecision(config, state, phaseInput);
      if (policies !== undefined) finishPolicyDecide(policies, state.policies, decision);
    }
    if (clock !== undefined) decision.explanation.clock = clock;
    return decision;
  }

  /**
   * `paused` / `paused-replicas`: KEDA stops the scale loop and deletes the HPA (the executor returns at
   * once); nothing is counted or stored, in either phase.
   */
  private pausedDecision(
    now: number,
    current: number,
    pause: Decision['explanation']['pause'],
    phase: DecisionPhase | undefined,
  ): Decision {
    const desired = pause.pausedReplicas ?? current;
    const reason: DecisionReason = pause.pausedReplicas !== undefined ? 'PausedReplicas' : 'Paused';
    return {
      ...(phase === undefined ? {} : { phase }),
      now,
      currentReplicas: current,
      desiredReplicas: desired,
      isActive: false,
      isError: false,
      fallbackActive: false,
      paused: true,
      reason,
      explanation: {
        triggers: [],
        activity: { isActive: false, isError: false, forced: this.config.so.pause.forceActivation },
        executor: { action: 'none', reason },
        hpa: skippedHpa(this.config, desired),
        fallback: { active: false },
        pause,
      },
      toString: describeDecision,
    };
  }

  snapshot(): EngineSnapshot {
    return snapshotOf(this.state);
  }

  restore(snapshot: EngineSnapshot): void {
    try {
      this.state = stateFromSnapshot(snapshot);
    } catch (error) {
      if (ScalerError.isInstance(error)) throw error;
      throw new ScalerError(`restore: the snapshot could not be read: ${thrownMessage(error)}`, {
        code: 'INVALID_ARGUMENT',
        cause: error,
      });
    }
  }
}

/**
 * Creates the pure scaling engine of one ScaledObject. A `decide` with `phase: 'poll'` is one iteration of
 * KEDA's scale loop (activity, executor, cooldown), one with `phase: 'hpa'` one reconcile of the
 * Kubernetes HPA it generates (1 ⇄ N); call them on their own cadences (`pollingInterval`, HPA sync
 * period) to scale exactly as KEDA + HPA do in time. Without `phase`, one decide does both together at
 * that instant (merged mode). The engine never reads a clock; `now` (ms) comes with every decide. A `now`
 * earlier than the latest one seen is decided at that latest time (`explanation.clock` then says so).
 *
 * @example
 * const engine = createScalingEngine(scaledObject, {
 *   metricSpecs: { '0': [{ metricName: 's0-rabbitmq-orders', targetType: 'AverageValue', targetValue: 20 }] },
 * });
 * const d = engine.decide({ now: Date.now(), currentReplicas: 2,
 *   triggers: { '0': { isActive: true, metrics: [{ metricName: 's0-rabbitmq-orders', value: 100 }] } } });
 * d.desiredReplicas; // 4: the metric asks for 5, the HPA without behavior allows max(2·2, 4) per step
 *
 * // Two loops, as in a cluster: the poll every pollingInterval, the HPA every 15 s
 * engine.decide({ phase: 'poll', now, currentReplicas: 0, triggers }); // 0 → 1 (ScaledFromZero)
 * engine.decide({ phase: 'hpa', now: now + 15_000, currentReplicas: 1, triggers }); // 1 → N (Hpa)
 */
export function createScalingEngine(scaledObject: ScaledObject, options: ScalingEngineOptions): ScalingEngine {
  return new Engine(scaledObject, options);
}
