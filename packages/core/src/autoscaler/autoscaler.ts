import { type Clock, systemClock } from '../clock.js';
import { type ConnectionCache, createConnectionCache } from '../connection-cache.js';
import { hpaFetchesMetrics } from '../engine/hpa-step.js';
import {
  createScalingEngine,
  type Decision,
  type DecisionPhase,
  type ScalingEngine,
  type TriggerObservation,
} from '../engine/index.js';
import { printable } from '../engine/printable.js';
import { ScalerError, ScalerTimeoutError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { parseScaledObject } from '../manifest/index.js';
import type { ScaledObject } from '../manifest/types.js';
import { registry as defaultRegistry } from '../registry.js';
import { type AutoscalerOptions, DEFAULT_MAX_POLL_TIMEOUT_MS, resolveTimings } from './autoscaler-options.js';
import { type BuiltTrigger, buildTriggers } from './build-triggers.js';
import type { AutoscalerErrorPhase, AutoscalerEvents, DecisionCause } from './events.js';
import { guardedLogger, toSafeScalerError } from './guarded.js';
import { autoscalerLoops, DEFAULT_HPA_SYNC_PERIOD_MS, LoopSchedule } from './loop-schedule.js';
import { missingMetricError } from './metric-check.js';
import type { ScaleTarget } from './scale-target.js';
import { BoundedTarget, DEFAULT_TARGET_TIMEOUT_MS } from './target-calls.js';
import { type Listener, TypedEmitter } from './typed-emitter.js';

/** `Symbol.asyncDispose`, or its registered stand-in on runtimes that lack it. */
export const asyncDisposeSymbol: typeof Symbol.asyncDispose = (Symbol.asyncDispose ??
  Symbol.for('Symbol.asyncDispose')) as typeof Symbol.asyncDispose;

export type { AutoscalerOptions } from './autoscaler-options.js';
export { DEFAULT_HPA_SYNC_PERIOD_MS, DEFAULT_MAX_POLL_TIMEOUT_MS, DEFAULT_TARGET_TIMEOUT_MS };

/** Lifecycle of an autoscaler. */
export type AutoscalerState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * Runs one ScaledObject as KEDA + the HPA do: polls its triggers every `pollingInterval` (KEDA's scale
 * loop) and syncs the HPA every `hpaSyncPeriodMs`, feeds the engine, scales the target.
 *
 * @example
 * await using autoscaler = createAutoscaler({ scaledObject: yaml, target });
 * autoscaler.on('scale', ({ from, to, decision }) => console.log(`${from} -> ${to}: ${decision}`));
 * await autoscaler.start();
 */
export interface Autoscaler {
  /** `namespace/name`, or `name` without a namespace. */
  readonly name: string;
  readonly scaledObject: ScaledObject;
  readonly state: AutoscalerState;
  /** The last decision taken, if any. */
  readonly lastDecision: Decision | undefined;
  /** The engine (present once started). */
  readonly engine: ScalingEngine | undefined;
  /** Adds a listener; returns a function that removes it. An `error` without listener is logged, never thrown. */
  on<K extends keyof AutoscalerEvents>(event: K, listener: Listener<AutoscalerEvents[K]>): () => void;
  /**
   * Builds the scalers and starts the loop (first poll at once, not awaited). Rejects when a scaler
   * cannot be built. Calling it again returns the same promise.
   */
  start(): Promise<void>;
  /**
   * Stops the loop: aborts in-flight polls and target calls and waits for them, closes every scaler, clears
   * every timer and releases connections. Idempotent. Settles within `stopTimeoutMs` whatever user code does.
   */
  stop(): Promise<void>;
  /** Polls every trigger and decides now (after the poll in flight, if any). For tests and tools. */
  pollNow(): Promise<Decision | undefined>;
  /**
   * Runs one HPA sync now (after the one in flight, if any): fetches the metrics (or the poll records with
   * `useCachedMetrics`) and decides the HPA phase. Rejects in merged mode (`hpaSyncPeriodMs: 0`).
   */
  hpaSyncNow(): Promise<Decision | undefined>;
  [Symbol.asyncDispose](): Promise<void>;
}

function looksParsed(value: unknown): value is ScaledObject {
  const candidate = value as Partial<ScaledObject> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.kind === 'ScaledObject' &&
    typeof candidate.pause === 'object' &&
    Array.isArray(candidate.spec?.triggers) &&
    typeof candidate.spec?.pollingInterval === 'number'
  );
}

