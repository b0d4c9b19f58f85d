// TLS against the broker of scripts/services/kafka.sh: its SSL listener (client certificate requested,
// KAFKA_SSL_BROKERS) and its mutual-TLS listener (client certificate required, KAFKA_MTLS_BROKERS), with the
// throwaway CA and certificates it generated in KAFKA_TLS_DIR. Skips with a one-line reason when the broker
// is not reachable, and fails instead under CI=true or SCALERKIT_REQUIRE_SERVICES=1.
import { readFileSync } from 'node:fs';
import { createConnectionCache, type Scaler, ScalerConfigError, ScalerError, silentLogger } from '@scalerkit/core';
import { requireService } from '@scalerkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaScaler } from './kafka-scaler.js';
import { deleteTopics, pollOnce as poll, seedLag } from './test-support.js';

const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const sslBrokers = process.env.KAFKA_SSL_BROKERS ?? '127.0.0.1:19095';
const mtlsBrokers = process.env.KAFKA_MTLS_BROKERS ?? '127.0.0.1:19097';
const tlsDir = process.env.KAFKA_TLS_DIR ?? new URL('../../../.services/kafka/tls/', import.meta.url).pathname;
const keyPassword = process.env.KAFKA_TLS_KEY_PASSWORD ?? 'client-key-secret';
const hint = 'run scripts/services/kafka.sh up';
const ssl = await requireService('kafka-ssl', sslBrokers, { hint });
const mtls = await requireService('kafka-mtls', mtlsBrokers, { hint });

const pem = (name: string) => readFileSync(`${tlsDir.replace(/\/$/, '')}/${name}`, 'utf8');

describe.skipIf(!ssl.reachable || !mtls.reachable)('kafka scaler over TLS against a real broker', () => {
  const run = `${Date.now().toString(36)}-${process.pid}`;
  const topic = `it-tls-${run}`;
  const group = `g-tls-${run}`;
  const connections = createConnectionCache();
  const scalers: Scaler[] = [];
  let ca: string;
  let otherCa: string;
  let cert: string;
  let key: string;
  let encryptedKey: string;

  beforeAll(async () => {
    ca = pem('ca.pem');
    otherCa = pem('other-ca.pem');
    cert = pem('client.pem');
    key = pem('client.key');
    encryptedKey = pem('client-encrypted.key');
    await seedLag(brokers.split(','), topic, group, 9, 4);
  });

  afterAll(async () => {
    await Promise.all(scalers.map((scaler) => scaler.close()));
    expect(connections.size).toBe(0);
    await deleteTopics(brokers.split(','), [topic]);
  });

  function scaler(bootstrapServers: string, metadata: Record<string, string>, authParams: Record<string, string>) {
    const config = kafkaScaler.parse({
      metadata: { bootstrapServers, consumerGroup: group, topic, ...metadata },
      authParams,
    });
    const created = kafkaScaler.create(config, {
      logger: silentLogger,
      signal: new AbortController().signal,
      connections,
      timeoutMs: 5000,
    });
    scalers.push(created);
    return created;
  }

  async function failure(target: Scaler): Promise<ScalerError> {
    const error = await poll(target).catch((e: unknown) => e);
    expect(ScalerError.isInstance(error)).toBe(true);
    return error as ScalerError;
  }

  const lag = { value: 5, isActive: true };

  it('verifies the broker with the CA alone (tls and ca from the TriggerAuthentication)', async () => {
    expect(await poll(scaler(sslBrokers, {}, { tls: 'enable', ca }))).toEqual(lag);
  });

  it('logs in with a client certificate on the listener that requires one', async () => {
    expect(await poll(scaler(mtlsBrokers, { tls: 'enable' }, { ca, cert, key }))).toEqual(lag);
  });

  it('decrypts an encrypted client key with keyPassword', async () => {
    expect(await poll(scaler(mtlsBrokers, { tls: 'enable' }, { ca, cert, key: encryptedKey, keyPassword }))).toEqual(
      lag,
    );
  });

  it('accepts the self-signed chain without a CA only with unsafeSsl', async () => {
    expect(await poll(scaler(sslBrokers, { tls: 'enable', unsafeSsl: 'true' }, {}))).toEqual(lag);
    const error = await failure(scaler(sslBrokers, { tls: 'enable' }, {}));
    expect(error.code).toBe('CONNECTION_ERROR');
    expect(error.message).toContain(
      `(TLS: the broker's certificate was not accepted, UNABLE_TO_VERIFY_LEAF_SIGNATURE; give the CA that signed it in "ca", or set "unsafeSsl")`,
    );
  });

  it('fails clearly, before the poll timeout, with the wrong CA', async () => {
    const error = await failure(scaler(sslBrokers, { tls: 'enable' }, { ca: otherCa }));
    expect(error.code).toBe('CONNECTION_ERROR');
    expect(error.message).toMatch(
      /^kafka: reading the lag of group "g-tls-[^"]+" failed: Connection error: unable to verify the first certificate \(TLS: /,
    );
    expect(error.message).toContain(`give the CA that signed it in "ca", or set "unsafeSsl"`);
  });

  it('is refused by the mutual-TLS listener without a client certificate', async () => {
    const error = await failure(scaler(mtlsBrokers, { tls: 'enable' }, { ca }));
    expect(error.code).toBe('CONNECTION_ERROR');
    expect(error.message).toContain('it may require a client certificate: give "cert" and "key"');
  });

  it('refuses a wrong keyPassword at create(), naming keyPassword without its value', () => {
    const config = kafkaScaler.parse({
      metadata: { bootstrapServers: mtlsBrokers, consumerGroup: group, topic, tls: 'enable' },
      authParams: { ca, cert, key: encryptedKey, keyPassword: 'wrong-key-password' },
    });
    let error: unknown;
    try {
      kafkaScaler.create(config, { logger: silentLogger, signal: new AbortController().signal, connections });
    } catch (caught) {
      error = caught;
    }
    expect(ScalerConfigError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ parameter: 'keyPassword', code: 'CONFIG_ERROR' });
    expect((error as Error).message).toBe(
      'kafka: "keyPassword" does not decrypt "key" (wrong password or damaged key)',
    );
  });
});
