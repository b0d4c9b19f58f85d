import { ScalerError } from '../errors.js';
import { requireNumber } from './quantity.js';
import type { DefaultedScalingRules, HpaScalingPolicy, HpaScalingRulesInput, ScalingDirection } from './types.js';

/** Kubernetes' default downscale stabilization (controller flag), seconds. */
export const DEFAULT_DOWNSCALE_STABILIZATION_SECONDS = 300;

const defaultPolicies: Record<ScalingDirection, readonly HpaScalingPolicy[]> = {
  scaleUp: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
  scaleDown: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

const SELECT_POLICIES = ['Max', 'Min', 'Disabled'] as const;

function invalid(message: string): never {
  throw new ScalerError(message, { code: 'INVALID_ARGUMENT' });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads one direction's rules as they may arrive from YAML/JSON: `null` means unset, numbers may be numeric
 * strings. Throws a clear error naming the path (`<fn>: "behavior.scaleUp.policies[0].type" ...`).
 */
export function readScalingRules(fn: string, path: string, rules: unknown): HpaScalingRulesInput {
  if (rules === undefined || rules === null) return {};
  if (!isObject(rules)) invalid(`${fn}: "${path}" must be an object of HPAScalingRules or null`);
  const out: HpaScalingRulesInput = {};
  const window = rules.stabilizationWindowSeconds;
  if (window !== undefined && window !== null) {
    out.stabilizationWindowSeconds = requireNumber(fn, `${path}.stabilizationWindowSeconds`, window, 'nonNegative');
  }
  const select = rules.selectPolicy;
  if (select !== undefined && select !== null) {
    if (!SELECT_POLICIES.includes(select as never)) {
      invalid(`${fn}: "${path}.selectPolicy" must be "Max", "Min" or "Disabled", got ${JSON.stringify(select)}`);
    }
    out.selectPolicy = select as HpaScalingRulesInput['selectPolicy'];
  }
  const policies = rules.policies;
  if (policies !== undefined && policies !== null) {
    if (!Array.isArray(policies)) invalid(`${fn}: "${path}.policies" must be an array of policies or null`);
    out.policies = policies.map((p: unknown, i): HpaScalingPolicy => {
      const at = `${path}.policies[${i}]`;
      if (!isObject(p)) invalid(`${fn}: "${at}" must be an object { type, value, periodSeconds }`);
      if (p.type !== 'Pods' && p.type !== 'Percent') {
        invalid(`${fn}: "${at}.type" must be "Pods" or "Percent", got ${JSON.stringify(p.type)}`);
      }
      return {
        type: p.type,
        value: requireNumber(fn, `${at}.value`, p.value),
        periodSeconds: requireNumber(fn, `${at}.periodSeconds`, p.periodSeconds, 'nonNegative'),
      };
    });
  }
  const tolerance = rules.tolerance;
  if (tolerance !== undefined && tolerance !== null) {
    out.tolerance = requireNumber(fn, `${path}.tolerance`, tolerance, 'nonNegative');
  }
  return out;
}

/**
 * Kubernetes API defaulting of one direction (`GenerateHPAScaleUpRules` / `GenerateHPAScaleDownRules`):
 * every non-null field of `rules` replaces the default as a whole (no merging of policy lists).
 * Defaults: scaleUp window 0, scaleDown window `null` (filled by the controller with 300 s),
 * selectPolicy `Max`, policies scaleUp `Pods 4/15s` + `Percent 100/15s`, scaleDown `Percent 100/15s`.
 *
 * @example
 * hpa.defaultBehavior({ policies: [{ type: 'Percent', value: 7, periodSeconds: 10 }] }, 'scaleUp')
 * // → { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 7, periodSeconds: 10 }] }
 */
export function defaultBehavior(
  rules: HpaScalingRulesInput | null | undefined,
  direction: ScalingDirection,
): DefaultedScalingRules {
  if (direction !== 'scaleUp' && direction !== 'scaleDown') {
    invalid(`hpa.defaultBehavior: "direction" must be "scaleUp" or "scaleDown", got ${JSON.stringify(direction)}`);
  }
  const r = readScalingRules('hpa.defaultBehavior', 'rules', rules);
  const result: DefaultedScalingRules = {
    stabilizationWindowSeconds: r.stabilizationWindowSeconds ?? (direction === 'scaleUp' ? 0 : null),
    selectPolicy: r.selectPolicy ?? 'Max',
    policies: (r.policies ?? defaultPolicies[direction]).map((p) => ({ ...p })),
  };
  if (r.tolerance !== undefined && r.tolerance !== null) result.tolerance = r.tolerance;
  return result;
}
