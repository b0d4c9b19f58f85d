import { checkScalingPolicies } from '../engine/policies/check.js';
import type { ScalingPolicies, TriggerErrorPolicy } from '../engine/policies/types.js';
import { parseGoBool, parseGoInt32 } from './annotations.js';
import type { IssueCollector } from './issues.js';
import type { Trigger } from './types.js';

/** The prefix of scalerkit's own annotations: KEDA never reads it, so they cannot collide with KEDA's. */
export const SCALERKIT_ANNOTATION_PREFIX = 'autoscaling.scalerkit.dev/';

/**
 * The annotations that set scalerkit's opt-in policies on a ScaledObject (docs/policies.md). Those ending in
 * `.` take a trigger key after it (`queue-time-target.orders`, or `queue-time-target.0` when unnamed).
 */
export const scalerkitAnnotations = {
  scaleInCooldown: `${SCALERKIT_ANNOTATION_PREFIX}scale-in-cooldown`,
  panic: `${SCALERKIT_ANNOTATION_PREFIX}panic`,
  stableWindow: `${SCALERKIT_ANNOTATION_PREFIX}stable-window`,
  panicWindowPercentage: `${SCALERKIT_ANNOTATION_PREFIX}panic-window-percentage`,
  panicThresholdPercentage: `${SCALERKIT_ANNOTATION_PREFIX}panic-threshold-percentage`,
  queueTimeTarget: `${SCALERKIT_ANNOTATION_PREFIX}queue-time-target.`,
  serviceRatePerReplica: `${SCALERKIT_ANNOTATION_PREFIX}service-rate-per-replica.`,
  triggerErrorPolicy: `${SCALERKIT_ANNOTATION_PREFIX}trigger-error-policy.`,
} as const;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration (`90s`, `1m30s`, `1.5h`, `500ms`) in milliseconds; undefined when the text is not one. */
export function parseGoDurationMs(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, value, , unit] of text.matchAll(/(\d+(\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(value) * (UNIT_MS[unit as string] as number);
  }
  return total;
}

function parseNumber(text: string): number | undefined {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text.trim())) return undefined;
  return Number(text);
}

/**
 * Reads scalerkit's policy annotations of a ScaledObject into `ScalingPolicies`, recording every problem in
 * `issues` at the annotation's path (`metadata.annotations["autoscaling.scalerkit.dev/panic"]`) with what is
 * accepted. Returns undefined when no such annotation is set: the object then scales exactly as in KEDA.
 */
