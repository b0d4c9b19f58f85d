// Test equipment, not product: a loopback HTTPS stand-in for the Service Bus management (ATOM) endpoint, for the
// real @azure/service-bus client (and KEDA's Go admin client). No Service Bus emulator runs on this machine.
// It checks the SharedAccessSignature as the service does, answers runtime-property GETs for queues and
// subscriptions, pages listings through the feed's `next` link ($skip / $top), and answers a missing entity
// with the service's empty feed. Tests set the counts and delete entities.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type EntityCounts, emptyFeed, entityEntry, errorDocument, feed } from './atom-documents.js';
import { createSelfSignedCertificate } from './self-signed-certificate.js';

/** A request the fake answered (for counting requests per poll). */
export interface RecordedRequest {
  method: string;
  /** Decoded path without the leading `/`: `orders`, `$Resources/Queues`, `events/Subscriptions/workers`. */
  path: string;
  query: Record<string, string>;
  status: number;
}

/** Options of `startFakeServiceBusManagement`. */
export interface FakeServiceBusManagementOptions {
  /** SAS key names and keys the fake accepts. Default `{ RootManageSharedAccessKey: 'fake-sas-key-…' }`. */
  keys?: Record<string, string>;
  /** Page size of listings when the request has no `$top` (the service uses 100). */
  pageSize?: number;
}

/** A running fake; `close()` stops it and every open socket. */
export interface FakeServiceBusManagement {
  /** `127.0.0.1:<port>`, what follows `sb://` in a connection string. */
  readonly host: string;
  readonly port: number;
  /** The PEM certificate the fake serves (self-signed: trust it as a CA). */
  readonly ca: string;
  /** A connection string for one of the accepted keys (default: the first). */
  connectionString(keyName?: string, key?: string): string;
  setQueue(name: string, counts: EntityCounts | number): void;
  deleteQueue(name: string): void;
  setSubscription(topicName: string, subscriptionName: string, counts: EntityCounts | number): void;
  deleteSubscription(topicName: string, subscriptionName: string): void;
  /** Removes every entity. */
  clear(): void;
  /** TLS connections accepted so far (cleared by `resetRequests`): how many sockets clients opened. */
  readonly connectionCount: number;
  /** Requests answered so far (cleared by `resetRequests`). */
  readonly requests: readonly RecordedRequest[];
  resetRequests(): void;
  /** Holds every answer until `release()` is called (for deadline and abort tests). */
  hold(): { release(): void };
  close(): Promise<void>;
}

const DEFAULT_KEYS = { RootManageSharedAccessKey: 'fake-sas-key-c2NhbGVya2l0LXRlc3Q=' };

/** Parses `SharedAccessSignature sig=…&se=…&skn=…&sr=…` into its (still URL-encoded) fields. */
function sasFields(header: string | undefined): Record<string, string> | undefined {
  const prefix = 'SharedAccessSignature ';
  if (header === undefined || !header.startsWith(prefix)) return undefined;
  const fields: Record<string, string> = {};
  for (const part of header.slice(prefix.length).split('&')) {
    const equals = part.indexOf('=');
    if (equals > 0) fields[part.slice(0, equals)] = part.slice(equals + 1);
  }
  return fields;
}

/**
 * The service's SAS check: a known key name, an expiry in the future, a resource (`sr`) that the request URL
 * starts with, and `sig` = base64(HMAC-SHA256(key, sr + "\n" + se)) over the `sr` as sent (URL-encoded).
 */
function authorizationProblem(request: IncomingMessage, url: string, keys: Record<string, string>): string | undefined {
  const fields = sasFields(request.headers.authorization);
  if (fields === undefined) return 'MissingToken: the request has no SharedAccessSignature authorization header';
  const { sig, se, skn, sr } = fields;
  if (!sig || !se || !skn || !sr) return 'MalformedToken: sig, se, skn and sr are required';
  const key = Object.hasOwn(keys, skn) ? keys[skn] : undefined;
  if (key === undefined) return `InvalidSignature: unknown key name ${skn}`;
  if (!/^\d+$/.test(se) || Number(se) * 1000 < Date.now()) return 'ExpiredToken: the token has expired';
  let resource: string;
  let signature: Buffer;
  try {
    resource = decodeURIComponent(sr).toLowerCase();
    signature = Buffer.from(decodeURIComponent(sig), 'base64');
  } catch {
    return 'MalformedToken: sig or sr is not URL-encoded';
  }
  if (!url.toLowerCase().startsWith(resource)) return 'InvalidAudience: the token is for another resource';
  const expected = createHmac('sha256', key).update(`${sr}\n${se}`).digest();
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected))
    return 'InvalidSignature: the token has an invalid signature';
  return undefined;
}

