import {
  type Autoscaler,
  type AutoscalerOptions,
  type Clock,
  type ConnectionCache,
  createAutoscaler,
  type Decision,
  type EngineSnapshot,
  type Logger,
  parseScaledObject,
  type ScaledObject,
  type ScalerRegistry,
  type ScaleTarget,
  systemClock,
  type TimerHandle,
} from '@scalerkit/core';
import type { OperatorCluster, ScaleTargetReference } from './cluster.js';
import { isNotFound } from './cluster.js';
import {
  type ObjectDataReader,
  resolveWorkloadEnvironment,
  templateContainers,
  type WorkloadEnvironment,
} from './environment.js';
import type { EventRecorder } from './events.js';
import { type KubeObject, type ResourceType, resources } from './resources.js';
import {
  authenticationSources,
  changeKeyOf,
  errorMessage,
  referencesAuthentication,
  SerialQueue,
} from './runner-shared.js';
import { ScalerPool } from './scaler-pool.js';
import type { EngineStateStore } from './state-store.js';
import {
  type Condition,
  decisionConditions,
  healthOf,
  kubernetesTime,
  reconcileConditions,
  setCondition,
  triggersAndAuthenticationsTypes,
} from './status.js';

/** What every ScaledObject runner shares (given by the operator). */
export interface RunnerContext {
  cluster: OperatorCluster;
  registry: ScalerRegistry;
  clock: Clock | undefined;
  logger: Logger;
  events: EventRecorder;
  state: EngineStateStore | undefined;
  connections: ConnectionCache;
  reader: ObjectDataReader;
  /** Every known TriggerAuthentication and ClusterTriggerAuthentication (manifests as served). */
  authentications(): KubeObject[];
  clusterObjectNamespace: string;
  scaleTarget(reference: ScaleTargetReference): ScaleTarget;
  /** The ScaledObject (`namespace/name`) that already scales this target, if another one does. */
  claimTarget(targetKey: string, owner: string): string | undefined;
  releaseTarget(targetKey: string, owner: string): void;
  autoscalerOptions: Pick<AutoscalerOptions, 'hpaSyncPeriodMs' | 'pollTimeoutMs' | 'targetTimeoutMs' | 'stopTimeoutMs'>;
  /** Called for each autoscaler started; a returned function is called when that autoscaler stops. */
  onAutoscaler?: (autoscaler: Autoscaler, scaledObject: ScaledObject) => unknown;
}

/** KEDA v2.21.0 pkg/common/message/message.go. */
const SCALE_TARGET_ERROR = "ScaledObject doesn't have correct scaleTargetRef specification";
const TARGET_NOT_FOUND = "Target resource doesn't exist";

class CheckFailed extends Error {}

/** Wait before a reconcile that failed on an API error is tried again. */
const RETRY_MS = 5000;

/** Least time between two writes of a ScaledObject's engine state (a crash loses at most this much history). */
const SAVE_INTERVAL_MS = 5000;

/** `<group>/<version>.<kind>` (KEDA's `GroupVersionKindResource.GVKString`). */
function gvkString(type: ResourceType): string {
  return `${type.group}/${type.version}.${type.kind}`;
}

function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] as string) : '';
}

/** Sorts metric names `s<index>-...` by trigger index (the order KEDA lists them in). */
function byTriggerIndex(a: string, b: string): number {
  const index = (name: string) => Number(/^s(\d+)-/.exec(name)?.[1] ?? Number.MAX_SAFE_INTEGER);
  return index(a) - index(b);
}

/**
 * Runs one ScaledObject of the cluster: resolves its target, environment and authentication as KEDA does,
 * runs an autoscaler for it, writes its status as KEDA writes it, records events for scale decisions and keeps
 * its engine history in the cluster. Reconciles are serialised.
 */
export class ScaledObjectRunner {
  readonly key: string;
  readonly #context: RunnerContext;
  readonly #pool = new ScalerPool();
  #object: KubeObject;
  #parsed: ScaledObject | undefined;
  #targetKey: string | undefined;
  #target: ScaleTarget | undefined;
  #autoscaler: Autoscaler | undefined;
  #unsubscribe: (() => void)[] = [];
  #unobserve: (() => void) | undefined;
  #changeKey: string | undefined;
  #fingerprint: string | undefined;
  readonly #queue = new SerialQueue();
  #stopped = false;
  /** The status as this runner wants it, and as last written. */
  #status: Record<string, unknown>;
  #written: Record<string, string> = {};
  #writing: Promise<void> | undefined;
  #writeAgain = false;
  #snapshotSaving: Promise<void> | undefined;
  #retry: TimerHandle | undefined;
  #saveTimer: TimerHandle | undefined;
  #lastSave = Number.NEGATIVE_INFINITY;
  readonly #clock: Clock;

