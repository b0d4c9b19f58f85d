// Turning whatever a client library throws into a ScalerError with a stable code, a message that names what
// failed, and no secret.
import { thrownMessage } from '../engine/printable.js';
import { ScalerError, type ScalerErrorCode } from '../errors.js';
import { redactSecrets } from './redact.js';

// Node's and common client libraries' codes for a peer that cannot be reached or went away.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EPROTO',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_SOCKET_CLOSED',
]);

// Node's codes for a peer certificate that does not verify (tls.connect).
const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The first string `code` along the error's `cause` chain (client libraries wrap the socket's error). */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The first numeric HTTP status along the error's `cause` chain (`status`, `statusCode`, `$metadata.httpStatusCode`). */
export function errorStatus(error: unknown): number | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth += 1) {
    const record = current as { status?: unknown; statusCode?: unknown; $metadata?: { httpStatusCode?: unknown } };
    for (const value of [record.status, record.statusCode, record.$metadata?.httpStatusCode]) {
      if (typeof value === 'number' && Number.isInteger(value)) return value;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The stable code of a failure: a `ScalerError` keeps its own; otherwise `AUTHENTICATION_ERROR` for 401/403 and
 * authentication words, `NOT_FOUND` for 404, `CONNECTION_ERROR` for unreachable peers, closed sockets and TLS
 * handshakes, `METRIC_ERROR` for everything else.
 *
 * @example
 * classifyError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5672'), { code: 'ECONNREFUSED' })); // 'CONNECTION_ERROR'
 */
export function classifyError(error: unknown): ScalerErrorCode {
  if (ScalerError.isInstance(error)) return error.code;
  const status = errorStatus(error);
  if (status === 401 || status === 403) return 'AUTHENTICATION_ERROR';
  if (status === 404) return 'NOT_FOUND';
  const code = errorCode(error);
  const name = error instanceof Error ? error.name : '';
  const message = thrownMessage(error);
  const words = `${name} ${message}`;
  if (/SASL|authenticat|unauthori[sz]ed|access.refused|forbidden|credential/i.test(words)) {
    return 'AUTHENTICATION_ERROR';
  }
  if (
    code !== undefined &&
    (CONNECTION_CODES.has(code) || UNTRUSTED_CERTIFICATE.has(code) || code.startsWith('ERR_SSL'))
  )
    return 'CONNECTION_ERROR';
  if (/Connection|ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|socket hang up|closed/i.test(words)) return 'CONNECTION_ERROR';
  return 'METRIC_ERROR';
}

/**
 * What to check when a TLS handshake failed, from the error's code: an untrusted peer certificate (give `ca` or
 * set `unsafeSsl`) or a refused handshake (give `cert` and `key`). Empty when the error is not about TLS.
 * `peer` names the other side in the hint (`broker`, `server`).
 */
export function tlsHint(error: unknown, peer = 'server'): string {
  const code = errorCode(error);
  if (code === undefined) return '';
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    return ` (TLS: the ${peer}'s certificate was not accepted, ${code}; give the CA that signed it in "ca", or set "unsafeSsl")`;
  }
  if (/ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|HANDSHAKE_FAILURE)/.test(code)) {
    return ` (TLS: the ${peer} refused the handshake, ${code}; it may require a client certificate: give "cert" and "key")`;
  }
  return '';
}

/** How `toScalerFailure` describes a failure. */
export interface FailureOptions {
  /** What failed, starting the message: `kafka: reading the lag of group "orders"`. */
  what: string;
  /** Scrubbed from the message. */
  secrets?: readonly (string | undefined)[] | undefined;
  /** Source-specific codes, tried before `classifyError`. */
  classify?: ((error: unknown) => ScalerErrorCode | undefined) | undefined;
  /** Appended to the message (e.g. `tlsHint`). */
  hint?: ((error: unknown) => string) | undefined;
}

/**
 * Any thrown value as a `ScalerError`: a `ScalerError` is kept as it is (its message scrubbed if it holds a
 * secret); anything else becomes `${what} failed: <detail><hint>` with a classified code and the original as
 * `cause`.
 *
 * @example
 * throw toScalerFailure(error, { what: 'rabbitmq: reading queue "orders"', secrets: [password], hint: tlsHint });
 */
export function toScalerFailure(error: unknown, options: FailureOptions): ScalerError {
  const secrets = options.secrets ?? [];
  if (ScalerError.isInstance(error)) {
    const safe = redactSecrets(error.message, secrets);
    if (safe === error.message) return error;
    return new ScalerError(safe, { code: error.code, cause: error.cause });
  }
  const detail = redactSecrets(thrownMessage(error), secrets);
  const code = options.classify?.(error) ?? classifyError(error);
  const hint = options.hint?.(error) ?? '';
  return new ScalerError(`${options.what} failed: ${detail}${hint}`, { code, cause: error });
}
