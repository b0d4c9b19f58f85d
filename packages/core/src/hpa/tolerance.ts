import { ScalerError } from '../errors.js';
import { requireNumber } from './quantity.js';
import type { Tolerance, ToleranceInput } from './types.js';

/** Kubernetes' default tolerance (`--horizontal-pod-autoscaler-tolerance` 0.1), per direction. */
export const defaultTolerance: Readonly<Tolerance> = Object.freeze({ scaleUp: 0.1, scaleDown: 0.1 });

function part(fn: string, parameter: string, value: unknown, fallback: number): number {
  return value === undefined || value === null ? fallback : requireNumber(fn, parameter, value, 'nonNegative');
}

/**
 * Resolves a tolerance argument. Accepted: absent / `null` (0.1 each way); one number or numeric string for
 * both directions; `{ scaleUp?, scaleDown? }` (a missing or `null` part is 0.1); or a Go-ordered pair
 * `[scaleDown, scaleUp]` (the positional order of Kubernetes' `Tolerances{}` literal).
 */
export function resolveTolerance(fn: string, input: ToleranceInput | null | undefined): Tolerance {
  if (input === undefined || input === null) return defaultTolerance;
  if (Array.isArray(input)) {
    if (input.length !== 2) {
      throw new ScalerError(`${fn}: "tolerance" as an array must be [scaleDown, scaleUp], got ${input.length} items`, {
        code: 'INVALID_ARGUMENT',
      });
    }
    return {
      scaleDown: part(fn, 'tolerance[0] (scaleDown)', input[0], defaultTolerance.scaleDown),
      scaleUp: part(fn, 'tolerance[1] (scaleUp)', input[1], defaultTolerance.scaleUp),
    };
  }
  if (typeof input !== 'object') {
    const value = requireNumber(fn, 'tolerance', input, 'nonNegative');
    return { scaleUp: value, scaleDown: value };
  }
  const perDirection = input as { scaleUp?: unknown; scaleDown?: unknown };
  return {
    scaleUp: part(fn, 'tolerance.scaleUp', perDirection.scaleUp, defaultTolerance.scaleUp),
    scaleDown: part(fn, 'tolerance.scaleDown', perDirection.scaleDown, defaultTolerance.scaleDown),
  };
}

/** `isWithin`: `1 - scaleDown <= ratio <= 1 + scaleUp`, both ends inclusive (NaN is never within). */
export function isWithinTolerance(ratio: number, tolerance: Tolerance): boolean {
  return 1 - tolerance.scaleDown <= ratio && ratio <= 1 + tolerance.scaleUp;
}