const subscriptionKey = (topic: string, subscription: string) => `${topic}\u0000${subscription}`;
const toCounts = (counts: EntityCounts | number): EntityCounts =>
  typeof counts === 'number' ? { activeMessageCount: counts } : { ...counts };

/**
 * Starts the fake on 127.0.0.1 (a free port) with a fresh self-signed certificate.
 *
 * @example
 * const fake = await startFakeServiceBusManagement();
 * fake.setQueue('orders', 3);
 * const admin = new ServiceBusAdministrationClient(fake.connectionString(), { agent: new https.Agent({ ca: fake.ca }) });
 */
export async function startFakeServiceBusManagement(
  options: FakeServiceBusManagementOptions = {},
): Promise<FakeServiceBusManagement> {
  const keys = options.keys ?? DEFAULT_KEYS;
  const defaultPageSize = options.pageSize ?? 100;
  const certificate = await createSelfSignedCertificate();
  const queues = new Map<string, EntityCounts>();
  const subscriptions = new Map<string, { topic: string; name: string; counts: EntityCounts }>();
  const requests: RecordedRequest[] = [];
  let held: Promise<void> | undefined;

  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const host = request.headers.host ?? '127.0.0.1';
    const base = `https://${host}`;
    const requestUrl = `${base}${request.url ?? '/'}`;
    const parsed = new URL(requestUrl);
    const path = decodeURIComponent(parsed.pathname.slice(1));
    const query = Object.fromEntries(parsed.searchParams);
    const send = (status: number, body: string) => {
      requests.push({ method: request.method ?? '', path, query, status });
      response.writeHead(status, { 'content-type': 'application/atom+xml;type=feed;charset=utf-8' });
      response.end(body);
    };
    if (held) await held;
    const problem = authorizationProblem(request, requestUrl, keys);
    if (problem !== undefined) return send(401, errorDocument(401, problem));
    if (request.method !== 'GET') return send(405, errorDocument(405, 'only GET is implemented by this fake'));
    const page = (all: readonly string[], title: string) => {
      const skip = Number(query.$skip ?? 0) || 0;
      const top = Number(query.$top ?? 0) || defaultPageSize;
      const entries = all.slice(skip, skip + top);
      let next: string | undefined;
      if (skip + top < all.length) {
        const nextUrl = new URL(parsed);
        nextUrl.searchParams.set('$skip', String(skip + top));
        nextUrl.searchParams.set('$top', String(top));
        next = nextUrl.toString();
      }
      return send(200, feed(requestUrl, title, entries, next));
    };
    if (path === '$Resources/Queues') {
      const entries = [...queues].map(([name, counts]) => entityEntry(base, name, 'queue', counts));
      return page(entries, 'Queues');
    }
    const listing = /^(.+)\/Subscriptions\/?$/.exec(path);
    if (listing) {
      const topic = listing[1]!;
      const entries = [...subscriptions.values()]
        .filter((entry) => entry.topic === topic)
        .map((entry) => entityEntry(base, `${topic}/Subscriptions/${entry.name}`, 'subscription', entry.counts));
      return page(entries, 'Subscriptions');
    }
    const single = /^(.+)\/Subscriptions\/([^/]+)$/.exec(path);
    if (single) {
      const entry = subscriptions.get(subscriptionKey(single[1]!, single[2]!));
      return send(200, entry ? entityEntry(base, path, 'subscription', entry.counts) : emptyFeed());
    }
    const queue = queues.get(path);
    return send(200, queue ? entityEntry(base, path, 'queue', queue) : emptyFeed());
  };

  const server: Server = createServer({ cert: certificate.cert, key: certificate.key }, (request, response) => {
    request.resume();
    answer(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });
  let connectionCount = 0;
  server.on('secureConnection', () => {
    connectionCount += 1;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const [firstName, firstKey] = Object.entries(keys)[0]!;

  return {
    host: `127.0.0.1:${port}`,
    port,
    ca: certificate.cert,
    connectionString: (keyName = firstName, key = firstKey) =>
      `Endpoint=sb://127.0.0.1:${port}/;SharedAccessKeyName=${keyName};SharedAccessKey=${key}`,
    setQueue: (name, counts) => void queues.set(name, toCounts(counts)),
    deleteQueue: (name) => void queues.delete(name),
    setSubscription: (topic, name, counts) =>
      void subscriptions.set(subscriptionKey(topic, name), { topic, name, counts: toCounts(counts) }),
    deleteSubscription: (topic, name) => void subscriptions.delete(subscriptionKey(topic, name)),
    clear() {
      queues.clear();
      subscriptions.clear();
    },
    get requests() {
      return requests;
    },
    get connectionCount() {
      return connectionCount;
    },
    resetRequests() {
      requests.splice(0);
      connectionCount = 0;
    },
    hold() {
      let release!: () => void;
      held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const current = held;
      return {
        release() {
          if (held === current) held = undefined;
          release();
        },
      };
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
