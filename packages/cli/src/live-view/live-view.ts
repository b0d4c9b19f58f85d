import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Autoscaler } from '@scalerkit/core';
import { timelinePageHtml } from '@scalerkit/testing';
import { type LiveStatus, LiveRow, liveMetricAxis } from './live-rows.js';

/** Options of `createLiveView`. */
export interface LiveViewOptions {
  /** Interface to listen on. Default `127.0.0.1` (loopback: nothing outside this machine can connect). */
  host?: string;
  /** Port; default 0 (any free port, see `LiveView.port`). */
  port?: number;
  /** Page title. */
  title?: string;
  /** Seconds of history kept per row. Default 3600. */
  historySeconds?: number;
  /** Points kept per row (a point per decision and per scale). Default 5000. */
  maxPoints?: number;
  /** Seconds in view while the page follows the latest decision. Default 600. */
  windowSeconds?: number;
  /** Pages connected at once; more are refused with 503. Default 16. */
  maxClients?: number;
}

/** The part of an `Autoscaler` the live view listens to (a `Controller`'s per-object autoscaler fits too). */
export type AutoscalerLike = Pick<Autoscaler, 'on'>;

/**
 * A read-only web page of one or more autoscalers: the timeline (replicas, desired, ready, each metric
 * against its target, activity, fallback, pause, scale events) updating through server-sent events, and
 * the explanation of the latest decision (or of any instant hovered). One row per name.
 */
export interface LiveView {
  /** `http://host:port/`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /**
   * Shows `autoscaler`'s decisions, scales and metrics in the row `name` (created on first use). Attaching
   * again under the same name (a restarted autoscaler) replaces the listeners and keeps the row's history.
   * Returns a function that detaches it (the row stays).
   */
  attach(name: string, autoscaler: AutoscalerLike): () => void;
  /** Sets the status shown beside the row's name (operator mode: conditions, replicas, ...). */
  update(name: string, status: LiveStatus): void;
  /** Removes a row (a deleted ScaledObject). */
  remove(name: string): void;
  /** Stops listening, ends every page's connection (they reconnect to the next server on this address). */
  close(): Promise<void>;
}

const loopbackNames = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** The host part of a Host header (`[::1]:8080` → `[::1]`, `localhost:8080` → `localhost`). */
function hostName(header: string | undefined): string {
  if (header === undefined) return '';
  if (header.startsWith('[')) return header.slice(0, header.indexOf(']') + 1);
  return header.split(':')[0] ?? '';
}

const securityHeaders = {
  'content-security-policy':
    "default-src 'none'; connect-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/**
 * Starts the live view's HTTP server. It serves `GET /` (the page), `GET /events` (server-sent events:
 * `snapshot` on connect, then `point`, `scale`, `status`, `remove`) and `GET /state` (the rows as JSON);
 * it answers nothing else (no method but GET and HEAD; nothing in it can change a workload). Requests whose
 * Host is not this server's address or a loopback name are refused (DNS rebinding). Memory is bounded:
 * each row keeps `historySeconds` / `maxPoints`, a page that does not read its events is dropped.
 *
 * @example
 * const view = await createLiveView({ port: 8080 });
 * view.attach('orders-worker', autoscaler);
 * console.log(`live view at ${view.url}`);
 * // operator: one row per ScaledObject, with its status
 * view.update('shop/orders', { ready: 'True', replicas: 3 });
 */
