import { ScalerError } from '@scalerkit/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isApiStatus, type KubernetesRequest } from './kube-client.js';
import { KubernetesScaleTarget } from './scale-target.js';
import {
  adminClient,
  apps,
  createDeployment,
  createNamespace,
  createStatefulSet,
  deleteNamespaces,
  describeWithKubernetes,
  eventually,
  getObject,
  interceptedClient,
  serviceAccountKubeConfig,
  TEST_KUBECONFIG,
} from './test-support.js';

interface Workload {
  metadata: { annotations?: Record<string, string> };
  spec: { replicas: number };
  status?: { replicas?: number };
}

const decision = undefined;

describeWithKubernetes('KubernetesScaleTarget against a real API server', () => {
  let namespace: string;
  beforeAll(async () => {
    namespace = await createNamespace('scale-target-');
  });
  afterAll(() => deleteNamespaces());

  const target = (name: string, extra: Partial<ConstructorParameters<typeof KubernetesScaleTarget>[0]> = {}) =>
    new KubernetesScaleTarget({ kubeconfig: TEST_KUBECONFIG, namespace, scaleTargetRef: { name }, ...extra });

  it('scales a Deployment (the default kind) through its scale subresource, and the controller manager follows', async () => {
    await createDeployment(namespace, 'web', 1);
    const web = target('web');
    // Pods never run here (no scheduler, no kubelet): none is ready, and apps/v1 omits the zero.
    expect(await web.getReplicas()).toEqual({ replicas: 1, readyReplicas: 0 });
    await web.setReplicas(4, decision);
    expect((await getObject<Workload>(apps('deployments', namespace, 'web'))).spec.replicas).toBe(4);
    expect(await web.getReplicas()).toEqual({ replicas: 4, readyReplicas: 0 });
    // kube-controller-manager creates the ReplicaSet and reports its pods in the Deployment's status.
    await eventually(async () => {
      const status = (await getObject<Workload>(apps('deployments', namespace, 'web'))).status;
      return status?.replicas === 4 ? true : undefined;
    }, 'the Deployment status reports 4 replicas');
    await web.setReplicas(0, decision);
    expect(await web.getReplicas()).toEqual({ replicas: 0, readyReplicas: 0 });
  });

  it('scales a StatefulSet named with apiVersion and kind', async () => {
    await createStatefulSet(namespace, 'db', 2);
    const db = target('db', { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' } });
    expect(await db.getReplicas()).toEqual({ replicas: 2, readyReplicas: 0 });
    await db.setReplicas(5, decision);
    expect((await getObject<Workload>(apps('statefulsets', namespace, 'db'))).spec.replicas).toBe(5);
  });

  it('resolves another kind through discovery (a ReplicaSet), and refuses a kind without a scale subresource', async () => {
    const client = await adminClient();
    await client.request({
      method: 'POST',
      resource: apps('replicasets', namespace),
      body: {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'plain', namespace },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'plain' } },
          template: {
            metadata: { labels: { app: 'plain' } },
            spec: { containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.10' }] },
          },
        },
      },
    });
    const replicaSet = target('plain', { scaleTargetRef: { kind: 'ReplicaSet', name: 'plain' } });
    await replicaSet.setReplicas(3, decision);
    expect((await getObject<Workload>(apps('replicasets', namespace, 'plain'))).spec.replicas).toBe(3);
    expect(await replicaSet.resolve()).toEqual({
      group: 'apps',
      version: 'v1',
      resource: 'replicasets',
      namespace,
      name: 'plain',
    });
    const configMap = target('anything', { scaleTargetRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'anything' } });
    await expect(configMap.getReplicas()).rejects.toThrow(
      'KubernetesScaleTarget: ConfigMap (v1, resource "configmaps") has no scale subresource',
    );
    const unknown = target('x', { scaleTargetRef: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'x' } });
    await expect(unknown.getReplicas()).rejects.toThrow(
      'kubernetes: apiVersion "argoproj.io/v1alpha1" is not served by the API server (GET /apis/argoproj.io/v1alpha1: 404); is the CRD that defines Rollout installed?',
    );
  });

  it('a missing workload is NOT_FOUND, naming the scaleTargetRef', async () => {
    const error = await target('nope')
      .getReplicas()
      .catch((caught: unknown) => caught);
    expect(ScalerError.isInstance(error) && [error.code, error.message]).toEqual([
      'NOT_FOUND',
      `KubernetesScaleTarget: the scale target Deployment "nope" (apps/v1) in namespace "${namespace}" was not found; create it or fix scaleTargetRef`,
    ]);
  });

  it('re-reads and writes again when a concurrent writer changed the object between its read and its write (409)', async () => {
    await createDeployment(namespace, 'contended', 1);
    const admin = await adminClient();
    const statuses: number[] = [];
    let interfered = false;
    const client = interceptedClient(admin, async (request: KubernetesRequest, forward) => {
      if (request.method === 'PUT' && request.resource?.subresource === 'scale' && !interfered) {
        interfered = true;
        // Another writer updates the Deployment after our read: our resourceVersion is now stale.
        await admin.request({
          method: 'PATCH',
          resource: apps('deployments', namespace, 'contended'),
          body: { metadata: { annotations: { 'other-writer': 'was-here' } } },
        });
      }
      try {
        const answer = await forward();
        if (request.method === 'PUT') statuses.push(200);
        return answer;
      } catch (error) {
        if (request.method === 'PUT' && isApiStatus(error, 409)) statuses.push(409);
        throw error;
      }
    });
    const contended = new KubernetesScaleTarget({ client, namespace, scaleTargetRef: { name: 'contended' } });
    await contended.setReplicas(6, decision);
    // The first write met the other writer's change; the controller manager reacting to that change can cause
    // another conflict before the write that succeeds.
    expect(statuses[0]).toBe(409);
    expect(statuses.at(-1)).toBe(200);
    expect(statuses.slice(0, -1).every((status) => status === 409)).toBe(true);
    const deployment = await getObject<Workload>(apps('deployments', namespace, 'contended'));
    expect([deployment.spec.replicas, deployment.metadata.annotations?.['other-writer']]).toEqual([6, 'was-here']);
  });

  it('gives up with CONFLICT after conflictAttempts when every write meets a concurrent writer', async () => {
    await createDeployment(namespace, 'always-contended', 1);
    const admin = await adminClient();
    let writes = 0;
    const client = interceptedClient(admin, async (request, forward) => {
      if (request.method === 'PUT' && request.resource?.subresource === 'scale') {
        writes++;
        await admin.request({
          method: 'PATCH',
          resource: apps('deployments', namespace, 'always-contended'),
          body: { metadata: { annotations: { write: String(writes) } } },
        });
      }
      return forward();
    });
    const contended = new KubernetesScaleTarget({
      client,
      namespace,
      scaleTargetRef: { name: 'always-contended' },
      conflictAttempts: 3,
    });
    const error = await contended.setReplicas(2, decision).catch((caught: unknown) => caught);
    expect(ScalerError.isInstance(error) && error.code).toBe('CONFLICT');
    expect(writes).toBe(3);
    expect((await getObject<Workload>(apps('deployments', namespace, 'always-contended'))).spec.replicas).toBe(1);
  });

  it('ends at the value written last while another writer keeps updating the Deployment', async () => {
    await createDeployment(namespace, 'busy', 1);
    const admin = await adminClient();
    let running = true;
    let otherWrites = 0;
    const other = (async () => {
      while (running) {
        await admin.request({
          method: 'PATCH',
          resource: apps('deployments', namespace, 'busy'),
          body: { metadata: { annotations: { tick: String(otherWrites++) } } },
        });
        // A writer as busy as a controller reconciling (a few writes a second), besides the controller manager.
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    })();
    const statuses: number[] = [];
    const busy = new KubernetesScaleTarget({
      client: interceptedClient(admin, async (request, forward) => {
        try {
          const answer = await forward();
          if (request.method === 'PUT') statuses.push(200);
          return answer;
        } catch (error) {
          if (request.method === 'PUT' && isApiStatus(error, 409)) statuses.push(409);
          throw error;
        }
      }),
      namespace,
      scaleTargetRef: { name: 'busy' },
      conflictAttempts: 10,
    });
    try {
      for (const replicas of [3, 1, 4, 1, 5, 9, 2, 6]) await busy.setReplicas(replicas, decision);
    } finally {
      running = false;
      await other;
    }
    expect(otherWrites).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 200)).toHaveLength(8);
    expect((await busy.getReplicas()).replicas).toBe(6);
  });

  it('a service account without the scale verbs gets FORBIDDEN naming the verb, resource and API group to grant', async () => {
    await createDeployment(namespace, 'guarded', 2);
    // Enough to read, not to write.
    const readOnly = await serviceAccountKubeConfig(namespace, 'reader', [
      { apiGroups: ['apps'], resources: ['deployments', 'deployments/scale'], verbs: ['get'] },
    ]);
    const guarded = new KubernetesScaleTarget({ kubeConfig: readOnly, scaleTargetRef: { name: 'guarded' } });
    expect(await guarded.getReplicas()).toEqual({ replicas: 2, readyReplicas: 0 });
    const error = await guarded.setReplicas(3, decision).catch((caught: unknown) => caught);
    expect(ScalerError.isInstance(error) && error.code).toBe('FORBIDDEN');
    expect((error as Error).message).toContain(
      `User "system:serviceaccount:${namespace}:reader" cannot update resource "deployments/scale" in API group "apps" in the namespace "${namespace}"`,
    );
    expect((error as Error).message).toContain(
      `; grant verb "update" on resource "deployments/scale" in apiGroups ["apps"] to this identity in namespace "${namespace}" with a Role and RoleBinding (or a ClusterRole)`,
    );
    // No rights at all: the first read says which verb on which resource.
    const nothing = await serviceAccountKubeConfig(namespace, 'nobody', []);
    const blind = new KubernetesScaleTarget({ kubeConfig: nothing, scaleTargetRef: { name: 'guarded' } });
    await expect(blind.getReplicas()).rejects.toThrow(
      `grant verb "get" on resource "deployments" in apiGroups ["apps"] to this identity in namespace "${namespace}"`,
    );
  });
});
