// createExternalScalerServer: any scalerkit scaler served to KEDA through its external-scaler gRPC protocol
// (KEDA v2.21.0 pkg/scalers/externalscaler/externalscaler.proto; the client is pkg/scalers/external_scaler.go).
import {
  type sendUnaryData,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServerWritableStream,
  status,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import {
  type Clock,
  type ConnectionCache,
  createConnectionCache,
  registry as defaultRegistry,
  type Logger,
  type ScalerRegistry,
  silentLogger,
  systemClock,
} from '@scalerkit/core';
import { untilAborted } from '@scalerkit/core/scaler-kit';
import { callSignal } from './call-signal.js';
import { HealthStatus } from './health.js';
import { EXTERNAL_SCALER_SERVICE, loadProtos } from './proto.js';
import { type AuthParamsSource, ScalerCache } from './scaler-cache.js';
import type { ServedScaler } from './served-scaler.js';
import { CallEndedError, safeMessage, statusCodeOf, toServiceError } from './status.js';
import { type ScaledObjectRef, SCALER_TYPE_KEY, servedTrigger } from './trigger.js';

/** TLS of the server. KEDA's client verifies it with the trigger's `caCert` and presents `tlsClientCert`/`tlsClientKey`. */
export interface ExternalScalerServerTls {
  /** PEM certificate (chain) of the server; its names must match the host of KEDA's `scalerAddress`. */
  cert: string | Buffer;
  /** PEM private key of `cert`. */
  key: string | Buffer;
  /**
   * PEM CA certificate(s) that sign the clients' certificates. With it the server asks for a client certificate
   * and, unless `requireClientCertificate` is false, refuses a client without one (mutual TLS).
   */
  clientCa?: string | Buffer;
  /** Default: true when `clientCa` is given. */
  requireClientCertificate?: boolean;
}

/** Options of `createExternalScalerServer`. */
export interface ExternalScalerServerOptions {
  /** Where `scalerType` is looked up (and its package imported on demand). Default: the core's default registry. */
  registry?: ScalerRegistry;
  /** Default: silent. Secrets are scrubbed from every entry the bridge writes. */
  logger?: Logger;
  /** Time and timers of the cache and the StreamIsActive polls (a `FakeClock` in tests). Default: the system clock. */
  clock?: Clock;
  /** Plain text when absent. */
  tls?: ExternalScalerServerTls;
  /** A scaler not asked for this long (and with no StreamIsActive open) is closed. Default 600 000 (10 minutes). */
  idleTimeoutMs?: number;
  /** StreamIsActive of a scaler without `run`: ms between polls. Default 5 000. */
  pollIntervalMs?: number;
  /** Bound of one scaler call when KEDA's deadline is later or absent; also the scalers' own poll timeout. Default 30 000. */
  callTimeoutMs?: number;
  /** IsActive reuses the activity of a poll at most this old (the GetMetrics just before it). 0: every IsActive polls. Default 2 000. */
  activityReuseMs?: number;
  /** Authentication parameters the bridge holds itself, per ScaledObject (KEDA does not send a TriggerAuthentication's). */
  authParams?: AuthParamsSource;
  /** Shared clients (many ScaledObjects on one broker share one connection). Default: one cache of the server's own. */
  connections?: ConnectionCache;
}

/** A running (or ready to run) bridge. */
export interface ExternalScalerServer {
  /**
   * Binds `address` (default `0.0.0.0:9090`; port 0 picks a free one) and serves; resolves with the port.
   *
   * @example
   * const port = await server.listen('127.0.0.1:0');
   */
  listen(address?: string): Promise<number>;
  /**
   * Reports NOT_SERVING, ends every stream cleanly (KEDA reconnects), waits up to `graceMs` (default
   * 5 000) for calls in progress, then closes every scaler.
   */
  close(options?: { graceMs?: number }): Promise<void>;
  /** Scalers built and open right now. */
  readonly cachedScalers: number;
  /** StreamIsActive and StreamMetricSpec streams open right now. */
  readonly openStreams: number;
  /** The underlying `@grpc/grpc-js` server (to add services of your own before `listen`). */
  readonly grpcServer: Server;
}

interface GetMetricsRequest {
  scaledObjectRef: ScaledObjectRef | null;
  metricName: string;
}

function refOf(value: ScaledObjectRef | null | undefined): ScaledObjectRef {
  return { name: value?.name ?? '', namespace: value?.namespace ?? '', scalerMetadata: value?.scalerMetadata ?? {} };
}

/** `kafka for team-a/orders`, before the scaler is built. */
function labelOf(ref: ScaledObjectRef): string {
  return `${ref.scalerMetadata[SCALER_TYPE_KEY]?.trim() || '(no scalerType)'} for ${ref.namespace}/${ref.name}`;
}

/** The secrets of a request whose scaler could not be built (its FromEnv and secret-named metadata values). */
function secretsOf(ref: ScaledObjectRef): string[] {
  try {
    return servedTrigger(ref, undefined).secrets;
  } catch {
    return Object.values(ref.scalerMetadata);
  }
}

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new RangeError(
      `createExternalScalerServer: option "${name}" must be a number ${allowZero ? '>= 0' : '> 0'} (ms), got ${value}`,
    );
  }
  return value;
}

