// The parts of Go's net/url that KEDA's rabbitmq scaler relies on (Go 1.24 net/url: Parse, QueryEscape,
// URL.String), so that the URLs we build and the hosts we accept are the ones KEDA builds and accepts.
// `new URL()` differs: it rejects `http://` and `something://` alike, lower-cases hosts, resolves dot segments.

export { goQueryEscape } from '@scalerkit/core/scaler-kit';

/** A URL as Go's `url.Parse` splits it. `path` is decoded; `rawPath` is the escaped form when it differs. */
export interface GoUrl {
  scheme: string;
  /** Set when the URL has an opaque part (`mailto:x`, `http:host`): no authority, no path. */
  opaque: string;
  user: { username: string; password: string | undefined } | undefined;
  host: string;
  path: string;
  rawPath: string;
  rawQuery: string;
  forceQuery: boolean;
  fragment: string;
}

/** Go's `url.Parse` error, with Go's message. */
export class GoUrlError extends Error {
  override readonly name = 'GoUrlError';
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

function isHex(character: string | undefined): boolean {
  return character !== undefined && /^[0-9A-Fa-f]$/.test(character);
}

function percentEncode(text: string, keep: (character: string) => boolean, spaceAsPlus = false): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const character = String.fromCharCode(byte);
    if (byte < 0x80 && keep(character)) out += character;
    else if (spaceAsPlus && byte === 0x20) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go's path escaping (`shouldEscape` with encodePath): also keeps `$&+,/:;=@`. */
export function goPathEscape(text: string): string {
  return percentEncode(text, (character) => UNRESERVED.test(character) || '$&+,/:;=@'.includes(character));
}

/** Go's userinfo escaping (encodeUserPassword): also keeps `$&+,;=`. */
function goUserEscape(text: string): string {
  return percentEncode(text, (character) => UNRESERVED.test(character) || '$&+,;='.includes(character));
}

type UnescapeMode = 'path' | 'host' | 'user' | 'fragment';

// Go's shouldEscape for encodeHost: host characters that may appear unescaped.
const HOST_ALLOWED = /[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/;

/** Go `unescape`: decodes %XX; malformed escapes and (for hosts) invalid characters are errors. */
function goUnescape(text: string, mode: UnescapeMode): string {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index]!;
    if (character === '%') {
      const sequence = text.slice(index, index + 3);
      if (!isHex(text[index + 1]) || !isHex(text[index + 2])) {
        throw new GoUrlError(`invalid URL escape ${JSON.stringify(sequence.slice(0, 3))}`);
      }
      // Hosts may only %-escape non-ASCII bytes (and %25).
      if (mode === 'host' && Number.parseInt(text[index + 1]!, 16) < 8 && sequence !== '%25') {
        throw new GoUrlError(`invalid URL escape ${JSON.stringify(sequence)}`);
      }
      bytes.push(Number.parseInt(text.slice(index + 1, index + 3), 16));
      index += 2;
      continue;
    }
    if (mode === 'host' && character.charCodeAt(0) < 0x80 && !HOST_ALLOWED.test(character)) {
      throw new GoUrlError(`invalid character ${JSON.stringify(character)} in host name`);
    }
    for (const byte of Buffer.from(character, 'utf8')) bytes.push(byte);
  }
  return Buffer.from(bytes).toString('utf8');
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new GoUrlError("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw new GoUrlError(`invalid port ${JSON.stringify(colonPort)} after host`);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon !== -1) {
      const colonPort = host.slice(colon);
      if (!validOptionalPort(colonPort)) throw new GoUrlError(`invalid port ${JSON.stringify(colonPort)} after host`);
    }
  }
  return goUnescape(host, 'host');
}

const USERINFO_ALLOWED = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

function parseAuthority(authority: string): Pick<GoUrl, 'user' | 'host'> {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at < 0) return { user: undefined, host };
  const userinfo = authority.slice(0, at);
  // Go accepts any non-ASCII rune here; the ASCII ones must be in the allowed set.
  if (!USERINFO_ALLOWED.test(userinfo.replace(/[^ -~]/g, ''))) throw new GoUrlError('net/url: invalid userinfo');
  const colon = userinfo.indexOf(':');
  if (colon < 0) return { user: { username: goUnescape(userinfo, 'user'), password: undefined }, host };
  return {
    user: {
      username: goUnescape(userinfo.slice(0, colon), 'user'),
      password: goUnescape(userinfo.slice(colon + 1), 'user'),
    },
    host,
  };
}

