// deploy/rbac.yaml is enough, and needed: the operator runs a ScaledObject and a ScaledJob as a service account
// bound to exactly the rules of that file (read from it), on the real API server; without one of its rules
// (here: the status patch) it reports the refusal naming the verb and resource to grant.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineScaler, type Scaler, ScalerRegistry } from '@scalerkit/core';
import { readYamlDocuments } from '@scalerkit/core/manifest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KubeConfigLike, ResourceLocation } from '../kube-client.js';
import {
  adminClient,
  boundServiceAccount,
  core,
  createDeployment,
  createNamespace,
  deleteNamespaces,
  describeWithKubernetes,
  eventually,
  getObject,
  type PolicyRule,
  rbac,
} from '../test-support.js';
import { createKubernetesOperator } from './operator.js';
import { stateConfigMapName } from './state-store.js';
import { batch, keda, scaledTo } from './test-support.js';

const rbacFile = fileURLToPath(new URL('../../deploy/rbac.yaml', import.meta.url));

/** The rules of the ClusterRoles in deploy/rbac.yaml. */
function clusterRules(): PolicyRule[] {
  return readYamlDocuments(readFileSync(rbacFile, 'utf8'))
    .map((document) => document.value as { kind?: string; rules?: PolicyRule[] })
    .filter((document) => document.kind === 'ClusterRole')
    .flatMap((document) => document.rules ?? []);
}

const queueScaler = defineScaler({
  type: 'rbac-queue',
  parse: (input) => ({ value: Number(input.metadata.value ?? '0'), index: input.triggerIndex ?? 0 }),
  create: (config): Scaler => {
    const metricName = `s${config.index}-rbac-queue`;
    return {
      getMetricSpecs: () => [{ metricName, targetType: 'AverageValue', targetValue: 1 }],
      getMetricsAndActivity: async () => ({
        metrics: [{ metricName, value: config.value }],
        isActive: config.value > 0,
      }),
      close: async () => {},
    };
  },
});

describeWithKubernetes('the operator under deploy/rbac.yaml', () => {
  let namespace: string;
  const clusterObjects: ResourceLocation[] = [];

  beforeAll(async () => {
    namespace = await createNamespace('operator-rbac-');
  });
  afterAll(async () => {
    const client = await adminClient();
    for (const location of clusterObjects)
      await client.request({ method: 'DELETE', resource: location }).catch(() => {});
    await deleteNamespaces();
  });

  /** A service account bound (cluster-wide) to `rules`, and a KubeConfig that authenticates as it. */
  function serviceAccount(name: string, rules: PolicyRule[]): Promise<KubeConfigLike> {
    const roleName = `${namespace}-${name}`;
    return boundServiceAccount(namespace, name, async (client) => {
      await client.request({
        method: 'POST',
        resource: rbac('clusterroles'),
        body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: roleName }, rules },
      });
      clusterObjects.push({ ...rbac('clusterroles'), name: roleName });
      await client.request({
        method: 'POST',
        resource: rbac('clusterrolebindings'),
        body: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: roleName },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
          subjects: [{ kind: 'ServiceAccount', name, namespace }],
        },
      });
      clusterObjects.push({ ...rbac('clusterrolebindings'), name: roleName });
    });
  }

  it('runs a ScaledObject and a ScaledJob with exactly the rules of the file', async () => {
    await createDeployment(namespace, 'web', 0);
    const client = await adminClient();
    await client.request({
      method: 'POST',
      resource: keda('scaledobjects', namespace),
      body: {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: { name: 'web', namespace },
        spec: {
          scaleTargetRef: { name: 'web' },
          pollingInterval: 1,
          triggers: [{ type: 'rbac-queue', metadata: { value: '3' } }],
        },
      },
    });
    await client.request({
      method: 'POST',
      resource: keda('scaledjobs', namespace),
      body: {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledJob',
        metadata: { name: 'batch', namespace },
        spec: {
          pollingInterval: 1,
          jobTargetRef: { template: { spec: { containers: [{ name: 'w', image: 'registry.k8s.io/pause:3.10' }] } } },
          triggers: [{ type: 'rbac-queue', metadata: { value: '1' } }],
        },
      },
    });
    const kubeConfig = await serviceAccount('operator', clusterRules());
    const operator = createKubernetesOperator({
      kubeConfig,
      namespace,
      registry: new ScalerRegistry().register(queueScaler),
      hpaSyncPeriodMs: 0,
    });
    await operator.start();
    try {
      await scaledTo(operator, `${namespace}/web`, 'web', 3);
      await eventually(async () => {
        const status = (
          await getObject<{ status?: { conditions?: { type: string; status: string }[] } }>(
            keda('scaledobjects', namespace, 'web'),
          )
        ).status;
        return status?.conditions?.some((entry) => entry.type === 'Active' && entry.status === 'True')
          ? true
          : undefined;
      }, 'the status written by the service account');
      await eventually(
        async () => getObject(core('configmaps', namespace, stateConfigMapName('web'))).catch(() => undefined),
        'the engine state saved',
      );
      await eventually(async () => {
        const events = await client.request<{ items: { reason: string }[] }>({
          method: 'GET',
          resource: core('events', namespace),
        });
        return events.items.some((event) => event.reason === 'KEDAScaleTargetActivated') ? true : undefined;
      }, 'the activation event');
      await eventually(async () => {
        const jobs = await client.request<{ items: unknown[] }>({
          method: 'GET',
          resource: batch(namespace),
        });
        return jobs.items.length === 1 ? true : undefined;
      }, 'one Job created');
    } finally {
      await operator.stop();
    }
  });

  it('names the verb and resource to grant when a rule is missing', async () => {
    await createDeployment(namespace, 'api', 0);
    const client = await adminClient();
    await client.request({
      method: 'POST',
      resource: keda('scaledobjects', namespace),
      body: {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: { name: 'api', namespace },
        spec: { scaleTargetRef: { name: 'api' }, triggers: [{ type: 'rbac-queue', metadata: { value: '1' } }] },
      },
    });
    const withoutHpaList = clusterRules().filter((rule) => !rule.resources.includes('horizontalpodautoscalers'));
    const kubeConfig = await serviceAccount('limited', withoutHpaList);
    const warnings: string[] = [];
    const operator = createKubernetesOperator({
      kubeConfig,
      namespace,
      registry: new ScalerRegistry().register(queueScaler),
      scaledJobs: false,
      logger: { debug: () => {}, info: () => {}, warn: (message) => warnings.push(message), error: () => {} },
    });
    await operator.start();
    await operator.stop();
    expect(operator.autoscaler(`${namespace}/api`)).toBeUndefined();
    const ready = (
      await getObject<{
        status?: { conditions?: { type: string; status: string; reason: string; message: string }[] };
      }>(keda('scaledobjects', namespace, 'api'))
    ).status?.conditions?.find((entry) => entry.type === 'Ready');
    expect(ready).toMatchObject({ status: 'False', reason: 'ScaledObjectCheckFailed' });
    expect(ready?.message).toMatch(/^failed to reconcile the ScaledObject: .*list.*horizontalpodautoscalers/);
    expect(warnings.join('\n')).toMatch(/list.*horizontalpodautoscalers/);
  });
});
