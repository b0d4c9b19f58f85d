import { ScalerError } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import {
  encodeForm,
  goQueryEscape,
  OAuthBearerTokenSource,
  type OAuthClientCredentialsOptions,
  parseTokenResponse,
  TOKEN_EXPIRY_MARGIN_MS,
} from './kafka-oauth.js';

interface Recorded {
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

type Reply = { status?: number; body: string; contentType?: string } | Error;

/** A fetch that records requests and answers from a script (the last reply repeats). */
function scriptedFetch(replies: Reply[]) {
  const requests: Recorded[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    requests.push({
      url: String(input),
      authorization: headers.get('authorization') ?? undefined,
      contentType: headers.get('content-type') ?? undefined,
      body: String(init?.body ?? ''),
    });
    const reply = replies[Math.min(requests.length - 1, replies.length - 1)]!;
    if (reply instanceof Error) throw reply;
    return new Response(reply.body, {
      status: reply.status ?? 200,
      headers: { 'content-type': reply.contentType ?? 'application/json' },
    });
  }) as typeof fetch;
  return { fetchImpl, requests };
}

const tokenReply = (token: string, expiresIn?: number | string): Reply => ({
  body: JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: expiresIn }),
});

function source(fetchImpl: typeof fetch, overrides: Partial<OAuthClientCredentialsOptions> = {}, clock = { now: 0 }) {
  return new OAuthBearerTokenSource({
    clientId: 'client id/1',
    clientSecret: 'top-secret-value',
    tokenEndpointUri: 'http://127.0.0.1:9/token',
    scopes: [''],
    timeoutMs: 1000,
    fetch: fetchImpl,
    now: () => clock.now,
    ...overrides,
  });
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('OAuthBearerTokenSource request', () => {
  it('POSTs the client-credentials grant with the client in a Basic header, query-escaped as Go does', async () => {
    const { fetchImpl, requests } = scriptedFetch([tokenReply('t1', 3600)]);
    expect(await source(fetchImpl).token()).toEqual({ value: 't1' });
    expect(requests).toEqual([
      {
        url: 'http://127.0.0.1:9/token',
        authorization: basic('client+id%2F1', 'top-secret-value'),
        contentType: 'application/x-www-form-urlencoded',
        body: 'grant_type=client_credentials&scope=',
      },
    ]);
  });

  const scopes: Array<[string, string[], string]> = [
    ['absent scopes (KEDA: [""]) as an empty scope', [''], 'grant_type=client_credentials&scope='],
    ['no scope parameter for an empty list', [], 'grant_type=client_credentials'],
    ['scopes space-joined', ['read', 'write'], 'grant_type=client_credentials&scope=read+write'],
    ['untrimmed scopes as given', ['a', ' b'], 'grant_type=client_credentials&scope=a++b'],
    [
      'reserved characters escaped',
      ['api://kafka/.default'],
      'grant_type=client_credentials&scope=api%3A%2F%2Fkafka%2F.default',
    ],
  ];
  for (const [name, list, body] of scopes) {
    it(`sends ${name}`, async () => {
      const { fetchImpl, requests } = scriptedFetch([tokenReply('t')]);
      await source(fetchImpl, { scopes: list }).token();
      expect(requests[0]!.body).toBe(body);
    });
  }

  it('retries once with the client in the body when the header style fails, and keeps that style', async () => {
    const { fetchImpl, requests } = scriptedFetch([
      { status: 401, body: '{"error":"invalid_client"}' },
      tokenReply('t1', 20),
      tokenReply('t2', 3600),
    ]);
    const clock = { now: 0 };
    const tokens = source(fetchImpl, {}, clock);
    expect(await tokens.token()).toEqual({ value: 't1' });
    clock.now = 11_000; // 20 s token, 10 s margin: expired
    expect(await tokens.token()).toEqual({ value: 't2' });
    expect(requests.map((request) => [request.authorization, request.body])).toEqual([
      [basic('client+id%2F1', 'top-secret-value'), 'grant_type=client_credentials&scope='],
      [undefined, 'client_id=client+id%2F1&client_secret=top-secret-value&grant_type=client_credentials&scope='],
      [undefined, 'client_id=client+id%2F1&client_secret=top-secret-value&grant_type=client_credentials&scope='],
    ]);
  });

  it('leaves an empty client secret out of the body', async () => {
    const { fetchImpl, requests } = scriptedFetch([{ status: 400, body: '{}' }, tokenReply('t')]);
    await source(fetchImpl, { clientSecret: '' }).token();
    expect(requests[1]!.body).toBe('client_id=client+id%2F1&grant_type=client_credentials&scope=');
  });

  it('keeps the header style once it worked (no probe after a later failure)', async () => {
    const { fetchImpl, requests } = scriptedFetch([tokenReply('t1', 1), { status: 500, body: 'down' }]);
    const clock = { now: 0 };
    const tokens = source(fetchImpl, {}, clock);
    await tokens.token();
    const error = (await tokens.token().catch((e: unknown) => e)) as ScalerError;
    expect(error.code).toBe('AUTHENTICATION_ERROR');
    expect(requests.map((request) => request.authorization !== undefined)).toEqual([true, true]);
  });
});

describe('OAuthBearerTokenSource cache', () => {
  it('reuses the token until 10 s before it expires, then fetches a new one', async () => {
    const { fetchImpl, requests } = scriptedFetch([tokenReply('t1', 60), tokenReply('t2', 60)]);
    const clock = { now: 1_000_000 };
    const tokens = source(fetchImpl, {}, clock);
    expect((await tokens.token()).value).toBe('t1');
    clock.now += 60_000 - TOKEN_EXPIRY_MARGIN_MS; // exactly at the margin: still valid (Go: expired only after)
    expect((await tokens.token()).value).toBe('t1');
    clock.now += 1;
    expect((await tokens.token()).value).toBe('t2');
    expect(requests).toHaveLength(2);
  });

  it('reuses a token without expires_in forever, as golang.org/x/oauth2 does', async () => {
    const { fetchImpl, requests } = scriptedFetch([tokenReply('t1'), tokenReply('t2')]);
    const clock = { now: 0 };
    const tokens = source(fetchImpl, {}, clock);
    await tokens.token();
    clock.now = 365 * 24 * 3600 * 1000;
    expect((await tokens.token()).value).toBe('t1');
    expect(requests).toHaveLength(1);
  });

  it('fetches at every call when expires_in is within the margin', async () => {
    const { fetchImpl, requests } = scriptedFetch([tokenReply('t1', 9), tokenReply('t2', 9)]);
    const tokens = source(fetchImpl);
    expect((await tokens.token()).value).toBe('t1');
    expect((await tokens.token()).value).toBe('t2');
    expect(requests).toHaveLength(2);
  });

  it('shares one request between concurrent callers', async () => {
    const { fetchImpl, requests } = scriptedFetch([tokenReply('t1', 3600)]);
    const tokens = source(fetchImpl);
    const values = await Promise.all([tokens.token(), tokens.token(), tokens.token()]);
    expect(values.map((token) => token.value)).toEqual(['t1', 't1', 't1']);
    expect(requests).toHaveLength(1);
  });

  it('fetches again after invalidate()', async () => {
    const { fetchImpl } = scriptedFetch([tokenReply('t1', 3600), tokenReply('t2', 3600)]);
    const tokens = source(fetchImpl);
    await tokens.token();
    tokens.invalidate();
    expect((await tokens.token()).value).toBe('t2');
  });

  it('attaches the extensions, sorted by name, to every token', async () => {
    const { fetchImpl } = scriptedFetch([tokenReply('t1', 3600)]);
    const tokens = source(fetchImpl, { extensions: { traceId: 'abc', logicalCluster: 'lkc-1' } });
    const first = await tokens.token();
    expect(first).toEqual({ value: 't1', extensions: { logicalCluster: 'lkc-1', traceId: 'abc' } });
    expect(Object.keys(first.extensions!)).toEqual(['logicalCluster', 'traceId']);
    first.extensions!.traceId = 'changed';
    expect((await tokens.token()).extensions!.traceId).toBe('abc');
  });
});

describe('OAuthBearerTokenSource errors', () => {
  async function failure(replies: Reply[], overrides: Partial<OAuthClientCredentialsOptions> = {}) {
    const { fetchImpl } = scriptedFetch(replies);
    const error = await source(fetchImpl, overrides)
      .token()
      .catch((e: unknown) => e);
    expect(ScalerError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).not.toContain('top-secret-value');
    return error as ScalerError;
  }

  const table: Array<[string, Reply[], string, RegExp]> = [
    [
      'an OAuth error answer',
      [{ status: 401, body: '{"error":"invalid_client","error_description":"bad secret top-secret-value"}' }],
      'AUTHENTICATION_ERROR',
      /failed: HTTP 401 "invalid_client" "bad secret \*\*\*"$/,
    ],
    [
      'a bare HTTP failure',
      [{ status: 503, body: 'busy', contentType: 'text/html' }],
      'AUTHENTICATION_ERROR',
      /HTTP 503$/,
    ],
    [
      'an error field with status 200',
      [{ body: '{"error":"invalid_scope"}' }],
      'AUTHENTICATION_ERROR',
      /HTTP 200 "invalid_scope"$/,
    ],
    [
      'no access_token',
      [{ body: '{"token_type":"bearer"}' }],
      'AUTHENTICATION_ERROR',
      /the response has no access_token$/,
    ],
    ['a body that is not JSON', [{ body: '<html>' }], 'AUTHENTICATION_ERROR', /the response is not JSON$/],
    ['a fractional expires_in', [tokenReply('t', 1.5)], 'AUTHENTICATION_ERROR', /expires_in is not an integer$/],
    ['a network failure', [new TypeError('fetch failed')], 'CONNECTION_ERROR', /failed: fetch failed$/],
  ];
  for (const [name, replies, code, message] of table) {
    it(`reports ${name} as ${code}, naming client and endpoint, without the secret`, async () => {
      const error = await failure(replies);
      expect(error.code).toBe(code);
      expect(error.message).toMatch(
        /^kafka: fetching an OAuth token for client "client id\/1" from http:\/\/127\.0\.0\.1:9\/token /,
      );
      expect(error.message).toMatch(message);
    });
  }

  it('shows the endpoint without credentials or query', async () => {
    const error = await failure([{ status: 500, body: '' }], {
      tokenEndpointUri: 'https://user:pw-in-url@idp.example/oauth2/token?key=query-secret',
    });
    expect(error.message).toContain('from https://idp.example/oauth2/token failed');
    expect(error.message).not.toMatch(/pw-in-url|query-secret/);
  });

  it('is aborted by the caller signal', async () => {
    const hanging = ((_input: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
      })) as typeof fetch;
    const controller = new AbortController();
    const pending = source(hanging).token(controller.signal);
    controller.abort(new Error('poll cancelled'));
    const error = (await pending.catch((e: unknown) => e)) as ScalerError;
    expect(error).toMatchObject({ code: 'ABORTED' });
    expect(error.message).toMatch(/was aborted$/);
  });

  it('times out after timeoutMs', async () => {
    const hanging = ((_input: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
      })) as typeof fetch;
    const error = (await source(hanging, { timeoutMs: 5 })
      .token()
      .catch((e: unknown) => e)) as ScalerError;
    expect(error).toMatchObject({ name: 'ScalerTimeoutError', code: 'TIMEOUT', timeoutMs: 5 });
  });

  it('cancels a request in flight on close() and refuses later calls', async () => {
    const hanging = ((_input: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
      })) as typeof fetch;
    const tokens = source(hanging);
    const pending = tokens.token();
    tokens.close();
    expect(await pending.catch((e: unknown) => (e as ScalerError).code)).toBe('CLOSED');
    expect(await tokens.token().catch((e: unknown) => (e as ScalerError).code)).toBe('CLOSED');
  });
});