export async function createLiveView(options: LiveViewOptions = {}): Promise<LiveView> {
  const host = options.host ?? '127.0.0.1';
  const limits = { historySeconds: options.historySeconds ?? 3600, maxPoints: options.maxPoints ?? 5000 };
  const maxClients = options.maxClients ?? 16;
  const title = options.title ?? 'scalerkit live view';
  const rows = new Map<string, LiveRow>();
  const detachers = new Map<string, () => void>();
  const clients = new Set<ServerResponse>();

  const rowOf = (name: string) => {
    let row = rows.get(name);
    if (row === undefined) {
      row = new LiveRow(name, limits);
      rows.set(name, row);
    }
    return row;
  };
  const message = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  const broadcast = (event: string, data: unknown) => {
    if (clients.size === 0) return;
    const text = message(event, data);
    for (const client of clients) {
      // A page that stopped reading: drop it rather than buffer without bound (it reconnects).
      if (client.writableLength > 4 * 1024 * 1024) {
        clients.delete(client);
        client.destroy();
        continue;
      }
      client.write(text);
    }
  };
  const snapshot = () => ({ runs: [...rows.values()].map((row) => row.snapshot()) });

  const page = () =>
    timelinePageHtml({
      mode: 'live',
      title,
      clock: 'wall',
      runs: [],
      windowSeconds: options.windowSeconds ?? 600,
      maxPoints: limits.maxPoints,
      eventsUrl: '/events',
    });

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const name = hostName(request.headers.host);
    if (!loopbackNames.has(name) && name !== host && name !== `[${host}]`) {
      response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('unknown Host\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      response.end('the live view is read-only\n');
      return;
    }
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/') {
      response.writeHead(200, { ...securityHeaders, 'content-type': 'text/html; charset=utf-8' });
      response.end(request.method === 'HEAD' ? undefined : page());
    } else if (path === '/state') {
      response.writeHead(200, { ...securityHeaders, 'content-type': 'application/json; charset=utf-8' });
      response.end(request.method === 'HEAD' ? undefined : JSON.stringify(snapshot()));
    } else if (path === '/events') {
      if (clients.size >= maxClients) {
        response.writeHead(503, { 'retry-after': '5', 'content-type': 'text/plain; charset=utf-8' });
        response.end(`at most ${maxClients} pages at once\n`);
        return;
      }
      response.writeHead(200, {
        ...securityHeaders,
        'content-type': 'text/event-stream; charset=utf-8',
        connection: 'keep-alive',
      });
      if (request.method === 'HEAD') {
        response.end();
        return;
      }
      // Reconnect a second after the server goes away (a restarted autoscaler comes back on this address).
      response.write(`retry: 1000\n\n${message('snapshot', snapshot())}`);
      clients.add(response);
      request.on('close', () => clients.delete(response));
    } else {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    }
  });
  // A comment now and then: proxies keep the stream open, and a page that went away is noticed.
  const keepAlive = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  const sendPoint = (row: LiveRow, point: ReturnType<LiveRow['decide']>) =>
    broadcast('point', { name: row.name, point: { ...point, axis: liveMetricAxis(point.metrics) } });

  return {
    url: `http://${urlHost}:${port}/`,
    host,
    port,
    attach(name, autoscaler) {
      detachers.get(name)?.();
      const row = rowOf(name);
      const offs = [
        autoscaler.on('poll', (event) => row.observe(event)),
        autoscaler.on('hpaSync', (event) => row.observe(event)),
        autoscaler.on('decision', (event) => sendPoint(row, row.decide(event))),
        autoscaler.on('scale', (event) => {
          const { point, event: scaleEvent } = row.scale(event);
          broadcast('scale', { name, event: scaleEvent });
          sendPoint(row, point);
        }),
      ];
      const detach = () => {
        for (const off of offs) off();
        if (detachers.get(name) === detach) detachers.delete(name);
      };
      detachers.set(name, detach);
      broadcast('snapshot', snapshot());
      return detach;
    },
    update(name, status) {
      const row = rowOf(name);
      row.status = { ...status };
      broadcast('status', { name, status: row.status });
    },
    remove(name) {
      detachers.get(name)?.();
      if (rows.delete(name)) broadcast('remove', { name });
    },
    async close() {
      clearInterval(keepAlive);
      for (const detach of [...detachers.values()]) detach();
      for (const client of clients) client.end();
      clients.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
