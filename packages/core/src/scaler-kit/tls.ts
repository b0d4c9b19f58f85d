// TLS material as KEDA builds it (pkg/util/tls_config.go, NewTLSConfigWithPassword, v2.21): CA certificates
// added to the system roots, a client certificate and key (an encrypted PKCS#8 key when keyPassword is
// given), verification skipped with unsafeSsl, TLS 1.2 at least. Bad material fails when the scaler is
// created, with the parameter named and no key or password shown.
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { ScalerConfigError } from '../errors.js';

/** The TLS parameters of a trigger (KEDA's names). */
export interface TlsMaterial {
  unsafeSsl?: boolean | undefined;
  /** PEM CA certificate(s), added to the system roots. */
  ca?: string | undefined;
  /** PEM client certificate (with `key`). */
  cert?: string | undefined;
  /** PEM client private key (with `cert`). */
  key?: string | undefined;
  /** Password of an encrypted PKCS#8 `key`. */
  keyPassword?: string | undefined;
}

/** The `node:tls` connection options `buildTlsOptions` returns (a subset of `tls.ConnectionOptions`). */
export interface TlsConnectionOptions {
  rejectUnauthorized: boolean;
  minVersion: 'TLSv1.2';
  ca?: string[];
  cert?: string;
  key?: string;
  passphrase?: string;
}

/** Options of `buildTlsOptions`. */
export interface TlsOptionsSettings {
  /** Starts every message: `kafka`. */
  scalerType: string;
  /** The trigger's own names for the four parameters, when they differ from `ca`, `cert`, `key`, `keyPassword`. */
  parameterNames?: Partial<Record<'ca' | 'cert' | 'key' | 'keyPassword', string>>;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const ENCRYPTED_PKCS8 = /-----BEGIN ENCRYPTED PRIVATE KEY-----/;
const ENCRYPTED_PEM = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/;

/**
 * Node `tls.connect` options for a trigger's TLS parameters. Throws a `ScalerConfigError` naming `ca`, `cert`,
 * `key` or `keyPassword` when the PEM material is unusable; never shows a key or a password.
 *
 * @example
 * const tls = buildTlsOptions({ ca: caPem, unsafeSsl: false }, { scalerType: 'rabbitmq' });
 */
export function buildTlsOptions(material: TlsMaterial, settings: TlsOptionsSettings): TlsConnectionOptions {
  const names = { ca: 'ca', cert: 'cert', key: 'key', keyPassword: 'keyPassword', ...settings.parameterNames };
  const fail = (parameter: keyof typeof names, message: string): never => {
    throw new ScalerConfigError(`${settings.scalerType}: ${message}`, {
      parameter: names[parameter],
      scalerType: settings.scalerType,
    });
  };
  const quoted = (parameter: keyof typeof names) => JSON.stringify(names[parameter]);
  const options: TlsConnectionOptions = { rejectUnauthorized: !material.unsafeSsl, minVersion: 'TLSv1.2' };
  if (material.ca !== undefined) {
    const certificates = material.ca.match(PEM_CERTIFICATE) ?? [];
    for (const [index, pem] of certificates.entries()) {
      try {
        new X509Certificate(pem);
      } catch {
        fail('ca', `${quoted('ca')} certificate ${index + 1} is not a valid PEM certificate`);
      }
    }
    if (certificates.length === 0) fail('ca', `${quoted('ca')} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
    // KEDA appends the CA to the system pool; Node's `ca` replaces it, so the system roots are listed too.
    options.ca = [...rootCertificates, ...certificates];
  }
  if (material.cert !== undefined && material.key !== undefined) {
    const privateKey = readPrivateKey(material.key, material.keyPassword, fail, quoted);
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(material.cert);
    } catch {
      fail('cert', `${quoted('cert')} is not a valid PEM certificate`);
    }
    if (!certificate!.checkPrivateKey(privateKey))
      fail('key', `${quoted('key')} is not the private key of ${quoted('cert')}`);
    options.cert = material.cert;
    options.key = material.key;
    if (material.keyPassword !== undefined) options.passphrase = material.keyPassword;
  }
  // One of cert/key alone is ignored, as in KEDA (NewTLSConfigWithPassword loads them only together).
  return options;
}

type Fail = (parameter: 'ca' | 'cert' | 'key' | 'keyPassword', message: string) => never;

function readPrivateKey(
  key: string,
  keyPassword: string | undefined,
  fail: Fail,
  quoted: (parameter: 'key' | 'keyPassword') => string,
): KeyObject {
  if (keyPassword !== undefined) {
    // KEDA decrypts only PKCS#8 (youmark/pkcs8), so a legacy or unencrypted key with a password fails there too.
    if (!ENCRYPTED_PKCS8.test(key)) {
      fail(
        'keyPassword',
        `${quoted('keyPassword')} is set but ${quoted('key')} is not an encrypted PKCS#8 key (-----BEGIN ENCRYPTED PRIVATE KEY-----), the only form KEDA decrypts`,
      );
    }
    try {
      return createPrivateKey({ key, format: 'pem', passphrase: keyPassword });
    } catch {
      fail('keyPassword', `${quoted('keyPassword')} does not decrypt ${quoted('key')} (wrong password or damaged key)`);
    }
  }
  try {
    return createPrivateKey({ key, format: 'pem' });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // OpenSSL 3 reports a missing passphrase as "interrupted or cancelled"; the PEM headers say it too.
    if (
      code === 'ERR_MISSING_PASSPHRASE' ||
      code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED' ||
      ENCRYPTED_PEM.test(key)
    ) {
      fail('keyPassword', `${quoted('key')} is encrypted: give its password in ${quoted('keyPassword')}`);
    }
    return fail('key', `${quoted('key')} is not a valid PEM private key`);
  }
}