describe('token response parsing (golang.org/x/oauth2 rules)', () => {
  const table: Array<[string, string, string, ReturnType<typeof parseTokenResponse>]> = [
    [
      'JSON with a numeric expires_in',
      '{"access_token":"a","expires_in":3600}',
      'application/json',
      { accessToken: 'a', expiresIn: 3600, error: undefined, invalid: undefined },
    ],
    [
      'JSON with a string expires_in',
      '{"access_token":"a","expires_in":"120"}',
      'application/json; charset=utf-8',
      { accessToken: 'a', expiresIn: 120, error: undefined, invalid: undefined },
    ],
    [
      'JSON without content type',
      '{"access_token":"a","expires_in":null}',
      '',
      { accessToken: 'a', expiresIn: 0, error: undefined, invalid: undefined },
    ],
    [
      'an expires_in beyond int32, clamped',
      '{"access_token":"a","expires_in":99999999999}',
      'application/json',
      { accessToken: 'a', expiresIn: 2 ** 31 - 1, error: undefined, invalid: undefined },
    ],
    [
      'a form-encoded answer',
      'access_token=a%2Bb&expires_in=60&token_type=bearer',
      'application/x-www-form-urlencoded',
      { accessToken: 'a+b', expiresIn: 60, error: undefined, invalid: undefined },
    ],
    [
      'text/plain as a form, an unparsable expires_in ignored',
      'access_token=a&expires_in=soon',
      'text/plain',
      { accessToken: 'a', expiresIn: 0, error: undefined, invalid: undefined },
    ],
    [
      'a form error',
      'error=invalid_client&error_description=no',
      'application/x-www-form-urlencoded',
      { accessToken: undefined, expiresIn: 0, error: '"invalid_client" "no"', invalid: undefined },
    ],
  ];
  for (const [name, body, contentType, expected] of table) {
    it(`reads ${name}`, () => {
      expect(parseTokenResponse(body, contentType)).toEqual(expected);
    });
  }
});

describe('Go query escaping', () => {
  const table: Array<[string, string]> = [
    ['abc-_.~XYZ019', 'abc-_.~XYZ019'],
    ['a b', 'a+b'],
    ["!*'()", '%21%2A%27%28%29'],
    ['é/:', '%C3%A9%2F%3A'],
  ];
  for (const [input, output] of table) {
    it(`escapes ${JSON.stringify(input)} as ${output}`, () => {
      expect(goQueryEscape(input)).toBe(output);
    });
  }

  it('sorts form keys', () => {
    expect(encodeForm({ scope: 'x y', grant_type: 'client_credentials', client_id: 'c' })).toBe(
      'client_id=c&grant_type=client_credentials&scope=x+y',
    );
  });
});