/** `GetMetricSpecResponse`: the scaler's specs under the names KEDA expects (it adds `s{triggerIndex}-`). */
function metricSpecResponse(scaler: ServedScaler) {
  return {
    metricSpecs: scaler.bareSpecs().map((spec) => ({
      metricName: spec.metricName,
      // `targetSize` is the deprecated integer field; KEDA v2.21.0 reads `targetSizeFloat` when it is > 0.
      targetSize: Math.round(spec.targetValue),
      targetSizeFloat: spec.targetValue,
    })),
  };
}

/**
 * A gRPC server that serves scalerkit scalers to KEDA as an external scaler (`type: external` or
 * `external-push`). The trigger's metadata names the scaler (`scalerType: kafka`) and carries its own
 * parameters; GetMetricSpec returns its specs, GetMetrics its values, IsActive its activity, StreamIsActive
 * its pushed (or polled) activity, StreamMetricSpec its specs once. The gRPC health service answers for `""`
 * and `externalscaler.ExternalScaler`.
 *
 * @example
 * import { registry } from '@scalerkit/core';
 * import '@scalerkit/kafka/register';
 * const server = createExternalScalerServer({ registry });
 * await server.listen('0.0.0.0:9090');
 * process.on('SIGTERM', () => server.close());
 */
export function createExternalScalerServer(options: ExternalScalerServerOptions = {}): ExternalScalerServer {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const connections = options.connections ?? createConnectionCache();
  const callTimeoutMs = positive('callTimeoutMs', options.callTimeoutMs, 30_000);
  const cache = new ScalerCache({
    registry: options.registry ?? defaultRegistry,
    clock,
    logger,
    connections,
    idleTimeoutMs: positive('idleTimeoutMs', options.idleTimeoutMs, 600_000),
    callTimeoutMs,
    pollIntervalMs: positive('pollIntervalMs', options.pollIntervalMs, 5_000),
    activityReuseMs: positive('activityReuseMs', options.activityReuseMs, 2_000, true),
    authParams: options.authParams,
  });
  const protos = loadProtos();
  const health = new HealthStatus([EXTERNAL_SCALER_SERVICE]);
  const streams = new Set<() => void>();
  const server = new Server();
  let listening = false;
  let closing: Promise<void> | undefined;

  function fail(method: string, ref: ScaledObjectRef, scaler: ServedScaler | undefined, error: unknown) {
    const secrets = scaler?.trigger.secrets ?? secretsOf(ref);
    const label = scaler?.label ?? labelOf(ref);
    const serviceError = toServiceError(error, `${method} ${label}`, secrets);
    const level = error instanceof CallEndedError ? 'debug' : 'warn';
    logger[level](`${method} failed`, {
      scaler: label,
      code: status[statusCodeOf(error)],
      error: safeMessage(error, secrets),
    });
    return serviceError;
  }

  function unary<Request, Response>(
    method: string,
    refFrom: (request: Request) => ScaledObjectRef,
    work: (scaler: ServedScaler, request: Request, signal: AbortSignal) => Promise<Response> | Response,
  ) {
    return (call: ServerUnaryCall<Request, Response>, callback: sendUnaryData<Response>) => {
      const ref = refFrom(call.request);
      const { signal, dispose } = callSignal(call);
      let scaler: ServedScaler | undefined;
      untilAborted(
        cache.acquire(ref).then((acquired) => {
          scaler = acquired;
          return work(acquired, call.request, signal);
        }),
        signal,
      ).then(
        (response) => {
          dispose();
          callback(null, response);
        },
        (error: unknown) => {
          dispose();
          callback(fail(method, ref, scaler, signal.aborted ? signal.reason : error), null);
        },
      );
    };
  }

  const implementation: UntypedServiceImplementation = {
    IsActive: unary<ScaledObjectRef, { result: boolean }>('IsActive', refOf, async (scaler, _request, signal) => ({
      result: await scaler.isActive(signal),
    })),
    GetMetricSpec: unary('GetMetricSpec', refOf, metricSpecResponse),
    GetMetrics: unary<GetMetricsRequest, unknown>(
      'GetMetrics',
      (request) => refOf(request.scaledObjectRef),
      async (scaler, request, signal) => {
        const result = await scaler.poll(request.metricName || undefined, signal);
        return {
          metricValues: result.metrics.map((metric) => ({
            metricName: metric.metricName,
            // KEDA v2.21.0 reads `metricValueFloat` when it is > 0, else the integer `metricValue`.
            metricValue: Math.round(metric.value),
            metricValueFloat: metric.value,
          })),
        };
      },
    ),
    StreamIsActive: (call: ServerWritableStream<ScaledObjectRef, { result: boolean }>) => {
      const ref = refOf(call.request);
      let ended = false;
      let unsubscribe: (() => void) | undefined;
      const end = () => {
        if (ended) return;
        ended = true;
        streams.delete(end);
        unsubscribe?.();
        if (!call.cancelled) call.end();
      };
      streams.add(end);
      call.on('cancelled', () => {
        ended = true;
        streams.delete(end);
        unsubscribe?.();
      });
      cache.acquire(ref).then(
        (scaler) => {
          if (ended) return;
          unsubscribe = scaler.subscribe({
            send: (isActive) => {
              if (!ended) call.write({ result: isActive });
            },
            fail: (error) => {
              if (ended) return;
              ended = true;
              streams.delete(end);
              call.emit('error', fail('StreamIsActive', ref, scaler, error));
            },
          });
        },
        (error: unknown) => {
          if (ended) return;
          ended = true;
          streams.delete(end);
          call.emit('error', fail('StreamIsActive', ref, undefined, error));
        },
      );
    },
    // KEDA v2.21.0's optional metric-spec stream (externalscaler.proto, StreamMetricSpec): the current specs at
    // once, as its rules ask, then nothing more: a scaler's specs do not change while it lives (new metadata
    // means a new scaler), so GetMetricSpec and the stream always agree. The stream stays open until KEDA hangs
    // up or the server shuts down (a clean end of stream).
    StreamMetricSpec: (call: ServerWritableStream<ScaledObjectRef, unknown>) => {
      const ref = refOf(call.request);
      let ended = false;
      let release: (() => void) | undefined;
      const end = () => {
        if (ended) return;
        ended = true;
        streams.delete(end);
        release?.();
        if (!call.cancelled) call.end();
      };
      streams.add(end);
      call.on('cancelled', () => {
        ended = true;
        streams.delete(end);
        release?.();
      });
      cache.acquire(ref).then(
        (scaler) => {
          if (ended) return;
          release = scaler.hold();
          call.write(metricSpecResponse(scaler));
        },
        (error: unknown) => {
          if (ended) return;
          ended = true;
          streams.delete(end);
          call.emit('error', fail('StreamMetricSpec', ref, undefined, error));
        },
      );
    },
  };
  server.addService(protos.externalScaler.service, implementation);
  server.addService(protos.health.service, health.implementation());

  function credentials(): ServerCredentials {
    const tls = options.tls;
    if (!tls) return ServerCredentials.createInsecure();
    const asBuffer = (value: string | Buffer) => (typeof value === 'string' ? Buffer.from(value) : value);
    const clientCa = tls.clientCa === undefined ? null : asBuffer(tls.clientCa);
    const requireClient = tls.requireClientCertificate ?? clientCa !== null;
    if (requireClient && clientCa === null) {
      throw new RangeError(
        'createExternalScalerServer: option "tls.requireClientCertificate" needs "tls.clientCa" (the CA that signs the clients\' certificates)',
      );
    }
    return ServerCredentials.createSsl(
      clientCa,
      [{ cert_chain: asBuffer(tls.cert), private_key: asBuffer(tls.key) }],
      requireClient,
    );
  }

  return {
    get cachedScalers() {
      return cache.size;
    },
    get openStreams() {
      return streams.size;
    },
    grpcServer: server,
    listen(address = '0.0.0.0:9090') {
      if (closing) return Promise.reject(new Error('keda-external: listen() after close()'));
      if (listening) return Promise.reject(new Error('keda-external: the server is already listening'));
      listening = true;
      return new Promise<number>((resolve, reject) => {
        server.bindAsync(address, credentials(), (error, port) => {
          if (error) {
            listening = false;
            reject(new Error(`keda-external: cannot listen on ${address}: ${error.message}`, { cause: error }));
            return;
          }
          logger.info('serving KEDA external scaler', { address, port, tls: options.tls !== undefined });
          resolve(port);
        });
      });
    },
    close({ graceMs = 5_000 } = {}) {
      if (closing) return closing;
      closing = (async () => {
        health.setAll('NOT_SERVING');
        for (const end of [...streams]) end();
        health.endWatches();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            server.forceShutdown();
            resolve();
          }, graceMs);
          server.tryShutdown(() => {
            clearTimeout(timer);
            resolve();
          });
        });
        await cache.close();
        if (!options.connections) await connections.closeAll();
      })();
      return closing;
    },
  };
}
