import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UnknownTriggerTypeError } from './errors.js';
import { importFromDirectory, ScalerPackageLoadError, ScalerRegistry } from './registry.js';
import { defineScaler } from './types.js';

const fake = (type: string) =>
  defineScaler({
    type,
    parse: (input) => ({ ...input.metadata }),
    create: () => ({
      getMetricSpecs: () => [],
      getMetricsAndActivity: async () => ({ metrics: [], isActive: false }),
      close: async () => {},
    }),
  });

describe('ScalerRegistry', () => {
  it('registers, finds and lists definitions by trigger type', () => {
    const registry = new ScalerRegistry();
    const queue = fake('my-queue');
    registry.register(queue).register(fake('a-source'));
    expect(registry.get('my-queue')).toBe(queue);
    expect(registry.has('my-queue')).toBe(true);
    expect(registry.has('kafka')).toBe(false);
    expect(registry.types()).toEqual(['a-source', 'my-queue']);
  });

  it('accepts the same definition twice but refuses a different one for a taken type', () => {
    const registry = new ScalerRegistry();
    const queue = fake('my-queue');
    registry.register(queue).register(queue);
    expect(() => registry.register(fake('my-queue'))).toThrow(/already registered/);
    const replacement = fake('my-queue');
    registry.register(replacement, { replace: true });
    expect(registry.get('my-queue')).toBe(replacement);
  });

  it('names the package to install and the registered types for an unknown type', () => {
    const registry = new ScalerRegistry().register(fake('my-queue'));
    let error: unknown;
    try {
      registry.get('kafka');
    } catch (e) {
      error = e;
    }
    expect(UnknownTriggerTypeError.isInstance(error)).toBe(true);
    const unknown = error as UnknownTriggerTypeError;
    expect(unknown.packageName).toBe('@scalerkit/kafka');
    expect(unknown.message).toContain("import '@scalerkit/kafka/register'");
    expect(unknown.message).toContain('Registered types: my-queue.');
    expect(() => new ScalerRegistry().get('nope')).toThrow('Registered types: (none).');
  });

  it('resolves an unregistered type by importing its provider package', async () => {
    const registry = new ScalerRegistry();
    const kafka = fake('kafka');
    const imported: string[] = [];
    const definition = await registry.resolve('kafka', async (specifier) => {
      imported.push(specifier);
      return { kafkaScaler: kafka, somethingElse: 42 };
    });
    expect(imported).toEqual(['@scalerkit/kafka']);
    expect(definition).toBe(kafka);
    expect(registry.has('kafka')).toBe(true);
  });

  it('fails to resolve with the package name when the provider is not installed', async () => {
    const registry = new ScalerRegistry();
    await expect(
      registry.resolve('rabbitmq', async () => {
        throw new Error('Cannot find module');
      }),
    ).rejects.toThrow(/@scalerkit\/rabbitmq/);
  });
});

