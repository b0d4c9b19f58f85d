// The scaler's authentication wiring (OAuth bearer tokens, connection identity), over a fake admin and a
// stubbed global fetch. The real broker and token endpoint are exercised in kafka-auth.int.test.ts.
import {
  type ConnectionCache,
  createConnectionCache,
  type ScalerContext,
  ScalerError,
  silentLogger,
} from '@scalerkit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KafkaAdminLike, KafkaJsAdminOptions } from './kafka-client.js';
import type { OAuthBearerToken } from './kafka-oauth.js';
import { KafkaScaler, kafkaScaler } from './kafka-scaler.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** An admin over one topic `t` with one partition at offset 5 and group `g` at 2 (lag 3). */
function fakeAdmin(): KafkaAdminLike & { fail?: Error } {
  const admin: KafkaAdminLike & { fail?: Error } = {
    async fetchTopicMetadata() {
      if (admin.fail) throw admin.fail;
      return [{ topic: 't', partitions: [{ partition: 0, leader: 1 }] }];
    },
    async fetchCommittedOffsets() {
      return [{ topic: 't', partition: 0, offset: 2 }];
    },
    async fetchLatestOffsets() {
      return [{ topic: 't', partition: 0, offset: 5 }];
    },
    async fetchEarliestOffsets() {
      return [{ topic: 't', partition: 0, offset: 0 }];
    },
    async disconnect() {},
  };
  return admin;
}

