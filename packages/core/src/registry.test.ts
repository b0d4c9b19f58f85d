import { describe, expect, it } from 'vitest';
import { UnknownTriggerTypeError } from './errors.js';
import { ScalerRegistry } from './registry.js';
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
