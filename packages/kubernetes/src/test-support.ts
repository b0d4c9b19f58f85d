// Shared by the integration tests of this package (the scale target, leader election, the operator): the API
// server that scripts/services/kubernetes.sh runs, reached through the kubeconfig it writes, and helpers to
// create what a test needs in a namespace of its own.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeWithService, type ServiceOptions } from '@scalerkit/testing';
import {
  createKubernetesClient,
  isApiStatus,
  type KubeConfigLike,
  type KubernetesClient,
  type KubernetesRequest,
  type ResourceLocation,
} from './kube-client.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The kubeconfig of the test API server: `SCALERKIT_TEST_KUBECONFIG`, else `.services/kubernetes/kubeconfig`. */
export const TEST_KUBECONFIG =
  process.env.SCALERKIT_TEST_KUBECONFIG ?? `${repositoryRoot}.services/kubernetes/kubeconfig`;

/** Where the kubeconfig's server listens (its default when the file is missing: 127.0.0.1:6443). */
function apiServerAddress(): { host: string; port: number } {
  if (existsSync(TEST_KUBECONFIG)) {
    const server = /^\s*server:\s*(\S+)/m.exec(readFileSync(TEST_KUBECONFIG, 'utf8'))?.[1];
    if (server) {
      const url = new URL(server);
      return { host: url.hostname, port: Number(url.port || 443) };
    }
  }
  return { host: '127.0.0.1', port: Number(process.env.KUBERNETES_SERVICE_PORT_TEST ?? 6443) };
}

/**
 * A vitest `describe` whose tests run against the test API server: skipped with one line when it is down,
 * failing when `CI=true` or `SCALERKIT_REQUIRE_SERVICES=1` (as every service of the project).
 *
 * @example
 * describeWithKubernetes('KubernetesScaleTarget against a real API server', () => {
 *   it('scales a Deployment', async () => { const admin = await adminClient(); ... });
 * });
 */
export function describeWithKubernetes(title: string, factory: () => void, options: ServiceOptions = {}): void {
  describeWithService('kubernetes', apiServerAddress(), title, factory, {
    hint: 'run scripts/services/kubernetes.sh up',
    ...options,
  });
}

let admin: Promise<KubernetesClient> | undefined;

/** A client of the admin user (group system:masters) of the test API server. */
export function adminClient(): Promise<KubernetesClient> {
  if (!existsSync(TEST_KUBECONFIG)) {
    throw new Error(`${TEST_KUBECONFIG} does not exist: run scripts/services/kubernetes.sh up`);
  }
  admin ??= createKubernetesClient({ kubeconfig: TEST_KUBECONFIG });
  return admin;
}

export const core = (resource: string, namespace?: string, name?: string): ResourceLocation => ({
  group: '',
  version: 'v1',
  resource,
  namespace,
  name,
});
export const apps = (resource: string, namespace?: string, name?: string): ResourceLocation => ({
  group: 'apps',
  version: 'v1',
  resource,
  namespace,
  name,
});

/**
 * A new namespace named `<prefix><random>`; `deleteNamespaces()` removes every one made. Each test file works in
 * its own, so files can run in parallel against one API server.
 */
const namespaces: string[] = [];
export async function createNamespace(prefix = 'scalerkit-test-'): Promise<string> {
  const client = await adminClient();
  const created = await client.request<{ metadata: { name: string } }>({
    method: 'POST',
    resource: core('namespaces'),
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { generateName: prefix } },
  });
  namespaces.push(created.metadata.name);
  return created.metadata.name;
}

/** Deletes the namespaces `createNamespace` made (call in afterAll). */
export async function deleteNamespaces(): Promise<void> {
  const client = await adminClient();
  for (const name of namespaces.splice(0)) {
    await client.request({ method: 'DELETE', resource: core('namespaces', undefined, name) }).catch((error) => {
      if (!isApiStatus(error, 404)) throw error;
    });
  }
}

