import { constantScaler, FakeClock, scriptedScalerDefinition, slowScaler } from '@scalerkit/testing';
import { describe, expect, it, vi } from 'vitest';
import { type ConnectionCache, connectionKey, createConnectionCache, type Lease } from '../connection-cache.js';
import { ScalerRegistry } from '../registry.js';
import { defineScaler, type Scaler, type ScalerDefinition } from '../types.js';
import { createController } from './controller.js';
import { InMemoryScaleTarget } from './scale-target.js';
import { watchUnhandledRejections } from './test-support.js';

function manifest(name: string, triggers: Record<string, unknown>[], namespace = 'shop') {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name, namespace },
    spec: { scaleTargetRef: { name }, pollingInterval: 10, triggers },
  };
}

/** A fake broker client, counted, shared through `context.connections` by connection key. */
interface BrokerClient {
  host: string;
  depth(queue: string): number;
}

function brokerDefinition() {
  const opened: string[] = [];
  const closed: string[] = [];
  const definition = defineScaler({
    type: 'fake-queue',
    parse: (input) => ({
      host: input.metadata.host ?? '',
      queue: input.metadata.queue ?? '',
      triggerIndex: input.triggerIndex ?? 0,
    }),
    create: (config, context): Scaler => {
      let lease: Promise<Lease<BrokerClient>> | undefined;
      const acquire = (connections: ConnectionCache) =>
        connections.acquire(
          connectionKey('fake-queue', config.host),
          (): BrokerClient => {
            opened.push(config.host);
            return { host: config.host, depth: (queue) => queue.length };
          },
          (client) => {
            closed.push(client.host);
          },
        );
      const metricName = `s${config.triggerIndex}-fake-queue-${config.queue}`;
      return {
        getMetricSpecs: () => [{ metricName, targetType: 'AverageValue', targetValue: 1 }],
        async getMetricsAndActivity(name) {
          lease ??= acquire(context.connections);
          const { client } = await lease;
          const value = client.depth(config.queue);
          return { metrics: [{ metricName: name, value }], isActive: value > 0 };
        },
        async close() {
          await (await lease)?.release();
        },
      };
    },
  });
  return { definition, opened, closed };
}

const unhandled = watchUnhandledRejections();

