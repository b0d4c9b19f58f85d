import { type SimulateOptions, type SimulationResult, longestWait, simulate } from '@scalerkit/testing';

/** One workload run twice: as KEDA scales it, and with one of scalerkit's policies. */
export interface PolicyScenario {
  /** Short id: file names of the charts. */
  id: string;
  title: string;
  /** What the policy should change, checked by scenarios.test.ts. */
  claim: string;
  /** The simulation as KEDA runs it (no scalerkit annotation). */
  keda: SimulateOptions;
  /** The same simulation with the policy's annotations (one or more variants). */
  variants: { label: string; annotations: Record<string, string> }[];
}

/** The figures docs/policies.md reports for one run. */
export interface Figures {
  label: string;
  replicaHours: number;
  /** The longest time an item waited in the queue (FIFO), seconds. */
  longestWaitSeconds: number;
  scaleEvents: number;
  maxReplicas: number;
}

const P = 'autoscaling.scalerkit.dev/';

/** A queue worker's ScaledObject, with `extra` spec fields and annotations. */
function scaledObject(
  name: string,
  spec: Record<string, unknown>,
  annotations: Record<string, string> = {},
): Record<string, unknown> {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name, annotations },
    spec: {
      scaleTargetRef: { name },
      pollingInterval: 15,
      cooldownPeriod: 300,
      minReplicaCount: 1,
      maxReplicaCount: 50,
      triggers: [
        { type: 'rabbitmq', name: 'orders', metadata: { queueName: 'orders', mode: 'QueueLength', value: '20' } },
      ],
      ...spec,
    },
  };
}

/** The scenarios of docs/policies.md, in its order. */
export const scenarios: PolicyScenario[] = [
  {
    id: 'cooldown',
    title: 'Unified scale-in cooldown: a load that swings every 4 minutes, an HPA tuned to scale down fast',
    claim: 'fewer scale events and a shorter longest wait, for more replica-hours',
    keda: {
      scaledObject: scaledObject('cooldown', {
        advanced: {
          horizontalPodAutoscalerConfig: {
            behavior: {
              scaleDown: {
                stabilizationWindowSeconds: 0,
                policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
              },
            },
          },
        },
      }),
      initialReplicas: 1,
      until: '1h',
      workload: {
        arrivals: { type: 'sine', mean: 20, amplitude: 18, period: '4m' },
        serviceRatePerReplica: 1,
        startupDelay: '45s',
      },
    },
    variants: [{ label: 'scale-in cooldown 300 s', annotations: { [`${P}scale-in-cooldown`]: '300' } }],
  },
  {
    id: 'panic',
    title: 'Panic mode: a sudden burst 20 times the usual rate',
    claim: 'a shorter longest wait and fewer scale events (one jump instead of doubling steps)',
    keda: {
      scaledObject: scaledObject('panic', {}),
      initialReplicas: 1,
      until: '1h',
      workload: {
        arrivals: {
          type: 'steps',
          steps: [
            { at: 0, rate: 4 },
            { at: '10m', rate: 80 },
            { at: '20m', rate: 4 },
            { at: '35m', rate: 80 },
            { at: '40m', rate: 4 },
          ],
        },
        serviceRatePerReplica: 2,
        startupDelay: '20s',
      },
    },
    variants: [{ label: 'panic (Knative defaults)', annotations: { [`${P}panic`]: 'true' } }],
  },
  {
    id: 'queue-time',
    title: 'Queue-time target: slow items, a target of 50 items per replica against "keep the wait under 30 s"',
    claim: 'the longest wait near the 30 s target instead of minutes, for more replica-hours',
    keda: {
      scaledObject: scaledObject('queue-time', {
        triggers: [
          { type: 'rabbitmq', name: 'orders', metadata: { queueName: 'orders', mode: 'QueueLength', value: '50' } },
        ],
      }),
      initialReplicas: 4,
      until: '1h',
      workload: {
        arrivals: { type: 'bursts', baseRate: 1, burstRate: 12, every: '15m', duration: '5m', start: '5m' },
        serviceRatePerReplica: 0.5,
        initialBacklog: 60,
        startupDelay: '20s',
      },
    },
    variants: [
      {
        label: 'queue time 30 s, rate given',
        annotations: { [`${P}queue-time-target.orders`]: '30s', [`${P}service-rate-per-replica.orders`]: '0.5' },
      },
      { label: 'queue time 30 s, rate learned', annotations: { [`${P}queue-time-target.orders`]: '30s' } },
    ],
  },
  {
    id: 'trigger-errors',
    title: 'Per-trigger error policy: a second trigger (audit) fails for 30 minutes',
    claim: 'ignore: fewer replica-hours than KEDA (scale-in goes on); hold: the count frozen through the outage',
    keda: {
      scaledObject: scaledObject('trigger-errors', {
        triggers: [
          { type: 'rabbitmq', name: 'orders', metadata: { queueName: 'orders', mode: 'QueueLength', value: '20' } },
          { type: 'rabbitmq', name: 'audit', metadata: { queueName: 'audit', mode: 'QueueLength', value: '20' } },
        ],
      }),
      initialReplicas: 1,
      until: '1h',
      workload: {
        arrivals: { type: 'bursts', baseRate: 2, burstRate: 40, every: '20m', duration: '4m', start: '8m' },
        serviceRatePerReplica: 4,
        startupDelay: '20s',
        trigger: 'orders',
      },
      timeline: {
        audit: [
          { at: 0, value: 0 },
          { at: '5m', error: 'audit queue: connection refused' },
          { at: '35m', value: 0 },
        ],
      },
    },
    variants: [
      { label: 'audit: ignore', annotations: { [`${P}trigger-error-policy.audit`]: 'ignore' } },
      { label: 'audit: hold', annotations: { [`${P}trigger-error-policy.audit`]: 'hold' } },
    ],
  },
];

/** The simulation of a variant: KEDA's, with the variant's annotations on the ScaledObject. */
export function variantOptions(scenario: PolicyScenario, annotations: Record<string, string>): SimulateOptions {
  const manifest = scenario.keda.scaledObject as { metadata: Record<string, unknown> };
  return {
    ...scenario.keda,
    scaledObject: { ...manifest, metadata: { ...manifest.metadata, annotations } },
  };
}

export function figures(label: string, result: SimulationResult): Figures {
  return {
    label,
    replicaHours: Math.round((result.summary.replicaSeconds / 3600) * 100) / 100,
    longestWaitSeconds: Math.round(longestWait(result.steps, result.settings.step)?.seconds ?? 0),
    scaleEvents: result.summary.scaleEvents,
    maxReplicas: result.summary.maxReplicas,
  };
}

/** Runs a scenario: KEDA first, then each variant. */
export function runScenario(scenario: PolicyScenario): { label: string; result: SimulationResult; figures: Figures }[] {
  const runs = [{ label: 'KEDA', options: scenario.keda }];
  for (const variant of scenario.variants)
    runs.push({ label: variant.label, options: variantOptions(scenario, variant.annotations) });
  return runs.map(({ label, options }) => {
    const result = simulate(options);
    return { label, result, figures: figures(label, result) };
  });
}
