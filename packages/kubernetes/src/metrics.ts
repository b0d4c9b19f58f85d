// Prometheus metrics with KEDA's names, labels and help texts (KEDA v2.21.0 pkg/metricscollector/prommetrics.go),
// fed from an autoscaler's events, and a small HTTP server for /metrics, /healthz and /readyz.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Autoscaler, AutoscalerEvents } from '@scalerkit/core';
import { Counter, Gauge, Registry } from 'prom-client';

/** The labels of KEDA's per-trigger series (`metricLabels` in prommetrics.go). */
type TriggerLabel = 'namespace' | 'metric' | 'scaledObject' | 'scaler' | 'triggerIndex' | 'type';
type ObjectLabel = 'namespace' | 'scaledObject';

/** The part of an `Autoscaler` the metrics read: its ScaledObject and its events. */
export type ObservableAutoscaler = Pick<Autoscaler, 'scaledObject' | 'on'>;

/** Options of `KedaMetrics`. */
export interface KedaMetricsOptions {
  /** Where the metrics are registered. Default a new registry (`metrics.registry`); pass prom-client's `register` for the global one. */
  registry?: Registry;
}

/** Options of `KedaMetrics.observe`. */
export interface ObserveOptions {
  /** The `namespace` label. Default the ScaledObject's namespace, else `default`. */
  namespace?: string;
  /** The `scaledObject` label. Default the ScaledObject's name. */
  name?: string;
}

/**
 * KEDA's scaler `%T` names, its `scaler` label for an unnamed trigger (pkg/scaling/scale_handler.go
 * `triggerNameForScaler`). Other types get `<camelCase type>Scaler`.
 */
const KEDA_SCALER_TYPE_NAMES: Record<string, string> = {
  kafka: 'kafkaScaler',
  'apache-kafka': 'apacheKafkaScaler',
  rabbitmq: 'rabbitMQScaler',
  'aws-sqs-queue': 'awsSqsQueueScaler',
  'azure-servicebus': 'azureServiceBusScaler',
  'azure-queue': 'azureQueueScaler',
  'nats-jetstream': 'natsJetStreamScaler',
  prometheus: 'prometheusScaler',
  cron: 'cronScaler',
  'metrics-api': 'metricsAPIScaler',
  redis: 'redisScaler',
  postgresql: 'postgreSQLScaler',
  mysql: 'mySQLScaler',
  external: 'externalScaler',
  'external-push': 'externalPushScaler',
};

/** The `scaler` label of a trigger: its name, else KEDA's scaler type name. */
export function scalerLabel(trigger: { type: string; name: string }): string {
  if (trigger.name) return trigger.name;
  const known = KEDA_SCALER_TYPE_NAMES[trigger.type];
  if (known) return known;
  return `${trigger.type.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase())}Scaler`;
}

function gauge<T extends string>(registry: Registry, name: string, help: string, labelNames: T[]): Gauge<T> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Gauge<T>;
  return new Gauge({ name, help, labelNames, registers: [registry] });
}

function counter<T extends string>(registry: Registry, name: string, help: string, labelNames: T[]): Counter<T> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<T>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

const TRIGGER_LABELS: TriggerLabel[] = ['namespace', 'metric', 'scaledObject', 'scaler', 'triggerIndex', 'type'];

/**
 * KEDA's Prometheus metrics for autoscalers in this process. Series per trigger carry KEDA's labels
 * (`namespace`, `scaledObject`, `scaler`, `triggerIndex`, `metric`, `type="scaledobject"`).
 *
 * | metric | from |
 * |---|---|
 * | `keda_scaler_metrics_value` | each metric value of a poll or HPA sync |
 * | `keda_scaler_metrics_latency_seconds` | the poll's (or sync's) duration, for each of its metrics |
 * | `keda_scaler_active` | each trigger's activity in a poll |
 * | `keda_scaler_detail_errors_total` | failed metric queries (per metric), 0 once the metric answered |
 * | `keda_scaler_errors_total` | the same counter under KEDA's name before v2.17.0 (kept for existing dashboards) |
 * | `keda_scaled_object_errors_total` | the same failures per ScaledObject, and failures to build its scalers |
 * | `keda_scaled_object_paused` | 1 while a decision says paused |
 * | `keda_trigger_registered_total`, `keda_resource_registered_total` | triggers and ScaledObjects observed |
 *
 * @example
 * const metrics = new KedaMetrics();
 * metrics.observe(autoscaler);
 * const server = await startMetricsServer({ registry: metrics.registry, port: 8080 });
 */
