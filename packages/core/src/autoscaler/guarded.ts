import { thrownMessage } from '../engine/printable.js';
import { ScalerError, type ScalerErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * `toScalerError` for values thrown by user code (a target, a listener, a scaler): keeps a `ScalerError`,
 * wraps anything else with its message, and never throws itself, whatever the value (`Object.create(null)`,
 * a `toString` that throws, a revoked Proxy).
 */
export function toSafeScalerError(
  value: unknown,
  message: string,
  code: ScalerErrorCode = 'SCALER_ERROR',
): ScalerError {
  let typed = false;
  try {
    typed = ScalerError.isInstance(value);
  } catch {
    // a Proxy whose property reads throw is not one of ours
  }
  if (typed) return value as ScalerError;
  return new ScalerError(`${message}: ${thrownMessage(value)}`, { code, cause: value });
}

/** A logger whose methods never throw: a failing user logger must not turn a report into a crash. */
export function guardedLogger(logger: Logger): Logger {
  const guard =
    (level: keyof Logger) =>
    (message: string, fields?: Record<string, unknown>): void => {
      try {
        logger[level](message, fields);
      } catch {
        // nowhere left to report it
      }
    };
  return { debug: guard('debug'), info: guard('info'), warn: guard('warn'), error: guard('error') };
}
