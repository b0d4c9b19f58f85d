import { ScalerError, UnknownTriggerTypeError } from './errors.js';
import type { ScalerDefinition } from './types.js';

/** Which package provides each KEDA trigger type, for messages and on-demand loading. */
export const knownScalerPackages: Readonly<Record<string, string>> = {
  kafka: '@scalerkit/kafka',
  rabbitmq: '@scalerkit/rabbitmq',
  'aws-sqs-queue': '@scalerkit/aws-sqs',
  'azure-servicebus': '@scalerkit/azure-service-bus',
  'azure-queue': '@scalerkit/azure-storage-queue',
  'nats-jetstream': '@scalerkit/nats-jetstream',
};

// biome-ignore lint/suspicious/noExplicitAny: definitions are stored type-erased
type AnyDefinition = ScalerDefinition<any>;

/**
 * Maps KEDA trigger types to scaler definitions.
 *
 * @example
 * const registry = new ScalerRegistry();
 * registry.register(kafkaScaler);
 * registry.get('kafka').parse({ metadata });
 */
export class ScalerRegistry {
  readonly #definitions = new Map<string, AnyDefinition>();

  /** Adds a definition. Registering the same definition twice is a no-op; another one for the same type is an error. */
  register(definition: AnyDefinition, options: { replace?: boolean } = {}): this {
    if (typeof definition?.type !== 'string' || definition.type.length === 0) {
      throw new ScalerError('registry: a scaler definition needs a non-empty "type"', { code: 'CONFIG_ERROR' });
    }
    const existing = this.#definitions.get(definition.type);
    if (existing && existing !== definition && !options.replace) {
      throw new ScalerError(
        `registry: trigger type "${definition.type}" is already registered; pass { replace: true } to replace it`,
        { code: 'CONFIG_ERROR' },
      );
    }
    this.#definitions.set(definition.type, definition);
    return this;
  }

  /** The definition for `type`; throws `UnknownTriggerTypeError` naming the registered types and the package to install. */
  get(type: string): AnyDefinition {
    const definition = this.#definitions.get(type);
    if (definition) return definition;
    const packageName = knownScalerPackages[type];
    const registered = this.types();
    const hint = packageName
      ? ` It is provided by ${packageName}: install it and import '${packageName}/register' (or register its definition).`
      : '';
    throw new UnknownTriggerTypeError(
      `registry: no scaler registered for trigger type "${type}".${hint} Registered types: ${registered.length > 0 ? registered.join(', ') : '(none)'}.`,
      type,
      packageName,
    );
  }

  has(type: string): boolean {
    return this.#definitions.has(type);
  }

  /** Registered trigger types, sorted. */
  types(): string[] {
    return [...this.#definitions.keys()].sort();
  }

  /**
   * Like `get`, but when nothing is registered for `type` and its provider package is installed, imports
   * the package and registers its definition here first.
   */
  async resolve(
    type: string,
    importer: (specifier: string) => Promise<unknown> = (s) => import(s),
  ): Promise<AnyDefinition> {
    if (this.#definitions.has(type)) return this.get(type);
    const packageName = knownScalerPackages[type];
    if (packageName) {
      let module: unknown;
      try {
        module = await importer(packageName);
      } catch {
        module = undefined;
      }
      const definition = findDefinition(module, type);
      if (definition) this.register(definition);
    }
    return this.get(type);
  }
}

function findDefinition(module: unknown, type: string): AnyDefinition | undefined {
  if (typeof module !== 'object' || module === null) return undefined;
  for (const value of Object.values(module)) {
    const candidate = value as Partial<AnyDefinition> | null;
    if (
      candidate &&
      typeof candidate === 'object' &&
      candidate.type === type &&
      typeof candidate.parse === 'function' &&
      typeof candidate.create === 'function'
    ) {
      return candidate as AnyDefinition;
    }
  }
  return undefined;
}

/** The default registry that scaler packages' `/register` entries add themselves to. */
export const registry: ScalerRegistry = new ScalerRegistry();
