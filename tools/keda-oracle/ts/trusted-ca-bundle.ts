// A CA bundle for the oracle process: the machine's CAs plus extra ones (a test server's self-signed CA), so
// KEDA's Go HTTP clients trust that server without any change to the machine's trust store. Go reads
// SSL_CERT_FILE (and SSL_CERT_DIR) when it first loads the system roots (crypto/x509 SystemCertPool, which
// KEDA v2.21.0 pkg/util/certificates.go getRootCAs starts from), so the variable must be set when the
// process starts: pass `environment` to `KedaOracle.start`.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Go looks for the system bundle on Linux (crypto/x509 root_linux.go certFiles), first found wins. */
const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

/** A written bundle: its path, an environment for the oracle, and `remove()` to delete it. */
export interface TrustedCaBundle {
  file: string;
  /** `base` (default `process.env`) with SSL_CERT_FILE set to the bundle. */
  environment(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  remove(): void;
}

/**
 * Writes the system CAs followed by `extraCertificates` (PEM) to a fresh temporary file.
 *
 * @example
 * const bundle = writeTrustedCaBundle([fake.ca]);
 * const oracle = KedaOracle.start(binary, bundle.environment());
 * // ... later
 * await oracle.stop();
 * bundle.remove();
 */
export function writeTrustedCaBundle(extraCertificates: readonly string[]): TrustedCaBundle {
  const system = SYSTEM_BUNDLES.find((file) => existsSync(file));
  const parts = [system ? readFileSync(system, 'utf8') : '', ...extraCertificates];
  const directory = mkdtempSync(join(tmpdir(), 'keda-oracle-ca-'));
  const file = join(directory, 'ca-bundle.pem');
  writeFileSync(file, `${parts.map((part) => part.trim()).join('\n')}\n`, { mode: 0o600 });
  return {
    file,
    environment: (base = process.env) => ({ ...base, SSL_CERT_FILE: file }),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
