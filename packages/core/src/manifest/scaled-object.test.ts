import { describe, expect, it } from 'vitest';
import { parseScaledObject } from './scaled-object.js';
import {
  behaviorFallbackYaml,
  cronCpuYaml,
  kafkaYaml,
  rabbitmqYaml,
  scalingModifiersYaml,
  serviceBusYaml,
  sqsYaml,
} from './test-fixtures.js';
import { catchError } from './test-helpers.js';
import type { ScaledObject } from './types.js';

const defaults = {
  pollingInterval: 30,
  initialCooldownPeriod: 0,
  cooldownPeriod: 300,
  minReplicaCount: 0,
  maxReplicaCount: 100,
};
const unpaused = { paused: false, pausedScaleIn: false, pausedScaleOut: false, forceActivation: false };

describe('parseScaledObject: valid manifests', () => {
  it('parses the KEDA kafka example with every default applied', () => {
    expect(parseScaledObject(kafkaYaml)).toEqual({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'kafka-scaledobject', namespace: 'default', labels: {}, annotations: {} },
      spec: {
        scaleTargetRef: { name: 'azure-functions-deployment', apiVersion: 'apps/v1', kind: 'Deployment' },
        ...defaults,
        triggers: [
          {
            type: 'kafka',
            name: '',
            metadata: {
              bootstrapServers: 'localhost:9092',
              consumerGroup: 'my-group',
              topic: 'test-topic',
              lagThreshold: '50',
              offsetResetPolicy: 'latest',
            },
            authenticationRef: { name: 'keda-trigger-auth-kafka-credential', kind: 'TriggerAuthentication' },
            metricType: 'AverageValue',
            useCachedMetrics: false,
          },
        ],
      },
      pause: unpaused,
    } satisfies ScaledObject);
  });

  const table: { name: string; yaml: string; check: (so: ScaledObject) => void }[] = [
    {
      name: 'rabbitmq with labels',
      yaml: rabbitmqYaml,
      check: (so) => {
        expect(so.metadata.labels).toEqual({ app: 'orders' });
        expect(so.spec).toMatchObject(defaults);
        expect(so.spec.advanced).toBeUndefined();
        expect(so.spec.fallback).toBeUndefined();
        expect(so.spec.idleReplicaCount).toBeUndefined();
        expect(so.spec.triggers[0]?.metadata).toEqual({
          protocol: 'amqp',
          queueName: 'testqueue',
          mode: 'QueueLength',
          value: '20',
        });
      },
    },
    {
      name: 'aws-sqs-queue with explicit bounds, idle 0 and a ClusterTriggerAuthentication',
      yaml: sqsYaml,
      check: (so) => {
        expect(so.spec).toMatchObject({
          minReplicaCount: 1,
          maxReplicaCount: 10,
          cooldownPeriod: 60,
          idleReplicaCount: 0,
        });
        expect(so.spec.pollingInterval).toBe(30);
        expect(so.spec.triggers[0]?.authenticationRef).toEqual({
          name: 'keda-trigger-auth-aws-credentials',
          kind: 'ClusterTriggerAuthentication',
        });
      },
    },
    {
      name: 'azure-servicebus: Value metric, named trigger, cached metrics, StatefulSet, paused-replicas',
      yaml: serviceBusYaml,
      check: (so) => {
        expect(so.spec.scaleTargetRef).toEqual({
          name: 'order-processor',
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          envSourceContainerName: 'processor',
        });
        expect(so.spec.initialCooldownPeriod).toBe(120);
        expect(so.spec.triggers[0]).toMatchObject({ name: 'orders', metricType: 'Value', useCachedMetrics: true });
        expect(so.metadata.annotations).toEqual({ 'autoscaling.keda.sh/paused-replicas': '2' });
        expect(so.pause).toEqual({ ...unpaused, paused: true, pausedReplicas: 2 });
      },
    },
    {
      name: 'cron + cpu (Utilization allowed on cpu)',
      yaml: cronCpuYaml,
      check: (so) => {
        expect(so.metadata.namespace).toBeUndefined();
        expect(so.spec.triggers.map((t) => [t.type, t.metricType])).toEqual([
          ['cron', 'AverageValue'],
          ['cpu', 'Utilization'],
        ]);
        expect(so.spec.triggers[0]?.metadata.start).toBe('30 * * * *');
      },
    },
    {
      name: 'advanced behavior and fallback',
      yaml: behaviorFallbackYaml,
      check: (so) => {
        expect(so.spec.fallback).toEqual({ failureThreshold: 3, replicas: 6, behavior: 'currentReplicasIfHigher' });
        expect(so.spec.advanced).toEqual({
          restoreToOriginalReplicaCount: true,
          horizontalPodAutoscalerConfig: {
            name: 'keda-hpa-worker-custom',
            behavior: {
              scaleDown: {
                stabilizationWindowSeconds: 300,
                policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
              },
              scaleUp: {
                stabilizationWindowSeconds: 0,
                selectPolicy: 'Max',
                tolerance: 0.05,
                policies: [
                  { type: 'Pods', value: 4, periodSeconds: 15 },
                  { type: 'Percent', value: 1000, periodSeconds: 1800 },
                ],
              },
            },
          },
        });
      },
    },
    {
      name: 'scalingModifiers with the scalingModifiers fallback behavior',
      yaml: scalingModifiersYaml,
      check: (so) => {
        expect(so.spec.advanced).toEqual({
          restoreToOriginalReplicaCount: false,
          scalingModifiers: {
            formula: '(trig_one + trig_two)/2',
            target: '2',
            activationTarget: '2.5',
            metricType: 'AverageValue',
          },
        });
        expect(so.spec.fallback?.behavior).toBe('scalingModifiers');
      },
    },
    {
      name: 'scalingModifiers target in Go float notation and a non-numeric activationTarget (the webhook accepts both)',
      yaml: `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: composite}
spec:
  scaleTargetRef: {name: worker}
  advanced:
    scalingModifiers: {formula: "lag / 2", target: "0x1p-2", activationTarget: "off"}
  triggers:
    - {type: kafka, name: lag, metadata: {topic: t}}
`,
      check: (so) =>
        expect(so.spec.advanced?.scalingModifiers).toEqual({
          formula: 'lag / 2',
          target: '0x1p-2',
          activationTarget: 'off',
          metricType: 'AverageValue',
        }),
    },
  ];

  for (const row of table) {
    it(`parses ${row.name}`, () => row.check(parseScaledObject(row.yaml)));
  }

  it('defaults fallback.behavior to static and scalingModifiers.metricType to AverageValue', () => {
    const so = parseScaledObject({
      scaleTargetRef: { name: 'w' },
      fallback: { failureThreshold: 0, replicas: 0 },
      advanced: { scalingModifiers: { formula: 'a', target: '1.5', metricType: 'Value' } },
      triggers: [{ type: 'prometheus', name: 'a', metadata: {} }],
    });
    expect(so.spec.fallback).toEqual({ failureThreshold: 0, replicas: 0, behavior: 'static' });
    expect(so.spec.advanced?.scalingModifiers?.metricType).toBe('Value');
  });

  it('accepts idleReplicaCount 0 when minReplicaCount 0 is written explicitly (effective min 1)', () => {
    const so = parseScaledObject({
      scaleTargetRef: { name: 'w' },
      minReplicaCount: 0,
      idleReplicaCount: 0,
      triggers: [{ type: 'kafka', metadata: {} }],
    });
    expect(so.spec.idleReplicaCount).toBe(0);
  });

  it('accepts minReplicaCount equal to maxReplicaCount', () => {
    const so = parseScaledObject({
      scaleTargetRef: { name: 'w' },
      minReplicaCount: 7,
      maxReplicaCount: 7,
      triggers: [{ type: 'kafka', metadata: {} }],
    });
    expect([so.spec.minReplicaCount, so.spec.maxReplicaCount]).toEqual([7, 7]);
  });

  it('ignores unknown fields, as the API server prunes them', () => {
    const so = parseScaledObject({
      scaleTargetRef: { name: 'w', extra: 1 },
      somethingNew: true,
      triggers: [{ type: 'kafka', metadata: {}, futureField: 'x' }],
    });
    expect(so.spec).not.toHaveProperty('somethingNew');
    expect(so.spec.scaleTargetRef).not.toHaveProperty('extra');
    expect(so.spec.triggers[0]).not.toHaveProperty('futureField');
  });

  it('treats null fields as absent (the API server prunes nulls)', () => {
    const so = parseScaledObject(
      'spec:\n  scaleTargetRef:\n    name: w\n  cooldownPeriod:\n  fallback:\n  triggers:\n  - type: kafka\n    metadata: {}\n',
    );
    expect(so.spec.cooldownPeriod).toBe(300);
    expect(so.spec.fallback).toBeUndefined();
  });

  it('accepts a trigger type no package registered', () => {
    expect(
      parseScaledObject({ scaleTargetRef: { name: 'w' }, triggers: [{ type: 'my-own-source', metadata: {} }] }).spec
        .triggers[0]?.type,
    ).toBe('my-own-source');
  });

  it('keeps a creationTimestamp', () => {
    const so = parseScaledObject({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'w', creationTimestamp: '2024-05-01T10:00:00Z' },
      spec: { scaleTargetRef: { name: 'w' }, triggers: [{ type: 'kafka', metadata: {} }] },
    });
    expect(so.metadata.creationTimestamp).toBe('2024-05-01T10:00:00Z');
  });
});

