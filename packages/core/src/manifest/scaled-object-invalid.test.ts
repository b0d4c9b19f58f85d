import { describe, expect, it } from 'vitest';
import { parseScaledObject } from './scaled-object.js';
import { catchError } from './test-helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: test fixtures are mutated freely
type Manifest = Record<string, any>;

function base(): Manifest {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'orders', namespace: 'shop' },
    spec: {
      scaleTargetRef: { name: 'orders-consumer' },
      triggers: [
        {
          type: 'kafka',
          metadata: { bootstrapServers: 'kafka:9092', consumerGroup: 'orders', topic: 'orders', lagThreshold: '10' },
        },
      ],
    },
  };
}

const cpu = { type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } };
const behaviorPath = 'spec.advanced.horizontalPodAutoscalerConfig.behavior';
const withBehavior = (scaleDown: unknown) => (m: Manifest) => {
  m.spec.advanced = { horizontalPodAutoscalerConfig: { behavior: { scaleDown } } };
};
const policy = (overrides: Record<string, unknown>) => ({ type: 'Pods', value: 1, periodSeconds: 60, ...overrides });

interface Row {
  rule: string;
  mutate: (manifest: Manifest) => void;
  /** Expected issues: [path, message or a part of it]. */
  issues: [string, string][];
}

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
  // scalingModifiers
  {
    rule: 'scalingModifiers formula is mandatory',
    mutate: (m) => (m.spec.advanced = { scalingModifiers: { target: '2' } }),
    issues: [['spec.advanced.scalingModifiers.formula', 'error ScalingModifiers.Formula is mandatory']],
  },
  {
    rule: 'scalingModifiers with only metricType is in use and needs a formula',
    mutate: (m) => (m.spec.advanced = { scalingModifiers: { metricType: 'Value' } }),
    issues: [['spec.advanced.scalingModifiers.formula', 'error ScalingModifiers.Formula is mandatory']],
  },
  {
    rule: 'scalingModifiers target is mandatory with a formula',
    mutate: (m) => (m.spec.advanced = { scalingModifiers: { formula: 'a + b' } }),
    issues: [
      [
        'spec.advanced.scalingModifiers.target',
        'error validating formula in ScalingModifiers: formula is given but target is empty',
      ],
    ],
  },
  {
    rule: 'scalingModifiers target must be a float',
    mutate: (m) => (m.spec.advanced = { scalingModifiers: { formula: 'a', target: 'two' } }),
    issues: [
      [
        'spec.advanced.scalingModifiers.target',
        'error converting target for scalingModifiers (string->float) to valid target',
      ],
    ],
  },
  {
    rule: 'scalingModifiers target must be > 0',
    mutate: (m) => (m.spec.advanced = { scalingModifiers: { formula: 'a', target: '0' } }),
    issues: [['spec.advanced.scalingModifiers.target', 'must be a number greater than 0']],
  },
  {
    rule: 'scalingModifiers target is a string in the CRD',
    mutate: (m) => (m.spec.advanced = { scalingModifiers: { formula: 'a', target: 2 } }),
    issues: [
      ['spec.advanced.scalingModifiers.target', 'must be a string; quote the number in YAML (e.g. "2"); got a number'],
    ],
  },
  {
    rule: 'scalingModifiers metricType Utilization (KEDA text)',
    mutate: (m) => (m.spec.advanced = { scalingModifiers: { formula: 'a', target: '1', metricType: 'Utilization' } }),
    issues: [
      [
        'spec.advanced.scalingModifiers.metricType',
        'error trigger type is Utilization, but it needs to be AverageValue or Value for external metrics',
      ],
    ],
  },
  {
    rule: 'scalingModifiers metricType enum',
    mutate: (m) => (m.spec.advanced = { scalingModifiers: { formula: 'a', target: '1', metricType: 'Average' } }),
    issues: [['spec.advanced.scalingModifiers.metricType', 'must be one of: AverageValue, Value']],
  },
  {
    rule: 'scalingModifiers activationTarget must be a number',
    mutate: (m) => (m.spec.advanced = { scalingModifiers: { formula: 'a', target: '1', activationTarget: 'x' } }),
    issues: [['spec.advanced.scalingModifiers.activationTarget', 'must be a number (e.g. "0" or "1.5")']],
  },
  // advanced
  {
    rule: 'advanced is a mapping',
    mutate: (m) => (m.spec.advanced = 'yes'),
    issues: [['spec.advanced', 'must be a mapping; got a string']],
  },
  {
    rule: 'restoreToOriginalReplicaCount is a boolean',
    mutate: (m) => (m.spec.advanced = { restoreToOriginalReplicaCount: 'yes' }),
    issues: [['spec.advanced.restoreToOriginalReplicaCount', 'must be a boolean (true or false); got a string']],
  },
  // behavior (hpa.md §8)
  {
    rule: 'behavior is a mapping',
    mutate: (m) => (m.spec.advanced = { horizontalPodAutoscalerConfig: { behavior: [] } }),
    issues: [[behaviorPath, 'must be a mapping with scaleUp and/or scaleDown; got a list']],
  },
  {
    rule: 'stabilizationWindowSeconds <= 3600',
    mutate: withBehavior({ stabilizationWindowSeconds: 3601 }),
    issues: [[`${behaviorPath}.scaleDown.stabilizationWindowSeconds`, 'must be less than or equal to 3600']],
  },
  {
    rule: 'stabilizationWindowSeconds >= 0',
    mutate: withBehavior({ stabilizationWindowSeconds: -1 }),
    issues: [[`${behaviorPath}.scaleDown.stabilizationWindowSeconds`, 'must be greater than or equal to zero']],
  },
  {
    rule: 'selectPolicy Max|Min|Disabled',
    mutate: withBehavior({ selectPolicy: 'max' }),
    issues: [[`${behaviorPath}.scaleDown.selectPolicy`, 'must be one of: Max, Min, Disabled']],
  },
  {
    rule: 'policies not empty',
    mutate: withBehavior({ policies: [] }),
    issues: [[`${behaviorPath}.scaleDown.policies`, 'must specify at least one Policy']],
  },
  {
    rule: 'policy type Pods|Percent',
    mutate: withBehavior({ policies: [policy({ type: 'Replicas' })] }),
    issues: [[`${behaviorPath}.scaleDown.policies[0].type`, 'must be one of: Pods, Percent']],
  },
  {
    rule: 'policy value > 0',
    mutate: withBehavior({ policies: [policy({}), policy({ value: 0 })] }),
    issues: [[`${behaviorPath}.scaleDown.policies[1].value`, 'must be greater than zero']],
  },
  {
    rule: 'policy periodSeconds >= 1',
    mutate: withBehavior({ policies: [policy({ periodSeconds: 0 })] }),
    issues: [
      [`${behaviorPath}.scaleDown.policies[0].periodSeconds`, 'must be greater than zero; accepted: 1 to 1800 seconds'],
    ],
  },
  {
    rule: 'policy periodSeconds <= 1800',
    mutate: withBehavior({ policies: [policy({ periodSeconds: 1801 })] }),
    issues: [[`${behaviorPath}.scaleDown.policies[0].periodSeconds`, 'must be less than or equal to 1800']],
  },
  {
    rule: 'policy fields are required',
    mutate: withBehavior({ policies: [{ type: 'Pods' }] }),
    issues: [
      [`${behaviorPath}.scaleDown.policies[0].value`, 'is required'],
      [`${behaviorPath}.scaleDown.policies[0].periodSeconds`, 'is required'],
    ],
  },
  {
    rule: 'tolerance >= 0',
    mutate: withBehavior({ tolerance: -0.1 }),
    issues: [[`${behaviorPath}.scaleDown.tolerance`, 'must be greater than or equal to zero']],
  },
  {
    rule: 'tolerance quantity >= 0',
    mutate: withBehavior({ tolerance: '-10m' }),
    issues: [[`${behaviorPath}.scaleDown.tolerance`, 'must be greater than or equal to zero']],
  },
  {
    rule: 'tolerance is a quantity',
    mutate: withBehavior({ tolerance: 'ten percent' }),
    issues: [[`${behaviorPath}.scaleDown.tolerance`, 'must be a number or a Kubernetes quantity']],
  },
  {
    rule: 'scaleDown is a mapping',
    mutate: withBehavior(5),
    issues: [[`${behaviorPath}.scaleDown`, 'must be a mapping; got a number']],
  },
  // triggers (CRD + ValidateTriggers)
  {
    rule: 'triggers are required',
    mutate: (m) => delete m.spec.triggers,
    issues: [['spec.triggers', 'no triggers defined in the ScaledObject/ScaledJob']],
  },
  {
    rule: 'triggers not empty',
    mutate: (m) => (m.spec.triggers = []),
    issues: [['spec.triggers', 'no triggers defined in the ScaledObject/ScaledJob']],
  },
  {
    rule: 'triggers is a list',
    mutate: (m) => (m.spec.triggers = { type: 'kafka' }),
    issues: [['spec.triggers', 'must be a list of triggers; got a mapping']],
  },
  {
    rule: 'a trigger is a mapping',
    mutate: (m) => m.spec.triggers.push('kafka'),
    issues: [['spec.triggers[1]', 'must be a mapping with type and metadata; got a string']],
  },
  {
    rule: 'trigger type is required',
    mutate: (m) => delete m.spec.triggers[0].type,
    issues: [['spec.triggers[0].type', 'is required; expected a string']],
  },
  {
    rule: 'trigger type is not empty',
    mutate: (m) => (m.spec.triggers[0].type = ''),
    issues: [['spec.triggers[0].type', 'must not be empty']],
  },
  {
    rule: 'trigger metadata is required',
    mutate: (m) => delete m.spec.triggers[0].metadata,
    issues: [['spec.triggers[0].metadata', 'is required; expected a mapping']],
  },
  {
    rule: 'metadata values are strings: number',
    mutate: (m) => (m.spec.triggers[0].metadata.lagThreshold = 10),
    issues: [
      [
        'spec.triggers[0].metadata.lagThreshold',
        'must be a string; KEDA trigger metadata values are strings, quote the value in YAML (e.g. "10"); got a number',
      ],
    ],
  },
  {
    rule: 'metadata values are strings: boolean',
    mutate: (m) => (m.spec.triggers[0].metadata.unsafeSsl = false),
    issues: [
      [
        'spec.triggers[0].metadata.unsafeSsl',
        'must be a string; KEDA trigger metadata values are strings, quote the value in YAML (e.g. "10"); got a boolean',
      ],
    ],
  },
  {
    rule: 'metadata values are strings: null',
    mutate: (m) => (m.spec.triggers[0].metadata.topic = null),
    issues: [['spec.triggers[0].metadata.topic', 'got null']],
  },
  {
    rule: 'metadata values are strings: nested',
    mutate: (m) => (m.spec.triggers[0].metadata['sasl.mechanism'] = { a: 1 }),
    issues: [['spec.triggers[0].metadata["sasl.mechanism"]', 'got a mapping']],
  },
  {
    rule: 'metricType Utilization only for cpu/memory',
    mutate: (m) => (m.spec.triggers[0].metricType = 'Utilization'),
    issues: [
      [
        'spec.triggers[0].metricType',
        'Utilization is only supported for cpu and memory triggers, not for "kafka"; accepted: AverageValue or Value',
      ],
    ],
  },
  {
    rule: 'metricType enum',
    mutate: (m) => (m.spec.triggers[0].metricType = 'Average'),
    issues: [['spec.triggers[0].metricType', 'must be one of: AverageValue, Value, Utilization']],
  },
  {
    rule: 'useCachedMetrics is a boolean',
    mutate: (m) => (m.spec.triggers[0].useCachedMetrics = 'true'),
    issues: [['spec.triggers[0].useCachedMetrics', 'must be a boolean (true or false); got a string']],
  },
  ...['cpu', 'memory', 'cron'].map(
    (type): Row => ({
      rule: `useCachedMetrics not supported for ${type}`,
      mutate: (m) => m.spec.triggers.push({ type, metadata: {}, useCachedMetrics: true }),
      issues: [
        ['spec.triggers[1].useCachedMetrics', `property "useCachedMetrics" is not supported for "${type}" scaler`],
      ],
    }),
  ),
  {
    rule: 'trigger names are unique',
    mutate: (m) =>
      (m.spec.triggers = [
        { type: 'kafka', name: 'x', metadata: {} },
        { type: 'rabbitmq', name: 'y', metadata: {} },
        { type: 'kafka', name: 'x', metadata: {} },
      ]),
    issues: [
      [
        'spec.triggers[2].name',
        'triggerName "x" is defined multiple times in the ScaledObject/ScaledJob, but it must be unique',
      ],
    ],
  },
  {
    rule: 'authenticationRef.name is required',
    mutate: (m) => (m.spec.triggers[0].authenticationRef = { kind: 'TriggerAuthentication' }),
    issues: [['spec.triggers[0].authenticationRef.name', 'is required']],
  },
  {
    rule: 'authenticationRef.kind enum',
    mutate: (m) => (m.spec.triggers[0].authenticationRef = { name: 'a', kind: 'Secret' }),
    issues: [
      [
        'spec.triggers[0].authenticationRef.kind',
        'must be one of: TriggerAuthentication, ClusterTriggerAuthentication',
      ],
    ],
  },
  // cpu/memory only
  {
    rule: 'only cpu/memory triggers need min > 0 (unset)',
    mutate: (m) => (m.spec.triggers = [cpu]),
    issues: [
      [
        'spec.minReplicaCount',
        "scaledobject has only cpu/memory triggers AND minReplica is 0 (scale to zero doesn't work in this case)",
      ],
    ],
  },
  {
    rule: 'only cpu/memory triggers need min > 0 (explicit 0, StatefulSet)',
    mutate: (m) =>
      Object.assign(m.spec, {
        minReplicaCount: 0,
        scaleTargetRef: { name: 's', kind: 'StatefulSet' },
        triggers: [cpu, { type: 'memory', metricType: 'AverageValue', metadata: { value: '512Mi' } }],
      }),
    issues: [['spec.minReplicaCount', 'scaledobject has only cpu/memory triggers AND minReplica is 0']],
  },
];

describe('parseScaledObject: one invalid manifest per rule', () => {
  for (const row of rows) {
    it(`refuses: ${row.rule}`, () => {
      const manifest = base();
      row.mutate(manifest);
      const error = catchError(() => parseScaledObject(manifest));
      expect(error.issues.map((issue) => issue.path)).toEqual(row.issues.map(([path]) => path));
      row.issues.forEach(([, message], index) => {
        expect(error.issues[index]?.message).toContain(message);
      });
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.message.startsWith('invalid ScaledObject: ')).toBe(true);
    });
  }

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
