import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScalerError } from '@scalerkit/core';
import { FakeClock } from '@scalerkit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createKubernetesClient,
  discoverResource,
  KubernetesApiError,
  type KubernetesRequest,
  loadKubeConfig,
  parseApiVersion,
  refusalMessage,
  resourcePath,
  verbOf,
} from './kube-client.js';

const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };

describe('request paths and verbs (the API server request-info rules)', () => {
  it.each([
    [
      { ...deployments, namespace: 'shop', name: 'web', subresource: 'scale' },
      '/apis/apps/v1/namespaces/shop/deployments/web/scale',
    ],
    [{ group: '', version: 'v1', resource: 'secrets', namespace: 'a' }, '/api/v1/namespaces/a/secrets'],
    [
      { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions', name: 'x.keda.sh' },
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/x.keda.sh',
    ],
  ])('%o → %s', (location, path) => {
    expect(resourcePath(location)).toBe(path);
  });

  it.each([
    ['GET', { ...deployments, name: 'web' }, undefined, 'get'],
    ['GET', deployments, undefined, 'list'],
    ['GET', deployments, { watch: '1' }, 'watch'],
    ['POST', deployments, undefined, 'create'],
    ['PUT', { ...deployments, name: 'web', subresource: 'scale' }, undefined, 'update'],
    ['PATCH', { ...deployments, name: 'web' }, undefined, 'patch'],
    ['DELETE', { ...deployments, name: 'web' }, undefined, 'delete'],
    ['DELETE', deployments, undefined, 'deletecollection'],
  ] as [KubernetesRequest['method'], KubernetesRequest['resource'], Record<string, string> | undefined, string][])(
    '%s %o %o is %s',
    (method, resource, query, verb) => {
      expect(verbOf({ method, resource, query })).toBe(verb);
    },
  );

  it.each([
    ['apps/v1', { group: 'apps', version: 'v1' }],
    ['v1', { group: '', version: 'v1' }],
    ['argoproj.io/v1alpha1', { group: 'argoproj.io', version: 'v1alpha1' }],
  ])('parses apiVersion %s', (apiVersion, expected) => {
    expect(parseApiVersion(apiVersion)).toEqual(expected);
  });

  it.each(['apps/v1/extra', 'Apps/v1', '', 'apps/'])(
    'rejects apiVersion %j naming the accepted forms',
    (apiVersion) => {
      expect(() => parseApiVersion(apiVersion, 'scaleTargetRef.apiVersion')).toThrow(
        `kubernetes: scaleTargetRef.apiVersion must be "<group>/<version>" or "<version>" (e.g. "apps/v1"), got "${apiVersion}"`,
      );
    },
  );
});

describe('refusal messages', () => {
  it('a 403 names the verb, the resource with its subresource, the API group and the namespace to grant', () => {
    const message = refusalMessage({
      status: 403,
      verb: 'update',
      resource: { ...deployments, namespace: 'shop', name: 'web', subresource: 'scale' },
      path: '/apis/apps/v1/namespaces/shop/deployments/web/scale',
      serverMessage:
        'deployments.apps "web" is forbidden: User "system:serviceaccount:shop:bot" cannot update resource "deployments/scale" in API group "apps" in the namespace "shop"',
    });
    expect(message).toBe(
      'kubernetes: update deployments/scale "web" in API group "apps" in namespace "shop" failed with HTTP 403: deployments.apps "web" is forbidden: User "system:serviceaccount:shop:bot" cannot update resource "deployments/scale" in API group "apps" in the namespace "shop"; grant verb "update" on resource "deployments/scale" in apiGroups ["apps"] to this identity in namespace "shop" with a Role and RoleBinding (or a ClusterRole)',
    );
  });

  it('a 403 on a cluster-scoped or core resource says so', () => {
    const message = refusalMessage({
      status: 403,
      verb: 'list',
      resource: { group: '', version: 'v1', resource: 'namespaces' },
      path: '/api/v1/namespaces',
      serverMessage: 'forbidden',
    });
    expect(message).toBe(
      'kubernetes: list namespaces in the core API group failed with HTTP 403: forbidden; grant verb "list" on resource "namespaces" in apiGroups [""] to this identity with a ClusterRole and ClusterRoleBinding',
    );
  });
});

describe('configuration loading (controller-runtime order: file, KUBECONFIG, in-cluster, ~/.kube/config)', () => {
  const saved = { ...process.env };
  let dir: string;
  const kubeconfig = (server: string, namespace?: string) => `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${server}"}}]
users: [{name: u, user: {token: not-a-real-token}}]
contexts:
  - {name: first, context: {cluster: c, user: u${namespace ? `, namespace: ${namespace}` : ''}}}
  - {name: second, context: {cluster: c, user: u, namespace: other}}
current-context: first
`;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scalerkit-kubeconfig-'));
    delete process.env.KUBECONFIG;
    delete process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_PORT;
    process.env.HOME = dir;
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reads an explicit file: its server and its context namespace', async () => {
    writeFileSync(join(dir, 'config'), kubeconfig('https://10.1.2.3:6443', 'shop'));
    const client = await createKubernetesClient({ kubeconfig: join(dir, 'config') });
    expect([client.server, client.namespace]).toEqual(['https://10.1.2.3:6443', 'shop']);
  });

  it('selects another context, and defaults the namespace to "default"', async () => {
    writeFileSync(join(dir, 'config'), kubeconfig('https://10.1.2.3:6443'));
    expect((await createKubernetesClient({ kubeconfig: join(dir, 'config') })).namespace).toBe('default');
    const other = await createKubernetesClient({ kubeconfig: join(dir, 'config'), context: 'second' });
    expect(other.namespace).toBe('other');
    await expect(createKubernetesClient({ kubeconfig: join(dir, 'config'), context: 'third' })).rejects.toThrow(
      'kubernetes: the kubeconfig has no context "third"',
    );
  });

  it('reads KUBECONFIG before ~/.kube/config', async () => {
    writeFileSync(join(dir, 'env-config'), kubeconfig('https://from-env:6443'));
    process.env.KUBECONFIG = join(dir, 'env-config');
    expect((await createKubernetesClient()).server).toBe('https://from-env:6443');
  });

  it('names what it looked for when nothing is configured', async () => {
    await expect(loadKubeConfig()).rejects.toThrow(
      'kubernetes: no configuration found: pass kubeConfig or kubeconfig, set KUBECONFIG, run in a pod, or create ~/.kube/config',
    );
  });

  it('refuses inCluster outside a pod, naming what is missing', async () => {
    await expect(loadKubeConfig({ inCluster: true })).rejects.toThrow(
      'kubernetes: in-cluster configuration needs KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT and /var/run/secrets/kubernetes.io/serviceaccount/token',
    );
  });

  it('reports a missing explicit file with CONFIG_ERROR', async () => {
    const error = await loadKubeConfig({ kubeconfig: join(dir, 'nope') }).catch((caught: unknown) => caught);
    expect(ScalerError.isInstance(error) && error.code).toBe('CONFIG_ERROR');
  });
});

