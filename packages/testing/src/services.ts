import { access, constants } from 'node:fs/promises';
import { Socket } from 'node:net';
import { resolveVitestApi, type VitestApi } from './vitest-api.js';

/** Where a service listens: `{ host, port }`, a URL (`amqp://127.0.0.1:5672`, `127.0.0.1:19092`) or an executable. */
export type ServiceLocation = { host: string; port: number } | string | { path: string };

/** Options of `requireService` / `describeWithService`. */
export interface ServiceOptions {
  /** How long one TCP connection attempt may take. Default 1000 ms. */
  timeoutMs?: number;
  /** What to tell the reader when the service is missing. Default `run scripts/services/up.sh`. */
  hint?: string;
  /** Fail instead of skipping. Default: `process.env.CI === 'true'` or `SCALERKIT_REQUIRE_SERVICES === '1'`. */
  required?: boolean;
  /** vitest's API for `describeWithService`; found at run time when omitted. */
  vitest?: Partial<VitestApi>;
}

/** The outcome of a probe. `reason` is the one-line explanation when `reachable` is false. */
export interface ServiceStatus {
  name: string;
  /** `host:port`, or the executable's path. Never holds credentials from a URL. */
  address: string;
  reachable: boolean;
  reason?: string;
}

const defaultPorts: Record<string, number> = {
  amqp: 5672,
  amqps: 5671,
  http: 80,
  https: 443,
  nats: 4222,
  redis: 6379,
  postgres: 5432,
  postgresql: 5432,
  mqtt: 1883,
  kafka: 9092,
};

/** True when unreachable services must fail the run instead of being skipped (CI, `npm run test:all`). */
export function servicesRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.SCALERKIT_REQUIRE_SERVICES === '1';
}

/** Parses a location into what the probe needs; URLs lose their credentials here. */
function toTarget(location: ServiceLocation): { host: string; port: number } | { path: string } {
  if (typeof location !== 'string') return location;
  const first = location.split(',')[0]!.trim();
  const withScheme = first.includes('://') ? first : `tcp://${first}`;
  const url = new URL(withScheme);
  const scheme = url.protocol.replace(/:$/, '');
  const port = url.port ? Number(url.port) : defaultPorts[scheme];
  if (!url.hostname || port === undefined) {
    throw new Error(`services: cannot tell host and port from "${url.host || scheme}"; pass { host, port }`);
  }
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

function probeTcp(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.connect(port, host, () => finish(true));
  });
}

const probes = new Map<string, Promise<ServiceStatus>>();

/**
 * Probes a service once per process (the result is cached by name and address) and never throws for an
 * unreachable service: it reports `reachable: false` with a one-line `reason`.
 */
export function checkService(
  name: string,
  location: ServiceLocation,
  options: ServiceOptions = {},
): Promise<ServiceStatus> {
  const target = toTarget(location);
  const address = 'path' in target ? target.path : `${target.host}:${target.port}`;
  const key = `${name}|${address}`;
  let probe = probes.get(key);
  if (!probe) {
    const hint = options.hint ?? 'run scripts/services/up.sh';
    probe = (async (): Promise<ServiceStatus> => {
      if ('path' in target) {
        const found = await access(target.path, constants.X_OK).then(
          () => true,
          () => false,
        );
        return found
          ? { name, address, reachable: true }
          : { name, address, reachable: false, reason: `${name} not found at ${address} — ${hint}` };
      }
      const reachable = await probeTcp(target.host, target.port, options.timeoutMs ?? 1000);
      return reachable
        ? { name, address, reachable: true }
        : { name, address, reachable: false, reason: `${name} not reachable at ${address} — ${hint}` };
    })();
    probes.set(key, probe);
  }
  return probe;
}

/** Thrown by `requireService` when a required service is unreachable. */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
  constructor(readonly status: ServiceStatus) {
    super(`${status.reason} (required because CI=true or SCALERKIT_REQUIRE_SERVICES=1)`);
  }
}

/**
 * For integration tests: probes the service once. When it is unreachable, throws `ServiceUnavailableError`
 * in CI (`CI=true`) or under `SCALERKIT_REQUIRE_SERVICES=1`, and otherwise prints the one-line reason and
 * returns `reachable: false` so the caller can skip.
 *
 * @example
 * const kafka = await requireService('kafka', { host: '127.0.0.1', port: 19092 });
 * describe.skipIf(!kafka.reachable)('kafka scaler against a broker', () => { ... });
 */
export async function requireService(
  name: string,
  location: ServiceLocation,
  options: ServiceOptions = {},
): Promise<ServiceStatus> {
  const status = await checkService(name, location, options);
  if (status.reachable) return status;
  if (options.required ?? servicesRequired()) throw new ServiceUnavailableError(status);
  warnOnce(status.reason!);
  return status;
}

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`skipped: ${message}`);
}

/**
 * A vitest `describe` whose tests run only when the service answers. Unreachable: one skipped test named
 * with the reason (locally), or one failing test with the reason (in CI / `SCALERKIT_REQUIRE_SERVICES=1`).
 *
 * @example
 * describeWithService('rabbitmq', 'amqp://127.0.0.1:5672', 'rabbitmq scaler', () => {
 *   it('reports the queue length', async () => { ... });
 * });
 */
export function describeWithService(
  name: string,
  location: ServiceLocation,
  title: string,
  factory: (status: ServiceStatus) => void | Promise<void>,
  options: ServiceOptions = {},
): void {
  const vitest = resolveVitestApi(options.vitest, 'describeWithService');
  vitest.describe(title, async () => {
    const status = await checkService(name, location, options);
    if (status.reachable) {
      await factory(status);
      return;
    }
    if (options.required ?? servicesRequired()) {
      vitest.it(`${name} is available`, () => {
        throw new ServiceUnavailableError(status);
      });
      return;
    }
    vitest.it.skip(status.reason, () => {});
  });
}
