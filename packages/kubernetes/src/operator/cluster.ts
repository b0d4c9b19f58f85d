import type { ScaleTarget } from '@scalerkit/core';
import { isApiStatus } from '../kube-client.js';
import type { KubeObject, ResourceType } from './resources.js';

/** One change seen by a watch. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}

/** What a watch calls back. */
export interface WatchHandlers {
  onEvent(event: WatchEvent): void;
  /** Once, after the first list was delivered. */
  onSynced?(): void;
  /** A list or watch failed (the watch retries). */
  onError?(error: unknown): void;
}

/** `scaleTargetRef` as the operator passes it on: the ScaledObject's namespace, KEDA's defaults applied. */
export interface ScaleTargetReference {
  namespace: string;
  apiVersion: string;
  kind: string;
  name: string;
}

/**
 * The calls the operator makes to the API server: the operator's port. `createKubernetesCluster` implements it
 * over `@kubernetes/client-node`'s configuration; tests may implement it in memory.
 */
export interface OperatorCluster {
  /**
   * Lists and then watches a resource type until `signal` aborts: every listed object arrives as ADDED, then
   * `onSynced` is called once (the first list is delivered). Reconnects (and re-lists) by itself.
   */
  watch(type: ResourceType, namespace: string | undefined, handlers: WatchHandlers, signal: AbortSignal): Promise<void>;
  list(type: ResourceType, namespace: string | undefined, options?: { labelSelector?: string }): Promise<KubeObject[]>;
  /** `undefined` when it does not exist. */
  get(type: ResourceType, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  create(type: ResourceType, namespace: string | undefined, body: KubeObject): Promise<KubeObject>;
  /** PUT with the body's `metadata.resourceVersion` (a conflict throws a `KubernetesApiError` with status 409). */
  replace(type: ResourceType, namespace: string | undefined, name: string, body: KubeObject): Promise<KubeObject>;
  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options?: { propagationPolicy?: 'Foreground' | 'Background' | 'Orphan' },
  ): Promise<void>;
  /** Merge-patches the `status` subresource. */
  patchStatus(type: ResourceType, namespace: string, name: string, status: Record<string, unknown>): Promise<void>;
  /** The resource type serving `kind` in `apiVersion` (the RESTMapper's kind → resource, from discovery). */
  resolveKind(apiVersion: string, kind: string): Promise<ResourceType>;
  /** The scale target of a ScaledObject (its workload's `scale` subresource). */
  scaleTarget(reference: ScaleTargetReference): ScaleTarget;
}

/** A 404 from the API server (`KubernetesApiError` of any copy of this package). */
export function isNotFound(error: unknown): boolean {
  return isApiStatus(error, 404);
}

/** A 409 (Conflict or AlreadyExists). */
export function isConflict(error: unknown): boolean {
  return isApiStatus(error, 409);
}
