import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { ScalerConfigError } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { type KafkaTlsMaterial, kafkaTlsOptions } from './kafka-tls.js';

const fixture = (name: string) => readFileSync(new URL(`./test-fixtures/${name}`, import.meta.url), 'utf8');
const ca = fixture('ca.pem');
const cert = fixture('client.pem');
const key = fixture('client.key');
const encryptedKey = fixture('client-encrypted.key');
const legacyEncryptedKey = fixture('client-legacy-encrypted.key');
const otherKey = fixture('other.key');
const password = 'fixture-password';

const none: KafkaTlsMaterial = {
  unsafeSsl: false,
  ca: undefined,
  cert: undefined,
  key: undefined,
  keyPassword: undefined,
};

function failure(material: Partial<KafkaTlsMaterial>): ScalerConfigError {
  try {
    kafkaTlsOptions({ ...none, ...material });
  } catch (error) {
    expect(ScalerConfigError.isInstance(error)).toBe(true);
    return error as ScalerConfigError;
  }
  throw new Error('expected a ScalerConfigError');
}

describe('kafkaTlsOptions', () => {
  it('verifies against the system roots with nothing given (TLS 1.2 at least)', () => {
    expect(kafkaTlsOptions(none)).toEqual({ rejectUnauthorized: true, minVersion: 'TLSv1.2' });
  });

  it('skips verification with unsafeSsl', () => {
    expect(kafkaTlsOptions({ ...none, unsafeSsl: true })).toEqual({ rejectUnauthorized: false, minVersion: 'TLSv1.2' });
  });

  it('adds the CA to the system roots, as KEDA appends it to the system pool', () => {
    const options = kafkaTlsOptions({ ...none, ca });
    expect(options.ca).toHaveLength(rootCertificates.length + 1);
    expect(options.ca!.slice(0, -1)).toEqual([...rootCertificates]);
    expect(options.ca!.at(-1)).toBe(ca.trim());
  });

  it('accepts several CA certificates in one value, with text around them', () => {
    const options = kafkaTlsOptions({ ...none, ca: `bundle\n${ca}\n# second\n${ca}` });
    expect(options.ca).toHaveLength(rootCertificates.length + 2);
  });

  it('passes a client certificate and key', () => {
    expect(kafkaTlsOptions({ ...none, ca, cert, key })).toMatchObject({ cert, key, rejectUnauthorized: true });
    expect(kafkaTlsOptions({ ...none, cert, key })).not.toHaveProperty('passphrase');
  });

  it('passes an encrypted PKCS#8 key with its keyPassword', () => {
    expect(kafkaTlsOptions({ ...none, cert, key: encryptedKey, keyPassword: password })).toMatchObject({
      cert,
      key: encryptedKey,
      passphrase: password,
    });
  });

  const rejected: Array<[string, Partial<KafkaTlsMaterial>, string, RegExp]> = [
    ['a ca without certificate', { ca: 'not a certificate' }, 'ca', /"ca" holds no PEM certificate/],
    [
      'a damaged ca certificate',
      { ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' },
      'ca',
      /"ca" certificate 1 is not a valid PEM certificate/,
    ],
    ['a damaged cert', { cert: 'nope', key }, 'cert', /"cert" is not a valid PEM certificate/],
    ['a damaged key', { cert, key: 'nope' }, 'key', /"key" is not a valid PEM private key/],
    ['a key of another certificate', { cert, key: otherKey }, 'key', /"key" is not the private key of "cert"/],
    ['an encrypted key without keyPassword', { cert, key: encryptedKey }, 'keyPassword', /"key" is encrypted/],
    [
      'a legacy encrypted key without keyPassword',
      { cert, key: legacyEncryptedKey },
      'keyPassword',
      /"key" is encrypted/,
    ],
    [
      'a wrong keyPassword',
      { cert, key: encryptedKey, keyPassword: 'wrong-password-value' },
      'keyPassword',
      /"keyPassword" does not decrypt "key"/,
    ],
    [
      'a keyPassword with an unencrypted key',
      { cert, key, keyPassword: 'some-password-value' },
      'keyPassword',
      /not an encrypted PKCS#8 key/,
    ],
    [
      'a keyPassword with a legacy (non-PKCS#8) encrypted key',
      { cert, key: legacyEncryptedKey, keyPassword: password },
      'keyPassword',
      /not an encrypted PKCS#8 key/,
    ],
  ];
  for (const [name, material, parameter, message] of rejected) {
    it(`refuses ${name}, naming "${parameter}" and showing no secret`, () => {
      const error = failure(material);
      expect(error.parameter).toBe(parameter);
      expect(error.message).toMatch(message);
      for (const secret of [material.keyPassword, key, encryptedKey, password]) {
        if (secret) expect(error.message).not.toContain(secret);
      }
      expect(error.message).not.toMatch(/-----BEGIN [A-Z ]*KEY-----\n/);
    });
  }
});
