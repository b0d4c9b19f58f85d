import { type Clock, systemClock, type TimerHandle } from '../clock.js';
import { type ConnectionCache, createConnectionCache } from '../connection-cache.js';
import {
  createScalingEngine,
  type Decision,
  type EngineSnapshot,
  type ScalingEngine,
  type ScalingEngineOptions,
  type TriggerObservation,
} from '../engine/index.js';
import { ScalerError, toScalerError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { parseScaledObject, type TriggerAuthenticationSources } from '../manifest/index.js';
import type { ScaledObject } from '../manifest/types.js';
import { registry as defaultRegistry, type ScalerRegistry } from '../registry.js';
import type { PushScaler, Scaler } from '../types.js';
import { type BuiltTrigger, buildTriggers } from './build-triggers.js';
import type { AutoscalerErrorPhase, AutoscalerEvents } from './events.js';
import type { ScaleTarget } from './scale-target.js';
import { type Listener, TypedEmitter } from './typed-emitter.js';

/** `Symbol.asyncDispose`, or its registered stand-in on runtimes that lack it. */
export const asyncDisposeSymbol: typeof Symbol.asyncDispose = (Symbol.asyncDispose ??
  Symbol.for('Symbol.asyncDispose')) as typeof Symbol.asyncDispose;

/** Upper bound of the default per-poll timeout. */
export const DEFAULT_MAX_POLL_TIMEOUT_MS = 10_000;

/** Options of `createAutoscaler`. */
export interface AutoscalerOptions {
  /** A parsed ScaledObject, or anything `parseScaledObject` accepts (YAML, JSON, manifest, bare spec). */
  scaledObject: ScaledObject | unknown;
  target: ScaleTarget;
  /** Where trigger types are looked up (and provider packages loaded). Default: the default registry. */
  registry?: ScalerRegistry;
  /** Ready-made scalers keyed by trigger key (name, or index when unnamed), used instead of the registry. */
  scalers?: Record<string, Scaler | PushScaler>;
  /** Sources for the triggers' `authenticationRef` (see `resolveTriggerAuthentication`). */
  authentication?: TriggerAuthenticationSources;
  /** Extra authentication parameters per trigger key, applied over the resolved ones. */
  authParams?: Record<string, Record<string, string>>;
  /** Environment of the scale target, for `<name>FromEnv` parameters. */
  resolvedEnv?: Record<string, string>;
  clock?: Clock;
  logger?: Logger;
  /**
   * Deadline of one trigger query. Default `min(pollingInterval, 10 s)`: a hung source is detected within
   * one interval (so a poll never runs into the next one) and never later than 10 s.
   */
  pollTimeoutMs?: number;
  /** Aborting it stops the autoscaler. */
  signal?: AbortSignal;
  /** A shared connection cache (a controller's); the autoscaler then does not close it. */
  connections?: ConnectionCache;
  /** KEDA's refresh-and-retry once after a failed query (§2.4). Default true. */
  refreshOnError?: boolean;
  /** Also decide at once on a pushed `false` (KEDA ignores it: deactivation through polls only). Default false. */
  pushDeactivation?: boolean;
  /** Engine history to restore (from `autoscaler.engine.snapshot()`), keeping stabilization windows. */
  engineSnapshot?: EngineSnapshot;
  /** Passed to `createScalingEngine`. */
  engineOptions?: Pick<ScalingEngineOptions, 'fallbackFailuresPerDecision' | 'hpa'>;
}

/** Lifecycle of an autoscaler. */
export type AutoscalerState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * Runs one ScaledObject: polls its triggers every `pollingInterval`, feeds the engine, scales the target.
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
   * Stops the loop: aborts in-flight polls and waits for them, closes every scaler, clears every timer
   * and releases connections. Idempotent.
   */
  stop(): Promise<void>;
  /** Polls every trigger and decides now (after the poll in flight, if any). For tests and tools. */
  pollNow(): Promise<Decision | undefined>;
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
  readonly #timeoutMs: number;
  readonly #createdAt: number;
  readonly #abort = new AbortController();
  #state: AutoscalerState = 'idle';
  #starting: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;
  #triggers: BuiltTrigger[] = [];
  #engine: ScalingEngine | undefined;
  #lastDecision: Decision | undefined;
  /** Last observation per trigger key (push decisions reuse them). */
  readonly #observations: Record<string, TriggerObservation> = {};
  #timer: TimerHandle | undefined;
  #polling: Promise<Decision | undefined> | undefined;
  /** The poll timer fired while a poll was still running: poll again as soon as it ends (KEDA). */
  #due = false;
  /** Decisions run one at a time, so target calls never interleave. */
  #decisions: Promise<unknown> = Promise.resolve();
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
    this.#logger = options.logger ?? silentLogger;
    this.#events = new TypedEmitter<AutoscalerEvents>(this.#logger);
    this.#connections = options.connections ?? createConnectionCache();
    this.#ownsConnections = options.connections === undefined;
    this.#intervalMs = spec.pollingInterval * 1000;
    const timeout = options.pollTimeoutMs ?? Math.min(this.#intervalMs, DEFAULT_MAX_POLL_TIMEOUT_MS);
    if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < 0) {
      throw new ScalerError(
        `autoscaler "${this.name}": option "pollTimeoutMs" must be a number >= 0 (0: no timeout), got ${String(timeout)}`,
        { code: 'CONFIG_ERROR' },
      );
    }
    this.#timeoutMs = timeout;
    const created = metadata.creationTimestamp ? Date.parse(metadata.creationTimestamp) : Number.NaN;
    this.#createdAt = Number.isFinite(created) ? created : this.#clock.now();
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
      const wrapped = toScalerError(error, `autoscaler "${this.name}": building the scalers failed`);
      this.#report('build', wrapped);
      if (this.#state === 'starting') {
        this.#state = 'stopped';
        this.#stopping = this.#release();
        await this.#stopping;
      }
      throw wrapped;
    }
    this.#triggers = triggers;
    if (this.#abort.signal.aborted) return; // stopped while building: stop() closes them
    this.#state = 'running';
    for (const trigger of triggers) {
      if (!trigger.runtime.isPush) continue;
      const run = trigger.runtime
        .run((isActive) => this.#onPush(trigger, isActive), this.#abort.signal)
        .catch((error) => this.#report('push', toScalerError(error, 'push scaler failed'), trigger.key));
      this.#runs.push(run);
    }
    this.#tick();
  }

  stop(): Promise<void> {
    if (this.#stopping) return this.#stopping;
    this.#state = 'stopping';
    this.#stopping = this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#options.signal?.removeEventListener('abort', this.#onExternalAbort);
    this.#clearTimer();
    this.#abort.abort(new ScalerError(`autoscaler "${this.name}" stopped`, { code: 'ABORTED' }));
    // A start in progress finishes building first (its failure is already reported).
    await this.#starting?.catch(noop);
    this.#clearTimer();
    await this.#polling;
    await this.#decisions.catch(noop);
    await Promise.allSettled(this.#runs);
    const closing = this.#triggers.map(async (trigger) => {
      try {
        await trigger.runtime.close();
      } catch (error) {
        this.#report('close', toScalerError(error, 'closing the scaler failed'), trigger.key);
      }
    });
    await Promise.all(closing);
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
    while (this.#polling) await this.#polling;
    return this.#runPoll();
  }

  async [asyncDisposeSymbol](): Promise<void> {
    await this.stop();
  }

  /** Arms the next tick before polling, so a slow poll eats into the interval (KEDA §1). */
  #tick(): void {
    if (this.#state !== 'running') return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      if (this.#polling) this.#due = true;
      else this.#tick();
    }, this.#intervalMs);
    this.#runPoll();
  }

  #runPoll(): Promise<Decision | undefined> {
    const poll: Promise<Decision | undefined> = this.#poll().finally(() => {
      if (this.#polling === poll) this.#polling = undefined;
      if (this.#due && this.#state === 'running') {
        this.#due = false;
        this.#tick();
      }
    });
    this.#polling = poll;
    return poll;
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#due = false;
  }

  /** One poll: every trigger in parallel, then one decision. Never rejects. */
  async #poll(): Promise<Decision | undefined> {
    const at = this.#clock.now();
    const results = await Promise.all(this.#triggers.map((trigger) => this.#observe(trigger)));
    if (this.#abort.signal.aborted) return undefined;
    const triggers: Record<string, TriggerObservation> = {};
    for (const [index, trigger] of this.#triggers.entries()) {
      const observation = results[index] as TriggerObservation;
      triggers[trigger.key] = observation;
      this.#observations[trigger.key] = observation;
    }
    this.#events.emit('poll', { at, finishedAt: this.#clock.now(), triggers });
    return this.#enqueueDecision(triggers, 'poll');
  }

  /** Queries each metric of a trigger in turn; as in KEDA the last metric's activity wins, any error marks it. */
  async #observe(trigger: BuiltTrigger): Promise<TriggerObservation> {
    const observation: TriggerObservation = { isActive: false, metrics: [] };
    for (const spec of trigger.specs) {
      try {
        const result = await trigger.runtime.getMetricsAndActivity(spec.metricName, { signal: this.#abort.signal });
        observation.metrics?.push(...result.metrics);
        observation.isActive = result.isActive;
      } catch (error) {
        observation.error = error;
        if (!this.#abort.signal.aborted) {
          this.#report('poll', toScalerError(error, 'poll failed'), trigger.key);
        }
      }
    }
    return observation;
  }

  #onPush(trigger: BuiltTrigger, isActive: boolean): void {
    if (this.#state !== 'running') return;
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
    this.#enqueueDecision(triggers, 'push').catch(noop);
  }

  #enqueueDecision(
    triggers: Record<string, TriggerObservation>,
    cause: 'poll' | 'push',
  ): Promise<Decision | undefined> {
    const next = this.#decisions.then(() => this.#decide(triggers, cause));
    this.#decisions = next.catch(noop);
    return next;
  }

  /** Reads the target, decides, scales when the count changes. Never rejects. */
  async #decide(triggers: Record<string, TriggerObservation>, cause: 'poll' | 'push'): Promise<Decision | undefined> {
    if (this.#abort.signal.aborted || !this.#engine) return undefined;
    let replicas: number;
    let readyReplicas: number | undefined;
    try {
      const current = await this.#options.target.getReplicas();
      replicas = current?.replicas;
      readyReplicas = current?.readyReplicas;
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
        throw new ScalerError(`target.getReplicas() returned replicas ${String(replicas)}, expected an integer >= 0`);
      }
      if (readyReplicas !== undefined && (typeof readyReplicas !== 'number' || !(readyReplicas >= 0))) {
        throw new ScalerError(
          `target.getReplicas() returned readyReplicas ${String(readyReplicas)}, expected a number >= 0`,
        );
      }
    } catch (error) {
      this.#report('getReplicas', toScalerError(error, 'reading the target replicas failed'));
      return undefined;
    }
    if (this.#abort.signal.aborted) return undefined;
    let decision: Decision;
    const now = this.#clock.now();
    try {
      decision = this.#engine.decide({
        now,
        currentReplicas: replicas,
        ...(readyReplicas === undefined ? {} : { readyReplicas }),
        triggers,
      });
    } catch (error) {
      this.#report('decide', toScalerError(error, 'the engine failed to decide'));
      return undefined;
    }
    this.#lastDecision = decision;
    this.#events.emit('decision', { at: now, decision, currentReplicas: replicas, readyReplicas, cause });
    if (decision.desiredReplicas !== replicas) {
      try {
        await this.#options.target.setReplicas(decision.desiredReplicas, decision);
        this.#logger.info(`scaled ${this.name} from ${replicas} to ${decision.desiredReplicas}`, {
          reason: decision.reason,
        });
        this.#events.emit('scale', { at: this.#clock.now(), from: replicas, to: decision.desiredReplicas, decision });
      } catch (error) {
        this.#report('setReplicas', toScalerError(error, `scaling the target to ${decision.desiredReplicas} failed`));
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
