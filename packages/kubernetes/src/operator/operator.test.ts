import { defineScaler, type Scaler, ScalerRegistry } from '@scalerkit/core';
import { FakeClock } from '@scalerkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeCluster } from './fake-cluster.js';
import { createKubernetesOperator, type KubernetesOperator, type KubernetesOperatorOptions } from './operator.js';
import { type KubeObject, type ResourceType, resources } from './resources.js';
import { stateConfigMapName } from './state-store.js';
import { kubernetesTime } from './status.js';

const deployments: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  plural: 'deployments',
  namespaced: true,
};
const START = Date.parse('2026-01-01T01:00:00Z');

interface ScalerLog {
  created: string[];
  closed: string[];
  inputs: { queue: string; password?: string; host?: string; fromEnv?: string }[];
}

/** A trigger type whose value is the length of an in-memory queue named by `metadata.queue`. */
function queueRegistry(queues: Map<string, number>, log: ScalerLog): ScalerRegistry {
  const definition = defineScaler({
    type: 'fake-queue',
    parse: (input) => {
      const config = {
        queue: input.metadata.queue ?? '',
        target: Number(input.metadata.target ?? '5'),
        index: input.triggerIndex ?? 0,
        password: input.authParams?.password,
        host: input.authParams?.host,
        fromEnv: input.metadata.hostFromEnv ? input.resolvedEnv?.[input.metadata.hostFromEnv] : undefined,
      };
      log.inputs.push({ queue: config.queue, password: config.password, host: config.host, fromEnv: config.fromEnv });
      return config;
    },
    create: (config): Scaler => {
      log.created.push(config.queue);
      const metricName = `s${config.index}-fake-queue-${config.queue}`;
      return {
        getMetricSpecs: () => [{ metricName, targetType: 'AverageValue', targetValue: config.target }],
        getMetricsAndActivity: async () => {
          const value = queues.get(config.queue);
          if (value === undefined) throw new Error(`queue ${config.queue} does not exist`);
          return { metrics: [{ metricName, value }], isActive: value > 0 };
        },
        close: async () => {
          log.closed.push(config.queue);
        },
      };
    },
  });
  return new ScalerRegistry().register(definition);
}

function deployment(replicas: number): KubeObject {
  return {
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      replicas,
      template: {
        spec: {
          containers: [
            {
              name: 'app',
              env: [
                { name: 'QUEUE_HOST', value: 'queue.local' },
                { name: 'QUEUE_URL', value: 'amqp://$(QUEUE_HOST):5672' },
              ],
            },
          ],
        },
      },
    },
  };
}

function scaledObject(spec: Record<string, unknown> = {}, annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'web-so', namespace: 'shop', annotations, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: {
      scaleTargetRef: { name: 'web' },
      pollingInterval: 5,
      cooldownPeriod: 30,
      maxReplicaCount: 10,
      triggers: [{ type: 'fake-queue', metadata: { queue: 'orders', target: '5' } }],
      ...spec,
    },
  };
}