describe('ScalerRegistry.resolve finding packages', () => {
  const definitionSource =
    "export const rabbitmqScaler = { type: 'rabbitmq', parse: () => ({}), create: () => ({}) };\n";
  /** A project folder holding `node_modules/@scalerkit/rabbitmq` with these files (none: not installed). */
  const projects: string[] = [];
  afterAll(() => {
    for (const directory of projects) rmSync(directory, { recursive: true, force: true });
  });
  function project(files: Record<string, string>): string {
    const directory = mkdtempSync(join(tmpdir(), 'scalerkit-registry-'));
    projects.push(directory);
    const root = join(directory, 'node_modules', '@scalerkit', 'rabbitmq');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return directory;
  }
  const manifest = JSON.stringify({
    name: '@scalerkit/rabbitmq',
    type: 'module',
    main: './dist/index.cjs',
    exports: {
      '.': {
        import: { types: './dist/index.d.ts', default: './dist/index.js' },
        require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
      },
      './package.json': './package.json',
    },
  });
  const fromProject = (directory: string) => (specifier: string) => importFromDirectory(specifier, directory);

  it('imports a package installed in a project directory, taking the ESM entry of its exports map', async () => {
    const directory = project({ 'package.json': manifest, 'dist/index.js': definitionSource });
    const registry = new ScalerRegistry();
    const definition = await registry.resolve('rabbitmq', fromProject(join(directory, 'deep', 'folder')));
    expect(definition.type).toBe('rabbitmq');
    expect(registry.types()).toEqual(['rabbitmq']);
  });

  it('says "not installed" (UnknownTriggerTypeError) only when the package itself is missing', async () => {
    const notInstalled: [string, (specifier: string) => Promise<unknown>][] = [
      ['absent from the project', fromProject(project({}))],
      [
        'missing for require',
        async () => {
          throw Object.assign(new Error("Cannot find module '@scalerkit/rabbitmq'\nRequire stack:\n- /app/x.js"), {
            code: 'MODULE_NOT_FOUND',
          });
        },
      ],
      [
        'missing for import',
        async () => {
          throw Object.assign(new Error("Cannot find package '@scalerkit/rabbitmq' imported from /app/x.js"), {
            code: 'ERR_MODULE_NOT_FOUND',
          });
        },
      ],
    ];
    for (const [situation, importer] of notInstalled) {
      const error = await new ScalerRegistry().resolve('rabbitmq', importer).catch((e: unknown) => e);
      expect(UnknownTriggerTypeError.isInstance(error), situation).toBe(true);
      expect((error as UnknownTriggerTypeError).packageName, situation).toBe('@scalerkit/rabbitmq');
    }
  });

  it('says "failed to load" with the reason and keeps the cause when the package is installed but breaks', async () => {
    // situation, package files, reason in the message, the cause's code and message start (undefined: no cause)
    const failures: [string, Record<string, string>, string, { code?: string; message: string } | undefined][] = [
      [
        'its client library is missing',
        { 'package.json': manifest, 'dist/index.js': `import 'amqplib-not-installed';\n${definitionSource}` },
        "Cannot find package 'amqplib-not-installed' imported from ",
        { code: 'ERR_MODULE_NOT_FOUND', message: "Cannot find package 'amqplib-not-installed'" },
      ],
      [
        'it is not built',
        { 'package.json': manifest },
        "Cannot find module '",
        { code: 'ERR_MODULE_NOT_FOUND', message: "Cannot find module '" },
      ],
      [
        'it throws on import',
        { 'package.json': manifest, 'dist/index.js': "throw new Error('no AMQP_URL at import');\n" },
        'no AMQP_URL at import',
        { message: 'no AMQP_URL at import' },
      ],
      [
        'it exports no definition of the type',
        { 'package.json': manifest, 'dist/index.js': 'export const version = 1;\n' },
        'it exports no scaler definition of type "rabbitmq"',
        undefined,
      ],
    ];
    for (const [situation, files, reason, cause] of failures) {
      const error = await new ScalerRegistry()
        .resolve('rabbitmq', fromProject(project(files)))
        .catch((e: unknown) => e);
      expect(ScalerPackageLoadError.isInstance(error), situation).toBe(true);
      const failure = error as ScalerPackageLoadError;
      expect(failure.code, situation).toBe('SCALER_PACKAGE_LOAD_ERROR');
      expect(failure.packageName, situation).toBe('@scalerkit/rabbitmq');
      expect(failure.triggerType, situation).toBe('rabbitmq');
      expect(failure.message, situation).toContain(
        `registry: @scalerkit/rabbitmq (trigger type "rabbitmq") is installed but failed to load: ${reason}`,
      );
      const kept = failure.cause as { code?: string; message: string } | undefined;
      expect(kept && { code: kept.code, message: kept.message.slice(0, cause?.message.length) }, situation).toEqual(
        cause && { code: cause.code, message: cause.message },
      );
    }
  });
});
