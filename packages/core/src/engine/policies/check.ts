import { PANIC_LIMITS } from './panic.js';

/** A problem with a policy: `field` is its path inside `ScalingPolicies` (`panic.stableWindowSeconds`). */
export interface PolicyProblem {
  field: string;
  message: string;
}

/** What the checks need to know about the ScaledObject. */
export interface PolicyContext {
  /** Trigger keys in spec order (name, or index as a string). */
  triggerKeys: readonly string[];
  /** Keys of cpu / memory triggers (the HPA evaluates them; they neither report a backlog nor fail). */
  resourceKeys: ReadonlySet<string>;
  usingModifiers: boolean;
}

const POLICY_NAMES = ['scaleInCooldown', 'panic', 'queueTime', 'triggerErrors'];
const ERROR_POLICIES = ['ignore', 'hold', 'fallback'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function shownValue(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    return typeof value;
  }
}

/**
 * Checks scaling policies against a ScaledObject; returns every problem (empty when valid). Each message says
 * what is wrong and what is accepted; the caller prefixes where it came from (an annotation, an option).
 */
export function checkScalingPolicies(policies: unknown, context: PolicyContext): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!isRecord(policies)) {
    add('', `must be an object with any of ${POLICY_NAMES.join(', ')}, got ${shownValue(policies)}`);
    return problems;
  }
  for (const key of Object.keys(policies)) {
    if (!POLICY_NAMES.includes(key)) add(key, `is not a scaling policy (accepted: ${POLICY_NAMES.join(', ')})`);
  }
  const triggerList = context.triggerKeys.join(', ');
  const knownTrigger = (field: string, key: string): boolean => {
    if (context.triggerKeys.includes(key)) return true;
    add(
      field,
      `names no trigger of this ScaledObject (trigger keys: ${triggerList}; a key is the trigger's name, or its index when unnamed)`,
    );
    return false;
  };

  const cooldown = policies.scaleInCooldown;
  if (cooldown !== undefined) {
    if (!isRecord(cooldown)) add('scaleInCooldown', `must be { seconds }, got ${shownValue(cooldown)}`);
    else if (
      !Number.isInteger(cooldown.seconds) ||
      (cooldown.seconds as number) < 0 ||
      (cooldown.seconds as number) > 2_147_483_647
    ) {
      add('scaleInCooldown.seconds', `must be an integer number of seconds >= 0, got ${shownValue(cooldown.seconds)}`);
    }
  }

  const panic = policies.panic;
  if (panic !== undefined) {
    if (!isRecord(panic)) add('panic', `must be an object ({} for Knative's defaults), got ${shownValue(panic)}`);
    else {
      for (const [name, [low, high]] of Object.entries(PANIC_LIMITS)) {
        const value = panic[name];
        if (value !== undefined && (!finite(value) || value < low || value > high)) {
          add(`panic.${name}`, `must be a number from ${low} to ${high} (as in Knative), got ${shownValue(value)}`);
        }
      }
      for (const key of Object.keys(panic)) {
        if (!(key in PANIC_LIMITS))
          add(`panic.${key}`, `is not a panic parameter (accepted: ${Object.keys(PANIC_LIMITS).join(', ')})`);
      }
    }
  }

  const queueTime = policies.queueTime;
  if (queueTime !== undefined) {
    if (!isRecord(queueTime)) add('queueTime', `must map trigger keys to { targetSeconds, serviceRatePerReplica? }`);
    else {
      if (context.usingModifiers && Object.keys(queueTime).length > 0) {
        add('queueTime', 'cannot be used with spec.advanced.scalingModifiers (the HPA sees only the composite metric)');
      }
      for (const [key, entry] of Object.entries(queueTime)) {
        const field = `queueTime.${key}`;
        if (!knownTrigger(field, key)) continue;
        if (context.resourceKeys.has(key))
          add(field, 'cannot apply to a cpu or memory trigger (it reports no backlog)');
        if (!isRecord(entry)) {
          add(field, `must be { targetSeconds, serviceRatePerReplica? }, got ${shownValue(entry)}`);
          continue;
        }
        if (!finite(entry.targetSeconds) || entry.targetSeconds <= 0) {
          add(`${field}.targetSeconds`, `must be a number of seconds > 0, got ${shownValue(entry.targetSeconds)}`);
        }
        const rate = entry.serviceRatePerReplica;
        if (rate !== undefined && (!finite(rate) || rate <= 0)) {
          add(
            `${field}.serviceRatePerReplica`,
            `must be a number of items per second > 0 (or absent: learned), got ${shownValue(rate)}`,
          );
        }
      }
    }
  }

  const triggerErrors = policies.triggerErrors;
  if (triggerErrors !== undefined) {
    if (!isRecord(triggerErrors)) add('triggerErrors', `must map trigger keys to ${ERROR_POLICIES.join(' | ')}`);
    else {
      for (const [key, policy] of Object.entries(triggerErrors)) {
        const field = `triggerErrors.${key}`;
        if (!knownTrigger(field, key)) continue;
        if (typeof policy !== 'string' || !ERROR_POLICIES.includes(policy)) {
          add(field, `must be one of ${ERROR_POLICIES.join(', ')}, got ${shownValue(policy)}`);
          continue;
        }
        if (policy === 'fallback') continue;
        if (context.resourceKeys.has(key)) add(field, 'cannot apply to a cpu or memory trigger (the HPA evaluates it)');
        if (context.usingModifiers) {
          add(
            field,
            `"${policy}" cannot be used with spec.advanced.scalingModifiers (the formula needs every trigger's value)`,
          );
        }
      }
    }
  }
  return problems;
}
