// The loop's less travelled paths: inputs that only look parsed, stops that land mid-build or mid-decision,
// HPA syncs that fetch nothing (Kubernetes v1.33 reconcileAutoscaler), pushes before the first poll (KEDA v2.21
// startPushScalers in pkg/scaling/scale_handler.go).
import { constantScaler, FakeClock, pushScaler } from '@scalerkit/testing';
import { describe, expect, it, vi } from 'vitest';
import { ScaledObjectValidationError } from '../errors.js';
import type { Logger } from '../logger.js';
import { parseScaledObject } from '../manifest/index.js';
import type { ScaledObject } from '../manifest/types.js';
import type { ScalerRegistry } from '../registry.js';
import { defineScaler, type PushScaler, type Scaler, type ScalerDefinition } from '../types.js';
import { type AutoscalerOptions, createAutoscaler } from './autoscaler.js';
import type { AutoscalerErrorEvent, DecisionEvent } from './events.js';
import { InMemoryScaleTarget, type ScaleTarget } from './scale-target.js';

function manifest(
  spec: Record<string, unknown> = {},
  triggers: Record<string, unknown>[] = [{ type: 'scripted' }],
  metadata: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'orders', namespace: 'shop', ...metadata },
    spec: {
      scaleTargetRef: { name: 'worker' },
      pollingInterval: 10,
      cooldownPeriod: 60,
      minReplicaCount: 0,
      maxReplicaCount: 10,
      triggers: triggers.map((trigger) => ({ metadata: {}, ...trigger })),
      ...spec,
    },
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function recordingLogger() {
  const lines: [string, string, Record<string, unknown> | undefined][] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push([level, message, fields]);
  };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

function setup(options: Partial<AutoscalerOptions> & { replicas?: number; clock?: FakeClock } = {}) {
  const clock = options.clock ?? new FakeClock();
  const memory = new InMemoryScaleTarget({ replicas: options.replicas ?? 0, clock });
  const autoscaler = createAutoscaler({
    scaledObject: manifest(),
    target: memory,
    clock,
    hpaSyncPeriodMs: 0,
    ...options,
  });
  const decisions: DecisionEvent[] = [];
  const errors: AutoscalerErrorEvent[] = [];
  autoscaler.on('decision', (event) => decisions.push(event));
  autoscaler.on('error', (event) => errors.push(event));
  return { clock, target: memory, autoscaler, decisions, errors };
}

/** A definition that records what parse() received; its scaler reports `value` and counts its calls. */
function recorderDefinition(value = 0) {
  const inputs: Parameters<ScalerDefinition<unknown>['parse']>[0][] = [];
  const scalers: { calls: number; closed: number }[] = [];
  const definition = defineScaler({
    type: 'recorder',
    parse: (input) => {
      inputs.push(input);
      return { index: input.triggerIndex ?? 0 };
    },
    create: (config): Scaler => {
      const probe = { calls: 0, closed: 0 };
      scalers.push(probe);
      return {
        getMetricSpecs: () => [{ metricName: `s${config.index}-recorder`, targetType: 'AverageValue', targetValue: 1 }],
        async getMetricsAndActivity(metricName) {
          probe.calls += 1;
          return { metrics: [{ metricName, value }], isActive: value > 0 };
        },
        close: async () => {
          probe.closed += 1;
        },
      };
    },
  });
  return { definition, inputs, scalers };
}

const registryOf = (definition: ScalerDefinition<unknown>) =>
  ({ resolve: async () => definition }) as unknown as ScalerRegistry;

