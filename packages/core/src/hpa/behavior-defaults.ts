import { ScalerError } from '../errors.js';
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
    throw new ScalerError(
      `hpa.defaultBehavior: "direction" must be "scaleUp" or "scaleDown", got ${JSON.stringify(direction)}`,
      { code: 'INVALID_ARGUMENT' },
    );
  }
  const r = rules ?? {};
  const result: DefaultedScalingRules = {
    stabilizationWindowSeconds: r.stabilizationWindowSeconds ?? (direction === 'scaleUp' ? 0 : null),
    selectPolicy: r.selectPolicy ?? 'Max',
    policies: (r.policies ?? defaultPolicies[direction]).map((p) => ({ ...p })),
  };
  if (r.tolerance !== undefined && r.tolerance !== null) result.tolerance = r.tolerance;
  return result;
}
