import { hostname } from 'node:os';
import {
  type Autoscaler,
  type Clock,
  createConnectionCache,
  type Logger,
  registry as defaultRegistry,
  type ScaledObject,
  type ScalerRegistry,
  type ScaleTarget,
  silentLogger,
} from '@scalerkit/core';
import type { OperatorCluster, ScaleTargetReference, WatchEvent } from './cluster.js';
import type { ObjectDataReader } from './environment.js';
import { createEventRecorder, type EventRecorder } from './events.js';
import { createKubernetesCluster, type KubernetesClusterOptions } from './kube-cluster.js';
import { type KubeObject, keyOf, type ResourceType, resources } from './resources.js';
import { ScaledJobRunner } from './scaled-job-runner.js';
import { type RunnerContext, ScaledObjectRunner } from './scaled-object-runner.js';
import { EngineStateStore } from './state-store.js';

/** Options of `createKubernetesOperator`. */
export interface KubernetesOperatorOptions extends KubernetesClusterOptions {
  /** The API server port (default: `createKubernetesCluster` over `kubeConfig` / `kubeconfig` / the defaults). */
  cluster?: OperatorCluster;
  /** Watch one namespace; default: all namespaces. */
  namespace?: string;
  /** Where trigger types are looked up. Default: the default registry (provider packages are imported on demand). */
  registry?: ScalerRegistry;
  clock?: Clock;
  logger?: Logger;
  /** The ScaleTarget of a ScaledObject's workload. Default: the cluster's (`scale` subresource). */
  scaleTarget?: (reference: ScaleTargetReference) => ScaleTarget;
  /** Namespace ClusterTriggerAuthentications read their Secrets from. Default `KEDA_CLUSTER_OBJECT_NAMESPACE`, else `keda`. */
  clusterObjectNamespace?: string;
  /** Keep each ScaledObject's engine history in a ConfigMap and restore it on start. Default true. */
  persistState?: boolean;
  /** Run ScaledJobs too. Default true. */
  scaledJobs?: boolean;
  /** This replica's name in events (`reportingInstance`). Default: the host name. */
  identity?: string;
  /** Passed to every autoscaler (see `AutoscalerOptions`). */
  hpaSyncPeriodMs?: number | false;
  pollTimeoutMs?: number;
  targetTimeoutMs?: number;
  stopTimeoutMs?: number;
  /**
   * Called for every autoscaler the operator starts (metrics: `(a) => metrics.observe(a)`); a returned function is
   * called when that autoscaler stops (replaced by an edit, deleted, or the operator stopping).
   */
  onAutoscaler?: (autoscaler: Autoscaler, scaledObject: ScaledObject) => unknown;
}

/**
 * A KEDA-compatible operator: watches `keda.sh/v1alpha1` ScaledObjects, ScaledJobs, TriggerAuthentications and
 * ClusterTriggerAuthentications and runs them. Leader election is the caller's (see `scalerkit operator`): run
 * one started operator per cluster.
 */
export interface KubernetesOperator {
  /**
   * Starts the watches; resolves once the first lists are applied (each listed object reconciled once). Rejects
   * when a first list fails.
   */
  start(): Promise<void>;
  /** Stops every loop (engine history saved), closes every scaler, ends the watches. Idempotent. */
  stop(): Promise<void>;
  /** The autoscaler of a ScaledObject (`namespace/name`), while it runs. */
  autoscaler(key: string): Autoscaler | undefined;
  /** Keys (`namespace/name`) of the ScaledObjects and ScaledJobs being run. */
  readonly scaledObjects: string[];
  readonly scaledJobs: string[];
  /** Settles when every reconcile, status write and event recorded so far is done (for tests). */
  settled(): Promise<void>;
}

function decodeSecretData(object: KubeObject | undefined): Record<string, string> | undefined {
  if (!object) return undefined;
  const data = (object.data as Record<string, string> | undefined) ?? {};
  const decoded: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) decoded[key] = Buffer.from(value, 'base64').toString('utf8');
  return decoded;
}