/** A stubbed token endpoint: each call answers the next token (expires_in as given). */
function stubTokenEndpoint(expiresIn: number | undefined, status = 200) {
  const bodies: string[] = [];
  let issued = 0;
  vi.stubGlobal('fetch', async (_input: unknown, init?: RequestInit) => {
    bodies.push(String(init?.body));
    issued += 1;
    const body =
      status === 200 ? { access_token: `token-${issued}`, expires_in: expiresIn } : { error: 'invalid_client' };
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return bodies;
}

const oauth = {
  metadata: { bootstrapServers: 'b:9092', consumerGroup: 'g', topic: 't', sasl: 'oauthbearer' },
  authParams: {
    username: 'scaler-client',
    password: 'client-secret-value',
    oauthTokenEndpointUri: 'http://127.0.0.1:9/token',
    scopes: 'kafka,lag',
    oauthExtensions: 'traceId=abc,logicalCluster=lkc-1',
  },
};

function recordingCache(): ConnectionCache & { keys: string[] } {
  const inner = createConnectionCache();
  const keys: string[] = [];
  return {
    keys,
    acquire(key, open, close) {
      keys.push(key);
      return inner.acquire(key, open, close);
    },
    get size() {
      return inner.size;
    },
    closeAll: () => inner.closeAll(),
  };
}

function context(connections: ConnectionCache = createConnectionCache()): ScalerContext {
  return { logger: silentLogger, signal: new AbortController().signal, connections, timeoutMs: 1000 };
}

function create(input: { metadata: Record<string, string>; authParams?: Record<string, string> }, ctx = context()) {
  const admin = fakeAdmin();
  const opened: KafkaJsAdminOptions[] = [];
  const scaler = new KafkaScaler(kafkaScaler.parse(input), ctx, {
    createAdmin: async (options) => {
      opened.push(options);
      return admin;
    },
  });
  const metricName = scaler.getMetricSpecs()[0]!.metricName;
  return { scaler, admin, opened, poll: () => scaler.getMetricsAndActivity(metricName) };
}

type OAuthSasl = { mechanism: 'oauthbearer'; oauthBearerProvider: () => Promise<OAuthBearerToken> };

describe('sasl oauthbearer with saslTokenProvider bearer', () => {
  it('gives kafkajs a provider of client-credentials tokens with the extensions', async () => {
    const bodies = stubTokenEndpoint(3600);
    const { scaler, opened, poll } = create(oauth);
    expect(await poll()).toEqual({ metrics: [{ metricName: 's0-kafka-t', value: 3 }], isActive: true });
    const sasl = opened[0]!.sasl as OAuthSasl;
    expect(sasl.mechanism).toBe('oauthbearer');
    expect(await sasl.oauthBearerProvider()).toEqual({
      value: 'token-1',
      extensions: { logicalCluster: 'lkc-1', traceId: 'abc' },
    });
    expect(bodies).toEqual(['grant_type=client_credentials&scope=kafka+lag']);
    await scaler.close();
  });

  it('reuses a valid token across polls and fetches a new one once it expires', async () => {
    const longLived = stubTokenEndpoint(3600);
    const first = create(oauth);
    await first.poll();
    await first.poll();
    expect(longLived).toHaveLength(1);
    await first.scaler.close();

    const shortLived = stubTokenEndpoint(5); // within the 10 s margin: expired at once
    const second = create(oauth);
    await second.poll();
    await second.poll();
    expect(shortLived).toHaveLength(2);
    expect(await (second.opened[0]!.sasl as OAuthSasl).oauthBearerProvider()).toMatchObject({ value: 'token-3' });
    await second.scaler.close();
  });

  it('fails the poll with the token endpoint error, before connecting, without the secret', async () => {
    stubTokenEndpoint(undefined, 401);
    const { scaler, opened, poll } = create(oauth);
    const error = (await poll().catch((e: unknown) => e)) as ScalerError;
    expect(ScalerError.isInstance(error)).toBe(true);
    expect(error.code).toBe('AUTHENTICATION_ERROR');
    expect(error.message).toBe(
      'kafka: fetching an OAuth token for client "scaler-client" from http://127.0.0.1:9/token failed: HTTP 401 "invalid_client"',
    );
    expect(opened).toHaveLength(0);
    await scaler.close();
  });

  it('forgets the token after the broker refused it', async () => {
    const bodies = stubTokenEndpoint(3600);
    const { scaler, admin, opened, poll } = create(oauth);
    await poll();
    admin.fail = Object.assign(new Error('SASL OAUTHBEARER authentication failed: invalid credentials'), {
      name: 'KafkaJSSASLAuthenticationError',
    });
    expect(await poll().catch((e: unknown) => (e as ScalerError).code)).toBe('AUTHENTICATION_ERROR');
    admin.fail = undefined;
    await poll();
    expect(bodies).toHaveLength(2);
    expect(await (opened[0]!.sasl as OAuthSasl).oauthBearerProvider()).toMatchObject({ value: 'token-2' });
    await scaler.close();
  });

  it('stops the token source when the last scaler closes', async () => {
    stubTokenEndpoint(3600);
    const { scaler, opened, poll } = create(oauth);
    await poll();
    await scaler.close();
    const error = (await (opened[0]!.sasl as OAuthSasl).oauthBearerProvider().catch((e: unknown) => e)) as ScalerError;
    expect(error.code).toBe('CLOSED');
  });
});

describe('connection identity', () => {
  const base = { bootstrapServers: 'b:9092', consumerGroup: 'g', topic: 't' };
  const variants: Array<[string, { metadata: Record<string, string>; authParams?: Record<string, string> }]> = [
    ['plaintext', { metadata: base }],
    ['tls', { metadata: { ...base, tls: 'enable' } }],
    ['tls unsafe', { metadata: { ...base, tls: 'enable', unsafeSsl: 'true' } }],
    ['oauth', oauth],
    ['oauth, other secret', { ...oauth, authParams: { ...oauth.authParams, password: 'other-secret-value' } }],
    ['oauth, other client', { ...oauth, authParams: { ...oauth.authParams, username: 'other-client' } }],
    ['oauth, other scopes', { ...oauth, authParams: { ...oauth.authParams, scopes: 'kafka' } }],
    ['oauth, other extensions', { ...oauth, authParams: { ...oauth.authParams, oauthExtensions: 'traceId=x' } }],
    [
      'oauth, other endpoint',
      { ...oauth, authParams: { ...oauth.authParams, oauthTokenEndpointUri: 'http://127.0.0.1:9/other' } },
    ],
  ];

  it('gives every distinct TLS and OAuth setting its own client, with no secret in the key', async () => {
    stubTokenEndpoint(3600);
    const connections = recordingCache();
    const scalers = variants.map(([, input]) => create(input, context(connections)));
    for (const entry of scalers) await entry.poll();
    expect(new Set(connections.keys).size).toBe(variants.length);
    expect(connections.size).toBe(variants.length);
    for (const key of connections.keys) {
      expect(key).toMatch(/^kafka\|b:9092\|[0-9a-f]{16}$/);
    }
    await Promise.all(scalers.map((entry) => entry.scaler.close()));
    expect(connections.size).toBe(0);
  });

  it('shares one client between triggers with the same credentials', async () => {
    const bodies = stubTokenEndpoint(3600);
    const connections = recordingCache();
    const first = create(oauth, context(connections));
    const second = create(oauth, context(connections));
    await first.poll();
    await second.poll();
    expect(connections.size).toBe(1);
    expect(first.opened.length + second.opened.length).toBe(1);
    expect(bodies).toHaveLength(1);
    await first.scaler.close();
    await second.scaler.close();
  });
});

describe('TLS failures', () => {
  const tls = { metadata: { bootstrapServers: 'b:9093', consumerGroup: 'g', topic: 't', tls: 'enable' } };
  const wrapped = (code: string) =>
    Object.assign(new Error('Connection error: handshake failed'), {
      name: 'KafkaJSNumberOfRetriesExceeded',
      cause: Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError', code }),
    });
  const table: Array<[string, typeof tls, string, string]> = [
    [
      'an untrusted broker certificate',
      tls,
      'SELF_SIGNED_CERT_IN_CHAIN',
      ` (TLS: the broker's certificate was not accepted, SELF_SIGNED_CERT_IN_CHAIN; give the CA that signed it in "ca", or set "unsafeSsl")`,
    ],
    [
      'a certificate for another host',
      tls,
      'ERR_TLS_CERT_ALTNAME_INVALID',
      ` (TLS: the broker's certificate was not accepted, ERR_TLS_CERT_ALTNAME_INVALID; give the CA that signed it in "ca", or set "unsafeSsl")`,
    ],
    [
      'a refused client certificate',
      tls,
      'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      ' (TLS: the broker refused the handshake, ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED; it may require a client certificate: give "cert" and "key")',
    ],
    ['an unrelated code', tls, 'ECONNRESET', ''],
    [
      'a TLS code without tls: enable',
      { metadata: { ...tls.metadata, tls: 'disable' } },
      'SELF_SIGNED_CERT_IN_CHAIN',
      '',
    ],
  ];
  for (const [name, input, code, hint] of table) {
    it(`explains ${name} (kafkajs keeps the socket's code in its error's cause)`, async () => {
      const { scaler, admin, poll } = create(input);
      admin.fail = wrapped(code);
      const error = (await poll().catch((e: unknown) => e)) as ScalerError;
      expect(error.code).toBe('CONNECTION_ERROR');
      expect(error.message).toBe(
        `kafka: reading the lag of group "g" failed: Connection error: handshake failed${hint}`,
      );
      await scaler.close();
    });
  }
});
