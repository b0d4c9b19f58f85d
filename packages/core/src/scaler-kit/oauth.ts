// OAuth2 client-credentials tokens as KEDA's scalers get them (golang.org/x/oauth2/clientcredentials, used by
// KEDA's pkg/scalers/authentication and the kafka/rabbitmq scalers, v2.21): form POST, client auth probed
// header-first, tokens reused until 10 s before they expire.
import { type Clock, systemClock } from '../clock.js';
import { thrownMessage } from '../engine/printable.js';
import { ScalerError, ScalerTimeoutError } from '../errors.js';

/** Settings of a `ClientCredentialsTokenSource`. */
export interface ClientCredentialsOptions {
  /** Starts every message: `kafka`, `rabbitmq`. */
  scalerType: string;
  clientId: string;
  clientSecret: string;
  tokenEndpointUri: string;
  /** Sent space-joined as `scope`; omitted only for an empty list (KEDA's absent `scopes` is `['']`: `scope=`). */
  scopes: readonly string[];
  /** Extra form fields sent with every token request (golang.org/x/oauth2's `EndpointParams`). */
  endpointParams?: Readonly<Record<string, string>>;
  /** Upper bound of one token request (ms). */
  timeoutMs: number;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Time and timers (expiry and the request deadline). Default: the system clock. */
  clock?: Clock;
  /** Milliseconds since the epoch, for expiry only. Default: `clock.now`. */
  now?: () => number;
}

/** golang.org/x/oauth2's expiryDelta: a token counts as expired this long before its `expires_in`. */
export const TOKEN_EXPIRY_MARGIN_MS = 10_000;
const MAX_RESPONSE_BYTES = 1 << 20;
const INT32_MAX = 2 ** 31 - 1;

type AuthStyle = 'header' | 'params';

/**
 * Fetches and caches client-credentials tokens for one client. `token()` returns the cached token while it
 * is valid, else asks the endpoint (one request at a time; concurrent callers share it). A request is bounded
 * by `timeoutMs` on the given clock. Errors never hold the client secret or a token.
 *
 * @example
 * const tokens = new ClientCredentialsTokenSource({ scalerType: 'rabbitmq', clientId, clientSecret, tokenEndpointUri, scopes: [''], timeoutMs: 3000 });
 * const accessToken = await tokens.token(signal);
 */
export class ClientCredentialsTokenSource {
  readonly #options: ClientCredentialsOptions;
  readonly #fetch: typeof fetch;
  readonly #clock: Clock;
  readonly #now: () => number;
  readonly #closed = new AbortController();
  #cached: { value: string; expiresAt: number | undefined } | undefined;
  #pending: Promise<string> | undefined;
  // The client-auth style that worked, probed once as golang.org/x/oauth2 does.
  #authStyle: AuthStyle | undefined;

  constructor(options: ClientCredentialsOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? fetch;
    this.#clock = options.clock ?? systemClock;
    this.#now = options.now ?? (() => this.#clock.now());
  }

