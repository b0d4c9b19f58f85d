import { describe, expect, it } from 'vitest';
import { parseScaledObject } from './scaled-object.js';
import { base, catchError, cpu, type Row, refuseRows } from './test-helpers.js';

const rows: Row[] = [
  // head
  {
    rule: 'apiVersion must be keda.sh/v1alpha1',
    mutate: (m) => (m.apiVersion = 'keda.sh/v1'),
    issues: [['apiVersion', 'must be "keda.sh/v1alpha1"; got "keda.sh/v1"']],
  },
  {
    rule: 'apiVersion is required with a kind',
    mutate: (m) => delete m.apiVersion,
    issues: [['apiVersion', 'is required; accepted: "keda.sh/v1alpha1"']],
  },
  {
    rule: 'kind must be ScaledObject',
    mutate: (m) => (m.kind = 'ScaledJob'),
    issues: [['kind', 'must be "ScaledObject"; got "ScaledJob"']],
  },
  { rule: 'metadata.name is required', mutate: (m) => delete m.metadata, issues: [['metadata.name', 'is required']] },
  {
    rule: 'metadata.name must be a string',
    mutate: (m) => (m.metadata.name = 12),
    issues: [['metadata.name', 'must be a string; got a number']],
  },
  {
    rule: 'metadata.name must be an RFC 1123 subdomain',
    mutate: (m) => (m.metadata.name = 'Orders_SO'),
    issues: [['metadata.name', 'must be a lowercase RFC 1123 subdomain']],
  },
  {
    rule: 'ScaledObject name at most 63 characters (and so its HPA name)',
    mutate: (m) => (m.metadata.name = 'a'.repeat(64)),
    issues: [
      [
        'metadata.name',
        `scaledobject name "${'a'.repeat(64)}" is 64 characters long; must be no more than 63 characters because it is used as the "scaledobject.keda.sh/name" label value`,
      ],
      [
        'metadata.name',
        `HPA name "keda-hpa-${'a'.repeat(64)}" derived from scaledobject is 73 characters long; must be no more than 63 characters`,
      ],
    ],
  },
  {
    rule: 'derived HPA name keda-hpa-<name> at most 63 characters',
    mutate: (m) => (m.metadata.name = 'b'.repeat(55)),
    issues: [['metadata.name', 'derived from scaledobject is 64 characters long']],
  },
  {
    rule: 'custom HPA name at most 63 characters',
    mutate: (m) => (m.spec.advanced = { horizontalPodAutoscalerConfig: { name: 'h'.repeat(64) } }),
    issues: [['spec.advanced.horizontalPodAutoscalerConfig.name', 'is 64 characters long']],
  },
  {
    rule: 'metadata.namespace must be a string',
    mutate: (m) => (m.metadata.namespace = ['a']),
    issues: [['metadata.namespace', 'must be a string; got a list']],
  },
  {
    rule: 'labels are strings',
    mutate: (m) => (m.metadata.labels = { tier: 1 }),
    issues: [['metadata.labels.tier', 'must be a string; got a number']],
  },
  {
    rule: 'annotations are strings',
    mutate: (m) => (m.metadata.annotations = { 'autoscaling.keda.sh/paused': true }),
    issues: [
      [
        'metadata.annotations["autoscaling.keda.sh/paused"]',
        'must be a string; quote annotation values in YAML (e.g. "true"); got a boolean',
      ],
    ],
  },
  {
    rule: 'creationTimestamp is a timestamp',
    mutate: (m) => (m.metadata.creationTimestamp = 'yesterday'),
    issues: [['metadata.creationTimestamp', 'must be an RFC 3339 timestamp']],
  },
  // spec shape
  { rule: 'spec is required', mutate: (m) => delete m.spec, issues: [['spec', 'is required; expected a mapping']] },
  { rule: 'spec is a mapping', mutate: (m) => (m.spec = ['x']), issues: [['spec', 'must be a mapping; got a list']] },
  {
    rule: 'scaleTargetRef is required',
    mutate: (m) => delete m.spec.scaleTargetRef,
    issues: [['spec.scaleTargetRef', 'is required; expected a mapping']],
  },
  {
    rule: 'scaleTargetRef.name is required',
    mutate: (m) => (m.spec.scaleTargetRef = { kind: 'Deployment' }),
    issues: [['spec.scaleTargetRef.name', 'is required; expected a string']],
  },
  {
    rule: 'scaleTargetRef.name is not empty',
    mutate: (m) => (m.spec.scaleTargetRef.name = ''),
    issues: [['spec.scaleTargetRef.name', 'must not be empty']],
  },
  {
    rule: 'scaleTargetRef.envSourceContainerName is a string',
    mutate: (m) => (m.spec.scaleTargetRef.envSourceContainerName = 3),
    issues: [['spec.scaleTargetRef.envSourceContainerName', 'must be a string']],
  },
  {
    rule: 'pollingInterval >= 1',
    mutate: (m) => (m.spec.pollingInterval = 0),
    issues: [['spec.pollingInterval', 'must be greater than or equal to 1']],
  },
  {
    rule: 'pollingInterval is an integer, not a string',
    mutate: (m) => (m.spec.pollingInterval = '30'),
    issues: [['spec.pollingInterval', 'must be an integer; got a string']],
  },
  {
    rule: 'pollingInterval is a whole number',
    mutate: (m) => (m.spec.pollingInterval = 1.5),
    issues: [['spec.pollingInterval', 'must be a whole number (a 32-bit integer); got a fractional number']],
  },
  {
    rule: 'pollingInterval fits int32',
    mutate: (m) => (m.spec.pollingInterval = 3_000_000_000),
    issues: [['spec.pollingInterval', 'must be less than or equal to 2147483647']],
  },
  {
    rule: 'cooldownPeriod >= 0',
    mutate: (m) => (m.spec.cooldownPeriod = -1),
    issues: [['spec.cooldownPeriod', 'must be greater than or equal to 0']],
  },
  {
    rule: 'initialCooldownPeriod >= 0',
    mutate: (m) => (m.spec.initialCooldownPeriod = -5),
    issues: [['spec.initialCooldownPeriod', 'must be greater than or equal to 0']],
  },
  {
    rule: 'minReplicaCount >= 0',
    mutate: (m) => (m.spec.minReplicaCount = -1),
    issues: [['spec.minReplicaCount', 'must be greater than or equal to 0']],
  },
  {
    rule: 'maxReplicaCount >= 1',
    mutate: (m) => (m.spec.maxReplicaCount = 0),
    issues: [['spec.maxReplicaCount', 'must be greater than or equal to 1']],
  },
  {
    rule: 'idleReplicaCount >= 0',
    mutate: (m) => Object.assign(m.spec, { minReplicaCount: 1, idleReplicaCount: -1 }),
    issues: [['spec.idleReplicaCount', 'must be greater than or equal to 0']],
  },
  // replica bounds (webhook)
  {
    rule: 'min must not exceed max',
    mutate: (m) => Object.assign(m.spec, { minReplicaCount: 5, maxReplicaCount: 1 }),
    issues: [['spec.minReplicaCount', 'MinReplicaCount=5 must be less than MaxReplicaCount=1']],
  },
  {
    rule: 'min must not exceed the default max 100',
    mutate: (m) => (m.spec.minReplicaCount = 101),
    issues: [['spec.minReplicaCount', 'MinReplicaCount=101 must be less than MaxReplicaCount=100']],
  },
  {
    rule: 'idle with min unset (effective min 0) always fails',
    mutate: (m) => (m.spec.idleReplicaCount = 0),
    issues: [['spec.idleReplicaCount', 'IdleReplicaCount=0 must be less than MinReplicaCount=0']],
  },
  {
    rule: 'idle must be below min',
    mutate: (m) => Object.assign(m.spec, { minReplicaCount: 2, idleReplicaCount: 2 }),
    issues: [['spec.idleReplicaCount', 'IdleReplicaCount=2 must be less than MinReplicaCount=2']],
  },
  {
    rule: 'explicit min 0 gives effective min 1',
    mutate: (m) => Object.assign(m.spec, { minReplicaCount: 0, idleReplicaCount: 1 }),
    issues: [['spec.idleReplicaCount', 'IdleReplicaCount=1 must be less than MinReplicaCount=1']],
  },
  // fallback
  {
    rule: 'fallback.failureThreshold >= 0',
    mutate: (m) => (m.spec.fallback = { failureThreshold: -1, replicas: 2 }),
    issues: [
      ['spec.fallback.failureThreshold', 'FailureThreshold=-1 & Replicas=2 must both be greater than or equal to 0'],
    ],
  },
  {
    rule: 'fallback.replicas >= 0',
    mutate: (m) => (m.spec.fallback = { failureThreshold: 3, replicas: -2 }),
    issues: [['spec.fallback.replicas', 'FailureThreshold=3 & Replicas=-2 must both be greater than or equal to 0']],
  },
  {
    rule: 'fallback.replicas is required',
    mutate: (m) => (m.spec.fallback = { failureThreshold: 3 }),
    issues: [['spec.fallback.replicas', 'is required; expected an integer']],
  },
  {
    rule: 'fallback.behavior enum',
    mutate: (m) => (m.spec.fallback = { failureThreshold: 3, replicas: 1, behavior: 'sometimes' }),
    issues: [
      [
        'spec.fallback.behavior',
        'must be one of: static, currentReplicas, currentReplicasIfHigher, currentReplicasIfLower, scalingModifiers',
      ],
    ],
  },
  {
    rule: 'fallback needs a trigger that is not cpu/memory',
    mutate: (m) =>
      Object.assign(m.spec, { minReplicaCount: 1, fallback: { failureThreshold: 3, replicas: 1 }, triggers: [cpu] }),
    issues: [
      [
        'spec.fallback',
        'at least one trigger (that is not cpu or memory) has to have the `AverageValue` type for the fallback to be enabled',
      ],
    ],
  },
  {
    rule: 'fallback behavior scalingModifiers needs a formula',
    mutate: (m) => (m.spec.fallback = { failureThreshold: 3, replicas: 1, behavior: 'scalingModifiers' }),
    issues: [
      ['spec.fallback.behavior', 'scalingModifiers fallback behavior requires scalingModifiers.formula to be defined'],
    ],
  },
];

