import { z } from 'zod';
import { parseBehavior } from './behavior.js';
import { describeType, type IssueCollector, isMapping, optional, type PathSegment, withDefault } from './issues.js';
import type { Advanced, ScalingModifiers } from './types.js';

const quotedString = (example: string) =>
  z.string({
    error: (issue) =>
      issue.input === undefined
        ? 'is required; expected a string'
        : `must be a string; quote the number in YAML (e.g. "${example}"); got ${describeType(issue.input)}`,
  });

const scalingModifiersSchema = z.object({
  formula: optional(z.string()),
  target: optional(quotedString('2')),
  activationTarget: optional(quotedString('0')),
  // Utilization passes the schema so that KEDA's own webhook message can be reported for it.
  metricType: optional(
    z.enum(['AverageValue', 'Value', 'Utilization'], { error: 'must be one of: AverageValue, Value' }),
  ),
});

const hpaConfigSchema = z.object({ name: optional(z.string()) });

/** `spec.advanced` as parsed, plus whether scalingModifiers are in use (any of their fields set). */
export interface ParsedAdvanced {
  advanced: Advanced | undefined;
  /** KEDA's `IsUsingModifiers()`: true as soon as any scalingModifiers field is non-empty. */
  usingModifiers: boolean;
  /** True when metricType was `Utilization` (reported by the webhook rules). */
  utilizationModifier: boolean;
}

function parseScalingModifiers(
  issues: IssueCollector,
  path: PathSegment[],
  value: unknown,
): { modifiers?: ScalingModifiers; used: boolean; utilization: boolean } {
  if (value === undefined || value === null) return { used: false, utilization: false };
  const checked = issues.check(path, scalingModifiersSchema, value);
  const raw = isMapping(value) ? value : {};
  const used = ['formula', 'target', 'activationTarget', 'metricType'].some(
    (key) => raw[key] !== undefined && raw[key] !== null && raw[key] !== '',
  );
  if (!checked.ok) return { used, utilization: false };
  const { formula, target, activationTarget, metricType } = checked.value;
  const modifiers: ScalingModifiers = { metricType: metricType === 'Value' ? 'Value' : 'AverageValue' };
  if (formula !== undefined) modifiers.formula = formula;
  if (target !== undefined) modifiers.target = target;
  if (activationTarget !== undefined) modifiers.activationTarget = activationTarget;
  return { modifiers, used, utilization: metricType === 'Utilization' };
}

/** Parses `spec.advanced` (HPA config and behavior, restoreToOriginalReplicaCount, scalingModifiers). */
export function parseAdvanced(issues: IssueCollector, value: unknown): ParsedAdvanced {
  const path: PathSegment[] = ['spec', 'advanced'];
  if (value === undefined || value === null)
    return { advanced: undefined, usingModifiers: false, utilizationModifier: false };
  if (!isMapping(value)) {
    issues.add(path, `must be a mapping; got ${describeType(value)}`);
    return { advanced: undefined, usingModifiers: false, utilizationModifier: false };
  }
  const restore = issues.check(
    [...path, 'restoreToOriginalReplicaCount'],
    withDefault(z.boolean(), false),
    value.restoreToOriginalReplicaCount,
  );
  const advanced: Advanced = { restoreToOriginalReplicaCount: restore.ok ? restore.value : false };

  const hpaPath = [...path, 'horizontalPodAutoscalerConfig'];
  const hpaConfig = value.horizontalPodAutoscalerConfig;
  if (hpaConfig !== undefined && hpaConfig !== null) {
    if (!isMapping(hpaConfig)) issues.add(hpaPath, `must be a mapping; got ${describeType(hpaConfig)}`);
    else {
      const checked = issues.check(hpaPath, hpaConfigSchema, hpaConfig);
      const behavior = parseBehavior(issues, [...hpaPath, 'behavior'], hpaConfig.behavior);
      advanced.horizontalPodAutoscalerConfig = {};
      if (checked.ok && checked.value.name) advanced.horizontalPodAutoscalerConfig.name = checked.value.name;
      if (behavior) advanced.horizontalPodAutoscalerConfig.behavior = behavior;
    }
  }

  const modifiers = parseScalingModifiers(issues, [...path, 'scalingModifiers'], value.scalingModifiers);
  if (modifiers.modifiers) advanced.scalingModifiers = modifiers.modifiers;
  return { advanced, usingModifiers: modifiers.used, utilizationModifier: modifiers.utilization };
}
