import { constantScaler, FakeClock, failingScaler, pushScaler, scriptedScaler, slowScaler } from '@scalerkit/testing';
import { describe, expect, it } from 'vitest';
import type { Scaler } from '../types.js';
import { type AutoscalerOptions, createAutoscaler, DEFAULT_HPA_SYNC_PERIOD_MS } from './autoscaler.js';
import type { AutoscalerErrorEvent, DecisionEvent, HpaSyncEvent } from './events.js';
import { InMemoryScaleTarget, type ScaleTarget } from './scale-target.js';

/** Default mode: KEDA's scale loop every pollingInterval (30 s here) and the HPA every 15 s. */
function manifest(spec: Record<string, unknown> = {}, trigger: Record<string, unknown> = {}) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'orders', namespace: 'shop' },
    spec: {
      scaleTargetRef: { name: 'worker' },
      pollingInterval: 30,
      cooldownPeriod: 60,
      maxReplicaCount: 10,
      triggers: [{ type: 'scripted', metadata: {}, ...trigger }],
      ...spec,
    },
  };
}

function setup(
  scaler: Scaler,
  options: Partial<AutoscalerOptions> & { replicas?: number; clock: FakeClock; target?: ScaleTarget },
) {
  const { replicas = 0, target, ...rest } = options;
  const memory = new InMemoryScaleTarget({ replicas, clock: options.clock });
  const autoscaler = createAutoscaler({
    scaledObject: manifest(),
    target: target ?? memory,
    scalers: { '0': scaler },
    ...rest,
  });
  const decisions: DecisionEvent[] = [];
  const syncs: HpaSyncEvent[] = [];
  const errors: AutoscalerErrorEvent[] = [];
  autoscaler.on('decision', (event) => decisions.push(event));
  autoscaler.on('hpaSync', (event) => syncs.push(event));
  autoscaler.on('error', (event) => errors.push(event));
  return { autoscaler, target: memory, decisions, syncs, errors };
}

const causes = (decisions: DecisionEvent[]) => decisions.map((event) => `${event.cause}@${event.at / 1000}`);
const transitions = (target: InMemoryScaleTarget) => target.history.map(({ at, from, to }) => [at / 1000, from, to]);

