import { createHash } from 'node:crypto';
import type { EngineSnapshot } from '@scalerkit/core';
import { isConflict, type OperatorCluster } from './cluster.js';
import { type KubeObject, resources } from './resources.js';

/** Label on the ConfigMaps that hold engine state (for `kubectl get cm -l`). */
export const STATE_LABEL = 'scalerkit.dev/engine-state-of';
const DATA_KEY = 'engine.json';

/** Name of the ConfigMap holding a ScaledObject's engine history (within the 253-character limit). */
export function stateConfigMapName(scaledObjectName: string): string {
  const name = `scalerkit-state-${scaledObjectName}`;
  if (name.length <= 253) return name;
  const hash = createHash('sha256').update(scaledObjectName).digest('hex').slice(0, 10);
  return `${name.slice(0, 242)}-${hash}`;
}

interface StoredState {
  /** The ScaledObject's uid: a ScaledObject deleted and created again under the same name starts fresh. */
  uid: string | undefined;
  snapshot: EngineSnapshot;
}

/**
 * Engine history kept in the cluster, one ConfigMap per ScaledObject owned by it (so Kubernetes' garbage
 * collector deletes it with the ScaledObject), so a restarted operator keeps stabilization windows and cooldowns.
 */
export class EngineStateStore {
  readonly #cluster: OperatorCluster;
  /** Last written JSON per ConfigMap, to skip writes that change nothing. */
  readonly #written = new Map<string, { json: string; resourceVersion: string | undefined }>();

  constructor(cluster: OperatorCluster) {
    this.#cluster = cluster;
  }

  async load(scaledObject: KubeObject): Promise<EngineSnapshot | undefined> {
    const namespace = scaledObject.metadata.namespace as string;
    const name = stateConfigMapName(scaledObject.metadata.name);
    const configMap = await this.#cluster.get(resources.configMaps, namespace, name);
    const text = (configMap?.data as Record<string, string> | undefined)?.[DATA_KEY];
    if (configMap === undefined || text === undefined) return undefined;
    this.#written.set(`${namespace}/${name}`, { json: text, resourceVersion: configMap.metadata.resourceVersion });
    try {
      const stored = JSON.parse(text) as StoredState;
      if (
        stored.uid !== undefined &&
        scaledObject.metadata.uid !== undefined &&
        stored.uid !== scaledObject.metadata.uid
      ) {
        return undefined;
      }
      return stored.snapshot;
    } catch {
      return undefined;
    }
  }

  async save(scaledObject: KubeObject, snapshot: EngineSnapshot): Promise<void> {
    const namespace = scaledObject.metadata.namespace as string;
    const name = stateConfigMapName(scaledObject.metadata.name);
    const key = `${namespace}/${name}`;
    const json = JSON.stringify({ uid: scaledObject.metadata.uid, snapshot } satisfies StoredState);
    const previous = this.#written.get(key);
    if (previous?.json === json) return;
    const body: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        namespace,
        labels: { [STATE_LABEL]: scaledObject.metadata.name.slice(0, 63) },
        ...(scaledObject.metadata.uid
          ? {
              ownerReferences: [
                {
                  apiVersion: 'keda.sh/v1alpha1',
                  kind: 'ScaledObject',
                  name: scaledObject.metadata.name,
                  uid: scaledObject.metadata.uid,
                },
              ],
            }
          : {}),
      },
      data: { [DATA_KEY]: json },
    };
    for (let attempt = 0; ; attempt++) {
      try {
        let resourceVersion = this.#written.get(key)?.resourceVersion;
        let stored: KubeObject;
        if (resourceVersion === undefined) {
          const current = await this.#cluster.get(resources.configMaps, namespace, name);
          resourceVersion = current?.metadata.resourceVersion;
        }
        if (resourceVersion === undefined) {
          stored = await this.#cluster.create(resources.configMaps, namespace, body);
        } else {
          body.metadata.resourceVersion = resourceVersion;
          stored = await this.#cluster.replace(resources.configMaps, namespace, name, body);
        }
        this.#written.set(key, { json, resourceVersion: stored.metadata.resourceVersion });
        return;
      } catch (error) {
        // Someone else wrote it (a previous leader): read it again and overwrite.
        if (!isConflict(error) || attempt === 2) throw error;
        this.#written.delete(key);
      }
    }
  }

  async delete(scaledObject: KubeObject): Promise<void> {
    const namespace = scaledObject.metadata.namespace as string;
    const name = stateConfigMapName(scaledObject.metadata.name);
    this.#written.delete(`${namespace}/${name}`);
    await this.#cluster.delete(resources.configMaps, namespace, name);
  }
}
