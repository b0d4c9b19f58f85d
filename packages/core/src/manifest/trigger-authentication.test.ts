import { describe, expect, it } from 'vitest';
import { catchError } from './test-helpers.js';
import { parseTriggerAuthentication } from './trigger-authentication.js';

const secretYaml = `
apiVersion: v1
kind: Secret
metadata:
  name: keda-kafka-secrets
  namespace: default
data:
  sasl: "plaintext"
---
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: keda-trigger-auth-kafka-credential
  namespace: default
spec:
  secretTargetRef:
  - parameter: sasl
    name: keda-kafka-secrets
    key: sasl
  - parameter: username
    name: keda-kafka-secrets
    key: username
`;

const envYaml = `
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: keda-trigger-auth-rabbitmq-conn
spec:
  env:
  - parameter: host
    name: RABBITMQ_HOST
    containerName: consumer
  configMapTargetRef:
  - parameter: vhostName
    name: rabbitmq-config
    key: vhost
`;

const podIdentityYaml = `
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: keda-trigger-auth-aws-role
spec:
  podIdentity:
    provider: aws
    roleArn: arn:aws:iam::123456789012:role/keda-sqs
`;

const clusterYaml = `
apiVersion: keda.sh/v1alpha1
kind: ClusterTriggerAuthentication
metadata:
  name: keda-trigger-auth-azure-servicebus
spec:
  podIdentity:
    provider: azure-workload
    identityId: 00000000-0000-0000-0000-000000000000
  secretTargetRef:
  - parameter: connection
    name: servicebus-secret
    key: connection-string
`;

