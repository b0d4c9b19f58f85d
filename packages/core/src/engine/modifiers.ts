import { ScalerError } from '../errors.js';
import type { Fallback, ScaledObject } from '../manifest/types.js';

/** A compiled `advanced.scalingModifiers`. */
export interface CompiledModifiers {
  formula: string;
}

/** Compiles the formula; `undefined` when the ScaledObject does not use scalingModifiers. */
export function compileScalingModifiers(so: ScaledObject): CompiledModifiers | undefined {
  const m = so.spec.advanced?.scalingModifiers;
  if (m === undefined || (!m.formula && !m.target && !m.activationTarget)) return undefined;
  throw new ScalerError('scalingModifiers are not supported yet', { code: 'NOT_SUPPORTED' });
}

export function evaluateModifiers(
  _modifiers: CompiledModifiers,
  _context: {
    inputs: unknown[];
    triggers: unknown[];
    isError: boolean;
    fallback: Fallback | undefined;
    current: number;
    ready: number;
  },
): { inputs: never[]; composite: undefined; isActive: boolean; fallbackActive: boolean } {
  throw new ScalerError('scalingModifiers are not supported yet', { code: 'NOT_SUPPORTED' });
}