describe('requests (against a local HTTP endpoint standing in for the API server)', () => {
  let server: Server;
  let handler: (request: IncomingMessage, response: ServerResponse) => void;
  let url: string;
  let dir: string;

  beforeEach(async () => {
    server = createServer((request, response) => handler(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'scalerkit-kubeconfig-'));
    writeFileSync(
      join(dir, 'config'),
      `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${url}", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: t0ken}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`,
    );
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const status = (response: ServerResponse, code: number, reason: string, message: string) =>
    response
      .writeHead(code, { 'content-type': 'application/json' })
      .end(JSON.stringify({ kind: 'Status', status: 'Failure', reason, message, code }));

  it('sends the bearer token and JSON body, and parses the answer', async () => {
    const seen: { method?: string; url?: string; authorization?: string; type?: string; body: string }[] = [];
    handler = (request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        seen.push({
          method: request.method,
          url: request.url,
          authorization: request.headers.authorization,
          type: request.headers['content-type'],
          body,
        });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"spec":{"replicas":3}}');
      });
    };
    const client = await createKubernetesClient({ kubeconfig: join(dir, 'config') });
    const answer = await client.request({
      method: 'PATCH',
      resource: { ...deployments, namespace: 'shop', name: 'web', subresource: 'scale' },
      body: { spec: { replicas: 3 } },
    });
    expect(answer).toEqual({ spec: { replicas: 3 } });
    expect(seen).toEqual([
      {
        method: 'PATCH',
        url: '/apis/apps/v1/namespaces/shop/deployments/web/scale',
        authorization: 'Bearer t0ken',
        type: 'application/merge-patch+json',
        body: '{"spec":{"replicas":3}}',
      },
    ]);
  });

  it('turns a Status refusal into a KubernetesApiError with code, reason and verb', async () => {
    handler = (_request, response) => status(response, 404, 'NotFound', 'deployments.apps "web" not found');
    const client = await createKubernetesClient({ kubeconfig: join(dir, 'config') });
    const error = await client
      .request({ method: 'GET', resource: { ...deployments, namespace: 'shop', name: 'web' } })
      .catch((caught: unknown) => caught);
    expect(KubernetesApiError.isInstance(error)).toBe(true);
    const apiError = error as KubernetesApiError;
    expect([apiError.code, apiError.status, apiError.reason, apiError.verb]).toEqual([
      'NOT_FOUND',
      404,
      'NotFound',
      'get',
    ]);
    expect(apiError.message).toBe(
      'kubernetes: get deployments "web" in API group "apps" in namespace "shop" failed with HTTP 404: deployments.apps "web" not found',
    );
  });

  it('retries a 429 (a new CRD storage initializing) after Retry-After, within the deadline', async () => {
    let calls = 0;
    handler = (_request, response) => {
      calls++;
      if (calls === 1) {
        response.setHeader('retry-after', '1');
        status(response, 429, 'TooManyRequests', 'storage is (re)initializing');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}');
    };
    const clock = new FakeClock(0);
    const client = await createKubernetesClient({ kubeconfig: join(dir, 'config'), clock });
    const pending = client.request({ method: 'GET', path: '/apis/keda.sh/v1alpha1/scaledobjects' });
    while (calls < 1) await new Promise((resolve) => setImmediate(resolve));
    await clock.advance(1000);
    expect(await pending).toEqual({ items: [] });
    expect(calls).toBe(2);
  });

  it('gives up at the request deadline with TIMEOUT and aborts the request', async () => {
    let received = false;
    let closed = false;
    handler = (request) => {
      received = true;
      request.socket.on('close', () => {
        closed = true;
      });
    };
    const clock = new FakeClock(0);
    const client = await createKubernetesClient({ kubeconfig: join(dir, 'config'), clock, requestTimeoutMs: 5000 });
    const pending = client.request({ method: 'GET', path: '/apis/apps/v1' }).catch((caught: unknown) => caught);
    while (!received) await new Promise((resolve) => setImmediate(resolve));
    await clock.advance(5000);
    const error = await pending;
    expect(ScalerError.isInstance(error) && [error.code, error.message]).toEqual([
      'TIMEOUT',
      'kubernetes: get /apis/apps/v1 did not answer within 5000 ms',
    ]);
    while (!closed) await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(true);
  });

  it('a caller abort ends the request at once with ABORTED', async () => {
    let received = false;
    handler = () => {
      received = true;
    };
    const client = await createKubernetesClient({ kubeconfig: join(dir, 'config') });
    const abort = new AbortController();
    const pending = client
      .request({ method: 'GET', path: '/apis/apps/v1', signal: abort.signal })
      .catch((caught: unknown) => caught);
    while (!received) await new Promise((resolve) => setImmediate(resolve));
    abort.abort();
    const error = await pending;
    expect(ScalerError.isInstance(error) && [error.code, error.message]).toEqual([
      'ABORTED',
      'kubernetes: get /apis/apps/v1 was aborted',
    ]);
  });

  it('discovers a kind’s resource and subresources, and names the kinds served when it is missing', async () => {
    handler = (request, response) => {
      if (request.url === '/apis/argoproj.io/v1alpha1') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            resources: [
              { name: 'rollouts', kind: 'Rollout', namespaced: true },
              { name: 'rollouts/scale', kind: 'Scale', namespaced: true },
              { name: 'rollouts/status', kind: 'Rollout', namespaced: true },
              { name: 'analysisruns', kind: 'AnalysisRun', namespaced: true },
            ],
          }),
        );
        return;
      }
      status(response, 404, 'NotFound', 'the server could not find the requested resource');
    };
    const client = await createKubernetesClient({ kubeconfig: join(dir, 'config') });
    expect(await discoverResource(client, 'argoproj.io/v1alpha1', 'Rollout')).toEqual({
      group: 'argoproj.io',
      version: 'v1alpha1',
      kind: 'Rollout',
      resource: 'rollouts',
      namespaced: true,
      subresources: ['scale', 'status'],
    });
    await expect(discoverResource(client, 'argoproj.io/v1alpha1', 'Experiment')).rejects.toThrow(
      'kubernetes: no resource of kind "Experiment" is served in apiVersion "argoproj.io/v1alpha1" (kinds served: Rollout, AnalysisRun)',
    );
    await expect(discoverResource(client, 'example.com/v1', 'Widget')).rejects.toThrow(
      'kubernetes: apiVersion "example.com/v1" is not served by the API server (GET /apis/example.com/v1: 404); is the CRD that defines Widget installed?',
    );
  });
});