describe('createAutoscaler: the ScaledObject argument', () => {
  it('takes a parsed ScaledObject as it is', () => {
    const so = parseScaledObject(manifest());
    const { autoscaler } = setup({ scaledObject: so });
    expect(autoscaler.scaledObject).toBe(so);
  });

  it.each([
    ['spec.triggers is not a list', (so: ScaledObject) => ({ ...so, spec: { ...so.spec, triggers: 'x' } })],
    [
      'spec.pollingInterval is a string',
      (so: ScaledObject) => ({ ...so, spec: { ...so.spec, pollingInterval: '10' } }),
    ],
  ])('an object that only looks parsed (%s) is validated and refused', (_name, spoil) => {
    const scaledObject = spoil(parseScaledObject(manifest()));
    expect(() => setup({ scaledObject })).toThrow(ScaledObjectValidationError);
  });

  it('initialCooldownPeriod counts from metadata.creationTimestamp, and ends strictly after it (KEDA RequestScale)', async () => {
    const created = Date.parse('2024-01-01T00:00:00Z');
    const clock = new FakeClock(created + 50_000);
    const { autoscaler, decisions } = setup({
      clock,
      replicas: 1,
      scaledObject: manifest({ initialCooldownPeriod: 60 }, [{ type: 'scripted' }], {
        creationTimestamp: '2024-01-01T00:00:00Z',
      }),
      scalers: { '0': constantScaler(0, { clock }) },
    });
    await autoscaler.start();
    await clock.advance(20_000);
    expect(decisions.map((event) => event.decision.reason)).toEqual(['Cooldown', 'Cooldown', 'ScaledToZero']);
    expect(decisions[0]?.decision.explanation.executor.cooldown).toEqual({
      period: 'initialCooldownPeriod',
      since: created,
      endsAt: created + 60_000,
      remainingMs: 10_000,
    });
    expect(decisions[1]?.decision.explanation.executor.cooldown?.remainingMs).toBe(0);
    await autoscaler.stop();
  });

  it('a signal aborted before creation stops it at once; start() is then refused', async () => {
    const { autoscaler } = setup({ signal: AbortSignal.abort() });
    expect(autoscaler.state).toBe('stopping');
    await autoscaler.stop();
    expect(autoscaler.state).toBe('stopped');
    await expect(autoscaler.start()).rejects.toThrow('autoscaler "shop/orders": start() after stop()');
  });
});

