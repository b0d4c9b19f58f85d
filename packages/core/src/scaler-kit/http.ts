// One bounded HTTP(S) GET of a JSON document, for the management and monitoring APIs scalers read (RabbitMQ's
// management API, nats-server's /jsz, ...). node:http/https rather than fetch, so that a custom CA and a client
// certificate work without another dependency.
import { type Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Clock } from '../clock.js';
import { ScalerError } from '../errors.js';
import { combineSignals, withDeadline } from './deadline.js';
import { redactSecrets } from './redact.js';
import type { TlsConnectionOptions } from './tls.js';

/** Options of `getJson`. */
export interface GetJsonOptions {
  /** Upper bound of the whole request, response body included (ms). */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Drives the deadline. Default: the system clock. */
  clock?: Clock | undefined;
  /** Basic (`username`/`password`) or bearer authentication. Credentials in the URL are used as Basic too. */
  auth?: { username: string; password: string } | { bearer: string } | undefined;
  /** TLS settings for https URLs (`buildTlsOptions`). */
  tls?: TlsConnectionOptions | undefined;
  headers?: Record<string, string> | undefined;
  /** Largest body read; a longer one is an error. Default 16 MiB. */
  maxBytes?: number | undefined;
  /** Starts every message: `rabbitmq`. Default `http`. */
  scalerType?: string | undefined;
  /**
   * The connection pool to use, typically a keep-alive agent the scaler's shared client owns and destroys in
   * its `close`. Default: a connection of the request's own, closed after it (Node's global agent would keep
   * the socket open after the scaler is closed).
   */
  agent?: HttpAgent | HttpsAgent | undefined;
}

/** The answer of `getJson`: any status (the caller decides what a 404 means), the body as text and as JSON. */
export interface JsonResponse {
  status: number;
  headers: Record<string, string>;
  /** The parsed body, or undefined when it is not JSON. */
  body: unknown;
  text: string;
}

const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/** The URL as it may appear in a message: no user, password, query or fragment. */
export function describeUrl(url: URL | string): string {
  try {
    const parsed = new URL(String(url));
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'the URL';
  }
}

/**
 * GETs `url` and parses its body as JSON. Never throws for an HTTP status (read `status`); rejects with a
 * `ScalerError` coded `CONNECTION_ERROR` when the server cannot be reached, `TIMEOUT` past `timeoutMs`,
 * `ABORTED` when `signal` aborts. Messages show the URL without credentials or query, and no secret.
 *
 * @example
 * const { status, body } = await getJson('http://127.0.0.1:15672/api/queues/%2F/orders', {
 *   timeoutMs: 3000, signal, auth: { username: 'guest', password },
 * });
 */
export async function getJson(url: URL | string, options: GetJsonOptions): Promise<JsonResponse> {
  const target = new URL(String(url));
  const scalerType = options.scalerType ?? 'http';
  const what = `${scalerType}: GET ${describeUrl(target)}`;
  const secrets: string[] = [];
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const auth = options.auth;
  if (auth && 'bearer' in auth) {
    headers.authorization = `Bearer ${auth.bearer}`;
    secrets.push(auth.bearer);
  } else if (auth || target.username !== '' || target.password !== '') {
    const username = auth ? auth.username : decodeURIComponent(target.username);
    const password = auth ? auth.password : decodeURIComponent(target.password);
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    secrets.push(password);
  }
  const controller = new AbortController();
  const signal = combineSignals(options.signal, controller.signal)!;
  const work = send(target, headers, options, signal, secrets, what);
  try {
    return await withDeadline(work, {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      what,
      clock: options.clock,
    });
  } finally {
    // Ends the request when the deadline or the caller's abort won the race (no socket is left behind).
    controller.abort();
  }
}

function send(
  target: URL,
  headers: Record<string, string>,
  options: GetJsonOptions,
  signal: AbortSignal,
  secrets: readonly string[],
  what: string,
): Promise<JsonResponse> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const https = target.protocol === 'https:';
  if (!https && target.protocol !== 'http:') {
    return Promise.reject(
      new ScalerError(`${what} failed: only http and https URLs are supported, got ${target.protocol}`, {
        code: 'CONFIG_ERROR',
      }),
    );
  }
  return new Promise<JsonResponse>((resolve, reject) => {
    const requestOptions = {
      method: 'GET',
      headers,
      signal,
      // The URL's credentials travel in the header built above, never as the URL's userinfo.
      auth: undefined,
      agent: options.agent ?? false,
      ...(https ? { ...options.tls, ca: options.tls?.ca } : {}),
    };
    const plain = new URL(target);
    plain.username = '';
    plain.password = '';
    const request = (https ? httpsRequest : httpRequest)(plain, requestOptions, (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          response.destroy();
          reject(
            new ScalerError(`${what} failed: the response is larger than ${maxBytes} bytes`, { code: 'METRIC_ERROR' }),
          );
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', (error) => reject(failure(error, what, secrets)));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          body = undefined;
        }
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ status: response.statusCode ?? 0, headers: flat, body, text });
      });
    });
    request.on('error', (error) => reject(failure(error, what, secrets)));
    request.end();
  });
}

function failure(error: Error, what: string, secrets: readonly string[]): ScalerError {
  const code = (error as { code?: unknown }).code;
  const detail = redactSecrets(error.message, secrets);
  if (error.name === 'AbortError') return new ScalerError(`${what} was aborted`, { code: 'ABORTED', cause: error });
  const suffix = typeof code === 'string' && !detail.includes(code) ? ` (${code})` : '';
  return new ScalerError(`${what} failed: ${detail}${suffix}`, { code: 'CONNECTION_ERROR', cause: error });
}
