// One scaler served to KEDA: built from a ScaledObjectRef, wrapped in the core's runtime shim, polled by
// GetMetrics and IsActive, watched by StreamIsActive.
import type { Clock, Logger, MetricsAndActivity, MetricSpec, TimerHandle } from '@scalerkit/core';
import type { ScalerRuntime } from '@scalerkit/core/autoscaler';
import { safeMessage } from './status.js';
import { bareMetricName, type ServedTrigger } from './trigger.js';

/** How a `ServedScaler` polls and watches. */
export interface ServedScalerSettings {
  clock: Clock;
  logger: Logger;
  /** StreamIsActive of a polled scaler: ms between polls. */
  pollIntervalMs: number;
  /** IsActive answers from a poll at most this old (GetMetrics just before it, as KEDA calls them). */
  activityReuseMs: number;
}

/** A StreamIsActive subscriber. */
export interface ActivitySubscriber {
  send(isActive: boolean): void;
  /** The watch failed (a push scaler's run failed): the stream ends with this error. */
  fail(error: unknown): void;
}

interface Subscription extends ActivitySubscriber {
  last: boolean | undefined;
}

export class ServedScaler {
  readonly trigger: ServedTrigger;
  readonly runtime: ScalerRuntime;
  /** The scaler's specs, with its own names (`s0-kafka-orders`). */
  readonly specs: MetricSpec[];
  /** `kafka for team-a/orders`: starts every message about this scaler. */
  readonly label: string;
  readonly #settings: ServedScalerSettings;
  readonly #byBareName = new Map<string, string>();
  #lastPoll: { at: number; isActive: boolean } | undefined;
  lastUsed: number;
  /** Calls in progress (a busy scaler is never idle). */
  inFlight = 0;
  readonly #subscribers = new Set<Subscription>();
  #watch: { controller: AbortController; timer: TimerHandle | undefined; current: boolean | undefined } | undefined;

  constructor(trigger: ServedTrigger, runtime: ScalerRuntime, settings: ServedScalerSettings) {
    this.trigger = trigger;
    this.runtime = runtime;
    this.#settings = settings;
    this.label = `${trigger.scalerType} for ${trigger.namespace}/${trigger.name}`;
    this.specs = runtime.getMetricSpecs();
    for (const spec of this.specs) this.#byBareName.set(bareMetricName(spec.metricName), spec.metricName);
    this.lastUsed = settings.clock.now();
  }

  #holds = 0;

  /** Open streams on this scaler (StreamIsActive subscribers and StreamMetricSpec holds): it is not idle. */
  get watchers(): number {
    return this.#subscribers.size + this.#holds;
  }