/** Go `getScheme`: the scheme before the first `:`, or none when a character before it cannot be in a scheme. */
function splitScheme(raw: string): { scheme: string; rest: string } {
  for (let index = 0; index < raw.length; index += 1) {
    const character = raw[index]!;
    if (/[A-Za-z]/.test(character)) continue;
    if (/[0-9+\-.]/.test(character)) {
      if (index === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (character === ':') {
      if (index === 0) throw new GoUrlError('missing protocol scheme');
      return { scheme: raw.slice(0, index), rest: raw.slice(index + 1) };
    }
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

/**
 * Go `url.Parse`. Throws `GoUrlError` (with Go's message) where Go returns an error: control characters,
 * a leading `:`, a bad port, bad %-escapes, invalid host characters or userinfo.
 */
export function parseGoUrl(raw: string): GoUrl {
  const hash = raw.indexOf('#');
  const withoutFragment = hash < 0 ? raw : raw.slice(0, hash);
  const fragment = hash < 0 ? '' : goUnescape(raw.slice(hash + 1), 'fragment');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Go rejects exactly these bytes
  if (/[\x00-\x1f\x7f]/.test(withoutFragment)) throw new GoUrlError('net/url: invalid control character in URL');
  const url: GoUrl = {
    scheme: '',
    opaque: '',
    user: undefined,
    host: '',
    path: '',
    rawPath: '',
    rawQuery: '',
    forceQuery: false,
    fragment,
  };
  if (withoutFragment === '*') return { ...url, path: '*' };
  const split = splitScheme(withoutFragment);
  url.scheme = split.scheme.toLowerCase();
  let rest = split.rest;
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const question = rest.indexOf('?');
    if (question >= 0) {
      url.rawQuery = rest.slice(question + 1);
      rest = rest.slice(0, question);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') return { ...url, opaque: rest };
    if ((rest.split('/')[0] ?? '').includes(':')) {
      throw new GoUrlError('first path segment in URL cannot contain colon');
    }
  }
  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    Object.assign(url, parseAuthority(authority));
  }
  url.path = goUnescape(rest, 'path');
  url.rawPath = goPathEscape(url.path) === rest ? '' : rest;
  return url;
}

/** Go `URL.EscapedPath`: the raw path when it is a valid encoding of the path, else the escaped path. */
function escapedPath(url: GoUrl): string {
  if (url.rawPath !== '') {
    try {
      if (goUnescape(url.rawPath, 'path') === url.path && !/[^A-Za-z0-9\-_.~$&+,/:;=@%!'()*[\]]/.test(url.rawPath)) {
        return url.rawPath;
      }
    } catch {
      // fall through to the escaped path
    }
  }
  if (url.path === '*') return '*';
  return goPathEscape(url.path);
}

/** Go `URL.String()` (without the fragment's own escaping subtleties). */
export function formatGoUrl(url: GoUrl): string {
  let out = url.scheme === '' ? '' : `${url.scheme}:`;
  if (url.opaque !== '') {
    out += url.opaque;
  } else {
    if (url.scheme !== '' || url.host !== '' || url.user !== undefined) {
      if (url.host !== '' || url.path !== '' || url.user !== undefined) out += '//';
      if (url.user !== undefined) {
        out += goUserEscape(url.user.username);
        if (url.user.password !== undefined) out += `:${goUserEscape(url.user.password)}`;
        out += '@';
      }
      out += url.host;
    }
    const path = escapedPath(url);
    if (path !== '' && !path.startsWith('/') && url.host !== '') out += '/';
    out += path;
  }
  if (url.forceQuery || url.rawQuery !== '') out += `?${url.rawQuery}`;
  if (url.fragment !== '') out += `#${goPathEscape(url.fragment)}`;
  return out;
}

/** Go `path.Join` of segments: joined with `/`, cleaned (`.`, `..`, repeated slashes), `""` when all are empty. */
export function goPathJoin(segments: readonly string[]): string {
  const joined = segments.filter((segment) => segment !== '').join('/');
  if (joined === '') return '';
  const rooted = joined.startsWith('/');
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  const cleaned = (rooted ? '/' : '') + parts.join('/');
  return cleaned === '' ? '.' : cleaned;
}

/** Go `url.QueryUnescape`: `+` is a space; a malformed %-escape is an error. */
export function goQueryUnescape(text: string): string {
  return goUnescape(text.replace(/\+/g, ' '), 'path');
}

/**
 * Go `url.ParseQuery`: `&`-separated `key=value` pairs, both sides query-unescaped, repeated keys kept in order.
 * Like Go it reads every pair it can and then reports the first problem (a `;` in a pair, a bad escape).
 */
export function parseGoQuery(query: string): { values: Record<string, string[]>; problem: string | undefined } {
  const values: Record<string, string[]> = {};
  let problem: string | undefined;
  for (const pair of query.split('&')) {
    if (pair.includes(';')) {
      problem ??= 'invalid semicolon separator in query';
      continue;
    }
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    try {
      const key = goQueryUnescape(equals < 0 ? pair : pair.slice(0, equals));
      const value = goQueryUnescape(equals < 0 ? '' : pair.slice(equals + 1));
      if (!Object.hasOwn(values, key)) {
        Object.defineProperty(values, key, { value: [], enumerable: true, writable: true, configurable: true });
      }
      values[key]!.push(value);
    } catch (error) {
      problem ??= (error as Error).message;
    }
  }
  return { values, problem };
}
