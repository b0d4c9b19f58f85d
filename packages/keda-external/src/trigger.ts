// What KEDA's external-scaler client sends, turned into what a scalerkit definition parses. KEDA v2.21.0
// pkg/scalers/external_scaler.go (parseExternalScalerMetadata, NewExternalScaler) sends a ScaledObjectRef with
// the ScaledObject's name and namespace and `scalerMetadata`: the trigger's metadata, every key as written,
// except that a `<name>FromEnv` key carries the value KEDA resolved from the scale target's container
// environment (and is left out when that value is missing or empty). The TriggerAuthentication's parameters
// are not sent: KEDA's client uses `caCert`, `tlsClientCert` and `tlsClientKey` from them for its own TLS only.
import { createHash } from 'node:crypto';
import type { TriggerInput } from '@scalerkit/core';

/** `externalscaler.ScaledObjectRef`. */
export interface ScaledObjectRef {
  name: string;
  namespace: string;
  scalerMetadata: Record<string, string>;
}

/** The metadata key naming the scalerkit trigger type to serve. */
export const SCALER_TYPE_KEY = 'scalerType';

/**
 * Keys that are the bridge's and KEDA's, not the served scaler's: `scalerType` (which scaler) and
 * `scalerAddress` (where KEDA dials). `enableTLS` and `unsafeSsl` are passed on, since scalers have
 * parameters of those names too (KEDA's client reads them as well).
 */
export const BRIDGE_KEYS: readonly string[] = [SCALER_TYPE_KEY, 'scalerAddress'];

/** Metadata keys whose values are treated as secrets (never in an error or a log line) whatever the scaler says. */
const SECRET_KEY =
  /(password|passwd|secret|token|credential|connection|apikey|api_key|accesskey|access_key|privatekey|clientkey|sasl.*key|^key$)/i;

/** The password of a URL's user information (`amqp://user:pass@host`), and its decoded form, if there is one. */
function urlPasswords(value: string): string[] {
  if (!value.includes('://') || !value.includes('@')) return [];
  try {
    const { password } = new URL(value);
    if (!password) return [];
    const decoded = decodeURIComponent(password);
    return decoded === password ? [password] : [password, decoded];
  } catch {
    return [];
  }
}

/** A request's scaler, as the bridge builds it. */
export interface ServedTrigger {
  scalerType: string;
  namespace: string;
  name: string;
  /** What `definition.parse` receives (triggerIndex 0: the bridge strips and KEDA re-adds `s{index}-`). */
  input: TriggerInput;
  /** Values never to show: the FromEnv values, secret-named metadata values and the bridge's own authParams. */
  secrets: string[];
  /** Identity of the cached scaler: namespace, name and a hash of the metadata (the metadata is never kept as a key). */
  cacheKey: string;
}

/** Thrown when the ref itself is unusable (no scalerType); the server maps it to INVALID_ARGUMENT. */
export class InvalidReferenceError extends Error {
  override readonly name = 'InvalidReferenceError';
}

/**
 * The trigger a ScaledObjectRef asks for. `<name>FromEnv` keys keep their key and point at an environment
 * entry of the same name holding the value KEDA sent, so the scaler's own `FromEnv` lookup finds it.
 */
export function servedTrigger(ref: ScaledObjectRef, authParams: Record<string, string> | undefined): ServedTrigger {
  const metadata = ref.scalerMetadata ?? {};
  const scalerType = metadata[SCALER_TYPE_KEY]?.trim();
  if (!scalerType) {
    throw new InvalidReferenceError(
      `metadata "${SCALER_TYPE_KEY}" is required: the scalerkit trigger type to serve (kafka, rabbitmq, ...)`,
    );
  }
  const scalerMetadata: Record<string, string> = {};
  const resolvedEnv: Record<string, string> = {};
  const secrets: string[] = Object.values(authParams ?? {}).flatMap((value) => [value, ...urlPasswords(value)]);
  for (const [key, value] of Object.entries(metadata)) {
    if (BRIDGE_KEYS.includes(key)) continue;
    if (key.endsWith('FromEnv')) {
      scalerMetadata[key] = key;
      resolvedEnv[key] = value;
      secrets.push(value, ...urlPasswords(value));
      continue;
    }
    scalerMetadata[key] = value;
    if (SECRET_KEY.test(key)) secrets.push(value);
    secrets.push(...urlPasswords(value));
  }
  const digest = createHash('sha256')
    .update(JSON.stringify(Object.entries(metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))))
    .digest('hex')
    .slice(0, 32);
  return {
    scalerType,
    namespace: ref.namespace ?? '',
    name: ref.name ?? '',
    input: {
      metadata: scalerMetadata,
      authParams: { ...authParams },
      resolvedEnv,
      triggerIndex: 0,
    },
    secrets,
    cacheKey: `${ref.namespace ?? ''}/${ref.name ?? ''}/${digest}`,
  };
}

/** The metric name KEDA sees (`kafka-orders`) for a scaler's (`s0-kafka-orders`). */
export function bareMetricName(metricName: string): string {
  return metricName.startsWith('s0-') ? metricName.slice(3) : metricName;
}
