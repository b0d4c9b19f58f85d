// The monitoring URLs KEDA builds (KEDA v2.21.0 pkg/scalers/nats_jetstream_scaler.go:
// getNATSJetStreamMonitoringURL, getNATSJetStreamMonitoringServerURL, getNATSJetStreamMonitoringNodeURL,
// getNATSJetStreamMonitoringNodeURLByNode), byte for byte, including Go's escaping.
import { goQueryEscape } from '@scalerkit/core/scaler-kit';

const HEX = '0123456789ABCDEF';

function percentEncode(text: string, keep: (character: string) => boolean): string {
  let out = '';
  for (const character of text) {
    if (keep(character)) out += character;
    else for (const byte of Buffer.from(character, 'utf8')) out += `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;
const HOST_SUB_DELIMS = new Set(['!', '$', '&', "'", '(', ')', '*', '+', ',', ';', '=', ':', '[', ']', '<', '>', '"']);

/** Go's `url.URL.String()` escaping of the host (encodeHost): a `/` in an endpoint becomes `%2F`. */
export function goEscapeHost(host: string): string {
  return percentEncode(host, (character) => UNRESERVED.test(character) || HOST_SUB_DELIMS.has(character));
}

/**
 * `acc=<id>&config=true&consumers=true`: the keys sorted and the id escaped as `url.Values.Encode` writes them
 * (`$G` → `%24G`; a `&` or `=` in the id cannot add parameters).
 */
export function jszQuery(accountID: string): string {
  return `acc=${goQueryEscape(accountID)}&config=true&consumers=true`;
}

/**
 * The URL KEDA polls: `<http|https>://<endpoint>/jsz?acc=<accountID>&config=true&consumers=true`.
 *
 * @example
 * monitoringUrl(false, 'nats.nats:8222', '$G'); // 'http://nats.nats:8222/jsz?acc=%24G&config=true&consumers=true'
 */
export function monitoringUrl(useHttps: boolean, endpoint: string, accountID: string): string {
  return `${useHttps ? 'https' : 'http'}://${goEscapeHost(endpoint)}/jsz?${jszQuery(accountID)}`;
}

/** Go's `url.URL.Port()`: the digits after the last `:` of the host, or empty. */
export function endpointPort(endpoint: string): string {
  const colon = endpoint.lastIndexOf(':');
  if (colon === -1) return '';
  const port = endpoint.slice(colon + 1);
  return /^[0-9]*$/.test(port) ? port : '';
}

/** Go's `net.JoinHostPort`: brackets a host that holds a `:`. */
function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Where one trigger's monitoring requests go: scheme, configured endpoint and account. */
export interface MonitoringAddress {
  useHttps: boolean;
  /** `natsServerMonitoringEndpoint` as configured (`host:port`). */
  endpoint: string;
  accountID: string;
}

function scheme(address: MonitoringAddress): string {
  return address.useHttps ? 'https' : 'http';
}

/**
 * `/varz` of the configured server, or of `nodeHostname` on the configured port (an advertised cluster node).
 *
 * @example
 * varzUrl({ useHttps: false, endpoint: 'nats:8222', accountID: '$G' }, 'nats-1.nats'); // 'http://nats-1.nats:8222/varz'
 */
export function varzUrl(address: MonitoringAddress, nodeHostname = ''): string {
  let host = address.endpoint;
  if (nodeHostname !== '') {
    const port = endpointPort(address.endpoint);
    host = port === '' ? nodeHostname : joinHostPort(nodeHostname, port);
  }
  return `${scheme(address)}://${host}/varz`;
}

/** `/jsz` of an advertised node: its host (from `connect_urls`) on the configured port, the same query. */
export function nodeJszUrl(address: MonitoringAddress, nodeHostname: string): string {
  const port = endpointPort(address.endpoint);
  const host = port === '' ? nodeHostname : joinHostPort(nodeHostname, port);
  return `${scheme(address)}://${goEscapeHost(host)}/jsz?${jszQuery(address.accountID)}`;
}

/**
 * `/jsz` of a node of a cluster that does not advertise: `<node>.<configured endpoint>`, which is how a
 * StatefulSet pod is reached through its headless service (`nats-0.nats-headless.ns.svc:8222`).
 */
export function nodeJszUrlByName(address: MonitoringAddress, node: string): string {
  return `${scheme(address)}://${goEscapeHost(`${node}.${address.endpoint}`)}/jsz?${jszQuery(address.accountID)}`;
}

/**
 * Why an endpoint cannot be used as the host of a URL, or undefined when it can. KEDA takes
 * `natsServerMonitoringEndpoint` as the URL's host: a scheme or a path ends up percent-encoded in the host and
 * every request fails.
 */
export function endpointProblem(endpoint: string): string | undefined {
  if (goEscapeHost(endpoint) !== endpoint || /[/?#@\\]/.test(endpoint)) {
    return 'must be host[:port] only, without a scheme or a path (e.g. "nats.nats:8222")';
  }
  try {
    const parsed = new URL(`http://${endpoint}/`);
    if (parsed.pathname !== '/' || parsed.username !== '' || parsed.search !== '') {
      return 'must be host[:port] only, without a scheme or a path (e.g. "nats.nats:8222")';
    }
  } catch {
    return 'is not a valid host[:port] (e.g. "nats.nats:8222")';
  }
  return undefined;
}
