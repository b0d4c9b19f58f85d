import { ScalerError } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { type KubernetesClient, type KubernetesRequest, resourcePath } from './kube-client.js';
import { KubernetesScaleTarget, type KubernetesScaleTargetOptions } from './scale-target.js';

/** A client answering from a table keyed by `METHOD path`, recording every request. */
function recordingClient(answers: Record<string, unknown>): { client: KubernetesClient; requests: string[] } {
  const requests: string[] = [];
  const client: KubernetesClient = {
    server: 'https://127.0.0.1:6443',
    namespace: 'from-config',
    async request<T>(request: KubernetesRequest): Promise<T> {
      const key = `${request.method} ${request.resource ? resourcePath(request.resource) : request.path}`;
      requests.push(key);
      if (!(key in answers)) throw new Error(`unexpected request ${key}`);
      return answers[key] as T;
    },
  };
  return { client, requests };
}

describe('KubernetesScaleTarget options', () => {
  it.each([
    [{ scaleTargetRef: { name: '' } }, 'scaleTargetRef.name must be a Kubernetes object name'],
    [{ scaleTargetRef: { name: 'Web_1' } }, 'got "Web_1"'],
    [
      { scaleTargetRef: { name: 'web', apiVersion: 'apps/v1/x' } },
      'scaleTargetRef.apiVersion must be "<group>/<version>"',
    ],
    [
      { scaleTargetRef: { name: 'web', kind: 'deploy ment' } },
      'scaleTargetRef.kind must be a kind such as "Deployment"',
    ],
    [{ scaleTargetRef: { name: 'web' }, namespace: 'Shop' }, 'namespace must be a namespace name'],
    [{ scaleTargetRef: { name: 'web' }, conflictAttempts: 0 }, 'conflictAttempts must be an integer >= 1, got 0'],
    [{}, 'scaleTargetRef is required'],
  ] as [KubernetesScaleTargetOptions, string][])('rejects %o with CONFIG_ERROR', (options, message) => {
    let error: unknown;
    try {
      new KubernetesScaleTarget(options);
    } catch (caught) {
      error = caught;
    }
    expect(ScalerError.isInstance(error) && error.code).toBe('CONFIG_ERROR');
    expect((error as Error).message).toContain(message);
  });

  it('defaults to apps/v1 Deployment in the configuration’s namespace, as KEDA defaults scaleTargetRef', async () => {
    const { client, requests } = recordingClient({
      'GET /apis/apps/v1/namespaces/from-config/deployments/web': {
        spec: { replicas: 2 },
        status: { readyReplicas: 1 },
      },
    });
    const target = new KubernetesScaleTarget({ client, scaleTargetRef: { name: 'web' } });
    expect(target.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
    expect(await target.getReplicas()).toEqual({ replicas: 2, readyReplicas: 1 });
    expect(requests).toEqual(['GET /apis/apps/v1/namespaces/from-config/deployments/web']);
  });

  it('reads a custom resource without spec.replicas from its scale subresource, without inventing readiness', async () => {
    const { client, requests } = recordingClient({
      'GET /apis/example.com/v1': {
        resources: [
          { name: 'widgets', kind: 'Widget', namespaced: true },
          { name: 'widgets/scale', kind: 'Scale', namespaced: true },
        ],
      },
      'GET /apis/example.com/v1/namespaces/shop/widgets/w': { spec: { size: 4 } },
      'GET /apis/example.com/v1/namespaces/shop/widgets/w/scale': { spec: { replicas: 4 } },
    });
    const target = new KubernetesScaleTarget({
      client,
      namespace: 'shop',
      scaleTargetRef: { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w' },
    });
    expect(await target.getReplicas()).toEqual({ replicas: 4 });
    expect(requests).toEqual([
      'GET /apis/example.com/v1',
      'GET /apis/example.com/v1/namespaces/shop/widgets/w',
      'GET /apis/example.com/v1/namespaces/shop/widgets/w/scale',
    ]);
  });

  it('writes nothing when the scale already holds the replicas', async () => {
    const { client, requests } = recordingClient({
      'GET /apis/apps/v1/namespaces/shop/deployments/web/scale': {
        metadata: { resourceVersion: '7' },
        spec: { replicas: 3 },
      },
    });
    const target = new KubernetesScaleTarget({ client, namespace: 'shop', scaleTargetRef: { name: 'web' } });
    await target.setReplicas(3);
    expect(requests).toEqual(['GET /apis/apps/v1/namespaces/shop/deployments/web/scale']);
  });

  it.each([-1, 1.5, Number.NaN])('refuses to write %s replicas', async (replicas) => {
    const { client } = recordingClient({});
    const target = new KubernetesScaleTarget({ client, scaleTargetRef: { name: 'web' } });
    await expect(target.setReplicas(replicas)).rejects.toThrow(
      'KubernetesScaleTarget: replicas must be an integer >= 0',
    );
  });
});