const noop = (): void => {};

class AutoscalerLoop implements Autoscaler {
  readonly name: string;
  readonly scaledObject: ScaledObject;
  readonly #options: AutoscalerOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #events: TypedEmitter<AutoscalerEvents>;
  readonly #connections: ConnectionCache;
  readonly #ownsConnections: boolean;
  readonly #intervalMs: number;
  /** 0: merged mode. */
  readonly #syncPeriodMs: number;
  readonly #timeoutMs: number;
  readonly #stopTimeoutMs: number;
  readonly #createdAt: number;
  readonly #abort = new AbortController();
  /**
   * One per trigger, aborted by `stop()`: each trigger's queries and push run listen on their own signal, so
   * no signal collects one listener per trigger (Node warns past 10 on one signal).
   */
  readonly #triggerAborts = new Map<string, AbortController>();
  readonly #target: BoundedTarget;
  /** What `stop()` is waiting for, named in its timeout report. */
  #stopStep = 'starting to stop';
  #state: AutoscalerState = 'idle';
  #starting: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;
  #triggers: BuiltTrigger[] = [];
  #engine: ScalingEngine | undefined;
  #lastDecision: Decision | undefined;
  /** Last observation per trigger key (push decisions reuse them). */
  readonly #observations: Record<string, TriggerObservation> = {};
  /** The last poll's observation of each trigger with `useCachedMetrics` (KEDA's metrics records). */
  readonly #records = new Map<string, TriggerObservation>();
  /** Per trigger key: settles when the trigger's last query has settled (a poll and an HPA fetch queue up). */
  readonly #queries = new Map<string, Promise<unknown>>();
  readonly #schedule: LoopSchedule<Decision | undefined>;
  /** Decisions run one at a time, so target calls never interleave. */
  #decisions: Promise<unknown> = Promise.resolve();
  /** Poll and HPA decisions are enqueued in the order their loops started (not the order queries end). */
  #cycles: Promise<unknown> = Promise.resolve();
  readonly #runs: Promise<void>[] = [];
  readonly #onExternalAbort = () => {
    this.stop().catch(noop);
  };

  constructor(options: AutoscalerOptions) {
    this.#options = options;
    this.scaledObject = looksParsed(options.scaledObject)
      ? options.scaledObject
      : parseScaledObject(options.scaledObject);
    const { metadata, spec } = this.scaledObject;
    this.name = metadata.namespace ? `${metadata.namespace}/${metadata.name}` : metadata.name;
    const target = options.target as Partial<ScaleTarget> | undefined;
    if (typeof target?.getReplicas !== 'function' || typeof target.setReplicas !== 'function') {
      throw new ScalerError(
        `autoscaler "${this.name}": option "target" must be a ScaleTarget with getReplicas() and setReplicas()`,
        { code: 'CONFIG_ERROR' },
      );
    }
    this.#clock = options.clock ?? systemClock;
    this.#logger = guardedLogger(options.logger ?? silentLogger);
    this.#events = new TypedEmitter<AutoscalerEvents>(this.#logger);
    this.#connections = options.connections ?? createConnectionCache();
    this.#ownsConnections = options.connections === undefined;
    this.#intervalMs = spec.pollingInterval * 1000;
    const timings = resolveTimings(options, this.name, this.#intervalMs);
    this.#syncPeriodMs = timings.syncPeriodMs;
    this.#timeoutMs = timings.pollTimeoutMs;
    this.#stopTimeoutMs = timings.stopTimeoutMs;
    this.#target = new BoundedTarget(options.target, {
      timeoutMs: timings.targetTimeoutMs,
      clock: this.#clock,
      signal: this.#abort.signal,
    });
    const created = metadata.creationTimestamp ? Date.parse(metadata.creationTimestamp) : Number.NaN;
    this.#createdAt = Number.isFinite(created) ? created : this.#clock.now();
    // The loops `simulate` steps through too (autoscalerLoops): the HPA first when both are due, so it reads
    // the count the executor left at the previous poll (as the engine's merged mode does).
    this.#schedule = new LoopSchedule(
      this.#clock,
      autoscalerLoops(this.#intervalMs, this.#syncPeriodMs).map((loop) => ({
        ...loop,
        run: loop.name === 'hpa' ? () => this.#sync() : () => this.#poll(),
      })),
    );
    if (options.signal?.aborted) this.#onExternalAbort();
    else options.signal?.addEventListener('abort', this.#onExternalAbort, { once: true });
  }

  get state(): AutoscalerState {
    return this.#state;
  }

  get lastDecision(): Decision | undefined {
    return this.#lastDecision;
  }

  get engine(): ScalingEngine | undefined {
    return this.#engine;
  }

  on<K extends keyof AutoscalerEvents>(event: K, listener: Listener<AutoscalerEvents[K]>): () => void {
    return this.#events.on(event, listener);
  }

  start(): Promise<void> {
    if (this.#starting) return this.#starting;
    if (this.#stopping) {
      return Promise.reject(new ScalerError(`autoscaler "${this.name}": start() after stop()`, { code: 'CLOSED' }));
    }
    this.#state = 'starting';
    this.#starting = this.#start();
    return this.#starting;
  }

  async #start(): Promise<void> {
    let triggers: BuiltTrigger[];
    try {
      triggers = await buildTriggers({
        scaledObject: this.scaledObject,
        registry: this.#options.registry ?? defaultRegistry,
        scalers: this.#options.scalers,
        authentication: this.#options.authentication,
        authParams: this.#options.authParams,
        resolvedEnv: this.#options.resolvedEnv,
        clock: this.#clock,
        logger: this.#logger,
        signal: this.#abort.signal,
        connections: this.#connections,
        timeoutMs: this.#timeoutMs,
        refreshOnError: this.#options.refreshOnError,
        emit: (triggerKey, event) => {
          this.#logger[event.type === 'Warning' ? 'warn' : 'info'](event.message, { triggerKey, reason: event.reason });
          this.#events.emit('scalerEvent', { ...event, triggerKey, at: this.#clock.now() });
        },
      });
      const metricSpecs: Record<string, (typeof triggers)[number]['specs']> = {};
      for (const trigger of triggers) metricSpecs[trigger.key] = trigger.specs;
      try {
        this.#engine = createScalingEngine(this.scaledObject, {
          ...this.#options.engineOptions,
          metricSpecs,
          createdAt: this.#createdAt,
        });
        if (this.#options.engineSnapshot) this.#engine.restore(this.#options.engineSnapshot);
      } catch (error) {
        await Promise.allSettled(triggers.map((trigger) => trigger.runtime.close()));
        throw error;
      }
    } catch (error) {
      const wrapped = toSafeScalerError(error, `autoscaler "${this.name}": building the scalers failed`);
      this.#report('build', wrapped);
      if (this.#state === 'starting') {
        this.#state = 'stopped';
        // Bounded as stop() is: a shared client close that never returns must not hold start()'s rejection.
        this.#stopping = this.#within(this.#release().catch(noop), this.#stopTimeoutMs).then(noop);
        await this.#stopping;
      }
      throw wrapped;
    }
    this.#triggers = triggers;
    if (this.#abort.signal.aborted) return; // stopped while building: stop() closes them
    for (const trigger of triggers) this.#triggerAborts.set(trigger.key, new AbortController());
    this.#state = 'running';
    for (const trigger of triggers) {
      if (!trigger.runtime.isPush) continue;
      const run = trigger.runtime
        .run((isActive) => this.#onPush(trigger, isActive), this.#signalOf(trigger))
        .catch((error) => this.#report('push', toSafeScalerError(error, 'push scaler failed'), trigger.key));
      this.#runs.push(run);
    }
    this.#schedule.start();
  }

  stop(): Promise<void> {
    if (this.#stopping) return this.#stopping;
    this.#state = 'stopping';
    this.#stopping = this.#boundedStop();
    return this.#stopping;
  }

  /** The orderly stop, or its deadline: whatever user code hangs, `stop()` settles within `stopTimeoutMs`. */
  async #boundedStop(): Promise<void> {
    const finished = await this.#within(Promise.allSettled([this.#stop()]), this.#stopTimeoutMs);
    if (!finished) {
      const error = new ScalerTimeoutError(
        `autoscaler "${this.name}": stop() did not finish within ${this.#stopTimeoutMs} ms (still ${this.#stopStep}); the rest goes on in the background`,
        this.#stopTimeoutMs,
      );
      this.#report('close', error);
    }
    this.#state = 'stopped';
  }

  /** Resolves true when `work` settles within `ms` on the clock, false at the deadline. */
  #within(work: Promise<unknown>, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = this.#clock.setTimeout(() => resolve(false), ms);
      work.then(() => {
        this.#clock.clearTimeout(timer);
        resolve(true);
      });
    });
  }

  async #stop(): Promise<void> {
    this.#options.signal?.removeEventListener('abort', this.#onExternalAbort);
    this.#schedule.stop();
    const reason = new ScalerError(`autoscaler "${this.name}" stopped`, { code: 'ABORTED' });
    this.#abort.abort(reason);
    for (const controller of this.#triggerAborts.values()) controller.abort(reason);
    // A start in progress finishes building first (its failure is already reported).
    this.#stopStep = 'building the scalers';
    await this.#starting?.catch(noop);
    for (const controller of this.#triggerAborts.values()) controller.abort(reason); // built while stopping
    this.#schedule.stop();
    this.#stopStep = 'waiting for the loop';
    await this.#schedule.settled();
    await this.#cycles;
    await this.#decisions.catch(noop);
    await Promise.allSettled(this.#runs);
    const open = new Set(this.#triggers.map((trigger) => trigger.key));
    this.#stopStep = `closing the scalers of triggers ${[...open].join(', ')}`;
    const closing = this.#triggers.map(async (trigger) => {
      try {
        await trigger.runtime.close();
      } catch (error) {
        this.#report('close', toSafeScalerError(error, 'closing the scaler failed'), trigger.key);
      }
      open.delete(trigger.key);
      this.#stopStep = `closing the scalers of triggers ${[...open].join(', ')}`;
    });
    await Promise.all(closing);
    this.#stopStep = 'closing the shared connections';
    await this.#release();
    this.#state = 'stopped';
  }

  async #release(): Promise<void> {
    if (this.#ownsConnections) await this.#connections.closeAll();
  }

  async pollNow(): Promise<Decision | undefined> {
    if (this.#state !== 'running') {
      throw new ScalerError(`autoscaler "${this.name}": pollNow() needs a running autoscaler (state ${this.#state})`, {
        code: 'CLOSED',
      });
    }
    return this.#schedule.runNow('poll');
  }

  async hpaSyncNow(): Promise<Decision | undefined> {
    if (this.#state !== 'running' || this.#syncPeriodMs === 0) {
      const why = this.#syncPeriodMs === 0 ? 'merged mode (hpaSyncPeriodMs 0)' : `state ${this.#state}`;
      throw new ScalerError(`autoscaler "${this.name}": hpaSyncNow() needs a running two-loop autoscaler (${why})`, {
        code: 'CLOSED',
      });
    }
    return this.#schedule.runNow('hpa');
  }

  async [asyncDisposeSymbol](): Promise<void> {
    await this.stop();
  }

  /** One poll (KEDA's scale loop): every trigger in parallel, then one decision. Never rejects. */
  #poll(): Promise<Decision | undefined> {
    return this.#cycle(this.#syncPeriodMs > 0 ? 'poll' : undefined, this.#pollObservations());
  }

  async #pollObservations(): Promise<Record<string, TriggerObservation> | undefined> {
    const at = this.#clock.now();
    const results = await Promise.all(
      this.#triggers.map((trigger) => this.#queued(trigger, () => this.#observe(trigger, 'poll'))),
    );
    if (this.#abort.signal.aborted) return undefined;
    const triggers: Record<string, TriggerObservation> = {};
    // Indexed loops: an `entries()` iterator and its [index, value] pairs on every poll showed in the day's
    // allocations (bench/policy).
    const built = this.#triggers;
    for (let index = 0; index < built.length; index++) {
      const trigger = built[index]!;
      const observation = results[index] as TriggerObservation;
      triggers[trigger.key] = observation;
      this.#observations[trigger.key] = observation;
      // KEDA records the poll's result for the HPA only for triggers with useCachedMetrics.
      if (trigger.trigger.useCachedMetrics === true) this.#records.set(trigger.key, observation);
    }
    this.#events.emit('poll', { at, finishedAt: this.#clock.now(), triggers });
    return triggers;
  }

  /** One HPA sync: fetch every trigger's metrics (fresh, or the poll record), then one decision. Never rejects. */
  #sync(): Promise<Decision | undefined> {
    return this.#cycle('hpa', this.#syncObservations());
  }

  /**
   * `undefined` when the HPA fetches nothing: paused, at 0 replicas, or outside [min, max]
   * (`reconcileAutoscaler` in Kubernetes v1.33 pkg/controller/podautoscaler/horizontal.go).
   */
  async #syncObservations(): Promise<Record<string, TriggerObservation> | undefined> {
    const at = this.#clock.now();
    const fetches = this.#hpaFetchesMetrics();
    const cached: string[] = [];
    // Each trigger's queue slot is taken now, so a poll started at the same instant queries after the HPA.
    const results = await Promise.all(
      this.#triggers.map((trigger) =>
        this.#queued(trigger, async () => {
          if (!(await fetches)) return undefined;
          const record = trigger.trigger.useCachedMetrics === true ? this.#records.get(trigger.key) : undefined;
          if (record === undefined) return this.#observe(trigger, 'hpa'); // no record yet: queried live
          cached.push(trigger.key);
          return record;
        }),
      ),
    );
    if (this.#abort.signal.aborted || !(await fetches)) return undefined;
    const triggers: Record<string, TriggerObservation> = {};
    const built = this.#triggers;
    for (let index = 0; index < built.length; index++)
      triggers[built[index]!.key] = results[index] as TriggerObservation;
    this.#events.emit('hpaSync', { at, finishedAt: this.#clock.now(), triggers, cachedTriggers: cached });
    return triggers;
  }

  /** Reads the target as the HPA does before anything else; a failed read is reported by the decision. */
  async #hpaFetchesMetrics(): Promise<boolean> {
    if (this.scaledObject.pause.paused) return false; // KEDA deletes the HPA of a paused object
    let replicas: unknown;
    try {
      replicas = (await this.#target.getReplicas())?.replicas;
    } catch {
      return false; // the decision reads the target again and reports the failure
    }
    return typeof replicas === 'number' && hpaFetchesMetrics(this.scaledObject.spec, replicas);
  }

  /**
   * Runs `work` (a query of the trigger) after the trigger's previous query, of either loop, has ended, so a
   * poll and an HPA fetch of one trigger never run at once and each gets its full timeout.
   */
  #queued<T>(trigger: BuiltTrigger, work: () => Promise<T>): Promise<T> {
    const next = (this.#queries.get(trigger.key) ?? Promise.resolve()).then(work);
    this.#queries.set(trigger.key, next.catch(noop));
    return next;
  }

  /** Enqueues the decision of a loop iteration once its observations are in, in the order iterations started. */
  #cycle(
    phase: DecisionPhase | undefined,
    observed: Promise<Record<string, TriggerObservation> | undefined>,
  ): Promise<Decision | undefined> {
    let decision: Promise<Decision | undefined> = Promise.resolve(undefined);
    const enqueued = Promise.all([observed, this.#cycles]).then(([triggers]) => {
      // A poll's observations are undefined only once stopped; an HPA sync's also when it fetched nothing.
      if (this.#abort.signal.aborted) return;
      decision = this.#enqueueDecision(triggers, phase === 'hpa' ? 'hpa' : 'poll', phase);
    });
    this.#cycles = enqueued.catch(noop);
    return enqueued.then(() => decision);
  }

  /** Queries each metric of a trigger in turn; as in KEDA the last metric's activity wins, any error marks it. */
  async #observe(trigger: BuiltTrigger, loop: 'poll' | 'hpa'): Promise<TriggerObservation> {
    const observation: TriggerObservation = { isActive: false, metrics: [] };
    for (const spec of trigger.specs) {
      try {
        const result = await trigger.runtime.getMetricsAndActivity(spec.metricName, {
          signal: this.#signalOf(trigger),
        });
        const missing = missingMetricError(trigger.runtime, spec.metricName, result.metrics);
        if (missing !== undefined) throw missing;
        observation.metrics?.push(...result.metrics);
        observation.isActive = result.isActive;
      } catch (error) {
        observation.error = error;
        if (!this.#abort.signal.aborted) {
          this.#report(
            loop,
            toSafeScalerError(error, loop === 'poll' ? 'poll failed' : 'HPA metric fetch failed'),
            trigger.key,
          );
        }
      }
    }
    return observation;
  }

  /** The trigger's own stop signal (see `#triggerAborts`); the autoscaler's when it has none yet. */
  #signalOf(trigger: BuiltTrigger): AbortSignal {
    return this.#triggerAborts.get(trigger.key)?.signal ?? this.#abort.signal;
  }

  /** Runs only while running: push runs start after the build, and the runtime drops a delivery once stopped. */
  #onPush(trigger: BuiltTrigger, isActive: boolean): void {
    if (!isActive && !this.#options.pushDeactivation) {
      this.#logger.debug('push scaler reported inactive; deactivation waits for the next poll', {
        autoscaler: this.name,
        triggerKey: trigger.key,
      });
      return;
    }
    // KEDA requests a scale with this trigger active and no error, without querying anything.
    const previous = this.#observations[trigger.key];
    this.#observations[trigger.key] = { isActive, metrics: previous?.metrics ?? [] };
    const triggers: Record<string, TriggerObservation> = {};
    for (const built of this.#triggers) {
      triggers[built.key] = this.#observations[built.key] ?? { isActive: false, metrics: [] };
    }
    this.#enqueueDecision(triggers, 'push', this.#syncPeriodMs > 0 ? 'poll' : undefined).catch(noop);
  }

  #enqueueDecision(
    triggers: Record<string, TriggerObservation> | undefined,
    cause: DecisionCause,
    phase: DecisionPhase | undefined,
  ): Promise<Decision | undefined> {
    const next = this.#decisions.then(() => this.#decide(triggers, cause, phase));
    this.#decisions = next.catch(noop);
    return next;
  }

  /**
   * Reads the target, decides, scales when the count changes. Never rejects. `triggers` is undefined for an
   * HPA sync that fetched nothing; if the count moved into the HPA's metric range since, the sync is skipped
   * (the HPA acted on the count it read; its next sync fetches).
   */
  async #decide(
    triggers: Record<string, TriggerObservation> | undefined,
    cause: DecisionCause,
    phase: DecisionPhase | undefined,
  ): Promise<Decision | undefined> {
    if (this.#abort.signal.aborted || !this.#engine) return undefined;
    let replicas: number;
    let readyReplicas: number | undefined;
    try {
      const current = await this.#target.getReplicas();
      replicas = current?.replicas;
      readyReplicas = current?.readyReplicas;
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
        throw new ScalerError(
          `target.getReplicas() returned replicas ${printable(replicas)}, expected an integer >= 0`,
        );
      }
      if (readyReplicas !== undefined && (typeof readyReplicas !== 'number' || !(readyReplicas >= 0))) {
        throw new ScalerError(
          `target.getReplicas() returned readyReplicas ${printable(readyReplicas)}, expected a number >= 0`,
        );
      }
    } catch (error) {
      // A call cancelled by stop() is not a failure of the target.
      if (!this.#abort.signal.aborted) {
        this.#report('getReplicas', toSafeScalerError(error, 'reading the target replicas failed'));
      }
      return undefined;
    }
    if (this.#abort.signal.aborted) return undefined;
    if (triggers === undefined && hpaFetchesMetrics(this.scaledObject.spec, replicas)) {
      if (!this.scaledObject.pause.paused) {
        this.#logger.debug('HPA sync skipped: the replica count moved into range after the sync read it', {
          autoscaler: this.name,
          replicas,
        });
        return undefined;
      }
    }
    let decision: Decision;
    const now = this.#clock.now();
    try {
      // An object literal: inputs built with spread make the engine's property reads much slower.
      decision = this.#engine.decide({
        phase,
        now,
        currentReplicas: replicas,
        readyReplicas,
        triggers: triggers ?? {},
      });
    } catch (error) {
      this.#report('decide', toSafeScalerError(error, 'the engine failed to decide'));
      return undefined;
    }
    this.#lastDecision = decision;
    this.#events.emit('decision', { at: now, decision, currentReplicas: replicas, readyReplicas, cause });
    if (decision.desiredReplicas !== replicas) {
      try {
        await this.#target.setReplicas(decision.desiredReplicas, decision);
        this.#logger.info(`scaled ${this.name} from ${replicas} to ${decision.desiredReplicas}`, {
          reason: decision.reason,
        });
        this.#events.emit('scale', { at: this.#clock.now(), from: replicas, to: decision.desiredReplicas, decision });
      } catch (error) {
        if (!this.#abort.signal.aborted) {
          const message = `scaling the target to ${decision.desiredReplicas} failed`;
          this.#report('setReplicas', toSafeScalerError(error, message));
        }
      }
    }
    return decision;
  }

  #report(phase: AutoscalerErrorPhase, error: ScalerError, triggerKey?: string): void {
    const event = { at: this.#clock.now(), phase, error, ...(triggerKey === undefined ? {} : { triggerKey }) };
    if (!this.#events.emit('error', event)) {
      this.#logger.warn(`autoscaler ${this.name}: ${phase} error: ${error.message}`, { code: error.code, triggerKey });
    }
  }
}

/**
 * Creates the loop that runs one ScaledObject against a scale target. Parses the ScaledObject at once
 * (throwing `ScaledObjectValidationError`); scalers are built by `start()`.
 *
 * @example
 * const autoscaler = createAutoscaler({ scaledObject: readFileSync('so.yaml', 'utf8'), target });
 * autoscaler.on('error', ({ phase, error }) => console.warn(phase, error.message));
 * await autoscaler.start();
 * // ...
 * await autoscaler.stop();
 */
export function createAutoscaler(options: AutoscalerOptions): Autoscaler {
  return new AutoscalerLoop(options);
}
