import { describe, expect, it } from 'vitest';
import { parseScaledJob } from './scaled-job.js';
import { parseScaledObject } from './scaled-object.js';
import { catchError } from './test-helpers.js';
import { parseTriggerAuthentication } from './trigger-authentication.js';

// What the API server and KEDA's TriggerAuthentication webhook do with a manifest, done the same way here.

const kafka = (metadata: string) => `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: orders}
spec:
  scaleTargetRef: {name: orders}
  triggers:
    - type: kafka
      metadata: ${metadata}
`;

describe('YAML that kubectl refuses', () => {
  const rows: { name: string; text: string; message: string }[] = [
    {
      name: 'an unrendered Helm template as a value (a flow mapping used as a key)',
      text: kafka('{topic: {{ .Values.topic }}}'),
      message: 'YAML syntax error at line 9, column 26: a mapping or a list is used as a key; kubectl refuses this',
    },
    {
      name: 'an unrendered template as a whole mapping',
      text: kafka('{{ .Values.metadata }}'),
      message: 'YAML syntax error at line 9, column 18: a mapping or a list is used as a key; kubectl refuses this',
    },
    {
      name: 'a list used as an explicit key',
      text: 'spec:\n  ? [a, b]\n  : c\n',
      message: 'YAML syntax error at line 2, column 5: a mapping or a list is used as a key; kubectl refuses this',
    },
    {
      name: 'an alias of a mapping used as a key',
      text: 'spec:\n  base: &base {a: 1}\n  *base : c\n',
      message: 'YAML syntax error at line 3, column 3: a mapping or a list is used as a key; kubectl refuses this',
    },
  ];
  for (const row of rows) {
    it(`refuses ${row.name}`, () => {
      const error = catchError(() => parseScaledObject(row.text));
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]?.message.startsWith(row.message), error.issues[0]?.message).toBe(true);
    });
  }

  it('accepts a quoted template, a string like any other', () => {
    expect(parseScaledObject(kafka('{topic: "{{ .Values.topic }}"}')).spec.triggers[0]?.metadata.topic).toBe(
      '{{ .Values.topic }}',
    );
  });
});

describe('null trigger metadata values', () => {
  it('are dropped, as the API server prunes nulls from a map of strings', () => {
    const parsed = parseScaledObject(kafka('{topic: orders, consumerGroup: null, lagThreshold: ~}'));
    expect(parsed.spec.triggers[0]?.metadata).toEqual({ topic: 'orders' });
  });

  it('are dropped from ScaledJob triggers too, and other non-string values are still refused', () => {
    const job = {
      kind: 'ScaledJob',
      apiVersion: 'keda.sh/v1alpha1',
      metadata: { name: 'jobs' },
      spec: { jobTargetRef: { template: {} }, triggers: [{ type: 'kafka', metadata: { topic: null, count: 3 } }] },
    };
    const error = catchError(() => parseScaledJob(job));
    expect(error.issues.map((issue) => issue.path)).toEqual(['spec.triggers[0].metadata.count']);
    job.spec.triggers[0] = { type: 'kafka', metadata: { topic: null, count: '3' } } as never;
    expect(parseScaledJob(job).spec.triggers[0]?.metadata).toEqual({ count: '3' });
  });
});

