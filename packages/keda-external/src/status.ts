// Failures turned into gRPC statuses for KEDA. KEDA v2.21.0's external-scaler client only tells Unimplemented
// (on StreamMetricSpec) from other codes; the codes are for people reading KEDA's logs and for alerts.
import { type ServerErrorResponse, status } from '@grpc/grpc-js';
import { ScalerConfigError, ScalerError } from '@scalerkit/core';
import { redactSecrets } from '@scalerkit/core/scaler-kit';
import { InvalidReferenceError } from './trigger.js';

/** The gRPC status code for a scalerkit failure. */
export function statusCodeOf(error: unknown): status {
  if (error instanceof InvalidReferenceError || ScalerConfigError.isInstance(error)) return status.INVALID_ARGUMENT;
  if (error instanceof CallEndedError) return error.code;
  if (!ScalerError.isInstance(error)) return status.INTERNAL;
  const code: string = error.code;
  switch (code) {
    case 'CONFIG_ERROR':
    case 'VALIDATION_ERROR':
    case 'UNKNOWN_TRIGGER_TYPE':
      return status.INVALID_ARGUMENT;
    case 'TIMEOUT':
      return status.DEADLINE_EXCEEDED;
    case 'ABORTED':
      return status.CANCELLED;
    case 'CLOSED':
    case 'CONNECTION_ERROR':
      return status.UNAVAILABLE;
    case 'AUTHENTICATION_ERROR':
      return status.UNAUTHENTICATED;
    case 'NOT_FOUND':
      return status.NOT_FOUND;
    case 'SCALER_PACKAGE_LOAD_ERROR':
      return status.FAILED_PRECONDITION;
    default:
      return status.UNKNOWN;
  }
}

/** A call that ended before its answer: KEDA hung up (CANCELLED) or its deadline passed (DEADLINE_EXCEEDED). */
export class CallEndedError extends Error {
  override readonly name = 'CallEndedError';
  constructor(
    readonly code: status.CANCELLED | status.DEADLINE_EXCEEDED,
    message: string,
  ) {
    super(message);
  }
}

/** The message KEDA receives: what failed, with every secret replaced by `***`. */
export function safeMessage(error: unknown, secrets: readonly string[]): string {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : 'unexpected failure';
  return redactSecrets(text, secrets);
}

/** The gRPC error for `error`, prefixed with `context` (`kafka for team-a/orders`), secrets redacted. */
export function toServiceError(error: unknown, context: string, secrets: readonly string[]): ServerErrorResponse {
  const details = `keda-external: ${context}: ${safeMessage(error, secrets)}`;
  return Object.assign(new Error(details), { code: statusCodeOf(error), details });
}
