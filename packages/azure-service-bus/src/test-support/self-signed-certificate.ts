// Test equipment: a throwaway self-signed certificate for 127.0.0.1 / localhost, made with the machine's openssl.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PEM certificate (its own CA) and its key. */
export interface SelfSignedCertificate {
  cert: string;
  key: string;
}

/** Makes a one-day P-256 certificate with SAN IP:127.0.0.1 and DNS:localhost (about 30 ms). */
export async function createSelfSignedCertificate(commonName = 'localhost'): Promise<SelfSignedCertificate> {
  const directory = await mkdtemp(join(tmpdir(), 'scalerkit-cert-'));
  try {
    const keyPath = join(directory, 'key.pem');
    const certPath = join(directory, 'cert.pem');
    await run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '1',
        '-subj',
        `/CN=${commonName}`,
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
      ],
      { timeout: 10_000 },
    );
    return { cert: await readFile(certPath, 'utf8'), key: await readFile(keyPath, 'utf8') };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
