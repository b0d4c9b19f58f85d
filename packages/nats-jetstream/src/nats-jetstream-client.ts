// The one call the scaler makes: GET a monitoring URL of nats-server and read its JSON. A port, so that tests
// (and users with another HTTP stack) can inject their own; the adapter uses the scaler kit's `getJson`.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Clock } from '@scalerkit/core';
import { describeUrl, getJson, type TlsConnectionOptions } from '@scalerkit/core/scaler-kit';

/** An answer of the monitoring endpoint: any HTTP status (KEDA never checks it) and the parsed JSON body. */
export interface NatsMonitoringResponse {
  status: number;
  /** The parsed body; undefined when the body is not JSON. */
  body: unknown;
}

/**
 * The minimal client the scaler needs: one bounded GET of a monitoring URL (`/jsz`, `/varz`).
 *
 * @example
 * const client: NatsMonitoringClient = { get: async (url) => ({ status: 200, body: recorded[url] }) };
 */
export interface NatsMonitoringClient {
  /** GETs `url`; rejects when the server cannot be reached or `signal` aborts. */
  get(url: string, signal: AbortSignal): Promise<NatsMonitoringResponse>;
  /** Ends the kept-alive connections, if the client keeps any. */
  close?(): void;
}

/** Options of `createNatsMonitoringClient`. */
export interface NatsMonitoringClientOptions {
  /** Bound of one request (KEDA: the global HTTP timeout, 3000 ms by default). */
  timeoutMs: number;
  /** Drives the request deadline. Default: the system clock. */
  clock?: Clock;
  /** TLS settings for https endpoints (`buildTlsOptions`); default: Node's trust store, certificates verified. */
  tls?: TlsConnectionOptions;
}

/**
 * The HTTP client over the scaler kit's `getJson`. Its requests share kept-alive connections (KEDA's Go client
 * keeps one too), owned by the client and ended by `close()`, so no socket outlives the scaler.
 *
 * @example
 * const client = createNatsMonitoringClient({ timeoutMs: 3000 });
 * const { body } = await client.get('http://127.0.0.1:8222/jsz?acc=%24G&config=true&consumers=true', signal);
 */
export function createNatsMonitoringClient(options: NatsMonitoringClientOptions): NatsMonitoringClient {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  return {
    async get(url, signal) {
      const { status, body } = await getJson(url, {
        timeoutMs: options.timeoutMs,
        signal,
        clock: options.clock,
        tls: options.tls,
        agent: url.startsWith('https:') ? agents.https : agents.http,
        scalerType: 'nats-jetstream',
      });
      return { status, body };
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** `GET <url>` as it may appear in a message: no query, no credentials. */
export function describeRequest(url: string): string {
  return `GET ${describeUrl(url)}`;
}