export function parseScalerkitAnnotations(
  issues: IssueCollector,
  annotations: Record<string, string>,
  triggers: readonly Trigger[],
  usingModifiers: boolean,
  triggersComplete = true,
): ScalingPolicies | undefined {
  const keys = Object.keys(annotations).filter((key) => key.startsWith(SCALERKIT_ANNOTATION_PREFIX));
  if (keys.length === 0) return undefined;
  const policies: ScalingPolicies = {};
  /** Policy field (as `checkScalingPolicies` names it) → the annotation that set it. */
  const source = new Map<string, string>();
  const at = (key: string) => ['metadata', 'annotations', key];
  const problem = (key: string, message: string) => issues.add(at(key), message);
  const panic: NonNullable<ScalingPolicies['panic']> = {};
  let panicOn: boolean | undefined;
  let panicParameter: string | undefined;
  const perTrigger = (key: string, prefix: string): string | undefined => {
    const trigger = key.slice(prefix.length);
    if (trigger === '')
      problem(key, `needs a trigger key after "${prefix}" (the trigger's name, or its index when unnamed)`);
    return trigger === '' ? undefined : trigger;
  };
  for (const key of keys) {
    const value = annotations[key] as string;
    const a = scalerkitAnnotations;
    if (key === a.scaleInCooldown) {
      const seconds = parseGoInt32(value);
      if (seconds === undefined || seconds < 0) {
        problem(key, `must be a whole number of seconds >= 0 (as cooldownPeriod), got ${JSON.stringify(value)}`);
      } else {
        policies.scaleInCooldown = { seconds };
        source.set('scaleInCooldown', key);
      }
    } else if (key === a.panic) {
      panicOn = parseGoBool(value);
      if (panicOn === undefined) problem(key, `must be "true" or "false", got ${JSON.stringify(value)}`);
      source.set('panic', key);
    } else if (key === a.stableWindow) {
      panicParameter = key;
      const ms = parseGoDurationMs(value);
      if (ms === undefined || ms % 1000 !== 0) {
        problem(
          key,
          `must be a duration in whole seconds from 6s to 1h, as Knative's stable-window ("60s", "2m"), got ${JSON.stringify(value)}`,
        );
      } else {
        panic.stableWindowSeconds = ms / 1000;
        source.set('panic.stableWindowSeconds', key);
      }
    } else if (key === a.panicWindowPercentage || key === a.panicThresholdPercentage) {
      panicParameter = key;
      const field = key === a.panicWindowPercentage ? 'panicWindowPercentage' : 'panicThresholdPercentage';
      const number = parseNumber(value);
      if (number === undefined)
        problem(key, `must be a number (a percentage, as in Knative), got ${JSON.stringify(value)}`);
      else {
        panic[field] = number;
        source.set(`panic.${field}`, key);
      }
    } else if (key.startsWith(a.queueTimeTarget)) {
      const trigger = perTrigger(key, a.queueTimeTarget);
      if (trigger === undefined) continue;
      const ms = parseGoDurationMs(value);
      if (ms === undefined || ms <= 0) {
        problem(key, `must be a duration longer than 0 ("30s", "2m", "500ms"), got ${JSON.stringify(value)}`);
        continue;
      }
      const queueTime = (policies.queueTime ??= {});
      queueTime[trigger] = { ...queueTime[trigger], targetSeconds: ms / 1000 };
      if (!source.has('queueTime')) source.set('queueTime', key);
      source.set(`queueTime.${trigger}`, key);
      source.set(`queueTime.${trigger}.targetSeconds`, key);
    } else if (key.startsWith(a.serviceRatePerReplica)) {
      const trigger = perTrigger(key, a.serviceRatePerReplica);
      if (trigger === undefined) continue;
      const rate = parseNumber(value);
      if (rate === undefined || !(rate > 0)) {
        problem(
          key,
          `must be a number of items per second > 0 (absent: learned from the drain), got ${JSON.stringify(value)}`,
        );
        continue;
      }
      const queueTime = (policies.queueTime ??= {});
      queueTime[trigger] = { targetSeconds: Number.NaN, ...queueTime[trigger], serviceRatePerReplica: rate };
      source.set(`queueTime.${trigger}.serviceRatePerReplica`, key);
    } else if (key.startsWith(a.triggerErrorPolicy)) {
      const trigger = perTrigger(key, a.triggerErrorPolicy);
      if (trigger === undefined) continue;
      (policies.triggerErrors ??= {})[trigger] = value as TriggerErrorPolicy;
      if (!source.has('triggerErrors')) source.set('triggerErrors', key);
      source.set(`triggerErrors.${trigger}`, key);
    } else {
      problem(
        key,
        `is not a scalerkit annotation (accepted: ${Object.values(scalerkitAnnotations)
          .map((name) => (name.endsWith('.') ? `${name}<trigger>` : name))
          .join(', ')})`,
      );
    }
  }
  if (panicOn === true) policies.panic = panic;
  else if (panicParameter !== undefined && panicOn === undefined) {
    problem(panicParameter, `needs ${scalerkitAnnotations.panic}: "true" (panic mode is off without it)`);
  }
  for (const [trigger, entry] of Object.entries(policies.queueTime ?? {})) {
    if (Number.isNaN(entry.targetSeconds)) {
      problem(
        source.get(`queueTime.${trigger}.serviceRatePerReplica`) as string,
        `needs ${scalerkitAnnotations.queueTimeTarget}${trigger} (the wait to keep the backlog under)`,
      );
      delete policies.queueTime?.[trigger];
    }
  }
  // With broken triggers the keys are not known: the trigger issues are reported instead.
  if (!triggersComplete) return policies;
  const triggerKeys = triggers.map((t, i) => (t.name !== undefined && t.name !== '' ? t.name : String(i)));
  const problems = checkScalingPolicies(policies, {
    triggerKeys,
    resourceKeys: new Set(triggerKeys.filter((_, i) => ['cpu', 'memory'].includes(triggers[i]?.type ?? ''))),
    usingModifiers,
  });
  for (const p of problems) {
    // The annotation that set the field, else the nearest one that set its parent.
    let field = p.field;
    while (field !== '' && !source.has(field))
      field = field.includes('.') ? field.slice(0, field.lastIndexOf('.')) : '';
    problem(source.get(field) ?? (keys[0] as string), p.message);
  }
  return policies;
}