export class KedaMetrics {
  readonly registry: Registry;
  readonly #value: Gauge<TriggerLabel>;
  readonly #latency: Gauge<TriggerLabel>;
  readonly #active: Gauge<TriggerLabel>;
  readonly #errors: Counter<TriggerLabel>;
  /** `keda_scaler_errors_total`: KEDA's name for the same counter before v2.17.0, which dashboards still read. */
  readonly #legacyErrors: Counter<TriggerLabel>;
  readonly #objectErrors: Counter<ObjectLabel>;
  readonly #paused: Gauge<ObjectLabel>;
  readonly #triggers: Gauge<'type'>;
  readonly #resources: Gauge<'type' | 'namespace'>;

  constructor(options: KedaMetricsOptions = {}) {
    const registry = options.registry ?? new Registry();
    this.registry = registry;
    this.#value = gauge(
      registry,
      'keda_scaler_metrics_value',
      "The current value for each scaler's metric that would be used by the HPA in computing the target average.",
      TRIGGER_LABELS,
    );
    this.#latency = gauge(
      registry,
      'keda_scaler_metrics_latency_seconds',
      'The latency of retrieving current metric from each scaler, in seconds.',
      TRIGGER_LABELS,
    );
    this.#active = gauge(
      registry,
      'keda_scaler_active',
      'Indicates whether a scaler is active (1), or not (0).',
      TRIGGER_LABELS,
    );
    this.#errors = counter(
      registry,
      'keda_scaler_detail_errors_total',
      'The total number of errors encountered for each scaler.',
      TRIGGER_LABELS,
    );
    this.#legacyErrors = counter(
      registry,
      'keda_scaler_errors_total',
      'The total number of errors encountered for each scaler (KEDA before v2.17.0; the same as keda_scaler_detail_errors_total).',
      TRIGGER_LABELS,
    );
    this.#objectErrors = counter(
      registry,
      'keda_scaled_object_errors_total',
      'The number of errors that have occurred for each ScaledObject.',
      ['namespace', 'scaledObject'],
    );
    this.#paused = gauge(
      registry,
      'keda_scaled_object_paused',
      'Indicates whether a ScaledObject is paused (1), or not (0).',
      ['namespace', 'scaledObject'],
    );
    this.#triggers = gauge(
      registry,
      'keda_trigger_registered_total',
      'Total number of triggers per trigger type registered.',
      ['type'],
    );
    this.#resources = gauge(
      registry,
      'keda_resource_registered_total',
      'Total number of KEDA custom resources per namespace for each custom resource type (CRD) registered.',
      ['type', 'namespace'],
    );
  }

  /**
   * Feeds the metrics from `autoscaler`'s events until the returned function is called; that function also
   * removes the autoscaler's series, as KEDA's `DeleteScalerMetrics` does when a ScaledObject goes.
   */
  observe(autoscaler: ObservableAutoscaler, options: ObserveOptions = {}): () => void {
    const { scaledObject } = autoscaler;
    const namespace = options.namespace ?? scaledObject.metadata.namespace ?? 'default';
    const name = options.name ?? scaledObject.metadata.name;
    const triggers = scaledObject.spec.triggers;
    const indexOf = new Map<string, number>();
    triggers.forEach((trigger, index) => {
      indexOf.set(trigger.name || String(index), index);
    });
    /** Metric names seen per trigger key, for the series of a failed query (which answers no metric). */
    const metricNames = new Map<string, Set<string>>();
    const series = new Set<string>();
    const objectLabels = { namespace, scaledObject: name };

    const labelsOf = (key: string, metric: string): Record<TriggerLabel, string> => {
      const index = indexOf.get(key) ?? Number(key);
      const trigger = triggers[index];
      const labels = {
        namespace,
        metric,
        scaledObject: name,
        scaler: trigger ? scalerLabel(trigger) : key,
        triggerIndex: String(Number.isInteger(index) ? index : 0),
        type: 'scaledobject',
      };
      series.add(JSON.stringify(labels));
      return labels;
    };
    const remember = (key: string, metric: string): void => {
      let names = metricNames.get(key);
      if (!names) {
        names = new Set();
        metricNames.set(key, names);
      }
      names.add(metric);
    };

    // A failed query answers no metric name: its failures are counted once the decision that follows has named
    // the trigger's metrics (or at the next poll).
    const failed: string[] = [];
    const flushErrors = (): void => {
      for (const key of failed.splice(0)) {
        const names = metricNames.get(key);
        for (const metric of names && names.size > 0 ? names : ['']) {
          const labels = labelsOf(key, metric);
          this.#errors.inc(labels);
          this.#legacyErrors.inc(labels);
          this.#objectErrors.inc(objectLabels);
        }
      }
    };

    // KEDA's scale loop (`checkScalers` → RecordScalerActive/RecordScalerError) and metrics fetch
    // (`GetScaledObjectMetrics` → RecordScalerMetric/RecordScalerLatency/RecordScalerError).
    const record = (
      event: AutoscalerEvents['poll'] | AutoscalerEvents['hpaSync'],
      withActivity: boolean,
      cached: readonly string[] = [],
    ): void => {
      const latencySeconds = Math.max(0, event.finishedAt - event.at) / 1000;
      flushErrors();
      for (const [key, observation] of Object.entries(event.triggers)) {
        if (observation.error !== undefined) {
          failed.push(key);
          continue;
        }
        for (const { metricName, value } of observation.metrics ?? []) {
          remember(key, metricName);
          const labels = labelsOf(key, metricName);
          this.#value.set(labels, value);
          if (!cached.includes(key)) this.#latency.set(labels, latencySeconds);
          if (withActivity) this.#active.set(labels, observation.isActive ? 1 : 0);
          this.#errors.inc(labels, 0);
          this.#legacyErrors.inc(labels, 0);
        }
        this.#objectErrors.inc(objectLabels, 0);
      }
    };

    for (const trigger of triggers) this.#triggers.inc({ type: trigger.type });
    this.#resources.inc({ type: 'scaled_object', namespace });
    this.#paused.set(objectLabels, scaledObject.pause?.paused ? 1 : 0);
    const unsubscribes = [
      autoscaler.on('poll', (event) => record(event, true)),
      autoscaler.on('hpaSync', (event) => record(event, false, event.cachedTriggers)),
      autoscaler.on('decision', ({ decision }) => {
        for (const metric of decision.explanation.hpa.metrics) remember(metric.triggerKey, metric.metricName);
        flushErrors();
        this.#paused.set(objectLabels, decision.paused ? 1 : 0);
      }),
      autoscaler.on('error', (event) => {
        if (event.phase === 'build') this.#objectErrors.inc(objectLabels);
      }),
    ];

    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      for (const unsubscribe of unsubscribes) unsubscribe();
      failed.length = 0;
      for (const text of series) {
        const labels = JSON.parse(text) as Record<TriggerLabel, string>;
        this.#value.remove(labels);
        this.#latency.remove(labels);
        this.#active.remove(labels);
        this.#errors.remove(labels);
        this.#legacyErrors.remove(labels);
      }
      for (const trigger of triggers) this.#triggers.dec({ type: trigger.type });
      this.#resources.dec({ type: 'scaled_object', namespace });
      this.#paused.remove(objectLabels);
    };
  }

  /** The exposition text (what `/metrics` serves). */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

