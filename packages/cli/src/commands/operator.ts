import { once } from 'node:events';
import { hostname } from 'node:os';
import type { Logger, ScalerRegistry } from '@scalerkit/core';
import type { KubernetesOperator, LeaderElector, MetricsServer } from '@scalerkit/kubernetes';
import { type Io, UsageError } from '../io.js';
import { createLiveView, type LiveView, parseUiAddress } from '../live-view/index.js';

/** Options of `scalerkit operator` (strings as typed; booleans as flags). */
export interface OperatorCommandOptions {
  namespace?: string;
  kubeconfig?: string;
  /** `--no-leader-election`: run without a Lease (one replica only). */
  noLeaderElection?: boolean;
  leaseName?: string;
  leaseNamespace?: string;
  /** `[HOST:]PORT` of /metrics, /healthz, /readyz. Default 8080 on every interface; `0` disables. */
  metricsAddress?: string;
  /** `json` (default) or `text`. */
  logFormat?: string;
  debug?: boolean;
  /** `--ui [HOST:]PORT`: the read-only live view, one row per ScaledObject (loopback unless a host is given). */
  ui?: string;
}

/** One JSON object per line: `{"time","level","msg",...fields}` (what log collectors parse). */
export function jsonLogger(write: (line: string) => void, debug = false): Logger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields: Record<string, unknown> = {}): void => {
      if (level === 'debug' && !debug) return;
      write(JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields }));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function textLogger(write: (line: string) => void, debug = false): Logger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields: Record<string, unknown> = {}): void => {
      if (level === 'debug' && !debug) return;
      const extra = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
      write(`${new Date().toISOString()} ${level} ${message}${extra}`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function metricsAddress(value: string | undefined): { host?: string; port: number } {
  if (value === undefined) return { port: 8080 };
  const match = /^(?:(.+):)?(\d+)$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--metrics-address must be [HOST:]PORT (PORT 0-65535; 0 disables), got "${value}"`);
  }
  return match[1] ? { host: match[1], port } : { port };
}

/**
 * `scalerkit operator`: runs KEDA's ScaledObjects and ScaledJobs of a cluster (one namespace or all) with
 * scalerkit's engine. With leader election (default) only the replica holding the Lease runs them; the others
 * wait and take over when it stops or loses the Lease. Serves /metrics, /healthz and /readyz. Ends on `signal`.
 */
export async function operatorCommand(
  options: OperatorCommandOptions,
  registry: ScalerRegistry,
  io: Io,
  signal: AbortSignal,
): Promise<number> {
  const logger =
    options.logFormat === undefined || options.logFormat === 'json'
      ? jsonLogger(io.err, options.debug)
      : options.logFormat === 'text'
        ? textLogger(io.err, options.debug)
        : (() => {
            throw new UsageError(`--log-format must be json or text, got "${options.logFormat}"`);
          })();
  const address = metricsAddress(options.metricsAddress);
  const ui = options.ui === undefined ? undefined : parseUiAddress(options.ui);
  // Loaded when the command runs, so that the other commands start without the Kubernetes client.
  const { createKubernetesOperator, KedaMetrics, LeaderElector, startMetricsServer } = await import(
    '@scalerkit/kubernetes'
  );
  const identity = `${hostname()}_${process.pid}`;
  const metrics = new KedaMetrics();
  let view: LiveView | undefined;
  const connection = options.kubeconfig ? { kubeconfig: options.kubeconfig } : {};
  let elector: LeaderElector | undefined;
  let leading = false;
  let failure: unknown;
  const stopped = new AbortController();
  const stop = () => stopped.abort();
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });

  const runOperator = async (until: AbortSignal): Promise<void> => {
    const operator: KubernetesOperator = createKubernetesOperator({
      ...connection,
      ...(options.namespace ? { namespace: options.namespace } : {}),
      registry,
      logger,
      identity,
      onAutoscaler: (autoscaler, scaledObject) => {
        const unobserve = metrics.observe(autoscaler);
        // One live-view row per ScaledObject; a restarted autoscaler keeps its row's history.
        const row = `${scaledObject.metadata.namespace ?? 'default'}/${scaledObject.metadata.name}`;
        const detach = view?.attach(row, autoscaler);
        view?.update(row, {
          target: `${scaledObject.spec.scaleTargetRef.kind}/${scaledObject.spec.scaleTargetRef.name}`,
        });
        return () => {
          unobserve();
          detach?.();
        };
      },
    });
    try {
      await operator.start();
      leading = true;
      if (!until.aborted) await once(until, 'abort');
    } catch (error) {
      failure = error;
      stop();
    } finally {
      leading = false;
      await operator.stop();
    }
  };

  let server: MetricsServer | undefined;
  try {
    if (ui) {
      view = await createLiveView({ host: ui.host, port: ui.port, title: 'scalerkit operator' });
      logger.info('serving the live view (read-only)', { url: view.url });
      if (!ui.loopback)
        logger.warn('the live view listens beyond loopback: other machines can read it', { host: ui.host });
    }
    if (address.port !== 0) {
      server = await startMetricsServer({
        registry: metrics.registry,
        port: address.port,
        ...(address.host ? { host: address.host } : {}),
        // Alive while the elector renews in time (a leader that cannot renew stops acting, then restarts).
        healthz: () => elector === undefined || elector.check(20_000) === undefined,
        readyz: () => leading || elector !== undefined,
      });
      logger.info('serving /metrics, /healthz, /readyz', { url: server.url });
    }
    if (options.noLeaderElection) {
      logger.info('operator starting without leader election', { identity, namespace: options.namespace ?? '(all)' });
      await runOperator(stopped.signal);
    } else {
      elector = new LeaderElector({
        ...connection,
        leaseName: options.leaseName ?? 'scalerkit-operator',
        ...(options.leaseNamespace || process.env.POD_NAMESPACE
          ? { leaseNamespace: options.leaseNamespace ?? process.env.POD_NAMESPACE }
          : {}),
        identity,
        logger,
        onStartedLeading: (leadership) => {
          logger.info('became leader: starting the operator', { identity });
          return runOperator(leadership);
        },
        onNewLeader: (leader) => logger.info('leader observed', { leader: leader || '(none)' }),
      });
      logger.info('operator waiting for leadership', { identity, lease: options.leaseName ?? 'scalerkit-operator' });
      // run() returns when stopped, or when the lease was lost: then campaign again (engine state is in the cluster).
      while (!stopped.signal.aborted && failure === undefined) {
        await elector.run(stopped.signal);
        if (!stopped.signal.aborted && failure === undefined)
          logger.warn('leadership lost; campaigning again', { identity });
      }
    }
  } finally {
    signal.removeEventListener('abort', stop);
    await server?.close();
    await view?.close();
  }
  if (failure !== undefined) {
    logger.error('operator failed', { error: failure instanceof Error ? failure.message : String(failure) });
    return 1;
  }
  logger.info('scalerkit operator exiting');
  return 0;
}
