import { describe, expect, it } from 'vitest';
import { parseTriggerAuthentication } from './trigger-authentication.js';
import type { TriggerAuthentication } from './types.js';

/** One row per source shape KEDA's CRD accepts; each must parse even when scalerkit cannot resolve it. */
const rows: { name: string; yaml: string; check: (auth: TriggerAuthentication) => void }[] = [
  {
    name: 'a ClusterTriggerAuthentication with a filePath (a JSON file relative to --filepath-auth-root-path)',
    yaml: 'kind: ClusterTriggerAuthentication\napiVersion: keda.sh/v1alpha1\nmetadata: {name: f}\nspec: {filePath: creds/all.json}',
    check: (auth) => expect(auth.spec.filePath).toBe('creds/all.json'),
  },
  {
    name: 'podIdentity aws with identityOwner workload',
    yaml: 'spec:\n  podIdentity:\n    provider: aws\n    identityOwner: workload\n',
    check: (auth) => expect(auth.spec.podIdentity).toEqual({ provider: 'aws', identityOwner: 'workload' }),
  },
  {
    name: 'podIdentity azure-workload with identity, tenant and authority overrides',
    yaml: `
spec:
  podIdentity:
    provider: azure-workload
    identityId: 11111111-2222-3333-4444-555555555555
    identityTenantId: 66666666-7777-8888-9999-000000000000
    identityAuthorityHost: https://login.example.test/
`,
    check: (auth) => expect(auth.spec.podIdentity?.identityTenantId).toBe('66666666-7777-8888-9999-000000000000'),
  },
  {
    name: 'podIdentity fields of newer KEDA versions are kept (externalID)',
    yaml: 'spec:\n  podIdentity:\n    provider: aws\n    roleArn: arn:aws:iam::000000000000:role/scaler\n    externalID: tenant-7\n',
    check: (auth) => expect(auth.spec.podIdentity?.externalID).toBe('tenant-7'),
  },
  {
    name: 'podIdentity providers gcp, aws-eks and none',
    yaml: 'spec: {podIdentity: {provider: aws-eks}}',
    check: (auth) => {
      expect(auth.spec.podIdentity?.provider).toBe('aws-eks');
      expect(parseTriggerAuthentication({ podIdentity: { provider: 'gcp' } }).spec.podIdentity?.provider).toBe('gcp');
      expect(parseTriggerAuthentication({ podIdentity: { provider: 'none' } }).spec.podIdentity?.provider).toBe('none');
    },
  },
  {
    name: 'only hashiCorpVault, token read from a Secret, pki secrets',
    yaml: `
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: vault-pki
spec:
  hashiCorpVault:
    address: https://vault.example.test:8200
    authentication: token
    credential:
      tokenFrom:
        secretKeyRef: {name: vault-token, key: token}
    secrets:
      - parameter: cert
        key: certificate
        path: pki/issue/scaler
        type: pki
        pkiData: {commonName: scaler.example.test, ttl: 24h}
`,
    check: (auth) => expect(auth.spec.hashiCorpVault?.authentication).toBe('token'),
  },
  {
    name: 'only hashiCorpVault with kubernetes auth through a service account name',
    yaml: `
spec:
  hashiCorpVault:
    address: http://vault:8200
    authentication: kubernetes
    role: scaler
    mount: kubernetes
    namespace: team-a
    credential: {serviceAccountName: scaler-sa}
    secrets: [{parameter: password, key: password, path: secret/data/db}]
`,
    check: (auth) => expect(auth.spec.hashiCorpVault?.role).toBe('scaler'),
  },
  {
    name: 'only azureKeyVault with workload identity and a private cloud',
    yaml: `
spec:
  azureKeyVault:
    vaultUri: https://vault.vault.example.test
    podIdentity: {provider: azure-workload, identityId: abc}
    cloud:
      type: Private
      keyVaultResourceURL: https://vault.example.test
      activeDirectoryEndpoint: https://login.example.test/
    secrets:
      - {parameter: connection, name: servicebus-connection, version: "3"}
`,
    check: (auth) => expect(auth.spec.azureKeyVault?.vaultUri).toBe('https://vault.vault.example.test'),
  },
  {
    name: 'only azureKeyVault with client credentials',
    yaml: `
spec:
  azureKeyVault:
    vaultUri: https://kv.example.test
    credentials:
      clientId: client
      tenantId: tenant
      clientSecret: {valueFrom: {secretKeyRef: {name: kv-sp, key: secret}}}
    secrets: [{parameter: connection, name: conn}]
`,
    check: (auth) => expect(Object.keys(auth.spec)).toEqual(['azureKeyVault']),
  },
  {
    name: 'only gcpSecretManager with pod identity, and with credentials',
    yaml: 'spec: {gcpSecretManager: {podIdentity: {provider: gcp}, secrets: [{parameter: creds, id: sa-json, version: latest}]}}',
    check: (auth) => {
      expect(auth.spec.gcpSecretManager?.secrets).toEqual([{ parameter: 'creds', id: 'sa-json', version: 'latest' }]);
      const withCredentials = parseTriggerAuthentication({
        gcpSecretManager: {
          secrets: [{ parameter: 'creds', id: 'sa-json' }],
          credentials: { clientSecret: { valueFrom: { secretKeyRef: { name: 'gcp-sa', key: 'json' } } } },
        },
      });
      expect(withCredentials.spec.gcpSecretManager?.credentials).toBeDefined();
    },
  },
  {
    name: 'only awsSecretManager with static credentials and a region',
    yaml: `
spec:
  awsSecretManager:
    region: eu-central-1
    credentials:
      accessKey: {valueFrom: {secretKeyRef: {name: aws, key: id}}}
      accessSecretKey: {valueFrom: {secretKeyRef: {name: aws, key: secret}}}
    secrets:
      - {parameter: password, name: prod/db, secretKey: password, versionStage: AWSCURRENT}
`,
    check: (auth) => expect(auth.spec.awsSecretManager?.region).toBe('eu-central-1'),
  },
  {
    name: 'awsParameterStore, akeyless, oauth2 and boundServiceAccountToken (newer sources) are kept',
    yaml: `
spec:
  awsParameterStore:
    podIdentity: {provider: aws}
    parameters: [{parameter: token, name: /scaler/token, withDecryption: true}]
  akeyless:
    accessId: p-abcdefghijkl
    secrets: [{parameter: token, path: /scaler/token}]
  oauth2:
    type: clientCredentials
    clientId: scaler
    tokenUrl: https://idp.example.test/token
  boundServiceAccountToken:
    - {parameter: bearerToken, serviceAccountName: metrics-reader}
`,
    check: (auth) =>
      expect(Object.keys(auth.spec).sort()).toEqual([
        'akeyless',
        'awsParameterStore',
        'boundServiceAccountToken',
        'oauth2',
      ]),
  },
  {
    name: 'empty strings in target references (the CRD sets no minimum length)',
    yaml: 'spec: {secretTargetRef: [{parameter: "", name: "", key: ""}], env: [{parameter: p, name: ""}]}',
    check: (auth) => expect(auth.spec.secretTargetRef).toEqual([{ parameter: '', name: '', key: '' }]),
  },
];

describe('parseTriggerAuthentication: every source shape of KEDA parses', () => {
  for (const row of rows) {
    it(`parses ${row.name}`, () => {
      const auth = parseTriggerAuthentication(row.yaml);
      row.check(auth);
      expect(parseTriggerAuthentication(auth)).toEqual(auth);
    });
  }
});