describe('createKubernetesOperator (in-memory cluster)', () => {
  let cluster: FakeCluster;
  let clock: FakeClock;
  let queues: Map<string, number>;
  let log: ScalerLog;
  const operators: KubernetesOperator[] = [];

  function start(options: Partial<KubernetesOperatorOptions> = {}): Promise<KubernetesOperator> {
    const operator = createKubernetesOperator({
      cluster,
      registry: queueRegistry(queues, log),
      clock,
      hpaSyncPeriodMs: 0,
      identity: 'test',
      ...options,
    });
    operators.push(operator);
    return operator.start().then(async () => {
      await operator.settled();
      return operator;
    });
  }

  function replicas(): number {
    return (cluster.peek(deployments, 'shop', 'web')?.spec as { replicas?: number } | undefined)?.replicas ?? -1;
  }

  function status(): Record<string, unknown> {
    return (cluster.peek(resources.scaledObjects, 'shop', 'web-so')?.status ?? {}) as Record<string, unknown>;
  }

  async function poll(operator: KubernetesOperator): Promise<void> {
    await operator.autoscaler('shop/web-so')?.pollNow();
    await operator.settled();
  }

  function events(reason?: string): { reason: string; message: string; type: string }[] {
    return cluster
      .all(resources.events)
      .map((event) => event as unknown as { reason: string; message: string; type: string })
      .filter((event) => reason === undefined || event.reason === reason);
  }

  afterEach(async () => {
    await Promise.all(operators.splice(0).map((operator) => operator.stop()));
  });

  function setup() {
    cluster = new FakeCluster();
    clock = new FakeClock(START);
    queues = new Map([['orders', 0]]);
    log = { created: [], closed: [], inputs: [] };
  }

  it('runs a ScaledObject and writes its status field by field as KEDA does', async () => {
    setup();
    cluster.apply(deployments, deployment(0));
    cluster.apply(resources.scaledObjects, scaledObject());
    queues.set('orders', 12);
    const operator = await start();
    // The autoscaler's first poll (at start) activates 0 -> max(minReplicaCount, 1); this one is the HPA's ceil(12 / 5).
    await poll(operator);
    expect(replicas()).toBe(3);
    expect(status()).toEqual({
      scaleTargetKind: 'apps/v1.Deployment',
      scaleTargetGVKR: { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments' },
      triggersTypes: 'fake-queue',
      authenticationsTypes: '',
      originalReplicaCount: 0,
      externalMetricNames: ['s0-fake-queue-orders'],
      lastActiveTime: kubernetesTime(START),
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'ScaledObjectReady',
          message: 'ScaledObject is defined correctly and is ready for scaling',
        },
        {
          type: 'Active',
          status: 'True',
          reason: 'ScalerActive',
          message: 'Scaling is performed because triggers are active',
        },
        {
          type: 'Fallback',
          status: 'False',
          reason: 'NoFallbackFound',
          message: 'No fallbacks are active on this scaled object',
        },
        { type: 'Paused', status: 'False' },
      ],
    });
    const activated = events('KEDAScaleTargetActivated');
    expect(activated).toHaveLength(1);
    expect(activated[0]?.message).toMatch(
      /^Scaled apps\/v1\.Deployment shop\/web from 0 to 1, triggered by fake-queue\. /,
    );
    expect(events('ScaledObjectReady').map((event) => event.message)).toEqual(['ScaledObject is ready for scaling']);
    const rescaled = events('SuccessfulRescale');
    expect(rescaled.map((event) => event.message.slice(0, 20))).toEqual(['New size: 3; reason:']);
  });

  it('goes inactive, then cools down to zero after cooldownPeriod with KEDA reasons', async () => {
    setup();
    cluster.apply(deployments, deployment(0));
    cluster.apply(resources.scaledObjects, scaledObject());
    queues.set('orders', 3);
    const operator = await start();
    await poll(operator);
    expect(replicas()).toBe(1);
    queues.set('orders', 0);
    await clock.advance(10_000);
    await poll(operator);
    const active = (status().conditions as { type: string }[]).find((condition) => condition.type === 'Active');
    expect(active).toEqual({
      type: 'Active',
      status: 'False',
      reason: 'ScalerCooldown',
      message: 'Scaler cooling down because triggers are not active',
    });
    expect(replicas()).toBe(1);
    await clock.advance(25_000);
    await poll(operator);
    expect(replicas()).toBe(0);
    expect((status().conditions as { type: string }[]).find((condition) => condition.type === 'Active')).toEqual({
      type: 'Active',
      status: 'False',
      reason: 'ScalerNotActive',
      message: 'Scaling is not performed because triggers are not active',
    });
    expect(events('KEDAScaleTargetDeactivated')[0]?.message).toMatch(
      /^Deactivated apps\/v1\.Deployment shop\/web from 1 to 0\. /,
    );
  });

  it('rebuilds only the edited trigger and keeps the engine history', async () => {
    setup();
    queues.set('payments', 0);
    cluster.apply(deployments, deployment(0));
    const triggers = (paymentsTarget: string) => [
      { type: 'fake-queue', name: 'orders', metadata: { queue: 'orders', target: '5' } },
      { type: 'fake-queue', name: 'payments', metadata: { queue: 'payments', target: paymentsTarget } },
    ];
    cluster.apply(resources.scaledObjects, scaledObject({ triggers: triggers('5') }));
    queues.set('orders', 20);
    const operator = await start();
    await poll(operator);
    expect(replicas()).toBe(4);
    const before = operator.autoscaler('shop/web-so')?.engine?.snapshot();
    expect(log.created).toEqual(['orders', 'payments']);
    cluster.apply(resources.scaledObjects, scaledObject({ triggers: triggers('2') }));
    await operator.settled();
    expect(log.created).toEqual(['orders', 'payments', 'payments']);
    expect(log.closed).toEqual(['payments']);
    // The new engine starts from the old one's history (its own first poll adds one recommendation).
    const after = operator.autoscaler('shop/web-so')?.engine?.snapshot();
    expect(after?.recommendations.slice(0, before?.recommendations.length)).toEqual(before?.recommendations);
    expect(after?.lastActiveTime).toBe(before?.lastActiveTime);
    queues.set('payments', 10);
    await poll(operator);
    expect(replicas()).toBe(5); // ceil(10 / 2) now wins over ceil(20 / 5)
  });

  it('takes the pause annotations at the next loop, and reports Paused as KEDA does', async () => {
    setup();
    cluster.apply(deployments, deployment(0));
    cluster.apply(resources.scaledObjects, scaledObject());
    queues.set('orders', 10);
    const operator = await start();
    await poll(operator);
    expect(replicas()).toBe(2);
    cluster.apply(resources.scaledObjects, scaledObject({}, { 'autoscaling.keda.sh/paused': 'true' }));
    await operator.settled();
    queues.set('orders', 40);
    await poll(operator);
    expect(replicas()).toBe(2);
    const conditions = status().conditions as { type: string }[];
    expect(conditions.find((condition) => condition.type === 'Paused')).toEqual({
      type: 'Paused',
      status: 'True',
      reason: 'ScaledObjectPaused',
      message: 'ScaledObject is paused',
    });
    // KEDA's reconcile of a paused ScaledObject ends with Ready=True and the pause message.
    expect(conditions[0]).toEqual({
      type: 'Ready',
      status: 'True',
      reason: 'ScaledObjectReady',
      message: 'ScaledObject is paused',
    });
    cluster.apply(resources.scaledObjects, scaledObject({}, { 'autoscaling.keda.sh/paused-replicas': '3' }));
    await operator.settled();
    await poll(operator);
    expect(replicas()).toBe(3);
    expect(status().pausedReplicaCount).toBe(3);
    cluster.apply(resources.scaledObjects, scaledObject());
    await operator.settled();
    await poll(operator);
    expect(replicas()).toBe(8);
    expect((status().conditions as { type: string }[]).find((condition) => condition.type === 'Paused')).toEqual({
      type: 'Paused',
      status: 'False',
      reason: 'ScaledObjectUnpaused',
      message: 'pause annotation removed for ScaledObject',
    });
    expect(events('ScaledObjectPaused')).toHaveLength(1);
    expect(events('ScaledObjectUnpaused')).toHaveLength(1);
  });

  it('stops the loop, closes the scalers and drops the saved state when the ScaledObject is deleted', async () => {
    setup();
    cluster.apply(deployments, deployment(0));
    cluster.apply(resources.scaledObjects, scaledObject());
    queues.set('orders', 6);
    const operator = await start();
    await poll(operator);
    expect(cluster.peek(resources.configMaps, 'shop', stateConfigMapName('web-so'))).toBeDefined();
    cluster.remove(resources.scaledObjects, 'shop', 'web-so');
    await operator.settled();
    await clock.advance(1);
    expect(operator.autoscaler('shop/web-so')).toBeUndefined();
    expect(operator.scaledObjects).toEqual([]);
    expect(log.closed).toEqual(['orders']);
    expect(cluster.peek(resources.configMaps, 'shop', stateConfigMapName('web-so'))).toBeUndefined();
    queues.set('orders', 50);
    await clock.advance(30_000);
    expect(replicas()).toBe(2);
  });

  it('resolves a TriggerAuthentication from a Secret and the target container env, and rebuilds on its change', async () => {
    setup();
    cluster.apply(deployments, deployment(0));
    cluster.apply(resources.secrets, {
      metadata: { name: 'queue-secret', namespace: 'shop' },
      data: { password: Buffer.from('s3cret').toString('base64') },
    });
    cluster.apply(resources.triggerAuthentications, {
      metadata: { name: 'queue-auth', namespace: 'shop' },
      spec: {
        secretTargetRef: [{ parameter: 'password', name: 'queue-secret', key: 'password' }],
        env: [{ parameter: 'host', name: 'QUEUE_URL' }],
      },
    });
    cluster.apply(
      resources.scaledObjects,
      scaledObject({
        triggers: [
          {
            type: 'fake-queue',
            metadata: { queue: 'orders', hostFromEnv: 'QUEUE_HOST' },
            authenticationRef: { name: 'queue-auth' },
          },
        ],
      }),
    );
    const operator = await start();
    expect(log.inputs).toEqual([
      { queue: 'orders', password: 's3cret', host: 'amqp://queue.local:5672', fromEnv: 'queue.local' },
    ]);
    expect(status().authenticationsTypes).toBe('queue-auth');
    cluster.apply(resources.secrets, {
      metadata: { name: 'queue-secret', namespace: 'shop' },
      data: { password: Buffer.from('rotated').toString('base64') },
    });
    cluster.apply(resources.triggerAuthentications, {
      metadata: { name: 'queue-auth', namespace: 'shop' },
      spec: { secretTargetRef: [{ parameter: 'password', name: 'queue-secret', key: 'password' }] },
    });
    await operator.settled();
    expect(log.inputs.at(-1)).toEqual({
      queue: 'orders',
      password: 'rotated',
      host: undefined,
      fromEnv: 'queue.local',
    });
    expect(log.closed).toEqual(['orders']);
  });

  it("reads a ClusterTriggerAuthentication's Secret from the cluster object namespace", async () => {
    setup();
    cluster.apply(deployments, deployment(0));
    cluster.apply(resources.secrets, {
      metadata: { name: 'shared', namespace: 'keda' },
      data: { password: Buffer.from('cluster-wide').toString('base64') },
    });
    cluster.apply(resources.secrets, {
      metadata: { name: 'shared', namespace: 'shop' },
      data: { password: Buffer.from('namespaced').toString('base64') },
    });
    cluster.apply(resources.clusterTriggerAuthentications, {
      metadata: { name: 'shared-auth' },
      spec: { secretTargetRef: [{ parameter: 'password', name: 'shared', key: 'password' }] },
    });
    cluster.apply(
      resources.scaledObjects,
      scaledObject({
        triggers: [
          {
            type: 'fake-queue',
            metadata: { queue: 'orders' },
            authenticationRef: { name: 'shared-auth', kind: 'ClusterTriggerAuthentication' },
          },
        ],
      }),
    );
    await start();
    expect(log.inputs.map((input) => input.password)).toEqual(['cluster-wide']);
  });

  it('refuses a ScaledObject whose target already has an HPA it did not create', async () => {
    setup();
    cluster.apply(deployments, deployment(2));
    cluster.apply(resources.horizontalPodAutoscalers, {
      metadata: { name: 'web-hpa', namespace: 'shop' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5 },
    });
    cluster.apply(resources.scaledObjects, scaledObject());
    queues.set('orders', 40);
    const operator = await start();
    expect(operator.autoscaler('shop/web-so')).toBeUndefined();
    expect(log.created).toEqual([]);
    expect(replicas()).toBe(2);
    const conditions = status().conditions as { type: string }[];
    expect(conditions.slice(0, 2)).toEqual([
      {
        type: 'Ready',
        status: 'False',
        reason: 'ScaledObjectCheckFailed',
        message: "the workload 'web' of type 'apps/v1.Deployment' is already managed by the hpa 'web-hpa'",
      },
      { type: 'Active', status: 'Unknown', reason: 'UnknownState', message: 'ScaledObject check failed' },
    ]);
    expect(events('ScaledObjectCheckFailed')).toHaveLength(1);
    // The HPA removed and the ScaledObject touched: it runs.
    cluster.remove(resources.horizontalPodAutoscalers, 'shop', 'web-hpa');
    cluster.apply(resources.scaledObjects, scaledObject({ pollingInterval: 6 }));
    await operator.settled();
    expect(operator.autoscaler('shop/web-so')).toBeDefined();
  });

  it('reports a missing target as KEDA does', async () => {
    setup();
    cluster.apply(resources.scaledObjects, scaledObject());
    const operator = await start();
    expect(operator.autoscaler('shop/web-so')).toBeUndefined();
    expect((status().conditions as unknown[])[0]).toEqual({
      type: 'Ready',
      status: 'False',
      reason: 'ScaledObjectCheckFailed',
      message: 'Target resource doesn\'t exist: deployments.apps "web" not found',
    });
  });

  it('keeps the cooldown across an operator restart through the saved engine state', async () => {
    for (const persistState of [true, false]) {
      setup();
      cluster.apply(deployments, deployment(0));
      cluster.apply(resources.scaledObjects, scaledObject({ cooldownPeriod: 300 }));
      queues.set('orders', 3);
      const first = await start({ persistState });
      await poll(first);
      expect(replicas()).toBe(1);
      queues.set('orders', 0);
      await clock.advance(200_000);
      await poll(first);
      await first.stop();
      const second = await start({ persistState });
      await poll(second);
      // Saved: 100 s of cooldown left. Not saved: a fresh engine has no last-active time and scales in at once.
      expect({ persistState, replicas: replicas() }).toEqual({ persistState, replicas: persistState ? 1 : 0 });
      await second.stop();
    }
  });

  it('keeps the HPA scale-up history across an operator restart (a policy allows one pod per 5 minutes)', async () => {
    const behavior = {
      scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 300 }] },
    };
    const results: Record<string, number> = {};
    for (const persistState of [true, false]) {
      setup();
      cluster.apply(deployments, deployment(1));
      cluster.apply(
        resources.scaledObjects,
        scaledObject({ minReplicaCount: 1, advanced: { horizontalPodAutoscalerConfig: { behavior } } }),
      );
      queues.set('orders', 50);
      const first = await start({ persistState });
      await poll(first);
      expect(replicas()).toBe(2); // +1 pod per 300 s
      await first.stop();
      await clock.advance(60_000);
      const second = await start({ persistState });
      await poll(second);
      results[String(persistState)] = replicas();
      await second.stop();
    }
    // Saved: the scale-up 60 s ago still counts. Not saved: a fresh engine adds another pod at once.
    expect(results).toEqual({ true: 2, false: 3 });
  });

  it('reports per-metric health and the Fallback condition as KEDA does once a trigger keeps failing', async () => {
    setup();
    cluster.apply(deployments, deployment(1));
    cluster.apply(
      resources.scaledObjects,
      scaledObject({ minReplicaCount: 1, fallback: { failureThreshold: 2, replicas: 4 } }),
    );
    queues.delete('orders'); // every query fails
    const operator = await start();
    await poll(operator);
    await poll(operator);
    await poll(operator);
    expect(replicas()).toBe(4);
    const current = status();
    expect(current.health).toEqual({ 's0-fake-queue-orders': { numberOfFailures: 4, status: 'Failing' } });
    const conditions = current.conditions as { type: string }[];
    expect(conditions.find((condition) => condition.type === 'Fallback')).toEqual({
      type: 'Fallback',
      status: 'True',
      reason: 'FallbackExists',
      message: 'At least one trigger is falling back on this scaled object',
    });
    expect(conditions.find((condition) => condition.type === 'Ready')).toMatchObject({ status: 'True' });
    queues.set('orders', 5);
    await poll(operator);
    expect(status().health).toEqual({ 's0-fake-queue-orders': { numberOfFailures: 0, status: 'Happy' } });
    expect((status().conditions as { type: string }[]).find((condition) => condition.type === 'Fallback')).toEqual({
      type: 'Fallback',
      status: 'False',
      reason: 'NoFallbackFound',
      message: 'No fallbacks are active on this scaled object',
    });
  });

  it('reports a trigger error without fallback as Ready=False TriggerError', async () => {
    setup();
    cluster.apply(deployments, deployment(0));
    cluster.apply(resources.scaledObjects, scaledObject());
    queues.delete('orders');
    const operator = await start();
    await poll(operator);
    expect((status().conditions as { type: string }[]).slice(0, 2)).toEqual([
      {
        type: 'Ready',
        status: 'False',
        reason: 'TriggerError',
        message: 'Triggers defined in ScaledObject are not working correctly',
      },
      {
        type: 'Active',
        status: 'False',
        reason: 'ScalerNotActive',
        message: 'Scaling is not performed because triggers are not active',
      },
    ]);
  });

  it('creates Jobs for a ScaledJob and keeps its history limits', async () => {
    setup();
    queues.set('tasks', 3);
    cluster.apply(resources.scaledJobs, {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledJob',
      metadata: { name: 'worker', namespace: 'shop' },
      spec: {
        jobTargetRef: { template: { spec: { containers: [{ name: 'w', image: 'busybox' }] } } },
        pollingInterval: 10,
        successfulJobsHistoryLimit: 1,
        triggers: [{ type: 'fake-queue', metadata: { queue: 'tasks', target: '1' } }],
      },
    });
    const operator = await start();
    await clock.advance(0);
    await operator.settled();
    const jobs = cluster.all(resources.jobs);
    expect(jobs).toHaveLength(3);
    expect(jobs[0]?.metadata.labels).toMatchObject({
      'scaledjob.keda.sh/name': 'worker',
      'app.kubernetes.io/name': 'worker',
    });
    expect(jobs[0]?.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'ScaledJob',
      name: 'worker',
      controller: true,
    });
    expect(
      (jobs[0]?.spec as { template?: { spec?: { restartPolicy?: string } } } | undefined)?.template?.spec
        ?.restartPolicy,
    ).toBe('OnFailure');
    expect(events('KEDAJobsCreated').map((event) => event.message)).toEqual(['Created 3 jobs']);
    // Three unfinished jobs, queue 3: nothing more (default strategy: min(3, 100 - 3) - 3 running).
    await clock.advance(10_000);
    await operator.settled();
    expect(cluster.all(resources.jobs)).toHaveLength(3);
    // Two of them complete: one kept by successfulJobsHistoryLimit 1, and the queue drained.
    queues.set('tasks', 0);
    for (const [index, job] of jobs.slice(0, 2).entries()) {
      cluster.apply(resources.jobs, {
        ...job,
        status: {
          conditions: [{ type: 'Complete', status: 'True' }],
          completionTime: `2026-01-01T00:0${index}:00Z`,
        },
      });
    }
    await clock.advance(10_000);
    await operator.settled();
    expect(cluster.all(resources.jobs).map((job) => job.metadata.name)).toEqual([
      jobs[1]?.metadata.name,
      jobs[2]?.metadata.name,
    ]);
    const conditions = (
      cluster.peek(resources.scaledJobs, 'shop', 'worker')?.status as { conditions?: unknown[] } | undefined
    )?.conditions;
    expect(conditions).toContainEqual({
      type: 'Active',
      status: 'False',
      reason: 'ScalerNotActive',
      message: 'Scaling is not performed because triggers are not active',
    });
  });
});
