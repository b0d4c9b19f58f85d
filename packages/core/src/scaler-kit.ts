// `@scalerkit/core/scaler-kit`: what every scaler needs, written once. A scaler package supplies only what is
// specific to its source; see docs/writing-a-scaler.md.
export type { FailureOptions } from './scaler-kit/classify.js';
export { classifyError, errorCode, errorStatus, tlsHint, toScalerFailure } from './scaler-kit/classify.js';
export type { DeadlineOptions } from './scaler-kit/deadline.js';
export { abortedError, combineSignals, settleWithin, untilAborted, withDeadline } from './scaler-kit/deadline.js';
export type { GetJsonOptions, JsonResponse } from './scaler-kit/http.js';
export { describeUrl, getJson } from './scaler-kit/http.js';
export type { TriggerIdentity } from './scaler-kit/identity.js';
export { metricSpec, parseTrigger, triggerIdentity } from './scaler-kit/identity.js';
export type { ClientCredentialsOptions } from './scaler-kit/oauth.js';
export {
  ClientCredentialsTokenSource,
  encodeForm,
  goQueryEscape,
  parseTokenResponse,
  TOKEN_EXPIRY_MARGIN_MS,
} from './scaler-kit/oauth.js';
export type { Measurement, MeasureRequest, OpenRequest, PolledSource } from './scaler-kit/polled-scaler.js';
export { createPolledScaler, DEFAULT_POLL_TIMEOUT_MS } from './scaler-kit/polled-scaler.js';
export { redactingLogger, redactSecrets } from './scaler-kit/redact.js';
export type { TlsConnectionOptions, TlsMaterial, TlsOptionsSettings } from './scaler-kit/tls.js';
export { buildTlsOptions } from './scaler-kit/tls.js';
