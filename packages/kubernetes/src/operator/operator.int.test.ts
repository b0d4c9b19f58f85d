// The operator against the real kube-apiserver of scripts/services/kubernetes.sh (KEDA's CRDs installed, the
// controller manager running): ScaledObject lifecycle with its status field by field, a TriggerAuthentication
// from a Secret, a ScaledJob creating Jobs, a restart keeping the engine history. The triggers are an in-memory
// queue type, so each test controls its metric exactly; operator-kafka.int.test.ts runs the real Kafka scaler.
import { defineScaler, type Scaler, ScalerRegistry } from '@scalerkit/core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createKubernetesOperator, type KubernetesOperator, type KubernetesOperatorOptions } from './operator.js';
import { stateConfigMapName } from './state-store.js';
import { batch, deploymentReplicas, keda, scaledTo } from './test-support.js';
import {
  adminClient,
  core,
  createDeployment,
  createNamespace,
  deleteNamespaces,
  describeWithKubernetes,
  eventually,
  getObject,
  TEST_KUBECONFIG,
} from '../test-support.js';
import { isApiStatus, type ResourceLocation } from '../kube-client.js';

interface Log {
  created: string[];
  closed: string[];
  passwords: (string | undefined)[];
}

function queueRegistry(queues: Map<string, number>, log: Log): ScalerRegistry {
  return new ScalerRegistry().register(
    defineScaler({
      type: 'test-queue',
      parse: (input) => {
        log.passwords.push(input.authParams?.password);
        return {
          queue: input.metadata.queue ?? '',
          target: Number(input.metadata.target ?? '5'),
          index: input.triggerIndex ?? 0,
        };
      },
      create: (config): Scaler => {
        log.created.push(config.queue);
        const metricName = `s${config.index}-test-queue-${config.queue}`;
        return {
          getMetricSpecs: () => [{ metricName, targetType: 'AverageValue', targetValue: config.target }],
          getMetricsAndActivity: async () => {
            const value = queues.get(config.queue) ?? 0;
            return { metrics: [{ metricName, value }], isActive: value > 0 };
          },
          close: async () => {
            log.closed.push(config.queue);
          },
        };
      },
    }),
  );
}

interface Status {
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
  [field: string]: unknown;
}

