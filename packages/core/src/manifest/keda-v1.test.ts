import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ScaledObjectValidationError } from '../errors.js';
import { findKedaV1Constructs, KEDA_V1_API_VERSION, migrateKedaV1 } from './keda-v1.js';
import { parseScaledJob } from './scaled-job.js';
import { parseScaledObject } from './scaled-object.js';
import { parseTriggerAuthentication } from './trigger-authentication.js';

/** The manifest of issue 20, as articles show it: v1 head, v2 trigger metadata. */
const ARTICLE = `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: kafka-consumer, namespace: default }
spec:
  scaleTargetRef:
    deploymentName: sample-deployment
  pollingInterval: 15
  cooldownPeriod: 60
  minReplicaCount: 1
  maxReplicaCount: 10
  triggers:
  - type: kafka
    metadata:
      bootstrapServers: "kafka-brokers.example.com:9092"
      topic: "exampleTopic"
      consumerGroup: keda-consumer-group
      lagThreshold: "5"
`;

function issuesOf(parse: () => unknown): ReadonlyArray<{ path: string; message: string }> {
  try {
    parse();
  } catch (error) {
    if (ScaledObjectValidationError.isInstance(error)) return error.issues;
    throw error;
  }
  throw new Error('expected the manifest to be refused');
}

/** A v1 ScaledObject with one trigger of `type` and `metadata` (YAML text of the metadata lines). */
function v1WithTrigger(type: string, metadata: Record<string, string>, extra = ''): string {
  const lines = Object.entries(metadata)
    .map(([key, value]) => `      ${key}: ${JSON.stringify(value)}`)
    .join('\n');
  return `apiVersion: ${KEDA_V1_API_VERSION}
kind: ScaledObject
metadata:
  name: app
spec:
  scaleTargetRef:
    deploymentName: app
  triggers:
  - type: ${type}
${extra}    metadata:
${lines}
`;
}

function migratedMetadata(text: string, document = 0): Record<string, unknown> {
  const migrated = migrateKedaV1(text).text;
  const value = parseAllDocuments(migrated).map((doc) => (Array.isArray(doc) ? undefined : doc.toJSON()))[document];
  return value.spec.triggers[0].metadata;
}

