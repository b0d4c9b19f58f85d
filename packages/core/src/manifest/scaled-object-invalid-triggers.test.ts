import { describe } from 'vitest';
import { behaviorPath, cpu, policy, type Row, refuseRows, withBehavior } from './test-helpers.js';

const rows: Row[] = [
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
    rule: 'scalingModifiers target must be > 0 (NaN, as Go parses it)',
    mutate: (m) => (m.spec.advanced = { scalingModifiers: { formula: 'a', target: 'NaN' } }),
    issues: [['spec.advanced.scalingModifiers.target', 'must be a number greater than 0']],
  },
  {
    rule: 'scalingModifiers target out of float64 range (Go ParseFloat error)',
    mutate: (m) => (m.spec.advanced = { scalingModifiers: { formula: 'a', target: '1e400' } }),
    issues: [['spec.advanced.scalingModifiers.target', 'must be a number greater than 0']],
  },
  {
    rule: 'scalingModifiers target with spaces (Go ParseFloat does not trim)',
    mutate: (m) => (m.spec.advanced = { scalingModifiers: { formula: 'a', target: ' 2' } }),
    issues: [['spec.advanced.scalingModifiers.target', 'must be a number greater than 0']],
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
  // behavior (Kubernetes v1.33 pkg/apis/autoscaling/validation/validation.go)
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
        'must be a string; KEDA trigger metadata values are strings, quote the value in YAML (e.g. "true"); got a boolean',
      ],
    ],
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

describe('parseScaledObject: one invalid manifest per rule (modifiers, behavior, triggers)', () => {
  refuseRows(rows);
});
