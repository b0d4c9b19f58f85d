import {
  isPushScaler,
  type PushScaler,
  type Scaler,
  type ScalerContext,
  type ScalerDefinition,
  type ScalerEvent,
  ScalerRegistry,
} from '@scalerkit/core';

interface PoolEntry {
  key: string;
  scaler: Scaler | PushScaler;
  /** Replaces the autoscaler's signal: a kept scaler outlives the autoscaler that built it. */
  abort: AbortController;
  state: 'active' | 'idle' | 'closed';
  /** The wrapper currently handed out; closes from older wrappers are ignored. */
  wrapper: Scaler | undefined;
  emit: ((event: ScalerEvent) => void) | undefined;
}

/** Identity of a built scaler: its type, its parsed config and its poll timeout. `undefined`: never reused. */
function keyOf(type: string, config: unknown, timeoutMs: number | undefined): string | undefined {
  try {
    return `${type}\u0000${timeoutMs ?? ''}\u0000${JSON.stringify(config)}`;
  } catch {
    return undefined;
  }
}

/**
 * The scalers of one ScaledObject across its autoscalers: when an edited ScaledObject replaces its autoscaler,
 * a trigger whose parsed config (authentication and environment included) is unchanged keeps its scaler and
 * connection; only changed triggers are built again. Scalers are built through the core's own path (the
 * autoscaler parses with the registry), the pool only intercepts `create` and `close`.
 */
export class ScalerPool {
  readonly #entries: PoolEntry[] = [];
  #retaining = false;

  /** A registry view for one autoscaler: definitions whose `create` reuses an idle scaler with the same config. */
  registryFor(base: ScalerRegistry): ScalerRegistry {
    const wrap = (definition: ScalerDefinition<unknown>): ScalerDefinition<unknown> => ({
      ...definition,
      parse: (input, context) => definition.parse(input, context),
      create: (config, context) => this.#acquire(definition, config, context),
    });
    return new PoolRegistry(base, wrap);
  }

  /** While set, a scaler closed by its autoscaler is kept (idle) for the next autoscaler instead. */
  set retaining(value: boolean) {
    this.#retaining = value;
  }

  /** Scalers kept and reused so far: for tests and logs. */
  get size(): number {
    return this.#entries.filter((entry) => entry.state !== 'closed').length;
  }

  /** Metric names of the scalers in use (KEDA's `status.externalMetricNames`). */
  metricNames(): string[] {
    const names: string[] = [];
    for (const entry of this.#entries) {
      if (entry.state !== 'active') continue;
      try {
        for (const spec of entry.scaler.getMetricSpecs()) names.push(spec.metricName);
      } catch {
        // a scaler that cannot list its specs failed its build already
      }
    }
    return names;
  }

  /** Closes the scalers no autoscaler took back. */
  async closeIdle(): Promise<void> {
    await Promise.allSettled(
      this.#entries.filter((entry) => entry.state === 'idle').map((entry) => this.#close(entry)),
    );
  }

  async closeAll(): Promise<void> {
    this.#retaining = false;
    await Promise.allSettled(
      this.#entries.filter((entry) => entry.state !== 'closed').map((entry) => this.#close(entry)),
    );
  }

  #acquire(definition: ScalerDefinition<unknown>, config: unknown, context: ScalerContext): Scaler | PushScaler {
    const key = keyOf(definition.type, config, context.timeoutMs);
    const idle =
      key === undefined ? undefined : this.#entries.find((entry) => entry.state === 'idle' && entry.key === key);
    if (idle) {
      idle.state = 'active';
      idle.emit = context.emit;
      return this.#wrap(idle);
    }
    const abort = new AbortController();
    const entry: PoolEntry = {
      key: key ?? '',
      scaler: undefined as unknown as Scaler,
      abort,
      state: 'active',
      wrapper: undefined,
      emit: context.emit,
    };
    entry.scaler = definition.create(config, {
      ...context,
      signal: abort.signal,
      emit: (event) => entry.emit?.(event),
    });
    if (key !== undefined) this.#entries.push(entry);
    return this.#wrap(entry);
  }

  #wrap(entry: PoolEntry): Scaler | PushScaler {
    const { scaler } = entry;
    const wrapper: Scaler & Partial<PushScaler> = {
      getMetricSpecs: () => scaler.getMetricSpecs(),
      getMetricsAndActivity: (metricName, options) => scaler.getMetricsAndActivity(metricName, options),
      close: async () => {
        if (entry.wrapper !== wrapper || entry.state !== 'active') return;
        if (this.#retaining) {
          entry.state = 'idle';
          entry.emit = undefined;
          return;
        }
        await this.#close(entry);
      },
    };
    if (isPushScaler(scaler)) wrapper.run = (onActivity, signal) => scaler.run(onActivity, signal);
    entry.wrapper = wrapper;
    return wrapper;
  }

  async #close(entry: PoolEntry): Promise<void> {
    if (entry.state === 'closed') return;
    entry.state = 'closed';
    const index = this.#entries.indexOf(entry);
    if (index >= 0) this.#entries.splice(index, 1);
    entry.abort.abort(new Error('scaler closed'));
    await entry.scaler.close();
  }
}

class PoolRegistry extends ScalerRegistry {
  readonly #base: ScalerRegistry;
  readonly #wrap: (definition: ScalerDefinition<unknown>) => ScalerDefinition<unknown>;
  readonly #wrapped = new Map<ScalerDefinition<unknown>, ScalerDefinition<unknown>>();

  constructor(base: ScalerRegistry, wrap: (definition: ScalerDefinition<unknown>) => ScalerDefinition<unknown>) {
    super();
    this.#base = base;
    this.#wrap = wrap;
  }

  #wrapOnce(definition: ScalerDefinition<unknown>): ScalerDefinition<unknown> {
    let wrapped = this.#wrapped.get(definition);
    if (!wrapped) {
      wrapped = this.#wrap(definition);
      this.#wrapped.set(definition, wrapped);
    }
    return wrapped;
  }

  override get(type: string): ScalerDefinition<unknown> {
    return this.#wrapOnce(this.#base.get(type) as ScalerDefinition<unknown>);
  }

  override has(type: string): boolean {
    return this.#base.has(type);
  }

  override types(): string[] {
    return this.#base.types();
  }

  override async resolve(
    type: string,
    importer?: (specifier: string) => Promise<unknown>,
  ): Promise<ScalerDefinition<unknown>> {
    const definition = importer ? await this.#base.resolve(type, importer) : await this.#base.resolve(type);
    return this.#wrapOnce(definition as ScalerDefinition<unknown>);
  }
}
