// How KEDA's rabbitmq scaler reads its `host` (KEDA v2.21.0, pkg/scalers/rabbitmq_scaler.go): the protocol from
// the URL scheme (Validate), the management API URL (getVhostAndPathFromURL, getQueueInfoViaHTTP), the AMQP
// address (amqp091-go v1.13 ParseURI, as NewRabbitMQScaler re-parses it) and the masking of credentials in errors
// (anonymizeRabbitMQError).
import { formatGoUrl, GoUrlError, goPathJoin, goQueryEscape, parseGoUrl } from './go-url.js';

/** The management API's path for the default vhost `/` (KEDA's `rabbitRootVhostPath`). */
export const ROOT_VHOST_PATH = '/%2F';

/**
 * The protocol `protocol: auto` resolves to from the host's scheme, or the problem (Go's `url.Parse` accepts
 * `http://` with no host, so that is `http`; `something://`, `myHostSecret` and `:5672` are errors).
 */
export function protocolFromHost(host: string): { protocol: 'amqp' | 'http' } | { problem: string } {
  let scheme: string;
  try {
    scheme = parseGoUrl(host).scheme;
  } catch (error) {
    return { problem: `can't parse host to find protocol: ${(error as Error).message}` };
  }
  if (scheme === 'amqp' || scheme === 'amqps') return { protocol: 'amqp' };
  if (scheme === 'http' || scheme === 'https') return { protocol: 'http' };
  return { problem: `unknown host URL scheme: \`${scheme}\`` };
}

/**
 * KEDA's `getVhostAndPathFromURL`: the last path segment is the vhost (used raw, already escaped), the segments
 * before it are a prefix placed before `/api/queues`; `vhostName` replaces the vhost, query-escaped; an empty
 * vhost or `/` means the default vhost (`/%2F`).
 *
 * @example
 * vhostAndPrefix('/sub1/sub2/%2FmyVhost', ''); // { vhostPath: '/%2FmyVhost', prefix: '/sub1/sub2' }
 */
export function vhostAndPrefix(rawPath: string, vhostName: string | undefined): { vhostPath: string; prefix: string } {
  const parts = rawPath.split('/');
  let vhostPath = `/${parts[parts.length - 1]}`;
  let prefix = goPathJoin(parts.slice(0, -1));
  if (prefix.length > 0) prefix = `/${prefix}`;
  if (vhostName !== undefined && vhostName !== '') vhostPath = `/${goQueryEscape(vhostName)}`;
  if (vhostPath === '' || vhostPath === '/') vhostPath = ROOT_VHOST_PATH;
  return { vhostPath, prefix };
}

/** What the management URL of a trigger is built from (parsed config fields, KEDA's names). */
export interface ManagementUrlInput {
  host: string;
  queueName: string;
  vhostName?: string | undefined;
  useRegex: boolean;
  pageSize: number;
  username?: string | undefined;
  password?: string | undefined;
}

/** The one GET a poll makes: where to send it and with which Basic credentials (taken out of the URL). */
export interface ManagementRequest {
  /** `http(s)://host[:port]/<prefix>/api/queues/<vhost>/<queue>` (or the regex listing), without credentials. */
  url: string;
  /** `scheme://host[:port]`, for messages. */
  origin: string;
  credentials: { username: string; password: string } | undefined;
}

/**
 * The management API request of one poll, exactly as KEDA builds it (`getQueueInfoViaHTTP`): the queue name
 * query-escaped into the path, or the regex listing `?page=1&use_regex=true&pagination=false&name=…&page_size=…`.
 * `username`/`password` (both given) replace the URL's userinfo; the userinfo becomes Basic credentials.
 * Throws `GoUrlError` where Go's client would fail (a host that does not parse, no host, a scheme other than http(s)).
 */