/** A pod template that never needs to run (the test server has no scheduler and no kubelet). */
export function podTemplate(app: string): Record<string, unknown> {
  return {
    metadata: { labels: { app } },
    spec: { containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.10' }] },
  };
}

/** Creates an apps/v1 Deployment with `replicas` (pods labelled `app: <name>`; `template` default `podTemplate`). */
export async function createDeployment(
  namespace: string,
  name: string,
  replicas: number,
  template: Record<string, unknown> = podTemplate(name),
): Promise<void> {
  const client = await adminClient();
  await client.request({
    method: 'POST',
    resource: apps('deployments', namespace),
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace },
      spec: { replicas, selector: { matchLabels: { app: name } }, template },
    },
  });
}

/** Creates an apps/v1 StatefulSet with `replicas`. */
export async function createStatefulSet(namespace: string, name: string, replicas: number): Promise<void> {
  const client = await adminClient();
  await client.request({
    method: 'POST',
    resource: apps('statefulsets', namespace),
    body: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name, namespace },
      spec: { replicas, serviceName: name, selector: { matchLabels: { app: name } }, template: podTemplate(name) },
    },
  });
}

/** Reads an object as the admin. */
export async function getObject<T = Record<string, unknown>>(location: ResourceLocation): Promise<T> {
  return (await adminClient()).request<T>({ method: 'GET', resource: location });
}

/** Polls `check` (every 100 ms, up to `timeoutMs`) until it returns a value other than undefined. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`not within ${timeoutMs} ms: ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** RBAC rules of a Role or ClusterRole. */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** An rbac.authorization.k8s.io/v1 resource (cluster-scoped without `namespace`). */
export const rbac = (resource: string, namespace?: string): ResourceLocation => ({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  resource,
  namespace,
});

/**
 * A ServiceAccount in `namespace` with a Role of exactly `rules`, and a `KubeConfig` (of
 * `@kubernetes/client-node`) that authenticates as it with a token from the TokenRequest API.
 */
export function serviceAccountKubeConfig(
  namespace: string,
  name: string,
  rules: PolicyRule[],
): Promise<KubeConfigLike> {
  return boundServiceAccount(namespace, name, async (client) => {
    await client.request({
      method: 'POST',
      resource: rbac('roles', namespace),
      body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace }, rules },
    });
    await client.request({
      method: 'POST',
      resource: rbac('rolebindings', namespace),
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name, namespace },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ kind: 'ServiceAccount', name, namespace }],
      },
    });
  });
}

/**
 * The ServiceAccount `namespace/name`, given its rights by `bind` (with the admin client), and a `KubeConfig` (of
 * `@kubernetes/client-node`) that authenticates as it with a token from the TokenRequest API.
 */
export async function boundServiceAccount(
  namespace: string,
  name: string,
  bind: (admin: KubernetesClient) => Promise<void>,
): Promise<KubeConfigLike> {
  const client = await adminClient();
  await client.request({
    method: 'POST',
    resource: core('serviceaccounts', namespace),
    body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } },
  });
  await bind(client);
  const request = await client.request<{ status: { token: string } }>({
    method: 'POST',
    resource: { ...core('serviceaccounts', namespace, name), subresource: 'token' },
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
  });
  const { KubeConfig } = await import('@kubernetes/client-node');
  const adminConfig = new KubeConfig();
  adminConfig.loadFromFile(TEST_KUBECONFIG);
  const cluster = adminConfig.getCurrentCluster();
  if (!cluster) throw new Error(`${TEST_KUBECONFIG} has no current cluster`);
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [cluster],
    users: [{ name, token: request.status.token }],
    contexts: [{ name, cluster: cluster.name, user: name, namespace }],
    currentContext: name,
  });
  return config;
}

/** A client whose requests pass through `intercept` first (to inject a concurrent writer or a partition). */
export function interceptedClient(
  client: KubernetesClient,
  intercept: (request: KubernetesRequest, forward: () => Promise<unknown>) => Promise<unknown>,
): KubernetesClient {
  return {
    server: client.server,
    namespace: client.namespace,
    request: <T>(request: KubernetesRequest) => intercept(request, () => client.request(request)) as Promise<T>,
  };
}
