import {
  constantScaler,
  FakeClock,
  failingScaler,
  pushScaler,
  type ScriptStep,
  scriptedScaler,
  scriptedScalerDefinition,
  slowScaler,
} from '@scalerkit/testing';
import { describe, expect, it, vi } from 'vitest';
import { systemClock } from '../clock.js';
import { ScaledObjectValidationError, ScalerConfigError, UnknownTriggerTypeError } from '../errors.js';
import { ScalerRegistry } from '../registry.js';
import { defineScaler, type Scaler, type ScalerContext } from '../types.js';
import { type AutoscalerOptions, asyncDisposeSymbol, createAutoscaler } from './autoscaler.js';
import type { AutoscalerErrorEvent, DecisionEvent } from './events.js';
import { InMemoryScaleTarget, type ScaleTarget } from './scale-target.js';
import { manifest, watchUnhandledRejections } from './test-support.js';

const unhandled = watchUnhandledRejections();

function setup(options: Partial<AutoscalerOptions> & { replicas?: number; clock?: FakeClock } = {}) {
  const clock = options.clock ?? new FakeClock();
  const target = new InMemoryScaleTarget({ replicas: options.replicas ?? 0, clock });
  // Merged mode unless a test asks for the two loops (see 'two loops' below).
  const autoscaler = createAutoscaler({ scaledObject: manifest(), target, clock, hpaSyncPeriodMs: 0, ...options });
  const decisions: DecisionEvent[] = [];
  const errors: AutoscalerErrorEvent[] = [];
  autoscaler.on('decision', (event) => decisions.push(event));
  autoscaler.on('error', (event) => errors.push(event));
  return { clock, target, autoscaler, decisions, errors };
}

const transitions = (target: InMemoryScaleTarget) => target.history.map(({ at, from, to }) => ({ at, from, to }));

