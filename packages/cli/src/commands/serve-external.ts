import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Logger, ScalerRegistry } from '@scalerkit/core';
import { parseDuration } from '@scalerkit/testing';
import { type Io, UsageError } from '../io.js';
import { jsonLogger } from './operator.js';

/** Options of `scalerkit serve-external` (strings as typed; booleans as flags). */
export interface ServeExternalCommandOptions {
  /** `HOST:PORT` to listen on. Default `0.0.0.0:9090`. */
  address?: string;
  /** PEM files: the server's certificate and key (TLS), and the CA of KEDA's client certificates (mutual TLS). */
  tlsCert?: string;
  tlsKey?: string;
  tlsClientCa?: string;
  /** StreamIsActive of a polled scaler: time between polls. Default 5s. */
  pollInterval?: string;
  /** A scaler not asked for this long is closed. Default 10m. */
  idleTimeout?: string;
  /** Bound of one scaler call. Default 30s. */
  callTimeout?: string;
  /** A JSON file of authentication parameters per ScaledObject (mount it from a Secret). */
  authParams?: string;
  debug?: boolean;
}

/** What the command needs of `@scalerkit/keda-external` (imported when the command runs). */
interface KedaExternalModule {
  createExternalScalerServer(options: Record<string, unknown>): {
    listen(address?: string): Promise<number>;
    close(options?: { graceMs?: number }): Promise<void>;
  };
}

const PACKAGE = '@scalerkit/keda-external';

function milliseconds(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  try {
    const seconds = parseDuration(value, `--${option}`);
    if (seconds <= 0) throw new Error(`--${option} must be more than 0, got "${value}"`);
    return seconds * 1000;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * The `--auth-params` file: `{ "<namespace>/<name>": {...}, "<namespace>/*": {...}, "*": {...} }`, each a map of
 * parameter names to string values. A ScaledObject gets `*`, then its namespace's, then its own, later ones
 * overriding. Errors name the file and the entry, never a value.
 */
export function parseAuthParamsFile(text: string, file: string): Map<string, Record<string, string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(
      `--auth-params ${file}: not valid JSON (expected { "<namespace>/<name>": { "<parameter>": "<value>" } })`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`--auth-params ${file}: expected an object keyed by "<namespace>/<name>", "<namespace>/*" or "*"`);
  }
  const entries = new Map<string, Record<string, string>>();
  for (const [key, value] of Object.entries(parsed)) {
    if (key !== '*' && !/^[^/\s]+\/[^/\s]+$/.test(key)) {
      throw new Error(`--auth-params ${file}: key "${key}" must be "<namespace>/<name>", "<namespace>/*" or "*"`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Error(`--auth-params ${file}: "${key}" must be an object of parameter names to strings`);
    }
    for (const [parameter, secret] of Object.entries(value)) {
      if (typeof secret !== 'string') {
        throw new Error(`--auth-params ${file}: "${key}"."${parameter}" must be a string`);
      }
    }
    entries.set(key, value as Record<string, string>);
  }
  return entries;
}

/** The parameters of one ScaledObject from the file's entries (`*`, then `<namespace>/*`, then `<namespace>/<name>`). */
export function authParamsFor(
  entries: Map<string, Record<string, string>>,
  namespace: string,
  name: string,
): Record<string, string> | undefined {
  const found = [entries.get('*'), entries.get(`${namespace}/*`), entries.get(`${namespace}/${name}`)].filter(
    (entry): entry is Record<string, string> => entry !== undefined,
  );
  return found.length === 0 ? undefined : Object.assign({}, ...found);
}

async function readPem(io: Io, file: string | undefined, option: string): Promise<Buffer | undefined> {
  if (file === undefined) return undefined;
  try {
    return await readFile(resolve(io.cwd, file));
  } catch (error) {
    throw new Error(`--${option} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * `scalerkit serve-external`: serves every installed scalerkit scaler to KEDA as an external scaler (trigger
 * `type: external` or `external-push` with `scalerAddress` pointing here and `scalerType: <trigger type>`),
 * until `signal`. Log lines are JSON on stderr; secrets never appear in them.
 */
export async function serveExternalCommand(
  options: ServeExternalCommandOptions,
  registry: ScalerRegistry,
  io: Io,
  signal: AbortSignal,
  importer: (specifier: string) => Promise<unknown> = (specifier) => import(specifier),
): Promise<number> {
  const logger: Logger = jsonLogger(io.err, options.debug);
  const pollIntervalMs = milliseconds(options.pollInterval, 'poll-interval');
  const idleTimeoutMs = milliseconds(options.idleTimeout, 'idle-timeout');
  const callTimeoutMs = milliseconds(options.callTimeout, 'call-timeout');
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together (the server certificate and its key)');
  }
  if (options.tlsClientCa !== undefined && options.tlsCert === undefined) {
    throw new UsageError('--tls-client-ca needs --tls-cert and --tls-key (mutual TLS is TLS first)');
  }
  let module: KedaExternalModule;
  try {
    module = (await importer(PACKAGE)) as KedaExternalModule;
  } catch (error) {
    const missing =
      (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' ||
      /Cannot find (module|package)/.test(String(error));
    throw new Error(
      missing
        ? `serve-external needs ${PACKAGE}: npm install ${PACKAGE}`
        : `serve-external: loading ${PACKAGE} failed: ${(error as Error).message}`,
    );
  }
  const cert = await readPem(io, options.tlsCert, 'tls-cert');
  const key = await readPem(io, options.tlsKey, 'tls-key');
  const clientCa = await readPem(io, options.tlsClientCa, 'tls-client-ca');
  let authEntries: Map<string, Record<string, string>> | undefined;
  if (options.authParams !== undefined) {
    const text = await readFile(resolve(io.cwd, options.authParams), 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new Error(`--auth-params ${options.authParams}: cannot read it (${error.code ?? 'error'})`);
    });
    authEntries = parseAuthParamsFile(text, options.authParams);
  }
  const server = module.createExternalScalerServer({
    registry,
    logger,
    ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
    ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }),
    ...(callTimeoutMs === undefined ? {} : { callTimeoutMs }),
    ...(cert && key ? { tls: { cert, key, ...(clientCa ? { clientCa } : {}) } } : {}),
    ...(authEntries
      ? {
          authParams: ({ namespace, name }: { namespace: string; name: string }) =>
            authParamsFor(authEntries, namespace, name),
        }
      : {}),
  });
  const stopped = new Promise<void>((resolvePromise) => {
    if (signal.aborted) resolvePromise();
    signal.addEventListener('abort', () => resolvePromise(), { once: true });
  });
  await server.listen(options.address ?? '0.0.0.0:9090');
  logger.info('registered trigger types', { types: registry.types() });
  await stopped;
  logger.info('stopping: ending streams, closing scalers');
  await server.close();
  return 0;
}