describe('parseTriggerAuthentication', () => {
  it('parses secretTargetRef from a stream that also holds a Secret', () => {
    expect(parseTriggerAuthentication(secretYaml)).toEqual({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication',
      metadata: { name: 'keda-trigger-auth-kafka-credential', namespace: 'default', labels: {}, annotations: {} },
      spec: {
        secretTargetRef: [
          { parameter: 'sasl', name: 'keda-kafka-secrets', key: 'sasl' },
          { parameter: 'username', name: 'keda-kafka-secrets', key: 'username' },
        ],
      },
    });
  });

  it('parses env and configMapTargetRef', () => {
    expect(parseTriggerAuthentication(envYaml).spec).toEqual({
      env: [{ parameter: 'host', name: 'RABBITMQ_HOST', containerName: 'consumer' }],
      configMapTargetRef: [{ parameter: 'vhostName', name: 'rabbitmq-config', key: 'vhost' }],
    });
  });

  it('parses podIdentity, keeping provider-specific fields', () => {
    expect(parseTriggerAuthentication(podIdentityYaml).spec.podIdentity).toEqual({
      provider: 'aws',
      roleArn: 'arn:aws:iam::123456789012:role/keda-sqs',
    });
  });

  it('parses a ClusterTriggerAuthentication', () => {
    const auth = parseTriggerAuthentication(clusterYaml);
    expect(auth.kind).toBe('ClusterTriggerAuthentication');
    expect(auth.spec.podIdentity?.provider).toBe('azure-workload');
  });

  it('keeps the sources scalerkit does not resolve', () => {
    const auth = parseTriggerAuthentication({
      hashiCorpVault: {
        address: 'https://vault:8200',
        authentication: 'token',
        credential: { token: 't' },
        secrets: [],
      },
      filePath: 'creds/all.json',
      boundServiceAccountToken: [{ parameter: 'token', serviceAccountName: 'sa' }],
    });
    expect(Object.keys(auth.spec).sort()).toEqual(['boundServiceAccountToken', 'filePath', 'hashiCorpVault']);
    expect(auth.metadata.name).toBe('unnamed');
    expect(auth.kind).toBe('TriggerAuthentication');
  });

  it('parses its own output to the same result', () => {
    for (const yaml of [secretYaml, envYaml, podIdentityYaml, clusterYaml]) {
      const once = parseTriggerAuthentication(yaml);
      expect(parseTriggerAuthentication(once)).toEqual(once);
    }
  });

  it('parses JSON text', () => {
    const json = JSON.stringify({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ClusterTriggerAuthentication',
      metadata: { name: 'c' },
      spec: { env: [{ parameter: 'p', name: 'N' }] },
    });
    expect(parseTriggerAuthentication(json).spec.env).toEqual([{ parameter: 'p', name: 'N' }]);
  });

  const rows: [string, unknown, string, string][] = [
    [
      'kind is a TriggerAuthentication kind',
      { apiVersion: 'keda.sh/v1alpha1', kind: 'Secret', metadata: { name: 'a' }, spec: {} },
      'kind',
      'must be "TriggerAuthentication" or "ClusterTriggerAuthentication"; got "Secret"',
    ],
    [
      'apiVersion is keda.sh/v1alpha1',
      { apiVersion: 'v1', kind: 'TriggerAuthentication', metadata: { name: 'a' }, spec: {} },
      'apiVersion',
      'must be "keda.sh/v1alpha1"',
    ],
    [
      'podIdentity.provider is required',
      { podIdentity: { identityId: 'x' } },
      'spec.podIdentity.provider',
      'is required; expected a string',
    ],
    [
      'secretTargetRef key is required',
      { secretTargetRef: [{ parameter: 'p', name: 'n' }] },
      'spec.secretTargetRef[0].key',
      'is required',
    ],
    ['secretTargetRef is a list', { secretTargetRef: { parameter: 'p' } }, 'spec.secretTargetRef', 'must be a list'],
    [
      'configMapTargetRef parameter is a string',
      { configMapTargetRef: [{ parameter: 7, name: 'n', key: 'k' }] },
      'spec.configMapTargetRef[0].parameter',
      'must be a string; got a number',
    ],
    ['env name is required', { env: [{ parameter: 'p' }] }, 'spec.env[0].name', 'is required'],
    ['filePath is a string', { filePath: 5 }, 'spec.filePath', 'must be a string: the path of a JSON file'],
    ['filePath is not a list', { filePath: [{ parameter: 'apiKey' }] }, 'spec.filePath', 'got a list'],
    [
      'podIdentity.provider is one of the CRD enum (removed providers named)',
      { podIdentity: { provider: 'azure' } },
      'spec.podIdentity.provider',
      'must be one of: azure-workload, gcp, aws, aws-eks, none (KEDA removed "azure" and "aws-kiam" in 2.15',
    ],
    [
      'podIdentity.identityOwner is keda or workload',
      { podIdentity: { provider: 'aws', identityOwner: 'operator' } },
      'spec.podIdentity.identityOwner',
      'must be one of: keda, workload',
    ],
    [
      'podIdentity.roleArn is a string',
      { podIdentity: { provider: 'aws', roleArn: 12 } },
      'spec.podIdentity.roleArn',
      'must be a string; got a number',
    ],
    [
      'hashiCorpVault.address is required',
      { hashiCorpVault: { authentication: 'token', secrets: [] } },
      'spec.hashiCorpVault.address',
      'is required',
    ],
    [
      'hashiCorpVault secrets need a path',
      { hashiCorpVault: { address: 'a', authentication: 'token', secrets: [{ parameter: 'p', key: 'k' }] } },
      'spec.hashiCorpVault.secrets[0].path',
      'is required',
    ],
    [
      'azureKeyVault.vaultUri is required',
      { azureKeyVault: { secrets: [{ parameter: 'p', name: 'n' }] } },
      'spec.azureKeyVault.vaultUri',
      'is required',
    ],
    [
      'azureKeyVault.podIdentity.provider is one of the CRD enum',
      { azureKeyVault: { vaultUri: 'u', secrets: [], podIdentity: { provider: 'azure-pod' } } },
      'spec.azureKeyVault.podIdentity.provider',
      'must be one of: azure-workload',
    ],
    [
      'azureKeyVault credentials need the secret key of clientSecret',
      {
        azureKeyVault: {
          vaultUri: 'u',
          secrets: [],
          credentials: { clientId: 'c', tenantId: 't', clientSecret: { valueFrom: { secretKeyRef: { name: 's' } } } },
        },
      },
      'spec.azureKeyVault.credentials.clientSecret.valueFrom.secretKeyRef.key',
      'is required',
    ],
    [
      'azureKeyVault.cloud.type is required',
      { azureKeyVault: { vaultUri: 'u', secrets: [], cloud: { keyVaultResourceURL: 'r' } } },
      'spec.azureKeyVault.cloud.type',
      'is required',
    ],
    [
      'gcpSecretManager.secrets is required',
      { gcpSecretManager: { podIdentity: { provider: 'gcp' } } },
      'spec.gcpSecretManager.secrets',
      'is required',
    ],
    [
      'awsSecretManager credentials need accessSecretKey',
      {
        awsSecretManager: {
          secrets: [{ parameter: 'p', name: 'n' }],
          credentials: { accessKey: { valueFrom: { secretKeyRef: { name: 's', key: 'id' } } } },
        },
      },
      'spec.awsSecretManager.credentials.accessSecretKey',
      'is required',
    ],
    [
      'boundServiceAccountToken entries need serviceAccountName',
      { boundServiceAccountToken: [{ parameter: 'token' }] },
      'spec.boundServiceAccountToken[0].serviceAccountName',
      'is required',
    ],
    ['hashiCorpVault is a mapping', { hashiCorpVault: 'vault' }, 'spec.hashiCorpVault', 'must be a mapping'],
  ];
  for (const [rule, input, path, message] of rows) {
    it(`refuses: ${rule}`, () => {
      const error = catchError(() => parseTriggerAuthentication(input));
      expect(error.issues.map((issue) => issue.path)).toEqual([path]);
      expect(error.issues[0]?.message).toContain(message);
    });
  }

  it('names the kind in the error message', () => {
    const error = catchError(() =>
      parseTriggerAuthentication({
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ClusterTriggerAuthentication',
        metadata: { name: 'c' },
        spec: { env: 1 },
      }),
    );
    expect(error.message.startsWith('invalid ClusterTriggerAuthentication: spec.env: ')).toBe(true);
  });
});
