import { describe, expect, it } from 'vitest';
import { parseScaledJob } from './scaled-job.js';
import { catchError } from './test-helpers.js';

const jobYaml = (scalingStrategy: string) => `
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata:
  name: rabbitmq-consumer
  namespace: default
spec:
  jobTargetRef:
    parallelism: 1
    completions: 1
    activeDeadlineSeconds: 600
    backoffLimit: 6
    template:
      spec:
        containers:
        - name: rabbitmq-client
          image: ghcr.io/kedacore/rabbitmq-client:v1.0
          command: ["receive", "amqp://user:PASSWORD@rabbitmq.default.svc.cluster.local:5672", "job"]
        restartPolicy: Never
  pollingInterval: 10
  maxReplicaCount: 30
${scalingStrategy}
  triggers:
  - type: rabbitmq
    metadata:
      queueName: hello
      mode: QueueLength
      value: "1"
    authenticationRef:
      name: rabbitmq-consumer-trigger
`;

describe('parseScaledJob: valid manifests', () => {
  it('applies KEDA defaults (history 100/100, strategy default, calculation max) and keeps min/max unset', () => {
    const job = parseScaledJob({
      jobTargetRef: { template: { spec: {} } },
      triggers: [{ type: 'kafka', metadata: {} }],
    });
    expect(job).toEqual({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledJob',
      metadata: { name: 'unnamed', labels: {}, annotations: {} },
      spec: {
        jobTargetRef: { template: { spec: {} } },
        pollingInterval: 30,
        successfulJobsHistoryLimit: 100,
        failedJobsHistoryLimit: 100,
        scalingStrategy: { strategy: 'default', multipleScalersCalculation: 'max' },
        triggers: [{ type: 'kafka', name: '', metadata: {}, metricType: 'AverageValue', useCachedMetrics: false }],
      },
      pause: { paused: false, pausedScaleIn: false, pausedScaleOut: false, forceActivation: false },
    });
  });

  const strategies: [string, string, object][] = [
    ['no scalingStrategy', '', { strategy: 'default', multipleScalersCalculation: 'max' }],
    [
      'default',
      '  scalingStrategy:\n    strategy: default',
      { strategy: 'default', multipleScalersCalculation: 'max' },
    ],
    [
      'custom',
      '  scalingStrategy:\n    strategy: custom\n    customScalingQueueLengthDeduction: 1\n    customScalingRunningJobPercentage: "0.5"',
      {
        strategy: 'custom',
        customScalingQueueLengthDeduction: 1,
        customScalingRunningJobPercentage: '0.5',
        multipleScalersCalculation: 'max',
      },
    ],
    [
      'accurate with pendingPodConditions',
      '  scalingStrategy:\n    strategy: accurate\n    pendingPodConditions:\n    - Ready\n    - PodScheduled',
      { strategy: 'accurate', pendingPodConditions: ['Ready', 'PodScheduled'], multipleScalersCalculation: 'max' },
    ],
    [
      'eager with sum',
      '  scalingStrategy:\n    strategy: eager\n    multipleScalersCalculation: sum',
      { strategy: 'eager', multipleScalersCalculation: 'sum' },
    ],
    [
      'unknown strategy kept (KEDA falls back to default)',
      '  scalingStrategy:\n    strategy: gradual',
      { strategy: 'gradual', multipleScalersCalculation: 'max' },
    ],
  ];
  for (const [name, yaml, expected] of strategies) {
    it(`parses the KEDA rabbitmq ScaledJob with ${name}`, () => {
      const job = parseScaledJob(jobYaml(yaml));
      expect(job.spec.scalingStrategy).toEqual(expected);
      expect(job.spec).toMatchObject({ pollingInterval: 10, maxReplicaCount: 30, successfulJobsHistoryLimit: 100 });
      expect(job.spec.minReplicaCount).toBeUndefined();
      expect((job.spec.jobTargetRef as { backoffLimit: number }).backoffLimit).toBe(6);
    });
  }

  it('keeps history limits, min, rollout and envSourceContainerName', () => {
    const job = parseScaledJob({
      jobTargetRef: { template: {} },
      successfulJobsHistoryLimit: 5,
      failedJobsHistoryLimit: 0,
      minReplicaCount: 2,
      rollout: { strategy: 'gradual', propagationPolicy: 'foreground' },
      envSourceContainerName: 'worker',
      triggers: [{ type: 'aws-sqs-queue', metadata: { queueURL: 'https://sqs.eu-west-1.amazonaws.com/1/q' } }],
    });
    expect(job.spec).toMatchObject({
      successfulJobsHistoryLimit: 5,
      failedJobsHistoryLimit: 0,
      minReplicaCount: 2,
      rollout: { strategy: 'gradual', propagationPolicy: 'foreground' },
      envSourceContainerName: 'worker',
    });
  });

  it('keeps rollout and the deprecated rolloutStrategy as free strings, and the Job spec verbatim', () => {
    const job = parseScaledJob(`
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata: {name: reports}
spec:
  jobTargetRef:
    parallelism: 2
    completions: 4
    activeDeadlineSeconds: 900
    backoffLimit: 3
    template: {spec: {containers: [{name: report, image: report:1}], restartPolicy: Never}}
  rolloutStrategy: gradual
  rollout: {strategy: default, propagationPolicy: orphan}
  triggers: [{type: redis, metadata: {listName: reports}}]
`);
    expect(job.spec.rollout).toEqual({ strategy: 'default', propagationPolicy: 'orphan' });
    expect(job.spec.rolloutStrategy).toBe('gradual');
    expect(job.spec.jobTargetRef).toMatchObject({
      parallelism: 2,
      completions: 4,
      activeDeadlineSeconds: 900,
      backoffLimit: 3,
    });
  });

  it('parses its own output to the same result', () => {
    const once = parseScaledJob(jobYaml(strategies[2]?.[1] ?? ''));
    expect(parseScaledJob(once)).toEqual(once);
  });

  it('takes the ScaledJob of a stream that also holds a ScaledObject', () => {
    const so = 'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: so}\nspec: {}\n';
    expect(parseScaledJob(`${so}---\n${jobYaml('')}`).metadata.name).toBe('rabbitmq-consumer');
  });
});