describe('parseScaledObject: one invalid manifest per rule', () => {
  refuseRows(rows);

  it('the base manifest of the table is valid', () => {
    expect(parseScaledObject(base()).metadata.name).toBe('orders');
  });

  it('accepts only cpu/memory triggers with min 0 when the target is not a Deployment or StatefulSet', () => {
    const manifest = base();
    manifest.spec.scaleTargetRef = { name: 'r', apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' };
    manifest.spec.triggers = [cpu];
    expect(parseScaledObject(manifest).spec.triggers).toHaveLength(1);
  });

  it('reports every issue of a manifest at once, in a fixed order', () => {
    const manifest = base();
    manifest.metadata.name = 'Bad_Name';
    Object.assign(manifest.spec, { pollingInterval: 0, minReplicaCount: 9, maxReplicaCount: 3 });
    manifest.spec.triggers.push({ type: 'cron', metadata: { start: 5 }, useCachedMetrics: true });
    const error = catchError(() => parseScaledObject(manifest));
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'metadata.name',
      'spec.pollingInterval',
      'spec.triggers[1].metadata.start',
      'spec.minReplicaCount',
    ]);
  });

  it('runs trigger rules on the triggers that parsed even when another trigger is invalid', () => {
    const manifest = base();
    manifest.spec.triggers = [
      { type: 'kafka', name: 'a', metadata: { x: 1 } },
      { type: 'kafka', name: 'a', metadata: {}, metricType: 'Utilization' },
    ];
    const error = catchError(() => parseScaledObject(manifest));
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'spec.triggers[0].metadata.x',
      'spec.triggers[1].metricType',
      'spec.triggers[1].name',
    ]);
  });
});
