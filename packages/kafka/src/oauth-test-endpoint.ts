// A local OAuth2 token endpoint for the integration tests (client-credentials grant only), issuing the
// unsecured JWTs (alg "none") that the broker's OAUTHBEARER listener of scripts/services/kafka.sh accepts.
import { createServer, type IncomingMessage, type Server } from 'node:http';

/** One request the endpoint received, as it read it. */
export interface TokenRequest {
  /** Where the client credentials were: the Basic header or the form body. */
  clientAuth: 'header' | 'params' | 'none';
  clientId: string | undefined;
  form: Record<string, string>;
}

/** How the endpoint behaves; change the fields between polls. */
export interface TokenEndpointBehaviour {
  clientId: string;
  clientSecret: string;
  /** `expires_in` of the answers (omitted when undefined). */
  expiresIn: number | undefined;
  /** Lifetime of the JWT itself (its `exp`), in seconds from now; negative issues expired tokens. */
  jwtLifetimeSeconds: number;
  /** False refuses credentials in the Basic header (some providers only read the body). */
  acceptHeader: boolean;
  /** True accepts the connection and never answers. */
  hang: boolean;
}

export interface TokenEndpoint {
  url: string;
  requests: TokenRequest[];
  behaviour: TokenEndpointBehaviour;
  close(): Promise<void>;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsecured JWT (RFC 7519, section 6 "Unsecured JWTs"): header `{"alg":"none"}`, the claims, and an empty signature. */
export function unsecuredJwt(claims: Record<string, unknown>): string {
  return `${base64url({ alg: 'none' })}.${base64url(claims)}.`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Decodes a form-urlencoded component as Go's url.QueryUnescape does (`+` is a space). */
const formUnescape = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));

/** Starts the endpoint on 127.0.0.1 (a free port). */
export async function startTokenEndpoint(behaviour: Partial<TokenEndpointBehaviour> = {}): Promise<TokenEndpoint> {
  const state: TokenEndpointBehaviour = {
    clientId: 'scaler-client',
    clientSecret: 'client-secret',
    expiresIn: 3600,
    jwtLifetimeSeconds: 3600,
    acceptHeader: true,
    hang: false,
    ...behaviour,
  };
  const requests: TokenRequest[] = [];
  const hanging: IncomingMessage[] = [];
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const form = Object.fromEntries(new URLSearchParams(body));
    const header = request.headers.authorization;
    let clientAuth: TokenRequest['clientAuth'] = 'none';
    let clientId: string | undefined;
    let clientSecret: string | undefined;
    if (header?.startsWith('Basic ')) {
      const [id = '', secret = ''] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
      clientAuth = 'header';
      clientId = formUnescape(id);
      clientSecret = formUnescape(secret);
    } else if (form.client_id !== undefined) {
      clientAuth = 'params';
      clientId = form.client_id;
      clientSecret = form.client_secret;
    }
    requests.push({ clientAuth, clientId, form });
    if (state.hang) {
      hanging.push(request);
      return;
    }
    const reply = (status: number, value: object) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    if (request.method !== 'POST' || form.grant_type !== 'client_credentials') {
      reply(400, { error: 'unsupported_grant_type' });
      return;
    }
    const credentialsOk = clientId === state.clientId && clientSecret === state.clientSecret;
    if (!credentialsOk || (clientAuth === 'header' && !state.acceptHeader)) {
      reply(401, { error: 'invalid_client', error_description: 'client authentication failed' });
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const token = unsecuredJwt({
      sub: clientId,
      iat: now,
      exp: now + state.jwtLifetimeSeconds,
      ...(form.scope ? { scope: form.scope } : {}),
    });
    reply(200, {
      access_token: token,
      token_type: 'bearer',
      ...(state.expiresIn === undefined ? {} : { expires_in: state.expiresIn }),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/oauth2/token`,
    requests,
    behaviour: state,
    close: async () => {
      for (const request of hanging) request.socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