describe('createAutoscaler: building the scalers', () => {
  it("logs a scaler's Warning events as warnings and Normal ones as info, and emits both", async () => {
    const { logger, lines } = recordingLogger();
    const definition = defineScaler({
      type: 'noisy',
      parse: () => ({}),
      create: (_config, context): Scaler => {
        context.emit?.({ type: 'Warning', reason: 'KEDAScalersInfo', message: 'parameter "x" is deprecated' });
        context.emit?.({ type: 'Normal', reason: 'Connected', message: 'connected' });
        return constantScaler(0);
      },
    });
    const { autoscaler } = setup({
      logger,
      scaledObject: manifest({}, [{ type: 'noisy' }]),
      registry: registryOf(definition as ScalerDefinition<unknown>),
    });
    const events: unknown[] = [];
    autoscaler.on('scalerEvent', (event) => events.push(event));
    await autoscaler.start();
    expect(lines.filter(([level]) => level === 'warn' || level === 'info').slice(0, 2)).toEqual([
      ['warn', 'parameter "x" is deprecated', { triggerKey: '0', reason: 'KEDAScalersInfo' }],
      ['info', 'connected', { triggerKey: '0', reason: 'Connected' }],
    ]);
    expect(events).toEqual([
      { type: 'Warning', reason: 'KEDAScalersInfo', message: 'parameter "x" is deprecated', triggerKey: '0', at: 0 },
      { type: 'Normal', reason: 'Connected', message: 'connected', triggerKey: '0', at: 0 },
    ]);
    await autoscaler.stop();
  });

  it('stopped while building, a failed build rejects start() and leaves it stopped', async () => {
    const gate = deferred<ScalerDefinition<unknown>>();
    const { autoscaler, errors } = setup({ registry: { resolve: () => gate.promise } as unknown as ScalerRegistry });
    const starting = autoscaler.start();
    const stopping = autoscaler.stop();
    gate.reject(new Error('registry down'));
    await expect(starting).rejects.toThrow('autoscaler "shop/orders": building the scalers failed: registry down');
    await stopping;
    expect(autoscaler.state).toBe('stopped');
    expect(errors.map((event) => event.phase)).toEqual(['build']);
  });

  it('stopped while building, a successful build starts nothing and its scalers are closed', async () => {
    const gate = deferred<ScalerDefinition<unknown>>();
    const recorder = recorderDefinition(5);
    const { autoscaler, decisions, clock } = setup({
      scaledObject: manifest({}, [{ type: 'recorder' }]),
      registry: { resolve: () => gate.promise } as unknown as ScalerRegistry,
    });
    const starting = autoscaler.start();
    const stopping = autoscaler.stop();
    gate.resolve(recorder.definition as ScalerDefinition<unknown>);
    await starting;
    await stopping;
    await clock.advance(30_000);
    expect(recorder.scalers).toEqual([{ calls: 0, closed: 1 }]);
    expect(decisions).toEqual([]);
    expect(autoscaler.state).toBe('stopped');
  });

  it('builds no scaler for a cpu trigger: the engine evaluates it (no activity)', async () => {
    const clock = new FakeClock();
    const scaler = constantScaler(30, { clock, targetValue: 10 });
    const { autoscaler, decisions } = setup({
      clock,
      replicas: 1,
      scaledObject: manifest({ minReplicaCount: 1 }, [
        { type: 'cpu', metricType: 'Utilization', metadata: { value: '50' } },
        { type: 'scripted', name: 'q' },
      ]),
      scalers: { q: scaler },
    });
    await autoscaler.start();
    await clock.advance(0);
    expect(autoscaler.engine?.triggerKeys).toEqual(['0', 'q']);
    expect(scaler.calls).toHaveLength(1);
    const d = decisions[0]?.decision;
    expect(d?.explanation.triggers[0]).toEqual({ key: '0', type: 'cpu', isActive: false, resource: true });
    // q: 30 against 10 per pod at 1 replica → 3, within the legacy limit max(2·1, 4).
    expect(d?.desiredReplicas).toBe(3);
    await autoscaler.stop();
  });

  it('a scaler with an empty metric spec fails the build (KEDA scalers_cache.go "got empty metric spec")', async () => {
    const empty: Scaler = {
      getMetricSpecs: () => [],
      getMetricsAndActivity: async () => ({ metrics: [], isActive: false }),
      close: vi.fn(async () => {}),
    };
    const { autoscaler } = setup({ scalers: { '0': empty } });
    await expect(autoscaler.start()).rejects.toMatchObject({
      code: 'METRIC_ERROR',
      message: 'scripted trigger 0: got empty metric spec',
    });
    expect(empty.close).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['an empty scalingModifiers (only the parsed metricType default)', false, {}],
    ['a formula', true, { formula: 'r', target: '2' }],
  ])('%s: asMetricSource is %s (KEDA IsUsingModifiers)', async (_name, expected, scalingModifiers) => {
    const recorder = recorderDefinition();
    const { autoscaler } = setup({
      scaledObject: manifest({ advanced: { scalingModifiers } }, [{ type: 'recorder', name: 'r' }]),
      registry: registryOf(recorder.definition as ScalerDefinition<unknown>),
    });
    await autoscaler.start();
    expect(recorder.inputs[0]?.asMetricSource).toBe(expected);
    await autoscaler.stop();
  });

  it('an authenticationRef without authentication sources is warned about, and the trigger gets no auth', async () => {
    const { logger, lines } = recordingLogger();
    const recorder = recorderDefinition();
    const { autoscaler } = setup({
      logger,
      scaledObject: manifest({}, [{ type: 'recorder', authenticationRef: { name: 'creds' } }]),
      registry: registryOf(recorder.definition as ScalerDefinition<unknown>),
    });
    await autoscaler.start();
    expect(lines).toContainEqual([
      'warn',
      'TriggerAuthentication "creds" referenced but no authentication sources were given; the trigger gets no authentication parameters',
      { triggerType: 'recorder', triggerIndex: 0 },
    ]);
    expect(recorder.inputs[0]?.authParams).toEqual({});
    await autoscaler.stop();
  });
});

