// The TLS settings of a `tls: enable` trigger, checked as KEDA's NewTLSConfigWithPassword builds them: CA
// certificates added to the system roots, client certificate and key (an encrypted PKCS#8 key when
// keyPassword is given), verification skipped with unsafeSsl. Bad material fails at create(), as in KEDA.
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { ScalerConfigError } from '@scalerkit/core';
import type { KafkaTlsOptions } from './kafka-client.js';

/** The TLS fields of a parsed trigger. */
export interface KafkaTlsMaterial {
  unsafeSsl: boolean;
  ca: string | undefined;
  cert: string | undefined;
  key: string | undefined;
  keyPassword: string | undefined;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const ENCRYPTED_PKCS8 = /-----BEGIN ENCRYPTED PRIVATE KEY-----/;
const ENCRYPTED_PEM = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/;

function fail(parameter: string, message: string): never {
  throw new ScalerConfigError(`kafka: ${message}`, { parameter, scalerType: 'kafka' });
}

/**
 * Node `tls.connect` options for a `tls: enable` trigger. Throws a `ScalerConfigError` naming `ca`, `cert`,
 * `key` or `keyPassword` when the PEM material is unusable; never shows a key or a password.
 *
 * @example
 * const ssl = kafkaTlsOptions({ unsafeSsl: false, ca: caPem, cert: undefined, key: undefined, keyPassword: undefined });
 */
export function kafkaTlsOptions(material: KafkaTlsMaterial): KafkaTlsOptions {
  const options: KafkaTlsOptions = { rejectUnauthorized: !material.unsafeSsl, minVersion: 'TLSv1.2' };
  if (material.ca !== undefined) {
    const certificates = material.ca.match(PEM_CERTIFICATE) ?? [];
    for (const [index, pem] of certificates.entries()) {
      try {
        new X509Certificate(pem);
      } catch {
        fail('ca', `"ca" certificate ${index + 1} is not a valid PEM certificate`);
      }
    }
    if (certificates.length === 0) fail('ca', '"ca" holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
    // KEDA appends the CA to the system pool; Node's `ca` replaces it, so the system roots are listed too.
    options.ca = [...rootCertificates, ...certificates];
  }
  // parse() guarantees cert and key come together under tls: enable.
  if (material.cert !== undefined && material.key !== undefined) {
    const privateKey = readPrivateKey(material.key, material.keyPassword);
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(material.cert);
    } catch {
      fail('cert', '"cert" is not a valid PEM certificate');
    }
    if (!certificate.checkPrivateKey(privateKey)) fail('key', '"key" is not the private key of "cert"');
    options.cert = material.cert;
    options.key = material.key;
    if (material.keyPassword !== undefined) options.passphrase = material.keyPassword;
  }
  return options;
}

function readPrivateKey(key: string, keyPassword: string | undefined): KeyObject {
  if (keyPassword !== undefined) {
    // KEDA decrypts only PKCS#8 (youmark/pkcs8), so a legacy or unencrypted key with a password fails there too.
    if (!ENCRYPTED_PKCS8.test(key)) {
      fail(
        'keyPassword',
        '"keyPassword" is set but "key" is not an encrypted PKCS#8 key (-----BEGIN ENCRYPTED PRIVATE KEY-----), the only form KEDA decrypts',
      );
    }
    try {
      return createPrivateKey({ key, format: 'pem', passphrase: keyPassword });
    } catch {
      fail('keyPassword', '"keyPassword" does not decrypt "key" (wrong password or damaged key)');
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
      fail('keyPassword', '"key" is encrypted: give its password in "keyPassword"');
    }
    fail('key', '"key" is not a valid PEM private key');
  }
}