class Operator implements KubernetesOperator {
  readonly #options: KubernetesOperatorOptions;
  readonly #logger: Logger;
  readonly #abort = new AbortController();
  readonly #connections = createConnectionCache();
  readonly #runners = new Map<string, ScaledObjectRunner>();
  readonly #jobRunners = new Map<string, ScaledJobRunner>();
  readonly #authentications = new Map<string, KubeObject>();
  readonly #targets = new Map<string, string>();
  readonly #watches: Promise<void>[] = [];
  #cluster: OperatorCluster | undefined;
  #context: RunnerContext | undefined;
  #events: EventRecorder | undefined;
  #starting: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: KubernetesOperatorOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
  }

  get scaledObjects(): string[] {
    return [...this.#runners.keys()];
  }

  get scaledJobs(): string[] {
    return [...this.#jobRunners.keys()];
  }

  autoscaler(key: string): Autoscaler | undefined {
    return this.#runners.get(key)?.autoscaler;
  }

  start(): Promise<void> {
    this.#starting ??= this.#start();
    return this.#starting;
  }

  async #start(): Promise<void> {
    const options = this.#options;
    const cluster = options.cluster ?? (await createKubernetesCluster(options));
    this.#cluster = cluster;
    const identity = options.identity ?? hostname();
    const events = createEventRecorder(cluster, {
      component: 'scalerkit-operator',
      instance: identity,
      logger: this.#logger,
      ...(options.clock ? { now: () => (options.clock as Clock).now() } : {}),
    });
    this.#events = events;
    const reader: ObjectDataReader = {
      getSecret: async (namespace, name) => decodeSecretData(await cluster.get(resources.secrets, namespace, name)),
      getConfigMap: async (namespace, name) =>
        (await cluster.get(resources.configMaps, namespace, name))?.data as Record<string, string> | undefined,
    };
    this.#context = {
      cluster,
      registry: options.registry ?? defaultRegistry,
      clock: options.clock,
      logger: this.#logger,
      events,
      state: options.persistState === false ? undefined : new EngineStateStore(cluster),
      connections: this.#connections,
      reader,
      authentications: () => [...this.#authentications.values()],
      clusterObjectNamespace: options.clusterObjectNamespace ?? process.env.KEDA_CLUSTER_OBJECT_NAMESPACE ?? 'keda',
      scaleTarget: options.scaleTarget ?? ((reference) => cluster.scaleTarget(reference)),
      claimTarget: (target, owner) => {
        const current = this.#targets.get(target);
        if (current !== undefined && current !== owner) return current;
        this.#targets.set(target, owner);
        return undefined;
      },
      releaseTarget: (target, owner) => {
        if (this.#targets.get(target) === owner) this.#targets.delete(target);
      },
      autoscalerOptions: {
        ...(options.hpaSyncPeriodMs !== undefined ? { hpaSyncPeriodMs: options.hpaSyncPeriodMs } : {}),
        ...(options.pollTimeoutMs !== undefined ? { pollTimeoutMs: options.pollTimeoutMs } : {}),
        ...(options.targetTimeoutMs !== undefined ? { targetTimeoutMs: options.targetTimeoutMs } : {}),
        ...(options.stopTimeoutMs !== undefined ? { stopTimeoutMs: options.stopTimeoutMs } : {}),
      },
      ...(options.onAutoscaler ? { onAutoscaler: options.onAutoscaler } : {}),
    };
    // Authentications first, so the first reconcile of each ScaledObject finds them.
    await Promise.all([
      this.#watch(resources.triggerAuthentications, options.namespace, (event) => this.#onAuthentication(event)),
      this.#watch(resources.clusterTriggerAuthentications, undefined, (event) => this.#onAuthentication(event)),
    ]);
    const watches = [this.#watch(resources.scaledObjects, options.namespace, (event) => this.#onScaledObject(event))];
    if (options.scaledJobs !== false) {
      watches.push(this.#watch(resources.scaledJobs, options.namespace, (event) => this.#onScaledJob(event)));
    }
    await Promise.all(watches);
    // The first reconcile of every listed object is done when start() resolves.
    await Promise.all([...this.#runners.values(), ...this.#jobRunners.values()].map((runner) => runner.settled()));
    this.#logger.info('operator started', {
      namespace: options.namespace ?? '(all)',
      scaledObjects: this.#runners.size,
      scaledJobs: this.#jobRunners.size,
    });
  }

  /** Starts a watch; resolves after its first list, rejects if that list fails. */
  #watch(type: ResourceType, namespace: string | undefined, onEvent: (event: WatchEvent) => void): Promise<void> {
    const cluster = this.#cluster as OperatorCluster;
    return new Promise((resolve, reject) => {
      let synced = false;
      const running = cluster.watch(
        type,
        namespace,
        {
          onEvent: (event) => {
            try {
              onEvent(event);
            } catch (error) {
              this.#logger.warn(`operator: handling a ${type.kind} event failed: ${String(error)}`);
            }
          },
          onSynced: () => {
            synced = true;
            resolve();
          },
          onError: (error) => {
            const message = error instanceof Error ? error.message : String(error);
            if (!synced) {
              reject(new Error(`operator: listing ${type.plural}.${type.group} failed: ${message}`));
              this.#abort.abort();
            } else this.#logger.warn(`operator: watching ${type.plural}.${type.group} failed (retrying): ${message}`);
          },
        },
        this.#abort.signal,
      );
      this.#watches.push(running.catch(() => {}));
    });
  }

  #onAuthentication(event: WatchEvent): void {
    const object = event.object;
    const kind = object.kind ?? 'TriggerAuthentication';
    const key = `${kind}/${keyOf(object)}`;
    const previous = this.#authentications.get(key);
    if (event.type === 'DELETED') this.#authentications.delete(key);
    else this.#authentications.set(key, object);
    if (event.type !== 'DELETED' && JSON.stringify(previous?.spec) === JSON.stringify(object.spec)) return;
    // A changed authentication rebuilds (only) the triggers that use it.
    for (const runner of this.#runners.values()) {
      if (runner.references(kind, object.metadata.name, object.metadata.namespace))
        runner.reconcile(runner.object, true);
    }
    for (const runner of this.#jobRunners.values()) {
      if (runner.references(kind, object.metadata.name, object.metadata.namespace))
        runner.reconcile(runner.object, true);
    }
  }

  #onScaledObject(event: WatchEvent): void {
    if (this.#stopping) return;
    const key = keyOf(event.object);
    let runner = this.#runners.get(key);
    if (event.type === 'DELETED') {
      if (runner) {
        this.#runners.delete(key);
        runner
          .delete()
          .catch((error: unknown) => this.#logger.warn(`ScaledObject ${key}: delete failed: ${String(error)}`));
      }
      return;
    }
    if (
      runner &&
      runner.uid !== undefined &&
      event.object.metadata.uid !== undefined &&
      runner.uid !== event.object.metadata.uid
    ) {
      // Deleted and created again between two watch events.
      this.#runners.delete(key);
      runner.delete().catch(() => {});
      runner = undefined;
    }
    if (!runner) {
      runner = new ScaledObjectRunner(this.#context as RunnerContext, event.object);
      this.#runners.set(key, runner);
    }
    runner.reconcile(event.object).catch((error: unknown) => {
      this.#logger.warn(
        `ScaledObject ${key}: reconcile failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  #onScaledJob(event: WatchEvent): void {
    if (this.#stopping) return;
    const key = keyOf(event.object);
    let runner = this.#jobRunners.get(key);
    if (event.type === 'DELETED') {
      if (runner) {
        this.#jobRunners.delete(key);
        runner.stop().catch(() => {});
      }
      return;
    }
    if (!runner) {
      runner = new ScaledJobRunner(this.#context as RunnerContext, event.object);
      this.#jobRunners.set(key, runner);
    }
    runner.reconcile(event.object).catch((error: unknown) => {
      this.#logger.warn(
        `ScaledJob ${key}: reconcile failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  async settled(): Promise<void> {
    await Promise.all([...this.#runners.values()].map((runner) => runner.settled()));
    await Promise.all([...this.#jobRunners.values()].map((runner) => runner.settled()));
    await this.#events?.flush();
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    await this.#starting?.catch(() => {});
    this.#abort.abort();
    await Promise.allSettled([...this.#runners.values()].map((runner) => runner.stop()));
    await Promise.allSettled([...this.#jobRunners.values()].map((runner) => runner.stop()));
    this.#runners.clear();
    this.#jobRunners.clear();
    await Promise.allSettled(this.#watches);
    await this.#events?.flush();
    await this.#connections.closeAll();
    this.#logger.info('operator stopped');
  }
}

/**
 * Creates the operator: KEDA's ScaledObjects and ScaledJobs, run by scalerkit's engine, from a cluster.
 *
 * @example
 * const operator = createKubernetesOperator({ namespace: 'shop', logger: createConsoleLogger() });
 * await operator.start();
 * process.on('SIGTERM', () => operator.stop());
 */
export function createKubernetesOperator(options: KubernetesOperatorOptions = {}): KubernetesOperator {
  return new Operator(options);
}
