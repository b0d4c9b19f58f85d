// The TLS settings of a `tls: enable` trigger, built by the scaler kit as KEDA's NewTLSConfigWithPassword
// (pkg/util/tls_config.go, v2.21) builds them. Bad material fails at create(), as in KEDA.
import { buildTlsOptions } from '@scalerkit/core/scaler-kit';
import type { KafkaTlsOptions } from './kafka-client.js';

/** The TLS fields of a parsed trigger. */
export interface KafkaTlsMaterial {
  unsafeSsl: boolean;
  ca: string | undefined;
  cert: string | undefined;
  key: string | undefined;
  keyPassword: string | undefined;
}

/**
 * Node `tls.connect` options for a `tls: enable` trigger. Throws a `ScalerConfigError` naming `ca`, `cert`,
 * `key` or `keyPassword` when the PEM material is unusable; never shows a key or a password.
 *
 * @example
 * const ssl = kafkaTlsOptions({ unsafeSsl: false, ca: caPem, cert: undefined, key: undefined, keyPassword: undefined });
 */
export function kafkaTlsOptions(material: KafkaTlsMaterial): KafkaTlsOptions {
  return buildTlsOptions(material, { scalerType: 'kafka' });
}
