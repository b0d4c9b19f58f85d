// The parts of nats-server's /jsz and /varz answers that KEDA reads (KEDA v2.21.0
// pkg/scalers/nats_jetstream_scaler.go: jetStreamEndpointResponse, jetStreamServerEndpointResponse), read the
// way Go's encoding/json fills those structs: unknown fields are ignored, a missing or null field is its zero
// value, and a field of the wrong type is an error (Go's Decode fails, and so does KEDA's poll).

/** A consumer in `/jsz?consumers=true`: `consumer_detail[]`. */
export interface JszConsumer {
  name: string;
  /** `num_pending`: messages not yet delivered to the consumer. */
  numPending: number;
  /** `num_ack_pending`: delivered, not yet acknowledged. */
  numAckPending: number;
  /** `cluster.leader`: the server leading the consumer; empty on a standalone server. */
  leader: string;
}

/** A stream in `/jsz`: `stream_detail[]`. */
export interface JszStream {
  name: string;
  /** `state.last_seq`. */
  lastSequence: number;
  consumers: JszConsumer[];
}

/** An account in `/jsz?acc=...`: `account_details[]`. */
export interface JszAccount {
  id: string;
  name: string;
  streams: JszStream[];
}

/** What the scaler reads from `/jsz`. */
export interface JszResponse {
  accounts: JszAccount[];
  /** `meta_cluster.cluster_size`; 0 on a standalone server. */
  clusterSize: number;
}

/** What the scaler reads from `/varz`. */
export interface VarzResponse {
  /** `server_name`. */
  serverName: string;
  /** `connect_urls`: the client URLs the cluster advertises (`host:port`). */
  connectUrls: string[];
  /** `cluster.urls`: the route URLs (used when the cluster does not advertise). */
  clusterUrls: string[];
}

/** An answer that Go's decoder would refuse. The message names the field and what was found. */
export class MonitoringResponseError extends Error {
  override readonly name = 'MonitoringResponseError';
}

type Json = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `a string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function wrongType(path: string, expected: string, value: unknown): never {
  throw new MonitoringResponseError(`${path}: expected ${expected}, got ${describe(value)}`);
}

/** A JSON object, or `{}` for null/absent (Go's zero struct). */
function object(value: unknown, path: string): Json {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return wrongType(path, 'an object', value);
  return value as Json;
}

function string(value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : wrongType(path, 'a string', value);
}

function integer(value: unknown, path: string): number {
  if (value === undefined || value === null) return 0;
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : wrongType(path, 'an integer', value);
}

function list<T>(value: unknown, path: string, read: (item: unknown, path: string) => T): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return wrongType(path, 'an array', value);
  // A null element is a nil pointer in Go; it can match nothing, so it is left out.
  return value.flatMap((item, index) => (item === null ? [] : [read(item, `${path}[${index}]`)]));
}

function readConsumer(value: unknown, path: string): JszConsumer {
  const consumer = object(value, path);
  return {
    name: string(consumer.name, `${path}.name`),
    numPending: integer(consumer.num_pending, `${path}.num_pending`),
    numAckPending: integer(consumer.num_ack_pending, `${path}.num_ack_pending`),
    leader: string(object(consumer.cluster, `${path}.cluster`).leader, `${path}.cluster.leader`),
  };
}

function readStream(value: unknown, path: string): JszStream {
  const stream = object(value, path);
  return {
    name: string(stream.name, `${path}.name`),
    lastSequence: integer(object(stream.state, `${path}.state`).last_seq, `${path}.state.last_seq`),
    consumers: list(stream.consumer_detail, `${path}.consumer_detail`, readConsumer),
  };
}

function readAccount(value: unknown, path: string): JszAccount {
  const account = object(value, path);
  return {
    id: string(account.id, `${path}.id`),
    name: string(account.name, `${path}.name`),
    streams: list(account.stream_detail, `${path}.stream_detail`, readStream),
  };
}

/** The top level must be a JSON object (a `null` body would crash KEDA's scaler; here it is an error). */
function topLevel(body: unknown, what: string): Json {
  if (body === undefined) throw new MonitoringResponseError(`${what}: the answer is not JSON`);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return wrongType(what, 'a JSON object', body);
  }
  return body as Json;
}

/**
 * Reads a `/jsz?acc=...&consumers=true` answer.
 *
 * @example
 * readJsz({ account_details: [{ name: '$G', stream_detail: [] }] }).accounts[0]?.name; // '$G'
 */
export function readJsz(body: unknown): JszResponse {
  const jsz = topLevel(body, '/jsz');
  return {
    accounts: list(jsz.account_details, 'account_details', readAccount),
    clusterSize: integer(object(jsz.meta_cluster, 'meta_cluster').cluster_size, 'meta_cluster.cluster_size'),
  };
}

/**
 * Reads a `/varz` answer.
 *
 * @example
 * readVarz({ server_name: 'n1', connect_urls: ['10.0.0.1:4222'] }).connectUrls; // ['10.0.0.1:4222']
 */
export function readVarz(body: unknown): VarzResponse {
  const varz = topLevel(body, '/varz');
  const text = (item: unknown, path: string) => string(item, path);
  return {
    serverName: string(varz.server_name, 'server_name'),
    connectUrls: list(varz.connect_urls, 'connect_urls', text),
    clusterUrls: list(object(varz.cluster, 'cluster').urls, 'cluster.urls', text),
  };
}
