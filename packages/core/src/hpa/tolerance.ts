import { requireNumber } from './quantity.js';
import type { Tolerance, ToleranceInput } from './types.js';

/** Kubernetes' default tolerance (`--horizontal-pod-autoscaler-tolerance` 0.1), per direction. */
export const defaultTolerance: Readonly<Tolerance> = Object.freeze({ scaleUp: 0.1, scaleDown: 0.1 });

/** Resolves a tolerance argument: a number applies to both directions; missing parts are 0.1. */
export function resolveTolerance(fn: string, input: ToleranceInput | undefined): Tolerance {
  if (input === undefined) return defaultTolerance;
  if (typeof input === 'number') {
    const value = requireNumber(fn, 'tolerance', input, 'nonNegative');
    return { scaleUp: value, scaleDown: value };
  }
  return {
    scaleUp:
      input.scaleUp === undefined
        ? defaultTolerance.scaleUp
        : requireNumber(fn, 'tolerance.scaleUp', input.scaleUp, 'nonNegative'),
    scaleDown:
      input.scaleDown === undefined
        ? defaultTolerance.scaleDown
        : requireNumber(fn, 'tolerance.scaleDown', input.scaleDown, 'nonNegative'),
  };
}

/** `isWithin`: `1 - scaleDown <= ratio <= 1 + scaleUp`, both ends inclusive (NaN is never within). */
export function isWithinTolerance(ratio: number, tolerance: Tolerance): boolean {
  return 1 - tolerance.scaleDown <= ratio && ratio <= 1 + tolerance.scaleUp;
}