describe('KEDA v1 in a parse error: still refused, with what v2 wants', () => {
  it("the article's manifest: scaleTargetRef.name is required, and the message gives the fixed line", () => {
    const issues = issuesOf(() => parseScaledObject(ARTICLE));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('spec.scaleTargetRef.name');
    expect(issues[0]?.message).toContain('KEDA v1 read spec.scaleTargetRef.deploymentName');
    expect(issues[0]?.message).toContain('write "name: sample-deployment"');
    expect(issues[0]?.message).toContain('scalerkit migrate');
  });

  it('the v1 API group is refused with the v2 one to write', () => {
    const issues = issuesOf(() => parseScaledObject(ARTICLE.replace('keda.sh/v1alpha1', KEDA_V1_API_VERSION)));
    const apiVersion = issues.find((issue) => issue.path === 'apiVersion');
    expect(apiVersion?.message).toMatch(/KEDA v1's API group.*write "apiVersion: keda\.sh\/v1alpha1"/);
    // One message per path: the generic "must be" is replaced, not repeated.
    expect(issues.filter((issue) => issue.path === 'apiVersion')).toHaveLength(1);
  });

  it('a v1 TriggerAuthentication is refused for its API group alone, with the fix', () => {
    const text = `apiVersion: ${KEDA_V1_API_VERSION}
kind: TriggerAuthentication
metadata: { name: auth }
spec:
  secretTargetRef:
  - parameter: password
    name: secret
    key: password
`;
    const issues = issuesOf(() => parseTriggerAuthentication(text));
    expect(issues.map((issue) => issue.path)).toEqual(['apiVersion']);
    expect(issues[0]?.message).toContain('keda.sh/v1alpha1');
  });

  it('a v1 ScaledObject for Jobs (scaleType: job) is told to become a ScaledJob', () => {
    const text = `apiVersion: ${KEDA_V1_API_VERSION}
kind: ScaledObject
metadata: { name: jobs }
spec:
  scaleType: job
  jobTargetRef:
    template: { spec: { containers: [{ name: c, image: busybox }] } }
  cooldownPeriod: 30
  triggers:
  - type: cron
    metadata: { timezone: UTC, start: "0 * * * *", end: "30 * * * *", desiredReplicas: "2" }
`;
    const issues = issuesOf(() => parseScaledObject(text));
    const scaleType = issues.find((issue) => issue.path === 'spec.scaleType');
    expect(scaleType?.message).toContain('write "kind: ScaledJob"');
    expect(issues.some((issue) => issue.path === 'spec.scaleTargetRef')).toBe(true);
  });

  it('trigger metadata of a v1 manifest is explained too: kafka brokerList → bootstrapServers', () => {
    const text = v1WithTrigger('kafka', { brokerList: 'kafka:9092', topic: 't', consumerGroup: 'g' });
    const issues = issuesOf(() => parseScaledObject(text));
    const broker = issues.find((issue) => issue.path === 'spec.triggers[0].metadata.brokerList');
    expect(broker?.message).toContain('write "bootstrapServers: kafka:9092"');
  });

  it('a v2 manifest that KEDA v2 accepts stays accepted; its ignored v1 fields are findings, not errors', () => {
    const text = `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: app, labels: { deploymentName: app } }
spec:
  scaleTargetRef: { name: app, containerName: worker }
  triggers:
  - type: azure-servicebus
    metadata: { queueName: q, queueLength: "20" }
`;
    expect(() => parseScaledObject(text)).not.toThrow();
    const findings = findKedaV1Constructs(parseAllDocuments(text)[0]!.toJSON());
    // The servicebus queueLength is ignored by v2 only in a v1 manifest's eyes: a v2 head does not make it v1.
    expect(findings.map((finding) => [finding.path, finding.refusedByV2])).toEqual([
      ['metadata.labels.deploymentName', false],
      ['spec.scaleTargetRef.containerName', false],
    ]);
    expect(findings[1]?.message).toContain('write "envSourceContainerName: worker"');
  });

  it('names no v2 release reads are findings even in a v2 manifest (kafka brokerList without bootstrapServers)', () => {
    const text = ARTICLE.replace('deploymentName', 'name').replace('bootstrapServers', 'brokerList');
    const findings = findKedaV1Constructs(parseAllDocuments(text)[0]!.toJSON());
    expect(findings).toEqual([
      expect.objectContaining({ path: 'spec.triggers[0].metadata.brokerList', refusedByV2: true }),
    ]);
  });

  it('never quotes a value that may be a secret', () => {
    const text = v1WithTrigger('redis', { address: 'REDIS_ADDRESS', password: 'hunter2 S3CRET!@x' });
    const messages = findKedaV1Constructs(parseAllDocuments(text)[0]!.toJSON()).map((finding) => finding.message);
    expect(messages.join('\n')).not.toContain('hunter2');
    expect(messages.join('\n')).toContain('write "passwordFromEnv: <value>"');
    expect(messages.join('\n')).toContain('write "addressFromEnv: REDIS_ADDRESS"');
  });
});

describe('migrateKedaV1', () => {
  it("rewrites the article's manifest so that it parses, keeping every setting", () => {
    const { text, changes, untranslated } = migrateKedaV1(ARTICLE);
    const so = parseScaledObject(text);
    expect(so.spec.scaleTargetRef).toEqual({ name: 'sample-deployment', apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(so.spec).toMatchObject({ pollingInterval: 15, cooldownPeriod: 60, minReplicaCount: 1, maxReplicaCount: 10 });
    expect(so.spec.triggers[0]?.metadata).toEqual({
      bootstrapServers: 'kafka-brokers.example.com:9092',
      topic: 'exampleTopic',
      consumerGroup: 'keda-consumer-group',
      lagThreshold: '5',
    });
    expect(changes).toEqual([{ document: 1, path: 'spec.scaleTargetRef.deploymentName', message: 'renamed to name' }]);
    expect(untranslated).toEqual([]);
  });

  it('keeps comments, key order and the sequence indentation', () => {
    const text = `# copied from an article
apiVersion: keda.k8s.io/v1alpha1 # old group
kind: ScaledObject
metadata:
  name: app
spec:
  scaleTargetRef:
    # the workload
    deploymentName: app
    containerName: worker
  maxReplicaCount: 10 # at most
  triggers:
  - type: kafka
    metadata:
      brokerList: kafka:9092 # brokers
      topic: t
`;
    const out = migrateKedaV1(text).text;
    expect(out).toBe(`# copied from an article
apiVersion: keda.sh/v1alpha1 # old group
kind: ScaledObject
metadata:
  name: app
spec:
  scaleTargetRef:
    # the workload
    name: app
    envSourceContainerName: worker
  maxReplicaCount: 10 # at most
  triggers:
  - type: kafka
    metadata:
      bootstrapServers: kafka:9092 # brokers
      topic: t
`);
  });

  it('leaves text without KEDA v1 syntax byte for byte as it was', () => {
    const v2 = ARTICLE.replace('deploymentName', 'name');
    expect(migrateKedaV1(v2)).toEqual({ text: v2, changes: [], untranslated: [] });
  });

  it('turns a v1 ScaledObject for Jobs into a ScaledJob that parses, dropping only what ScaledJob has not', () => {
    const text = `apiVersion: keda.k8s.io/v1alpha1
kind: ScaledObject
metadata:
  name: jobs
spec:
  scaleType: job
  jobTargetRef:
    parallelism: 1
    completions: 1
    activeDeadlineSeconds: 600
    backoffLimit: 6
    template:
      spec:
        containers: [{ name: c, image: busybox }]
  pollingInterval: 30
  cooldownPeriod: 300
  minReplicaCount: 0
  maxReplicaCount: 100
  triggers:
  - type: rabbitmq
    metadata:
      queueName: jobs
      host: RabbitMqHost
      queueLength: "5"
`;
    const { text: out, changes } = migrateKedaV1(text);
    const job = parseScaledJob(out);
    expect(job.kind).toBe('ScaledJob');
    expect(job.spec).toMatchObject({ pollingInterval: 30, maxReplicaCount: 100, minReplicaCount: 0 });
    expect(job.spec.jobTargetRef).toMatchObject({
      parallelism: 1,
      completions: 1,
      activeDeadlineSeconds: 600,
      backoffLimit: 6,
    });
    expect(job.spec.triggers[0]?.metadata).toEqual({
      queueName: 'jobs',
      hostFromEnv: 'RabbitMqHost',
      value: '5',
      mode: 'QueueLength',
    });
    expect(changes.map((change) => change.path)).toEqual([
      'apiVersion',
      'kind',
      'spec.scaleType',
      'spec.cooldownPeriod',
      'spec.triggers[0].metadata.host',
      'spec.triggers[0].metadata.queueLength',
      'spec.triggers[0].metadata.mode',
    ]);
    expect(out).not.toContain('scaleType');
  });

  it('scaleType: deployment is deleted, and the ScaledObject stays one', () => {
    const text = v1WithTrigger('cron', {
      timezone: 'UTC',
      start: '0 * * * *',
      end: '5 * * * *',
      desiredReplicas: '2',
    }).replace('spec:\n', 'spec:\n  scaleType: deployment\n');
    const so = parseScaledObject(migrateKedaV1(text).text);
    expect(so.kind).toBe('ScaledObject');
  });

  it('deletes the v1 deploymentName label, and the labels mapping when it was its only label', () => {
    const text = `apiVersion: keda.k8s.io/v1alpha1
kind: ScaledObject
metadata:
  name: app
  labels:
    deploymentName: app
spec:
  scaleTargetRef:
    deploymentName: app
  minReplicaCount: 1
  triggers: [{ type: cpu, metricType: Utilization, metadata: { value: "50" } }]
`;
    const out = migrateKedaV1(text).text;
    expect(out).not.toContain('labels');
    expect(parseScaledObject(out).metadata.labels).toEqual({});
  });

  it.each([
    ['sasl_plaintext', { sasl: 'plaintext' }],
    ['sasl_scram_sha256', { sasl: 'scram_sha256' }],
    ['sasl_scram_sha512', { sasl: 'scram_sha512' }],
    ['sasl_ssl', { tls: 'enable' }],
    ['sasl_ssl_plain', { sasl: 'plaintext', tls: 'enable' }],
    ['none', {}],
  ])('kafka authMode %s becomes %o', (mode, expected) => {
    const metadata = migratedMetadata(v1WithTrigger('kafka', { brokerList: 'k:9092', topic: 't', authMode: mode }));
    expect(metadata).toEqual({ bootstrapServers: 'k:9092', topic: 't', ...expected });
  });

  it('an unknown kafka authMode is kept and reported as untranslated', () => {
    const result = migrateKedaV1(v1WithTrigger('kafka', { brokerList: 'k:9092', authMode: 'kerberos' }));
    expect(result.untranslated).toEqual([
      expect.objectContaining({ path: 'spec.triggers[0].metadata.authMode', message: expect.stringContaining('sasl') }),
    ]);
    expect(result.text).toContain('authMode');
  });

  it('kafka brokerList beside bootstrapServers is deleted, not renamed over it', () => {
    const metadata = migratedMetadata(v1WithTrigger('kafka', { brokerList: 'old:9092', bootstrapServers: 'new:9092' }));
    expect(metadata).toEqual({ bootstrapServers: 'new:9092' });
  });

  it('rabbitmq apiHost as an address becomes host with protocol http; includeUnacked is dropped', () => {
    const metadata = migratedMetadata(
      v1WithTrigger('rabbitmq', {
        queueLength: '20',
        queueName: 'testqueue',
        includeUnacked: 'true',
        apiHost: 'https://guest:password@localhost:443/vhostname',
      }),
    );
    expect(metadata).toEqual({
      value: '20',
      queueName: 'testqueue',
      host: 'https://guest:password@localhost:443/vhostname',
      protocol: 'http',
      mode: 'QueueLength',
    });
  });

  it('rabbitmq apiHost naming a variable becomes hostFromEnv; includeUnacked "true" alone means http', () => {
    expect(migratedMetadata(v1WithTrigger('rabbitmq', { queueName: 'q', apiHost: 'RABBIT_API' }))).toEqual({
      queueName: 'q',
      hostFromEnv: 'RABBIT_API',
      protocol: 'http',
    });
    expect(
      migratedMetadata(v1WithTrigger('rabbitmq', { queueName: 'q', host: 'RABBIT', includeUnacked: 'true' })),
    ).toEqual({ queueName: 'q', hostFromEnv: 'RABBIT', protocol: 'http' });
  });

  it('a rabbitmq host that is an address stays host', () => {
    expect(migratedMetadata(v1WithTrigger('rabbitmq', { queueName: 'q', host: 'amqp://h:5672/' }))).toEqual({
      queueName: 'q',
      host: 'amqp://h:5672/',
    });
  });

  it('azure-servicebus queueLength becomes messageCount; connection becomes connectionFromEnv', () => {
    expect(
      migratedMetadata(v1WithTrigger('azure-servicebus', { queueName: 'q', queueLength: '7', connection: 'SB_CONN' })),
    ).toEqual({ queueName: 'q', messageCount: '7', connectionFromEnv: 'SB_CONN' });
  });

  it.each([
    ['azure-blob', 'connection'],
    ['azure-monitor', 'activeDirectoryClientPassword'],
    ['azure-queue', 'connection'],
    ['azure-eventhub', 'storageConnection'],
    ['azure-eventhub', 'connection'],
    ['aws-cloudwatch', 'awsSecretAccessKey'],
    ['aws-kinesis-stream', 'awsAccessKeyID'],
    ['aws-sqs-queue', 'awsAccessKeyID'],
    ['redis', 'address'],
    ['redis', 'host'],
    ['redis-streams', 'password'],
    ['gcp-pubsub', 'credentials'],
    ['postgresql', 'connection'],
    ['postgresql', 'password'],
    ['mysql', 'connectionString'],
    ['mysql', 'password'],
  ])('%s %s named an environment variable in v1: it becomes <key>FromEnv', (type, key) => {
    const metadata = migratedMetadata(v1WithTrigger(type, { [key]: 'SOME_VARIABLE' }), 0);
    expect(metadata[`${key}FromEnv`]).toBe('SOME_VARIABLE');
    expect(metadata).not.toHaveProperty(key);
  });

  it("v1's default variables are written out for a trigger that relied on them, unless authenticationRef may supply them", () => {
    expect(migratedMetadata(v1WithTrigger('azure-queue', { queueName: 'q' }))).toEqual({
      queueName: 'q',
      connectionFromEnv: 'AzureWebJobsStorage',
    });
    expect(migratedMetadata(v1WithTrigger('aws-sqs-queue', { queueURL: 'u' }))).toEqual({
      queueURL: 'u',
      awsAccessKeyIDFromEnv: 'AWS_ACCESS_KEY_ID',
      awsSecretAccessKeyFromEnv: 'AWS_SECRET_ACCESS_KEY',
    });
    expect(
      migratedMetadata(v1WithTrigger('aws-sqs-queue', { queueURL: 'u', awsRoleArn: 'arn:aws:iam::1:role/r' })),
    ).toEqual({
      queueURL: 'u',
      awsRoleArn: 'arn:aws:iam::1:role/r',
    });
    const withAuth = v1WithTrigger('azure-queue', { queueName: 'q' }, '    authenticationRef: { name: auth }\n');
    expect(migratedMetadata(withAuth)).toEqual({ queueName: 'q' });
  });

  it('what cannot be translated is reported: a redis port variable, external scalers, authMode in a Secret', () => {
    expect(migrateKedaV1(v1WithTrigger('redis', { address: 'R', port: 'REDIS_PORT' })).untranslated).toEqual([
      expect.objectContaining({ path: 'spec.triggers[0].metadata.port' }),
    ]);
    expect(migrateKedaV1(v1WithTrigger('external', { scalerAddress: 's:1' })).untranslated).toHaveLength(1);
    const auth = `apiVersion: keda.k8s.io/v1alpha1
kind: TriggerAuthentication
metadata: { name: kafka-auth }
spec:
  secretTargetRef:
  - { parameter: authMode, name: kafka-secrets, key: authMode }
  - { parameter: username, name: kafka-secrets, key: username }
`;
    const result = migrateKedaV1(auth);
    expect(result.untranslated).toEqual([expect.objectContaining({ path: 'spec.secretTargetRef[0]' })]);
    expect(parseTriggerAuthentication(result.text).spec.secretTargetRef).toHaveLength(2);
  });

  it('migrates every document of a stream, and each document validates afterwards', () => {
    const text = `${v1WithTrigger('kafka', { brokerList: 'k:9092', topic: 't', consumerGroup: 'g', lagThreshold: '5' })}---
apiVersion: keda.k8s.io/v1alpha1
kind: TriggerAuthentication
metadata: { name: auth }
spec:
  secretTargetRef: [{ parameter: password, name: s, key: p }]
`;
    const { text: out, changes } = migrateKedaV1(text);
    expect(new Set(changes.map((change) => change.document))).toEqual(new Set([1, 2]));
    expect(parseScaledObject(out).metadata.name).toBe('app');
    expect(parseTriggerAuthentication(out).metadata.name).toBe('auth');
  });

  it('quotes added values YAML would read as another type', () => {
    const out = migrateKedaV1(v1WithTrigger('rabbitmq', { queueName: 'q', host: 'amqp://h/', queueLength: '10' })).text;
    expect(out).toContain('mode: QueueLength');
    expect(parseScaledObject(out).spec.triggers[0]?.metadata.value).toBe('10');
  });

  it('refuses text that is not YAML with a position and without quoting it', () => {
    expect(() => migrateKedaV1('apiVersion: [unclosed\nsecret: hunter2-S3CRET')).toThrow(ScaledObjectValidationError);
    try {
      migrateKedaV1('apiVersion: [unclosed\nsecret: hunter2-S3CRET');
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('hunter2');
      expect(String((error as Error).message)).toMatch(/line \d+/);
    }
  });
});
