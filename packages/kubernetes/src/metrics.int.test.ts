import { createAutoscaler } from '@scalerkit/core';
import { constantScaler } from '@scalerkit/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KedaMetrics, startMetricsServer } from './metrics.js';
import { KubernetesScaleTarget } from './scale-target.js';
import {
  apps,
  createDeployment,
  createNamespace,
  deleteNamespaces,
  describeWithKubernetes,
  getObject,
  TEST_KUBECONFIG,
} from './test-support.js';

describeWithKubernetes('createAutoscaler with KubernetesScaleTarget and KedaMetrics against a real API server', () => {
  let namespace: string;
  beforeAll(async () => {
    namespace = await createNamespace('autoscaler-');
  });
  afterAll(() => deleteNamespaces());

  it('scales a Deployment from its trigger and exposes KEDA metrics on /metrics', async () => {
    await createDeployment(namespace, 'worker', 1);
    const autoscaler = createAutoscaler({
      scaledObject: {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: { name: 'worker', namespace },
        spec: {
          scaleTargetRef: { name: 'worker' },
          pollingInterval: 3600, // driven by pollNow() below
          minReplicaCount: 1,
          maxReplicaCount: 10,
          triggers: [{ type: 'queue', metadata: {} }],
        },
      },
      target: new KubernetesScaleTarget({ kubeconfig: TEST_KUBECONFIG, namespace, scaleTargetRef: { name: 'worker' } }),
      hpaSyncPeriodMs: 0,
      scalers: { '0': constantScaler(30, { metricName: 'queue', targetValue: 10 }) },
    });
    const metrics = new KedaMetrics();
    const stopMetrics = metrics.observe(autoscaler);
    const server = await startMetricsServer({ registry: metrics.registry, port: 0, host: '127.0.0.1' });
    try {
      await autoscaler.start();
      const decision = await autoscaler.pollNow();
      expect(decision?.desiredReplicas).toBe(3); // 30 / 10 per replica, from 1 replica
      const deployment = await getObject<{ spec: { replicas: number } }>(apps('deployments', namespace, 'worker'));
      expect(deployment.spec.replicas).toBe(3);
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const labels = `namespace="${namespace}",metric="s0-queue",scaledObject="worker",scaler="queueScaler",triggerIndex="0",type="scaledobject"`;
      expect(text).toContain(`keda_scaler_metrics_value{${labels}} 30`);
      expect(text).toContain(`keda_scaler_active{${labels}} 1`);
      expect(text).toContain(`keda_scaled_object_errors_total{namespace="${namespace}",scaledObject="worker"} 0`);
    } finally {
      await autoscaler.stop();
      stopMetrics();
      await server.close();
    }
  });
});
