import { type EngineConfig, SECOND } from './config.js';
import { gateExecutor } from './policies/runtime.js';
import type { EngineState } from './state.js';
import type { ExecutorExplanation } from './types.js';

/** The executor's outcome: a replica count it writes (activation / scale-in / min), or none. */
export interface ExecutorResult {
  target: number | undefined;
  explanation: ExecutorExplanation;
}

/**
 * KEDA's `RequestScale` (KEDA v2.21 pkg/scaling/executor/scale_scaledobjects.go): activation 0/idle → max(min,1), scale to 0/idle after the cooldown
 * (strict), raise to min while inactive, and the error / fallback holds. Updates `state.lastActiveTime`.
 */
export function runExecutor(
  config: EngineConfig,
  state: EngineState,
  now: number,
  current: number,
  isActive: boolean,
  isError: boolean,
): ExecutorResult {
  const spec = config.so.spec;
  const pause = config.so.pause;
  const min = spec.minReplicaCount;
  const idle = spec.idleReplicaCount;
  const ex: ExecutorExplanation = { action: 'none', reason: 'NoChange' };
  let target: number | undefined;
  if (isActive || pause.forceActivation) {
    if ((idle !== undefined && current < min) || current === 0) {
      if (pause.pausedScaleOut) ex.reason = 'PausedScaleOut';
      else {
        target = min > 0 ? min : 1;
        state.lastActiveTime = now;
        ex.action = 'activate';
        ex.reason = current === 0 ? 'ScaledFromZero' : 'ScaledFromIdle';
      }
    } else if (isError) {
      ex.partialTriggerError = true; // lastActiveTime is NOT refreshed
    } else {
      state.lastActiveTime = now;
    }
  } else {
    const fallback = spec.fallback;
    if (isError && fallback !== undefined && fallback.replicas !== 0) ex.reason = 'FallbackWaiting';
    else if (isError && fallback === undefined) ex.reason = 'TriggerErrorHoldsScaleIn';
    else if ((idle !== undefined && current > idle) || (current > 0 && min === 0)) {
      const neverActive = state.lastActiveTime === undefined;
      const since = neverActive ? config.createdAt : (state.lastActiveTime as number);
      const endsAt = since + (neverActive ? spec.initialCooldownPeriod : spec.cooldownPeriod) * SECOND;
      if (pause.pausedScaleIn) ex.reason = 'PausedScaleIn';
      else if (endsAt < now) {
        target = idle ?? min;
        ex.action = idle !== undefined ? 'scaleToIdle' : 'scaleToZero';
        ex.reason = idle !== undefined ? 'ScaledToIdle' : 'ScaledToZero';
      } else {
        ex.reason = 'Cooldown';
        const period = neverActive ? 'initialCooldownPeriod' : 'cooldownPeriod';
        ex.cooldown = { period, since, endsAt, remainingMs: endsAt - now };
      }
    } else if (idle === undefined && current < min) {
      target = min;
      ex.action = 'scaleToMinimum';
      ex.reason = 'BelowMinimum';
    }
  }
  if (target !== undefined && config.policies !== undefined) {
    // scalerkit's opt-in policies (docs/policies.md) may hold the count the executor would write.
    const blocked = gateExecutor(config.policies, state.policies, now, current, target);
    if (blocked !== undefined) {
      target = undefined;
      ex.action = 'none';
      ex.reason = blocked;
    }
  }
  if (state.lastActiveTime !== undefined) ex.lastActiveTime = state.lastActiveTime;
  return { target, explanation: ex };
}
