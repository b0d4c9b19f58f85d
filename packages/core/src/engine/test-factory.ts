import type {
  ScaledJob,
  ScaledJobSpec,
  ScaledObject,
  ScaledObjectSpec,
  ScalingStrategy,
  Trigger,
} from '../manifest/types.js';

/** Test helper: a parsed ScaledObject with KEDA's defaults, overridable per field. */
export function makeScaledObject(
  spec: Partial<Omit<ScaledObjectSpec, 'triggers'>> & { triggers?: Partial<Trigger>[] } = {},
  pause: Partial<ScaledObject['pause']> = {},
): ScaledObject {
  const triggers = (spec.triggers ?? [{}]).map(
    (t): Trigger => ({
      type: 'test',
      name: '',
      metadata: {},
      metricType: 'AverageValue',
      useCachedMetrics: false,
      ...t,
    }),
  );
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'so', namespace: 'default', labels: {}, annotations: {} },
    spec: {
      scaleTargetRef: { name: 'app', apiVersion: 'apps/v1', kind: 'Deployment' },
      pollingInterval: 30,
      initialCooldownPeriod: 0,
      cooldownPeriod: 300,
      minReplicaCount: 0,
      maxReplicaCount: 100,
      ...spec,
      triggers,
    },
    pause: { paused: false, pausedScaleIn: false, pausedScaleOut: false, forceActivation: false, ...pause },
  };
}

/**
 * Test helper: a parsed ScaledJob with KEDA's defaults. `spec` may hold values a parser would refuse (null
 * limits, strings), for tests of how `computeJobsToCreate` treats them.
 */
export function makeScaledJob(
  spec: Partial<ScaledJobSpec> | Record<string, unknown> = {},
  strategy: Partial<ScalingStrategy> = {},
): ScaledJob {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledJob',
    metadata: { name: 'j', labels: {}, annotations: {} },
    spec: {
      jobTargetRef: {},
      pollingInterval: 30,
      successfulJobsHistoryLimit: 100,
      failedJobsHistoryLimit: 100,
      triggers: [],
      ...spec,
      scalingStrategy: { strategy: 'default', multipleScalersCalculation: 'max', ...strategy },
    },
    pause: { paused: false, pausedScaleIn: false, pausedScaleOut: false, forceActivation: false },
  };
}