describe('createAutoscaler: HPA syncs that fetch nothing (Kubernetes reconcileAutoscaler)', () => {
  it('hpaSyncNow() before start names the state', async () => {
    const { autoscaler } = setup({ hpaSyncPeriodMs: 15_000 });
    await expect(autoscaler.hpaSyncNow()).rejects.toThrow(
      'autoscaler "shop/orders": hpaSyncNow() needs a running two-loop autoscaler (state idle)',
    );
  });

  it('paused: the HPA fetches no metric (KEDA deletes the HPA) and both loops keep the count', async () => {
    const clock = new FakeClock();
    const scaler = constantScaler(50, { clock, targetValue: 10 });
    const { autoscaler, decisions, target } = setup({
      clock,
      replicas: 3,
      hpaSyncPeriodMs: 15_000,
      scaledObject: manifest({}, [{ type: 'scripted' }], { annotations: { 'autoscaling.keda.sh/paused': 'true' } }),
      scalers: { '0': scaler },
    });
    const syncs: unknown[] = [];
    autoscaler.on('hpaSync', (event) => syncs.push(event));
    await autoscaler.start();
    await clock.advance(0);
    expect(decisions.map((e) => [e.cause, e.decision.phase, e.decision.reason])).toEqual([
      ['hpa', 'hpa', 'Paused'],
      ['poll', 'poll', 'Paused'],
    ]);
    expect(syncs).toEqual([]);
    expect(scaler.calls).toHaveLength(1); // the poll's query only
    expect(target.history).toEqual([]);
    await autoscaler.stop();
  });

  it('above maxReplicaCount: the HPA sets max without fetching metrics', async () => {
    const clock = new FakeClock();
    const scaler = constantScaler(50, { clock, targetValue: 10 });
    const { autoscaler, decisions, target } = setup({
      clock,
      replicas: 12,
      hpaSyncPeriodMs: 15_000,
      scalers: { '0': scaler },
    });
    await autoscaler.start();
    await clock.advance(0);
    expect(decisions[0]?.decision).toMatchObject({ phase: 'hpa', reason: 'AboveMaximum', desiredReplicas: 10 });
    expect(target.history.map(({ from, to }) => [from, to])).toEqual([[12, 10]]);
    expect(scaler.calls).toHaveLength(1); // the poll's query only
    await autoscaler.stop();
  });

  it('a sync that read 0 replicas is skipped when the count entered the HPA range before its decision', async () => {
    const clock = new FakeClock();
    const { logger, lines } = recordingLogger();
    const counts = [0];
    const target: ScaleTarget = {
      getReplicas: async () => ({ replicas: counts.shift() ?? 2 }),
      setReplicas: vi.fn(async () => {}),
    };
    const { autoscaler, decisions } = setup({
      clock,
      logger,
      target,
      hpaSyncPeriodMs: 15_000,
      scalers: { '0': constantScaler(20, { clock, targetValue: 10 }) },
    });
    await autoscaler.start();
    await clock.advance(0);
    expect(decisions.map((event) => event.cause)).toEqual(['poll']);
    expect(lines).toContainEqual([
      'debug',
      'HPA sync skipped: the replica count moved into range after the sync read it',
      { autoscaler: 'shop/orders', replicas: 2 },
    ]);
    await autoscaler.stop();
  });
});