  constructor(context: RunnerContext, object: KubeObject) {
    this.#context = context;
    this.#clock = context.clock ?? systemClock;
    this.#object = object;
    this.key = `${object.metadata.namespace}/${object.metadata.name}`;
    this.#status = { ...((object.status as Record<string, unknown> | undefined) ?? {}) };
    for (const [field, value] of Object.entries(this.#status)) this.#written[field] = JSON.stringify(value);
  }

  /** The latest version of the ScaledObject seen. */
  get object(): KubeObject {
    return this.#object;
  }

  get uid(): string | undefined {
    return this.#object.metadata.uid;
  }

  /** The running autoscaler, if any (for tests and metrics). */
  get autoscaler(): Autoscaler | undefined {
    return this.#autoscaler;
  }

  /** Scalers kept by the runner (reused across edits). */
  get scalerCount(): number {
    return this.#pool.size;
  }

  /** Names the TriggerAuthentications and ClusterTriggerAuthentications the ScaledObject references. */
  references(kind: string, name: string, namespace: string | undefined): boolean {
    return referencesAuthentication(this.#object, kind, name, namespace);
  }

  /** Applies a new version of the ScaledObject (or `force`: its authentications or target changed). */
  reconcile(object: KubeObject, force = false): Promise<void> {
    return this.#queue.run(() => this.#reconcile(object, force));
  }

  /** The ScaledObject was deleted: stop, close its scalers, restore the target if asked, drop the state. */
  delete(): Promise<void> {
    return this.#queue.run(() => this.#delete());
  }

  /** The operator stops (or lost leadership): save the engine history, stop, close the scalers. */
  stop(): Promise<void> {
    return this.#queue.run(async () => {
      if (this.#stopped) return;
      this.#stopped = true;
      this.#cancelTimers();
      await this.#saveSnapshot();
      await this.#stopAutoscaler(false);
      await this.#pool.closeAll();
      if (this.#targetKey) this.#context.releaseTarget(this.#targetKey, this.key);
      await this.#writing;
    });
  }

  async #reconcile(object: KubeObject, force: boolean): Promise<void> {
    if (this.#stopped) return;
    this.#object = object;
    const changeKey = changeKeyOf(object);
    if (!force && changeKey === this.#changeKey) return;
    this.#changeKey = changeKey;
    if (this.#retry !== undefined) this.#clock.clearTimeout(this.#retry);
    this.#retry = undefined;
    try {
      await this.#apply(object);
    } catch (error) {
      if (error instanceof CheckFailed) {
        await this.#stopAutoscaler(false);
        await this.#pool.closeAll();
        this.#fingerprint = undefined;
        return;
      }
      // An API error (a refusal, a timeout): as KEDA's Reconcile, Ready=False with the message, the loop that runs
      // keeps running, and the reconcile is tried again.
      const message = `failed to reconcile the ScaledObject: ${errorMessage(error)}`;
      this.#setStatus({
        conditions: setCondition(
          setCondition(this.#conditions(), 'Ready', 'False', 'ScaledObjectCheckFailed', message),
          'Active',
          'Unknown',
          'UnknownState',
          'ScaledObject check failed',
        ),
      });
      this.#context.events.record(
        { type: resources.scaledObjects, object },
        'Warning',
        'ScaledObjectCheckFailed',
        message,
      );
      this.#context.logger.warn(`ScaledObject ${this.key}: ${message}`);
      this.#changeKey = undefined;
      this.#retry = this.#clock.setTimeout(() => {
        this.#retry = undefined;
        this.reconcile(this.#object, true).catch(() => {});
      }, RETRY_MS);
    }
  }

  #fail(message: string, parsed: ScaledObject | undefined): never {
    const conditions = parsed
      ? reconcileConditions(this.#conditions(), parsed, { message })
      : setCondition(
          setCondition(this.#conditions(), 'Ready', 'False', 'ScaledObjectCheckFailed', message),
          'Active',
          'Unknown',
          'UnknownState',
          'ScaledObject check failed',
        );
    this.#setStatus({ conditions });
    this.#context.events.record(
      { type: resources.scaledObjects, object: this.#object },
      'Warning',
      'ScaledObjectCheckFailed',
      message,
    );
    this.#context.logger.warn(`ScaledObject ${this.key}: ${message}`);
    throw new CheckFailed(message);
  }

  #conditions(): Condition[] {
    return (this.#status.conditions as Condition[] | undefined) ?? [];
  }

  async #apply(object: KubeObject): Promise<void> {
    const { cluster } = this.#context;
    const namespace = object.metadata.namespace as string;
    let parsed: ScaledObject;
    try {
      parsed = parseScaledObject(object);
    } catch (error) {
      this.#fail(`ScaledObject doesn't have correct specification: ${errorMessage(error)}`, undefined);
    }
    const ref = parsed.spec.scaleTargetRef;
    let type: ResourceType;
    try {
      type = await cluster.resolveKind(ref.apiVersion, ref.kind);
    } catch (error) {
      this.#fail(`${SCALE_TARGET_ERROR}: ${errorMessage(error)}`, parsed);
    }
    const typesStatus = triggersAndAuthenticationsTypes(parsed);
    this.#setStatus({
      scaleTargetKind: gvkString(type),
      scaleTargetGVKR: { group: type.group, version: type.version, kind: type.kind, resource: type.plural },
      ...typesStatus,
    });
    const workload = await cluster.get(type, namespace, ref.name).catch((error: unknown) => {
      this.#fail(`${SCALE_TARGET_ERROR}: ${errorMessage(error)}`, parsed);
    });
    if (!workload) {
      const resource = type.group === '' ? type.plural : `${type.plural}.${type.group}`;
      this.#fail(`${TARGET_NOT_FOUND}: ${resource} "${ref.name}" not found`, parsed);
    }
    // One autoscaler per workload: KEDA's admission webhook refuses a second one, and an HPA it did not create
    // (KEDA v2.21.0 apis/keda/v1alpha1/scaledobject_webhook.go `verifyHpas`, `verifyScaledObjects`).
    const targetKey = `${namespace}/${type.group}/${type.kind}/${ref.name}`;
    if (this.#targetKey !== targetKey) {
      if (this.#targetKey) this.#context.releaseTarget(this.#targetKey, this.key);
      this.#targetKey = undefined;
      const owner = this.#context.claimTarget(targetKey, this.key);
      if (owner !== undefined) {
        this.#fail(
          `the workload '${ref.name}' of type '${gvkString(type)}' is already managed by the ScaledObject '${owner.split('/')[1]}'`,
          parsed,
        );
      }
      this.#targetKey = targetKey;
    }
    const hpas = await cluster.list(resources.horizontalPodAutoscalers, namespace);
    for (const hpa of hpas) {
      const hpaRef = (hpa.spec as { scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string } })
        ?.scaleTargetRef;
      if (hpaRef?.name === ref.name && hpaRef.kind === type.kind && groupOf(hpaRef.apiVersion) === type.group) {
        this.#fail(
          `the workload '${ref.name}' of type '${gvkString(type)}' is already managed by the hpa '${hpa.metadata.name}'`,
          parsed,
        );
      }
    }
    let environment: WorkloadEnvironment;
    try {
      environment = await resolveWorkloadEnvironment(
        templateContainers(workload),
        ref.envSourceContainerName,
        namespace,
        this.#context.reader,
      );
    } catch (error) {
      this.#fail(`error resolving the environment of the scale target: ${errorMessage(error)}`, parsed);
    }
    const target =
      this.#target && this.#parsed && sameTarget(this.#parsed, parsed)
        ? this.#target
        : this.#context.scaleTarget({ namespace, apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name });
    this.#target = target;
    if (this.#status.originalReplicaCount === undefined) {
      try {
        this.#setStatus({ originalReplicaCount: (await target.getReplicas()).replicas });
      } catch (error) {
        this.#context.logger.warn(
          `ScaledObject ${this.key}: reading the target's replicas failed: ${errorMessage(error)}`,
        );
      }
    }
    const authentications = this.#context
      .authentications()
      .filter((auth) =>
        this.references(auth.kind ?? 'TriggerAuthentication', auth.metadata.name, auth.metadata.namespace),
      );
    const fingerprint = JSON.stringify([
      parsed.spec,
      parsed.pause,
      environment,
      authentications.map((auth) => auth.spec),
    ]);
    this.#parsed = parsed;
    if (fingerprint === this.#fingerprint && this.#autoscaler) {
      this.#setStatus({ conditions: this.#reconciled(parsed) });
      return;
    }
    await this.#startAutoscaler(parsed, target, environment, authentications);
    this.#fingerprint = fingerprint;
  }

  async #startAutoscaler(
    parsed: ScaledObject,
    target: ScaleTarget,
    environment: WorkloadEnvironment,
    authentications: KubeObject[],
  ): Promise<void> {
    const context = this.#context;
    const namespace = parsed.metadata.namespace as string;
    let snapshot: EngineSnapshot | undefined = this.#autoscaler?.engine?.snapshot();
    if (!snapshot && !this.#autoscaler && context.state) {
      snapshot = await context.state.load(this.#object).catch((error: unknown) => {
        context.logger.warn(`ScaledObject ${this.key}: reading the saved engine state failed: ${errorMessage(error)}`);
        return undefined;
      });
    }
    await this.#stopAutoscaler(true);
    const autoscaler = createAutoscaler({
      ...context.autoscalerOptions,
      scaledObject: parsed,
      target,
      registry: this.#pool.registryFor(context.registry),
      authentication: authenticationSources(context, namespace, environment, authentications),
      resolvedEnv: environment.resolvedEnv,
      clock: context.clock,
      logger: context.logger,
      connections: context.connections,
      ...(snapshot ? { engineSnapshot: snapshot } : {}),
    });
    this.#subscribe(autoscaler, parsed);
    this.#autoscaler = autoscaler;
    try {
      await autoscaler.start();
    } catch (error) {
      this.#autoscaler = undefined;
      for (const off of this.#unsubscribe.splice(0)) off();
      await this.#pool.closeIdle();
      this.#fail(`failed to build the scalers: ${errorMessage(error)}`, parsed);
    }
    await this.#pool.closeIdle();
    this.#setStatus({
      conditions: this.#reconciled(parsed),
      externalMetricNames: this.#pool.metricNames().sort(byTriggerIndex),
    });
    const unobserve = context.onAutoscaler?.(autoscaler, parsed);
    if (typeof unobserve === 'function') this.#unobserve = unobserve as () => void;
    context.logger.info(
      `ScaledObject ${this.key}: scaling ${parsed.spec.scaleTargetRef.kind} ${parsed.spec.scaleTargetRef.name}`,
      {
        triggers: parsed.spec.triggers.length,
        restoredHistory: snapshot !== undefined,
      },
    );
  }

  /**
   * The conditions of a successful reconcile, with KEDA's events on transitions (controllers/keda/
   * scaledobject_controller.go `Reconcile`: ScaledObjectReady when it was not Ready; ScaledObjectPaused /
   * ScaledObjectUnpaused when the pause state changes).
   */
  #reconciled(parsed: ScaledObject): Condition[] {
    const before = this.#conditions();
    const after = reconcileConditions(before, parsed, undefined);
    const subject = { type: resources.scaledObjects, object: this.#object };
    const was = (type: string) => before.find((condition) => condition.type === type)?.status;
    if (was('Ready') !== 'True') {
      this.#context.events.record(subject, 'Normal', 'ScaledObjectReady', 'ScaledObject is ready for scaling');
    }
    const pausedNow = after.find((condition) => condition.type === 'Paused')?.status === 'True';
    if (pausedNow && was('Paused') !== 'True') {
      this.#context.events.record(subject, 'Normal', 'ScaledObjectPaused', 'ScaledObject is paused');
    } else if (!pausedNow && was('Paused') === 'True') {
      this.#context.events.record(
        subject,
        'Normal',
        'ScaledObjectUnpaused',
        'pause annotation removed for ScaledObject',
      );
    }
    return after;
  }

  /** Stops the autoscaler; `keepScalers`: its scalers wait (idle) for the next autoscaler. */
  async #stopAutoscaler(keepScalers: boolean): Promise<void> {
    const autoscaler = this.#autoscaler;
    if (!autoscaler) return;
    this.#autoscaler = undefined;
    this.#unobserve?.();
    this.#unobserve = undefined;
    this.#pool.retaining = keepScalers;
    try {
      await autoscaler.stop();
    } finally {
      this.#pool.retaining = false;
      for (const off of this.#unsubscribe.splice(0)) off();
    }
  }

  #subscribe(autoscaler: Autoscaler, parsed: ScaledObject): void {
    const subject = () => ({ type: resources.scaledObjects, object: this.#object });
    const { events } = this.#context;
    this.#unsubscribe.push(
      autoscaler.on('decision', ({ decision }) => {
        if (decision.phase !== 'hpa') this.#onPollDecision(parsed, decision);
        this.#saveSnapshotSoon();
      }),
      autoscaler.on('scale', ({ from, to, decision }) => {
        const [reason, message] = this.#scaleEvent(from, to, decision);
        events.record(subject(), 'Normal', reason, message);
      }),
      autoscaler.on('error', ({ phase, error }) => {
        if (phase === 'setReplicas') {
          const decision = autoscaler.lastDecision;
          const message = `error scaling the target: ${error.message}`;
          this.#setStatus({
            conditions: setCondition(this.#conditions(), 'Ready', 'False', 'ErrorScalingTarget', message),
          });
          const from = decision?.currentReplicas ?? 0;
          const to = decision?.desiredReplicas ?? 0;
          const reason =
            from === 0
              ? 'KEDAScaleTargetActivationFailed'
              : to === 0
                ? 'KEDAScaleTargetDeactivationFailed'
                : 'FailedRescale';
          events.record(
            subject(),
            'Warning',
            reason,
            `Failed to scale ${this.#status.scaleTargetKind} ${parsed.metadata.namespace}/${parsed.spec.scaleTargetRef.name} from ${from} to ${to}: ${error.message}`,
          );
        } else if (phase === 'getReplicas') {
          this.#setStatus({
            conditions: setCondition(
              this.#conditions(),
              'Ready',
              'False',
              'ErrorGettingCurrentReplicas',
              `Error getting current replicas count for ScaleTarget: ${error.message}`,
            ),
          });
        } else if (phase === 'build' || phase === 'push') {
          events.record(subject(), 'Warning', 'KEDAScalerFailed', error.message);
        }
      }),
      autoscaler.on('scalerEvent', (event) => {
        events.record(subject(), event.type === 'Warning' ? 'Warning' : 'Normal', event.reason, event.message);
      }),
    );
  }

  #onPollDecision(parsed: ScaledObject, decision: Decision): void {
    const update: Record<string, unknown> = { conditions: decisionConditions(this.#conditions(), parsed, decision) };
    const lastActive = decision.explanation.executor.lastActiveTime;
    if (typeof lastActive === 'number' && Number.isFinite(lastActive))
      update.lastActiveTime = kubernetesTime(lastActive);
    const health = healthOf(parsed, decision, (this.#status.externalMetricNames as string[] | undefined) ?? []);
    if (health) update.health = health;
    if (parsed.pause.pausedReplicas !== undefined) update.pausedReplicaCount = parsed.pause.pausedReplicas;
    this.#setStatus(update);
  }

  /** KEDA's event for an activation or deactivation (pkg/scaling/executor/scale_scaledobjects.go), else the HPA's. */
  #scaleEvent(from: number, to: number, decision: Decision): [string, string] {
    const parsed = this.#parsed;
    const target = `${this.#status.scaleTargetKind} ${parsed?.metadata.namespace}/${parsed?.spec.scaleTargetRef.name}`;
    switch (decision.reason) {
      case 'ScaledFromZero':
      case 'ScaledFromIdle': {
        const active = decision.explanation.triggers
          .filter((trigger) => trigger.isActive)
          .map((trigger) => trigger.type);
        const cause = decision.explanation.activity.forced
          ? 'caused by forced activation annotation'
          : `triggered by ${active.join(';')}`;
        return ['KEDAScaleTargetActivated', `Scaled ${target} from ${from} to ${to}, ${cause}. ${decision}`];
      }
      case 'ScaledToZero':
      case 'ScaledToIdle':
        return ['KEDAScaleTargetDeactivated', `Deactivated ${target} from ${from} to ${to}. ${decision}`];
      default:
        return ['SuccessfulRescale', `New size: ${to}; reason: ${decision}`];
    }
  }

  /** Merges fields into the status and writes the changed ones (one merge patch at a time). */
  #setStatus(fields: Record<string, unknown>): void {
    Object.assign(this.#status, fields);
    if (this.#writing) {
      this.#writeAgain = true;
      return;
    }
    this.#writing = this.#flushStatus().finally(() => {
      this.#writing = undefined;
    });
  }

  async #flushStatus(): Promise<void> {
    do {
      this.#writeAgain = false;
      const patch: Record<string, unknown> = {};
      const json: Record<string, string> = {};
      for (const [field, value] of Object.entries(this.#status)) {
        const text = JSON.stringify(value);
        if (this.#written[field] !== text) {
          patch[field] = value;
          json[field] = text;
        }
      }
      if (Object.keys(patch).length === 0) continue;
      const { namespace, name } = this.#object.metadata;
      try {
        await this.#context.cluster.patchStatus(resources.scaledObjects, namespace as string, name, patch);
        Object.assign(this.#written, json);
      } catch (error) {
        if (!isNotFound(error)) {
          this.#context.logger.warn(`ScaledObject ${this.key}: writing the status failed: ${errorMessage(error)}`);
        }
      }
    } while (this.#writeAgain);
  }

  /** The status writes still in flight (tests wait for them). */
  async settled(): Promise<void> {
    await this.#queue.idle();
    while (this.#writing || this.#snapshotSaving) {
      await this.#writing;
      await this.#snapshotSaving;
    }
  }

  /** Saves the engine history after a decision, at most once per `SAVE_INTERVAL_MS` (stop() saves the last one). */
  #saveSnapshotSoon(): void {
    if (this.#snapshotSaving || this.#saveTimer !== undefined || this.#stopped) return;
    const wait = this.#lastSave + SAVE_INTERVAL_MS - this.#clock.now();
    if (wait > 0) {
      this.#saveTimer = this.#clock.setTimeout(() => {
        this.#saveTimer = undefined;
        this.#saveSnapshotSoon();
      }, wait);
      return;
    }
    this.#lastSave = this.#clock.now();
    this.#snapshotSaving = this.#saveSnapshot().finally(() => {
      this.#snapshotSaving = undefined;
    });
  }

  #cancelTimers(): void {
    if (this.#retry !== undefined) this.#clock.clearTimeout(this.#retry);
    if (this.#saveTimer !== undefined) this.#clock.clearTimeout(this.#saveTimer);
    this.#retry = undefined;
    this.#saveTimer = undefined;
  }

  async #saveSnapshot(): Promise<void> {
    const snapshot = this.#autoscaler?.engine?.snapshot();
    if (!snapshot || !this.#context.state) return;
    try {
      await this.#context.state.save(this.#object, snapshot);
    } catch (error) {
      if (!isNotFound(error)) {
        this.#context.logger.warn(`ScaledObject ${this.key}: saving the engine state failed: ${errorMessage(error)}`);
      }
    }
  }

  async #delete(): Promise<void> {
    this.#stopped = true;
    this.#cancelTimers();
    await this.#stopAutoscaler(false);
    await this.#pool.closeAll();
    await this.#snapshotSaving;
    if (this.#targetKey) this.#context.releaseTarget(this.#targetKey, this.key);
    const parsed = this.#parsed;
    const original = this.#status.originalReplicaCount;
    // KEDA's finalizer restores the count when asked (controllers/keda/scaledobject_finalizer.go).
    if (parsed?.spec.advanced?.restoreToOriginalReplicaCount && typeof original === 'number' && this.#target) {
      try {
        const current = await this.#target.getReplicas();
        if (current.replicas !== original) {
          await this.#target.setReplicas(original, undefined as unknown as Decision);
        }
      } catch (error) {
        this.#context.logger.warn(
          `ScaledObject ${this.key}: restoring the original replica count failed: ${errorMessage(error)}`,
        );
      }
    }
    await this.#context.state?.delete(this.#object).catch(() => {});
    this.#context.logger.info(`ScaledObject ${this.key}: deleted; its loop stopped and its scalers closed`);
  }
}

function sameTarget(a: ScaledObject, b: ScaledObject): boolean {
  const x = a.spec.scaleTargetRef;
  const y = b.spec.scaleTargetRef;
  return (
    x.name === y.name &&
    x.kind === y.kind &&
    x.apiVersion === y.apiVersion &&
    a.metadata.namespace === b.metadata.namespace
  );
}
