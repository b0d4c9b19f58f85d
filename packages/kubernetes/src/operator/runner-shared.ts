// What the ScaledObject and ScaledJob runners share: when a manifest changed, which authentications it names, and
// where its triggers' authentication is read from.
import type { TriggerAuthenticationSources } from '@scalerkit/core';
import { secretProviderOf, type WorkloadEnvironment } from './environment.js';
import type { KubeObject } from './resources.js';
import type { RunnerContext } from './scaled-object-runner.js';

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a reconcile compares to skip an unchanged object (its generation, annotations and spec). */
export function changeKeyOf(object: KubeObject): string {
  return JSON.stringify([object.metadata.generation, object.metadata.annotations ?? {}, object.spec]);
}

/** Whether a trigger of `object` names this TriggerAuthentication or ClusterTriggerAuthentication. */
export function referencesAuthentication(
  object: KubeObject,
  kind: string,
  name: string,
  namespace: string | undefined,
): boolean {
  const triggers = (object.spec as { triggers?: { authenticationRef?: { name?: string; kind?: string } }[] })?.triggers;
  return (triggers ?? []).some((trigger) => {
    const ref = trigger.authenticationRef;
    if (!ref || ref.name !== name || (ref.kind ?? 'TriggerAuthentication') !== kind) return false;
    return kind === 'ClusterTriggerAuthentication' || namespace === object.metadata.namespace;
  });
}

/** Where the triggers of an object in `namespace` read their authentication (KEDA's resolver inputs). */
export function authenticationSources(
  context: RunnerContext,
  namespace: string,
  environment: WorkloadEnvironment,
  authentications: KubeObject[],
): TriggerAuthenticationSources {
  return {
    authentications,
    secrets: secretProviderOf(context.reader, namespace),
    configMaps: secretProviderOf(context.reader, namespace),
    env: environment.env,
    containerEnv: environment.containerEnv,
    namespace,
    clusterObjectNamespace: context.clusterObjectNamespace,
    logger: context.logger,
  };
}

/** Runs work one piece at a time, in order; a failure goes to its caller and does not stop what follows. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work);
    this.#tail = result.catch(() => {});
    return result;
  }

  /** Settles once everything queued so far has settled. */
  idle(): Promise<unknown> {
    return this.#tail;
  }
}
