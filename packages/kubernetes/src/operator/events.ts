import type { Logger } from '@scalerkit/core';
import type { OperatorCluster } from './cluster.js';
import { apiVersionOf, type KubeObject, type ResourceType, resources } from './resources.js';

/** The event's object: the ScaledObject or ScaledJob it is about. */
export interface EventSubject {
  type: ResourceType;
  object: KubeObject;
}

/** Writes `core/v1` Events about operator objects, as KEDA's recorder does (`kubectl describe` shows them). */
export interface EventRecorder {
  record(subject: EventSubject, type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** Settles when every event recorded so far is written (or failed). */
  flush(): Promise<void>;
}

/** Kubernetes refuses event messages longer than 1 KiB. */
const MAX_MESSAGE = 1024;

export function createEventRecorder(
  cluster: OperatorCluster,
  options: { component: string; instance: string; logger: Logger; now?: () => number },
): EventRecorder {
  const pending = new Set<Promise<unknown>>();
  const now = options.now ?? Date.now;
  return {
    record(subject, type, reason, message) {
      const { object } = subject;
      const namespace = object.metadata.namespace ?? 'default';
      const time = new Date(now()).toISOString();
      const text = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 3)}...` : message;
      const event: KubeObject = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { generateName: `${object.metadata.name}.`, namespace } as unknown as KubeObject['metadata'],
        involvedObject: {
          apiVersion: apiVersionOf(subject.type),
          kind: subject.type.kind,
          name: object.metadata.name,
          namespace,
          uid: object.metadata.uid,
          resourceVersion: object.metadata.resourceVersion,
        },
        reason,
        message: text,
        type,
        source: { component: options.component },
        reportingComponent: options.component,
        reportingInstance: options.instance,
        firstTimestamp: `${time.slice(0, 19)}Z`,
        lastTimestamp: `${time.slice(0, 19)}Z`,
        count: 1,
      };
      const write = cluster
        .create(resources.events, namespace, event)
        .catch((error: unknown) => {
          options.logger.warn(
            `recording event ${reason} on ${subject.type.kind} ${namespace}/${object.metadata.name} failed`,
            {
              error: error instanceof Error ? error.message : String(error),
            },
          );
        })
        .finally(() => pending.delete(write));
      pending.add(write);
    },
    async flush() {
      await Promise.allSettled([...pending]);
    },
  };
}
