import http from 'node:http';
import https from 'node:https';
import {
  createKubernetesClient,
  discoverResource,
  type KubeConfigLike,
  type KubernetesClient,
  type KubernetesConnectionOptions,
  KubernetesApiError,
  loadKubeConfig,
  type ResourceLocation,
  refusalMessage,
} from '../kube-client.js';
import { KubernetesScaleTarget } from '../scale-target.js';
import { isNotFound, type OperatorCluster } from './cluster.js';
import { type KubeObject, keyOf, type ResourceType } from './resources.js';

/** Options of `createKubernetesCluster`. */
export interface KubernetesClusterOptions extends KubernetesConnectionOptions {
  /** Wait between watch reconnections after an error (ms). Default 1000. */
  watchRetryMs?: number;
  /** Seconds a watch request stays open before it is renewed. Default 300. */
  watchTimeoutSeconds?: number;
}

function location(
  type: ResourceType,
  namespace: string | undefined,
  name?: string,
  subresource?: string,
): ResourceLocation {
  return {
    group: type.group,
    version: type.version,
    resource: type.plural,
    namespace: type.namespaced ? namespace : undefined,
    name,
    subresource,
  };
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A watch stream: one JSON event per line, until the server closes it or `signal` aborts. */
async function stream(
  config: KubeConfigLike,
  location: ResourceLocation,
  query: Record<string, string>,
  onLine: (event: unknown) => void,
  signal: AbortSignal,
): Promise<void> {
  const server = config.getCurrentCluster()?.server;
  if (!server) throw new Error('kubernetes: the configuration has no current cluster');
  const { group, version, resource, namespace } = location;
  const base = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  const url = new URL(`${base}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${resource}`, server);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const options: https.RequestOptions = { method: 'GET', headers: { accept: 'application/json' } };
  await config.applyToHTTPSOptions(options);
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const transport = url.protocol === 'http:' ? http : https;
    const request = transport.request(url, { ...options, signal }, resolve);
    request.on('error', reject);
    request.end();
  });
  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    let serverMessage = Buffer.concat(chunks).toString('utf8').slice(0, 500);
    let reason: string | undefined;
    try {
      const parsed = JSON.parse(serverMessage) as { message?: string; reason?: string };
      serverMessage = parsed.message ?? serverMessage;
      reason = parsed.reason;
    } catch {
      // not a Status object
    }
    const details = { status, verb: 'watch', resource: location, path: url.pathname, serverMessage };
    throw new KubernetesApiError(refusalMessage(details), { ...details, reason });
  }
  let buffered = '';
  try {
    for await (const chunk of response) {
      buffered += (chunk as Buffer).toString('utf8');
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line !== '') onLine(JSON.parse(line));
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

/**
 * The operator's port over a real API server: this package's client (`createKubernetesClient`: configuration,
 * bounded requests, errors naming the verb to grant), discovery, `KubernetesScaleTarget`, and list-then-watch.
 *
 * @example
 * const cluster = await createKubernetesCluster({ kubeconfig: '/etc/kube/config' });
 */
export async function createKubernetesCluster(options: KubernetesClusterOptions = {}): Promise<OperatorCluster> {
  const kubeConfig = options.kubeConfig ?? (await loadKubeConfig(options));
  const client: KubernetesClient = await createKubernetesClient({ ...options, kubeConfig });
  const retryMs = options.watchRetryMs ?? 1000;
  const watchTimeout = String(options.watchTimeoutSeconds ?? 300);

  const list = (type: ResourceType, namespace: string | undefined, query: Record<string, string> = {}) =>
    client.request<{ items?: KubeObject[]; metadata?: { resourceVersion?: string } }>({
      method: 'GET',
      resource: location(type, namespace),
      query,
    });

  const cluster: OperatorCluster = {
    async list(type, namespace, listOptions = {}) {
      const query: Record<string, string> = {};
      if (listOptions.labelSelector) query.labelSelector = listOptions.labelSelector;
      return (await list(type, namespace, query)).items ?? [];
    },

    async watch(type, namespace, handlers, signal) {
      // client-go's reflector: list, then watch from the list's resourceVersion; re-list after 410 Gone or an
      // error, reporting objects that disappeared meanwhile as DELETED.
      const known = new Map<string, KubeObject>();
      const apiVersion = type.group === '' ? type.version : `${type.group}/${type.version}`;
      let onSynced = handlers.onSynced;
      while (!signal.aborted) {
        try {
          const listed = await list(type, namespace);
          let resourceVersion = listed.metadata?.resourceVersion;
          const seen = new Set<string>();
          for (const item of listed.items ?? []) {
            const object: KubeObject = { ...item, apiVersion, kind: type.kind };
            const key = keyOf(object);
            seen.add(key);
            const previous = known.get(key);
            known.set(key, object);
            if (!previous) handlers.onEvent({ type: 'ADDED', object });
            else if (previous.metadata.resourceVersion !== object.metadata.resourceVersion) {
              handlers.onEvent({ type: 'MODIFIED', object });
            }
          }
          for (const [key, object] of [...known]) {
            if (seen.has(key)) continue;
            known.delete(key);
            handlers.onEvent({ type: 'DELETED', object });
          }
          onSynced?.();
          onSynced = undefined;
          let expired = false;
          while (!signal.aborted && !expired) {
            const query: Record<string, string> = {
              watch: '1',
              allowWatchBookmarks: 'true',
              timeoutSeconds: watchTimeout,
            };
            if (resourceVersion) query.resourceVersion = resourceVersion;
            await stream(
              kubeConfig,
              location(type, namespace),
              query,
              (line) => {
                const event = line as { type?: string; object?: KubeObject };
                if (!event.object) return;
                if (event.type === 'ERROR') {
                  expired = true; // 410 Gone: the resourceVersion is too old; list again
                  return;
                }
                resourceVersion = event.object.metadata?.resourceVersion ?? resourceVersion;
                if (event.type !== 'ADDED' && event.type !== 'MODIFIED' && event.type !== 'DELETED') return;
                const object: KubeObject = { ...event.object, apiVersion, kind: type.kind };
                if (event.type === 'DELETED') known.delete(keyOf(object));
                else known.set(keyOf(object), object);
                handlers.onEvent({ type: event.type, object });
              },
              signal,
            );
          }
        } catch (error) {
          if (signal.aborted) return;
          handlers.onError?.(error);
          await delay(retryMs, signal);
        }
      }
    },

    async get(type, namespace, name) {
      try {
        return await client.request<KubeObject>({ method: 'GET', resource: location(type, namespace, name) });
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },

    create: (type, namespace, body) =>
      client.request<KubeObject>({ method: 'POST', resource: location(type, namespace), body }),

    replace: (type, namespace, name, body) =>
      client.request<KubeObject>({ method: 'PUT', resource: location(type, namespace, name), body }),

    async delete(type, namespace, name, deleteOptions = {}) {
      try {
        await client.request({
          method: 'DELETE',
          resource: location(type, namespace, name),
          ...(deleteOptions.propagationPolicy ? { body: { propagationPolicy: deleteOptions.propagationPolicy } } : {}),
        });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },

    async patchStatus(type, namespace, name, status) {
      await client.request({
        method: 'PATCH',
        resource: location(type, namespace, name, 'status'),
        body: { status },
        contentType: 'application/merge-patch+json',
      });
    },

    async resolveKind(apiVersion, kind) {
      const found = await discoverResource(client, apiVersion, kind);
      return {
        group: found.group,
        version: found.version,
        kind: found.kind,
        plural: found.resource,
        namespaced: found.namespaced,
      };
    },

    scaleTarget(reference) {
      return new KubernetesScaleTarget({
        client,
        scaleTargetRef: { apiVersion: reference.apiVersion, kind: reference.kind, name: reference.name },
        namespace: reference.namespace,
      });
    },
  };
  return cluster;
}
