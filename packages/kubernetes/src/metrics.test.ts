import { type Autoscaler, createAutoscaler, InMemoryScaleTarget } from '@scalerkit/core';
import { constantScaler, FakeClock, failingScaler } from '@scalerkit/testing';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { KedaMetrics, type MetricsServer, scalerLabel, startMetricsServer } from './metrics.js';

const scaledObject = (annotations: Record<string, string> = {}) => ({
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name: 'orders', namespace: 'shop', annotations },
  spec: {
    scaleTargetRef: { name: 'orders-worker' },
    pollingInterval: 10,
    minReplicaCount: 1,
    maxReplicaCount: 10,
    triggers: [
      { type: 'kafka', metadata: { topic: 'orders' } },
      { type: 'rabbitmq', name: 'jobs', metadata: { queueName: 'jobs' } },
    ],
  },
});

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

function autoscalerWith(clock: FakeClock, second = failingScaler('connection refused', { clock, triggerIndex: 1 })) {
  const autoscaler: Autoscaler = createAutoscaler({
    scaledObject: scaledObject(),
    target: new InMemoryScaleTarget({ replicas: 1, clock }),
    clock,
    hpaSyncPeriodMs: 0,
    scalers: {
      '0': constantScaler(42, { clock, metricName: 'kafka-orders', targetValue: 5 }),
      jobs: second,
    },
  });
  stops.push(() => autoscaler.stop());
  return autoscaler;
}

/** The series of one metric in the exposition text, without HELP/TYPE lines. */
function series(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('KedaMetrics (KEDA v2.21.0 pkg/metricscollector/prommetrics.go names and labels)', () => {
  it('records values, activity, latency and errors of each poll with KEDA labels', async () => {
    const clock = new FakeClock(0);
    const metrics = new KedaMetrics();
    const autoscaler = autoscalerWith(clock);
    metrics.observe(autoscaler);
    await autoscaler.start();
    await clock.advance(25_000); // polls at 0, 10 and 20 s
    const text = await metrics.metrics();
    const labels =
      'namespace="shop",metric="s0-kafka-orders",scaledObject="orders",scaler="kafkaScaler",triggerIndex="0",type="scaledobject"';
    expect(series(text, 'keda_scaler_metrics_value')).toEqual([`keda_scaler_metrics_value{${labels}} 42`]);
    expect(series(text, 'keda_scaler_active')).toEqual([`keda_scaler_active{${labels}} 1`]);
    expect(series(text, 'keda_scaler_metrics_latency_seconds')).toEqual([
      `keda_scaler_metrics_latency_seconds{${labels}} 0`,
    ]);
    // The failing trigger never answered: its metric name comes from the decision's HPA metrics.
    expect(series(text, 'keda_scaler_detail_errors_total')).toEqual([
      `keda_scaler_detail_errors_total{${labels}} 0`,
      'keda_scaler_detail_errors_total{namespace="shop",metric="s1-scripted",scaledObject="orders",scaler="jobs",triggerIndex="1",type="scaledobject"} 3',
    ]);
    // The same counter under KEDA's pre-v2.17 name, which the issue and older dashboards use.
    expect(series(text, 'keda_scaler_errors_total')).toEqual([
      `keda_scaler_errors_total{${labels}} 0`,
      'keda_scaler_errors_total{namespace="shop",metric="s1-scripted",scaledObject="orders",scaler="jobs",triggerIndex="1",type="scaledobject"} 3',
    ]);
    expect(series(text, 'keda_scaled_object_errors_total')).toEqual([
      'keda_scaled_object_errors_total{namespace="shop",scaledObject="orders"} 3',
    ]);
    expect(series(text, 'keda_scaled_object_paused')).toEqual([
      'keda_scaled_object_paused{namespace="shop",scaledObject="orders"} 0',
    ]);
    expect(series(text, 'keda_trigger_registered_total')).toEqual([
      'keda_trigger_registered_total{type="kafka"} 1',
      'keda_trigger_registered_total{type="rabbitmq"} 1',
    ]);
    expect(series(text, 'keda_resource_registered_total')).toEqual([
      'keda_resource_registered_total{type="scaled_object",namespace="shop"} 1',
    ]);
    expect(text).toContain(
      "# HELP keda_scaler_metrics_value The current value for each scaler's metric that would be used by the HPA in computing the target average.",
    );
  });

  it('stopping the observation removes the ScaledObject’s series (KEDA DeleteScalerMetrics)', async () => {
    const clock = new FakeClock(0);
    const metrics = new KedaMetrics();
    const autoscaler = autoscalerWith(clock);
    const stop = metrics.observe(autoscaler);
    await autoscaler.start();
    await clock.advance(1_000);
    stop();
    await clock.advance(20_000);
    const text = await metrics.metrics();
    for (const name of [
      'keda_scaler_metrics_value',
      'keda_scaler_active',
      'keda_scaler_detail_errors_total',
      'keda_scaler_errors_total',
      'keda_scaled_object_paused',
    ]) {
      expect(series(text, name)).toEqual([]);
    }
    expect(series(text, 'keda_trigger_registered_total')).toEqual([
      'keda_trigger_registered_total{type="kafka"} 0',
      'keda_trigger_registered_total{type="rabbitmq"} 0',
    ]);
  });

  it('shares metrics with another KedaMetrics on the same registry', async () => {
    const registry = new Registry();
    const first = new KedaMetrics({ registry });
    const second = new KedaMetrics({ registry });
    const clock = new FakeClock(0);
    first.observe(autoscalerWith(clock));
    second.observe(autoscalerWith(clock));
    expect(series(await registry.metrics(), 'keda_resource_registered_total')).toEqual([
      'keda_resource_registered_total{type="scaled_object",namespace="shop"} 2',
    ]);
  });

  it.each([
    [{ type: 'kafka', name: '' }, 'kafkaScaler'],
    [{ type: 'rabbitmq', name: '' }, 'rabbitMQScaler'],
    [{ type: 'aws-sqs-queue', name: '' }, 'awsSqsQueueScaler'],
    [{ type: 'some-new-source', name: '' }, 'someNewSourceScaler'],
    [{ type: 'kafka', name: 'orders' }, 'orders'],
  ])('the scaler label of %o is %s', (trigger, label) => {
    expect(scalerLabel(trigger)).toBe(label);
  });
});

describe('startMetricsServer', () => {
  let server: MetricsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves /metrics in the Prometheus text format, and /healthz and /readyz from their checks', async () => {
    const metrics = new KedaMetrics();
    let ready = false;
    server = await startMetricsServer({
      registry: metrics.registry,
      port: 0,
      host: '127.0.0.1',
      readyz: () => ready,
      healthz: () => {
        throw new Error('lease not renewed for 40 s');
      },
    });
    const scrape = await fetch(`${server.url}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await scrape.text()).toContain('# TYPE keda_scaler_active gauge');
    const notReady = await fetch(`${server.url}/readyz`);
    expect([notReady.status, await notReady.text()]).toEqual([503, 'check failed\n']);
    ready = true;
    const nowReady = await fetch(`${server.url}/readyz`);
    expect([nowReady.status, await nowReady.text()]).toEqual([200, 'ok\n']);
    const unhealthy = await fetch(`${server.url}/healthz`);
    expect([unhealthy.status, await unhealthy.text()]).toEqual([503, 'lease not renewed for 40 s\n']);
    expect((await fetch(`${server.url}/other`)).status).toBe(404);
  });
});
