// An in-memory `OperatorCluster` for the operator's unit tests: the operator's own port, not the Kubernetes API.
// The integration tests run the same operator against a real kube-apiserver.
import type { ScaleTarget } from '@scalerkit/core';
import { KubernetesApiError } from '../kube-client.js';
import type { OperatorCluster, ScaleTargetReference, WatchHandlers } from './cluster.js';

function apiError(message: string, status: number, reason: string): KubernetesApiError {
  return new KubernetesApiError(message, {
    status,
    reason,
    verb: 'fake',
    resource: undefined,
    path: '',
    serverMessage: message,
  });
}
import { type KubeObject, keyOf, type ResourceType } from './resources.js';

const KINDS: Record<string, ResourceType> = {
  'apps/v1/Deployment': { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  'apps/v1/StatefulSet': {
    group: 'apps',
    version: 'v1',
    kind: 'StatefulSet',
    plural: 'statefulsets',
    namespaced: true,
  },
};

function typeKey(type: ResourceType): string {
  return `${type.group}/${type.plural}`;
}

export class FakeCluster implements OperatorCluster {
  readonly #objects = new Map<string, Map<string, KubeObject>>();
  readonly #watchers = new Set<{ type: string; namespace: string | undefined; handlers: WatchHandlers }>();
  #version = 0;
  #uid = 0;
  /** Every status patch, in order. */
  readonly statusPatches: { name: string; status: Record<string, unknown> }[] = [];
  /** Calls that fail: `${verb} ${plural}` → error. */
  readonly failures = new Map<string, Error>();

  #bucket(type: ResourceType): Map<string, KubeObject> {
    let bucket = this.#objects.get(typeKey(type));
    if (!bucket) {
      bucket = new Map();
      this.#objects.set(typeKey(type), bucket);
    }
    return bucket;
  }

  #fail(verb: string, type: ResourceType): void {
    const error = this.failures.get(`${verb} ${type.plural}`);
    if (error) throw error;
  }

  #notify(type: ResourceType, eventType: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject): void {
    for (const watcher of this.#watchers) {
      if (watcher.type !== typeKey(type)) continue;
      if (watcher.namespace !== undefined && watcher.namespace !== object.metadata.namespace) continue;
      watcher.handlers.onEvent({ type: eventType, object: structuredClone(object) });
    }
  }

  /** Creates or updates an object as `kubectl apply` would (generation moves when the spec changes). */
  apply(type: ResourceType, object: KubeObject): KubeObject {
    const bucket = this.#bucket(type);
    const key = keyOf(object);
    const existing = bucket.get(key);
    const stored: KubeObject = structuredClone(object);
    stored.apiVersion ??= type.group === '' ? type.version : `${type.group}/${type.version}`;
    stored.kind ??= type.kind;
    stored.metadata.resourceVersion = String(++this.#version);
    if (existing) {
      stored.metadata.uid = existing.metadata.uid;
      stored.metadata.creationTimestamp = existing.metadata.creationTimestamp;
      const specChanged = JSON.stringify(existing.spec) !== JSON.stringify(stored.spec);
      stored.metadata.generation = (existing.metadata.generation ?? 1) + (specChanged ? 1 : 0);
      if (stored.status === undefined && existing.status !== undefined) stored.status = existing.status;
    } else {
      stored.metadata.uid ??= `uid-${++this.#uid}`;
      stored.metadata.generation = 1;
      stored.metadata.creationTimestamp ??= '2026-01-01T00:00:00Z';
    }
    bucket.set(key, stored);
    this.#notify(type, existing ? 'MODIFIED' : 'ADDED', stored);
    return structuredClone(stored);
  }

  remove(type: ResourceType, namespace: string | undefined, name: string): void {
    const bucket = this.#bucket(type);
    const key = namespace ? `${namespace}/${name}` : name;
    const existing = bucket.get(key);
    if (!existing) return;
    bucket.delete(key);
    this.#notify(type, 'DELETED', existing);
  }

  peek(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.#bucket(type).get(namespace ? `${namespace}/${name}` : name);
    return found ? structuredClone(found) : undefined;
  }

  all(type: ResourceType): KubeObject[] {
    return [...this.#bucket(type).values()].map((object) => structuredClone(object));
  }

  async watch(type: ResourceType, namespace: string | undefined, handlers: WatchHandlers, signal: AbortSignal) {
    try {
      this.#fail('list', type);
    } catch (error) {
      handlers.onError?.(error);
      return;
    }
    for (const object of this.all(type)) {
      if (namespace === undefined || object.metadata.namespace === namespace) {
        handlers.onEvent({ type: 'ADDED', object });
      }
    }
    handlers.onSynced?.();
    const watcher = { type: typeKey(type), namespace, handlers };
    this.#watchers.add(watcher);
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    this.#watchers.delete(watcher);
  }

  async list(type: ResourceType, namespace: string | undefined, options: { labelSelector?: string } = {}) {
    this.#fail('list', type);
    const [label, value] = options.labelSelector?.split('=') ?? [];
    return this.all(type).filter(
      (object) =>
        (namespace === undefined || object.metadata.namespace === namespace) &&
        (label === undefined || object.metadata.labels?.[label] === value),
    );
  }

  async get(type: ResourceType, namespace: string | undefined, name: string) {
    this.#fail('get', type);
    return this.peek(type, namespace, name);
  }

  async create(type: ResourceType, namespace: string | undefined, body: KubeObject) {
    this.#fail('create', type);
    const object = structuredClone(body);
    const generateName = (object.metadata as { generateName?: string }).generateName;
    if (!object.metadata.name && generateName) object.metadata.name = `${generateName}${(++this.#uid).toString(36)}`;
    if (namespace !== undefined) object.metadata.namespace = namespace;
    if (this.peek(type, namespace, object.metadata.name)) {
      throw apiError(`${type.plural} "${object.metadata.name}" already exists`, 409, 'AlreadyExists');
    }
    return this.apply(type, object);
  }

  async replace(type: ResourceType, namespace: string | undefined, name: string, body: KubeObject) {
    this.#fail('update', type);
    const existing = this.peek(type, namespace, name);
    if (!existing) throw apiError(`${type.plural} "${name}" not found`, 404, 'NotFound');
    if (
      body.metadata.resourceVersion !== undefined &&
      body.metadata.resourceVersion !== existing.metadata.resourceVersion
    ) {
      throw apiError(`Operation cannot be fulfilled on ${type.plural} "${name}"`, 409, 'Conflict');
    }
    return this.apply(type, body);
  }

  async delete(type: ResourceType, namespace: string | undefined, name: string) {
    this.#fail('delete', type);
    this.remove(type, namespace, name);
  }

  async patchStatus(type: ResourceType, namespace: string, name: string, status: Record<string, unknown>) {
    this.#fail('patch', type);
    const existing = this.#bucket(type).get(`${namespace}/${name}`);
    if (!existing) throw apiError(`${type.plural} "${name}" not found`, 404, 'NotFound');
    this.statusPatches.push({ name, status: structuredClone(status) });
    existing.status = {
      ...((existing.status as Record<string, unknown> | undefined) ?? {}),
      ...structuredClone(status),
    };
    existing.metadata.resourceVersion = String(++this.#version);
    this.#notify(type, 'MODIFIED', existing);
  }

  async resolveKind(apiVersion: string, kind: string): Promise<ResourceType> {
    const found = KINDS[`${apiVersion}/${kind}`];
    if (!found) throw apiError(`no matches for kind "${kind}" in version "${apiVersion}"`, 404, 'NotFound');
    return found;
  }

  scaleTarget(reference: ScaleTargetReference): ScaleTarget {
    return {
      getReplicas: async () => {
        const type = await this.resolveKind(reference.apiVersion, reference.kind);
        const workload = this.peek(type, reference.namespace, reference.name);
        if (!workload) throw apiError(`${type.plural} "${reference.name}" not found`, 404, 'NotFound');
        return { replicas: (workload.spec as { replicas?: number }).replicas ?? 1 };
      },
      setReplicas: async (replicas) => {
        const type = await this.resolveKind(reference.apiVersion, reference.kind);
        this.#fail('update', type);
        const workload = this.peek(type, reference.namespace, reference.name);
        if (!workload) throw apiError(`${type.plural} "${reference.name}" not found`, 404, 'NotFound');
        (workload.spec as { replicas?: number }).replicas = replicas;
        this.apply(type, workload);
      },
    };
  }
}
