import type { Clock, Decision, ScaleTarget } from '@scalerkit/core';
import type { ScaleTargetCallOptions } from '@scalerkit/core/autoscaler';
import { ScalerError, systemClock } from '@scalerkit/core';
import {
  createKubernetesClient,
  discoverResource,
  isApiStatus,
  type KubernetesClient,
  type KubernetesConnectionOptions,
  parseApiVersion,
  type ResourceLocation,
  wait,
} from './kube-client.js';

/** A ScaledObject's `scaleTargetRef`: which workload to scale. */
export interface ScaleTargetRef {
  /** Default `apps/v1`. */
  apiVersion?: string | undefined;
  /** Default `Deployment`. */
  kind?: string | undefined;
  name: string;
}

/** Options of `KubernetesScaleTarget`: the workload and the configuration to reach it. */
export interface KubernetesScaleTargetOptions extends KubernetesConnectionOptions {
  scaleTargetRef: ScaleTargetRef;
  /** The workload's namespace (the ScaledObject's). Default: the configuration's namespace, else `default`. */
  namespace?: string;
  /**
   * Attempts of a replica write that meets 409 Conflicts (another writer changed the object between the read
   * and the write): each re-reads and writes again after client-go's `retry.DefaultBackoff` wait (10 ms, then
   * 5 times longer each time, at most 1 s). Default 5 (at most 1.3 s of waits).
   */
  conflictAttempts?: number;
}

/** Kinds whose `status.readyReplicas` is omitted when zero (apps/v1 `omitempty`). */
const APPS_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

interface ScaleObject {
  metadata?: { resourceVersion?: string; [field: string]: unknown };
  spec?: { replicas?: number };
  [field: string]: unknown;
}

interface WorkloadObject {
  spec?: { replicas?: unknown };
  status?: { readyReplicas?: unknown };
}

/** Names of a DNS subdomain (RFC 1123), what Kubernetes accepts for most object names. */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function configError(message: string): ScalerError {
  return new ScalerError(`KubernetesScaleTarget: ${message}`, { code: 'CONFIG_ERROR' });
}

/**
 * A `ScaleTarget` over any workload with a `scale` subresource (Deployment, StatefulSet, ReplicaSet, a custom
 * resource such as an Argo Rollout), named as a ScaledObject's `scaleTargetRef` names it.
 *
 * - The kind is resolved to its resource as KEDA does (apis/keda/v1alpha1/gvkr.go `ParseGVKR`: Deployment and
 *   StatefulSet by name, any other kind through API discovery).
 * - Replicas are read as KEDA reads them (pkg/scaling/resolver/scale_resolvers.go `GetCurrentReplicas`): the
 *   object's `spec.replicas`, else its `scale` subresource; ready replicas from `status.readyReplicas`.
 * - Writes go through the `scale` subresource with the resourceVersion just read (KEDA's
 *   pkg/scaling/executor/scale_scaledobjects.go `updateScaleOnScaleTarget`); a 409 Conflict re-reads and
 *   writes again, as client-go's `retry.RetryOnConflict` does.
 * - A 403 names the verb and resource to grant; a missing workload names the scaleTargetRef.
 *
 * @example
 * const target = new KubernetesScaleTarget({ scaleTargetRef: { name: 'orders-worker' }, namespace: 'shop' });
 * const autoscaler = createAutoscaler({ scaledObject, target });
 */
export class KubernetesScaleTarget implements ScaleTarget {
  readonly scaleTargetRef: { apiVersion: string; kind: string; name: string };
  readonly #options: KubernetesScaleTargetOptions;
  readonly #attempts: number;
  readonly #clock: Clock;
  #client: Promise<KubernetesClient> | undefined;
  #location: Promise<ResourceLocation> | undefined;

