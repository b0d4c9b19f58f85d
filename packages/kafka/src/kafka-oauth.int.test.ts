// SASL/OAUTHBEARER against the broker of scripts/services/kafka.sh (KAFKA_OAUTH_BROKERS: a listener that
// validates unsecured JWTs), with tokens from a local client-credentials endpoint started here. Skips with a
// one-line reason when the broker is not reachable, and fails instead under CI=true or
// SCALERKIT_REQUIRE_SERVICES=1.
import { createServer } from 'node:net';
import { createConnectionCache, type Scaler, ScalerError, silentLogger } from '@scalerkit/core';
import { requireService } from '@scalerkit/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { kafkaScaler } from './kafka-scaler.js';
import { startTokenEndpoint, type TokenEndpoint } from './oauth-test-endpoint.js';
import { deleteTopics, pollOnce as poll, seedLag } from './test-support.js';

const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const oauthBrokers = process.env.KAFKA_OAUTH_BROKERS ?? '127.0.0.1:19096';
const status = await requireService('kafka-oauth', oauthBrokers, { hint: 'run scripts/services/kafka.sh up' });

const clientId = 'scaler-client';
const clientSecret = 'client-secret-not-shown';

describe.skipIf(!status.reachable)('kafka scaler with sasl oauthbearer against a real broker', () => {
  const run = `${Date.now().toString(36)}-${process.pid}`;
  const topic = `it-oauth-${run}`;
  const group = `g-oauth-${run}`;
  const connections = createConnectionCache();
  const scalers: Scaler[] = [];
  let endpoint: TokenEndpoint;

  beforeAll(async () => {
    await seedLag(brokers.split(','), topic, group, 7, 3);
  });

  beforeEach(async () => {
    endpoint = await startTokenEndpoint({ clientId, clientSecret });
  });

  afterEach(async () => {
    await Promise.all(scalers.splice(0).map((scaler) => scaler.close()));
    expect(connections.size).toBe(0);
    await endpoint.close();
  });

  afterAll(async () => {
    await deleteTopics(brokers.split(','), [topic]);
  });

  function scaler(authParams: Record<string, string> = {}, timeoutMs = 5000) {
    const config = kafkaScaler.parse({
      metadata: { bootstrapServers: oauthBrokers, consumerGroup: group, topic, sasl: 'oauthbearer' },
      authParams: {
        username: clientId,
        password: clientSecret,
        oauthTokenEndpointUri: endpoint.url,
        ...authParams,
      },
    });
    const created = kafkaScaler.create(config, {
      logger: silentLogger,
      signal: new AbortController().signal,
      connections,
      timeoutMs,
    });
    scalers.push(created);
    return created;
  }

  async function failure(target: Scaler): Promise<ScalerError> {
    const error = await poll(target).catch((e: unknown) => e);
    expect(ScalerError.isInstance(error)).toBe(true);
    expect((error as Error).message).not.toContain(clientSecret);
    return error as ScalerError;
  }

  const lag = { value: 4, isActive: true };

  it('logs in with a client-credentials token (client in the Basic header, scopes space-joined)', async () => {
    expect(await poll(scaler({ scopes: 'kafka,lag-reader' }))).toEqual(lag);
    expect(endpoint.requests).toEqual([
      { clientAuth: 'header', clientId, form: { grant_type: 'client_credentials', scope: 'kafka lag-reader' } },
    ]);
  });

  it('sends an empty scope when scopes is absent, and untrimmed scopes as given', async () => {
    expect(await poll(scaler())).toEqual(lag);
    expect(await poll(scaler({ scopes: 'a, b' }))).toEqual(lag);
    expect(endpoint.requests.map((request) => request.form.scope)).toEqual(['', 'a  b']);
  });

  it('sends oauthExtensions with the token (the broker refuses a malformed extension name)', async () => {
    expect(await poll(scaler({ oauthExtensions: 'traceId=abc,logicalCluster=lkc-1' }))).toEqual(lag);
    // Extension names must be letters only (RFC 7628); the broker rejects the login when one is not.
    const error = await failure(scaler({ oauthExtensions: 'trace_id=abc' }));
    expect(error.code).toBe('AUTHENTICATION_ERROR');
    expect(error.message).toMatch(/SASL OAUTHBEARER authentication failed/);
  });

  it('falls back to the client in the form body when the endpoint refuses the header, and keeps that style', async () => {
    endpoint.behaviour.acceptHeader = false;
    endpoint.behaviour.expiresIn = 5; // within the 10 s margin: a new token at every poll
    const target = scaler();
    expect(await poll(target)).toEqual(lag);
    const afterFirst = endpoint.requests.length;
    expect(await poll(target)).toEqual(lag);
    // Every login asks again for a token that expires within the margin, always with the body style now.
    expect(endpoint.requests.length).toBeGreaterThan(afterFirst);
    expect(endpoint.requests.map((request) => request.clientAuth)).toEqual([
      'header',
      ...Array.from({ length: endpoint.requests.length - 1 }, () => 'params'),
    ]);
  });

  it('reuses a token until it nears expiry, then fetches a new one', async () => {
    const longLived = scaler();
    await poll(longLived);
    await poll(longLived);
    expect(endpoint.requests).toHaveLength(1);
    endpoint.behaviour.expiresIn = 5; // within the 10 s margin: expired as soon as it arrives
    const shortLived = scaler({ scopes: 'short' });
    await poll(shortLived);
    const afterFirst = endpoint.requests.length;
    await poll(shortLived);
    expect(endpoint.requests.length).toBeGreaterThan(afterFirst);
  });

  it('fails with AUTHENTICATION_ERROR on a wrong client secret, without showing it', async () => {
    endpoint.behaviour.clientSecret = 'the-right-one';
    const error = await failure(scaler());
    expect(error.code).toBe('AUTHENTICATION_ERROR');
    expect(error.message).toBe(
      `kafka: fetching an OAuth token for client "${clientId}" from ${endpoint.url} failed: HTTP 401 "invalid_client" "client authentication failed"`,
    );
  });

  it('gets a new token after the broker refused an expired one', async () => {
    endpoint.behaviour.jwtLifetimeSeconds = -60;
    const target = scaler();
    const error = await failure(target);
    expect(error.code, error.message).toBe('AUTHENTICATION_ERROR');
    endpoint.behaviour.jwtLifetimeSeconds = 3600;
    expect(await poll(target).catch((e: unknown) => String(e))).toEqual(lag);
    expect(endpoint.requests).toHaveLength(2);
  });

  it('keeps clients with different credentials apart', async () => {
    const wrong = scaler({ password: 'another-secret-value' });
    const right = scaler();
    expect((await failure(wrong)).code).toBe('AUTHENTICATION_ERROR');
    expect(await poll(right)).toEqual(lag);
  });

  it('fails with CONNECTION_ERROR when nothing listens at the token endpoint', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const error = await failure(scaler({ oauthTokenEndpointUri: `http://127.0.0.1:${port}/token` }));
    expect(error.code).toBe('CONNECTION_ERROR');
    expect(error.message).toMatch(
      /^kafka: fetching an OAuth token for client "scaler-client" from http:\/\/127\.0\.0\.1:\d+\/token failed: fetch failed/,
    );
  });

  it('times out when the token endpoint never answers', async () => {
    endpoint.behaviour.hang = true;
    const error = await failure(scaler({}, 1500));
    expect(error).toMatchObject({ name: 'ScalerTimeoutError', code: 'TIMEOUT', timeoutMs: 1500 });
  });
});
