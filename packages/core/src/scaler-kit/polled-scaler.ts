// A polled scaler from only what is specific to its source: how to open and close a client, and how to measure
// with it. The kit does the rest, the same way for every scaler.
import { type Clock, systemClock } from '../clock.js';
import type { Lease } from '../connection-cache.js';
import { ScalerError, type ScalerErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { toMetricValue } from '../metric-name.js';
import type { MetricSpec, MetricsAndActivity, Scaler, ScalerContext } from '../types.js';
import { toScalerFailure } from './classify.js';
import { abortedError, combineSignals, settleWithin, withDeadline } from './deadline.js';
import { redactingLogger } from './redact.js';

/** KEDA's default HTTP timeout (`KEDA_HTTP_DEFAULT_TIMEOUT`, 3000 ms): a poll's deadline when the host gives none. */
export const DEFAULT_POLL_TIMEOUT_MS = 3000;

/** What one measurement returns: a value for the trigger's only metric, or every metric's value. */
export type Measurement = { value: number; isActive: boolean } | MetricsAndActivity;

/** One measurement's request: the metric asked for and the signal that ends it (deadline, abort, close). */
export interface MeasureRequest {
  metricName: string;
  signal: AbortSignal;
}

/** What a client opener receives. */
export interface OpenRequest {
  /** The opening poll's signal; a client whose opening outlives it is still kept for the next poll. */
  signal: AbortSignal;
  /** Scrubs the scaler's secrets; give it to the client library as its logger. */
  logger: Logger;
}

/** The source-specific part of a polled scaler. */
export interface PolledSource<Client> {
  /** The trigger type, starting every message: `rabbitmq`. */
  type: string;
  /**
   * What a poll does, for messages, without secrets: `reading queue "orders" at http://127.0.0.1:15672` gives
   * `rabbitmq: reading queue "orders" at ... did not answer within 3000 ms` and `... failed: <why>`.
   */
  describe: string;
  /** The failure message's phrase when it differs from `describe`: `<type>: <describeFailure> failed: <why>`. */
  describeFailure?: string;
  /** The trigger's metric specs (`metricSpec(config, name, target)`). */
  metricSpecs: MetricSpec[];
  /** The client, shared through `context.connections` by every trigger with the same `key`. */
  connection: {
    /** `connectionKey(kind, address, { every setting that changes the connection })`: secrets are hashed. */
    key: string;
    open(request: OpenRequest): Promise<Client> | Client;
    close(client: Client): Promise<void> | void;
  };
  /** One measurement. Honour `request.signal` where the client allows; the kit bounds the call either way. */
  measure(client: Client, request: MeasureRequest): Promise<Measurement>;
  /** Scrubbed from every error message and log line. */
  secrets?: readonly (string | undefined)[];
  /** Source-specific error codes, tried before the generic classification. */
  classify?(error: unknown): ScalerErrorCode | undefined;
  /** Appended to failure messages (e.g. `tlsHint`). */
  hint?(error: unknown): string;
  /** Calls never overlap: a poll waits (within its own deadline) for the previous one. Default false. */
  serialize?: boolean;
  /** The deadline of one poll when the host gives no `context.timeoutMs`. Default 3000 ms. */
  defaultTimeoutMs?: number;
  /** Called after every failed poll, with the client when one was open (forget state, invalidate a token). */
  onError?(error: ScalerError, client: Client | undefined): void;
  /** Called by `close()` after the client is released. */
  onClose?(): void | Promise<void>;
}

/**
 * A `Scaler` around a `PolledSource`. It gives every scaler the same guarantees: `CLOSED` after `close()`;
 * `METRIC_ERROR` for a metric it does not report; nothing started for an already-aborted poll (`ABORTED`); the
 * host's signal, the caller's signal and the deadline (`context.timeoutMs` on `context.clock`, `TIMEOUT`) merged
 * into the signal `measure` receives; the shared client leased from `context.connections`, opened on first use
 * and reopened after a failed open; failures as `ScalerError`s with a stable code, the cause kept and secrets
 * scrubbed; `close()` waiting (bounded by twice the deadline plus a second) for calls that were abandoned
 * before it releases the client, so no socket outlives it.
 *
 * @example
 * create: (config, context) => createPolledScaler({
 *   type: 'my-queue',
 *   describe: `queue "${config.queueName}"`,
 *   metricSpecs: [metricSpec(config, `my-queue-${config.queueName}`, config.queueLength)],
 *   connection: { key: connectionKey('my-queue', config.host), open: () => connect(config.host), close: (c) => c.end() },
 *   measure: async (client, { signal }) => {
 *     const depth = await client.depth(config.queueName, { signal });
 *     return { value: depth, isActive: depth > config.activationQueueLength };
 *   },
 * }, context),
 */
export function createPolledScaler<Client>(source: PolledSource<Client>, context: ScalerContext): Scaler {
  return new PolledScaler(source, context);
}

class PolledScaler<Client> implements Scaler {
  readonly #source: PolledSource<Client>;
  readonly #context: ScalerContext;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #logger: Logger;
  readonly #names: ReadonlySet<string>;
  readonly #closing = new AbortController();
  #lease: Promise<Lease<Client>> | undefined;
  // Calls still running in the client, including ones abandoned at their deadline or by an abort.
  readonly #inFlight = new Set<Promise<unknown>>();
  // Settles when the previous call has settled (serialize only).
  #tail: Promise<unknown> = Promise.resolve();
  #closed: Promise<void> | undefined;

  constructor(source: PolledSource<Client>, context: ScalerContext) {
    this.#source = source;
    this.#context = context;
    this.#clock = context.clock ?? systemClock;
    this.#timeoutMs = context.timeoutMs ?? source.defaultTimeoutMs ?? DEFAULT_POLL_TIMEOUT_MS;
    this.#logger = redactingLogger(context.logger, source.secrets ?? []);
    this.#names = new Set(source.metricSpecs.map((spec) => spec.metricName));
  }

  getMetricSpecs(): MetricSpec[] {
    return this.#source.metricSpecs.map((spec) => ({ ...spec }));
  }

  async getMetricsAndActivity(metricName: string, options: { signal?: AbortSignal } = {}): Promise<MetricsAndActivity> {
    const { type, describe } = this.#source;
    if (this.#closed) throw new ScalerError(`${type}: the scaler is closed`, { code: 'CLOSED' });
    if (!this.#names.has(metricName)) {
      throw new ScalerError(
        `${type}: unknown metric "${metricName}", this trigger reports ${[...this.#names].map((name) => `"${name}"`).join(', ')}`,
        { code: 'METRIC_ERROR' },
      );
    }
    const what = `${type}: ${describe}`;
    // A signal of this poll's own (never the host's itself): listeners go on it, so many concurrent polls add
    // none to the host's signal that every trigger shares (no MaxListenersExceededWarning).
    const given = [this.#context.signal, options.signal].filter(
      (signal): signal is AbortSignal => signal !== undefined,
    );
    const outer = given.length === 0 ? undefined : AbortSignal.any(given);
    // Nothing is started for a poll that is already cancelled.
    if (outer?.aborted) throw abortedError(what, outer);
    const deadline = new AbortController();
    const signal = combineSignals(outer, deadline.signal, this.#closing.signal)!;
    let client: Client | undefined;
    const previous = this.#source.serialize ? this.#tail : undefined;
    const work = (async () => {
      if (previous) await previous.catch(() => undefined);
      if (signal.aborted) throw abortedError(what, signal);
      client = await this.#acquire(signal);
      // Cancelled while the client was opening: measure nothing.
      if (signal.aborted) throw abortedError(what, signal);
      return this.#source.measure(client, { metricName, signal });
    })();
    this.#inFlight.add(work);
    const forget = () => this.#inFlight.delete(work);
    work.then(forget, forget);
    if (this.#source.serialize) this.#tail = work;
    try {
      const measured = await withDeadline(work, {
        timeoutMs: this.#timeoutMs,
        signal: outer,
        what,
        clock: this.#clock,
      });
      if ('metrics' in measured) {
        return {
          metrics: measured.metrics.map((metric) => ({ ...metric, value: toMetricValue(metric.value) })),
          isActive: measured.isActive,
        };
      }
      return { metrics: [{ metricName, value: toMetricValue(measured.value) }], isActive: measured.isActive };
    } catch (error) {
      const failure = toScalerFailure(error, {
        what: this.#source.describeFailure === undefined ? what : `${type}: ${this.#source.describeFailure}`,
        secrets: this.#source.secrets,
        classify: this.#source.classify?.bind(this.#source),
        hint: this.#source.hint?.bind(this.#source),
      });
      // A call still running (abandoned at its deadline or by an abort) is told to stop through its own signal,
      // with the failure as the reason. A poll that answered has nothing left running: no abort, no error object.
      deadline.abort(failure);
      this.#source.onError?.(failure, client);
      throw failure;
    }
  }

  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    this.#closing.abort(new ScalerError(`${this.#source.type}: the scaler is closed`, { code: 'CLOSED' }));
    // A call that ignores its signal keeps running in the client; releasing the client under it could let it
    // open a new socket afterwards. Let it finish first, bounded.
    await settleWithin([...this.#inFlight], 2 * this.#timeoutMs + 1000, this.#clock);
    const lease = this.#lease;
    this.#lease = undefined;
    if (lease) {
      await lease.then(
        (held) => held.release(),
        () => undefined,
      );
    }
    await this.#source.onClose?.();
  }

  /** The shared client, opened on first use; a failed open is retried by the next poll. */
  #acquire(signal: AbortSignal): Promise<Client> {
    if (!this.#lease) {
      const { connection } = this.#source;
      const logger = this.#logger;
      const lease = this.#context.connections.acquire(
        connection.key,
        () => connection.open({ signal, logger }),
        (client) => connection.close(client),
      );
      this.#lease = lease;
      lease.catch(() => {
        if (this.#lease === lease) this.#lease = undefined;
      });
    }
    return this.#lease.then((held) => held.client);
  }
}