const valid = () => ({
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledJob',
  metadata: { name: 'job' },
  spec: { jobTargetRef: { template: {} }, triggers: [{ type: 'kafka', metadata: {} }] } as Record<string, unknown>,
});

describe('parseScaledJob: one invalid manifest per rule', () => {
  const rows: [string, (m: ReturnType<typeof valid>) => void, string, string][] = [
    ['kind must be ScaledJob', (m) => (m.kind = 'ScaledObject'), 'kind', 'must be "ScaledJob"'],
    ['name is an RFC 1123 subdomain', (m) => (m.metadata.name = '-job'), 'metadata.name', 'RFC 1123'],
    ['jobTargetRef is required', (m) => delete m.spec.jobTargetRef, 'spec.jobTargetRef', 'is required'],
    [
      'jobTargetRef is a mapping',
      (m) => (m.spec.jobTargetRef = 'job'),
      'spec.jobTargetRef',
      'must be a mapping (a Job spec); got a string',
    ],
    [
      'jobTargetRef.template is required',
      (m) => (m.spec.jobTargetRef = { backoffLimit: 1 }),
      'spec.jobTargetRef.template',
      'is required',
    ],
    [
      'pollingInterval >= 1',
      (m) => (m.spec.pollingInterval = 0),
      'spec.pollingInterval',
      'must be greater than or equal to 1',
    ],
    [
      'successfulJobsHistoryLimit >= 0',
      (m) => (m.spec.successfulJobsHistoryLimit = -1),
      'spec.successfulJobsHistoryLimit',
      'must be greater than or equal to 0',
    ],
    [
      'failedJobsHistoryLimit is an integer',
      (m) => (m.spec.failedJobsHistoryLimit = '5'),
      'spec.failedJobsHistoryLimit',
      'must be an integer; got a string',
    ],
    [
      'minReplicaCount >= 0',
      (m) => (m.spec.minReplicaCount = -2),
      'spec.minReplicaCount',
      'must be greater than or equal to 0',
    ],
    ['maxReplicaCount is an integer', (m) => (m.spec.maxReplicaCount = 2.5), 'spec.maxReplicaCount', 'whole number'],
    [
      'customScalingRunningJobPercentage is a string',
      (m) => (m.spec.scalingStrategy = { strategy: 'custom', customScalingRunningJobPercentage: 0.5 }),
      'spec.scalingStrategy.customScalingRunningJobPercentage',
      'must be a string in KEDA\'s CRD; quote it in YAML (e.g. "0.5"); got a fractional number',
    ],
    [
      'customScalingQueueLengthDeduction is an integer',
      (m) => (m.spec.scalingStrategy = { customScalingQueueLengthDeduction: 'one' }),
      'spec.scalingStrategy.customScalingQueueLengthDeduction',
      'must be an integer',
    ],
    [
      'pendingPodConditions is a list of strings',
      (m) => (m.spec.scalingStrategy = { pendingPodConditions: 'Ready' }),
      'spec.scalingStrategy.pendingPodConditions',
      'must be a list',
    ],
    [
      'rollout.strategy is a string',
      (m) => (m.spec.rollout = { strategy: 1 }),
      'spec.rollout.strategy',
      'must be a string; got a number',
    ],
    [
      'rollout.propagationPolicy is a string',
      (m) => (m.spec.rollout = { propagationPolicy: true }),
      'spec.rollout.propagationPolicy',
      'must be a string; got a boolean',
    ],
    [
      'rolloutStrategy (deprecated) is a string',
      (m) => (m.spec.rolloutStrategy = ['gradual']),
      'spec.rolloutStrategy',
      'must be a string; got a list',
    ],
    [
      'triggers are required',
      (m) => (m.spec.triggers = []),
      'spec.triggers',
      'no triggers defined in the ScaledObject/ScaledJob',
    ],
    [
      'metadata values are strings',
      (m) => (m.spec.triggers = [{ type: 'kafka', metadata: { lagThreshold: 5 } }]),
      'spec.triggers[0].metadata.lagThreshold',
      'must be a string',
    ],
    [
      'trigger names are unique',
      (m) =>
        (m.spec.triggers = [
          { type: 'kafka', name: 'a', metadata: {} },
          { type: 'kafka', name: 'a', metadata: {} },
        ]),
      'spec.triggers[1].name',
      'triggerName "a" is defined multiple times in the ScaledObject/ScaledJob, but it must be unique',
    ],
    [
      'useCachedMetrics not for cron',
      (m) => (m.spec.triggers = [{ type: 'cron', metadata: {}, useCachedMetrics: true }]),
      'spec.triggers[0].useCachedMetrics',
      'property "useCachedMetrics" is not supported for "cron" scaler',
    ],
  ];
  for (const [rule, mutate, path, message] of rows) {
    it(`refuses: ${rule}`, () => {
      const manifest = valid();
      mutate(manifest);
      const error = catchError(() => parseScaledJob(manifest));
      expect(error.issues.map((issue) => issue.path)).toEqual([path]);
      expect(error.issues[0]?.message).toContain(message);
      expect(error.message.startsWith('invalid ScaledJob: ')).toBe(true);
    });
  }

  it('does not apply ScaledObject-only webhook rules (min > max, names > 63)', () => {
    const manifest = valid();
    manifest.metadata.name = 'j'.repeat(70);
    Object.assign(manifest.spec, { minReplicaCount: 5, maxReplicaCount: 1 });
    expect(parseScaledJob(manifest).spec.minReplicaCount).toBe(5);
  });
});
