import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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
   * the package and registers its definition here first. The default importer looks for the package where
   * `@scalerkit/core` is installed, then in the working directory (`importFromDirectory`), so a globally
   * installed tool finds the packages of the project it runs in.
   *
   * Throws `UnknownTriggerTypeError` when the package is not installed, and `ScalerPackageLoadError` (with
   * the import's error as `cause`) when it is installed but fails to load: a missing client library, an
   * unbuilt package, a module that throws on import.
   *
   * @example
   * const definition = await registry.resolve('kafka'); // imports @scalerkit/kafka when it is installed
   */
  async resolve(
    type: string,
    importer: (specifier: string) => Promise<unknown> = importScalerPackage,
  ): Promise<AnyDefinition> {
    if (this.#definitions.has(type)) return this.get(type);
    const packageName = knownScalerPackages[type];
    if (packageName) {
      let module: unknown;
      try {
        module = await importer(packageName);
      } catch (error) {
        if (!isPackageNotFound(error, packageName)) throw new ScalerPackageLoadError(type, packageName, error);
        module = undefined;
      }
      const definition = findDefinition(module, type);
      if (definition) this.register(definition);
      else if (module !== undefined) throw new ScalerPackageLoadError(type, packageName, undefined);
    }
    return this.get(type);
  }
}

/**
 * A scaler package is installed but could not be loaded; `cause` is what its import threw (for example
 * `Cannot find package 'kafkajs'` when its client library is missing).
 */
export class ScalerPackageLoadError extends ScalerError {
  static override readonly kind: string = 'ScalerPackageLoadError';
  readonly triggerType: string;
  readonly packageName: string;

  constructor(triggerType: string, packageName: string, cause: unknown) {
    const reason =
      cause === undefined
        ? `it exports no scaler definition of type "${triggerType}"`
        : cause instanceof Error
          ? cause.message.split('\n')[0]
          : String(cause);
    super(`registry: ${packageName} (trigger type "${triggerType}") is installed but failed to load: ${reason}`, {
      code: 'SCALER_PACKAGE_LOAD_ERROR',
      cause,
    });
    this.triggerType = triggerType;
    this.packageName = packageName;
  }
}

/**
 * True when `error` says that `packageName` itself is not installed, as opposed to a module it imports
 * being missing (`Cannot find package 'kafkajs' imported from .../@scalerkit/kafka/dist/index.js`) or its
 * files being absent (an unbuilt package). Node's ESM loader says `Cannot find package '<name>'`
 * (ERR_MODULE_NOT_FOUND), `require` says `Cannot find module '<name>'` (MODULE_NOT_FOUND).
 */
function isPackageNotFound(error: unknown, packageName: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  if (typeof message !== 'string') return false;
  return (
    message.startsWith(`Cannot find package '${packageName}'`) ||
    message.startsWith(`Cannot find module '${packageName}'`)
  );
}

/** The default importer of `resolve`: where `@scalerkit/core` is installed, then from the working directory. */
async function importScalerPackage(specifier: string): Promise<unknown> {
  try {
    return await import(specifier);
  } catch (error) {
    if (!isPackageNotFound(error, specifier)) throw error;
    return importFromDirectory(specifier, process.cwd());
  }
}

/**
 * Imports an installed package as seen from `directory` (its `node_modules` and those above it), taking the
 * entry Node's ESM loader would take (`exports` with the `node`, `import` and `default` conditions, then
 * `main`). Throws an `ERR_MODULE_NOT_FOUND` error naming the package when it is not installed there, as
 * `import()` does.
 *
 * @example
 * await registry.resolve('kafka', (specifier) => importFromDirectory(specifier, '/path/to/project'));
 */
export async function importFromDirectory(specifier: string, directory: string): Promise<unknown> {
  const searched = createRequire(join(directory, 'noop.js')).resolve.paths(specifier) ?? [];
  const root = searched
    .map((folder) => join(folder, specifier))
    .find((folder) => existsSync(join(folder, 'package.json')));
  if (root === undefined) {
    throw Object.assign(new Error(`Cannot find package '${specifier}' from ${directory}`), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
  }
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports?: unknown;
    main?: unknown;
  };
  const entry = exportsEntry(manifest.exports) ?? (typeof manifest.main === 'string' ? manifest.main : 'index.js');
  return import(pathToFileURL(join(root, entry)).href);
}

const IMPORT_CONDITIONS = ['node', 'import', 'default'];

/** The `.` entry of an `exports` field under Node's ESM conditions; the first matching key wins, as in Node. */
function exportsEntry(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (typeof exports !== 'object' || exports === null || Array.isArray(exports)) return undefined;
  const record = exports as Record<string, unknown>;
  if ('.' in record) return exportsEntry(record['.']);
  for (const [condition, target] of Object.entries(record)) {
    if (!IMPORT_CONDITIONS.includes(condition)) continue;
    const entry = exportsEntry(target);
    if (entry !== undefined) return entry;
  }
  return undefined;
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