describe('TriggerAuthentication podIdentity rules of KEDA v2.21 webhook', () => {
  const rows: { name: string; identity: Record<string, unknown>; issues: [string, string][] }[] = [
    {
      name: 'azure-workload with an empty identityId',
      identity: { provider: 'azure-workload', identityId: '' },
      issues: [
        [
          'spec.podIdentity.identityId',
          'identityId of PodIdentity should not be empty. If it\'s set, identityId has to be different than ""',
        ],
      ],
    },
    {
      name: 'azure-workload with identityAuthorityHost and no identityTenantId',
      identity: { provider: 'azure-workload', identityId: 'id', identityAuthorityHost: 'https://login.example' },
      issues: [
        [
          'spec.podIdentity.identityTenantId',
          'identityTenantID of PodIdentity should not be nil or empty when identityAuthorityHost of PodIdentity is set',
        ],
      ],
    },
    {
      name: 'azure-workload with identityAuthorityHost and an empty identityTenantId',
      identity: { provider: 'azure-workload', identityAuthorityHost: 'https://login.example', identityTenantId: '' },
      issues: [
        [
          'spec.podIdentity.identityTenantId',
          'identityTenantID of PodIdentity should not be nil or empty when identityAuthorityHost of PodIdentity is set',
        ],
      ],
    },
    {
      name: 'azure-workload with an empty identityTenantId',
      identity: { provider: 'azure-workload', identityTenantId: '' },
      issues: [
        [
          'spec.podIdentity.identityTenantId',
          'identityTenantId of PodIdentity should not be empty. If it\'s set, identityTenantId has to be different than ""',
        ],
      ],
    },
    {
      name: 'aws with roleArn while the workload owns the identity',
      identity: { provider: 'aws', roleArn: 'arn:aws:iam::1:role/r', identityOwner: 'workload' },
      issues: [['spec.podIdentity.roleArn', "roleArn of PodIdentity can't be set if KEDA isn't identityOwner"]],
    },
    {
      name: 'aws with externalID and no roleArn',
      identity: { provider: 'aws', externalID: 'ext-1' },
      issues: [['spec.podIdentity.externalID', 'externalID of PodIdentity requires roleArn to be set']],
    },
    {
      name: 'aws with externalID and an empty roleArn',
      identity: { provider: 'aws', externalID: 'ext-1', roleArn: '' },
      issues: [['spec.podIdentity.externalID', 'externalID of PodIdentity requires roleArn to be set']],
    },
  ];
  for (const row of rows) {
    it(`refuses ${row.name}`, () => {
      const error = catchError(() => parseTriggerAuthentication({ podIdentity: row.identity }));
      expect(error.issues.map((issue) => [issue.path, issue.message])).toEqual(row.issues);
    });
  }

  const accepted: { name: string; identity: Record<string, unknown> }[] = [
    { name: 'azure-workload without identityId (the default identity)', identity: { provider: 'azure-workload' } },
    { name: 'azure-workload with null fields (pruned)', identity: { provider: 'azure-workload', identityId: null } },
    {
      name: 'azure-workload with authority host and tenant',
      identity: { provider: 'azure-workload', identityAuthorityHost: 'https://h', identityTenantId: 't' },
    },
    {
      name: 'aws with an empty roleArn and workload owner',
      identity: { provider: 'aws', roleArn: '', identityOwner: 'workload' },
    },
    { name: 'aws with roleArn and externalID', identity: { provider: 'aws', roleArn: 'arn:r', externalID: 'e' } },
    // The webhook checks only azure-workload and aws.
    { name: 'gcp with an empty identityId', identity: { provider: 'gcp', identityId: '' } },
    { name: 'aws-eks with externalID', identity: { provider: 'aws-eks', externalID: 'e' } },
  ];
  for (const row of accepted) {
    it(`accepts ${row.name}`, () => {
      expect(parseTriggerAuthentication({ podIdentity: row.identity }).spec.podIdentity?.provider).toBe(
        row.identity.provider,
      );
    });
  }

  it('checks only the top-level podIdentity, as the webhook does', () => {
    const spec = {
      awsSecretManager: { secrets: [{ parameter: 'p', name: 'n' }], podIdentity: { provider: 'aws', externalID: 'e' } },
    };
    expect(parseTriggerAuthentication(spec).spec.awsSecretManager).toBeDefined();
  });
});

describe('TriggerAuthentication filePath shape (a string in KEDA v2.21)', () => {
  const rows: { name: string; filePath: unknown; message: string }[] = [
    {
      name: 'a list of {parameter, path}',
      filePath: [{ parameter: 'token', path: 'tokens/api' }],
      message:
        "must be a string: the path of a JSON file of parameters, relative to the KEDA operator's --filepath-auth-root-path; got a list",
    },
    {
      name: 'an absolute path',
      filePath: '/etc/creds.json',
      message: "must be a relative path without '..' (KEDA's resolver refuses absolute paths and '..')",
    },
    {
      name: 'a path that climbs out of the root',
      filePath: 'creds/../../secret.json',
      message: "must be a relative path without '..' (KEDA's resolver refuses absolute paths and '..')",
    },
  ];
  for (const row of rows) {
    it(`refuses ${row.name}`, () => {
      const error = catchError(() =>
        parseTriggerAuthentication({
          apiVersion: 'keda.sh/v1alpha1',
          kind: 'ClusterTriggerAuthentication',
          metadata: { name: 'c' },
          spec: { filePath: row.filePath },
        }),
      );
      expect(error.issues).toEqual([{ path: 'spec.filePath', message: row.message }]);
    });
  }

  it('accepts a relative path', () => {
    expect(parseTriggerAuthentication({ filePath: 'creds/all.json' }).spec.filePath).toBe('creds/all.json');
  });
});
