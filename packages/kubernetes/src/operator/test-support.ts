// Shared by the operator's integration tests (operator, operator-rbac, operator-kafka): KEDA's resources on the
// test API server and waiting for the operator to scale a Deployment. (The API server itself: ../test-support.ts.)
import type { ResourceLocation } from '../kube-client.js';
import { apps, eventually, getObject } from '../test-support.js';
import type { KubernetesOperator } from './operator.js';

/** A keda.sh/v1alpha1 resource (`scaledobjects`, `scaledjobs`, `triggerauthentications`) in `namespace`. */
export const keda = (resource: string, namespace: string, name?: string): ResourceLocation => ({
  group: 'keda.sh',
  version: 'v1alpha1',
  resource,
  namespace,
  name,
});

/** The Jobs of `namespace` (what a ScaledJob creates). */
export const batch = (namespace: string): ResourceLocation => ({
  group: 'batch',
  version: 'v1',
  resource: 'jobs',
  namespace,
});

/** The Deployment's `spec.replicas`. */
export const deploymentReplicas = async (namespace: string, name: string): Promise<number> =>
  (await getObject<{ spec: { replicas: number } }>(apps('deployments', namespace, name))).spec.replicas;

/**
 * Waits until the Deployment `deployment` has `count` replicas, polling the autoscaler of the ScaledObject `key`
 * (`<namespace>/<name>`; its target is in the same namespace) at once each time (no sleeping).
 */
export async function scaledTo(
  operator: KubernetesOperator,
  key: string,
  deployment: string,
  count: number,
  timeoutMs?: number,
): Promise<void> {
  const namespace = key.slice(0, key.indexOf('/'));
  await eventually(
    async () => {
      await operator.autoscaler(key)?.pollNow();
      return (await deploymentReplicas(namespace, deployment)) === count ? true : undefined;
    },
    `${deployment} at ${count} replicas`,
    timeoutMs,
  );
}
