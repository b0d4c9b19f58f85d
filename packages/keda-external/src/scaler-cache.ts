// The bridge's scalers, one per ScaledObject (namespace, name) and trigger metadata: built at the first call,
// shared by every later call with the same metadata, closed after `idleTimeoutMs` without a call or a stream.
// A changed trigger arrives with new metadata and gets a new scaler; the old one is no longer asked and closes
// when idle. (Two triggers of one ScaledObject may point at the bridge with different metadata, so a new
// metadata cannot by itself mean that the old one is gone.)
import type { Clock, ConnectionCache, Logger, ScalerContext, ScalerRegistry, TimerHandle } from '@scalerkit/core';
import { createScalerRuntime } from '@scalerkit/core/autoscaler';
import { redactingLogger } from '@scalerkit/core/scaler-kit';
import { ServedScaler } from './served-scaler.js';
import { safeMessage } from './status.js';
import { type ScaledObjectRef, servedTrigger } from './trigger.js';

/** Who asks: the ScaledObject and the trigger type it wants served. */
export interface ScaledObjectIdentity {
  namespace: string;
  name: string;
  scalerType: string;
}

/**
 * Authentication parameters the bridge holds itself (from its own Secret), per ScaledObject: what a
 * TriggerAuthentication would give the scaler in-cluster. KEDA does not send a TriggerAuthentication's
 * parameters to an external scaler.
 */
export type AuthParamsSource = (
  scaledObject: ScaledObjectIdentity,
) => Record<string, string> | undefined | Promise<Record<string, string> | undefined>;

export interface ScalerCacheOptions {
  registry: ScalerRegistry;
  clock: Clock;
  logger: Logger;
  connections: ConnectionCache;
  idleTimeoutMs: number;
  callTimeoutMs: number;
  pollIntervalMs: number;
  activityReuseMs: number;
  authParams: AuthParamsSource | undefined;
}

interface Entry {
  scaler: Promise<ServedScaler>;
  ready: ServedScaler | undefined;
  timer: TimerHandle | undefined;
}

export class ScalerCache {
  readonly #options: ScalerCacheOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #controller = new AbortController();
  #closed = false;

  constructor(options: ScalerCacheOptions) {
    this.#options = options;
  }

  /** Scalers built and open. */
  get size(): number {
    let count = 0;
    for (const entry of this.#entries.values()) if (entry.ready) count += 1;
    return count;
  }

  /** The scaler for `ref`, built on first use. A failed build is not cached: the next call tries again. */
  acquire(ref: ScaledObjectRef): Promise<ServedScaler> {
    if (this.#closed) return Promise.reject(new Error('the server is shutting down'));
    let cacheKey: string;
    try {
      cacheKey = servedTrigger(ref, undefined).cacheKey;
    } catch (error) {
      return Promise.reject(error);
    }
    const existing = this.#entries.get(cacheKey);
    if (existing) {
      if (existing.ready) existing.ready.lastUsed = this.#options.clock.now();
      return existing.scaler;
    }
    const entry: Entry = { scaler: this.#build(ref), ready: undefined, timer: undefined };
    this.#entries.set(cacheKey, entry);
    entry.scaler.then(
      (scaler) => {
        if (this.#entries.get(cacheKey) !== entry) return;
        entry.ready = scaler;
        this.#scheduleIdleCheck(cacheKey, entry, this.#options.idleTimeoutMs);
      },
      () => {
        if (this.#entries.get(cacheKey) === entry) this.#entries.delete(cacheKey);
      },
    );
    return entry.scaler;
  }

  async #build(ref: ScaledObjectRef): Promise<ServedScaler> {
    const options = this.#options;
    const bare = servedTrigger(ref, undefined);
    const authParams = await options.authParams?.({
      namespace: bare.namespace,
      name: bare.name,
      scalerType: bare.scalerType,
    });
    const trigger = servedTrigger(ref, authParams);
    const definition = await options.registry.resolve(trigger.scalerType);
    const logger = redactingLogger(options.logger, trigger.secrets);
    const label = `${trigger.scalerType} for ${trigger.namespace}/${trigger.name}`;
    const context: ScalerContext = {
      logger,
      signal: this.#controller.signal,
      connections: options.connections,
      timeoutMs: options.callTimeoutMs,
      clock: options.clock,
      emit: (event) =>
        logger[event.type === 'Warning' ? 'warn' : 'info'](`${label}: ${event.reason}: ${event.message}`, {
          scaler: label,
        }),
    };
    const create = () => definition.create(definition.parse(trigger.input, { emit: context.emit }), context);
    const runtime = createScalerRuntime(create(), {
      type: trigger.scalerType,
      triggerIndex: 0,
      timeoutMs: options.callTimeoutMs,
      clock: options.clock,
      logger,
      rebuild: create,
      // KEDA retries a failed poll itself (after rebuilding its own scaler); a second retry here would double it.
      refreshOnError: false,
    });
    try {
      const scaler = new ServedScaler(trigger, runtime, {
        clock: options.clock,
        logger,
        pollIntervalMs: options.pollIntervalMs,
        activityReuseMs: options.activityReuseMs,
      });
      logger.info('scaler built', { scaler: label, metrics: scaler.bareSpecs().map((spec) => spec.metricName) });
      return scaler;
    } catch (error) {
      await runtime.close().catch(() => {});
      throw error;
    }
  }

  #scheduleIdleCheck(key: string, entry: Entry, delayMs: number): void {
    entry.timer = this.#options.clock.setTimeout(
      () => {
        entry.timer = undefined;
        const scaler = entry.ready;
        if (!scaler || this.#entries.get(key) !== entry) return;
        const idleFor = this.#options.clock.now() - scaler.lastUsed;
        if (scaler.watchers > 0 || scaler.inFlight > 0) {
          this.#scheduleIdleCheck(key, entry, this.#options.idleTimeoutMs);
        } else if (idleFor < this.#options.idleTimeoutMs) {
          this.#scheduleIdleCheck(key, entry, this.#options.idleTimeoutMs - idleFor);
        } else {
          this.#entries.delete(key);
          void this.#close(scaler, 'idle');
        }
      },
      Math.max(1, delayMs),
    );
  }

  async #close(scaler: ServedScaler, reason: string): Promise<void> {
    try {
      await scaler.close();
      this.#options.logger.info(`scaler closed (${reason})`, { scaler: scaler.label });
    } catch (error) {
      this.#options.logger.warn(`closing a scaler (${reason}) failed`, {
        scaler: scaler.label,
        error: safeMessage(error, scaler.trigger.secrets),
      });
    }
  }

  /** Closes every scaler (their streams end first) and refuses new ones. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#controller.abort();
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.allSettled(
      entries.map(async (entry) => {
        if (entry.timer !== undefined) this.#options.clock.clearTimeout(entry.timer);
        const scaler = await entry.scaler.catch(() => undefined);
        if (scaler) await this.#close(scaler, 'server shutdown');
      }),
    );
  }
}
