import { z } from 'zod';
import { describeType, type IssueCollector, isMapping, optional, type PathSegment, withDefault } from './issues.js';
import { quoteIfSafe } from './metadata.js';
import type { AuthenticationRef, Trigger } from './types.js';

/** Trigger types whose metrics the HPA evaluates itself (Resource metrics). */
export const RESOURCE_TRIGGER_TYPES: readonly string[] = ['cpu', 'memory'];
const NO_CACHED_METRICS_TYPES = ['cpu', 'memory', 'cron'];

/** True for `cpu` / `memory` triggers. */
export function isResourceTrigger(trigger: { type: string }): boolean {
  return RESOURCE_TRIGGER_TYPES.includes(trigger.type);
}

const authenticationRefSchema = z.object({
  name: z.string().min(1),
  // "" is Go's unset value, which KEDA reads as TriggerAuthentication.
  kind: withDefault(z.enum(['TriggerAuthentication', 'ClusterTriggerAuthentication', '']), '').transform((kind) =>
    kind === '' ? 'TriggerAuthentication' : kind,
  ),
});

/** Example of the quoting the API server needs, by the type given (never the value: metadata may hold secrets). */
function quotingExample(input: unknown): string {
  if (typeof input === 'boolean') return '"true"';
  if (typeof input === 'number') return '"10"';
  return '"..."';
}

/**
 * Drops `null` values, as the API server does before validation: a null in a map whose values are not nullable is
 * pruned (apiextensions-apiserver `pkg/apiserver/schema/defaulting/prunenulls.go`,
 * `PruneNonNullableNullsWithoutDefaults`), so `metadata: {topic: null}` reaches KEDA without `topic`.
 */
function withoutNulls(value: unknown): unknown {
  if (!isMapping(value)) return value;
  if (!Object.values(value).includes(null)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== null));
}

// KEDA's CRD types trigger metadata as map[string]string: the API server refuses any other value type.
const metadataStrings = z.record(
  z.string(),
  z.string({
    error: (issue) =>
      'must be a string; KEDA trigger metadata values are strings, ' +
      `quote the value in YAML (e.g. ${quotingExample(issue.input)}); got ${describeType(issue.input)}`,
  }),
);
const metadataMap = z.preprocess(withoutNulls, metadataStrings);

const triggerSchema = z.object({
  type: z.string().min(1),
  name: withDefault(z.string(), ''),
  metadata: metadataMap,
  authenticationRef: optional(authenticationRefSchema),
  // "" is KEDA's unset value and means AverageValue.
  metricType: withDefault(z.enum(['AverageValue', 'Value', 'Utilization', '']), ''),
  useCachedMetrics: withDefault(z.boolean(), false),
});

/** Parsed triggers, and whether every entry parsed (rules across triggers only run on a complete list). */
export interface ParsedTriggers {
  triggers: Trigger[];
  complete: boolean;
}

/** Parses and validates `spec.triggers` of a ScaledObject or ScaledJob (CRD schema + KEDA's `ValidateTriggers`). */
export function parseTriggers(issues: IssueCollector, path: PathSegment[], value: unknown): ParsedTriggers {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    issues.add(path, 'no triggers defined in the ScaledObject/ScaledJob');
    return { triggers: [], complete: false };
  }
  if (!Array.isArray(value)) {
    issues.add(path, `must be a list of triggers; got ${describeType(value)}`);
    return { triggers: [], complete: false };
  }
  const triggers: Trigger[] = [];
  let complete = true;
  value.forEach((entry: unknown, index) => {
    const triggerPath = [...path, index];
    if (!isMapping(entry)) {
      issues.add(triggerPath, `must be a mapping with type and metadata; got ${describeType(entry)}`);
      complete = false;
      return;
    }
    const checked = issues.check(triggerPath, triggerSchema, entry);
    if (!checked.ok) {
      complete = false;
      return;
    }
    const { type, name, metadata, authenticationRef, metricType, useCachedMetrics } = checked.value;
    const trigger: Trigger = {
      type,
      name,
      metadata: { ...metadata },
      metricType: metricType === '' ? 'AverageValue' : metricType,
      useCachedMetrics,
    };
    if (authenticationRef) trigger.authenticationRef = authenticationRef as AuthenticationRef;
    checkTrigger(issues, triggerPath, trigger);
    triggers.push(trigger);
  });
  checkUniqueNames(issues, path, value);
  return { triggers, complete };
}

function checkTrigger(issues: IssueCollector, path: PathSegment[], trigger: Trigger): void {
  if (trigger.useCachedMetrics && NO_CACHED_METRICS_TYPES.includes(trigger.type)) {
    issues.add(
      [...path, 'useCachedMetrics'],
      `property "useCachedMetrics" is not supported for "${trigger.type}" scaler`,
    );
  }
  if (trigger.metricType === 'Utilization' && !isResourceTrigger(trigger)) {
    issues.add(
      [...path, 'metricType'],
      `Utilization is only supported for cpu and memory triggers, not for ${quoteIfSafe(trigger.type)}; ` +
        'accepted: AverageValue or Value',
    );
  }
}

function checkUniqueNames(issues: IssueCollector, path: PathSegment[], raw: unknown[]): void {
  const seen = new Set<string>();
  // Names are read from the raw list so that a duplicate is found even when another field of the entry is invalid.
  raw.forEach((entry, index) => {
    const name = isMapping(entry) ? entry.name : undefined;
    if (typeof name !== 'string' || name === '') return;
    if (seen.has(name)) {
      issues.add(
        [...path, index, 'name'],
        `triggerName ${JSON.stringify(name)} is defined multiple times in the ScaledObject/ScaledJob, but it must be unique`,
      );
    }
    seen.add(name);
  });
}
