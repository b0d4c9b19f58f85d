import { isIP } from 'node:net';
import { UsageError } from '../io.js';

/**
 * The address of `--ui`: `PORT` (on 127.0.0.1), `HOST:PORT` or `[IPv6]:PORT`. The host defaults to
 * loopback; another one is allowed when written out, and `loopback` says whether it is one.
 */
export function parseUiAddress(value: string): { host: string; port: number; loopback: boolean } {
  const text = value.trim();
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|[^:[\]]+):)?(\d{1,5})$/.exec(text);
  const port = match ? Number(match[2]) : Number.NaN;
  if (!match || port > 65535) {
    throw new UsageError(
      `--ui must be PORT, HOST:PORT or [IPv6]:PORT (for example 127.0.0.1:8080; port 0 picks a free one), got "${value}"`,
    );
  }
  const raw = match[1] ?? '127.0.0.1';
  const host = raw.startsWith('[') ? raw.slice(1, -1) : raw;
  if (raw.startsWith('[') && isIP(host) !== 6) throw new UsageError(`--ui: "${raw}" is not an IPv6 address`);
  const loopback = host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
  return { host, port, loopback };
}
