/** A Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: OwnerReference[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** A resource type as the REST API names it (`/apis/{group}/{version}/namespaces/{ns}/{plural}`). */
export interface ResourceType {
  /** `""` for the core group. */
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

function resource(group: string, version: string, kind: string, plural: string, namespaced = true): ResourceType {
  return { group, version, kind, plural, namespaced };
}

/** The resources the operator reads and writes (RBAC in deploy/rbac.yaml lists the same). */
export const resources = {
  scaledObjects: resource('keda.sh', 'v1alpha1', 'ScaledObject', 'scaledobjects'),
  scaledJobs: resource('keda.sh', 'v1alpha1', 'ScaledJob', 'scaledjobs'),
  triggerAuthentications: resource('keda.sh', 'v1alpha1', 'TriggerAuthentication', 'triggerauthentications'),
  clusterTriggerAuthentications: resource(
    'keda.sh',
    'v1alpha1',
    'ClusterTriggerAuthentication',
    'clustertriggerauthentications',
    false,
  ),
  secrets: resource('', 'v1', 'Secret', 'secrets'),
  configMaps: resource('', 'v1', 'ConfigMap', 'configmaps'),
  events: resource('', 'v1', 'Event', 'events'),
  pods: resource('', 'v1', 'Pod', 'pods'),
  horizontalPodAutoscalers: resource('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers'),
  jobs: resource('batch', 'v1', 'Job', 'jobs'),
} as const;

/** `apiVersion` of a resource type (`v1`, `apps/v1`). */
export function apiVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** The collection path of a resource type, in a namespace or across all. */
export function collectionPath(type: ResourceType, namespace: string | undefined): string {
  const base = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  const scoped = type.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${scoped}/${type.plural}`;
}

/** The path of one object (and of a subresource when given). */
export function objectPath(
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  subresource?: string,
): string {
  const path = `${collectionPath(type, namespace)}/${encodeURIComponent(name)}`;
  return subresource ? `${path}/${subresource}` : path;
}

/** `namespace/name`, or `name` for a cluster-scoped object. */
export function keyOf(object: { metadata: { name: string; namespace?: string } }): string {
  return object.metadata.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : object.metadata.name;
}
