// Go's `url.ParseRequestURI` (net/url, Go 1.26, the toolchain of KEDA v2.21.0), reduced to what KEDA's
// aws-sqs-queue scaler needs from it: whether the string parses, and its unescaped path.
import { isIP } from 'node:net';

const HOST_PUNCTUATION = new Set('!$&\'()*+,;=:[]<>"-_.~');
const USERINFO_PUNCTUATION = new Set("-._:~!$&'()*+,;=%@");

const isAlphanumeric = (c: string) => /^[A-Za-z0-9]$/.test(c);
const isHex = (c: string | undefined) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

/** Go `stringContainsCTLByte`: any byte below 0x20, or 0x7f. */
function containsControlByte(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Go `getScheme`: the scheme before the first `:`, `''` when there is none; undefined for a leading `:`. */
function splitScheme(raw: string): { scheme: string; rest: string } | undefined {
  for (let index = 0; index < raw.length; index++) {
    const c = raw[index]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (index === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') return index === 0 ? undefined : { scheme: raw.slice(0, index), rest: raw.slice(index + 1) };
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

/**
 * Go `unescape` in path, host or zone mode: undefined on a malformed `%` escape or (host and zone modes) an
 * ASCII byte a host may not hold. Works on UTF-8 bytes, as Go does.
 */
function goUnescape(text: string, mode: 'path' | 'host' | 'zone'): string | undefined {
  const bytes = Buffer.from(text, 'utf8');
  const out: number[] = [];
  for (let index = 0; index < bytes.length; ) {
    const byte = bytes[index]!;
    if (byte === 0x25) {
      const high = String.fromCharCode(bytes[index + 1] ?? 0);
      const low = String.fromCharCode(bytes[index + 2] ?? 0);
      if (index + 2 >= bytes.length || !isHex(high) || !isHex(low)) return undefined;
      const value = Number.parseInt(high + low, 16);
      const isPercent25 = high === '2' && low === '5';
      if (mode === 'host' && Number.parseInt(high, 16) < 8 && !isPercent25) return undefined;
      if (mode === 'zone' && !isPercent25 && value !== 0x20 && !allowedInHost(value)) {
        return undefined;
      }
      out.push(value);
      index += 3;
      continue;
    }
    if ((mode === 'host' || mode === 'zone') && byte < 0x80 && !allowedInHost(byte)) return undefined;
    out.push(byte);
    index += 1;
  }
  return Buffer.from(out).toString('utf8');
}

/** Go's encoding table in host mode: ASCII letters, digits and the punctuation a host (or port) may hold. */
function allowedInHost(byte: number): boolean {
  if (byte >= 0x80) return false;
  const c = String.fromCharCode(byte);
  return isAlphanumeric(c) || HOST_PUNCTUATION.has(c);
}

/** Go `validOptionalPort`: empty, or `:` followed by digits only. */
const validOptionalPort = (port: string) => port === '' || /^:[0-9]*$/.test(port);

function validUserinfo(userinfo: string): boolean {
  for (const c of userinfo) if (!isAlphanumeric(c) && !USERINFO_PUNCTUATION.has(c)) return false;
  return true;
}

/** Go `parseHost`: true when `host[:port]` is acceptable for this scheme. */
function validHost(scheme: string, host: string): boolean {
  const open = host.lastIndexOf('[');
  if (open > 0) return false;
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) return false;
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort) || goUnescape(colonPort, 'host') === undefined) return false;
    const literal = host.slice(1, close);
    const zoneIndex = literal.indexOf('%25');
    const address =
      zoneIndex >= 0
        ? [goUnescape(literal.slice(0, zoneIndex), 'host'), goUnescape(literal.slice(zoneIndex), 'zone')]
        : [goUnescape(literal, 'host'), ''];
    const [hostPart, zonePart] = address;
    if (hostPart === undefined || zonePart === undefined) return false;
    // netip.ParseAddr must accept it as IPv6 (a plain IPv4 address is refused); a zone is any non-empty text.
    return isIP(hostPart) === 6 && (zoneIndex < 0 || zonePart.length > 1);
  }
  const firstColon = host.indexOf(':');
  if (firstColon !== -1) {
    // Go 1.26 (urlstrictcolons=1): http and https hosts may hold one colon only; other schemes use the last.
    const colon = scheme === 'http' || scheme === 'https' ? firstColon : host.lastIndexOf(':');
    if (!validOptionalPort(host.slice(colon))) return false;
  }
  return goUnescape(host, 'host') !== undefined;
}

function validAuthority(scheme: string, authority: string): boolean {
  const at = authority.lastIndexOf('@');
  if (!validHost(scheme, at < 0 ? authority : authority.slice(at + 1))) return false;
  if (at < 0) return true;
  const userinfo = authority.slice(0, at);
  if (!validUserinfo(userinfo)) return false;
  const colon = userinfo.indexOf(':');
  const parts = colon < 0 ? [userinfo] : [userinfo.slice(0, colon), userinfo.slice(colon + 1)];
  return parts.every((part) => goUnescape(part, 'path') !== undefined);
}

/**
 * The unescaped path of `raw` as Go's `url.ParseRequestURI` reads it, or undefined when Go rejects `raw`
 * (KEDA then uses the whole string as the queue name). `*` has path `*`; an opaque URL (`scheme:rest`) has
 * path `''`; the query is dropped; a `#` is part of the path (request URIs carry no fragment).
 *
 * @example
 * parseRequestUriPath('https://sqs.eu-west-1.amazonaws.com/123/orders'); // '/123/orders'
 * parseRequestUriPath('orders'); // undefined
 */
export function parseRequestUriPath(raw: string): string | undefined {
  if (containsControlByte(raw) || raw === '') return undefined;
  if (raw === '*') return '*';
  const split = splitScheme(raw);
  if (split === undefined) return undefined;
  const scheme = split.scheme.toLowerCase();
  let rest = split.rest;
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) rest = rest.slice(0, -1);
  else {
    const question = rest.indexOf('?');
    if (question >= 0) rest = rest.slice(0, question);
  }
  if (!rest.startsWith('/')) return scheme !== '' ? '' : undefined;
  if (scheme !== '' && rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash >= 0 ? rest.slice(2, slash) : rest.slice(2);
    rest = slash >= 0 ? rest.slice(slash) : '';
    if (!validAuthority(scheme, authority)) return undefined;
  }
  return goUnescape(rest, 'path');
}