  constructor(options: KubernetesScaleTargetOptions) {
    const reference = options?.scaleTargetRef;
    if (typeof reference !== 'object' || reference === null) {
      throw configError('scaleTargetRef is required: { name, apiVersion?, kind? }');
    }
    if (typeof reference.name !== 'string' || !OBJECT_NAME.test(reference.name)) {
      throw configError(
        `scaleTargetRef.name must be a Kubernetes object name (lower-case letters, digits, "-" and "."), got ${JSON.stringify(reference.name)}`,
      );
    }
    const apiVersion = reference.apiVersion || 'apps/v1';
    parseApiVersion(apiVersion, 'KubernetesScaleTarget: scaleTargetRef.apiVersion');
    const kind = reference.kind || 'Deployment';
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) {
      throw configError(`scaleTargetRef.kind must be a kind such as "Deployment", got ${JSON.stringify(kind)}`);
    }
    if (options.namespace !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(options.namespace)) {
      throw configError(
        `namespace must be a namespace name (RFC 1123 label), got ${JSON.stringify(options.namespace)}`,
      );
    }
    const attempts = options.conflictAttempts ?? 5;
    if (!Number.isInteger(attempts) || attempts < 1) {
      throw configError(`conflictAttempts must be an integer >= 1, got ${String(options.conflictAttempts)}`);
    }
    this.scaleTargetRef = { apiVersion, kind, name: reference.name };
    this.#options = options;
    this.#attempts = attempts;
    this.#clock = options.clock ?? systemClock;
  }

  /** `apps/v1 Deployment shop/orders-worker`, for logs. */
  toString(): string {
    const { apiVersion, kind, name } = this.scaleTargetRef;
    return `${apiVersion} ${kind} ${this.#options.namespace ?? '<default namespace>'}/${name}`;
  }

  /** The workload's object location (resource resolved, namespace applied). */
  resolve(options: ScaleTargetCallOptions = {}): Promise<ResourceLocation> {
    if (!this.#location) {
      const location = this.#resolve(options.signal);
      this.#location = location;
      location.catch(() => {
        if (this.#location === location) this.#location = undefined;
      });
    }
    return this.#location;
  }

  async #resolve(signal: AbortSignal | undefined): Promise<ResourceLocation> {
    const client = await this.#clientPromise();
    const { apiVersion, kind, name } = this.scaleTargetRef;
    const { group, version } = parseApiVersion(apiVersion);
    const namespace = this.#options.namespace ?? client.namespace;
    // KEDA maps these two kinds without asking the API server (apis/keda/v1alpha1/gvkr.go `getResource`).
    if (kind === 'Deployment') return { group, version, resource: 'deployments', namespace, name };
    if (kind === 'StatefulSet') return { group, version, resource: 'statefulsets', namespace, name };
    const found = await discoverResource(client, apiVersion, kind, { signal });
    if (!found.subresources.includes('scale')) {
      throw new ScalerError(
        `KubernetesScaleTarget: ${kind} (${apiVersion}, resource "${found.resource}") has no scale subresource; scaleTargetRef must name a workload with one (Deployment, StatefulSet, ReplicaSet, a custom resource whose CRD declares subresources.scale)`,
        { code: 'CONFIG_ERROR' },
      );
    }
    return { group, version, resource: found.resource, namespace: found.namespaced ? namespace : undefined, name };
  }

  #clientPromise(): Promise<KubernetesClient> {
    if (!this.#client) {
      const client = createKubernetesClient(this.#options);
      this.#client = client;
      client.catch(() => {
        if (this.#client === client) this.#client = undefined;
      });
    }
    return this.#client;
  }

  /** Replicas as KEDA reads them, and `status.readyReplicas`. */
  async getReplicas(options: ScaleTargetCallOptions = {}): Promise<{ replicas: number; readyReplicas?: number }> {
    const location = await this.resolve(options);
    const client = await this.#clientPromise();
    const object = await this.#call(() =>
      client.request<WorkloadObject>({ method: 'GET', resource: location, signal: options.signal }),
    );
    const { kind } = this.scaleTargetRef;
    const apps = location.group === 'apps' && APPS_KINDS.has(kind);
    let replicas: number;
    const specReplicas = object.spec?.replicas;
    if (typeof specReplicas === 'number') replicas = specReplicas;
    else if (apps)
      replicas = 1; // the apps/v1 default of an unset spec.replicas
    else replicas = (await this.#readScale(location, options.signal)).spec?.replicas ?? 0;
    const ready = object.status?.readyReplicas;
    if (typeof ready === 'number') return { replicas, readyReplicas: ready };
    // apps/v1 omits a zero readyReplicas; another kind without the field says nothing about readiness.
    return apps ? { replicas, readyReplicas: 0 } : { replicas };
  }

  /**
   * Writes `replicas` through the scale subresource: read, then PUT with that resourceVersion; a 409 re-reads
   * and tries again (up to `conflictAttempts`). Nothing is written when the scale already holds `replicas`.
   */
  async setReplicas(replicas: number, _decision?: Decision, options: ScaleTargetCallOptions = {}): Promise<void> {
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw new ScalerError(`KubernetesScaleTarget: replicas must be an integer >= 0, got ${String(replicas)}`, {
        code: 'CONFIG_ERROR',
      });
    }
    const location = await this.resolve(options);
    const client = await this.#clientPromise();
    const scaleLocation = { ...location, subresource: 'scale' };
    for (let attempt = 1; ; attempt++) {
      const scale = await this.#readScale(location, options.signal);
      if (scale.spec?.replicas === replicas) return;
      const body: ScaleObject = { ...scale, spec: { ...scale.spec, replicas } };
      try {
        await this.#call(() =>
          client.request({ method: 'PUT', resource: scaleLocation, body, signal: options.signal }),
        );
        return;
      } catch (error) {
        if (!isApiStatus(error, 409) || attempt >= this.#attempts || options.signal?.aborted) throw error;
        // client-go's retry.DefaultBackoff, meant for a write to an object that controllers keep updating:
        // 10 ms, growing 5-fold, jitter 0.1 (10, 50, 250, 1000 ms: capped at 1 s for larger conflictAttempts).
        const delay = Math.min(10 * 5 ** (attempt - 1), 1000);
        await wait(this.#clock, delay * (1 + 0.1 * Math.random()), options.signal);
      }
    }
  }

  async #readScale(location: ResourceLocation, signal: AbortSignal | undefined): Promise<ScaleObject> {
    const client = await this.#clientPromise();
    return this.#call(() =>
      client.request<ScaleObject>({ method: 'GET', resource: { ...location, subresource: 'scale' }, signal }),
    );
  }

  /** Runs a request; a 404 becomes an error naming the scaleTargetRef. */
  async #call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (isApiStatus(error, 404)) {
        const { apiVersion, kind, name } = this.scaleTargetRef;
        const namespace = error.resource?.namespace;
        throw new ScalerError(
          `KubernetesScaleTarget: the scale target ${kind} "${name}" (${apiVersion})${namespace ? ` in namespace "${namespace}"` : ''} was not found; create it or fix scaleTargetRef`,
          { code: 'NOT_FOUND', cause: error },
        );
      }
      throw error;
    }
  }
}
