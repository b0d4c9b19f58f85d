import { z } from 'zod';
import type { HpaBehavior, HpaScalingRules } from '../hpa/types.js';
import { describeType, type IssueCollector, integer, isMapping, optional, type PathSegment } from './issues.js';

const DECIMAL_SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
const BINARY_SUFFIX: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei)|(n|u|m|k|M|G|T|P|E))?$/;

/** Parses a Kubernetes quantity (`0.1`, `100m`, `1e-2`, `2Ki`) to a number; undefined when it is not one. */
export function parseQuantity(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, mantissa, exponent, binary, decimal] = match;
  const base = Number(mantissa);
  if (exponent) return Number(`${mantissa}${exponent}`);
  if (binary) return base * (BINARY_SUFFIX[binary] as number);
  return base * (DECIMAL_SUFFIX[decimal ?? ''] as number);
}

// Messages follow the Kubernetes HPA validation (Kubernetes v1.33 pkg/apis/autoscaling/validation/validation.go,
// `validateBehavior` and `validateScalingRules`), plus what is accepted.
const policySchema = z.object({
  type: z.enum(['Pods', 'Percent'], { error: 'must be one of: Pods, Percent' }),
  value: integer().gt(0, { error: 'must be greater than zero' }),
  periodSeconds: z
    .int32()
    .min(1, { error: 'must be greater than zero; accepted: 1 to 1800 seconds' })
    .max(1800, { error: 'must be less than or equal to 1800; accepted: 1 to 1800 seconds' }),
});

const rulesSchema = z.object({
  stabilizationWindowSeconds: optional(
    z
      .int32()
      .min(0, { error: 'must be greater than or equal to zero; accepted: 0 to 3600 seconds' })
      .max(3600, { error: 'must be less than or equal to 3600; accepted: 0 to 3600 seconds' }),
  ),
  selectPolicy: optional(z.enum(['Max', 'Min', 'Disabled'], { error: 'must be one of: Max, Min, Disabled' })),
  // An omitted list gets the Kubernetes default policies; an explicit empty list is refused by the HPA API.
  policies: optional(z.array(policySchema).min(1, { error: 'must specify at least one Policy' })),
});

function parseTolerance(issues: IssueCollector, path: PathSegment[], value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  let parsed: number | undefined;
  if (typeof value === 'number') parsed = Number.isFinite(value) ? value : undefined;
  else if (typeof value === 'string') parsed = parseQuantity(value.trim());
  if (parsed === undefined) {
    issues.add(
      path,
      `must be a number or a Kubernetes quantity (e.g. 0.05 or "50m"); got ${describeType(value)} that is not one`,
    );
    return undefined;
  }
  if (parsed < 0) {
    issues.add(path, 'must be greater than or equal to zero');
    return undefined;
  }
  return parsed;
}

function parseRules(issues: IssueCollector, path: PathSegment[], value: unknown): HpaScalingRules | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isMapping(value)) {
    issues.add(path, `must be a mapping; got ${describeType(value)}`);
    return undefined;
  }
  const checked = issues.check(path, rulesSchema, value);
  const tolerance = parseTolerance(issues, [...path, 'tolerance'], value.tolerance);
  if (!checked.ok) return undefined;
  const rules: HpaScalingRules = {};
  if (checked.value.stabilizationWindowSeconds !== undefined) {
    rules.stabilizationWindowSeconds = checked.value.stabilizationWindowSeconds;
  }
  if (checked.value.selectPolicy !== undefined) rules.selectPolicy = checked.value.selectPolicy;
  if (checked.value.policies !== undefined) rules.policies = checked.value.policies;
  if (tolerance !== undefined) rules.tolerance = tolerance;
  return rules;
}

/**
 * Validates `advanced.horizontalPodAutoscalerConfig.behavior` as the Kubernetes HPA API does, recording
 * issues under `path`. Fields are kept as given (no defaults): the HPA code applies Kubernetes' defaults.
 */
export function parseBehavior(issues: IssueCollector, path: PathSegment[], value: unknown): HpaBehavior | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isMapping(value)) {
    issues.add(path, `must be a mapping with scaleUp and/or scaleDown; got ${describeType(value)}`);
    return undefined;
  }
  const behavior: HpaBehavior = {};
  const scaleUp = parseRules(issues, [...path, 'scaleUp'], value.scaleUp);
  const scaleDown = parseRules(issues, [...path, 'scaleDown'], value.scaleDown);
  if (scaleUp) behavior.scaleUp = scaleUp;
  if (scaleDown) behavior.scaleDown = scaleDown;
  return behavior;
}