  /** A valid access token; fetches one when none is cached or it expires within 10 s. */
  async token(signal?: AbortSignal): Promise<string> {
    if (this.#closed.signal.aborted)
      throw new ScalerError(`${this.#options.scalerType}: the OAuth token source is closed`, { code: 'CLOSED' });
    const cached = this.#cached;
    if (cached && (cached.expiresAt === undefined || this.#now() <= cached.expiresAt - TOKEN_EXPIRY_MARGIN_MS)) {
      return cached.value;
    }
    if (!this.#pending) {
      const pending = this.#fetchToken(signal);
      this.#pending = pending;
      const settled = () => {
        if (this.#pending === pending) this.#pending = undefined;
      };
      pending.then(settled, settled);
    }
    return this.#pending;
  }

  /** Forgets the cached token (after the broker refused it), so the next `token()` asks for a new one. */
  invalidate(): void {
    this.#cached = undefined;
  }

  /** Aborts a token request in flight and refuses further ones. */
  close(): void {
    this.#cached = undefined;
    this.#closed.abort();
  }

  async #fetchToken(signal: AbortSignal | undefined): Promise<string> {
    const { timeoutMs } = this.#options;
    const deadline = new AbortController();
    const timer = this.#clock.setTimeout(() => deadline.abort(), timeoutMs);
    try {
      return await this.#fetchWithin(signal, deadline.signal);
    } finally {
      this.#clock.clearTimeout(timer);
    }
  }

  async #fetchWithin(signal: AbortSignal | undefined, timeout: AbortSignal): Promise<string> {
    const signals = [this.#closed.signal, timeout, ...(signal ? [signal] : [])];
    const combined = AbortSignal.any(signals);
    const probing = this.#authStyle === undefined;
    const first: AuthStyle = this.#authStyle ?? 'header';
    let result: { value: string; expiresIn: number } | undefined;
    try {
      result = await this.#request(first, combined);
      if (probing) this.#authStyle = first;
    } catch (error) {
      if (!probing || combined.aborted) throw this.#failure(error, combined, signal, timeout);
      // Like golang.org/x/oauth2: any failure with the credentials in the header is retried with them in the body.
      try {
        result = await this.#request('params', combined);
        this.#authStyle = 'params';
      } catch (second) {
        throw this.#failure(second, combined, signal, timeout);
      }
    }
    const expiresAt = result.expiresIn === 0 ? undefined : this.#now() + result.expiresIn * 1000;
    this.#cached = { value: result.value, expiresAt };
    return result.value;
  }

  async #request(style: AuthStyle, signal: AbortSignal): Promise<{ value: string; expiresIn: number }> {
    const { clientId, clientSecret, scopes, tokenEndpointUri } = this.#options;
    const form: Record<string, string> = { ...this.#options.endpointParams, grant_type: 'client_credentials' };
    if (scopes.length > 0) form.scope = scopes.join(' ');
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (style === 'params') {
      if (clientId !== '') form.client_id = clientId;
      if (clientSecret !== '') form.client_secret = clientSecret;
    } else {
      const basic = `${goQueryEscape(clientId)}:${goQueryEscape(clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    }
    const response = await this.#fetch(tokenEndpointUri, { method: 'POST', headers, body: encodeForm(form), signal });
    const body = (await response.text()).slice(0, MAX_RESPONSE_BYTES);
    const parsed = parseTokenResponse(body, response.headers.get('content-type') ?? '');
    const failed = response.status < 200 || response.status > 299;
    if (failed || parsed.error !== undefined) {
      const detail = parsed.error === undefined ? `HTTP ${response.status}` : `HTTP ${response.status} ${parsed.error}`;
      throw new TokenEndpointError(detail);
    }
    if (parsed.invalid !== undefined) throw new TokenEndpointError(parsed.invalid);
    if (!parsed.accessToken) throw new TokenEndpointError('the response has no access_token');
    return { value: parsed.accessToken, expiresIn: parsed.expiresIn };
  }

  /** The error of a failed token request, as a ScalerError naming the endpoint; never the secret or a token. */
  #failure(error: unknown, combined: AbortSignal, caller: AbortSignal | undefined, timeout: AbortSignal): ScalerError {
    const endpoint = describeEndpoint(this.#options.tokenEndpointUri);
    const what = `${this.#options.scalerType}: fetching an OAuth token for client "${this.#options.clientId}" from ${endpoint}`;
    if (combined.aborted) {
      if (this.#closed.signal.aborted)
        return new ScalerError(`${what} was cancelled: the scaler closed`, { code: 'CLOSED' });
      if (caller?.aborted) return new ScalerError(`${what} was aborted`, { code: 'ABORTED', cause: caller.reason });
      if (timeout.aborted) {
        return new ScalerTimeoutError(
          `${what} did not answer within ${this.#options.timeoutMs} ms`,
          this.#options.timeoutMs,
        );
      }
    }
    const detail = error instanceof TokenEndpointError ? error.message : connectionDetail(error);
    const secret = this.#options.clientSecret;
    const safe = secret.length >= 3 ? detail.split(secret).join('***') : detail;
    const code = error instanceof TokenEndpointError ? 'AUTHENTICATION_ERROR' : 'CONNECTION_ERROR';
    return new ScalerError(`${what} failed: ${safe}`, { code });
  }
}

/** A token endpoint's refusal or an unusable answer (message safe to show). */
class TokenEndpointError extends Error {}

/** The endpoint without credentials, query or fragment. */
function describeEndpoint(uri: string): string {
  try {
    const url = new URL(uri);
    return `${url.origin}${url.pathname}`;
  } catch {
    return 'the token endpoint';
  }
}

function connectionDetail(error: unknown): string {
  if (!(error instanceof Error)) return thrownMessage(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' ? (cause as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? `${error.message} (${code})` : error.message;
}

interface ParsedTokenResponse {
  accessToken: string | undefined;
  expiresIn: number;
  /** `"error" "description"` as golang.org/x/oauth2 prints them. */
  error: string | undefined;
  /** Why a body could not be read. */
  invalid: string | undefined;
}

/** golang.org/x/oauth2's reading of a token response: form-encoded for those two types, else JSON. */
export function parseTokenResponse(body: string, contentType: string): ParsedTokenResponse {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded' || type === 'text/plain') {
    const values = new URLSearchParams(body);
    const expires = Number.parseInt(values.get('expires_in') ?? '', 10);
    return {
      accessToken: values.get('access_token') ?? undefined,
      expiresIn: /^[+-]?\d+$/.test(values.get('expires_in') ?? '') ? clampInt32(expires) : 0,
      error: describeOAuthError(values.get('error'), values.get('error_description')),
      invalid: undefined,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { accessToken: undefined, expiresIn: 0, error: undefined, invalid: 'the response is not JSON' };
  }
  const record = json !== null && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  const expires = readExpiresIn(record.expires_in);
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    accessToken: text(record.access_token),
    expiresIn: expires ?? 0,
    error: describeOAuthError(text(record.error), text(record.error_description)),
    invalid: expires === undefined ? 'expires_in is not an integer' : undefined,
  };
}

/** `expires_in` as a JSON integer or integer string (0 when absent or null); undefined when invalid. */
function readExpiresIn(value: unknown): number | undefined {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return Number.isInteger(value) ? clampInt32(value) : undefined;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return clampInt32(Number(value));
  return undefined;
}

function clampInt32(value: number): number {
  return Math.min(value, INT32_MAX);
}

function describeOAuthError(code: string | null | undefined, description: string | null | undefined) {
  if (!code) return undefined;
  return description ? `${JSON.stringify(code)} ${JSON.stringify(description)}` : JSON.stringify(code);
}

/** Go's `url.QueryEscape`: unreserved bytes kept, space as `+`, every other byte `%XX`. */
export function goQueryEscape(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(char)) out += char;
    else if (byte === 0x20) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go's `url.Values.Encode`: keys sorted, each pair query-escaped. */
export function encodeForm(values: Readonly<Record<string, string>>): string {
  return Object.keys(values)
    .sort()
    .map((key) => `${goQueryEscape(key)}=${goQueryEscape(values[key]!)}`)
    .join('&');
}