/** A health check: true (or a resolved true) when healthy; false or a thrown error otherwise. */
export type HealthCheck = () => boolean | Promise<boolean>;

/** Options of `startMetricsServer`. */
export interface MetricsServerOptions {
  /** Served at `/metrics`. Default a new `KedaMetrics`'s registry (then empty). */
  registry?: Registry;
  /** Default 8080 (KEDA's operator metrics port); 0 picks a free one. */
  port?: number;
  /** Default every interface (a pod's scrape target); `127.0.0.1` keeps it local. */
  host?: string;
  /** `/healthz`: liveness (for example `() => elector.check(20_000) === undefined`). Default always healthy. */
  healthz?: HealthCheck;
  /** `/readyz`: readiness. Default always ready. */
  readyz?: HealthCheck;
}

/** A running metrics server. */
export interface MetricsServer {
  /** `http://host:port`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

async function passes(check: HealthCheck | undefined): Promise<{ ok: boolean; detail: string }> {
  if (!check) return { ok: true, detail: 'ok' };
  try {
    return (await check()) ? { ok: true, detail: 'ok' } : { ok: false, detail: 'check failed' };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Serves `/metrics` (Prometheus text format), `/healthz` and `/readyz` (`200 ok`, or `503` with the reason).
 *
 * @example
 * const server = await startMetricsServer({ registry: metrics.registry, port: 8080, readyz: () => started });
 */
export async function startMetricsServer(options: MetricsServerOptions = {}): Promise<MetricsServer> {
  const registry = options.registry ?? new KedaMetrics().registry;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const answer = async (): Promise<void> => {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
        return;
      }
      if (path === '/metrics') {
        const text = await registry.metrics();
        response.writeHead(200, { 'content-type': registry.contentType }).end(text);
        return;
      }
      if (path === '/healthz' || path === '/readyz') {
        const { ok, detail } = await passes(path === '/healthz' ? options.healthz : options.readyz);
        response.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(`${detail}\n`);
        return;
      }
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: /metrics, /healthz, /readyz\n');
    };
    answer().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  const port = options.port ?? 8080;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host === '[::]' ? '127.0.0.1' : host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
