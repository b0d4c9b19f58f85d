import { type Clock, systemClock, type TimerHandle } from '../clock.js';
import { type ConnectionCache, createConnectionCache } from '../connection-cache.js';
import { ScalerError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import type { TriggerAuthenticationSources } from '../manifest/index.js';
import type { ScaledObject } from '../manifest/types.js';
import type { ScalerRegistry } from '../registry.js';
import {
  type Autoscaler,
  type AutoscalerOptions,
  asyncDisposeSymbol,
  createAutoscaler,
  DEFAULT_MAX_POLL_TIMEOUT_MS,
} from './autoscaler.js';
import type { AutoscalerEvents } from './events.js';
import { guardedLogger } from './guarded.js';
import type { ScaleTarget } from './scale-target.js';
import { type Listener, TypedEmitter } from './typed-emitter.js';

/** Options of `createController`: defaults for every autoscaler it runs. */
export interface ControllerOptions {
  registry?: ScalerRegistry;
  clock?: Clock;
  logger?: Logger;
  pollTimeoutMs?: number;
  /** Deadline of each target call of every autoscaler (ms; see `AutoscalerOptions.targetTimeoutMs`). */
  targetTimeoutMs?: number;
  /**
   * Bound of each autoscaler's `stop()` (see `AutoscalerOptions.stopTimeoutMs`) and of the controller's close of
   * its shared connections. `controller.stop()` settles within twice this bound (autoscalers stop in parallel,
   * then the connections close). Default: the autoscalers' default (2 × `pollTimeoutMs` + 6 s, 26 s with the
   * default poll timeout).
   */
  stopTimeoutMs?: number;
  authentication?: TriggerAuthenticationSources;
  refreshOnError?: boolean;
  pushDeactivation?: boolean;
  /** HPA sync period of every autoscaler (ms; default 15000; `0` or `false`: merged mode). */
  hpaSyncPeriodMs?: number | false;
  /** The connection cache every autoscaler shares. Default: one owned (and closed on stop) by the controller. */
  connections?: ConnectionCache;
  /** Aborting it stops the controller. */
  signal?: AbortSignal;
}

/** Per-ScaledObject options of `controller.add`. */
export type ControllerAddOptions = Partial<Omit<AutoscalerOptions, 'scaledObject' | 'target' | 'connections'>> & {
  /** Start the autoscaler at once. Default true (a build failure is reported as an `error` event and removes it). */
  start?: boolean;
};

/** Autoscaler events, tagged with the autoscaler's name. */
export type ControllerEvents = { [K in keyof AutoscalerEvents]: AutoscalerEvents[K] & { autoscaler: string } };

/**
 * Runs many ScaledObjects. All their scalers share one connection cache, so triggers against the same
 * broker (same connection key) share one client.
 *
 * @example
 * const controller = createController({ logger: createConsoleLogger() });
 * controller.add(ordersYaml, ordersTarget);
 * controller.add(paymentsYaml, paymentsTarget);
 * process.on('SIGTERM', () => controller.stop());
 */
export interface Controller {
  /** Creates (and by default starts) the autoscaler of a ScaledObject. Names must be unique. */
  add(scaledObject: ScaledObject | unknown, target: ScaleTarget, options?: ControllerAddOptions): Autoscaler;
  /** By `namespace/name`, or by bare name when it is unambiguous. */
  get(name: string): Autoscaler | undefined;
  /** Stops and forgets an autoscaler; false when there is none of that name. */
  remove(name: string): Promise<boolean>;
  list(): Autoscaler[];
  /** Stops every autoscaler and closes the shared connections (when the controller owns them). Idempotent. */
  stop(): Promise<void>;
  readonly connections: ConnectionCache;
  on<K extends keyof ControllerEvents>(event: K, listener: Listener<ControllerEvents[K]>): () => void;
  [Symbol.asyncDispose](): Promise<void>;
}

const EVENT_NAMES: readonly (keyof AutoscalerEvents)[] = [
  'poll',
  'hpaSync',
  'decision',
  'scale',
  'error',
  'scalerEvent',
];

class ScalingController implements Controller {
  readonly connections: ConnectionCache;
  readonly #ownsConnections: boolean;
  readonly #options: ControllerOptions;
  readonly #logger: Logger;
  readonly #events: TypedEmitter<ControllerEvents>;
  readonly #autoscalers = new Map<string, { autoscaler: Autoscaler; unsubscribe: () => void }>();
  #stopping: Promise<void> | undefined;
  readonly #onAbort = () => {
    this.stop().catch(() => {});
  };

  constructor(options: ControllerOptions) {
    this.#options = options;
    this.#logger = guardedLogger(options.logger ?? silentLogger);
    this.#events = new TypedEmitter<ControllerEvents>(this.#logger);
    this.connections = options.connections ?? createConnectionCache();
    this.#ownsConnections = options.connections === undefined;
    if (options.signal?.aborted) this.#onAbort();
    else options.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  add(scaledObject: ScaledObject | unknown, target: ScaleTarget, options: ControllerAddOptions = {}): Autoscaler {
    if (this.#stopping) throw new ScalerError('controller: add() after stop()', { code: 'CLOSED' });
    const { start = true, ...overrides } = options;
    const defaults = this.#options;
    const autoscaler = createAutoscaler({
      registry: defaults.registry,
      clock: defaults.clock,
      logger: defaults.logger,
      pollTimeoutMs: defaults.pollTimeoutMs,
      targetTimeoutMs: defaults.targetTimeoutMs,
      stopTimeoutMs: defaults.stopTimeoutMs,
      authentication: defaults.authentication,
      refreshOnError: defaults.refreshOnError,
      pushDeactivation: defaults.pushDeactivation,
      hpaSyncPeriodMs: defaults.hpaSyncPeriodMs,
      ...definedOnly(overrides),
      scaledObject,
      target,
      connections: this.connections,
    });
    if (this.#autoscalers.has(autoscaler.name)) {
      throw new ScalerError(`controller: a ScaledObject named "${autoscaler.name}" is already running`, {
        code: 'CONFIG_ERROR',
      });
    }
    const unsubscribes = EVENT_NAMES.map((event) =>
      autoscaler.on(event, (payload) => {
        this.#events.emit(event, { ...payload, autoscaler: autoscaler.name } as never);
      }),
    );
    const unsubscribe = () => {
      for (const off of unsubscribes) off();
    };
    const entry = { autoscaler, unsubscribe };
    this.#autoscalers.set(autoscaler.name, entry);
    if (start) {
      autoscaler.start().catch(() => {
        // Reported as an 'error' event (phase 'build'); forget it so it can be added again.
        if (this.#autoscalers.get(autoscaler.name) === entry) {
          this.#autoscalers.delete(autoscaler.name);
          entry.unsubscribe();
        }
      });
    }
    return autoscaler;
  }

  get(name: string): Autoscaler | undefined {
    return this.#find(name)?.[1].autoscaler;
  }

  async remove(name: string): Promise<boolean> {
    const found = this.#find(name);
    if (!found) return false;
    const [key, entry] = found;
    this.#autoscalers.delete(key);
    try {
      await entry.autoscaler.stop();
    } finally {
      entry.unsubscribe(); // after stop, so errors while closing still reach the controller's listeners
    }
    return true;
  }

  list(): Autoscaler[] {
    return [...this.#autoscalers.values()].map((entry) => entry.autoscaler);
  }

  on<K extends keyof ControllerEvents>(event: K, listener: Listener<ControllerEvents[K]>): () => void {
    return this.#events.on(event, listener);
  }

  stop(): Promise<void> {
    if (!this.#stopping) this.#stopping = this.#stop();
    return this.#stopping;
  }

  async [asyncDisposeSymbol](): Promise<void> {
    await this.stop();
  }

  async #stop(): Promise<void> {
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    const all = [...this.#autoscalers.keys()];
    const stopping = all.map((name) => this.remove(name));
    await Promise.allSettled(stopping);
    if (this.#ownsConnections) await this.#closeConnections();
  }

  /** Closes the shared clients, within the stop bound: a client close that never returns must not hold stop(). */
  async #closeConnections(): Promise<void> {
    const clock = this.#options.clock ?? systemClock;
    const poll = this.#options.pollTimeoutMs ?? DEFAULT_MAX_POLL_TIMEOUT_MS;
    const bound = this.#options.stopTimeoutMs ?? (poll > 0 ? 2 * poll + 1000 : 10_000) + 5000;
    let timer: TimerHandle | undefined;
    const expired = new Promise<boolean>((resolve) => {
      timer = clock.setTimeout(() => resolve(false), bound);
    });
    const closed = Promise.allSettled([this.connections.closeAll()]).then(() => true);
    const finished = await Promise.race([closed, expired]);
    clock.clearTimeout(timer);
    if (!finished) {
      this.#logger.warn(
        `controller: the shared connections did not close within ${bound} ms; left closing in the background`,
      );
    }
  }

  #find(name: string): [string, { autoscaler: Autoscaler; unsubscribe: () => void }] | undefined {
    const exact = this.#autoscalers.get(name);
    if (exact) return [name, exact];
    const matches = [...this.#autoscalers].filter(([, entry]) => entry.autoscaler.scaledObject.metadata.name === name);
    return matches.length === 1 ? matches[0] : undefined;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Creates a controller that runs many ScaledObjects with one shared connection cache. */
export function createController(options: ControllerOptions = {}): Controller {
  return new ScalingController(options);
}