describe('parseScaledObject: round trip', () => {
  const fixtures = {
    kafkaYaml,
    rabbitmqYaml,
    sqsYaml,
    serviceBusYaml,
    cronCpuYaml,
    behaviorFallbackYaml,
    scalingModifiersYaml,
  };
  for (const [name, yaml] of Object.entries(fixtures)) {
    it(`parses its own output of ${name} to the same result`, () => {
      const once = parseScaledObject(yaml);
      expect(parseScaledObject(once)).toEqual(once);
      expect(parseScaledObject(JSON.stringify(once))).toEqual(once);
    });
  }

  it('reads an empty authenticationRef.kind as TriggerAuthentication', () => {
    const so = parseScaledObject({
      scaleTargetRef: { name: 'w' },
      triggers: [{ type: 'kafka', metadata: {}, authenticationRef: { name: 'a', kind: '' } }],
    });
    expect(so.spec.triggers[0]?.authenticationRef).toEqual({ name: 'a', kind: 'TriggerAuthentication' });
  });
});

describe('parseScaledObject: input forms', () => {
  const spec = { scaleTargetRef: { name: 'w' }, triggers: [{ type: 'kafka', metadata: { topic: 't' } }] };

  it('takes the first ScaledObject of a multi-document YAML stream', () => {
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n---\n${kafkaYaml}---\n${rabbitmqYaml}`;
    expect(parseScaledObject(text).metadata.name).toBe('kafka-scaledobject');
  });

  it('skips empty documents of a stream', () => {
    expect(parseScaledObject(`---\n# only a comment\n---\n${rabbitmqYaml}`).metadata.name).toBe(
      'rabbitmq-scaledobject',
    );
  });

  it('reports kind when a stream holds no ScaledObject', () => {
    const error = catchError(() =>
      parseScaledObject('kind: Secret\napiVersion: v1\n---\nkind: Service\napiVersion: v1\n'),
    );
    expect(error.issues).toEqual([
      { path: 'kind', message: 'no ScaledObject document found among 2 documents (kinds: Secret, Service)' },
    ]);
  });

  it('reports kind when the only document is of another kind', () => {
    const error = catchError(() =>
      parseScaledObject('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec: {}\n'),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(['kind', 'apiVersion']);
    expect(error.issues[0]?.message).toBe('must be "ScaledObject"; got "Deployment"');
  });

  it('parses JSON text', () => {
    const json = JSON.stringify({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'j' },
      spec,
    });
    expect(parseScaledObject(json).metadata.name).toBe('j');
  });

  it('parses a manifest object', () => {
    const so = parseScaledObject({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'o' },
      spec,
    });
    expect(so.metadata).toEqual({ name: 'o', labels: {}, annotations: {} });
  });

  it('parses a bare spec, naming it "unnamed"', () => {
    const so = parseScaledObject(spec);
    expect([so.apiVersion, so.kind, so.metadata.name]).toEqual(['keda.sh/v1alpha1', 'ScaledObject', 'unnamed']);
    expect(so.spec.triggers[0]?.metadata).toEqual({ topic: 't' });
  });

  it('parses a bare spec written as YAML', () => {
    expect(
      parseScaledObject('scaleTargetRef:\n  name: w\ntriggers:\n- type: kafka\n  metadata: {}\n').metadata.name,
    ).toBe('unnamed');
  });

  it('infers kind and apiVersion of a manifest object that has neither', () => {
    expect(parseScaledObject({ metadata: { name: 'n' }, spec }).kind).toBe('ScaledObject');
  });

  it('does not modify its input', () => {
    const input = { scaleTargetRef: { name: 'w' }, triggers: [{ type: 'kafka', metadata: { topic: 't' } }] };
    const copy = structuredClone(input);
    parseScaledObject(input);
    expect(input).toEqual(copy);
  });

  const syntaxErrors: { name: string; text: string; message: string }[] = [
    {
      name: 'bad indentation',
      text: 'spec:\n  scaleTargetRef: w\n    name: x\n',
      message: 'YAML syntax error at line 2, column 19:',
    },
    { name: 'unterminated quote', text: 'spec:\n  a: "open\n', message: 'YAML syntax error at line 3, column 1:' },
    {
      name: 'duplicate key',
      text: 'kind: ScaledObject\nkind: ScaledObject\n',
      message: 'YAML syntax error at line 2, column 1: a key appears twice in one mapping',
    },
    {
      name: 'tab indentation',
      text: 'spec:\n\tscaleTargetRef: {}\n',
      message: 'YAML syntax error at line 2, column 1:',
    },
    { name: 'broken JSON', text: '{\n  "spec": {"a": 1,, }\n}', message: 'JSON syntax error at line 2, column 19:' },
    {
      name: 'a syntax error in a later document',
      text: `${kafkaYaml}---\na: [1, 2\n`,
      message: 'YAML syntax error at line',
    },
  ];
  for (const row of syntaxErrors) {
    it(`reports a YAML/JSON syntax error with line and column: ${row.name}`, () => {
      const error = catchError(() => parseScaledObject(row.text));
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]?.path).toBe('');
      expect(error.issues[0]?.message.startsWith(row.message)).toBe(true);
    });
  }

  it('never quotes the source line of a syntax error', () => {
    const error = catchError(() => parseScaledObject('spec:\n  password: hunter2-secret : x\n'));
    expect(error.message).not.toContain('hunter2-secret');
  });

  it('refuses empty text and non-mapping documents', () => {
    expect(catchError(() => parseScaledObject('')).issues[0]?.message).toBe(
      'no document found; expected a ScaledObject manifest',
    );
    expect(catchError(() => parseScaledObject('- a\n- b\n')).issues[0]?.message).toBe(
      'must be a ScaledObject manifest or its spec as a mapping; got a list',
    );
    expect(catchError(() => parseScaledObject(42)).issues[0]?.message).toBe(
      'must be a ScaledObject manifest or its spec as a mapping; got a number',
    );
  });
});
