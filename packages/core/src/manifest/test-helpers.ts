import { ScaledObjectValidationError } from '../errors.js';

/** Test helper: runs `fn`, expecting a ScaledObjectValidationError, and returns it. */
export function catchError(fn: () => unknown): ScaledObjectValidationError {
  try {
    fn();
  } catch (error) {
    if (ScaledObjectValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ScaledObjectValidationError');
}