describe('createController', () => {
  it('shares one client between two ScaledObjects using the same connection key', async () => {
    const clock = new FakeClock();
    const { definition, opened, closed } = brokerDefinition();
    const controller = createController({ clock, registry: new ScalerRegistry().register(definition) });
    const trigger = (queue: string) => ({ type: 'fake-queue', metadata: { host: 'broker-1:5672', queue } });
    const orders = controller.add(manifest('orders', [trigger('orders')]), new InMemoryScaleTarget({ clock }));
    const payments = controller.add(
      manifest('payments', [
        trigger('payments'),
        { type: 'fake-queue', metadata: { host: 'broker-2:5672', queue: 'x' } },
      ]),
      new InMemoryScaleTarget({ clock }),
    );
    await Promise.all([orders.start(), payments.start()]);
    await clock.advance(0);
    expect(opened.sort()).toEqual(['broker-1:5672', 'broker-2:5672']);
    expect(controller.connections.size).toBe(2);
    expect(orders.lastDecision?.desiredReplicas).toBe(1);

    expect(await controller.remove('orders')).toBe(true);
    expect(closed).toEqual([]); // payments still holds broker-1
    expect(controller.list()).toEqual([payments]);

    await controller.stop();
    expect(closed.sort()).toEqual(['broker-1:5672', 'broker-2:5672']);
    expect(controller.connections.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    expect(unhandled).not.toHaveBeenCalled();
  });

  it('finds autoscalers by namespace/name or unambiguous bare name, and refuses duplicates', async () => {
    const clock = new FakeClock();
    const controller = createController({ clock });
    const target = new InMemoryScaleTarget({ clock });
    const a = controller.add(manifest('api', [{ type: 'scripted', metadata: {} }], 'blue'), target, {
      scalers: { '0': constantScaler(1) },
    });
    expect(controller.get('blue/api')).toBe(a);
    expect(controller.get('api')).toBe(a);
    const b = controller.add(manifest('api', [{ type: 'scripted', metadata: {} }], 'green'), target, {
      scalers: { '0': constantScaler(1) },
    });
    expect(controller.get('api')).toBeUndefined();
    expect(controller.get('green/api')).toBe(b);
    expect(() =>
      controller.add(manifest('api', [{ type: 'scripted', metadata: {} }], 'blue'), target, {
        scalers: { '0': constantScaler(1) },
      }),
    ).toThrow('controller: a ScaledObject named "blue/api" is already running');
    expect(await controller.remove('missing')).toBe(false);
    await controller[Symbol.asyncDispose]();
    expect(a.state).toBe('stopped');
    expect(b.state).toBe('stopped');
    expect(() => controller.add(manifest('late', [{ type: 'scripted', metadata: {} }]), target)).toThrow(
      'controller: add() after stop()',
    );
  });

  it('forwards events tagged with the autoscaler name and forgets one that fails to build', async () => {
    const clock = new FakeClock();
    const controller = createController({
      clock,
      registry: new ScalerRegistry().register(scriptedScalerDefinition()),
      hpaSyncPeriodMs: 0,
    });
    const seen: string[] = [];
    controller.on('scale', (event) => seen.push(`${event.autoscaler}: ${event.from}->${event.to}`));
    controller.on('error', (event) => seen.push(`${event.autoscaler}: ${event.phase} ${event.error.code}`));
    controller.add(
      manifest('good', [{ type: 'scripted', metadata: { value: '3', targetValue: '1' } }]),
      new InMemoryScaleTarget({ clock }),
    );
    controller.add(manifest('bad', [{ type: 'scripted', metadata: {} }]), new InMemoryScaleTarget({ clock }));
    await clock.advance(10_000);
    expect(seen).toEqual(['shop/bad: build CONFIG_ERROR', 'shop/good: 0->1', 'shop/good: 1->3']);
    expect(controller.list().map((autoscaler) => autoscaler.name)).toEqual(['shop/good']);
    await controller.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('applies its defaults and lets add() override them; stops when its signal aborts', async () => {
    const clock = new FakeClock();
    const abort = new AbortController();
    const controller = createController({ clock, pollTimeoutMs: 1_234, signal: abort.signal });
    const timeouts: string[] = [];
    controller.on('error', (event) => timeouts.push(`${event.autoscaler}@${event.at}: ${event.error.code}`));
    const slow = () => slowScaler({ delayMs: 5_000, clock });
    const first = controller.add(
      manifest('a', [{ type: 'scripted', metadata: {} }]),
      new InMemoryScaleTarget({ clock }),
      {
        scalers: { '0': slow() },
      },
    );
    const second = controller.add(
      manifest('b', [{ type: 'scripted', metadata: {} }]),
      new InMemoryScaleTarget({ clock }),
      {
        scalers: { '0': slow() },
        pollTimeoutMs: 2_000,
        start: false,
      },
    );
    expect(second.state).toBe('idle');
    await second.start();
    await clock.advance(3_000);
    expect(timeouts).toEqual(['shop/a@1234: TIMEOUT', 'shop/b@2000: TIMEOUT']);
    abort.abort();
    await controller.stop();
    expect([first.state, second.state]).toEqual(['stopped', 'stopped']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a signal aborted before creation stops it at once: add() is refused', async () => {
    const controller = createController({ signal: AbortSignal.abort() });
    expect(() =>
      controller.add(manifest('late', [{ type: 'scripted', metadata: {} }]), new InMemoryScaleTarget()),
    ).toThrow('controller: add() after stop()');
    await controller.stop();
  });

  it('a removed autoscaler whose build fails later does not forget a newer one of the same name', async () => {
    const clock = new FakeClock();
    const controller = createController({ clock, hpaSyncPeriodMs: 0 });
    let fail!: (error: Error) => void;
    const pending = new Promise<ScalerDefinition<unknown>>((_resolve, reject) => {
      fail = reject;
    });
    const so = manifest('x', [{ type: 'scripted', metadata: {} }]);
    controller.add(so, new InMemoryScaleTarget({ clock }), {
      registry: { resolve: () => pending } as unknown as ScalerRegistry,
    });
    const removing = controller.remove('shop/x');
    const second = controller.add(so, new InMemoryScaleTarget({ clock }), { scalers: { '0': constantScaler(1) } });
    fail(new Error('registry down'));
    expect(await removing).toBe(true);
    await clock.advance(0);
    expect(controller.get('shop/x')).toBe(second);
    expect(second.state).toBe('running');
    await controller.stop();
  });

  it('leaves a connection cache it was given open when it stops', async () => {
    const clock = new FakeClock();
    const connections = createConnectionCache();
    const closeAll = vi.spyOn(connections, 'closeAll');
    const controller = createController({ clock, connections, hpaSyncPeriodMs: 0 });
    expect(controller.connections).toBe(connections);
    controller.add(manifest('y', [{ type: 'scripted', metadata: {} }]), new InMemoryScaleTarget({ clock }), {
      scalers: { '0': constantScaler(1) },
    });
    await clock.advance(0);
    await controller.stop();
    expect(closeAll).not.toHaveBeenCalled();
  });

  it.each([
    ['stopTimeoutMs', { stopTimeoutMs: 4_000 }, 4_000],
    ['the default without a poll timeout, 10 s + 5 s', { pollTimeoutMs: 0 }, 15_000],
  ])('stop() settles within %s when a shared client never finishes closing', async (_name, options, bound) => {
    const clock = new FakeClock();
    const warn = vi.fn();
    const logger = { debug: vi.fn(), info: vi.fn(), warn, error: vi.fn() };
    const controller = createController({ clock, hpaSyncPeriodMs: 0, logger, ...options });
    // A client left in the cache whose close never returns (e.g. a disconnect from a frozen broker).
    await controller.connections.acquire(
      'stuck',
      () => ({}),
      () => new Promise<void>(() => {}),
    );
    let stopped = false;
    controller.stop().then(() => {
      stopped = true;
    });
    await clock.advance(bound - 1);
    expect(stopped).toBe(false);
    await clock.advance(1);
    expect(stopped).toBe(true);
    expect(warn).toHaveBeenCalledWith(
      `controller: the shared connections did not close within ${bound} ms; left closing in the background`,
      undefined,
    );
  });
});