describe('createAutoscaler: two loops (default)', () => {
  it('syncs the HPA every 15 s (Kubernetes default) and polls every pollingInterval; the HPA first when both are due', async () => {
    expect(DEFAULT_HPA_SYNC_PERIOD_MS).toBe(15_000);
    const clock = new FakeClock();
    const scaler = constantScaler(20, { targetValue: 10, clock });
    const { autoscaler, decisions } = setup(scaler, { clock, replicas: 2 });
    await autoscaler.start();
    await clock.advance(60_000);
    expect(scaler.calls.map((call) => call.at / 1000)).toEqual([0, 0, 15, 30, 30, 45, 60, 60]);
    expect(causes(decisions)).toEqual([
      'hpa@0',
      'poll@0',
      'hpa@15',
      'hpa@30',
      'poll@30',
      'hpa@45',
      'hpa@60',
      'poll@60',
    ]);
    expect(decisions.map((event) => event.decision.phase)).toEqual(decisions.map((event) => event.cause));
    await autoscaler.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('activates at the poll and scales 1 → N at the next HPA sync', async () => {
    const clock = new FakeClock();
    const scaler = constantScaler(50, { targetValue: 10, clock });
    const { autoscaler, target, decisions } = setup(scaler, { clock });
    await autoscaler.start();
    await clock.advance(30_000);
    expect(transitions(target)).toEqual([
      [0, 0, 1],
      [15, 1, 4],
      [30, 4, 5],
    ]);
    expect(decisions.map((event) => `${event.cause}@${event.at / 1000}:${event.decision.reason}`)).toEqual([
      'hpa@0:ScalingDisabled',
      'poll@0:ScaledFromZero',
      'hpa@15:Hpa',
      'hpa@30:Hpa',
      'poll@30:NoChange',
    ]);
    await autoscaler.stop();
  });

  it('fetches nothing for the HPA at 0 replicas: only polls query the scaler', async () => {
    const clock = new FakeClock();
    const scaler = constantScaler(0, { clock });
    const { autoscaler, decisions, syncs } = setup(scaler, { clock });
    await autoscaler.start();
    await clock.advance(60_000);
    expect(scaler.calls.map((call) => call.at / 1000)).toEqual([0, 30, 60]);
    expect(syncs).toEqual([]);
    const hpa = decisions.filter((event) => event.cause === 'hpa');
    expect(hpa.map((event) => event.decision.reason)).toEqual(Array(5).fill('ScalingDisabled'));
    await autoscaler.stop();
  });

  it('serves the HPA from the last poll record with useCachedMetrics (queried live before the first poll)', async () => {
    const clock = new FakeClock();
    const series = [
      { at: 0, value: 20 },
      { at: 10_000, value: 90 },
    ];
    const scaler = scriptedScaler({ targetValue: 10, series, clock });
    const { autoscaler, target, syncs } = setup(scaler, {
      clock,
      replicas: 2,
      scaledObject: manifest({}, { useCachedMetrics: true }),
    });
    await autoscaler.start();
    await clock.advance(45_000);
    // one live query for the sync at 0 s (no record yet), then only polls
    expect(scaler.calls.map((call) => call.at / 1000)).toEqual([0, 0, 30]);
    expect(syncs.map((event) => [event.at / 1000, event.cachedTriggers])).toEqual([
      [0, []],
      [15, ['0']],
      [30, ['0']],
      [45, ['0']],
    ]);
    // the 15 s sync still sees 20 (the 0 s record); the 30 s sync sees the 30 s poll's 90 (HPA first at 30 s
    // used the 0 s record, so 90 reaches the HPA at 45 s)
    expect(syncs.map((event) => event.triggers['0']?.metrics?.[0]?.value)).toEqual([20, 20, 20, 90]);
    expect(transitions(target)).toEqual([[45, 2, 4]]);
    await autoscaler.stop();
  });

  it('counts a failure for an HPA fetch served from a record holding an error (fallback, KEDA GetMetricsWithFallback)', async () => {
    const clock = new FakeClock();
    const scaler = failingScaler('down', { clock });
    const { autoscaler, target, decisions } = setup(scaler, {
      clock,
      replicas: 2,
      refreshOnError: false,
      scaledObject: manifest(
        { fallback: { failureThreshold: 3, replicas: 6 } },
        { useCachedMetrics: true, metadata: { targetValue: '10' } },
      ),
    });
    await autoscaler.start();
    await clock.advance(30_000);
    const failures = decisions.map(
      (event) => `${event.cause}@${event.at / 1000}:${event.decision.explanation.triggers[0]?.fallback?.[0]?.failures}`,
    );
    // 0 s: live HPA query (1) and poll (2); 15 s and 30 s: the poll's error record (3, 4 > 3); poll at 30 s: 5
    expect(failures).toEqual(['hpa@0:1', 'poll@0:2', 'hpa@15:3', 'hpa@30:4', 'poll@30:5']);
    expect(scaler.calls.map((call) => call.at / 1000)).toEqual([0, 0, 30]);
    expect(transitions(target)).toEqual([[30, 2, 4]]); // fallback 6, limited by the legacy rate ×2
    await autoscaler.stop();
  });

  it('queues a poll and an HPA fetch of one trigger: never two queries at once, each with its full timeout', async () => {
    const clock = new FakeClock();
    const scaler = slowScaler({ delayMs: 8_000, clock, value: 10 });
    const { autoscaler, errors, decisions } = setup(scaler, { clock, replicas: 1, pollTimeoutMs: 10_000 });
    await autoscaler.start();
    await clock.advance(31_000);
    expect(scaler.maxInFlight).toBe(1);
    // 0 s: HPA fetch 0–8 s, then the poll's query 8–16 s (not timed out at 10 s); 15 s: the HPA fetch waits
    // for it (16–24 s); 30 s: the next HPA fetch
    expect(scaler.calls.map((call) => call.at / 1000)).toEqual([0, 8, 16, 30]);
    expect(errors).toEqual([]);
    expect(causes(decisions)).toEqual(['hpa@8', 'poll@16', 'hpa@24']);
    await autoscaler.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('applies decisions in the order the loops started, even when the HPA reads the target more slowly', async () => {
    const clock = new FakeClock();
    const inner = new InMemoryScaleTarget({ replicas: 1, clock });
    let reads = 0;
    const target: ScaleTarget = {
      // the first read (the HPA sync's look at the scale) takes 2 s
      getReplicas: () =>
        reads++ === 0
          ? new Promise((resolve) => clock.setTimeout(() => resolve(inner.getReplicas()), 2_000))
          : inner.getReplicas(),
      setReplicas: (replicas, decision) => inner.setReplicas(replicas, decision),
    };
    const { autoscaler, decisions } = setup(constantScaler(5, { targetValue: 10, clock }), { clock, target });
    await autoscaler.start();
    await clock.advance(3_000);
    expect(causes(decisions)).toEqual(['hpa@2', 'poll@2']);
    await autoscaler.stop();
  });

  it('decides a pushed activation at once in the poll phase', async () => {
    const clock = new FakeClock();
    const scaler = pushScaler({ value: 0, clock });
    const { autoscaler, decisions, target } = setup(scaler, { clock });
    await autoscaler.start();
    await clock.advance(5_000);
    scaler.push(true);
    await clock.flush();
    expect(decisions.map((event) => [event.cause, event.at / 1000, event.decision.phase])).toEqual([
      ['hpa', 0, 'hpa'],
      ['poll', 0, 'poll'],
      ['push', 5, 'poll'],
    ]);
    expect(transitions(target)).toEqual([[5, 0, 1]]);
    await autoscaler.stop();
  });

  it('hpaSyncNow() runs one HPA sync outside the schedule; merged mode has none', async () => {
    const clock = new FakeClock();
    const { autoscaler } = setup(constantScaler(40, { targetValue: 10, clock }), { clock, replicas: 1 });
    await autoscaler.start();
    await clock.advance(1_000);
    const decision = await autoscaler.hpaSyncNow();
    expect([decision?.phase, decision?.now, decision?.desiredReplicas]).toEqual(['hpa', 1_000, 4]);
    await autoscaler.stop();
    const merged = setup(constantScaler(1, { clock }), { clock, hpaSyncPeriodMs: false });
    await merged.autoscaler.start();
    await expect(merged.autoscaler.hpaSyncNow()).rejects.toThrow(
      'autoscaler "shop/orders": hpaSyncNow() needs a running two-loop autoscaler (merged mode (hpaSyncPeriodMs 0))',
    );
    const poll = await merged.autoscaler.pollNow();
    expect(poll?.phase).toBeUndefined();
    await merged.autoscaler.stop();
  });

  it('rejects a bad hpaSyncPeriodMs naming the option', () => {
    const target = new InMemoryScaleTarget();
    expect(() => createAutoscaler({ scaledObject: manifest(), target, hpaSyncPeriodMs: -1 })).toThrow(
      'autoscaler "shop/orders": option "hpaSyncPeriodMs" must be a number >= 0 (0 or false: merged mode), got -1',
    );
  });
});
