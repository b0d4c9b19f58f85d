import type { ScaledObject } from '../manifest/types.js';
import { type EngineConfig, fail, prepareEngineConfig } from './config.js';
import { describeDecision } from './describe.js';
import { skippedHpa } from './hpa-step.js';
import { hpaDecision, mergedDecision, pollDecision } from './phases.js';
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
    if (typeof input !== 'object' || input === null) fail('decide: "input" must be an object');
    const { now, currentReplicas: current } = input;
    if (typeof now !== 'number' || !Number.isFinite(now)) {
      fail(`decide: "now" must be a finite number (ms), got ${String(now)}`);
    }
    if (!Number.isInteger(current) || current < 0) {
      fail(`decide: "currentReplicas" must be an integer >= 0, got ${String(current)}`);
    }
    const ready = input.readyReplicas ?? current;
    if (!Number.isInteger(ready) || ready < 0) {
      fail(`decide: "readyReplicas" must be an integer >= 0, got ${String(ready)}`);
    }
    const observations = input.triggers;
    if (typeof observations !== 'object' || observations === null) {
      fail('decide: "triggers" must map each trigger key to { isActive, metrics?, error? }');
    }
    const phase = input.phase;
    if (phase !== undefined && phase !== 'poll' && phase !== 'hpa') {
      fail(
        `decide: "phase" must be "poll" (KEDA's scale loop), "hpa" (an HPA sync) or absent (both merged), got ${JSON.stringify(phase)}`,
      );
    }
    const config = this.config;
    const state = this.state;
    const pause = config.so.pause;
    const pauseInfo: Decision['explanation']['pause'] = {
      paused: pause.paused,
      pausedReplicas: pause.pausedReplicas,
      pausedScaleIn: pause.pausedScaleIn,
      pausedScaleOut: pause.pausedScaleOut,
    };
    if (pause.paused) return this.pausedDecision(now, current, pauseInfo, phase);
    const phaseInput = { now, current, ready, observations, pause: pauseInfo };
    if (phase === 'poll') return pollDecision(config, state, phaseInput);
    if (phase === 'hpa') return hpaDecision(config, state, phaseInput);
    return mergedDecision(config, state, phaseInput);
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
    this.state = stateFromSnapshot(snapshot);
  }
}

/**
 * Creates the pure scaling engine of one ScaledObject. A `decide` with `phase: 'poll'` is one iteration of
 * KEDA's scale loop (activity, executor, cooldown), one with `phase: 'hpa'` one reconcile of the
 * Kubernetes HPA it generates (1 ⇄ N); call them on their own cadences (`pollingInterval`, HPA sync
 * period) to scale exactly as KEDA + HPA do in time. Without `phase`, one decide does both together at
 * that instant (merged mode). The engine never reads a clock; `now` (ms) comes with every decide and
 * must not go backwards.
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