  /** Keeps the scaler from idling while a stream (StreamMetricSpec) is open; returns the release. */
  hold(): () => void {
    this.#holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds -= 1;
      this.lastUsed = this.#settings.clock.now();
    };
  }

  /** The specs as KEDA receives them: names without `s0-` (KEDA adds `s{triggerIndex}-`). */
  bareSpecs(): MetricSpec[] {
    return this.specs.map((spec) => ({ ...spec, metricName: bareMetricName(spec.metricName) }));
  }

  /**
   * One poll of the scaler for `metricName` as KEDA names it without its index (the first spec's when
   * undefined); values come back under KEDA's name.
   */
  async poll(metricName: string | undefined, signal: AbortSignal): Promise<MetricsAndActivity> {
    const first = this.specs[0]?.metricName;
    const scalerName =
      metricName === undefined
        ? first
        : (this.#byBareName.get(metricName) ?? (first ? `s0-${metricName}` : metricName));
    if (scalerName === undefined) throw new Error('the scaler reports no metric');
    this.inFlight += 1;
    try {
      const result = await this.runtime.getMetricsAndActivity(scalerName, { signal });
      this.#lastPoll = { at: this.#settings.clock.now(), isActive: result.isActive };
      return {
        isActive: result.isActive,
        metrics: result.metrics.map((metric) => ({ ...metric, metricName: bareMetricName(metric.metricName) })),
      };
    } finally {
      this.inFlight -= 1;
      this.lastUsed = this.#settings.clock.now();
    }
  }

  /**
   * IsActive: the activity of the poll GetMetrics just made when it is at most `activityReuseMs` old (KEDA
   * v2.21.0 calls GetMetrics then IsActive for every poll: one scaler poll answers both, with values and
   * activity from the same reading), else a poll of its own.
   */
  async isActive(signal: AbortSignal): Promise<boolean> {
    const recent = this.#lastPoll;
    if (recent && this.#settings.clock.now() - recent.at <= this.#settings.activityReuseMs) {
      this.#lastPoll = undefined;
      this.lastUsed = this.#settings.clock.now();
      return recent.isActive;
    }
    return (await this.poll(undefined, signal)).isActive;
  }

  /**
   * Adds a StreamIsActive subscriber; returns the unsubscribe. The first subscriber starts the watch: a push
   * scaler's `run` (every value it pushes goes to every subscriber), plus one poll for the current state; a
   * polled scaler is polled every `pollIntervalMs` and a subscriber gets a value when it differs from the
   * last one it got. The last unsubscribe stops the watch.
   */
  subscribe(subscriber: ActivitySubscriber): () => void {
    const subscription: Subscription = { ...subscriber, last: undefined };
    this.#subscribers.add(subscription);
    if (!this.#watch) this.#startWatch();
    else if (this.#watch.current !== undefined) this.#deliver(subscription, this.#watch.current);
    return () => {
      if (!this.#subscribers.delete(subscription)) return;
      this.lastUsed = this.#settings.clock.now();
      if (this.#subscribers.size === 0) this.#stopWatch();
    };
  }

  /** Ends every subscriber with `error` (push run failed, scaler closing). */
  failSubscribers(error: unknown): void {
    const subscribers = [...this.#subscribers];
    this.#subscribers.clear();
    this.#stopWatch();
    for (const subscriber of subscribers) subscriber.fail(error);
  }

  #deliver(subscription: Subscription, isActive: boolean, always = false): void {
    if (!always && subscription.last === isActive) return;
    subscription.last = isActive;
    subscription.send(isActive);
  }

  #broadcast(isActive: boolean, always: boolean): void {
    if (this.#watch) this.#watch.current = isActive;
    for (const subscription of this.#subscribers) this.#deliver(subscription, isActive, always);
  }

  #startWatch(): void {
    const controller = new AbortController();
    const watch = {
      controller,
      timer: undefined as TimerHandle | undefined,
      current: undefined as boolean | undefined,
    };
    this.#watch = watch;
    const { signal } = controller;
    if (this.runtime.isPush) {
      this.runtime
        .run((isActive) => {
          if (!signal.aborted) this.#broadcast(isActive, true);
        }, signal)
        .then(
          () => {
            if (!signal.aborted) this.failSubscribers(new Error('the push scaler stopped running'));
          },
          (error: unknown) => {
            if (signal.aborted) return;
            this.#settings.logger.warn('push scaler run failed; ending its StreamIsActive streams', {
              scaler: this.label,
              error: safeMessage(error, this.trigger.secrets),
            });
            this.failSubscribers(error);
          },
        );
      void this.#pollOnce(signal, false);
      return;
    }
    const tick = async () => {
      watch.timer = undefined;
      await this.#pollOnce(signal, false);
      if (!signal.aborted) watch.timer = this.#settings.clock.setTimeout(tick, this.#settings.pollIntervalMs);
    };
    void tick();
  }

  async #pollOnce(signal: AbortSignal, always: boolean): Promise<void> {
    try {
      const { isActive } = await this.poll(undefined, signal);
      if (!signal.aborted) this.#broadcast(isActive, always);
    } catch (error) {
      if (signal.aborted) return;
      this.#settings.logger.warn('StreamIsActive poll failed; polling again at the next interval', {
        scaler: this.label,
        error: safeMessage(error, this.trigger.secrets),
      });
    }
  }

  #stopWatch(): void {
    const watch = this.#watch;
    if (!watch) return;
    this.#watch = undefined;
    watch.controller.abort();
    if (watch.timer !== undefined) this.#settings.clock.clearTimeout(watch.timer);
  }

  /** Ends the watch and closes the scaler. */
  async close(): Promise<void> {
    this.#stopWatch();
    await this.runtime.close();
  }
}