export function managementRequest(input: ManagementUrlInput): ManagementRequest {
  const parsed = parseGoUrl(input.host);
  const { vhostPath, prefix } = vhostAndPrefix(parsed.rawPath || parsed.path, input.vhostName);
  parsed.path = prefix;
  parsed.rawPath = '';
  if (input.username && input.password) parsed.user = { username: input.username, password: input.password };
  const queue = goQueryEscape(input.queueName);
  const full = input.useRegex
    ? `${formatGoUrl(parsed)}/api/queues${vhostPath}?page=1&use_regex=true&pagination=false&name=${queue}&page_size=${input.pageSize}`
    : `${formatGoUrl(parsed)}/api/queues${vhostPath}/${queue}`;
  // Go's client parses the string again and sends its path and query as written.
  const target = parseGoUrl(full);
  if (target.scheme !== 'http' && target.scheme !== 'https') {
    throw new GoUrlError(`unsupported protocol scheme ${JSON.stringify(target.scheme)}`);
  }
  if (target.host === '') throw new GoUrlError('http: no Host in request URL');
  const origin = `${target.scheme}://${target.host}`;
  const afterAuthority = full.slice(full.indexOf('//') + 2);
  const slash = afterAuthority.search(/[/?]/);
  const requestUri = slash < 0 ? '/' : afterAuthority.slice(slash);
  const user = target.user;
  return {
    url: `${origin}${requestUri.startsWith('/') ? '' : '/'}${requestUri}`,
    origin,
    credentials: user === undefined ? undefined : { username: user.username, password: user.password ?? '' },
  };
}

/** Where and how to open an AMQP connection (amqp091-go `URI`). */
export interface AmqpAddress {
  protocol: 'amqp' | 'amqps';
  hostname: string;
  port: number;
  username: string;
  /** True when the URI itself has a password (KEDA then never picks SASL EXTERNAL). */
  uriHasPassword: boolean;
  password: string;
  vhost: string;
}

const AMQP_PORTS = { amqp: 5672, amqps: 5671 } as const;

/**
 * amqp091-go's `ParseURI` with KEDA's overrides: `vhostName` replaces the vhost verbatim, `username` and
 * `password` (both given) replace the URI's. Defaults as amqp091: host `localhost`, ports 5672/5671, user
 * `guest`/`guest`, vhost `/` (an empty path or `/`); otherwise the vhost is the decoded path without its `/`.
 * Throws `GoUrlError` for a URI amqp091 refuses.
 *
 * @example
 * amqpAddress({ host: 'amqp://user:pw@rabbit/orders' }).vhost; // 'orders'
 */
export function amqpAddress(input: {
  host: string;
  vhostName?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
}): AmqpAddress {
  const parsed = parseGoUrl(input.host);
  if (parsed.scheme !== 'amqp' && parsed.scheme !== 'amqps') {
    throw new GoUrlError("AMQP scheme must be either 'amqp://' or 'amqps://'");
  }
  const bracketed = /^\[(.*)\](?::(\d*))?$/.exec(parsed.host);
  const colon = parsed.host.lastIndexOf(':');
  const hostname = bracketed ? bracketed[1]! : colon < 0 ? parsed.host : parsed.host.slice(0, colon);
  const portText = bracketed ? (bracketed[2] ?? '') : colon < 0 ? '' : parsed.host.slice(colon + 1);
  const port = portText === '' ? AMQP_PORTS[parsed.scheme] : Number(portText);
  if (!Number.isSafeInteger(port) || port > 2 ** 31 - 1)
    throw new GoUrlError(`invalid port ${JSON.stringify(portText)}`);
  let vhost = '/';
  const path = parsed.path;
  if (path !== '') {
    if (!path.startsWith('/')) vhost = path;
    else if (parsed.host === '' && path.startsWith('///')) vhost = path.length > 3 ? path.slice(3) : '/';
    else if (path.length > 1) vhost = path.slice(1);
  }
  if (input.vhostName) vhost = input.vhostName;
  let username = parsed.user?.username ?? 'guest';
  let password = parsed.user?.password ?? 'guest';
  if (input.username && input.password) {
    username = input.username;
    password = input.password;
  }
  return {
    protocol: parsed.scheme,
    hostname: hostname === '' ? 'localhost' : hostname,
    port,
    username,
    uriHasPassword: parsed.user?.password !== undefined,
    password,
    vhost,
  };
}

const USERINFO_IN_TEXT = /([^ /:]+):([^/:]+)@/g;

/**
 * KEDA's `anonymizeRabbitMQError`: `error inspecting RabbitMQ: <message>` with every `<user>:<password>@`
 * replaced by `user:password@`.
 *
 * @example
 * anonymizeRabbitMqError('GET https://u1:p1@host/api failed'); // 'error inspecting RabbitMQ: GET https://user:password@host/api failed'
 */
export function anonymizeRabbitMqError(message: string): string {
  return `error inspecting RabbitMQ: ${message}`.replace(USERINFO_IN_TEXT, 'user:password@');
}