describe('createAutoscaler', () => {
  it('polls at once on start, then every pollingInterval', async () => {
    const clock = new FakeClock();
    const scaler = constantScaler(0, { clock });
    const { autoscaler, decisions } = setup({ clock, scalers: { '0': scaler } });
    await autoscaler.start();
    await clock.advance(0);
    expect(scaler.calls.map((call) => call.at)).toEqual([0]);
    expect(decisions).toHaveLength(1);
    await clock.advance(35_000);
    expect(scaler.calls.map((call) => call.at)).toEqual([0, 10_000, 20_000, 30_000]);
    expect(decisions.map((event) => event.at)).toEqual([0, 10_000, 20_000, 30_000]);
    expect(decisions.every((event) => event.cause === 'poll')).toBe(true);
    await autoscaler.stop();
  });

  it('never overlaps two polls of a trigger: a slow poll delays the next one to its end', async () => {
    const clock = new FakeClock();
    const scaler = slowScaler({ delayMs: 15_000, clock, value: 1 });
    const { autoscaler, errors } = setup({ clock, scalers: { '0': scaler }, pollTimeoutMs: 20_000 });
    await autoscaler.start();
    await clock.advance(50_000);
    expect(scaler.calls.map((call) => call.at)).toEqual([0, 15_000, 30_000, 45_000]);
    expect(scaler.maxInFlight).toBe(1);
    expect(errors).toEqual([]);
    await autoscaler.stop();
  });

  it('times a hung trigger out after min(pollingInterval, 10 s) and feeds the engine an erroring trigger', async () => {
    const clock = new FakeClock();
    const scaler = slowScaler({ delayMs: 60_000, clock });
    const polls: Record<string, unknown>[] = [];
    const { autoscaler, errors, decisions } = setup({
      clock,
      scaledObject: manifest({ pollingInterval: 30 }),
      scalers: { '0': scaler },
    });
    autoscaler.on('poll', (event) => polls.push(event.triggers));
    await autoscaler.start();
    await clock.advance(9_999);
    expect(errors).toEqual([]);
    await clock.advance(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ at: 10_000, phase: 'poll', triggerKey: '0' });
    expect(errors[0]?.error.code).toBe('TIMEOUT');
    expect(errors[0]?.error.message).toBe(
      'scripted trigger 0: getMetricsAndActivity("s0-scripted") timed out after 10000 ms',
    );
    expect(polls[0]).toEqual({ '0': { isActive: false, metrics: [], error: errors[0]?.error } });
    expect(decisions[0]?.decision.isError).toBe(true);
    expect(clock.nextTimerAt()).toBe(30_000);
    await autoscaler.stop();
  });

  it('calls setReplicas only when the count changes', async () => {
    const clock = new FakeClock();
    const target = new InMemoryScaleTarget({ clock });
    const setReplicas = vi.spyOn(target, 'setReplicas');
    const { autoscaler, decisions } = setup({
      clock,
      target,
      scalers: { '0': constantScaler(25, { targetValue: 10, clock }) },
    });
    const scales: [number, number][] = [];
    autoscaler.on('scale', ({ from, to }) => scales.push([from, to]));
    await autoscaler.start();
    await clock.advance(40_000);
    expect(decisions.map((event) => event.decision.desiredReplicas)).toEqual([1, 3, 3, 3, 3]);
    expect(setReplicas.mock.calls.map(([n]) => n)).toEqual([1, 3]);
    expect(setReplicas.mock.calls[1]?.[1]).toBe(decisions[1]?.decision);
    expect(scales).toEqual([
      [0, 1],
      [1, 3],
    ]);
    expect(autoscaler.lastDecision).toBe(decisions[4]?.decision);
    await autoscaler.stop();
  });

  it('scales from zero when active and back to zero after the cooldown, through the real engine', async () => {
    const clock = new FakeClock();
    const series: ScriptStep[] = [
      { at: 0, value: 0 },
      { at: 20_000, value: 5 },
      { at: 40_000, value: 0 },
    ];
    const { autoscaler, target, decisions } = setup({
      clock,
      scalers: { '0': scriptedScaler({ targetValue: 10, series, clock }) },
    });
    await autoscaler.start();
    await clock.advance(120_000);
    // last active poll at 30 s; cooldown 60 s ends strictly after 90 s: the 100 s poll scales to zero
    expect(transitions(target)).toEqual([
      { at: 20_000, from: 0, to: 1 },
      { at: 100_000, from: 1, to: 0 },
    ]);
    expect(decisions.find((event) => event.at === 20_000)?.decision.reason).toBe('ScaledFromZero');
    expect(decisions.find((event) => event.at === 90_000)?.decision.reason).toBe('Cooldown');
    expect(decisions.find((event) => event.at === 100_000)?.decision.reason).toBe('ScaledToZero');
    await autoscaler.stop();
  });

  it('decides at once on a pushed activation and ignores pushed deactivations', async () => {
    const clock = new FakeClock();
    const scaler = pushScaler({ value: 0, clock });
    const { autoscaler, target, decisions } = setup({ clock, scalers: { '0': scaler } });
    await autoscaler.start();
    await clock.advance(5_000);
    expect(scaler.running).toBe(true);
    expect(decisions.map((event) => event.cause)).toEqual(['poll']);
    scaler.push(true);
    await clock.flush();
    expect(decisions.map((event) => [event.at, event.cause])).toEqual([
      [0, 'poll'],
      [5_000, 'push'],
    ]);
    expect(transitions(target)).toEqual([{ at: 5_000, from: 0, to: 1 }]);
    scaler.push(false);
    await clock.flush();
    expect(decisions).toHaveLength(2);
    await autoscaler.stop();
    expect(scaler.running).toBe(false);
  });

  it('decides on a pushed false too with pushDeactivation', async () => {
    const clock = new FakeClock();
    const scaler = pushScaler({ clock });
    const { autoscaler, decisions } = setup({ clock, scalers: { '0': scaler }, pushDeactivation: true });
    await autoscaler.start();
    await clock.advance(1_000);
    scaler.push(false);
    await clock.flush();
    expect(decisions.map((event) => event.cause)).toEqual(['poll', 'push']);
    await autoscaler.stop();
  });

  it('reports target errors as error events and keeps polling', async () => {
    const clock = new FakeClock();
    const inner = new InMemoryScaleTarget({ clock });
    let failGet = 1;
    let failSet = 1;
    const target: ScaleTarget = {
      getReplicas: async () => {
        if (failGet-- > 0) throw new Error('api server unavailable');
        return inner.getReplicas();
      },
      setReplicas: async (n, decision) => {
        if (failSet-- > 0) throw new Error('conflict');
        await inner.setReplicas(n, decision);
      },
    };
    const { autoscaler, errors } = setup({ clock, target, scalers: { '0': constantScaler(5, { clock }) } });
    await autoscaler.start();
    await clock.advance(20_000);
    expect(errors.map((event) => [event.at, event.phase, event.error.message])).toEqual([
      [0, 'getReplicas', 'reading the target replicas failed: api server unavailable'],
      [10_000, 'setReplicas', 'scaling the target to 1 failed: conflict'],
    ]);
    expect(errors[0]?.error.cause).toEqual(new Error('api server unavailable'));
    expect(transitions(inner)).toEqual([{ at: 20_000, from: 0, to: 1 }]);
    await autoscaler.stop();
  });

  it('reports a malformed replica count from the target', async () => {
    const clock = new FakeClock();
    const target: ScaleTarget = {
      getReplicas: async () => ({ replicas: -2 }),
      setReplicas: async () => {},
    };
    const { autoscaler, errors, decisions } = setup({ clock, target, scalers: { '0': constantScaler(1) } });
    await autoscaler.start();
    await clock.advance(0);
    expect(errors.map((event) => event.error.message)).toEqual([
      'target.getReplicas() returned replicas -2, expected an integer >= 0',
    ]);
    expect(decisions).toEqual([]);
    await autoscaler.stop();
  });

  it('logs an error event nobody listens to instead of throwing, and survives throwing listeners', async () => {
    const clock = new FakeClock();
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const autoscaler = createAutoscaler({
      scaledObject: manifest(),
      target: new InMemoryScaleTarget({ clock }),
      clock,
      hpaSyncPeriodMs: 0,
      logger,
      scalers: { '0': failingScaler('boom') },
    });
    autoscaler.on('decision', () => {
      throw new Error('listener bug');
    });
    await autoscaler.start();
    await clock.advance(10_000);
    expect(autoscaler.lastDecision?.isError).toBe(true);
    expect(logger.warn).toHaveBeenCalledWith('autoscaler shop/orders: poll error: scripted trigger 0: boom', {
      code: 'SCALER_ERROR',
      triggerKey: '0',
    });
    expect(logger.error).toHaveBeenCalledWith('event listener threw', { event: 'decision', error: 'listener bug' });
    await autoscaler.stop();
    expect(unhandled).not.toHaveBeenCalled();
  });

  it('polls triggers in parallel and passes every trigger to the engine by key', async () => {
    const clock = new FakeClock();
    const slow = slowScaler({ delayMs: 4_000, clock, value: 30, targetValue: 10, metricName: 'slow', triggerIndex: 1 });
    const fast = constantScaler(8, { clock, targetValue: 2, metricName: 'fast' });
    const polls: { at: number; finishedAt: number; keys: string[] }[] = [];
    const { autoscaler, decisions } = setup({
      clock,
      replicas: 1,
      scaledObject: manifest({}, [{ type: 'scripted' }, { type: 'scripted', name: 'queue' }]),
      scalers: { '0': fast, queue: slow },
    });
    autoscaler.on('poll', (event) =>
      polls.push({ at: event.at, finishedAt: event.finishedAt, keys: Object.keys(event.triggers) }),
    );
    await autoscaler.start();
    await clock.advance(4_000);
    expect(fast.calls.map((call) => call.at)).toEqual([0]);
    expect(slow.calls.map((call) => call.at)).toEqual([0]);
    expect(polls).toEqual([{ at: 0, finishedAt: 4_000, keys: ['0', 'queue'] }]);
    // 8/2 = 4 and 30/10 = 3 replicas: the HPA takes the max
    expect(decisions[0]?.decision.desiredReplicas).toBe(4);
    await autoscaler.stop();
  });

  it('queries each metric of a multi-metric trigger: the last activity wins, an error marks the trigger', async () => {
    const clock = new FakeClock();
    const answers: Record<
      string,
      () => Promise<{ metrics: { metricName: string; value: number }[]; isActive: boolean }>
    > = {
      's0-a': async () => ({ metrics: [{ metricName: 's0-a', value: 4 }], isActive: true }),
      's0-b': async () => ({ metrics: [{ metricName: 's0-b', value: 0 }], isActive: false }),
    };
    const scaler: Scaler = {
      getMetricSpecs: () => [
        { metricName: 's0-a', targetType: 'AverageValue', targetValue: 1 },
        { metricName: 's0-b', targetType: 'AverageValue', targetValue: 1 },
      ],
      getMetricsAndActivity: (name) => (answers[name] as () => ReturnType<Scaler['getMetricsAndActivity']>)(),
      close: async () => {},
    };
    const polls: unknown[] = [];
    const { autoscaler } = setup({ clock, scalers: { '0': scaler }, refreshOnError: false });
    autoscaler.on('poll', (event) => polls.push(event.triggers['0']));
    await autoscaler.start();
    await clock.advance(0);
    const failure = new Error('b unavailable');
    answers['s0-b'] = async () => {
      throw failure;
    };
    await clock.advance(10_000);
    expect(polls[0]).toEqual({
      isActive: false,
      metrics: [
        { metricName: 's0-a', value: 4 },
        { metricName: 's0-b', value: 0 },
      ],
    });
    expect(polls[1]).toMatchObject({
      isActive: true,
      metrics: [{ metricName: 's0-a', value: 4 }],
      error: { message: 'scripted trigger 0: b unavailable', cause: failure },
    });
    await autoscaler.stop();
  });

  describe('stop()', () => {
    it('leaves no timer, closes each scaler once, and rejects nothing unhandled', async () => {
      const clock = new FakeClock();
      const scalers = { '0': slowScaler({ delayMs: 5_000, clock }), queue: pushScaler({ clock, triggerIndex: 1 }) };
      const { autoscaler, decisions } = setup({
        clock,
        scaledObject: manifest({}, [{ type: 'scripted' }, { type: 'scripted', name: 'queue' }]),
        scalers,
      });
      await autoscaler.start();
      await clock.advance(12_000); // the second poll is in flight
      expect(scalers['0'].inFlight).toBe(1);
      expect(clock.pendingTimers).toBe(3); // next tick, poll timeout, the scaler's own wait
      const stopping = autoscaler.stop();
      expect(autoscaler.stop()).toBe(stopping);
      expect(autoscaler.state).toBe('stopping');
      await stopping;
      await autoscaler.stop();
      expect(autoscaler.state).toBe('stopped');
      expect(clock.pendingTimers).toBe(0);
      expect(scalers['0'].inFlight).toBe(0);
      expect(scalers['0'].closeCount).toBe(1);
      expect(scalers.queue.closeCount).toBe(1);
      expect(scalers.queue.running).toBe(false);
      expect(decisions).toHaveLength(1); // the aborted poll decides nothing
      await clock.advance(60_000);
      expect(scalers['0'].calls).toHaveLength(2);
      expect(unhandled).not.toHaveBeenCalled();
    });

    it('works through Symbol.asyncDispose', async () => {
      const clock = new FakeClock();
      const scaler = constantScaler(1, { clock });
      const { autoscaler } = setup({ clock, scalers: { '0': scaler } });
      await autoscaler.start();
      await clock.advance(0);
      expect(asyncDisposeSymbol).toBe(Symbol.asyncDispose);
      await autoscaler[Symbol.asyncDispose]();
      expect(autoscaler.state).toBe('stopped');
      expect(scaler.closeCount).toBe(1);
      expect(clock.pendingTimers).toBe(0);
    });

    it('stops when the signal option aborts, and refuses start() and pollNow() afterwards', async () => {
      const clock = new FakeClock();
      const controller = new AbortController();
      const scaler = constantScaler(1, { clock });
      const { autoscaler } = setup({ clock, scalers: { '0': scaler }, signal: controller.signal });
      await autoscaler.start();
      controller.abort();
      await autoscaler.stop();
      expect(scaler.closeCount).toBe(1);
      expect(clock.pendingTimers).toBe(0);
      await expect(autoscaler.pollNow()).rejects.toThrow(
        'autoscaler "shop/orders": pollNow() needs a running autoscaler (state stopped)',
      );
      const fresh = createAutoscaler({
        scaledObject: manifest(),
        target: new InMemoryScaleTarget(),
        scalers: { '0': constantScaler(1) },
      });
      await fresh.stop();
      await expect(fresh.start()).rejects.toThrow('autoscaler "shop/orders": start() after stop()');
    });

    it('leaves no new active resources with real timers', async () => {
      const resources = () =>
        process
          .getActiveResourcesInfo()
          .filter((name) => name !== 'TTYWrap')
          .sort();
      const before = resources();
      const autoscaler = createAutoscaler({
        scaledObject: manifest({ pollingInterval: 1 }),
        target: new InMemoryScaleTarget(),
        clock: systemClock,
        scalers: { '0': constantScaler(3) },
      });
      // Default two-loop mode: the HPA sync and the poll both arm timers.
      const firstDecision = new Promise<DecisionEvent>((resolve) =>
        autoscaler.on('decision', (event) => {
          if (event.cause === 'poll') resolve(event);
        }),
      );
      await autoscaler.start();
      expect((await firstDecision).decision.desiredReplicas).toBe(1);
      expect(resources().filter((name) => name === 'Timeout').length).toBeGreaterThan(
        before.filter((name) => name === 'Timeout').length,
      );
      await autoscaler.stop();
      expect(resources()).toEqual(before);
    });
  });

  describe('connections', () => {
    it('gives scalers its own connection cache and closes it on stop, even for a lease never released', async () => {
      const clock = new FakeClock();
      const closed: string[] = [];
      let sharedSize = -1;
      const definition = defineScaler({
        type: 'leaky',
        parse: (input) => ({ triggerIndex: input.triggerIndex ?? 0 }),
        create: (config, context) => ({
          getMetricSpecs: () => [
            { metricName: `s${config.triggerIndex}-leaky`, targetType: 'AverageValue' as const, targetValue: 1 },
          ],
          async getMetricsAndActivity(metricName: string) {
            await context.connections.acquire(
              'leaky|host',
              () => 'client',
              (client) => {
                closed.push(client);
              },
            );
            sharedSize = context.connections.size;
            return { metrics: [{ metricName, value: 1 }], isActive: true };
          },
          close: async () => {},
        }),
      });
      const { autoscaler } = setup({
        clock,
        scaledObject: manifest({}, [{ type: 'leaky' }]),
        registry: new ScalerRegistry().register(definition),
      });
      await autoscaler.start();
      await clock.advance(0);
      expect(sharedSize).toBe(1);
      await autoscaler.stop();
      expect(closed).toEqual(['client']);
    });
  });

  describe('engine state', () => {
    it('restores an engine snapshot, so a restarted autoscaler keeps its cooldown', async () => {
      const clock = new FakeClock();
      const series: ScriptStep[] = [
        { at: 0, value: 5 },
        { at: 5_000, value: 0 },
      ];
      const first = setup({ clock, scalers: { '0': scriptedScaler({ targetValue: 10, series, clock }) } });
      await first.autoscaler.start();
      await clock.advance(0);
      const snapshot = first.autoscaler.engine?.snapshot();
      await first.autoscaler.stop();
      expect(snapshot?.lastActiveTime).toBe(0);
      await clock.advance(5_000);

      const restarted = setup({
        clock,
        replicas: 1,
        engineSnapshot: snapshot,
        scalers: { '0': scriptedScaler({ targetValue: 10, series, clock }) },
      });
      await restarted.autoscaler.start();
      await clock.advance(10_000);
      expect(restarted.decisions.map((event) => event.decision.reason)).toEqual(['Cooldown', 'Cooldown']);

      const fresh = setup({
        clock,
        replicas: 1,
        scalers: { '0': scriptedScaler({ targetValue: 10, series, clock }) },
      });
      await fresh.autoscaler.start();
      await clock.advance(10_000);
      // never active since its creation (now) and initialCooldownPeriod 0: scales in at the next poll
      expect(fresh.decisions.map((event) => [event.at, event.decision.reason])).toEqual([
        [15_000, 'Cooldown'],
        [25_000, 'ScaledToZero'],
      ]);
      await Promise.all([restarted.autoscaler.stop(), fresh.autoscaler.stop()]);
    });
  });

  describe('pollNow()', () => {
    it('polls and decides at once, outside the schedule', async () => {
      const clock = new FakeClock();
      const scaler = constantScaler(0, { clock });
      const { autoscaler } = setup({ clock, scalers: { '0': scaler } });
      await autoscaler.start();
      await clock.advance(3_000);
      const decision = await autoscaler.pollNow();
      expect(decision).toBe(autoscaler.lastDecision);
      expect(decision?.reason).toBe('NoChange');
      expect(scaler.calls.map((call) => call.at)).toEqual([0, 3_000]);
      await clock.advance(7_000);
      expect(scaler.calls.map((call) => call.at)).toEqual([0, 3_000, 10_000]);
      await autoscaler.stop();
    });
  });

  describe('building scalers', () => {
    const registryWith = () => new ScalerRegistry().register(scriptedScalerDefinition());

    it('builds scalers through the registry from the YAML, with the trigger index and name', async () => {
      const clock = new FakeClock();
      const yaml = `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: api }
spec:
  scaleTargetRef: { name: api }
  pollingInterval: 5
  minReplicaCount: 2
  triggers:
    - type: scripted
      metadata: { value: "10", targetValue: "5" }
    - type: scripted
      name: backlog
      metricType: Value
      metadata: { value: "4", targetValue: "1", metricName: backlog }
`;
      const target = new InMemoryScaleTarget({ replicas: 2, clock });
      const autoscaler = createAutoscaler({
        scaledObject: yaml,
        target,
        clock,
        registry: registryWith(),
        hpaSyncPeriodMs: 0,
      });
      expect(autoscaler.name).toBe('api');
      await autoscaler.start();
      await clock.advance(0);
      expect(autoscaler.lastDecision?.explanation.hpa.metrics.map((m) => [m.metricName, m.targetType])).toEqual([
        ['s0-scripted', 'AverageValue'],
        ['s1-backlog', 'Value'],
      ]);
      // Value: 4 / 1 * 2 ready = 8 replicas; AverageValue: 10 / 5 = 2
      expect(transitions(target)).toEqual([{ at: 0, from: 2, to: 4 }]);
      await autoscaler.stop();
    });

    it('passes resolved authentication parameters, authParams and resolvedEnv to parse()', async () => {
      const parse = vi.fn((input) => input);
      const definition = defineScaler({
        type: 'probe',
        parse,
        create: () => constantScaler(1, { metricName: 'probe' }),
      });
      const autoscaler = createAutoscaler({
        scaledObject: manifest({}, [
          {
            type: 'probe',
            name: 'q',
            metadata: { host: 'h', passwordFromEnv: 'PW' },
            authenticationRef: { name: 'creds' },
          },
        ]),
        target: new InMemoryScaleTarget(),
        clock: new FakeClock(),
        registry: new ScalerRegistry().register(definition),
        authentication: {
          authentications: [
            {
              apiVersion: 'keda.sh/v1alpha1',
              kind: 'TriggerAuthentication',
              metadata: { name: 'creds', namespace: 'shop' },
              spec: { env: [{ parameter: 'username', name: 'USER' }] },
            },
          ],
        },
        authParams: { q: { token: 't' } },
        resolvedEnv: { USER: 'app', PW: 'secret' },
      });
      await autoscaler.start();
      expect(parse).toHaveBeenCalledWith(
        {
          metadata: { host: 'h', passwordFromEnv: 'PW' },
          authParams: { username: 'app', token: 't' },
          resolvedEnv: { USER: 'app', PW: 'secret' },
          triggerIndex: 0,
          triggerName: 'q',
          metricType: 'AverageValue',
          asMetricSource: false,
        },
        // The parse context: its emit reaches the autoscaler's scalerEvent.
        { emit: expect.any(Function) },
      );
      await autoscaler.stop();
    });

    it('tells parse() the trigger is a metric source when the ScaledObject uses scalingModifiers', async () => {
      const parse = vi.fn((input: { triggerIndex?: number }) => input);
      const definition = defineScaler({
        type: 'probe',
        parse,
        create: () => constantScaler(1, { metricName: 'probe' }),
      });
      const autoscaler = createAutoscaler({
        scaledObject: manifest({ advanced: { scalingModifiers: { formula: 'q * 2', target: '5' } } }, [
          { type: 'probe', name: 'q' },
        ]),
        target: new InMemoryScaleTarget(),
        clock: new FakeClock(),
        registry: new ScalerRegistry().register(definition),
      });
      await autoscaler.start();
      expect(parse.mock.calls[0]?.[0]).toMatchObject({ triggerName: 'q', asMetricSource: true });
      await autoscaler.stop();
    });

    it('gives scalers a context: notices become scalerEvent events, the signal aborts on stop, the poll timeout', async () => {
      const clock = new FakeClock();
      let context: ScalerContext | undefined;
      const definition = defineScaler({
        type: 'noisy',
        parse: () => ({}),
        create: (_config, given) => {
          context = given;
          given.emit?.({ type: 'Normal', reason: 'KEDAScalersInfo', message: 'scaler noisy info: deprecated key' });
          return constantScaler(1, { metricName: 'noisy' });
        },
      });
      const notices: unknown[] = [];
      const { autoscaler } = setup({
        clock,
        scaledObject: manifest({}, [{ type: 'noisy', name: 'n' }]),
        registry: new ScalerRegistry().register(definition),
        pollTimeoutMs: 2_500,
      });
      autoscaler.on('scalerEvent', (event) => notices.push(event));
      await autoscaler.start();
      expect(notices).toEqual([
        {
          at: 0,
          triggerKey: 'n',
          type: 'Normal',
          reason: 'KEDAScalersInfo',
          message: 'scaler noisy info: deprecated key',
        },
      ]);
      expect(context?.timeoutMs).toBe(2_500);
      expect(context?.signal.aborted).toBe(false);
      await autoscaler.stop();
      expect(context?.signal.aborted).toBe(true);
    });

    it('rebuilds a failing scaler through its definition and retries once (refresh-and-retry)', async () => {
      const clock = new FakeClock();
      const created: Scaler[] = [];
      let attempt = 0;
      const definition = defineScaler({
        type: 'flaky',
        parse: () => ({}),
        create: () => {
          const scaler =
            attempt++ === 0
              ? failingScaler('stale', { metricName: 'flaky' })
              : constantScaler(2, { metricName: 'flaky' });
          created.push(scaler);
          return scaler;
        },
      });
      const { autoscaler, errors, decisions } = setup({
        clock,
        scaledObject: manifest({}, [{ type: 'flaky' }]),
        registry: new ScalerRegistry().register(definition),
      });
      await autoscaler.start();
      await clock.advance(0);
      expect(created).toHaveLength(2);
      expect(errors).toEqual([]);
      expect(decisions[0]?.decision.isActive).toBe(true);
      await autoscaler.stop();
      expect(created.map((scaler) => (scaler as ReturnType<typeof constantScaler>).closeCount)).toEqual([1, 1]);
    });

    it('rejects start() with the config error and closes the scalers already built', async () => {
      const first = constantScaler(1);
      const { autoscaler, errors } = setup({
        scaledObject: manifest({}, [
          { type: 'scripted', name: 'ok' },
          { type: 'scripted', metadata: { value: '1' } },
        ]),
        registry: registryWith(),
        scalers: { ok: first },
      });
      const error = await autoscaler.start().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(ScalerConfigError.isInstance(error)).toBe(true);
      expect((error as ScalerConfigError).parameter).toBe('targetValue');
      expect(errors.map((event) => event.phase)).toEqual(['build']);
      expect(first.closeCount).toBe(1);
      expect(autoscaler.state).toBe('stopped');
    });

    it('rejects an unknown trigger type naming the registered types', async () => {
      const { autoscaler } = setup({ scaledObject: manifest({}, [{ type: 'nope' }]), registry: registryWith() });
      const error = await autoscaler.start().catch((e: unknown) => e);
      expect(UnknownTriggerTypeError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain('Registered types: scripted.');
    });

    it('rejects ready-made scalers keyed by no trigger', async () => {
      const { autoscaler } = setup({ scalers: { orders: constantScaler(1) } });
      await expect(autoscaler.start()).rejects.toThrow(
        'autoscaler: scalers["orders"] matches no trigger; trigger keys are the trigger name, or its index when unnamed: 0',
      );
    });

    it('rejects an invalid manifest, target or timeout at creation', () => {
      const target = new InMemoryScaleTarget();
      expect(() => createAutoscaler({ scaledObject: manifest({ maxReplicaCount: 0 }), target })).toThrow(
        ScaledObjectValidationError,
      );
      expect(() => createAutoscaler({ scaledObject: manifest(), target: {} as ScaleTarget })).toThrow(
        'autoscaler "shop/orders": option "target" must be a ScaleTarget with getReplicas() and setReplicas()',
      );
      expect(() => createAutoscaler({ scaledObject: manifest(), target, pollTimeoutMs: -1 })).toThrow(
        'autoscaler "shop/orders": option "pollTimeoutMs" must be a number >= 0 (0: no timeout), got -1',
      );
    });
  });
});