describeWithKubernetes('createKubernetesOperator against a real API server', () => {
  let namespace: string;
  const queues = new Map<string, number>();
  const log: Log = { created: [], closed: [], passwords: [] };
  const operators: KubernetesOperator[] = [];

  beforeAll(async () => {
    namespace = await createNamespace('operator-');
  });
  afterEach(async () => {
    await Promise.all(operators.splice(0).map((operator) => operator.stop()));
  });
  afterAll(() => deleteNamespaces());

  async function start(options: Partial<KubernetesOperatorOptions> = {}): Promise<KubernetesOperator> {
    const operator = createKubernetesOperator({
      kubeconfig: TEST_KUBECONFIG,
      namespace,
      registry: queueRegistry(queues, log),
      hpaSyncPeriodMs: 0,
      identity: 'int-test',
      ...options,
    });
    operators.push(operator);
    await operator.start();
    return operator;
  }

  const request = async (method: 'POST' | 'PATCH' | 'DELETE' | 'PUT', resource: ResourceLocation, body?: unknown) =>
    (await adminClient()).request({ method, resource, body });

  const replicas = (name: string) => deploymentReplicas(namespace, name);

  const status = async (name: string) =>
    (await getObject<{ status?: Status }>(keda('scaledobjects', namespace, name))).status ?? {};

  const condition = (found: Status, type: string) => found.conditions?.find((entry) => entry.type === type);

  function scaledObject(name: string, target: string, spec: Record<string, unknown> = {}) {
    return {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name, namespace },
      spec: {
        scaleTargetRef: { name: target },
        pollingInterval: 1,
        cooldownPeriod: 1,
        maxReplicaCount: 10,
        triggers: [{ type: 'test-queue', metadata: { queue: name, target: '5' } }],
        ...spec,
      },
    };
  }

  it('runs a ScaledObject through create, update, pause and delete, with the status KEDA writes', async () => {
    await createDeployment(namespace, 'web', 0);
    queues.set('web-so', 12);
    await request('POST', keda('scaledobjects', namespace), scaledObject('web-so', 'web'));
    const operator = await start();
    const key = `${namespace}/web-so`;
    await scaledTo(operator, key, 'web', 3); // activation 0 -> 1, then the HPA's ceil(12 / 5)
    const found = await eventually(async () => {
      const current = await status('web-so');
      return condition(current, 'Active')?.status === 'True' && current.externalMetricNames ? current : undefined;
    }, 'the status written');
    expect(found.scaleTargetKind).toBe('apps/v1.Deployment');
    expect(found.scaleTargetGVKR).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      resource: 'deployments',
    });
    expect(found.originalReplicaCount).toBe(0);
    expect(found.externalMetricNames).toEqual(['s0-test-queue-web-so']);
    expect(found.triggersTypes).toBe('test-queue');
    expect(found.authenticationsTypes).toBe('');
    expect(found.lastActiveTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(found.conditions).toEqual([
      {
        type: 'Ready',
        status: 'True',
        reason: 'ScaledObjectReady',
        message: 'ScaledObject is defined correctly and is ready for scaling',
      },
      {
        type: 'Active',
        status: 'True',
        reason: 'ScalerActive',
        message: 'Scaling is performed because triggers are active',
      },
      {
        type: 'Fallback',
        status: 'False',
        reason: 'NoFallbackFound',
        message: 'No fallbacks are active on this scaled object',
      },
      { type: 'Paused', status: 'False' },
    ]);
    const events = await eventually(async () => {
      const list = await (await adminClient()).request<{ items: { reason: string; message: string }[] }>({
        method: 'GET',
        resource: core('events', namespace),
      });
      return list.items.some((event) => event.reason === 'KEDAScaleTargetActivated') ? list.items : undefined;
    }, 'the activation event');
    expect(events.find((event) => event.reason === 'KEDAScaleTargetActivated')?.message).toMatch(
      new RegExp(`^Scaled apps/v1\\.Deployment ${namespace}/web from 0 to 1, triggered by test-queue\\. `),
    );

    // Update: the trigger's target changes; its scaler is rebuilt, the history kept.
    const createdBefore = log.created.length;
    const recommendations = operator.autoscaler(key)?.engine?.snapshot().recommendations ?? [];
    await request('PATCH', keda('scaledobjects', namespace, 'web-so'), {
      spec: { triggers: [{ type: 'test-queue', metadata: { queue: 'web-so', target: '2' } }] },
    });
    await scaledTo(operator, key, 'web', 6);
    expect(log.created.length).toBe(createdBefore + 1);
    expect(operator.autoscaler(key)?.engine?.snapshot().recommendations.slice(0, recommendations.length)).toEqual(
      recommendations,
    );

    // Pause: the next loop leaves the count alone and the status says so.
    await request('PATCH', keda('scaledobjects', namespace, 'web-so'), {
      metadata: { annotations: { 'autoscaling.keda.sh/paused': 'true' } },
    });
    const paused = await eventually(async () => {
      const current = await status('web-so');
      return condition(current, 'Paused')?.status === 'True' ? current : undefined;
    }, 'Paused=True');
    expect(condition(paused, 'Paused')).toEqual({
      type: 'Paused',
      status: 'True',
      reason: 'ScaledObjectPaused',
      message: 'ScaledObject is paused',
    });
    queues.set('web-so', 40);
    await operator.autoscaler(key)?.pollNow();
    expect(await replicas('web')).toBe(6);

    // Delete: the loop stops, the scaler closes, the saved state goes.
    const closedBefore = log.closed.length;
    await request('DELETE', keda('scaledobjects', namespace, 'web-so'));
    await eventually(async () => (operator.autoscaler(key) === undefined ? true : undefined), 'the loop stopped');
    await operator.settled();
    expect(log.closed.length).toBe(closedBefore + 1);
    await eventually(async () => {
      try {
        await getObject(core('configmaps', namespace, stateConfigMapName('web-so')));
        return undefined;
      } catch (error) {
        return isApiStatus(error, 404) ? true : undefined;
      }
    }, 'the state ConfigMap deleted');
    expect(await replicas('web')).toBe(6);
  });

  it('resolves a TriggerAuthentication from a Secret', async () => {
    await createDeployment(namespace, 'auth', 0);
    await request('POST', core('secrets', namespace), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'queue-secret', namespace },
      stringData: { password: 'from-a-secret' },
    });
    await request('POST', keda('triggerauthentications', namespace), {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication',
      metadata: { name: 'queue-auth', namespace },
      spec: { secretTargetRef: [{ parameter: 'password', name: 'queue-secret', key: 'password' }] },
    });
    await request(
      'POST',
      keda('scaledobjects', namespace),
      scaledObject('auth-so', 'auth', {
        triggers: [{ type: 'test-queue', metadata: { queue: 'auth-so' }, authenticationRef: { name: 'queue-auth' } }],
      }),
    );
    const operator = await start();
    expect(log.passwords).toContain('from-a-secret');
    const found = await eventually(async () => {
      const current = await status('auth-so');
      return current.authenticationsTypes === 'queue-auth' ? current : undefined;
    }, 'authenticationsTypes');
    expect(condition(found, 'Ready')?.status).toBe('True');
    await request('DELETE', keda('scaledobjects', namespace, 'auth-so'));
    await eventually(async () => (operator.autoscaler(`${namespace}/auth-so`) ? undefined : true), 'stopped');
  });

  it('refuses a ScaledObject whose Deployment an HPA already scales', async () => {
    await createDeployment(namespace, 'taken', 2);
    await request(
      'POST',
      { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', namespace },
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'taken-hpa', namespace },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'taken' },
          minReplicas: 1,
          maxReplicas: 3,
          metrics: [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
          ],
        },
      },
    );
    queues.set('taken-so', 50);
    await request('POST', keda('scaledobjects', namespace), scaledObject('taken-so', 'taken'));
    const operator = await start();
    const found = await eventually(async () => {
      const current = await status('taken-so');
      return condition(current, 'Ready')?.status === 'False' ? current : undefined;
    }, 'Ready=False');
    expect(condition(found, 'Ready')).toEqual({
      type: 'Ready',
      status: 'False',
      reason: 'ScaledObjectCheckFailed',
      message: "the workload 'taken' of type 'apps/v1.Deployment' is already managed by the hpa 'taken-hpa'",
    });
    expect(operator.autoscaler(`${namespace}/taken-so`)).toBeUndefined();
    expect(await replicas('taken')).toBe(2);
  });

  it('creates Jobs for a ScaledJob', async () => {
    queues.set('jobs', 2);
    await request('POST', keda('scaledjobs', namespace), {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledJob',
      metadata: { name: 'worker', namespace },
      spec: {
        pollingInterval: 1,
        jobTargetRef: { template: { spec: { containers: [{ name: 'w', image: 'registry.k8s.io/pause:3.10' }] } } },
        triggers: [{ type: 'test-queue', metadata: { queue: 'jobs', target: '1' } }],
      },
    });
    await start();
    const jobs = await eventually(async () => {
      const list = await (await adminClient()).request<{
        items: { metadata: { labels: Record<string, string>; ownerReferences: { kind: string }[] } }[];
      }>({ method: 'GET', resource: batch(namespace), query: { labelSelector: 'scaledjob.keda.sh/name=worker' } });
      return list.items.length >= 2 ? list.items : undefined;
    }, 'two Jobs');
    expect(jobs).toHaveLength(2); // two unfinished Jobs for a queue of 2: no more are created
    expect(jobs[0]?.metadata.ownerReferences[0]?.kind).toBe('ScaledJob');
    const scaledJob = await eventually(async () => {
      const current = await getObject<{ status?: Status }>(keda('scaledjobs', namespace, 'worker'));
      return current.status?.conditions?.some((entry) => entry.type === 'Active' && entry.status === 'True')
        ? current
        : undefined;
    }, 'the ScaledJob Active');
    expect(scaledJob.status?.conditions?.find((entry) => entry.type === 'Ready')).toEqual({
      type: 'Ready',
      status: 'True',
      reason: 'ScaledJobReady',
      message: 'ScaledJob is defined correctly and is ready for scaling',
    });
  });

  it('keeps the HPA scale-up history across an operator restart', async () => {
    await createDeployment(namespace, 'steady', 1);
    queues.set('steady-so', 50);
    await request(
      'POST',
      keda('scaledobjects', namespace),
      scaledObject('steady-so', 'steady', {
        minReplicaCount: 1,
        advanced: {
          horizontalPodAutoscalerConfig: {
            behavior: {
              scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 300 }] },
            },
          },
        },
      }),
    );
    const key = `${namespace}/steady-so`;
    const first = await start();
    await scaledTo(first, key, 'steady', 2); // one pod per 300 s
    await first.autoscaler(key)?.pollNow();
    await first.stop();
    const saved = await getObject<{ data: Record<string, string> }>(
      core('configmaps', namespace, stateConfigMapName('steady-so')),
    );
    expect(JSON.parse(saved.data['engine.json'] ?? '{}').snapshot.scaleUpEvents).toHaveLength(1);
    const second = await start();
    await second.autoscaler(key)?.pollNow();
    await second.autoscaler(key)?.pollNow();
    expect(await replicas('steady')).toBe(2); // the restored scale-up event still limits it
    expect(second.autoscaler(key)?.engine?.snapshot().scaleUpEvents).toHaveLength(1);
  });
});
