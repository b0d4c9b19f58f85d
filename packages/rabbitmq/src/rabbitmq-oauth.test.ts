// OAuth2 client credentials over the management API (KEDA v2.21.0 createOAuth2HTTPClient): a bearer token from
// the token endpoint, cached across polls; no request before the first poll; the client secret never shown.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScalerError } from '@scalerkit/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rabbitmqScaler } from './rabbitmq-scaler.js';
import { pollOnce, testContext } from './test-support.js';

const seen: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
let tokenStatus = 200;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      seen.push({ url: request.url ?? '', headers: request.headers, body });
      if (request.url === '/token') {
        response.writeHead(tokenStatus, { 'content-type': 'application/json' });
        response.end(
          tokenStatus === 200
            ? JSON.stringify({ access_token: 'tok-1', token_type: 'Bearer', expires_in: 3600 })
            : '{"error":"invalid_client"}',
        );
        return;
      }
      const authorized = request.headers.authorization === 'Bearer tok-1';
      response.writeHead(authorized ? 200 : 401, { 'content-type': 'application/json' });
      response.end(authorized ? '{"messages": 6}' : 'no token');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

const trigger = () =>
  rabbitmqScaler.parse({
    metadata: { queueName: 'orders', host: `${base}/`, protocol: 'http' },
    authParams: {
      oauthTokenURI: `${base}/token`,
      clientID: 'scaler',
      clientSecret: 'client-Secret-42',
      scopes: 'rabbitmq.read:*/*,rabbitmq.tag:monitoring',
      endpointParams: 'audience=rabbitmq',
    },
  });

it('sends the token as a Bearer header, asks for it once for two polls and not before the first poll', async () => {
  seen.length = 0;
  tokenStatus = 200;
  const scaler = rabbitmqScaler.create(trigger(), testContext());
  expect(seen).toEqual([]);
  expect(await pollOnce(scaler)).toEqual({ value: 6, isActive: true });
  expect(await pollOnce(scaler)).toEqual({ value: 6, isActive: true });
  await scaler.close();
  expect(seen.map((request) => request.url)).toEqual(['/token', '/api/queues/%2F/orders', '/api/queues/%2F/orders']);
  const form = new URLSearchParams(seen[0]!.body);
  expect(form.get('grant_type')).toBe('client_credentials');
  expect(form.get('scope')).toBe('rabbitmq.read:*/* rabbitmq.tag:monitoring');
  expect(form.get('audience')).toBe('rabbitmq');
});

it('fails the poll when the token endpoint refuses the client, without showing the secret', async () => {
  seen.length = 0;
  tokenStatus = 401;
  const scaler = rabbitmqScaler.create(trigger(), testContext());
  const error = (await pollOnce(scaler).catch((caught: unknown) => caught)) as ScalerError;
  await scaler.close();
  expect(ScalerError.isInstance(error)).toBe(true);
  expect(error.code).toBe('AUTHENTICATION_ERROR');
  expect(error.message).not.toContain('client-Secret-42');
  // golang.org/x/oauth2 tries the client credentials in the header, then in the form; no management request follows.
  expect(seen.map((request) => request.url)).toEqual(['/token', '/token']);
});