describe('createAutoscaler: pushes and stops around a decision', () => {
  it('a push before the first poll decides with the pushed trigger active and the others inactive (KEDA startPushScalers)', async () => {
    const clock = new FakeClock();
    const eager: PushScaler = {
      getMetricSpecs: () => [{ metricName: 's0-p', targetType: 'AverageValue', targetValue: 1 }],
      getMetricsAndActivity: async (metricName) => ({ metrics: [{ metricName, value: 0 }], isActive: false }),
      run: (onActivity, signal) => {
        onActivity(true);
        return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      },
      close: async () => {},
    };
    const { autoscaler, decisions } = setup({
      clock,
      scaledObject: manifest({}, [
        { type: 'scripted', name: 'p' },
        { type: 'scripted', name: 'q' },
      ]),
      scalers: { p: eager, q: constantScaler(0, { clock }) },
    });
    await autoscaler.start();
    await clock.advance(0);
    const first = decisions[0];
    expect([first?.cause, first?.decision.reason, first?.decision.desiredReplicas]).toEqual([
      'push',
      'ScaledFromZero',
      1,
    ]);
    expect(first?.decision.explanation.triggers.map((t) => [t.key, t.isActive])).toEqual([
      ['p', true],
      ['q', false],
    ]);
    await autoscaler.stop();
  });

  it('a decision queued behind a slow setReplicas is dropped once stopped', async () => {
    const clock = new FakeClock();
    const gate = deferred<void>();
    const memory = new InMemoryScaleTarget({ replicas: 0, clock });
    const target: ScaleTarget = {
      getReplicas: () => memory.getReplicas(),
      setReplicas: async (replicas, decision) => {
        await gate.promise;
        await memory.setReplicas(replicas, decision);
      },
    };
    const push = pushScaler({ clock, value: 5 });
    const { autoscaler, decisions } = setup({ clock, target, scalers: { '0': push } });
    await autoscaler.start();
    await clock.advance(0); // the first poll activates 0 → 1 and waits in setReplicas
    expect(push.push(true)).toBe(true); // queued behind it
    const stopping = autoscaler.stop();
    gate.resolve();
    await stopping;
    expect(decisions.map((event) => event.cause)).toEqual(['poll']);
    expect(memory.history.map(({ from, to }) => [from, to])).toEqual([[0, 1]]);
  });

  it('stopped while reading the target, the decision is dropped', async () => {
    const clock = new FakeClock();
    const gate = deferred<{ replicas: number }>();
    const target: ScaleTarget = { getReplicas: () => gate.promise, setReplicas: vi.fn(async () => {}) };
    const { autoscaler, decisions } = setup({ clock, target, scalers: { '0': constantScaler(5, { clock }) } });
    await autoscaler.start();
    await clock.advance(0);
    const stopping = autoscaler.stop();
    gate.resolve({ replicas: 0 });
    await stopping;
    expect(decisions).toEqual([]);
    expect(target.setReplicas).not.toHaveBeenCalled();
  });

  it('a negative readyReplicas from the target is an error naming it, and nothing is decided', async () => {
    const clock = new FakeClock();
    const target: ScaleTarget = {
      getReplicas: async () => ({ replicas: 2, readyReplicas: -1 }),
      setReplicas: vi.fn(async () => {}),
    };
    const { autoscaler, decisions, errors } = setup({ clock, target, scalers: { '0': constantScaler(5, { clock }) } });
    await autoscaler.start();
    await clock.advance(0);
    expect(errors.map((event) => [event.phase, event.error.message])).toEqual([
      ['getReplicas', 'target.getReplicas() returned readyReplicas -1, expected a number >= 0'],
    ]);
    expect(decisions).toEqual([]);
    await autoscaler.stop();
  });

  it('readyReplicas that the engine refuses (not an integer) is a decide error naming it', async () => {
    const clock = new FakeClock();
    const target: ScaleTarget = {
      getReplicas: async () => ({ replicas: 2, readyReplicas: 1.5 }),
      setReplicas: vi.fn(async () => {}),
    };
    const { autoscaler, decisions, errors } = setup({ clock, target, scalers: { '0': constantScaler(5, { clock }) } });
    await autoscaler.start();
    await clock.advance(0);
    expect(errors.map((event) => [event.phase, event.error.message])).toEqual([
      ['decide', 'decide: "readyReplicas" must be an integer >= 0, got 1.5'],
    ]);
    expect(decisions).toEqual([]);
    await autoscaler.stop();
  });

  it('a target that cannot be read: the HPA sync fetches nothing and each decision reports the read error', async () => {
    const clock = new FakeClock();
    const scaler = constantScaler(5, { clock });
    const target: ScaleTarget = {
      getReplicas: async () => {
        throw new Error('403 forbidden');
      },
      setReplicas: vi.fn(async () => {}),
    };
    const { autoscaler, errors } = setup({ clock, target, hpaSyncPeriodMs: 15_000, scalers: { '0': scaler } });
    await autoscaler.start();
    await clock.advance(0);
    expect(errors.map((event) => [event.phase, event.error.message])).toEqual([
      ['getReplicas', 'reading the target replicas failed: 403 forbidden'],
      ['getReplicas', 'reading the target replicas failed: 403 forbidden'],
    ]);
    expect(scaler.calls).toHaveLength(1); // the poll's query only
    await autoscaler.stop();
  });

  it('an engine snapshot that cannot be restored fails start() and closes the scalers built', async () => {
    const scaler = constantScaler(1);
    const { autoscaler, errors } = setup({ scalers: { '0': scaler }, engineSnapshot: { version: 2 } as never });
    await expect(autoscaler.start()).rejects.toThrow(
      'restore: "snapshot" must be an object from ScalingEngine.snapshot() with version 1',
    );
    expect([scaler.closeCount, autoscaler.state, errors.map((event) => event.phase)]).toEqual([
      1,
      'stopped',
      ['build'],
    ]);
  });

  it("a push scaler's failing run and a failing close() are reported, with the trigger key", async () => {
    const clock = new FakeClock();
    const broken: PushScaler = {
      getMetricSpecs: () => [{ metricName: 's0-p', targetType: 'AverageValue', targetValue: 1 }],
      getMetricsAndActivity: async (metricName) => ({ metrics: [{ metricName, value: 0 }], isActive: false }),
      run: async () => {
        throw new Error('stream refused');
      },
      close: async () => {
        throw new Error('already gone');
      },
    };
    const { autoscaler, errors } = setup({ clock, scalers: { '0': broken } });
    await autoscaler.start();
    await clock.advance(0);
    await autoscaler.stop();
    expect(errors.map((event) => [event.phase, event.triggerKey, event.error.message])).toEqual([
      ['push', '0', 'scripted trigger 0: stream refused'],
      ['close', '0', 'scripted trigger 0: already gone'],
    ]);
  });
});
